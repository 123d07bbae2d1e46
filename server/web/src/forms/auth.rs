//! Staff sign-in: argon2id passwords (hashed off the async executor), sessions whose id changes at
//! login, idle and absolute expiry, and throttling of wrong passwords per account and per address,
//! counted in the database so every replica agrees.

use std::net::SocketAddr;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use axum::Form;
use axum::extract::{ConnectInfo, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::{SignedIn, StaffView};
use portal::store::StaffAccount;
use serde::Deserialize;
use time::{Duration, OffsetDateTime};
use tower_sessions::Session;

use crate::AppState;

pub const SESSION_COOKIE: &str = "portal_session";
/// With https the cookie is bound to the exact origin.
pub const SECURE_SESSION_COOKIE: &str = "__Host-portal_session";
/// A session ends after this long without a change…
pub const IDLE_TIMEOUT: Duration = Duration::minutes(30);
/// …and in any case this long after sign-in.
pub const ABSOLUTE_TIMEOUT: Duration = Duration::hours(12);
/// Wrong passwords in the window after which an account is throttled: the sixth try is refused.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_ADDRESS: i64 = 30;
pub const THROTTLE_WINDOW: Duration = Duration::minutes(15);
pub const MIN_PASSWORD_CHARS: usize = 12;

pub(crate) const STAFF_ID: &str = "staff_id";
pub(crate) const SIGNED_IN_AT: &str = "signed_in_at";
/// Password checked, second factor still to come.
const PENDING_ID: &str = "pending_staff_id";
const PENDING_AT: &str = "pending_since";
/// How long the second step may wait after the password.
const PENDING_LIFETIME: i64 = 300;

fn hasher() -> anyhow::Result<Argon2<'static>> {
    // OWASP's argon2id minimum: 19 MiB, two passes, one lane.
    let params = Params::new(19 * 1024, 2, 1, None).map_err(|e| anyhow::anyhow!("argon2 parameters: {e}"))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Each hash holds 19 MiB for tens of milliseconds of CPU: at most one per core at a time, whatever
/// the number of requests asking (the others wait their turn without holding any of that memory).
static HASHING: std::sync::LazyLock<tokio::sync::Semaphore> =
    std::sync::LazyLock::new(|| tokio::sync::Semaphore::new(hashing_slots()));

/// How many password hashes may run at once (the machine's cores).
pub fn hashing_slots() -> usize {
    std::thread::available_parallelism().map(std::num::NonZero::get).unwrap_or(2)
}

/// Hashes a password on a blocking thread: argon2 takes tens of milliseconds of CPU.
pub async fn hash_password(password: String) -> anyhow::Result<String> {
    let _turn = HASHING.acquire().await?;
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        hasher()?
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("cannot hash the password: {e}"))
    })
    .await?
}

/// Checks a password on a blocking thread. An unreadable hash never matches.
pub async fn verify_password(hash: String, password: String) -> bool {
    let Ok(_turn) = HASHING.acquire().await else { return false };
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .is_ok_and(|parsed| hasher().is_ok_and(|h| h.verify_password(password.as_bytes(), &parsed).is_ok()))
    })
    .await
    .unwrap_or(false)
}

/// A stored hash to verify against when the account does not exist, so that unknown addresses
/// take as long to refuse as wrong passwords.
async fn decoy_hash() -> String {
    static DECOY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DECOY.get_or_init(|| async { hash_password("decoy password".to_owned()).await.unwrap_or_default() }).await.clone()
}

/// The address a request came from: the peer, or — when the peer is one of our trusted reverse
/// proxies — the nearest address in `X-Forwarded-For` that is not one of them. Nothing else in
/// that header is believed, since a client can write anything there.
pub fn client_address(
    peer: SocketAddr,
    headers: &axum::http::HeaderMap,
    trusted: &[std::net::IpAddr],
) -> std::net::IpAddr {
    if !trusted.contains(&peer.ip()) {
        return peer.ip();
    }
    let forwarded: Vec<std::net::IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse().ok())
        .collect();
    forwarded.into_iter().rev().find(|a| !trusted.contains(a)).unwrap_or(peer.ip())
}

pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
}

fn login_again(error: &str, email: &str) -> Response {
    let query = serde_urlencoded::to_string([("error", error), ("email", email)]).unwrap_or_default();
    Redirect::to(&format!("/staff/login?{query}")).into_response()
}

