//! Form handlers of the donor network: the public application, staff decisions and recognitions,
//! and a partner recording what it mobilised. Each answers with a redirect (post/redirect/get).

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Form};
use domain::i18n::Lang;
use domain::{Flash, PledgeForm};
use tower_sessions::Session;

use crate::AppState;
use crate::errors::PageFailure;
use crate::extract::{Allowed, ClientAddress, CoordinateNetwork, Staff};
use crate::forms::flash::flash_and_go;

/// `POST /network/join`: an organisation applies to join the directory.
pub async fn join(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    ClientAddress(address): ClientAddress,
    session: Session,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let fields = portal::network::typed(&pairs);
    if !state.pledge_limiter.allow(address) {
        let flash = Flash { notice: Some("rate_limited".into()), fields, ..Flash::default() };
        return flash_and_go(&session, flash, "/network/join").await;
    }
    match state.portal.apply_to_join(&pairs, lang).await {
        Ok(()) => {
            flash_and_go(&session, Flash { notice: Some("applied".into()), ..Flash::default() }, "/network/join").await
        }
        Err(portal::Error::Invalid(problems)) => {
            flash_and_go(&session, Flash { problems, fields, ..Flash::default() }, "/network/join").await
        }
        Err(e) => PageFailure(e).into_response(),
    }
}

/// `POST /staff/network/applications/{donor}/{approve|decline}`; approving may also invite the
/// contact to a partner account, whose one-time link is shown to the coordinator.
pub async fn decide(
    State(state): State<AppState>,
    Path((donor_id, action)): Path<(i64, String)>,
    Staff(me): Staff,
    session: Session,
    Form(fields): Form<BTreeMap<String, String>>,
) -> Response {
    let approve = match action.as_str() {
        "approve" => true,
        "decline" => false,
        _ => return PageFailure(portal::Error::NotFound).into_response(),
    };
    let application = match state.portal.decide_application(&me, donor_id, approve).await {
        Ok(application) => application,
        Err(portal::Error::NotFound) => {
            let flash = Flash { notice: Some("application_gone".into()), ..Flash::default() };
            return flash_and_go(&session, flash, "/staff/network").await;
        }
        Err(e) => return PageFailure(e).into_response(),
    };
    let mut flash = Flash { notice: Some(if approve { "approved" } else { "declined" }.into()), ..Flash::default() };
    if approve
        && fields.contains_key("partner_account")
        && let Some(email) = application.email
    {
        let name = application.contact_name.unwrap_or(application.name);
        match state.portal.invite_partner(&me, donor_id, email, name).await {
            Ok(token) => flash.link = token.map(|token| crate::forms::staff_accounts::link(&state, &token)),
            Err(e) => return PageFailure(e).into_response(),
        }
    }
    flash_and_go(&session, flash, "/staff/network").await
}

/// A staff form's outcome: on to `back` with `done`, or back with what was typed and what is wrong.
async fn answer<T>(
    session: &Session,
    result: Result<T, portal::Error>,
    fields: BTreeMap<String, String>,
    done: &str,
    back: &str,
) -> Response {
    match result {
        Ok(_) => flash_and_go(session, Flash { notice: Some(done.into()), ..Flash::default() }, back).await,
        Err(portal::Error::Invalid(problems)) => {
            flash_and_go(session, Flash { problems, fields, ..Flash::default() }, back).await
        }
        Err(e) => PageFailure(e).into_response(),
    }
}

/// `POST /staff/network/recognitions`: grant a recognition; its notice is queued with it.
pub async fn recognise(
    State(state): State<AppState>,
    Allowed(me, ..): Allowed<CoordinateNetwork>,
    session: Session,
    Form(fields): Form<BTreeMap<String, String>>,
) -> Response {
    let back = format!("/staff/network?year={}#grant", fields.get("year").map(String::as_str).unwrap_or("").trim());
    let result = state.portal.grant_recognition(&me, &fields).await;
    answer(&session, result, fields, "recognised", &back).await
}

/// `POST /staff/network/levels`: an admin adds a recognition level.
pub async fn add_level(
    State(state): State<AppState>,
    Staff(me): Staff,
    session: Session,
    Form(fields): Form<BTreeMap<String, String>>,
) -> Response {
    let result = state.portal.add_recognition_level(&me, &fields).await;
    answer(&session, result, fields, "level_added", "/staff/network").await
}

/// `POST /staff/mobilised`: a partner records a gift it mobilised (a pledge "mobilised by" it,
/// confirmed later by the coordinators like any other).
pub async fn record_mobilised(
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    Staff(me): Staff,
    session: Session,
    Form(mut form): Form<PledgeForm>,
) -> Response {
    let member = match state.portal.partner_member(&me).await {
        Ok(member) => member,
        Err(e) => return PageFailure(e).into_response(),
    };
    // Whatever the form says, the gift is mobilised by the partner signed in.
    form.mobilised_by = member.1;
    match state.portal.pledge_from_form(&form, lang, None, None).await {
        Ok(
            portal::store::PledgeReceipt::Recorded { reference, .. }
            | portal::store::PledgeReceipt::Repeated { reference },
        ) => {
            let flash = Flash { link: Some(reference), ..Flash::default() };
            flash_and_go(&session, flash, "/staff/mobilised").await
        }
        Err(portal::Error::Invalid(problems)) => {
            flash_and_go(&session, Flash { pledge_form: Some(form), problems, ..Flash::default() }, "/staff/mobilised")
                .await
        }
        Err(e) => PageFailure(e).into_response(),
    }
}
