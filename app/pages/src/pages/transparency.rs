//! `/transparency`: what the ledger says for a year — pledged, confirmed, delivered, children
//! reached, by kind of support, commune and source, drawn as SVG on the server — and a lookup of
//! one's own contribution that never shows a phone number, an email or an account.

use leptos::prelude::*;
use leptos_meta::Meta;

use crate::components::page_title::PageTitle;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::components::bar_chart::BarChart;
use crate::current_lang;
use crate::error::AppError;
use crate::pages::errors::ErrorNotice;
use domain::format::{date, vnd};
use domain::i18n::Lang;
use domain::{LedgerTotals, PublicContribution};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TransparencyData {
    pub year: i32,
    pub years: Vec<i32>,
    pub pledged: i64,
    pub totals: LedgerTotals,
    pub by_category: Vec<(String, i64)>,
    pub by_commune: Vec<(String, i64)>,
    pub by_source: Vec<(String, i64)>,
    /// Pledged, confirmed and delivered by category, source and commune.
    pub tables: Vec<FlowTable>,
    /// The lookup's answer: `None` when nothing was asked, `Some(Err(()))` when the query is too short.
    pub found: Option<Result<Vec<PublicContribution>, ()>>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FlowTable {
    pub heading: String,
    pub rows: Vec<FlowLine>,
}

/// One group's money on its way: pledged, received (confirmed) and handed over, in whole đồng.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FlowLine {
    pub label: String,
    pub pledged: i64,
    pub confirmed: i64,
    pub delivered: i64,
}

/// `TN26-7F3K2Q`, in any case.
pub fn looks_like_reference(text: &str) -> bool {
    let t = text.trim().as_bytes();
    t.len() == 11
        && t[..2].iter().all(u8::is_ascii_alphabetic)
        && t[2..4].iter().all(u8::is_ascii_digit)
        && t[4] == b'-'
        && t[5..].iter().all(u8::is_ascii_alphanumeric)
}

#[server(prefix = "/sf", endpoint = "transparency")]
pub async fn get_transparency(year: Option<i32>, find: Option<String>) -> Result<TransparencyData, AppError> {
    let portal = crate::pages::portal()?;
    let lang = crate::current_lang();
    let t = lang.t();
    let year = year.filter(|y| (2000..=2100).contains(y)).unwrap_or_else(|| domain::format::today().year());
    let b = portal.ledger_breakdown(year).await?;
    let label = |dimension: &str, key: &str| match dimension {
        "category" => domain::Category::parse(key).map_or(t.outside_need, |c| lang.category(c)).to_owned(),
        "commune" => portal.areas.commune(key).map_or_else(|| t.outside_need.to_owned(), |c| c.name),
        _ => domain::DonorKind::parse(key).map_or(key.to_owned(), |k| lang.donor_kind(k).to_owned()),
    };
    let flow = portal.pledge_flow(year).await?;
    let mut tables = Vec::new();
    for (dimension, heading, confirmed) in [
        ("category", t.by_category, &b.by_category),
        ("source", t.by_source, &b.by_source),
        ("commune", t.by_commune, &b.by_commune),
    ] {
        let mut keys: Vec<&str> = confirmed.iter().map(|(k, _)| k.as_str()).collect();
        keys.extend(flow.iter().filter(|f| f.0 == dimension).map(|f| f.1.as_str()));
        keys.sort_unstable();
        keys.dedup();
        let mut rows: Vec<FlowLine> = keys
            .into_iter()
            .map(|key| {
                let of = flow.iter().find(|f| f.0 == dimension && f.1 == key);
                FlowLine {
                    label: label(dimension, key),
                    pledged: of.map_or(0, |f| f.2),
                    confirmed: confirmed.iter().find(|(k, _)| k == key).map_or(0, |(_, v)| *v),
                    delivered: of.map_or(0, |f| f.3),
                }
            })
            .collect();
        rows.sort_by(|a, b| b.confirmed.cmp(&a.confirmed).then(b.pledged.cmp(&a.pledged)).then(a.label.cmp(&b.label)));
        tables.push(FlowTable { heading: heading.to_owned(), rows });
    }
    let by_category = b.by_category.iter().map(|(k, v)| (label("category", k), *v)).collect();
    let by_commune = b.by_commune.iter().map(|(k, v)| (label("commune", k), *v)).collect();
    let by_source = b.by_source.iter().map(|(k, v)| (label("source", k), *v)).collect();
    let found = match find.as_deref().map(str::trim).filter(|f| !f.is_empty()) {
        None => None,
        Some(f) if looks_like_reference(f) => Some(Ok(portal.contribution(f).await?)),
        Some(f) if f.chars().count() >= 3 && f.chars().count() <= 100 => {
            Some(Ok(portal.contributions_named(f).await?))
        }
        Some(_) => Some(Err(())),
    };
    let mut years = b.years;
    if !years.contains(&year) {
        years.insert(0, year);
    }
    Ok(TransparencyData {
        year,
        years,
        pledged: b.pledged,
        totals: b.totals,
        by_category,
        by_commune,
        by_source,
        tables,
        found,
    })
}

