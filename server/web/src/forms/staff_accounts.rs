//! The admin's staff accounts: invite (a one-time link to set a first password), set role and
//! communes, disable and enable, and issue password-reset links. Only admins get past `admin()`.

use std::collections::BTreeMap;

use axum::Extension;
use axum::body::Bytes;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::{FieldProblem, Flash, Role, SignedIn, StaffView};
use portal::store::{NewStaff, StaffToken, StoreError};
use rand::RngCore;
use time::{Duration, OffsetDateTime};
use tower_sessions::Session;

use crate::AppState;
use crate::forms::auth::{MIN_PASSWORD_CHARS, hash_password, normalise_email};
use crate::forms::staff_needs::{flash_and_go, forbidden};
use crate::ops::accounts::is_plausible_email;

pub const INVITATION_LIFETIME: Duration = Duration::days(7);
pub const RESET_LIFETIME: Duration = Duration::hours(24);

/// A fresh token for a link, and the hash that is stored.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    (token.clone(), token_hash(&token))
}

pub use portal::tokens::token_hash;

pub(crate) fn link(state: &AppState, token: &str) -> String {
    format!("{}/staff/welcome/{token}", state.portal.site.public_url)
}

/// The form's pairs, repeated keys included (several communes).
fn pairs(body: &Bytes) -> Vec<(String, String)> {
    serde_urlencoded::from_bytes(body).unwrap_or_default()
}

fn value(pairs: &[(String, String)], key: &str) -> String {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim().to_owned()).unwrap_or_default()
}

/// The signed-in admin, or the answer for anyone else (sign-in, or the 403 page).
async fn admin(
    state: &AppState,
    signed_in: Option<Extension<SignedIn>>,
    parts: &axum::http::request::Parts,
) -> Result<StaffView, Response> {
    match signed_in {
        None => Err(Redirect::to("/staff/login?error=required").into_response()),
        Some(Extension(SignedIn(staff))) if staff.role == Role::Admin => Ok(staff),
        Some(_) => Err(forbidden(state, parts).await),
    }
}

/// Role and communes from the form, checked.
fn access(
    state: &AppState,
    pairs: &[(String, String)],
    problems: &mut BTreeMap<String, FieldProblem>,
) -> Option<(Role, Vec<String>)> {
    let role = Role::parse(&value(pairs, "role"));
    if role.is_none() {
        problems.insert("role".into(), FieldProblem::Required);
    }
    let mut communes: Vec<String> =
        pairs.iter().filter(|(k, _)| k == "communes").map(|(_, v)| v.trim().to_owned()).collect();
    communes.sort();
    communes.dedup();
    if communes.iter().any(|c| !state.portal.areas.is_current_commune(c)) {
        problems.insert("communes".into(), FieldProblem::UnknownCommune);
    }
    match role {
        Some(Role::AreaOfficer) if communes.is_empty() => {
            problems.insert("communes".into(), FieldProblem::CommuneRequired);
            None
        }
        // Only commune officers are scoped; the other roles act province-wide.
        Some(Role::AreaOfficer) => Some((Role::AreaOfficer, communes)),
        Some(role) => Some((role, Vec::new())),
        None => None,
    }
}

