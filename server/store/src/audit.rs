//! The audit trail: `audit_in`, which every part calls in the transaction of the change it records,
//! and the trail as staff read it. The SQL both backends share (see `portable.rs` for why it is a
//! macro).

#[derive(sqlx::FromRow)]
pub(super) struct AuditRow {
    id: i64,
    at: time::OffsetDateTime,
    actor_id: Option<i64>,
    action: String,
    entity: String,
    entity_id: String,
    before: Option<String>,
    after: Option<String>,
}

impl From<AuditRow> for portal::store::AuditEntry {
    fn from(r: AuditRow) -> Self {
        portal::store::AuditEntry {
            id: r.id,
            at: r.at,
            actor_id: r.actor_id,
            action: r.action,
            entity: r.entity,
            entity_id: r.entity_id,
            before: r.before,
            after: r.after,
        }
    }
}

macro_rules! audit_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl portal::store::AuditStore for $store {
            async fn audit_entries(
                &self,
                q: &portal::store::AuditQuery,
            ) -> portal::store::StoreResult<(Vec<portal::store::AuditEntry>, i64)> {
                use $crate::audit::AuditRow;
                use $crate::backend_error as e;
                let filter = "($1 IS NULL OR entity = $1) AND ($2 IS NULL OR entity_id = $2) \
                              AND ($3 IS NULL OR action = $3) AND ($4 IS NULL OR actor_id = $4)";
                let list = format!(
                    "SELECT id, at, actor_id, action, entity, entity_id, before, after FROM audit_log WHERE {filter} \
                     ORDER BY id DESC LIMIT $5 OFFSET $6"
                );
                let rows: Vec<AuditRow> = sqlx::query_as(&list)
                    .bind(&q.entity)
                    .bind(&q.entity_id)
                    .bind(&q.action)
                    .bind(q.actor_id)
                    .bind(q.limit.max(0))
                    .bind(q.offset.max(0))
                    .fetch_all(self.reader())
                    .await
                    .map_err(e)?;
                let count = format!("SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE {filter}");
                let (total,): (i64,) = sqlx::query_as(&count)
                    .bind(&q.entity)
                    .bind(&q.entity_id)
                    .bind(&q.action)
                    .bind(q.actor_id)
                    .fetch_one(self.reader())
                    .await
                    .map_err(e)?;
                Ok((rows.into_iter().map(Into::into).collect(), total))
            }
        }

        #[allow(clippy::too_many_arguments)]
        async fn audit_in(
            tx: &mut sqlx::Transaction<'_, $db>,
            at: time::OffsetDateTime,
            actor_id: Option<i64>,
            action: &str,
            entity: &str,
            entity_id: &str,
            before: Option<&str>,
            after: Option<&str>,
        ) -> Result<(), sqlx::Error> {
            sqlx::query(
                "INSERT INTO audit_log (at, actor_id, action, entity, entity_id, before, after) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(at)
            .bind(actor_id)
            .bind(action)
            .bind(entity)
            .bind(entity_id)
            .bind(before)
            .bind(after)
            .execute(&mut **tx)
            .await?;
            Ok(())
        }
    };
}

pub(crate) use audit_store;
