//! Pledges in the staff area: `/staff/pledges` (search by reference or donor name, filter by
//! status, this year's totals) and `/staff/pledges/{reference}` (details, history, ledger entries,
//! and the steps this pledge may take next).

use std::collections::BTreeMap;

use crate::components::page_title::PageTitle;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use crate::current_lang;
use crate::error::AppError;
use crate::pages::errors::ErrorNotice;
use crate::pages::mark_private;
use domain::LedgerTotals;
use domain::format::vnd;
use domain::i18n::Lang;
use domain::{FieldProblem, PledgeActionForm};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PledgeLine {
    pub reference: String,
    pub donor: String,
    pub value: i64,
    pub status: String,
    pub created: String,
    pub target: String,
    pub over_need: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PledgeListData {
    pub lines: Vec<PledgeLine>,
    pub total: i64,
    pub year: LedgerTotals,
    /// Partner organisations' common funds holding money: (slug, name, held).
    pub pools: Vec<(String, String, i64)>,
    /// Needs a common fund may forward to: (id, "title — commune").
    pub open_needs: Vec<(String, String)>,
    /// A forwarding form that came back with problems.
    pub forward: BTreeMap<String, String>,
    pub problems: BTreeMap<String, FieldProblem>,
    pub notice: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct HistoryStep {
    pub at: String,
    pub actor: String,
    pub from: String,
    pub to: String,
    pub evidence: String,
    pub note: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LedgerLine {
    pub entry: String,
    pub year: i64,
    pub amount: i64,
    pub at: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StaffPledgeData {
    pub line: PledgeLine,
    pub contact: String,
    /// Everything pledged, as (label, value), only what applies.
    pub details: Vec<(String, String)>,
    pub history: Vec<HistoryStep>,
    pub ledger: Vec<LedgerLine>,
    /// `confirm`, `deliver`, `cancel`, `lapse`: what this pledge may do next.
    pub actions: Vec<String>,
    /// The donor's record, and other records that may be the same donor (staff merge them).
    pub donor_id: i64,
    pub duplicates: Vec<domain::network::PossibleDuplicate>,
    pub form: PledgeActionForm,
    pub problems: BTreeMap<String, FieldProblem>,
    pub notice: Option<String>,
}

#[cfg(feature = "ssr")]
fn require_pledge_staff() -> Result<domain::StaffView, AppError> {
    let staff = crate::pages::require_staff()?;
    if domain::staff::may_manage_pledges(&staff) { Ok(staff) } else { Err(AppError::Forbidden) }
}

#[cfg(feature = "ssr")]
fn line_of(p: portal::store::StaffPledgeRecord) -> PledgeLine {
    PledgeLine {
        target: p.need_title.or(p.campaign_title).or(p.pool_name).unwrap_or_default(),
        reference: p.reference,
        donor: p.donor_name,
        value: p.value,
        status: p.status,
        created: domain::format::moment(p.created_at),
        over_need: p.over_need,
    }
}

#[server(prefix = "/sf", endpoint = "staff_pledges")]
pub async fn get_staff_pledges(q: String, status: Option<String>) -> Result<PledgeListData, AppError> {
    let staff = require_pledge_staff()?;
    let portal = crate::pages::portal()?;
    let status = status.filter(|s| {
        matches!(s.as_str(), "pledged" | "partly_paid" | "confirmed" | "delivered" | "cancelled" | "lapsed")
    });
    let (records, total) = portal.staff_pledges(&staff, &q, status.as_deref(), 200).await?;
    let year = portal.ledger_totals(Some(domain::format::today().year())).await?;
    let pools = portal.pool_balances(&staff).await?.into_iter().map(|p| (p.slug, p.name, p.held)).collect::<Vec<_>>();
    let open_needs = if pools.is_empty() {
        Vec::new()
    } else {
        portal
            .needs_in(&[domain::NeedStatus::Published, domain::NeedStatus::Covered], 1000)
            .await?
            .into_iter()
            .map(|n| (n.id.to_string(), n.choice_label()))
            .collect()
    };
    let flash = crate::pages::flash().unwrap_or_default();
    Ok(PledgeListData {
        lines: records.into_iter().map(line_of).collect(),
        total,
        year,
        pools,
        open_needs,
        forward: flash.fields,
        problems: flash.problems,
        notice: flash.notice,
    })
}

#[server(prefix = "/sf", endpoint = "staff_pledge")]
pub async fn get_staff_pledge(reference: String) -> Result<StaffPledgeData, AppError> {
    let staff = require_pledge_staff()?;
    let portal = crate::pages::portal()?;
    let lang = crate::current_lang();
    let (record, pledge, events, ledger) = portal.staff_pledge(&staff, reference.trim()).await?;
    let t = lang.t();
    let what = domain::format::pledge_what(
        pledge.kind,
        pledge.amount,
        (pledge.item.as_deref(), pledge.quantity, pledge.unit.as_deref()),
        pledge.description.as_deref(),
        pledge.estimated_value,
    );
    let details = [
        Some((t.staff_pledge_what, what)),
        Some((t.staff_pledge_kind, lang.pledge_kind(pledge.kind).to_owned())),
        Some((t.staff_pledge_donor_kind, lang.donor_kind(record.donor_kind).to_owned())),
        record.donor_tax_code.clone().map(|code| (t.receipt_tax_code, code)),
        record.campaign_title.clone().map(|title| (t.staff_pledge_campaign, title)),
        record.need_title.clone().map(|title| (t.staff_pledge_need, title)),
        record.pool_name.clone().map(|name| (t.staff_pledge_fund, name)),
        record.mobiliser_name.clone().map(|name| (t.staff_pledge_mobiliser, name)),
        Some((t.staff_pledge_display, lang.display_choice(record.display).to_owned())),
    ]
    .into_iter()
    .flatten()
    .map(|(label, value)| (label.to_owned(), value))
    .collect();
    let contact =
        [record.donor_email.clone(), record.donor_phone.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ");
    let mut history = Vec::new();
    for e in events {
        let evidence = match e.evidence_kind.as_deref() {
            Some(kind) => format!("{}: {}", evidence_label(lang, kind), e.evidence),
            None => e.evidence,
        };
        history.push(HistoryStep {
            at: domain::format::moment(e.at),
            actor: crate::pages::staff_needs::actor_label(&portal, e.actor_id, lang).await?,
            from: e.from_status,
            to: e.to_status,
            evidence,
            note: e.note,
        });
    }
    let ledger = ledger
        .into_iter()
        .map(|l| LedgerLine { entry: l.entry, year: l.year, amount: l.amount, at: domain::format::moment(l.at) })
        .collect();
    let actions = [
        portal::lifecycle::PledgeAction::Confirm,
        portal::lifecycle::PledgeAction::Deliver,
        portal::lifecycle::PledgeAction::Cancel,
        portal::lifecycle::PledgeAction::Lapse,
    ]
    .into_iter()
    .filter(|a| a.allowed_from().contains(&record.status.as_str()))
    .map(|a| a.as_str().to_owned())
    .collect();
    let donor_id = record.donor_id;
    let duplicates = portal.possible_duplicates(&staff, donor_id).await?;
    let flash = crate::pages::flash().unwrap_or_default();
    Ok(StaffPledgeData {
        line: line_of(record),
        contact,
        details,
        history,
        ledger,
        actions,
        donor_id,
        duplicates,
        form: flash.pledge_action.unwrap_or_default(),
        problems: flash.problems,
        notice: flash.notice,
    })
}

#[cfg(feature = "ssr")]
fn evidence_label(lang: Lang, kind: &str) -> &'static str {
    let t = lang.t();
    match kind {
        "bank_transaction" => t.evidence_bank_transaction,
        "receipt" => t.evidence_receipt,
        _ => t.evidence_handover,
    }
}

#[component]
pub fn StaffPledgesPage() -> impl IntoView {
    mark_private();
    let lang = current_lang();
    let t = lang.t();
    let query = use_query_map().get_untracked();
    let q = query.get("q").unwrap_or_default();
    let status = query.get("status").filter(|s| !s.is_empty());
    view! {
        <PageTitle text=format!("{} · {}", t.staff_nav_pledges, t.portal_name)/>
        <p class="breadcrumb"><a href="/staff">{"← "} {t.staff_home_title}</a></p>
        <h1>{t.staff_nav_pledges}</h1>
        <p class="lead">{t.pledges_intro}</p>
        <form method="get" action="/staff/pledges" class="filters">
            <div class="filter-row">
                <label>{t.pledges_search} <input type="search" name="q" value=q.clone()/></label>
                <label>
                    {t.pledge_col_status}
                    <select name="status">
                        <option value="">{t.notices_all}</option>
                        {["pledged", "partly_paid", "confirmed", "delivered", "cancelled", "lapsed"]
                            .into_iter()
                            .map(|s| view! { <option value=s selected=status.as_deref() == Some(s)>{lang.pledge_status(s)}</option> })
                            .collect_view()}
                    </select>
                </label>
                <div class="filter-actions"><button type="submit">{t.pledges_search_button}</button></div>
            </div>
        </form>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {
                let (q, status) = (q.clone(), status.clone());
                move || {
                    let (q, status) = (q.clone(), status.clone());
                    Suspend::new(async move {
                        match get_staff_pledges(q, status).await {
                            Err(error) => view! { <ErrorNotice error/> }.into_any(),
                            Ok(data) => view! { <PledgeTable lang data/> }.into_any(),
                        }
                    })
                }
            }
        </Suspense>
    }
}

#[component]
fn PledgeTable(lang: Lang, data: PledgeListData) -> impl IntoView {
    let t = lang.t();
    view! {
        <section class="staff-card" aria-labelledby="year-heading">
            <h2 id="year-heading">{t.ledger_year_totals}</h2>
            <ul class="stat-grid">
                <li><strong class="year-confirmed">{vnd(data.year.confirmed)}</strong><span>{t.totals_confirmed}</span></li>
                <li><strong class="year-delivered">{vnd(data.year.delivered)}</strong><span>{t.totals_delivered}</span></li>
                <li><strong class="year-children">{data.year.children_reached}</strong><span>{t.totals_children_reached}</span></li>
                <li><strong class="year-donors">{data.year.donors}</strong><span>{t.totals_donors}</span></li>
            </ul>
        </section>
        {data.notice.as_deref().and_then(|c| lang.done(c)).map(|n| view! { <p class="notice" role="status">{n}</p> })}
        {(!data.pools.is_empty()).then(|| view! {
            <ForwardForm lang pools=data.pools.clone() needs=data.open_needs.clone() typed=data.forward.clone()
                problems=data.problems.clone()/>
        })}
        {if data.lines.is_empty() {
            view! { <p class="empty">{t.pledges_empty}</p> }.into_any()
        } else {
            view! {
                <table class="staff-table pledges">
                    <thead><tr>
                        <th scope="col">{t.pledge_col_reference}</th>
                        <th scope="col">{t.pledge_col_donor}</th>
                        <th scope="col">{t.pledge_col_value}</th>
                        <th scope="col">{t.pledge_col_status}</th>
                        <th scope="col">{t.pledge_col_target}</th>
                        <th scope="col">{t.pledge_col_created}</th>
                    </tr></thead>
                    <tbody>
                        {data.lines.into_iter().map(|p| view! {
                            <tr>
                                <td><a href=format!("/staff/pledges/{}", p.reference)>{p.reference.clone()}</a></td>
                                <td>{p.donor}</td>
                                <td>{vnd(p.value)}</td>
                                <td class="pledge-status">{lang.pledge_status(&p.status)}</td>
                                <td>{p.target}</td>
                                <td>{p.created}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }
                .into_any()
        }}
    }
}

/// A partner organisation forwards money from its common fund to a need: counted once.
#[component]
fn ForwardForm(
    lang: Lang,
    pools: Vec<(String, String, i64)>,
    needs: Vec<(String, String)>,
    typed: BTreeMap<String, String>,
    problems: BTreeMap<String, FieldProblem>,
) -> impl IntoView {
    let t = lang.t();
    let value = |name: &str| typed.get(name).cloned().unwrap_or_default();
    let problem =
        |name: &str| problems.get(name).map(|p| view! { <p class="field-error">{lang.field_problem(*p)}</p> });
    let (member, need) = (value("member"), value("need"));
    view! {
        <section class="staff-card forward" id="forward" aria-labelledby="forward-heading">
            <h2 id="forward-heading">{t.forward_title}</h2>
            <p class="hint">{t.forward_intro}</p>
            <ul class="pools">
                {pools.iter().map(|(_, name, held)| view! { <li>{name.clone()} ": " <strong>{vnd(*held)}</strong></li> }).collect_view()}
            </ul>
            <form method="post" action="/staff/pledges/forward" class="stacked">
                <label for="forward-member">{t.forward_member}</label>
                <select id="forward-member" name="member" required>
                    {pools.iter().map(|(slug, name, _)| view! {
                        <option value=slug.clone() selected=member == *slug>{name.clone()}</option>
                    }).collect_view()}
                </select>
                {problem("member")}
                <label for="forward-need">{t.forward_need}</label>
                <select id="forward-need" name="need" required>
                    <option value="">{t.choose}</option>
                    {needs.iter().map(|(id, title)| view! {
                        <option value=id.clone() selected=need == *id>{title.clone()}</option>
                    }).collect_view()}
                </select>
                {problem("need")}
                <label for="forward-amount">{t.pledge_col_value}</label>
                <input id="forward-amount" name="amount" type="text" value=value("amount") required/>
                {problem("amount")}
                <label for="forward-evidence">{t.forward_evidence}</label>
                <input id="forward-evidence" name="evidence" type="text" value=value("evidence") required maxlength="500"/>
                {problem("evidence")}
                <label for="forward-note">{t.pledge_note}</label>
                <input id="forward-note" name="note" type="text" value=value("note") maxlength="500"/>
                <button type="submit" class="button">{t.forward_submit}</button>
            </form>
        </section>
    }
}

#[component]
pub fn StaffPledgePage() -> impl IntoView {
    mark_private();
    let lang = current_lang();
    let t = lang.t();
    let reference = use_params_map().get_untracked().get("reference").unwrap_or_default();
    view! {
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {
                let reference = reference.clone();
                move || {
                    let reference = reference.clone();
                    Suspend::new(async move {
                        match get_staff_pledge(reference).await {
                            Err(error) => view! { <ErrorNotice error/> }.into_any(),
                            Ok(data) => view! { <StaffPledgeView lang data/> }.into_any(),
                        }
                    })
                }
            }
        </Suspense>
    }
}

#[component]
fn StaffPledgeView(lang: Lang, data: StaffPledgeData) -> impl IntoView {
    let t = lang.t();
    let p = data.line;
    let problems = data.problems;
    let problem = |field: &str| problems.get(field).map(|x| lang.field_problem(*x));
    let notice = data.notice.as_deref().and_then(|c| lang.done(c));
    let form = data.form;
    let field = |name: &'static str, label: &'static str, value: String| {
        let error = problem(name);
        let kind = if name.ends_with("_on") { "date" } else { "text" };
        view! {
            <label for=name>{label}</label>
            <input id=name name=name type=kind value=value aria-invalid=error.map(|_| "true")/>
            {error.map(|m| view! { <p class="field-error">{m}</p> })}
        }
    };
    let action = |name: &str| data.actions.iter().any(|a| a == name);
    let no_ledger = data.ledger.is_empty();
    let reference = p.reference.clone();
    let post = move |a: &str| format!("/staff/pledges/{reference}/{a}");
    view! {
        <PageTitle text=format!("{} · {}", p.reference, t.portal_name)/>
        <p class="breadcrumb"><a href="/staff/pledges">{"← "} {t.staff_nav_pledges}</a></p>
        <h1>{p.reference.clone()}</h1>
        {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
        {(!problems.is_empty()).then(|| view! { <p class="form-error" role="alert">{t.form_has_problems}</p> })}
        <dl class="facts wide staff-card">
            <div><dt>{t.pledge_col_donor}</dt><dd>{p.donor.clone()}</dd></div>
            <div><dt>{t.pledge_contact}</dt><dd>{data.contact}</dd></div>
            <div><dt>{t.pledge_col_value}</dt><dd>{vnd(p.value)}</dd></div>
            <div><dt>{t.pledge_col_status}</dt><dd class="pledge-status">{lang.pledge_status(&p.status)}</dd></div>
            <div><dt>{t.pledge_col_created}</dt><dd>{p.created.clone()}</dd></div>
            {data.details.into_iter().map(|(label, value)| view! {
                <div><dt>{label}</dt><dd>{value}</dd></div>
            }).collect_view()}
        </dl>
        {action("confirm").then(|| view! {
            <form method="post" action=post("confirm") class="stacked staff-card pledge-action">
                <h2>{t.action_confirm}</h2>
                <label for="evidence_kind">{t.evidence_kind}</label>
                <select id="evidence_kind" name="evidence_kind" aria-invalid=problem("evidence_kind").map(|_| "true")>
                    {[("bank_transaction", t.evidence_bank_transaction), ("receipt", t.evidence_receipt), ("handover", t.evidence_handover)]
                        .into_iter()
                        .map(|(v, l)| view! { <option value=v selected=form.evidence_kind == v>{l}</option> })
                        .collect_view()}
                </select>
                {field("evidence", t.evidence_text, form.evidence.clone())}
                <button type="submit" class="button">{t.action_confirm}</button>
            </form>
        })}
        {action("deliver").then(|| view! {
            <form method="post" action=post("deliver") class="stacked staff-card pledge-action">
                <h2>{t.action_deliver}</h2>
                {field("delivered_on", t.delivered_on, form.delivered_on.clone())}
                {field("children_count", t.children_reached, form.children.clone())}
                {field("delivered_by", t.delivered_by, form.delivered_by.clone())}
                {field("received_by", t.received_by, form.received_by.clone())}
                <button type="submit" class="button">{t.action_deliver}</button>
            </form>
        })}
        {(action("cancel") || action("lapse")).then(|| view! {
            <div class="staff-card pledge-action">
                {action("cancel").then(|| view! {
                    <form method="post" action=post("cancel") class="stacked">
                        {field("note", t.pledge_note, form.note.clone())}
                        <button type="submit" class="button secondary">{t.action_cancel}</button>
                    </form>
                })}
                {action("lapse").then(|| view! {
                    <form method="post" action=post("lapse")>
                        <button type="submit" class="button secondary">{t.action_lapse}</button>
                    </form>
                })}
            </div>
        })}
        <PossibleDuplicates lang into=data.donor_id back=format!("/staff/pledges/{}", p.reference) duplicates=data.duplicates/>
        <h2>{t.pledge_history}</h2>
        {data.history.is_empty().then(|| view! { <p class="empty">{t.staff_pledge_history_empty}</p> })}
        <ol class="history">
            {data.history.into_iter().map(|h| view! {
                <li>
                    <strong>{h.at}</strong> " · " {h.actor} " · "
                    {lang.pledge_status(&h.from)} " → " {lang.pledge_status(&h.to)}
                    {(!h.evidence.is_empty()).then(|| format!(" · {}", h.evidence))}
                    {(!h.note.is_empty()).then(|| format!(" · {}", h.note))}
                </li>
            }).collect_view()}
        </ol>
        <h2>{t.pledge_ledger}</h2>
        {data.ledger.is_empty().then(|| view! { <p class="empty">{t.staff_pledge_ledger_empty}</p> })}
        <table class="staff-table ledger" hidden=no_ledger>
            <tbody>
                {data.ledger.into_iter().map(|l| view! {
                    <tr class=format!("ledger-{}", l.entry)>
                        <td>{l.at}</td>
                        <td>{if l.entry == "reversal" { t.ledger_reversal } else { t.ledger_confirmation }}</td>
                        <td>{l.year}</td>
                        <td class="ledger-amount">{vnd(l.amount)}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// Other records that share an email address, a phone number or a tax code with this pledge's donor.
/// A public form never joins them (knowing a number proves nothing); staff who have checked that they
/// are one donor merge them here, and the donor's history follows.
#[component]
fn PossibleDuplicates(
    lang: Lang,
    into: i64,
    back: String,
    duplicates: Vec<domain::network::PossibleDuplicate>,
) -> impl IntoView {
    let t = lang.t();
    let shared = move |field: &str| match field {
        "email" => t.duplicate_shares_email,
        "phone" => t.duplicate_shares_phone,
        _ => t.duplicate_shares_tax_code,
    };
    (!duplicates.is_empty()).then(|| {
        view! {
            <section class="staff-card duplicates" aria-labelledby="duplicates-heading">
                <h2 id="duplicates-heading">{t.duplicates_heading}</h2>
                <p class="hint">
                    {t.duplicates_hint}
                </p>
                <ul class="duplicate-list">
                    {duplicates.into_iter().map(|d| {
                        let shared = d.shared.iter().map(|f| shared(f)).collect::<Vec<_>>().join(", ");
                        view! {
                            <li class="duplicate">
                                <span class="duplicate-name">{d.name}</span>
                                " · " {lang.donor_kind(d.kind)}
                                " · " {lang.duplicate_shares(&shared)}
                                " · " {lang.pledge_count(d.pledges)}
                                <form method="post" action=format!("/staff/donors/{}/merge", d.id) class="inline">
                                    <input type="hidden" name="into" value=into.to_string()/>
                                    <input type="hidden" name="back" value=back.clone()/>
                                    <button type="submit" class="button secondary">{t.duplicate_merge}</button>
                                </form>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}
