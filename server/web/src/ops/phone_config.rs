//! The phone channels' settings: Zalo's notification service (ZNS) and the brand-name SMS gateway
//! (eSMS). Without `PORTAL_ZNS_ACCESS_TOKEN` Zalo is off; without `PORTAL_SMS_API_KEY` SMS is off.
//! Every key is documented once, in the README's configuration table.

use std::fmt;

use anyhow::{Context, bail};
use domain::NoticeKind;

pub const ZNS_URL: &str = "https://business.openapi.zalo.me";
pub const ZNS_OAUTH_URL: &str = "https://oauth.zaloapp.com/v4/oa/access_token";
pub const SMS_URL: &str = "https://rest.esms.vn/MainService.svc/json/SendMultipleMessage_V4_post_json/";

/// The keys, as the environment names them (`portal.toml` uses them in lower case without
/// `PORTAL_`).
pub const KEYS: [&str; 11] = [
    "PORTAL_ZNS_URL",
    "PORTAL_ZNS_OAUTH_URL",
    "PORTAL_ZNS_ACCESS_TOKEN",
    "PORTAL_ZNS_APP_ID",
    "PORTAL_ZNS_SECRET_KEY",
    "PORTAL_ZNS_REFRESH_TOKEN",
    "PORTAL_ZNS_TEMPLATES",
    "PORTAL_SMS_URL",
    "PORTAL_SMS_API_KEY",
    "PORTAL_SMS_SECRET_KEY",
    "PORTAL_SMS_BRANDNAME",
];

#[derive(Clone, PartialEq, Eq)]
pub struct PhoneChannels {
    pub zns_url: String,
    pub zns_oauth_url: String,
    pub zns_access_token: Option<String>,
    /// With the secret key and a refresh token, the portal renews the access token itself.
    pub zns_app_id: Option<String>,
    pub zns_secret_key: Option<String>,
    pub zns_refresh_token: Option<String>,
    /// The approved template of each notice kind; a kind without one goes by the donor's other
    /// channel.
    pub zns_templates: Vec<(NoticeKind, String)>,
    pub sms_url: String,
    pub sms_api_key: Option<String>,
    pub sms_secret_key: Option<String>,
    /// The registered sender name the message shows.
    pub sms_brandname: Option<String>,
}

impl Default for PhoneChannels {
    fn default() -> Self {
        PhoneChannels {
            zns_url: ZNS_URL.to_owned(),
            zns_oauth_url: ZNS_OAUTH_URL.to_owned(),
            zns_access_token: None,
            zns_app_id: None,
            zns_secret_key: None,
            zns_refresh_token: None,
            zns_templates: Vec::new(),
            sms_url: SMS_URL.to_owned(),
            sms_api_key: None,
            sms_secret_key: None,
            sms_brandname: None,
        }
    }
}

/// Tokens and keys are never printed.
impl fmt::Debug for PhoneChannels {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let set = |v: &Option<String>| v.as_ref().map(|_| "(set)");
        f.debug_struct("PhoneChannels")
            .field("zns_url", &self.zns_url)
            .field("zns_oauth_url", &self.zns_oauth_url)
            .field("zns_access_token", &set(&self.zns_access_token))
            .field("zns_app_id", &self.zns_app_id)
            .field("zns_secret_key", &set(&self.zns_secret_key))
            .field("zns_refresh_token", &set(&self.zns_refresh_token))
            .field("zns_templates", &self.zns_templates)
            .field("sms_url", &self.sms_url)
            .field("sms_api_key", &set(&self.sms_api_key))
            .field("sms_secret_key", &set(&self.sms_secret_key))
            .field("sms_brandname", &self.sms_brandname)
            .finish()
    }
}

impl PhoneChannels {
    pub fn zalo_on(&self) -> bool {
        self.zns_access_token.is_some()
    }

    pub fn sms_on(&self) -> bool {
        self.sms_api_key.is_some()
    }

    /// Takes every key `value` gives (a layer of the configuration), then checks the whole.
    pub fn apply(&mut self, value: impl Fn(&str) -> Option<String>) -> anyhow::Result<()> {
        let present = |key: &str| value(key).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        for (key, url) in [
            ("PORTAL_ZNS_URL", &mut self.zns_url),
            ("PORTAL_ZNS_OAUTH_URL", &mut self.zns_oauth_url),
            ("PORTAL_SMS_URL", &mut self.sms_url),
        ] {
            if let Some(given) = present(key) {
                if !given.starts_with("https://") && !given.starts_with("http://") {
                    bail!("{key} must be an http:// or https:// address, got {given:?}");
                }
                *url = given.trim_end_matches('/').to_owned();
            }
        }
        for (key, secret) in [
            ("PORTAL_ZNS_ACCESS_TOKEN", &mut self.zns_access_token),
            ("PORTAL_ZNS_APP_ID", &mut self.zns_app_id),
            ("PORTAL_ZNS_SECRET_KEY", &mut self.zns_secret_key),
            ("PORTAL_ZNS_REFRESH_TOKEN", &mut self.zns_refresh_token),
            ("PORTAL_SMS_API_KEY", &mut self.sms_api_key),
            ("PORTAL_SMS_SECRET_KEY", &mut self.sms_secret_key),
            ("PORTAL_SMS_BRANDNAME", &mut self.sms_brandname),
        ] {
            if let Some(given) = present(key) {
                if given.chars().any(char::is_control) {
                    bail!("{key} must be one line");
                }
                *secret = Some(given);
            }
        }
        if let Some(list) = present("PORTAL_ZNS_TEMPLATES") {
            self.zns_templates = parse_templates(&list)?;
        }
        self.check()
    }

