//! Recognitions (levels, grants, the honour roll, candidates): the SQL both backends share (see
//! `portable.rs` for why it is a macro).

use domain::network::RecognitionLevel;
use portal::store::{RecognitionRecord, StoreError};

use crate::network::kind_of;

/// A recognition with its level and donor; the year's support counts only named pledges when the
/// donor is named, so a gift they made anonymously never shows under their name.
pub(super) const RECOGNITION_SELECT: &str = "SELECT r.id, r.donor_id, r.year, r.level, lv.name_vi, lv.name_en, \
    lv.rank, r.decision_number, r.decision_date, r.reason, d.name AS donor_name, d.kind AS donor_kind, d.public_name, \
    CASE WHEN d.listed THEN d.slug END AS slug, \
    CAST(COALESCE((SELECT SUM(l.amount) FROM pledges pl JOIN ledger_entries l ON l.pledge_id = pl.id \
        WHERE pl.donor_id = r.donor_id AND l.year = r.year AND (pl.display = 'named' OR NOT d.public_name)), 0) \
        AS BIGINT) AS confirmed \
    FROM recognitions r JOIN recognition_levels lv ON lv.code = r.level JOIN donors d ON d.id = r.donor_id";

#[derive(sqlx::FromRow)]
pub(super) struct RecognitionRow {
    id: i64,
    donor_id: i64,
    year: i64,
    level: String,
    name_vi: String,
    name_en: String,
    rank: i64,
    decision_number: Option<String>,
    decision_date: Option<time::Date>,
    reason: String,
    donor_name: String,
    donor_kind: String,
    public_name: bool,
    slug: Option<String>,
    confirmed: i64,
}

impl TryFrom<RecognitionRow> for RecognitionRecord {
    type Error = StoreError;

    fn try_from(r: RecognitionRow) -> Result<Self, StoreError> {
        Ok(RecognitionRecord {
            donor_kind: kind_of(&r.donor_kind)?,
            id: r.id,
            donor_id: r.donor_id,
            year: r.year,
            level: RecognitionLevel { code: r.level, name_vi: r.name_vi, name_en: r.name_en, rank: r.rank },
            decision_number: r.decision_number,
            decision_date: r.decision_date,
            reason: r.reason,
            donor_name: r.donor_name,
            public_name: r.public_name,
            slug: r.slug,
            confirmed: r.confirmed,
        })
    }
}

