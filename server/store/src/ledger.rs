//! The pledge lifecycle and the coordination ledger: the SQL both backends share.

use domain::{Display, DonorKind, PledgeKind};
use portal::store::{StaffPledgeRecord, StoreError};

pub(super) const STAFF_PLEDGE_COLUMNS: &str = "p.reference, p.status, p.kind, p.value, d.id AS donor_id, d.name AS donor_name, \
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
    donor_id: i64,
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
            donor_id: r.donor_id,
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

impl From<PublicLedgerRow> for domain::PublicLedgerEntry {
    fn from(r: PublicLedgerRow) -> Self {
        domain::PublicLedgerEntry {
            id: r.id,
            entry: r.entry,
            year: r.year,
            // A reference is the donor's own key to their pledge: public only with their name.
            reference: r.donor.is_some().then_some(r.reference),
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

/// The words of a name search, folded and split where the full-text indexes split (at anything
/// but a letter or a digit), each once; at most eight, so a query stays small.
pub(super) fn name_words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in domain::text::fold(text).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if words.len() < 8 && !words.iter().any(|w| w == word) {
            words.push(word.to_owned());
        }
    }
    words
}

/// Above this many lines (entries of the named pledges of the donors found) a name search is broad,
/// as "Nguyễn Văn" is (and "Nguyễn Vân", folded alike): its latest lines are then found walking back
/// from the newest, sooner than by gathering every line of every such donor. Below it, the other
/// way round.
pub(super) const BROAD_NAME_SEARCH: i64 = 2_000;

/// How many lines of named pledges the donors matching `$n` have, from their running counts.
pub(super) fn named_lines_sql(matching: &str, year_filter: &str) -> String {
    format!(
        "SELECT COALESCE(SUM(s.named_entries), 0) FROM ({matching}) m CROSS JOIN ledger_year_donors s \
         WHERE s.donor_id = m.id{year_filter}"
    )
}

/// Whether the donors matching `$1` have more than `BROAD_NAME_SEARCH` lines, reading at most that
/// many of their rows of running counts (so that telling costs little however broad the search).
pub(super) fn broad_search_sql(matching: &str) -> String {
    format!(
        "SELECT CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM \
         (SELECT s.named_entries AS n FROM ({matching}) m CROSS JOIN ledger_year_donors s WHERE s.donor_id = m.id \
         LIMIT {}) c",
        BROAD_NAME_SEARCH + 1
    )
}

/// A parameter of SQL written for the request at hand, bound in placeholder order.
pub(super) enum Param {
    Text(String),
    Int(i64),
}

pub(super) fn bind_params<'q, DB, O>(
    mut query: sqlx::query::QueryAs<'q, DB, O, <DB as sqlx::Database>::Arguments<'q>>,
    params: &'q [Param],
) -> sqlx::query::QueryAs<'q, DB, O, <DB as sqlx::Database>::Arguments<'q>>
where
    DB: sqlx::Database,
    &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    for param in params {
        query = match param {
            Param::Text(text) => query.bind(text.as_str()),
            Param::Int(value) => query.bind(*value),
        };
    }
    query
}

/// How a backend finds the donors whose folded name has, for every searched word, a word that
/// starts with it: FTS5 on SQLite, the built-in full-text index on PostgreSQL (migration 0012).
pub(super) trait DonorNameSearch {
    /// A query answering the `id` of those donors, the search being parameter `$n`.
    fn donors_matching(n: usize) -> String;
    /// The search parameter for `words` (alphanumeric, at least one).
    fn name_search(words: &[String]) -> String;
    /// A statement that rewrites the word index without the words of erased names, when the index
    /// keeps them after their row changed (FTS5 segments do until merged).
    fn purge_erased_words() -> Option<&'static str>;
}

/// Rolls a year's (commune, category, source) cells up into one of them: no zero sums, the
/// largest first.
pub(super) fn roll_up<'a>(cells: impl Iterator<Item = (&'a str, i64)>) -> Vec<(String, i64)> {
    let mut sums = std::collections::BTreeMap::<&str, i64>::new();
    for (key, amount) in cells {
        *sums.entry(key).or_default() += amount;
    }
    let mut out: Vec<(String, i64)> =
        sums.into_iter().filter(|(_, sum)| *sum != 0).map(|(key, sum)| (key.to_owned(), sum)).collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out
}