    fn check(&self) -> anyhow::Result<()> {
        let renewal = [&self.zns_app_id, &self.zns_secret_key, &self.zns_refresh_token];
        if renewal.iter().any(|v| v.is_some()) && renewal.iter().any(|v| v.is_none()) {
            bail!(
                "PORTAL_ZNS_APP_ID, PORTAL_ZNS_SECRET_KEY and PORTAL_ZNS_REFRESH_TOKEN go together (the portal renews Zalo's access token with all three)"
            );
        }
        if self.sms_api_key.is_some() && (self.sms_secret_key.is_none() || self.sms_brandname.is_none()) {
            bail!("PORTAL_SMS_API_KEY needs PORTAL_SMS_SECRET_KEY and PORTAL_SMS_BRANDNAME");
        }
        if let Some(brand) = &self.sms_brandname
            && (brand.len() > 11
                || !brand.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ')))
        {
            bail!(
                "PORTAL_SMS_BRANDNAME is the registered sender name: up to 11 plain letters and digits, got {brand:?}"
            );
        }
        Ok(())
    }

    pub fn template(&self, kind: NoticeKind) -> Option<&str> {
        self.zns_templates.iter().find(|(k, _)| *k == kind).map(|(_, id)| id.as_str())
    }
}

/// `acknowledgement:123456,receipt:234567`: a kind and Zalo's template id, comma-separated.
fn parse_templates(list: &str) -> anyhow::Result<Vec<(NoticeKind, String)>> {
    let mut templates: Vec<(NoticeKind, String)> = Vec::new();
    for pair in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (kind, id) =
            pair.split_once(':').with_context(|| format!("PORTAL_ZNS_TEMPLATES: {pair:?} is not kind:template_id"))?;
        let kind = NoticeKind::parse(kind.trim()).with_context(|| {
            let kinds: Vec<&str> = NoticeKind::ALL.iter().filter(|k| !k.email_only()).map(|k| k.as_str()).collect();
            format!("PORTAL_ZNS_TEMPLATES: {:?} is not a notice kind ({})", kind.trim(), kinds.join(", "))
        })?;
        if kind.email_only() {
            bail!("PORTAL_ZNS_TEMPLATES: {} goes by email only", kind.as_str());
        }
        let id = id.trim();
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
            bail!("PORTAL_ZNS_TEMPLATES: the template id of {} must be digits, got {id:?}", kind.as_str());
        }
        if templates.iter().any(|(k, _)| *k == kind) {
            bail!("PORTAL_ZNS_TEMPLATES names {} twice", kind.as_str());
        }
        templates.push((kind, id.to_owned()));
    }
    Ok(templates)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from(pairs: &[(&str, &str)]) -> anyhow::Result<PhoneChannels> {
        let mut channels = PhoneChannels::default();
        channels.apply(|key| pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| (*v).to_owned()))?;
        Ok(channels)
    }

    #[test]
    fn templates_are_read_per_kind_and_mistakes_are_named() {
        let channels = from(&[
            ("PORTAL_ZNS_ACCESS_TOKEN", "tok"),
            ("PORTAL_ZNS_TEMPLATES", "acknowledgement:123456, receipt:234567"),
        ])
        .unwrap();
        assert!(channels.zalo_on() && !channels.sms_on());
        assert_eq!(channels.template(NoticeKind::Receipt), Some("234567"));
        assert_eq!(channels.template(NoticeKind::Reminder), None);
        for (bad, named) in [
            ("thanks:1", "not a notice kind"),
            ("receipt:abc", "must be digits"),
            ("receipt", "kind:template_id"),
            ("sign_in_link:1", "email only"),
        ] {
            let err = from(&[("PORTAL_ZNS_TEMPLATES", bad)]).unwrap_err().to_string();
            assert!(err.contains(named), "{bad}: {err}");
        }
    }

    #[test]
    fn credentials_that_belong_together_are_asked_for_together_and_never_printed() {
        assert!(from(&[("PORTAL_ZNS_REFRESH_TOKEN", "r")]).is_err());
        assert!(from(&[("PORTAL_SMS_API_KEY", "k")]).unwrap_err().to_string().contains("PORTAL_SMS_SECRET_KEY"));
        let channels = from(&[
            ("PORTAL_ZNS_ACCESS_TOKEN", "hidden-access"),
            ("PORTAL_ZNS_APP_ID", "4291763606161179100"),
            ("PORTAL_ZNS_SECRET_KEY", "hidden-key"),
            ("PORTAL_ZNS_REFRESH_TOKEN", "hidden-refresh"),
            ("PORTAL_SMS_API_KEY", "hidden-api"),
            ("PORTAL_SMS_SECRET_KEY", "hidden-sms"),
            ("PORTAL_SMS_BRANDNAME", "SOYTE_TN"),
        ])
        .unwrap();
        assert!(!format!("{channels:?}").contains("hidden"));
        assert!(from(&[("PORTAL_ZNS_URL", "ftp://zalo")]).is_err());
    }
}
