//! A need's workflow (drafted, edited, moved from status to status, each step in its history): the
//! SQL both backends share (see `portable.rs` for why it is a macro).

use domain::NeedStatus;
use portal::store::{NeedRecord, StoreError};

/// An audit line's picture of a need (no personal data: needs carry counts only).
pub(super) fn need_snapshot(need: &portal::store::NewNeed, status: &str) -> String {
    serde_json::json!({
        "commune": need.commune_code, "site": need.site, "category": need.category.as_str(), "title": need.title,
        "description": need.description, "children": need.children, "quantity": need.quantity, "unit": need.unit,
        "unit_cost": need.unit_cost, "total": need.total(), "period_start": need.period_start.to_string(),
        "period_end": need.period_end.to_string(), "status": status,
    })
    .to_string()
}

pub(super) fn record_snapshot(r: &NeedRecord) -> String {
    let need = portal::store::NewNeed {
        commune_code: r.commune_code.clone(),
        site: r.site.clone(),
        category: r.category,
        title: r.title.clone(),
        description: r.description.clone(),
        children: r.children,
        quantity: r.quantity,
        unit: r.unit.clone(),
        unit_cost: r.unit_cost,
        period_start: r.period_start,
        period_end: r.period_end,
        status: r.status,
        demo: r.demo,
    };
    need_snapshot(&need, r.status.as_str())
}

#[derive(sqlx::FromRow)]
pub(super) struct TransitionRow {
    at: time::OffsetDateTime,
    actor_id: Option<i64>,
    from_status: Option<String>,
    to_status: String,
    comment: String,
    overlap_confirmed: bool,
}

impl TryFrom<TransitionRow> for portal::store::NeedTransition {
    type Error = StoreError;
    fn try_from(r: TransitionRow) -> Result<Self, StoreError> {
        let status =
            |s: &str| NeedStatus::parse(s).ok_or_else(|| StoreError::Rejected(format!("unknown status {s:?}")));
        Ok(portal::store::NeedTransition {
            at: r.at,
            actor_id: r.actor_id,
            from_status: r.from_status.as_deref().map(status).transpose()?,
            to_status: status(&r.to_status)?,
            comment: r.comment,
            overlap_confirmed: r.overlap_confirmed,
        })
    }
}

