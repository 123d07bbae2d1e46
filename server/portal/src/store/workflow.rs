//! A need's workflow: staff draft, edit and move needs from status to status, each step kept in its
//! history.

use async_trait::async_trait;
use time::Date;

use super::{NeedRecord, NewNeed, StoreResult};
use domain::{Category, NeedStatus};

/// One step of a need's workflow, as its history shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NeedTransition {
    pub at: time::OffsetDateTime,
    pub actor_id: Option<i64>,
    pub from_status: Option<NeedStatus>,
    pub to_status: NeedStatus,
    pub comment: String,
    pub overlap_confirmed: bool,
}

/// A change of a need's status, applied only if the need is still in one of `from`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NeedChange {
    pub need_id: i64,
    pub from: Vec<NeedStatus>,
    pub to: NeedStatus,
    pub actor_id: i64,
    pub comment: String,
    pub overlap_confirmed: bool,
}

/// The needs' workflow (a part of the storage port of its own).
#[async_trait]
pub trait NeedWorkflowStore: Send + Sync {
    /// Records a new need drafted by `actor`, with its first transition and an audit line.
    async fn create_need(&self, need: &NewNeed, actor_id: i64, overlap_confirmed: bool) -> StoreResult<i64>;
    /// Replaces a need's content while it is in one of `editable` (status and demo flag are kept).
    async fn update_need(
        &self,
        id: i64,
        need: &NewNeed,
        editable: &[NeedStatus],
        actor_id: i64,
        overlap_confirmed: bool,
    ) -> StoreResult<()>;
    /// Moves a need to another status if it is still in one of `change.from`; else `Conflict`.
    async fn change_need_status(&self, change: &NeedChange) -> StoreResult<()>;
    async fn need_history(&self, id: i64) -> StoreResult<Vec<NeedTransition>>;
    /// Open needs (submitted, published, covered) of a commune and category whose period
    /// intersects the given one.
    async fn overlapping_needs(
        &self,
        commune_code: &str,
        category: Category,
        period_start: Date,
        period_end: Date,
        except: Option<i64>,
    ) -> StoreResult<Vec<NeedRecord>>;
    /// Who drafted a need.
    async fn need_author(&self, id: i64) -> StoreResult<Option<i64>>;
    async fn need_review_comment(&self, id: i64) -> StoreResult<Option<String>>;
}
