//! The audit trail: every part of the port writes its lines in the transaction of the change they
//! record; staff read them here.

use async_trait::async_trait;

use super::StoreResult;

/// One line of the audit trail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: time::OffsetDateTime,
    pub actor_id: Option<i64>,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditQuery {
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub action: Option<String>,
    pub actor_id: Option<i64>,
    pub limit: i64,
    pub offset: i64,
}

/// The audit trail as it is read (a part of the storage port of its own).
#[async_trait]
pub trait AuditStore: Send + Sync {
    async fn audit_entries(&self, query: &AuditQuery) -> StoreResult<(Vec<AuditEntry>, i64)>;
}
