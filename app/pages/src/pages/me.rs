//! A donor's own page, without a password: `/me` asks for an email address and sends a one-time
//! link; `/me/sign-in/{token}` signs in with it (a button, so a mail scanner that opens links does
//! not use it up); then `/me` shows the donor's pledges and receipts, how they are shown publicly,
//! a download of everything held about them, and erasure.

use leptos::prelude::*;
use leptos_meta::Meta;

use crate::components::page_title::PageTitle;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use crate::current_lang;
use crate::error::AppError;
use crate::pages::errors::ErrorNotice;
use domain::format::{moment, vnd};
use domain::i18n::Lang;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum MeData {
    /// Nobody is signed in: the form that sends a link (and what happened last time).
    SignIn { notice: Option<String>, email: String, problem: Option<String> },
    Own {
        page: Box<domain::network::OwnPage>,
        notice: Option<String>,
        /// Why the channel chosen last could not be kept.
        problem: Option<String>,
    },
}

#[server(prefix = "/sf", endpoint = "me")]
pub async fn get_me() -> Result<MeData, AppError> {
    crate::pages::mark_private();
    let portal = crate::pages::portal()?;
    let lang = crate::current_lang();
    let flash = crate::pages::flash().unwrap_or_default();
    match crate::pages::signed_in_donor() {
        Some(donor_id) => match portal.own_page(donor_id, lang).await {
            Ok(page) => Ok(MeData::Own {
                page: Box::new(page),
                notice: flash.notice,
                problem: flash.problems.get("notice_channel").map(|p| lang.field_problem(*p).to_owned()),
            }),
            Err(portal::Error::SignInRequired) => {
                Ok(MeData::SignIn { notice: None, email: String::new(), problem: None })
            }
            Err(e) => Err(e.into()),
        },
        None => Ok(MeData::SignIn {
            notice: flash.notice,
            email: flash.fields.get("email").cloned().unwrap_or_default(),
            problem: flash.problems.get("email").map(|p| lang.field_problem(*p).to_owned()),
        }),
    }
}

#[server(prefix = "/sf", endpoint = "me_link")]
pub async fn get_link_state(token: String) -> Result<bool, AppError> {
    crate::pages::mark_private();
    let portal = crate::pages::portal()?;
    Ok(portal.sign_in_link_usable(&token).await?)
}

fn title(lang: Lang) -> &'static str {
    lang.t().donor_page_title
}

