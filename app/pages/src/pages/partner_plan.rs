//! `/staff/partner-plan?year=`: a partner organisation's own year — its mobilisation plan, the
//! results the portal counted for it, and the report it submits to the department (then locked).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::components::page_title::PageTitle;
use crate::components::text_area::text_area;
use crate::current_lang;
use crate::error::AppError;
use crate::pages::errors::loaded;
use crate::pages::mark_private;
use domain::format::{group_digits, moment, vnd};
use domain::i18n::Lang;
use domain::{FieldProblem, PartnerYear, percent_of};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PartnerPlanData {
    pub partner: PartnerYear,
    pub notice: Option<String>,
    pub problems: std::collections::BTreeMap<String, FieldProblem>,
    /// What was typed when it came back with problems.
    pub typed: std::collections::BTreeMap<String, String>,
}

#[server(prefix = "/sf", endpoint = "partner_plan")]
pub async fn get_partner_plan(year: Option<i32>) -> Result<PartnerPlanData, AppError> {
    let year = year.unwrap_or_else(|| domain::format::today().year());
    let staff = crate::pages::require_staff()?;
    let portal = crate::pages::portal()?;
    let partner = portal.partner_year(&staff, year).await?;
    let flash = crate::pages::flash().unwrap_or_default();
    Ok(PartnerPlanData { partner, notice: flash.notice, problems: flash.problems, typed: flash.fields })
}

#[component]
pub fn PartnerPlanPage() -> impl IntoView {
    mark_private();
    let lang = current_lang();
    let t = lang.t();
    let year = crate::pages::year_in_query();
    view! {
        <p class="breadcrumb"><a href="/staff">{"← "} {t.staff_home_title}</a></p>
        {loaded(None, move || get_partner_plan(year), move |data| {
            let year = data.partner.year;
            view! {
                <PageTitle text=format!("{} {year} · {}", t.partner_plan_title, t.portal_name)/>
                <h1>{t.partner_plan_title} " " {year}</h1>
                <p class="lead">{t.partner_plan_intro}</p>
                <p>{t.partner_organisation}": "<strong>{data.partner.member_name.clone()}</strong></p>
                <PartnerPlan lang data/>
            }
        })}
    }
}

#[component]
fn PartnerPlan(lang: Lang, data: PartnerPlanData) -> impl IntoView {
    let t = lang.t();
    let notice = data.notice.as_deref().and_then(|c| lang.done(c));
    let partner = data.partner;
    let year = partner.year;
    let problems = data.problems;
    let problem = |k: &str| problems.get(k).map(|p| lang.field_problem(*p));
    let plan = partner.plan.clone().unwrap_or_default();
    let typed = |k: &str, planned: String| {
        data.typed.get(k).cloned().unwrap_or(if partner.plan.is_some() { planned } else { String::new() })
    };
    let number = |name: &'static str, label: &'static str, value: String, mode: &'static str| {
        let error = problem(name);
        view! {
            <label for=name>{label}</label>
            <input id=name name=name type="text" inputmode=mode value=value aria-invalid=error.map(|_| "true")/>
            {error.map(|m| view! { <p class="field-error">{m}</p> })}
        }
    };
    let activities_error = problem("activities");
    let report_error = problem("report");
    view! {
        {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
        <PartnerProgress lang partner=partner.clone()/>
        {if let Some(report) = partner.report.clone() {
            view! {
                <section class="staff-card" aria-labelledby="report-heading">
                    <h2 id="report-heading">{t.partner_report_heading}</h2>
                    <p class="notice" role="status">{t.partner_report_locked}</p>
                    <p>{t.partner_report_submitted}" "{moment(report.submitted_at)}</p>
                    <p class="report-text">{report.text}</p>
                </section>
            }.into_any()
        } else {
            view! {
                <form method="post" action="/staff/partner-plan" class="stacked staff-card">
                    <input type="hidden" name="year" value=year.to_string()/>
                    {number("donors", t.partner_target_donors, typed("donors", plan.donors.to_string()), "numeric")}
                    {number("amount", t.partner_target_amount, typed("amount", group_digits(plan.amount)), "decimal")}
                    {number("children_count", t.partner_target_children, typed("children_count", plan.children.to_string()), "numeric")}
                    <label for="activities">{t.partner_activities}</label>
                    <textarea id="activities" name="activities" rows="5" maxlength="2000" aria-describedby="activities-hint"
                        aria-invalid=activities_error.map(|_| "true")>{text_area(&typed("activities", plan.activities.clone()))}</textarea>
                    <p class="hint" id="activities-hint">{t.partner_activities_hint}</p>
                    {activities_error.map(|m| view! { <p class="field-error">{m}</p> })}
                    <button type="submit" class="button">{t.partner_plan_save}</button>
                </form>
                <section class="staff-card" aria-labelledby="report-heading">
                    <h2 id="report-heading">{t.partner_report_heading}</h2>
                    {if partner.plan.is_some() {
                        view! {
                            <form method="post" action="/staff/partner-plan/report" class="stacked">
                                <input type="hidden" name="year" value=year.to_string()/>
                                <label for="report">{t.partner_report_label}</label>
                                <textarea id="report" name="report" rows="6" maxlength="4000" aria-describedby="report-hint"
                                    aria-invalid=report_error.map(|_| "true")>{text_area(data.typed.get("report").map_or("", String::as_str))}</textarea>
                                <p class="hint" id="report-hint">{t.partner_report_hint}</p>
                                {report_error.map(|m| view! { <p class="field-error">{m}</p> })}
                                <button type="submit" class="button">{t.partner_report_submit}</button>
                            </form>
                        }.into_any()
                    } else {
                        view! { <p class="empty">{t.partner_report_needs_plan}</p> }.into_any()
                    }}
                </section>
            }.into_any()
        }}
    }
}

