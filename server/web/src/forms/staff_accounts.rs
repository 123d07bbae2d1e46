//! The admin's staff accounts: invite (a one-time link to set a first password), set role and
//! communes, disable and enable, and issue password-reset links; and the page behind such a link.
//! Only admins get past `Allowed<Administer>`; the rules are `portal::accounts`'.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use domain::Flash;
use portal::accounts::Access;
use tower_sessions::Session;

use crate::AppState;
use crate::errors::PageFailure;
use crate::extract::{Administer, Allowed, ClientAddress};
use crate::forms::flash::flash_and_go;

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

fn access(pairs: &[(String, String)]) -> Access {
    Access {
        role: value(pairs, "role"),
        communes: pairs.iter().filter(|(k, _)| k == "communes").map(|(_, v)| v.clone()).collect(),
    }
}

/// `POST /staff/accounts`: invite a staff member.
pub async fn invite(
    State(state): State<AppState>,
    Allowed(admin, ..): Allowed<Administer>,
    session: Session,
    body: Bytes,
) -> Response {
    let pairs = pairs(&body);
    let (email, name) = (value(&pairs, "email"), value(&pairs, "display_name"));
    match state.portal.invite_staff(&admin, &email, &name, &access(&pairs)).await {
        Ok(token) => {
            let flash = Flash { notice: Some("invited".into()), link: Some(link(&state, &token)), ..Flash::default() };
            flash_and_go(&session, flash, "/staff/accounts").await
        }
        Err(portal::Error::Invalid(problems)) => {
            let fields = BTreeMap::from([
                ("email".to_owned(), email),
                ("display_name".to_owned(), name),
                ("role".to_owned(), value(&pairs, "role")),
            ]);
            flash_and_go(&session, Flash { problems, fields, ..Flash::default() }, "/staff/accounts").await
        }
        Err(error) => PageFailure(error).into_response(),
    }
}

/// `POST /staff/accounts/{id}/{action}`: `access`, `disable`, `enable` or `reset`.
pub async fn act(
    State(state): State<AppState>,
    Path((id, action)): Path<(i64, String)>,
    Allowed(admin, ..): Allowed<Administer>,
    session: Session,
    body: Bytes,
) -> Response {
    let back = format!("/staff/accounts/{id}");
    let portal = &state.portal;
    let result = match action.as_str() {
        "access" => portal.set_staff_access(&admin, id, &access(&pairs(&body))).await.map(|()| "access_saved"),
        "disable" => portal.set_staff_active(&admin, id, false).await.map(|()| "disabled"),
        "enable" => portal.set_staff_active(&admin, id, true).await.map(|()| "enabled"),
        "reset" => match portal.password_reset_link(&admin, id).await {
            Ok(token) => {
                let flash =
                    Flash { notice: Some("reset".into()), link: Some(link(&state, &token)), ..Flash::default() };
                return flash_and_go(&session, flash, &back).await;
            }
            Err(error) => Err(error),
        },
        _ => Err(portal::Error::NotFound),
    };
    match result {
        Ok(done) => Redirect::to(&format!("{back}?done={done}")).into_response(),
        Err(portal::Error::Invalid(problems)) => {
            flash_and_go(&session, Flash { problems, ..Flash::default() }, &back).await
        }
        Err(error) => PageFailure(error).into_response(),
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
    ClientAddress(address): ClientAddress,
    session: Session,
    axum::Form(form): axum::Form<WelcomeForm>,
) -> Response {
    let back = format!("/staff/welcome/{token}");
    match state.portal.set_password_by_link(&token, form.new, &form.confirm, &address.to_string()).await {
        Ok(()) => Redirect::to("/staff/login?done=password_set").into_response(),
        // Used, expired or unknown: the page explains.
        Err(portal::Error::NotFound) => Redirect::to(&back).into_response(),
        Err(portal::Error::Invalid(problems)) => {
            flash_and_go(&session, Flash { problems, ..Flash::default() }, &back).await
        }
        Err(error) => PageFailure(error).into_response(),
    }
}