/// `POST /staff/login`: on success a fresh session id and the staff home; otherwise back to the
/// form with the address kept and the reason.
pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
    session: Session,
    Form(form): Form<LoginForm>,
) -> Response {
    let store = &state.portal.store;
    let email = normalise_email(&form.email);
    let address = client_address(peer, &headers, &state.trusted_proxies).to_string();
    let now = OffsetDateTime::now_utc();
    match attempt_allowed(store.as_ref(), &email, &address).await {
        Ok(true) => {}
        Ok(false) => return login_again("throttled", &email),
        Err(()) => return login_again("unavailable", &email),
    }
    let account = store.staff_by_email(&email).await.ok().flatten();
    // An unknown address, or an invited account without a password yet, is checked against a decoy
    // so that it takes as long to refuse; the decoy can never make a password right.
    let own_hash = account.as_ref().map(|a| a.password_hash.clone()).filter(|h| !h.is_empty());
    let password_ok = match own_hash {
        Some(hash) => verify_password(hash, form.password).await,
        None => {
            let _ = verify_password(decoy_hash().await, form.password).await;
            false
        }
    };
    if password_ok {
        right_guess(store.as_ref(), &email, &address).await;
    }
    match account {
        Some(account) if password_ok && account.active && account.totp_enabled => {
            // The password was right; the session waits for the code (and gets a new id already).
            if session.cycle_id().await.is_err()
                || session.insert(PENDING_ID, account.id).await.is_err()
                || session.insert(PENDING_AT, now.unix_timestamp()).await.is_err()
            {
                return login_again("unavailable", &email);
            }
            Redirect::to("/staff/login/code").into_response()
        }
        Some(account) if password_ok && account.active => {
            match finish_sign_in(store.as_ref(), &session, &account).await {
                Ok(()) => Redirect::to("/staff").into_response(),
                Err(()) => login_again("unavailable", &email),
            }
        }
        // The attempt was counted before the check; nothing more to record.
        _ => login_again("invalid", &email),
    }
}

/// Counts a sign-in attempt (a password or a code) for the account and the address before anything
/// is checked — one atomic step in the database, so forty guesses sent at once are forty counts —
/// and answers whether it may be checked: after five wrong guesses on an account in the window, or
/// thirty from an address, it is refused (and not counted). `Err` when the count cannot be kept.
/// A guess that turns out right is given back with `right_guess`.
pub async fn attempt_allowed(store: &dyn portal::store::Store, account: &str, address: &str) -> Result<bool, ()> {
    let now = OffsetDateTime::now_utc();
    match store.count_login_attempt(account, address, now, THROTTLE_WINDOW).await {
        Ok(counted)
            if counted.for_account > MAX_FAILURES_PER_ACCOUNT || counted.from_address > MAX_FAILURES_PER_ADDRESS =>
        {
            tracing::warn!(address, "sign-in throttled");
            right_guess(store, account, address).await;
            Ok(false)
        }
        Ok(_) => Ok(true),
        Err(err) => {
            tracing::error!(error = %err, "cannot count a sign-in attempt");
            Err(())
        }
    }
}

/// An attempt that was not a wrong guess no longer counts.
pub async fn right_guess(store: &dyn portal::store::Store, account: &str, address: &str) {
    if let Err(err) = store.give_back_login_attempt(account, address).await {
        tracing::error!(error = %err, "cannot give back a sign-in attempt");
    }
}

/// Signs the account in on this session, under a new session id: an id known before sign-in is
/// worth nothing after it.
async fn finish_sign_in(store: &dyn portal::store::Store, session: &Session, account: &StaffAccount) -> Result<(), ()> {
    let _ = store.clear_login_failures(&account.email).await;
    let _ = session.remove::<i64>(PENDING_ID).await;
    let _ = session.remove::<i64>(PENDING_AT).await;
    let now = OffsetDateTime::now_utc().unix_timestamp();
    if session.cycle_id().await.is_err()
        || session.insert(STAFF_ID, account.id).await.is_err()
        || session.insert(SIGNED_IN_AT, now).await.is_err()
    {
        return Err(());
    }
    Ok(())
}

/// `POST /staff/login/code`: the second step, with a TOTP code or a recovery code. Wrong codes
/// count toward the same throttle as wrong passwords.
pub async fn second_step(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
    session: Session,
    Form(form): Form<crate::forms::second_factor::CodeForm>,
) -> Response {
    use portal::second_factor::{matching_step, recovery_code_hash};
    let store = &state.portal.store;
    let now = OffsetDateTime::now_utc();
    let pending = session.get::<i64>(PENDING_ID).await.ok().flatten();
    let since = session.get::<i64>(PENDING_AT).await.ok().flatten().unwrap_or(0);
    let Some(id) = pending.filter(|_| now.unix_timestamp() - since <= PENDING_LIFETIME) else {
        let _ = session.remove::<i64>(PENDING_ID).await;
        return Redirect::to("/staff/login?error=expired").into_response();
    };
    let Ok(Some(account)) = store.staff_by_id(id).await else {
        return Redirect::to("/staff/login?error=unavailable").into_response();
    };
    let (Some(secret), true, true) = (account.totp_secret.clone(), account.totp_enabled, account.active) else {
        return Redirect::to("/staff/login?error=invalid").into_response();
    };
    let address = client_address(peer, &headers, &state.trusted_proxies).to_string();
    match attempt_allowed(store.as_ref(), &account.email, &address).await {
        Ok(true) => {}
        Ok(false) => return Redirect::to("/staff/login/code?error=throttled").into_response(),
        Err(()) => return Redirect::to("/staff/login?error=unavailable").into_response(),
    }
    let accepted = match matching_step(&secret, &form.code, now) {
        Some(step) => store.use_totp_step(id, step).await.unwrap_or(false),
        None => store.use_recovery_code(id, &recovery_code_hash(&form.code), now).await.unwrap_or(false),
    };
    if !accepted {
        return Redirect::to("/staff/login/code?error=invalid").into_response();
    }
    right_guess(store.as_ref(), &account.email, &address).await;
    match finish_sign_in(store.as_ref(), &session, &account).await {
        Ok(()) => Redirect::to("/staff").into_response(),
        Err(()) => Redirect::to("/staff/login?error=unavailable").into_response(),
    }
}

