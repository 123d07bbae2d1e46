//! Pledges: who gives, what, and how it is shown; payment by VietQR and instalments.

use serde::{Deserialize, Serialize};

use crate::site::ReceivingAccount;

/// The five kinds of network member (DESIGN.md); a ledger entry's source type is its donor's kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DonorKind {
    Individual,
    Business,
    Organisation,
    MassOrganisation,
    Fund,
}

impl DonorKind {
    pub const ALL: [DonorKind; 5] = [
        DonorKind::Individual,
        DonorKind::Business,
        DonorKind::Organisation,
        DonorKind::MassOrganisation,
        DonorKind::Fund,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DonorKind::Individual => "individual",
            DonorKind::Business => "business",
            DonorKind::Organisation => "organisation",
            DonorKind::MassOrganisation => "mass_organisation",
            DonorKind::Fund => "fund",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == value)
    }
}

/// How a pledge may be shown publicly (names only with consent).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Display {
    Named,
    Anonymous,
    Unlisted,
}

impl Display {
    pub const ALL: [Display; 3] = [Display::Named, Display::Anonymous, Display::Unlisted];

    pub fn as_str(self) -> &'static str {
        match self {
            Display::Named => "named",
            Display::Anonymous => "anonymous",
            Display::Unlisted => "unlisted",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == value)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PledgeKind {
    Money,
    InKind,
    Service,
}

impl PledgeKind {
    pub const ALL: [PledgeKind; 3] = [PledgeKind::Money, PledgeKind::InKind, PledgeKind::Service];

    pub fn as_str(self) -> &'static str {
        match self {
            PledgeKind::Money => "money",
            PledgeKind::InKind => "in_kind",
            PledgeKind::Service => "service",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == value)
    }
}

/// A pledge as typed in the public form, kept as text so it can be shown back as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PledgeForm {
    pub need: String,
    pub donor_type: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub tax_code: String,
    pub kind: String,
    pub amount: String,
    pub item: String,
    pub quantity: String,
    pub unit: String,
    pub description: String,
    pub estimated_value: String,
    pub display: String,
    pub consent: Option<String>,
    /// Hidden: one per form shown, so a repeated submission records one pledge.
    pub token: String,
    /// Hidden from people: only robots fill it.
    pub website: String,
    /// A campaign's slug, when the pledge is made from its page.
    pub campaign: String,
    /// The network member (slug) who mobilised the donor.
    pub mobilised_by: String,
    /// Monthly instalments for money: empty or "1" pays at once.
    pub instalments: String,
    /// A network member's slug: the gift goes to its common fund (pool), which forwards it to
    /// needs later. Instead of a need or a campaign.
    pub pool: String,
    /// How the donor wants to hear back: `email`, `zalo` or `sms` (empty: email when given, else
    /// Zalo).
    pub notice_channel: String,
}

/// How to pay a money pledge by bank transfer: the account, the amount, the transfer message
/// (the pledge reference) and the same as a VietQR payload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Payment {
    pub account: ReceivingAccount,
    /// Whole đồng.
    pub amount: i64,
    pub message: String,
    /// EMVCo payload for NAPAS VietQR (what the QR code holds).
    pub vietqr: String,
    /// For a pledge paid in instalments: the one to pay now (its number).
    pub instalment: Option<i64>,
}

/// The most monthly instalments a pledge may have: a school year's months, with room to spare.
pub const MAX_INSTALMENTS: i64 = 12;

/// Where an instalment stands on a given day: settled by payments in order, or waiting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InstalmentStatus {
    Paid,
    /// The earliest unpaid one, not yet past its due date: the one to pay now.
    Due,
    /// Past its due date and not (fully) paid.
    Overdue,
    Upcoming,
}

/// One instalment of a pledge's schedule as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstalmentView {
    pub number: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub due_on: time::Date,
    pub amount: i64,
    /// What the payments so far settle of it.
    pub paid: i64,
    pub status: InstalmentStatus,
}

/// What staff type to move a pledge on: evidence of a payment, a hand-over, a reason.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PledgeActionForm {
    /// `bank_transaction`, `receipt` or `handover`.
    pub evidence_kind: String,
    pub evidence: String,
    pub note: String,
    pub delivered_on: String,
    /// `children_count` in the form (see `NeedForm::children`).
    #[serde(rename = "children_count", alias = "children")]
    pub children: String,
    pub delivered_by: String,
    pub received_by: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
/// A pledge as its thank-you page shows it (and the API's status): what was pledged and how to
/// pay it, never who pledged.
pub struct ThankYou {
    pub reference: String,
    pub need_id: Option<i64>,
    pub need_title: Option<String>,
    pub campaign: Option<(String, String)>,
    pub kind: PledgeKind,
    pub amount: Option<i64>,
    pub item: Option<String>,
    pub quantity: Option<i64>,
    pub unit: Option<String>,
    pub description: Option<String>,
    pub estimated_value: Option<i64>,
    pub over_need: bool,
    /// Money only, and only when a receiving account is known.
    pub payment: Option<Payment>,
    /// The VietQR code as inline SVG.
    pub qr_svg: Option<String>,
    pub status: String,
    /// What the payments so far amount to (the net of its ledger entries).
    pub received: i64,
    /// The schedule of a pledge paid in instalments, as it stands today.
    pub instalments: Vec<InstalmentView>,
    /// What counts toward the need: the amount, or the estimated value of goods and services.
    pub value: i64,
    pub created_at: time::OffsetDateTime,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
/// The printable acknowledgement of what the programme received from a donor: the donor's own
/// document (their name and tax code are on it).
pub struct Receipt {
    pub reference: String,
    pub org_name: String,
    /// "Thái Nguyên": where the receipt is dated.
    pub place: String,
    pub donor_name: String,
    pub donor_kind: DonorKind,
    pub tax_code: Option<String>,
    pub what: String,
    /// The need (with its commune) or the campaign the gift went to.
    pub target: Option<String>,
    /// Each payment or hand-over received: (day in Vietnam, whole đồng).
    pub payments: Vec<(time::Date, i64)>,
    pub received: i64,
    pub issued_on: time::Date,
}
