//! Loading: needs, donors and pledges written straight into a fresh database, in big
//! transactions, the way the portal would have recorded them over three years.

use rand::seq::SliceRandom;
use sqlx::{QueryBuilder, Sqlite};
use time::{OffsetDateTime, PrimitiveDateTime, Time};

use super::names::{business, organisation, person};
use super::*;

// ---------------------------------------------------------------------------------------------
// Loading

/// What a load wrote.
pub(super) struct Loaded {
    pub(super) donors: usize,
    pub(super) pledges: usize,
    pub(super) deliveries: usize,
    pub(super) needs: usize,
}

struct Need {
    id: i64,
    commune_code: String,
    category: &'static str,
    children: i64,
    site: String,
    /// "xã Sảng Mộc", for the names of the chapters that hand gifts over.
    commune_lower: String,
}

struct DonorRow {
    id: i64,
    kind: &'static str,
    name: String,
    email: Option<String>,
    phone: Option<String>,
    tax_code: Option<String>,
    created_at: OffsetDateTime,
}

struct PledgeRow {
    id: i64,
    reference: String,
    donor_id: i64,
    need: usize,
    kind: &'static str,
    amount: Option<i64>,
    item: Option<&'static str>,
    quantity: Option<i64>,
    unit: Option<&'static str>,
    value: i64,
    display: &'static str,
    language: &'static str,
    status: &'static str,
    created_at: OffsetDateTime,
    confirmed_at: OffsetDateTime,
    delivered_at: Option<OffsetDateTime>,
    mobilised_by: Option<i64>,
    source_type: &'static str,
}

struct DeliveryRow {
    pledge_id: i64,
    need: usize,
    delivered_on: Date,
    delivered_by: String,
    at: OffsetDateTime,
}

/// A batch written in one transaction.
#[derive(Default)]
struct Batch {
    donors: Vec<DonorRow>,
    pledges: Vec<PledgeRow>,
    deliveries: Vec<DeliveryRow>,
}

pub(super) async fn load(pool: &SqlitePool, rng: &mut StdRng, total: usize) -> anyhow::Result<Loaded> {
    // The load alone may trade durability for speed; the store's own connections keep FULL.
    sqlx::query("PRAGMA synchronous = OFF").execute(pool).await?;
    sqlx::query("PRAGMA cache_size = -131072").execute(pool).await?;

    let (units, successions) = web::ops::reference::parse_admin_units(web::ops::reference::ADMIN_UNITS_CSV)?;
    let communes = domain::areas::AreaIndex::new(units, &successions).communes();
    anyhow::ensure!(!communes.is_empty(), "the reference data has no 2025 commune");
    let needs = insert_needs(pool, rng, &communes).await?;

    // Pledges per day: more before Tết, around Children's Day (1 June) and in the winter drive,
    // and at weekends; the programme grows each year.
    let days: Vec<Date> = std::iter::successors(Some(FIRST_DAY), |d| d.next_day().filter(|d| *d <= LAST_DAY)).collect();
    let weights: Vec<f64> = days.iter().map(|d| day_weight(*d)).collect();
    let sum: f64 = weights.iter().sum();

    let mut state = Generator { donors: 0, kinds: vec![""], mass_organisations: Vec::new() };
    let mut batch = Batch::default();
    let mut cumulative = 0.0;
    let mut pledges = 0usize;
    let mut deliveries = 0usize;
    let mut next_report = 200_000;
    for (day, weight) in days.iter().zip(&weights) {
        cumulative += weight;
        let until = ((cumulative / sum) * total as f64).round() as usize;
        let mut seconds: Vec<i64> = (pledges..until).map(|_| rng.gen_range(6 * 3600..23 * 3600)).collect();
        seconds.sort_unstable();
        for second in seconds {
            pledges += 1;
            let at = local(*day, second);
            state.pledge(rng, &mut batch, &needs, &communes, pledges as i64, at);
        }
        if batch.pledges.len() >= PLEDGES_PER_TRANSACTION {
            deliveries += batch.deliveries.len();
            write_batch(pool, &needs, std::mem::take(&mut batch)).await?;
            if pledges >= next_report {
                println!("  {pledges} pledges written");
                next_report += 200_000;
            }
        }
    }
    if !batch.pledges.is_empty() {
        deliveries += batch.deliveries.len();
        write_batch(pool, &needs, batch).await?;
    }
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(pool).await?;
    sqlx::query("PRAGMA synchronous = FULL").execute(pool).await?;
    Ok(Loaded { donors: state.donors, pledges, deliveries, needs: needs.len() })
}

