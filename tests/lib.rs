//! The harness of the story tests: a real `portal` (the same router and store as production) on
//! port 0, against a fresh database of its own — a SQLite file in a temporary directory, or a new
//! PostgreSQL database when `TEST_POSTGRES_URL` is set.

use std::path::PathBuf;

use tokio::sync::oneshot;
use web::AppState;
use web::ops::config::Config;

pub mod mail_sink;
pub mod phone_fakes;

/// Which database a story runs against.
#[derive(Clone, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The PostgreSQL server to create test databases on, when there is one.
    pub fn postgres_url() -> Option<String> {
        std::env::var("TEST_POSTGRES_URL").ok().filter(|u| !u.trim().is_empty())
    }
}

/// A database made for one test, removed when the test ends well.
pub struct TestDatabase {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    postgres: Option<(String, String)>,
}

impl TestDatabase {
    pub async fn create(backend: &Backend) -> anyhow::Result<Option<Self>> {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir()?;
                let url = format!("sqlite:{}", dir.path().join("portal.db").display());
                Ok(Some(TestDatabase { url, _dir: Some(dir), postgres: None }))
            }
            Backend::Postgres => {
                let Some(admin_url) = Backend::postgres_url() else {
                    eprintln!("TEST_POSTGRES_URL is not set: the PostgreSQL story is skipped here (CI sets it)");
                    return Ok(None);
                };
                let name = format!("portal_test_{}_{}", std::process::id(), unique_suffix());
                let mut admin = <sqlx::PgConnection as sqlx::Connection>::connect(&admin_url).await?;
                sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await?;
                let url = with_database(&admin_url, &name);
                Ok(Some(TestDatabase { url, _dir: None, postgres: Some((admin_url, name)) }))
            }
        }
    }

    /// Drops a PostgreSQL test database (SQLite's directory goes with the value).
    pub async fn remove(self) {
        if let Some((admin_url, name)) = &self.postgres
            && let Ok(mut admin) = <sqlx::PgConnection as sqlx::Connection>::connect(admin_url).await
        {
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&mut admin).await;
        }
    }
}

fn unique_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    u64::from(nanos) * 1000 + NEXT.fetch_add(1, Ordering::Relaxed)
}

/// `postgres://user@host:5432/postgres` → the same server, another database.
pub fn with_database(url: &str, database: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let (scheme, rest) = base.split_once("://").unwrap_or(("postgres", base));
    let server = rest.split_once('/').map_or(rest, |(s, _)| s);
    match query {
        Some(q) => format!("{scheme}://{server}/{database}?{q}"),
        None => format!("{scheme}://{server}/{database}"),
    }
}

/// A running portal.
pub struct TestPortal {
    pub base: String,
    pub state: AppState,
    /// The store under the services, for setting a story up (and checking it) directly.
    pub store: std::sync::Arc<dyn portal::store::Store>,
    pub http: reqwest::Client,
    /// The page cache's clock: it stands still until a story moves it past the refresh window.
    pub clock: std::sync::Arc<web::middleware::clock::ManualClock>,
    /// Unused recovery codes of the accounts a test enrolled, for their second sign-in step.
    recovery_codes: std::sync::Mutex<std::collections::HashMap<String, Vec<String>>>,
    database: Option<TestDatabase>,
    config: Config,
    stop: Option<oneshot::Sender<()>>,
    served: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

impl TestPortal {
    /// Starts a portal on a fresh database; `None` when the backend is not available here.
    pub async fn start(backend: Backend) -> anyhow::Result<Option<Self>> {
        Self::start_with(backend, |_| {}).await
    }

    /// Like `start`, with the configuration adjusted first (stories use no pledge rate limit
    /// unless they set one, and see progress on public pages at once unless they set a window).
    pub async fn start_with(backend: Backend, adjust: impl FnOnce(&mut Config)) -> anyhow::Result<Option<Self>> {
        let Some(database) = TestDatabase::create(&backend).await? else { return Ok(None) };
        let mut config = Config {
            database_url: database.url.clone(),
            addr: "127.0.0.1:0".parse()?,
            org_name: "Sở Y tế tỉnh (thử nghiệm)".to_owned(),
            site_root: workspace_root().join("target/site"),
            default_account: Some(("970436".into(), "0011001234567".into(), "QUY BAO TRO TRE EM".into())),
            pledge_rate_per_minute: 0,
            mail_url: "log".to_owned(),
            notice_retry_seconds: 1,
            progress_window_ms: 0,
            ..Config::default()
        };
        adjust(&mut config);
        Ok(Some(Self::launch(database, config).await?))
    }

