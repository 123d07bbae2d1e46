//! Enrolment of the TOTP second factor (the codes themselves: `portal::second_factor`).

use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use domain::Flash;
use serde::Deserialize;
use tower_sessions::Session;

use crate::AppState;
use crate::errors::PageFailure;
use crate::extract::Staff;
use crate::forms::flash::flash_and_go;

#[derive(Deserialize)]
pub struct CodeForm {
    pub code: String,
}

/// `POST /staff/totp`: confirms enrolment with a first code; the recovery codes are shown once.
pub async fn confirm_enrolment(
    State(state): State<AppState>,
    Staff(staff): Staff,
    session: Session,
    Form(form): Form<CodeForm>,
) -> Response {
    match state.portal.confirm_second_factor(&staff, &form.code).await {
        Ok(Some(codes)) => {
            let flash = Flash { codes, notice: Some("totp_enabled".into()), ..Flash::default() };
            flash_and_go(&session, flash, "/staff/totp").await
        }
        Ok(None) => Redirect::to("/staff/totp").into_response(),
        Err(portal::Error::Invalid(problems)) => {
            flash_and_go(&session, Flash { problems, ..Flash::default() }, "/staff/totp").await
        }
        Err(e) => PageFailure(e).into_response(),
    }
}
