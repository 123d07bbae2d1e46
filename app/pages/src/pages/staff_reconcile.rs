//! `/staff/reconcile`: upload a bank statement, see what it confirmed, and match by hand the lines
//! that wait for a person.

use leptos::prelude::*;
use leptos_meta::Meta;

use crate::components::page_title::PageTitle;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use crate::current_lang;
use crate::error::AppError;
use crate::pages::errors::ErrorNotice;
use crate::pages::mark_private;
use domain::format::vnd;
use domain::i18n::Lang;
use domain::{ImportOutcome, ImportProgress};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ReviewLine {
    pub id: i64,
    pub booked_on: String,
    pub amount: i64,
    pub description: String,
    pub bank_reference: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ReconcileData {
    pub review: Vec<ReviewLine>,
    /// Money out waiting to be assigned, and the needs it may have paid for (id, label).
    pub money_out: Vec<ReviewLine>,
    pub needs: Vec<(String, String)>,
    /// The programme's receiving accounts (`BIN:number`, "bank — number") a statement may be for.
    pub accounts: Vec<(String, String)>,
    pub outcome: Option<ImportOutcome>,
    pub error: Option<String>,
    pub notice: Option<String>,
}

#[server(prefix = "/sf", endpoint = "reconcile")]
pub async fn get_reconcile() -> Result<ReconcileData, AppError> {
    let staff = crate::pages::require_staff()?;
    let portal = crate::pages::portal()?;
    let mut accounts: Vec<(String, String)> = portal
        .own_accounts()
        .await?
        .into_iter()
        .map(|key| {
            let (bin, number) = key.split_once(':').unwrap_or(("", key.as_str()));
            let bank = portal.banks.bank(bin).map_or(bin.to_owned(), |b| b.short_name.clone());
            let label = format!("{bank} — {number}");
            (key.clone(), label)
        })
        .collect();
    accounts.sort_by(|a, b| a.1.cmp(&b.1));
    let line = |(id, booked_on, amount, description, bank_reference): portal::reconciliation::ReviewLine| ReviewLine {
        id,
        booked_on: domain::format::date(booked_on),
        amount,
        description,
        bank_reference,
    };
    let review = portal.statement_review(&staff, 500).await?.into_iter().map(line).collect();
    let money_out: Vec<ReviewLine> = portal.money_out_waiting(&staff).await?.into_iter().map(line).collect();
    let needs = if money_out.is_empty() {
        Vec::new()
    } else {
        use domain::NeedStatus::{Covered, Fulfilled, Published};
        portal
            .needs_in(&[Published, Covered, Fulfilled], 1000)
            .await?
            .into_iter()
            .map(|n| (n.id.to_string(), n.choice_label()))
            .collect()
    };
    let flash = crate::pages::flash().unwrap_or_default();
    Ok(ReconcileData {
        review,
        money_out,
        needs,
        accounts,
        outcome: flash.import_outcome,
        error: flash.fields.get("error").cloned(),
        notice: flash.notice,
    })
}

#[component]
pub fn ReconcilePage() -> impl IntoView {
    mark_private();
    let lang = current_lang();
    let t = lang.t();
    view! {
        <PageTitle text=format!("{} · {}", t.reconcile_title, t.portal_name)/>
        <p class="breadcrumb"><a href="/staff">{"← "} {t.staff_home_title}</a></p>
        <h1>{t.reconcile_title}</h1>
        <p class="lead">{t.reconcile_intro}</p>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match get_reconcile().await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(data) => view! { <ReconcileView lang data/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ReconcileView(lang: Lang, data: ReconcileData) -> impl IntoView {
    let t = lang.t();
    view! {
        {data.notice.as_deref().and_then(|c| lang.done(c)).map(|n| view! { <p class="notice" role="status">{n}</p> })}
        {data.error.map(|e| view! { <p class="form-error import-error" role="alert">{e}</p> })}
        {data.outcome.map(|o| view! {
            <p class="notice import-outcome" role="status">{lang.import_outcome(&o)}</p>
        })}
        <form method="post" action="/staff/reconcile" enctype="multipart/form-data" class="stacked staff-card">
            <label for="statement">{t.reconcile_file}</label>
            <input id="statement" name="statement" type="file" accept=".csv,text/csv" required/>
            <label for="columns">{t.reconcile_columns}</label>
            <input id="columns" name="columns" type="text" value="date,amount,description,reference"/>
            <label for="account">{t.statement_account}</label>
            <select id="account" name="account">
                <option value="">{t.statement_account_unnamed}</option>
                {data.accounts.into_iter().map(|(key, label)| view! { <option value=key>{label}</option> }).collect_view()}
            </select>
            <button type="submit" class="button">{t.reconcile_upload}</button>
        </form>
        <MoneyOut lang lines=data.money_out needs=data.needs/>
        <h2>{t.reconcile_review}</h2>
        {if data.review.is_empty() {
            view! { <p class="empty">{t.reconcile_nothing}</p> }.into_any()
        } else {
            view! {
                <table class="staff-table review">
                    <thead><tr>
                        <th scope="col">{t.reconcile_date}</th>
                        <th scope="col">{t.pledge_col_value}</th>
                        <th scope="col">{t.reconcile_memo}</th>
                        <th scope="col">{t.reconcile_bank_reference}</th>
                        <th scope="col">{t.reconcile_match}</th>
                    </tr></thead>
                    <tbody>
                        {data.review.into_iter().map(|l| view! {
                            <tr>
                                <td>{l.booked_on}</td>
                                <td>{vnd(l.amount)}</td>
                                <td class="review-memo">{l.description}</td>
                                <td>{l.bank_reference}</td>
                                <td>
                                    <form method="post" action=format!("/staff/reconcile/{}/match", l.id) class="inline-form">
                                        <label class="visually-hidden" for=format!("ref-{}", l.id)>{t.pledge_col_reference}</label>
                                        <input id=format!("ref-{}", l.id) name="reference" type="text" placeholder="TN26-…" size="12" required/>
                                        <button type="submit" class="button secondary">{t.reconcile_match}</button>
                                    </form>
                                    <form method="post" action=format!("/staff/reconcile/{}/set-aside", l.id) class="inline-form set-aside">
                                        <label for=format!("reason-{}", l.id)>{t.reconcile_reason}</label>
                                        <input id=format!("reason-{}", l.id) name="reason" type="text" maxlength="300" required/>
                                        <button type="submit" class="button secondary">{t.reconcile_set_aside}</button>
                                    </form>
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }
                .into_any()
        }}
    }
}

#[server(prefix = "/sf", endpoint = "statement_import")]
pub async fn get_statement_import(id: i64) -> Result<ImportProgress, AppError> {
    let staff = crate::pages::require_staff()?;
    Ok(crate::pages::portal()?.statement_import(&staff, id).await?)
}

/// `/staff/reconcile/imports/{id}`: how far a long import has got. While it runs the page
/// reloads itself every two seconds (no script needed).
#[component]
pub fn ImportProgressPage() -> impl IntoView {
    mark_private();
    let lang = current_lang();
    let t = lang.t();
    let id = use_params_map().get_untracked().get("id").and_then(|id| id.parse::<i64>().ok()).unwrap_or(0);
    view! {
        <PageTitle text=format!("{} · {}", t.reconcile_title, t.portal_name)/>
        <p class="breadcrumb"><a href="/staff/reconcile">{"← "} {t.reconcile_title}</a></p>
        <h1>{t.import_progress_title}</h1>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match get_statement_import(id).await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(progress) => view! { <ImportProgressView lang progress/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ImportProgressView(lang: Lang, progress: ImportProgress) -> impl IntoView {
    let t = lang.t();
    let done = progress.outcome.lines;
    let total = progress.total_lines.max(1);
    view! {
        <p class="import-file">{progress.file_name.clone()}</p>
        {match progress.status.as_str() {
            "running" => view! {
                <Meta http_equiv="refresh" content="2"/>
                <label for="import-progress">{lang.import_progress(done, progress.total_lines)}</label>
                <progress id="import-progress" max=total.to_string() value=done.to_string()>
                    {format!("{}%", done * 100 / total)}
                </progress>
            }
            .into_any(),
            "failed" => view! {
                <p class="form-error import-error" role="alert">
                    {t.import_failed} " " {progress.error.clone().unwrap_or_default()}
                </p>
                <p class="notice import-outcome">{lang.import_outcome(&progress.outcome)}</p>
            }
            .into_any(),
            _ => view! {
                <p class="notice import-outcome" role="status">{lang.import_outcome(&progress.outcome)}</p>
                <p><a class="button" href="/staff/reconcile">{t.import_to_review}</a></p>
            }
            .into_any(),
        }}
    }
}

/// Money out of the accounts, each with a form assigning it to the need it paid for.
#[component]
fn MoneyOut(lang: Lang, lines: Vec<ReviewLine>, needs: Vec<(String, String)>) -> impl IntoView {
    let t = lang.t();
    (!lines.is_empty()).then(|| view! {
        <section class="money-out" aria-labelledby="money-out-heading">
            <h2 id="money-out-heading">{t.money_out_heading}</h2>
            {lines.into_iter().map(|l| {
                let id = l.id;
                view! {
                    <form method="post" action=format!("/staff/reconcile/{id}/assign") class="stacked staff-card money-out-line">
                        <p><strong>{l.booked_on}</strong> " · " {vnd(l.amount)} " · " {l.description} " · " {l.bank_reference}</p>
                        <label for=format!("need-{id}")>{t.money_out_need}</label>
                        <select id=format!("need-{id}") name="need" required>
                            <option value="">{t.choose}</option>
                            {needs.iter().map(|(value, label)| view! { <option value=value.clone()>{label.clone()}</option> }).collect_view()}
                        </select>
                        <label for=format!("from-{id}")>{t.money_out_from}</label>
                        <input id=format!("from-{id}") name="period_start" type="date" required/>
                        <label for=format!("to-{id}")>{t.money_out_to}</label>
                        <input id=format!("to-{id}") name="period_end" type="date" required/>
                        <label for=format!("evidence-{id}")>{t.money_out_evidence}</label>
                        <input id=format!("evidence-{id}") name="evidence" type="text" maxlength="300" required/>
                        <button type="submit" class="button secondary">{t.money_out_assign}</button>
                    </form>
                }
            }).collect_view()}
        </section>
    })
}
