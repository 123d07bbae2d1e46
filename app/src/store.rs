//! The storage port. Each method is one whole unit of work: it commits everything it writes in one
//! transaction, or nothing. Implementations (SQLite, PostgreSQL) live in the `server` crate.

use async_trait::async_trait;
use time::Date;

use crate::areas::{AdminUnit, CommuneClassification, Succession};
use crate::model::{Category, NeedStatus, NeedTotals};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Backend(#[from] Box<dyn std::error::Error + Send + Sync>),
    #[error("{0}")]
    Rejected(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

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
    pub limit: i64,
    pub offset: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeedOutcome {
    Loaded { needs: usize },
    AlreadyLoaded,
}

#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;

    async fn ping(&self) -> StoreResult<()>;

    /// Makes the stored administrative units and successions exactly those given (reference data
    /// shipped with the product); classifications, which staff edit, are left alone.
    async fn sync_areas(&self, units: &[AdminUnit], successions: &[Succession]) -> StoreResult<()>;
    async fn areas(&self) -> StoreResult<(Vec<AdminUnit>, Vec<Succession>)>;

    async fn save_classification(&self, classification: &CommuneClassification) -> StoreResult<()>;
    async fn classifications(&self, commune_code: &str) -> StoreResult<Vec<CommuneClassification>>;

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