fn day_weight(day: Date) -> f64 {
    use time::Month::*;
    let growth = match day.year() {
        2024 => 0.8,
        2025 => 1.0,
        _ => 1.25,
    };
    let season = match (day.month(), day.day()) {
        (January, _) | (February, 1..=15) => 1.6,
        (May, 20..) | (June, 1..=5) => 1.8,
        (October | November | December, _) => 1.5,
        _ => 1.0,
    };
    let weekend = if matches!(day.weekday(), time::Weekday::Saturday | time::Weekday::Sunday) { 1.2 } else { 1.0 };
    growth * season * weekend
}

/// A moment of a day in Vietnam, as the store keeps it (UTC).
fn local(day: Date, seconds: i64) -> OffsetDateTime {
    (PrimitiveDateTime::new(day, Time::MIDNIGHT) + time::Duration::seconds(seconds))
        .assume_offset(VIETNAM)
        .to_offset(UtcOffset::UTC)
}

async fn insert_needs(
    pool: &SqlitePool,
    rng: &mut StdRng,
    communes: &[domain::CommuneRef],
) -> anyhow::Result<Vec<Need>> {
    // (category, title, kind of site, unit, unit cost)
    const KINDS: [(&str, &str, &str, &str, i64); 12] = [
        (
            "health",
            "Khám sức khỏe định kỳ và tẩy giun cho học sinh tiểu học",
            "Trường PTDTBT Tiểu học",
            "lượt khám",
            120_000,
        ),
        ("health", "Khám sức khỏe và tư vấn dinh dưỡng cho trẻ mầm non", "Trường Mầm non", "lượt khám", 100_000),
        ("health", "Khám mắt và tặng kính cho học sinh", "Trường Trung học cơ sở", "lượt khám", 250_000),
        ("nutrition", "Bổ sung bữa trưa dinh dưỡng cho trẻ mầm non bán trú", "Trường Mầm non", "suất ăn", 15_000),
        ("nutrition", "Sữa học đường cho học sinh tiểu học", "Trường PTDTBT Tiểu học", "hộp sữa", 8_000),
        (
            "nutrition",
            "Bữa ăn bán trú cho học sinh dân tộc thiểu số",
            "Trường PTDTBT Trung học cơ sở",
            "suất ăn",
            20_000,
        ),
        ("recreation", "Sân chơi và đồ chơi ngoài trời cho trẻ mầm non", "Trường Mầm non", "bộ", 2_500_000),
        ("recreation", "Tủ sách và góc đọc cho học sinh tiểu học", "Trường PTDTBT Tiểu học", "tủ sách", 3_000_000),
        ("recreation", "Dụng cụ thể thao cho điểm trường vùng cao", "Trường Tiểu học", "bộ", 1_800_000),
        ("warm_clothes", "Áo ấm, mũ len và tất cho học sinh vùng cao", "Trường PTDTBT Tiểu học", "bộ", 350_000),
        ("warm_clothes", "Chăn ấm cho học sinh ở bán trú", "Trường PTDTBT Trung học cơ sở", "chiếc", 300_000),
        ("warm_clothes", "Áo khoác mùa đông cho trẻ mầm non", "Trường Mầm non", "chiếc", 250_000),
    ];
    let mut needs = Vec::new();
    let mut tx = pool.begin().await?;
    for year in 2024..=2026 {
        for n in 0..NEEDS_PER_YEAR {
            let (category, title, site_kind, unit, unit_cost) = KINDS[n % KINDS.len()];
            let commune = &communes[rng.gen_range(0..communes.len())];
            let proper = commune.name.split_once(' ').map_or(commune.name.as_str(), |(_, p)| p);
            let site = format!("{site_kind} {proper}");
            let children = rng.gen_range(40..=420);
            let quantity = match (category, unit) {
                ("nutrition", _) => children * 170,
                ("recreation", _) => rng.gen_range(2..=12),
                _ => children,
            };
            let start =
                Date::from_calendar_date(year, time::Month::January, 1)? + time::Duration::days(rng.gen_range(0..240));
            let end = start + time::Duration::days(rng.gen_range(60..=240));
            let status = match year {
                2026 => ["published", "covered"][rng.gen_range(0..2)],
                _ => "fulfilled",
            };
            let created = local(start - time::Duration::days(30), 9 * 3600);
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO needs (commune_code, site, category, title, description, children, quantity, unit, \
                 unit_cost, total, period_start, period_end, status, is_demo, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, '', $5, $6, $7, $8, $9, $10, $11, $12, FALSE, $13, $13) RETURNING id",
            )
            .bind(&commune.code)
            .bind(&site)
            .bind(category)
            .bind(title)
            .bind(children)
            .bind(quantity)
            .bind(unit)
            .bind(unit_cost)
            .bind(quantity * unit_cost)
            .bind(start)
            .bind(end)
            .bind(status)
            .bind(created)
            .fetch_one(&mut *tx)
            .await?;
            let commune_lower = lowercase_first(&commune.name);
            needs.push(Need { id, commune_code: commune.code.clone(), category, children, site, commune_lower });
        }
    }
    tx.commit().await?;
    Ok(needs)
}

