//! The coordination ledger as it is read: the open data (lines, a year's figures, "find your
//! contribution"), and the pledges with their history as staff who manage them see them.

use domain::staff::may_manage_pledges;
use domain::{LedgerBreakdown, LedgerQuery, LedgerTotals, PublicContribution, PublicLedgerEntry, StaffView};

use crate::store::{LedgerEntryRecord, PledgeEventRecord, PledgeRecord, PoolBalance, StaffPledgeRecord};
use crate::{Error, Portal};

/// How many contributions a search by name lists.
pub const NAME_SEARCH_LIMIT: i64 = 20;

fn pledge_staff(staff: &StaffView) -> Result<(), Error> {
    if may_manage_pledges(staff) { Ok(()) } else { Err(Error::Denied) }
}

impl Portal {
    /// Ledger lines, the latest first: a donor's name and reference only by their consent.
    pub async fn public_ledger(&self, query: &LedgerQuery) -> Result<(Vec<PublicLedgerEntry>, i64), Error> {
        Ok(self.store.public_ledger(query).await?)
    }

    /// Totals of a calendar year, or of all years.
    pub async fn ledger_totals(&self, year: Option<i32>) -> Result<LedgerTotals, Error> {
        Ok(self.store.ledger_totals(year).await?)
    }

    /// A year's figures by kind of support, commune and source, and the years that have any.
    pub async fn ledger_breakdown(&self, year: i32) -> Result<LedgerBreakdown, Error> {
        Ok(self.store.ledger_breakdown(year).await?)
    }

    /// Pledged and delivered in a year: `(dimension, key, pledged, delivered)`.
    pub async fn pledge_flow(&self, year: i32) -> Result<Vec<(String, String, i64, i64)>, Error> {
        Ok(self.store.pledge_flow(year).await?)
    }

    /// "Find your contribution" by its reference: its status and amount, never a name.
    pub async fn contribution(&self, reference: &str) -> Result<Vec<PublicContribution>, Error> {
        Ok(self.store.find_contributions(Some(reference), None, 1).await?)
    }

    /// "Find your contribution" by the words of a name: named donors only.
    pub async fn contributions_named(&self, name: &str) -> Result<Vec<PublicContribution>, Error> {
        Ok(self.store.find_contributions(None, Some(name), NAME_SEARCH_LIMIT).await?)
    }

    /// Pledges whose reference or donor's name holds `q`, the latest first (staff who manage pledges).
    pub async fn staff_pledges(
        &self,
        staff: &StaffView,
        q: &str,
        status: Option<&str>,
        limit: i64,
    ) -> Result<(Vec<StaffPledgeRecord>, i64), Error> {
        pledge_staff(staff)?;
        Ok(self.store.staff_pledges(q, status, limit, 0).await?)
    }

    /// One pledge with its donor's contact, its history and its ledger lines.
    pub async fn staff_pledge(
        &self,
        staff: &StaffView,
        reference: &str,
    ) -> Result<(StaffPledgeRecord, PledgeRecord, Vec<PledgeEventRecord>, Vec<LedgerEntryRecord>), Error> {
        pledge_staff(staff)?;
        let record = self.store.staff_pledge(reference).await?.ok_or(Error::NotFound)?;
        let pledge = self.store.pledge(&record.reference).await?.ok_or(Error::NotFound)?;
        let events = self.store.pledge_events(&record.reference).await?;
        let ledger = self.store.pledge_ledger(&record.reference).await?;
        Ok((record, pledge, events, ledger))
    }

    /// The partners' common funds holding money, the fullest first.
    pub async fn pool_balances(&self, staff: &StaffView) -> Result<Vec<PoolBalance>, Error> {
        pledge_staff(staff)?;
        Ok(self.store.pool_balances().await?)
    }

    /// The yearly report (by commune × kind × source, with donors; children reached).
    pub async fn yearly_report(&self, staff: &StaffView, year: i32) -> Result<domain::YearlyReport, Error> {
        pledge_staff(staff)?;
        self.yearly_report_for_operator(year).await
    }

    /// The yearly report for the command line (the operator is the coordinating body), with the
    /// year's published plan beside its results.
    pub async fn yearly_report_for_operator(&self, year: i32) -> Result<domain::YearlyReport, Error> {
        let mut report = self.store.yearly_report(year).await?;
        report.plan = self.plan_progress(year, "published").await?.lines;
        Ok(report)
    }

    /// Confirmed amounts of a year by (commune, category, source type), for open data.
    pub async fn ledger_cells(&self, year: i32) -> Result<Vec<(String, String, String, i64)>, Error> {
        Ok(self.store.ledger_cells(year).await?)
    }
}