#[component]
pub fn TransparencyPage() -> impl IntoView {
    let lang = current_lang();
    let t = lang.t();
    let query = use_query_map().get_untracked();
    let year = query.get("year").and_then(|y| y.trim().parse::<i32>().ok());
    let find = query.get("find");
    view! {
        <PageTitle text=format!("{} · {}", t.transparency_title, t.portal_name)/>
        <Meta name="description" content=t.transparency_intro/>
        <h1>{t.transparency_title}</h1>
        <p class="lead">{t.transparency_intro}</p>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {
                let find = find.clone();
                move || {
                    let find = find.clone();
                    Suspend::new(async move {
                        match get_transparency(year, find.clone()).await {
                            Err(error) => view! { <ErrorNotice error/> }.into_any(),
                            Ok(data) => {
                                crate::pages::mark_public();
                                view! { <TransparencyView lang data find=find.unwrap_or_default()/> }.into_any()
                            }
                        }
                    })
                }
            }
        </Suspense>
    }
}

#[component]
fn TransparencyView(lang: Lang, data: TransparencyData, find: String) -> impl IntoView {
    let t = lang.t();
    let year = data.year;
    view! {
        <form method="get" action="/transparency" class="filters">
            <div class="filter-row">
                <label>
                    {t.transparency_year}
                    <select name="year">
                        {data.years.iter().map(|y| view! { <option value=y.to_string() selected=*y == year>{y.to_string()}</option> }).collect_view()}
                    </select>
                </label>
                <div class="filter-actions"><button type="submit">{t.filter_apply}</button></div>
            </div>
        </form>
        <section aria-labelledby="totals-heading">
            <h2 id="totals-heading">{format!("{} {year}", t.transparency_year)}</h2>
            <ul class="stat-grid">
                <li><strong class="t-pledged">{vnd(data.pledged)}</strong><span>{t.transparency_pledged}</span></li>
                <li><strong class="t-confirmed">{vnd(data.totals.confirmed)}</strong><span>{t.totals_confirmed}</span></li>
                <li><strong class="t-delivered">{vnd(data.totals.delivered)}</strong><span>{t.totals_delivered}</span></li>
                <li><strong class="t-children">{data.totals.children_reached}</strong><span>{t.totals_children_reached}</span></li>
                <li><strong class="t-donors">{data.totals.donors}</strong><span>{t.totals_donors}</span></li>
            </ul>
            <p><a href=format!("/transparency.csv?year={year}") download=format!("ho-tro-tre-em-{year}.csv")>{t.download_csv}</a></p>
        </section>
        <div class="charts">
            {(!data.by_category.is_empty()).then(|| view! { <BarChart title=t.by_category.to_owned() rows=data.by_category.clone()/> })}
            {(!data.by_source.is_empty()).then(|| view! { <BarChart title=t.by_source.to_owned() rows=data.by_source.clone()/> })}
            {(!data.by_commune.is_empty()).then(|| view! { <BarChart title=t.by_commune.to_owned() rows=data.by_commune.clone()/> })}
        </div>
        {data.tables.into_iter().filter(|table| !table.rows.is_empty()).map(|table| view! {
            <table class="flow-table">
                <caption>{table.heading}</caption>
                <thead><tr>
                    <th scope="col">{t.flow_col_group}</th>
                    <th scope="col" class="num">{t.transparency_pledged}</th>
                    <th scope="col" class="num">{t.totals_confirmed}</th>
                    <th scope="col" class="num">{t.totals_delivered}</th>
                </tr></thead>
                <tbody>
                    {table.rows.into_iter().map(|row| view! {
                        <tr>
                            <th scope="row">{row.label}</th>
                            <td class="num">{vnd(row.pledged)}</td>
                            <td class="num">{vnd(row.confirmed)}</td>
                            <td class="num">{vnd(row.delivered)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        }).collect_view()}
        <section class="staff-card" aria-labelledby="find-heading">
            <h2 id="find-heading">{t.find_title}</h2>
            <form method="get" action="/transparency" class="stacked">
                <input type="hidden" name="year" value=year.to_string()/>
                <label for="find">{t.find_label}</label>
                <input id="find" name="find" type="search" value=find maxlength="100"/>
                <button type="submit" class="button">{t.find_button}</button>
            </form>
            {match data.found {
                None => ().into_any(),
                Some(Err(())) => view! { <p class="field-error">{t.find_short}</p> }.into_any(),
                Some(Ok(found)) if found.is_empty() => view! { <p class="empty">{t.find_none}</p> }.into_any(),
                Some(Ok(found)) => view! {
                    <ul class="contributions">
                        {found.into_iter().map(|c| view! {
                            <li>
                                <strong class="contribution-reference">{c.reference}</strong> " · "
                                <span class="contribution-donor">{c.donor.unwrap_or_else(|| t.anonymous_donor.to_owned())}</span> " · "
                                {vnd(c.value)} " · " {lang.pledge_status(&c.status)} " · " {date(c.pledged_on)}
                                {c.target.map(|target| format!(" · {target}"))}
                            </li>
                        }).collect_view()}
                    </ul>
                }
                    .into_any(),
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_told_from_names() {
        assert!(looks_like_reference("TN26-7F3K2Q"));
        assert!(looks_like_reference(" tn26-7f3k2q "));
        assert!(!looks_like_reference("Nguyễn Văn A"));
        assert!(!looks_like_reference("TN26-7F3K2"));
    }
}
