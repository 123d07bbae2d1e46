//! `ledger-bench`: loads a fresh SQLite database with 1,000,000 confirmed pledges (about 250,000
//! donors over 2024–2026) and times the ledger's read paths through the real `Store`: the name
//! search, the year summary and the yearly report; then peak memory. `scripts/bench-ledger.sh`
//! builds and runs it.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Parser;
use domain::LedgerQuery;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use sqlx::{QueryBuilder, Sqlite, SqlitePool};
use time::macros::{date, offset};
use time::{Date, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

#[derive(Parser)]
#[command(about = "Loads 1,000,000 confirmed pledges into a fresh SQLite database and times the ledger")]
struct Args {
    /// The database file to create (deleted first).
    #[arg(default_value = "target/bench/ledger.db")]
    database: PathBuf,
    /// How many pledges to load (about one donor per four pledges).
    #[arg(long, default_value_t = 1_000_000)]
    pledges: usize,
    /// Name searches per store method.
    #[arg(long, default_value_t = 1_000)]
    searches: usize,
    /// The random seed: the same seed loads the same data and searches for the same names.
    #[arg(long, default_value_t = 20_260_601)]
    seed: u64,
    /// Time an existing database without loading it again.
    #[arg(long)]
    measure_only: bool,
}

/// The pledges run from the first day to the last (fixed, so a run does not depend on today).
const FIRST_DAY: Date = date!(2024 - 01 - 01);
const LAST_DAY: Date = date!(2026 - 11 - 25);
/// Nothing is confirmed or handed over after this day.
const DATA_END: Date = date!(2026 - 11 - 29);
const VIETNAM: UtcOffset = offset!(+7);
const PLEDGES_PER_TRANSACTION: usize = 50_000;
const NEEDS_PER_YEAR: usize = 120;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let outcome = if args.measure_only { measure(&args).await } else { load_then_measure(&args).await };
    match outcome {
        Ok(true) => std::process::ExitCode::SUCCESS,
        Ok(false) => std::process::ExitCode::from(2),
        Err(err) => {
            eprintln!("ledger-bench: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Loads the database, then times it in a fresh process, so that the peak memory measured is the
/// store's and not the loader's (as `portal serve` would open it).
async fn load_then_measure(args: &Args) -> anyhow::Result<bool> {
    for suffix in ["", "-wal", "-shm"] {
        let path = PathBuf::from(format!("{}{suffix}", args.database.display()));
        if path.exists() {
            std::fs::remove_file(&path).with_context(|| format!("cannot delete {}", path.display()))?;
        }
    }
    let url = format!("sqlite:{}", args.database.display());
    let mut rng = StdRng::seed_from_u64(args.seed);
    println!("loading {} pledges into {} …", args.pledges, args.database.display());
    let started = Instant::now();
    let store = store::sqlite::SqliteStore::open(&url).await?;
    web::ops::reference::sync_areas(&store).await?;
    let pool = store.writer_pool();
    let loaded = load(&pool, &mut rng, args.pledges).await?;
    pool.close().await;
    drop(store);
    println!(
        "loaded {} donors, {} pledges with as many ledger entries, {} deliveries, {} needs in {:.1} s \
         (loader peak memory {})",
        loaded.donors,
        loaded.pledges,
        loaded.deliveries,
        loaded.needs,
        started.elapsed().as_secs_f64(),
        memory("VmHWM").map_or_else(|| "unknown".to_owned(), mib),
    );
    verify(&url).await?;
    let status = std::process::Command::new(std::env::current_exe()?)
        .arg(&args.database)
        .args(["--searches", &args.searches.to_string(), "--seed", &args.seed.to_string(), "--measure-only"])
        .status()
        .context("cannot start the measuring process")?;
    match status.code() {
        Some(0) => Ok(true),
        Some(2) => Ok(false),
        _ => anyhow::bail!("the measuring process failed ({status})"),
    }
}

/// Checks name searches, broad and narrow, against a scan of every named line: the same total and
/// the same latest lines and pledges, newest first.
async fn verify(url: &str) -> anyhow::Result<()> {
    let store = store::open(url).await?;
    let pool = SqlitePool::connect(url).await?;
    let lines: Vec<(i64, i64, String, String)> = sqlx::query_as(
        "SELECT l.id, p.id, p.reference, d.name_folded FROM ledger_entries l JOIN pledges p ON p.id = l.pledge_id \
         JOIN donors d ON d.id = p.donor_id WHERE p.display = 'named' ORDER BY l.id DESC",
    )
    .fetch_all(&pool)
    .await?;
    pool.close().await;
    let words = |text: &str| -> Vec<String> {
        domain::text::fold(text)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let searches =
        ["Nguyễn Vân", "nguyen thi th", "Thái Nguyên", "Tiến Đạt", "Hà Thị Thu Hương", "lan nguyen", "Olsen"];
    for q in searches {
        let wanted = words(q);
        let hits: Vec<&(i64, i64, String, String)> = lines
            .iter()
            .filter(|line| {
                let name = words(&line.3);
                wanted.iter().all(|w| name.iter().any(|n| n.starts_with(w.as_str())))
            })
            .collect();
        let (items, total) = store.public_ledger(&ledger_query(q)).await?;
        anyhow::ensure!(
            total == hits.len() as i64 && items.iter().map(|i| i.id).eq(hits.iter().take(12).map(|h| h.0)),
            "public_ledger({q:?}) differs from a full scan ({total} lines against {})",
            hits.len()
        );
        // Every pledge here has one line, so the pledges come in the same order as the lines.
        let found = store.find_contributions(None, Some(q), 20).await?;
        anyhow::ensure!(
            found.iter().map(|c| c.reference.as_str()).eq(hits.iter().take(20).map(|h| h.2.as_str())),
            "find_contributions({q:?}) differs from a full scan"
        );
        println!("  {q:?}: {} lines, the same as a full scan", hits.len());
    }
    Ok(())
}

/// Times the ledger's read paths through the store, as the pages and the API call them.
async fn measure(args: &Args) -> anyhow::Result<bool> {
    let url = format!("sqlite:{}", args.database.display());
    // A different stream from the loader's: the searches do not depend on how the data was drawn.
    let mut rng = StdRng::seed_from_u64(args.seed ^ 0x5eed);
    let sample = donor_sample(&url).await?;
    let store = store::open(&url).await?;
    let (units, successions) = store.areas().await?;
    let areas = domain::areas::AreaIndex::new(units, &successions);
    let searches: Vec<String> = (0..args.searches).map(|_| name_search(&mut rng, &sample)).collect();
    let mut results = Vec::new();

    // Warm the connections and the statement caches as a running server would have them.
    for q in searches.iter().take(20) {
        store.find_contributions(None, Some(q), 20).await?;
        store.public_ledger(&ledger_query(q)).await?;
    }
    let mut found = 0;
    let mut times = Vec::new();
    for q in &searches {
        let t = Instant::now();
        found += usize::from(!store.find_contributions(None, Some(q), 20).await?.is_empty());
        times.push((t.elapsed(), q.as_str()));
    }
    let slowest_find = slowest(&mut times);
    results.push(Row::timed("name search: find_contributions(name, 20)", times, Target::P99(20)));
    let mut times = Vec::new();
    for q in &searches {
        let t = Instant::now();
        store.public_ledger(&ledger_query(q)).await?;
        times.push((t.elapsed(), q.as_str()));
    }
    let slowest_ledger = slowest(&mut times);
    results.push(Row::timed("name search: public_ledger(q=name), 12 a page", times, Target::P99(20)));

    // The longest lists: the most common family name alone, and a name half typed (no target).
    for (find, q) in [("Nguyễn", "nguyen"), ("nguyen thi th", "nguyen thi th")] {
        let mut found = Vec::new();
        let mut listed = Vec::new();
        for _ in 0..10 {
            let t = Instant::now();
            store.find_contributions(None, Some(find), 20).await?;
            found.push((t.elapsed(), ""));
            let t = Instant::now();
            store.public_ledger(&ledger_query(q)).await?;
            listed.push((t.elapsed(), ""));
        }
        let (find_label, ledger_label) = if q == "nguyen" {
            ("  (info) find_contributions(\"Nguyễn\")", "  (info) public_ledger(q=nguyen)")
        } else {
            ("  (info) find_contributions(\"nguyen thi th\")", "  (info) public_ledger(q=nguyen thi th)")
        };
        results.push(Row::timed(find_label, found, Target::None));
        results.push(Row::timed(ledger_label, listed, Target::None));
    }
    let mut times = Vec::new();
    for run in 0..20 {
        let t = Instant::now();
        store.public_ledger(&LedgerQuery { year: Some(2024 + run % 3), ..ledger_query("") }).await?;
        times.push((t.elapsed(), ""));
    }
    results.push(Row::timed("  (info) public_ledger(year=…), no name", times, Target::None));

    let mut times = Vec::new();
    for run in 0..20 {
        let t = Instant::now();
        store.ledger_breakdown(2024 + run % 3).await?;
        times.push((t.elapsed(), ""));
    }
    results.push(Row::timed("summary: ledger_breakdown(year), 2024–2026", times, Target::P99(200)));

    let mut times = Vec::new();
    let mut last = String::new();
    for _ in 0..5 {
        let t = Instant::now();
        let report = store.yearly_report(2025).await?;
        let queried = t.elapsed();
        let xlsx = web::ops::report::xlsx(&report, &areas, domain::i18n::Lang::Vi)?;
        let csv = web::ops::report::csv(&report, &areas, domain::i18n::Lang::Vi)?;
        times.push((t.elapsed(), ""));
        last = format!(
            "yearly report 2025: {} lines, XLSX {} KiB, CSV {} KiB; query {:.0} ms of {:.0} ms",
            report.rows.len(),
            xlsx.len() / 1024,
            csv.len() / 1024,
            ms(queried),
            ms(t.elapsed())
        );
    }
    results.push(Row::timed("yearly report 2025: query + XLSX + CSV", times, Target::Max(5_000)));

    let peak = memory("VmHWM");
    let size = file_size(&args.database) + file_size(Path::new(&format!("{}-wal", args.database.display())));
    println!();
    println!("{last}");
    println!("name searches: {} of {} found something", found, searches.len());
    println!("slowest find_contributions: {slowest_find}");
    println!("slowest public_ledger: {slowest_ledger}");
    println!();
    let all_met = print_table(&results);
    println!(
        "peak memory (VmHWM) of the measuring process: {}; database {} MiB",
        peak.map_or_else(|| "unknown".to_owned(), mib),
        size / (1024 * 1024)
    );
    println!(
        "machine: {} cores, {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        cpu_model().unwrap_or_else(|| "unknown CPU".to_owned())
    );
    Ok(all_met)
}

/// About one donor in a hundred, with their kind: the names people will search for.
async fn donor_sample(url: &str) -> anyhow::Result<Vec<(String, String)>> {
    let pool = SqlitePool::connect(url).await?;
    let sample: Vec<(String, String)> =
        sqlx::query_as("SELECT name, kind FROM donors WHERE id % 100 = 7 ORDER BY id").fetch_all(&pool).await?;
    pool.close().await;
    anyhow::ensure!(!sample.is_empty(), "the database has no donors: load it first");
    Ok(sample)
}

/// The three slowest, for the report.
fn slowest(times: &mut [(Duration, &str)]) -> String {
    times.sort_by_key(|t| std::cmp::Reverse(t.0));
    times.iter().take(3).map(|(d, q)| format!("{q:?} {:.1} ms", ms(*d))).collect::<Vec<_>>().join(", ")
}

fn ledger_query(q: &str) -> LedgerQuery {
    LedgerQuery {
        q: Some(q.to_owned()).filter(|q| !q.is_empty()),
        year: None,
        commune: None,
        category: None,
        limit: 12,
        offset: 0,
    }
}

// ---------------------------------------------------------------------------------------------
// Measuring

enum Target {
    None,
    /// p99 under this many milliseconds.
    P99(u64),
    /// Every run under this many milliseconds.
    Max(u64),
}

struct Row {
    what: &'static str,
    runs: usize,
    p50: Duration,
    p99: Duration,
    max: Duration,
    target: Target,
}

impl Row {
    fn timed(what: &'static str, times: Vec<(Duration, &str)>, target: Target) -> Row {
        let mut times: Vec<Duration> = times.into_iter().map(|(d, _)| d).collect();
        times.sort();
        let at = |p: usize| times[(times.len() * p).div_ceil(100).saturating_sub(1)];
        Row { what, runs: times.len(), p50: at(50), p99: at(99), max: at(100), target }
    }

    fn met(&self) -> Option<bool> {
        match self.target {
            Target::None => None,
            Target::P99(limit) => Some(self.p99 < Duration::from_millis(limit)),
            Target::Max(limit) => Some(self.max < Duration::from_millis(limit)),
        }
    }
}

fn print_table(rows: &[Row]) -> bool {
    println!(
        "{:<48} {:>5} {:>10} {:>10} {:>10}  {:<14} result",
        "measure", "runs", "p50 ms", "p99 ms", "max ms", "target"
    );
    let mut all = true;
    for row in rows {
        let target = match row.target {
            Target::None => String::new(),
            Target::P99(limit) => format!("p99 < {limit} ms"),
            Target::Max(limit) => format!("max < {} s", limit / 1000),
        };
        let result = match row.met() {
            None => "",
            Some(true) => "PASS",
            Some(false) => "FAIL",
        };
        all &= row.met() != Some(false);
        println!(
            "{:<48} {:>5} {:>10.1} {:>10.1} {:>10.1}  {:<14} {result}",
            row.what,
            row.runs,
            ms(row.p50),
            ms(row.p99),
            ms(row.max),
            target
        );
    }
    all
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn mib(kib: u64) -> String {
    format!("{} MiB", kib / 1024)
}

/// A `/proc/self/status` figure in KiB.
fn memory(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

fn cpu_model() -> Option<String> {
    let info = std::fs::read_to_string("/proc/cpuinfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("model name"))?;
    Some(line.split_once(':')?.1.trim().to_owned())
}

/// What a person types to find a gift: the name as written or without marks, family and given
/// name only, part of a name (middle and given name, a company's own name), or a name nobody gave
/// under. A family name alone or a half-typed name is timed apart (the longest lists).
fn name_search(rng: &mut StdRng, sample: &[(String, String)]) -> String {
    let (name, kind) = &sample[rng.gen_range(0..sample.len())];
    let words: Vec<&str> = name.split(' ').collect();
    let maybe_fold = |rng: &mut StdRng, s: String| if rng.gen_bool(0.5) { domain::text::fold(&s) } else { s };
    match rng.gen_range(0..100) {
        0..30 => name.clone(),
        30..55 => domain::text::fold(name),
        55..80 if kind == "individual" => maybe_fold(rng, format!("{} {}", words[0], words[words.len() - 1])),
        55..90 => maybe_fold(rng, words[words.len().saturating_sub(2)..].join(" ")),
        _ => ["Smith", "Müller Hans", "Tanaka Hiroshi", "Kowalski Jan", "Dupont Marie", "Olsen"][rng.gen_range(0..6)]
            .to_owned(),
    }
}

// ---------------------------------------------------------------------------------------------
// Loading

struct Loaded {
    donors: usize,
    pledges: usize,
    deliveries: usize,
    needs: usize,
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

async fn load(pool: &SqlitePool, rng: &mut StdRng, total: usize) -> anyhow::Result<Loaded> {
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

fn lowercase_first(s: &str) -> String {
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

fn pick<T: Copy>(rng: &mut StdRng, weighted: &[(T, u32)]) -> T {
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

fn one<'a>(rng: &mut StdRng, items: &[&'a str]) -> &'a str {
    items.choose(rng).copied().unwrap_or_default()
}

/// Family names by share (‰), with the Tày, Nùng and Dao families common in the province.
const FAMILIES: &[(&str, u32)] = &[
    ("Nguyễn", 370),
    ("Trần", 100),
    ("Lê", 85),
    ("Phạm", 65),
    ("Hoàng", 55),
    ("Phan", 40),
    ("Vũ", 38),
    ("Đặng", 20),
    ("Bùi", 20),
    ("Đỗ", 15),
    ("Hồ", 10),
    ("Ngô", 13),
    ("Dương", 12),
    ("Lý", 6),
    ("Hà", 18),
    ("Ma", 10),
    ("Nông", 12),
    ("Lục", 6),
    ("Triệu", 8),
    ("Đào", 9),
    ("Đinh", 8),
    ("Lương", 8),
    ("Trịnh", 6),
    ("Mai", 5),
    ("Lâm", 5),
    ("Chu", 6),
    ("La", 4),
    ("Hứa", 4),
    ("Tô", 4),
    ("Đàm", 4),
    ("Quan", 3),
    ("Âu", 2),
];

const MIDDLE_MALE: &[(&str, u32)] = &[
    ("Văn", 45),
    ("Đức", 10),
    ("Minh", 9),
    ("Quang", 7),
    ("Hữu", 7),
    ("Thành", 5),
    ("Xuân", 5),
    ("Công", 5),
    ("Mạnh", 3),
    ("Ngọc", 3),
    ("Trung", 3),
    ("Thế", 4),
    ("Tiến", 3),
    ("Duy", 4),
    ("Anh", 3),
];

const MIDDLE_FEMALE: &[(&str, u32)] = &[
    ("Thị", 55),
    ("Thu", 8),
    ("Ngọc", 7),
    ("Thanh", 6),
    ("Hồng", 6),
    ("Minh", 4),
    ("Phương", 4),
    ("Bích", 3),
    ("Kim", 4),
    ("Mai", 3),
    ("Diệu", 2),
    ("Quỳnh", 2),
    ("Hải", 2),
    ("Khánh", 2),
];

const GIVEN_MALE: &[&str] = &[
    "An",
    "Anh",
    "Bảo",
    "Bình",
    "Cường",
    "Công",
    "Chiến",
    "Dũng",
    "Duy",
    "Dương",
    "Đạt",
    "Định",
    "Đông",
    "Đức",
    "Giang",
    "Hải",
    "Hào",
    "Hiếu",
    "Hiệp",
    "Hòa",
    "Hoàng",
    "Hùng",
    "Huy",
    "Hưng",
    "Khang",
    "Khánh",
    "Khoa",
    "Kiên",
    "Lâm",
    "Long",
    "Lộc",
    "Lợi",
    "Mạnh",
    "Minh",
    "Nam",
    "Nghĩa",
    "Nhân",
    "Phát",
    "Phong",
    "Phúc",
    "Phương",
    "Quân",
    "Quang",
    "Quý",
    "Sang",
    "Sơn",
    "Tài",
    "Tân",
    "Thái",
    "Thắng",
    "Thành",
    "Thịnh",
    "Thuận",
    "Tiến",
    "Toàn",
    "Trí",
    "Trung",
    "Trường",
    "Tú",
    "Tuấn",
    "Tùng",
    "Việt",
    "Vinh",
    "Vũ",
];

const GIVEN_FEMALE: &[&str] = &[
    "An", "Anh", "Ánh", "Bích", "Châu", "Chi", "Cúc", "Diệp", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền",
    "Hoa", "Hòa", "Hồng", "Huệ", "Hương", "Huyền", "Khánh", "Lan", "Liên", "Linh", "Loan", "Ly", "Mai", "My", "Nga",
    "Ngân", "Ngọc", "Nguyệt", "Nhàn", "Nhung", "Oanh", "Phương", "Quyên", "Quỳnh", "Tâm", "Thảo", "Thơ", "Thu", "Thủy",
    "Thúy", "Trang", "Trinh", "Tuyết", "Uyên", "Vân", "Vy", "Xuân", "Yến",
];

fn person(rng: &mut StdRng) -> String {
    let female = rng.gen_bool(0.5);
    let (middles, given) = if female { (MIDDLE_FEMALE, GIVEN_FEMALE) } else { (MIDDLE_MALE, GIVEN_MALE) };
    let family = pick(rng, FAMILIES);
    let middle = pick(rng, middles);
    let given = one(rng, given);
    if middle == "Thị" && rng.gen_bool(0.25) {
        // "Nguyễn Thị Thu Hà": a second middle name.
        let second = pick(rng, &middles[1..]);
        format!("{family} {middle} {second} {given}")
    } else {
        format!("{family} {middle} {given}")
    }
}

const BRANDS: &[&str] = &[
    "Minh Phát",
    "Hoàng Long",
    "Thành Công",
    "Phú Thái",
    "An Khang",
    "Tân Cương",
    "Thái Hưng",
    "Việt Bắc",
    "Đại Từ",
    "Hồng Hà",
    "Gia Bảo",
    "Hưng Thịnh",
    "Phúc Lộc",
    "Sông Cầu",
    "Núi Cốc",
    "Trường Sơn",
    "Bình Minh",
    "Sao Mai",
    "Đông Á",
    "Kim Long",
    "Hải Đăng",
    "Thiên Phú",
    "Nam Việt",
    "Quang Trung",
    "Tiến Đạt",
    "Đức Thành",
];

const SECTORS: &[&str] = &[
    "Thương mại",
    "Xây dựng",
    "Dịch vụ",
    "Vận tải",
    "Đầu tư",
    "Chè",
    "Thực phẩm",
    "Dược phẩm",
    "May mặc",
    "Cơ khí",
    "Điện tử",
    "Nông sản",
    "Du lịch",
    "Vật liệu xây dựng",
];

fn business(rng: &mut StdRng) -> String {
    let form = pick(rng, &[("Công ty TNHH", 60), ("Công ty Cổ phần", 30), ("Doanh nghiệp tư nhân", 10)]);
    let sector = one(rng, SECTORS);
    let sector = if rng.gen_bool(0.2) { format!("{sector} và {}", one(rng, SECTORS)) } else { sector.to_owned() };
    let brand = one(rng, BRANDS);
    let place = if rng.gen_bool(0.3) { " Thái Nguyên" } else { "" };
    format!("{form} {sector} {brand}{place}")
}

fn organisation(rng: &mut StdRng, kind: &str, commune: &str) -> String {
    let proper = commune.split_once(' ').map_or(commune, |(_, p)| p);
    let lower = lowercase_first(commune);
    match kind {
        "mass_organisation" => {
            let body = one(
                rng,
                &[
                    "Hội Liên hiệp Phụ nữ",
                    "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
                    "Hội Chữ thập đỏ",
                    "Ủy ban Mặt trận Tổ quốc Việt Nam",
                    "Hội Cựu chiến binh",
                    "Hội Nông dân",
                ],
            );
            format!("{body} {lower}")
        }
        "fund" => match rng.gen_range(0..3) {
            0 => format!("Quỹ Từ thiện {}", one(rng, BRANDS)),
            1 => format!("Quỹ Khuyến học {lower}"),
            _ => format!("Quỹ Bảo trợ trẻ em {lower}"),
        },
        _ => match rng.gen_range(0..5) {
            0 => format!("Ngân hàng Nông nghiệp và Phát triển Nông thôn chi nhánh {proper}"),
            1 => format!("Trường Trung học phổ thông {proper}"),
            2 => format!("Bệnh viện Đa khoa {proper}"),
            3 => format!("Hợp tác xã Chè {proper}"),
            _ => format!("Câu lạc bộ Thiện nguyện {proper}"),
        },
    }
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
