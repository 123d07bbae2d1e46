//! The pledge lifecycle (confirmed, paid in part, delivered, cancelled, lapsed, pooled money
//! forwarded, unpaid pledges gone stale): the SQL both backends share (see `portable.rs` for why
//! it is a macro).

macro_rules! lifecycle_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl portal::store::PledgeLifecycleStore for $store {
            async fn forward_pooled(&self, forward: &portal::store::PooledForward) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let step = &forward.step;
                let mut tx = self.begin_write().await.map_err(e)?;
                let member: Option<(i64, String)> = sqlx::query_as("SELECT id, kind FROM donors WHERE slug = $1")
                    .bind(&forward.member)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(e)?;
                let (member_id, member_kind) = member.ok_or(portal::store::StoreError::NotFound)?;
                let (held,): (i64,) = sqlx::query_as(
                    "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM ledger_entries WHERE held_by = $1",
                )
                .bind(member_id)
                .fetch_one(&mut *tx)
                .await
                .map_err(e)?;
                if forward.amount <= 0 || forward.amount > held {
                    return Err(portal::store::StoreError::Conflict);
                }
                let need: Option<(String, String, String)> =
                    sqlx::query_as("SELECT commune_code, category, status FROM needs WHERE id = $1")
                        .bind(forward.need_id)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(e)?;
                let (commune, category, status) = need.ok_or(portal::store::StoreError::NotFound)?;
                if status != "published" && status != "covered" {
                    return Err(portal::store::StoreError::Closed);
                }
                let (pledge_id,): (i64,) = sqlx::query_as(
                    "INSERT INTO pledges (reference, donor_id, need_id, kind, amount, value, display, language, status, \
                     over_need, created_at, confirmed_at, forwarded) \
                     VALUES ($1, $2, $3, 'money', $4, $4, 'named', 'vi', 'confirmed', FALSE, $5, $5, TRUE) RETURNING id",
                )
                .bind(&step.reference)
                .bind(member_id)
                .bind(forward.need_id)
                .bind(forward.amount)
                .bind(step.at)
                .fetch_one(&mut *tx)
                .await
                .map_err(e)?;
                sqlx::query(
                    "INSERT INTO pledge_events (pledge_id, at, actor_id, from_status, to_status, evidence_kind, evidence, note) \
                     VALUES ($1, $2, $3, 'pledged', 'confirmed', $4, $5, $6)",
                )
                .bind(pledge_id)
                .bind(step.at)
                .bind(step.actor_id)
                .bind(&step.evidence_kind)
                .bind(&step.evidence)
                .bind(&step.note)
                .execute(&mut *tx)
                .await
                .map_err(e)?;
                // Out of the pool (no commune or kind yet) and into the need: the pair sums to zero.
                for (entry, amount, commune, category, need, held_by) in [
                    ("transfer_out", -forward.amount, None, None, None, Some(member_id)),
                    ("transfer_in", forward.amount, Some(&commune), Some(&category), Some(forward.need_id), None),
                ] {
                    sqlx::query(
                        "INSERT INTO ledger_entries (pledge_id, entry, reverses_id, year, commune_code, category, source_type, \
                         donor_id, mobilised_by, campaign_id, need_id, amount, at, actor_id, held_by) \
                         VALUES ($1, $2, NULL, $3, $4, $5, $6, $7, NULL, NULL, $8, $9, $10, $11, $12)",
                    )
                    .bind(pledge_id)
                    .bind(entry)
                    .bind(i64::from(step.on.year()))
                    .bind(commune)
                    .bind(category)
                    .bind(&member_kind)
                    .bind(member_id)
                    .bind(need)
                    .bind(amount)
                    .bind(step.at)
                    .bind(step.actor_id)
                    .bind(held_by)
                    .execute(&mut *tx)
                    .await
                    .map_err(e)?;
                }
                let after = serde_json::json!({ "member": forward.member, "need": forward.need_id, "amount": forward.amount });
                audit_in(&mut tx, step.at, step.actor_id, "pledge.forward", "pledge", &step.reference, None, Some(&after.to_string()))
                    .await
                    .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }

            async fn pool_balances(&self) -> portal::store::StoreResult<Vec<portal::store::PoolBalance>> {
                let rows: Vec<(String, String, i64)> = sqlx::query_as(
                    "SELECT d.slug, d.name, CAST(SUM(l.amount) AS BIGINT) FROM ledger_entries l JOIN donors d ON d.id = l.held_by \
                     WHERE d.slug IS NOT NULL GROUP BY d.slug, d.name HAVING SUM(l.amount) > 0 ORDER BY 3 DESC, 2",
                )
                .fetch_all(self.reader())
                .await
                .map_err($crate::backend_error)?;
                Ok(rows.into_iter().map(|(slug, name, held)| portal::store::PoolBalance { slug, name, held }).collect())
            }

            async fn confirm_pledge(&self, step: &portal::store::PledgeStep) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                confirm_in(&mut tx, step).await?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }

            async fn record_delivery(
                &self,
                step: &portal::store::PledgeStep,
                delivery: &portal::store::DeliveryRecord,
            ) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                let (id, from) = step_in(&mut tx, step, &["confirmed"], "delivered").await?;
                sqlx::query("UPDATE pledges SET delivered_at = $1 WHERE id = $2")
                    .bind(step.at)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(e)?;
                sqlx::query(
                    "INSERT INTO deliveries (pledge_id, need_id, delivered_on, children, delivered_by, received_by, at, actor_id) \
                     SELECT id, need_id, $1, $2, $3, $4, $5, $6 FROM pledges WHERE id = $7",
                )
                .bind(delivery.delivered_on)
                .bind(delivery.children)
                .bind(&delivery.delivered_by)
                .bind(&delivery.received_by)
                .bind(step.at)
                .bind(step.actor_id)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(e)?;
                notice_in(&mut tx, id, "delivery_report", 0, step.at).await.map_err(e)?;
                audit_in(&mut tx, step.at, step.actor_id, "pledge.deliver", "pledge", &step.reference, Some(&status_json(&from)), Some(&status_json("delivered")))
                    .await
                    .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }

            async fn close_pledge(&self, step: &portal::store::PledgeStep, to: &str) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let from: &[&str] = match to {
                    "cancelled" => &["pledged", "partly_paid", "confirmed"],
                    "lapsed" => &["pledged", "partly_paid"],
                    _ => return Err(portal::store::StoreError::Rejected(format!("cannot close a pledge as {to:?}"))),
                };
                let mut tx = self.begin_write().await.map_err(e)?;
                // A gift to a common fund cannot be taken back once the fund has forwarded it.
                let pool: Option<(i64, i64)> = sqlx::query_as(
                    "SELECT CAST(COALESCE((SELECT SUM(l.amount) FROM ledger_entries l WHERE l.pledge_id = p.id), 0) AS BIGINT), \
                     CAST(COALESCE((SELECT SUM(l.amount) FROM ledger_entries l WHERE l.held_by = p.pool_id), 0) AS BIGINT) \
                     FROM pledges p WHERE p.reference = $1 AND p.pool_id IS NOT NULL",
                )
                .bind(&step.reference)
                .fetch_optional(&mut *tx)
                .await
                .map_err(e)?;
                if to == "cancelled" && pool.is_some_and(|(received, held)| received > held) {
                    return Err(portal::store::StoreError::Conflict);
                }
                let (id, was) = step_in(&mut tx, step, from, to).await?;
                // A confirmed amount is never edited: a reversing entry takes it back when the pledge
                // is cancelled. A lapsed pledge keeps what it did pay (instalments that arrived).
                if to == "cancelled" {
                sqlx::query(
                    "INSERT INTO ledger_entries (pledge_id, entry, reverses_id, year, commune_code, category, source_type, \
                     donor_id, mobilised_by, campaign_id, need_id, amount, at, actor_id, held_by) \
                     SELECT l.pledge_id, 'reversal', l.id, $1, l.commune_code, l.category, l.source_type, l.donor_id, \
                     l.mobilised_by, l.campaign_id, l.need_id, -l.amount, $2, $3, l.held_by FROM ledger_entries l \
                     WHERE l.pledge_id = $4 AND l.entry = 'confirmation' \
                     AND NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reverses_id = l.id)",
                )
                .bind(i64::from(step.on.year()))
                .bind(step.at)
                .bind(step.actor_id)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(e)?;
                }
                let action = format!("pledge.{}", if to == "cancelled" { "cancel" } else { "lapse" });
                audit_in(&mut tx, step.at, step.actor_id, &action, "pledge", &step.reference, Some(&status_json(&was)), Some(&status_json(to)))
                    .await
                    .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }

            async fn sweep_stale_pledges(
                &self,
                made_before: time::OffsetDateTime,
                at: time::OffsetDateTime,
            ) -> portal::store::StoreResult<u64> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                let stale: Vec<(Option<i64>,)> = sqlx::query_as(
                    "UPDATE pledges SET stale = TRUE WHERE status IN ('pledged', 'partly_paid') AND NOT stale \
                     AND created_at < $1 RETURNING need_id",
                )
                .bind(made_before)
                .fetch_all(&mut *tx)
                .await
                .map_err(e)?;
                // Only the needs those pledges covered: a need staff or the demo set otherwise stays.
                let mut needs: Vec<i64> = stale.into_iter().filter_map(|(need,)| need).collect();
                needs.sort_unstable();
                needs.dedup();
                let mut moved = 0;
                for need in needs {
                    moved += u64::from(settle_need_in(&mut tx, need, at, "").await.map_err(e)?);
                }
                tx.commit().await.map_err(e)?;
                Ok(moved)
            }

            async fn delivery(&self, reference: &str) -> portal::store::StoreResult<Option<portal::store::DeliveryRecord>> {
                let row: Option<(time::Date, i64, String, String)> = sqlx::query_as(
                    "SELECT d.delivered_on, d.children, d.delivered_by, d.received_by FROM deliveries d \
                     JOIN pledges p ON p.id = d.pledge_id WHERE p.reference = $1",
                )
                .bind(reference)
                .fetch_optional(self.reader())
                .await
                .map_err($crate::backend_error)?;
                Ok(row.map(|(delivered_on, children, delivered_by, received_by)| portal::store::DeliveryRecord {
                    delivered_on,
                    children,
                    delivered_by,
                    received_by,
                }))
            }
        }

        /// Pledged (or partly paid) → confirmed for whatever it still lacks: cash or goods received,
        /// or the last transfer of a pledge paid in part.
        async fn confirm_in(
            tx: &mut sqlx::Transaction<'_, $db>,
            step: &portal::store::PledgeStep,
        ) -> portal::store::StoreResult<()> {
            let (value, received) = pledge_balance(&mut *tx, &step.reference).await?;
            match pay_in(&mut *tx, step, value - received).await? {
                (_, true) => Ok(()),
                (_, false) => Err(portal::store::StoreError::Conflict),
            }
        }

        /// The pledge's value and what its ledger entries add up to; `NotFound` for no pledge.
        async fn pledge_balance(
            tx: &mut sqlx::Transaction<'_, $db>,
            reference: &str,
        ) -> portal::store::StoreResult<(i64, i64)> {
            use $crate::backend_error as e;
            let row: Option<(i64, i64)> = sqlx::query_as(
                "SELECT p.value, CAST(COALESCE((SELECT SUM(l.amount) FROM ledger_entries l WHERE l.pledge_id = p.id), 0) AS BIGINT) \
                 FROM pledges p WHERE p.reference = $1",
            )
            .bind(reference)
            .fetch_optional(&mut **tx)
            .await
            .map_err(e)?;
            row.ok_or(portal::store::StoreError::NotFound)
        }

        /// A payment received for an open pledge: its ledger entry (in the year it arrived), a
        /// receipt notice for it, and the pledge partly paid — or confirmed once the payments cover
        /// its value. Answers the pledge's id and whether it is now confirmed. More than it lacks
        /// is `Conflict`, refused before anything is written.
        async fn pay_in(
            tx: &mut sqlx::Transaction<'_, $db>,
            step: &portal::store::PledgeStep,
            amount: i64,
        ) -> portal::store::StoreResult<(i64, bool)> {
            use $crate::backend_error as e;
            let (value, received) = pledge_balance(&mut *tx, &step.reference).await?;
            if amount <= 0 || amount > value - received {
                return Err(portal::store::StoreError::Conflict);
            }
            let complete = amount == value - received;
            let to = if complete { "confirmed" } else { "partly_paid" };
            let (id, from) = step_in(&mut *tx, step, &["pledged", "partly_paid"], to).await?;
            if complete {
                sqlx::query("UPDATE pledges SET confirmed_at = $1 WHERE id = $2")
                    .bind(step.at)
                    .bind(id)
                    .execute(&mut **tx)
                    .await
                    .map_err(e)?;
            }
            // Where the gift goes and who gave it, fixed when it arrives: the records are sums over
            // these entries, never over the pledges as they are now.
            let (entry,): (i64,) = sqlx::query_as(
                "INSERT INTO ledger_entries (pledge_id, entry, reverses_id, year, commune_code, category, source_type, \
                 donor_id, mobilised_by, campaign_id, need_id, amount, at, actor_id, held_by) \
                 SELECT p.id, 'confirmation', NULL, $1, n.commune_code, n.category, d.kind, p.donor_id, p.mobilised_by, \
                 p.campaign_id, p.need_id, $2, $3, $4, p.pool_id \
                 FROM pledges p JOIN donors d ON d.id = p.donor_id LEFT JOIN needs n ON n.id = p.need_id WHERE p.id = $5 \
                 RETURNING id",
            )
            .bind(i64::from(step.on.year()))
            .bind(amount)
            .bind(step.at)
            .bind(step.actor_id)
            .bind(id)
            .fetch_one(&mut **tx)
            .await
            .map_err(e)?;
            // One receipt per payment: its sequence is the payment's place among the pledge's entries.
            let (sequence,): (i64,) = sqlx::query_as(
                "SELECT CAST(COUNT(*) AS BIGINT) FROM ledger_entries WHERE pledge_id = $1 AND entry = 'confirmation' AND id <= $2",
            )
            .bind(id)
            .bind(entry)
            .fetch_one(&mut **tx)
            .await
            .map_err(e)?;
            notice_in(&mut *tx, id, "receipt", sequence, step.at).await.map_err(e)?;
            let action = if complete { "pledge.confirm" } else { "pledge.part_payment" };
            let after = serde_json::json!({ "status": to, "received": received + amount }).to_string();
            audit_in(&mut *tx, step.at, step.actor_id, action, "pledge", &step.reference, Some(&status_json(&from)), Some(&after))
                .await
                .map_err(e)?;
            Ok((id, complete))
        }

        /// Puts a need's status in step with what covers it now: published → covered when it is
        /// covered in full, covered → published when that fell short again (a pledge cancelled,
        /// lapsed or unpaid for too long). Answers whether it moved; other statuses stay.
        async fn settle_need_in(
            tx: &mut sqlx::Transaction<'_, $db>,
            need_id: i64,
            at: time::OffsetDateTime,
            comment: &str,
        ) -> Result<bool, sqlx::Error> {
            let sql = format!("SELECT status, total, {} FROM needs WHERE id = $1", $crate::needs::COVERED_SUM);
            let need: Option<(String, i64, i64)> =
                sqlx::query_as(&sql)
                    .bind(need_id)
                    .fetch_optional(&mut **tx)
                    .await?;
            let (from, to) = match need {
                Some((status, total, covered)) if status == "published" && total > 0 && covered >= total => {
                    ("published", "covered")
                }
                Some((status, total, covered)) if status == "covered" && covered < total => ("covered", "published"),
                _ => return Ok(false),
            };
            sqlx::query("UPDATE needs SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4")
                .bind(to)
                .bind(at)
                .bind(need_id)
                .bind(from)
                .execute(&mut **tx)
                .await?;
            sqlx::query(
                "INSERT INTO need_transitions (need_id, at, actor_id, from_status, to_status, comment) \
                 VALUES ($1, $2, NULL, $3, $4, $5)",
            )
            .bind(need_id)
            .bind(at)
            .bind(from)
            .bind(to)
            .bind(comment)
            .execute(&mut **tx)
            .await?;
            Ok(true)
        }

        fn status_json(status: &str) -> String {
            serde_json::json!({ "status": status }).to_string()
        }

        /// Moves a pledge from one of `from` to `to` with the step's event; answers its id and the
        /// status it had. A pledge in another status is `Conflict`, an unknown one `NotFound`.
        async fn step_in(
            tx: &mut sqlx::Transaction<'_, $db>,
            step: &portal::store::PledgeStep,
            from: &[&str],
            to: &str,
        ) -> portal::store::StoreResult<(i64, String)> {
            use $crate::backend_error as e;
            let current: Option<(i64, String)> = sqlx::query_as("SELECT id, status FROM pledges WHERE reference = $1")
                .bind(&step.reference)
                .fetch_optional(&mut **tx)
                .await
                .map_err(e)?;
            let (id, status) = current.ok_or(portal::store::StoreError::NotFound)?;
            if !from.contains(&status.as_str()) {
                return Err(portal::store::StoreError::Conflict);
            }
            let moved = sqlx::query("UPDATE pledges SET status = $1 WHERE id = $2 AND status = $3")
                .bind(to)
                .bind(id)
                .bind(&status)
                .execute(&mut **tx)
                .await
                .map_err(e)?;
            if moved.rows_affected() != 1 {
                return Err(portal::store::StoreError::Conflict);
            }
            // Confirmed, cancelled or lapsed, the pledge covers its need differently now.
            let (need,): (Option<i64>,) = sqlx::query_as("SELECT need_id FROM pledges WHERE id = $1")
                .bind(id)
                .fetch_one(&mut **tx)
                .await
                .map_err(e)?;
            if let Some(need) = need {
                settle_need_in(&mut *tx, need, step.at, &step.reference).await.map_err(e)?;
            }
            sqlx::query(
                "INSERT INTO pledge_events (pledge_id, at, actor_id, from_status, to_status, evidence_kind, evidence, note) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(id)
            .bind(step.at)
            .bind(step.actor_id)
            .bind(&status)
            .bind(to)
            .bind(&step.evidence_kind)
            .bind(&step.evidence)
            .bind(&step.note)
            .execute(&mut **tx)
            .await
            .map_err(e)?;
            Ok((id, status))
        }
    };
}

pub(crate) use lifecycle_store;
