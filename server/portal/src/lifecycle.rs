//! Staff move a pledge on: confirm it with evidence, record its hand-over, cancel it or mark it
//! lapsed. The checks live here; the store applies each step in one transaction.

use std::collections::BTreeMap;

use crate::store::{DeliveryRecord, PledgeStep, PooledForward, StoreError};
use crate::{Error, Portal};
use domain::checks::parse_date;
use domain::{FieldProblem, PledgeActionForm, StaffView};

const MAX_TEXT: usize = 500;
const MAX_CHILDREN: i64 = 1_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PledgeAction {
    Confirm,
    Deliver,
    Cancel,
    Lapse,
}

impl PledgeAction {
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "confirm" => Some(PledgeAction::Confirm),
            "deliver" => Some(PledgeAction::Deliver),
            "cancel" => Some(PledgeAction::Cancel),
            "lapse" => Some(PledgeAction::Lapse),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PledgeAction::Confirm => "confirm",
            PledgeAction::Deliver => "deliver",
            PledgeAction::Cancel => "cancel",
            PledgeAction::Lapse => "lapse",
        }
    }

    /// The statuses a pledge may be in for this action (the store checks again in its transaction).
    pub fn allowed_from(self) -> &'static [&'static str] {
        match self {
            PledgeAction::Confirm | PledgeAction::Lapse => &["pledged", "partly_paid"],
            PledgeAction::Deliver => &["confirmed"],
            PledgeAction::Cancel => &["pledged", "partly_paid", "confirmed"],
        }
    }
}

fn text(field: &str, value: &str, required: bool, problems: &mut BTreeMap<String, FieldProblem>) -> String {
    let value = value.trim();
    if required && value.is_empty() {
        problems.insert(field.to_owned(), FieldProblem::Required);
    } else if value.chars().count() > MAX_TEXT {
        problems.insert(field.to_owned(), FieldProblem::TooLong);
    }
    value.to_owned()
}

impl Portal {
    pub async fn act_on_pledge(
        &self,
        staff: &StaffView,
        reference: &str,
        action: PledgeAction,
        form: &PledgeActionForm,
    ) -> Result<(), Error> {
        if !domain::staff::may_manage_pledges(staff) {
            return Err(Error::Denied);
        }
        let mut problems = BTreeMap::new();
        let mut step = PledgeStep {
            reference: reference.to_owned(),
            actor_id: Some(staff.id),
            at: time::OffsetDateTime::now_utc(),
            on: domain::format::today(),
            evidence_kind: None,
            evidence: String::new(),
            note: text("note", &form.note, action == PledgeAction::Cancel, &mut problems),
        };
        let mut delivery = None;
        match action {
            PledgeAction::Confirm => {
                let kind = form.evidence_kind.trim();
                if !matches!(kind, "bank_transaction" | "receipt" | "handover") {
                    problems.insert("evidence_kind".into(), FieldProblem::Required);
                }
                step.evidence_kind = Some(kind.to_owned());
                step.evidence = text("evidence", &form.evidence, true, &mut problems);
            }
            PledgeAction::Deliver => {
                let delivered_on = parse_date(&form.delivered_on);
                if form.delivered_on.trim().is_empty() {
                    problems.insert("delivered_on".into(), FieldProblem::Required);
                } else if delivered_on.is_none() {
                    problems.insert("delivered_on".into(), FieldProblem::NotADate);
                }
                let children = domain::amount::parse_count(&form.children);
                if !children.is_some_and(|c| (0..=MAX_CHILDREN).contains(&c)) {
                    problems.insert("children_count".into(), FieldProblem::NotAWholeNumber);
                }
                let delivered_by = text("delivered_by", &form.delivered_by, true, &mut problems);
                let received_by = text("received_by", &form.received_by, true, &mut problems);
                step.evidence_kind = Some("handover".into());
                step.evidence = format!("{delivered_by} → {received_by}");
                if let (Some(delivered_on), Some(children)) = (delivered_on, children) {
                    delivery = Some(DeliveryRecord { delivered_on, children, delivered_by, received_by });
                }
            }
            PledgeAction::Cancel | PledgeAction::Lapse => {}
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        match (action, delivery) {
            (PledgeAction::Confirm, _) => self.store.confirm_pledge(&step).await?,
            (PledgeAction::Deliver, Some(delivery)) => self.store.record_delivery(&step, &delivery).await?,
            (PledgeAction::Deliver, None) => return Err(Error::Invalid(problems)),
            (PledgeAction::Cancel, _) => self.store.close_pledge(&step, "cancelled").await?,
            (PledgeAction::Lapse, _) => self.store.close_pledge(&step, "lapsed").await?,
        }
        self.changed();
        Ok(())
    }

    /// A partner organisation forwards money from its common fund to a need (see
    /// `store::PledgeLifecycleStore::forward_pooled`). Answers the forwarding's reference.
    pub async fn forward_pooled(&self, staff: &StaffView, fields: &BTreeMap<String, String>) -> Result<String, Error> {
        if !domain::staff::may_manage_pledges(staff) {
            return Err(Error::Denied);
        }
        let field = |name: &str| fields.get(name).map(|v| v.trim()).unwrap_or_default();
        let mut problems = BTreeMap::new();
        let member = text("member", field("member"), true, &mut problems);
        let need_id = field("need").parse::<i64>().ok();
        if need_id.is_none() {
            problems.insert("need".into(), FieldProblem::Required);
        }
        let amount = domain::amount::parse_vnd(field("amount")).filter(|a| *a > 0);
        if amount.is_none() {
            problems.insert("amount".into(), FieldProblem::NotAnAmount);
        }
        let evidence = text("evidence", field("evidence"), true, &mut problems);
        let note = text("note", field("note"), false, &mut problems);
        let (Some(need_id), Some(amount), true) = (need_id, amount, problems.is_empty()) else {
            return Err(Error::Invalid(problems));
        };
        let on = domain::format::today();
        let initials = crate::pledges::initials(&self.areas.province_proper_name());
        let forward = PooledForward {
            member,
            need_id,
            amount,
            step: PledgeStep {
                reference: crate::pledges::new_reference(&initials, on.year()),
                actor_id: Some(staff.id),
                at: time::OffsetDateTime::now_utc(),
                on,
                evidence_kind: Some("bank_transaction".into()),
                evidence,
                note,
            },
        };
        match self.store.forward_pooled(&forward).await {
            Ok(()) => {}
            Err(StoreError::Conflict) => {
                return Err(Error::Invalid(BTreeMap::from([("amount".into(), FieldProblem::MoreThanPool)])));
            }
            Err(StoreError::NotFound | StoreError::Closed) => {
                return Err(Error::Invalid(BTreeMap::from([("need".into(), FieldProblem::UnknownNeed)])));
            }
            Err(err) => return Err(err.into()),
        }
        self.changed();
        Ok(forward.step.reference)
    }
}
