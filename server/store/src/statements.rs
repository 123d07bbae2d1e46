//! Bank statement import and matching: the SQL both backends share.

macro_rules! statement_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl portal::store::StatementStore for $store {
            async fn import_statement(
                &self,
                file_name: &str,
                lines: &[portal::store::StatementLine],
                actor_id: Option<i64>,
                on: time::Date,
                at: time::OffsetDateTime,
            ) -> portal::store::StoreResult<portal::store::ImportOutcome> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                let outcome = import_in(&mut tx, file_name, lines, actor_id, on, at).await?;
                tx.commit().await.map_err(e)?;
                Ok(outcome)
            }

            async fn start_statement_import(
                &self,
                file_name: &str,
                total_lines: i64,
                actor_id: Option<i64>,
                at: time::OffsetDateTime,
            ) -> portal::store::StoreResult<i64> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO statement_imports (file_name, total_lines, status, started_by, started_at) \
                     VALUES ($1, $2, 'running', $3, $4) RETURNING id",
                )
                .bind(file_name)
                .bind(total_lines)
                .bind(actor_id)
                .bind(at)
                .fetch_one(&mut *tx)
                .await
                .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(id)
            }

            async fn import_statement_chunk(
                &self,
                import_id: i64,
                lines: &[portal::store::StatementLine],
                actor_id: Option<i64>,
                on: time::Date,
                at: time::OffsetDateTime,
            ) -> portal::store::StoreResult<portal::store::ImportOutcome> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                let (file_name,): (String,) = sqlx::query_as("SELECT file_name FROM statement_imports WHERE id = $1")
                    .bind(import_id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(e)?
                    .ok_or(portal::store::StoreError::NotFound)?;
                let outcome = import_in(&mut tx, &file_name, lines, actor_id, on, at).await?;
                sqlx::query(
                    "UPDATE statement_imports SET processed = processed + $1, already_imported = already_imported + $2, \
                     confirmed = confirmed + $3, part_payments = part_payments + $4, to_review = to_review + $5 WHERE id = $6",
                )
                .bind(outcome.lines)
                .bind(outcome.already_imported)
                .bind(outcome.confirmed)
                .bind(outcome.part_payments)
                .bind(outcome.to_review)
                .bind(import_id)
                .execute(&mut *tx)
                .await
                .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(outcome)
            }

            async fn finish_statement_import(
                &self,
                import_id: i64,
                error: Option<&str>,
                at: time::OffsetDateTime,
            ) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                sqlx::query("UPDATE statement_imports SET status = $1, error = $2, finished_at = $3 WHERE id = $4")
                    .bind(if error.is_some() { "failed" } else { "done" })
                    .bind(error)
                    .bind(at)
                    .bind(import_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }

            async fn statement_import(
                &self,
                import_id: i64,
            ) -> portal::store::StoreResult<Option<domain::ImportProgress>> {
                let row: Option<(String, i64, i64, i64, i64, i64, i64, String, Option<String>)> = sqlx::query_as(
                    "SELECT file_name, total_lines, processed, already_imported, confirmed, part_payments, to_review, status, error \
                     FROM statement_imports WHERE id = $1",
                )
                .bind(import_id)
                .fetch_optional(self.reader())
                .await
                .map_err($crate::backend_error)?;
                Ok(row.map(|(file_name, total_lines, lines, already_imported, confirmed, part_payments, to_review, status, error)| {
                    domain::ImportProgress {
                        id: import_id,
                        file_name,
                        total_lines,
                        outcome: domain::ImportOutcome {
                            lines,
                            already_imported,
                            confirmed,
                            part_payments,
                            to_review,
                            ..Default::default()
                        },
                        status,
                        error,
                    }
                }))
            }


            async fn match_statement_line(
                &self,
                line_id: i64,
                step: &portal::store::PledgeStep,
            ) -> portal::store::StoreResult<bool> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                let line: Option<(i64, String, String, time::Date)> = sqlx::query_as(
                    "SELECT amount, status, bank_reference, booked_on FROM statement_lines WHERE id = $1",
                )
                .bind(line_id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(e)?;
                let (line_amount, status, bank_reference, booked_on) = line.ok_or(portal::store::StoreError::NotFound)?;
                if status != "review" {
                    return Err(portal::store::StoreError::Conflict);
                }
                let pledge: Option<(i64,)> = sqlx::query_as(
                    "SELECT id FROM pledges WHERE reference = $1 AND kind = 'money' AND status IN ('pledged', 'partly_paid')",
                )
                .bind(&step.reference)
                .fetch_optional(&mut *tx)
                .await
                .map_err(e)?;
                let (pledge_id,) = pledge.ok_or(portal::store::StoreError::NotFound)?;
                // Still waiting, or someone matched or set it aside meanwhile: then nothing is paid.
                let taken = sqlx::query(
                    "UPDATE statement_lines SET status = 'matched', pledge_id = $1 WHERE id = $2 AND status = 'review'",
                )
                .bind(pledge_id)
                .bind(line_id)
                .execute(&mut *tx)
                .await
                .map_err(e)?;
                if taken.rows_affected() == 0 {
                    return Err(portal::store::StoreError::Conflict);
                }
                let step = portal::store::PledgeStep {
                    evidence_kind: Some("bank_transaction".into()),
                    evidence: format!("{bank_reference} · {booked_on} · {line_amount}"),
                    ..step.clone()
                };
                // More than the pledge lacks is `Conflict`, and the whole match is rolled back.
                let (_, confirmed) = pay_in(&mut tx, &step, line_amount).await?;
                tx.commit().await.map_err(e)?;
                Ok(confirmed)
            }

            async fn set_statement_line_aside(
                &self,
                line_id: i64,
                reason: &str,
                actor_id: i64,
                at: time::OffsetDateTime,
            ) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                let done = sqlx::query(
                    "UPDATE statement_lines SET status = 'set_aside', set_aside_reason = $1, set_aside_by = $2, \
                     set_aside_at = $3 WHERE id = $4 AND status = 'review'",
                )
                .bind(reason)
                .bind(actor_id)
                .bind(at)
                .bind(line_id)
                .execute(&mut *tx)
                .await
                .map_err(e)?;
                if done.rows_affected() == 0 {
                    let exists: Option<(i64,)> = sqlx::query_as("SELECT id FROM statement_lines WHERE id = $1")
                        .bind(line_id)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(e)?;
                    return Err(if exists.is_some() {
                        portal::store::StoreError::Conflict
                    } else {
                        portal::store::StoreError::NotFound
                    });
                }
                let after = serde_json::json!({ "status": "set_aside", "reason": reason }).to_string();
                let id = line_id.to_string();
                audit_in(&mut tx, at, Some(actor_id), "statement_line.set_aside", "statement_line", &id, None, Some(&after))
                    .await
                    .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }

            async fn campaign_statement(
                &self,
                campaign_id: i64,
                account: &str,
                since: time::Date,
                limit: i64,
                offset: i64,
            ) -> portal::store::StoreResult<portal::store::StatementPage> {
                use $crate::backend_error as e;
                const FROM: &str = "FROM statement_lines s LEFT JOIN pledges p ON p.id = s.pledge_id \
                    LEFT JOIN donors d ON d.id = p.donor_id \
                    LEFT JOIN disbursements b ON b.line_id = s.id LEFT JOIN needs bn ON bn.id = b.need_id \
                    LEFT JOIN implementers bi ON bi.id = b.implementer_id \
                    WHERE s.status <> 'not_ours' AND s.booked_on >= $3 \
                    AND (s.account = $1 OR (s.account IS NULL AND p.campaign_id = $2))";
                type Row = (
                    time::Date,
                    Option<time::OffsetDateTime>,
                    bool,
                    i64,
                    String,
                    Option<String>,
                    Option<String>,
                    Option<String>,
                    Option<String>,
                );
                let rows: Vec<Row> =
                    sqlx::query_as(&format!(
                        "SELECT s.booked_on, s.occurred_at, s.money_in, s.amount, s.status, \
                         CASE WHEN p.display = 'named' THEN d.name END, bi.name, bi.commune_code, bn.title {FROM} \
                         ORDER BY s.booked_on DESC, s.id DESC LIMIT $4 OFFSET $5"
                    ))
                    .bind(account)
                    .bind(campaign_id)
                    .bind(since)
                    .bind(limit)
                    .bind(offset)
                    .fetch_all(self.reader())
                    .await
                    .map_err(e)?;
                let (count, total_in, total_out): (i64, Option<i64>, Option<i64>) = sqlx::query_as(&format!(
                    "SELECT CAST(COUNT(*) AS BIGINT), \
                     CAST(SUM(CASE WHEN s.money_in THEN s.amount ELSE 0 END) AS BIGINT), \
                     CAST(SUM(CASE WHEN s.money_in THEN 0 ELSE s.amount END) AS BIGINT) {FROM}"
                ))
                .bind(account)
                .bind(campaign_id)
                .bind(since)
                .fetch_one(self.reader())
                .await
                .map_err(e)?;
                let movements = rows
                    .into_iter()
                    .map(|(booked_on, occurred_at, money_in, amount, status, named_donor, name, commune, title)| {
                        let paid_to = match (name, commune, title) {
                            (Some(name), Some(commune), Some(title)) => Some((name, commune, title)),
                            _ => None,
                        };
                        portal::store::StatementMovement {
                            booked_on,
                            occurred_at,
                            money_in,
                            amount,
                            status,
                            named_donor,
                            paid_to,
                        }
                    })
                    .collect();
                Ok(portal::store::StatementPage {
                    movements,
                    count,
                    total_in: total_in.unwrap_or(0),
                    total_out: total_out.unwrap_or(0),
                })
            }

            async fn money_out_waiting(
                &self,
                limit: i64,
            ) -> portal::store::StoreResult<Vec<(i64, time::Date, i64, String, String)>> {
                lines_in_status(self, "unassigned", limit).await
            }

            async fn assign_money_out(&self, d: &portal::store::Disbursement) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                let need: Option<(Option<i64>,)> = sqlx::query_as("SELECT implementer_id FROM needs WHERE id = $1")
                    .bind(d.need_id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(e)?;
                let Some((Some(implementer_id),)) = need else { return Err(portal::store::StoreError::NotFound) };
                let line: Option<(i64,)> = sqlx::query_as(
                    "UPDATE statement_lines SET status = 'assigned' WHERE id = $1 AND status = 'unassigned' RETURNING amount",
                )
                .bind(d.line_id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(e)?;
                let Some((amount,)) = line else { return Err(portal::store::StoreError::Conflict) };
                sqlx::query(
                    "INSERT INTO disbursements (line_id, need_id, implementer_id, amount, period_start, period_end, \
                     evidence, actor_id, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(d.line_id)
                .bind(d.need_id)
                .bind(implementer_id)
                .bind(amount)
                .bind(d.period.0)
                .bind(d.period.1)
                .bind(&d.evidence)
                .bind(d.actor_id)
                .bind(d.at)
                .execute(&mut *tx)
                .await
                .map_err(e)?;
                let after = serde_json::json!({
                    "need": d.need_id, "implementer": implementer_id, "amount": amount,
                    "period": [d.period.0.to_string(), d.period.1.to_string()], "evidence": d.evidence,
                })
                .to_string();
                let id = d.line_id.to_string();
                audit_in(&mut tx, d.at, Some(d.actor_id), "statement_line.assign", "statement_line", &id, None, Some(&after))
                    .await
                    .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }

            async fn implementer_balances(&self) -> portal::store::StoreResult<Vec<portal::store::ImplementerBalance>> {
                let rows: Vec<(i64, String, String, Option<i64>, Option<i64>, Option<i64>)> = sqlx::query_as(
                    "SELECT i.id, i.name, i.commune_code, \
                     (SELECT CAST(SUM(l.amount) AS BIGINT) FROM ledger_entries l JOIN needs n ON n.id = l.need_id \
                      WHERE n.implementer_id = i.id), \
                     (SELECT CAST(SUM(b.amount) AS BIGINT) FROM disbursements b WHERE b.implementer_id = i.id), \
                     (SELECT CAST(SUM(p.value) AS BIGINT) FROM pledges p JOIN needs n ON n.id = p.need_id \
                      WHERE n.implementer_id = i.id AND p.status = 'delivered') \
                     FROM implementers i ORDER BY i.commune_code, i.name",
                )
                .fetch_all(self.reader())
                .await
                .map_err($crate::backend_error)?;
                Ok(rows
                    .into_iter()
                    .map(|(id, name, commune_code, confirmed, transferred, handed_over)| portal::store::ImplementerBalance {
                        id,
                        name,
                        commune_code,
                        confirmed: confirmed.unwrap_or(0),
                        transferred: transferred.unwrap_or(0),
                        handed_over: handed_over.unwrap_or(0),
                    })
                    .collect())
            }

            async fn need_money(&self, need_id: i64) -> portal::store::StoreResult<(i64, i64, i64)> {
                let (received, transferred, handed_over): (Option<i64>, Option<i64>, Option<i64>) = sqlx::query_as(
                    "SELECT (SELECT CAST(SUM(amount) AS BIGINT) FROM ledger_entries WHERE need_id = $1), \
                     (SELECT CAST(SUM(amount) AS BIGINT) FROM disbursements WHERE need_id = $1), \
                     (SELECT CAST(SUM(value) AS BIGINT) FROM pledges WHERE need_id = $1 AND status = 'delivered')",
                )
                .bind(need_id)
                .fetch_one(self.reader())
                .await
                .map_err($crate::backend_error)?;
                Ok((received.unwrap_or(0), transferred.unwrap_or(0), handed_over.unwrap_or(0)))
            }

            async fn count_lines(&self, status: &str) -> portal::store::StoreResult<i64> {
                let (count,): (i64,) =
                    sqlx::query_as("SELECT CAST(COUNT(*) AS BIGINT) FROM statement_lines WHERE status = $1")
                        .bind(status)
                        .fetch_one(self.reader())
                        .await
                        .map_err($crate::backend_error)?;
                Ok(count)
            }

            async fn statement_review(
                &self,
                limit: i64,
            ) -> portal::store::StoreResult<Vec<(i64, time::Date, i64, String, String)>> {
                lines_in_status(self, "review", limit).await
            }
        }

        /// The first `limit` lines in one status, oldest first: (id, booked on, amount, memo, reference).
        async fn lines_in_status(
            store: &$store,
            status: &str,
            limit: i64,
        ) -> portal::store::StoreResult<Vec<(i64, time::Date, i64, String, String)>> {
            sqlx::query_as(
                "SELECT id, booked_on, amount, description, bank_reference FROM statement_lines \
                 WHERE status = $1 ORDER BY id LIMIT $2",
            )
            .bind(status)
            .bind(limit)
            .fetch_all(store.reader())
            .await
            .map_err($crate::backend_error)
        }

        /// Records the lines not seen before and matches them (see `StatementStore::import_statement`).
        async fn import_in(
            tx: &mut sqlx::Transaction<'_, $db>,
            file_name: &str,
            lines: &[portal::store::StatementLine],
            actor_id: Option<i64>,
            on: time::Date,
            at: time::OffsetDateTime,
        ) -> portal::store::StoreResult<portal::store::ImportOutcome> {
            use $crate::backend_error as e;
            let mut outcome = portal::store::ImportOutcome::default();
            for line in lines {
                outcome.lines += 1;
                // One bank transaction counts once however it arrives: a feed's retry (its own id),
                // or the same bank reference on the same account (or where either source did not
                // name the account) from another notification or a statement.
                let seen: Option<(i64,)> = if let Some(feed_id) = &line.feed_id {
                    sqlx::query_as("SELECT id FROM statement_lines WHERE feed_id = $1")
                        .bind(feed_id)
                        .fetch_optional(&mut **tx)
                        .await
                        .map_err(e)?
                } else {
                    None
                };
                let seen = match seen {
                    Some(found) => Some(found),
                    None if !line.bank_reference.trim().is_empty() => sqlx::query_as(
                        "SELECT id FROM statement_lines WHERE bank_reference = $1 \
                         AND (account IS NULL OR CAST($2 AS TEXT) IS NULL OR account = $2) LIMIT 1",
                    )
                    .bind(line.bank_reference.trim())
                    .bind(line.account.as_deref())
                    .fetch_optional(&mut **tx)
                    .await
                    .map_err(e)?,
                    None => None,
                };
                if seen.is_some() {
                    outcome.already_imported += 1;
                    continue;
                }
                // Money out waits to be assigned to what it paid for; money to another account is
                // recorded and counts nowhere; money in to the programme's accounts is matched.
                let status = match (line.money_in, line.ours) {
                    (false, _) => "unassigned",
                    (true, false) => "not_ours",
                    (true, true) => "review",
                };
                let inserted: Option<(i64,)> = sqlx::query_as(
                    "INSERT INTO statement_lines (identity, file_name, line_no, booked_on, amount, description, \
                     bank_reference, status, created_at, money_in, account, feed_id, occurred_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
                     ON CONFLICT (identity) DO NOTHING RETURNING id",
                )
                .bind(&line.identity)
                .bind(file_name)
                .bind(line.line)
                .bind(line.booked_on)
                .bind(line.amount)
                .bind(&line.description)
                .bind(line.bank_reference.trim())
                .bind(status)
                .bind(at)
                .bind(line.money_in)
                .bind(line.account.as_deref())
                .bind(line.feed_id.as_deref())
                .bind(line.occurred_at)
                .fetch_optional(&mut **tx)
                .await
                .map_err(e)?;
                let Some((line_id,)) = inserted else {
                    outcome.already_imported += 1;
                    continue;
                };
                if status == "not_ours" {
                    outcome.not_ours += 1;
                    continue;
                }
                if status == "unassigned" {
                    outcome.money_out += 1;
                    continue;
                }
                // Only a line that names exactly one open money pledge is matched by itself.
                let mut open = Vec::new();
                for reference in &line.candidates {
                    let pledge: Option<(String,)> = sqlx::query_as(
                        "SELECT reference FROM pledges WHERE reference = $1 AND kind = 'money' \
                         AND status IN ('pledged', 'partly_paid')",
                    )
                    .bind(reference)
                    .fetch_optional(&mut **tx)
                    .await
                    .map_err(e)?;
                    open.extend(pledge.map(|(r,)| r));
                }
                // A transfer naming a campaign and no pledge becomes its anonymous pledge here, in
                // the line's transaction: imported once, it is recorded once.
                if open.is_empty()
                    && let Some(walk_in) = &line.walk_in
                {
                    match record_pledge_in(tx, walk_in).await {
                        Ok(_) => open.push(walk_in.reference.clone()),
                        // Outside the campaign's window, or unpublished: a person decides.
                        Err(portal::store::StoreError::Closed | portal::store::StoreError::NotFound) => {}
                        Err(err) => return Err(err),
                    }
                }
                let [reference] = open.as_slice() else {
                    outcome.to_review += 1;
                    continue;
                };
                let step = portal::store::PledgeStep {
                    reference: reference.clone(),
                    actor_id,
                    at,
                    on,
                    evidence_kind: Some("bank_transaction".into()),
                    evidence: format!("{} · {} · {}", line.bank_reference, line.booked_on, line.amount),
                    note: String::new(),
                };
                let (pledge_id, complete) = match pay_in(&mut *tx, &step, line.amount).await {
                    Ok(paid) => paid,
                    // More than the pledge still lacks: a person decides.
                    Err(portal::store::StoreError::Conflict) => {
                        outcome.to_review += 1;
                        continue;
                    }
                    Err(err) => return Err(err),
                };
                sqlx::query("UPDATE statement_lines SET status = 'matched', pledge_id = $1 WHERE id = $2")
                    .bind(pledge_id)
                    .bind(line_id)
                    .execute(&mut **tx)
                    .await
                    .map_err(e)?;
                if complete {
                    outcome.confirmed += 1;
                } else {
                    outcome.part_payments += 1;
                }
            }
            Ok(outcome)
        }
    };
}

pub(crate) use statement_store;
