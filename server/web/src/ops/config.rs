//! Configuration in layers: defaults, then `portal.toml` (or the file named by `PORTAL_CONFIG`),
//! then the environment (`DATABASE_URL`, `PORTAL_*`), then command-line flags.
//! Every key is documented once, in the README's configuration table.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::Deserialize;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

#[derive(Clone, PartialEq, Eq)]
pub struct Config {
    /// `DATABASE_URL`: `sqlite:…` (default `sqlite:data/portal.db`) or `postgres://…`.
    pub database_url: String,
    /// `PORTAL_ADDR`: where `portal serve` listens.
    pub addr: SocketAddr,
    /// `PORTAL_PUBLIC_URL`: how the public reaches the portal (links in notices, OpenGraph).
    pub public_url: String,
    /// `PORTAL_ORG_NAME`: the coordinating body shown on every page.
    pub org_name: String,
    /// `PORTAL_SITE_ROOT`: the built browser bundle and assets (cargo-leptos output).
    pub site_root: PathBuf,
    /// `LEPTOS_RELOAD_PORT`: where `cargo leptos watch` tells open pages to reload.
    pub reload_port: u32,
    /// `PORTAL_LOG_FORMAT`: `text` or `json`.
    pub log_format: LogFormat,
    /// `PORTAL_TRUSTED_PROXIES`: addresses of the reverse proxies in front (comma-separated).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// `PORTAL_DEFAULT_ACCOUNT`: `BIN:ACCOUNT_NUMBER:ACCOUNT NAME`, where money pledged to a need
    /// outside any campaign goes.
    pub default_account: Option<(String, String, String)>,
    /// `PORTAL_PLEDGE_RATE_PER_MINUTE`: pledges one address may make per minute (0: no limit, for
    /// load tests).
    pub pledge_rate_per_minute: u32,
    /// `PORTAL_MAIL_URL`: `smtp://user:pass@host:port`, `smtps://…`, `file:DIRECTORY` or `log`.
    pub mail_url: String,
    /// `PORTAL_MAIL_FROM`: the sender of notices, `Name <address>`.
    pub mail_from: String,
    /// `PORTAL_REMINDER_DAYS`: days after a money pledge (and again after the first reminder) until
    /// an unpaid one is reminded.
    pub reminder_days: i64,
    /// `PORTAL_DIGEST_DAYS`: days between two digests to a donor (each only when something is new).
    pub digest_days: i64,
    /// `PORTAL_NOTICE_RETRY_SECONDS` (formerly `PORTAL_MAIL_RETRY_SECONDS`): the wait before the
    /// first retry of a failed send, on every channel (it doubles).
    pub notice_retry_seconds: u64,
    /// `PORTAL_ZNS_*` and `PORTAL_SMS_*`: the phone channels (`phone_config.rs`).
    pub phone: crate::ops::phone_config::PhoneChannels,
    /// `PORTAL_METRICS_TOKEN`: a bearer token that opens `/metrics` from other machines (at least
    /// 16 characters); without it only loopback may read it.
    pub metrics_token: Option<String>,
    /// `PORTAL_BANK_FEED_KEY`: the API key a bank notification service (SePay) sends as
    /// `Authorization: Apikey …` (at least 24 characters); without it the feed answers 404.
    pub bank_feed_key: Option<String>,
    /// `PORTAL_PLEDGE_MAX`: the largest money pledge taken online, in whole đồng (larger gifts are
    /// arranged with the coordinating body).
    pub pledge_max: i64,
    /// `PORTAL_HEADER_TIMEOUT_SECONDS`: how long a client may take to send a request's head.
    pub header_timeout_seconds: u64,
    /// `PORTAL_IDLE_TIMEOUT_SECONDS`: how long a kept-alive connection may wait for its next request.
    pub idle_timeout_seconds: u64,
    /// `PORTAL_MAX_CONNECTIONS`: connections served at once; more wait in the listen queue.
    pub max_connections: usize,
    /// `PORTAL_PROGRESS_WINDOW_MS`: how far behind the pledges public pages may show progress; a
    /// page a crowd reads renders at most once per window (README "Launch day"). 0 renders a page
    /// again at the first request after any pledge.
    pub progress_window_ms: u64,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &store::redact(&self.database_url))
            .field("addr", &self.addr)
            .field("public_url", &self.public_url)
            .field("org_name", &self.org_name)
            .field("site_root", &self.site_root)
            .field("reload_port", &self.reload_port)
            .field("log_format", &self.log_format)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("default_account", &self.default_account)
            .field("pledge_rate_per_minute", &self.pledge_rate_per_minute)
            .field("mail_url", &store::redact(&self.mail_url))
            .field("mail_from", &self.mail_from)
            .field("reminder_days", &self.reminder_days)
            .field("digest_days", &self.digest_days)
            .field("notice_retry_seconds", &self.notice_retry_seconds)
            .field("phone", &self.phone)
            .field("metrics_token", &self.metrics_token.as_ref().map(|_| "(set)"))
            .field("bank_feed_key", &self.bank_feed_key.as_ref().map(|_| "(set)"))
            .field("pledge_max", &self.pledge_max)
            .field("header_timeout_seconds", &self.header_timeout_seconds)
            .field("idle_timeout_seconds", &self.idle_timeout_seconds)
            .field("max_connections", &self.max_connections)
            .field("progress_window_ms", &self.progress_window_ms)
            .finish()
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            database_url: "sqlite:data/portal.db".to_owned(),
            addr: SocketAddr::from(([127, 0, 0, 1], 3000)),
            public_url: "http://127.0.0.1:3000".to_owned(),
            org_name: "Cơ quan thường trực Đề án (đặt tên trong PORTAL_ORG_NAME)".to_owned(),
            site_root: PathBuf::from("target/site"),
            reload_port: 3001,
            log_format: LogFormat::Text,
            trusted_proxies: Vec::new(),
            default_account: None,
            pledge_rate_per_minute: 5,
            mail_url: "file:data/mail".to_owned(),
            mail_from: "Cổng Hỗ trợ Trẻ em <no-reply@localhost>".to_owned(),
            reminder_days: 7,
            digest_days: portal::digest::DEFAULT_DIGEST_DAYS,
            notice_retry_seconds: 30,
            phone: crate::ops::phone_config::PhoneChannels::default(),
            metrics_token: None,
            bank_feed_key: None,
            pledge_max: portal::pledges::DEFAULT_PLEDGE_MAX,
            header_timeout_seconds: 10,
            idle_timeout_seconds: 60,
            max_connections: 10_000,
            progress_window_ms: 1000,
        }
    }
}

