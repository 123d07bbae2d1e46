//! Staff sign-in over HTTP: sessions whose id changes at sign-in, idle and absolute expiry, and
//! the two steps (password, then the second factor) that `portal::sign_in` checks and throttles.

use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use domain::{Flash, StaffView};
use portal::sign_in::{SignIn, normalise_email};
use serde::Deserialize;
use time::{Duration, OffsetDateTime};
use tower_sessions::Session;

use crate::AppState;
use crate::extract::{ClientAddress, Staff};
use crate::forms::flash::flash_and_go;

pub const SESSION_COOKIE: &str = "portal_session";
/// With https the cookie is bound to the exact origin.
pub const SECURE_SESSION_COOKIE: &str = "__Host-portal_session";
/// A session ends after this long without a change…
pub const IDLE_TIMEOUT: Duration = Duration::minutes(30);
/// …and in any case this long after sign-in.
pub const ABSOLUTE_TIMEOUT: Duration = Duration::hours(12);

pub(crate) const STAFF_ID: &str = "staff_id";
pub(crate) const SIGNED_IN_AT: &str = "signed_in_at";
/// Password checked, second factor still to come.
const PENDING_ID: &str = "pending_staff_id";
const PENDING_AT: &str = "pending_since";
/// How long the second step may wait after the password.
const PENDING_LIFETIME: i64 = 300;

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
}

fn login_again(error: &str, email: &str) -> Response {
    let query = serde_urlencoded::to_string([("error", error), ("email", email)]).unwrap_or_default();
    Redirect::to(&format!("/staff/login?{query}")).into_response()
}

/// `POST /staff/login`: on success a fresh session id and the staff home (or the second step);
/// otherwise back to the form with the address kept and the reason.
pub async fn login(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    session: Session,
    Form(form): Form<LoginForm>,
) -> Response {
    let email = normalise_email(&form.email);
    match state.portal.check_password(&email, form.password, &address.to_string()).await {
        Ok(SignIn::Done(staff)) => match finish_sign_in(&session, &staff).await {
            Ok(()) => Redirect::to("/staff").into_response(),
            Err(()) => login_again("unavailable", &email),
        },
        Ok(SignIn::CodeNeeded { account_id }) => {
            // The password was right; the session waits for the code (and gets a new id already).
            let now = OffsetDateTime::now_utc().unix_timestamp();
            if session.cycle_id().await.is_err()
                || session.insert(PENDING_ID, account_id).await.is_err()
                || session.insert(PENDING_AT, now).await.is_err()
            {
                return login_again("unavailable", &email);
            }
            Redirect::to("/staff/login/code").into_response()
        }
        Ok(SignIn::Throttled) => login_again("throttled", &email),
        Ok(SignIn::Wrong) => login_again("invalid", &email),
        Err(_) => login_again("unavailable", &email),
    }
}

/// Signs the account in on this session, under a new session id: an id known before sign-in is
/// worth nothing after it.
async fn finish_sign_in(session: &Session, staff: &StaffView) -> Result<(), ()> {
    let _ = session.remove::<i64>(PENDING_ID).await;
    let _ = session.remove::<i64>(PENDING_AT).await;
    let now = OffsetDateTime::now_utc().unix_timestamp();
    if session.cycle_id().await.is_err()
        || session.insert(STAFF_ID, staff.id).await.is_err()
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
    ClientAddress(address): ClientAddress,
    session: Session,
    Form(form): Form<crate::forms::second_factor::CodeForm>,
) -> Response {
    let now = OffsetDateTime::now_utc();
    let pending = session.get::<i64>(PENDING_ID).await.ok().flatten();
    let since = session.get::<i64>(PENDING_AT).await.ok().flatten().unwrap_or(0);
    let Some(id) = pending.filter(|_| now.unix_timestamp() - since <= PENDING_LIFETIME) else {
        let _ = session.remove::<i64>(PENDING_ID).await;
        return Redirect::to("/staff/login?error=expired").into_response();
    };
    match state.portal.check_code(id, &form.code, &address.to_string()).await {
        Ok(SignIn::Done(staff)) => match finish_sign_in(&session, &staff).await {
            Ok(()) => Redirect::to("/staff").into_response(),
            Err(()) => Redirect::to("/staff/login?error=unavailable").into_response(),
        },
        Ok(SignIn::Throttled) => Redirect::to("/staff/login/code?error=throttled").into_response(),
        Ok(SignIn::Wrong | SignIn::CodeNeeded { .. }) => {
            Redirect::to("/staff/login/code?error=invalid").into_response()
        }
        Err(portal::Error::NotFound) => Redirect::to("/staff/login?error=invalid").into_response(),
        Err(_) => Redirect::to("/staff/login?error=unavailable").into_response(),
    }
}

/// `POST /staff/logout`.
pub async fn logout(session: Session) -> Response {
    let _ = session.flush().await;
    Redirect::to("/?signed_out=1").into_response()
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
    ClientAddress(address): ClientAddress,
    Staff(staff): Staff,
    session: Session,
    Form(form): Form<PasswordForm>,
) -> Response {
    match state.portal.change_own_password(&staff, form.current, form.new, &form.confirm, &address.to_string()).await {
        Ok(()) if session.cycle_id().await.is_ok() => Redirect::to("/staff?done=password_changed").into_response(),
        Ok(()) => axum::http::StatusCode::SERVICE_UNAVAILABLE.into_response(),
        Err(portal::Error::Invalid(problems)) => {
            flash_and_go(&session, Flash { problems, ..Flash::default() }, "/staff/password").await
        }
        Err(error) => crate::errors::PageFailure(error).into_response(),
    }
}
