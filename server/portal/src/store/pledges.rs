//! Pledges: recording one, and reading them back — as the public sees one, and as staff who manage
//! them see them with their events, ledger lines and payment plan.

use async_trait::async_trait;
use time::Date;

use super::StoreResult;
use domain::{Display, DonorKind, PledgeKind};

/// A pledge to record, with its donor and the key that makes a repeated submission harmless.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewPledge {
    pub reference: String,
    pub donor_kind: DonorKind,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// How the donor hears back (a new donor record keeps it).
    pub notice_channel: domain::NoticeChannel,
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
    /// From the public form: `form-again:` and a digest of the contact, target, kind, amount and
    /// display choice. The same gift again within `REPEAT_WINDOW` answers the first pledge (a donor
    /// went back and sent the form once more, with its new token). Only the digest is kept.
    pub repeat_key: Option<String>,
    /// The payment schedule of a money pledge paid in instalments; empty when paid at once.
    pub instalments: Vec<PlannedInstalment>,
    /// The donor signed in on `/me` who makes it: the pledge joins their record. Without one, a
    /// new record is made from what was typed, whatever it matches (README, "Donor records").
    pub donor_id: Option<i64>,
}

/// How long the same gift sent again from the public form is taken as the first one.
pub const REPEAT_WINDOW: time::Duration = time::Duration::minutes(10);

/// One instalment of a schedule: its number (from 1), due date and amount in whole đồng.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedInstalment {
    pub number: i64,
    pub due_on: Date,
    pub amount: i64,
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
        /// The need it went to: the one named, or with a campaign and none named, the campaign's
        /// need that lacked the most.
        need_id: Option<i64>,
    },
    /// The same request came again: the first pledge's reference.
    Repeated { reference: String },
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
    /// The network member the donor said mobilised them.
    pub mobiliser_name: Option<String>,
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

/// Pledges recorded and read (a part of the storage port of its own).
#[async_trait]
pub trait PledgeStore: Send + Sync {
    /// Records a pledge to a need as one unit of work: the donor (recognised again by email, phone
    /// or tax code), the pledge, the idempotency key, and the need turning `covered` when pledges
    /// reach its total. A need that is not published or covered is `Closed`.
    async fn record_pledge(&self, pledge: &NewPledge) -> StoreResult<PledgeReceipt>;
    async fn pledge(&self, reference: &str) -> StoreResult<Option<PledgeRecord>>;
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
}
