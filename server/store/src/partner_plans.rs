//! Mass organisations' plans and reports: the SQL both backends share.

macro_rules! partner_plan_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl portal::store::PartnerPlanStore for $store {
            async fn save_partner_plan(
                &self,
                member_id: i64,
                year: i32,
                targets: &domain::PartnerTargets,
                actor_id: i64,
                at: time::OffsetDateTime,
            ) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                // A submitted report locks its plan: the update is skipped and nothing changes.
                let saved = sqlx::query(
                    "INSERT INTO partner_plans (member_id, year, target_donors, target_amount, target_children, activities, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) \
                     ON CONFLICT (member_id, year) DO UPDATE SET target_donors = excluded.target_donors, \
                     target_amount = excluded.target_amount, target_children = excluded.target_children, \
                     activities = excluded.activities, updated_at = excluded.updated_at \
                     WHERE partner_plans.submitted_at IS NULL",
                )
                .bind(member_id)
                .bind(year)
                .bind(targets.donors)
                .bind(targets.amount)
                .bind(targets.children)
                .bind(&targets.activities)
                .bind(at)
                .execute(&mut *tx)
                .await
                .map_err(e)?;
                if saved.rows_affected() == 0 {
                    return Err(portal::store::StoreError::Conflict);
                }
                let after = serde_json::json!({
                    "donors": targets.donors, "amount": targets.amount, "children": targets.children
                });
                partner_plan_audited(tx, (member_id, year), "partner_plan.save", after, actor_id, at).await
            }

            async fn submit_partner_report(
                &self,
                member_id: i64,
                year: i32,
                text: &str,
                results: domain::PartnerResults,
                actor_id: i64,
                at: time::OffsetDateTime,
            ) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                let submitted = sqlx::query(
                    "UPDATE partner_plans SET report = $3, submitted_at = $4, submitted_by = $5, reported_donors = $6, \
                     reported_pledged = $7, reported_confirmed = $8, reported_delivered = $9, reported_children = $10 \
                     WHERE member_id = $1 AND year = $2 AND submitted_at IS NULL",
                )
                .bind(member_id)
                .bind(year)
                .bind(text)
                .bind(at)
                .bind(actor_id)
                .bind(results.donors)
                .bind(results.pledged)
                .bind(results.confirmed)
                .bind(results.delivered)
                .bind(results.children)
                .execute(&mut *tx)
                .await
                .map_err(e)?;
                if submitted.rows_affected() == 0 {
                    let exists: Option<(i64,)> =
                        sqlx::query_as("SELECT CAST(year AS BIGINT) FROM partner_plans WHERE member_id = $1 AND year = $2")
                            .bind(member_id)
                            .bind(year)
                            .fetch_optional(&mut *tx)
                            .await
                            .map_err(e)?;
                    return Err(if exists.is_some() {
                        portal::store::StoreError::Conflict
                    } else {
                        portal::store::StoreError::NotFound
                    });
                }
                let after = serde_json::json!({
                    "donors": results.donors, "pledged": results.pledged,
                    "confirmed": results.confirmed, "delivered": results.delivered, "children": results.children
                });
                partner_plan_audited(tx, (member_id, year), "partner_plan.submit", after, actor_id, at).await
            }

            async fn partner_plan(
                &self,
                member_id: i64,
                year: i32,
            ) -> portal::store::StoreResult<Option<portal::store::StoredPartnerPlan>> {
                let row: Option<PartnerPlanRow> = sqlx::query_as(&format!("{PARTNER_PLAN_SELECT} WHERE member_id = $1 AND year = $2"))
                    .bind(member_id)
                    .bind(year)
                    .fetch_optional(self.reader())
                    .await
                    .map_err($crate::backend_error)?;
                Ok(row.map(stored_partner_plan))
            }

            async fn partner_plans(&self, year: i32) -> portal::store::StoreResult<Vec<portal::store::StoredPartnerPlan>> {
                let rows: Vec<PartnerPlanRow> = sqlx::query_as(&format!("{PARTNER_PLAN_SELECT} WHERE year = $1"))
                    .bind(year)
                    .fetch_all(self.reader())
                    .await
                    .map_err($crate::backend_error)?;
                Ok(rows.into_iter().map(stored_partner_plan).collect())
            }

            async fn partner_members(&self) -> portal::store::StoreResult<Vec<portal::store::PartnerMember>> {
                sqlx::query_as(
                    "SELECT DISTINCT d.id, d.slug, d.name FROM staff s JOIN donors d ON d.id = s.member_id \
                     WHERE d.slug IS NOT NULL AND d.erased_at IS NULL ORDER BY d.name",
                )
                .fetch_all(self.reader())
                .await
                .map_err($crate::backend_error)
            }

            async fn mobilised_in_year(&self, member_id: i64, year: i32) -> portal::store::StoreResult<domain::PartnerResults> {
                use $crate::backend_error as e;
                let ((start, end), (from, until)) = $crate::ledger::year_bounds(year)?;
                let (donors, pledged): (i64, i64) = sqlx::query_as(
                    "SELECT CAST(COUNT(DISTINCT donor_id) AS BIGINT), CAST(COALESCE(SUM(value), 0) AS BIGINT) FROM pledges \
                     WHERE mobilised_by = $1 AND status NOT IN ('cancelled', 'lapsed') AND NOT forwarded \
                     AND created_at >= $2 AND created_at < $3",
                )
                .bind(member_id)
                .bind(from)
                .bind(until)
                .fetch_one(self.reader())
                .await
                .map_err(e)?;
                // The ledger, each gift once: its confirmations net of reversals (a pool's transfers
                // move money already counted).
                let (confirmed,): (i64,) = sqlx::query_as(
                    "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM ledger_entries \
                     WHERE mobilised_by = $1 AND year = $2 AND entry IN ('confirmation', 'reversal')",
                )
                .bind(member_id)
                .bind(i64::from(year))
                .fetch_one(self.reader())
                .await
                .map_err(e)?;
                let sql = $crate::ledger::handed_over("p.mobilised_by = $1", "dl.delivered_on >= $2 AND dl.delivered_on < $3");
                let (_, delivered, children): (i64, i64, i64) = sqlx::query_as(&sql)
                    .bind(member_id)
                    .bind(start)
                    .bind(end)
                    .fetch_one(self.reader())
                    .await
                    .map_err(e)?;
                Ok(domain::PartnerResults { donors, pledged, confirmed, delivered, children })
            }
        }

        /// Records what was done to an organisation's year in the audit trail, and commits.
        async fn partner_plan_audited(
            mut tx: sqlx::Transaction<'_, $db>,
            (member_id, year): (i64, i32),
            action: &str,
            after: serde_json::Value,
            actor_id: i64,
            at: time::OffsetDateTime,
        ) -> portal::store::StoreResult<()> {
            use $crate::backend_error as e;
            let entity = format!("{member_id}/{year}");
            audit_in(&mut tx, at, Some(actor_id), action, "partner_plan", &entity, None, Some(&after.to_string()))
                .await
                .map_err(e)?;
            tx.commit().await.map_err(e)
        }

        const PARTNER_PLAN_SELECT: &str = "SELECT member_id, CAST(target_donors AS BIGINT), CAST(target_amount AS BIGINT), \
             CAST(target_children AS BIGINT), activities, report, submitted_at, CAST(reported_donors AS BIGINT), \
             CAST(reported_pledged AS BIGINT), CAST(reported_confirmed AS BIGINT), CAST(reported_delivered AS BIGINT), CAST(reported_children AS BIGINT) \
             FROM partner_plans";

        type PartnerPlanRow = (
            i64,
            i64,
            i64,
            i64,
            String,
            Option<String>,
            Option<time::OffsetDateTime>,
            Option<i64>,
            Option<i64>,
            Option<i64>,
            Option<i64>,
            Option<i64>,
        );

        fn stored_partner_plan(row: PartnerPlanRow) -> portal::store::StoredPartnerPlan {
            let (member_id, donors, amount, children, activities, text, submitted_at, rd, rp, rc, rv, rn) = row;
            let report = text.zip(submitted_at).map(|(text, submitted_at)| domain::PartnerReport {
                text,
                submitted_at,
                results: domain::PartnerResults {
                    donors: rd.unwrap_or(0),
                    pledged: rp.unwrap_or(0),
                    confirmed: rc.unwrap_or(0),
                    delivered: rv.unwrap_or(0),
                    children: rn.unwrap_or(0),
                },
            });
            portal::store::StoredPartnerPlan {
                member_id,
                targets: domain::PartnerTargets { donors, amount, children, activities },
                report,
            }
        }
    };
}

pub(crate) use partner_plan_store;
