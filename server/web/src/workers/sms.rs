//! Brand-name SMS through eSMS (eSMS.vn, VIHAT): a customer-care message (`SmsType` 2) from the
//! registered brand name, plain text without diacritics. Chosen because its API is documented in
//! public (developers.esms.vn) and takes a `RequestId` that it refuses to take twice (code 124): a
//! notice sent again after an answer was lost is not delivered twice.
//! `POST PORTAL_SMS_URL` with JSON `ApiKey`, `SecretKey`, `Phone`, `Content`, `Brandname`,
//! `SmsType`, `IsUnicode` 0 and `RequestId`; eSMS answers `CodeResult` "100" and `SMSID`.

use std::time::Duration;

use serde_json::json;

use crate::ops::phone_config::PhoneChannels;
use crate::workers::zns::without_url;

pub struct Sms {
    http: reqwest::Client,
    url: String,
    api_key: String,
    secret_key: String,
    brandname: String,
}

#[derive(Debug, PartialEq, Eq)]
pub enum SmsFailure {
    /// Sending again will not help until someone acts (credentials, brand name, the number).
    Refused(String),
    /// The gateway is away or the balance ran out: try again later.
    Later(String),
}

impl Sms {
    /// The gateway as configured; `None` without an API key (SMS is off).
    pub fn new(settings: &PhoneChannels, http: reqwest::Client) -> Option<Self> {
        Some(Sms {
            http,
            url: settings.sms_url.clone(),
            api_key: settings.sms_api_key.clone()?,
            secret_key: settings.sms_secret_key.clone()?,
            brandname: settings.sms_brandname.clone()?,
        })
    }

    /// Sends one message to `phone` (`84…`); answers the gateway's id, or `None` when the gateway
    /// already had this `request_id` (an earlier attempt whose answer was lost).
    pub async fn send(&self, phone: &str, text: &str, request_id: &str) -> Result<Option<String>, SmsFailure> {
        let local = phone.strip_prefix("84").map_or_else(|| phone.to_owned(), |rest| format!("0{rest}"));
        let body = json!({
            "ApiKey": self.api_key,
            "SecretKey": self.secret_key,
            "Phone": local,
            "Content": text,
            "Brandname": self.brandname,
            "SmsType": "2",
            "IsUnicode": "0",
            "Sandbox": "0",
            "RequestId": request_id,
        });
        let answer = self
            .http
            .post(&self.url)
            .json(&body)
            .timeout(Duration::from_secs(20))
            .send()
            .await
            .map_err(|e| SmsFailure::Later(format!("the SMS gateway did not answer: {}", without_url(&e))))?;
        let status = answer.status();
        let Ok(reply) = answer.json::<serde_json::Value>().await else {
            return Err(SmsFailure::Later(format!("the SMS gateway answered HTTP {status} without JSON")));
        };
        let code = reply["CodeResult"]
            .as_str()
            .map(str::to_owned)
            .or_else(|| reply["CodeResult"].as_i64().map(|c| c.to_string()));
        let message: String =
            domain::text::one_line(reply["ErrorMessage"].as_str().unwrap_or("")).chars().take(120).collect();
        let reason = |what: &str| format!("eSMS {} {message}: {what}", code.as_deref().unwrap_or("?"));
        match code.as_deref() {
            Some("100") => Ok(reply["SMSID"].as_str().map(str::to_owned)),
            Some("124") => Ok(None),
            Some("103") => Err(SmsFailure::Later(reason("the SMS balance ran out; sent once it is topped up"))),
            Some("99") => Err(SmsFailure::Refused(reason("the number is blocked"))),
            Some("101") => Err(SmsFailure::Refused(reason("PORTAL_SMS_API_KEY or PORTAL_SMS_SECRET_KEY is wrong"))),
            Some("104") => Err(SmsFailure::Refused(reason("PORTAL_SMS_BRANDNAME is not registered"))),
            Some("108") => Err(SmsFailure::Refused(reason("the phone number is not one the gateway takes"))),
            Some("146") => {
                Err(SmsFailure::Refused(reason("the text does not match a registered customer-care template")))
            }
            _ if status.is_server_error() => Err(SmsFailure::Later(format!("the SMS gateway answered HTTP {status}"))),
            _ => Err(SmsFailure::Refused(reason("not sent"))),
        }
    }
}
