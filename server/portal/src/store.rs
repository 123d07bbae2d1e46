//! The storage port. Each method is one whole unit of work: it commits everything it writes in one
//! transaction, or nothing. Implementations (SQLite, PostgreSQL) live in the `server` crate.

use async_trait::async_trait;
use time::Date;

use domain::areas::{AdminUnit, CommuneClassification, Succession};
use domain::{Category, Display, DonorKind, NeedStatus, NeedTotals, NoticeKind, PledgeKind, Role};
pub use domain::{
    ImportOutcome, LedgerBreakdown, LedgerQuery, LedgerTotals, PublicContribution, PublicLedgerEntry, YearlyReport,
};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Backend(#[from] Box<dyn std::error::Error + Send + Sync>),
    #[error("{0}")]
    Rejected(String),
    /// A unique value (an email address…) is already taken.
    #[error("already exists: {0}")]
    Duplicate(String),
    /// The record changed since it was read (another person acted first).
    #[error("the record is no longer in the expected state")]
    Conflict,
    #[error("not found")]
    NotFound,
    /// The need or campaign no longer takes pledges.
    #[error("closed")]
    Closed,
    /// An idempotency key came back with a different request.
    #[error("the idempotency key was used for another request")]
    KeyReused,
}

/// A pledge to record, with its donor and the key that makes a repeated submission harmless.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewPledge {
    pub reference: String,
    pub donor_kind: DonorKind,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub tax_code: Option<String>,
    /// A campaign's slug: the pledge counts toward it and is paid to its account.
    pub campaign: Option<String>,
    /// The need it is for; with a campaign and no need, the store picks the campaign's need that
    /// lacks the most.
    pub need_id: Option<i64>,
    /// The network member (by slug) who brought the donor in.
    pub mobilised_by: Option<String>,
    /// The network member (by slug) whose common fund receives the gift, to forward it later.
    pub pool: Option<String>,
    /// The day it is made, in Vietnam: a campaign takes pledges only inside its receiving window.
    pub on: Date,
    pub kind: PledgeKind,
    pub amount: Option<i64>,
    pub item: Option<String>,
    pub quantity: Option<i64>,
    pub unit: Option<String>,
    pub description: Option<String>,
    pub estimated_value: Option<i64>,
    pub display: Display,
    pub language: String,
    /// `form:{token}` or `api:{Idempotency-Key}`; none for a request that did not ask.
    pub idempotency_key: Option<String>,
    /// A digest of the request, to tell a repeat from a different request with the same key.
    pub request_hash: String,
    /// The payment schedule of a money pledge paid in instalments; empty when paid at once.
    pub instalments: Vec<PlannedInstalment>,
    /// The donor signed in on `/me` who makes it: the pledge joins their record. Without one, a
    /// new record is made from what was typed, whatever it matches (README, "Donor records").
    pub donor_id: Option<i64>,
}

/// One instalment of a schedule: its number (from 1), due date and amount in whole đồng.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedInstalment {
    pub number: i64,
    pub due_on: Date,
    pub amount: i64,
}

/// A partner organisation forwards money from its common fund to a need.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PooledForward {
    /// The network member's slug.
    pub member: String,
    pub need_id: i64,
    pub amount: i64,
    /// The forwarding's own reference, its evidence and who records it.
    pub step: PledgeStep,
}

/// A network member's common fund: what it holds and has not yet forwarded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolBalance {
    pub slug: String,
    pub name: String,
    pub held: i64,
}

/// What a pledge has received (the net of its ledger entries) and its schedule, if it has one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PaymentPlan {
    pub received: i64,
    pub instalments: Vec<PlannedInstalment>,
}

impl NewPledge {
    /// What counts toward the need.
    pub fn value(&self) -> i64 {
        self.amount.or(self.estimated_value).unwrap_or(0)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PledgeReceipt {
    Recorded {
        reference: String,
        over_need: bool,
    },
    /// The same request came again: the first pledge's reference.
    Repeated {
        reference: String,
    },
}

/// A pledge as its public page shows it (no personal data).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PledgeRecord {
    pub reference: String,
    pub campaign_id: Option<i64>,
    pub need_id: Option<i64>,
    pub kind: PledgeKind,
    pub amount: Option<i64>,
    pub item: Option<String>,
    pub quantity: Option<i64>,
    pub unit: Option<String>,
    pub description: Option<String>,
    pub estimated_value: Option<i64>,
    pub value: i64,
    pub status: String,
    pub over_need: bool,
    pub created_at: time::OffsetDateTime,
}

pub type StoreResult<T> = Result<T, StoreError>;

/// A picture as stored: already resized and re-encoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredImage {
    pub id: i64,
    pub content_type: String,
    pub width: i64,
    pub height: i64,
    pub bytes: Vec<u8>,
}