pub(super) fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}

struct Generator {
    donors: usize,
    /// The kind of each donor, by id (index 0 unused).
    kinds: Vec<&'static str>,
    mass_organisations: Vec<i64>,
}

impl Generator {
    fn pledge(
        &mut self,
        rng: &mut StdRng,
        batch: &mut Batch,
        needs: &[Need],
        communes: &[domain::CommuneRef],
        id: i64,
        created_at: OffsetDateTime,
    ) {
        // A quarter of the pledges come from someone new; regulars (every tenth donor) give often.
        let donor_id = if self.donors == 0 || rng.gen_bool(0.25) {
            self.new_donor(rng, batch, communes, created_at)
        } else if rng.gen_bool(0.35) && self.donors >= 10 {
            rng.gen_range(1..=self.donors / 10) as i64 * 10
        } else {
            rng.gen_range(1..=self.donors) as i64
        };
        let source_type = self.kinds[donor_id as usize];
        let created_local = created_at.to_offset(VIETNAM);
        // A pledge goes to one of its year's needs.
        let need_index = (created_local.year() - 2024) as usize * NEEDS_PER_YEAR + rng.gen_range(0..NEEDS_PER_YEAR);
        let need = &needs[need_index];

        let (kind, amount, item, quantity, unit, value) = match rng.gen_range(0..100) {
            0..85 => {
                let amount = money(rng, source_type);
                ("money", Some(amount), None, None, None, amount)
            }
            85..97 => {
                let (item, unit, each, most) = goods(rng, need.category);
                let quantity = rng.gen_range(most / 10..=most);
                ("in_kind", None, Some(item), Some(quantity), Some(unit), quantity * each)
            }
            _ => {
                let (item, unit, each, most) = if need.category == "health" {
                    ("Khám sức khỏe miễn phí", "lượt", 120_000, 400)
                } else {
                    ("Vận chuyển hàng hỗ trợ lên điểm trường", "chuyến", 1_500_000, 5)
                };
                let quantity = rng.gen_range(1.max(most / 10)..=most);
                ("service", None, Some(item), Some(quantity), Some(unit), quantity * each)
            }
        };
        let named_share = if source_type == "individual" { 0.5 } else { 0.9 };
        let display = if rng.gen_bool(named_share) {
            "named"
        } else if rng.gen_bool(0.66) {
            "anonymous"
        } else {
            "unlisted"
        };
        let language = if rng.gen_bool(0.97) { "vi" } else { "en" };
        let mobilised_by = (source_type == "individual" && !self.mass_organisations.is_empty() && rng.gen_bool(0.05))
            .then(|| self.mass_organisations[rng.gen_range(0..self.mass_organisations.len())]);

        // Matched against a bank statement within days; handed over weeks or months later.
        let confirmed_at =
            (created_at + time::Duration::minutes(rng.gen_range(120..10 * 24 * 60))).min(local(DATA_END, 17 * 3600));
        let confirmed_on = confirmed_at.to_offset(VIETNAM).date();
        let delivered_share = if confirmed_on < DATA_END - time::Duration::days(60) { 0.65 } else { 0.15 };
        let delivered_on = (rng.gen_bool(delivered_share))
            .then(|| confirmed_on + time::Duration::days(rng.gen_range(14..=120)))
            .filter(|d| *d <= DATA_END);
        let delivered_at = delivered_on.map(|d| local(d, 10 * 3600));
        if let (Some(delivered_on), Some(at)) = (delivered_on, delivered_at) {
            let delivered_by = match rng.gen_range(0..10) {
                0..6 => format!("Ủy ban Mặt trận Tổ quốc Việt Nam {}", need.commune_lower),
                6..8 => format!("Hội Chữ thập đỏ {}", need.commune_lower),
                _ => "Đại diện nhà tài trợ trao trực tiếp".to_owned(),
            };
            batch.deliveries.push(DeliveryRow { pledge_id: id, need: need_index, delivered_on, delivered_by, at });
        }
        batch.pledges.push(PledgeRow {
            id,
            reference: reference(id, created_local.year()),
            donor_id,
            need: need_index,
            kind,
            amount,
            item,
            quantity,
            unit,
            value,
            display,
            language,
            status: if delivered_at.is_some() { "delivered" } else { "confirmed" },
            created_at,
            confirmed_at,
            delivered_at,
            mobilised_by,
            source_type,
        });
    }

