//! Pledges: recorded (`record_pledge_in`, which each backend commits its own way) and read back, as
//! the public and as staff see them. The SQL both backends share (see `portable.rs` for why it is
//! a macro).

use domain::{Display, DonorKind, PledgeKind};
use portal::store::{StaffPledgeRecord, StoreError};

#[derive(sqlx::FromRow)]
pub(super) struct PledgeRow {
    reference: String,
    campaign_id: Option<i64>,
    need_id: Option<i64>,
    kind: String,
    amount: Option<i64>,
    item: Option<String>,
    quantity: Option<i64>,
    unit: Option<String>,
    description: Option<String>,
    estimated_value: Option<i64>,
    value: i64,
    status: String,
    over_need: bool,
    created_at: time::OffsetDateTime,
}

impl TryFrom<PledgeRow> for portal::store::PledgeRecord {
    type Error = StoreError;
    fn try_from(r: PledgeRow) -> Result<Self, StoreError> {
        Ok(portal::store::PledgeRecord {
            kind: domain::PledgeKind::parse(&r.kind)
                .ok_or_else(|| StoreError::Rejected(format!("unknown pledge kind {:?}", r.kind)))?,
            reference: r.reference,
            campaign_id: r.campaign_id,
            need_id: r.need_id,
            amount: r.amount,
            item: r.item,
            quantity: r.quantity,
            unit: r.unit,
            description: r.description,
            estimated_value: r.estimated_value,
            value: r.value,
            status: r.status,
            over_need: r.over_need,
            created_at: r.created_at,
        })
    }
}

pub(super) const STAFF_PLEDGE_COLUMNS: &str = "p.reference, p.status, p.kind, p.value, d.id AS donor_id, d.name AS donor_name, \
    d.kind AS donor_kind, d.email AS donor_email, d.phone AS donor_phone, d.tax_code AS donor_tax_code, p.display, \
    (SELECT c.title FROM campaigns c WHERE c.id = p.campaign_id) AS campaign_title, \
    (SELECT n.title FROM needs n WHERE n.id = p.need_id) AS need_title, \
    (SELECT m.name FROM donors m WHERE m.id = p.pool_id) AS pool_name, \
    (SELECT m.name FROM donors m WHERE m.id = p.mobilised_by) AS mobiliser_name, p.over_need, p.created_at";

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
    mobiliser_name: Option<String>,
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
            mobiliser_name: r.mobiliser_name,
            over_need: r.over_need,
            created_at: r.created_at,
        })
    }
}

/// The words of a staff search, folded (no case, no diacritics); at most eight.
pub(super) fn search_words(q: &str) -> Vec<String> {
    domain::text::fold(q).split_whitespace().take(8).map(str::to_owned).collect()
}

/// `WHERE` for a status ($1, or NULL for any) and `words` words, each ($2k, $2k+1) a reference
/// pattern and a folded-name pattern.
pub(super) fn search_filter(words: usize) -> String {
    let mut filter = String::from("WHERE ($1 IS NULL OR p.status = $1)");
    for i in 0..words {
        let (reference, name) = (2 + 2 * i, 3 + 2 * i);
        filter.push_str(&format!(
            " AND (p.reference LIKE ${reference} ESCAPE '\\' OR d.name_folded LIKE ${name} ESCAPE '\\')"
        ));
    }
    filter
}

