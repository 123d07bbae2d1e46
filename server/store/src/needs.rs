//! Needs as they are stored and read, and the demo needs: the SQL both backends share (see
//! `portable.rs` for why it is a macro).

use domain::{Category, NeedStatus};
use portal::store::{NeedRecord, StoreError};
use time::Date;

use crate::portable::placeholders;

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

/// What counts as pledged toward a need (in a query over `needs`): every pledge not cancelled or
/// lapsed, kept as running totals in `need_sums` by triggers on `pledges` (migration 0017).
macro_rules! pledged_sum {
    () => {
        "CAST((SELECT COALESCE(SUM(s.pledged), 0) FROM need_sums s WHERE s.need_id = needs.id) AS BIGINT)"
    };
}

/// What covers a need now (confirmed pledges and unpaid ones not yet stale), the same way.
pub(super) const COVERED_SUM: &str =
    "CAST((SELECT COALESCE(SUM(s.covering), 0) FROM need_sums s WHERE s.need_id = needs.id) AS BIGINT)";

pub(super) const PLEDGED_SUM: &str = pledged_sum!();

pub(super) const NEED_COLUMNS: &str = concat!(
    "id, commune_code, site, category, title, description, children, quantity, unit, unit_cost, total, ",
    pledged_sum!(),
    " AS pledged, period_start, period_end, status, is_demo"
);

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

pub(super) const DEMO_MARKER: &str = "demo_seeded_at";

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

macro_rules! need_store {
    ($store:ty, $db:ty) => {
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
                use $crate::needs::{NeedRow, NEED_COLUMNS};
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
                use $crate::needs::{need_filter_sql, NeedRow, NEED_COLUMNS};
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
                let rows: Vec<NeedRow> = $crate::needs::bind_need_filter!(sqlx::query_as(&list_sql), q)
                    .bind(q.limit.max(0))
                    .bind(q.offset.max(0))
                    .fetch_all(self.reader())
                    .await
                    .map_err(e)?;
                let count_sql = format!("SELECT CAST(COUNT(*) AS BIGINT) FROM needs WHERE {filter}");
                let (total,): (i64,) = $crate::needs::bind_need_filter!(sqlx::query_as(&count_sql), q)
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
                use $crate::needs::PLEDGED_SUM;
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
                use $crate::needs::DEMO_MARKER;
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

        async fn insert_need_in(
            tx: &mut sqlx::Transaction<'_, $db>,
            need: &portal::store::NewNeed,
        ) -> Result<i64, sqlx::Error> {
            let now = time::OffsetDateTime::now_utc();
            let (id,): (i64,) = $crate::needs::bind_need_content!(
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
            link_implementer_in(tx, id).await?;
            Ok(id)
        }

        /// The need's implementer: its site in its commune, or the commune's office (an empty
        /// name) when it names none — a record of its own, found or made.
        async fn link_implementer_in(tx: &mut sqlx::Transaction<'_, $db>, need_id: i64) -> Result<(), sqlx::Error> {
            sqlx::query(
                "INSERT INTO implementers (name, commune_code) \
                 SELECT COALESCE(site, ''), commune_code FROM needs WHERE id = $1 \
                 ON CONFLICT (name, commune_code) DO NOTHING",
            )
            .bind(need_id)
            .execute(&mut **tx)
            .await?;
            sqlx::query(
                "UPDATE needs SET implementer_id = (SELECT i.id FROM implementers i \
                 WHERE i.name = COALESCE(needs.site, '') AND i.commune_code = needs.commune_code) WHERE id = $1",
            )
            .bind(need_id)
            .execute(&mut **tx)
            .await?;
            Ok(())
        }
    };
}

pub(crate) use bind_need_content;
pub(crate) use bind_need_filter;
pub(crate) use need_store;
