//! The one error of the services: what a page, a form handler or the API tells the person, never
//! internals (those are logged where they happen).

use std::collections::BTreeMap;

use domain::FieldProblem;

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
    /// The database or another dependency did not answer; details are in the log.
    #[error("unavailable")]
    Unavailable,
}

impl From<StoreError> for Error {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => Error::NotFound,
            other => {
                tracing::error!(error = %other, "store error");
                Error::Unavailable
            }
        }
    }
}
