//! The notice outbox: notices claimed by workers, sent or retried, and reminders queued.

use async_trait::async_trait;

use super::StoreResult;
use domain::NoticeKind;

/// A notice in the outbox, as the staff page lists it (the address is the donor record's).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoticeRecord {
    pub id: i64,
    pub kind: NoticeKind,
    pub donor_id: i64,
    pub pledge_reference: Option<String>,
    pub sequence: i64,
    pub language: String,
    /// `queued`, `sending`, `sent` or `failed`.
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub subject: Option<String>,
    pub created_at: time::OffsetDateTime,
    pub next_attempt_at: time::OffsetDateTime,
    pub sent_at: Option<time::OffsetDateTime>,
    /// The channel it went (or goes) by: `email`, `zalo` or `sms`; none before its first attempt.
    pub channel: Option<String>,
    /// What the provider calls the message (Zalo's `msg_id`, the SMS gateway's id).
    pub provider_message_id: Option<String>,
}

/// A notice a worker has claimed, with what it needs to address it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimedNotice {
    pub notice: NoticeRecord,
    pub donor_name: String,
    pub donor_email: Option<String>,
    /// As the record keeps it (`0912345678`).
    pub donor_phone: Option<String>,
    /// How the donor chose to hear back; none: as their contact details suggest.
    pub donor_channel: Option<domain::NoticeChannel>,
    /// The recognition a recognition notice announces.
    pub recognition_id: Option<i64>,
    /// A sign-in link's token, held only until the notice is sent.
    pub secret: Option<String>,
    /// The donor's directory profile, for a welcome notice.
    pub donor_slug: Option<String>,
    /// What a digest says (JSON), decided when it was queued.
    pub content: Option<String>,
}

/// A notice the provider took: recorded as sent with what it went by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentNotice {
    pub id: i64,
    /// What the staff list shows for it: the email's subject, or the kind and channel of a phone
    /// message.
    pub subject: String,
    pub channel: domain::NoticeChannel,
    pub provider_message_id: Option<String>,
}

/// Notices in one state by one channel (`unrouted`: not yet attempted), for `/metrics`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChannelCount {
    pub status: String,
    pub channel: String,
    pub count: i64,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NoticeCounts {
    pub queued: i64,
    pub sending: i64,
    pub sent: i64,
    pub failed: i64,
}

/// The notice outbox (a part of the storage port of its own, like `CampaignStore`).
#[async_trait]
pub trait NoticeStore: Send + Sync {
    /// Claims up to `limit` due notices for one worker until `claimed_until`: queued ones whose time
    /// has come, and ones another worker claimed and did not finish in time. Several workers on
    /// one PostgreSQL database never claim the same notice at once (`FOR UPDATE SKIP LOCKED`).
    async fn claim_notices(
        &self,
        now: time::OffsetDateTime,
        claimed_until: time::OffsetDateTime,
        limit: i64,
    ) -> StoreResult<Vec<ClaimedNotice>>;
    /// Marks notices sent, with their subjects, in one transaction: a worker records a batch at
    /// once rather than paying a commit per message.
    async fn notices_sent(&self, sent: &[SentNotice], at: time::OffsetDateTime) -> StoreResult<()>;
    /// Notices a worker claimed and, stopping, did not start: queued again at once, the attempt
    /// not counted, so the next start sends them without waiting for the claim to lapse. Only
    /// those still held by this claim (`claimed_until` as the worker claimed them): one another
    /// worker took over is left alone.
    async fn release_notices(&self, ids: &[i64], claimed_until: time::OffsetDateTime) -> StoreResult<()>;
    /// A failed attempt: queued again for `retry_at`, or parked as failed when `None`. `channel` is
    /// where it stands now (a notice Zalo could not deliver stays with SMS for its retries).
    async fn notice_failed(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<time::OffsetDateTime>,
        channel: Option<domain::NoticeChannel>,
    ) -> StoreResult<()>;
    /// Queues the first and second reminders of money pledges still unpaid `days` and `2 × days`
    /// after they were made (each once). Answers how many were queued.
    async fn queue_reminders(&self, now: time::OffsetDateTime, days: i64) -> StoreResult<u64>;
    /// One page of notices, the latest first; all statuses when `status` is `None`.
    async fn notices(&self, status: Option<&str>, limit: i64, offset: i64) -> StoreResult<(Vec<NoticeRecord>, i64)>;
    async fn notice_counts(&self) -> StoreResult<NoticeCounts>;
    async fn notice_channel_counts(&self) -> StoreResult<Vec<ChannelCount>>;
    /// Queues a failed notice again (audited).
    async fn resend_notice(&self, id: i64, actor_id: i64, now: time::OffsetDateTime) -> StoreResult<()>;
}
