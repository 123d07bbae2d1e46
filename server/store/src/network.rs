//! The donor network (directory, applications, recognitions) and donors' own access (sign-in
//! links, their data, erasure): the SQL both backends share (see `portable.rs` for why it is a
//! macro).

use domain::DonorKind;
use domain::network::{MemberLink, RecognitionLevel};
use portal::store::StoreError;
use portal::store::{MemberRecord, RecognitionRecord};

pub(super) fn kind_of(kind: &str) -> Result<DonorKind, StoreError> {
    DonorKind::parse(kind).ok_or_else(|| StoreError::Rejected(format!("unknown donor kind {kind:?}")))
}

/// The columns of a listed member; `FROM donors d LEFT JOIN donors p ON p.id = d.parent_id`. The
/// total reads the donor's named pledges through `pledges_by_donor`, then their ledger entries.
pub(super) const MEMBER_COLUMNS: &str = "d.id, d.slug, d.name, d.kind, d.categories, d.communes, \
    CASE WHEN p.listed THEN p.slug END AS parent_slug, CASE WHEN p.listed THEN p.name END AS parent_name, \
    d.description, d.website, \
    CAST(COALESCE((SELECT SUM(l.amount) FROM pledges pl JOIN ledger_entries l ON l.pledge_id = pl.id \
        WHERE pl.donor_id = d.id AND pl.display = 'named'), 0) AS BIGINT) AS confirmed_named";

/// The records of the donor signed in as record `$1`: it, and every record that carries the same
/// email address (pledges made with that address before signing in). The address was proven by the
/// sign-in link, and each of those records' notices went to it.
pub(super) const OWN_RECORDS: &str = "(SELECT o.id FROM donors o WHERE o.erased_at IS NULL AND (o.id = $1 \
    OR (o.email IS NOT NULL AND o.email = (SELECT s.email FROM donors s WHERE s.id = $1 AND s.erased_at IS NULL))))";

/// Who the directory lists: approved members that chose to be listed (and were not erased).
pub(crate) const LISTED: &str = "d.listed AND d.membership = 'member' AND d.slug IS NOT NULL AND d.erased_at IS NULL";

#[derive(sqlx::FromRow)]
pub(super) struct MemberRow {
    id: i64,
    slug: String,
    name: String,
    kind: String,
    categories: String,
    communes: String,
    parent_slug: Option<String>,
    parent_name: Option<String>,
    description: String,
    website: Option<String>,
    confirmed_named: i64,
}

impl TryFrom<MemberRow> for MemberRecord {
    type Error = StoreError;

    fn try_from(r: MemberRow) -> Result<Self, StoreError> {
        Ok(MemberRecord {
            kind: kind_of(&r.kind)?,
            parent: match (r.parent_slug, r.parent_name) {
                (Some(slug), Some(name)) => Some(MemberLink { slug, name }),
                _ => None,
            },
            id: r.id,
            slug: r.slug,
            name: r.name,
            categories: r.categories,
            communes: r.communes,
            description: r.description,
            website: r.website,
            confirmed_named: r.confirmed_named,
        })
    }
}

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

#[derive(sqlx::FromRow)]
pub(super) struct DonorRow {
    id: i64,
    kind: String,
    name: String,
    email: Option<String>,
    phone: Option<String>,
    tax_code: Option<String>,
    contact_name: Option<String>,
    description: String,
    website: Option<String>,
    public_name: bool,
    listed: bool,
    slug: Option<String>,
    membership: Option<String>,
    created_at: time::OffsetDateTime,
    applied_at: Option<time::OffsetDateTime>,
    categories: String,
    communes: String,
}

pub(super) const DONOR_COLUMNS: &str = "id, kind, name, email, phone, tax_code, contact_name, description, website, \
    public_name, listed, slug, membership, created_at, applied_at, categories, communes";

impl DonorRow {
    pub(super) fn into_record(self) -> Result<portal::store::DonorRecord, StoreError> {
        Ok(portal::store::DonorRecord {
            kind: kind_of(&self.kind)?,
            id: self.id,
            name: self.name,
            email: self.email,
            phone: self.phone,
            tax_code: self.tax_code,
            contact_name: self.contact_name,
            description: self.description,
            website: self.website,
            public_name: self.public_name,
            listed: self.listed,
            slug: self.slug,
            membership: self.membership,
            created_at: self.created_at,
        })
    }

