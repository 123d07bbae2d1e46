//! The admin's pages for staff accounts, and the page where an invited or reset person sets a
//! password.

use crate::components::page_title::PageTitle;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use crate::current_lang;
use crate::error::AppError;
use crate::pages::errors::ErrorNotice;
use crate::pages::mark_private;
use domain::i18n::Lang;
use domain::{AccountView, CommuneRef, Flash, Role};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AccountsData {
    pub accounts: Vec<AccountView>,
    pub communes: Vec<CommuneRef>,
    pub flash: Flash,
}

#[server(prefix = "/sf", endpoint = "accounts")]
pub async fn get_accounts() -> Result<AccountsData, AppError> {
    let admin = crate::pages::require_staff()?;
    let portal = crate::pages::portal()?;
    let accounts = portal.staff_accounts(&admin).await?;
    Ok(AccountsData { accounts, communes: portal.areas.communes(), flash: crate::pages::flash().unwrap_or_default() })
}

#[server(prefix = "/sf", endpoint = "account")]
pub async fn get_account(id: i64) -> Result<(AccountView, AccountsData), AppError> {
    let admin = crate::pages::require_staff()?;
    let portal = crate::pages::portal()?;
    let account = portal.staff_account(&admin, id).await?;
    Ok((
        account,
        AccountsData {
            accounts: Vec::new(),
            communes: portal.areas.communes(),
            flash: crate::pages::flash().unwrap_or_default(),
        },
    ))
}

/// Whether a set-password link is still valid.
#[server(prefix = "/sf", endpoint = "welcome")]
pub async fn get_welcome(token: String) -> Result<bool, AppError> {
    Ok(crate::pages::portal()?.password_link_usable(&token).await?)
}

fn field_error(lang: Lang, flash: &Flash, field: &str) -> Option<&'static str> {
    flash.problems.get(field).map(|p| lang.field_problem(*p))
}

