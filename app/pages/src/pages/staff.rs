//! The staff area: sign-in and the workspace. Every page here is private and checks on the server
//! who is signed in; forms post to server handlers and come back here with the outcome.

use crate::components::page_title::PageTitle;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::current_lang;
use crate::pages::{mark_private, redirect_to, set_status, signed_in};

#[component]
pub fn LoginPage() -> impl IntoView {
    mark_private();
    let lang = current_lang();
    let t = lang.t();
    if signed_in().is_some() {
        redirect_to("/staff");
    }
    let query = use_query_map().get_untracked();
    let email = query.get("email").unwrap_or_default();
    let error = match query.get("error").as_deref() {
        Some("invalid") => Some(t.staff_login_invalid),
        Some("throttled") => {
            set_status(429);
            Some(t.staff_login_throttled)
        }
        Some("unavailable") => {
            set_status(503);
            Some(t.staff_login_unavailable)
        }
        Some("required") => Some(t.staff_login_required),
        Some("expired") => Some(t.login_expired),
        _ => None,
    };
    let done = query.get("done").and_then(|code| lang.done(&code));
    view! {
        <PageTitle text=format!("{} · {}", t.staff_login_title, t.portal_name)/>
        <section class="narrow-form">
            <h1>{t.staff_login_title}</h1>
            <p class="lead">{t.staff_login_intro}</p>
            {done.map(|n| view! { <p class="notice" role="status">{n}</p> })}
            {error.map(|message| view! { <p class="form-error" role="alert" id="login-error">{message}</p> })}
            <form method="post" action="/staff/login" class="stacked">
                <label for="email">{t.staff_email}</label>
                <input
                    id="email"
                    name="email"
                    type="email"
                    autocomplete="username"
                    required
                    maxlength="254"
                    value=email
                    aria-describedby=error.map(|_| "login-error")
                />
                <label for="password">{t.staff_password}</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="1024"/>
                <button type="submit" class="button">{t.staff_login_submit}</button>
            </form>
        </section>
    }
}

#[server(prefix = "/sf", endpoint = "staff_waiting")]
pub async fn get_waiting() -> Result<domain::staff::Waiting, crate::error::AppError> {
    let staff = crate::pages::require_staff()?;
    Ok(crate::pages::portal()?.waiting(&staff).await?)
}

/// What waits for the signed-in staff member, each count a link to its list.
#[component]
fn WaitingList() -> impl IntoView {
    let t = current_lang().t();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                get_waiting().await.ok().map(|w| {
                    let needs_label = if w.needs_status == "returned" { t.waiting_needs_returned } else { t.waiting_needs_submitted };
                    let items = [
                        (w.needs, format!("/staff/needs?status={}", w.needs_status), needs_label),
                        (w.applications, "/staff/network".to_owned(), t.waiting_applications),
                        (w.statement_lines, "/staff/reconcile".to_owned(), t.waiting_statement_lines),
                        (w.money_out, "/staff/reconcile#money-out-heading".to_owned(), t.waiting_money_out),
                        (w.parked_notices, "/staff/notices?status=failed".to_owned(), t.waiting_parked_notices),
                    ];
                    view! {
                        <section class="staff-card waiting" aria-labelledby="waiting-heading">
                            <h2 id="waiting-heading">{t.waiting_title}</h2>
                            {w.is_empty().then(|| view! { <p class="empty">{t.waiting_none}</p> })}
                            <ul>
                                {items.into_iter().filter(|(n, _, _)| *n > 0).map(|(n, href, label)| view! {
                                    <li><a href=href><strong>{n}</strong> " " {label}</a></li>
                                }).collect_view()}
                            </ul>
                        </section>
                    }
                })
            })}
        </Suspense>
    }
}