    fn new_donor(
        &mut self,
        rng: &mut StdRng,
        batch: &mut Batch,
        communes: &[domain::CommuneRef],
        created_at: OffsetDateTime,
    ) -> i64 {
        self.donors += 1;
        let id = self.donors as i64;
        let commune = &communes[rng.gen_range(0..communes.len())];
        let kind = match rng.gen_range(0..1000) {
            0..860 => "individual",
            860..950 => "business",
            950..975 => "organisation",
            975..990 => "mass_organisation",
            _ => "fund",
        };
        let name = match kind {
            "individual" => person(rng),
            "business" => business(rng),
            _ => organisation(rng, kind, &commune.name),
        };
        let folded = domain::text::fold(&name);
        let compact: String = folded.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        let (email, phone, tax_code) = match kind {
            "individual" => (
                rng.gen_bool(0.3).then(|| format!("{compact}{}@example.vn", rng.gen_range(1..1000))),
                rng.gen_bool(0.65).then(|| format!("09{:08}", rng.gen_range(0..100_000_000))),
                None,
            ),
            "business" => (
                Some(format!("lienhe{id}@example.vn")),
                Some(format!("0208{:07}", rng.gen_range(0..10_000_000))),
                Some(format!("46{:08}", rng.gen_range(0..100_000_000))),
            ),
            _ => (Some(format!("vanphong{id}@example.vn")), None, None),
        };
        if kind == "mass_organisation" {
            self.mass_organisations.push(id);
        }
        self.kinds.push(kind);
        batch.donors.push(DonorRow { id, kind, name, email, phone, tax_code, created_at });
        id
    }
}

/// `TN25-7F3K2Q`: six characters from the portal's alphabet, distinct for every pledge number
/// (an odd multiplier is a bijection modulo 2^30).
fn reference(id: i64, year: i32) -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let mut x = (id as u64).wrapping_mul(0x2545_F491) & ((1 << 30) - 1);
    let mut tail = [0u8; 6];
    for c in tail.iter_mut().rev() {
        *c = ALPHABET[(x & 31) as usize];
        x >>= 5;
    }
    format!("TN{:02}-{}", year % 100, String::from_utf8_lossy(&tail))
}

pub(super) fn pick<T: Copy>(rng: &mut StdRng, weighted: &[(T, u32)]) -> T {
    let total: u32 = weighted.iter().map(|(_, w)| w).sum();
    let mut at = rng.gen_range(0..total);
    for (item, weight) in weighted {
        if at < *weight {
            return *item;
        }
        at -= weight;
    }
    weighted[0].0
}

pub(super) fn one<'a>(rng: &mut StdRng, items: &[&'a str]) -> &'a str {
    items.choose(rng).copied().unwrap_or_default()
}

fn money(rng: &mut StdRng, kind: &str) -> i64 {
    let choices: &[(i64, u32)] = match kind {
        "individual" => &[
            (50_000, 6),
            (100_000, 18),
            (200_000, 18),
            (300_000, 10),
            (500_000, 20),
            (1_000_000, 14),
            (2_000_000, 6),
            (3_000_000, 3),
            (5_000_000, 3),
            (10_000_000, 2),
        ],
        "business" => &[
            (2_000_000, 10),
            (5_000_000, 25),
            (10_000_000, 25),
            (20_000_000, 15),
            (50_000_000, 15),
            (100_000_000, 7),
            (200_000_000, 3),
        ],
        _ => &[(1_000_000, 15), (2_000_000, 20), (5_000_000, 30), (10_000_000, 20), (20_000_000, 10), (50_000_000, 5)],
    };
    pick(rng, choices)
}

/// (item, unit, estimated đồng each, most given at once)
fn goods(rng: &mut StdRng, category: &str) -> (&'static str, &'static str, i64, i64) {
    let choices: &[(&'static str, &'static str, i64, i64)] = match category {
        "health" => &[("Thuốc tẩy giun", "hộp", 45_000, 200), ("Vitamin tổng hợp", "hộp", 120_000, 100)],
        "nutrition" => {
            &[("Sữa tươi", "thùng", 350_000, 60), ("Gạo", "kg", 18_000, 2_000), ("Trứng gà", "quả", 3_500, 3_000)]
        }
        "recreation" => &[
            ("Bóng đá", "quả", 150_000, 30),
            ("Sách thiếu nhi", "cuốn", 45_000, 500),
            ("Bộ đồ chơi", "bộ", 400_000, 40),
        ],
        _ => &[
            ("Áo khoác", "chiếc", 250_000, 200),
            ("Chăn ấm", "chiếc", 300_000, 100),
            ("Mũ len và tất", "bộ", 60_000, 300),
        ],
    };
    choices[rng.gen_range(0..choices.len())]
}

