//! The year's plan as stored: a draft and a published stage, each replaced whole by an import.

use async_trait::async_trait;

use super::StoreResult;
use domain::PlanTarget;

/// What a year achieved in one commune and kind of support: (commune code, category, pledged,
/// confirmed, delivered, children reached).
pub type Achieved = (String, String, i64, i64, i64, i64);

#[async_trait]
pub trait PlanStore: Send + Sync {
    /// Replaces the year's plan at `stage` (`draft` or `published`) with `targets`, audited, in one
    /// transaction; publishing drops the draft.
    async fn save_plan(
        &self,
        year: i32,
        stage: &str,
        targets: &[PlanTarget],
        file_name: &str,
        actor_id: Option<i64>,
        at: time::OffsetDateTime,
    ) -> StoreResult<()>;
    /// The year's draft becomes its plan (audited); `NotFound` without a draft.
    async fn publish_plan(&self, year: i32, actor_id: i64, at: time::OffsetDateTime) -> StoreResult<()>;
    /// The targets at a stage, by commune and category; empty when there is none.
    async fn plan_targets(&self, year: i32, stage: &str) -> StoreResult<Vec<PlanTarget>>;
    /// What the year achieved by commune and kind of support (needs outside a commune left out).
    async fn achieved_by_place(&self, year: i32) -> StoreResult<Vec<Achieved>>;
}
