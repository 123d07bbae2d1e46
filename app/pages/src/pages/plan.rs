//! `/plan?year=`: the year's resource-mobilisation plan as the department published it, commune
//! by commune and kind by kind, beside what was pledged, confirmed and delivered.

use leptos::prelude::*;

use crate::components::bar_chart::BarChart;
use crate::components::page_title::PageTitle;
use crate::current_lang;
use crate::error::AppError;
use crate::pages::errors::loaded;
use domain::format::vnd;
use domain::i18n::Lang;
use domain::{Category, PlanProgress};

/// The plan of `year` (this year when none is asked: the server's calendar decides).
#[server(prefix = "/sf", endpoint = "plan")]
pub async fn get_plan(year: Option<i32>) -> Result<PlanProgress, AppError> {
    let year = year.unwrap_or_else(|| domain::format::today().year());
    Ok(crate::pages::portal()?.plan_progress(year, "published").await?)
}

#[component]
pub fn PlanPage() -> impl IntoView {
    let lang = current_lang();
    let t = lang.t();
    let year = crate::pages::year_in_query();
    loaded(
        None,
        move || get_plan(year),
        move |plan| {
            let year = plan.year;
            view! {
                <PageTitle text=format!("{} {year} · {}", t.plan_title, t.portal_name)/>
                <h1>{t.plan_title} " " {year}</h1>
                <p class="lead">{t.plan_intro}</p>
                <nav class="year-nav" aria-label=t.plan_title>
                    <a href=format!("/plan?year={}", year - 1)>{"← "} {year - 1}</a>
                    " · "
                    <a href=format!("/plan?year={}", year + 1)>{year + 1} {" →"}</a>
                </nav>
                <PlanView lang plan/>
            }
        },
    )
}

#[component]
fn PlanView(lang: Lang, plan: PlanProgress) -> impl IntoView {
    let t = lang.t();
    if !plan.published {
        return view! { <p class="empty">{t.plan_none}</p> }.into_any();
    }
    let by_category = |pick: fn(&domain::PlanLine) -> i64| -> Vec<(String, i64)> {
        Category::ALL
            .into_iter()
            .map(|c| (lang.category(c).to_owned(), plan.lines.iter().filter(|l| l.category == c).map(pick).sum()))
            .filter(|(_, v)| *v > 0)
            .collect()
    };
    let targets = by_category(|l| l.target_amount);
    let confirmed = by_category(|l| l.confirmed);
    view! {
        <div class="charts">
            <BarChart title=t.plan_chart_target.to_owned() rows=targets/>
            // Nothing received yet: the table's zeros say so; an empty chart would say nothing.
            {(!confirmed.is_empty()).then(|| view! { <BarChart title=t.plan_chart_confirmed.to_owned() rows=confirmed/> })}
        </div>
        <PlanTable lang lines=plan.lines/>
    }
    .into_any()
}

/// The plan's lines beside what was achieved, commune by commune.
#[component]
pub fn PlanTable(lang: Lang, lines: Vec<domain::PlanLine>) -> impl IntoView {
    let t = lang.t();
    view! {
        <div class="table-scroll">
            <table class="staff-table plan-table">
                <thead><tr>
                    <th scope="col">{t.plan_commune}</th>
                    <th scope="col">{t.plan_category}</th>
                    <th scope="col" class="num">{t.plan_target_children}</th>
                    <th scope="col" class="num">{t.plan_target_amount}</th>
                    <th scope="col" class="num">{t.plan_pledged}</th>
                    <th scope="col" class="num">{t.plan_confirmed}</th>
                    <th scope="col" class="num">{t.plan_delivered}</th>
                    <th scope="col" class="num">{t.plan_children}</th>
                </tr></thead>
                <tbody>
                    {lines.into_iter().map(|l| view! {
                        <tr>
                            <th scope="row">{l.commune_name}</th>
                            <td>{lang.category(l.category)}</td>
                            <td class="num">{l.target_children}</td>
                            <td class="num">{vnd(l.target_amount)}</td>
                            <td class="num">{vnd(l.pledged)}</td>
                            <td class="num">{vnd(l.confirmed)}</td>
                            <td class="num">{vnd(l.delivered)}</td>
                            <td class="num">{l.children_reached}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