#[component]
pub fn StaffHome() -> impl IntoView {
    mark_private();
    let lang = current_lang();
    let t = lang.t();
    let Some(staff) = signed_in() else {
        redirect_to("/staff/login?error=required");
        return view! { <p>{t.staff_login_required}</p> }.into_any();
    };
    let communes = if staff.communes.is_empty() {
        t.staff_whole_province.to_owned()
    } else {
        staff.communes.iter().map(|c| c.name.clone()).collect::<Vec<_>>().join(", ")
    };
    let done = use_query_map().get_untracked().get("done").and_then(|code| lang.done(&code));
    let name = if staff.display_name.is_empty() { staff.email.clone() } else { staff.display_name.clone() };
    view! {
        <PageTitle text=format!("{} · {}", t.staff_home_title, t.portal_name)/>
        <h1>{t.staff_home_title}</h1>
        {done.map(|n| view! { <p class="notice" role="status">{n}</p> })}
        <dl class="facts wide staff-card">
            <div><dt>{t.staff_signed_in_as}</dt><dd class="staff-name">{name}</dd></div>
            <div><dt>{t.staff_role}</dt><dd class="staff-role">{lang.role(staff.role)}</dd></div>
            <div><dt>{t.staff_communes}</dt><dd class="staff-communes">{communes}</dd></div>
        </dl>
        <nav class="staff-links" aria-label=t.staff_home_title>
            <ul>
                {(staff.role != domain::Role::Partner).then(|| view! {
                    <li><a href="/staff/needs">{t.staff_nav_needs}</a></li>
                    <li><a href="/staff/needs/new">{t.staff_nav_new_need}</a></li>
                })}
                {matches!(staff.role, domain::Role::Admin | domain::Role::Coordinator).then(|| view! {
                    <li><a href="/staff/pledges">{t.staff_nav_pledges}</a></li>
                    <li><a href="/staff/reconcile">{t.reconcile_title}</a></li>
                    <li><a href="/staff/implementers">{t.implementers_title}</a></li>
                    <li><a href="/staff/reports">{t.reports_title}</a></li>
                    <li><a href="/staff/plan">{t.plan_title}</a></li>
                    <li><a href="/staff/partner-plans">{t.partner_plans_title}</a></li>
                    <li><a href="/staff/campaigns">{t.staff_nav_campaigns}</a></li>
                    <li><a href="/staff/notices">{t.staff_nav_notices}</a></li>
                    <li><a href="/staff/audit">{t.staff_nav_audit}</a></li>
                    <li><a href="/staff/network">{t.staff_network_title}</a></li>
                })}
                {(staff.role == domain::Role::Partner).then(|| view! {
                    <li><a href="/staff/mobilised">{t.staff_nav_mobilised}</a></li>
                    <li><a href="/staff/partner-plan">{t.partner_plan_title}</a></li>
                })}
                {(staff.role == domain::Role::Admin).then(|| view! {
                    <li><a href="/staff/accounts">{t.staff_nav_accounts}</a></li>
                })}
            </ul>
        </nav>
        <WaitingList/>
        <crate::pages::staff_notices::NoticeCounts/>
        <p><a href="/staff/password">{t.password_title}</a> " · " <a href="/staff/totp">{t.totp_title}</a></p>
        <form method="post" action="/staff/logout">
            <button type="submit" class="button secondary">{t.staff_sign_out}</button>
        </form>
    }
    .into_any()
}

#[component]
pub fn PasswordPage() -> impl IntoView {
    mark_private();
    let lang = current_lang();
    let t = lang.t();
    if signed_in().is_none() {
        redirect_to("/staff/login?error=required");
    }
    let problems = crate::pages::flash().map(|f| f.problems).unwrap_or_default();
    let field = move |name: &'static str, label: &'static str, autocomplete: &'static str| {
        let error = problems.get(name).map(|p| lang.field_problem(*p));
        view! {
            <label for=name>{label}</label>
            <input
                id=name
                name=name
                type="password"
                required
                maxlength="1024"
                autocomplete=autocomplete
                aria-invalid=error.map(|_| "true")
            />
            {error.map(|m| view! { <p class="field-error">{m}</p> })}
        }
    };
    view! {
        <PageTitle text=format!("{} · {}", t.password_title, t.portal_name)/>
        <section class="narrow-form">
            <p class="breadcrumb"><a href="/staff">{"← "} {t.staff_home_title}</a></p>
            <h1>{t.password_title}</h1>
            <form method="post" action="/staff/password" class="stacked">
                {field("current", t.password_current, "current-password")}
                {field("new", t.password_new, "new-password")}
                {field("confirm", t.password_confirm, "new-password")}
                <button type="submit" class="button">{t.password_submit}</button>
            </form>
        </section>
    }
}