/// An organisation's plan beside what the portal counted, and the figures its report carried.
#[component]
pub fn PartnerProgress(lang: Lang, partner: PartnerYear) -> impl IntoView {
    let t = lang.t();
    let plan = partner.plan.clone();
    let r = partner.results;
    let row = move |label: &'static str, planned: Option<i64>, achieved: i64, money: bool| {
        let show = move |n: i64| if money { vnd(n) } else { n.to_string() };
        let share = planned.and_then(|p| percent_of(achieved, p)).map(|p| format!("{p}%"));
        view! {
            <tr>
                <th scope="row">{label}</th>
                <td class="num">{planned.map(show)}</td>
                <td class="num">{show(achieved)}</td>
                <td class="num">{share}</td>
            </tr>
        }
    };
    let planned = |f: fn(&domain::PartnerTargets) -> i64| plan.as_ref().map(f);
    view! {
        <section aria-labelledby=format!("results-{}", partner.member_slug)>
            <h2 id=format!("results-{}", partner.member_slug)>{t.partner_results_heading}</h2>
            <div class="table-scroll">
                <table class="staff-table partner-results">
                    <thead><tr>
                        <td></td>
                        <th scope="col" class="num">{t.partner_planned}</th>
                        <th scope="col" class="num">{t.partner_achieved}</th>
                        <th scope="col" class="num">{t.partner_share}</th>
                    </tr></thead>
                    <tbody>
                        {row(t.partner_donors, planned(|p| p.donors), r.donors, false)}
                        {row(t.plan_pledged, None, r.pledged, true)}
                        {row(t.plan_confirmed, planned(|p| p.amount), r.confirmed, true)}
                        {row(t.plan_delivered, None, r.delivered, true)}
                        {row(t.plan_children, planned(|p| p.children), r.children, false)}
                    </tbody>
                </table>
            </div>
            {partner.report.map(|report| {
                let f = report.results;
                view! {
                    <p class="hint">{t.partner_report_figures}" ("{moment(report.submitted_at)}"): "
                        {format!("{} {}, {} {}, {} {}, {} {}",
                            t.partner_donors, f.donors, t.plan_confirmed, vnd(f.confirmed),
                            t.plan_delivered, vnd(f.delivered), t.plan_children, f.children)}</p>
                }
            })}
        </section>
    }
}