async fn write_batch(pool: &SqlitePool, needs: &[Need], batch: Batch) -> anyhow::Result<()> {
    let mut tx = pool.begin().await?;
    for chunk in batch.donors.chunks(2_000) {
        let mut q = QueryBuilder::<Sqlite>::new(
            "INSERT INTO donors (id, kind, name, email, phone, tax_code, created_at, updated_at, name_folded) ",
        );
        q.push_values(chunk, |mut b, d| {
            b.push_bind(d.id)
                .push_bind(d.kind)
                .push_bind(&d.name)
                .push_bind(&d.email)
                .push_bind(&d.phone)
                .push_bind(&d.tax_code)
                .push_bind(d.created_at)
                .push_bind(d.created_at)
                .push_bind(domain::text::fold(&d.name));
        });
        q.build().execute(&mut *tx).await.context("inserting donors")?;
    }
    for chunk in batch.pledges.chunks(1_000) {
        let mut q = QueryBuilder::<Sqlite>::new(
            "INSERT INTO pledges (id, reference, donor_id, need_id, kind, amount, item, quantity, unit, \
             estimated_value, value, display, language, status, over_need, created_at, confirmed_at, delivered_at, \
             mobilised_by) ",
        );
        q.push_values(chunk, |mut b, p| {
            b.push_bind(p.id)
                .push_bind(&p.reference)
                .push_bind(p.donor_id)
                .push_bind(needs[p.need].id)
                .push_bind(p.kind)
                .push_bind(p.amount)
                .push_bind(p.item)
                .push_bind(p.quantity)
                .push_bind(p.unit)
                .push_bind((p.kind != "money").then_some(p.value))
                .push_bind(p.value)
                .push_bind(p.display)
                .push_bind(p.language)
                .push_bind(p.status)
                .push_bind(false)
                .push_bind(p.created_at)
                .push_bind(p.confirmed_at)
                .push_bind(p.delivered_at)
                .push_bind(p.mobilised_by);
        });
        q.build().execute(&mut *tx).await.context("inserting pledges")?;
    }
    // One confirmation entry per pledge, with the columns `confirm_in` fixes at confirmation.
    for chunk in batch.pledges.chunks(2_000) {
        let mut q = QueryBuilder::<Sqlite>::new(
            "INSERT INTO ledger_entries (id, pledge_id, entry, reverses_id, year, commune_code, category, \
             source_type, donor_id, mobilised_by, campaign_id, need_id, amount, at, actor_id) ",
        );
        q.push_values(chunk, |mut b, p| {
            let need = &needs[p.need];
            b.push_bind(p.id)
                .push_bind(p.id)
                .push_bind("confirmation")
                .push_bind(None::<i64>)
                .push_bind(i64::from(p.confirmed_at.to_offset(VIETNAM).year()))
                .push_bind(&need.commune_code)
                .push_bind(need.category)
                .push_bind(p.source_type)
                .push_bind(p.donor_id)
                .push_bind(p.mobilised_by)
                .push_bind(None::<i64>)
                .push_bind(need.id)
                .push_bind(p.value)
                .push_bind(p.confirmed_at)
                .push_bind(None::<i64>);
        });
        q.build().execute(&mut *tx).await.context("inserting ledger entries")?;
    }
    for chunk in batch.deliveries.chunks(2_000) {
        let mut q = QueryBuilder::<Sqlite>::new(
            "INSERT INTO deliveries (pledge_id, need_id, delivered_on, children, delivered_by, received_by, at, \
             actor_id) ",
        );
        q.push_values(chunk, |mut b, d| {
            let need = &needs[d.need];
            b.push_bind(d.pledge_id)
                .push_bind(need.id)
                .push_bind(d.delivered_on)
                .push_bind(need.children)
                .push_bind(&d.delivered_by)
                .push_bind(format!("Ban giám hiệu {}", need.site))
                .push_bind(d.at)
                .push_bind(None::<i64>);
        });
        q.build().execute(&mut *tx).await.context("inserting deliveries")?;
    }
    tx.commit().await?;
    Ok(())
}
