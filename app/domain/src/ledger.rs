//! The coordination ledger as it is summed, searched and reported.

use serde::{Deserialize, Serialize};
use time::Date;

/// Sums over the ledger and the deliveries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LedgerTotals {
    /// Whole đồng confirmed (reversals subtracted).
    pub confirmed: i64,
    /// Whole đồng of pledges handed over.
    pub delivered: i64,
    /// Children reached by deliveries, each need's children counted once however many pledges
    /// served it.
    pub children_reached: i64,
    /// Donors with a confirmed contribution.
    pub donors: i64,
}

/// Confirmed amounts (net of reversals) of one year, broken down three ways.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LedgerBreakdown {
    pub year: i32,
    /// Pledged in the year (not cancelled or lapsed), by the date of the pledge.
    pub pledged: i64,
    pub totals: LedgerTotals,
    /// (category or "" for gifts outside a need, confirmed đồng).
    pub by_category: Vec<(String, i64)>,
    /// (2025 commune code or "", confirmed đồng).
    pub by_commune: Vec<(String, i64)>,
    /// (donor kind, confirmed đồng).
    pub by_source: Vec<(String, i64)>,
    /// Every year the ledger has entries for, latest first.
    pub years: Vec<i32>,
}

/// A contribution as the public may look it up: never a phone number, an email or an account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicContribution {
    pub reference: String,
    /// The donor's name only when they chose to be named.
    pub donor: Option<String>,
    pub status: String,
    pub value: i64,
    pub target: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub pledged_on: Date,
}

/// One line of the coordination ledger as open data: the donor's name only when they chose to be
/// named, never a contact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicLedgerEntry {
    pub id: i64,
    /// `confirmation` (money or goods received), `reversal`, or the pair `transfer_out` / `transfer_in`
    /// of a common fund forwarding to a need (they sum to zero).
    pub entry: String,
    pub year: i64,
    /// The pledge's reference, only on the lines of donors who chose to be named (with it, a donor
    /// finds their own line; without their consent it would tie a gift to the person who has it).
    pub reference: Option<String>,
    pub commune_code: Option<String>,
    pub category: Option<String>,
    /// The donor's kind: `individual`, `business`, `organisation`, `mass_organisation`, `fund`.
    pub source_type: String,
    pub donor: Option<String>,
    pub campaign: Option<String>,
    pub need: Option<i64>,
    /// Whole đồng; negative for a reversal.
    pub amount: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[serde(with = "time::serde::rfc3339")]
    pub at: time::OffsetDateTime,
}

/// What the public ledger list is filtered by.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LedgerQuery {
    /// Words of a named donor's name, or a reference.
    pub q: Option<String>,
    pub year: Option<i64>,
    pub commune: Option<String>,
    pub category: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

/// The yearly report for the province and the ministry.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearlyReport {
    pub year: i32,
    /// (commune code, category, source type, confirmed đồng, donors); "" where there is no need.
    pub rows: Vec<(String, String, String, i64, i64)>,
    /// (commune code, category, children reached — each need's children once).
    pub children: Vec<(String, String, i64)>,
    pub totals: LedgerTotals,
    /// The year's published plan beside what was achieved (empty without one).
    #[serde(default)]
    pub plan: Vec<crate::PlanLine>,
}

/// What an import did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportOutcome {
    pub lines: i64,
    /// Lines seen in an earlier import: nothing done with them again.
    pub already_imported: i64,
    /// Pledges confirmed (paid in full by this import).
    pub confirmed: i64,
    /// Lines recorded as part payments.
    pub part_payments: i64,
    /// Lines waiting for staff to match them by hand.
    pub to_review: i64,
    /// Money in to an account that is not the programme's: recorded, counted nowhere.
    #[serde(default)]
    pub not_ours: i64,
    /// Money out, waiting to be assigned to what it paid for.
    #[serde(default)]
    pub money_out: i64,
}

/// A statement import as it runs: the lines done so far and what they did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportProgress {
    pub id: i64,
    pub file_name: String,
    pub total_lines: i64,
    /// `outcome.lines` lines are done so far.
    pub outcome: ImportOutcome,
    /// `running`, `done` or `failed`.
    pub status: String,
    pub error: Option<String>,
}
