//! Story tests: what visitors, API clients and operators do, against a real server and database.

mod api;
mod backup;
mod bad_input;
mod bank_feed;
mod campaigns;
mod digest;
mod instalments;
mod language;
mod ledger_search;
mod lifecycle;
mod needs_board;
mod needs_workflow;
mod network;
mod notices;
mod operations;
mod outreach;
mod page_cache;
mod partner_plans;
mod phone_notices;
mod plan;
mod pledge_api;
mod pledges;
mod pooled_funds;
mod reconciliation;
mod replicas;
mod staff_accounts;
mod staff_login;
mod storage_contract;
mod trust;

use domain::{Category, NeedStatus};
use portal::store::NewNeed;

/// The demo campaign that receives pledges now (`portal seed-demo` opens it around today).
pub const OPEN_CAMPAIGN: &str = "ao-am-cho-em-vung-cao-dong-2026";

/// The demo needs the public may see (what `portal seed-demo` publishes).
pub fn public_demo_needs() -> Vec<NewNeed> {
    portal::demo::demo_needs().into_iter().filter(|n| n.status.is_public()).collect()
}

pub fn open_demo_needs() -> Vec<NewNeed> {
    portal::demo::demo_needs()
        .into_iter()
        .filter(|n| matches!(n.status, NeedStatus::Published | NeedStatus::Covered))
        .collect()
}

pub fn count_public(category: Option<Category>, commune: Option<&str>, status: Option<NeedStatus>) -> usize {
    public_demo_needs()
        .iter()
        .filter(|n| category.is_none_or(|c| n.category == c))
        .filter(|n| commune.is_none_or(|c| n.commune_code == c))
        .filter(|n| status.is_none_or(|s| n.status == s))
        .count()
}

#[allow(clippy::expect_used)]
pub async fn started(backend: tests::Backend) -> Option<tests::TestPortal> {
    tests::TestPortal::start(backend).await.expect("the portal starts on a fresh database")
}