/// Where and when goods for a campaign are received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DropOffRecord {
    pub place: String,
    pub address: String,
    pub opens_on: Date,
    pub closes_on: Date,
    pub hours: String,
}

/// What is written when a campaign is created or edited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCampaign {
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// Markdown, sanitised when rendered.
    pub story: String,
    pub goal: i64,
    pub bank_bin: String,
    pub account_number: String,
    pub account_name: String,
    pub opens_on: Date,
    pub closes_on: Date,
    /// `None` on an edit keeps the picture it had.
    pub cover_image_id: Option<i64>,
    pub published: bool,
    pub need_ids: Vec<i64>,
    pub drop_offs: Vec<DropOffRecord>,
    pub demo: bool,
}

/// A campaign with its sums: pledged (not cancelled or lapsed) and confirmed (paid or delivered).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CampaignRecord {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub story: String,
    pub goal: i64,
    pub bank_bin: String,
    pub account_number: String,
    pub account_name: String,
    pub opens_on: Date,
    pub closes_on: Date,
    /// The cover picture's id, width and height.
    pub cover: Option<(i64, i64, i64)>,
    pub published: bool,
    pub demo: bool,
    pub pledged: i64,
    pub confirmed: i64,
    pub pledges: i64,
    pub need_ids: Vec<i64>,
    pub drop_offs: Vec<DropOffRecord>,
}

/// A supporter of a campaign who agreed to be named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SupporterRecord {
    pub name: String,
    pub kind: PledgeKind,
    pub value: i64,
    pub at: time::OffsetDateTime,
}

/// A network member others can name as the one who mobilised them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetworkMemberRecord {
    pub slug: String,
    pub kind: DonorKind,
    pub name: String,
}

/// A demo network member with its directory profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoMember {
    pub member: NetworkMemberRecord,
    pub description: String,
    pub categories: Vec<domain::Category>,
}

/// The demo campaigns and network members, linked to demo needs by title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoCampaigns {
    pub members: Vec<DemoMember>,
    pub campaigns: Vec<(NewCampaign, Vec<String>, Option<StoredImage>)>,
}

/// A need as stored; the commune's name and history come from the area index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NeedRecord {
    pub id: i64,
    pub commune_code: String,
    pub site: Option<String>,
    pub category: Category,
    pub title: String,
    pub description: String,
    pub children: i64,
    pub quantity: i64,
    pub unit: String,
    pub unit_cost: i64,
    pub total: i64,
    pub pledged: i64,
    pub period_start: Date,
    pub period_end: Date,
    pub status: NeedStatus,
    pub demo: bool,
}

/// What is written when a need is recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewNeed {
    pub commune_code: String,
    pub site: Option<String>,
    pub category: Category,
    pub title: String,
    pub description: String,
    pub children: i64,
    pub quantity: i64,
    pub unit: String,
    pub unit_cost: i64,
    pub period_start: Date,
    pub period_end: Date,
    pub status: NeedStatus,
    pub demo: bool,
}

impl NewNeed {
    pub fn total(&self) -> i64 {
        self.quantity.saturating_mul(self.unit_cost)
    }
}

/// One step of a need's workflow, as its history shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NeedTransition {
    pub at: time::OffsetDateTime,
    pub actor_id: Option<i64>,
    pub from_status: Option<NeedStatus>,
    pub to_status: NeedStatus,
    pub comment: String,
    pub overlap_confirmed: bool,
}

/// A change of a need's status, applied only if the need is still in one of `from`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NeedChange {
    pub need_id: i64,
    pub from: Vec<NeedStatus>,
    pub to: NeedStatus,
    pub actor_id: i64,
    pub comment: String,
    pub overlap_confirmed: bool,
}

