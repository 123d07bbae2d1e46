//! SQLite: the embedded default. WAL, `synchronous=FULL` (an acknowledged write survives a power
//! cut), foreign keys, a busy timeout; reads use a pool, every write transaction goes through one
//! writer connection and starts with `BEGIN IMMEDIATE` so it never fails half-way with "locked".

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Acquire, Sqlite, SqlitePool, Transaction};
use tokio::sync::{mpsc, oneshot};

pub struct SqliteStore {
    reader: SqlitePool,
    writer: SqlitePool,
    pledges: mpsc::Sender<PendingPledge>,
}

/// A pledge waiting for the next group commit, and where its answer goes.
struct PendingPledge {
    pledge: portal::store::NewPledge,
    answer: oneshot::Sender<portal::store::StoreResult<portal::store::PledgeReceipt>>,
}

/// Pledges that arrive together are committed together.
const MAX_GROUP: usize = 256;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/sqlite");

impl SqliteStore {
    pub async fn open(url: &str) -> anyhow::Result<Self> {
        let options = SqliteConnectOptions::from_str(url)
            .with_context(|| format!("cannot read the SQLite address {url:?}"))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            // Deleted and overwritten content is zeroed, so an erased donor's name, address or phone
            // does not linger in the file's free pages.
            .pragma("secure_delete", "ON")
            .busy_timeout(Duration::from_secs(10));
        if let Some(dir) = options.get_filename().parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create the directory {}", dir.display()))?;
        }
        let filename = options.get_filename().to_owned();
        // A file cannot drop a connection, so sqlx's ping before each use buys nothing; it cost a round
        // trip to the connection's worker thread per query (perf: 37 % of a pledge burst's time went
        // to those context switches on one core).
        let writer = SqlitePoolOptions::new()
            .max_connections(1)
            .test_before_acquire(false)
            .connect_with(options.clone())
            .await
            .with_context(|| format!("cannot open the SQLite database {}", display(&filename)))?;
        MIGRATOR.run(&writer).await.context("cannot apply the SQLite migrations")?;
        let reader = SqlitePoolOptions::new()
            .max_connections(8)
            .test_before_acquire(false)
            .connect_with(options.read_only(false))
            .await
            .with_context(|| format!("cannot open the SQLite database {}", display(&filename)))?;
        let (pledges, queue) = mpsc::channel(4 * MAX_GROUP);
        tokio::spawn(group_commit(writer.clone(), queue));
        Ok(SqliteStore { reader, writer, pledges })
    }

    /// Hands the pledge to the group commit and waits until it is durable (or refused).
    async fn commit_pledge(
        &self,
        pledge: &portal::store::NewPledge,
    ) -> portal::store::StoreResult<portal::store::PledgeReceipt> {
        let (answer, receipt) = oneshot::channel();
        let pending = PendingPledge { pledge: pledge.clone(), answer };
        self.pledges.send(pending).await.map_err(|_| writer_gone())?;
        receipt.await.map_err(|_| writer_gone())?
    }

    /// Sessions are written through the same single writer as everything else.
    pub fn writer_pool(&self) -> SqlitePool {
        self.writer.clone()
    }

    /// After an erasure: copies the log into the database and empties it, so the erased values are
    /// gone from the WAL as well as (with `secure_delete`) from the database's free pages.
    async fn scrub_freed_pages(&self) -> Result<(), sqlx::Error> {
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&self.writer).await.map(|_| ())
    }

    fn reader(&self) -> &SqlitePool {
        &self.reader
    }

    fn pools(&self) -> [(&'static str, &SqlitePool); 2] {
        [("readers", &self.reader), ("writer", &self.writer)]
    }

    async fn begin_write(&self) -> Result<Transaction<'_, Sqlite>, sqlx::Error> {
        begin_immediate(&self.writer).await
    }
}

/// `BEGIN IMMEDIATE` on the writer. Should the connection have been left inside a transaction — a
/// request cancelled after sqlx ran its BEGIN but before it heard back leaves no `Transaction` to
/// roll it back, and every later write would then fail — it is closed (SQLite rolls the
/// transaction back) and the pool opens a fresh one.
async fn begin_immediate(writer: &SqlitePool) -> Result<Transaction<'static, Sqlite>, sqlx::Error> {
    match writer.begin_with("BEGIN IMMEDIATE").await {
        Err(sqlx::Error::InvalidSavePointStatement) => {
            tracing::warn!("the SQLite writer was left inside a transaction; reopening it");
            writer.acquire().await?.close().await?;
            writer.begin_with("BEGIN IMMEDIATE").await
        }
        other => other,
    }
}

fn writer_gone() -> portal::store::StoreError {
    portal::store::StoreError::Backend(Box::new(std::io::Error::other("the pledge writer has stopped")))
}

/// With `synchronous=FULL` every commit waits for the disk, and on one writer that wait, not the SQL,
/// bounds how many pledges a second SQLite can take. So the pledges queued while a commit is on
/// its way are written next in one transaction — each inside its own savepoint, so one refused
/// pledge (a closed campaign, a reused key) takes nothing else with it — and answered only once
/// that transaction is durable. Alone, a pledge commits at once; under load, one flush serves many.
async fn group_commit(writer: SqlitePool, mut queue: mpsc::Receiver<PendingPledge>) {
    let mut group = Vec::with_capacity(MAX_GROUP);
    while queue.recv_many(&mut group, MAX_GROUP).await > 0 {
        let outcomes = commit_group(&writer, &group).await;
        for (pending, outcome) in group.drain(..).zip(outcomes) {
            // The requester may have gone (a closed connection): the pledge stands all the same.
            let _ = pending.answer.send(outcome);
        }
    }
}

async fn commit_group(
    writer: &SqlitePool,
    group: &[PendingPledge],
) -> Vec<portal::store::StoreResult<portal::store::PledgeReceipt>> {
    let failed = |err: &sqlx::Error| {
        group
            .iter()
            .map(|_| Err(portal::store::StoreError::Backend(Box::new(std::io::Error::other(err.to_string())))))
            .collect()
    };
    let mut tx = match begin_immediate(writer).await {
        Ok(tx) => tx,
        Err(err) => return failed(&err),
    };
    let mut outcomes = Vec::with_capacity(group.len());
    for pending in group {
        let outcome = match Acquire::begin(&mut tx).await {
            Err(err) => Err(super::backend_error(err)),
            Ok(mut savepoint) => match record_pledge_in(&mut savepoint, &pending.pledge).await {
                Ok(receipt) => savepoint.commit().await.map(|()| receipt).map_err(super::backend_error),
                Err(err) => {
                    if let Err(undo) = savepoint.rollback().await {
                        tracing::error!(error = %undo, "cannot undo a refused pledge");
                    }
                    Err(err)
                }
            },
        };
        outcomes.push(outcome);
    }
    match tx.commit().await {
        Ok(()) => outcomes,
        Err(err) => failed(&err),
    }
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

/// FTS5 over the folded names (`donor_names`, kept by triggers): each word a quoted prefix.
impl super::name_search::DonorNameSearch for SqliteStore {
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

super::portable::portable_store!(SqliteStore, Sqlite, "sqlite", "");
