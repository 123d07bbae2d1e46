//! The SQL both backends share. It is written once, in the dialect both accept (`$n` placeholders,
//! `CAST(… AS BIGINT)`, `RETURNING`), and expanded for each backend's pool type: sqlx's generic
//! executor bounds would be longer than the queries, and its `Any` driver lacks what we need.

use domain::areas::{AdminUnit, CommuneClassification, Region, Succession};
use domain::{Category, NeedStatus};
use portal::store::{NeedRecord, StoreError};
use time::Date;

#[derive(sqlx::FromRow)]
pub(super) struct NeedRow {
    id: i64,
    commune_code: String,
    site: Option<String>,
    category: String,
    title: String,
    description: String,
    children: i64,
    quantity: i64,
    unit: String,
    unit_cost: i64,
    total: i64,
    pledged: i64,
    period_start: Date,
    period_end: Date,
    status: String,
    is_demo: bool,
}

impl TryFrom<NeedRow> for NeedRecord {
    type Error = StoreError;

    fn try_from(r: NeedRow) -> Result<Self, StoreError> {
        Ok(NeedRecord {
            category: Category::parse(&r.category)
                .ok_or_else(|| StoreError::Rejected(format!("unknown category {:?} in need {}", r.category, r.id)))?,
            status: NeedStatus::parse(&r.status)
                .ok_or_else(|| StoreError::Rejected(format!("unknown status {:?} in need {}", r.status, r.id)))?,
            id: r.id,
            commune_code: r.commune_code,
            site: r.site,
            title: r.title,
            description: r.description,
            children: r.children,
            quantity: r.quantity,
            unit: r.unit,
            unit_cost: r.unit_cost,
            total: r.total,
            pledged: r.pledged,
            period_start: r.period_start,
            period_end: r.period_end,
            demo: r.is_demo,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct AreaRow {
    system: String,
    code: String,
    valid_from: String,
    valid_to: Option<String>,
    name: String,
    level: String,
    unit_type: String,
    parent_code: Option<String>,
    province_code: String,
    status: String,
    note: String,
}

impl From<AreaRow> for AdminUnit {
    fn from(r: AreaRow) -> Self {
        AdminUnit {
            system: r.system,
            code: r.code,
            valid_from: r.valid_from,
            valid_to: r.valid_to,
            name: r.name,
            level: r.level,
            unit_type: r.unit_type,
            parent_code: r.parent_code,
            province_code: r.province_code,
            status: r.status,
            note: r.note,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct SuccessionRow {
    old_code: String,
    new_code: String,
    partial: bool,
}

impl From<SuccessionRow> for Succession {
    fn from(r: SuccessionRow) -> Self {
        Succession { old_code: r.old_code, new_code: r.new_code, partial: r.partial }
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct ClassificationRow {
    system: String,
    commune_code: String,
    period_start: Date,
    period_end: Option<Date>,
    region: String,
    extremely_disadvantaged_villages: i64,
    decision: String,
}

impl TryFrom<ClassificationRow> for CommuneClassification {
    type Error = StoreError;

    fn try_from(r: ClassificationRow) -> Result<Self, StoreError> {
        Ok(CommuneClassification {
            region: Region::parse(&r.region)
                .ok_or_else(|| StoreError::Rejected(format!("unknown region {:?}", r.region)))?,
            system: r.system,
            commune_code: r.commune_code,
            period_start: r.period_start,
            period_end: r.period_end,
            extremely_disadvantaged_villages: r.extremely_disadvantaged_villages,
            decision: r.decision,
        })
    }
}

/// What counts as pledged toward a need (in a query over `needs`): every pledge not cancelled or
/// lapsed, kept as a running total by triggers on `pledges` (migration 0015).
macro_rules! pledged_sum {
    () => {
        "CAST(needs.pledged_total AS BIGINT)"
    };
}

pub(super) const PLEDGED_SUM: &str = pledged_sum!();

pub(super) const NEED_COLUMNS: &str = concat!(
    "id, commune_code, site, category, title, description, children, quantity, unit, unit_cost, total, ",
    pledged_sum!(),
    " AS pledged, period_start, period_end, status, is_demo"
);

#[derive(sqlx::FromRow)]
pub(super) struct PledgeRow {
    reference: String,
    campaign_id: Option<i64>,
    need_id: Option<i64>,
    kind: String,
    amount: Option<i64>,
    item: Option<String>,
    quantity: Option<i64>,
    unit: Option<String>,
    description: Option<String>,
    estimated_value: Option<i64>,
    value: i64,
    status: String,
    over_need: bool,
    created_at: time::OffsetDateTime,
}

impl TryFrom<PledgeRow> for portal::store::PledgeRecord {
    type Error = StoreError;
    fn try_from(r: PledgeRow) -> Result<Self, StoreError> {
        Ok(portal::store::PledgeRecord {
            kind: domain::PledgeKind::parse(&r.kind)
                .ok_or_else(|| StoreError::Rejected(format!("unknown pledge kind {:?}", r.kind)))?,
            reference: r.reference,
            campaign_id: r.campaign_id,
            need_id: r.need_id,
            amount: r.amount,
            item: r.item,
            quantity: r.quantity,
            unit: r.unit,
            description: r.description,
            estimated_value: r.estimated_value,
            value: r.value,
            status: r.status,
            over_need: r.over_need,
            created_at: r.created_at,
        })
    }
}

/// `$first, $first+1, …` for an `IN (…)` list of `count` values.
pub(super) fn placeholders(first: usize, count: usize) -> String {
    (first..first + count).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// The WHERE clause of a needs query and how many parameters it takes; they are bound by
/// `bind_need_filter!`.
pub(super) fn need_filter_sql(q: &portal::store::NeedQuery) -> (String, usize) {
    let n = q.statuses.len();
    let mut sql = format!(
        "status IN ({}) AND (${a} IS NULL OR category = ${a}) AND (${b} IS NULL OR commune_code = ${b})",
        placeholders(1, n),
        a = n + 1,
        b = n + 2
    );
    if !q.communes_in.is_empty() {
        sql.push_str(&format!(" AND commune_code IN ({})", placeholders(n + 3, q.communes_in.len())));
    }
    (sql, n + 2 + q.communes_in.len())
}

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

pub(super) const DEMO_MARKER: &str = "demo_seeded_at";

#[derive(sqlx::FromRow)]
pub(super) struct StaffRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: String,
    pub active: bool,
    pub totp_secret: Option<String>,
    pub totp_enabled: bool,
}

impl StaffRow {
    pub fn into_account(self, communes: Vec<String>) -> Result<portal::store::StaffAccount, StoreError> {
        Ok(portal::store::StaffAccount {
            role: domain::Role::parse(&self.role)
                .ok_or_else(|| StoreError::Rejected(format!("unknown role {:?} of staff {}", self.role, self.id)))?,
            id: self.id,
            email: self.email,
            display_name: self.display_name,
            password_hash: self.password_hash,
            active: self.active,
            communes,
            totp_secret: self.totp_secret,
            totp_enabled: self.totp_enabled,
        })
    }
}

pub(super) const STAFF_COLUMNS: &str =
    "id, email, display_name, password_hash, role, active, totp_secret, totp_enabled";

/// A unique-constraint violation, on either backend.
pub(super) fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.is_unique_violation())
}

macro_rules! bind_need_filter {
    ($query:expr, $q:expr) => {{
        let mut query = $query;
        for status in &$q.statuses {
            query = query.bind(status.as_str());
        }
        query = query.bind($q.category.map(|c| c.as_str())).bind($q.commune_code.clone());
        for commune in &$q.communes_in {
            query = query.bind(commune.clone());
        }
        query
    }};
}

/// Binds a need's content, in the column order both the insert and the update use ($1…$12).
macro_rules! bind_need_content {
    ($query:expr, $need:expr) => {
        $query
            .bind(&$need.commune_code)
            .bind(&$need.site)
            .bind($need.category.as_str())
            .bind(&$need.title)
            .bind(&$need.description)
            .bind($need.children)
            .bind($need.quantity)
            .bind(&$need.unit)
            .bind($need.unit_cost)
            .bind($need.total())
            .bind($need.period_start)
            .bind($need.period_end)
    };
}

macro_rules! portable_store {
    ($store:ty, $db:ty, $name:literal) => {
        #[async_trait::async_trait]
        impl portal::store::OperationsStore for $store {
            fn backend(&self) -> &'static str {
                $name
            }

            fn pool_usage(&self) -> Vec<portal::store::PoolUsage> {
                self.pools()
                    .iter()
                    .map(|(name, pool)| portal::store::PoolUsage {
                        name,
                        open: pool.size(),
                        idle: u32::try_from(pool.num_idle()).unwrap_or(u32::MAX),
                        max: pool.options().get_max_connections(),
                    })
                    .collect()
            }

            async fn ping(&self) -> portal::store::StoreResult<()> {
                sqlx::query("SELECT 1").execute(self.reader()).await.map_err($crate::backend_error)?;
                Ok(())
            }

            async fn pending_migrations(&self) -> portal::store::StoreResult<usize> {
                let applied: Vec<(i64,)> = sqlx::query_as("SELECT version FROM _sqlx_migrations WHERE success")
                    .fetch_all(self.reader())
                    .await
                    .map_err($crate::backend_error)?;
                Ok(MIGRATOR.iter().filter(|m| !applied.iter().any(|(v,)| *v == m.version)).count())
            }

            async fn sync_areas(
                &self,
                units: &[domain::areas::AdminUnit],
                successions: &[domain::areas::Succession],
            ) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                sqlx::query("DELETE FROM area_successions").execute(&mut *tx).await.map_err(e)?;
                sqlx::query("DELETE FROM areas").execute(&mut *tx).await.map_err(e)?;
                for u in units {
                    sqlx::query(
                        "INSERT INTO areas (system, code, valid_from, valid_to, name, level, unit_type, parent_code, \
                         province_code, status, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                    )
                    .bind(&u.system)
                    .bind(&u.code)
                    .bind(&u.valid_from)
                    .bind(&u.valid_to)
                    .bind(&u.name)
                    .bind(&u.level)
                    .bind(&u.unit_type)
                    .bind(&u.parent_code)
                    .bind(&u.province_code)
                    .bind(&u.status)
                    .bind(&u.note)
                    .execute(&mut *tx)
                    .await
                    .map_err(e)?;
                }
                for s in successions {
                    sqlx::query("INSERT INTO area_successions (old_code, new_code, partial) VALUES ($1, $2, $3)")
                        .bind(&s.old_code)
                        .bind(&s.new_code)
                        .bind(s.partial)
                        .execute(&mut *tx)
                        .await
                        .map_err(e)?;
                }
                tx.commit().await.map_err(e)?;
                Ok(())
            }

            async fn areas(
                &self,
            ) -> portal::store::StoreResult<(Vec<domain::areas::AdminUnit>, Vec<domain::areas::Succession>)> {
                use $crate::backend_error as e;
                use $crate::portable::{AreaRow, SuccessionRow};
                let units: Vec<AreaRow> = sqlx::query_as(
                    "SELECT system, code, valid_from, valid_to, name, level, unit_type, parent_code, province_code, \
                     status, note FROM areas ORDER BY system, code, valid_from",
                )
                .fetch_all(self.reader())
                .await
                .map_err(e)?;
                let successions: Vec<SuccessionRow> =
                    sqlx::query_as("SELECT old_code, new_code, partial FROM area_successions ORDER BY old_code, new_code")
                        .fetch_all(self.reader())
                        .await
                        .map_err(e)?;
                Ok((units.into_iter().map(Into::into).collect(), successions.into_iter().map(Into::into).collect()))
            }

            async fn save_classifications(
                &self,
                classifications: &[domain::areas::CommuneClassification],
            ) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                for c in classifications {
                    sqlx::query(
                        "INSERT INTO commune_classifications (system, commune_code, period_start, period_end, region, \
                         extremely_disadvantaged_villages, decision) VALUES ($1, $2, $3, $4, $5, $6, $7) \
                         ON CONFLICT (system, commune_code, period_start) DO UPDATE SET period_end = excluded.period_end, \
                         region = excluded.region, \
                         extremely_disadvantaged_villages = excluded.extremely_disadvantaged_villages, \
                         decision = excluded.decision",
                    )
                    .bind(&c.system)
                    .bind(&c.commune_code)
                    .bind(c.period_start)
                    .bind(c.period_end)
                    .bind(c.region.as_str())
                    .bind(c.extremely_disadvantaged_villages)
                    .bind(&c.decision)
                    .execute(&mut *tx)
                    .await
                    .map_err(e)?;
                }
                tx.commit().await.map_err(e)?;
                Ok(())
            }

            async fn classifications(
                &self,
                commune_code: &str,
            ) -> portal::store::StoreResult<Vec<domain::areas::CommuneClassification>> {
                use $crate::portable::ClassificationRow;
                let rows: Vec<ClassificationRow> = sqlx::query_as(
                    "SELECT system, commune_code, period_start, period_end, region, extremely_disadvantaged_villages, \
                     decision FROM commune_classifications WHERE commune_code = $1 ORDER BY period_start",
                )
                .bind(commune_code)
                .fetch_all(self.reader())
                .await
                .map_err($crate::backend_error)?;
                rows.into_iter().map(TryInto::try_into).collect()
            }
        }

        #[async_trait::async_trait]
        impl portal::store::NeedStore for $store {
            async fn insert_need(&self, need: &portal::store::NewNeed) -> portal::store::StoreResult<i64> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                let id = insert_need_in(&mut tx, need).await.map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(id)
            }

            async fn need(&self, id: i64) -> portal::store::StoreResult<Option<portal::store::NeedRecord>> {
                use $crate::portable::{NeedRow, NEED_COLUMNS};
                let sql = format!("SELECT {NEED_COLUMNS} FROM needs WHERE id = $1");
                let row: Option<NeedRow> = sqlx::query_as(&sql)
                    .bind(id)
                    .fetch_optional(self.reader())
                    .await
                    .map_err($crate::backend_error)?;
                row.map(TryInto::try_into).transpose()
            }

            async fn needs(
                &self,
                q: &portal::store::NeedQuery,
            ) -> portal::store::StoreResult<(Vec<portal::store::NeedRecord>, i64)> {
                use $crate::backend_error as e;
                use $crate::portable::{need_filter_sql, NeedRow, NEED_COLUMNS};
                if q.statuses.is_empty() {
                    return Ok((Vec::new(), 0));
                }
                let (filter, n) = need_filter_sql(q);
                let list_sql = format!(
                    "SELECT {NEED_COLUMNS} FROM needs WHERE {filter} \
                     ORDER BY CASE WHEN status = 'published' THEN 0 ELSE 1 END, period_start, total DESC, id \
                     LIMIT ${} OFFSET ${}",
                    n + 1,
                    n + 2
                );
                let rows: Vec<NeedRow> = $crate::portable::bind_need_filter!(sqlx::query_as(&list_sql), q)
                    .bind(q.limit.max(0))
                    .bind(q.offset.max(0))
                    .fetch_all(self.reader())
                    .await
                    .map_err(e)?;
                let count_sql = format!("SELECT CAST(COUNT(*) AS BIGINT) FROM needs WHERE {filter}");
                let (total,): (i64,) = $crate::portable::bind_need_filter!(sqlx::query_as(&count_sql), q)
                    .fetch_one(self.reader())
                    .await
                    .map_err(e)?;
                let needs = rows.into_iter().map(TryInto::try_into).collect::<Result<Vec<_>, _>>()?;
                Ok((needs, total))
            }

            async fn need_totals(
                &self,
                statuses: &[domain::NeedStatus],
            ) -> portal::store::StoreResult<domain::NeedTotals> {
                use $crate::portable::placeholders;
                if statuses.is_empty() {
                    return Ok(domain::NeedTotals::default());
                }
                use $crate::portable::PLEDGED_SUM;
                let sql = format!(
                    "SELECT CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM(children), 0) AS BIGINT), \
                     CAST(COALESCE(SUM(total), 0) AS BIGINT), CAST(COALESCE(SUM({PLEDGED_SUM}), 0) AS BIGINT) \
                     FROM needs WHERE status IN ({})",
                    placeholders(1, statuses.len())
                );
                let mut query = sqlx::query_as::<_, (i64, i64, i64, i64)>(&sql);
                for s in statuses {
                    query = query.bind(s.as_str());
                }
                let (open_needs, children, amount, pledged) =
                    query.fetch_one(self.reader()).await.map_err($crate::backend_error)?;
                Ok(domain::NeedTotals { open_needs, children, amount, pledged })
            }

            async fn has_demo_needs(&self, statuses: &[domain::NeedStatus]) -> portal::store::StoreResult<bool> {
                use $crate::portable::placeholders;
                if statuses.is_empty() {
                    return Ok(false);
                }
                let sql = format!(
                    "SELECT CAST(COUNT(*) AS BIGINT) FROM (SELECT 1 FROM needs WHERE is_demo = TRUE AND status IN ({}) LIMIT 1) d",
                    placeholders(1, statuses.len())
                );
                let mut query = sqlx::query_as::<_, (i64,)>(&sql);
                for s in statuses {
                    query = query.bind(s.as_str());
                }
                let (count,) = query.fetch_one(self.reader()).await.map_err($crate::backend_error)?;
                Ok(count > 0)
            }

            async fn seed_demo(
                &self,
                needs: &[portal::store::NewNeed],
            ) -> portal::store::StoreResult<portal::store::SeedOutcome> {
                use $crate::backend_error as e;
                use $crate::portable::DEMO_MARKER;
                let mut tx = self.begin_write().await.map_err(e)?;
                let seeded: Option<(String,)> = sqlx::query_as("SELECT value FROM meta WHERE key = $1")
                    .bind(DEMO_MARKER)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(e)?;
                if seeded.is_some() {
                    return Ok(portal::store::SeedOutcome::AlreadyLoaded);
                }
                for need in needs {
                    insert_need_in(&mut tx, need).await.map_err(e)?;
                }
                let now = time::OffsetDateTime::now_utc()
                    .format(&time::format_description::well_known::Rfc3339)
                    .unwrap_or_default();
                sqlx::query("INSERT INTO meta (key, value) VALUES ($1, $2)")
                    .bind(DEMO_MARKER)
                    .bind(now)
                    .execute(&mut *tx)
                    .await
                    .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(portal::store::SeedOutcome::Loaded { count: needs.len() })
            }
        }

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
                let after = $crate::portable::need_snapshot(need, need.status.as_str());
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
                use $crate::portable::{NeedRow, NEED_COLUMNS};
                let now = time::OffsetDateTime::now_utc();
                let mut tx = self.begin_write().await.map_err(e)?;
                let sql = format!("SELECT {NEED_COLUMNS} FROM needs WHERE id = $1");
                let row: Option<NeedRow> = sqlx::query_as(&sql).bind(id).fetch_optional(&mut *tx).await.map_err(e)?;
                let before: portal::store::NeedRecord = row.ok_or(portal::store::StoreError::NotFound)?.try_into()?;
                if !editable.contains(&before.status) {
                    return Err(portal::store::StoreError::Conflict);
                }
                let updated = $crate::portable::bind_need_content!(
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
                let before_json = $crate::portable::record_snapshot(&before);
                let after_json = $crate::portable::need_snapshot(need, before.status.as_str());
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
                use $crate::portable::TransitionRow;
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
                use $crate::portable::{NeedRow, NEED_COLUMNS};
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

        #[async_trait::async_trait]
        impl portal::store::AuditStore for $store {
            async fn audit_entries(
                &self,
                q: &portal::store::AuditQuery,
            ) -> portal::store::StoreResult<(Vec<portal::store::AuditEntry>, i64)> {
                use $crate::backend_error as e;
                use $crate::portable::AuditRow;
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

        #[async_trait::async_trait]
        impl portal::store::StaffStore for $store {
            async fn create_staff(
                &self,
                staff: &portal::store::NewStaff,
                actor: Option<i64>,
            ) -> portal::store::StoreResult<i64> {
                use $crate::backend_error as e;
                let now = time::OffsetDateTime::now_utc();
                let mut tx = self.begin_write().await.map_err(e)?;
                let inserted = insert_staff_in(&mut tx, staff, now).await;
                let id = match inserted {
                    Err(err) if $crate::portable::is_unique_violation(&err) => {
                        return Err(portal::store::StoreError::Duplicate(staff.email.clone()));
                    }
                    other => other.map_err(e)?,
                };
                // The trail names the account by id; its address stays in the account record only.
                let after = serde_json::json!({ "role": staff.role.as_str(), "communes": staff.communes, "active": true });
                audit_in(&mut tx, now, actor, "staff.create", "staff", &id.to_string(), None, Some(&after.to_string()))
                    .await
                    .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(id)
            }

            async fn staff_by_email(&self, email: &str) -> portal::store::StoreResult<Option<portal::store::StaffAccount>> {
                use $crate::portable::{StaffRow, STAFF_COLUMNS};
                let sql = format!("SELECT {STAFF_COLUMNS} FROM staff WHERE email = $1");
                let row: Option<StaffRow> = sqlx::query_as(&sql)
                    .bind(email)
                    .fetch_optional(self.reader())
                    .await
                    .map_err($crate::backend_error)?;
                self.with_communes(row).await
            }

            async fn staff_by_id(&self, id: i64) -> portal::store::StoreResult<Option<portal::store::StaffAccount>> {
                use $crate::portable::{StaffRow, STAFF_COLUMNS};
                let sql = format!("SELECT {STAFF_COLUMNS} FROM staff WHERE id = $1");
                let row: Option<StaffRow> = sqlx::query_as(&sql)
                    .bind(id)
                    .fetch_optional(self.reader())
                    .await
                    .map_err($crate::backend_error)?;
                self.with_communes(row).await
            }

            async fn list_staff(&self) -> portal::store::StoreResult<Vec<portal::store::StaffAccount>> {
                use $crate::portable::{StaffRow, STAFF_COLUMNS};
                let sql = format!("SELECT {STAFF_COLUMNS} FROM staff ORDER BY email");
                let rows: Vec<StaffRow> =
                    sqlx::query_as(&sql).fetch_all(self.reader()).await.map_err($crate::backend_error)?;
                let mut accounts = Vec::with_capacity(rows.len());
                for row in rows {
                    if let Some(account) = self.with_communes(Some(row)).await? {
                        accounts.push(account);
                    }
                }
                Ok(accounts)
            }

            async fn set_staff_access(
                &self,
                id: i64,
                role: domain::Role,
                communes: &[String],
                actor_id: i64,
            ) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let now = time::OffsetDateTime::now_utc();
                let mut tx = self.begin_write().await.map_err(e)?;
                let before: Option<(String,)> = sqlx::query_as("SELECT role FROM staff WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(e)?;
                let (before_role,) = before.ok_or(portal::store::StoreError::NotFound)?;
                let before_communes: Vec<(String,)> =
                    sqlx::query_as("SELECT commune_code FROM staff_communes WHERE staff_id = $1 ORDER BY commune_code")
                        .bind(id)
                        .fetch_all(&mut *tx)
                        .await
                        .map_err(e)?;
                sqlx::query("UPDATE staff SET role = $1, updated_at = $2 WHERE id = $3")
                    .bind(role.as_str())
                    .bind(now)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(e)?;
                sqlx::query("DELETE FROM staff_communes WHERE staff_id = $1").bind(id).execute(&mut *tx).await.map_err(e)?;
                for commune in communes {
                    sqlx::query("INSERT INTO staff_communes (staff_id, commune_code) VALUES ($1, $2)")
                        .bind(id)
                        .bind(commune)
                        .execute(&mut *tx)
                        .await
                        .map_err(e)?;
                }
                let before = serde_json::json!({
                    "role": before_role, "communes": before_communes.into_iter().map(|(c,)| c).collect::<Vec<_>>()
                });
                let after = serde_json::json!({ "role": role.as_str(), "communes": communes });
                audit_in(
                    &mut tx,
                    now,
                    Some(actor_id),
                    "staff.access",
                    "staff",
                    &id.to_string(),
                    Some(&before.to_string()),
                    Some(&after.to_string()),
                )
                .await
                .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }

            async fn invite_staff(
                &self,
                staff: &portal::store::NewStaff,
                token: &portal::store::StaffToken,
                actor_id: i64,
            ) -> portal::store::StoreResult<i64> {
                use $crate::backend_error as e;
                let now = time::OffsetDateTime::now_utc();
                let mut tx = self.begin_write().await.map_err(e)?;
                let id = match insert_staff_in(&mut tx, staff, now).await {
                    Err(err) if $crate::portable::is_unique_violation(&err) => {
                        return Err(portal::store::StoreError::Duplicate(staff.email.clone()));
                    }
                    other => other.map_err(e)?,
                };
                insert_token_in(&mut tx, token, id, now).await.map_err(e)?;
                let after = serde_json::json!({ "role": staff.role.as_str(), "communes": staff.communes, "active": true });
                audit_in(&mut tx, now, Some(actor_id), "staff.invite", "staff", &id.to_string(), None, Some(&after.to_string()))
                    .await
                    .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(id)
            }

            async fn issue_staff_token(
                &self,
                token: &portal::store::StaffToken,
                actor_id: i64,
            ) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let now = time::OffsetDateTime::now_utc();
                let mut tx = self.begin_write().await.map_err(e)?;
                insert_token_in(&mut tx, token, token.staff_id, now).await.map_err(e)?;
                let action = format!("staff.{}_link", token.kind);
                audit_in(&mut tx, now, Some(actor_id), &action, "staff", &token.staff_id.to_string(), None, None)
                    .await
                    .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }

            async fn redeem_staff_token(
                &self,
                token_hash: &str,
                password_hash: &str,
                now: time::OffsetDateTime,
            ) -> portal::store::StoreResult<i64> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                let used = sqlx::query_as::<_, (i64,)>(
                    "UPDATE staff_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 \
                     RETURNING staff_id",
                )
                .bind(now)
                .bind(token_hash)
                .fetch_optional(&mut *tx)
                .await
                .map_err(e)?;
                let (staff_id,) = used.ok_or(portal::store::StoreError::NotFound)?;
                set_password_in(&mut tx, staff_id, password_hash, now).await.map_err(e)?;
                audit_in(&mut tx, now, Some(staff_id), "staff.password_set", "staff", &staff_id.to_string(), None, None)
                    .await
                    .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(staff_id)
            }

            async fn staff_token_owner(
                &self,
                token_hash: &str,
                now: time::OffsetDateTime,
            ) -> portal::store::StoreResult<Option<i64>> {
                let row: Option<(i64,)> = sqlx::query_as(
                    "SELECT staff_id FROM staff_tokens WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
                )
                .bind(token_hash)
                .bind(now)
                .fetch_optional(self.reader())
                .await
                .map_err($crate::backend_error)?;
                Ok(row.map(|(id,)| id))
            }

            async fn set_staff_password(
                &self,
                id: i64,
                password_hash: &str,
                actor_id: Option<i64>,
            ) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let now = time::OffsetDateTime::now_utc();
                let mut tx = self.begin_write().await.map_err(e)?;
                if !set_password_in(&mut tx, id, password_hash, now).await.map_err(e)? {
                    return Err(portal::store::StoreError::NotFound);
                }
                audit_in(&mut tx, now, actor_id, "staff.password_change", "staff", &id.to_string(), None, None)
                    .await
                    .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }

            async fn set_staff_active(
                &self,
                id: i64,
                active: bool,
                actor_id: Option<i64>,
            ) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let now = time::OffsetDateTime::now_utc();
                let mut tx = self.begin_write().await.map_err(e)?;
                let before: Option<(bool,)> = sqlx::query_as("SELECT active FROM staff WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(e)?;
                let (before,) = before.ok_or(portal::store::StoreError::NotFound)?;
                sqlx::query("UPDATE staff SET active = $1, updated_at = $2 WHERE id = $3")
                    .bind(active)
                    .bind(now)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(e)?;
                let action = if active { "staff.enable" } else { "staff.disable" };
                audit_in(
                    &mut tx,
                    now,
                    actor_id,
                    action,
                    "staff",
                    &id.to_string(),
                    Some(&serde_json::json!({ "active": before }).to_string()),
                    Some(&serde_json::json!({ "active": active }).to_string()),
                )
                .await
                .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl portal::store::SignInStore for $store {
            async fn set_totp_pending(&self, id: i64, secret: &str) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                sqlx::query("UPDATE staff SET totp_secret = $1 WHERE id = $2 AND totp_enabled = FALSE")
                    .bind(secret)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }

            async fn enable_totp(
                &self,
                id: i64,
                step: i64,
                recovery_code_hashes: &[String],
            ) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let now = time::OffsetDateTime::now_utc();
                let mut tx = self.begin_write().await.map_err(e)?;
                let updated = sqlx::query(
                    "UPDATE staff SET totp_enabled = TRUE, totp_last_step = $1, updated_at = $2 \
                     WHERE id = $3 AND totp_secret IS NOT NULL",
                )
                .bind(step)
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(e)?;
                if updated.rows_affected() != 1 {
                    return Err(portal::store::StoreError::Conflict);
                }
                sqlx::query("DELETE FROM staff_recovery_codes WHERE staff_id = $1").bind(id).execute(&mut *tx).await.map_err(e)?;
                for hash in recovery_code_hashes {
                    sqlx::query("INSERT INTO staff_recovery_codes (staff_id, code_hash) VALUES ($1, $2)")
                        .bind(id)
                        .bind(hash)
                        .execute(&mut *tx)
                        .await
                        .map_err(e)?;
                }
                audit_in(&mut tx, now, Some(id), "staff.totp_enable", "staff", &id.to_string(), None, None)
                    .await
                    .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }

            async fn use_totp_step(&self, id: i64, step: i64) -> portal::store::StoreResult<bool> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                let updated = sqlx::query(
                    "UPDATE staff SET totp_last_step = $1 WHERE id = $2 AND totp_enabled = TRUE AND totp_last_step < $1",
                )
                .bind(step)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(updated.rows_affected() == 1)
            }

            async fn use_recovery_code(
                &self,
                id: i64,
                code_hash: &str,
                now: time::OffsetDateTime,
            ) -> portal::store::StoreResult<bool> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                let updated = sqlx::query(
                    "UPDATE staff_recovery_codes SET used_at = $1 WHERE staff_id = $2 AND code_hash = $3 AND used_at IS NULL",
                )
                .bind(now)
                .bind(id)
                .bind(code_hash)
                .execute(&mut *tx)
                .await
                .map_err(e)?;
                let used = updated.rows_affected() == 1;
                if used {
                    audit_in(&mut tx, now, Some(id), "staff.recovery_code_used", "staff", &id.to_string(), None, None)
                        .await
                        .map_err(e)?;
                }
                tx.commit().await.map_err(e)?;
                Ok(used)
            }

            async fn count_login_attempt(
                &self,
                email: &str,
                address: &str,
                now: time::OffsetDateTime,
                window: time::Duration,
            ) -> portal::store::StoreResult<portal::store::LoginFailures> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                let mut counts = [0_i64; 2];
                for (count, key) in counts.iter_mut().zip([format!("account:{email}"), format!("address:{address}")]) {
                    // One row per key: the upsert takes the row's lock, so concurrent attempts are
                    // counted one after the other whatever the database.
                    let (attempts,): (i64,) = sqlx::query_as(
                        "INSERT INTO login_attempts (key, window_start, attempts) VALUES ($1, $2, 1) \
                         ON CONFLICT (key) DO UPDATE SET \
                         attempts = CASE WHEN login_attempts.window_start < $3 THEN 1 ELSE login_attempts.attempts + 1 END, \
                         window_start = CASE WHEN login_attempts.window_start < $3 THEN $2 ELSE login_attempts.window_start END \
                         RETURNING CAST(attempts AS BIGINT)",
                    )
                    .bind(&key)
                    .bind(now)
                    .bind(now - window)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(e)?;
                    *count = attempts;
                }
                tx.commit().await.map_err(e)?;
                Ok(portal::store::LoginFailures { for_account: counts[0], from_address: counts[1] })
            }

            async fn give_back_login_attempt(&self, email: &str, address: &str) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                // One row after the other, in the order the count takes them: two transactions never
                // wait for each other's row.
                for key in [format!("account:{email}"), format!("address:{address}")] {
                    sqlx::query("UPDATE login_attempts SET attempts = attempts - 1 WHERE key = $1 AND attempts > 0")
                        .bind(key)
                        .execute(&mut *tx)
                        .await
                        .map_err(e)?;
                }
                tx.commit().await.map_err(e)?;
                Ok(())
            }

            async fn clear_login_failures(&self, email: &str) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                sqlx::query("DELETE FROM login_attempts WHERE key = $1")
                    .bind(format!("account:{email}"))
                    .execute(&mut *tx)
                    .await
                    .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }
        }

