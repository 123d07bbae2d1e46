//! A campaign's live statement: every movement of its receiving account since it opened, money in
//! and money out, as the public may see it (Decree 93/2021 asks that what was received and used be
//! disclosed). Bank memos carry senders' names, phone and account numbers, so they never leave
//! the staff pages: money in shows the donor's name only when they chose to be named.

use domain::i18n::Lang;
use domain::{CampaignStatement, StatementEntry};

use crate::bank_movements::account_key;
use crate::{Error, Portal};

impl Portal {
    pub async fn campaign_statement(
        &self,
        slug: &str,
        lang: Lang,
        page: u32,
        per_page: u32,
    ) -> Result<CampaignStatement, Error> {
        let campaign = self.store.campaign(slug).await?.filter(|c| c.published).ok_or(Error::NotFound)?;
        let page = page.max(1);
        let per_page = per_page.clamp(10, 500);
        let offset = i64::from(page - 1) * i64::from(per_page);
        let account = account_key(&campaign.bank_bin, &campaign.account_number);
        let found = self
            .store
            .campaign_statement(campaign.id, &account, campaign.opens_on, i64::from(per_page), offset)
            .await?;
        let t = lang.t();
        let entries = found
            .movements
            .into_iter()
            .map(|m| StatementEntry {
                at: m.occurred_at.map(domain::format::moment).unwrap_or_else(|| domain::format::date(m.booked_on)),
                money_in: m.money_in,
                amount: m.amount,
                label: match (m.money_in, m.status.as_str(), m.named_donor) {
                    (false, _, _) => match &m.paid_to {
                        Some((name, commune, need)) => {
                            format!("{} {}: {}", t.statement_paid_to, self.implementer_name(name, commune, lang), need)
                        }
                        None => t.statement_out_unassigned.to_owned(),
                    },
                    (true, "set_aside", _) => t.statement_not_a_gift.to_owned(),
                    (true, _, Some(name)) => domain::text::one_line(&name),
                    (true, _, None) => t.statement_kind_donor.to_owned(),
                },
            })
            .collect();
        let bank = self.banks.bank(&campaign.bank_bin).map_or(campaign.bank_bin.clone(), |b| b.short_name.clone());
        Ok(CampaignStatement {
            slug: campaign.slug,
            title: campaign.title,
            account: format!("{bank} — {}", campaign.account_number),
            entries,
            total_in: found.total_in,
            total_out: found.total_out,
            page,
            per_page,
            count: found.count,
        })
    }
}