/// `POST /staff/accounts`: invite a staff member.
pub async fn invite(
    State(state): State<AppState>,
    signed_in: Option<Extension<SignedIn>>,
    session: Session,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let me = match admin(&state, signed_in, &parts).await {
        Ok(me) => me,
        Err(answer) => return answer,
    };
    let Ok(body) = axum::body::to_bytes(body, 64 * 1024).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let pairs = pairs(&body);
    let email = normalise_email(&value(&pairs, "email"));
    let name = value(&pairs, "display_name");
    let mut problems = BTreeMap::new();
    if !is_plausible_email(&email) {
        problems.insert("email".into(), FieldProblem::NotAnEmail);
    }
    if name.chars().count() > 200 {
        problems.insert("display_name".into(), FieldProblem::TooLong);
    }
    let access = access(&state, &pairs, &mut problems);
    let typed = || {
        BTreeMap::from([
            ("email".to_owned(), email.clone()),
            ("display_name".to_owned(), name.clone()),
            ("role".to_owned(), value(&pairs, "role")),
        ])
    };
    let Some((role, communes)) = access.filter(|_| problems.is_empty()) else {
        return flash_and_go(&session, Flash { problems, fields: typed(), ..Flash::default() }, "/staff/accounts")
            .await;
    };
    let (token, hash) = new_token();
    // No password yet: an empty hash never verifies, so nobody signs in before the invitee sets one.
    let staff =
        NewStaff { email: email.clone(), display_name: name.clone(), password_hash: String::new(), role, communes };
    let invitation = StaffToken {
        token_hash: hash,
        staff_id: 0,
        kind: "invite",
        expires_at: OffsetDateTime::now_utc() + INVITATION_LIFETIME,
    };
    match state.portal.store.invite_staff(&staff, &invitation, me.id).await {
        Ok(_) => {
            let flash = Flash { notice: Some("invited".into()), link: Some(link(&state, &token)), ..Flash::default() };
            flash_and_go(&session, flash, "/staff/accounts").await
        }
        Err(StoreError::Duplicate(_)) => {
            let problems = BTreeMap::from([("email".to_owned(), FieldProblem::EmailTaken)]);
            flash_and_go(&session, Flash { problems, fields: typed(), ..Flash::default() }, "/staff/accounts").await
        }
        Err(err) => {
            tracing::error!(error = %err, "cannot invite");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// `POST /staff/accounts/{id}/{action}`: `access`, `disable`, `enable` or `reset`.
pub async fn act(
    State(state): State<AppState>,
    Path((id, action)): Path<(i64, String)>,
    signed_in: Option<Extension<SignedIn>>,
    session: Session,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let me = match admin(&state, signed_in, &parts).await {
        Ok(me) => me,
        Err(answer) => return answer,
    };
    let store = &state.portal.store;
    match store.staff_by_id(id).await {
        Ok(Some(_)) => {}
        Ok(None) => return crate::render_page(&state, "/staff/not-found", &parts, StatusCode::NOT_FOUND).await,
        Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
    let back = format!("/staff/accounts/{id}");
    let not_yourself =
        || Flash { problems: BTreeMap::from([("account".to_owned(), FieldProblem::NotYourself)]), ..Flash::default() };
    let result = match action.as_str() {
        "access" => {
            let Ok(body) = axum::body::to_bytes(body, 64 * 1024).await else {
                return StatusCode::PAYLOAD_TOO_LARGE.into_response();
            };
            let pairs = pairs(&body);
            let mut problems = BTreeMap::new();
            let access = access(&state, &pairs, &mut problems);
            match access.filter(|_| problems.is_empty()) {
                None => return flash_and_go(&session, Flash { problems, ..Flash::default() }, &back).await,
                Some((role, _)) if id == me.id && role != Role::Admin => {
                    return flash_and_go(&session, not_yourself(), &back).await;
                }
                Some((role, communes)) => {
                    store.set_staff_access(id, role, &communes, me.id).await.map(|()| "access_saved")
                }
            }
        }
        "disable" if id == me.id => return flash_and_go(&session, not_yourself(), &back).await,
        // The account's sessions end at their next request: resolve_staff checks `active` every time.
        "disable" => store.set_staff_active(id, false, Some(me.id)).await.map(|()| "disabled"),
        "enable" => store.set_staff_active(id, true, Some(me.id)).await.map(|()| "enabled"),
        "reset" => {
            let (token, hash) = new_token();
            let reset = StaffToken {
                token_hash: hash,
                staff_id: id,
                kind: "reset",
                expires_at: OffsetDateTime::now_utc() + RESET_LIFETIME,
            };
            match store.issue_staff_token(&reset, me.id).await {
                Ok(()) => {
                    let flash =
                        Flash { notice: Some("reset".into()), link: Some(link(&state, &token)), ..Flash::default() };
                    return flash_and_go(&session, flash, &back).await;
                }
                Err(err) => Err(err),
            }
        }
        _ => return crate::render_page(&state, "/staff/not-found", &parts, StatusCode::NOT_FOUND).await,
    };
    match result {
        Ok(done) => Redirect::to(&format!("{back}?done={done}")).into_response(),
        Err(err) => {
            tracing::error!(error = %err, "cannot change a staff account");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

#[derive(serde::Deserialize)]
pub struct WelcomeForm {
    new: String,
    confirm: String,
}

/// `POST /staff/welcome/{token}`: set a password through an invitation or reset link.
pub async fn set_password(
    State(state): State<AppState>,
    Path(token): Path<String>,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<std::net::SocketAddr>,
    headers: axum::http::HeaderMap,
    session: Session,
    axum::Form(form): axum::Form<WelcomeForm>,
) -> Response {
    let back = format!("/staff/welcome/{token}");
    // The link first: an unknown, used or expired one costs no password hash (the page explains).
    let owner = match state.portal.store.staff_token_owner(&token_hash(&token), OffsetDateTime::now_utc()).await {
        Ok(Some(owner)) => owner,
        Ok(None) => return Redirect::to(&back).into_response(),
        Err(err) => {
            tracing::error!(error = %err, "cannot read a password link");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    // Counted like sign-in attempts, by the account the link is for and by the address.
    let address = crate::forms::auth::client_address(peer, &headers, &state.trusted_proxies).to_string();
    match crate::forms::auth::attempt_allowed(state.portal.store.as_ref(), &format!("link:{owner}"), &address).await {
        Ok(true) => {}
        Ok(false) => {
            let problems = BTreeMap::from([("new".to_owned(), FieldProblem::TooManyAttempts)]);
            return flash_and_go(&session, Flash { problems, ..Flash::default() }, &back).await;
        }
        Err(()) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
    let mut problems = BTreeMap::new();
    if form.new.chars().count() < MIN_PASSWORD_CHARS {
        problems.insert("new".to_owned(), FieldProblem::PasswordTooShort);
    } else if form.new != form.confirm {
        problems.insert("confirm".to_owned(), FieldProblem::PasswordsDiffer);
    }
    if !problems.is_empty() {
        return flash_and_go(&session, Flash { problems, ..Flash::default() }, &back).await;
    }
    let Ok(hash) = hash_password(form.new).await else { return StatusCode::SERVICE_UNAVAILABLE.into_response() };
    match state.portal.store.redeem_staff_token(&token_hash(&token), &hash, OffsetDateTime::now_utc()).await {
        Ok(_) => {
            crate::forms::auth::right_guess(state.portal.store.as_ref(), &format!("link:{owner}"), &address).await;
            Redirect::to("/staff/login?done=password_set").into_response()
        }
        // Used, expired or unknown: the page explains.
        Err(StoreError::NotFound) => Redirect::to(&back).into_response(),
        Err(err) => {
            tracing::error!(error = %err, "cannot set a password");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
