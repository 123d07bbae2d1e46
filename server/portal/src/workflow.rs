//! The needs workflow of the staff area: who may do what to which need, the checks a typed need
//! must pass, and the overlap guard ("tránh chồng chéo, trùng lặp").

use std::collections::BTreeMap;

use time::Date;

use crate::store::{AuditEntry, AuditQuery, NeedChange, NeedQuery, NeedTransition, NewNeed};
use crate::{Conflict, Error, Portal};
use domain::amount::parse_vnd;
use domain::checks::parse_date;
use domain::staff::{NeedAction, in_scope, may, may_read_audit, may_see_staff_needs};
use domain::{Category, FieldProblem, Need, NeedForm, NeedStatus, NeedSummary, Paged, Role, StaffView};

const MAX_TITLE: usize = 200;
const MAX_TEXT: usize = 4000;
const MAX_SHORT: usize = 200;

/// Checks a typed need; every problem is reported at once. (Whether the person may act for the
/// commune is a permission, answered with a 403, not a form problem.)
pub fn validate(form: &NeedForm, portal: &Portal) -> Result<NewNeed, BTreeMap<String, FieldProblem>> {
    let mut problems = BTreeMap::new();
    let mut problem = |field: &str, p: FieldProblem| {
        problems.entry(field.to_owned()).or_insert(p);
    };
    let commune = form.commune.trim();
    if commune.is_empty() {
        problem("commune", FieldProblem::Required);
    } else if !portal.areas.is_current_commune(commune) {
        problem("commune", FieldProblem::UnknownCommune);
    }
    let category = Category::parse(form.category.trim());
    if category.is_none() {
        problem(
            "category",
            if form.category.trim().is_empty() { FieldProblem::Required } else { FieldProblem::UnknownCategory },
        );
    }
    let title = form.title.trim();
    if title.is_empty() {
        problem("title", FieldProblem::Required);
    } else if title.chars().count() > MAX_TITLE {
        problem("title", FieldProblem::TooLong);
    }
    if form.description.chars().count() > MAX_TEXT {
        problem("description", FieldProblem::TooLong);
    }
    if form.site.trim().chars().count() > MAX_SHORT {
        problem("site", FieldProblem::TooLong);
    }
    let whole = |field: &str, text: &str, minimum: i64, problem: &mut dyn FnMut(&str, FieldProblem)| -> Option<i64> {
        if text.trim().is_empty() {
            problem(field, FieldProblem::Required);
            return None;
        }
        match domain::amount::parse_count(text) {
            Some(n) if n >= minimum && n <= 100_000_000 => Some(n),
            _ => {
                problem(field, FieldProblem::NotAWholeNumber);
                None
            }
        }
    };
    let children = whole("children_count", &form.children, 0, &mut problem);
    let quantity = whole("quantity", &form.quantity, 1, &mut problem);
    let unit = form.unit.trim();
    if unit.is_empty() {
        problem("unit", FieldProblem::Required);
    } else if unit.chars().count() > MAX_SHORT {
        problem("unit", FieldProblem::TooLong);
    }
    let unit_cost = if form.unit_cost.trim().is_empty() {
        problem("unit_cost", FieldProblem::Required);
        None
    } else {
        let parsed = parse_vnd(&form.unit_cost).filter(|v| *v <= 100_000_000_000);
        if parsed.is_none() {
            problem("unit_cost", FieldProblem::NotAnAmount);
        }
        parsed
    };
    let date = |field: &str, text: &str, problem: &mut dyn FnMut(&str, FieldProblem)| -> Option<Date> {
        if text.trim().is_empty() {
            problem(field, FieldProblem::Required);
            return None;
        }
        let parsed = parse_date(text);
        if parsed.is_none() {
            problem(field, FieldProblem::NotADate);
        }
        parsed
    };
    let start = date("period_start", &form.period_start, &mut problem);
    let end = date("period_end", &form.period_end, &mut problem);
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        problem("period_end", FieldProblem::EndsBeforeStart);
    }
    match (category, children, quantity, unit_cost, start, end) {
        (Some(category), Some(children), Some(quantity), Some(unit_cost), Some(period_start), Some(period_end))
            if problems.is_empty() =>
        {
            if quantity.checked_mul(unit_cost).is_none() {
                problems.insert("unit_cost".into(), FieldProblem::NotAnAmount);
                return Err(problems);
            }
            Ok(NewNeed {
                commune_code: commune.to_owned(),
                site: Some(form.site.trim().to_owned()).filter(|s| !s.is_empty()),
                category,
                title: title.to_owned(),
                description: form.description.trim().to_owned(),
                children,
                quantity,
                unit: unit.to_owned(),
                unit_cost,
                period_start,
                period_end,
                status: NeedStatus::Draft,
                demo: false,
            })
        }
        _ => Err(problems),
    }
}

