//! Needs as the public sees them: the board, the most urgent, one need, the totals; and the open
//! needs staff forms offer to link or forward to.

use domain::{Need, NeedFilter, NeedStatus, NeedTotals, Paged};

use crate::store::{NeedQuery, NeedRecord};
use crate::{Error, Portal};

impl Portal {
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

    /// Needs in the given statuses, the most urgent first (at most `limit`), for the staff forms
    /// that link a campaign to needs or forward pooled money to one.
    pub async fn needs_in(&self, statuses: &[NeedStatus], limit: i64) -> Result<Vec<Need>, Error> {
        let query = NeedQuery { statuses: statuses.to_vec(), limit, ..NeedQuery::default() };
        let (records, _) = self.store.needs(&query).await?;
        Ok(records.into_iter().map(|r| self.need_from_record(r)).collect())
    }
}