        impl $store {
            async fn with_communes(
                &self,
                row: Option<$crate::portable::StaffRow>,
            ) -> portal::store::StoreResult<Option<portal::store::StaffAccount>> {
                let Some(row) = row else { return Ok(None) };
                let communes: Vec<(String,)> =
                    sqlx::query_as("SELECT commune_code FROM staff_communes WHERE staff_id = $1 ORDER BY commune_code")
                        .bind(row.id)
                        .fetch_all(self.reader())
                        .await
                        .map_err($crate::backend_error)?;
                row.into_account(communes.into_iter().map(|(c,)| c).collect()).map(Some)
            }
        }

        /// An account and its communes.
        async fn insert_staff_in(
            tx: &mut sqlx::Transaction<'_, $db>,
            staff: &portal::store::NewStaff,
            now: time::OffsetDateTime,
        ) -> Result<i64, sqlx::Error> {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO staff (email, display_name, password_hash, role, active, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, TRUE, $5, $5) RETURNING id",
            )
            .bind(&staff.email)
            .bind(&staff.display_name)
            .bind(&staff.password_hash)
            .bind(staff.role.as_str())
            .bind(now)
            .fetch_one(&mut **tx)
            .await?;
            for commune in &staff.communes {
                sqlx::query("INSERT INTO staff_communes (staff_id, commune_code) VALUES ($1, $2)")
                    .bind(id)
                    .bind(commune)
                    .execute(&mut **tx)
                    .await?;
            }
            Ok(id)
        }

        /// Replaces an account's password hash; false if there is no such account.
        async fn set_password_in(
            tx: &mut sqlx::Transaction<'_, $db>,
            id: i64,
            password_hash: &str,
            now: time::OffsetDateTime,
        ) -> Result<bool, sqlx::Error> {
            let updated = sqlx::query("UPDATE staff SET password_hash = $1, updated_at = $2 WHERE id = $3")
                .bind(password_hash)
                .bind(now)
                .bind(id)
                .execute(&mut **tx)
                .await?;
            Ok(updated.rows_affected() == 1)
        }

        async fn insert_token_in(
            tx: &mut sqlx::Transaction<'_, $db>,
            token: &portal::store::StaffToken,
            staff_id: i64,
            now: time::OffsetDateTime,
        ) -> Result<(), sqlx::Error> {
            sqlx::query(
                "INSERT INTO staff_tokens (token_hash, staff_id, kind, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&token.token_hash)
            .bind(staff_id)
            .bind(token.kind)
            .bind(now)
            .bind(token.expires_at)
            .execute(&mut **tx)
            .await?;
            Ok(())
        }

        /// Records one pledge inside `tx` (all of it, or an error and nothing the caller should keep).
        async fn record_pledge_in(
            tx: &mut sqlx::Transaction<'_, $db>,
            p: &portal::store::NewPledge,
        ) -> portal::store::StoreResult<portal::store::PledgeReceipt> {
                use $crate::backend_error as e;
                use $crate::portable::PLEDGED_SUM;
                let now = time::OffsetDateTime::now_utc();
                let seen: Option<(String, String, time::OffsetDateTime)> = match &p.idempotency_key {
                    None => None,
                    Some(key) => sqlx::query_as(
                        "SELECT request_hash, reference, created_at FROM idempotency_keys WHERE key = $1",
                    )
                    .bind(key)
                    .fetch_optional(&mut **tx)
                    .await
                    .map_err(e)?,
                };
                match seen {
                    // A key is honoured for a day; after that it may start a new pledge.
                    Some((_, _, at)) if now - at > time::Duration::hours(24) => {
                        sqlx::query("DELETE FROM idempotency_keys WHERE key = $1")
                            .bind(&p.idempotency_key)
                            .execute(&mut **tx)
                            .await
                            .map_err(e)?;
                    }
                    Some((hash, reference, _)) => {
                        return if hash == p.request_hash {
                            Ok(portal::store::PledgeReceipt::Repeated { reference })
                        } else {
                            Err(portal::store::StoreError::KeyReused)
                        };
                    }
                    None => {}
                }
                let mut need_id = p.need_id;
                let campaign_id = match &p.campaign {
                    None => None,
                    Some(slug) => {
                        let campaign: Option<(i64, bool, time::Date, time::Date)> = sqlx::query_as(
                            "SELECT id, published, opens_on, closes_on FROM campaigns WHERE slug = $1",
                        )
                        .bind(slug)
                        .fetch_optional(&mut **tx)
                        .await
                        .map_err(e)?;
                        let (id, published, opens_on, closes_on) =
                            campaign.filter(|c| c.1).ok_or(portal::store::StoreError::NotFound)?;
                        if p.on < opens_on || p.on > closes_on || !published {
                            return Err(portal::store::StoreError::Closed);
                        }
                        // A need named with a campaign must be one of its own; with none named, the
                        // campaign's open need that lacks the most.
                        let sql = format!(
                            "SELECT needs.id FROM needs JOIN campaign_needs cn ON cn.need_id = needs.id \
                             WHERE cn.campaign_id = $1 AND needs.status IN ('published', 'covered') \
                             AND ($2 IS NULL OR needs.id = $2) ORDER BY needs.total - {PLEDGED_SUM} DESC, needs.id LIMIT 1"
                        );
                        let linked: Option<(i64,)> =
                            sqlx::query_as(&sql).bind(id).bind(need_id).fetch_optional(&mut **tx).await.map_err(e)?;
                        match (need_id, linked) {
                            (Some(_), None) => return Err(portal::store::StoreError::NotFound),
                            (_, linked) => need_id = linked.map(|(n,)| n),
                        }
                        Some(id)
                    }
                };
                // Network members by slug: the one who mobilised the donor, the one whose fund receives.
                let mut member_ids = [None, None];
                for (id, slug) in member_ids.iter_mut().zip([&p.mobilised_by, &p.pool]) {
                    if let Some(slug) = slug {
                        let sql = format!(
                            "SELECT d.id FROM donors d WHERE d.slug = $1 AND {}",
                            $crate::network::LISTED
                        );
                        let member: Option<(i64,)> = sqlx::query_as(&sql)
                            .bind(slug)
                            .fetch_optional(&mut **tx)
                            .await
                            .map_err(e)?;
                        *id = Some(member.ok_or(portal::store::StoreError::NotFound)?.0);
                    }
                }
                let [mobilised_by, pool_id] = member_ids;
                let mut over_need = false;
                let mut covers_need = false;
                // What the pledge may cover: at most what the need still lacks now, so one large unpaid
                // promise cannot hide a need from other donors beyond its share (and it stops counting
                // when it goes stale unpaid: `PledgeLifecycleStore::sweep_stale_pledges`).
                let mut covering = 0;
                if let Some(need_id) = need_id {
                    let sql = format!(
                        "SELECT status, total, {PLEDGED_SUM}, CAST(covering_total AS BIGINT) FROM needs WHERE id = $1"
                    );
                    let need: Option<(String, i64, i64, i64)> =
                        sqlx::query_as(&sql).bind(need_id).fetch_optional(&mut **tx).await.map_err(e)?;
                    let (status, total, pledged, covered) = need.ok_or(portal::store::StoreError::NotFound)?;
                    if status != "published" && status != "covered" {
                        return Err(portal::store::StoreError::Closed);
                    }
                    over_need = p.value() > (total - pledged).max(0);
                    covering = p.value().min((total - covered).max(0));
                    covers_need = status == "published" && covering > 0 && covered + covering >= total;
                } else if campaign_id.is_none() && pool_id.is_none() {
                    return Err(portal::store::StoreError::NotFound);
                }

                // Contact details typed on a public form never join, change or unlock an existing record:
                // a pledge joins one only when the donor signed in on /me made it (README, "Donor
                // records"). Staff merge the records of one donor later.
                let donor_id = match p.donor_id {
                    Some(id) => {
                        let known: Option<(i64,)> =
                            sqlx::query_as("SELECT id FROM donors WHERE id = $1 AND erased_at IS NULL")
                                .bind(id)
                                .fetch_optional(&mut **tx)
                                .await
                                .map_err(e)?;
                        known.ok_or(portal::store::StoreError::NotFound)?.0
                    }
                    None => {
                        let (id,): (i64,) = sqlx::query_as(
                            "INSERT INTO donors (kind, name, email, phone, tax_code, created_at, updated_at, name_folded, \
                             public_name, language) VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, $9) RETURNING id",
                        )
                        .bind(p.donor_kind.as_str())
                        .bind(&p.name)
                        .bind(&p.email)
                        .bind(&p.phone)
                        .bind(&p.tax_code)
                        .bind(now)
                        .bind(domain::text::fold(&p.name))
                        .bind(p.display == domain::Display::Named)
                        .bind(&p.language)
                        .fetch_one(&mut **tx)
                        .await
                        .map_err(e)?;
                        id
                    }
                };
                let (pledge_id,): (i64,) = sqlx::query_as(
                    "INSERT INTO pledges (reference, donor_id, need_id, kind, amount, item, quantity, unit, description, \
                     estimated_value, value, display, language, status, over_need, created_at, campaign_id, mobilised_by, pool_id, \
                     covering) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'pledged', $14, $15, $16, $17, $18, $19) \
                     RETURNING id",
                )
                .bind(&p.reference)
                .bind(donor_id)
                .bind(need_id)
                .bind(p.kind.as_str())
                .bind(p.amount)
                .bind(&p.item)
                .bind(p.quantity)
                .bind(&p.unit)
                .bind(&p.description)
                .bind(p.estimated_value)
                .bind(p.value())
                .bind(p.display.as_str())
                .bind(&p.language)
                .bind(over_need)
                .bind(now)
                .bind(campaign_id)
                .bind(mobilised_by)
                .bind(pool_id)
                .bind(covering)
                .fetch_one(&mut **tx)
                .await
                // A reference drawn twice is the caller's to draw again.
                .map_err(|err| {
                    if $crate::portable::is_unique_violation(&err) {
                        portal::store::StoreError::Duplicate(p.reference.clone())
                    } else {
                        e(err)
                    }
                })?;
                for instalment in &p.instalments {
                    sqlx::query("INSERT INTO instalments (pledge_id, number, due_on, amount) VALUES ($1, $2, $3, $4)")
                        .bind(pledge_id)
                        .bind(instalment.number)
                        .bind(instalment.due_on)
                        .bind(instalment.amount)
                        .execute(&mut **tx)
                        .await
                        .map_err(e)?;
                }
                if let (true, Some(need_id)) = (covers_need, need_id) {
                    sqlx::query("UPDATE needs SET status = 'covered', updated_at = $1 WHERE id = $2")
                        .bind(now)
                        .bind(need_id)
                        .execute(&mut **tx)
                        .await
                        .map_err(e)?;
                    sqlx::query(
                        "INSERT INTO need_transitions (need_id, at, actor_id, from_status, to_status, comment) \
                         VALUES ($1, $2, NULL, 'published', 'covered', $3)",
                    )
                    .bind(need_id)
                    .bind(now)
                    .bind(&p.reference)
                    .execute(&mut **tx)
                    .await
                    .map_err(e)?;
                }
                // The acknowledgement, in the same transaction: it is sent if and only if the pledge exists.
                notice_in(tx, pledge_id, "acknowledgement", 0, now).await.map_err(e)?;
                if let Some(key) = &p.idempotency_key {
                    sqlx::query(
                        "INSERT INTO idempotency_keys (key, request_hash, reference, created_at) VALUES ($1, $2, $3, $4)",
                    )
                    .bind(key)
                    .bind(&p.request_hash)
                    .bind(&p.reference)
                    .bind(now)
                    .execute(&mut **tx)
                    .await
                    .map_err(e)?;
                }
                Ok(portal::store::PledgeReceipt::Recorded { reference: p.reference.clone(), over_need })
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

        async fn insert_need_in(
            tx: &mut sqlx::Transaction<'_, $db>,
            need: &portal::store::NewNeed,
        ) -> Result<i64, sqlx::Error> {
            let now = time::OffsetDateTime::now_utc();
            let (id,): (i64,) = $crate::portable::bind_need_content!(
                sqlx::query_as(
                    "INSERT INTO needs (commune_code, site, category, title, description, children, quantity, unit, \
                     unit_cost, total, period_start, period_end, status, is_demo, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id",
                ),
                need
            )
            .bind(need.status.as_str())
            .bind(need.demo)
            .bind(now)
            .fetch_one(&mut **tx)
            .await?;
            Ok(id)
        }
    };
}

pub(crate) use bind_need_content;
pub(crate) use bind_need_filter;
pub(crate) use portable_store;
