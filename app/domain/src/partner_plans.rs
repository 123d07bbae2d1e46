//! A mass organisation's own year: the mobilisation plan it enters, the results the portal counted
//! for it (gifts made through it), and the report it submits to the department.

use serde::{Deserialize, Serialize};

/// What an organisation plans to mobilise in a year.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerTargets {
    /// Donors (people, businesses) it means to bring in.
    pub donors: i64,
    /// Whole đồng: money, or the value of goods and services.
    pub amount: i64,
    pub children: i64,
    /// How it means to mobilise (its members, events, the communes it works in).
    pub activities: String,
}

/// What the portal counted for an organisation in a year: the gifts it mobilised.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerResults {
    /// Donors whose gifts of the year it mobilised (cancelled and lapsed pledges left out).
    pub donors: i64,
    pub pledged: i64,
    /// Confirmed as received in the year, net of reversals, each gift once.
    pub confirmed: i64,
    /// Handed over in the year.
    pub delivered: i64,
    /// Children reached by those hand-overs, each need's children once.
    pub children: i64,
}

/// The report an organisation submitted: its words, when, and the results as counted then.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerReport {
    pub text: String,
    pub submitted_at: time::OffsetDateTime,
    pub results: PartnerResults,
}

/// One organisation's year: its plan (if entered), its results now, and its report once submitted
/// (then the plan is locked).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerYear {
    pub year: i32,
    pub member_slug: String,
    pub member_name: String,
    pub plan: Option<PartnerTargets>,
    pub results: PartnerResults,
    pub report: Option<PartnerReport>,
}

impl PartnerYear {
    pub fn locked(&self) -> bool {
        self.report.is_some()
    }
}

/// Share of a target reached, in whole percent (`None` without a target).
pub fn percent_of(achieved: i64, target: i64) -> Option<i64> {
    (target > 0).then(|| achieved.saturating_mul(100) / target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_of_a_target_is_whole_percent_and_none_without_one() {
        assert_eq!(percent_of(1_500_000, 10_000_000), Some(15));
        assert_eq!(percent_of(12, 10), Some(120));
        assert_eq!(percent_of(5, 0), None);
    }
}
