//! What a handler needs to know of the request before it starts, said once: who is signed in and
//! what they may do, the donor signed in, and the address the request came from. A handler that
//! takes `Allowed<ManagePledges>` never runs for anyone else: the sign-in page or the 403 page is
//! answered instead.

use std::marker::PhantomData;
use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use domain::{DonorSignedIn, Role, SignedIn, StaffView};

use crate::AppState;
use crate::errors::PageFailure;

/// A staff member is signed in (the identity layer resolved them from the session).
pub struct Staff(pub StaffView);

impl Staff {
    /// The staff member of a request whose head a handler keeps.
    pub fn of(parts: &Parts) -> Option<StaffView> {
        parts.extensions.get::<SignedIn>().map(|s| s.0.clone())
    }
}

/// Nobody is signed in: the sign-in page, which says so.
pub fn sign_in_first() -> Response {
    Redirect::to("/staff/login?error=required").into_response()
}

impl<S: Send + Sync> FromRequestParts<S> for Staff {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Response> {
        Staff::of(parts).map(Staff).ok_or_else(sign_in_first)
    }
}

/// What a staff member may do, as the extractor `Allowed` checks it.
pub trait Permission {
    fn allows(staff: &StaffView) -> bool;
}

/// Confirming money and hand-overs, statements, reports: coordinators and admins.
pub struct ManagePledges;
/// Campaigns speak for the province: coordinators and admins.
pub struct ManageCampaigns;
/// The outbox shows which donors were written to: coordinators and admins.
pub struct SeeNotices;
/// Applications, recognitions and levels of the network: coordinators and admins.
pub struct CoordinateNetwork;
/// Staff accounts: admins.
pub struct Administer;

impl Permission for ManagePledges {
    fn allows(staff: &StaffView) -> bool {
        domain::staff::may_manage_pledges(staff)
    }
}

impl Permission for ManageCampaigns {
    fn allows(staff: &StaffView) -> bool {
        domain::staff::may_manage_campaigns(staff)
    }
}

impl Permission for SeeNotices {
    fn allows(staff: &StaffView) -> bool {
        domain::staff::may_see_notices(staff)
    }
}

impl Permission for CoordinateNetwork {
    fn allows(staff: &StaffView) -> bool {
        matches!(staff.role, Role::Admin | Role::Coordinator)
    }
}

impl Permission for Administer {
    fn allows(staff: &StaffView) -> bool {
        staff.role == Role::Admin
    }
}

/// A signed-in staff member whom `P` allows; anyone else gets the sign-in page or the 403 page.
pub struct Allowed<P>(pub StaffView, pub PhantomData<P>);

impl<P: Permission, S: Send + Sync> FromRequestParts<S> for Allowed<P> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        let Staff(staff) = Staff::from_request_parts(parts, state).await?;
        if P::allows(&staff) {
            Ok(Allowed(staff, PhantomData))
        } else {
            Err(PageFailure(portal::Error::Denied).into_response())
        }
    }
}

/// An upload (`multipart/form-data`) from a staff member whom `P` allows. Anyone else gets their
/// answer only once the upload has been read to its end (up to `limit` bytes): answering mid-upload
/// shows the browser a broken connection instead of the sign-in or 403 page.
pub async fn allowed_upload<P>(
    allowed: Result<Allowed<P>, Response>,
    request: axum::extract::Request,
    limit: usize,
) -> Result<(StaffView, axum::extract::Multipart), Response> {
    use axum::extract::FromRequest;
    match allowed {
        Ok(Allowed(staff, ..)) => axum::extract::Multipart::from_request(request, &())
            .await
            .map(|multipart| (staff, multipart))
            .map_err(IntoResponse::into_response),
        Err(answer) => {
            let _ = axum::body::to_bytes(request.into_body(), limit).await;
            Err(answer)
        }
    }
}

/// The donor signed in on `/me` with a one-time link, or the way back to `/me`.
pub struct Donor(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for Donor {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Response> {
        parts.extensions.get::<DonorSignedIn>().map(|d| Donor(d.0)).ok_or_else(|| Redirect::to("/me").into_response())
    }
}

/// A donor signed in, or nobody (a public form anyone may send).
impl<S: Send + Sync> OptionalFromRequestParts<S> for Donor {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Option<Self>, Self::Rejection> {
        Ok(parts.extensions.get::<DonorSignedIn>().map(|d| Donor(d.0)))
    }
}

/// The address a request came from: the peer, or — when the peer is one of the trusted reverse
/// proxies (PORTAL_TRUSTED_PROXIES) — the nearest address in `X-Forwarded-For` that is not one of
/// them. Nothing else in that header is believed, since a client can write anything there.
pub struct ClientAddress(pub IpAddr);

impl ClientAddress {
    pub fn of(peer: SocketAddr, headers: &axum::http::HeaderMap, trusted: &[IpAddr]) -> IpAddr {
        if !trusted.contains(&peer.ip()) {
            return peer.ip();
        }
        let forwarded: Vec<IpAddr> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|a| a.trim().parse().ok())
            .collect();
        forwarded.into_iter().rev().find(|a| !trusted.contains(a)).unwrap_or(peer.ip())
    }
}

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let ConnectInfo(peer) =
            ConnectInfo::<SocketAddr>::from_request_parts(parts, state).await.map_err(IntoResponse::into_response)?;
        Ok(ClientAddress(ClientAddress::of(peer, &parts.headers, &state.trusted_proxies)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_addresses_are_believed_only_from_trusted_proxies() {
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        let mut headers = axum::http::HeaderMap::new();
        headers.insert("x-forwarded-for", "1.2.3.4, 203.0.113.9".parse().unwrap());
        let from_proxy = SocketAddr::new(proxy, 40000);
        let direct: SocketAddr = "198.51.100.7:40000".parse().unwrap();
        assert_eq!(
            ClientAddress::of(direct, &headers, &[proxy]).to_string(),
            "198.51.100.7",
            "a client cannot claim an address"
        );
        assert_eq!(
            ClientAddress::of(from_proxy, &headers, &[proxy]).to_string(),
            "203.0.113.9",
            "the proxy's own entry, not the client's"
        );
        assert_eq!(ClientAddress::of(from_proxy, &headers, &[]).to_string(), "10.0.0.2");
    }
}