/// The keys of `portal.toml`: the same names as the environment, lower case, without `PORTAL_`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileLayer {
    database_url: Option<String>,
    addr: Option<String>,
    public_url: Option<String>,
    org_name: Option<String>,
    site_root: Option<PathBuf>,
    log_format: Option<LogFormat>,
    trusted_proxies: Option<String>,
    default_account: Option<String>,
    pledge_rate_per_minute: Option<u32>,
    mail_url: Option<String>,
    mail_from: Option<String>,
    reminder_days: Option<i64>,
    digest_days: Option<i64>,
    mail_retry_seconds: Option<u64>,
    notice_retry_seconds: Option<u64>,
    zns_url: Option<String>,
    zns_oauth_url: Option<String>,
    zns_access_token: Option<String>,
    zns_app_id: Option<String>,
    zns_secret_key: Option<String>,
    zns_refresh_token: Option<String>,
    zns_templates: Option<String>,
    sms_url: Option<String>,
    sms_api_key: Option<String>,
    sms_secret_key: Option<String>,
    sms_brandname: Option<String>,
    metrics_token: Option<String>,
    bank_feed_key: Option<String>,
    pledge_max: Option<i64>,
    header_timeout_seconds: Option<u64>,
    idle_timeout_seconds: Option<u64>,
    max_connections: Option<usize>,
    progress_window_ms: Option<u64>,
}

