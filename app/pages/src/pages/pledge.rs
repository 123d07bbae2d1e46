//! The public pledge form (`/pledge?need={id}`) and the thank-you page with payment by VietQR
//! (`/pledge/{reference}`). Both work without JavaScript.

use std::collections::BTreeMap;

use crate::components::page_title::PageTitle;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use crate::components::amount_presets::AmountPresets;
use crate::components::copy_button::CopyButton;
use crate::components::status_watch::StatusWatch;
use crate::current_lang;
use crate::error::AppError;
use crate::pages::errors::ErrorNotice;
use crate::pages::mark_private;
use domain::format::{period, vnd};
use domain::i18n::Lang;
use domain::{
    Campaign, Display, DonorKind, FieldProblem, InstalmentStatus, InstalmentView, Need, NoticeChannel, PledgeForm,
    PledgeKind, ThankYou,
};

/// What a pledge is made to: a need, a campaign (and, if the donor chooses, one of its needs), or
/// a network member's common fund, which forwards it to needs later.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum PledgeTarget {
    Need(Need),
    Campaign { campaign: Campaign, needs: Vec<Need> },
    Pool { slug: String, name: String },
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PledgeFormData {
    pub target: PledgeTarget,
    /// Network members a donor can name as the one who mobilised them: (slug, name).
    pub members: Vec<(String, String)>,
    pub form: PledgeForm,
    pub problems: BTreeMap<String, FieldProblem>,
    pub notice: Option<String>,
    /// A fresh token for this form, unless the form comes back with its own.
    pub token: String,
    /// The donor signed in on `/me`: the pledge joins their record.
    pub signed_in_as: Option<String>,
}

#[server(prefix = "/sf", endpoint = "pledge_form")]
pub async fn get_pledge_form(
    need: Option<i64>,
    campaign: Option<String>,
    pool: Option<String>,
) -> Result<PledgeFormData, AppError> {
    let portal = crate::pages::portal()?;
    let target = match (campaign, need) {
        (None, None) if pool.is_some() => {
            let slug = pool.unwrap_or_default();
            let profile = portal.member_profile(slug.trim(), crate::current_lang()).await?;
            if !profile.receives_pool_gifts {
                return Err(AppError::NotFound);
            }
            PledgeTarget::Pool { slug: profile.card.slug, name: profile.card.name }
        }
        (Some(slug), _) => {
            let detail = portal.public_campaign(slug.trim()).await?;
            let needs = detail
                .needs
                .into_iter()
                .filter(|n| matches!(n.status, domain::NeedStatus::Published | domain::NeedStatus::Covered))
                .collect();
            PledgeTarget::Campaign { campaign: detail.campaign, needs }
        }
        (None, Some(id)) => PledgeTarget::Need(portal.public_need(id).await?),
        (None, None) => return Err(AppError::NotFound),
    };
    let members = portal.network_members().await?.into_iter().map(|m| (m.slug, m.name)).collect();
    let flash = crate::pages::flash().unwrap_or_default();
    let mut form = flash.pledge_form.unwrap_or_default();
    // A donor signed in on /me gives as themselves: their record's details fill a fresh form.
    let donor = match crate::pages::signed_in_donor() {
        Some(id) => portal.own_record(id).await?,
        None => None,
    };
    if let Some(donor) = &donor
        && form.name.is_empty()
    {
        crate::pages::mark_private();
        form.name = donor.name.clone();
        form.email = donor.email.clone().unwrap_or_default();
        form.phone = donor.phone.clone().unwrap_or_default();
        form.notice_channel = donor.notice_channel.map(|c| c.as_str().to_owned()).unwrap_or_default();
        form.tax_code = donor.tax_code.clone().unwrap_or_default();
        form.donor_type = donor.kind.as_str().to_owned();
    }
    let token = if form.token.is_empty() { portal::tokens::new_form_token() } else { form.token.clone() };
    Ok(PledgeFormData {
        target,
        members,
        form,
        problems: flash.problems,
        notice: flash.notice,
        token,
        signed_in_as: donor.map(|d| d.name),
    })
}

/// A pledge's thank-you page: the pledge, and what the form that led here has to say (it was
/// sent again and recorded once).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ThankYouData {
    pub pledge: ThankYou,
    pub notice: Option<String>,
}

