//! Which channel a notice goes by. The donor's choice comes first (email when they gave an address
//! and did not choose, else Zalo); a channel that cannot carry this notice to this donor (not
//! configured, no template for its kind, no address or mobile number) gives way to the donor's
//! other channel; a donor who chose email hears nothing on their phone. A retry stays where the
//! last attempt left it (on SMS after Zalo said the number has no account).

use domain::checks::mobile_84;
use domain::{NoticeChannel, NoticeKind};
use portal::store::ClaimedNotice;

use crate::ops::phone_config::PhoneChannels;
use crate::workers::sms::Sms;
use crate::workers::zns::Zns;

/// The phone channels this process may use, beside email (always there).
pub struct Channels {
    pub zalo: Option<Zns>,
    pub sms: Option<Sms>,
}

impl Channels {
    pub fn new(settings: &PhoneChannels) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .user_agent(concat!("portal/", env!("CARGO_PKG_VERSION")))
            // Tokens and keys travel in headers and bodies: never re-sent to where a redirect points.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| anyhow::anyhow!("cannot prepare the HTTP client for Zalo and SMS: {e}"))?;
        Ok(Channels { zalo: Zns::new(settings, http.clone()), sms: Sms::new(settings, http) })
    }

    /// Whether `channel` can carry a notice of `kind` to a donor with these contact details.
    pub fn can_carry(&self, channel: NoticeChannel, kind: NoticeKind, claimed: &ClaimedNotice) -> bool {
        let mobile = claimed.donor_phone.as_deref().and_then(mobile_84).is_some();
        match channel {
            NoticeChannel::Email => claimed.donor_email.is_some(),
            _ if kind.email_only() => false,
            NoticeChannel::Zalo => mobile && self.zalo.as_ref().is_some_and(|z| z.template(kind).is_some()),
            NoticeChannel::Sms => mobile && self.sms.is_some(),
        }
    }

    /// The channels to try for this notice, in order: the first is used, the next ones only when
    /// Zalo answers that the number cannot receive its notices. An error says why none can.
    pub fn route(&self, claimed: &ClaimedNotice) -> Result<Vec<NoticeChannel>, String> {
        let kind = claimed.notice.kind;
        let wanted = claimed.donor_channel.unwrap_or(NoticeChannel::default_for(claimed.donor_email.is_some()));
        let order: &[NoticeChannel] = match wanted {
            NoticeChannel::Email if claimed.donor_email.is_some() => &[NoticeChannel::Email],
            // Email chosen and the address since erased or never given (records from before the
            // choice existed): the phone it left is the way left.
            NoticeChannel::Email | NoticeChannel::Zalo => {
                &[NoticeChannel::Zalo, NoticeChannel::Email, NoticeChannel::Sms]
            }
            NoticeChannel::Sms => &[NoticeChannel::Sms, NoticeChannel::Email, NoticeChannel::Zalo],
        };
        let mut usable: Vec<NoticeChannel> =
            order.iter().copied().filter(|c| self.can_carry(*c, kind, claimed)).collect();
        // A retry resumes where the last attempt stood.
        if let Some(last) = claimed.notice.channel.as_deref().and_then(NoticeChannel::parse)
            && let Some(at) = usable.iter().position(|c| *c == last)
        {
            usable.drain(..at);
        }
        if usable.is_empty() {
            return Err(self.why_none(wanted, kind, claimed));
        }
        Ok(usable)
    }

    fn why_none(&self, wanted: NoticeChannel, kind: NoticeKind, claimed: &ClaimedNotice) -> String {
        let mut reasons = vec![format!("the donor hears by {}", wanted.as_str())];
        if claimed.donor_email.is_none() {
            reasons.push("no email address".to_owned());
        }
        match claimed.donor_phone.as_deref() {
            None => reasons.push("no phone number".to_owned()),
            Some(phone) if mobile_84(phone).is_none() => reasons.push("the phone number is not a mobile".to_owned()),
            Some(_) if kind.email_only() => reasons.push(format!("{} goes by email only", kind.as_str())),
            Some(_) => {
                match &self.zalo {
                    None => reasons.push("Zalo is off (PORTAL_ZNS_ACCESS_TOKEN)".to_owned()),
                    Some(z) if z.template(kind).is_none() => {
                        reasons.push(format!("no Zalo template for {} (PORTAL_ZNS_TEMPLATES)", kind.as_str()))
                    }
                    Some(_) => {}
                }
                if self.sms.is_none() {
                    reasons.push("SMS is off (PORTAL_SMS_API_KEY)".to_owned());
                }
            }
        }
        format!("no channel reaches the donor: {}", reasons.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal::store::NoticeRecord;

    fn claimed(email: Option<&str>, phone: Option<&str>, chose: Option<NoticeChannel>) -> ClaimedNotice {
        let now = time::OffsetDateTime::now_utc();
        ClaimedNotice {
            notice: NoticeRecord {
                id: 7,
                kind: NoticeKind::Acknowledgement,
                donor_id: 1,
                pledge_reference: Some("TN26-7F3K2Q".into()),
                sequence: 0,
                language: "vi".into(),
                status: "sending".into(),
                attempts: 1,
                last_error: None,
                subject: None,
                created_at: now,
                next_attempt_at: now,
                sent_at: None,
                channel: None,
                provider_message_id: None,
            },
            donor_name: "Lan".into(),
            donor_email: email.map(str::to_owned),
            donor_phone: phone.map(str::to_owned),
            donor_channel: chose,
            recognition_id: None,
            secret: None,
            donor_slug: None,
            content: None,
        }
    }

    fn channels(zalo_templates: &str, sms: bool) -> Channels {
        let mut settings = PhoneChannels::default();
        let mut pairs = vec![("PORTAL_ZNS_ACCESS_TOKEN", "token"), ("PORTAL_ZNS_TEMPLATES", zalo_templates)];
        if sms {
            pairs.extend([
                ("PORTAL_SMS_API_KEY", "k"),
                ("PORTAL_SMS_SECRET_KEY", "s"),
                ("PORTAL_SMS_BRANDNAME", "SOYTE"),
            ]);
        }
        settings.apply(|key| pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| (*v).to_owned())).unwrap();
        Channels::new(&settings).unwrap()
    }

    #[test]
    fn a_donor_who_chose_email_hears_nothing_on_the_phone() {
        let all = channels("acknowledgement:1", true);
        let both = claimed(Some("lan@example.vn"), Some("0912345678"), None);
        assert_eq!(all.route(&both).unwrap(), vec![NoticeChannel::Email]);
        let chose_email = claimed(Some("lan@example.vn"), Some("0912345678"), Some(NoticeChannel::Email));
        assert_eq!(all.route(&chose_email).unwrap(), vec![NoticeChannel::Email]);
    }

    #[test]
    fn a_phone_only_donor_goes_by_zalo_then_sms_and_a_retry_resumes_on_sms() {
        let all = channels("acknowledgement:1", true);
        let phone_only = claimed(None, Some("0912 345 678"), None);
        assert_eq!(all.route(&phone_only).unwrap(), vec![NoticeChannel::Zalo, NoticeChannel::Sms]);
        let mut retry = phone_only.clone();
        retry.notice.channel = Some("sms".into());
        assert_eq!(all.route(&retry).unwrap(), vec![NoticeChannel::Sms]);
    }

    #[test]
    fn a_kind_without_a_template_goes_by_the_donors_other_channel() {
        let receipts_only = channels("receipt:2", true);
        let chose_zalo = claimed(Some("lan@example.vn"), Some("0912345678"), Some(NoticeChannel::Zalo));
        assert_eq!(receipts_only.route(&chose_zalo).unwrap(), vec![NoticeChannel::Email, NoticeChannel::Sms]);
        let no_sms = channels("receipt:2", false);
        let phone_only = claimed(None, Some("0912345678"), None);
        let reason = no_sms.route(&phone_only).unwrap_err();
        assert!(reason.contains("no Zalo template for acknowledgement") && reason.contains("SMS is off"), "{reason}");
        let landline = claimed(None, Some("02083855123"), None);
        assert!(channels("acknowledgement:1", true).route(&landline).unwrap_err().contains("not a mobile"));
    }
}
