//! The donor digest: every `PORTAL_DIGEST_DAYS` days, network members (unless they said no) and
//! donors who asked receive one short email of the needs and campaigns that opened since their
//! last digest in the kinds of support and communes they care about, and of what their own gifts
//! achieved since. Nothing new, no digest. It goes by email only — Zalo counts such messages as
//! promotional — and carries a one-click unsubscribe honoured at once.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::store::{DigestRecipient, NewDigest, NewsCampaign, NewsNeed};
use crate::tokens::{new_link_token, token_hash};
use crate::{Error, Portal};

pub const DEFAULT_DIGEST_DAYS: i64 = 30;

/// A digest is short: the newest needs, and a link to the rest.
const MAX_NEEDS: usize = 8;
const MAX_CAMPAIGNS: usize = 4;

/// What a digest says, decided when it is queued (kept with the notice as JSON).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DigestContent {
    /// Where its news start.
    #[serde(with = "time::serde::rfc3339")]
    pub since: OffsetDateTime,
    pub needs: Vec<DigestNeed>,
    /// Needs beyond those listed.
    pub more_needs: usize,
    pub campaigns: Vec<DigestCampaign>,
    /// Hand-overs of the donor's gifts since, and the children they reached.
    pub deliveries: i64,
    pub children: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DigestNeed {
    pub id: i64,
    pub title: String,
    pub commune_code: String,
    pub category: String,
    pub children: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DigestCampaign {
    pub slug: String,
    pub title: String,
}

/// Whether the donor cares about this kind of support in this commune (no known interest: all).
fn cares(recipient: &DigestRecipient, category: &str, commune: &str) -> bool {
    let kind = recipient.categories.is_empty() || recipient.categories.iter().any(|c| c == category);
    let place = recipient.communes.is_empty() || recipient.communes.iter().any(|c| c == commune);
    kind && place
}

/// A campaign for the whole province reaches everyone; one for some needs, those who care about
/// one of its kinds and one of its communes.
fn cares_for_campaign(recipient: &DigestRecipient, campaign: &NewsCampaign) -> bool {
    let kind = recipient.categories.is_empty()
        || campaign.categories.is_empty()
        || campaign.categories.iter().any(|k| recipient.categories.contains(k));
    let place = recipient.communes.is_empty()
        || campaign.communes.is_empty()
        || campaign.communes.iter().any(|c| recipient.communes.contains(c));
    kind && place
}

/// The digest one donor receives, or `None` when nothing is new for them.
pub fn digest_for(
    recipient: &DigestRecipient,
    since: OffsetDateTime,
    needs: &[NewsNeed],
    campaigns: &[NewsCampaign],
    (deliveries, children): (i64, i64),
) -> Option<DigestContent> {
    let fresh: Vec<&NewsNeed> =
        needs.iter().filter(|n| n.published_at > since && cares(recipient, &n.category, &n.commune_code)).collect();
    let campaigns: Vec<DigestCampaign> = campaigns
        .iter()
        .filter(|c| c.opened_at > since && cares_for_campaign(recipient, c))
        .take(MAX_CAMPAIGNS)
        .map(|c| DigestCampaign { slug: c.slug.clone(), title: c.title.clone() })
        .collect();
    if fresh.is_empty() && campaigns.is_empty() && deliveries == 0 {
        return None;
    }
    Some(DigestContent {
        since,
        more_needs: fresh.len().saturating_sub(MAX_NEEDS),
        needs: fresh
            .into_iter()
            .take(MAX_NEEDS)
            .map(|n| DigestNeed {
                id: n.id,
                title: n.title.clone(),
                commune_code: n.commune_code.clone(),
                category: n.category.clone(),
                children: n.children,
            })
            .collect(),
        campaigns,
        deliveries,
        children,
    })
}

impl Portal {
    /// Queues the digests due at `now` (every `days` days for each donor, none when nothing is
    /// new for them). Answers how many were queued.
    pub async fn queue_digests(&self, now: OffsetDateTime, days: i64) -> Result<u64, Error> {
        let period = time::Duration::days(days.max(1));
        let recipients = self.store.digest_recipients(now - period).await?;
        let Some(earliest) = recipients.iter().map(|r| r.from.unwrap_or(now - period)).min() else { return Ok(0) };
        let (needs, campaigns) = self.store.digest_news(earliest, now).await?;
        let mut queued = 0;
        for recipient in &recipients {
            // A donor's first digest tells of the last period.
            let since = recipient.from.unwrap_or(now - period);
            let achieved = self.store.digest_deliveries(recipient.donor_id, since).await?;
            let Some(content) = digest_for(recipient, since, &needs, &campaigns, achieved) else { continue };
            let token = new_link_token();
            let digest = NewDigest {
                donor_id: recipient.donor_id,
                language: recipient.language.clone(),
                content: serde_json::to_string(&content).map_err(|_| Error::Unavailable)?,
                token_hash: token_hash(&token),
                token,
            };
            if self.store.queue_digest(&digest, now).await? {
                queued += 1;
            }
        }
        Ok(queued)
    }

    /// Whether the donor signed in receives the digest.
    pub async fn digest_wanted(&self, donor_id: i64) -> Result<bool, Error> {
        Ok(self.store.digest_wanted(donor_id).await?)
    }

    /// The donor's choice from `/me`.
    pub async fn set_digest(&self, donor_id: i64, wanted: bool) -> Result<(), Error> {
        Ok(self.store.set_digest(donor_id, wanted, OffsetDateTime::now_utc()).await?)
    }

    /// A digest's unsubscribe link used (by the donor's click or their mail program's one-click
    /// request): no more digests, at once. `NotFound` for a token no digest carried.
    pub async fn unsubscribe_digest(&self, token: &str) -> Result<(), Error> {
        let plausible = token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit());
        if plausible && self.store.unsubscribe_digest(&token_hash(token), OffsetDateTime::now_utc()).await? {
            Ok(())
        } else {
            Err(Error::NotFound)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(categories: &[&str], communes: &[&str]) -> DigestRecipient {
        DigestRecipient {
            donor_id: 1,
            name: "Hội Chữ thập đỏ".into(),
            language: "vi".into(),
            from: None,
            categories: categories.iter().map(|c| (*c).to_owned()).collect(),
            communes: communes.iter().map(|c| (*c).to_owned()).collect(),
        }
    }

    fn need(id: i64, category: &str, commune: &str, at: OffsetDateTime) -> NewsNeed {
        NewsNeed {
            id,
            title: format!("Nhu cầu {id}"),
            commune_code: commune.into(),
            category: category.into(),
            children: 40,
            published_at: at,
        }
    }

    #[test]
    fn a_digest_tells_only_what_is_new_in_what_the_donor_cares_about() {
        let now = OffsetDateTime::now_utc();
        let since = now - time::Duration::days(30);
        let needs = [
            need(1, "health", "01", now),
            need(2, "warm_clothes", "01", now),
            need(3, "health", "02", now),
            need(4, "health", "01", since - time::Duration::days(1)),
        ];
        let health_in_01 = member(&["health"], &["01"]);
        let digest = digest_for(&health_in_01, since, &needs, &[], (0, 0)).unwrap();
        assert_eq!(digest.needs.iter().map(|n| n.id).collect::<Vec<_>>(), [1]);
        let anyone = digest_for(&member(&[], &[]), since, &needs, &[], (0, 0)).unwrap();
        assert_eq!(anyone.needs.len(), 3, "no known interest: every new need");
        assert_eq!(digest_for(&member(&["recreation"], &[]), since, &needs, &[], (0, 0)), None, "nothing new: none");
        let delivered = digest_for(&member(&["recreation"], &[]), since, &needs, &[], (1, 40)).unwrap();
        assert!(delivered.needs.is_empty() && delivered.deliveries == 1, "a hand-over is news too");
    }

    #[test]
    fn a_long_list_is_cut_with_a_count_of_the_rest() {
        let now = OffsetDateTime::now_utc();
        let needs: Vec<NewsNeed> = (0..11).map(|i| need(i, "health", "01", now)).collect();
        let digest = digest_for(&member(&[], &[]), now - time::Duration::days(1), &needs, &[], (0, 0)).unwrap();
        assert_eq!((digest.needs.len(), digest.more_needs), (MAX_NEEDS, 3));
    }
}
