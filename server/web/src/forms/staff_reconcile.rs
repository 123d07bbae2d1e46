//! `POST /staff/reconcile` (upload a bank statement) and `POST /staff/reconcile/{line}/match`
//! (match a line waiting for review to a pledge by hand).

use std::collections::BTreeMap;

use axum::Extension;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::i18n::Lang;
use domain::{Flash, SignedIn};
use portal::store::PledgeStep;
use serde::Deserialize;
use tower_sessions::Session;

use crate::AppState;
use crate::forms::staff_needs::{flash_and_go, forbidden, read_form, sign_in_first, staff};
use portal::statements::{CHUNK_LINES, ColumnMapping, import_in_chunks, parse};

/// A statement of a few thousand lines is well under this.
pub const MAX_STATEMENT_BYTES: usize = 8 * 1024 * 1024;
const BACK: &str = "/staff/reconcile";

fn problem(message: String) -> Flash {
    Flash { fields: BTreeMap::from([("error".to_owned(), message)]), ..Flash::default() }
}

pub async fn upload(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    signed_in: Option<Extension<SignedIn>>,
    session: Session,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let Some(staff) = staff(signed_in) else {
        let _ = axum::body::to_bytes(body, MAX_STATEMENT_BYTES).await;
        return sign_in_first();
    };
    if !domain::staff::may_manage_pledges(&staff) {
        return forbidden(&state, &parts).await;
    }
    let Ok(mut multipart) = Multipart::from_request(Request::from_parts(parts.clone(), body), &()).await else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let (mut file, mut file_name, mut columns) = (Vec::new(), String::new(), String::new());
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
            _ => {}
        }
    }
    if too_large {
        let message = match lang {
            Lang::Vi => format!(
                "Tệp sao kê lớn hơn {} MB. Xin tách thành nhiều tệp theo khoảng thời gian rồi tải lên lần lượt.",
                MAX_STATEMENT_BYTES / (1024 * 1024)
            ),
            Lang::En => format!(
                "The statement file is larger than {} MB. Please split it by period and upload the parts one by one.",
                MAX_STATEMENT_BYTES / (1024 * 1024)
            ),
        };
        return flash_and_go(&session, problem(message), BACK).await;
    }
    let mapping = if columns.trim().is_empty() {
        Ok(ColumnMapping::recognised())
    } else {
        ColumnMapping::from_list(&columns).map_err(|_| match lang {
            Lang::Vi => "Xin ghi bốn tên cột, cách nhau bằng dấu phẩy: ngày, số tiền, nội dung, mã giao dịch \
                         (và cột tiền ra, nếu sao kê tách riêng)."
                .to_owned(),
            Lang::En => "Please name four columns, separated by commas: date, amount, description, reference \
                         (and the money-out column, when the statement has one)."
                .to_owned(),
        })
    };
    let lines = mapping.and_then(|m| {
        if file.is_empty() {
            return Err(match lang {
                Lang::Vi => "Xin chọn tệp sao kê (CSV).".to_owned(),
                Lang::En => "Please choose a statement file (CSV).".to_owned(),
            });
        }
        parse(&file, &m).map_err(|e| e.describe(lang))
    });
    let lines = match lines {
        Ok(lines) => lines,
        Err(message) => return flash_and_go(&session, problem(message), BACK).await,
    };
    if lines.len() > CHUNK_LINES {
        return import_in_background(state, staff.id, file_name, lines).await;
    }
    let outcome = state
        .portal
        .store
        .import_statement(&file_name, &lines, Some(staff.id), domain::format::today(), time::OffsetDateTime::now_utc())
        .await;
    match outcome {
        Ok(outcome) => {
            state.portal.changed();
            flash_and_go(&session, Flash { import_outcome: Some(outcome), ..Flash::default() }, BACK).await
        }
        Err(err) => {
            tracing::error!(error = %err, "cannot import a statement");
            StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// A long statement is imported chunk by chunk after the answer: the browser goes to a page that
/// shows how far it has got.
async fn import_in_background(
    state: AppState,
    actor_id: i64,
    file_name: String,
    lines: Vec<portal::store::StatementLine>,
) -> Response {
    let total = i64::try_from(lines.len()).unwrap_or(i64::MAX);
    let started = state
        .portal
        .store
        .start_statement_import(&file_name, total, Some(actor_id), time::OffsetDateTime::now_utc())
        .await;
    let id = match started {
        Ok(id) => id,
        Err(err) => {
            tracing::error!(error = %err, "cannot start a statement import");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    tokio::spawn(async move {
        let outcome = import_in_chunks(state.portal.store.as_ref(), id, &lines, Some(actor_id), |_| {}).await;
        state.portal.changed();
        match outcome {
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

pub async fn match_line(
    State(state): State<AppState>,
    Path(line): Path<i64>,
    Extension(lang): Extension<Lang>,
    signed_in: Option<Extension<SignedIn>>,
    session: Session,
    request: Request,
) -> Response {
    let Some(staff) = staff(signed_in) else { return sign_in_first() };
    let (parts, body) = request.into_parts();
    if !domain::staff::may_manage_pledges(&staff) {
        return forbidden(&state, &parts).await;
    }
    let Some(form) = read_form::<MatchForm>(&parts, body).await else { return StatusCode::BAD_REQUEST.into_response() };
    let step = PledgeStep {
        reference: form.reference.trim().to_uppercase(),
        actor_id: Some(staff.id),
        at: time::OffsetDateTime::now_utc(),
        on: domain::format::today(),
        evidence_kind: None,
        evidence: String::new(),
        note: String::new(),
    };
    let message = match (state.portal.store.match_statement_line(line, &step).await, lang) {
        (Ok(true), _) => return done(&state, &session, "pledge_confirmed").await,
        (Ok(false), Lang::Vi) => "Đã ghi nhận khoản chuyển là một phần của đăng ký.".to_owned(),
        (Ok(false), Lang::En) => "The transfer is recorded as part of the pledge.".to_owned(),
        (Err(portal::store::StoreError::NotFound), Lang::Vi) => {
            format!("Không có đăng ký chuyển tiền nào đang chờ với mã {}.", step.reference)
        }
        (Err(portal::store::StoreError::NotFound), Lang::En) => {
            format!("No open money pledge has the reference {}.", step.reference)
        }
        (Err(portal::store::StoreError::Conflict), Lang::Vi) => {
            "Dòng này đã được xử lý, hoặc số tiền lớn hơn phần đăng ký còn thiếu.".to_owned()
        }
        (Err(portal::store::StoreError::Conflict), Lang::En) => {
            "This line was already handled, or the amount is more than the pledge still lacks.".to_owned()
        }
        (Err(err), _) => {
            tracing::error!(error = %err, "cannot match a statement line");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    state.portal.changed();
    flash_and_go(&session, problem(message), BACK).await
}

async fn done(state: &AppState, session: &Session, code: &str) -> Response {
    state.portal.changed();
    flash_and_go(session, Flash { notice: Some(code.into()), ..Flash::default() }, BACK).await
}
