//! Records of one donor made twice: staff find them and merge them.

use async_trait::async_trait;

use super::StoreResult;

pub use domain::network::PossibleDuplicate;

/// Duplicate donor records (a part of the storage port of its own).
#[async_trait]
pub trait DuplicateStore: Send + Sync {
    /// Records that share an email address, a phone number or a tax code with `donor_id`.
    async fn possible_duplicates(&self, donor_id: i64) -> StoreResult<Vec<PossibleDuplicate>>;
    /// Staff found two records to be one donor: `from`'s pledges, ledger lines, recognitions,
    /// notices and what it mobilised move to `into`, which keeps its own details (filling only what
    /// it lacked), is named in public only if both were, and takes `from`'s membership when it had
    /// none; `from` is deleted. Audited. `NotFound` for a missing or erased record, `Conflict` when
    /// both hold the same recognition for the same year.
    async fn merge_donors(&self, from: i64, into: i64, actor_id: i64, at: time::OffsetDateTime) -> StoreResult<()>;
}