/// One line of the audit trail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: time::OffsetDateTime,
    pub actor_id: Option<i64>,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditQuery {
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub action: Option<String>,
    pub actor_id: Option<i64>,
    pub limit: i64,
    pub offset: i64,
}

/// A selection of needs, in the order of urgency: still seeking support first, then the soonest
/// period, then the largest.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NeedQuery {
    pub statuses: Vec<NeedStatus>,
    pub category: Option<Category>,
    pub commune_code: Option<String>,
    /// When not empty, only needs of these communes (an area officer's scope).
    pub communes_in: Vec<String>,
    pub limit: i64,
    pub offset: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeedOutcome {
    Loaded { count: usize },
    AlreadyLoaded,
}

/// A staff account as stored, with its password hash (never sent to a page).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffAccount {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub active: bool,
    /// 2025 commune codes an area officer works in.
    pub communes: Vec<String>,
    /// Base32 TOTP secret: pending until `totp_enabled`.
    pub totp_secret: Option<String>,
    pub totp_enabled: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewStaff {
    /// Lower case.
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub communes: Vec<String>,
}

/// A one-time link's record: only the hash of the token is stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffToken {
    pub token_hash: String,
    pub staff_id: i64,
    /// `invite` or `reset`.
    pub kind: &'static str,
    pub expires_at: time::OffsetDateTime,
}

/// Sign-in attempts counted for throttling, in the current window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoginFailures {
    pub for_account: i64,
    pub from_address: i64,
}

