//! Bank notification feeds: services that watch the programme's accounts and call the portal for
//! every movement (SePay today; Casso or the VietQR transaction-sync API would be siblings). Each
//! provider's format lives in its own adapter module, which turns a notification into a
//! [`BankMovement`]; everything after that — which account, matching, counting once — is shared.
//!
//! Adding a provider: a module beside `sepay.rs` with a `parse(body) -> Result<BankMovement,
//! FeedProblem>` for its documented JSON, a route in `server/web/src/api/bank_feed.rs` that
//! checks the provider's authentication, and a story with its sample notifications.

pub mod sepay;

use time::OffsetDateTime;

/// One movement on a bank account, as a feed reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BankMovement {
    /// `sepay:92704`: the provider and its own id for the notification (a retry repeats it).
    pub feed_id: String,
    /// The bank, as the shipped list knows it, when the provider's name for it is known.
    pub bank_bin: Option<String>,
    pub account_number: String,
    pub at: OffsetDateTime,
    pub money_in: bool,
    pub amount: i64,
    /// The transfer message as the bank carried it (it may name a pledge; it may carry the sender's
    /// name, phone or account number: never shown to the public).
    pub content: String,
    /// The bank's reference for the transaction.
    pub reference: String,
}

/// What is wrong with a notification: nothing of it is stored.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum FeedProblem {
    /// Not JSON at all (400).
    #[error("not JSON: {0}")]
    NotJson(String),
    /// JSON, but a field is missing or not what the provider documents (422).
    #[error("field {field}: {why}")]
    Field { field: &'static str, why: &'static str },
}
