//! The donor digest: the SQL both backends share.

/// A code list as the donor record keeps it (" health meals "): the codes.
pub(super) fn codes(list: &str) -> impl Iterator<Item = String> + '_ {
    list.split_whitespace().map(str::to_owned)
}

/// Who receives the digest, over a donor's records (`d`) with one address: none said no, and one
/// asked for it or is a network member. Counted by the choosing of recipients and by `/me` alike.
pub(super) const SAID_NO: &str = "COALESCE(SUM(CASE WHEN d.digest = 'off' THEN 1 ELSE 0 END), 0)";
pub(super) const ASKED: &str =
    "COALESCE(SUM(CASE WHEN d.digest = 'on' OR d.membership = 'member' THEN 1 ELSE 0 END), 0)";

macro_rules! digest_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl portal::store::DigestStore for $store {
            async fn digest_recipients(
                &self,
                due_before: time::OffsetDateTime,
            ) -> portal::store::StoreResult<Vec<portal::store::DigestRecipient>> {
                use $crate::backend_error as e;
                // One digest per address: a donor who gave twice under one email has two records.
                let (said_no, asked) = ($crate::digests::SAID_NO, $crate::digests::ASKED);
                let due: Vec<(i64,)> = sqlx::query_as(&format!(
                    "SELECT MIN(d.id) FROM donors d WHERE d.erased_at IS NULL AND d.email IS NOT NULL GROUP BY d.email \
                     HAVING {said_no} = 0 AND {asked} > 0 \
                     AND (MAX(d.digest_from) IS NULL OR MAX(d.digest_from) <= $1) ORDER BY 1"
                ))
                .bind(due_before)
                .fetch_all(self.reader())
                .await
                .map_err(e)?;
                let mut recipients = Vec::with_capacity(due.len());
                for (donor_id,) in due {
                    let (name, language, from): (String, String, Option<time::OffsetDateTime>) =
                        sqlx::query_as("SELECT name, language, digest_from FROM donors WHERE id = $1")
                            .bind(donor_id)
                            .fetch_one(self.reader())
                            .await
                            .map_err(e)?;
                    let own = $crate::donors::OWN_RECORDS;
                    let profiles: Vec<(String, String)> =
                        sqlx::query_as(&format!("SELECT categories, communes FROM donors WHERE id IN {own}"))
                            .bind(donor_id)
                            .fetch_all(self.reader())
                            .await
                            .map_err(e)?;
                    let supported: Vec<(String, String)> = sqlx::query_as(&format!(
                        "SELECT DISTINCT n.category, n.commune_code FROM pledges p JOIN needs n ON n.id = p.need_id \
                         WHERE p.donor_id IN {own} AND p.status NOT IN ('cancelled', 'lapsed')"
                    ))
                    .bind(donor_id)
                    .fetch_all(self.reader())
                    .await
                    .map_err(e)?;
                    let mut categories = std::collections::BTreeSet::new();
                    let mut communes = std::collections::BTreeSet::new();
                    for (kinds, places) in profiles.iter().chain(supported.iter()) {
                        categories.extend($crate::digests::codes(kinds));
                        communes.extend($crate::digests::codes(places));
                    }
                    recipients.push(portal::store::DigestRecipient {
                        donor_id,
                        name,
                        language,
                        from,
                        categories: categories.into_iter().collect(),
                        communes: communes.into_iter().collect(),
                    });
                }
                Ok(recipients)
            }

            async fn digest_news(
                &self,
                since: time::OffsetDateTime,
                now: time::OffsetDateTime,
            ) -> portal::store::StoreResult<(Vec<portal::store::NewsNeed>, Vec<portal::store::NewsCampaign>)> {
                use $crate::backend_error as e;
                let vietnam = domain::format::VIETNAM;
                let today = now.to_offset(vietnam).date();
                // When a need was published: its last step to `published` (a need seeded as
                // published has none: its creation).
                let needs: Vec<(i64, String, String, String, i64, time::OffsetDateTime)> = sqlx::query_as(
                    "SELECT id, title, commune_code, category, children, published_at FROM \
                     (SELECT n.id, n.title, n.commune_code, n.category, CAST(n.children AS BIGINT) AS children, \
                      COALESCE((SELECT MAX(t.at) FROM need_transitions t WHERE t.need_id = n.id AND t.to_status = 'published'), \
                      n.created_at) AS published_at FROM needs n WHERE n.status = 'published' AND n.period_end >= $2) news \
                     WHERE published_at > $1 ORDER BY published_at DESC, id",
                )
                .bind(since)
                .bind(today)
                .fetch_all(self.reader())
                .await
                .map_err(e)?;
                let needs = needs
                    .into_iter()
                    .map(|(id, title, commune_code, category, children, published_at)| portal::store::NewsNeed {
                        id,
                        title,
                        commune_code,
                        category,
                        children,
                        published_at,
                    })
                    .collect();
                let open: Vec<(i64, String, String, time::Date, time::OffsetDateTime)> = sqlx::query_as(
                    "SELECT id, slug, title, opens_on, COALESCE(published_at, created_at) FROM campaigns \
                     WHERE published AND opens_on <= $1 AND closes_on >= $1 ORDER BY opens_on DESC, id",
                )
                .bind(today)
                .fetch_all(self.reader())
                .await
                .map_err(e)?;
                let mut campaigns = Vec::new();
                for (id, slug, title, opens_on, published_at) in open {
                    // Opened: the later of its first day (Vietnam's midnight) and its publication.
                    let opened_at = opens_on.midnight().assume_offset(vietnam).max(published_at);
                    if opened_at <= since {
                        continue;
                    }
                    let places: Vec<(String, String)> = sqlx::query_as(
                        "SELECT DISTINCT n.category, n.commune_code FROM campaign_needs cn JOIN needs n ON n.id = cn.need_id \
                         WHERE cn.campaign_id = $1",
                    )
                    .bind(id)
                    .fetch_all(self.reader())
                    .await
                    .map_err(e)?;
                    let (categories, communes): (std::collections::BTreeSet<String>, std::collections::BTreeSet<String>) =
                        places.into_iter().unzip();
                    let (categories, communes) = (categories.into_iter().collect(), communes.into_iter().collect());
                    campaigns.push(portal::store::NewsCampaign { slug, title, categories, communes, opened_at });
                }
                Ok((needs, campaigns))
            }

            async fn digest_deliveries(&self, donor_id: i64, since: time::OffsetDateTime) -> portal::store::StoreResult<(i64, i64)> {
                let sql = $crate::ledger::handed_over(&format!("p.donor_id IN {}", $crate::donors::OWN_RECORDS), "dl.at > $2");
                let (gifts, _, children): (i64, i64, i64) = sqlx::query_as(&sql)
                    .bind(donor_id)
                    .bind(since)
                    .fetch_one(self.reader())
                    .await
                    .map_err($crate::backend_error)?;
                Ok((gifts, children))
            }

            async fn queue_digest(&self, digest: &portal::store::NewDigest, now: time::OffsetDateTime) -> portal::store::StoreResult<bool> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                // The day's number keeps it to one digest a day whichever replica queues it.
                let day = now.unix_timestamp().div_euclid(86_400);
                let queued = sqlx::query(
                    "INSERT INTO notices (kind, donor_id, sequence, language, status, next_attempt_at, created_at, secret, content, channel) \
                     VALUES ('digest', $1, $2, $3, 'queued', $4, $4, $5, $6, 'email') ON CONFLICT DO NOTHING",
                )
                .bind(digest.donor_id)
                .bind(day)
                .bind(&digest.language)
                .bind(now)
                .bind(&digest.token)
                .bind(&digest.content)
                .execute(&mut *tx)
                .await
                .map_err(e)?;
                if queued.rows_affected() == 0 {
                    return Ok(false);
                }
                sqlx::query("INSERT INTO digest_unsubscribe_tokens (token_hash, donor_id, created_at) VALUES ($1, $2, $3)")
                    .bind(&digest.token_hash)
                    .bind(digest.donor_id)
                    .bind(now)
                    .execute(&mut *tx)
                    .await
                    .map_err(e)?;
                let own = $crate::donors::OWN_RECORDS;
                sqlx::query(&format!("UPDATE donors SET digest_from = $2 WHERE id IN {own}"))
                    .bind(digest.donor_id)
                    .bind(now)
                    .execute(&mut *tx)
                    .await
                    .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(true)
            }

            async fn set_digest(&self, donor_id: i64, wanted: bool, at: time::OffsetDateTime) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                set_digest_in(&mut tx, donor_id, wanted, at).await?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }

            async fn digest_wanted(&self, donor_id: i64) -> portal::store::StoreResult<bool> {
                let (own, said_no, asked) = ($crate::donors::OWN_RECORDS, $crate::digests::SAID_NO, $crate::digests::ASKED);
                let (off, on): (i64, i64) = sqlx::query_as(&format!(
                    "SELECT CAST({said_no} AS BIGINT), CAST({asked} AS BIGINT) FROM donors d \
                     WHERE d.id IN {own} AND d.email IS NOT NULL"
                ))
                .bind(donor_id)
                .fetch_one(self.reader())
                .await
                .map_err($crate::backend_error)?;
                Ok(off == 0 && on > 0)
            }

            async fn unsubscribe_digest(&self, token_hash: &str, at: time::OffsetDateTime) -> portal::store::StoreResult<bool> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                let donor: Option<(i64,)> = sqlx::query_as(
                    "SELECT t.donor_id FROM digest_unsubscribe_tokens t JOIN donors d ON d.id = t.donor_id \
                     WHERE t.token_hash = $1 AND d.erased_at IS NULL",
                )
                .bind(token_hash)
                .fetch_optional(&mut *tx)
                .await
                .map_err(e)?;
                let Some((donor_id,)) = donor else { return Ok(false) };
                set_digest_in(&mut tx, donor_id, false, at).await?;
                tx.commit().await.map_err(e)?;
                Ok(true)
            }
        }

        /// The choice on every record with the donor's address; saying no drops the digests still
        /// queued for them, and parked ones (a staff resend must not send them).
        async fn set_digest_in(
            tx: &mut sqlx::Transaction<'_, $db>,
            donor_id: i64,
            wanted: bool,
            at: time::OffsetDateTime,
        ) -> portal::store::StoreResult<()> {
            use $crate::backend_error as e;
            let own = $crate::donors::OWN_RECORDS;
            let updated = sqlx::query(&format!("UPDATE donors SET digest = $2, updated_at = $3 WHERE id IN {own}"))
                .bind(donor_id)
                .bind(if wanted { "on" } else { "off" })
                .bind(at)
                .execute(&mut **tx)
                .await
                .map_err(e)?;
            if updated.rows_affected() == 0 {
                return Err(portal::store::StoreError::NotFound);
            }
            if !wanted {
                sqlx::query(&format!(
                    "DELETE FROM notices WHERE kind = 'digest' AND status IN ('queued', 'failed') AND donor_id IN {own}"
                ))
                .bind(donor_id)
                .execute(&mut **tx)
                .await
                .map_err(e)?;
            }
            let after = serde_json::json!({ "digest": wanted });
            audit_in(tx, at, None, "donor.digest", "donor", &donor_id.to_string(), None, Some(&after.to_string()))
                .await
                .map_err(e)?;
            Ok(())
        }
    };
}

pub(crate) use digest_store;
