//! What operators ask of the database itself (which backend, its pools, whether it answers and is
//! migrated) and the reference data shipped with the product: administrative units and commune
//! classifications.

use async_trait::async_trait;

use super::StoreResult;
use domain::areas::{AdminUnit, CommuneClassification, Succession};

/// One connection pool: connections open, of which idle, and the most it opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolUsage {
    pub name: &'static str,
    pub open: u32,
    pub idle: u32,
    pub max: u32,
}

/// The database and the reference data (a part of the storage port of its own).
#[async_trait]
pub trait OperationsStore: Send + Sync {
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;

    /// The connection pools as they are now, for `/metrics`.
    fn pool_usage(&self) -> Vec<PoolUsage>;
    async fn ping(&self) -> StoreResult<()>;
    /// Migrations this release carries that the database has not applied (another replica may
    /// still be migrating it, or this one is older than the database).
    async fn pending_migrations(&self) -> StoreResult<usize>;

    /// Makes the stored administrative units and successions exactly those given (reference data
    /// shipped with the product); classifications, which staff edit, are left alone.
    async fn sync_areas(&self, units: &[AdminUnit], successions: &[Succession]) -> StoreResult<()>;
    async fn areas(&self) -> StoreResult<(Vec<AdminUnit>, Vec<Succession>)>;

    /// Saves classifications together (one period of one commune each; a saved period is replaced).
    async fn save_classifications(&self, classifications: &[CommuneClassification]) -> StoreResult<()>;
    async fn classifications(&self, commune_code: &str) -> StoreResult<Vec<CommuneClassification>>;
}
