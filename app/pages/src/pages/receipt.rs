//! The printable acknowledgement of receipt (`/pledge/{reference}/receipt`): what the programme
//! received from a donor, in figures and in words, with a business's tax code, for the donor's
//! accounts. It names the donor, so it is the donor's own document: only the donor signed in on
//! `/me` and staff who manage pledges see it; anyone else who knows the reference is asked to sign
//! in. Never cached or indexed.

use leptos::prelude::*;
use leptos_meta::Meta;

use crate::components::page_title::PageTitle;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use crate::current_lang;
use crate::error::AppError;
use crate::pages::errors::ErrorNotice;
use crate::pages::mark_private;
use domain::DonorKind;
use domain::format::{date, vnd};
use domain::i18n::Lang;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Receipt {
    pub reference: String,
    pub org_name: String,
    /// "Thái Nguyên": where the receipt is dated.
    pub place: String,
    pub donor_name: String,
    pub donor_kind: DonorKind,
    pub tax_code: Option<String>,
    pub what: String,
    /// The need (with its commune) or the campaign the gift went to.
    pub target: Option<String>,
    /// Each payment or hand-over received: (day in Vietnam, whole đồng).
    pub payments: Vec<(time::Date, i64)>,
    pub received: i64,
    pub issued_on: time::Date,
}

#[server(prefix = "/sf", endpoint = "receipt")]
pub async fn get_receipt(reference: String) -> Result<Receipt, AppError> {
    let portal = crate::pages::portal()?;
    let reference = reference.trim().to_uppercase();
    let staff = crate::pages::signed_in().filter(domain::staff::may_manage_pledges);
    if staff.is_none() {
        let Some(donor_id) = crate::pages::signed_in_donor() else { return Err(AppError::SignInRequired) };
        // Another donor's receipt is as unknown to them as a reference that does not exist.
        if !portal.store.own_pledges(donor_id).await?.iter().any(|p| p.reference == reference) {
            return Err(AppError::NotFound);
        }
    }
    let pledge = portal.store.pledge(&reference).await?.ok_or(AppError::NotFound)?;
    let donor = portal.store.staff_pledge(&reference).await?.ok_or(AppError::NotFound)?;
    let vietnam = time::UtcOffset::from_hms(7, 0, 0).unwrap_or(time::UtcOffset::UTC);
    let payments: Vec<(time::Date, i64)> = portal
        .store
        .pledge_ledger(&reference)
        .await?
        .into_iter()
        .filter(|entry| entry.entry == "confirmation")
        .map(|entry| (entry.at.to_offset(vietnam).date(), entry.amount))
        .collect();
    let received: i64 = payments.iter().map(|(_, amount)| amount).sum();
    // Only what actually arrived is acknowledged: nothing yet, or a cancelled gift, has no receipt.
    if received <= 0 || !matches!(pledge.status.as_str(), "partly_paid" | "confirmed" | "delivered") {
        return Err(AppError::NotFound);
    }
    let target = match (pledge.need_id, pledge.campaign_id) {
        (Some(id), _) => portal.store.need(id).await?.map(|need| {
            let commune = portal.areas.commune(&need.commune_code).map(|c| c.name).unwrap_or_default();
            format!("{} — {commune}", need.title)
        }),
        (None, Some(id)) => portal.store.campaign_by_id(id).await?.map(|c| c.title),
        (None, None) => None,
    };
    let province = portal.areas.province_proper_name();
    let place = ["Tỉnh ", "Thành phố "].iter().find_map(|p| province.strip_prefix(p)).unwrap_or(&province).to_owned();
    Ok(Receipt {
        what: domain::format::pledge_what(
            pledge.kind,
            pledge.amount,
            (pledge.item.as_deref(), pledge.quantity, pledge.unit.as_deref()),
            pledge.description.as_deref(),
            pledge.estimated_value,
        ),
        reference,
        org_name: portal.site.org_name.clone(),
        place,
        donor_name: donor.donor_name,
        donor_kind: donor.donor_kind,
        tax_code: donor.donor_tax_code,
        target,
        payments,
        received,
        issued_on: domain::format::today(),
    })
}

