//! What pledges to a campaign are checked against, paid to and named by — whether it is published,
//! its receiving window, its needs, its account, its title — kept in memory between edits. On
//! launch day every pledge and every acknowledgement names the same campaign; reading it again for
//! each cost more than recording the pledge. Any edit, here or on another replica, and midnight
//! move the portal's generation and empty it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use domain::ReceivingAccount;
use time::Date;

use crate::Portal;
use crate::store::{CampaignRecord, StoreError};

#[derive(Debug)]
pub struct CampaignTerms {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub published: bool,
    pub opens_on: Date,
    pub closes_on: Date,
    pub need_ids: Vec<i64>,
    pub account: ReceivingAccount,
}

/// The terms read at one generation. Bounded by the campaigns staff created: a slug or id not
/// found is never kept.
#[derive(Default)]
struct Kept {
    generation: u64,
    by_id: HashMap<i64, Arc<CampaignTerms>>,
    by_slug: HashMap<String, Arc<CampaignTerms>>,
}

#[derive(Default)]
pub(crate) struct TermsCache(Mutex<Kept>);

impl TermsCache {
    fn get(
        &self,
        generation: u64,
        find: impl FnOnce(&Kept) -> Option<Arc<CampaignTerms>>,
    ) -> Option<Arc<CampaignTerms>> {
        let mut kept = self.0.lock().ok()?;
        if kept.generation != generation {
            *kept = Kept { generation, ..Kept::default() };
        }
        find(&kept)
    }

    /// Keeps terms read at `generation` only while nothing has been edited since.
    fn keep(&self, generation: u64, terms: Arc<CampaignTerms>) {
        if let Ok(mut kept) = self.0.lock()
            && kept.generation == generation
        {
            kept.by_slug.insert(terms.slug.clone(), terms.clone());
            kept.by_id.insert(terms.id, terms);
        }
    }
}

impl Portal {
    /// The terms of the published campaign `slug`, or `None`.
    pub(crate) async fn campaign_terms(&self, slug: &str) -> Result<Option<Arc<CampaignTerms>>, StoreError> {
        // Read before the store: an edit landing meanwhile moves it, and the terms are not kept.
        let generation = self.generation();
        let terms = match self.terms.get(generation, |kept| kept.by_slug.get(slug).cloned()) {
            Some(terms) => Some(terms),
            None => self.store.campaign(slug).await?.map(|c| self.keep_terms(generation, c)),
        };
        Ok(terms.filter(|t| t.published))
    }

    /// The terms of campaign `id`, published or not (a withdrawn campaign's pledges are still paid
    /// and thanked under its name).
    pub(crate) async fn campaign_terms_by_id(&self, id: i64) -> Result<Option<Arc<CampaignTerms>>, StoreError> {
        let generation = self.generation();
        if let Some(terms) = self.terms.get(generation, |kept| kept.by_id.get(&id).cloned()) {
            return Ok(Some(terms));
        }
        Ok(self.store.campaign_by_id(id).await?.map(|c| self.keep_terms(generation, c)))
    }

    fn keep_terms(&self, generation: u64, campaign: CampaignRecord) -> Arc<CampaignTerms> {
        let terms = Arc::new(CampaignTerms {
            account: self.campaign_account(&campaign),
            id: campaign.id,
            slug: campaign.slug,
            title: campaign.title,
            published: campaign.published,
            opens_on: campaign.opens_on,
            closes_on: campaign.closes_on,
            need_ids: campaign.need_ids,
        });
        self.terms.keep(generation, terms.clone());
        terms
    }
}
