//! Zalo's notification service (ZNS): a notice as a template the Official Account registered and
//! Zalo approved, sent to a phone number. `POST {PORTAL_ZNS_URL}/message/template` with the
//! `access_token` header and JSON `phone` (`84…`), `template_id`, `template_data` and `tracking_id`
//! (the notice's stable identity); Zalo answers `{"error": 0, "data": {"msg_id": …}}` or an error
//! code, which `classify` turns into what the outbox does next.

use std::collections::BTreeMap;
use std::time::Duration;

use domain::NoticeKind;
use portal::Portal;
use serde_json::json;

use crate::ops::phone_config::PhoneChannels;
use crate::workers::zalo_token::ZaloTokens;

/// How long Zalo may take to answer one message.
pub const ZNS_TIMEOUT: Duration = Duration::from_secs(20);

pub struct Zns {
    http: reqwest::Client,
    url: String,
    templates: Vec<(NoticeKind, String)>,
    tokens: ZaloTokens,
}

/// Why Zalo did not take a message.
#[derive(Debug, PartialEq, Eq)]
pub enum ZnsFailure {
    /// The number has no Zalo account, or it does not take ZNS: another channel may reach it.
    Unreachable(String),
    /// Sending again will not help until someone acts (a template, a permission, the token).
    Refused(String),
    /// Zalo is away, busy or out of quota for now: try again later.
    Later(String),
}

enum Answer {
    Sent(String),
    /// `-124`: the access token expired or was revoked.
    TokenRejected,
}

impl Zns {
    /// Zalo as configured; `None` without an access token (Zalo is off).
    pub fn new(settings: &PhoneChannels, http: reqwest::Client) -> Option<Self> {
        let tokens = ZaloTokens::new(settings, http.clone())?;
        Some(Zns { http, url: settings.zns_url.clone(), templates: settings.zns_templates.clone(), tokens })
    }

    /// The approved template of a notice kind; a kind without one goes by another channel.
    pub fn template(&self, kind: NoticeKind) -> Option<&str> {
        self.templates.iter().find(|(k, _)| *k == kind).map(|(_, id)| id.as_str())
    }

    /// Sends one message; answers Zalo's message id. A rejected access token is renewed once
    /// (under the database lock, `zalo_token.rs`) and the message sent again with the new one.
    pub async fn send(
        &self,
        portal: &Portal,
        phone: &str,
        kind: NoticeKind,
        data: &BTreeMap<String, String>,
        tracking_id: &str,
    ) -> Result<String, ZnsFailure> {
        let Some(template_id) = self.template(kind) else {
            return Err(ZnsFailure::Refused(format!("no Zalo template for {} (PORTAL_ZNS_TEMPLATES)", kind.as_str())));
        };
        let body = json!({
            "phone": phone,
            "template_id": template_id,
            "template_data": data,
            "tracking_id": tracking_id,
        });
        let token = self.tokens.current(portal).await?;
        match self.post(&token, &body).await? {
            Answer::Sent(id) => Ok(id),
            Answer::TokenRejected => {
                let renewed = self.tokens.renew(portal, &token).await?;
                match self.post(&renewed, &body).await? {
                    Answer::Sent(id) => Ok(id),
                    Answer::TokenRejected => {
                        Err(ZnsFailure::Refused("Zalo -124: the renewed access token was refused too".to_owned()))
                    }
                }
            }
        }
    }

    async fn post(&self, token: &str, body: &serde_json::Value) -> Result<Answer, ZnsFailure> {
        let answer = self
            .http
            .post(format!("{}/message/template", self.url))
            .header("access_token", token)
            .json(body)
            .timeout(ZNS_TIMEOUT)
            .send()
            .await
            .map_err(|e| ZnsFailure::Later(format!("Zalo did not answer: {}", without_url(&e))))?;
        let status = answer.status();
        let text = answer
            .text()
            .await
            .map_err(|e| ZnsFailure::Later(format!("Zalo's answer was cut: {}", without_url(&e))))?;
        let Ok(reply) = serde_json::from_str::<serde_json::Value>(&text) else {
            return Err(ZnsFailure::Later(format!("Zalo answered HTTP {status} without JSON")));
        };
        let code = reply["error"].as_i64().unwrap_or(-100);
        let message = reply["message"].as_str().unwrap_or("");
        if code == 0 {
            let id = reply["data"]["msg_id"]
                .as_str()
                .map(str::to_owned)
                .or_else(|| reply["data"]["msg_id"].as_i64().map(|id| id.to_string()));
            return Ok(Answer::Sent(id.unwrap_or_default()));
        }
        if code == -124 {
            return Ok(Answer::TokenRejected);
        }
        Err(classify(code, message))
    }
}

/// What Zalo's error codes mean for the outbox (Zalo's table of ZNS error codes).
pub fn classify(code: i64, message: &str) -> ZnsFailure {
    let message: String = domain::text::one_line(message).chars().take(120).collect();
    let reason = |what: &str| format!("Zalo {code} {message}: {what}");
    match code {
        // No Zalo account on the number, an account that does not take ZNS, a user who turned
        // such messages off or is inactive: SMS may reach them.
        -118 | -119 | -139 | -141 | -114 | -110 => {
            ZnsFailure::Unreachable(reason("the number cannot receive Zalo notices"))
        }
        -108 => ZnsFailure::Unreachable(reason("Zalo does not take this phone number")),
        // Out of quota (balance, the day's allowance, the template's allowance), or Zalo's own trouble.
        -115 | -144 | -147 => ZnsFailure::Later(reason("quota exceeded; sent when Zalo allows")),
        -100 => ZnsFailure::Later(reason("Zalo's own error; tried again")),
        -109 | -117 => {
            ZnsFailure::Refused(reason("the template is not approved for this Official Account (PORTAL_ZNS_TEMPLATES)"))
        }
        -111 | -112 => ZnsFailure::Refused(reason("the template's parameters do not match (README, Zalo templates)")),
        // Anything else (a rate limit, a code Zalo added since): tried again, up to the attempts.
        _ => ZnsFailure::Later(reason("not sent; tried again")),
    }
}

/// A request error without its address: the URL is configuration, not news for a staff page.
pub fn without_url(error: &reqwest::Error) -> String {
    let kind = if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "cannot connect"
    } else {
        "request failed"
    };
    kind.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zalo_codes_decide_between_another_channel_a_retry_and_a_stop() {
        assert!(matches!(classify(-118, "Zalo account not existed"), ZnsFailure::Unreachable(_)));
        assert!(matches!(classify(-119, "Account can not receive ZNS"), ZnsFailure::Unreachable(_)));
        assert!(matches!(classify(-144, "OA has exceeded daily quota"), ZnsFailure::Later(_)));
        let ZnsFailure::Refused(reason) = classify(-117, "Template not approved") else { panic!("refused") };
        assert!(reason.contains("-117") && reason.contains("PORTAL_ZNS_TEMPLATES"), "{reason}");
        let ZnsFailure::Later(reason) = classify(-999, "line\nbreak") else { panic!("tried again") };
        assert!(!reason.contains('\n'), "{reason}");
    }
}
