//! Enrolment of the TOTP second factor (the codes themselves: `portal::second_factor`).

use std::collections::BTreeMap;

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use domain::{FieldProblem, Flash, SignedIn};
use portal::second_factor::{matching_step, new_recovery_codes, recovery_code_hash};
use serde::Deserialize;
use time::OffsetDateTime;
use tower_sessions::Session;

use crate::AppState;
use crate::forms::staff_needs::flash_and_go;

#[derive(Deserialize)]
pub struct CodeForm {
    pub code: String,
}

/// `POST /staff/totp`: confirms enrolment with a first code; the recovery codes are shown once.
pub async fn confirm_enrolment(
    State(state): State<AppState>,
    signed_in: Option<Extension<SignedIn>>,
    session: Session,
    Form(form): Form<CodeForm>,
) -> Response {
    let Some(Extension(SignedIn(staff))) = signed_in else {
        return Redirect::to("/staff/login?error=required").into_response();
    };
    let store = &state.portal.store;
    let Ok(Some(account)) = store.staff_by_id(staff.id).await else {
        return axum::http::StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    let step = match (&account.totp_secret, account.totp_enabled) {
        (Some(secret), false) => matching_step(secret, &form.code, OffsetDateTime::now_utc()),
        _ => return Redirect::to("/staff/totp").into_response(),
    };
    let Some(step) = step else {
        let problems = BTreeMap::from([("code".to_owned(), FieldProblem::WrongCode)]);
        return flash_and_go(&session, Flash { problems, ..Flash::default() }, "/staff/totp").await;
    };
    let codes = new_recovery_codes();
    let hashes: Vec<String> = codes.iter().map(|c| recovery_code_hash(c)).collect();
    if store.enable_totp(staff.id, step, &hashes).await.is_err() {
        return axum::http::StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    flash_and_go(&session, Flash { codes, notice: Some("totp_enabled".into()), ..Flash::default() }, "/staff/totp")
        .await
}
