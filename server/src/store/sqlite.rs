//! SQLite: the embedded default. WAL, `synchronous=FULL` (an acknowledged write survives a power
//! cut), foreign keys, a busy timeout; reads use a pool, every write transaction goes through one
//! writer connection and starts with `BEGIN IMMEDIATE` so it never fails half-way with "locked".

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};

pub struct SqliteStore {
    reader: SqlitePool,
    writer: SqlitePool,
}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");

impl SqliteStore {
    pub async fn open(url: &str) -> anyhow::Result<Self> {
        let options = SqliteConnectOptions::from_str(url)
            .with_context(|| format!("cannot read the SQLite address {url:?}"))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        if let Some(dir) = options.get_filename().parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create the directory {}", dir.display()))?;
        }
        let filename = options.get_filename().to_owned();
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await
            .with_context(|| format!("cannot open the SQLite database {}", display(&filename)))?;
        MIGRATOR.run(&writer).await.context("cannot apply the SQLite migrations")?;
        let reader = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options.read_only(false))
            .await
            .with_context(|| format!("cannot open the SQLite database {}", display(&filename)))?;
        Ok(SqliteStore { reader, writer })
    }

    /// Sessions are written through the same single writer as everything else.
    pub fn writer_pool(&self) -> SqlitePool {
        self.writer.clone()
    }

    fn reader(&self) -> &SqlitePool {
        &self.reader
    }

    async fn begin_write(&self) -> Result<Transaction<'_, Sqlite>, sqlx::Error> {
        self.writer.begin_with("BEGIN IMMEDIATE").await
    }
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

/// FTS5 over the folded names (`donor_names`, kept by triggers): each word a quoted prefix.
impl super::ledger::DonorNameSearch for SqliteStore {
    fn donors_matching(n: usize) -> String {
        format!("SELECT rowid AS id FROM donor_names WHERE donor_names MATCH ${n}")
    }

    fn name_search(words: &[String]) -> String {
        words.iter().map(|w| format!("\"{w}\"*")).collect::<Vec<_>>().join(" AND ")
    }

    fn purge_erased_words() -> Option<&'static str> {
        Some("INSERT INTO donor_names (donor_names) VALUES ('optimize')")
    }
}

super::portable::portable_store!(SqliteStore, Sqlite, "sqlite");
super::campaigns::campaign_store!(SqliteStore, Sqlite);
super::ledger::ledger_store!(SqliteStore, Sqlite);
super::statements::statement_store!(SqliteStore, Sqlite);
super::notices::notice_store!(SqliteStore, Sqlite, "");
super::network::network_store!(SqliteStore, Sqlite);