    pub(super) fn into_application(self) -> Result<portal::store::ApplicationRecord, StoreError> {
        Ok(portal::store::ApplicationRecord {
            kind: kind_of(&self.kind)?,
            donor_id: self.id,
            name: self.name,
            contact_name: self.contact_name,
            email: self.email,
            phone: self.phone,
            tax_code: self.tax_code,
            description: self.description,
            website: self.website,
            categories: self.categories,
            communes: self.communes,
            membership: self.membership.unwrap_or_default(),
            applied_at: self.applied_at,
        })
    }
}

/// What is left of a matched bank memo after its donor asked for erasure.
pub(super) const REDACTED_MEMO: &str = "[đã xoá theo yêu cầu của người ủng hộ]";

macro_rules! network_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl portal::store::NetworkStore for $store {
            async fn listed_members(
                &self,
                kind: Option<domain::DonorKind>,
                category: Option<domain::Category>,
                commune: Option<&str>,
            ) -> portal::store::StoreResult<Vec<portal::store::MemberRecord>> {
                use $crate::network::{LISTED, MEMBER_COLUMNS, MemberRow};
                let sql = format!(
                    "SELECT {MEMBER_COLUMNS} FROM donors d LEFT JOIN donors p ON p.id = d.parent_id WHERE {LISTED} \
                     AND (CAST($1 AS TEXT) IS NULL OR d.kind = $1) \
                     AND (CAST($2 AS TEXT) IS NULL OR d.categories LIKE $2) \
                     AND (CAST($3 AS TEXT) IS NULL OR d.communes LIKE $3)"
                );
                let rows: Vec<MemberRow> = sqlx::query_as(&sql)
                    .bind(kind.map(|k| k.as_str()))
                    .bind(category.map(|c| format!("% {} %", c.as_str())))
                    .bind(commune.map(|c| format!("% {c} %")))
                    .fetch_all(self.reader())
                    .await
                    .map_err($crate::backend_error)?;
                rows.into_iter().map(TryInto::try_into).collect()
            }

            async fn listed_member(&self, slug: &str) -> portal::store::StoreResult<Option<portal::store::MemberRecord>> {
                use $crate::network::{LISTED, MEMBER_COLUMNS, MemberRow};
                let sql = format!(
                    "SELECT {MEMBER_COLUMNS} FROM donors d LEFT JOIN donors p ON p.id = d.parent_id \
                     WHERE {LISTED} AND d.slug = $1"
                );
                let row: Option<MemberRow> = sqlx::query_as(&sql)
                    .bind(slug)
                    .fetch_optional(self.reader())
                    .await
                    .map_err($crate::backend_error)?;
                row.map(TryInto::try_into).transpose()
            }

            async fn member_years(&self, donor_id: i64) -> portal::store::StoreResult<Vec<(i64, i64)>> {
                sqlx::query_as(
                    "SELECT l.year, CAST(SUM(l.amount) AS BIGINT) FROM pledges pl \
                     JOIN ledger_entries l ON l.pledge_id = pl.id \
                     WHERE pl.donor_id = $1 AND pl.display = 'named' GROUP BY l.year \
                     HAVING SUM(l.amount) <> 0 ORDER BY l.year DESC",
                )
                .bind(donor_id)
                .fetch_all(self.reader())
                .await
                .map_err($crate::backend_error)
            }

            async fn member_mobilised(&self, donor_id: i64) -> portal::store::StoreResult<(i64, i64, Vec<String>)> {
                use $crate::backend_error as e;
                let (donors, confirmed): (i64, i64) = sqlx::query_as(
                    "SELECT CAST(COUNT(DISTINCT pl.donor_id) AS BIGINT), \
                     CAST(COALESCE(SUM((SELECT SUM(l.amount) FROM ledger_entries l WHERE l.pledge_id = pl.id)), 0) AS BIGINT) \
                     FROM pledges pl WHERE pl.mobilised_by = $1 AND pl.status IN ('partly_paid', 'confirmed', 'delivered')",
                )
                .bind(donor_id)
                .fetch_one(self.reader())
                .await
                .map_err(e)?;
                let named: Vec<(String,)> = sqlx::query_as(
                    "SELECT DISTINCT d.name FROM pledges pl JOIN donors d ON d.id = pl.donor_id \
                     WHERE pl.mobilised_by = $1 AND pl.display = 'named' AND d.erased_at IS NULL \
                     AND pl.status IN ('partly_paid', 'confirmed', 'delivered')",
                )
                .bind(donor_id)
                .fetch_all(self.reader())
                .await
                .map_err(e)?;
                Ok((donors, confirmed, named.into_iter().map(|(n,)| n).collect()))
            }

            async fn member_campaigns(&self, donor_id: i64) -> portal::store::StoreResult<Vec<(String, String)>> {
                sqlx::query_as(
                    "SELECT DISTINCT c.slug, c.title FROM pledges pl JOIN campaigns c ON c.id = pl.campaign_id \
                     WHERE pl.mobilised_by = $1 AND c.published AND pl.status NOT IN ('cancelled', 'lapsed') \
                     ORDER BY c.title",
                )
                .bind(donor_id)
                .fetch_all(self.reader())
                .await
                .map_err($crate::backend_error)
            }

            async fn member_chapters(&self, donor_id: i64) -> portal::store::StoreResult<Vec<(String, String)>> {
                sqlx::query_as(
                    "SELECT d.slug, d.name FROM donors d WHERE d.parent_id = $1 AND d.listed \
                     AND d.slug IS NOT NULL AND d.erased_at IS NULL ORDER BY d.name",
                )
                .bind(donor_id)
                .fetch_all(self.reader())
                .await
                .map_err($crate::backend_error)
            }

            async fn apply_to_join(
                &self,
                a: &portal::store::NewApplication,
                at: time::OffsetDateTime,
            ) -> portal::store::StoreResult<i64> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                let parent: Option<(i64,)> = match &a.chapter_of {
                    None => None,
                    Some(slug) => sqlx::query_as(&format!(
                        "SELECT d.id FROM donors d WHERE d.slug = $1 AND {}",
                        $crate::network::LISTED
                    ))
                        .bind(slug)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(e)?,
                };
                let parent = parent.map(|(id,)| id);
                // An address or tax code already a member's (or waiting) is refused; any other record
                // that shares it stays as it is: an application never joins or changes one (staff
                // merge two records of one donor when they see it).
                let taken: Option<(i64,)> = sqlx::query_as(
                    "SELECT id FROM donors WHERE erased_at IS NULL AND membership IN ('applied', 'member') \
                     AND ((email IS NOT NULL AND email = $1) OR (tax_code IS NOT NULL AND tax_code = $2)) LIMIT 1",
                )
                .bind(&a.email)
                .bind(&a.tax_code)
                .fetch_optional(&mut *tx)
                .await
                .map_err(e)?;
                if taken.is_some() {
                    return Err(portal::store::StoreError::Duplicate(a.email.clone()));
                }
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO donors (kind, name, email, phone, tax_code, contact_name, description, website, \
                     categories, communes, parent_id, membership, applied_at, language, created_at, updated_at, \
                     name_folded) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'applied', $12, $13, $12, \
                     $12, $14) RETURNING id",
                )
                .bind(a.kind.as_str())
                .bind(&a.name)
                .bind(&a.email)
                .bind(&a.phone)
                .bind(&a.tax_code)
                .bind(&a.contact_name)
                .bind(&a.description)
                .bind(&a.website)
                .bind(&a.categories)
                .bind(&a.communes)
                .bind(parent)
                .bind(at)
                .bind(a.language.code())
                .bind(domain::text::fold(&a.name))
                .fetch_one(&mut *tx)
                .await
                .map_err(e)?;
                audit_in(&mut tx, at, None, "network.apply", "donor", &id.to_string(), None, None).await.map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(id)
            }

            async fn applications(
                &self,
                pending_only: bool,
            ) -> portal::store::StoreResult<Vec<portal::store::ApplicationRecord>> {
                use $crate::network::{DONOR_COLUMNS, DonorRow};
                let filter = if pending_only { "membership = 'applied'" } else { "membership IS NOT NULL" };
                let sql = format!(
                    "SELECT {DONOR_COLUMNS} FROM donors WHERE {filter} AND erased_at IS NULL ORDER BY applied_at DESC, id DESC"
                );
                let rows: Vec<DonorRow> =
                    sqlx::query_as(&sql).fetch_all(self.reader()).await.map_err($crate::backend_error)?;
                rows.into_iter().map(DonorRow::into_application).collect()
            }

            async fn decide_application(
                &self,
                donor_id: i64,
                approve: Option<&str>,
                actor_id: i64,
                at: time::OffsetDateTime,
            ) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                let changed = match approve {
                    Some(slug) => sqlx::query(
                        "UPDATE donors SET membership = 'member', listed = TRUE, public_name = TRUE, \
                         slug = COALESCE(slug, $1), updated_at = $2 WHERE id = $3 AND membership = 'applied'",
                    )
                    .bind(slug)
                    .bind(at)
                    .bind(donor_id),
                    None => sqlx::query(
                        "UPDATE donors SET membership = 'declined', updated_at = $1 WHERE id = $2 AND membership = 'applied'",
                    )
                    .bind(at)
                    .bind(donor_id),
                }
                .execute(&mut *tx)
                .await
                .map_err(e)?
                .rows_affected();
                if changed == 0 {
                    return Err(portal::store::StoreError::Conflict);
                }
                if approve.is_some() {
                    sqlx::query(
                        "INSERT INTO notices (kind, donor_id, sequence, language, status, next_attempt_at, created_at) \
                         SELECT 'welcome', id, 0, language, 'queued', $1, $1 FROM donors WHERE id = $2 AND email IS NOT NULL",
                    )
                    .bind(at)
                    .bind(donor_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(e)?;
                }
                let action = if approve.is_some() { "network.approve" } else { "network.decline" };
                audit_in(&mut tx, at, Some(actor_id), action, "donor", &donor_id.to_string(), None, None)
                    .await
                    .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }

            async fn link_partner(&self, staff_id: i64, donor_id: i64) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                sqlx::query("UPDATE staff SET member_id = $1 WHERE id = $2")
                    .bind(donor_id)
                    .bind(staff_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }

            async fn partner_member(&self, staff_id: i64) -> portal::store::StoreResult<Option<(i64, String, String)>> {
                sqlx::query_as(
                    "SELECT d.id, d.slug, d.name FROM staff s JOIN donors d ON d.id = s.member_id \
                     WHERE s.id = $1 AND d.slug IS NOT NULL AND d.erased_at IS NULL",
                )
                .bind(staff_id)
                .fetch_optional(self.reader())
                .await
                .map_err($crate::backend_error)
            }
        }

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
                     WHERE id = $3 AND email IS NOT NULL",
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
                use $crate::network::{RECOGNITION_SELECT, RecognitionRow};
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
                use $crate::network::{RECOGNITION_SELECT, RecognitionRow};
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
                use $crate::network::{RECOGNITION_SELECT, RecognitionRow};
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

        #[async_trait::async_trait]
        impl portal::store::DonorStore for $store {
            async fn donor_by_email(&self, email: &str) -> portal::store::StoreResult<Option<i64>> {
                let row: Option<(i64,)> = sqlx::query_as(
                    "SELECT id FROM donors WHERE email = $1 AND erased_at IS NULL ORDER BY id LIMIT 1",
                )
                .bind(email)
                .fetch_optional(self.reader())
                .await
                .map_err($crate::backend_error)?;
                Ok(row.map(|(id,)| id))
            }

            async fn issue_sign_in_link(
                &self,
                donor_id: i64,
                token: &str,
                token_hash: &str,
                language: domain::i18n::Lang,
                at: time::OffsetDateTime,
                expires_at: time::OffsetDateTime,
            ) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                // Links nobody used are forgotten once they expire.
                sqlx::query("DELETE FROM donor_sign_in_links WHERE expires_at < $1")
                    .bind(at)
                    .execute(&mut *tx)
                    .await
                    .map_err(e)?;
                sqlx::query(
                    "INSERT INTO donor_sign_in_links (token_hash, donor_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
                )
                .bind(token_hash)
                .bind(donor_id)
                .bind(at)
                .bind(expires_at)
                .execute(&mut *tx)
                .await
                .map_err(e)?;
                sqlx::query(
                    "INSERT INTO notices (kind, donor_id, sequence, language, status, next_attempt_at, created_at, secret) \
                     VALUES ('sign_in_link', $1, 0, $2, 'queued', $3, $3, $4)",
                )
                .bind(donor_id)
                .bind(language.code())
                .bind(at)
                .bind(token)
                .execute(&mut *tx)
                .await
                .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }

            async fn sign_in_link_usable(&self, token_hash: &str, now: time::OffsetDateTime) -> portal::store::StoreResult<bool> {
                let row: Option<(i64,)> = sqlx::query_as(
                    "SELECT l.donor_id FROM donor_sign_in_links l JOIN donors d ON d.id = l.donor_id \
                     WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > $2 AND d.erased_at IS NULL",
                )
                .bind(token_hash)
                .bind(now)
                .fetch_optional(self.reader())
                .await
                .map_err($crate::backend_error)?;
                Ok(row.is_some())
            }

            async fn redeem_sign_in_link(
                &self,
                token_hash: &str,
                now: time::OffsetDateTime,
            ) -> portal::store::StoreResult<Option<i64>> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                let row: Option<(i64,)> = sqlx::query_as(
                    "UPDATE donor_sign_in_links SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL \
                     AND expires_at > $2 AND donor_id IN (SELECT id FROM donors WHERE erased_at IS NULL) \
                     RETURNING donor_id",
                )
                .bind(token_hash)
                .bind(now)
                .fetch_optional(&mut *tx)
                .await
                .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(row.map(|(id,)| id))
            }

            async fn donor_record(
                &self,
                donor_id: i64,
            ) -> portal::store::StoreResult<Option<portal::store::DonorRecord>> {
                use $crate::network::{DONOR_COLUMNS, DonorRow};
                let sql = format!("SELECT {DONOR_COLUMNS} FROM donors WHERE id = $1 AND erased_at IS NULL");
                let row: Option<DonorRow> = sqlx::query_as(&sql)
                    .bind(donor_id)
                    .fetch_optional(self.reader())
                    .await
                    .map_err($crate::backend_error)?;
                row.map(DonorRow::into_record).transpose()
            }

            async fn own_pledges(&self, donor_id: i64) -> portal::store::StoreResult<Vec<portal::store::OwnPledge>> {
                let sql = format!(
                    "SELECT p.reference, p.kind, p.status, p.display, p.value, \
                     CAST(COALESCE((SELECT SUM(l.amount) FROM ledger_entries l WHERE l.pledge_id = p.id \
                         AND l.entry IN ('confirmation', 'reversal')), 0) AS BIGINT), p.created_at \
                     FROM pledges p WHERE p.donor_id IN {} ORDER BY p.created_at DESC, p.id DESC",
                    $crate::network::OWN_RECORDS
                );
                let rows: Vec<(String, String, String, String, i64, i64, time::OffsetDateTime)> = sqlx::query_as(&sql)
                .bind(donor_id)
                .fetch_all(self.reader())
                .await
                .map_err($crate::backend_error)?;
                Ok(rows
                    .into_iter()
                    .map(|(reference, kind, status, display, value, received, created_at)| {
                        portal::store::OwnPledge { reference, kind, status, display, value, received, created_at }
                    })
                    .collect())
            }

            async fn own_notices(&self, donor_id: i64) -> portal::store::StoreResult<Vec<portal::store::OwnNotice>> {
                let sql = format!(
                    "SELECT kind, status, subject, created_at, sent_at FROM notices WHERE donor_id IN {} ORDER BY id",
                    $crate::network::OWN_RECORDS
                );
                let rows: Vec<(String, String, Option<String>, time::OffsetDateTime, Option<time::OffsetDateTime>)> =
                    sqlx::query_as(&sql)
                    .bind(donor_id)
                    .fetch_all(self.reader())
                    .await
                    .map_err($crate::backend_error)?;
                Ok(rows
                    .into_iter()
                    .map(|(kind, status, subject, created_at, sent_at)| portal::store::OwnNotice {
                        kind,
                        status,
                        subject,
                        created_at,
                        sent_at,
                    })
                    .collect())
            }

            async fn set_public_choices(
                &self,
                donor_id: i64,
                public_name: bool,
                listed: bool,
                slug: &str,
                at: time::OffsetDateTime,
            ) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                use $crate::network::OWN_RECORDS;
                let mut tx = self.begin_write().await.map_err(e)?;
                let records: Vec<(i64,)> =
                    sqlx::query_as(&format!("SELECT id FROM donors WHERE id IN {OWN_RECORDS}"))
                        .bind(donor_id)
                        .fetch_all(&mut *tx)
                        .await
                        .map_err(e)?;
                if records.is_empty() {
                    return Err(portal::store::StoreError::NotFound);
                }
                sqlx::query(&format!("UPDATE donors SET public_name = $2, updated_at = $3 WHERE id IN {OWN_RECORDS}"))
                    .bind(donor_id)
                    .bind(public_name)
                    .bind(at)
                    .execute(&mut *tx)
                    .await
                    .map_err(e)?;
                // Only an approved member is listed; anyone else who asks becomes an application that a
                // coordinator decides (the record signed in, not every record with its address).
                sqlx::query(
                    "UPDATE donors SET \
                     listed = CASE WHEN $2 AND membership = 'member' THEN TRUE ELSE FALSE END, \
                     slug = CASE WHEN $2 AND membership = 'member' THEN COALESCE(slug, $3) ELSE slug END, \
                     applied_at = CASE WHEN $2 AND membership IS NULL THEN $4 ELSE applied_at END, \
                     membership = CASE WHEN $2 AND membership IS NULL THEN 'applied' ELSE membership END \
                     WHERE id = $1 AND erased_at IS NULL",
                )
                .bind(donor_id)
                .bind(listed)
                .bind(slug)
                .bind(at)
                .execute(&mut *tx)
                .await
                .map_err(e)?;
                // Every gift that was listed follows the choice; unlisted ones stay unlisted.
                sqlx::query(&format!(
                    "UPDATE pledges SET display = $2 WHERE donor_id IN {OWN_RECORDS} AND display IN ('named', 'anonymous')"
                ))
                .bind(donor_id)
                .bind(if public_name { "named" } else { "anonymous" })
                .execute(&mut *tx)
                .await
                .map_err(e)?;
                for (id,) in &records {
                    recount_named_entries(&mut tx, *id).await.map_err(e)?;
                }
                let after = serde_json::json!({ "public_name": public_name, "listed": listed });
                audit_in(&mut tx, at, None, "donor.public_choices", "donor", &donor_id.to_string(), None,
                    Some(&after.to_string()))
                .await
                .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }

            async fn erase_donor(
                &self,
                donor_id: i64,
                placeholder: &str,
                at: time::OffsetDateTime,
            ) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                use $crate::network::OWN_RECORDS;
                let mut tx = self.begin_write().await.map_err(e)?;
                let records: Vec<(i64,)> =
                    sqlx::query_as(&format!("SELECT id FROM donors WHERE id IN {OWN_RECORDS} ORDER BY id"))
                        .bind(donor_id)
                        .fetch_all(&mut *tx)
                        .await
                        .map_err(e)?;
                if records.is_empty() {
                    return Err(portal::store::StoreError::NotFound);
                }
                for (id,) in records {
                    let name = format!("{placeholder}{id}");
                    sqlx::query(
                        "UPDATE donors SET name = $1, name_folded = $2, email = NULL, phone = NULL, tax_code = NULL, \
                         contact_name = NULL, description = '', website = NULL, slug = NULL, listed = FALSE, \
                         public_name = FALSE, membership = NULL, erased_at = $3, updated_at = $3 WHERE id = $4",
                    )
                    .bind(&name)
                    .bind(domain::text::fold(&name))
                    .bind(at)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(e)?;
                    sqlx::query("UPDATE pledges SET display = 'anonymous' WHERE donor_id = $1 AND display = 'named'")
                        .bind(id)
                        .execute(&mut *tx)
                        .await
                        .map_err(e)?;
                    recount_named_entries(&mut tx, id).await.map_err(e)?;
                    sqlx::query(
                        "UPDATE statement_lines SET description = $1 \
                         WHERE pledge_id IN (SELECT id FROM pledges WHERE donor_id = $2)",
                    )
                    .bind($crate::network::REDACTED_MEMO)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(e)?;
                    sqlx::query("UPDATE notices SET subject = NULL, last_error = NULL, secret = NULL WHERE donor_id = $1")
                        .bind(id)
                        .execute(&mut *tx)
                        .await
                        .map_err(e)?;
                    sqlx::query("DELETE FROM donor_sign_in_links WHERE donor_id = $1")
                        .bind(id)
                        .execute(&mut *tx)
                        .await
                        .map_err(e)?;
                    audit_in(&mut tx, at, None, "donor.erase", "donor", &id.to_string(), None, None)
                        .await
                        .map_err(e)?;
                }
                if let Some(purge) = <$store as $crate::ledger::DonorNameSearch>::purge_erased_words() {
                    sqlx::query(purge).execute(&mut *tx).await.map_err(e)?;
                }
                tx.commit().await.map_err(e)?;
                // What the records held must not linger in the database file's free pages or log.
                self.scrub_freed_pages().await.map_err(e)?;
                Ok(())
            }
        }

        #[async_trait::async_trait]
        impl portal::store::DuplicateStore for $store {
            async fn possible_duplicates(
                &self,
                donor_id: i64,
            ) -> portal::store::StoreResult<Vec<portal::store::PossibleDuplicate>> {
                type Row = (i64, String, String, Option<String>, Option<String>, Option<String>, Option<String>, i64,
                    time::OffsetDateTime, bool, bool, bool);
                let rows: Vec<Row> = sqlx::query_as(
                    "SELECT d.id, d.name, d.kind, d.email, d.phone, d.tax_code, d.membership, \
                     CAST((SELECT COUNT(*) FROM pledges p WHERE p.donor_id = d.id) AS BIGINT), d.created_at, \
                     COALESCE(d.email = me.email, FALSE), COALESCE(d.phone = me.phone, FALSE), \
                     COALESCE(d.tax_code = me.tax_code, FALSE) \
                     FROM donors d JOIN donors me ON me.id = $1 \
                     WHERE d.id <> me.id AND d.erased_at IS NULL AND me.erased_at IS NULL \
                     AND (d.email = me.email OR d.phone = me.phone OR d.tax_code = me.tax_code) \
                     ORDER BY d.id LIMIT 50",
                )
                .bind(donor_id)
                .fetch_all(self.reader())
                .await
                .map_err($crate::backend_error)?;
                rows.into_iter()
                    .map(|(id, name, kind, _, _, _, membership, pledges, created_at, email, phone, tax_code)| {
                        let shared = [("email", email), ("phone", phone), ("tax_code", tax_code)]
                            .into_iter()
                            .filter(|(_, same)| *same)
                            .map(|(field, _)| field.to_owned())
                            .collect();
                        Ok(portal::store::PossibleDuplicate {
                            id,
                            name,
                            kind: $crate::network::kind_of(&kind)?,
                            shared,
                            pledges,
                            member: membership.as_deref() == Some("member"),
                            created_at,
                        })
                    })
                    .collect()
            }

            async fn merge_donors(
                &self,
                from: i64,
                into: i64,
                actor_id: i64,
                at: time::OffsetDateTime,
            ) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                if from == into {
                    return Err(portal::store::StoreError::Conflict);
                }
                let mut tx = self.begin_write().await.map_err(e)?;
                let found: Vec<(i64,)> =
                    sqlx::query_as("SELECT id FROM donors WHERE id IN ($1, $2) AND erased_at IS NULL")
                        .bind(from)
                        .bind(into)
                        .fetch_all(&mut *tx)
                        .await
                        .map_err(e)?;
                if found.len() != 2 {
                    return Err(portal::store::StoreError::NotFound);
                }
                let (clashes,): (i64,) = sqlx::query_as(
                    "SELECT CAST(COUNT(*) AS BIGINT) FROM recognitions a JOIN recognitions b \
                     ON a.year = b.year AND a.level = b.level WHERE a.donor_id = $1 AND b.donor_id = $2",
                )
                .bind(from)
                .bind(into)
                .fetch_one(&mut *tx)
                .await
                .map_err(e)?;
                if clashes > 0 {
                    return Err(portal::store::StoreError::Conflict);
                }
                let (from_slug,): (Option<String>,) = sqlx::query_as("SELECT slug FROM donors WHERE id = $1")
                    .bind(from)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(e)?;
                // Everything that names `from` names `into` from now on. The ledger's amounts, years
                // and places stay as they were (its triggers refuse anything else).
                for sql in [
                    "UPDATE pledges SET donor_id = $2 WHERE donor_id = $1",
                    "UPDATE pledges SET mobilised_by = $2 WHERE mobilised_by = $1",
                    "UPDATE pledges SET pool_id = $2 WHERE pool_id = $1",
                    "UPDATE ledger_entries SET donor_id = $2 WHERE donor_id = $1",
                    "UPDATE ledger_entries SET mobilised_by = $2 WHERE mobilised_by = $1",
                    "UPDATE ledger_entries SET held_by = $2 WHERE held_by = $1",
                    "INSERT INTO ledger_year_donors (donor_id, year, amount, named_entries) \
                     SELECT $2, year, amount, named_entries FROM ledger_year_donors WHERE donor_id = $1 \
                     ON CONFLICT (donor_id, year) DO UPDATE SET amount = ledger_year_donors.amount + excluded.amount, \
                     named_entries = ledger_year_donors.named_entries + excluded.named_entries",
                    "UPDATE notices SET donor_id = $2 WHERE donor_id = $1",
                    "UPDATE recognitions SET donor_id = $2 WHERE donor_id = $1",
                    "UPDATE donors SET parent_id = $2 WHERE parent_id = $1",
                    "UPDATE staff SET member_id = $2 WHERE member_id = $1",
                ] {
                    sqlx::query(sql).bind(from).bind(into).execute(&mut *tx).await.map_err(e)?;
                }
                for sql in [
                    "DELETE FROM ledger_year_donors WHERE donor_id = $1",
                    "DELETE FROM donor_sign_in_links WHERE donor_id = $1",
                    "UPDATE donors SET slug = NULL WHERE id = $1",
                ] {
                    sqlx::query(sql).bind(from).execute(&mut *tx).await.map_err(e)?;
                }
                // The record that stays keeps its details and fills what it lacked; it is named only
                // if both were (a merge never unmasks anyone); without a membership of its own it takes
                // the other's, with its profile.
                let (into_member,): (bool,) =
                    sqlx::query_as("SELECT membership IS NOT NULL FROM donors WHERE id = $1")
                        .bind(into)
                        .fetch_one(&mut *tx)
                        .await
                        .map_err(e)?;
                sqlx::query(
                    "UPDATE donors SET \
                     email = COALESCE(donors.email, f.email), phone = COALESCE(donors.phone, f.phone), \
                     tax_code = COALESCE(donors.tax_code, f.tax_code), \
                     contact_name = COALESCE(donors.contact_name, f.contact_name), \
                     public_name = (donors.public_name AND f.public_name), updated_at = $3 \
                     FROM donors f WHERE f.id = $1 AND donors.id = $2",
                )
                .bind(from)
                .bind(into)
                .bind(at)
                .execute(&mut *tx)
                .await
                .map_err(e)?;
                if !into_member {
                    sqlx::query(
                        "UPDATE donors SET membership = f.membership, listed = f.listed, slug = $3, \
                         description = f.description, website = f.website, categories = f.categories, \
                         communes = f.communes, parent_id = f.parent_id, applied_at = f.applied_at \
                         FROM donors f WHERE f.id = $1 AND donors.id = $2 AND f.membership IS NOT NULL",
                    )
                    .bind(from)
                    .bind(into)
                    .bind(&from_slug)
                    .execute(&mut *tx)
                    .await
                    .map_err(e)?;
                }
                sqlx::query("UPDATE donors SET listed = (listed AND public_name) WHERE id = $1")
                    .bind(into)
                    .execute(&mut *tx)
                    .await
                    .map_err(e)?;
                recount_named_entries(&mut tx, into).await.map_err(e)?;
                sqlx::query("DELETE FROM donors WHERE id = $1").bind(from).execute(&mut *tx).await.map_err(e)?;
                let after = serde_json::json!({ "merged_into": into });
                audit_in(&mut tx, at, Some(actor_id), "donor.merge", "donor", &from.to_string(), None,
                    Some(&after.to_string()))
                .await
                .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }
        }

        /// The donor's named entries per year, for the public name search's counts.
        async fn recount_named_entries(
            tx: &mut sqlx::Transaction<'_, $db>,
            donor_id: i64,
        ) -> Result<(), sqlx::Error> {
            sqlx::query(
                "UPDATE ledger_year_donors SET named_entries = (SELECT COUNT(*) FROM ledger_entries l \
                 JOIN pledges p ON p.id = l.pledge_id WHERE l.donor_id = ledger_year_donors.donor_id \
                 AND l.year = ledger_year_donors.year AND p.display = 'named') WHERE donor_id = $1",
            )
            .bind(donor_id)
            .execute(&mut **tx)
            .await?;
            Ok(())
        }
    };
}

pub(crate) use network_store;
