//! `/staff/partner-plans?year=`: for the department, every member organisation's mobilisation plan
//! beside the results the portal counted for it, and the report it submitted.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::components::page_title::PageTitle;
use crate::current_lang;
use crate::error::AppError;
use crate::pages::errors::loaded;
use crate::pages::mark_private;
use crate::pages::partner_plan::PartnerProgress;
use domain::PartnerYear;
use domain::format::moment;
use domain::i18n::Lang;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PartnerPlansData {
    pub year: i32,
    pub partners: Vec<PartnerYear>,
}

#[server(prefix = "/sf", endpoint = "partner_plans")]
pub async fn get_partner_plans(year: Option<i32>) -> Result<PartnerPlansData, AppError> {
    let year = year.unwrap_or_else(|| domain::format::today().year());
    let staff = crate::pages::require_staff()?;
    let portal = crate::pages::portal()?;
    Ok(PartnerPlansData { year, partners: portal.partner_years(&staff, year).await? })
}

#[component]
pub fn PartnerPlansPage() -> impl IntoView {
    mark_private();
    let lang = current_lang();
    let t = lang.t();
    let year = crate::pages::year_in_query();
    view! {
        <p class="breadcrumb"><a href="/staff">{"← "} {t.staff_home_title}</a></p>
        {loaded(None, move || get_partner_plans(year), move |data| {
            let year = data.year;
            view! {
                <PageTitle text=format!("{} {year} · {}", t.partner_plans_title, t.portal_name)/>
                <h1>{t.partner_plans_title} " " {year}</h1>
                <p class="lead">{t.partner_plans_intro}</p>
                <nav class="year-nav" aria-label=t.partner_plans_title>
                    <a href=format!("/staff/partner-plans?year={}", year - 1)>{year - 1}</a>
                    " · "
                    <a href=format!("/staff/partner-plans?year={}", year + 1)>{year + 1}</a>
                </nav>
                <PartnerList lang partners=data.partners/>
            }
        })}
    }
}

#[component]
fn PartnerList(lang: Lang, partners: Vec<PartnerYear>) -> impl IntoView {
    let t = lang.t();
    if partners.is_empty() {
        return view! { <p class="empty">{t.partner_plans_none}</p> }.into_any();
    }
    view! {
        <ul class="partner-plans">
            {partners.into_iter().map(|partner| {
                let status = match (&partner.plan, &partner.report) {
                    (None, _) => t.partner_no_plan.to_owned(),
                    (Some(_), None) => t.partner_not_submitted.to_owned(),
                    (Some(_), Some(r)) => format!("{} {}", t.partner_report_submitted, moment(r.submitted_at)),
                };
                let activities = partner.plan.as_ref().map(|p| p.activities.clone());
                let report = partner.report.as_ref().map(|r| r.text.clone());
                view! {
                    <li class="staff-card partner-plan">
                        <h2><a href=format!("/network/{}", partner.member_slug)>{partner.member_name.clone()}</a></h2>
                        <p class="partner-status">{status}</p>
                        <PartnerProgress lang partner=partner.clone()/>
                        {activities.map(|a| view! {
                            <h3>{t.partner_activities}</h3>
                            <p class="report-text">{a}</p>
                        })}
                        {report.map(|r| view! {
                            <h3>{t.partner_report}</h3>
                            <p class="report-text">{r}</p>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