macro_rules! recognition_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl portal::store::RecognitionStore for $store {
            async fn recognition_levels(&self) -> portal::store::StoreResult<Vec<domain::network::RecognitionLevel>> {
                let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
                    "SELECT code, name_vi, name_en, CAST(rank AS BIGINT) FROM recognition_levels ORDER BY rank, code",
                )
                .fetch_all(self.reader())
                .await
                .map_err($crate::backend_error)?;
                Ok(rows
                    .into_iter()
                    .map(|(code, name_vi, name_en, rank)| domain::network::RecognitionLevel { code, name_vi, name_en, rank })
                    .collect())
            }

            async fn add_recognition_level(
                &self,
                level: &domain::network::RecognitionLevel,
                actor_id: i64,
            ) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let at = time::OffsetDateTime::now_utc();
                let mut tx = self.begin_write().await.map_err(e)?;
                let taken: Option<(String,)> = sqlx::query_as("SELECT code FROM recognition_levels WHERE code = $1")
                    .bind(&level.code)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(e)?;
                if taken.is_some() {
                    return Err(portal::store::StoreError::Duplicate(level.code.clone()));
                }
                sqlx::query("INSERT INTO recognition_levels (code, name_vi, name_en, rank) VALUES ($1, $2, $3, $4)")
                    .bind(&level.code)
                    .bind(&level.name_vi)
                    .bind(&level.name_en)
                    .bind(level.rank)
                    .execute(&mut *tx)
                    .await
                    .map_err(e)?;
                let after = serde_json::json!({ "name_vi": level.name_vi, "name_en": level.name_en, "rank": level.rank });
                audit_in(&mut tx, at, Some(actor_id), "recognition_level.add", "recognition_level", &level.code, None,
                    Some(&after.to_string()))
                .await
                .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }

            async fn grant_recognition(
                &self,
                r: &portal::store::NewRecognition,
                at: time::OffsetDateTime,
            ) -> portal::store::StoreResult<i64> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                let donor: Option<(i64,)> = sqlx::query_as("SELECT id FROM donors WHERE id = $1 AND erased_at IS NULL")
                    .bind(r.donor_id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(e)?;
                if donor.is_none() {
                    return Err(portal::store::StoreError::NotFound);
                }
                let already: Option<(i64,)> = sqlx::query_as(
                    "SELECT id FROM recognitions WHERE donor_id = $1 AND year = $2 AND level = $3",
                )
                .bind(r.donor_id)
                .bind(r.year)
                .bind(&r.level)
                .fetch_optional(&mut *tx)
                .await
                .map_err(e)?;
                if already.is_some() {
                    return Err(portal::store::StoreError::Duplicate(r.level.clone()));
                }
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO recognitions (donor_id, level, year, decision_number, decision_date, reason, granted_by, \
                     created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                )
                .bind(r.donor_id)
                .bind(&r.level)
                .bind(r.year)
                .bind(&r.decision_number)
                .bind(r.decision_date)
                .bind(&r.reason)
                .bind(r.actor_id)
                .bind(at)
                .fetch_one(&mut *tx)
                .await
                .map_err(e)?;
                sqlx::query(
                    "INSERT INTO notices (kind, donor_id, recognition_id, sequence, language, status, next_attempt_at, \
                     created_at) SELECT 'recognition', id, $1, 0, language, 'queued', $2, $2 FROM donors \
                     WHERE id = $3 AND (email IS NOT NULL OR phone IS NOT NULL)",
                )
                .bind(id)
                .bind(at)
                .bind(r.donor_id)
                .execute(&mut *tx)
                .await
                .map_err(e)?;
                let after = serde_json::json!({ "donor_id": r.donor_id, "level": r.level, "year": r.year });
                audit_in(&mut tx, at, Some(r.actor_id), "recognition.grant", "recognition", &id.to_string(), None,
                    Some(&after.to_string()))
                .await
                .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(id)
            }

            async fn recognitions(
                &self,
                year: Option<i64>,
                level: Option<&str>,
            ) -> portal::store::StoreResult<Vec<portal::store::RecognitionRecord>> {
                use $crate::recognitions::{RECOGNITION_SELECT, RecognitionRow};
                let sql = format!(
                    "{RECOGNITION_SELECT} WHERE (CAST($1 AS BIGINT) IS NULL OR r.year = $1) \
                     AND (CAST($2 AS TEXT) IS NULL OR r.level = $2) ORDER BY r.year DESC, lv.rank DESC, r.id"
                );
                let rows: Vec<RecognitionRow> = sqlx::query_as(&sql)
                    .bind(year)
                    .bind(level)
                    .fetch_all(self.reader())
                    .await
                    .map_err($crate::backend_error)?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn recognition(&self, id: i64) -> portal::store::StoreResult<Option<portal::store::RecognitionRecord>> {
                use $crate::recognitions::{RECOGNITION_SELECT, RecognitionRow};
                let sql = format!("{RECOGNITION_SELECT} WHERE r.id = $1");
                let row: Option<RecognitionRow> = sqlx::query_as(&sql)
                    .bind(id)
                    .fetch_optional(self.reader())
                    .await
                    .map_err($crate::backend_error)?;
                row.map(TryInto::try_into).transpose()
            }

            async fn donor_recognitions(
                &self,
                donor_id: i64,
            ) -> portal::store::StoreResult<Vec<portal::store::RecognitionRecord>> {
                use $crate::recognitions::{RECOGNITION_SELECT, RecognitionRow};
                let sql = format!("{RECOGNITION_SELECT} WHERE r.donor_id = $1 ORDER BY r.year DESC, lv.rank DESC");
                let rows: Vec<RecognitionRow> = sqlx::query_as(&sql)
                    .bind(donor_id)
                    .fetch_all(self.reader())
                    .await
                    .map_err($crate::backend_error)?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn recognition_years(&self) -> portal::store::StoreResult<Vec<i64>> {
                let rows: Vec<(i64,)> = sqlx::query_as("SELECT DISTINCT year FROM recognitions ORDER BY year DESC")
                    .fetch_all(self.reader())
                    .await
                    .map_err($crate::backend_error)?;
                Ok(rows.into_iter().map(|(y,)| y).collect())
            }

            async fn recognition_candidates(
                &self,
                year: i64,
                min_amount: i64,
            ) -> portal::store::StoreResult<Vec<portal::store::Candidate>> {
                let rows: Vec<(i64, String, String, String, i64, bool)> = sqlx::query_as(
                    "SELECT l.donor_id, d.name, d.kind, COALESCE(l.category, '') AS category, \
                     CAST(SUM(l.amount) AS BIGINT) AS confirmed, \
                     EXISTS (SELECT 1 FROM recognitions r WHERE r.donor_id = l.donor_id AND r.year = $1) AS recognised \
                     FROM ledger_entries l JOIN donors d ON d.id = l.donor_id \
                     WHERE l.year = $1 AND d.erased_at IS NULL \
                     GROUP BY l.donor_id, d.name, d.kind, l.category HAVING SUM(l.amount) >= $2",
                )
                .bind(year)
                .bind(min_amount)
                .fetch_all(self.reader())
                .await
                .map_err($crate::backend_error)?;
                rows.into_iter()
                    .map(|(donor_id, name, kind, category, confirmed, recognised)| {
                        Ok(portal::store::Candidate {
                            kind: $crate::network::kind_of(&kind)?,
                            donor_id,
                            name,
                            category,
                            confirmed,
                            recognised,
                        })
                    })
                    .collect()
            }
        }
    };
}

pub(crate) use recognition_store;
