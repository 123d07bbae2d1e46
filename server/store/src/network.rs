//! The donor network (the directory, members' pages, applications, partner accounts): the SQL both
//! backends share (see `portable.rs` for why it is a macro).

use domain::DonorKind;
use domain::network::MemberLink;
use portal::store::{MemberRecord, StoreError};

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
                use $crate::donors::{DONOR_COLUMNS, DonorRow};
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
                         SELECT 'welcome', id, 0, language, 'queued', $1, $1 FROM donors WHERE id = $2 AND (email IS NOT NULL OR phone IS NOT NULL)",
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
    };
}

pub(crate) use network_store;
