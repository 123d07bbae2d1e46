//! What operators read of the portal's storage: whether it answers, whether this release's
//! migrations are all applied, and the connection pools.

use crate::store::PoolUsage;
use crate::{Error, Portal};

impl Portal {
    /// The database answers.
    /// `sqlite` or `postgres`, for the log.
    pub fn backend(&self) -> &'static str {
        self.store.backend()
    }

    pub async fn ping(&self) -> Result<(), Error> {
        Ok(self.store.ping().await?)
    }

    /// Migrations this release carries that the database has not applied.
    pub async fn pending_migrations(&self) -> Result<usize, Error> {
        Ok(self.store.pending_migrations().await?)
    }

    /// The connection pools as they are now.
    pub fn pool_usage(&self) -> Vec<PoolUsage> {
        self.store.pool_usage()
    }
}
