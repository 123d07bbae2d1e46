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
}

impl NoticeKind {
    pub const ALL: [NoticeKind; 7] = [
        NoticeKind::Acknowledgement,
        NoticeKind::Receipt,
        NoticeKind::Reminder,
        NoticeKind::Recognition,
        NoticeKind::DeliveryReport,
        NoticeKind::Welcome,
        NoticeKind::SignInLink,
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
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == value)
    }
}
