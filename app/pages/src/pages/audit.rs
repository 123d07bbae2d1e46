//! `/staff/audit`: the append-only record of every staff action, for admins and coordinators.

use crate::components::page_title::PageTitle;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::current_lang;
use crate::error::AppError;
use crate::pages::errors::ErrorNotice;
use crate::pages::mark_private;
use domain::Paged;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AuditLine {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct AuditFilter {
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub action: Option<String>,
    pub page: u32,
}

#[cfg(feature = "ssr")]
const PER_PAGE: u32 = 50;

#[server(prefix = "/sf", endpoint = "audit")]
pub async fn get_audit(filter: AuditFilter) -> Result<Paged<AuditLine>, AppError> {
    let staff = crate::pages::require_staff()?;
    let portal = crate::pages::portal()?;
    let page = filter.page.max(1);
    let query = portal::store::AuditQuery {
        entity: filter.entity.filter(|s| !s.is_empty()),
        entity_id: filter.entity_id.filter(|s| !s.is_empty()),
        action: filter.action.filter(|s| !s.is_empty()),
        actor_id: None,
        limit: i64::from(PER_PAGE),
        offset: i64::from(page - 1) * i64::from(PER_PAGE),
    };
    let (entries, total) = portal.audit_trail(&staff, &query).await?;
    let lang = crate::current_lang();
    let mut items = Vec::with_capacity(entries.len());
    for e in entries {
        items.push(AuditLine {
            at: domain::format::moment(e.at),
            actor: super::staff_needs::actor_label(&portal, e.actor_id, lang).await?,
            action: e.action,
            entity: e.entity,
            entity_id: e.entity_id,
            before: e.before,
            after: e.after,
        });
    }
    Ok(Paged { items, page, per_page: PER_PAGE, total })
}

#[component]
pub fn AuditPage() -> impl IntoView {
    mark_private();
    let lang = current_lang();
    let t = lang.t();
    let query = use_query_map().get_untracked();
    let filter = AuditFilter {
        entity: query.get("entity"),
        entity_id: query.get("record"),
        action: query.get("action"),
        page: query.get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
    };
    let entity = filter.entity.clone().unwrap_or_default();
    let record = filter.entity_id.clone().unwrap_or_default();
    view! {
        <PageTitle text=format!("{} · {}", t.audit_title, t.portal_name)/>
        <p class="breadcrumb"><a href="/staff">{"← "} {t.staff_home_title}</a></p>
        <h1>{t.audit_title}</h1>
        <p class="lead">{t.audit_intro}</p>
        <form method="get" action="/staff/audit" class="filters">
            <div class="filter-row">
                <label>
                    <span>{t.audit_filter_record}</span>
                    <select name="entity">
                        <option value="">{t.choose}</option>
                        <option value="need" selected=entity == "need">{t.staff_nav_needs}</option>
                        <option value="staff" selected=entity == "staff">{t.staff_role}</option>
                    </select>
                </label>
                <label>
                    <span>{t.audit_record}</span>
                    <input name="record" type="text" value=record inputmode="numeric"/>
                </label>
                <div class="filter-actions">
                    <button type="submit">{t.filter_apply}</button>
                    <a href="/staff/audit">{t.filter_clear}</a>
                </div>
            </div>
        </form>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {
                let filter = filter.clone();
                move || {
                    let filter = filter.clone();
                    Suspend::new(async move {
                        match get_audit(filter).await {
                            Err(error) => view! { <ErrorNotice error/> }.into_any(),
                            Ok(list) if list.items.is_empty() => view! { <p class="empty">{t.audit_empty}</p> }.into_any(),
                            Ok(list) => {
                                view! {
                                    <table class="data-table audit">
                                        <thead>
                                            <tr>
                                                <th scope="col">{t.audit_when}</th>
                                                <th scope="col">{t.audit_who}</th>
                                                <th scope="col">{t.audit_action}</th>
                                                <th scope="col">{t.audit_record}</th>
                                                <th scope="col">{t.audit_before}</th>
                                                <th scope="col">{t.audit_after}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {list
                                                .items
                                                .into_iter()
                                                .map(|line| {
                                                    view! {
                                                        <tr>
                                                            <td>{line.at}</td>
                                                            <td>{line.actor}</td>
                                                            <td class="audit-action">{line.action}</td>
                                                            <td>{format!("{} #{}", line.entity, line.entity_id)}</td>
                                                            <td><code>{line.before.unwrap_or_default()}</code></td>
                                                            <td><code>{line.after.unwrap_or_default()}</code></td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                }
                                    .into_any()
                            }
                        }
                    })
                }
            }
        </Suspense>
    }
}