#[async_trait]
pub trait Store:
    CampaignStore
    + NoticeStore
    + LedgerStore
    + StatementStore
    + crate::network::NetworkStore
    + crate::donor_access::DonorStore
    + Send
    + Sync
    + 'static
{
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;

    /// The connection pools as they are now, for `/metrics`.
    fn pool_usage(&self) -> Vec<PoolUsage>;
    async fn ping(&self) -> StoreResult<()>;
    /// Migrations this release carries that the database has not applied (another replica may
    /// still be migrating it, or this one is older than the database).
    async fn pending_migrations(&self) -> StoreResult<usize>;

    /// Makes the stored administrative units and successions exactly those given (reference data
    /// shipped with the product); classifications, which staff edit, are left alone.
    async fn sync_areas(&self, units: &[AdminUnit], successions: &[Succession]) -> StoreResult<()>;
    async fn areas(&self) -> StoreResult<(Vec<AdminUnit>, Vec<Succession>)>;

    /// Saves classifications together (one period of one commune each; a saved period is replaced).
    async fn save_classifications(&self, classifications: &[CommuneClassification]) -> StoreResult<()>;
    async fn classifications(&self, commune_code: &str) -> StoreResult<Vec<CommuneClassification>>;

    async fn insert_need(&self, need: &NewNeed) -> StoreResult<i64>;
    async fn need(&self, id: i64) -> StoreResult<Option<NeedRecord>>;
    /// One page of needs and how many match in all.
    async fn needs(&self, query: &NeedQuery) -> StoreResult<(Vec<NeedRecord>, i64)>;
    async fn need_totals(&self, statuses: &[NeedStatus]) -> StoreResult<NeedTotals>;
    /// Whether any need of these statuses is demo data.
    async fn has_demo_needs(&self, statuses: &[NeedStatus]) -> StoreResult<bool>;

    /// Records a new need drafted by `actor`, with its first transition and an audit line.
    async fn create_need(&self, need: &NewNeed, actor_id: i64, overlap_confirmed: bool) -> StoreResult<i64>;
    /// Replaces a need's content while it is in one of `editable` (status and demo flag are kept).
    async fn update_need(
        &self,
        id: i64,
        need: &NewNeed,
        editable: &[NeedStatus],
        actor_id: i64,
        overlap_confirmed: bool,
    ) -> StoreResult<()>;
    /// Moves a need to another status if it is still in one of `change.from`; else `Conflict`.
    async fn change_need_status(&self, change: &NeedChange) -> StoreResult<()>;
    async fn need_history(&self, id: i64) -> StoreResult<Vec<NeedTransition>>;
    /// Open needs (submitted, published, covered) of a commune and category whose period
    /// intersects the given one.
    async fn overlapping_needs(
        &self,
        commune_code: &str,
        category: Category,
        period_start: Date,
        period_end: Date,
        except: Option<i64>,
    ) -> StoreResult<Vec<NeedRecord>>;
    /// Who drafted a need.
    async fn need_author(&self, id: i64) -> StoreResult<Option<i64>>;
    async fn need_review_comment(&self, id: i64) -> StoreResult<Option<String>>;

    async fn audit_entries(&self, query: &AuditQuery) -> StoreResult<(Vec<AuditEntry>, i64)>;

    /// Creates a staff account and records it in the audit trail (by `actor`, or the command line
    /// when `None`). An address already in use is `StoreError::Duplicate`.
    async fn create_staff(&self, staff: &NewStaff, actor: Option<i64>) -> StoreResult<i64>;
    async fn staff_by_email(&self, email: &str) -> StoreResult<Option<StaffAccount>>;
    async fn staff_by_id(&self, id: i64) -> StoreResult<Option<StaffAccount>>;
    /// Every staff account, by address.
    async fn list_staff(&self) -> StoreResult<Vec<StaffAccount>>;
    /// Sets what an account may do: its role and, for a commune officer, its communes.
    async fn set_staff_access(&self, id: i64, role: Role, communes: &[String], actor_id: i64) -> StoreResult<()>;
    /// Creates an account that has no password yet, with the invitation to set one, together.
    async fn invite_staff(&self, staff: &NewStaff, token: &StaffToken, actor_id: i64) -> StoreResult<i64>;
    /// Issues a one-time password-reset link for an account.
    async fn issue_staff_token(&self, token: &StaffToken, actor_id: i64) -> StoreResult<()>;
    /// Sets the password through a one-time link: the token must exist, be unused and unexpired;
    /// it is used up in the same transaction. Answers the account's id.
    async fn redeem_staff_token(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: time::OffsetDateTime,
    ) -> StoreResult<i64>;
    /// The account a still-valid token belongs to, without using it.
    async fn staff_token_owner(&self, token_hash: &str, now: time::OffsetDateTime) -> StoreResult<Option<i64>>;
    /// Keeps a new TOTP secret for an account that has not confirmed one yet.
    async fn set_totp_pending(&self, id: i64, secret: &str) -> StoreResult<()>;
    /// Confirms the pending secret (its code was right at `step`) and replaces the recovery codes.
    async fn enable_totp(&self, id: i64, step: i64, recovery_code_hashes: &[String]) -> StoreResult<()>;
    /// Records that a TOTP time step was used; false if it (or a later one) already was, so a
    /// code is accepted only once.
    async fn use_totp_step(&self, id: i64, step: i64) -> StoreResult<bool>;
    /// Uses up a recovery code; false if it is unknown or already used.
    async fn use_recovery_code(&self, id: i64, code_hash: &str, now: time::OffsetDateTime) -> StoreResult<bool>;
    /// Replaces an account's password hash (the audit trail records that it changed, not the hash).
    async fn set_staff_password(&self, id: i64, password_hash: &str, actor_id: Option<i64>) -> StoreResult<()>;
    /// Disables or re-enables an account (recorded in the audit trail).
    async fn set_staff_active(&self, id: i64, active: bool, actor_id: Option<i64>) -> StoreResult<()>;

    /// Counts one sign-in attempt against the account and the address — before the password or code
    /// is checked, in one atomic step, so parallel guesses are each counted — and answers the
    /// attempts of the current window (`window` long) including this one.
    async fn count_login_attempt(
        &self,
        email: &str,
        address: &str,
        now: time::OffsetDateTime,
        window: time::Duration,
    ) -> StoreResult<LoginFailures>;
    /// An attempt that was not a wrong guess — refused unchecked, or checked and right — is given
    /// back, so the counts are of wrong guesses (and guesses being checked).
    async fn give_back_login_attempt(&self, email: &str, address: &str) -> StoreResult<()>;
    /// A successful sign-in starts the account's count again.
    async fn clear_login_failures(&self, email: &str) -> StoreResult<()>;

    /// Records a pledge to a need as one unit of work: the donor (recognised again by email, phone
    /// or tax code), the pledge, the idempotency key, and the need turning `covered` when pledges
    /// reach its total. A need that is not published or covered is `Closed`.
    async fn record_pledge(&self, pledge: &NewPledge) -> StoreResult<PledgeReceipt>;
    async fn pledge(&self, reference: &str) -> StoreResult<Option<PledgeRecord>>;

    /// Loads the demo needs once: a second call finds the marker and changes nothing.
    async fn seed_demo(&self, needs: &[NewNeed]) -> StoreResult<SeedOutcome>;
}