macro_rules! need_workflow_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl portal::store::NeedWorkflowStore for $store {
            async fn create_need(
                &self,
                need: &portal::store::NewNeed,
                actor_id: i64,
                overlap_confirmed: bool,
            ) -> portal::store::StoreResult<i64> {
                use $crate::backend_error as e;
                let now = time::OffsetDateTime::now_utc();
                let mut tx = self.begin_write().await.map_err(e)?;
                let id = insert_need_in(&mut tx, need).await.map_err(e)?;
                sqlx::query("UPDATE needs SET created_by = $1 WHERE id = $2")
                    .bind(actor_id)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(e)?;
                transition_in(&mut tx, id, now, actor_id, None, need.status, "", overlap_confirmed).await.map_err(e)?;
                let after = $crate::workflow::need_snapshot(need, need.status.as_str());
                audit_in(&mut tx, now, Some(actor_id), "need.create", "need", &id.to_string(), None, Some(&after))
                    .await
                    .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(id)
            }

            async fn update_need(
                &self,
                id: i64,
                need: &portal::store::NewNeed,
                editable: &[domain::NeedStatus],
                actor_id: i64,
                overlap_confirmed: bool,
            ) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                use $crate::needs::{NeedRow, NEED_COLUMNS};
                let now = time::OffsetDateTime::now_utc();
                let mut tx = self.begin_write().await.map_err(e)?;
                let sql = format!("SELECT {NEED_COLUMNS} FROM needs WHERE id = $1");
                let row: Option<NeedRow> = sqlx::query_as(&sql).bind(id).fetch_optional(&mut *tx).await.map_err(e)?;
                let before: portal::store::NeedRecord = row.ok_or(portal::store::StoreError::NotFound)?.try_into()?;
                if !editable.contains(&before.status) {
                    return Err(portal::store::StoreError::Conflict);
                }
                let updated = $crate::needs::bind_need_content!(
                    sqlx::query(
                        "UPDATE needs SET commune_code = $1, site = $2, category = $3, title = $4, description = $5, \
                         children = $6, quantity = $7, unit = $8, unit_cost = $9, total = $10, period_start = $11, \
                         period_end = $12, updated_at = $13 WHERE id = $14 AND status = $15",
                    ),
                    need
                )
                .bind(now)
                .bind(id)
                .bind(before.status.as_str())
                .execute(&mut *tx)
                .await
                .map_err(e)?;
                if updated.rows_affected() != 1 {
                    return Err(portal::store::StoreError::Conflict);
                }
                link_implementer_in(&mut tx, id).await.map_err(e)?;
                let before_json = $crate::workflow::record_snapshot(&before);
                let after_json = $crate::workflow::need_snapshot(need, before.status.as_str());
                let action = if overlap_confirmed { "need.edit (overlap confirmed)" } else { "need.edit" };
                audit_in(&mut tx, now, Some(actor_id), action, "need", &id.to_string(), Some(&before_json), Some(&after_json))
                    .await
                    .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }

            async fn change_need_status(&self, change: &portal::store::NeedChange) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let now = time::OffsetDateTime::now_utc();
                let mut tx = self.begin_write().await.map_err(e)?;
                let current: Option<(String,)> = sqlx::query_as("SELECT status FROM needs WHERE id = $1")
                    .bind(change.need_id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(e)?;
                let (current,) = current.ok_or(portal::store::StoreError::NotFound)?;
                let from = domain::NeedStatus::parse(&current)
                    .ok_or_else(|| portal::store::StoreError::Rejected(format!("unknown status {current:?}")))?;
                if !change.from.contains(&from) {
                    return Err(portal::store::StoreError::Conflict);
                }
                let comment = if change.to == domain::NeedStatus::Returned { Some(change.comment.as_str()) } else { None };
                let updated = sqlx::query(
                    "UPDATE needs SET status = $1, review_comment = COALESCE($2, review_comment), updated_at = $3 \
                     WHERE id = $4 AND status = $5",
                )
                .bind(change.to.as_str())
                .bind(comment)
                .bind(now)
                .bind(change.need_id)
                .bind(from.as_str())
                .execute(&mut *tx)
                .await
                .map_err(e)?;
                if updated.rows_affected() != 1 {
                    return Err(portal::store::StoreError::Conflict);
                }
                transition_in(
                    &mut tx,
                    change.need_id,
                    now,
                    change.actor_id,
                    Some(from),
                    change.to,
                    &change.comment,
                    change.overlap_confirmed,
                )
                .await
                .map_err(e)?;
                let before = serde_json::json!({ "status": from.as_str() }).to_string();
                let after = serde_json::json!({
                    "status": change.to.as_str(), "comment": change.comment, "overlap_confirmed": change.overlap_confirmed
                })
                .to_string();
                let action = format!("need.{}", change.to.as_str());
                audit_in(
                    &mut tx,
                    now,
                    Some(change.actor_id),
                    &action,
                    "need",
                    &change.need_id.to_string(),
                    Some(&before),
                    Some(&after),
                )
                .await
                .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }

            async fn need_history(&self, id: i64) -> portal::store::StoreResult<Vec<portal::store::NeedTransition>> {
                use $crate::workflow::TransitionRow;
                let rows: Vec<TransitionRow> = sqlx::query_as(
                    "SELECT at, actor_id, from_status, to_status, comment, overlap_confirmed FROM need_transitions \
                     WHERE need_id = $1 ORDER BY at, id",
                )
                .bind(id)
                .fetch_all(self.reader())
                .await
                .map_err($crate::backend_error)?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn overlapping_needs(
                &self,
                commune_code: &str,
                category: domain::Category,
                period_start: time::Date,
                period_end: time::Date,
                except: Option<i64>,
            ) -> portal::store::StoreResult<Vec<portal::store::NeedRecord>> {
                use $crate::needs::{NeedRow, NEED_COLUMNS};
                let sql = format!(
                    "SELECT {NEED_COLUMNS} FROM needs WHERE commune_code = $1 AND category = $2 \
                     AND status IN ('submitted', 'published', 'covered') AND period_start <= $3 AND period_end >= $4 \
                     AND ($5 IS NULL OR id <> $5) ORDER BY period_start, id"
                );
                let rows: Vec<NeedRow> = sqlx::query_as(&sql)
                    .bind(commune_code)
                    .bind(category.as_str())
                    .bind(period_end)
                    .bind(period_start)
                    .bind(except)
                    .fetch_all(self.reader())
                    .await
                    .map_err($crate::backend_error)?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn need_author(&self, id: i64) -> portal::store::StoreResult<Option<i64>> {
                let row: Option<(Option<i64>,)> = sqlx::query_as("SELECT created_by FROM needs WHERE id = $1")
                    .bind(id)
                    .fetch_optional(self.reader())
                    .await
                    .map_err($crate::backend_error)?;
                Ok(row.and_then(|(a,)| a))
            }

            async fn need_review_comment(&self, id: i64) -> portal::store::StoreResult<Option<String>> {
                let row: Option<(Option<String>,)> = sqlx::query_as("SELECT review_comment FROM needs WHERE id = $1")
                    .bind(id)
                    .fetch_optional(self.reader())
                    .await
                    .map_err($crate::backend_error)?;
                Ok(row.and_then(|(c,)| c))
            }
        }

        #[allow(clippy::too_many_arguments)]
        async fn transition_in(
            tx: &mut sqlx::Transaction<'_, $db>,
            need_id: i64,
            at: time::OffsetDateTime,
            actor_id: i64,
            from: Option<domain::NeedStatus>,
            to: domain::NeedStatus,
            comment: &str,
            overlap_confirmed: bool,
        ) -> Result<(), sqlx::Error> {
            sqlx::query(
                "INSERT INTO need_transitions (need_id, at, actor_id, from_status, to_status, comment, overlap_confirmed) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(need_id)
            .bind(at)
            .bind(actor_id)
            .bind(from.map(|s| s.as_str()))
            .bind(to.as_str())
            .bind(comment)
            .bind(overlap_confirmed)
            .execute(&mut **tx)
            .await?;
            Ok(())
        }
    };
}

pub(crate) use need_workflow_store;
