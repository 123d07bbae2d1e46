//! Records of one donor made twice, found and merged by staff: the SQL both backends share (see
//! `portable.rs` for why it is a macro).

macro_rules! duplicate_store {
    ($store:ty, $db:ty) => {
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
                // Two organisations' plans for one year cannot become one (a submitted report is a
                // record of its own): such a merge waits, as recognitions of one level in one year do.
                let (plans,): (i64,) = sqlx::query_as(
                    "SELECT CAST(COUNT(*) AS BIGINT) FROM partner_plans a JOIN partner_plans b ON a.year = b.year \
                     WHERE a.member_id = $1 AND b.member_id = $2",
                )
                .bind(from)
                .bind(into)
                .fetch_one(&mut *tx)
                .await
                .map_err(e)?;
                if clashes > 0 || plans > 0 {
                    return Err(portal::store::StoreError::Conflict);
                }
                // A digest of each on the same day: the one kept is enough.
                sqlx::query(
                    "DELETE FROM notices WHERE donor_id = $1 AND kind = 'digest' \
                     AND sequence IN (SELECT sequence FROM notices WHERE donor_id = $2 AND kind = 'digest')",
                )
                .bind(from)
                .bind(into)
                .execute(&mut *tx)
                .await
                .map_err(e)?;
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
                    "UPDATE partner_plans SET member_id = $2 WHERE member_id = $1",
                    "UPDATE digest_unsubscribe_tokens SET donor_id = $2 WHERE donor_id = $1",
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
                     public_name = (donors.public_name AND f.public_name), \
                     digest = CASE WHEN 'off' IN (COALESCE(donors.digest, ''), COALESCE(f.digest, '')) THEN 'off' \
                     ELSE COALESCE(donors.digest, f.digest) END, \
                     digest_from = CASE WHEN donors.digest_from IS NULL OR f.digest_from > donors.digest_from \
                     THEN COALESCE(f.digest_from, donors.digest_from) ELSE donors.digest_from END, updated_at = $3 \
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
    };
}

pub(crate) use duplicate_store;