#[component]
pub fn ReceiptPage() -> impl IntoView {
    // A receipt names the donor: it is theirs, never kept by a cache.
    mark_private();
    let lang = current_lang();
    let t = lang.t();
    let reference = use_params_map().get_untracked().get("reference").unwrap_or_default();
    view! {
        <PageTitle text=format!("{} · {}", t.receipt_title, t.portal_name)/>
        <Meta name="robots" content="noindex"/>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {
                let reference = reference.clone();
                move || {
                    let reference = reference.clone();
                    Suspend::new(async move {
                        match get_receipt(reference).await {
                            Err(AppError::SignInRequired) => {
                                crate::pages::set_status(403);
                                view! { <ReceiptSignIn lang/> }.into_any()
                            }
                            Err(error) => view! {
                                <ErrorNotice error not_found_title=t.receipt_not_ready_title not_found_body=t.receipt_not_ready_body/>
                            }
                            .into_any(),
                            Ok(receipt) => view! { <ReceiptView lang receipt/> }.into_any(),
                        }
                    })
                }
            }
        </Suspense>
    }
}

/// Someone who is not signed in asks for a receipt: it is the donor's, behind the donor's sign-in.
#[component]
fn ReceiptSignIn(lang: Lang) -> impl IntoView {
    view! {
        <h1>{lang.t().receipt_title}</h1>
        <p class="notice sign-in-required" role="status">{lang.pick(
            "Giấy xác nhận ghi tên nhà tài trợ nên chỉ nhà tài trợ xem được. Xin đăng nhập bằng thư điện tử đã dùng khi đăng ký ủng hộ.",
            "A receipt names its donor, so only the donor can see it. Please sign in with the email address you pledged with.")}</p>
        <p><a class="button" href="/me">{lang.pick("Đăng nhập trang nhà tài trợ", "Sign in to your donor page")}</a></p>
    }
}

#[component]
fn ReceiptView(lang: Lang, receipt: Receipt) -> impl IntoView {
    let t = lang.t();
    view! {
        <p class="breadcrumb no-print"><a href=format!("/pledge/{}", receipt.reference)>{"← "} {t.receipt_back}</a></p>
        <article class="receipt">
            <header class="receipt-head">
                <p class="receipt-org">{receipt.org_name.clone()}</p>
                <p class="receipt-nation"><strong>{t.receipt_nation}</strong><br/>{t.receipt_motto}</p>
            </header>
            <h1>{t.receipt_title}</h1>
            <p class="receipt-number">{t.receipt_number} ": " <strong>{receipt.reference.clone()}</strong></p>
            <dl class="facts wide receipt-facts">
                <div><dt>{t.receipt_donor}</dt><dd class="receipt-donor">{receipt.donor_name.clone()}</dd></div>
                <div><dt>{t.pledge_donor_type}</dt><dd>{lang.donor_kind(receipt.donor_kind)}</dd></div>
                {receipt.tax_code.clone().map(|code| view! {
                    <div><dt>{t.receipt_tax_code}</dt><dd class="receipt-tax-code">{code}</dd></div>
                })}
                <div><dt>{t.receipt_pledged}</dt><dd>{receipt.what.clone()}</dd></div>
                {receipt.target.clone().map(|target| view! { <div><dt>{t.receipt_for}</dt><dd>{target}</dd></div> })}
                <div><dt>{t.receipt_received}</dt><dd class="receipt-amount"><strong>{vnd(receipt.received)}</strong></dd></div>
                <div><dt>{t.receipt_in_words}</dt><dd class="receipt-in-words"><em>{domain::in_words::vnd_in_words(receipt.received, lang)}</em></dd></div>
            </dl>
            <table class="receipt-payments">
                <caption>{t.receipt_payments}</caption>
                <thead><tr><th scope="col">{t.receipt_col_date}</th><th scope="col" class="num">{t.receipt_col_amount}</th></tr></thead>
                <tbody>
                    {receipt.payments.iter().map(|(on, amount)| view! {
                        <tr><td>{date(*on)}</td><td class="num">{vnd(*amount)}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            <p class="receipt-statement">{lang.receipt_statement(&receipt.org_name)}</p>
            <div class="receipt-signature">
                <p class="receipt-dated"><em>{lang.dated_at(&receipt.place, receipt.issued_on)}</em></p>
                <p><strong>{t.receipt_signature}</strong><br/><em>{t.receipt_signature_hint}</em></p>
            </div>
        </article>
        <p class="hint no-print">{t.receipt_print_hint}</p>
    }
}