impl FileLayer {
    /// A phone channel's key from the file, asked for by its environment name.
    fn phone_key(&self, key: &str) -> Option<String> {
        match key {
            "PORTAL_ZNS_URL" => self.zns_url.clone(),
            "PORTAL_ZNS_OAUTH_URL" => self.zns_oauth_url.clone(),
            "PORTAL_ZNS_ACCESS_TOKEN" => self.zns_access_token.clone(),
            "PORTAL_ZNS_APP_ID" => self.zns_app_id.clone(),
            "PORTAL_ZNS_SECRET_KEY" => self.zns_secret_key.clone(),
            "PORTAL_ZNS_REFRESH_TOKEN" => self.zns_refresh_token.clone(),
            "PORTAL_ZNS_TEMPLATES" => self.zns_templates.clone(),
            "PORTAL_SMS_URL" => self.sms_url.clone(),
            "PORTAL_SMS_API_KEY" => self.sms_api_key.clone(),
            "PORTAL_SMS_SECRET_KEY" => self.sms_secret_key.clone(),
            "PORTAL_SMS_BRANDNAME" => self.sms_brandname.clone(),
            _ => None,
        }
    }
}

/// A whole number of at least `min` from the environment, or nothing when the key is unset.
fn env_number<T: std::str::FromStr + PartialOrd + fmt::Display>(
    env: &impl Fn(&str) -> Option<String>,
    key: &str,
    min: T,
    what: &str,
) -> anyhow::Result<Option<T>> {
    let Some(text) = env(key).filter(|t| !t.trim().is_empty()) else { return Ok(None) };
    match text.trim().parse::<T>() {
        Ok(value) if value >= min => Ok(Some(value)),
        _ => bail!("{key} must be a whole number of {what} from {min}, got {text:?}"),
    }
}

impl Config {
    /// Loads the layers from the working directory and the process environment.
    pub fn load() -> anyhow::Result<Self> {
        let file = std::env::var("PORTAL_CONFIG").ok();
        let path = file.as_deref().map(Path::new).unwrap_or(Path::new("portal.toml"));
        let text = match std::fs::read_to_string(path) {
            Ok(text) => Some(text),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound && file.is_none() => None,
            Err(err) => return Err(err).with_context(|| format!("cannot read {}", path.display())),
        };
        Self::from_layers(text.as_deref(), |key| std::env::var(key).ok())
    }

