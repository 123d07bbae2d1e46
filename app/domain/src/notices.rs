//! Notices: what the outbox sends a donor.

use serde::{Deserialize, Serialize};

/// The notice outbox in three numbers (queued includes those being sent).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeTally {
    pub queued: i64,
    pub sent: i64,
    pub failed: i64,
}

/// What an outgoing email is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    Acknowledgement,
    Receipt,
    Reminder,
    Recognition,
    DeliveryReport,
    /// To a member whose application was approved.
    Welcome,
    /// A donor's one-time link to `/me`.
    SignInLink,
    /// Every few weeks: new needs and campaigns, and what the donor's gifts achieved.
    Digest,
}

impl NoticeKind {
    pub const ALL: [NoticeKind; 8] = [
        NoticeKind::Acknowledgement,
        NoticeKind::Receipt,
        NoticeKind::Reminder,
        NoticeKind::Recognition,
        NoticeKind::DeliveryReport,
        NoticeKind::Welcome,
        NoticeKind::SignInLink,
        NoticeKind::Digest,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::Acknowledgement => "acknowledgement",
            NoticeKind::Receipt => "receipt",
            NoticeKind::Reminder => "reminder",
            NoticeKind::Recognition => "recognition",
            NoticeKind::DeliveryReport => "delivery_report",
            NoticeKind::Welcome => "welcome",
            NoticeKind::SignInLink => "sign_in_link",
            NoticeKind::Digest => "digest",
        }
    }

    /// Sign-in links prove an email address, and Zalo counts a digest as promotional: both go by
    /// email only.
    pub fn email_only(self) -> bool {
        matches!(self, NoticeKind::SignInLink | NoticeKind::Digest)
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == value)
    }
}

/// How a donor hears back: by email, by a Zalo notice (ZNS) to their phone number, or by a
/// brand-name SMS. Kept on the donor record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NoticeChannel {
    Email,
    Zalo,
    Sms,
}

impl NoticeChannel {
    pub const ALL: [NoticeChannel; 3] = [NoticeChannel::Email, NoticeChannel::Zalo, NoticeChannel::Sms];

    pub fn as_str(self) -> &'static str {
        match self {
            NoticeChannel::Email => "email",
            NoticeChannel::Zalo => "zalo",
            NoticeChannel::Sms => "sms",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == value)
    }

    /// What a donor who did not choose gets: email when they gave an address, Zalo otherwise (most
    /// donors who leave only a phone number use it).
    pub fn default_for(has_email: bool) -> Self {
        if has_email { NoticeChannel::Email } else { NoticeChannel::Zalo }
    }

    /// Whether it needs a mobile number rather than an email address.
    pub fn by_phone(self) -> bool {
        matches!(self, NoticeChannel::Zalo | NoticeChannel::Sms)
    }
}
