//! `ledger-bench`: loads a fresh SQLite database with 1,000,000 confirmed pledges (about 250,000
//! donors over 2024–2026) and times the ledger's read paths through the real `Store`: the name
//! search, the year summary and the yearly report; then peak memory. `scripts/bench-ledger.sh`
//! builds and runs it.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Parser;
use domain::LedgerQuery;
use domain::format::VIETNAM;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sqlx::SqlitePool;
use time::macros::date;
use time::{Date, UtcOffset};

mod load;
mod names;

use self::load::load;

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
