//! `/staff/plan?year=`: the year's plan for staff — upload a spreadsheet as a draft, see the draft
//! beside the published plan, and publish it (coordinators and admins).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::components::page_title::PageTitle;
use crate::current_lang;
use crate::error::AppError;
use crate::pages::errors::loaded;
use crate::pages::mark_private;
use crate::pages::plan::PlanTable;
use domain::PlanProgress;
use domain::i18n::Lang;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StaffPlanData {
    pub year: i32,
    pub draft: PlanProgress,
    pub published: PlanProgress,
    pub notice: Option<String>,
    /// Why the last upload changed nothing, line by line.
    pub error: Option<String>,
}

#[server(prefix = "/sf", endpoint = "staff_plan")]
pub async fn get_staff_plan(year: Option<i32>) -> Result<StaffPlanData, AppError> {
    let year = year.unwrap_or_else(|| domain::format::today().year());
    let staff = crate::pages::require_staff()?;
    if !domain::staff::may_manage_campaigns(&staff) {
        return Err(AppError::Forbidden);
    }
    let portal = crate::pages::portal()?;
    let flash = crate::pages::flash().unwrap_or_default();
    Ok(StaffPlanData {
        year,
        draft: portal.plan_progress(year, "draft").await?,
        published: portal.plan_progress(year, "published").await?,
        notice: flash.notice,
        error: flash.fields.get("error").cloned(),
    })
}

#[component]
pub fn StaffPlanPage() -> impl IntoView {
    mark_private();
    let lang = current_lang();
    let t = lang.t();
    let year = crate::pages::year_in_query();
    view! {
        <p class="breadcrumb"><a href="/staff">{"← "} {t.staff_home_title}</a></p>
        {loaded(None, move || get_staff_plan(year), move |data| {
            let year = data.year;
            view! {
                <PageTitle text=format!("{} {year} · {}", t.plan_title, t.portal_name)/>
                <h1>{t.plan_title} " " {year}</h1>
                <StaffPlan lang data/>
            }
        })}
    }
}

#[component]
fn StaffPlan(lang: Lang, data: StaffPlanData) -> impl IntoView {
    let t = lang.t();
    let notice = data.notice.as_deref().and_then(|c| lang.done(c));
    let year = data.year;
    view! {
        {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
        {data.error.map(|e| view! { <pre class="form-error plan-problems" role="alert">{e}</pre> })}
        <form method="post" action="/staff/plan" enctype="multipart/form-data" class="stacked staff-card">
            <input type="hidden" name="year" value=year.to_string()/>
            <label for="plan-file">{t.plan_upload}</label>
            <input id="plan-file" name="plan" type="file" accept=".csv,.xlsx" required/>
            <p class="hint">{t.plan_upload_hint}</p>
            <button type="submit" class="button">{t.plan_upload_submit}</button>
        </form>
        {data.draft.published.then(|| view! {
            <section class="staff-card plan-draft" aria-labelledby="plan-draft-heading">
                <h2 id="plan-draft-heading">{t.plan_draft}</h2>
                <PlanTable lang lines=data.draft.lines.clone()/>
                <form method="post" action=format!("/staff/plan/{year}/publish")>
                    <button type="submit" class="button">{t.plan_publish}</button>
                </form>
            </section>
        })}
        <section aria-labelledby="plan-published-heading">
            <h2 id="plan-published-heading">{t.plan_published}</h2>
            {if data.published.published {
                view! { <PlanTable lang lines=data.published.lines/> }.into_any()
            } else {
                view! { <p class="empty">{t.plan_none}</p> }.into_any()
            }}
        </section>
    }
}