/// Campaigns, their pictures and the network members a pledge can name (a part of the storage port
/// of its own, so each backend implements it in its own file).
#[async_trait]
pub trait CampaignStore: Send + Sync {
    /// Keeps a picture; answers its id.
    async fn store_image(&self, image: &StoredImage) -> StoreResult<i64>;
    async fn image(&self, id: i64) -> StoreResult<Option<StoredImage>>;

    /// Creates a campaign with its needs and drop-off points, audited. A slug in use is `Duplicate`.
    async fn create_campaign(&self, campaign: &NewCampaign, actor_id: i64) -> StoreResult<i64>;
    /// Replaces a campaign's content, needs and drop-off points, audited.
    async fn update_campaign(&self, id: i64, campaign: &NewCampaign, actor_id: i64) -> StoreResult<()>;
    async fn campaign(&self, slug: &str) -> StoreResult<Option<CampaignRecord>>;
    async fn campaign_by_id(&self, id: i64) -> StoreResult<Option<CampaignRecord>>;
    /// One page of campaigns, the latest to close first; only published ones when `published_only`.
    async fn campaigns(&self, published_only: bool, limit: i64, offset: i64)
    -> StoreResult<(Vec<CampaignRecord>, i64)>;
    /// What a campaign received (confirmed or delivered pledges, by confirmation date) and handed over.
    async fn campaign_closing(&self, campaign_id: i64) -> StoreResult<domain::ClosingReport>;
    /// The latest pledges to a campaign by donors who chose to be named.
    async fn campaign_supporters(&self, campaign_id: i64, limit: i64) -> StoreResult<Vec<SupporterRecord>>;
    /// Network members with a public slug, by name.
    async fn network_members(&self) -> StoreResult<Vec<NetworkMemberRecord>>;

    /// Loads the demo campaigns and network members once (a marker of their own, so a database
    /// seeded before campaigns existed gets them too).
    async fn seed_demo_campaigns(&self, demo: &DemoCampaigns) -> StoreResult<SeedOutcome>;
}

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
}

/// A notice a worker has claimed, with what it needs to address it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimedNotice {
    pub notice: NoticeRecord,
    pub donor_name: String,
    pub donor_email: Option<String>,
    /// The recognition a recognition notice announces.
    pub recognition_id: Option<i64>,
    /// A sign-in link's token, held only until the notice is sent.
    pub secret: Option<String>,
    /// The donor's directory profile, for a welcome notice.
    pub donor_slug: Option<String>,
}

/// One connection pool: connections open, of which idle, and the most it opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolUsage {
    pub name: &'static str,
    pub open: u32,
    pub idle: u32,
    pub max: u32,
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
    async fn notices_sent(&self, sent: &[(i64, String)], at: time::OffsetDateTime) -> StoreResult<()>;
    /// A failed attempt: queued again for `retry_at`, or parked as failed when `None`.
    async fn notice_failed(&self, id: i64, error: &str, retry_at: Option<time::OffsetDateTime>) -> StoreResult<()>;
    /// Queues the first and second reminders of money pledges still unpaid `days` and `2 × days`
    /// after they were made (each once). Answers how many were queued.
    async fn queue_reminders(&self, now: time::OffsetDateTime, days: i64) -> StoreResult<u64>;
    /// One page of notices, the latest first; all statuses when `status` is `None`.
    async fn notices(&self, status: Option<&str>, limit: i64, offset: i64) -> StoreResult<(Vec<NoticeRecord>, i64)>;
    async fn notice_counts(&self) -> StoreResult<NoticeCounts>;
    /// Queues a failed notice again (audited).
    async fn resend_notice(&self, id: i64, actor_id: i64, now: time::OffsetDateTime) -> StoreResult<()>;
}

