//! The network in the staff area: `/staff/network` — applications to approve or decline, candidates
//! for recognition proposed from the ledger, the grant form, and the configured levels; and
//! `/staff/mobilised`, where a partner organisation records a gift it mobilised.

use std::collections::BTreeMap;

use crate::components::page_title::PageTitle;
use crate::components::text_area::text_area;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::current_lang;
use crate::error::AppError;
use crate::pages::errors::ErrorNotice;
use crate::pages::mark_private;
use domain::format::vnd;
use domain::i18n::Lang;
use domain::network::{RecognitionLevel, codes};
use domain::{Category, DonorKind, FieldProblem};

/// Candidates are proposed from this much confirmed support in a category, by default.
pub const DEFAULT_CANDIDATE_MIN: i64 = 10_000_000;
pub const DEFAULT_CANDIDATES_PER_CATEGORY: usize = 5;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StaffNetworkData {
    pub applications: Vec<domain::network::ApplicationRecord>,
    pub commune_names: BTreeMap<String, String>,
    pub candidates: Vec<domain::network::Candidate>,
    pub levels: Vec<RecognitionLevel>,
    pub year: i64,
    pub min_amount: i64,
    pub per_category: usize,
    pub is_admin: bool,
    pub notice: Option<String>,
    pub link: Option<String>,
    pub fields: BTreeMap<String, String>,
    pub problems: BTreeMap<String, FieldProblem>,
}

#[server(prefix = "/sf", endpoint = "staff_network")]
pub async fn get_staff_network(
    year: Option<i64>,
    min_amount: Option<i64>,
    per_category: Option<usize>,
) -> Result<StaffNetworkData, AppError> {
    let staff = crate::pages::require_staff()?;
    let portal = crate::pages::portal()?;
    let year = year.filter(|y| (2000..=2100).contains(y)).unwrap_or_else(|| i64::from(domain::format::today().year()));
    let min_amount = min_amount.filter(|m| *m >= 0).unwrap_or(DEFAULT_CANDIDATE_MIN);
    let per_category = per_category.filter(|p| (1..=50).contains(p)).unwrap_or(DEFAULT_CANDIDATES_PER_CATEGORY);
    let applications = portal.waiting_applications(&staff).await?;
    let commune_names = applications
        .iter()
        .flat_map(|a| codes(&a.communes).map(str::to_owned).collect::<Vec<_>>())
        .filter_map(|code| portal.areas.commune(&code).map(|c| (code, c.name)))
        .collect();
    let flash = crate::pages::flash().unwrap_or_default();
    Ok(StaffNetworkData {
        applications,
        commune_names,
        candidates: portal.recognition_candidates(&staff, year, min_amount, per_category).await?,
        levels: portal.recognition_levels().await?,
        year,
        min_amount,
        per_category,
        is_admin: staff.role == domain::Role::Admin,
        notice: flash.notice,
        link: flash.link,
        fields: flash.fields,
        problems: flash.problems,
    })
}

fn notice_text(lang: Lang, code: &str) -> Option<&'static str> {
    let t = lang.t();
    Some(match code {
        "approved" => t.staff_network_approved,
        "declined" => t.staff_network_declined,
        "recognised" => t.staff_network_recognised,
        "level_added" => t.staff_network_level_added,
        "application_gone" => t.staff_network_application_gone,
        _ => return None,
    })
}

