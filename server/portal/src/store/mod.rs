//! The storage port: one file per part of it, and `Store`, all of them together. Each method is one
//! whole unit of work: it commits everything it writes in one transaction, or nothing.
//! Implementations (SQLite, PostgreSQL) live in the `store` crate.

mod audit;
mod campaigns;
mod digests;
mod donors;
mod duplicates;
mod ledger;
mod lifecycle;
mod needs;
mod network;
mod notices;
mod operations;
mod partner_plans;
mod plans;
mod pledges;
mod provider_tokens;
mod recognitions;
mod sign_in;
mod staff;
mod statements;
mod workflow;

pub use audit::*;
pub use campaigns::*;
pub use digests::*;
pub use donors::*;
pub use duplicates::*;
pub use ledger::*;
pub use lifecycle::*;
pub use needs::*;
pub use network::*;
pub use notices::*;
pub use operations::*;
pub use partner_plans::*;
pub use plans::*;
pub use pledges::*;
pub use provider_tokens::*;
pub use recognitions::*;
pub use sign_in::*;
pub use staff::*;
pub use statements::*;
pub use workflow::*;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Backend(#[from] Box<dyn std::error::Error + Send + Sync>),
    #[error("{0}")]
    Rejected(String),
    /// A unique value (an email address…) is already taken.
    #[error("already exists: {0}")]
    Duplicate(String),
    /// The record changed since it was read (another person acted first).
    #[error("the record is no longer in the expected state")]
    Conflict,
    #[error("not found")]
    NotFound,
    /// The need or campaign no longer takes pledges.
    #[error("closed")]
    Closed,
    /// An idempotency key came back with a different request.
    #[error("the idempotency key was used for another request")]
    KeyReused,
}

pub type StoreResult<T> = Result<T, StoreError>;

/// The whole storage port, as the services hold it (`Arc<dyn Store>`): every part of it, and
/// nothing of its own (each backend says `impl Store` once all the parts are implemented).
pub trait Store:
    OperationsStore
    + NeedStore
    + NeedWorkflowStore
    + AuditStore
    + StaffStore
    + SignInStore
    + PledgeStore
    + PledgeLifecycleStore
    + LedgerStore
    + StatementStore
    + CampaignStore
    + NoticeStore
    + NetworkStore
    + RecognitionStore
    + DonorStore
    + DuplicateStore
    + ProviderTokenStore
    + PlanStore
    + PartnerPlanStore
    + DigestStore
    + Send
    + Sync
    + 'static
{
}
