//! The coordination ledger as it is read (a year's totals, breakdown and report, the open data):
//! the SQL both backends share (see `portable.rs` for why it is a macro).

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

/// A calendar year as the ledger counts it: its first day and the next year's (for dates), and the
/// same two midnights in Vietnam as instants (for times of day).
#[allow(clippy::type_complexity)]
pub(super) fn year_bounds(
    year: i32,
) -> Result<((time::Date, time::Date), (time::OffsetDateTime, time::OffsetDateTime)), portal::store::StoreError> {
    let rejected = |err: time::error::ComponentRange| portal::store::StoreError::Rejected(err.to_string());
    let start = time::Date::from_calendar_date(year, time::Month::January, 1).map_err(rejected)?;
    let end = start.replace_year(year + 1).map_err(rejected)?;
    let instant =
        |day: time::Date| day.midnight().assume_offset(domain::format::VIETNAM).to_offset(time::UtcOffset::UTC);
    Ok(((start, end), (instant(start), instant(end))))
}

/// SQL for the hand-overs of the gifts `gifts` picks (a condition on the pledge `p`) within `within`
/// (a condition on the delivery `dl`): how many gifts, what they were worth, and the children they
/// reached — each need's children once however many gifts served it, a hand-over without a need on
/// its own. A partner's year and a donor's digest count them alike.
pub(super) fn handed_over(gifts: &str, within: &str) -> String {
    format!(
        "SELECT CAST(COALESCE(SUM(gifts), 0) AS BIGINT), CAST(COALESCE(SUM(worth), 0) AS BIGINT), \
         CAST(COALESCE(SUM(children), 0) AS BIGINT) FROM \
         (SELECT COUNT(*) AS gifts, SUM(p.value) AS worth, MAX(dl.children) AS children \
          FROM deliveries dl JOIN pledges p ON p.id = dl.pledge_id WHERE {gifts} AND {within} \
          GROUP BY COALESCE(dl.need_id, -dl.id)) per_need"
    )
}

macro_rules! ledger_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl portal::store::LedgerStore for $store {
            async fn pledge_flow(&self, year: i32) -> portal::store::StoreResult<Vec<(String, String, i64, i64)>> {
                use $crate::backend_error as e;
                let ((start, end), (from, until)) = $crate::ledger::year_bounds(year)?;
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
                use $crate::ledger::{Param, PublicLedgerRow, bind_params};
                use $crate::name_search::{BROAD_NAME_SEARCH, DonorNameSearch, broad_search_sql, named_lines_sql};
                const COLUMNS: &str = "l.id, l.entry, l.year, p.reference, l.commune_code, l.category, l.source_type, \
                    CASE WHEN p.display = 'named' THEN d.name END AS donor, \
                    (SELECT c.slug FROM campaigns c WHERE c.id = l.campaign_id) AS campaign, l.need_id, l.amount, l.at";
                let q = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
                let words = q.map($crate::name_search::name_words).unwrap_or_default();
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
                Ok(portal::store::YearlyReport { year, rows, children, totals, plan: Vec::new() })
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
                use $crate::name_search::{BROAD_NAME_SEARCH, DonorNameSearch, broad_search_sql, name_words};
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
    };
}

pub(crate) use ledger_store;
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_roll_up_without_zeros_the_largest_first() {
        let cells = [("05719", 300), ("05722", 500), ("05719", 200), ("", 100), ("05725", 0), ("05716", 500)];
        let rolled = roll_up(cells.into_iter());
        let rolled: Vec<(&str, i64)> = rolled.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(rolled, [("05716", 500), ("05719", 500), ("05722", 500), ("", 100)]);
    }
}
