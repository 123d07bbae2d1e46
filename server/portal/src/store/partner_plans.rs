//! Mass organisations' own plans and reports as stored: one row per organisation and year, locked
//! once the report is submitted.

use async_trait::async_trait;

use super::StoreResult;
use domain::{PartnerReport, PartnerResults, PartnerTargets};

/// An organisation's year as stored: its plan, and its report once submitted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredPartnerPlan {
    pub member_id: i64,
    pub targets: PartnerTargets,
    pub report: Option<PartnerReport>,
}

/// An organisation that mobilises: (donor id, slug, name) of the member a partner account records for.
pub type PartnerMember = (i64, String, String);

#[async_trait]
pub trait PartnerPlanStore: Send + Sync {
    /// Enters or replaces the organisation's plan for the year (audited); `Conflict` once its report
    /// is submitted.
    async fn save_partner_plan(
        &self,
        member_id: i64,
        year: i32,
        targets: &PartnerTargets,
        actor_id: i64,
        at: time::OffsetDateTime,
    ) -> StoreResult<()>;
    /// Submits the year's report with the results as counted now, which locks the plan (audited);
    /// `NotFound` without a plan, `Conflict` when already submitted.
    async fn submit_partner_report(
        &self,
        member_id: i64,
        year: i32,
        text: &str,
        results: PartnerResults,
        actor_id: i64,
        at: time::OffsetDateTime,
    ) -> StoreResult<()>;
    async fn partner_plan(&self, member_id: i64, year: i32) -> StoreResult<Option<StoredPartnerPlan>>;
    /// Every plan of the year.
    async fn partner_plans(&self, year: i32) -> StoreResult<Vec<StoredPartnerPlan>>;
    /// The members partner accounts record for (erased ones left out), by name.
    async fn partner_members(&self) -> StoreResult<Vec<PartnerMember>>;
    /// What an organisation mobilised in the year: pledges made through it, their confirmations
    /// (net of reversals) and hand-overs.
    async fn mobilised_in_year(&self, member_id: i64, year: i32) -> StoreResult<PartnerResults>;
}
