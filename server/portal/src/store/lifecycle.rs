//! The pledge lifecycle as staff record it: confirmed, delivered, cancelled or lapsed, pooled money
//! forwarded, and unpaid pledges going stale.

use async_trait::async_trait;
use time::Date;

use super::StoreResult;

/// One step of a pledge's lifecycle as staff record it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PledgeStep {
    pub reference: String,
    /// The staff member; none for `portal import-statement`.
    pub actor_id: Option<i64>,
    pub at: time::OffsetDateTime,
    /// The day in Vietnam: a ledger entry's year is the calendar year of the confirmation.
    pub on: Date,
    /// `bank_transaction`, `receipt` or `handover`.
    pub evidence_kind: Option<String>,
    pub evidence: String,
    pub note: String,
}

/// A hand-over: children are counted, never named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeliveryRecord {
    pub delivered_on: Date,
    pub children: i64,
    pub delivered_by: String,
    pub received_by: String,
}

/// A partner organisation forwards money from its common fund to a need.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PooledForward {
    /// The network member's slug.
    pub member: String,
    pub need_id: i64,
    pub amount: i64,
    /// The forwarding's own reference, its evidence and who records it.
    pub step: PledgeStep,
}

/// A network member's common fund: what it holds and has not yet forwarded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolBalance {
    pub slug: String,
    pub name: String,
    pub held: i64,
}

/// The pledge lifecycle (a part of the storage port of its own).
#[async_trait]
pub trait PledgeLifecycleStore: Send + Sync {
    /// Records a forwarding of pooled money: a confirmed pledge from the member to the need, and
    /// two ledger entries that cancel out (out of the pool, into the need), so the money counts
    /// once — as the gifts that filled the pool. `Conflict` when the pool holds less, `NotFound`
    /// for an unknown member or need, `Closed` for a need that takes no pledges.
    async fn forward_pooled(&self, forward: &PooledForward) -> StoreResult<()>;
    /// The common funds holding money, the fullest first.
    async fn pool_balances(&self) -> StoreResult<Vec<PoolBalance>>;
    /// Pledged (or partly paid) → confirmed: the event with its evidence, a ledger entry, the
    /// receipt notice and an audit line, together. Any other status is `Conflict`.
    async fn confirm_pledge(&self, step: &PledgeStep) -> StoreResult<()>;
    /// Confirmed → delivered, with the hand-over and the delivery report notice.
    async fn record_delivery(&self, step: &PledgeStep, delivery: &DeliveryRecord) -> StoreResult<()>;
    /// → `cancelled` (from pledged, partly paid or confirmed: a confirmed amount is taken back by a
    /// reversing entry) or → `lapsed` (from pledged or partly paid).
    async fn close_pledge(&self, step: &PledgeStep, to: &str) -> StoreResult<()>;
    /// Unpaid pledges made before `made_before` stop covering their needs (they go stale), and needs
    /// whose status no longer matches what covers them follow it (covered ↔ published). Answers
    /// how many needs moved.
    async fn sweep_stale_pledges(
        &self,
        made_before: time::OffsetDateTime,
        at: time::OffsetDateTime,
    ) -> StoreResult<u64>;
    /// The hand-over of a pledge, if it was delivered.
    async fn delivery(&self, reference: &str) -> StoreResult<Option<DeliveryRecord>>;
}