    /// Stops as `portal serve` does on SIGTERM (the notice being sent is finished, those claimed and
    /// not started are queued again) and starts again on the same database.
    pub async fn restart(mut self) -> anyhow::Result<Self> {
        self.stop_serving().await;
        let database = self.database.take().ok_or_else(|| anyhow::anyhow!("no database"))?;
        Self::launch(database, self.config.clone()).await
    }

    async fn stop_serving(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(served) = self.served.take() {
            let _ = served.await;
        }
    }

    async fn launch(database: TestDatabase, config: Config) -> anyhow::Result<Self> {
        let (mut shared, store) = web::state::prepare_with_store(&config).await?;
        let clock = std::sync::Arc::new(web::middleware::clock::ManualClock::default());
        shared.page_cache = std::sync::Arc::new(web::middleware::page_cache::PageCache::new(
            std::time::Duration::from_millis(config.progress_window_ms),
            clock.clone(),
        ));
        shared.share_cards = std::sync::Arc::new(web::forms::outreach::ShareCards::new(clock.clone()));
        let state = web::state::AppState::new(shared);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let base = format!("http://{}", listener.local_addr()?);
        let (stop, stopped) = oneshot::channel::<()>();
        let served = tokio::spawn(web::serve(listener, state.clone(), async {
            let _ = stopped.await;
        }));
        // A stuck request fails the story instead of hanging the suite.
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(60))
            .build()?;
        Ok(TestPortal {
            store,
            base,
            state,
            http,
            clock,
            recovery_codes: Default::default(),
            database: Some(database),
            config,
            stop: Some(stop),
            served: Some(served),
        })
    }

    /// Loads the demo needs through the same path as `portal seed-demo`.
    pub async fn seed_demo(&self) -> anyhow::Result<()> {
        self.store.seed_demo(&portal::demo::demo_needs()).await?;
        self.store.seed_demo_campaigns(&portal::demo::demo_campaigns(domain::format::today())).await?;
        self.state.portal.changed();
        Ok(())
    }

    /// Turns on an account's second factor (as its owner would on /staff/totp) and keeps its
    /// recovery codes for `sign_in_staff`. Answers the TOTP secret.
    pub async fn enrol_second_factor(&self, email: &str) -> anyhow::Result<String> {
        let store = &self.store;
        let account = store.staff_by_email(email).await?.ok_or_else(|| anyhow::anyhow!("no account {email}"))?;
        let secret = portal::second_factor::new_secret();
        store.set_totp_pending(account.id, &secret).await?;
        let codes = portal::second_factor::new_recovery_codes();
        let hashes: Vec<String> = codes.iter().map(|c| portal::second_factor::recovery_code_hash(c)).collect();
        store.enable_totp(account.id, 0, &hashes).await?;
        self.recovery_codes.lock().map_err(|_| anyhow::anyhow!("poisoned"))?.insert(email.to_owned(), codes);
        Ok(secret)
    }

    /// One of an enrolled account's unused recovery codes.
    pub fn take_recovery_code(&self, email: &str) -> Option<String> {
        self.recovery_codes.lock().ok()?.get_mut(email)?.pop()
    }

    /// The password of the accounts `staff_signed_in` creates.
    pub const STAFF_PASSWORD: &'static str = "mật khẩu đủ dài 2026";

    /// Creates a staff account (with its second factor for admins and coordinators), signs it in and
    /// answers the session cookie.
    pub async fn staff_signed_in(&self, email: &str, role: domain::Role, communes: &[&str]) -> anyhow::Result<String> {
        self.store
            .create_staff(
                &portal::store::NewStaff {
                    email: email.into(),
                    display_name: email.into(),
                    password_hash: portal::passwords::hash(Self::STAFF_PASSWORD.into()).await?,
                    role,
                    communes: communes.iter().map(|c| (*c).to_owned()).collect(),
                },
                None,
            )
            .await?;
        if matches!(role, domain::Role::Admin | domain::Role::Coordinator) {
            self.enrol_second_factor(email).await?;
        }
        self.sign_in_staff(email, Self::STAFF_PASSWORD).await
    }