/// One step of a pledge's lifecycle as staff record it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PledgeStep {
    pub reference: String,
    /// The staff member; none for `portal import-statement`.
    pub actor_id: Option<i64>,
    pub at: time::OffsetDateTime,
    /// The day in Vietnam: a ledger entry's year is the calendar year of the confirmation.
    pub on: Date,
    /// `bank_transaction`, `receipt` or `handover`.
    pub evidence_kind: Option<String>,
    pub evidence: String,
    pub note: String,
}

/// A hand-over: children are counted, never named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeliveryRecord {
    pub delivered_on: Date,
    pub children: i64,
    pub delivered_by: String,
    pub received_by: String,
}

/// A pledge as the staff list shows it (personal data: staff only).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffPledgeRecord {
    pub reference: String,
    pub status: String,
    pub kind: PledgeKind,
    pub value: i64,
    pub donor_id: i64,
    pub donor_name: String,
    pub donor_kind: DonorKind,
    pub donor_email: Option<String>,
    pub donor_phone: Option<String>,
    pub donor_tax_code: Option<String>,
    pub display: Display,
    pub campaign_title: Option<String>,
    pub need_title: Option<String>,
    /// The network member whose common fund received it.
    pub pool_name: Option<String>,
    pub over_need: bool,
    pub created_at: time::OffsetDateTime,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PledgeEventRecord {
    pub at: time::OffsetDateTime,
    pub actor_id: Option<i64>,
    pub from_status: String,
    pub to_status: String,
    pub evidence_kind: Option<String>,
    pub evidence: String,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LedgerEntryRecord {
    pub id: i64,
    /// `confirmation`, `reversal`, `transfer_out` or `transfer_in`.
    pub entry: String,
    pub reverses_id: Option<i64>,
    pub year: i64,
    pub amount: i64,
    pub at: time::OffsetDateTime,
}

/// The pledge lifecycle and the coordination ledger (a part of the storage port of its own).
#[async_trait]
pub trait LedgerStore: Send + Sync {
    /// Pledges whose reference or donor name (folded: without diacritics) contains `q`, the latest
    /// first; all statuses when `status` is `None`.
    async fn staff_pledges(
        &self,
        q: &str,
        status: Option<&str>,
        limit: i64,
        offset: i64,
    ) -> StoreResult<(Vec<StaffPledgeRecord>, i64)>;
    async fn staff_pledge(&self, reference: &str) -> StoreResult<Option<StaffPledgeRecord>>;
    async fn pledge_events(&self, reference: &str) -> StoreResult<Vec<PledgeEventRecord>>;
    async fn pledge_ledger(&self, reference: &str) -> StoreResult<Vec<LedgerEntryRecord>>;
    /// What the pledge has received and its instalments (empty when paid at once).
    async fn payment_plan(&self, reference: &str) -> StoreResult<PaymentPlan>;
    /// Records a forwarding of pooled money: a confirmed pledge from the member to the need, and
    /// two ledger entries that cancel out (out of the pool, into the need), so the money counts
    /// once — as the gifts that filled the pool. `Conflict` when the pool holds less, `NotFound`
    /// for an unknown member or need, `Closed` for a need that takes no pledges.
    async fn forward_pooled(&self, forward: &PooledForward) -> StoreResult<()>;
    /// The common funds holding money, the fullest first.
    async fn pool_balances(&self) -> StoreResult<Vec<PoolBalance>>;
    /// Pledged (or partly paid) → confirmed: the event with its evidence, a ledger entry, the
    /// receipt notice and an audit line, together. Any other status is `Conflict`.
    async fn confirm_pledge(&self, step: &PledgeStep) -> StoreResult<()>;
    /// Confirmed → delivered, with the hand-over and the delivery report notice.
    async fn record_delivery(&self, step: &PledgeStep, delivery: &DeliveryRecord) -> StoreResult<()>;
    /// → `cancelled` (from pledged, partly paid or confirmed: a confirmed amount is taken back by a
    /// reversing entry) or → `lapsed` (from pledged or partly paid).
    async fn close_pledge(&self, step: &PledgeStep, to: &str) -> StoreResult<()>;
    /// Unpaid pledges made before `made_before` stop covering their needs (they go stale), and needs
    /// whose status no longer matches what covers them follow it (covered ↔ published). Answers
    /// how many needs moved.
    async fn sweep_stale_pledges(
        &self,
        made_before: time::OffsetDateTime,
        at: time::OffsetDateTime,
    ) -> StoreResult<u64>;
    /// The hand-over of a pledge, if it was delivered.
    async fn delivery(&self, reference: &str) -> StoreResult<Option<DeliveryRecord>>;
    /// Totals for a calendar year (of confirmation; of hand-over for deliveries), or for all years.
    async fn ledger_totals(&self, year: Option<i32>) -> StoreResult<LedgerTotals>;
    async fn ledger_breakdown(&self, year: i32) -> StoreResult<LedgerBreakdown>;
    /// By commune × category × source: confirmed amounts and donors; children reached by commune and
    /// category.
    async fn yearly_report(&self, year: i32) -> StoreResult<YearlyReport>;
    /// Pledged (by the day of the pledge) and delivered (by the day of the hand-over) in a year, by
    /// category, commune and source type: `(dimension, key, pledged, delivered)` with dimension
    /// `category`, `commune` or `source` and key "" for gifts outside a need.
    async fn pledge_flow(&self, year: i32) -> StoreResult<Vec<(String, String, i64, i64)>>;
    /// Ledger lines, the latest first, for the open-data API.
    async fn public_ledger(&self, query: &LedgerQuery) -> StoreResult<(Vec<PublicLedgerEntry>, i64)>;
    /// Confirmed amounts of a year by (commune code, category, source type), for open data.
    async fn ledger_cells(&self, year: i32) -> StoreResult<Vec<(String, String, String, i64)>>;
    /// A contribution by its exact reference, or the named donors' contributions whose folded name
    /// has, for every word of the folded `name`, a word starting with it (at most `limit`).
    async fn find_contributions(
        &self,
        reference: Option<&str>,
        name: Option<&str>,
        limit: i64,
    ) -> StoreResult<Vec<PublicContribution>>;
}

/// One credit line of a bank statement, with its identity in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementLine {
    /// A digest of the line's content and its occurrence among identical lines of the file.
    pub identity: String,
    pub line: i64,
    pub booked_on: Date,
    pub amount: i64,
    pub description: String,
    pub bank_reference: String,
    /// Pledge references the description may carry.
    pub candidates: Vec<String>,
}

