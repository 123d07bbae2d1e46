//! `portal backup DEST` and `portal restore SRC`. On SQLite a backup is `VACUUM INTO` from a read
//! transaction: a consistent copy of the database as of one moment, taken while the portal serves
//! (WAL readers never block the writer), with every page written afresh. Restoring copies a backup
//! into a database that does not exist yet (or is empty), checks it, and brings it up to date with
//! the migrations. PostgreSQL has its own tools; for it the commands say which to use.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use anyhow::{Context, bail};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};

use store::DatabaseUrl;

/// What a command could not do, said politely: PostgreSQL's backups are pg_dump's.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsePostgresTools(pub String);

fn sqlite_path(url: &str) -> anyhow::Result<PathBuf> {
    let options =
        SqliteConnectOptions::from_str(url).with_context(|| format!("cannot read the SQLite address {url:?}"))?;
    Ok(options.get_filename().to_owned())
}

/// Writes a consistent copy of the database to `dest`, which must not exist yet.
pub async fn backup(database_url: &str, dest: &Path) -> anyhow::Result<u64> {
    let url = match DatabaseUrl::parse(database_url)? {
        DatabaseUrl::Postgres(url) => {
            return Err(UsePostgresTools(format!(
                "portal backup copies SQLite databases; for PostgreSQL use its own tool: \
                 pg_dump --format=custom --file={} '{}'",
                dest.display(),
                store::redact(&url)
            ))
            .into());
        }
        DatabaseUrl::Sqlite(url) => url,
    };
    if dest.exists() {
        bail!("{} already exists; a backup never overwrites a file", dest.display());
    }
    if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create the directory {}", dir.display()))?;
    }
    let source = sqlite_path(&url)?;
    if !source.is_file() {
        bail!("there is no database at {}", source.display());
    }
    let mut conn = SqliteConnectOptions::new()
        .filename(&source)
        .read_only(true)
        .connect()
        .await
        .with_context(|| format!("cannot open the SQLite database {}", source.display()))?;
    let dest_text = dest.to_str().context("the backup's path is not valid UTF-8")?;
    sqlx::query("VACUUM INTO $1")
        .bind(dest_text)
        .execute(&mut conn)
        .await
        .with_context(|| format!("cannot write the backup {}", dest.display()))?;
    conn.close().await.ok();
    Ok(std::fs::metadata(dest)?.len())
}

/// Restores the backup `src` as the database of `database_url`, which must not hold anything yet;
/// then migrates it (a backup from an older release is brought up to date).
pub async fn restore(database_url: &str, src: &Path) -> anyhow::Result<()> {
    let url = match DatabaseUrl::parse(database_url)? {
        DatabaseUrl::Postgres(url) => {
            return Err(UsePostgresTools(format!(
                "portal restore fills SQLite databases; for PostgreSQL restore a pg_dump archive with \
                 pg_restore --no-owner --dbname='{}' {}",
                store::redact(&url),
                src.display()
            ))
            .into());
        }
        DatabaseUrl::Sqlite(url) => url,
    };
    let target = sqlite_path(&url)?;
    if target.exists() && std::fs::metadata(&target)?.len() > 0 {
        let mut conn = SqliteConnectOptions::new().filename(&target).read_only(true).connect().await?;
        let (tables,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").fetch_one(&mut conn).await?;
        conn.close().await.ok();
        if tables > 0 {
            bail!("{} already holds a database; restore only into a new, empty one", target.display());
        }
    }
    // The backup must be whole and ours before anything is written.
    let mut backup = SqliteConnectOptions::new()
        .filename(src)
        .read_only(true)
        .connect()
        .await
        .with_context(|| format!("cannot open the backup {}", src.display()))?;
    let (check,): (String,) = sqlx::query_as("PRAGMA integrity_check")
        .fetch_one(&mut backup)
        .await
        .with_context(|| format!("{} is not a SQLite database", src.display()))?;
    if check != "ok" {
        bail!("the backup {} is damaged: {check}", src.display());
    }
    let migrated: Option<(i64,)> =
        sqlx::query_as("SELECT COUNT(*) FROM _sqlx_migrations").fetch_optional(&mut backup).await.ok().flatten();
    backup.close().await.ok();
    if migrated.is_none() {
        bail!("{} is not a backup of this portal's database", src.display());
    }
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    // Written beside the target, then renamed: a restore cut short leaves no half database.
    let partial = target.with_extension("restoring");
    std::fs::copy(src, &partial).with_context(|| format!("cannot copy {} to {}", src.display(), partial.display()))?;
    std::fs::File::open(&partial)?.sync_all()?;
    std::fs::rename(&partial, &target)?;
    store::open(&url).await.context("the restored database does not open")?;
    Ok(())
}