#[server(prefix = "/sf", endpoint = "pledge")]
pub async fn get_thank_you(reference: String) -> Result<ThankYouData, AppError> {
    let pledge = crate::pages::portal()?.thank_you(&reference).await?;
    let notice = crate::pages::flash().and_then(|flash| flash.notice);
    Ok(ThankYouData { pledge, notice })
}

#[component]
pub fn PledgePage() -> impl IntoView {
    // Each form carries its own token: never shared, never cached.
    mark_private();
    let lang = current_lang();
    let t = lang.t();
    let query = use_query_map().get_untracked();
    let need = query.get("need").and_then(|v| v.trim().parse::<i64>().ok());
    let campaign = query.get("campaign").filter(|c| !c.trim().is_empty());
    let pool = query.get("pool").filter(|p| !p.trim().is_empty());
    let (not_found_title, not_found_body) = if campaign.is_some() {
        (t.campaign_not_found_title, t.campaign_not_found_body)
    } else {
        (t.need_not_found_title, t.need_not_found_body)
    };
    view! {
        <PageTitle text=format!("{} · {}", t.pledge_title, t.portal_name)/>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {
                let (campaign, pool) = (campaign.clone(), pool.clone());
                move || {
                    let (campaign, pool) = (campaign.clone(), pool.clone());
                    Suspend::new(async move {
                        match get_pledge_form(need, campaign, pool).await {
                            Err(error) => view! { <ErrorNotice error not_found_title not_found_body/> }.into_any(),
                            Ok(data) => view! { <PledgeFormView lang data/> }.into_any(),
                        }
                    })
                }
            }
        </Suspense>
    }
}

