//! The year's resource-mobilisation plan: targets by commune and kind of support, beside what was
//! pledged, confirmed and delivered against them.

use serde::{Deserialize, Serialize};

use crate::Category;

/// One target of the plan as imported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanTarget {
    pub commune_code: String,
    pub category: Category,
    pub target_children: i64,
    /// Whole đồng (money, or the value of goods and services).
    pub target_amount: i64,
}

/// A line of the plan beside what was achieved (`GET /api/v1/plan?year=`, `/plan`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanLine {
    /// The commune's code (the administrative unit list).
    pub commune: String,
    /// Its name, for people.
    pub commune_name: String,
    pub category: Category,
    pub target_children: i64,
    pub target_amount: i64,
    /// Pledged in the year to the commune's needs of this kind (cancelled and lapsed pledges left out).
    pub pledged: i64,
    /// Confirmed as received in the year (net of reversals): the ledger, each gift once.
    pub confirmed: i64,
    /// Handed over in the year.
    pub delivered: i64,
    /// Children reached by the hand-overs of the year, each need's children once.
    pub children_reached: i64,
}

/// The year's published plan with its lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanProgress {
    pub year: i32,
    /// False while no plan is published for the year (the lines are then empty).
    pub published: bool,
    pub lines: Vec<PlanLine>,
}
