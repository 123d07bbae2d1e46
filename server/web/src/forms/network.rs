//! Form handlers of the donor network: the public application, staff decisions and recognitions,
//! and a partner recording what it mobilised. Each answers with a redirect (post/redirect/get).

use std::collections::BTreeMap;
use std::net::SocketAddr;

use axum::Extension;
use axum::extract::{ConnectInfo, Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::i18n::Lang;
use domain::{Flash, PledgeForm, Role, SignedIn};
use portal::store::{NewStaff, StaffToken, StoreError};
use time::OffsetDateTime;
use tower_sessions::Session;

use crate::AppState;
use crate::forms::staff_needs::{flash_and_go, forbidden, read_form, sign_in_first, staff, unavailable};

/// `POST /network/join`: an organisation applies to join the directory.
pub async fn join(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    session: Session,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let Some(pairs) = read_form::<Vec<(String, String)>>(&parts, body).await else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let fields = portal::network::typed(&pairs);
    if !crate::forms::pledges::within_rate(&state, peer, &parts.headers) {
        let flash = Flash { notice: Some("rate_limited".into()), fields, ..Flash::default() };
        return flash_and_go(&session, flash, "/network/join").await;
    }
    match state.portal.apply_to_join(&pairs, lang).await {
        Ok(()) => {
            flash_and_go(&session, Flash { notice: Some("applied".into()), ..Flash::default() }, "/network/join").await
        }
        Err(Ok(problems)) => {
            flash_and_go(&session, Flash { problems, fields, ..Flash::default() }, "/network/join").await
        }
        Err(Err(e)) => unavailable(e),
    }
}

/// `POST /staff/network/applications/{donor}/{approve|decline}`; approving may also invite the
/// contact to a partner account, whose one-time link is shown to the coordinator.
pub async fn decide(
    State(state): State<AppState>,
    Path((donor_id, action)): Path<(i64, String)>,
    signed_in: Option<Extension<SignedIn>>,
    session: Session,
    request: Request,
) -> Response {
    let Some(me) = staff(signed_in) else { return sign_in_first() };
    let (parts, body) = request.into_parts();
    let fields = read_form::<BTreeMap<String, String>>(&parts, body).await.unwrap_or_default();
    let approve = match action.as_str() {
        "approve" => true,
        "decline" => false,
        _ => return crate::render_page(&state, "/staff/not-found", &parts, StatusCode::NOT_FOUND).await,
    };
    let application = match state.portal.decide_application(&me, donor_id, approve).await {
        Ok(application) => application,
        Err(portal::Error::Denied) => return forbidden(&state, &parts).await,
        Err(portal::Error::NotFound) => {
            let flash = Flash { notice: Some("application_gone".into()), ..Flash::default() };
            return flash_and_go(&session, flash, "/staff/network").await;
        }
        Err(e) => return unavailable(e),
    };
    let mut flash = Flash { notice: Some(if approve { "approved" } else { "declined" }.into()), ..Flash::default() };
    if approve
        && fields.contains_key("partner_account")
        && let Some(email) = application.email
    {
        let (token, hash) = crate::forms::staff_accounts::new_token();
        let account = NewStaff {
            email,
            display_name: application.contact_name.unwrap_or(application.name),
            password_hash: String::new(),
            role: Role::Partner,
            communes: Vec::new(),
        };
        let invitation = StaffToken {
            token_hash: hash,
            staff_id: 0,
            kind: "invite",
            expires_at: OffsetDateTime::now_utc() + crate::forms::staff_accounts::INVITATION_LIFETIME,
        };
        match state.portal.store.invite_staff(&account, &invitation, me.id).await {
            Ok(staff_id) => {
                if let Err(e) = state.portal.store.link_partner(staff_id, donor_id).await {
                    return unavailable(e);
                }
                flash.link = Some(crate::forms::staff_accounts::link(&state, &token));
            }
            // The contact already has an account: the approval stands, no second invitation.
            Err(StoreError::Duplicate(_)) => {}
            Err(e) => return unavailable(e),
        }
    }
    flash_and_go(&session, flash, "/staff/network").await
}

/// A staff form read as fields, handed to `act`, and answered: on to `back` with the outcome, or
/// back with what was typed and what is wrong.
async fn staff_fields_form<F, Fut, T>(
    state: &AppState,
    signed_in: Option<Extension<SignedIn>>,
    session: &Session,
    request: Request,
    done: &str,
    back: impl Fn(&BTreeMap<String, String>) -> String,
    act: F,
) -> Response
where
    F: FnOnce(domain::StaffView, BTreeMap<String, String>) -> Fut,
    Fut: std::future::Future<Output = Result<T, Result<BTreeMap<String, domain::FieldProblem>, portal::Error>>>,
{
    let Some(me) = staff(signed_in) else { return sign_in_first() };
    let (parts, body) = request.into_parts();
    let Some(fields) = read_form::<BTreeMap<String, String>>(&parts, body).await else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let back = back(&fields);
    match act(me, fields.clone()).await {
        Ok(_) => flash_and_go(session, Flash { notice: Some(done.into()), ..Flash::default() }, &back).await,
        Err(Ok(problems)) => flash_and_go(session, Flash { problems, fields, ..Flash::default() }, &back).await,
        Err(Err(portal::Error::Denied)) => forbidden(state, &parts).await,
        Err(Err(e)) => unavailable(e),
    }
}

/// `POST /staff/network/recognitions`: grant a recognition; its notice is queued with it.
pub async fn recognise(
    State(state): State<AppState>,
    signed_in: Option<Extension<SignedIn>>,
    session: Session,
    request: Request,
) -> Response {
    let back = |f: &BTreeMap<String, String>| {
        format!("/staff/network?year={}#grant", f.get("year").map(String::as_str).unwrap_or("").trim())
    };
    let portal = state.portal.clone();
    staff_fields_form(&state, signed_in, &session, request, "recognised", back, |me, fields| async move {
        portal.grant_recognition(&me, &fields).await
    })
    .await
}

/// `POST /staff/network/levels`: an admin adds a recognition level.
pub async fn add_level(
    State(state): State<AppState>,
    signed_in: Option<Extension<SignedIn>>,
    session: Session,
    request: Request,
) -> Response {
    let portal = state.portal.clone();
    let back = |_: &BTreeMap<String, String>| "/staff/network".to_owned();
    staff_fields_form(&state, signed_in, &session, request, "level_added", back, |me, fields| async move {
        portal.add_recognition_level(&me, &fields).await
    })
    .await
}

/// `POST /staff/mobilised`: a partner records a gift it mobilised (a pledge "mobilised by" it,
/// confirmed later by the coordinators like any other).
pub async fn record_mobilised(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    signed_in: Option<Extension<SignedIn>>,
    session: Session,
    request: Request,
) -> Response {
    let Some(me) = staff(signed_in) else { return sign_in_first() };
    let (parts, body) = request.into_parts();
    let Some(mut form) = read_form::<PledgeForm>(&parts, body).await else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let member = match state.portal.store.partner_member(me.id).await {
        Ok(Some(member)) => member,
        Ok(None) => return forbidden(&state, &parts).await,
        Err(e) => return unavailable(e),
    };
    // Whatever the form says, the gift is mobilised by the partner signed in.
    form.mobilised_by = member.1;
    form.consent = Some("yes".into());
    match state.portal.pledge_from_form(&form, lang, None).await {
        Ok(
            portal::store::PledgeReceipt::Recorded { reference, .. }
            | portal::store::PledgeReceipt::Repeated { reference },
        ) => {
            let flash = Flash { link: Some(reference), ..Flash::default() };
            flash_and_go(&session, flash, "/staff/mobilised").await
        }
        Err(portal::pledges::PledgeError::Invalid(problems)) => {
            flash_and_go(&session, Flash { pledge_form: Some(form), problems, ..Flash::default() }, "/staff/mobilised")
                .await
        }
        Err(e) => unavailable(format!("{e:?}")),
    }
}
