//! `POST /staff/reconcile` (upload a bank statement) and `POST /staff/reconcile/{line}/match`
//! (match a line waiting for review to a pledge by hand).

use std::collections::BTreeMap;

use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form};
use domain::i18n::Lang;
use domain::{Flash, StaffView};
use portal::reconciliation::CHUNK_LINES;
use portal::statements::{ColumnMapping, parse};
use serde::Deserialize;
use tower_sessions::Session;

use crate::AppState;
use crate::errors::PageFailure;
use crate::extract::{Allowed, ManagePledges, allowed_upload};
use crate::forms::flash::{flash_and_go, notice_and_go};

/// A statement of a few thousand lines is well under this.
pub const MAX_STATEMENT_BYTES: usize = 8 * 1024 * 1024;
const BACK: &str = "/staff/reconcile";

fn problem(message: String) -> Flash {
    Flash { fields: BTreeMap::from([("error".to_owned(), message)]), ..Flash::default() }
}

pub async fn upload(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    allowed: Result<Allowed<ManagePledges>, Response>,
    session: Session,
    request: Request,
) -> Response {
    let (staff, mut multipart) = match allowed_upload(allowed, request, 2 * MAX_STATEMENT_BYTES).await {
        Ok(upload) => upload,
        Err(answer) => return answer,
    };
    let (mut file, mut file_name, mut columns, mut account) = (Vec::new(), String::new(), String::new(), String::new());
    let mut too_large = false;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(err) => {
                too_large = err.status() == StatusCode::PAYLOAD_TOO_LARGE;
                break;
            }
        };
        match field.name() {
            Some("statement") => {
                file_name = field.file_name().unwrap_or("statement.csv").to_owned();
                // Read to the end even past the limit (up to the body's own, twice as large), so the
                // browser is answered with the reason rather than a broken upload.
                let mut field = field;
                loop {
                    match field.chunk().await {
                        Ok(Some(chunk)) if file.len() + chunk.len() <= MAX_STATEMENT_BYTES && !too_large => {
                            file.extend_from_slice(&chunk);
                        }
                        Ok(Some(_)) => too_large = true,
                        Ok(None) => break,
                        Err(err) => {
                            too_large = err.status() == StatusCode::PAYLOAD_TOO_LARGE;
                            break;
                        }
                    }
                }
            }
            Some("columns") => columns = field.text().await.unwrap_or_default(),
            Some("account") => account = field.text().await.unwrap_or_default(),
            _ => {}
        }
    }
    if too_large {
        let message = lang.statement_too_large(MAX_STATEMENT_BYTES / (1024 * 1024));
        return flash_and_go(&session, problem(message), BACK).await;
    }
    let mapping = if columns.trim().is_empty() {
        Ok(ColumnMapping::recognised())
    } else {
        ColumnMapping::from_list(&columns).map_err(|_| lang.t().statement_columns_help.to_owned())
    };
    let lines = mapping.and_then(|m| {
        if file.is_empty() {
            return Err(lang.t().statement_no_file.to_owned());
        }
        parse(&file, &m).map_err(|e| e.describe(lang))
    });
    let mut lines = match lines {
        Ok(lines) => lines,
        Err(message) => return flash_and_go(&session, problem(message), BACK).await,
    };
    // The account the statement is for, when the uploader names it: its lines are then known by
    // account and reference, and a statement of another account counts nothing.
    match state.portal.on_account(&mut lines, Some(&account)).await {
        Ok(()) => {}
        Err(portal::Error::Invalid(_)) => {
            return flash_and_go(&session, problem(lang.t().statement_account_help.to_owned()), BACK).await;
        }
        Err(e) => return PageFailure(e).into_response(),
    }
    if lines.len() > CHUNK_LINES {
        return import_in_background(state, staff, file_name, lines).await;
    }
    match state.portal.import_statement(Some(&staff), &file_name, &lines).await {
        Ok(outcome) => flash_and_go(&session, Flash { import_outcome: Some(outcome), ..Flash::default() }, BACK).await,
        Err(e) => PageFailure(e).into_response(),
    }
}

