//! The two implementations of the portal's storage port (`portal::store::Store`), SQLite and
//! PostgreSQL, chosen at start-up from `DATABASE_URL`. One file per part of the port holds the SQL
//! both share, as a macro each backend expands (`portable.rs` says why).

mod audit;
mod campaigns;
mod digests;
mod donors;
mod duplicates;
mod ledger;
mod lifecycle;
mod name_search;
mod needs;
mod network;
mod notices;
mod operations;
mod partner_plans;
mod plans;
mod pledges;
mod portable;
pub mod postgres;
mod provider_tokens;
mod recognitions;
mod sign_in;
pub mod sqlite;
mod staff;
mod statements;
mod workflow;

use std::sync::Arc;

use portal::store::{Store, StoreError};

/// Which database a `DATABASE_URL` names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(String),
    Postgres(String),
}

impl DatabaseUrl {
    pub fn parse(url: &str) -> anyhow::Result<Self> {
        let url = url.trim();
        if url.starts_with("sqlite:") {
            Ok(DatabaseUrl::Sqlite(url.to_owned()))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(DatabaseUrl::Postgres(url.to_owned()))
        } else {
            anyhow::bail!("DATABASE_URL must start with sqlite: or postgres:// (got {:?})", redact(url))
        }
    }
}

/// A URL fit for a log line or an error: the password, if any, replaced.
pub fn redact(url: &str) -> String {
    if let Some((scheme, rest)) = url.split_once("://")
        && let Some((credentials, host)) = rest.rsplit_once('@')
    {
        let user = credentials.split(':').next().unwrap_or("");
        return format!("{scheme}://{user}:***@{host}");
    }
    url.to_owned()
}

/// Opens the database, applies every pending migration and returns the store.
pub async fn open(url: &str) -> anyhow::Result<Arc<dyn Store>> {
    Ok(open_sharing(url).await?.0)
}

/// The connections others on the same database write through (the session store): SQLite's one
/// writer, so nothing ever waits on "database is locked", or PostgreSQL's pool.
pub enum SharedPool {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

/// The store, and the connections it shares.
pub async fn open_sharing(url: &str) -> anyhow::Result<(Arc<dyn Store>, SharedPool)> {
    Ok(match DatabaseUrl::parse(url)? {
        DatabaseUrl::Sqlite(url) => {
            let store = sqlite::SqliteStore::open(&url).await?;
            let pool = SharedPool::Sqlite(store.writer_pool());
            (Arc::new(store), pool)
        }
        DatabaseUrl::Postgres(url) => {
            let store = postgres::PostgresStore::open(&url).await?;
            let pool = SharedPool::Postgres(store.pool());
            (Arc::new(store), pool)
        }
    })
}

pub(crate) fn backend_error(err: sqlx::Error) -> StoreError {
    StoreError::Backend(Box::new(err))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sqlite_and_postgres_urls_are_accepted() {
        assert!(matches!(DatabaseUrl::parse("sqlite:data/portal.db"), Ok(DatabaseUrl::Sqlite(_))));
        assert!(matches!(DatabaseUrl::parse("postgres://u@h/db"), Ok(DatabaseUrl::Postgres(_))));
        let err = DatabaseUrl::parse("mysql://root:secret@localhost/portal").unwrap_err().to_string();
        assert!(err.contains("sqlite: or postgres://"), "{err}");
        assert!(!err.contains("secret"), "the password must not be printed: {err}");
    }
}
