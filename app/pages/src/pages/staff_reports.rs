//! `/staff/reports`: the yearly report for the province and the ministry, to download as XLSX or CSV.

use crate::components::page_title::PageTitle;
use leptos::prelude::*;

use crate::current_lang;
use crate::error::AppError;
use crate::pages::errors::ErrorNotice;
use crate::pages::mark_private;
use domain::LedgerTotals;
use domain::format::vnd;

#[server(prefix = "/sf", endpoint = "staff_reports")]
pub async fn get_report_years() -> Result<Vec<(i32, LedgerTotals)>, AppError> {
    let staff = crate::pages::require_staff()?;
    if !domain::staff::may_manage_pledges(&staff) {
        return Err(AppError::Forbidden);
    }
    let portal = crate::pages::portal()?;
    let this_year = domain::format::today().year();
    let mut years = portal.ledger_breakdown(this_year).await?.years;
    if !years.contains(&this_year) {
        years.insert(0, this_year);
    }
    let mut out = Vec::new();
    for year in years {
        out.push((year, portal.ledger_totals(Some(year)).await?));
    }
    Ok(out)
}

#[component]
pub fn StaffReportsPage() -> impl IntoView {
    mark_private();
    let lang = current_lang();
    let t = lang.t();
    view! {
        <PageTitle text=format!("{} · {}", t.reports_title, t.portal_name)/>
        <p class="breadcrumb"><a href="/staff">{"← "} {t.staff_home_title}</a></p>
        <h1>{t.reports_title}</h1>
        <p class="lead">{t.reports_intro}</p>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match get_report_years().await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(years) => view! {
                        <table class="staff-table reports">
                            <thead><tr>
                                <th scope="col">{t.transparency_year}</th>
                                <th scope="col">{t.totals_confirmed}</th>
                                <th scope="col">{t.totals_children_reached}</th>
                                <th scope="col">{t.totals_donors}</th>
                                <th scope="col">{t.reports_download}</th>
                            </tr></thead>
                            <tbody>
                                {years.into_iter().map(|(year, totals)| view! {
                                    <tr>
                                        <td>{year}</td>
                                        <td>{vnd(totals.confirmed)}</td>
                                        <td>{totals.children_reached}</td>
                                        <td>{totals.donors}</td>
                                        <td>
                                            <a href=format!("/staff/reports/bao-cao-{year}.xlsx")>"XLSX"</a>
                                            " · "
                                            <a href=format!("/staff/reports/bao-cao-{year}.csv")>"CSV"</a>
                                        </td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }
                        .into_any(),
                }
            })}
        </Suspense>
    }
}
