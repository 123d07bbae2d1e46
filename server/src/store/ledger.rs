//! The pledge lifecycle and the coordination ledger: the SQL both backends share.

use app::model::{Display, DonorKind, PledgeKind};
use app::store::{StaffPledgeRecord, StoreError};

pub(super) const STAFF_PLEDGE_COLUMNS: &str = "p.reference, p.status, p.kind, p.value, d.name AS donor_name, \
    d.kind AS donor_kind, d.email AS donor_email, d.phone AS donor_phone, d.tax_code AS donor_tax_code, p.display, \
    (SELECT c.title FROM campaigns c WHERE c.id = p.campaign_id) AS campaign_title, \
    (SELECT n.title FROM needs n WHERE n.id = p.need_id) AS need_title, \
    (SELECT m.name FROM donors m WHERE m.id = p.pool_id) AS pool_name, p.over_need, p.created_at";

pub(super) const STAFF_PLEDGE_FROM: &str = "FROM pledges p JOIN donors d ON d.id = p.donor_id";

#[derive(sqlx::FromRow)]
pub(super) struct StaffPledgeRow {
    reference: String,
    status: String,
    kind: String,
    value: i64,
    donor_name: String,
    donor_kind: String,
    donor_email: Option<String>,
    donor_phone: Option<String>,
    donor_tax_code: Option<String>,
    display: String,
    campaign_title: Option<String>,
    need_title: Option<String>,
    pool_name: Option<String>,
    over_need: bool,
    created_at: time::OffsetDateTime,
}

impl TryFrom<StaffPledgeRow> for StaffPledgeRecord {
    type Error = StoreError;

