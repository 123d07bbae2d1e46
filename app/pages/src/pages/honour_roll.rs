//! `/honour-roll`: the contributors the programme recognised, by year and level, named only with
//! their consent; and `/honour-roll/{id}/letter`, a printable recognition letter.

use leptos::prelude::*;
use leptos_meta::Meta;

use crate::components::page_title::PageTitle;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use crate::current_lang;
use crate::error::AppError;
use crate::pages::errors::{ErrorNotice, loaded};
use domain::format::{date, vnd};
use domain::i18n::Lang;
use domain::network::{HonourEntry, Letter, RecognitionLevel};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct HonourRollData {
    pub year: Option<i64>,
    pub years: Vec<i64>,
    pub level: Option<String>,
    pub levels: Vec<RecognitionLevel>,
    pub entries: Vec<HonourEntry>,
}

#[server(prefix = "/sf", endpoint = "honour_roll")]
pub async fn get_honour_roll(year: Option<i64>, level: Option<String>) -> Result<HonourRollData, AppError> {
    let portal = crate::pages::portal()?;
    let levels = portal.recognition_levels().await?;
    let level = level.filter(|l| levels.iter().any(|x| &x.code == l));
    let (year, years, entries) = portal.honour_roll(year, level.as_deref(), crate::current_lang()).await?;
    Ok(HonourRollData { year, years, level, levels, entries })
}

#[server(prefix = "/sf", endpoint = "recognition_letter")]
pub async fn get_letter(id: i64) -> Result<Letter, AppError> {
    let portal = crate::pages::portal()?;
    let letter = portal.recognition_letter(id, crate::pages::signed_in_donor(), crate::current_lang()).await?;
    if letter.own {
        crate::pages::mark_private();
    }
    Ok(letter)
}

fn anonymous(lang: Lang) -> &'static str {
    lang.t().honour_anonymous
}

#[component]
pub fn HonourRollPage() -> impl IntoView {
    let lang = current_lang();
    let t = lang.t();
    let query = use_query_map().get_untracked();
    let year = query.get("year").and_then(|y| y.trim().parse::<i64>().ok());
    let level = query.get("level").filter(|l| !l.trim().is_empty());
    let title = t.honour_title;
    view! {
        <PageTitle text=format!("{title} · {}", t.portal_name)/>
        <Meta name="description" content=t.honour_description/>
        <h1>{title}</h1>
        <p class="lead">{t.honour_intro}</p>
        {loaded(None,
            move || get_honour_roll(year, level.clone()),
            move |data| {
                crate::pages::mark_public();
                view! { <HonourRollView lang data/> }
            },
        )}
    }
}

#[component]
fn HonourRollView(lang: Lang, data: HonourRollData) -> impl IntoView {
    let t = lang.t();
    let Some(year) = data.year else {
        return view! { <p class="empty">{t.honour_none_yet}</p> }.into_any();
    };
    let chosen_level = data.level.clone().unwrap_or_default();
    view! {
        <form method="get" action="/honour-roll" class="filters">
            <div class="filter-row">
                <label>
                    {t.honour_year}
                    <select name="year">
                        {data.years.iter().map(|y| view! { <option value=y.to_string() selected=*y == year>{y.to_string()}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    {t.honour_level}
                    <select name="level">
                        <option value="">{t.honour_all_levels}</option>
                        {data.levels.iter().map(|l| view! {
                            <option value=l.code.clone() selected=l.code == chosen_level>{l.name(lang).to_owned()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <div class="filter-actions"><button type="submit">{t.filter_apply}</button></div>
            </div>
        </form>
        <h2>{format!("{} {year}", t.honour_year)}</h2>
        {if data.entries.is_empty() {
            view! { <p class="empty">{t.honour_empty}</p> }.into_any()
        } else {
            view! {
                <table class="flow-table honour-roll">
                    <thead><tr>
                        <th scope="col">{t.honour_col_contributor}</th>
                        <th scope="col">{t.honour_level}</th>
                        <th scope="col">{t.honour_col_decision}</th>
                        <th scope="col" class="num">{t.honour_col_confirmed}</th>
                        <th scope="col"><span class="visually-hidden">{t.honour_letter}</span></th>
                    </tr></thead>
                    <tbody>
                        {data.entries.into_iter().map(|e| {
                            let who = match (e.name.clone(), e.slug.clone()) {
                                (Some(name), Some(slug)) => view! { <a href=format!("/network/{slug}")>{name}</a> }.into_any(),
                                (Some(name), None) => view! { <span>{name}</span> }.into_any(),
                                (None, _) => view! { <span class="anonymous">{anonymous(lang)}</span> }.into_any(),
                            };
                            let decision = match (e.decision_number.clone(), e.decision_date) {
                                (Some(n), Some(d)) => format!("{n}, {}", date(d)),
                                (Some(n), None) => n,
                                _ => String::new(),
                            };
                            view! {
                                <tr class="honour-entry">
                                    <th scope="row" class="honour-name">{who}<br/><small>{lang.donor_kind(e.kind)}</small></th>
                                    <td>{e.level_name.clone()}</td>
                                    <td>{decision}</td>
                                    <td class="num">{vnd(e.confirmed)}</td>
                                    <td><a href=format!("/honour-roll/{}/letter", e.id)>{t.honour_letter}</a></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
    .into_any()
}

#[component]
pub fn RecognitionLetterPage() -> impl IntoView {
    let lang = current_lang();
    let t = lang.t();
    let id = use_params_map().get_untracked().get("id").and_then(|i| i.parse::<i64>().ok()).unwrap_or(0);
    view! {
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match get_letter(id).await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(letter) => view! { <LetterView lang letter/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn LetterView(lang: Lang, letter: Letter) -> impl IntoView {
    let t = lang.t();
    let e = letter.entry;
    let issued = letter.issued_on;
    let dated = lang.letter_dated(&letter.place, issued);
    // A certificate of merit reads "Tặng / GIẤY KHEN / name"; a letter of thanks thanks the name.
    let certificate = ["Giấy khen", "Bằng khen", "Certificate"].iter().any(|c| e.level_name.starts_with(c));
    view! {
        <PageTitle text=format!("{} · {}", e.level_name, t.portal_name)/>
        <article class="printable recognition-letter">
            <header class="letter-head">
                <p class="letter-org">{letter.org_name.to_uppercase()}</p>
                <p class="letter-motto">
                    <span class="letter-nation">{t.letter_nation}</span>
                    <span class="letter-motto-line">{t.letter_motto}</span>
                </p>
            </header>
            <p class="letter-date"><em>{dated}</em></p>
            {certificate.then(|| view! { <p class="letter-award">{t.letter_award.to_uppercase()}</p> })}
            <h1 class="letter-level">{e.level_name.to_uppercase()}</h1>
            {(!certificate).then(|| view! { <p class="letter-to">{t.letter_to}</p> })}
            <p class="letter-name"><strong>{letter.name}</strong></p>
            <p class="letter-reason">{e.reason}</p>
            <p>{lang.letter_confirmed(e.year, e.confirmed)}</p>
            {e.decision_number.map(|n| view! { <p class="letter-decision">{lang.letter_decision(&n)}</p> })}
            <p class="letter-sign">{letter.org_name}</p>
            <p class="hint no-print">{t.receipt_print_hint}
                " " <a href=format!("/honour-roll?year={}", e.year)>{t.letter_back}</a></p>
        </article>
    }
}
