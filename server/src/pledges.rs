//! `POST /pledge`: the public pledge form. A good pledge leads to its thank-you page; problems go
//! back to the form with what was typed; a repeated submission lands on the first pledge's page.

use app::i18n::Lang;
use app::model::{Flash, PledgeForm};
use app::pledges::PledgeError;
use app::store::PledgeReceipt;
use axum::Extension;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use crate::AppState;
use crate::staff_needs::flash_and_go;

pub async fn submit(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    session: Session,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let Some(form) = crate::staff_needs::read_form::<PledgeForm>(&parts, body).await else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    // Only robots fill the hidden field.
    if !form.website.trim().is_empty() {
        tracing::warn!("pledge form honeypot filled; refused");
        return (StatusCode::UNPROCESSABLE_ENTITY, "Không gửi được biểu mẫu. / The form could not be sent.")
            .into_response();
    }
    let back = format!("/pledge?need={}", form.need.trim());
    match state.portal.pledge_to_need(&form, lang).await {
        Ok(PledgeReceipt::Recorded { reference, .. } | PledgeReceipt::Repeated { reference }) => {
            Redirect::to(&format!("/pledge/{reference}")).into_response()
        }
        Err(PledgeError::Invalid(problems)) => {
            flash_and_go(&session, Flash { pledge_form: Some(form), problems, ..Flash::default() }, &back).await
        }
        Err(PledgeError::Closed) => {
            flash_and_go(&session, Flash { notice: Some("closed".into()), ..Flash::default() }, &back).await
        }
        Err(PledgeError::TokenReused) => {
            flash_and_go(
                &session,
                Flash { pledge_form: Some(form), notice: Some("token_reused".into()), ..Flash::default() },
                &back,
            )
            .await
        }
        Err(PledgeError::NoSuchNeed) => crate::render_page(&state, "/needs/0", &parts, StatusCode::NOT_FOUND).await,
        Err(PledgeError::Unavailable) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}