#[component]
pub fn MePage() -> impl IntoView {
    let lang = current_lang();
    let t = lang.t();
    view! {
        <PageTitle text=format!("{} · {}", title(lang), t.portal_name)/>
        <Meta name="robots" content="noindex"/>
        <h1>{title(lang)}</h1>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match get_me().await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(MeData::SignIn { notice, email, problem }) => view! { <SignInForm lang notice email problem/> }.into_any(),
                    Ok(MeData::Own { page, notice, problem }) => view! { <OwnView lang page=*page notice problem/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SignInForm(lang: Lang, notice: Option<String>, email: String, problem: Option<String>) -> impl IntoView {
    let t = lang.t();
    let notice = notice.map(|code| match code.as_str() {
        "link_sent" => t.me_link_sent,
        "erased" => t.me_erased,
        "signed_out" => t.me_signed_out,
        _ => t.me_link_unusable,
    });
    view! {
        {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
        <p class="lead">{t.me_sign_in_intro}</p>
        <form method="post" action="/me/sign-in" class="stacked">
            <label for="email">{t.me_email}</label>
            <input id="email" name="email" type="email" required autocomplete="email" value=email maxlength="254"
                aria-invalid=problem.as_ref().map(|_| "true") aria-describedby=problem.as_ref().map(|_| "email-error")/>
            {problem.map(|m| view! { <p class="field-error" id="email-error">{m}</p> })}
            <button type="submit" class="button">{t.me_send_link}</button>
        </form>
        <p class="hint phone-only">{t.me_phone_only}</p>
    }
}

fn display_label(lang: Lang, display: &str) -> &'static str {
    let t = lang.t();
    match display {
        "named" => t.me_shown_named,
        "anonymous" => t.me_shown_anonymous,
        _ => t.me_shown_unlisted,
    }
}

#[component]
fn OwnView(
    lang: Lang,
    page: domain::network::OwnPage,
    notice: Option<String>,
    problem: Option<String>,
) -> impl IntoView {
    let t = lang.t();
    let donor = page.donor;
    let waiting = donor.membership.as_deref() == Some("applied");
    let notice = notice.and_then(|code| match code.as_str() {
        "signed_in" => Some(t.me_signed_in),
        "choices_saved" => Some(t.me_choices_saved),
        "channel_saved" => Some(t.me_channel_saved),
        "digest_saved" => Some(t.me_digest_saved),
        "erase_unconfirmed" => Some(t.me_erase_unconfirmed),
        _ => None,
    });
    view! {
        {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
        <p class="lead">{t.me_hello}<strong class="me-name">{donor.name.clone()}</strong></p>
        <section aria-labelledby="pledges-heading">
            <h2 id="pledges-heading">{t.me_pledges_heading}</h2>
            {if page.pledges.is_empty() {
                view! { <p class="empty">{t.me_no_pledges}</p> }.into_any()
            } else {
                view! {
                    <table class="flow-table own-pledges">
                        <thead><tr>
                            <th scope="col">{t.me_col_reference}</th>
                            <th scope="col">{t.me_col_date}</th>
                            <th scope="col" class="num">{t.me_col_value}</th>
                            <th scope="col" class="num">{t.me_col_received}</th>
                            <th scope="col">{t.me_col_status}</th>
                            <th scope="col">{t.me_col_shown}</th>
                            <th scope="col">{t.me_col_receipt}</th>
                        </tr></thead>
                        <tbody>
                            {page.pledges.into_iter().map(|p| {
                                let receipt = (p.received > 0).then(|| view! {
                                    <a href=format!("/pledge/{}/receipt", p.reference)>{t.me_receipt_link}</a>
                                });
                                view! {
                                    <tr class="own-pledge">
                                        <th scope="row"><a href=format!("/pledge/{}", p.reference)>{p.reference.clone()}</a></th>
                                        <td>{moment(p.created_at)}</td>
                                        <td class="num">{vnd(p.value)}</td>
                                        <td class="num">{vnd(p.received)}</td>
                                        <td>{lang.pledge_status(&p.status)}</td>
                                        <td>{display_label(lang, &p.display)}</td>
                                        <td>{receipt}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
        {(!page.recognitions.is_empty()).then(|| view! {
            <section aria-labelledby="own-recognitions">
                <h2 id="own-recognitions">{t.me_recognitions_heading}</h2>
                <ul>{page.recognitions.into_iter().map(|r| view! {
                    <li>{format!("{} — {} ", r.year, r.level_name)}<a href=format!("/honour-roll/{}/letter", r.id)>{t.me_recognition_letter}</a></li>
                }).collect_view()}</ul>
            </section>
        })}
        <section aria-labelledby="choices-heading" class="staff-card">
            <h2 id="choices-heading">{t.me_choices_heading}</h2>
            <form method="post" action="/me/choices" class="stacked">
                <fieldset>
                    <legend>{t.me_name_legend}</legend>
                    <label class="checkbox"><input type="radio" name="display" value="named" checked=donor.public_name/>
                        {t.me_choice_named}</label>
                    <label class="checkbox"><input type="radio" name="display" value="anonymous" checked=!donor.public_name/>
                        {t.me_choice_anonymous}</label>
                </fieldset>
                <label class="checkbox"><input type="checkbox" name="listed" value="yes" checked=donor.listed || waiting/>
                    {t.me_choice_listed}</label>
                {waiting.then(|| view! {
                    <p class="hint listing-waiting">{t.me_listing_waiting}</p>
                })}
                <button type="submit" class="button">{t.me_save}</button>
            </form>
        </section>
        <ChannelChoice lang donor=donor.clone() problem/>
        <DigestChoice lang has_email=donor.email.is_some() wanted=page.digest/>
        <section aria-labelledby="data-heading">
            <h2 id="data-heading">{t.me_data_heading}</h2>
            <p><a href="/me/data.json" download="du-lieu-nha-tai-tro.json">{t.me_data_download}</a></p>
            <form method="post" action="/me/erase" class="stacked danger-zone">
                <p>{t.me_erase_explain}</p>
                <label class="checkbox"><input type="checkbox" name="confirm" value="yes" required/>
                    {t.me_erase_confirm}</label>
                <button type="submit" class="button danger">{t.me_erase_submit}</button>
            </form>
            <form method="post" action="/me/sign-out"><button type="submit" class="link-button">{t.me_sign_out}</button></form>
        </section>
    }
}

/// How the donor hears back: email, Zalo or SMS (the phone channels only with a mobile number).
#[component]
fn ChannelChoice(lang: Lang, donor: domain::network::DonorRecord, problem: Option<String>) -> impl IntoView {
    let t = lang.t();
    let hears_by = donor.hears_by();
    let has_mobile = donor.phone.as_deref().and_then(domain::checks::mobile_84).is_some();
    view! {
        <section aria-labelledby="channel-heading" class="staff-card">
            <h2 id="channel-heading">{t.me_channel_heading}</h2>
            <form method="post" action="/me/channel" class="stacked">
                <fieldset aria-describedby=problem.as_ref().map(|_| "channel-error")>
                    <legend>{t.me_channel_explain}</legend>
                    {domain::NoticeChannel::ALL.into_iter().map(|c| {
                        let usable = if c == domain::NoticeChannel::Email { donor.email.is_some() } else { has_mobile };
                        view! {
                            <label class="checkbox">
                                <input type="radio" name="notice_channel" value=c.as_str() checked=hears_by == c
                                    disabled=!usable/>
                                {lang.notice_channel(c)}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                {(!has_mobile).then(|| view! { <p class="hint">{t.me_channel_needs_mobile}</p> })}
                {problem.map(|m| view! { <p class="field-error" id="channel-error">{m}</p> })}
                <button type="submit" class="button">{t.me_save}</button>
            </form>
        </section>
    }
}

/// Whether the donor receives the regular digest (by email only).
#[component]
fn DigestChoice(lang: Lang, has_email: bool, wanted: bool) -> impl IntoView {
    let t = lang.t();
    view! {
        <section aria-labelledby="digest-heading" class="staff-card">
            <h2 id="digest-heading">{t.me_digest_heading}</h2>
            <form method="post" action="/me/digest" class="stacked">
                <fieldset>
                    <legend>{t.me_digest_explain}</legend>
                    <label class="checkbox"><input type="radio" name="digest" value="yes" checked=wanted disabled=!has_email/>
                        {t.me_digest_yes}</label>
                    <label class="checkbox"><input type="radio" name="digest" value="no" checked=!wanted/>
                        {t.me_digest_no}</label>
                </fieldset>
                {(!has_email).then(|| view! { <p class="hint">{t.me_digest_needs_email}</p> })}
                <button type="submit" class="button">{t.me_save}</button>
            </form>
        </section>
    }
}

#[component]
pub fn MeSignInPage() -> impl IntoView {
    let lang = current_lang();
    let t = lang.t();
    let token = use_params_map().get_untracked().get("token").unwrap_or_default();
    view! {
        <PageTitle text=format!("{} · {}", title(lang), t.portal_name)/>
        <Meta name="robots" content="noindex"/>
        <h1>{title(lang)}</h1>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {
                let token = token.clone();
                move || {
                    let token = token.clone();
                    Suspend::new(async move {
                        match get_link_state(token.clone()).await {
                            Err(error) => view! { <ErrorNotice error/> }.into_any(),
                            Ok(false) => {
                                crate::pages::set_status(410);
                                view! {
                                    <p class="notice" role="alert">{t.me_link_used}</p>
                                    <p><a href="/me">{t.me_ask_new_link}</a></p>
                                }.into_any()
                            }
                            Ok(true) => view! {
                                <form method="post" action=format!("/me/sign-in/{token}") class="stacked">
                                    <p>{t.me_sign_in_press}</p>
                                    <button type="submit" class="button">{t.me_sign_in_submit}</button>
                                </form>
                            }.into_any(),
                        }
                    })
                }
            }
        </Suspense>
    }
}
