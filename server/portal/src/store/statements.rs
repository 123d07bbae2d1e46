//! Bank statements: imported, matched to pledges, and the lines that wait for a person.

use async_trait::async_trait;
use time::Date;

use super::{PledgeStep, StoreResult};
pub use domain::ImportOutcome;

/// One credit line of a bank statement, with its identity in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementLine {
    /// A digest of the line's content and its occurrence among identical lines of the file.
    pub identity: String,
    pub line: i64,
    pub booked_on: Date,
    pub amount: i64,
    pub description: String,
    pub bank_reference: String,
    /// Pledge references the description may carry.
    pub candidates: Vec<String>,
}

/// Bank statements (a part of the storage port of its own).
#[async_trait]
pub trait StatementStore: Send + Sync {
    /// Records the lines not seen before and matches them: a line naming exactly one open money
    /// pledge pays it — confirming it (ledger entry, receipt notice) when the pledge is paid in full,
    /// marking it partly paid before that; anything else waits for review. One transaction.
    async fn import_statement(
        &self,
        file_name: &str,
        lines: &[StatementLine],
        actor_id: Option<i64>,
        on: Date,
        at: time::OffsetDateTime,
    ) -> StoreResult<ImportOutcome>;
    /// A person matches a line waiting for review to a pledge: it pays it (in full: confirmed; in
    /// part: partly paid). `Conflict` when the line is no longer waiting or the amount is more
    /// than the pledge still lacks; `NotFound` for no open money pledge of that reference.
    async fn match_statement_line(&self, line_id: i64, step: &PledgeStep) -> StoreResult<bool>;
    /// A person sets a line waiting for review aside as not a donation, with the reason: it leaves
    /// the queue and counts nowhere. `Conflict` when the line is no longer waiting.
    async fn set_statement_line_aside(
        &self,
        line_id: i64,
        reason: &str,
        actor_id: i64,
        at: time::OffsetDateTime,
    ) -> StoreResult<()>;
    /// Starts following an import of `total_lines` lines; answers its id.
    async fn start_statement_import(
        &self,
        file_name: &str,
        total_lines: i64,
        actor_id: Option<i64>,
        at: time::OffsetDateTime,
    ) -> StoreResult<i64>;
    /// Imports one chunk of a followed import, counting it in the same transaction.
    async fn import_statement_chunk(
        &self,
        import_id: i64,
        lines: &[StatementLine],
        actor_id: Option<i64>,
        on: Date,
        at: time::OffsetDateTime,
    ) -> StoreResult<ImportOutcome>;
    /// The import is over: done, or failed with the reason.
    async fn finish_statement_import(
        &self,
        import_id: i64,
        error: Option<&str>,
        at: time::OffsetDateTime,
    ) -> StoreResult<()>;
    async fn statement_import(&self, import_id: i64) -> StoreResult<Option<domain::ImportProgress>>;
    /// Lines waiting for review: (id, booked on, amount, description, bank reference).
    async fn statement_review(&self, limit: i64) -> StoreResult<Vec<(i64, Date, i64, String, String)>>;
}
