//! Staff sessions (tower-sessions) kept in the active database, so a restart or another replica
//! keeps everyone signed in.

use async_trait::async_trait;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

#[derive(Clone, Debug)]
pub enum PortalSessions {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

impl PortalSessions {
    /// The session table on the store's own database, through the connections it shares.
    pub async fn on(pool: store::SharedPool) -> sqlx::Result<Self> {
        match pool {
            store::SharedPool::Sqlite(writer) => Self::sqlite(writer).await,
            store::SharedPool::Postgres(pool) => Self::postgres(pool).await,
        }
    }

    pub async fn sqlite(writer: sqlx::SqlitePool) -> sqlx::Result<Self> {
        let store = SqliteStore::new(writer);
        store.migrate().await?;
        Ok(PortalSessions::Sqlite(store))
    }

    pub async fn postgres(pool: sqlx::PgPool) -> sqlx::Result<Self> {
        let store = PostgresStore::new(pool);
        store.migrate().await?;
        Ok(PortalSessions::Postgres(store))
    }

    /// Removes expired sessions now and then, for as long as the portal runs.
    pub fn spawn_expiry(&self) -> tokio::task::JoinHandle<()> {
        let this = self.clone();
        tokio::spawn(async move {
            let result = match this {
                PortalSessions::Sqlite(s) => s.continuously_delete_expired(tokio::time::Duration::from_secs(600)).await,
                PortalSessions::Postgres(s) => {
                    s.continuously_delete_expired(tokio::time::Duration::from_secs(600)).await
                }
            };
            if let Err(err) = result {
                tracing::warn!(error = %err, "expired-session clean-up stopped");
            }
        })
    }
}

#[async_trait]
impl SessionStore for PortalSessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            PortalSessions::Sqlite(s) => s.create(record).await,
            PortalSessions::Postgres(s) => s.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            PortalSessions::Sqlite(s) => s.save(record).await,
            PortalSessions::Postgres(s) => s.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            PortalSessions::Sqlite(s) => s.load(id).await,
            PortalSessions::Postgres(s) => s.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            PortalSessions::Sqlite(s) => s.delete(id).await,
            PortalSessions::Postgres(s) => s.delete(id).await,
        }
    }
}