#[component]
fn PledgeFormView(lang: Lang, data: PledgeFormData) -> impl IntoView {
    let t = lang.t();
    let form = data.form;
    let problems = data.problems;
    let problem = |field: &str| problems.get(field).map(|p| lang.field_problem(*p));
    let notice = data.notice.as_deref().and_then(|c| lang.done(c));
    let input =
        |name: &'static str, label: &'static str, value: String, kind: &'static str, autocomplete: &'static str| {
            let error = problem(name);
            let error_id = format!("{name}-error");
            view! {
                <label for=name>{label}</label>
                <input
                    id=name
                    name=name
                    type=kind
                    value=value
                    autocomplete=autocomplete
                    // The number pad on a phone; "500k" or "1tr" still pastes in.
                    inputmode=matches!(name, "quantity" | "estimated_value").then_some("numeric")
                    maxlength="2000"
                    aria-invalid=error.map(|_| "true")
                    aria-describedby=error.map(|_| error_id.clone())
                />
                {error.map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })}
            }
        };
    let chosen_kind = PledgeKind::parse(&form.kind).unwrap_or(PledgeKind::Money);
    let chosen_display = Display::parse(&form.display).unwrap_or(Display::Named);
    let chosen_donor = DonorKind::parse(&form.donor_type);
    let (back_href, back_title, heading, accepting) = match &data.target {
        PledgeTarget::Need(need) => (
            format!("/needs/{}", need.id),
            need.title.clone(),
            view! {
                <section class="pledge-need staff-card">
                    <p>{t.pledge_for} ": " <strong>{need.title.clone()}</strong> " — " {need.commune.name.clone()}</p>
                    <p>{t.need_lacking} ": " <strong>{vnd(need.lacking())}</strong> " / " {vnd(need.total)}</p>
                </section>
            }
            .into_any(),
            true,
        ),
        PledgeTarget::Campaign { campaign, .. } => (
            format!("/campaigns/{}", campaign.slug),
            campaign.title.clone(),
            view! {
                <section class="pledge-need staff-card">
                    <p>{t.nav_campaigns} ": " <strong>{campaign.title.clone()}</strong></p>
                    <p>{t.campaign_pledged} ": " <strong>{vnd(campaign.pledged)}</strong> " / " {vnd(campaign.goal)}
                        " · " {period(campaign.opens_on, campaign.closes_on)}</p>
                </section>
            }
            .into_any(),
            campaign.accepting,
        ),
        PledgeTarget::Pool { slug, name } => (
            format!("/network/{slug}"),
            name.clone(),
            view! {
                <section class="pledge-need staff-card">
                    <p>{t.pledge_pool_gift_to} <strong>{name.clone()}</strong></p>
                    <p class="hint">{t.pledge_pool_hint}</p>
                </section>
            }
            .into_any(),
            true,
        ),
    };
    let target_fields = match &data.target {
        PledgeTarget::Need(need) => view! { <input type="hidden" name="need" value=need.id.to_string()/> }.into_any(),
        PledgeTarget::Pool { slug, .. } => view! { <input type="hidden" name="pool" value=slug.clone()/> }.into_any(),
        PledgeTarget::Campaign { campaign, needs } => {
            let chosen_need = form.need.clone();
            view! {
                <input type="hidden" name="campaign" value=campaign.slug.clone()/>
                {(!needs.is_empty()).then(|| view! {
                    <label for="need">{t.pledge_need_choice}</label>
                    <select id="need" name="need" aria-invalid=problem("need").map(|_| "true")>
                        <option value="">{t.pledge_where_needed}</option>
                        {needs.iter().map(|n| {
                            let id = n.id.to_string();
                            let label = format!("{} — {} ({} {})", n.title, n.commune.name, t.need_lacking.to_lowercase(), vnd(n.lacking()));
                            view! { <option value=id.clone() selected=chosen_need == id>{label}</option> }
                        }).collect_view()}
                    </select>
                })}
                {problem("need").map(|m| view! { <p class="field-error">{m}</p> })}
            }
            .into_any()
        }
    };
    let members = data.members.clone();
    let chosen_member = form.mobilised_by.clone();
    let monthly = form.instalments.trim().parse::<i64>().is_ok_and(|n| n > 1) || problem("instalments").is_some();
    let title = match &data.target {
        PledgeTarget::Campaign { campaign, .. } => format!("{} «{}»", t.pledge_title_campaign, campaign.title),
        _ => t.pledge_title.to_owned(),
    };
    if !accepting {
        return view! {
            <p class="breadcrumb"><a href=back_href>{"← "} {back_title}</a></p>
            <h1>{t.pledge_title}</h1>
            {heading}
            <p class="notice closed" role="alert">{t.campaign_closed_notice}</p>
        }
        .into_any();
    }
    view! {
        <p class="breadcrumb"><a href=back_href>{"← "} {back_title}</a></p>
        <h1>{title}</h1>
        {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
        {(!problems.is_empty()).then(|| view! { <p class="form-error" role="alert">{t.form_has_problems}</p> })}
        {heading}
        {data.signed_in_as.map(|name| view! {
            <p class="notice signed-in-donor" role="status">
                {t.pledge_signed_in_as}<strong>{name}</strong>
                {t.pledge_signed_in_record}
            </p>
        })}
        // One form, posted once with the same field names as ever, in the order a donor thinks:
        // what they give, who they are, how they are shown. Only the chosen kind's fields show
        // (CSS `:has`); `novalidate` lets the portal, not the browser, say what is missing.
        <form method="post" action="/pledge" class="stacked need-form pledge-form" novalidate>
            {target_fields}
            <input type="hidden" name="token" value=data.token/>
            <fieldset class="pledge-step">
                <legend>{t.pledge_what}</legend>
                <p class="radio-group" role="radiogroup" aria-label=t.pledge_kind>
                    {PledgeKind::ALL
                        .into_iter()
                        .map(|k| view! {
                            <label class="checkbox">
                                <input type="radio" name="kind" value=k.as_str() checked=chosen_kind == k/>
                                {lang.pledge_kind(k)}
                            </label>
                        })
                        .collect_view()}
                </p>
                <div class="kind-fields kind-money">
                    <AmountField lang value=form.amount.clone() error=problem("amount")/>
                    <details class="pay-monthly" open=monthly>
                        <summary>{t.pledge_pay_monthly}</summary>
                        <label for="instalments">{t.pledge_instalments}</label>
                        <select id="instalments" name="instalments" aria-invalid=problem("instalments").map(|_| "true")
                            aria-describedby="instalments-hint">
                            {(1..=domain::MAX_INSTALMENTS).map(|n| {
                                let value = n.to_string();
                                let chosen = form.instalments.trim() == value || (n == 1 && form.instalments.trim().is_empty());
                                let label = if n == 1 { t.pledge_at_once.to_owned() } else { lang.instalment_count(n) };
                                view! { <option value=value selected=chosen>{label}</option> }
                            }).collect_view()}
                        </select>
                        <p class="hint" id="instalments-hint">{t.pledge_instalments_hint}</p>
                        {problem("instalments").map(|m| view! { <p class="field-error" id="instalments-error">{m}</p> })}
                    </details>
                </div>
                <div class="kind-fields kind-in_kind">
                    {input("item", t.pledge_item, form.item.clone(), "text", "off")}
                    {input("quantity", t.pledge_quantity, form.quantity.clone(), "text", "off")}
                    {input("unit", t.pledge_unit, form.unit.clone(), "text", "off")}
                </div>
                <div class="kind-fields kind-service">
                    {input("description", t.pledge_description, form.description.clone(), "text", "off")}
                </div>
                <div class="kind-fields kind-value">
                    {input("estimated_value", t.pledge_estimated_value, form.estimated_value.clone(), "text", "off")}
                </div>
            </fieldset>
            <fieldset class="pledge-step">
                <legend>{t.pledge_who}</legend>
                <label for="donor_type">{t.pledge_donor_type}</label>
                <select id="donor_type" name="donor_type" aria-invalid=problem("donor_type").map(|_| "true")
                    aria-describedby=problem("donor_type").map(|_| "donor_type-error")>
                    <option value="">{t.choose}</option>
                    {DonorKind::ALL
                        .into_iter()
                        .map(|k| view! { <option value=k.as_str() selected=chosen_donor == Some(k)>{lang.donor_kind(k)}</option> })
                        .collect_view()}
                </select>
                {problem("donor_type").map(|m| view! { <p class="field-error" id="donor_type-error">{m}</p> })}
                {input("name", t.pledge_name, form.name.clone(), "text", "name")}
                {input("email", t.pledge_email, form.email.clone(), "email", "email")}
                {input("phone", t.pledge_phone, form.phone.clone(), "tel", "tel")}
                <fieldset class="hear-by" aria-describedby="hear-by-hint">
                    <legend>{t.pledge_hear_by}</legend>
                    {NoticeChannel::ALL.into_iter().map(|c| view! {
                        <label class="checkbox">
                            <input type="radio" name="notice_channel" value=c.as_str()
                                checked=form.notice_channel.trim() == c.as_str()/>
                            {lang.notice_channel(c)}
                        </label>
                    }).collect_view()}
                    <p class="hint" id="hear-by-hint">{t.pledge_hear_by_hint}</p>
                    {problem("notice_channel").map(|m| view! { <p class="field-error">{m}</p> })}
                </fieldset>
                {input("tax_code", t.pledge_tax_code, form.tax_code.clone(), "text", "off")}
                {(!members.is_empty()).then(|| view! {
                    <label for="mobilised_by">{t.pledge_mobilised_by}</label>
                    <select id="mobilised_by" name="mobilised_by" aria-invalid=problem("mobilised_by").map(|_| "true")>
                        <option value="">{t.pledge_none}</option>
                        {members.iter().map(|(slug, name)| view! {
                            <option value=slug.clone() selected=chosen_member == *slug>{name.clone()}</option>
                        }).collect_view()}
                    </select>
                })}
                {problem("mobilised_by").map(|m| view! { <p class="field-error">{m}</p> })}
            </fieldset>
            <fieldset class="pledge-step">
                <legend>{t.pledge_display}</legend>
                {Display::ALL
                    .into_iter()
                    .map(|d| view! {
                        <label class="checkbox">
                            <input type="radio" name="display" value=d.as_str() checked=chosen_display == d/>
                            {lang.display_choice(d)}
                        </label>
                    })
                    .collect_view()}
            </fieldset>
            <div class="honeypot" aria-hidden="true">
                <label for="website">{t.pledge_leave_empty}</label>
                <input id="website" name="website" type="text" tabindex="-1" autocomplete="off"/>
            </div>
            <label class="checkbox">
                <input type="checkbox" name="consent" value="yes" checked=form.consent.is_some()
                    aria-invalid=problem("consent").map(|_| "true") aria-describedby=problem("consent").map(|_| "consent-error")/>
                <span>{t.pledge_consent} " " <a href="/pages/privacy">{t.nav_privacy}</a></span>
            </label>
            {problem("consent").map(|m| view! { <p class="field-error" id="consent-error">{m}</p> })}
            <button type="submit" class="button">{t.pledge_submit}</button>
        </form>
    }
    .into_any()
}

