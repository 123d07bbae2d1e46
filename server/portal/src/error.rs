//! The one error of the services: what a page, a form handler or the API tells the person, never
//! internals (those are logged where they happen).

use std::collections::BTreeMap;

use domain::{FieldProblem, NeedSummary};

use crate::store::StoreError;

/// Field name → what is wrong with it.
pub type Problems = BTreeMap<String, FieldProblem>;

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The person's role or scope does not allow it.
    #[error("not allowed")]
    Denied,
    #[error("not found")]
    NotFound,
    /// The donor's own page was asked for without a donor (still) signed in.
    #[error("sign-in required")]
    SignInRequired,
    /// What was typed, field by field.
    #[error("invalid input")]
    Invalid(Problems),
    /// The request was sound but the record is not in a state that allows it (now).
    #[error("conflict: {0:?}")]
    Conflict(Conflict),
    /// The database or another dependency did not answer; details are in the log.
    #[error("unavailable")]
    Unavailable,
}

/// Why a sound request cannot be carried out as things stand.
#[derive(Debug, PartialEq, Eq)]
pub enum Conflict {
    /// The need or pledge is not (or no longer) in a status the action applies to.
    WrongStatus,
    /// Open needs for the same commune, category and period exist; confirm to go on.
    Overlap(Vec<NeedSummary>),
    /// The need or campaign no longer takes pledges.
    Closed,
    /// The same form token or `Idempotency-Key` came back with other content.
    KeyReused,
}

impl Error {
    /// One field's problem.
    pub fn invalid(field: &str, problem: FieldProblem) -> Self {
        Error::Invalid(Problems::from([(field.to_owned(), problem)]))
    }
}

impl From<StoreError> for Error {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => Error::NotFound,
            StoreError::Conflict => Error::Conflict(Conflict::WrongStatus),
            StoreError::Closed => Error::Conflict(Conflict::Closed),
            StoreError::KeyReused => Error::Conflict(Conflict::KeyReused),
            other => {
                tracing::error!(error = %other, "store error");
                Error::Unavailable
            }
        }
    }
}
