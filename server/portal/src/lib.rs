//! The portal's services: every rule the portal keeps, over the storage port it needs. Pages'
//! server functions, form handlers and the JSON API all go through `Portal`, so they show and do
//! the same thing. No HTTP, no rendering, no SQL here (the `store` crate implements the port).

pub mod campaigns;
pub mod content;
pub mod demo;
pub mod donor_access;
mod error;
pub mod lifecycle;
pub mod markdown;
pub mod network;
pub mod notices;
pub mod pictures;
pub mod pledges;
pub mod qr;
pub mod second_factor;
pub mod statements;
pub mod store;
pub mod tokens;
pub mod workflow;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::store::{NeedQuery, NeedRecord, Store, StoreResult};
use domain::areas::AreaIndex;
use domain::{Need, NeedFilter, NeedStatus, NeedTotals, Paged, SiteInfo};
pub use error::{Error, Problems};

#[derive(Clone)]
pub struct Portal {
    pub store: Arc<dyn Store>,
    pub areas: Arc<AreaIndex>,
    pub site: Arc<SiteInfo>,
    pub banks: Arc<domain::banks::BankDirectory>,
    /// Bumped after every write that public pages show; page caches compare it.
    generation: Arc<AtomicU64>,
    /// Bumped by this process's own writes only, for telling other replicas.
    local_changes: Arc<AtomicU64>,
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
            local_changes: Arc::new(AtomicU64::new(0)),
            pledges_recorded: Arc::new(AtomicU64::new(0)),
        })
    }

    /// What cached public pages were rendered at: the count of changes, and the day in Vietnam —
    /// pages show "days left" and whether a campaign receives today, so midnight is a change too.
    pub fn generation(&self) -> u64 {
        let day = u64::try_from(domain::format::today().to_julian_day()).unwrap_or(0);
        (day << 32) | (self.generation.load(Ordering::Acquire) & 0xFFFF_FFFF)
    }

    /// Call after a write that changes what the public sees.
    pub fn changed(&self) {
        self.local_changes.fetch_add(1, Ordering::AcqRel);
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// Another replica wrote something the public sees: pages kept here are stale too.
    pub fn peer_changed(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
    }

    /// How many changes this process made, for passing them on to other replicas.
    pub fn local_changes(&self) -> u64 {
        self.local_changes.load(Ordering::Acquire)
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

    pub fn need_from_record(&self, r: NeedRecord) -> Need {
        let commune = self
            .areas
            .commune(&r.commune_code)
            .unwrap_or_else(|| domain::CommuneRef { code: r.commune_code.clone(), name: r.commune_code.clone() });
        Need {
            formerly: self.areas.formerly(&r.commune_code),
            id: r.id,
            title: r.title,
            description: r.description,
            category: r.category,
            commune,
            site: r.site,
            children: r.children,
            quantity: r.quantity,
            unit: r.unit,
            unit_cost: r.unit_cost,
            total: r.total,
            pledged: r.pledged,
            period_start: r.period_start,
            period_end: r.period_end,
            status: r.status,
            demo: r.demo,
        }
    }

    /// The public needs board.
    pub async fn board(&self, filter: &NeedFilter) -> Result<Paged<Need>, Error> {
        let statuses = match filter.status {
            Some(s) if s.is_public() => vec![s],
            _ => NeedStatus::PUBLIC.to_vec(),
        };
        let query = NeedQuery {
            statuses,
            category: filter.category,
            commune_code: filter.commune.clone(),
            communes_in: Vec::new(),
            limit: i64::from(filter.per_page),
            offset: filter.offset(),
        };
        let (records, total) = self.store.needs(&query).await?;
        Ok(Paged {
            items: records.into_iter().map(|r| self.need_from_record(r)).collect(),
            page: filter.page,
            per_page: filter.per_page,
            total,
        })
    }

    /// The most urgent needs still seeking support, for the home page.
    pub async fn urgent(&self, count: i64) -> Result<Vec<Need>, Error> {
        let query = NeedQuery { statuses: vec![NeedStatus::Published], limit: count, ..NeedQuery::default() };
        let (records, _) = self.store.needs(&query).await?;
        Ok(records.into_iter().map(|r| self.need_from_record(r)).collect())
    }

    /// A need the public may see; drafts and withdrawn needs are "not found".
    pub async fn public_need(&self, id: i64) -> Result<Need, Error> {
        match self.store.need(id).await? {
            Some(r) if r.status.is_public() => Ok(self.need_from_record(r)),
            _ => Err(Error::NotFound),
        }
    }

    /// Totals of the open public needs (published or covered).
    pub async fn totals(&self) -> Result<NeedTotals, Error> {
        Ok(self.store.need_totals(&[NeedStatus::Published, NeedStatus::Covered]).await?)
    }

    pub async fn shows_demo_data(&self) -> Result<bool, Error> {
        Ok(self.store.has_demo_needs(&NeedStatus::PUBLIC).await?)
    }
}