/// Preset amounts for a money gift, in đồng.
const PRESET_AMOUNTS: [i64; 4] = [100_000, 200_000, 500_000, 1_000_000];

/// The amount: the number pad on a phone ("500k" or "1tr" still paste in), and once the page's
/// script runs, preset amounts that fill it.
#[component]
fn AmountField(lang: Lang, value: String, error: Option<&'static str>) -> impl IntoView {
    let t = lang.t();
    view! {
        <label for="amount">{t.pledge_amount}</label>
        <AmountPresets amounts=PRESET_AMOUNTS.to_vec() label=t.pledge_amount_presets.to_owned()/>
        <input id="amount" name="amount" type="text" value=value autocomplete="off" inputmode="numeric" maxlength="2000"
            aria-invalid=error.map(|_| "true") aria-describedby=error.map(|_| "amount-error")/>
        {error.map(|m| view! { <p class="field-error" id="amount-error">{m}</p> })}
    }
}

#[component]
pub fn ThankYouPage() -> impl IntoView {
    mark_private();
    let lang = current_lang();
    let t = lang.t();
    let reference = use_params_map().get_untracked().get("reference").unwrap_or_default();
    view! {
        <PageTitle text=format!("{} · {}", t.thanks_title, t.portal_name)/>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {
                let reference = reference.clone();
                move || {
                    let reference = reference.clone();
                    Suspend::new(async move {
                        match get_thank_you(reference).await {
                            Err(error) => view! { <ErrorNotice error/> }.into_any(),
                            Ok(ThankYouData { pledge, notice }) => view! { <ThankYouView lang data=pledge notice/> }.into_any(),
                        }
                    })
                }
            }
        </Suspense>
    }
}