/// `%text%` for LIKE, with LIKE's own wildcards taken literally.
pub(super) fn contains_pattern(text: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

macro_rules! pledge_store {
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
                use $crate::pledges::PledgeRow;
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
                use $crate::pledges::{STAFF_PLEDGE_COLUMNS, STAFF_PLEDGE_FROM, StaffPledgeRow, contains_pattern};
                // Every word typed must be found, in any order: in the reference or the donor's name.
                let words = $crate::pledges::search_words(q);
                let filter = $crate::pledges::search_filter(words.len());
                let n = 2 + 2 * words.len();
                let sql = format!(
                    "SELECT {STAFF_PLEDGE_COLUMNS} {STAFF_PLEDGE_FROM} {filter} ORDER BY p.id DESC LIMIT ${n} OFFSET ${}",
                    n + 1
                );
                let mut rows = sqlx::query_as::<_, StaffPledgeRow>(&sql).bind(status);
                let count_sql = format!("SELECT CAST(COUNT(*) AS BIGINT) {STAFF_PLEDGE_FROM} {filter}");
                let mut count = sqlx::query_as::<_, (i64,)>(&count_sql).bind(status);
                for word in &words {
                    let (reference, folded) = (contains_pattern(&word.to_uppercase()), contains_pattern(word));
                    rows = rows.bind(reference.clone()).bind(folded.clone());
                    count = count.bind(reference).bind(folded);
                }
                let rows = rows.bind(limit).bind(offset).fetch_all(self.reader()).await.map_err(e)?;
                let (total,) = count.fetch_one(self.reader()).await.map_err(e)?;
                let pledges = rows.into_iter().map(TryInto::try_into).collect::<Result<_, _>>()?;
                Ok((pledges, total))
            }

            async fn staff_pledge(
                &self,
                reference: &str,
            ) -> portal::store::StoreResult<Option<portal::store::StaffPledgeRecord>> {
                use $crate::pledges::{STAFF_PLEDGE_COLUMNS, STAFF_PLEDGE_FROM, StaffPledgeRow};
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

        /// The request digest and pledge reference a key answers with, while it is younger than
        /// `lifetime`; an older key is forgotten and answers nothing.
        async fn live_key(
            tx: &mut sqlx::Transaction<'_, $db>,
            key: &str,
            lifetime: time::Duration,
            now: time::OffsetDateTime,
        ) -> Result<Option<(String, String)>, sqlx::Error> {
            let seen: Option<(String, String, time::OffsetDateTime)> =
                sqlx::query_as("SELECT request_hash, reference, created_at FROM idempotency_keys WHERE key = $1")
                    .bind(key)
                    .fetch_optional(&mut **tx)
                    .await?;
            match seen {
                Some((hash, reference, at)) if now - at <= lifetime => Ok(Some((hash, reference))),
                Some(_) => {
                    sqlx::query("DELETE FROM idempotency_keys WHERE key = $1").bind(key).execute(&mut **tx).await?;
                    Ok(None)
                }
                None => Ok(None),
            }
        }

        /// Records one pledge inside `tx` (all of it, or an error and nothing the caller should keep).
        async fn record_pledge_in(
            tx: &mut sqlx::Transaction<'_, $db>,
            p: &portal::store::NewPledge,
        ) -> portal::store::StoreResult<portal::store::PledgeReceipt> {
                use $crate::backend_error as e;
                use $crate::needs::{COVERED_SUM, PLEDGED_SUM};
                let now = time::OffsetDateTime::now_utc();
                // A key is honoured for a day, after which it may start a new pledge; the same gift
                // from the public form is the first one for ten minutes (people do give twice).
                if let Some(key) = &p.idempotency_key
                    && let Some((hash, reference)) =
                        live_key(tx, key, time::Duration::hours(24), now).await.map_err(e)?
                {
                    return if hash == p.request_hash {
                        Ok(portal::store::PledgeReceipt::Repeated { reference })
                    } else {
                        Err(portal::store::StoreError::KeyReused)
                    };
                }
                if let Some(key) = &p.repeat_key
                    && let Some((_, reference)) = live_key(tx, key, portal::store::REPEAT_WINDOW, now).await.map_err(e)?
                {
                    return Ok(portal::store::PledgeReceipt::Repeated { reference });
                }
                let mut need_id = p.need_id;
                let campaign_id = match &p.campaign {
                    None => None,
                    Some(slug) => {
                        let campaign: Option<(i64, bool, time::Date, time::Date)> = sqlx::query_as(
                            "SELECT id, published, opens_on, closes_on FROM campaigns WHERE slug = $1",
                        )
                        .bind(slug)
                        .fetch_optional(&mut **tx)
                        .await
                        .map_err(e)?;
                        let (id, published, opens_on, closes_on) =
                            campaign.filter(|c| c.1).ok_or(portal::store::StoreError::NotFound)?;
                        if p.on < opens_on || p.on > closes_on || !published {
                            return Err(portal::store::StoreError::Closed);
                        }
                        // A need named with a campaign must be one of its own; with none named, the
                        // campaign's open need that lacks the most.
                        let sql = format!(
                            "SELECT needs.id FROM needs JOIN campaign_needs cn ON cn.need_id = needs.id \
                             WHERE cn.campaign_id = $1 AND needs.status IN ('published', 'covered') \
                             AND ($2 IS NULL OR needs.id = $2) ORDER BY needs.total - {PLEDGED_SUM} DESC, needs.id LIMIT 1"
                        );
                        let linked: Option<(i64,)> =
                            sqlx::query_as(&sql).bind(id).bind(need_id).fetch_optional(&mut **tx).await.map_err(e)?;
                        match (need_id, linked) {
                            (Some(_), None) => return Err(portal::store::StoreError::NotFound),
                            (_, linked) => need_id = linked.map(|(n,)| n),
                        }
                        Some(id)
                    }
                };
                // Network members by slug: the one who mobilised the donor, the one whose fund receives.
                let mut member_ids = [None, None];
                for (id, slug) in member_ids.iter_mut().zip([&p.mobilised_by, &p.pool]) {
                    if let Some(slug) = slug {
                        let sql = format!(
                            "SELECT d.id FROM donors d WHERE d.slug = $1 AND {}",
                            $crate::network::LISTED
                        );
                        let member: Option<(i64,)> = sqlx::query_as(&sql)
                            .bind(slug)
                            .fetch_optional(&mut **tx)
                            .await
                            .map_err(e)?;
                        *id = Some(member.ok_or(portal::store::StoreError::NotFound)?.0);
                    }
                }
                let [mobilised_by, pool_id] = member_ids;
                let mut over_need = false;
                let mut covers_need = false;
                // What the pledge may cover: at most what the need still lacks now, so one large unpaid
                // promise cannot hide a need from other donors beyond its share (and it stops counting
                // when it goes stale unpaid: `PledgeLifecycleStore::sweep_stale_pledges`).
                let mut covering = 0;
                if let Some(need_id) = need_id {
                    let sql = format!(
                        "SELECT status, total, {PLEDGED_SUM}, {COVERED_SUM} FROM needs WHERE id = $1"
                    );
                    let need: Option<(String, i64, i64, i64)> =
                        sqlx::query_as(&sql).bind(need_id).fetch_optional(&mut **tx).await.map_err(e)?;
                    let (status, total, pledged, covered) = need.ok_or(portal::store::StoreError::NotFound)?;
                    if status != "published" && status != "covered" {
                        return Err(portal::store::StoreError::Closed);
                    }
                    over_need = p.value() > (total - pledged).max(0);
                    covering = p.value().min((total - covered).max(0));
                    covers_need = status == "published" && covering > 0 && covered + covering >= total;
                } else if campaign_id.is_none() && pool_id.is_none() {
                    return Err(portal::store::StoreError::NotFound);
                }

                // Contact details typed on a public form never join, change or unlock an existing record:
                // a pledge joins one only when the donor signed in on /me made it (README, "Donor
                // records"). Staff merge the records of one donor later.
                let donor_id = match p.donor_id {
                    Some(id) => {
                        let known: Option<(i64,)> =
                            sqlx::query_as("SELECT id FROM donors WHERE id = $1 AND erased_at IS NULL")
                                .bind(id)
                                .fetch_optional(&mut **tx)
                                .await
                                .map_err(e)?;
                        known.ok_or(portal::store::StoreError::NotFound)?.0
                    }
                    None => {
                        let (id,): (i64,) = sqlx::query_as(
                            "INSERT INTO donors (kind, name, email, phone, tax_code, created_at, updated_at, name_folded, \
                             public_name, language, notice_channel) VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, $9, $10) \
                             RETURNING id",
                        )
                        .bind(p.donor_kind.as_str())
                        .bind(&p.name)
                        .bind(&p.email)
                        .bind(&p.phone)
                        .bind(&p.tax_code)
                        .bind(now)
                        .bind(domain::text::fold(&p.name))
                        .bind(p.display == domain::Display::Named)
                        .bind(&p.language)
                        .bind(p.notice_channel.as_str())
                        .fetch_one(&mut **tx)
                        .await
                        .map_err(e)?;
                        id
                    }
                };
                let (pledge_id,): (i64,) = sqlx::query_as(
                    "INSERT INTO pledges (reference, donor_id, need_id, kind, amount, item, quantity, unit, description, \
                     estimated_value, value, display, language, status, over_need, created_at, campaign_id, mobilised_by, pool_id, \
                     covering) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'pledged', $14, $15, $16, $17, $18, $19) \
                     RETURNING id",
                )
                .bind(&p.reference)
                .bind(donor_id)
                .bind(need_id)
                .bind(p.kind.as_str())
                .bind(p.amount)
                .bind(&p.item)
                .bind(p.quantity)
                .bind(&p.unit)
                .bind(&p.description)
                .bind(p.estimated_value)
                .bind(p.value())
                .bind(p.display.as_str())
                .bind(&p.language)
                .bind(over_need)
                .bind(now)
                .bind(campaign_id)
                .bind(mobilised_by)
                .bind(pool_id)
                .bind(covering)
                .fetch_one(&mut **tx)
                .await
                // A reference drawn twice is the caller's to draw again.
                .map_err(|err| {
                    if $crate::portable::is_unique_violation(&err) {
                        portal::store::StoreError::Duplicate(p.reference.clone())
                    } else {
                        e(err)
                    }
                })?;
                for instalment in &p.instalments {
                    sqlx::query("INSERT INTO instalments (pledge_id, number, due_on, amount) VALUES ($1, $2, $3, $4)")
                        .bind(pledge_id)
                        .bind(instalment.number)
                        .bind(instalment.due_on)
                        .bind(instalment.amount)
                        .execute(&mut **tx)
                        .await
                        .map_err(e)?;
                }
                if let (true, Some(need_id)) = (covers_need, need_id) {
                    sqlx::query("UPDATE needs SET status = 'covered', updated_at = $1 WHERE id = $2")
                        .bind(now)
                        .bind(need_id)
                        .execute(&mut **tx)
                        .await
                        .map_err(e)?;
                    sqlx::query(
                        "INSERT INTO need_transitions (need_id, at, actor_id, from_status, to_status, comment) \
                         VALUES ($1, $2, NULL, 'published', 'covered', $3)",
                    )
                    .bind(need_id)
                    .bind(now)
                    .bind(&p.reference)
                    .execute(&mut **tx)
                    .await
                    .map_err(e)?;
                }
                // The acknowledgement, in the same transaction: it is sent if and only if the pledge exists.
                notice_in(tx, pledge_id, "acknowledgement", 0, now).await.map_err(e)?;
                for key in p.idempotency_key.iter().chain(&p.repeat_key) {
                    sqlx::query(
                        "INSERT INTO idempotency_keys (key, request_hash, reference, created_at) VALUES ($1, $2, $3, $4)",
                    )
                    .bind(key)
                    .bind(&p.request_hash)
                    .bind(&p.reference)
                    .bind(now)
                    .execute(&mut **tx)
                    .await
                    .map_err(e)?;
                }
                Ok(portal::store::PledgeReceipt::Recorded { reference: p.reference.clone(), over_need, need_id })
        }
    };
}

pub(crate) use pledge_store;
