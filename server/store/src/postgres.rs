//! PostgreSQL: for production and for several `portal` replicas on one database.

use std::time::Duration;

use anyhow::Context;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{PgPool, Postgres, Transaction};

pub struct PostgresStore {
    pool: PgPool,
}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/postgres");

impl PostgresStore {
    pub async fn open(url: &str) -> anyhow::Result<Self> {
        let options: PgConnectOptions =
            url.parse().with_context(|| format!("cannot read the PostgreSQL address {}", super::redact(url)))?;
        let target = format!("{}:{}/{}", options.get_host(), options.get_port(), options.get_database().unwrap_or(""));
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(5))
            .connect_with(options)
            .await
            .with_context(|| format!("cannot reach PostgreSQL at {target}"))?;
        MIGRATOR.run(&pool).await.context("cannot apply the PostgreSQL migrations")?;
        Ok(PostgresStore { pool })
    }

    pub fn pool(&self) -> PgPool {
        self.pool.clone()
    }

    fn reader(&self) -> &PgPool {
        &self.pool
    }

    fn pools(&self) -> [(&'static str, &PgPool); 1] {
        [("main", &self.pool)]
    }

    async fn begin_write(&self) -> Result<Transaction<'_, Postgres>, sqlx::Error> {
        self.pool.begin().await
    }

    /// Erased text stays in dead row versions until autovacuum reclaims them; PostgreSQL keeps no
    /// second copy of its own that a checkpoint would clear (backups are operations', docs/deploy.md).
    async fn scrub_freed_pages(&self) -> Result<(), sqlx::Error> {
        Ok(())
    }

    /// PostgreSQL takes concurrent writers (and groups their WAL flushes itself): one transaction each.
    async fn commit_pledge(
        &self,
        pledge: &portal::store::NewPledge,
    ) -> portal::store::StoreResult<portal::store::PledgeReceipt> {
        let mut tx = self.begin_write().await.map_err(super::backend_error)?;
        let receipt = record_pledge_in(&mut tx, pledge).await?;
        tx.commit().await.map_err(super::backend_error)?;
        Ok(receipt)
    }
}

/// The built-in full-text search ('simple': no stemming, no stop words) on the expression index
/// `donors_name_words`; no extension is needed.
impl super::name_search::DonorNameSearch for PostgresStore {
    fn donors_matching(n: usize) -> String {
        format!("SELECT id FROM donors WHERE to_tsvector('simple', name_folded) @@ to_tsquery('simple', ${n})")
    }

    fn name_search(words: &[String]) -> String {
        words.iter().map(|w| format!("{w}:*")).collect::<Vec<_>>().join(" & ")
    }

    /// The GIN index is over an expression of the row: an updated name leaves nothing behind.
    fn purge_erased_words() -> Option<&'static str> {
        None
    }
}

super::portable::portable_store!(PostgresStore, Postgres, "postgres", " FOR UPDATE SKIP LOCKED");