    /// Signs a staff member in through the real forms (password, then a recovery code when the
    /// account has a second factor) and answers the session cookie `name=value`.
    pub async fn sign_in_staff(&self, email: &str, password: &str) -> anyhow::Result<String> {
        let first =
            self.http.post(self.url("/staff/login")).form(&[("email", email), ("password", password)]).send().await?;
        let mut location = header(&first, "location");
        let mut cookie = session_cookie(&first).ok_or_else(|| anyhow::anyhow!("no session for {email}: {location}"))?;
        if location == "/staff/login/code" {
            let code =
                self.take_recovery_code(email).ok_or_else(|| anyhow::anyhow!("no recovery code left for {email}"))?;
            let second = self
                .http
                .post(self.url("/staff/login/code"))
                .header("cookie", &cookie)
                .form(&[("code", code.as_str())])
                .send()
                .await?;
            location = header(&second, "location");
            cookie = session_cookie(&second).ok_or_else(|| anyhow::anyhow!("no session after the code"))?;
        }
        anyhow::ensure!(location == "/staff", "{email} was sent to {location}");
        Ok(cookie)
    }

    /// The test database's address, for checks that go around the portal.
    /// Moves every `created_at` of a table `days` into the past, as if those rows were written
    /// then (reminders, expiries). Values go through sqlx so each backend keeps its own encoding.
    pub async fn backdate(&self, table: &str, days: i64) -> anyhow::Result<()> {
        let url = self.database_url();
        let shift = time::Duration::days(days);
        let select = format!("SELECT id, created_at FROM {table}");
        let update = format!("UPDATE {table} SET created_at = $1 WHERE id = $2");
        if url.starts_with("sqlite:") {
            let pool = sqlx::SqlitePool::connect(&url).await?;
            let rows: Vec<(i64, time::OffsetDateTime)> = sqlx::query_as(&select).fetch_all(&pool).await?;
            for (id, at) in rows {
                sqlx::query(&update).bind(at - shift).bind(id).execute(&pool).await?;
            }
        } else {
            let pool = sqlx::PgPool::connect(&url).await?;
            let rows: Vec<(i64, time::OffsetDateTime)> = sqlx::query_as(&select).fetch_all(&pool).await?;
            for (id, at) in rows {
                sqlx::query(&update).bind(at - shift).bind(id).execute(&pool).await?;
            }
        }
        Ok(())
    }

    /// Every `table.column` whose text (or bytes) holds `needle` exactly, in every schema of the
    /// test database, session store included: what a person's erasure must leave empty.
    pub async fn columns_holding(&self, needle: &str) -> anyhow::Result<Vec<String>> {
        let url = self.database_url();
        let mut found = Vec::new();
        if url.starts_with("sqlite:") {
            let pool = sqlx::SqlitePool::connect(&url).await?;
            let tables: Vec<(String,)> =
                sqlx::query_as("SELECT name FROM sqlite_master WHERE type = 'table'").fetch_all(&pool).await?;
            for (table,) in tables {
                let columns: Vec<(String,)> =
                    sqlx::query_as(&format!("SELECT name FROM pragma_table_info('{table}')")).fetch_all(&pool).await?;
                for (column,) in columns {
                    let sql = format!(
                        "SELECT COUNT(*) FROM \"{table}\" WHERE instr(CAST(\"{column}\" AS BLOB), CAST($1 AS BLOB)) > 0"
                    );
                    let (n,): (i64,) = sqlx::query_as(&sql).bind(needle).fetch_one(&pool).await?;
                    if n > 0 {
                        found.push(format!("{table}.{column}"));
                    }
                }
            }
        } else {
            let pool = sqlx::PgPool::connect(&url).await?;
            let columns: Vec<(String, String, String, String)> = sqlx::query_as(
                "SELECT c.table_schema::text, c.table_name::text, c.column_name::text, c.data_type::text \
                 FROM information_schema.columns c JOIN information_schema.tables t \
                 ON t.table_schema = c.table_schema AND t.table_name = c.table_name \
                 WHERE t.table_type = 'BASE TABLE' AND c.table_schema NOT IN ('pg_catalog', 'information_schema')",
            )
            .fetch_all(&pool)
            .await?;
            for (schema, table, column, data_type) in columns {
                let test = match data_type.as_str() {
                    "bytea" => format!("position(convert_to($1, 'UTF8') in \"{column}\") > 0"),
                    _ => format!("strpos(CAST(\"{column}\" AS TEXT), $1) > 0"),
                };
                let sql = format!("SELECT COUNT(*) FROM \"{schema}\".\"{table}\" WHERE {test}");
                let (n,): (i64,) = sqlx::query_as(&sql).bind(needle).fetch_one(&pool).await?;
                if n > 0 {
                    found.push(format!("{table}.{column}"));
                }
            }
        }
        Ok(found)
    }

