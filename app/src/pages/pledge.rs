//! The public pledge form (`/pledge?need={id}`) and the thank-you page with payment by VietQR
//! (`/pledge/{reference}`). Both work without JavaScript.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use crate::current_lang;
use crate::error::AppError;
use crate::format::{group_digits, vnd};
use crate::i18n::Lang;
use crate::model::{Display, DonorKind, FieldProblem, Need, PledgeForm, PledgeKind, ReceivingAccount};
use crate::pages::errors::ErrorNotice;
use crate::pages::mark_private;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PledgeFormData {
    pub need: Need,
    pub form: PledgeForm,
    pub problems: BTreeMap<String, FieldProblem>,
    pub notice: Option<String>,
    /// A fresh token for this form, unless the form comes back with its own.
    pub token: String,
}

#[server(prefix = "/sf", endpoint = "pledge_form")]
pub async fn get_pledge_form(need: i64) -> Result<PledgeFormData, AppError> {
    let portal = crate::pages::portal()?;
    let need = portal.public_need(need).await?;
    let flash = crate::pages::flash().unwrap_or_default();
    let form = flash.pledge_form.unwrap_or_default();
    let token = if form.token.is_empty() { crate::tokens::new_form_token() } else { form.token.clone() };
    Ok(PledgeFormData { need, form, problems: flash.problems, notice: flash.notice, token })
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Payment {
    pub account: ReceivingAccount,
    pub amount: i64,
    pub message: String,
    /// The VietQR payload, and its QR code as inline SVG.
    pub payload: String,
    pub qr_svg: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ThankYou {
    pub reference: String,
    pub need_id: Option<i64>,
    pub need_title: Option<String>,
    pub kind: PledgeKind,
    pub amount: Option<i64>,
    pub item: Option<String>,
    pub quantity: Option<i64>,
    pub unit: Option<String>,
    pub description: Option<String>,
    pub estimated_value: Option<i64>,
    pub over_need: bool,
    /// Money only, and only when a receiving account is configured.
    pub payment: Option<Payment>,
}

#[server(prefix = "/sf", endpoint = "pledge")]
pub async fn get_thank_you(reference: String) -> Result<ThankYou, AppError> {
    let portal = crate::pages::portal()?;
    let pledge = portal.store.pledge(reference.trim()).await?.ok_or(AppError::NotFound)?;
    let need_title = match pledge.need_id {
        Some(id) => portal.store.need(id).await?.map(|n| n.title),
        None => None,
    };
    let payment = match (pledge.kind, pledge.amount, &portal.site.default_account) {
        (PledgeKind::Money, Some(amount), Some(account)) => {
            let transfer = crate::vietqr::Transfer {
                bin: account.bin.clone(),
                account: account.number.clone(),
                service: crate::vietqr::Service::ToAccount,
                amount: Some(amount),
                bill_number: None,
                purpose: Some(pledge.reference.clone()),
            };
            crate::vietqr::payload(&transfer).ok().map(|payload| Payment {
                account: account.clone(),
                amount,
                message: pledge.reference.clone(),
                qr_svg: crate::qr::svg(&payload, 240),
                payload,
            })
        }
        _ => None,
    };
    Ok(ThankYou {
        reference: pledge.reference,
        need_id: pledge.need_id,
        need_title,
        kind: pledge.kind,
        amount: pledge.amount,
        item: pledge.item,
        quantity: pledge.quantity,
        unit: pledge.unit,
        description: pledge.description,
        estimated_value: pledge.estimated_value,
        over_need: pledge.over_need,
        payment,
    })
}

#[component]
pub fn PledgePage() -> impl IntoView {
    // Each form carries its own token: never shared, never cached.
    mark_private();
    let lang = current_lang();
    let t = lang.t();
    let need = use_query_map().get_untracked().get("need").and_then(|v| v.trim().parse::<i64>().ok());
    view! {
        <Title text=format!("{} · {}", t.pledge_title, t.portal_name)/>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let result = match need {
                    Some(id) => get_pledge_form(id).await,
                    None => Err(AppError::NotFound),
                };
                match result {
                    Err(error) => view! {
                        <ErrorNotice error not_found_title=t.need_not_found_title not_found_body=t.need_not_found_body/>
                    }
                        .into_any(),
                    Ok(data) => view! { <PledgeFormView lang data/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PledgeFormView(lang: Lang, data: PledgeFormData) -> impl IntoView {
    let t = lang.t();
    let need = data.need;
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
    view! {
        <p class="breadcrumb"><a href=format!("/needs/{}", need.id)>{"← "} {need.title.clone()}</a></p>
        <h1>{t.pledge_title}</h1>
        {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
        {(!problems.is_empty()).then(|| view! { <p class="form-error" role="alert">{t.form_has_problems}</p> })}
        <section class="pledge-need staff-card">
            <p>{t.pledge_for} ": " <strong>{need.title.clone()}</strong> " — " {need.commune.name.clone()}</p>
            <p>{t.need_lacking} ": " <strong>{vnd(need.lacking())}</strong> " / " {vnd(need.total)}</p>
        </section>
        <form method="post" action="/pledge" class="stacked need-form pledge-form">
            <input type="hidden" name="need" value=need.id.to_string()/>
            <input type="hidden" name="token" value=data.token/>
            <fieldset>
                <legend>{t.pledge_who}</legend>
                <label for="donor_type">{t.pledge_donor_type}</label>
                <select id="donor_type" name="donor_type" required aria-invalid=problem("donor_type").map(|_| "true")>
                    <option value="">{t.choose}</option>
                    {DonorKind::ALL
                        .into_iter()
                        .map(|k| view! { <option value=k.as_str() selected=chosen_donor == Some(k)>{lang.donor_kind(k)}</option> })
                        .collect_view()}
                </select>
                {problem("donor_type").map(|m| view! { <p class="field-error">{m}</p> })}
                {input("name", t.pledge_name, form.name.clone(), "text", "name")}
                {input("email", t.pledge_email, form.email.clone(), "email", "email")}
                {input("phone", t.pledge_phone, form.phone.clone(), "tel", "tel")}
                {input("tax_code", t.pledge_tax_code, form.tax_code.clone(), "text", "off")}
            </fieldset>
            <fieldset>
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
                {input("amount", t.pledge_amount, form.amount.clone(), "text", "off")}
                {input("item", t.pledge_item, form.item.clone(), "text", "off")}
                {input("quantity", t.pledge_quantity, form.quantity.clone(), "text", "off")}
                {input("unit", t.pledge_unit, form.unit.clone(), "text", "off")}
                {input("description", t.pledge_description, form.description.clone(), "text", "off")}
                {input("estimated_value", t.pledge_estimated_value, form.estimated_value.clone(), "text", "off")}
            </fieldset>
            <fieldset>
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
                <input type="checkbox" name="consent" value="yes" required checked=form.consent.is_some()
                    aria-invalid=problem("consent").map(|_| "true")/>
                <span>{t.pledge_consent} " " <a href="/pages/privacy">{t.nav_privacy}</a></span>
            </label>
            {problem("consent").map(|m| view! { <p class="field-error">{m}</p> })}
            <button type="submit" class="button">{t.pledge_submit}</button>
        </form>
    }
}

#[component]
pub fn ThankYouPage() -> impl IntoView {
    mark_private();
    let lang = current_lang();
    let t = lang.t();
    let reference = use_params_map().get_untracked().get("reference").unwrap_or_default();
    view! {
        <Title text=format!("{} · {}", t.thanks_title, t.portal_name)/>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {
                let reference = reference.clone();
                move || {
                    let reference = reference.clone();
                    Suspend::new(async move {
                        match get_thank_you(reference).await {
                            Err(error) => view! { <ErrorNotice error/> }.into_any(),
                            Ok(data) => view! { <ThankYouView lang data/> }.into_any(),
                        }
                    })
                }
            }
        </Suspense>
    }
}

#[component]
fn ThankYouView(lang: Lang, data: ThankYou) -> impl IntoView {
    let t = lang.t();
    let what = match data.kind {
        PledgeKind::Money => data.amount.map(vnd).unwrap_or_default(),
        PledgeKind::InKind => format!(
            "{} × {} {} ({})",
            data.item.clone().unwrap_or_default(),
            group_digits(data.quantity.unwrap_or(0)),
            data.unit.clone().unwrap_or_default(),
            vnd(data.estimated_value.unwrap_or(0))
        ),
        PledgeKind::Service => {
            format!("{} ({})", data.description.clone().unwrap_or_default(), vnd(data.estimated_value.unwrap_or(0)))
        }
    };
    view! {
        <h1>{t.thanks_title}</h1>
        <p class="lead">{t.thanks_intro}</p>
        <dl class="facts wide staff-card">
            <div><dt>{t.thanks_reference}</dt><dd class="pledge-reference">{data.reference.clone()}</dd></div>
            <div><dt>{t.thanks_pledged}</dt><dd class="pledge-what">{what}</dd></div>
            {data.need_title.clone().zip(data.need_id).map(|(title, id)| view! {
                <div><dt>{t.pledge_for}</dt><dd><a href=format!("/needs/{id}")>{title}</a></dd></div>
            })}
        </dl>
        {data.over_need.then(|| view! { <p class="notice over-need" role="status">{t.thanks_over_need}</p> })}
        {match (data.kind, data.payment) {
            (PledgeKind::Money, Some(pay)) => view! {
                <section class="payment" aria-labelledby="pay-heading">
                    <h2 id="pay-heading">{t.pay_title}</h2>
                    <p>{t.pay_intro}</p>
                    <div class="qr vietqr" data-payload=pay.payload.clone() inner_html=pay.qr_svg></div>
                    <dl class="facts wide">
                        <div><dt>{t.pay_bank}</dt><dd>{pay.account.bank_name.clone()}</dd></div>
                        <div><dt>{t.pay_account}</dt><dd class="pay-account">{pay.account.number.clone()}</dd></div>
                        <div><dt>{t.pay_account_name}</dt><dd>{pay.account.name.clone()}</dd></div>
                        <div><dt>{t.pay_amount}</dt><dd class="pay-amount">{vnd(pay.amount)}</dd></div>
                        <div><dt>{t.pay_message}</dt><dd class="pay-message">{pay.message.clone()}</dd></div>
                    </dl>
                </section>
            }
                .into_any(),
            (PledgeKind::Money, None) => view! { <p class="notice">{t.pay_no_account}</p> }.into_any(),
            _ => view! { <p>{t.thanks_goods}</p> }.into_any(),
        }}
    }
}
