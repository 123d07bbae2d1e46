//! Needs as they are stored and read, and the demo needs.

use async_trait::async_trait;
use time::Date;

use super::StoreResult;
use domain::{Category, NeedStatus, NeedTotals};

/// A need as stored; the commune's name and history come from the area index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NeedRecord {
    pub id: i64,
    pub commune_code: String,
    pub site: Option<String>,
    pub category: Category,
    pub title: String,
    pub description: String,
    pub children: i64,
    pub quantity: i64,
    pub unit: String,
    pub unit_cost: i64,
    pub total: i64,
    pub pledged: i64,
    pub period_start: Date,
    pub period_end: Date,
    pub status: NeedStatus,
    pub demo: bool,
}

/// What is written when a need is recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewNeed {
    pub commune_code: String,
    pub site: Option<String>,
    pub category: Category,
    pub title: String,
    pub description: String,
    pub children: i64,
    pub quantity: i64,
    pub unit: String,
    pub unit_cost: i64,
    pub period_start: Date,
    pub period_end: Date,
    pub status: NeedStatus,
    pub demo: bool,
}

impl NewNeed {
    pub fn total(&self) -> i64 {
        self.quantity.saturating_mul(self.unit_cost)
    }
}

/// A selection of needs, in the order of urgency: still seeking support first, then the soonest
/// period, then the largest.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NeedQuery {
    pub statuses: Vec<NeedStatus>,
    pub category: Option<Category>,
    pub commune_code: Option<String>,
    /// When not empty, only needs of these communes (an area officer's scope).
    pub communes_in: Vec<String>,
    pub limit: i64,
    pub offset: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeedOutcome {
    Loaded { count: usize },
    AlreadyLoaded,
}

/// Needs: recorded, read and counted (a part of the storage port of its own).
#[async_trait]
pub trait NeedStore: Send + Sync {
    async fn insert_need(&self, need: &NewNeed) -> StoreResult<i64>;
    async fn need(&self, id: i64) -> StoreResult<Option<NeedRecord>>;
    /// One page of needs and how many match in all.
    async fn needs(&self, query: &NeedQuery) -> StoreResult<(Vec<NeedRecord>, i64)>;
    async fn need_totals(&self, statuses: &[NeedStatus]) -> StoreResult<NeedTotals>;
    /// Whether any need of these statuses is demo data.
    async fn has_demo_needs(&self, statuses: &[NeedStatus]) -> StoreResult<bool>;

    /// Loads the demo needs once: a second call finds the marker and changes nothing.
    async fn seed_demo(&self, needs: &[NewNeed]) -> StoreResult<SeedOutcome>;
}