/// Bank statements (a part of the storage port of its own).
#[async_trait]
pub trait StatementStore: Send + Sync {
    /// Records the lines not seen before and matches them: a line naming exactly one open money
    /// pledge pays it — confirming it (ledger entry, receipt notice) when the pledge is paid in full,
    /// marking it partly paid before that; anything else waits for review. One transaction.
    async fn import_statement(
        &self,
        file_name: &str,
        lines: &[StatementLine],
        actor_id: Option<i64>,
        on: Date,
        at: time::OffsetDateTime,
    ) -> StoreResult<ImportOutcome>;
    /// A person matches a line waiting for review to a pledge: it pays it (in full: confirmed; in
    /// part: partly paid). `Conflict` when the line is no longer waiting or the amount is more
    /// than the pledge still lacks; `NotFound` for no open money pledge of that reference.
    async fn match_statement_line(&self, line_id: i64, step: &PledgeStep) -> StoreResult<bool>;
    /// Starts following an import of `total_lines` lines; answers its id.
    async fn start_statement_import(
        &self,
        file_name: &str,
        total_lines: i64,
        actor_id: Option<i64>,
        at: time::OffsetDateTime,
    ) -> StoreResult<i64>;
    /// Imports one chunk of a followed import, counting it in the same transaction.
    async fn import_statement_chunk(
        &self,
        import_id: i64,
        lines: &[StatementLine],
        actor_id: Option<i64>,
        on: Date,
        at: time::OffsetDateTime,
    ) -> StoreResult<ImportOutcome>;
    /// The import is over: done, or failed with the reason.
    async fn finish_statement_import(
        &self,
        import_id: i64,
        error: Option<&str>,
        at: time::OffsetDateTime,
    ) -> StoreResult<()>;
    async fn statement_import(&self, import_id: i64) -> StoreResult<Option<domain::ImportProgress>>;
    /// Lines waiting for review: (id, booked on, amount, description, bank reference).
    async fn statement_review(&self, limit: i64) -> StoreResult<Vec<(i64, Date, i64, String, String)>>;
}