/// `POST /staff/logout`.
pub async fn logout(session: Session) -> Response {
    let _ = session.flush().await;
    Redirect::to("/?signed_out=1").into_response()
}

pub fn staff_view(state: &AppState, account: &StaffAccount) -> StaffView {
    StaffView {
        id: account.id,
        email: account.email.clone(),
        display_name: account.display_name.clone(),
        role: account.role,
        communes: account.communes.iter().filter_map(|c| state.portal.areas.commune(c)).collect(),
        second_factor: account.totp_enabled,
    }
}

#[derive(Deserialize)]
pub struct PasswordForm {
    current: String,
    new: String,
    confirm: String,
}

/// `POST /staff/password`: the signed-in person changes their own password. The session gets a
/// new id, as at sign-in.
pub async fn change_password(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
    signed_in: Option<axum::Extension<SignedIn>>,
    session: Session,
    Form(form): Form<PasswordForm>,
) -> Response {
    use domain::{FieldProblem, Flash};
    let Some(axum::Extension(SignedIn(staff))) = signed_in else {
        return Redirect::to("/staff/login?error=required").into_response();
    };
    let store = &state.portal.store;
    let Ok(Some(account)) = store.staff_by_id(staff.id).await else {
        return axum::http::StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    // The current password is checked like a sign-in: a stolen session cannot guess it freely.
    let address = client_address(peer, &headers, &state.trusted_proxies).to_string();
    match attempt_allowed(store.as_ref(), &account.email, &address).await {
        Ok(true) => {}
        Ok(false) => {
            let problems = std::collections::BTreeMap::from([("current".to_owned(), FieldProblem::TooManyAttempts)]);
            return crate::forms::staff_needs::flash_and_go(
                &session,
                Flash { problems, ..Flash::default() },
                "/staff/password",
            )
            .await;
        }
        Err(()) => return axum::http::StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
    let mut problems = std::collections::BTreeMap::new();
    if verify_password(account.password_hash.clone(), form.current.clone()).await {
        right_guess(store.as_ref(), &account.email, &address).await;
    } else {
        problems.insert("current".to_owned(), FieldProblem::WrongPassword);
    }
    if form.new.chars().count() < MIN_PASSWORD_CHARS || form.new == form.current {
        problems.insert("new".to_owned(), FieldProblem::PasswordTooShort);
    } else if form.new != form.confirm {
        problems.insert("confirm".to_owned(), FieldProblem::PasswordsDiffer);
    }
    if !problems.is_empty() {
        return crate::forms::staff_needs::flash_and_go(
            &session,
            Flash { problems, ..Flash::default() },
            "/staff/password",
        )
        .await;
    }
    let saved = match hash_password(form.new).await {
        Ok(hash) => store.set_staff_password(staff.id, &hash, Some(staff.id)).await.is_ok(),
        Err(_) => false,
    };
    if !saved || session.cycle_id().await.is_err() {
        return axum::http::StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    let _ = store.clear_login_failures(&account.email).await;
    Redirect::to("/staff?done=password_changed").into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_addresses_are_believed_only_from_trusted_proxies() {
        let proxy: std::net::IpAddr = "10.0.0.2".parse().unwrap();
        let mut headers = axum::http::HeaderMap::new();
        headers.insert("x-forwarded-for", "1.2.3.4, 203.0.113.9".parse().unwrap());
        let from_proxy = SocketAddr::new(proxy, 40000);
        let direct: SocketAddr = "198.51.100.7:40000".parse().unwrap();
        assert_eq!(
            client_address(direct, &headers, &[proxy]).to_string(),
            "198.51.100.7",
            "a client cannot claim an address"
        );
        assert_eq!(
            client_address(from_proxy, &headers, &[proxy]).to_string(),
            "203.0.113.9",
            "the proxy's own entry, not the client's"
        );
        assert_eq!(client_address(from_proxy, &headers, &[]).to_string(), "10.0.0.2");
    }
}
