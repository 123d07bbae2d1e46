//! Donors' own access (sign-in links, their data, how they are shown, erasure): the SQL both
//! backends share (see `portable.rs` for why it is a macro).

use portal::store::StoreError;

use crate::network::kind_of;

/// The records of the donor signed in as record `$1`: it, and every record that carries the same
/// email address (pledges made with that address before signing in). The address was proven by the
/// sign-in link, and each of those records' notices went to it.
pub(super) const OWN_RECORDS: &str = "(SELECT o.id FROM donors o WHERE o.erased_at IS NULL AND (o.id = $1 \
    OR (o.email IS NOT NULL AND o.email = (SELECT s.email FROM donors s WHERE s.id = $1 AND s.erased_at IS NULL))))";

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
    notice_channel: Option<String>,
}

pub(super) const DONOR_COLUMNS: &str = "id, kind, name, email, phone, tax_code, contact_name, description, website, \
    public_name, listed, slug, membership, created_at, applied_at, categories, communes, notice_channel";

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
            notice_channel: self.notice_channel.as_deref().and_then(domain::NoticeChannel::parse),
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
pub(super) const REDACTED_MEMO: &str = "[đã xóa theo yêu cầu của người ủng hộ]";

macro_rules! donor_store {
    ($store:ty, $db:ty) => {
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
                use $crate::donors::{DONOR_COLUMNS, DonorRow};
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
                    $crate::donors::OWN_RECORDS
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
                    $crate::donors::OWN_RECORDS
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

            async fn set_notice_channel(
                &self,
                donor_id: i64,
                channel: domain::NoticeChannel,
                at: time::OffsetDateTime,
            ) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                // The record signed in only: other records with the same address may carry another
                // (unproven) phone number, which a phone channel would then write to.
                let updated = sqlx::query(
                    "UPDATE donors SET notice_channel = $2, updated_at = $3 WHERE id = $1 AND erased_at IS NULL",
                )
                .bind(donor_id)
                .bind(channel.as_str())
                .bind(at)
                .execute(&mut *tx)
                .await
                .map_err(e)?;
                if updated.rows_affected() == 0 {
                    return Err(portal::store::StoreError::NotFound);
                }
                let after = serde_json::json!({ "notice_channel": channel.as_str() });
                audit_in(&mut tx, at, None, "donor.notice_channel", "donor", &donor_id.to_string(), None,
                    Some(&after.to_string()))
                .await
                .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(())
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
                use $crate::donors::OWN_RECORDS;
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
                use $crate::donors::OWN_RECORDS;
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
                    .bind($crate::donors::REDACTED_MEMO)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(e)?;
                    // Lines never matched (waiting, set aside) may name the donor's pledges too, in
                    // whatever form the bank printed them: found as the import finds them.
                    let references: Vec<(String,)> = sqlx::query_as("SELECT reference FROM pledges WHERE donor_id = $1")
                        .bind(id)
                        .fetch_all(&mut *tx)
                        .await
                        .map_err(e)?;
                    let unmatched: Vec<(i64, String)> =
                        sqlx::query_as("SELECT id, description FROM statement_lines WHERE pledge_id IS NULL")
                            .fetch_all(&mut *tx)
                            .await
                            .map_err(e)?;
                    for (line_id, description) in unmatched {
                        let named = portal::statements::candidate_references(&description);
                        if references.iter().any(|(r,)| named.contains(r)) {
                            sqlx::query(
                                "UPDATE statement_lines SET description = $1, \
                                 set_aside_reason = CASE WHEN set_aside_reason IS NULL THEN NULL ELSE $1 END WHERE id = $2",
                            )
                            .bind($crate::donors::REDACTED_MEMO)
                            .bind(line_id)
                            .execute(&mut *tx)
                            .await
                            .map_err(e)?;
                        }
                    }
                    sqlx::query("UPDATE notices SET subject = NULL, last_error = NULL, secret = NULL WHERE donor_id = $1")
                        .bind(id)
                        .execute(&mut *tx)
                        .await
                        .map_err(e)?;
                    // Digests not sent yet have no one to go to; their unsubscribe links, nothing to stop.
                    for sql in [
                        "DELETE FROM notices WHERE donor_id = $1 AND kind = 'digest' AND status IN ('queued', 'failed')",
                        "DELETE FROM digest_unsubscribe_tokens WHERE donor_id = $1",
                    ] {
                        sqlx::query(sql).bind(id).execute(&mut *tx).await.map_err(e)?;
                    }
                    sqlx::query("DELETE FROM donor_sign_in_links WHERE donor_id = $1")
                        .bind(id)
                        .execute(&mut *tx)
                        .await
                        .map_err(e)?;
                    audit_in(&mut tx, at, None, "donor.erase", "donor", &id.to_string(), None, None)
                        .await
                        .map_err(e)?;
                }
                if let Some(purge) = <$store as $crate::name_search::DonorNameSearch>::purge_erased_words() {
                    sqlx::query(purge).execute(&mut *tx).await.map_err(e)?;
                }
                tx.commit().await.map_err(e)?;
                // What the records held must not linger in the database file's free pages or log.
                self.scrub_freed_pages().await.map_err(e)?;
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

pub(crate) use donor_store;
