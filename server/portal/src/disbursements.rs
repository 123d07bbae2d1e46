//! Money out of the programme's accounts, assigned by staff to what it paid for — a need, its
//! implementer (the school, or the commune's office) and the period — with evidence; and, per
//! implementer, what was confirmed for it, transferred to it and reported handed over, so a school
//! promised money and not paid shows at once.

use std::collections::BTreeMap;

use domain::i18n::Lang;
use domain::staff::may_manage_pledges;
use domain::{FieldProblem, StaffView};

use crate::store::Disbursement;
use crate::{Error, Portal};

/// An implementer as the staff page lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImplementerLine {
    pub name: String,
    pub commune: String,
    pub confirmed: i64,
    pub transferred: i64,
    pub handed_over: i64,
}

impl Portal {
    /// "Trường PTDTBT Tiểu học Thần Sa", or the commune's office for a need that names no site.
    pub fn implementer_name(&self, name: &str, commune_code: &str, lang: Lang) -> String {
        if !name.trim().is_empty() {
            return name.to_owned();
        }
        let commune = self.areas.commune(commune_code).map(|c| lang.place_in_sentence(&c.name)).unwrap_or_default();
        lang.commune_office(&commune)
    }

    /// Lines of money out waiting to be assigned (staff who manage pledges).
    pub async fn money_out_waiting(&self, staff: &StaffView) -> Result<Vec<crate::reconciliation::ReviewLine>, Error> {
        if !may_manage_pledges(staff) {
            return Err(Error::Denied);
        }
        Ok(self.store.money_out_waiting(500).await?)
    }

    /// Assigns a line of money out to a need (its implementer follows), for a period, with evidence.
    pub async fn assign_money_out(
        &self,
        staff: &StaffView,
        line_id: i64,
        need: &str,
        period_start: &str,
        period_end: &str,
        evidence: &str,
    ) -> Result<(), Error> {
        if !may_manage_pledges(staff) {
            return Err(Error::Denied);
        }
        let mut problems = BTreeMap::new();
        let need_id = need.trim().parse::<i64>().ok();
        if need_id.is_none() {
            problems.insert("need".to_owned(), FieldProblem::Required);
        }
        let date = |text: &str, field: &str, problems: &mut BTreeMap<String, FieldProblem>| {
            let parsed = domain::checks::parse_date(text);
            if parsed.is_none() {
                problems.insert(
                    field.to_owned(),
                    if text.trim().is_empty() { FieldProblem::Required } else { FieldProblem::NotADate },
                );
            }
            parsed
        };
        let start = date(period_start, "period_start", &mut problems);
        let end = date(period_end, "period_end", &mut problems);
        if let (Some(start), Some(end)) = (start, end)
            && end < start
        {
            problems.insert("period_end".to_owned(), FieldProblem::EndsBeforeStart);
        }
        let evidence = domain::text::one_line(evidence).trim().chars().take(300).collect::<String>();
        if evidence.is_empty() {
            problems.insert("evidence".to_owned(), FieldProblem::Required);
        }
        let (Some(need_id), Some(start), Some(end), true) = (need_id, start, end, problems.is_empty()) else {
            return Err(Error::Invalid(problems));
        };
        let disbursement = Disbursement {
            line_id,
            need_id,
            period: (start, end),
            evidence,
            actor_id: staff.id,
            at: time::OffsetDateTime::now_utc(),
        };
        self.store.assign_money_out(&disbursement).await?;
        self.changed();
        Ok(())
    }

    /// Every implementer with what was confirmed for, transferred to and handed over by it; the
    /// ones owed the most (confirmed, not transferred) first.
    pub async fn implementer_balances(&self, staff: &StaffView, lang: Lang) -> Result<Vec<ImplementerLine>, Error> {
        if !may_manage_pledges(staff) {
            return Err(Error::Denied);
        }
        let mut lines: Vec<ImplementerLine> = self
            .store
            .implementer_balances()
            .await?
            .into_iter()
            .filter(|b| b.confirmed + b.transferred + b.handed_over != 0)
            .map(|b| ImplementerLine {
                name: self.implementer_name(&b.name, &b.commune_code, lang),
                commune: self.areas.commune(&b.commune_code).map(|c| c.name).unwrap_or(b.commune_code),
                confirmed: b.confirmed,
                transferred: b.transferred,
                handed_over: b.handed_over,
            })
            .collect();
        lines.sort_by_key(|l| std::cmp::Reverse(l.confirmed - l.transferred));
        Ok(lines)
    }

    /// A need's money after its pledges: received, transferred to its implementer, handed over.
    pub async fn need_money(&self, need_id: i64) -> Result<domain::NeedMoney, Error> {
        let (received, transferred, handed_over) = self.store.need_money(need_id).await?;
        Ok(domain::NeedMoney { received, transferred, handed_over })
    }
}