#[component]
fn LinkNotice(lang: Lang, flash: Flash, done: Option<String>) -> impl IntoView {
    let notice = flash.notice.clone().or(done).and_then(|c| lang.done(&c));
    view! {
        {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
        {flash.link.clone().map(|l| view! { <p class="one-time-link"><code>{l}</code></p> })}
        {field_error(lang, &flash, "account").map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
    }
}

#[component]
fn AccessFields(
    lang: Lang,
    communes: Vec<CommuneRef>,
    role: Option<Role>,
    chosen: Vec<String>,
    flash: Flash,
) -> impl IntoView {
    let t = lang.t();
    view! {
        <label for="role">{t.staff_role}</label>
        <select id="role" name="role" required aria-invalid=field_error(lang, &flash, "role").map(|_| "true")>
            <option value="">{t.choose}</option>
            {Role::ALL.into_iter().map(|r| view! { <option value=r.as_str() selected=role == Some(r)>{lang.role(r)}</option> }).collect_view()}
        </select>
        {field_error(lang, &flash, "role").map(|m| view! { <p class="field-error">{m}</p> })}
        <label for="communes">{t.account_communes_hint}</label>
        <select id="communes" name="communes" multiple size="8" aria-invalid=field_error(lang, &flash, "communes").map(|_| "true")>
            {communes
                .into_iter()
                .map(|c| {
                    let selected = chosen.contains(&c.code);
                    view! { <option value=c.code selected=selected>{c.name}</option> }
                })
                .collect_view()}
        </select>
        {field_error(lang, &flash, "communes").map(|m| view! { <p class="field-error">{m}</p> })}
    }
}

#[component]
pub fn AccountsPage() -> impl IntoView {
    mark_private();
    let lang = current_lang();
    let t = lang.t();
    view! {
        <PageTitle text=format!("{} · {}", t.accounts_title, t.portal_name)/>
        <p class="breadcrumb"><a href="/staff">{"← "} {t.staff_home_title}</a></p>
        <h1>{t.accounts_title}</h1>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match get_accounts().await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(data) => {
                        let flash = data.flash;
                        let typed = |k: &str| flash.fields.get(k).cloned().unwrap_or_default();
                        let typed_role = Role::parse(&typed("role"));
                        view! {
                            <LinkNotice lang flash=flash.clone() done=None/>
                            <table class="data-table accounts">
                                <thead>
                                    <tr>
                                        <th scope="col">{t.staff_email}</th>
                                        <th scope="col">{t.account_name}</th>
                                        <th scope="col">{t.staff_role}</th>
                                        <th scope="col">{t.staff_communes}</th>
                                        <th scope="col">{t.need_status}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {data
                                        .accounts
                                        .into_iter()
                                        .map(|a| {
                                            let communes = a.communes.iter().map(|c| c.name.clone()).collect::<Vec<_>>().join(", ");
                                            view! {
                                                <tr>
                                                    <td><a href=format!("/staff/accounts/{}", a.id)>{a.email}</a></td>
                                                    <td>{a.display_name}</td>
                                                    <td>{lang.role(a.role)}</td>
                                                    <td>{communes}</td>
                                                    <td>{if a.active { t.account_active } else { t.account_disabled }}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                            <h2>{t.accounts_invite}</h2>
                            <form method="post" action="/staff/accounts" class="stacked need-form">
                                <label for="email">{t.staff_email}</label>
                                <input id="email" name="email" type="email" required value=typed("email")
                                    aria-invalid=field_error(lang, &flash, "email").map(|_| "true")/>
                                {field_error(lang, &flash, "email").map(|m| view! { <p class="field-error">{m}</p> })}
                                <label for="display_name">{t.account_name}</label>
                                <input id="display_name" name="display_name" type="text" value=typed("display_name")/>
                                <AccessFields lang communes=data.communes role=typed_role chosen=Vec::new() flash=flash.clone()/>
                                <button type="submit" class="button">{t.accounts_invite}</button>
                            </form>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    mark_private();
    let lang = current_lang();
    let t = lang.t();
    let id = use_params_map().get_untracked().get("id").and_then(|v| v.parse::<i64>().ok());
    let done = use_query_map().get_untracked().get("done");
    view! {
        <PageTitle text=format!("{} · {}", t.accounts_title, t.portal_name)/>
        <p class="breadcrumb"><a href="/staff/accounts">{"← "} {t.accounts_title}</a></p>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {
                let done = done.clone();
                move || {
                    let done = done.clone();
                    Suspend::new(async move {
                        let result = match id {
                            Some(id) => get_account(id).await,
                            None => Err(AppError::NotFound),
                        };
                        match result {
                            Err(error) => view! { <ErrorNotice error/> }.into_any(),
                            Ok((account, data)) => {
                                let chosen = account.communes.iter().map(|c| c.code.clone()).collect();
                                let id = account.id;
                                view! {
                                    <h1>{account.email.clone()}</h1>
                                    <LinkNotice lang flash=data.flash.clone() done/>
                                    <p class="account-state">{if account.active { t.account_active } else { t.account_disabled }}</p>
                                    <form method="post" action=format!("/staff/accounts/{id}/access") class="stacked need-form">
                                        <AccessFields lang communes=data.communes role=Some(account.role) chosen flash=data.flash.clone()/>
                                        <button type="submit" class="button">{t.account_save_access}</button>
                                    </form>
                                    <div class="actions">
                                        <form method="post" action=format!("/staff/accounts/{id}/reset")>
                                            <button type="submit" class="button secondary">{t.account_reset}</button>
                                        </form>
                                        {if account.active {
                                            view! {
                                                <form method="post" action=format!("/staff/accounts/{id}/disable")>
                                                    <button type="submit" class="button danger">{t.account_disable}</button>
                                                </form>
                                            }.into_any()
                                        } else {
                                            view! {
                                                <form method="post" action=format!("/staff/accounts/{id}/enable")>
                                                    <button type="submit" class="button">{t.account_enable}</button>
                                                </form>
                                            }.into_any()
                                        }}
                                    </div>
                                }
                                    .into_any()
                            }
                        }
                    })
                }
            }
        </Suspense>
    }
}

#[component]
pub fn WelcomePage() -> impl IntoView {
    mark_private();
    let lang = current_lang();
    let t = lang.t();
    let token = use_params_map().get_untracked().get("token").unwrap_or_default();
    let flash = crate::pages::flash().unwrap_or_default();
    view! {
        <PageTitle text=format!("{} · {}", t.welcome_title, t.portal_name)/>
        <section class="narrow-form">
            <h1>{t.welcome_title}</h1>
            <Suspense fallback=move || view! { <p>{t.loading}</p> }>
                {
                    let token = token.clone();
                    let flash = flash.clone();
                    move || {
                        let token = token.clone();
                        let flash = flash.clone();
                        Suspend::new(async move {
                            match get_welcome(token.clone()).await {
                                Ok(true) => view! {
                                    <p>{t.welcome_intro}</p>
                                    <form method="post" action=format!("/staff/welcome/{token}") class="stacked">
                                        <label for="new">{t.welcome_password}</label>
                                        <input id="new" name="new" type="password" required autocomplete="new-password"
                                            aria-invalid=field_error(lang, &flash, "new").map(|_| "true")/>
                                        {field_error(lang, &flash, "new").map(|m| view! { <p class="field-error">{m}</p> })}
                                        <label for="confirm">{t.welcome_confirm}</label>
                                        <input id="confirm" name="confirm" type="password" required autocomplete="new-password"
                                            aria-invalid=field_error(lang, &flash, "confirm").map(|_| "true")/>
                                        {field_error(lang, &flash, "confirm").map(|m| view! { <p class="field-error">{m}</p> })}
                                        <button type="submit" class="button">{t.welcome_submit}</button>
                                    </form>
                                }
                                    .into_any(),
                                Ok(false) => {
                                    crate::pages::set_status(410);
                                    view! { <p class="form-error" role="alert">{t.welcome_invalid}</p> }.into_any()
                                }
                                Err(error) => view! { <ErrorNotice error/> }.into_any(),
                            }
                        })
                    }
                }
            </Suspense>
        </section>
    }
}
