//! Bank statements reconciled with pledges: importing one (at once, or chunk by chunk behind a
//! progress page), the lines that wait for a person, and matching one of them by hand.

use domain::staff::may_manage_pledges;
use domain::{ImportOutcome, ImportProgress, StaffView};

use crate::store::{PledgeStep, StatementLine};
use crate::{Error, Portal};

/// Lines per transaction: a long statement commits as it goes, and its progress can be shown.
pub const CHUNK_LINES: usize = 500;

fn pledge_staff(staff: Option<&StaffView>) -> Result<(), Error> {
    match staff {
        Some(staff) if !may_manage_pledges(staff) => Err(Error::Denied),
        // `None`: the coordinating body's operator, from the command line.
        _ => Ok(()),
    }
}

/// A line waiting for a person: (id, booked on, amount, description, bank reference).
pub type ReviewLine = (i64, time::Date, i64, String, String);

impl Portal {
    /// Imports a statement of at most `CHUNK_LINES` lines in one transaction.
    pub async fn import_statement(
        &self,
        staff: Option<&StaffView>,
        file_name: &str,
        lines: &[StatementLine],
    ) -> Result<ImportOutcome, Error> {
        pledge_staff(staff)?;
        let now = time::OffsetDateTime::now_utc();
        let lines = self.with_walk_ins(lines).await?;
        let outcome =
            self.store.import_statement(file_name, &lines, staff.map(|s| s.id), domain::format::today(), now).await?;
        self.changed();
        Ok(outcome)
    }

    /// Starts following a long import; answers its id (for its progress page).
    pub async fn start_statement_import(
        &self,
        staff: Option<&StaffView>,
        file_name: &str,
        total_lines: usize,
    ) -> Result<i64, Error> {
        pledge_staff(staff)?;
        let total = i64::try_from(total_lines).unwrap_or(i64::MAX);
        Ok(self
            .store
            .start_statement_import(file_name, total, staff.map(|s| s.id), time::OffsetDateTime::now_utc())
            .await?)
    }

    /// Imports a followed statement chunk by chunk, telling `progress` after each chunk, then marks
    /// it done — or failed with the reason, keeping what was done (importing the file again
    /// continues: done lines are recognised).
    pub async fn import_in_chunks(
        &self,
        import_id: i64,
        lines: &[StatementLine],
        actor_id: Option<i64>,
        mut progress: impl FnMut(&ImportOutcome),
    ) -> Result<ImportOutcome, Error> {
        let mut total = ImportOutcome::default();
        let lines = self.with_walk_ins(lines).await?;
        for chunk in lines.chunks(CHUNK_LINES) {
            let now = time::OffsetDateTime::now_utc();
            match self.store.import_statement_chunk(import_id, chunk, actor_id, domain::format::today(), now).await {
                Ok(outcome) => {
                    total.lines += outcome.lines;
                    total.already_imported += outcome.already_imported;
                    total.confirmed += outcome.confirmed;
                    total.part_payments += outcome.part_payments;
                    total.to_review += outcome.to_review;
                    total.not_ours += outcome.not_ours;
                    total.money_out += outcome.money_out;
                    self.changed();
                    progress(&total);
                }
                Err(err) => {
                    let _ = self.store.finish_statement_import(import_id, Some(&err.to_string()), now).await;
                    return Err(err.into());
                }
            }
        }
        self.store.finish_statement_import(import_id, None, time::OffsetDateTime::now_utc()).await?;
        Ok(total)
    }

    /// How far an import has got.
    pub async fn statement_import(&self, staff: &StaffView, import_id: i64) -> Result<ImportProgress, Error> {
        pledge_staff(Some(staff))?;
        self.store.statement_import(import_id).await?.ok_or(Error::NotFound)
    }

    /// Lines waiting for a person (at most `limit`).
    pub async fn statement_review(&self, staff: &StaffView, limit: i64) -> Result<Vec<ReviewLine>, Error> {
        pledge_staff(Some(staff))?;
        Ok(self.store.statement_review(limit).await?)
    }

    /// A person matches a waiting line to a pledge (its reference as a bank may have written it):
    /// `Ok(true)` confirmed, `Ok(false)` a part payment. `NotFound` for no open money pledge of that
    /// reference, `Conflict` when the line was handled already or pays more than the pledge lacks.
    pub async fn match_statement_line(&self, staff: &StaffView, line_id: i64, reference: &str) -> Result<bool, Error> {
        pledge_staff(Some(staff))?;
        // Staff copy the reference from the bank's line as the bank printed it: "tn26 7f3k2q",
        // "TN267F3K2Q" and "TN26-7F3K2Q" are one pledge; pasted with more of the memo around it, the
        // first candidate naming an open pledge is the one.
        let mut candidates = crate::statements::candidate_references(reference);
        if candidates.is_empty() {
            candidates.push(reference.trim().to_uppercase());
        }
        let mut answer = Err(Error::NotFound);
        for candidate in &candidates {
            answer = self.match_to(staff, line_id, candidate).await;
            if !matches!(answer, Err(Error::NotFound)) {
                break;
            }
        }
        answer
    }

    async fn match_to(&self, staff: &StaffView, line_id: i64, reference: &str) -> Result<bool, Error> {
        let step = PledgeStep {
            reference: reference.to_owned(),
            actor_id: Some(staff.id),
            at: time::OffsetDateTime::now_utc(),
            on: domain::format::today(),
            evidence_kind: None,
            evidence: String::new(),
            note: String::new(),
        };
        let confirmed = self.store.match_statement_line(line_id, &step).await?;
        self.changed();
        Ok(confirmed)
    }

    /// A line that is not a donation (a bank fee, interest, a refund…) leaves the review queue with
    /// the reason staff give, which is kept with the line. An empty reason is refused.
    pub async fn set_statement_line_aside(&self, staff: &StaffView, line_id: i64, reason: &str) -> Result<(), Error> {
        pledge_staff(Some(staff))?;
        let reason = domain::text::one_line(reason);
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Error::invalid("reason", domain::FieldProblem::Required));
        }
        let reason: String = reason.chars().take(300).collect();
        self.store.set_statement_line_aside(line_id, &reason, staff.id, time::OffsetDateTime::now_utc()).await?;
        Ok(())
    }
}