#[component]
fn ThankYouView(lang: Lang, data: ThankYou, notice: Option<String>) -> impl IntoView {
    let t = lang.t();
    let notice = notice.as_deref().filter(|&code| code == "already_recorded").and_then(|code| lang.done(code));
    let what = domain::format::pledge_what(
        data.kind,
        data.amount,
        (data.item.as_deref(), data.quantity, data.unit.as_deref()),
        data.description.as_deref(),
        data.estimated_value,
    );
    let received = matches!(data.status.as_str(), "confirmed" | "delivered");
    let open = matches!(data.status.as_str(), "pledged" | "partly_paid");
    view! {
        <h1>{t.thanks_title}</h1>
        {notice.map(|n| view! { <p class="notice already-recorded" role="status">{n}</p> })}
        <p class="lead">{t.thanks_intro}</p>
        <dl class="facts wide staff-card">
            <div><dt>{t.thanks_reference}</dt><dd class="pledge-reference">{data.reference.clone()}</dd></div>
            <div><dt>{t.thanks_pledged}</dt><dd class="pledge-what">{what}</dd></div>
            {data.campaign.clone().map(|(slug, title)| view! {
                <div><dt>{t.nav_campaigns}</dt><dd><a href=format!("/campaigns/{slug}")>{title}</a></dd></div>
            })}
            {data.need_title.clone().zip(data.need_id).map(|(title, id)| view! {
                <div><dt>{t.pledge_for}</dt><dd><a href=format!("/needs/{id}")>{title}</a></dd></div>
            })}
            <div><dt>{t.pledge_col_status}</dt><dd class="pledge-status">{lang.pledge_status(&data.status)}</dd></div>
            {(data.received > 0).then(|| view! {
                <div><dt>{t.thanks_received}</dt><dd class="pledge-received">{vnd(data.received)}</dd></div>
            })}
        </dl>
        {(open && data.kind == PledgeKind::Money).then(|| view! {
            <StatusWatch reference=data.reference.clone() status=data.status.clone() label=t.thanks_watch.to_owned()/>
        })}
        {received.then(|| view! {
            <p><a class="button secondary print-receipt" href=format!("/pledge/{}/receipt", data.reference)>{t.receipt_open}</a></p>
        })}
        {data.over_need.then(|| view! { <p class="notice over-need" role="status">{t.thanks_over_need}</p> })}
        {(!data.instalments.is_empty()).then(|| view! { <InstalmentTable lang instalments=data.instalments.clone()/> })}
        {match (data.kind, data.payment) {
            (PledgeKind::Money, Some(pay)) => view! {
                <section class="payment" aria-labelledby="pay-heading">
                    <h2 id="pay-heading">{match pay.instalment {
                        Some(n) => lang.instalment_pay_title(n),
                        None => t.pay_title.to_owned(),
                    }}</h2>
                    <p>{t.pay_intro}</p>
                    <div class="qr vietqr" data-payload=pay.vietqr.clone() inner_html=data.qr_svg.unwrap_or_default()></div>
                    <p>
                        <a class="button secondary save-qr" href=format!("/pledge/{}/qr.png", data.reference)
                            download=format!("vietqr-{}.png", data.reference)>{t.pay_save_qr}</a>
                    </p>
                    <p class="hint">{t.pay_save_qr_hint}</p>
                    <dl class="facts wide copyable">
                        <div><dt>{t.pay_bank}</dt><dd>{pay.account.bank_name.clone()}
                            <CopyButton value=pay.account.bank_name.clone() label=t.pay_copy.to_owned() name=t.pay_copy_bank.to_owned() done=t.pay_copied.to_owned()/></dd></div>
                        <div><dt>{t.pay_account}</dt><dd><span class="pay-account">{pay.account.number.clone()}</span>
                            <CopyButton value=pay.account.number.clone() label=t.pay_copy.to_owned() name=t.pay_copy_account.to_owned() done=t.pay_copied.to_owned()/></dd></div>
                        <div><dt>{t.pay_account_name}</dt><dd>{pay.account.name.clone()}</dd></div>
                        <div><dt>{t.pay_amount}</dt><dd><span class="pay-amount">{vnd(pay.amount)}</span>
                            <CopyButton value=pay.amount.to_string() label=t.pay_copy.to_owned() name=t.pay_copy_amount.to_owned() done=t.pay_copied.to_owned()/></dd></div>
                        <div><dt>{t.pay_message}</dt><dd><span class="pay-message">{pay.message.clone()}</span>
                            <CopyButton value=pay.message.clone() label=t.pay_copy.to_owned() name=t.pay_copy_message.to_owned() done=t.pay_copied.to_owned()/></dd></div>
                    </dl>
                </section>
            }
                .into_any(),
            (PledgeKind::Money, None) if received => view! { <p class="notice paid-in-full">{t.thanks_paid_in_full}</p> }.into_any(),
            (PledgeKind::Money, None) if open => view! { <p class="notice">{t.pay_no_account}</p> }.into_any(),
            (PledgeKind::Money, None) => ().into_any(),
            _ => view! { <p>{t.thanks_goods}</p> }.into_any(),
        }}
    }
}

