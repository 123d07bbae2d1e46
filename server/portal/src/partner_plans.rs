//! A mass organisation's own year, as the provincial plan asks of the Fatherland Front, the Women's
//! Union, the Youth Union, the Red Cross and the Farmers' Union: it enters its mobilisation plan,
//! sees its results as the portal counted them (the gifts made through it), and submits its year's
//! report to the department, which locks and dates it. The department sees every organisation's
//! plan beside its results.

use std::collections::{BTreeMap, HashMap};

use domain::staff::may_follow_partners;
use domain::{FieldProblem, PartnerResults, PartnerTargets, PartnerYear, StaffView};
use time::OffsetDateTime;

use crate::error::Problems;
use crate::store::{PartnerMember, StoredPartnerPlan};
use crate::{Error, Portal};

/// How an organisation describes its activities, and its report: a page, not a book.
pub const MAX_ACTIVITIES: usize = 2_000;
pub const MAX_REPORT: usize = 4_000;

/// The plan as typed: field → text (`donors`, `amount`, `children_count`, `activities`).
pub fn parse_targets(fields: &BTreeMap<String, String>) -> Result<PartnerTargets, Problems> {
    let mut problems = Problems::new();
    let text = |name: &str| fields.get(name).map(|v| v.trim()).unwrap_or("");
    let mut count = |name: &str| match domain::amount::parse_count(text(name)) {
        Some(n) if n >= 0 => n,
        _ => {
            problems.insert(name.to_owned(), FieldProblem::NotAWholeNumber);
            0
        }
    };
    let donors = count("donors");
    // Not `children`: a form field of that name hides the form's own `children` from scripts.
    let children = count("children_count");
    let amount = match domain::amount::parse_vnd(text("amount")) {
        Some(n) if n >= 0 => n,
        _ => {
            problems.insert("amount".to_owned(), FieldProblem::NotAnAmount);
            0
        }
    };
    let activities = text("activities").to_owned();
    if activities.is_empty() {
        problems.insert("activities".to_owned(), FieldProblem::Required);
    } else if activities.chars().count() > MAX_ACTIVITIES {
        problems.insert("activities".to_owned(), FieldProblem::TooLong);
    }
    if problems.is_empty() { Ok(PartnerTargets { donors, amount, children, activities }) } else { Err(problems) }
}

fn partner_year(
    year: i32,
    member: &PartnerMember,
    stored: Option<StoredPartnerPlan>,
    results: PartnerResults,
) -> PartnerYear {
    let (plan, report) = stored.map_or((None, None), |s| (Some(s.targets), s.report));
    PartnerYear { year, member_slug: member.1.clone(), member_name: member.2.clone(), plan, results, report }
}

impl Portal {
    /// The signed-in partner's year: its plan, results and report; `Denied` for other accounts.
    pub async fn partner_year(&self, staff: &StaffView, year: i32) -> Result<PartnerYear, Error> {
        let member = self.partner_member(staff).await?;
        let stored = self.store.partner_plan(member.0, year).await?;
        let results = self.store.mobilised_in_year(member.0, year).await?;
        Ok(partner_year(year, &member, stored, results))
    }

    /// Enters or replaces the partner's plan for the year. `Invalid` with what was wrong; a
    /// conflict once the year's report is submitted.
    pub async fn save_partner_plan(
        &self,
        staff: &StaffView,
        year: i32,
        fields: &BTreeMap<String, String>,
    ) -> Result<(), Error> {
        let member = self.partner_member(staff).await?;
        // A plan is made for the year running, the next one, or — late — the last one.
        let this_year = domain::format::today().year();
        if !(this_year - 1..=this_year + 1).contains(&year) {
            return Err(Error::Conflict(crate::error::Conflict::WrongStatus));
        }
        let targets = parse_targets(fields).map_err(Error::Invalid)?;
        Ok(self.store.save_partner_plan(member.0, year, &targets, staff.id, OffsetDateTime::now_utc()).await?)
    }

    /// Submits the partner's report for the year with its results as counted now; from then on
    /// the plan and the report are locked. `NotFound` without a plan, a conflict when submitted.
    pub async fn submit_partner_report(&self, staff: &StaffView, year: i32, text: &str) -> Result<(), Error> {
        let member = self.partner_member(staff).await?;
        // A year is reported once it has begun (its results so far), never ahead of it.
        if year > domain::format::today().year() {
            return Err(Error::Conflict(crate::error::Conflict::WrongStatus));
        }
        let text = text.trim();
        if text.is_empty() {
            return Err(Error::invalid("report", FieldProblem::Required));
        }
        if text.chars().count() > MAX_REPORT {
            return Err(Error::invalid("report", FieldProblem::TooLong));
        }
        let results = self.store.mobilised_in_year(member.0, year).await?;
        let now = OffsetDateTime::now_utc();
        Ok(self.store.submit_partner_report(member.0, year, text, results, staff.id, now).await?)
    }

    /// Every organisation a partner account records for, by name: plan, results and report, for
    /// the department.
    pub async fn partner_years(&self, staff: &StaffView, year: i32) -> Result<Vec<PartnerYear>, Error> {
        if !may_follow_partners(staff) {
            return Err(Error::Denied);
        }
        let members = self.store.partner_members().await?;
        let mut plans: HashMap<i64, StoredPartnerPlan> =
            self.store.partner_plans(year).await?.into_iter().map(|p| (p.member_id, p)).collect();
        let mut years = Vec::with_capacity(members.len());
        for member in &members {
            let results = self.store.mobilised_in_year(member.0, year).await?;
            years.push(partner_year(year, member, plans.remove(&member.0), results));
        }
        Ok(years)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn a_plan_is_read_as_an_office_types_it() {
        let plan = parse_targets(&typed(&[
            ("donors", "1.200"),
            ("amount", "1,5 tỷ"),
            ("children_count", "800"),
            ("activities", "Vận động hội viên ở 12 xã"),
        ]))
        .unwrap();
        assert_eq!((plan.donors, plan.amount, plan.children), (1_200, 1_500_000_000, 800));
    }

    #[test]
    fn each_wrong_field_is_named() {
        let problems =
            parse_targets(&typed(&[("donors", "-3"), ("amount", "nhiều"), ("children_count", "")])).unwrap_err();
        assert_eq!(problems.get("donors"), Some(&FieldProblem::NotAWholeNumber));
        assert_eq!(problems.get("amount"), Some(&FieldProblem::NotAnAmount));
        assert_eq!(problems.get("children_count"), Some(&FieldProblem::NotAWholeNumber));
        assert_eq!(problems.get("activities"), Some(&FieldProblem::Required));
    }
}