    /// Runs one statement written for each backend (moving dates a story needs in the past).
    pub async fn execute(&self, sqlite: &str, postgres: &str) -> anyhow::Result<u64> {
        let url = self.database_url();
        Ok(if url.starts_with("sqlite:") {
            let pool = sqlx::SqlitePool::connect(&url).await?;
            sqlx::query(sqlite).execute(&pool).await?.rows_affected()
        } else {
            let pool = sqlx::PgPool::connect(&url).await?;
            sqlx::query(postgres).execute(&pool).await?.rows_affected()
        })
    }

    pub fn database_url(&self) -> String {
        self.database.as_ref().map(|d| d.url.clone()).unwrap_or_default()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn get(&self, path: &str) -> anyhow::Result<Page> {
        self.get_with(path, &[]).await
    }

    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> anyhow::Result<Page> {
        let mut request = self.http.get(self.url(path));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        Page::read(request.send().await?).await
    }

    pub async fn json(&self, path: &str) -> anyhow::Result<(u16, serde_json::Value)> {
        let response = self.http.get(self.url(path)).send().await?;
        let status = response.status().as_u16();
        Ok((status, response.json().await?))
    }

    /// A JSON answer read by someone signed in (the session cookie), e.g. `/me/data.json`.
    pub async fn json_as(&self, path: &str, cookie: &str) -> anyhow::Result<serde_json::Value> {
        Ok(self.http.get(self.url(path)).header("cookie", cookie).send().await?.json().await?)
    }

    /// A form posted by someone signed in (the session cookie); the answer as it came.
    pub async fn post_form_as<T: serde::Serialize + ?Sized>(
        &self,
        path: &str,
        cookie: &str,
        form: &T,
    ) -> anyhow::Result<reqwest::Response> {
        Ok(self.http.post(self.url(path)).header("cookie", cookie).form(form).send().await?)
    }

    /// Stops the server and removes the database.
    pub async fn finish(mut self) {
        self.stop_serving().await;
        if let Some(database) = self.database.take() {
            database.remove().await;
        }
    }
}

/// An answer, with helpers to read its HTML.
pub struct Page {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Page {
    /// Reads a whole answer.
    pub async fn read(response: reqwest::Response) -> anyhow::Result<Page> {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.text().await?;
        Ok(Page { status, headers, body })
    }

    pub fn document(&self) -> scraper::Html {
        scraper::Html::parse_document(&self.body)
    }

    /// The inner HTML of the first element matching a CSS selector.
    pub fn inner_html(&self, selector: &str) -> Option<String> {
        #[allow(clippy::expect_used)]
        let selector = scraper::Selector::parse(selector).expect("a valid selector in the test");
        self.document().select(&selector).next().map(|el| el.inner_html())
    }

    /// The text of every element matching a CSS selector, whitespace collapsed.
    pub fn texts(&self, selector: &str) -> Vec<String> {
        #[allow(clippy::expect_used)]
        let selector = scraper::Selector::parse(selector).expect("a valid selector in the test");
        self.document()
            .select(&selector)
            .map(|el| el.text().collect::<Vec<_>>().join(" ").split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    }

    pub fn text(&self, selector: &str) -> Option<String> {
        self.texts(selector).into_iter().next()
    }

    pub fn count(&self, selector: &str) -> usize {
        self.texts(selector).len()
    }

    /// An attribute of every element matching a CSS selector.
    pub fn attrs(&self, selector: &str, attr: &str) -> Vec<String> {
        #[allow(clippy::expect_used)]
        let selector = scraper::Selector::parse(selector).expect("a valid selector in the test");
        self.document().select(&selector).filter_map(|el| el.value().attr(attr).map(str::to_owned)).collect()
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
    }
}

/// Runs one story on SQLite, and one on PostgreSQL when `TEST_POSTGRES_URL` is set.
#[macro_export]
macro_rules! on_both_backends {
    ($story:ident) => {
        mod $story {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$story(tests::Backend::Sqlite).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$story(tests::Backend::Postgres).await;
            }
        }
    };
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned()
}

/// The session cookie a response sets, as `name=value`.
pub fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("portal_session="))
        .map(|c| c.split(';').next().unwrap_or("").to_owned())
}