    pub fn from_layers(toml_text: Option<&str>, env: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        let mut config = Config::default();
        if let Some(text) = toml_text {
            let layer: FileLayer = toml::from_str(text).context("portal.toml is not valid")?;
            config.phone.apply(|key| layer.phone_key(key))?;
            config.apply(
                layer.database_url,
                layer.addr,
                layer.public_url,
                layer.org_name,
                layer.site_root,
                layer.log_format,
            )?;
            config.set_trusted_proxies(layer.trusted_proxies)?;
            config.set_default_account(layer.default_account)?;
            if let Some(rate) = layer.pledge_rate_per_minute {
                config.pledge_rate_per_minute = rate;
            }
            config.set_mail(layer.mail_url, layer.mail_from)?;
            if let Some(days) = layer.reminder_days {
                config.reminder_days = days.max(1);
            }
            if let Some(days) = layer.digest_days {
                config.digest_days = days.max(1);
            }
            // The new name wins over the old one.
            if let Some(seconds) = layer.notice_retry_seconds.or(layer.mail_retry_seconds) {
                config.notice_retry_seconds = seconds.max(1);
            }
            config.set_metrics_token(layer.metrics_token)?;
            config.set_bank_feed_key(layer.bank_feed_key)?;
            config.set_limits(
                layer.pledge_max,
                layer.header_timeout_seconds,
                layer.idle_timeout_seconds,
                layer.max_connections,
            );
            config.set_progress_window(layer.progress_window_ms)?;
        }
        let log_format = match env("PORTAL_LOG_FORMAT").as_deref() {
            None | Some("") => None,
            Some("text") => Some(LogFormat::Text),
            Some("json") => Some(LogFormat::Json),
            Some(other) => bail!("PORTAL_LOG_FORMAT must be text or json (got {other:?})"),
        };
        // Under `cargo leptos watch` (or `serve`) the address and the bundle are cargo-leptos's,
        // unless the portal's own settings say otherwise.
        config.apply(
            env("DATABASE_URL"),
            env("PORTAL_ADDR").or_else(|| env("LEPTOS_SITE_ADDR")),
            env("PORTAL_PUBLIC_URL"),
            env("PORTAL_ORG_NAME"),
            env("PORTAL_SITE_ROOT").or_else(|| env("LEPTOS_SITE_ROOT")).map(PathBuf::from),
            log_format,
        )?;
        if let Some(port) = env_number(&env, "LEPTOS_RELOAD_PORT", 1, "port")? {
            config.reload_port = port;
        }
        config.set_trusted_proxies(env("PORTAL_TRUSTED_PROXIES"))?;
        config.set_default_account(env("PORTAL_DEFAULT_ACCOUNT"))?;
        if let Some(rate) = env("PORTAL_PLEDGE_RATE_PER_MINUTE").filter(|r| !r.trim().is_empty()) {
            config.pledge_rate_per_minute = rate.trim().parse().with_context(|| {
                format!("PORTAL_PLEDGE_RATE_PER_MINUTE must be a whole number (0 turns the limit off), got {rate:?}")
            })?;
        }
        config.set_mail(env("PORTAL_MAIL_URL"), env("PORTAL_MAIL_FROM"))?;
        if let Some(days) = env("PORTAL_REMINDER_DAYS").filter(|d| !d.trim().is_empty()) {
            config.reminder_days =
                days.trim().parse::<i64>().ok().filter(|d| *d >= 1).with_context(|| {
                    format!("PORTAL_REMINDER_DAYS must be a whole number of days from 1, got {days:?}")
                })?;
        }
        if let Some(days) = env("PORTAL_DIGEST_DAYS").filter(|d| !d.trim().is_empty()) {
            config.digest_days =
                days.trim().parse::<i64>().ok().filter(|d| *d >= 1).with_context(|| {
                    format!("PORTAL_DIGEST_DAYS must be a whole number of days from 1, got {days:?}")
                })?;
        }
        // The new name wins over the old one when both are set.
        for key in ["PORTAL_MAIL_RETRY_SECONDS", "PORTAL_NOTICE_RETRY_SECONDS"] {
            if let Some(seconds) = env_number(&env, key, 1, "seconds")? {
                config.notice_retry_seconds = seconds;
            }
        }
        config.phone.apply(&env)?;
        config.set_metrics_token(env("PORTAL_METRICS_TOKEN"))?;
        config.set_bank_feed_key(env("PORTAL_BANK_FEED_KEY"))?;
        config.set_limits(
            env_number(&env, "PORTAL_PLEDGE_MAX", 1_000_000, "đồng")?,
            env_number(&env, "PORTAL_HEADER_TIMEOUT_SECONDS", 1, "seconds")?,
            env_number(&env, "PORTAL_IDLE_TIMEOUT_SECONDS", 1, "seconds")?,
            env_number(&env, "PORTAL_MAX_CONNECTIONS", 16, "connections")?,
        );
        config.set_progress_window(env_number(&env, "PORTAL_PROGRESS_WINDOW_MS", 0, "milliseconds")?)?;
        Ok(config)
    }

    /// Up to a minute: beyond that a donor sharing the page would wonder where their gift went.
    fn set_progress_window(&mut self, milliseconds: Option<u64>) -> anyhow::Result<()> {
        match milliseconds {
            Some(ms) if ms > 60_000 => bail!("PORTAL_PROGRESS_WINDOW_MS must be at most 60000, got {ms}"),
            Some(ms) => self.progress_window_ms = ms,
            None => {}
        }
        Ok(())
    }

    fn set_limits(
        &mut self,
        pledge_max: Option<i64>,
        header_timeout: Option<u64>,
        idle_timeout: Option<u64>,
        connections: Option<usize>,
    ) {
        self.pledge_max = pledge_max.unwrap_or(self.pledge_max).max(1_000_000);
        self.header_timeout_seconds = header_timeout.unwrap_or(self.header_timeout_seconds).max(1);
        self.idle_timeout_seconds = idle_timeout.unwrap_or(self.idle_timeout_seconds).max(1);
        self.max_connections = connections.unwrap_or(self.max_connections).max(16);
    }