/// `/staff/login/code`: the second step of signing in.
#[component]
pub fn SecondFactorPage() -> impl IntoView {
    mark_private();
    let lang = current_lang();
    let t = lang.t();
    let error = match use_query_map().get_untracked().get("error").as_deref() {
        Some("invalid") => Some(t.code_invalid),
        Some("throttled") => {
            set_status(429);
            Some(t.staff_login_throttled)
        }
        _ => None,
    };
    view! {
        <PageTitle text=format!("{} · {}", t.code_title, t.portal_name)/>
        <section class="narrow-form">
            <h1>{t.code_title}</h1>
            <p>{t.code_intro}</p>
            {error.map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
            <form method="post" action="/staff/login/code" class="stacked">
                <label for="code">{t.code_label}</label>
                <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required maxlength="20"/>
                <button type="submit" class="button">{t.code_submit}</button>
            </form>
        </section>
    }
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct TotpSetup {
    pub enabled: bool,
    pub required: bool,
    pub secret: String,
    pub qr_svg: String,
}

/// Enrolment data: a pending secret is made on the first visit and kept until confirmed.
#[server(prefix = "/sf", endpoint = "totp_setup")]
pub async fn get_totp_setup() -> Result<TotpSetup, crate::error::AppError> {
    let staff = crate::pages::require_staff()?;
    let portal = crate::pages::portal()?;
    let Some(secret) = portal.second_factor_to_enrol(&staff).await? else {
        return Ok(TotpSetup { enabled: true, required: false, secret: String::new(), qr_svg: String::new() });
    };
    let uri = portal::second_factor::otpauth_uri(domain::i18n::VI.portal_name, &staff.email, &secret);
    Ok(TotpSetup {
        enabled: false,
        required: staff.must_enrol_second_factor(),
        qr_svg: portal::second_factor::qr_svg(&uri),
        secret,
    })
}

/// `/staff/totp`: turn on the second factor, with a QR code; recovery codes are shown once.
#[component]
pub fn TotpPage() -> impl IntoView {
    mark_private();
    let lang = current_lang();
    let t = lang.t();
    let flash = crate::pages::flash().unwrap_or_default();
    view! {
        <PageTitle text=format!("{} · {}", t.totp_title, t.portal_name)/>
        <section class="narrow-form wide">
            <h1>{t.totp_title}</h1>
            <Suspense fallback=move || view! { <p>{t.loading}</p> }>
                {
                    let flash = flash.clone();
                    move || {
                        let flash = flash.clone();
                        Suspend::new(async move {
                            match get_totp_setup().await {
                                Err(error) => view! { <crate::pages::errors::ErrorNotice error/> }.into_any(),
                                Ok(setup) if setup.enabled => {
                                    let done = flash.notice.as_deref().and_then(|c| lang.done(c));
                                    view! {
                                        {done.map(|n| view! { <p class="notice" role="status">{n}</p> })}
                                        <p class="totp-on">{t.totp_on}</p>
                                        {(!flash.codes.is_empty()).then(|| view! {
                                            <p>{t.totp_codes_intro}</p>
                                            <ul class="recovery-codes">
                                                {flash.codes.iter().map(|c| view! { <li><code>{c.clone()}</code></li> }).collect_view()}
                                            </ul>
                                        })}
                                        <p><a href="/staff">{t.staff_home_title}</a></p>
                                    }
                                        .into_any()
                                }
                                Ok(setup) => {
                                    let problem = flash.problems.get("code").map(|p| lang.field_problem(*p));
                                    view! {
                                        {setup.required.then(|| view! { <p class="notice" role="status">{t.totp_required}</p> })}
                                        <p>{t.totp_intro}</p>
                                        <div class="qr" inner_html=setup.qr_svg></div>
                                        <p>{t.totp_secret_label} " " <code class="totp-secret">{setup.secret}</code></p>
                                        <form method="post" action="/staff/totp" class="stacked">
                                            <label for="code">{t.code_label}</label>
                                            <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code"
                                                required maxlength="10" aria-invalid=problem.map(|_| "true")/>
                                            {problem.map(|m| view! { <p class="field-error">{m}</p> })}
                                            <button type="submit" class="button">{t.totp_confirm}</button>
                                        </form>
                                        <form method="post" action="/staff/logout">
                                            <button type="submit" class="button secondary">{t.staff_sign_out}</button>
                                        </form>
                                    }
                                        .into_any()
                                }
                            }
                        })
                    }
                }
            </Suspense>
        </section>
    }
}