macro_rules! ledger_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl portal::store::PledgeStore for $store {
            async fn record_pledge(
                &self,
                p: &portal::store::NewPledge,
            ) -> portal::store::StoreResult<portal::store::PledgeReceipt> {
                // Each backend commits it its own way: PostgreSQL at once, SQLite in a group commit.
                self.commit_pledge(p).await
            }

            async fn pledge(&self, reference: &str) -> portal::store::StoreResult<Option<portal::store::PledgeRecord>> {
                use $crate::portable::PledgeRow;
                let row: Option<PledgeRow> = sqlx::query_as(
                    "SELECT reference, campaign_id, need_id, kind, amount, item, quantity, unit, description, \
                     estimated_value, value, status, over_need, created_at FROM pledges WHERE reference = $1",
                )
                .bind(reference)
                .fetch_optional(self.reader())
                .await
                .map_err($crate::backend_error)?;
                row.map(TryInto::try_into).transpose()
            }

            async fn staff_pledges(
                &self,
                q: &str,
                status: Option<&str>,
                limit: i64,
                offset: i64,
            ) -> portal::store::StoreResult<(Vec<portal::store::StaffPledgeRecord>, i64)> {
                use $crate::backend_error as e;
                use $crate::ledger::{STAFF_PLEDGE_COLUMNS, STAFF_PLEDGE_FROM, StaffPledgeRow, contains_pattern};
                let q = q.trim();
                let reference = contains_pattern(&q.to_uppercase());
                let folded = contains_pattern(&domain::text::fold(q));
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
            ) -> portal::store::StoreResult<Option<portal::store::StaffPledgeRecord>> {
                use $crate::ledger::{STAFF_PLEDGE_COLUMNS, STAFF_PLEDGE_FROM, StaffPledgeRow};
                let sql = format!("SELECT {STAFF_PLEDGE_COLUMNS} {STAFF_PLEDGE_FROM} WHERE p.reference = $1");
                let row: Option<StaffPledgeRow> = sqlx::query_as(&sql)
                    .bind(reference)
                    .fetch_optional(self.reader())
                    .await
                    .map_err($crate::backend_error)?;
                row.map(TryInto::try_into).transpose()
            }

            async fn pledge_events(&self, reference: &str) -> portal::store::StoreResult<Vec<portal::store::PledgeEventRecord>> {
                let rows: Vec<(time::OffsetDateTime, Option<i64>, String, String, Option<String>, String, String)> =
                    sqlx::query_as(
                        "SELECT e.at, e.actor_id, e.from_status, e.to_status, e.evidence_kind, e.evidence, e.note \
                         FROM pledge_events e JOIN pledges p ON p.id = e.pledge_id WHERE p.reference = $1 ORDER BY e.id",
                    )
                    .bind(reference)
                    .fetch_all(self.reader())
                    .await
                    .map_err($crate::backend_error)?;
                Ok(rows
                    .into_iter()
                    .map(|(at, actor_id, from_status, to_status, evidence_kind, evidence, note)| {
                        portal::store::PledgeEventRecord { at, actor_id, from_status, to_status, evidence_kind, evidence, note }
                    })
                    .collect())
            }

            async fn pledge_ledger(&self, reference: &str) -> portal::store::StoreResult<Vec<portal::store::LedgerEntryRecord>> {
                let rows: Vec<(i64, String, Option<i64>, i64, i64, time::OffsetDateTime)> = sqlx::query_as(
                    "SELECT l.id, l.entry, l.reverses_id, l.year, l.amount, l.at FROM ledger_entries l \
                     JOIN pledges p ON p.id = l.pledge_id WHERE p.reference = $1 ORDER BY l.id",
                )
                .bind(reference)
                .fetch_all(self.reader())
                .await
                .map_err($crate::backend_error)?;
                Ok(rows
                    .into_iter()
                    .map(|(id, entry, reverses_id, year, amount, at)| portal::store::LedgerEntryRecord {
                        id,
                        entry,
                        reverses_id,
                        year,
                        amount,
                        at,
                    })
                    .collect())
            }

            async fn payment_plan(&self, reference: &str) -> portal::store::StoreResult<portal::store::PaymentPlan> {
                use $crate::backend_error as e;
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
                    .map(|(number, due_on, amount)| portal::store::PlannedInstalment { number, due_on, amount })
                    .collect();
                Ok(portal::store::PaymentPlan { received, instalments })
            }
        }

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

        #[async_trait::async_trait]
        impl portal::store::LedgerStore for $store {
            async fn pledge_flow(&self, year: i32) -> portal::store::StoreResult<Vec<(String, String, i64, i64)>> {
                use $crate::backend_error as e;
                let start = time::Date::from_calendar_date(year, time::Month::January, 1)
                    .map_err(|err| portal::store::StoreError::Rejected(err.to_string()))?;
                let end = start.replace_year(year + 1).map_err(|err| portal::store::StoreError::Rejected(err.to_string()))?;
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

            async fn ledger_breakdown(&self, year: i32) -> portal::store::StoreResult<portal::store::LedgerBreakdown> {
                use $crate::backend_error as e;
                use $crate::ledger::roll_up;
                let start = time::Date::from_calendar_date(year, time::Month::January, 1)
                    .map_err(|err| portal::store::StoreError::Rejected(err.to_string()))?
                    .midnight()
                    .assume_offset(time::macros::offset!(+7));
                let end = start.replace_year(year + 1).map_err(|err| portal::store::StoreError::Rejected(err.to_string()))?;
                // The year's running sums by (commune, category, source), rolled up here by each.
                let cells = async {
                    sqlx::query_as::<_, (String, String, String, i64)>(
                        "SELECT commune_code, category, source_type, amount FROM ledger_year_cells WHERE year = $1",
                    )
                    .bind(i64::from(year))
                    .fetch_all(self.reader())
                    .await
                    .map_err(e)
                };
                let pledged = async {
                    sqlx::query_as::<_, (i64,)>(
                        "SELECT CAST(COALESCE(SUM(value), 0) AS BIGINT) FROM pledges \
                         WHERE status NOT IN ('cancelled', 'lapsed') AND NOT forwarded AND created_at >= $1 AND created_at < $2",
                    )
                    .bind(start.to_offset(time::UtcOffset::UTC))
                    .bind(end.to_offset(time::UtcOffset::UTC))
                    .fetch_one(self.reader())
                    .await
                    .map_err(e)
                };
                // The distinct years, one index probe each (a loose index scan), not a full scan.
                let years = async {
                    sqlx::query_as::<_, (i64,)>(
                        "WITH RECURSIVE y (year) AS ( \
                           SELECT MAX(year) FROM ledger_entries \
                           UNION ALL \
                           SELECT (SELECT l.year FROM ledger_entries l WHERE l.year < y.year ORDER BY l.year DESC LIMIT 1) \
                           FROM y WHERE y.year IS NOT NULL) \
                         SELECT year FROM y WHERE year IS NOT NULL",
                    )
                    .fetch_all(self.reader())
                    .await
                    .map_err(e)
                };
                // Independent reads, each on its own pooled connection, so they share the cores.
                let (totals, cells, (pledged,), years) =
                    tokio::try_join!(self.ledger_totals(Some(year)), cells, pledged, years)?;
                Ok(portal::store::LedgerBreakdown {
                    year,
                    pledged,
                    totals,
                    by_category: roll_up(cells.iter().map(|c| (c.1.as_str(), c.3))),
                    by_commune: roll_up(cells.iter().map(|c| (c.0.as_str(), c.3))),
                    by_source: roll_up(cells.iter().map(|c| (c.2.as_str(), c.3))),
                    years: years.into_iter().filter_map(|(y,)| i32::try_from(y).ok()).collect(),
                })
            }

            async fn public_ledger(
                &self,
                query: &domain::LedgerQuery,
            ) -> portal::store::StoreResult<(Vec<domain::PublicLedgerEntry>, i64)> {
                use $crate::backend_error as e;
                use $crate::ledger::{
                    BROAD_NAME_SEARCH, DonorNameSearch, Param, PublicLedgerRow, bind_params, broad_search_sql,
                    named_lines_sql,
                };
                const COLUMNS: &str = "l.id, l.entry, l.year, p.reference, l.commune_code, l.category, l.source_type, \
                    CASE WHEN p.display = 'named' THEN d.name END AS donor, \
                    (SELECT c.slug FROM campaigns c WHERE c.id = l.campaign_id) AS campaign, l.need_id, l.amount, l.at";
                let q = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
                let words = q.map($crate::ledger::name_words).unwrap_or_default();
                // Placeholders in binding order: the reference, the name search, the year, the commune
                // and the kind of support (each when given), then the page.
                let mut params = Vec::new();
                let reference = q.map(|q| {
                    params.push(Param::Text(q.to_uppercase()));
                    params.len()
                });
                let search = (!words.is_empty()).then(|| <Self as DonorNameSearch>::name_search(&words));
                let matching = search.as_ref().map(|search| {
                    params.push(Param::Text(search.clone()));
                    <Self as DonorNameSearch>::donors_matching(params.len())
                });
                let year = query.year.map(|year| {
                    params.push(Param::Int(year));
                    params.len()
                });
                let mut filters: Vec<String> = year.map(|n| format!("l.year = ${n}")).into_iter().collect();
                for (column, value) in [("l.commune_code", &query.commune), ("l.category", &query.category)] {
                    if let Some(value) = value {
                        params.push(Param::Text(value.clone()));
                        filters.push(format!("{column} = ${}", params.len()));
                    }
                }
                let narrowed = query.commune.is_some() || query.category.is_some();
                let and_filters: String = filters.iter().map(|f| format!(" AND {f}")).collect();
                let where_filters =
                    if filters.is_empty() { String::new() } else { format!(" WHERE {}", filters.join(" AND ")) };
                let limit_offset = format!("LIMIT ${} OFFSET ${}", params.len() + 1, params.len() + 2);
                let page = format!("ORDER BY l.id DESC {limit_offset}");

                // Whether the search is broad, told from a bounded count (the rows depend on it).
                let broad = async {
                    match &search {
                        Some(search) => {
                            let sql = broad_search_sql(&<Self as DonorNameSearch>::donors_matching(1));
                            let (rows, lines): (i64, i64) =
                                sqlx::query_as(&sql).bind(search).fetch_one(self.reader()).await?;
                            Ok::<_, sqlx::Error>(rows > BROAD_NAME_SEARCH || lines > BROAD_NAME_SEARCH)
                        }
                        None => Ok(false),
                    }
                };
                // A search reaches the reference's lines and those of the named pledges of the donors
                // found (through pledges_by_donor and ledger_by_pledge, a pledge's donor being its
                // lines'), never the whole ledger.
                let hits = reference.map(|reference| {
                    let mut hits = format!(
                        "SELECT l.id FROM pledges p CROSS JOIN ledger_entries l WHERE p.reference = ${reference} \
                         AND l.pledge_id = p.id"
                    );
                    if let Some(matching) = &matching {
                        hits.push_str(&format!(
                            " UNION SELECT l.id FROM ({matching}) m CROSS JOIN pledges p CROSS JOIN ledger_entries l \
                             WHERE p.donor_id = m.id AND p.display = 'named' AND l.pledge_id = p.id"
                        ));
                    }
                    hits
                });
                let rows_sql = |broad: bool| match (reference, &matching, &hits) {
                    // Broad: walking back from the latest line meets theirs soon enough (`+` keeps
                    // SQLite from starting at the donors).
                    (Some(reference), Some(matching), _) if broad => format!(
                        "SELECT {COLUMNS} FROM ledger_entries l CROSS JOIN pledges p CROSS JOIN donors d \
                         WHERE p.id = l.pledge_id AND d.id = l.donor_id AND (p.reference = ${reference} \
                         OR (p.display = 'named' AND +p.donor_id IN ({matching}))){and_filters} {page}"
                    ),
                    // The page is cut from the lines' ids before anything else of them is read.
                    (_, _, Some(hits)) => {
                        let page_ids = if filters.is_empty() {
                            format!("SELECT hit.id FROM ({hits}) hit ORDER BY hit.id DESC {limit_offset}")
                        } else {
                            format!(
                                "SELECT l.id FROM ({hits}) hit CROSS JOIN ledger_entries l \
                                 WHERE l.id = hit.id{and_filters} {page}"
                            )
                        };
                        format!(
                            "SELECT {COLUMNS} FROM ({page_ids}) page CROSS JOIN ledger_entries l CROSS JOIN pledges p \
                             CROSS JOIN donors d WHERE l.id = page.id AND p.id = l.pledge_id AND d.id = l.donor_id \
                             ORDER BY l.id DESC"
                        )
                    }
                    _ => format!(
                        "SELECT {COLUMNS} FROM ledger_entries l JOIN pledges p ON p.id = l.pledge_id \
                         JOIN donors d ON d.id = l.donor_id{where_filters} {page}"
                    ),
                };
                let count_sql = match (reference, &matching, &hits) {
                    // The lines of the named pledges of the donors found by name, from their running
                    // counts per year (a row per donor and year, not one per line), and the reference's
                    // lines unless they are among them; unless a commune or kind of support narrows
                    // the search further.
                    (Some(reference), Some(matching), _) if !narrowed => {
                        let donors_year = year.map(|n| format!(" AND s.year = ${n}")).unwrap_or_default();
                        let lines_year = year.map(|n| format!(" AND l.year = ${n}")).unwrap_or_default();
                        format!(
                            "SELECT CAST(({}) + (SELECT COUNT(*) FROM pledges p CROSS JOIN ledger_entries l \
                             WHERE p.reference = ${reference} AND l.pledge_id = p.id{lines_year} \
                             AND NOT (p.display = 'named' AND p.donor_id IN ({matching}))) AS BIGINT)",
                            named_lines_sql(matching, &donors_year)
                        )
                    }
                    (_, _, Some(hits)) if filters.is_empty() => {
                        format!("SELECT CAST(COUNT(*) AS BIGINT) FROM ({hits}) hit")
                    }
                    (_, _, Some(hits)) => format!(
                        "SELECT CAST(COUNT(*) AS BIGINT) FROM ({hits}) hit CROSS JOIN ledger_entries l \
                         WHERE l.id = hit.id{and_filters}"
                    ),
                    // Every entry has its pledge and donor (foreign keys): the count needs no join.
                    _ => format!("SELECT CAST(COUNT(*) AS BIGINT) FROM ledger_entries l{where_filters}"),
                };
                // The page and the count are independent reads, each on its own pooled connection.
                let rows = async {
                    let rows_sql = rows_sql(broad.await?);
                    bind_params(sqlx::query_as::<_, PublicLedgerRow>(&rows_sql), &params)
                        .bind(query.limit)
                        .bind(query.offset)
                        .fetch_all(self.reader())
                        .await
                };
                let count = bind_params(sqlx::query_as::<_, (i64,)>(&count_sql), &params).fetch_one(self.reader());
                let (rows, (total,)) = tokio::try_join!(rows, count).map_err(e)?;
                Ok((rows.into_iter().map(Into::into).collect(), total))
            }

            async fn yearly_report(&self, year: i32) -> portal::store::StoreResult<portal::store::YearlyReport> {
                use $crate::backend_error as e;
                // Grouped by the stored columns, so the sums per donor stream in the order of
                // ledger_by_year; a missing commune or category ('' is never stored) reads as ''.
                let rows: Vec<(String, String, String, i64, i64)> = sqlx::query_as(
                    "SELECT COALESCE(commune_code, ''), COALESCE(category, ''), source_type, \
                     CAST(SUM(total) AS BIGINT), CAST(COUNT(*) AS BIGINT) FROM \
                     (SELECT commune_code, category, source_type, donor_id, SUM(amount) AS total FROM ledger_entries \
                      WHERE year = $1 GROUP BY commune_code, category, source_type, donor_id \
                      HAVING SUM(amount) > 0) per_donor \
                     GROUP BY COALESCE(commune_code, ''), COALESCE(category, ''), source_type ORDER BY 1, 2, 3",
                )
                .bind(i64::from(year))
                .fetch_all(self.reader())
                .await
                .map_err(e)?;
                let start = time::Date::from_calendar_date(year, time::Month::January, 1)
                    .map_err(|err| portal::store::StoreError::Rejected(err.to_string()))?;
                let end = time::Date::from_calendar_date(year, time::Month::December, 31)
                    .map_err(|err| portal::store::StoreError::Rejected(err.to_string()))?;
                // Each need's children once: one probe of deliveries_by_need per need.
                let children: Vec<(String, String, i64)> = sqlx::query_as(
                    "SELECT commune, category, CAST(SUM(children) AS BIGINT) FROM \
                     (SELECT n.commune_code AS commune, n.category AS category, \
                      (SELECT MAX(d.children) FROM deliveries d \
                       WHERE d.need_id = n.id AND d.delivered_on >= $1 AND d.delivered_on <= $2) AS children \
                      FROM needs n) per_need \
                     WHERE children IS NOT NULL GROUP BY commune, category ORDER BY commune, category",
                )
                .bind(start)
                .bind(end)
                .fetch_all(self.reader())
                .await
                .map_err(e)?;
                let totals = self.ledger_totals(Some(year)).await?;
                Ok(portal::store::YearlyReport { year, rows, children, totals })
            }

            async fn ledger_cells(&self, year: i32) -> portal::store::StoreResult<Vec<(String, String, String, i64)>> {
                sqlx::query_as(
                    "SELECT commune_code, category, source_type, amount FROM ledger_year_cells \
                     WHERE year = $1 AND amount <> 0 ORDER BY 1, 2, 3",
                )
                .bind(i64::from(year))
                .fetch_all(self.reader())
                .await
                .map_err($crate::backend_error)
            }

            async fn find_contributions(
                &self,
                reference: Option<&str>,
                name: Option<&str>,
                limit: i64,
            ) -> portal::store::StoreResult<Vec<portal::store::PublicContribution>> {
                use $crate::ledger::{BROAD_NAME_SEARCH, DonorNameSearch, broad_search_sql, name_words};
                // The pledges are reached from the reference and from the donors the name index
                // finds (named pledges only), never by scanning every pledge.
                let mut params = Vec::new();
                let mut hits = Vec::new();
                if let Some(reference) = reference {
                    params.push(reference.to_uppercase());
                    hits.push(format!("SELECT id FROM pledges WHERE reference = ${}", params.len()));
                }
                let words = name.map(name_words).unwrap_or_default();
                if !words.is_empty() {
                    let search = <Self as DonorNameSearch>::name_search(&words);
                    let (rows, lines): (i64, i64) =
                        sqlx::query_as(&broad_search_sql(&<Self as DonorNameSearch>::donors_matching(1)))
                            .bind(&search)
                            .fetch_one(self.reader())
                            .await
                            .map_err($crate::backend_error)?;
                    params.push(search);
                    let matching = <Self as DonorNameSearch>::donors_matching(params.len());
                    hits.push(if rows > BROAD_NAME_SEARCH || lines > BROAD_NAME_SEARCH {
                        // Broad: walking back from the latest pledge meets theirs soon enough (`+`
                        // keeps SQLite from starting at the donors).
                        format!(
                            "SELECT id FROM (SELECT p.id FROM pledges p WHERE p.display = 'named' \
                             AND +p.donor_id IN ({matching}) ORDER BY p.id DESC LIMIT ${}) latest",
                            params.len() + 1
                        )
                    } else {
                        format!(
                            "SELECT p.id FROM ({matching}) m CROSS JOIN pledges p \
                             WHERE p.donor_id = m.id AND p.display = 'named'"
                        )
                    });
                }
                if hits.is_empty() {
                    return Ok(Vec::new());
                }
                let sql = format!(
                    "SELECT p.reference, CASE WHEN p.display = 'named' THEN d.name END, p.status, p.value, \
                     COALESCE((SELECT n.title FROM needs n WHERE n.id = p.need_id), \
                              (SELECT c.title FROM campaigns c WHERE c.id = p.campaign_id)), p.created_at \
                     FROM (SELECT hit.id FROM ({}) hit ORDER BY hit.id DESC LIMIT ${}) page \
                     CROSS JOIN pledges p CROSS JOIN donors d WHERE p.id = page.id AND d.id = p.donor_id \
                     ORDER BY p.id DESC",
                    hits.join(" UNION "),
                    params.len() + 1
                );
                type Found = (String, Option<String>, String, i64, Option<String>, time::OffsetDateTime);
                let mut found = sqlx::query_as::<_, Found>(&sql);
                for param in &params {
                    found = found.bind(param);
                }
                let rows = found.bind(limit).fetch_all(self.reader()).await.map_err($crate::backend_error)?;
                // Looked up by its reference, a contribution shows its status and amounts only: a
                // reference passed around must not put a name to a gift.
                let by_name = !words.is_empty();
                Ok(rows
                    .into_iter()
                    .map(|(reference, donor, status, value, target, at)| portal::store::PublicContribution {
                        reference,
                        donor: donor.filter(|_| by_name),
                        status,
                        value,
                        target,
                        pledged_on: at.to_offset(time::macros::offset!(+7)).date(),
                    })
                    .collect())
            }

            async fn ledger_totals(&self, year: Option<i32>) -> portal::store::StoreResult<portal::store::LedgerTotals> {
                use $crate::backend_error as e;
                let year = year.map(i64::from);
                let (start, end) = match year.and_then(|y| i32::try_from(y).ok()) {
                    Some(y) => (
                        time::Date::from_calendar_date(y, time::Month::January, 1).ok(),
                        time::Date::from_calendar_date(y, time::Month::December, 31).ok(),
                    ),
                    None => (None, None),
                };
                // From the running sums per donor and year (migration 0012). Conditions are written
                // only when there is a year: `$1 IS NULL OR …` would keep SQLite from using indexes.
                let per_donor = if year.is_some() {
                    "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT), CAST(COUNT(*) AS BIGINT) FROM ledger_year_donors \
                     WHERE year = $1 AND amount > 0"
                } else {
                    "SELECT CAST(COALESCE(SUM(total), 0) AS BIGINT), CAST(COUNT(*) AS BIGINT) FROM \
                     (SELECT donor_id, SUM(amount) AS total FROM ledger_year_donors GROUP BY donor_id \
                      HAVING SUM(amount) > 0) per_donor"
                };
                let within = match (start, end) {
                    (Some(_), Some(_)) => "d.delivered_on >= $1 AND d.delivered_on <= $2",
                    _ => "TRUE",
                };
                // The value handed over is kept on the delivery (deliveries_by_day). A need's
                // children are counted once, however many pledges were handed over for it: one
                // probe of deliveries_by_need per need.
                let delivered_sql = format!(
                    "SELECT CAST(COALESCE((SELECT SUM(d.value) FROM deliveries d WHERE {within}), 0) AS BIGINT), \
                     CAST(COALESCE((SELECT SUM(children) FROM ( \
                       SELECT (SELECT MAX(d.children) FROM deliveries d WHERE d.need_id = n.id AND {within}) \
                       AS children FROM needs n \
                       UNION ALL \
                       SELECT d.children FROM deliveries d WHERE d.need_id IS NULL AND {within}) reached), 0) \
                     AS BIGINT)"
                );
                let donors = async {
                    let mut query = sqlx::query_as::<_, (i64, i64)>(per_donor);
                    if let Some(year) = year {
                        query = query.bind(year);
                    }
                    query.fetch_one(self.reader()).await.map_err(e)
                };
                let delivered = async {
                    let mut query = sqlx::query_as::<_, (i64, i64)>(&delivered_sql);
                    if let (Some(start), Some(end)) = (start, end) {
                        query = query.bind(start).bind(end);
                    }
                    query.fetch_one(self.reader()).await.map_err(e)
                };
                // Independent reads, each on its own pooled connection.
                let ((confirmed, donors), (delivered, children_reached)) = tokio::try_join!(donors, delivered)?;
                Ok(portal::store::LedgerTotals { confirmed, delivered, children_reached, donors })
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
            let need: Option<(String, i64, i64)> =
                sqlx::query_as("SELECT status, total, CAST(covering_total AS BIGINT) FROM needs WHERE id = $1")
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

pub(crate) use ledger_store;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_words_are_folded_split_as_the_indexes_split_and_each_kept_once() {
        assert_eq!(name_words("  Nguyễn Thị  Lan "), ["nguyen", "thi", "lan"]);
        assert_eq!(name_words("Đặng-Văn O'Lâm"), ["dang", "van", "o", "lam"]);
        assert_eq!(name_words("Ngọc ngoc NGỌC"), ["ngoc"]);
        assert!(name_words("— % _ \" *").is_empty());
        assert_eq!(name_words("a b c d e f g h i j").len(), 8);
    }

    #[test]
    fn cells_roll_up_without_zeros_the_largest_first() {
        let cells = [("05719", 300), ("05722", 500), ("05719", 200), ("", 100), ("05725", 0), ("05716", 500)];
        let rolled = roll_up(cells.into_iter());
        let rolled: Vec<(&str, i64)> = rolled.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(rolled, [("05716", 500), ("05719", 500), ("05722", 500), ("", 100)]);
    }
}
