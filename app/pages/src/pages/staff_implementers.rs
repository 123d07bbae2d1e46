//! `/staff/implementers`: school by school and commune by commune, what was confirmed for each
//! implementer's needs, what was transferred to it and what it reported handed over — the ones
//! promised money and not yet paid first.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::components::page_title::PageTitle;
use crate::current_lang;
use crate::error::AppError;
use crate::pages::errors::loaded;
use crate::pages::mark_private;
use domain::format::vnd;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ImplementerRow {
    pub name: String,
    pub commune: String,
    pub confirmed: i64,
    pub transferred: i64,
    pub handed_over: i64,
}

#[server(prefix = "/sf", endpoint = "staff_implementers")]
pub async fn get_implementers() -> Result<Vec<ImplementerRow>, AppError> {
    let staff = crate::pages::require_staff()?;
    let portal = crate::pages::portal()?;
    Ok(portal
        .implementer_balances(&staff, crate::current_lang())
        .await?
        .into_iter()
        .map(|l| ImplementerRow {
            name: l.name,
            commune: l.commune,
            confirmed: l.confirmed,
            transferred: l.transferred,
            handed_over: l.handed_over,
        })
        .collect())
}

#[component]
pub fn ImplementersPage() -> impl IntoView {
    mark_private();
    let t = current_lang().t();
    view! {
        <PageTitle text=format!("{} · {}", t.implementers_title, t.portal_name)/>
        <p class="breadcrumb"><a href="/staff">{"← "} {t.staff_home_title}</a></p>
        <h1>{t.implementers_title}</h1>
        <p class="lead">{t.implementers_intro}</p>
        {loaded(
            None,
            get_implementers,
            move |rows: Vec<ImplementerRow>| {
                if rows.is_empty() {
                    return view! { <p class="empty">{t.implementers_empty}</p> }.into_any();
                }
                view! {
                    <table class="data-table staff-table implementers">
                        <thead><tr>
                            <th scope="col">{t.implementers_col_name}</th>
                            <th scope="col">{t.implementers_col_commune}</th>
                            <th scope="col" class="num">{t.implementers_col_confirmed}</th>
                            <th scope="col" class="num">{t.implementers_col_transferred}</th>
                            <th scope="col" class="num">{t.implementers_col_owed}</th>
                            <th scope="col" class="num">{t.implementers_col_handed_over}</th>
                        </tr></thead>
                        <tbody>
                            {rows.into_iter().map(|r| {
                                let owed = r.confirmed > r.transferred;
                                view! {
                                <tr class:owed=owed>
                                    <td class="implementer-name">{r.name}</td>
                                    <td>{r.commune}</td>
                                    <td class="num">{vnd(r.confirmed)}</td>
                                    <td class="num implementer-transferred">{vnd(r.transferred)}</td>
                                    <td class="num implementer-owed">{vnd((r.confirmed - r.transferred).max(0))}</td>
                                    <td class="num">{vnd(r.handed_over)}</td>
                                </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }
                .into_any()
            },
        )}
    }
}