    fn try_from(r: StaffPledgeRow) -> Result<Self, StoreError> {
        let unknown = |what: &str, value: &str| StoreError::Rejected(format!("unknown {what} {value:?}"));
        Ok(StaffPledgeRecord {
            kind: PledgeKind::parse(&r.kind).ok_or_else(|| unknown("pledge kind", &r.kind))?,
            donor_kind: DonorKind::parse(&r.donor_kind).ok_or_else(|| unknown("donor kind", &r.donor_kind))?,
            display: Display::parse(&r.display).ok_or_else(|| unknown("display", &r.display))?,
            reference: r.reference,
            status: r.status,
            value: r.value,
            donor_name: r.donor_name,
            donor_email: r.donor_email,
            donor_phone: r.donor_phone,
            donor_tax_code: r.donor_tax_code,
            campaign_title: r.campaign_title,
            need_title: r.need_title,
            pool_name: r.pool_name,
            over_need: r.over_need,
            created_at: r.created_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct PublicLedgerRow {
    id: i64,
    entry: String,
    year: i64,
    reference: String,
    commune_code: Option<String>,
    category: Option<String>,
    source_type: String,
    donor: Option<String>,
    campaign: Option<String>,
    need_id: Option<i64>,
    amount: i64,
    at: time::OffsetDateTime,
}

impl From<PublicLedgerRow> for app::model::PublicLedgerEntry {
    fn from(r: PublicLedgerRow) -> Self {
        app::model::PublicLedgerEntry {
            id: r.id,
            entry: r.entry,
            year: r.year,
            reference: r.reference,
            commune_code: r.commune_code,
            category: r.category,
            source_type: r.source_type,
            donor: r.donor,
            campaign: r.campaign,
            need: r.need_id,
            amount: r.amount,
            at: r.at,
        }
    }
}

/// `%text%` for LIKE, with LIKE's own wildcards taken literally.
pub(super) fn contains_pattern(text: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

macro_rules! ledger_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl app::store::LedgerStore for $store {
            async fn staff_pledges(
                &self,
                q: &str,
                status: Option<&str>,
                limit: i64,
                offset: i64,
            ) -> app::store::StoreResult<(Vec<app::store::StaffPledgeRecord>, i64)> {
                use $crate::store::backend_error as e;
                use $crate::store::ledger::{STAFF_PLEDGE_COLUMNS, STAFF_PLEDGE_FROM, StaffPledgeRow, contains_pattern};
                let q = q.trim();
                let reference = contains_pattern(&q.to_uppercase());
                let folded = contains_pattern(&app::text::fold(q));
                let filter = "WHERE ($1 = '' OR p.reference LIKE $2 ESCAPE '\\' OR d.name_folded LIKE $3 ESCAPE '\\') \
                              AND ($4 IS NULL OR p.status = $4)";
                let sql = format!(
                    "SELECT {STAFF_PLEDGE_COLUMNS} {STAFF_PLEDGE_FROM} {filter} ORDER BY p.id DESC LIMIT $5 OFFSET $6"
                );
                let rows: Vec<StaffPledgeRow> = sqlx::query_as(&sql)
                    .bind(q)
                    .bind(&reference)
                    .bind(&folded)
                    .bind(status)
                    .bind(limit)
                    .bind(offset)
                    .fetch_all(self.reader())
                    .await
                    .map_err(e)?;
                let (total,): (i64,) =
                    sqlx::query_as(&format!("SELECT CAST(COUNT(*) AS BIGINT) {STAFF_PLEDGE_FROM} {filter}"))
                        .bind(q)
                        .bind(&reference)
                        .bind(&folded)
                        .bind(status)
                        .fetch_one(self.reader())
                        .await
                        .map_err(e)?;
                let pledges = rows.into_iter().map(TryInto::try_into).collect::<Result<_, _>>()?;
                Ok((pledges, total))
            }

            async fn staff_pledge(
                &self,
                reference: &str,
            ) -> app::store::StoreResult<Option<app::store::StaffPledgeRecord>> {
                use $crate::store::ledger::{STAFF_PLEDGE_COLUMNS, STAFF_PLEDGE_FROM, StaffPledgeRow};
                let sql = format!("SELECT {STAFF_PLEDGE_COLUMNS} {STAFF_PLEDGE_FROM} WHERE p.reference = $1");
                let row: Option<StaffPledgeRow> = sqlx::query_as(&sql)
                    .bind(reference)
                    .fetch_optional(self.reader())
                    .await
                    .map_err($crate::store::backend_error)?;
                row.map(TryInto::try_into).transpose()
            }

            async fn pledge_events(&self, reference: &str) -> app::store::StoreResult<Vec<app::store::PledgeEventRecord>> {
                let rows: Vec<(time::OffsetDateTime, Option<i64>, String, String, Option<String>, String, String)> =
                    sqlx::query_as(
                        "SELECT e.at, e.actor_id, e.from_status, e.to_status, e.evidence_kind, e.evidence, e.note \
                         FROM pledge_events e JOIN pledges p ON p.id = e.pledge_id WHERE p.reference = $1 ORDER BY e.id",
                    )
                    .bind(reference)
                    .fetch_all(self.reader())
                    .await
                    .map_err($crate::store::backend_error)?;
                Ok(rows
                    .into_iter()
                    .map(|(at, actor_id, from_status, to_status, evidence_kind, evidence, note)| {
                        app::store::PledgeEventRecord { at, actor_id, from_status, to_status, evidence_kind, evidence, note }
                    })
                    .collect())
            }

            async fn pledge_ledger(&self, reference: &str) -> app::store::StoreResult<Vec<app::store::LedgerEntryRecord>> {
                let rows: Vec<(i64, String, Option<i64>, i64, i64, time::OffsetDateTime)> = sqlx::query_as(
                    "SELECT l.id, l.entry, l.reverses_id, l.year, l.amount, l.at FROM ledger_entries l \
                     JOIN pledges p ON p.id = l.pledge_id WHERE p.reference = $1 ORDER BY l.id",
                )
                .bind(reference)
                .fetch_all(self.reader())
                .await
                .map_err($crate::store::backend_error)?;
                Ok(rows
                    .into_iter()
                    .map(|(id, entry, reverses_id, year, amount, at)| app::store::LedgerEntryRecord {
                        id,
                        entry,
                        reverses_id,
                        year,
                        amount,
                        at,
                    })
                    .collect())
            }

            async fn payment_plan(&self, reference: &str) -> app::store::StoreResult<app::store::PaymentPlan> {
                use $crate::store::backend_error as e;
                let (received,): (i64,) = sqlx::query_as(
                    "SELECT CAST(COALESCE(SUM(l.amount), 0) AS BIGINT) FROM ledger_entries l \
                     JOIN pledges p ON p.id = l.pledge_id WHERE p.reference = $1",
                )
                .bind(reference)
                .fetch_one(self.reader())
                .await
                .map_err(e)?;
                let rows: Vec<(i64, time::Date, i64)> = sqlx::query_as(
                    "SELECT i.number, i.due_on, i.amount FROM instalments i JOIN pledges p ON p.id = i.pledge_id \
                     WHERE p.reference = $1 ORDER BY i.number",
                )
                .bind(reference)
                .fetch_all(self.reader())
                .await
                .map_err(e)?;
                let instalments = rows
                    .into_iter()
                    .map(|(number, due_on, amount)| app::store::PlannedInstalment { number, due_on, amount })
                    .collect();
                Ok(app::store::PaymentPlan { received, instalments })
            }

            async fn pledge_flow(&self, year: i32) -> app::store::StoreResult<Vec<(String, String, i64, i64)>> {
                use $crate::store::backend_error as e;
                let start = time::Date::from_calendar_date(year, time::Month::January, 1)
                    .map_err(|err| app::store::StoreError::Rejected(err.to_string()))?;
                let end = start.replace_year(year + 1).map_err(|err| app::store::StoreError::Rejected(err.to_string()))?;
                let vietnam = time::macros::offset!(+7);
                let (from, until) = (
                    start.midnight().assume_offset(vietnam).to_offset(time::UtcOffset::UTC),
                    end.midnight().assume_offset(vietnam).to_offset(time::UtcOffset::UTC),
                );
                let mut flow = Vec::new();
                for (dimension, column) in [("category", "n.category"), ("commune", "n.commune_code"), ("source", "d.kind")] {
                    // A forwarding of pooled money was pledged once already, by the pool's donors.
                    let pledged: Vec<(String, i64)> = sqlx::query_as(&format!(
                        "SELECT COALESCE({column}, ''), CAST(SUM(p.value) AS BIGINT) FROM pledges p \
                         JOIN donors d ON d.id = p.donor_id LEFT JOIN needs n ON n.id = p.need_id \
                         WHERE p.status NOT IN ('cancelled', 'lapsed') AND NOT p.forwarded \
                         AND p.created_at >= $1 AND p.created_at < $2 GROUP BY COALESCE({column}, '')"
                    ))
                    .bind(from)
                    .bind(until)
                    .fetch_all(self.reader())
                    .await
                    .map_err(e)?;
                    let delivered: Vec<(String, i64)> = sqlx::query_as(&format!(
                        "SELECT COALESCE({column}, ''), CAST(SUM(p.value) AS BIGINT) FROM deliveries dl \
                         JOIN pledges p ON p.id = dl.pledge_id JOIN donors d ON d.id = p.donor_id \
                         LEFT JOIN needs n ON n.id = dl.need_id \
                         WHERE dl.delivered_on >= $1 AND dl.delivered_on < $2 GROUP BY COALESCE({column}, '')"
                    ))
                    .bind(start)
                    .bind(end)
                    .fetch_all(self.reader())
                    .await
                    .map_err(e)?;
                    let mut keys: Vec<&String> = pledged.iter().chain(&delivered).map(|(k, _)| k).collect();
                    keys.sort();
                    keys.dedup();
                    let amount = |list: &[(String, i64)], key: &str| {
                        list.iter().find(|(k, _)| k == key).map_or(0, |(_, v)| *v)
                    };
                    for key in keys {
                        flow.push((dimension.to_owned(), key.clone(), amount(&pledged, key), amount(&delivered, key)));
                    }
                }
                Ok(flow)
            }

            async fn forward_pooled(&self, forward: &app::store::PooledForward) -> app::store::StoreResult<()> {
                use $crate::store::backend_error as e;
                let step = &forward.step;
                let mut tx = self.begin_write().await.map_err(e)?;
                let member: Option<(i64, String)> = sqlx::query_as("SELECT id, kind FROM donors WHERE slug = $1")
                    .bind(&forward.member)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(e)?;
                let (member_id, member_kind) = member.ok_or(app::store::StoreError::NotFound)?;
                let (held,): (i64,) = sqlx::query_as(
                    "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM ledger_entries WHERE held_by = $1",
                )
                .bind(member_id)
                .fetch_one(&mut *tx)
                .await
                .map_err(e)?;
                if forward.amount <= 0 || forward.amount > held {
                    return Err(app::store::StoreError::Conflict);
                }
                let need: Option<(String, String, String)> =
                    sqlx::query_as("SELECT commune_code, category, status FROM needs WHERE id = $1")
                        .bind(forward.need_id)
                        .fetch_optional(&mut *tx)
                        .await
                        .map_err(e)?;
                let (commune, category, status) = need.ok_or(app::store::StoreError::NotFound)?;
                if status != "published" && status != "covered" {
                    return Err(app::store::StoreError::Closed);
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

            async fn pool_balances(&self) -> app::store::StoreResult<Vec<app::store::PoolBalance>> {
                let rows: Vec<(String, String, i64)> = sqlx::query_as(
                    "SELECT d.slug, d.name, CAST(SUM(l.amount) AS BIGINT) FROM ledger_entries l JOIN donors d ON d.id = l.held_by \
                     WHERE d.slug IS NOT NULL GROUP BY d.slug, d.name HAVING SUM(l.amount) > 0 ORDER BY 3 DESC, 2",
                )
                .fetch_all(self.reader())
                .await
                .map_err($crate::store::backend_error)?;
                Ok(rows.into_iter().map(|(slug, name, held)| app::store::PoolBalance { slug, name, held }).collect())
            }

            async fn confirm_pledge(&self, step: &app::store::PledgeStep) -> app::store::StoreResult<()> {
                use $crate::store::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                confirm_in(&mut tx, step).await?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }

            async fn record_delivery(
                &self,
                step: &app::store::PledgeStep,
                delivery: &app::store::DeliveryRecord,
            ) -> app::store::StoreResult<()> {
                use $crate::store::backend_error as e;
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

            async fn close_pledge(&self, step: &app::store::PledgeStep, to: &str) -> app::store::StoreResult<()> {
                use $crate::store::backend_error as e;
                let from: &[&str] = match to {
                    "cancelled" => &["pledged", "partly_paid", "confirmed"],
                    "lapsed" => &["pledged", "partly_paid"],
                    _ => return Err(app::store::StoreError::Rejected(format!("cannot close a pledge as {to:?}"))),
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
                    return Err(app::store::StoreError::Conflict);
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

            async fn ledger_breakdown(&self, year: i32) -> app::store::StoreResult<app::store::LedgerBreakdown> {
                use $crate::store::backend_error as e;
                let totals = self.ledger_totals(Some(year)).await?;
                let by = |column: &'static str| {
                    format!(
                        "SELECT COALESCE({column}, ''), CAST(SUM(amount) AS BIGINT) FROM ledger_entries WHERE year = $1 \
                         GROUP BY COALESCE({column}, '') HAVING SUM(amount) <> 0 ORDER BY 2 DESC, 1"
                    )
                };
                let mut lists = Vec::new();
                for column in ["category", "commune_code", "source_type"] {
                    let rows: Vec<(String, i64)> =
                        sqlx::query_as(&by(column)).bind(i64::from(year)).fetch_all(self.reader()).await.map_err(e)?;
                    lists.push(rows);
                }
                let start = time::Date::from_calendar_date(year, time::Month::January, 1)
                    .map_err(|err| app::store::StoreError::Rejected(err.to_string()))?
                    .midnight()
                    .assume_offset(time::macros::offset!(+7));
                let end = start.replace_year(year + 1).map_err(|err| app::store::StoreError::Rejected(err.to_string()))?;
                let (pledged,): (i64,) = sqlx::query_as(
                    "SELECT CAST(COALESCE(SUM(value), 0) AS BIGINT) FROM pledges \
                     WHERE status NOT IN ('cancelled', 'lapsed') AND NOT forwarded AND created_at >= $1 AND created_at < $2",
                )
                .bind(start.to_offset(time::UtcOffset::UTC))
                .bind(end.to_offset(time::UtcOffset::UTC))
                .fetch_one(self.reader())
                .await
                .map_err(e)?;
                let years: Vec<(i64,)> = sqlx::query_as("SELECT DISTINCT year FROM ledger_entries ORDER BY year DESC")
                    .fetch_all(self.reader())
                    .await
                    .map_err(e)?;
                let by_source = lists.pop().unwrap_or_default();
                let by_commune = lists.pop().unwrap_or_default();
                let by_category = lists.pop().unwrap_or_default();
                Ok(app::store::LedgerBreakdown {
                    year,
                    pledged,
                    totals,
                    by_category,
                    by_commune,
                    by_source,
                    years: years.into_iter().filter_map(|(y,)| i32::try_from(y).ok()).collect(),
                })
            }

            async fn public_ledger(
                &self,
                query: &app::model::LedgerQuery,
            ) -> app::store::StoreResult<(Vec<app::model::PublicLedgerEntry>, i64)> {
                use $crate::store::backend_error as e;
                use $crate::store::ledger::{PublicLedgerRow, contains_pattern};
                let q = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
                let reference = q.map(str::to_uppercase);
                let name = q.map(|q| contains_pattern(&app::text::fold(q)));
                let filter = "FROM ledger_entries l JOIN pledges p ON p.id = l.pledge_id JOIN donors d ON d.id = l.donor_id \
                    WHERE ($1 IS NULL OR p.reference = $1 OR (p.display = 'named' AND d.name_folded LIKE $2 ESCAPE '\\')) \
                    AND ($3 IS NULL OR l.year = $3) AND ($4 IS NULL OR l.commune_code = $4) AND ($5 IS NULL OR l.category = $5)";
                let sql = format!(
                    "SELECT l.id, l.entry, l.year, p.reference, l.commune_code, l.category, l.source_type, \
                     CASE WHEN p.display = 'named' THEN d.name END AS donor, \
                     (SELECT c.slug FROM campaigns c WHERE c.id = l.campaign_id) AS campaign, l.need_id, l.amount, l.at \
                     {filter} ORDER BY l.id DESC LIMIT $6 OFFSET $7"
                );
                let rows: Vec<PublicLedgerRow> = sqlx::query_as(&sql)
                    .bind(&reference)
                    .bind(&name)
                    .bind(query.year)
                    .bind(&query.commune)
                    .bind(&query.category)
                    .bind(query.limit)
                    .bind(query.offset)
                    .fetch_all(self.reader())
                    .await
                    .map_err(e)?;
                let (total,): (i64,) = sqlx::query_as(&format!("SELECT CAST(COUNT(*) AS BIGINT) {filter}"))
                    .bind(&reference)
                    .bind(&name)
                    .bind(query.year)
                    .bind(&query.commune)
                    .bind(&query.category)
                    .fetch_one(self.reader())
                    .await
                    .map_err(e)?;
                Ok((rows.into_iter().map(Into::into).collect(), total))
            }

            async fn yearly_report(&self, year: i32) -> app::store::StoreResult<app::store::YearlyReport> {
                use $crate::store::backend_error as e;
                let rows: Vec<(String, String, String, i64, i64)> = sqlx::query_as(
                    "SELECT commune, category, source_type, CAST(SUM(total) AS BIGINT), CAST(COUNT(*) AS BIGINT) FROM \
                     (SELECT COALESCE(commune_code, '') AS commune, COALESCE(category, '') AS category, source_type, \
                      donor_id, SUM(amount) AS total FROM ledger_entries WHERE year = $1 \
                      GROUP BY COALESCE(commune_code, ''), COALESCE(category, ''), source_type, donor_id \
                      HAVING SUM(amount) > 0) per_donor \
                     GROUP BY commune, category, source_type ORDER BY commune, category, source_type",
                )
                .bind(i64::from(year))
                .fetch_all(self.reader())
                .await
                .map_err(e)?;
                let start = time::Date::from_calendar_date(year, time::Month::January, 1)
                    .map_err(|err| app::store::StoreError::Rejected(err.to_string()))?;
                let end = time::Date::from_calendar_date(year, time::Month::December, 31)
                    .map_err(|err| app::store::StoreError::Rejected(err.to_string()))?;
                let children: Vec<(String, String, i64)> = sqlx::query_as(
                    "SELECT commune, category, CAST(SUM(children) AS BIGINT) FROM \
                     (SELECT n.commune_code AS commune, n.category AS category, MAX(d.children) AS children \
                      FROM deliveries d JOIN needs n ON n.id = d.need_id \
                      WHERE d.delivered_on >= $1 AND d.delivered_on <= $2 GROUP BY n.id, n.commune_code, n.category) per_need \
                     GROUP BY commune, category ORDER BY commune, category",
                )
                .bind(start)
                .bind(end)
                .fetch_all(self.reader())
                .await
                .map_err(e)?;
                let totals = self.ledger_totals(Some(year)).await?;
                Ok(app::store::YearlyReport { year, rows, children, totals })
            }

            async fn ledger_cells(&self, year: i32) -> app::store::StoreResult<Vec<(String, String, String, i64)>> {
                sqlx::query_as(
                    "SELECT COALESCE(commune_code, ''), COALESCE(category, ''), source_type, CAST(SUM(amount) AS BIGINT) \
                     FROM ledger_entries WHERE year = $1 GROUP BY COALESCE(commune_code, ''), COALESCE(category, ''), source_type \
                     HAVING SUM(amount) <> 0 ORDER BY 1, 2, 3",
                )
                .bind(i64::from(year))
                .fetch_all(self.reader())
                .await
                .map_err($crate::store::backend_error)
            }

            async fn find_contributions(
                &self,
                reference: Option<&str>,
                name: Option<&str>,
                limit: i64,
            ) -> app::store::StoreResult<Vec<app::store::PublicContribution>> {
                use $crate::store::ledger::contains_pattern;
                let name = name.map(|n| contains_pattern(&app::text::fold(n)));
                let rows: Vec<(String, Option<String>, String, i64, Option<String>, time::OffsetDateTime)> = sqlx::query_as(
                    "SELECT p.reference, CASE WHEN p.display = 'named' THEN d.name END, p.status, p.value, \
                     COALESCE((SELECT n.title FROM needs n WHERE n.id = p.need_id), \
                              (SELECT c.title FROM campaigns c WHERE c.id = p.campaign_id)), p.created_at \
                     FROM pledges p JOIN donors d ON d.id = p.donor_id \
                     WHERE ($1 IS NOT NULL AND p.reference = $1) \
                        OR ($2 IS NOT NULL AND p.display = 'named' AND d.name_folded LIKE $2 ESCAPE '\\') \
                     ORDER BY p.id DESC LIMIT $3",
                )
                .bind(reference.map(str::to_uppercase))
                .bind(name)
                .bind(limit)
                .fetch_all(self.reader())
                .await
                .map_err($crate::store::backend_error)?;
                Ok(rows
                    .into_iter()
                    .map(|(reference, donor, status, value, target, at)| app::store::PublicContribution {
                        reference,
                        donor,
                        status,
                        value,
                        target,
                        pledged_on: at.to_offset(time::macros::offset!(+7)).date(),
                    })
                    .collect())
            }

            async fn delivery(&self, reference: &str) -> app::store::StoreResult<Option<app::store::DeliveryRecord>> {
                let row: Option<(time::Date, i64, String, String)> = sqlx::query_as(
                    "SELECT d.delivered_on, d.children, d.delivered_by, d.received_by FROM deliveries d \
                     JOIN pledges p ON p.id = d.pledge_id WHERE p.reference = $1",
                )
                .bind(reference)
                .fetch_optional(self.reader())
                .await
                .map_err($crate::store::backend_error)?;
                Ok(row.map(|(delivered_on, children, delivered_by, received_by)| app::store::DeliveryRecord {
                    delivered_on,
                    children,
                    delivered_by,
                    received_by,
                }))
            }

            async fn ledger_totals(&self, year: Option<i32>) -> app::store::StoreResult<app::store::LedgerTotals> {
                use $crate::store::backend_error as e;
                let year = year.map(i64::from);
                let (start, end) = match year.and_then(|y| i32::try_from(y).ok()) {
                    Some(y) => (
                        time::Date::from_calendar_date(y, time::Month::January, 1).ok(),
                        time::Date::from_calendar_date(y, time::Month::December, 31).ok(),
                    ),
                    None => (None, None),
                };
                let (confirmed, donors): (i64, i64) = sqlx::query_as(
                    "SELECT CAST(COALESCE(SUM(total), 0) AS BIGINT), CAST(COUNT(*) AS BIGINT) FROM \
                     (SELECT donor_id, SUM(amount) AS total FROM ledger_entries WHERE ($1 IS NULL OR year = $1) \
                     GROUP BY donor_id HAVING SUM(amount) > 0) per_donor",
                )
                .bind(year)
                .fetch_one(self.reader())
                .await
                .map_err(e)?;
                // A need's children are counted once, however many pledges were handed over for it.
                let (delivered, children_reached): (i64, i64) = sqlx::query_as(
                    "SELECT CAST(COALESCE((SELECT SUM(p.value) FROM deliveries d JOIN pledges p ON p.id = d.pledge_id \
                       WHERE ($1 IS NULL OR d.delivered_on >= $1) AND ($2 IS NULL OR d.delivered_on <= $2)), 0) AS BIGINT), \
                     CAST(COALESCE((SELECT SUM(children) FROM ( \
                       SELECT MAX(d.children) AS children FROM deliveries d WHERE d.need_id IS NOT NULL \
                       AND ($1 IS NULL OR d.delivered_on >= $1) AND ($2 IS NULL OR d.delivered_on <= $2) GROUP BY d.need_id \
                       UNION ALL \
                       SELECT d.children FROM deliveries d WHERE d.need_id IS NULL \
                       AND ($1 IS NULL OR d.delivered_on >= $1) AND ($2 IS NULL OR d.delivered_on <= $2)) reached), 0) AS BIGINT)",
                )
                .bind(start)
                .bind(end)
                .fetch_one(self.reader())
                .await
                .map_err(e)?;
                Ok(app::store::LedgerTotals { confirmed, delivered, children_reached, donors })
            }
        }

        /// Pledged (or partly paid) → confirmed for whatever it still lacks: cash or goods received,
        /// or the last transfer of a pledge paid in part.
        async fn confirm_in(
            tx: &mut sqlx::Transaction<'_, $db>,
            step: &app::store::PledgeStep,
        ) -> app::store::StoreResult<()> {
            let (value, received) = pledge_balance(&mut *tx, &step.reference).await?;
            if pay_in(&mut *tx, step, value - received).await? {
                Ok(())
            } else {
                Err(app::store::StoreError::Conflict)
            }
        }

        /// The pledge's value and what its ledger entries add up to; `NotFound` for no pledge.
        async fn pledge_balance(
            tx: &mut sqlx::Transaction<'_, $db>,
            reference: &str,
        ) -> app::store::StoreResult<(i64, i64)> {
            use $crate::store::backend_error as e;
            let row: Option<(i64, i64)> = sqlx::query_as(
                "SELECT p.value, CAST(COALESCE((SELECT SUM(l.amount) FROM ledger_entries l WHERE l.pledge_id = p.id), 0) AS BIGINT) \
                 FROM pledges p WHERE p.reference = $1",
            )
            .bind(reference)
            .fetch_optional(&mut **tx)
            .await
            .map_err(e)?;
            row.ok_or(app::store::StoreError::NotFound)
        }

        /// A payment received for an open pledge: its ledger entry (in the year it arrived), a
        /// receipt notice for it, and the pledge partly paid — or confirmed once the payments cover
        /// its value. Answers whether it is now confirmed; more than it lacks is `Conflict`.
        async fn pay_in(
            tx: &mut sqlx::Transaction<'_, $db>,
            step: &app::store::PledgeStep,
            amount: i64,
        ) -> app::store::StoreResult<bool> {
            use $crate::store::backend_error as e;
            let (value, received) = pledge_balance(&mut *tx, &step.reference).await?;
            if amount <= 0 || amount > value - received {
                return Err(app::store::StoreError::Conflict);
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
            Ok(complete)
        }

        fn status_json(status: &str) -> String {
            serde_json::json!({ "status": status }).to_string()
        }

        /// Moves a pledge from one of `from` to `to` with the step's event; answers its id and the
        /// status it had. A pledge in another status is `Conflict`, an unknown one `NotFound`.
        async fn step_in(
            tx: &mut sqlx::Transaction<'_, $db>,
            step: &app::store::PledgeStep,
            from: &[&str],
            to: &str,
        ) -> app::store::StoreResult<(i64, String)> {
            use $crate::store::backend_error as e;
            let current: Option<(i64, String)> = sqlx::query_as("SELECT id, status FROM pledges WHERE reference = $1")
                .bind(&step.reference)
                .fetch_optional(&mut **tx)
                .await
                .map_err(e)?;
            let (id, status) = current.ok_or(app::store::StoreError::NotFound)?;
            if !from.contains(&status.as_str()) {
                return Err(app::store::StoreError::Conflict);
            }
            let moved = sqlx::query("UPDATE pledges SET status = $1 WHERE id = $2 AND status = $3")
                .bind(to)
                .bind(id)
                .bind(&status)
                .execute(&mut **tx)
                .await
                .map_err(e)?;
            if moved.rows_affected() != 1 {
                return Err(app::store::StoreError::Conflict);
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

pub(crate) use ledger_store;
