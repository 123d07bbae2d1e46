//! The coordination ledger as it is read: a year's totals, breakdown and report, and the open data
//! (ledger lines, "find your contribution").

use async_trait::async_trait;

use super::StoreResult;
pub use domain::{LedgerBreakdown, LedgerQuery, LedgerTotals, PublicContribution, PublicLedgerEntry, YearlyReport};

/// The coordination ledger (a part of the storage port of its own).
#[async_trait]
pub trait LedgerStore: Send + Sync {
    /// Totals for a calendar year (of confirmation; of hand-over for deliveries), or for all years.
    async fn ledger_totals(&self, year: Option<i32>) -> StoreResult<LedgerTotals>;
    async fn ledger_breakdown(&self, year: i32) -> StoreResult<LedgerBreakdown>;
    /// By commune × category × source: confirmed amounts and donors; children reached by commune and
    /// category.
    async fn yearly_report(&self, year: i32) -> StoreResult<YearlyReport>;
    /// Pledged (by the day of the pledge) and delivered (by the day of the hand-over) in a year, by
    /// category, commune and source type: `(dimension, key, pledged, delivered)` with dimension
    /// `category`, `commune` or `source` and key "" for gifts outside a need.
    async fn pledge_flow(&self, year: i32) -> StoreResult<Vec<(String, String, i64, i64)>>;
    /// Ledger lines, the latest first, for the open-data API.
    async fn public_ledger(&self, query: &LedgerQuery) -> StoreResult<(Vec<PublicLedgerEntry>, i64)>;
    /// Confirmed amounts of a year by (commune code, category, source type), for open data.
    async fn ledger_cells(&self, year: i32) -> StoreResult<Vec<(String, String, String, i64)>>;
    /// A contribution by its exact reference, or the named donors' contributions whose folded name
    /// has, for every word of the folded `name`, a word starting with it (at most `limit`).
    async fn find_contributions(
        &self,
        reference: Option<&str>,
        name: Option<&str>,
        limit: i64,
    ) -> StoreResult<Vec<PublicContribution>>;
}
