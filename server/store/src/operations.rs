//! The database itself (backend, pools, migrations) and the reference data: administrative units,
//! their successions and commune classifications. The SQL both backends share (see `portable.rs`
//! for why it is a macro).

use domain::areas::{AdminUnit, CommuneClassification, Region, Succession};
use portal::store::StoreError;
use time::Date;

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

macro_rules! operations_store {
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
                use $crate::operations::{AreaRow, SuccessionRow};
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
                use $crate::operations::ClassificationRow;
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
    };
}

pub(crate) use operations_store;