/// A long statement is imported chunk by chunk after the answer: the browser goes to a page that
/// shows how far it has got.
async fn import_in_background(
    state: AppState,
    staff: StaffView,
    file_name: String,
    lines: Vec<portal::store::StatementLine>,
) -> Response {
    let id = match state.portal.start_statement_import(Some(&staff), &file_name, lines.len()).await {
        Ok(id) => id,
        Err(e) => return PageFailure(e).into_response(),
    };
    tokio::spawn(async move {
        match state.portal.import_in_chunks(id, &lines, Some(staff.id), |_| {}).await {
            Ok(outcome) => {
                tracing::info!(id, lines = outcome.lines, confirmed = outcome.confirmed, "statement imported")
            }
            Err(err) => tracing::error!(id, error = %err, "statement import stopped"),
        }
    });
    axum::response::Redirect::to(&format!("/staff/reconcile/imports/{id}")).into_response()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MatchForm {
    reference: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SetAsideForm {
    reason: String,
}

/// `POST /staff/reconcile/{line}/set-aside`: a line that is not a donation leaves the queue with its reason.
pub async fn set_aside_line(
    State(state): State<AppState>,
    Path(line): Path<i64>,
    Extension(lang): Extension<Lang>,
    Allowed(staff, ..): Allowed<ManagePledges>,
    session: Session,
    Form(form): Form<SetAsideForm>,
) -> Response {
    let message = match state.portal.set_statement_line_aside(&staff, line, &form.reason).await {
        Ok(()) => return notice_and_go(&session, "line_set_aside", BACK).await,
        Err(portal::Error::Invalid(_)) => lang.t().reconcile_reason_required.to_owned(),
        Err(portal::Error::Conflict(_) | portal::Error::NotFound) => lang.t().statement_line_taken.to_owned(),
        Err(e) => return PageFailure(e).into_response(),
    };
    flash_and_go(&session, problem(message), BACK).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AssignForm {
    need: String,
    period_start: String,
    period_end: String,
    evidence: String,
}

/// `POST /staff/reconcile/{line}/assign`: money out assigned to the need it paid for.
pub async fn assign_line(
    State(state): State<AppState>,
    Path(line): Path<i64>,
    Extension(lang): Extension<Lang>,
    Allowed(staff, ..): Allowed<ManagePledges>,
    session: Session,
    Form(form): Form<AssignForm>,
) -> Response {
    let assigned =
        state.portal.assign_money_out(&staff, line, &form.need, &form.period_start, &form.period_end, &form.evidence);
    let message = match assigned.await {
        Ok(()) => return notice_and_go(&session, "money_out_assigned", BACK).await,
        Err(portal::Error::Invalid(_) | portal::Error::NotFound) => lang.t().money_out_incomplete.to_owned(),
        Err(portal::Error::Conflict(_)) => lang.t().statement_line_taken.to_owned(),
        Err(e) => return PageFailure(e).into_response(),
    };
    flash_and_go(&session, problem(message), BACK).await
}

pub async fn match_line(
    State(state): State<AppState>,
    Path(line): Path<i64>,
    Extension(lang): Extension<Lang>,
    Allowed(staff, ..): Allowed<ManagePledges>,
    session: Session,
    Form(form): Form<MatchForm>,
) -> Response {
    let reference = form.reference.trim().to_uppercase();
    let message = match state.portal.match_statement_line(&staff, line, &reference).await {
        Ok(true) => return notice_and_go(&session, "pledge_confirmed", BACK).await,
        Ok(false) => lang.t().statement_part_payment.to_owned(),
        Err(portal::Error::NotFound) => lang.statement_no_open_pledge(&reference),
        Err(portal::Error::Conflict(_)) => lang.t().statement_line_taken.to_owned(),
        Err(e) => return PageFailure(e).into_response(),
    };
    flash_and_go(&session, problem(message), BACK).await
}
