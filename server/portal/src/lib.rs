//! The portal's services: every rule the portal keeps, over the storage port it needs. Pages'
//! server functions, form handlers and the JSON API all go through `Portal`, so they show and do
//! the same thing. No HTTP, no rendering, no SQL here (the `store` crate implements the port).

pub mod accounts;
pub mod bank_feed;
pub mod bank_movements;
pub mod campaign_statement;
pub mod campaign_terms;
pub mod campaigns;
pub mod content;
pub mod demo;
pub mod digest;
pub mod disbursements;
pub mod donor_access;
mod error;
pub mod ledger;
pub mod lettering;
pub mod lifecycle;
pub mod markdown;
pub mod needs;
pub mod network;
pub mod notices;
pub mod operations;
pub mod outbox;
pub mod partner_plans;
pub mod passwords;
pub mod payment_card;
pub mod phone_notices;
pub mod pictures;
pub mod plans;
pub mod pledge_views;
pub mod pledges;
pub mod progress;
pub mod provider_tokens;
pub mod qr;
pub mod reconciliation;
pub mod second_factor;
pub mod share_card;
pub mod sign_in;
pub mod statements;
pub mod store;
pub mod tokens;
pub mod waiting;
pub mod workflow;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::store::{Store, StoreResult};
use domain::SiteInfo;
use domain::areas::AreaIndex;
pub use error::{Conflict, Error, Problems};

#[derive(Clone)]
pub struct Portal {
    store: Arc<dyn Store>,
    pub areas: Arc<AreaIndex>,
    pub site: Arc<SiteInfo>,
    pub banks: Arc<domain::banks::BankDirectory>,
    /// Bumped after every write that public pages show; page caches compare it.
    generation: Arc<AtomicU64>,
    /// Where pledges and payments moved the figures public pages show (`progress.rs`).
    pub progress: Arc<progress::Progress>,
    /// Bumped by this process's own writes only, for telling other replicas.
    local_changes: Arc<AtomicU64>,
    /// Bumped by this process's own progress only, for telling other replicas.
    local_progress: Arc<AtomicU64>,
    /// Published campaigns' terms, read once per generation (`campaign_terms.rs`).
    terms: Arc<campaign_terms::TermsCache>,
    /// Pledges this process recorded, for the operators' metrics.
    pledges_recorded: Arc<AtomicU64>,
}

impl Portal {
    /// Reads the area index from the store once.
    pub async fn load(store: Arc<dyn Store>, site: SiteInfo, banks: domain::banks::BankDirectory) -> StoreResult<Self> {
        let (units, successions) = store.areas().await?;
        let areas = Arc::new(AreaIndex::new(units, &successions));
        Ok(Portal {
            store,
            areas,
            site: Arc::new(site),
            banks: Arc::new(banks),
            generation: Arc::new(AtomicU64::new(0)),
            progress: Arc::default(),
            terms: Arc::default(),
            local_changes: Arc::new(AtomicU64::new(0)),
            local_progress: Arc::new(AtomicU64::new(0)),
            pledges_recorded: Arc::new(AtomicU64::new(0)),
        })
    }

    /// What cached public pages were rendered at: the count of changes, and the day in Vietnam —
    /// pages show "days left" and whether a campaign receives today, so midnight is a change too.
    pub fn generation(&self) -> u64 {
        let day = u64::try_from(domain::format::today().to_julian_day()).unwrap_or(0);
        (day << 32) | (self.generation.load(Ordering::Acquire) & 0xFFFF_FFFF)
    }

    /// Call after a write that changes what the public sees, and must show at once.
    pub fn changed(&self) {
        self.local_changes.fetch_add(1, Ordering::AcqRel);
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// Another replica wrote something the public sees: pages kept here are stale too.
    pub fn peer_changed(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// Call after a pledge or a payment moved the figures of `parts` (and the totals): public
    /// pages may show it a moment late.
    pub fn progressed(&self, parts: &[progress::Part]) {
        self.local_progress.fetch_add(1, Ordering::AcqRel);
        self.progress.advance(parts);
    }

    /// Another replica recorded pledges or payments, where is not told: every page showing
    /// progress is behind.
    pub fn peer_progressed(&self) {
        self.progress.advance_everywhere();
    }

    /// How many changes this process made, for passing them on to other replicas.
    pub fn local_changes(&self) -> u64 {
        self.local_changes.load(Ordering::Acquire)
    }

    /// How many progress advances this process made, for passing them on to other replicas.
    pub fn local_progress(&self) -> u64 {
        self.local_progress.load(Ordering::Acquire)
    }

    pub fn pledges_recorded(&self) -> u64 {
        self.pledges_recorded.load(Ordering::Relaxed)
    }

    pub(crate) fn count_recorded_pledge(&self) {
        self.pledges_recorded.fetch_add(1, Ordering::Relaxed);
    }

    pub fn province_name(&self) -> String {
        self.areas.province_name()
    }

    /// Where the coordinating body's letters and receipts are dated: the province's proper name
    /// ("Thái Nguyên", without "Tỉnh").
    pub fn place(&self) -> String {
        let province = self.areas.province_proper_name();
        ["Tỉnh ", "Thành phố "].iter().find_map(|p| province.strip_prefix(p)).unwrap_or(&province).to_owned()
    }
}
