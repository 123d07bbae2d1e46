//! The printable acknowledgement of receipt (`/pledge/{reference}/receipt`): what the programme
//! received from a donor, in figures and in words, with a business's tax code, for the donor's
//! accounts. It names the donor, so it is the donor's own document: only the donor signed in on
//! `/me` and staff who manage pledges see it; anyone else who knows the reference is asked to sign
//! in. Never cached or indexed.

use leptos::prelude::*;
use leptos_meta::Meta;

use crate::components::page_title::PageTitle;
use leptos_router::hooks::use_params_map;

use crate::current_lang;
use crate::error::AppError;
use crate::pages::errors::ErrorNotice;
use crate::pages::mark_private;
use domain::Receipt;
use domain::format::{date, vnd};
use domain::i18n::Lang;

#[server(prefix = "/sf", endpoint = "receipt")]
pub async fn get_receipt(reference: String) -> Result<Receipt, AppError> {
    let viewer = domain::Viewer { staff: crate::pages::signed_in(), donor: crate::pages::signed_in_donor() };
    Ok(crate::pages::portal()?.receipt(&reference, &viewer).await?)
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
    let t = lang.t();
    view! {
        <h1>{t.receipt_title}</h1>
        <p class="notice sign-in-required" role="status">{t.receipt_sign_in_required}</p>
        <p><a class="button" href="/me">{t.receipt_sign_in}</a></p>
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
                <div><dt>{t.receipt_in_words}</dt><dd class="receipt-in-words"><em>{lang.amount_in_words(receipt.received)}</em></dd></div>
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
