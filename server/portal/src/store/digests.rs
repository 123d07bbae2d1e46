//! The donor digest as stored: who receives it and from when its news start, the news themselves,
//! the digest queued in the outbox, and the donor's choice (with the one-click unsubscribe).

use async_trait::async_trait;

use super::StoreResult;

/// A donor due a digest: one per email address (the address's first record stands for all of them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DigestRecipient {
    pub donor_id: i64,
    pub name: String,
    pub language: String,
    /// Where the news start: the last digest queued; none before the first.
    pub from: Option<time::OffsetDateTime>,
    /// Kinds of support and communes the donor cares about: those of their profile and of the
    /// needs they gave to (codes); empty when nothing is known.
    pub categories: Vec<String>,
    pub communes: Vec<String>,
}

/// A need published (and still open) since a moment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewsNeed {
    pub id: i64,
    pub title: String,
    pub commune_code: String,
    pub category: String,
    pub children: i64,
    pub published_at: time::OffsetDateTime,
}

/// A campaign opened since a moment and still taking pledges, with the kinds and communes of its
/// needs (empty: it speaks for the whole province).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewsCampaign {
    pub slug: String,
    pub title: String,
    pub categories: Vec<String>,
    pub communes: Vec<String>,
    pub opened_at: time::OffsetDateTime,
}

/// A digest to queue: for whom, in which language, what it says (JSON) and the hash of the token
/// its unsubscribe link carries (the token itself travels with the notice until it is sent).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewDigest {
    pub donor_id: i64,
    pub language: String,
    pub content: String,
    pub token: String,
    pub token_hash: String,
}

#[async_trait]
pub trait DigestStore: Send + Sync {
    /// Donors who receive the digest (network members unless they said no, others who asked), with
    /// an email address, whose last digest was queued at or before `due_before` (or never).
    async fn digest_recipients(&self, due_before: time::OffsetDateTime) -> StoreResult<Vec<DigestRecipient>>;
    /// Needs published after `since` and still open, and campaigns opened after it that still take
    /// pledges (as of `now`).
    async fn digest_news(
        &self,
        since: time::OffsetDateTime,
        now: time::OffsetDateTime,
    ) -> StoreResult<(Vec<NewsNeed>, Vec<NewsCampaign>)>;
    /// Hand-overs of the donor's gifts (any record with their address) after `since`: how many,
    /// and the children they reached (each need's once).
    async fn digest_deliveries(&self, donor_id: i64, since: time::OffsetDateTime) -> StoreResult<(i64, i64)>;
    /// Queues the digest and moves the donor's news window to `now`, in one transaction; `false`
    /// when another process queued the donor's digest today already.
    async fn queue_digest(&self, digest: &NewDigest, now: time::OffsetDateTime) -> StoreResult<bool>;
    /// The donor's choice, on every record with their address (audited).
    async fn set_digest(&self, donor_id: i64, wanted: bool, at: time::OffsetDateTime) -> StoreResult<()>;
    /// Whether the donor receives the digest now.
    async fn digest_wanted(&self, donor_id: i64) -> StoreResult<bool>;
    /// A digest's unsubscribe link used: the donor (and their address's other records) receives no
    /// more digests, and those still queued are dropped, at once (audited). `false` for an unknown
    /// token.
    async fn unsubscribe_digest(&self, token_hash: &str, at: time::OffsetDateTime) -> StoreResult<bool>;
}
