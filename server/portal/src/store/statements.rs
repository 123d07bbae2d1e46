//! Bank statements: imported, matched to pledges, and the lines that wait for a person.

use async_trait::async_trait;
use time::Date;

use super::{PledgeStep, StoreResult};
pub use domain::ImportOutcome;

/// One movement on a bank account — a line of a statement or a feed's notification — with its
/// identity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementLine {
    /// With a bank reference: a digest of the account (when known) and the reference, one bank
    /// transaction however it arrives. Without: a digest of the line's content and its occurrence
    /// among identical lines of the file.
    pub identity: String,
    pub line: i64,
    pub booked_on: Date,
    pub amount: i64,
    pub description: String,
    pub bank_reference: String,
    /// Pledge references the description may carry.
    pub candidates: Vec<String>,
    /// Money in (a gift, perhaps) or money out.
    pub money_in: bool,
    /// The receiving account, `BIN:number`, when the source names it.
    pub account: Option<String>,
    /// Whether the account is one the programme receives gifts on (unknown: assumed so).
    pub ours: bool,
    /// A feed's own id for the notification (`sepay:92704`): its retries are the same line.
    pub feed_id: Option<String>,
    /// When the bank booked it, to the second, when the source says.
    pub occurred_at: Option<time::OffsetDateTime>,
    /// A transfer that names a campaign's content and no pledge (someone who scanned a poster):
    /// the anonymous pledge it becomes, recorded and confirmed with the line.
    pub walk_in: Option<Box<crate::store::NewPledge>>,
}

impl StatementLine {
    /// A line with a bank reference is one bank transaction: its identity is the account and the
    /// reference, whatever file or notification carries it.
    pub fn identify_by_reference(&mut self) {
        if !self.bank_reference.trim().is_empty() {
            let key = format!("ref|{}|{}", self.account.as_deref().unwrap_or(""), self.bank_reference.trim());
            self.identity = crate::tokens::token_hash(&key);
        }
    }
}

/// A movement of a campaign's account as the public statement shows it: never the memo.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatementMovement {
    pub booked_on: Date,
    pub occurred_at: Option<time::OffsetDateTime>,
    pub money_in: bool,
    pub amount: i64,
    /// `matched`, `review`, `set_aside` or `unassigned`.
    pub status: String,
    /// The donor's name, only when the matched pledge chose to be named.
    pub named_donor: Option<String>,
    /// For money out assigned to a need: (implementer's name — empty for the commune's office —,
    /// its commune code, the need's title).
    pub paid_to: Option<(String, String, String)>,
}

/// A school or commune office, and what the programme owes and paid it: confirmed gifts for its
/// needs, money transferred to it, and what was reported handed over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImplementerBalance {
    pub id: i64,
    /// Empty: the commune's own office.
    pub name: String,
    pub commune_code: String,
    pub confirmed: i64,
    pub transferred: i64,
    pub handed_over: i64,
}

/// Money out assigned to what it paid for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Disbursement {
    pub line_id: i64,
    pub need_id: i64,
    pub period: (Date, Date),
    pub evidence: String,
    pub actor_id: i64,
    pub at: time::OffsetDateTime,
}

/// A campaign's statement: a page of movements, newest first, and the totals of all of them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StatementPage {
    pub movements: Vec<StatementMovement>,
    pub count: i64,
    pub total_in: i64,
    pub total_out: i64,
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
    /// The movements of a campaign's receiving account (`BIN:number`) since `since`, with lines
    /// that named no account but paid the campaign's pledges; transfers to other accounts never.
    async fn campaign_statement(
        &self,
        campaign_id: i64,
        account: &str,
        since: Date,
        limit: i64,
        offset: i64,
    ) -> StoreResult<StatementPage>;
    /// Lines waiting for review: (id, booked on, amount, description, bank reference).
    async fn statement_review(&self, limit: i64) -> StoreResult<Vec<(i64, Date, i64, String, String)>>;
    /// Money out waiting to be assigned: (id, booked on, amount, description, bank reference).
    async fn money_out_waiting(&self, limit: i64) -> StoreResult<Vec<(i64, Date, i64, String, String)>>;
    /// Assigns a line of money out to a need and its implementer. `Conflict` when the line is not
    /// money out waiting; `NotFound` for no such line or need.
    async fn assign_money_out(&self, disbursement: &Disbursement) -> StoreResult<()>;
    /// Every implementer with what was confirmed for, transferred to and handed over by it.
    async fn implementer_balances(&self) -> StoreResult<Vec<ImplementerBalance>>;
    /// A need's money after its pledges: (received — confirmed in the ledger —, transferred to
    /// its implementer, handed over — delivered pledges' value).
    async fn need_money(&self, need_id: i64) -> StoreResult<(i64, i64, i64)>;
    /// How many lines are in one status (`review`: waiting for a person; `unassigned`: money out
    /// waiting to be assigned).
    async fn count_lines(&self, status: &str) -> StoreResult<i64>;
}
