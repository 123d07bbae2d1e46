//! The error that crosses the wire: a stable code the interface translates, never internals.

use std::collections::BTreeMap;

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum AppError {
    #[error("not found")]
    NotFound,
    /// Nobody is signed in and the page is for staff.
    #[error("sign-in required")]
    SignInRequired,
    /// The signed-in person's role or communes do not allow it.
    #[error("forbidden")]
    Forbidden,
    /// The record is not in a state that allows it (now): another person acted first, or the
    /// need or campaign closed.
    #[error("conflict")]
    Conflict,
    /// Field name → what is wrong with it (in the user's language).
    #[error("invalid input")]
    Invalid { fields: BTreeMap<String, String> },
    /// The database or another dependency did not answer; details are in the server log.
    #[error("service unavailable")]
    Unavailable,
    /// The request did not reach the server function, or its answer could not be read.
    #[error("transport: {message}")]
    Transport { message: String },
}

impl AppError {
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::SignInRequired => "sign_in_required",
            AppError::Forbidden => "forbidden",
            AppError::Conflict => "conflict",
            AppError::Invalid { .. } => "invalid",
            AppError::Unavailable => "unavailable",
            AppError::Transport { .. } => "transport",
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport { message: value.to_string() }
    }
}

#[cfg(feature = "ssr")]
impl From<portal::Error> for AppError {
    fn from(err: portal::Error) -> Self {
        match err {
            portal::Error::Denied => AppError::Forbidden,
            portal::Error::NotFound => AppError::NotFound,
            portal::Error::SignInRequired => AppError::SignInRequired,
            portal::Error::Invalid(problems) => {
                AppError::Invalid { fields: problems.into_iter().map(|(k, v)| (k, format!("{v:?}"))).collect() }
            }
            portal::Error::Conflict(_) => AppError::Conflict,
            portal::Error::Unavailable => AppError::Unavailable,
        }
    }
}
