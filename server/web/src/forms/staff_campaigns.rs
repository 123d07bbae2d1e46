//! Form handlers of the campaign editor (`multipart/form-data`, for the cover picture).

use std::collections::BTreeMap;

use axum::extract::{Multipart, Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::{CampaignForm, DropOffForm, FieldProblem, Flash};
use portal::store::StoredImage;
use tower_sessions::Session;

use crate::AppState;
use crate::errors::PageFailure;
use crate::extract::{Allowed, ManageCampaigns, allowed_upload};
use crate::forms::flash::flash_and_go;
use portal::pictures::{MAX_UPLOAD_BYTES, PictureError, prepare_cover};

/// The whole editor form: the picture and some slack for the text.
pub const MAX_FORM_BYTES: usize = MAX_UPLOAD_BYTES + 256 * 1024;
const MAX_FIELD_BYTES: usize = 64 * 1024;

/// The fields as typed and the uploaded picture's bytes, if a file was chosen.
async fn read_campaign_form(mut multipart: Multipart) -> Option<(CampaignForm, Option<Vec<u8>>)> {
    let mut form = CampaignForm::default();
    let mut drop_offs: BTreeMap<usize, DropOffForm> = BTreeMap::new();
    let mut cover = None;
    while let Some(field) = multipart.next_field().await.ok()? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "cover" {
            let bytes = field.bytes().await.ok()?;
            if !bytes.is_empty() {
                cover = Some(bytes.to_vec());
            }
            continue;
        }
        let value = field.text().await.ok()?;
        if value.len() > MAX_FIELD_BYTES {
            return None;
        }
        match name.as_str() {
            "slug" => form.slug = value,
            "title" => form.title = value,
            "summary" => form.summary = value,
            "story" => form.story = value,
            "goal" => form.goal = value,
            "bank_bin" => form.bank_bin = value,
            "account_number" => form.account_number = value,
            "account_name" => form.account_name = value,
            "opens_on" => form.opens_on = value,
            "closes_on" => form.closes_on = value,
            "published" => form.published = Some(value),
            "needs" => form.needs.push(value),
            "kept_cover" => form.kept_cover = value,
            other => {
                // drop_offs.{i}.{field}
                let mut parts = other.splitn(3, '.');
                if let (Some("drop_offs"), Some(i), Some(part)) = (parts.next(), parts.next(), parts.next())
                    && let Ok(i) = i.parse::<usize>()
                    && i < 50
                {
                    let row = drop_offs.entry(i).or_default();
                    match part {
                        "place" => row.place = value,
                        "address" => row.address = value,
                        "opens_on" => row.opens_on = value,
                        "closes_on" => row.closes_on = value,
                        "hours" => row.hours = value,
                        _ => {}
                    }
                }
            }
        }
    }
    form.drop_offs = drop_offs.into_values().filter(|d| !d.is_blank()).collect();
    Some((form, cover))
}

async fn save(
    state: AppState,
    id: Option<i64>,
    allowed: Result<Allowed<ManageCampaigns>, Response>,
    session: Session,
    request: Request,
) -> Response {
    // The role before the picture: nobody else makes the server decode one.
    let (staff, multipart) = match allowed_upload(allowed, request, MAX_FORM_BYTES).await {
        Ok(upload) => upload,
        Err(answer) => return answer,
    };
    let Some((form, upload)) = read_campaign_form(multipart).await else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    // Decoding and resizing take real CPU time: on a blocking thread, not the one serving requests.
    let prepared = match upload {
        None => Ok(None),
        Some(bytes) => tokio::task::spawn_blocking(move || prepare_cover(&bytes).map(Some))
            .await
            .unwrap_or(Err(PictureError::Unreadable)),
    };
    let cover = match prepared {
        Ok(picture) => Ok(picture.map(|p| StoredImage {
            id: 0,
            content_type: p.content_type.to_owned(),
            width: i64::from(p.width),
            height: i64::from(p.height),
            bytes: p.bytes,
        })),
        Err(PictureError::TooLarge | PictureError::Unreadable) => Err(FieldProblem::NotAPicture),
    };
    let back = id.map_or_else(|| "/staff/campaigns/new".to_owned(), |id| format!("/staff/campaigns/{id}/edit"));
    let mut form = form;
    match state.portal.save_campaign(&staff, id, &mut form, cover).await {
        Ok(id) => {
            flash_and_go(
                &session,
                Flash { notice: Some("campaign_saved".into()), ..Flash::default() },
                &format!("/staff/campaigns/{id}/edit"),
            )
            .await
        }
        Err(portal::Error::Invalid(problems)) => {
            flash_and_go(&session, Flash { campaign_form: Some(form), problems, ..Flash::default() }, &back).await
        }
        Err(e) => PageFailure(e).into_response(),
    }
}

/// `POST /staff/campaigns`: a new campaign.
pub async fn create(
    State(state): State<AppState>,
    allowed: Result<Allowed<ManageCampaigns>, Response>,
    session: Session,
    request: Request,
) -> Response {
    save(state, None, allowed, session, request).await
}

/// `POST /staff/campaigns/{id}`: the campaign, changed.
pub async fn update(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    allowed: Result<Allowed<ManageCampaigns>, Response>,
    session: Session,
    request: Request,
) -> Response {
    save(state, Some(id), allowed, session, request).await
}