/// A need as its staff page shows it.
#[derive(Debug)]
pub struct StaffNeed {
    pub need: Need,
    pub history: Vec<NeedTransition>,
    pub review_comment: Option<String>,
    pub overlaps: Vec<NeedSummary>,
    /// What this staff member may do to it now.
    pub actions: Vec<NeedAction>,
}

impl Portal {
    pub fn summary(&self, need: &Need) -> NeedSummary {
        NeedSummary {
            id: need.id,
            title: need.title.clone(),
            commune: need.commune.name.clone(),
            category: need.category,
            status: need.status,
            children: need.children,
            period: domain::format::period(need.period_start, need.period_end),
        }
    }

    /// Open needs of the same commune and category whose period meets this one, `except` itself.
    async fn overlaps(
        &self,
        commune_code: &str,
        category: Category,
        (period_start, period_end): (Date, Date),
        except: Option<i64>,
    ) -> Result<Vec<NeedSummary>, Error> {
        let records = self.store.overlapping_needs(commune_code, category, period_start, period_end, except).await?;
        Ok(records.into_iter().map(|r| self.summary(&self.need_from_record(r))).collect())
    }

    /// The needs a staff member works with: everything for the province roles, their communes'
    /// for a commune officer.
    pub async fn staff_needs(
        &self,
        staff: &StaffView,
        status: Option<NeedStatus>,
        page: u32,
    ) -> Result<Paged<NeedSummary>, Error> {
        if !may_see_staff_needs(staff) {
            return Err(Error::Denied);
        }
        let per_page = 50;
        let query = NeedQuery {
            statuses: status.map_or_else(|| NeedStatus::ALL.to_vec(), |s| vec![s]),
            communes_in: if staff.role == Role::AreaOfficer {
                staff.communes.iter().map(|c| c.code.clone()).collect()
            } else {
                Vec::new()
            },
            limit: per_page,
            offset: i64::from(page.saturating_sub(1)) * per_page,
            ..NeedQuery::default()
        };
        if staff.role == Role::AreaOfficer && query.communes_in.is_empty() {
            return Ok(Paged { items: Vec::new(), page, per_page: 50, total: 0 });
        }
        let (records, total) = self.store.needs(&query).await?;
        let items = records.into_iter().map(|r| self.summary(&self.need_from_record(r))).collect();
        Ok(Paged { items, page, per_page: 50, total })
    }

    pub async fn staff_need(&self, staff: &StaffView, id: i64) -> Result<StaffNeed, Error> {
        let record = self.store.need(id).await?.ok_or(Error::NotFound)?;
        let visible =
            may_see_staff_needs(staff) && (staff.role != Role::AreaOfficer || in_scope(staff, &record.commune_code));
        if !visible {
            return Err(Error::Denied);
        }
        let need = self.need_from_record(record);
        let overlaps = if need.status == NeedStatus::Submitted || need.status == NeedStatus::Draft {
            self.overlaps(&need.commune.code, need.category, (need.period_start, need.period_end), Some(id)).await?
        } else {
            Vec::new()
        };
        let actions =
            [NeedAction::Edit, NeedAction::Submit, NeedAction::Publish, NeedAction::Return, NeedAction::Withdraw]
                .into_iter()
                .filter(|a| a.transition().0.contains(&need.status) && may(staff, *a, &need.commune.code))
                .collect();
        Ok(StaffNeed {
            history: self.store.need_history(id).await?,
            review_comment: self.store.need_review_comment(id).await?,
            overlaps,
            actions,
            need,
        })
    }