#[component]
pub fn StaffNetworkPage() -> impl IntoView {
    mark_private();
    let lang = current_lang();
    let t = lang.t();
    let query = use_query_map().get_untracked();
    let year = query.get("year").and_then(|y| y.trim().parse::<i64>().ok());
    let min_amount = query.get("min").and_then(|m| domain::amount::parse_vnd(&m));
    let per_category = query.get("per_category").and_then(|p| p.trim().parse::<usize>().ok());
    let title = t.staff_network_title;
    view! {
        <PageTitle text=format!("{title} · {}", t.portal_name)/>
        <p class="breadcrumb"><a href="/staff">{"← "} {t.staff_home_title}</a></p>
        <h1>{title}</h1>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match get_staff_network(year, min_amount, per_category).await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(data) => view! { <StaffNetworkView lang data/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn StaffNetworkView(lang: Lang, data: StaffNetworkData) -> impl IntoView {
    let t = lang.t();
    let problem = |k: &str| data.problems.get(k).map(|p| lang.field_problem(*p));
    let typed = |k: &str| data.fields.get(k).cloned().unwrap_or_default();
    let chosen_level = typed("level");
    let chosen_donor = typed("donor");
    let year = data.year;
    let names = data.commune_names.clone();
    view! {
        {data.notice.as_deref().and_then(|c| notice_text(lang, c)).map(|n| view! { <p class="notice" role="status">{n}</p> })}
        {data.link.map(|link| view! {
            <p class="notice one-time-link">{t.staff_network_invitation_link}<code>{link}</code></p>
        })}
        <section aria-labelledby="applications-heading">
            <h2 id="applications-heading">{t.applications_heading}</h2>
            {if data.applications.is_empty() {
                view! { <p class="empty">{t.applications_empty}</p> }.into_any()
            } else {
                view! {
                    <ul class="applications">
                        {data.applications.into_iter().map(|a| {
                            let partner_kind = matches!(a.kind, DonorKind::Organisation | DonorKind::MassOrganisation | DonorKind::Fund);
                            view! {
                                <li class="application staff-card">
                                    <h3 class="application-name">{a.name.clone()}</h3>
                                    <p>{lang.donor_kind(a.kind)}{a.tax_code.map(|c| format!(" · MST {c}"))}</p>
                                    <p>{a.description.clone()}</p>
                                    <p>{codes(&a.categories).filter_map(Category::parse).map(|c| lang.category(c)).collect::<Vec<_>>().join(" · ")}</p>
                                    <p>{codes(&a.communes).filter_map(|c| names.get(c).cloned()).collect::<Vec<_>>().join(", ")}</p>
                                    <p>{t.application_contact}{a.contact_name.unwrap_or_default()}" · "{a.email.unwrap_or_default()}{a.phone.map(|p| format!(" · {p}"))}</p>
                                    <form method="post" action=format!("/staff/network/applications/{}/approve", a.donor_id) class="inline-form">
                                        {partner_kind.then(|| view! {
                                            <label class="checkbox"><input type="checkbox" name="partner_account" value="yes"/>
                                                {t.application_partner_account}</label>
                                        })}
                                        <button type="submit" class="button">{t.application_approve}</button>
                                    </form>
                                    <form method="post" action=format!("/staff/network/applications/{}/decline", a.donor_id) class="inline-form">
                                        <button type="submit" class="button secondary">{t.application_decline}</button>
                                    </form>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="candidates-heading">
            <h2 id="candidates-heading">{t.candidates_heading}</h2>
            <form method="get" action="/staff/network" class="filters">
                <div class="filter-row">
                    <label>{t.candidates_year}<input name="year" type="number" value=year.to_string() min="2000" max="2100"/></label>
                    <label>{t.candidates_min}<input name="min" type="text" value=domain::format::group_digits(data.min_amount)/></label>
                    <label>{t.candidates_per_category}<input name="per_category" type="number" min="1" max="50" value=data.per_category.to_string()/></label>
                    <div class="filter-actions"><button type="submit">{t.filter_apply}</button></div>
                </div>
            </form>
            {if data.candidates.is_empty() {
                view! { <p class="empty">{t.candidates_empty}</p> }.into_any()
            } else {
                view! {
                    <table class="flow-table candidates">
                        <thead><tr>
                            <th scope="col">{t.candidates_col_donor}</th>
                            <th scope="col">{t.candidates_col_category}</th>
                            <th scope="col" class="num">{t.candidates_col_confirmed}</th>
                            <th scope="col">{t.candidates_col_recognised}</th>
                        </tr></thead>
                        <tbody>
                            {data.candidates.iter().map(|c| view! {
                                <tr class="candidate">
                                    <th scope="row">{c.name.clone()}<br/><small>{lang.donor_kind(c.kind)}</small></th>
                                    <td>{Category::parse(&c.category).map_or(t.outside_need, |k| lang.category(k))}</td>
                                    <td class="num">{vnd(c.confirmed)}</td>
                                    <td>{if c.recognised { t.candidates_recognised_yes } else { "" }}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="grant-heading" class="staff-card" id="grant">
            <h2 id="grant-heading">{t.grant_heading}</h2>
            {(!data.problems.is_empty()).then(|| view! { <p class="form-error" role="alert">{t.form_has_problems}</p> })}
            <form method="post" action="/staff/network/recognitions" class="stacked">
                <label for="donor">{t.grant_donor}</label>
                <select id="donor" name="donor" required aria-invalid=problem("donor").map(|_| "true")>
                    <option value="">{t.choose}</option>
                    {let mut seen = Vec::new();
                     data.candidates.iter().filter(|c| { let new = !seen.contains(&c.donor_id); seen.push(c.donor_id); new }).map(|c| {
                        let id = c.donor_id.to_string();
                        view! { <option value=id.clone() selected=chosen_donor == id>{c.name.clone()}</option> }
                    }).collect_view()}
                </select>
                {problem("donor").map(|m| view! { <p class="field-error">{m}</p> })}
                <label for="level">{t.grant_level}</label>
                <select id="level" name="level" required aria-invalid=problem("level").map(|_| "true")>
                    <option value="">{t.choose}</option>
                    {data.levels.iter().map(|l| view! {
                        <option value=l.code.clone() selected=chosen_level == l.code>{l.name(lang).to_owned()}</option>
                    }).collect_view()}
                </select>
                {problem("level").map(|m| view! { <p class="field-error">{m}</p> })}
                <input type="hidden" name="year" value=year.to_string()/>
                <label for="decision_number">{t.grant_decision_number}</label>
                <input id="decision_number" name="decision_number" type="text" maxlength="60" value=typed("decision_number")/>
                {problem("decision_number").map(|m| view! { <p class="field-error">{m}</p> })}
                <label for="decision_date">{t.grant_decision_date}</label>
                <input id="decision_date" name="decision_date" type="date" value=typed("decision_date")
                    aria-invalid=problem("decision_date").map(|_| "true")/>
                {problem("decision_date").map(|m| view! { <p class="field-error">{m}</p> })}
                <label for="reason">{t.grant_reason}</label>
                <textarea id="reason" name="reason" rows="3" maxlength="2000" aria-invalid=problem("reason").map(|_| "true")>{text_area(&typed("reason"))}</textarea>
                {problem("reason").map(|m| view! { <p class="field-error">{m}</p> })}
                <button type="submit" class="button">{t.grant_submit}</button>
            </form>
        </section>
        <section aria-labelledby="levels-heading">
            <h2 id="levels-heading">{t.levels_heading}</h2>
            <ol class="levels">{data.levels.iter().map(|l| view! { <li>{l.name(lang).to_owned()}</li> }).collect_view()}</ol>
            {data.is_admin.then(|| view! {
                <form method="post" action="/staff/network/levels" class="stacked">
                    <label for="name_vi">{t.level_name_vi}</label>
                    <input id="name_vi" name="name_vi" type="text" maxlength="200" value=typed("name_vi")/>
                    {problem("name_vi").map(|m| view! { <p class="field-error">{m}</p> })}
                    <label for="name_en">{t.level_name_en}</label>
                    <input id="name_en" name="name_en" type="text" maxlength="200" value=typed("name_en")/>
                    {problem("name_en").map(|m| view! { <p class="field-error">{m}</p> })}
                    <label for="rank">{t.level_rank}</label>
                    <input id="rank" name="rank" type="number" min="1" max="100" value=typed("rank")/>
                    {problem("rank").map(|m| view! { <p class="field-error">{m}</p> })}
                    <button type="submit" class="button secondary">{t.level_add}</button>
                </form>
            })}
        </section>
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MobilisedData {
    pub member: (String, String),
    pub needs: Vec<(i64, String)>,
    pub token: String,
    pub form: domain::PledgeForm,
    pub problems: BTreeMap<String, FieldProblem>,
    pub recorded: Option<String>,
}

#[server(prefix = "/sf", endpoint = "staff_mobilised")]
pub async fn get_mobilised() -> Result<MobilisedData, AppError> {
    let staff = crate::pages::require_staff()?;
    let portal = crate::pages::portal()?;
    let (_, slug, name) = portal.partner_member(&staff).await?;
    let needs = portal
        .needs_in(&[domain::NeedStatus::Published], 200)
        .await?
        .into_iter()
        .map(|n| (n.id, n.choice_label()))
        .collect();
    let flash = crate::pages::flash().unwrap_or_default();
    Ok(MobilisedData {
        member: (slug, name),
        needs,
        token: portal::tokens::new_form_token(),
        form: flash.pledge_form.unwrap_or_default(),
        problems: flash.problems,
        recorded: flash.link,
    })
}

#[component]
pub fn MobilisedPage() -> impl IntoView {
    mark_private();
    let lang = current_lang();
    let t = lang.t();
    let title = t.mobilised_title;
    view! {
        <PageTitle text=format!("{title} · {}", t.portal_name)/>
        <p class="breadcrumb"><a href="/staff">{"← "} {t.staff_home_title}</a></p>
        <h1>{title}</h1>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match get_mobilised().await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(data) => view! { <MobilisedForm lang data/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn MobilisedForm(lang: Lang, data: MobilisedData) -> impl IntoView {
    let t = lang.t();
    let form = data.form;
    let problems = data.problems;
    let problem = |k: &str| problems.get(k).map(|p| lang.field_problem(*p));
    let chosen_donor = DonorKind::parse(&form.donor_type);
    let chosen_need = form.need.clone();
    let field = |name: &'static str, label: &'static str, value: String| {
        let error = problem(name);
        view! {
            <label for=name>{label}</label>
            <input id=name name=name type="text" value=value aria-invalid=error.map(|_| "true")/>
            {error.map(|m| view! { <p class="field-error">{m}</p> })}
        }
    };
    view! {
        <p class="lead">{t.mobilised_organisation}<a href=format!("/network/{}", data.member.0)>{data.member.1.clone()}</a>". "
            {t.mobilised_intro}</p>
        {data.recorded.map(|reference| view! {
            <p class="notice" role="status">{t.mobilised_recorded}<a href=format!("/pledge/{reference}")>{reference.clone()}</a></p>
        })}
        {(!problems.is_empty()).then(|| view! { <p class="form-error" role="alert">{t.form_has_problems}</p> })}
        <form method="post" action="/staff/mobilised" class="stacked need-form">
            <input type="hidden" name="token" value=data.token/>
            <input type="hidden" name="mobilised_by" value=data.member.0.clone()/>
            <label for="need">{t.mobilised_need}</label>
            <select id="need" name="need" required aria-invalid=problem("need").map(|_| "true")>
                <option value="">{t.choose}</option>
                {data.needs.into_iter().map(|(id, label)| {
                    let id = id.to_string();
                    view! { <option value=id.clone() selected=chosen_need == id>{label}</option> }
                }).collect_view()}
            </select>
            {problem("need").map(|m| view! { <p class="field-error">{m}</p> })}
            <label for="donor_type">{t.mobilised_donor_type}</label>
            <select id="donor_type" name="donor_type" required>
                {DonorKind::ALL.into_iter().map(|k| view! { <option value=k.as_str() selected=chosen_donor == Some(k)>{lang.donor_kind(k)}</option> }).collect_view()}
            </select>
            {field("name", t.mobilised_name, form.name.clone())}
            {field("email", t.mobilised_email, form.email.clone())}
            {field("phone", t.mobilised_phone, form.phone.clone())}
            <input type="hidden" name="kind" value="money"/>
            {field("amount", t.mobilised_amount, form.amount.clone())}
            <fieldset>
                <legend>{t.mobilised_display}</legend>
                {domain::Display::ALL.into_iter().map(|d| view! {
                    <label class="checkbox"><input type="radio" name="display" value=d.as_str()
                        checked=form.display == d.as_str() || (form.display.is_empty() && d == domain::Display::Anonymous)/>{lang.display_choice(d)}</label>
                }).collect_view()}
            </fieldset>
            <label class="checkbox"><input type="checkbox" id="consent" name="consent" value="yes"
                aria-invalid=problem("consent").map(|_| "true")/>{t.mobilised_consent}</label>
            {problem("consent").map(|m| view! { <p class="field-error" id="consent-error">{m}</p> })}
            <button type="submit" class="button">{t.mobilised_submit}</button>
        </form>
    }
}