    fn set_metrics_token(&mut self, token: Option<String>) -> anyhow::Result<()> {
        let Some(token) = token.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()) else { return Ok(()) };
        if token.chars().count() < 16 || token.chars().any(|c| c.is_whitespace() || c.is_control()) {
            bail!(
                "PORTAL_METRICS_TOKEN must be at least 16 characters without spaces (it opens /metrics to anyone holding it)"
            );
        }
        self.metrics_token = Some(token);
        Ok(())
    }

    fn set_bank_feed_key(&mut self, key: Option<String>) -> anyhow::Result<()> {
        let Some(key) = key.map(|k| k.trim().to_owned()).filter(|k| !k.is_empty()) else { return Ok(()) };
        if key.chars().count() < 24 || key.chars().any(|c| c.is_whitespace() || c.is_control()) {
            bail!(
                "PORTAL_BANK_FEED_KEY must be at least 24 characters without spaces (whoever holds it can report bank transfers)"
            );
        }
        self.bank_feed_key = Some(key);
        Ok(())
    }

    fn set_mail(&mut self, url: Option<String>, from: Option<String>) -> anyhow::Result<()> {
        if let Some(url) = url.map(|u| u.trim().to_owned()).filter(|u| !u.is_empty()) {
            self.mail_url = url;
        }
        if let Some(from) = from.map(|f| f.trim().to_owned()).filter(|f| !f.is_empty()) {
            from.parse::<lettre::message::Mailbox>()
                .with_context(|| format!("PORTAL_MAIL_FROM must be a mailbox like \"Name <address>\", got {from:?}"))?;
            self.mail_from = from;
        }
        Ok(())
    }

    fn apply(
        &mut self,
        database_url: Option<String>,
        addr: Option<String>,
        public_url: Option<String>,
        org_name: Option<String>,
        site_root: Option<PathBuf>,
        log_format: Option<LogFormat>,
    ) -> anyhow::Result<()> {
        let present = |v: Option<String>| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        if let Some(url) = present(database_url) {
            self.database_url = url;
        }
        if let Some(addr) = present(addr) {
            self.set_addr(&addr)?;
        }
        if let Some(url) = present(public_url) {
            self.public_url = url.trim_end_matches('/').to_owned();
        }
        if let Some(name) = present(org_name) {
            self.org_name = name;
        }
        if let Some(root) = site_root {
            self.site_root = root;
        }
        if let Some(format) = log_format {
            self.log_format = format;
        }
        Ok(())
    }

    fn set_default_account(&mut self, value: Option<String>) -> anyhow::Result<()> {
        let Some(value) = value.filter(|v| !v.trim().is_empty()) else { return Ok(()) };
        let mut parts = value.splitn(3, ':').map(str::trim);
        match (parts.next(), parts.next(), parts.next()) {
            (Some(bin), Some(number), Some(name))
                if bin.len() == 6
                    && bin.bytes().all(|b| b.is_ascii_digit())
                    && !number.is_empty()
                    && number.len() <= 19
                    && number.bytes().all(|b| b.is_ascii_alphanumeric())
                    && !name.is_empty() =>
            {
                self.default_account = Some((bin.to_owned(), number.to_owned(), name.to_owned()));
                Ok(())
            }
            _ => bail!(
                "PORTAL_DEFAULT_ACCOUNT must be BIN:ACCOUNT_NUMBER:ACCOUNT NAME, e.g. 970436:0011001234567:QUY BAO TRO TRE EM"
            ),
        }
    }

    fn set_trusted_proxies(&mut self, list: Option<String>) -> anyhow::Result<()> {
        let Some(list) = list.filter(|l| !l.trim().is_empty()) else { return Ok(()) };
        self.trusted_proxies = list
            .split(',')
            .map(|a| a.trim().parse().with_context(|| format!("PORTAL_TRUSTED_PROXIES: {a:?} is not an IP address")))
            .collect::<anyhow::Result<_>>()?;
        Ok(())
    }

    pub fn set_addr(&mut self, addr: &str) -> anyhow::Result<()> {
        self.addr = addr.parse().with_context(|| format!("the address {addr:?} is not of the form 127.0.0.1:3000"))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_environment_overrides_the_file_which_overrides_the_defaults() {
        let toml = "org_name = \"Sở Y tế\"\naddr = \"0.0.0.0:8080\"\n";
        let config = Config::from_layers(Some(toml), |key| match key {
            "PORTAL_ADDR" => Some("127.0.0.1:9000".to_owned()),
            "PORTAL_TRUSTED_PROXIES" => Some("127.0.0.1, ::1".to_owned()),
            _ => None,
        })
        .expect("valid layers");
        assert_eq!(config.trusted_proxies.len(), 2);
        assert_eq!(config.org_name, "Sở Y tế");
        assert_eq!(config.addr.port(), 9000);
        assert_eq!(config.database_url, "sqlite:data/portal.db");
    }

    #[test]
    fn a_password_never_reaches_the_debug_output() {
        let config = Config::from_layers(None, |key| {
            (key == "DATABASE_URL").then(|| "postgres://portal:hunter2@db/portal".to_owned())
        })
        .expect("valid layers");
        assert!(!format!("{config:?}").contains("hunter2"));
    }

    #[test]
    fn unknown_keys_and_bad_values_are_explained() {
        assert!(Config::from_layers(Some("colour = 1"), |_| None).is_err());
        let err = Config::from_layers(None, |k| (k == "PORTAL_ADDR").then(|| "nowhere".to_owned())).unwrap_err();
        assert!(err.to_string().contains("nowhere"));
        let err = Config::from_layers(None, |k| (k == "PORTAL_TRUSTED_PROXIES").then(|| "proxy.local".to_owned()))
            .unwrap_err();
        assert!(format!("{err:#}").contains("proxy.local"));
        let err = Config::from_layers(None, |k| (k == "PORTAL_METRICS_TOKEN").then(|| "short".to_owned())).unwrap_err();
        assert!(err.to_string().contains("PORTAL_METRICS_TOKEN"));
        let err = Config::from_layers(None, |k| (k == "PORTAL_PLEDGE_MAX").then(|| "2 tỷ".to_owned())).unwrap_err();
        assert!(err.to_string().contains("PORTAL_PLEDGE_MAX"), "{err}");
    }

    #[test]
    fn limits_have_defaults_for_crowds_and_can_be_set() {
        let config = Config::from_layers(None, |_| None).expect("defaults");
        assert_eq!(
            (config.pledge_max, config.header_timeout_seconds, config.idle_timeout_seconds, config.max_connections),
            (2_000_000_000, 10, 60, 10_000)
        );
        let config = Config::from_layers(Some("pledge_max = 500000000\nmax_connections = 200"), |k| {
            (k == "PORTAL_HEADER_TIMEOUT_SECONDS").then(|| "5".to_owned())
        })
        .expect("valid layers");
        assert_eq!((config.pledge_max, config.header_timeout_seconds, config.max_connections), (500_000_000, 5, 200));
    }

    #[test]
    fn the_digest_comes_every_thirty_days_unless_set_and_never_more_often_than_daily() {
        assert_eq!(Config::from_layers(None, |_| None).unwrap().digest_days, 30);
        let weekly = Config::from_layers(None, |k| (k == "PORTAL_DIGEST_DAYS").then(|| "7".to_owned())).unwrap();
        assert_eq!(weekly.digest_days, 7);
        assert_eq!(Config::from_layers(Some("digest_days = 14"), |_| None).unwrap().digest_days, 14);
        let err = Config::from_layers(None, |k| (k == "PORTAL_DIGEST_DAYS").then(|| "0".to_owned())).unwrap_err();
        assert!(format!("{err:#}").contains("PORTAL_DIGEST_DAYS"), "{err:#}");
    }

    #[test]
    fn the_retry_wait_takes_its_new_name_over_its_old_one() {
        let both = Config::from_layers(None, |k| match k {
            "PORTAL_MAIL_RETRY_SECONDS" => Some("90".to_owned()),
            "PORTAL_NOTICE_RETRY_SECONDS" => Some("15".to_owned()),
            _ => None,
        })
        .expect("valid layers");
        assert_eq!(both.notice_retry_seconds, 15);
        let old = Config::from_layers(None, |k| (k == "PORTAL_MAIL_RETRY_SECONDS").then(|| "90".to_owned())).unwrap();
        assert_eq!(old.notice_retry_seconds, 90);
        let file = Config::from_layers(Some("mail_retry_seconds = 90\nnotice_retry_seconds = 20"), |_| None).unwrap();
        assert_eq!(file.notice_retry_seconds, 20);
    }

    #[test]
    fn the_metrics_token_is_kept_but_never_printed() {
        let config = Config::from_layers(Some("metrics_token = \"file-token-0123456789\""), |k| {
            (k == "PORTAL_METRICS_TOKEN").then(|| "env-token-0123456789abc".to_owned())
        })
        .expect("valid layers");
        assert_eq!(config.metrics_token.as_deref(), Some("env-token-0123456789abc"));
        assert!(!format!("{config:?}").contains("env-token"));
    }
}