    /// Records a new draft. Overlapping open needs stop it unless the person confirmed.
    pub async fn draft_need(&self, staff: &StaffView, form: &NeedForm) -> Result<i64, Error> {
        if !may_see_staff_needs(staff) || staff.role == Role::Partner {
            return Err(Error::Denied);
        }
        let need = validate(form, self).map_err(Error::Invalid)?;
        if !may(staff, NeedAction::Draft, &need.commune_code) {
            return Err(Error::Denied);
        }
        let confirmed = form.confirm_overlap.is_some();
        let overlaps =
            self.overlaps(&need.commune_code, need.category, (need.period_start, need.period_end), None).await?;
        if !overlaps.is_empty() && !confirmed {
            return Err(Error::Conflict(Conflict::Overlap(overlaps)));
        }
        Ok(self.store.create_need(&need, staff.id, confirmed && !overlaps.is_empty()).await?)
    }

    pub async fn edit_need(&self, staff: &StaffView, id: i64, form: &NeedForm) -> Result<(), Error> {
        let current = self.store.need(id).await?.ok_or(Error::NotFound)?;
        if !may(staff, NeedAction::Edit, &current.commune_code) {
            return Err(Error::Denied);
        }
        let need = validate(form, self).map_err(Error::Invalid)?;
        if !may(staff, NeedAction::Edit, &need.commune_code) {
            return Err(Error::Denied);
        }
        let (editable, _) = NeedAction::Edit.transition();
        if !editable.contains(&current.status) {
            return Err(Error::Conflict(Conflict::WrongStatus));
        }
        let confirmed = form.confirm_overlap.is_some();
        let overlaps =
            self.overlaps(&need.commune_code, need.category, (need.period_start, need.period_end), Some(id)).await?;
        if !overlaps.is_empty() && !confirmed {
            return Err(Error::Conflict(Conflict::Overlap(overlaps)));
        }
        Ok(self.store.update_need(id, &need, editable, staff.id, confirmed && !overlaps.is_empty()).await?)
    }

    /// Submit, publish, return (with a comment) or withdraw a need.
    pub async fn act_on_need(
        &self,
        staff: &StaffView,
        id: i64,
        action: NeedAction,
        comment: &str,
        confirm_overlap: bool,
    ) -> Result<(), Error> {
        let current = self.store.need(id).await?.ok_or(Error::NotFound)?;
        if !may(staff, action, &current.commune_code) {
            return Err(Error::Denied);
        }
        let (from, to) = action.transition();
        let Some(to) = to else { return Err(Error::Conflict(Conflict::WrongStatus)) };
        if !from.contains(&current.status) {
            return Err(Error::Conflict(Conflict::WrongStatus));
        }
        let comment = comment.trim();
        if action == NeedAction::Return && comment.is_empty() {
            return Err(Error::Invalid(BTreeMap::from([("comment".to_owned(), FieldProblem::CommentRequired)])));
        }
        let mut overlap_confirmed = false;
        if action == NeedAction::Publish {
            let overlaps = self
                .overlaps(&current.commune_code, current.category, (current.period_start, current.period_end), Some(id))
                .await?;
            if !overlaps.is_empty() && !confirm_overlap {
                return Err(Error::Conflict(Conflict::Overlap(overlaps)));
            }
            overlap_confirmed = !overlaps.is_empty();
        }
        self.store
            .change_need_status(&NeedChange {
                need_id: id,
                from: from.to_vec(),
                to,
                actor_id: staff.id,
                comment: comment.chars().take(MAX_TEXT).collect(),
                overlap_confirmed,
            })
            .await?;
        if current.status.is_public() || to.is_public() {
            self.changed();
        }
        Ok(())
    }

    pub async fn audit_trail(&self, staff: &StaffView, query: &AuditQuery) -> Result<(Vec<AuditEntry>, i64), Error> {
        if !may_read_audit(staff) {
            return Err(Error::Denied);
        }
        Ok(self.store.audit_entries(query).await?)
    }
}
