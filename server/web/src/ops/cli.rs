//! `portal [serve] | migrate | seed-demo | create-admin | import-… | backup | restore | report`.

use anyhow::Context;
use clap::{Parser, Subcommand};
use domain::i18n::plural::count;
use portal::store::SeedOutcome;

use crate::ops::config::{Config, LogFormat};

#[derive(Parser, Debug)]
#[command(name = "portal", version, about = "Cổng Hỗ trợ Trẻ em — donor portal and network directory")]
pub struct Cli {
    /// Without a command the portal serves (as `cargo leptos watch` starts it).
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the portal (migrates the database first).
    Serve {
        /// Address to listen on (overrides PORTAL_ADDR), e.g. 127.0.0.1:3000.
        #[arg(long)]
        addr: Option<String>,
    },
    /// Apply pending database migrations and bring the reference data up to date.
    Migrate,
    /// Load the demo needs (once; a second run changes nothing).
    SeedDemo,
    /// Create an administrator account. The password is read from PORTAL_ADMIN_PASSWORD or, when
    /// that is not set, from the first line of standard input — never from the command line.
    CreateAdmin {
        email: String,
        /// The name shown in the staff area.
        #[arg(long, default_value = "")]
        name: String,
    },
    /// Load commune classifications (region I/II/III per period) from a CSV file; a file with any
    /// bad line changes nothing.
    ImportClassifications {
        /// CSV with the header system,commune_code,period_start,period_end,region,extremely_disadvantaged_villages,decision
        file: std::path::PathBuf,
    },
    /// Import the year's resource-mobilisation plan (CSV or XLSX with the header
    /// commune_code,category,target_children,target_amount) and publish it; a file with any bad line
    /// changes nothing. Importing again replaces the plan.
    ImportPlan {
        /// The plan's year.
        #[arg(long)]
        year: i32,
        file: std::path::PathBuf,
        /// Stage it as a draft for a coordinator to publish on /staff/plan instead.
        #[arg(long)]
        draft: bool,
    },
    /// Import a bank statement (CSV) and match its transfers to pledges; importing the same file
    /// again changes nothing.
    ImportStatement {
        file: std::path::PathBuf,
        /// The statement's column names for date, amount (money in), description and reference, and
        /// optionally money out, in that order (compared without case or diacritics). Without it the
        /// layout is recognised from the header (the generic one and Vietnamese banks' exports).
        #[arg(long)]
        columns: Option<String>,
        /// The account the statement is for, `BIN:number` (e.g. `970436:0011001234567`): its lines
        /// are then known by account and bank reference, so a transfer a bank feed reported already
        /// counts once, and a statement of an account that is not the programme's counts nothing.
        #[arg(long)]
        account: Option<String>,
    },
    /// Write a consistent copy of the SQLite database to DEST while the portal serves (for
    /// PostgreSQL it names the pg_dump command to use).
    Backup { dest: std::path::PathBuf },
    /// Restore a backup into DATABASE_URL, which must not hold a database yet; then migrate it.
    Restore { src: std::path::PathBuf },
    /// Write the yearly report (by commune × kind of support × source, donors, children reached).
    Report {
        /// The calendar year.
        #[arg(long)]
        year: i32,
        /// `xlsx` (default) or `csv`.
        #[arg(long, default_value = "xlsx")]
        format: String,
        /// Where to write it (default: bao-cao-ho-tro-tre-em-YEAR.xlsx|csv in the working directory).
        #[arg(long)]
        out: Option<std::path::PathBuf>,
        /// `vi` (default) or `en`.
        #[arg(long, default_value = "vi")]
        lang: String,
    },
}

fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.try_init(),
    };
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let mut config = Config::load()?;
    init_logging(config.log_format);
    match cli.command.unwrap_or(Command::Serve { addr: None }) {
        Command::Serve { addr } => {
            if let Some(addr) = addr {
                config.set_addr(&addr)?;
            }
            let state = crate::prepare(&config).await?;
            let listener = tokio::net::TcpListener::bind(config.addr)
                .await
                .with_context(|| format!("cannot listen on {}", config.addr))?;
            let local = listener.local_addr()?;
            tracing::info!(backend = state.portal.backend(), "portal listening on http://{local}");
            // Printed on stdout so scripts and tests can wait for it and learn the port.
            println!("listening on http://{local}");
            crate::serve(listener, state, shutdown_signal()).await?;
        }
        Command::Backup { dest } => {
            let bytes = crate::ops::backup::backup(&config.database_url, &dest).await?;
            println!("backup written to {} ({bytes} bytes)", dest.display());
        }
        Command::Restore { src } => {
            crate::ops::backup::restore(&config.database_url, &src).await?;
            println!("restored {} into {}", src.display(), store::redact(&config.database_url));
        }
        Command::Migrate => {
            let store = store::open(&config.database_url).await?;
            crate::ops::reference::sync_areas(store.as_ref()).await?;
            println!("database is up to date ({})", store.backend());
        }
        Command::SeedDemo => {
            let store = store::open(&config.database_url).await?;
            crate::ops::reference::sync_areas(store.as_ref()).await?;
            match store.seed_demo(&portal::demo::demo_needs()).await? {
                SeedOutcome::Loaded { count } => println!("demo data loaded: {count} needs"),
                SeedOutcome::AlreadyLoaded => println!("demo needs were already loaded; nothing changed"),
            }
            match store.seed_demo_campaigns(&portal::demo::demo_campaigns(domain::format::today())).await? {
                SeedOutcome::Loaded { count } => println!("demo campaigns loaded: {count} campaigns"),
                SeedOutcome::AlreadyLoaded => println!("demo campaigns were already loaded; nothing changed"),
            }
        }
        Command::CreateAdmin { email, name } => {
            let password = match std::env::var("PORTAL_ADMIN_PASSWORD") {
                Ok(p) if !p.is_empty() => p,
                _ => {
                    eprintln!("password for {email} (read from standard input):");
                    let mut line = String::new();
                    std::io::stdin().read_line(&mut line).context("cannot read the password")?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            let portal = crate::state::open_portal(&config, store::open(&config.database_url).await?).await?;
            match portal.create_admin(&email, &name, password).await {
                Ok(id) => println!("administrator {} created (account {id})", portal::sign_in::normalise_email(&email)),
                Err(portal::Error::Invalid(problems)) => {
                    let lang = domain::i18n::Lang::En;
                    let said: Vec<String> =
                        problems.iter().map(|(field, p)| format!("{field}: {}", lang.field_problem(*p))).collect();
                    anyhow::bail!("no account was created: {}", said.join(" "));
                }
                Err(e) => return Err(e.into()),
            }
        }
        Command::ImportClassifications { file } => {
            let text = std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let store = store::open(&config.database_url).await?;
            crate::ops::reference::sync_areas(store.as_ref()).await?;
            let (units, _) = store.areas().await?;
            match crate::ops::classifications::parse(&text, &units) {
                Ok(rows) => {
                    store.save_classifications(&rows).await?;
                    println!("{} classifications saved", rows.len());
                }
                Err(problems) => {
                    for problem in &problems {
                        eprintln!("{}: {problem}", file.display());
                    }
                    anyhow::bail!("nothing was saved: {} problems in {}", problems.len(), file.display());
                }
            }
        }
        Command::ImportPlan { year, file, draft } => {
            let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let portal = crate::state::open_portal(&config, store::open(&config.database_url).await?).await?;
            let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            match portal.import_plan(None, year, &name, &bytes, !draft).await? {
                Ok(lines) => {
                    let stage = if draft { "staged as a draft" } else { "published" };
                    println!("the {year} plan: {lines} lines {stage}");
                }
                Err(problems) => {
                    for problem in &problems {
                        eprintln!("{}: {problem}", file.display());
                    }
                    anyhow::bail!("nothing was saved: {} problems in {}", problems.len(), file.display());
                }
            }
        }
        Command::ImportStatement { file, columns, account } => {
            let mapping = match columns {
                Some(columns) => portal::statements::ColumnMapping::from_list(&columns).map_err(anyhow::Error::msg)?,
                None => portal::statements::ColumnMapping::recognised(),
            };
            let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let mut lines = portal::statements::parse(&bytes, &mapping)
                .with_context(|| format!("nothing was imported from {}", file.display()))?;
            let portal = crate::state::open_portal(&config, store::open(&config.database_url).await?).await?;
            portal
                .on_account(&mut lines, account.as_deref())
                .await
                .map_err(|_| anyhow::anyhow!("--account is BIN:number, e.g. 970436:0011001234567"))?;
            let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let total = lines.len();
            let id = portal.start_statement_import(None, &name, total).await?;
            let outcome = portal
                .import_in_chunks(id, &lines, None, |so_far| {
                    if total > portal::reconciliation::CHUNK_LINES {
                        eprintln!("{} / {total} lines", so_far.lines);
                    }
                })
                .await?;
            println!("{}", domain::i18n::Lang::En.import_outcome(&outcome));
        }
        Command::Report { year, format, out, lang } => {
            let lang = domain::i18n::Lang::parse(&lang).context("--lang must be vi or en")?;
            let portal = crate::state::open_portal(&config, store::open(&config.database_url).await?).await?;
            let report = portal.yearly_report_for_operator(year).await?;
            let areas = &portal.areas;
            let bytes = match format.as_str() {
                "xlsx" => crate::ops::report::xlsx(&report, areas, lang).context("cannot write the XLSX report")?,
                "csv" => crate::ops::report::csv(&report, areas, lang).context("cannot write the CSV report")?,
                other => anyhow::bail!("--format must be xlsx or csv (got {other:?})"),
            };
            let out = out.unwrap_or_else(|| format!("bao-cao-ho-tro-tre-em-{year}.{format}").into());
            std::fs::write(&out, bytes).with_context(|| format!("cannot write {}", out.display()))?;
            println!(
                "report for {year} written to {} ({}, {} đồng confirmed, {} reached)",
                out.display(),
                count(report.rows.len(), "line", "lines"),
                report.totals.confirmed,
                count(report.totals.children_reached, "child", "children")
            );
        }
    }
    Ok(())
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