/// The schedule of a pledge paid in instalments: what each settles, and which one is due now.
#[component]
fn InstalmentTable(lang: Lang, instalments: Vec<InstalmentView>) -> impl IntoView {
    let t = lang.t();
    view! {
        <section class="instalments" aria-labelledby="instalments-heading">
            <h2 id="instalments-heading">{t.instalments_title}</h2>
            <table class="instalment-schedule">
                <thead><tr>
                    <th scope="col">{t.instalment_col_number}</th>
                    <th scope="col">{t.instalment_col_due}</th>
                    <th scope="col" class="num">{t.instalment_col_amount}</th>
                    <th scope="col" class="num">{t.instalment_col_paid}</th>
                    <th scope="col">{t.pledge_col_status}</th>
                </tr></thead>
                <tbody>
                    {instalments.into_iter().map(|i| {
                        let status = match i.status {
                            InstalmentStatus::Paid => "paid",
                            InstalmentStatus::Due => "due",
                            InstalmentStatus::Overdue => "overdue",
                            InstalmentStatus::Upcoming => "upcoming",
                        };
                        view! {
                            <tr class=format!("instalment {status}")>
                                <td>{i.number}</td>
                                <td>{domain::format::date(i.due_on)}</td>
                                <td class="num">{vnd(i.amount)}</td>
                                <td class="num">{vnd(i.paid)}</td>
                                <td><span class=format!("badge instalment-{status}")>{lang.instalment_status(i.status)}</span></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
