//! Donors' control of their own data, without passwords: a one-time sign-in link by email, then
//! `/me` — their pledges, how they are shown, a copy of everything held about them, and erasure
//! (the donor record anonymised, matched bank memos redacted, notice texts purged; ledger amounts
//! and every total stay).

use crate::Error;
use crate::Portal;
use domain::i18n::Lang;

pub use domain::network::{DonorExport, DonorRecord, OwnNotice, OwnPage, OwnPledge, PossibleDuplicate};

/// How long a sign-in link works.
pub const SIGN_IN_LINK_MINUTES: i64 = 30;

impl Portal {
    /// Sends a sign-in link when the address belongs to a donor. The answer is the same either
    /// way, so the form does not tell who gives.
    pub async fn request_sign_in_link(&self, email: &str, lang: Lang) -> Result<(), Error> {
        let email = domain::text::lowercase_trimmed(email);
        let Some(donor_id) = self.store.donor_by_email(&email).await? else { return Ok(()) };
        let token = crate::tokens::new_form_token();
        let now = time::OffsetDateTime::now_utc();
        let expires = now + time::Duration::minutes(SIGN_IN_LINK_MINUTES);
        self.store.issue_sign_in_link(donor_id, &token, &crate::tokens::token_hash(&token), lang, now, expires).await?;
        Ok(())
    }

    /// Whether a sign-in link would still sign someone in (the page that offers its button).
    pub async fn sign_in_link_usable(&self, token: &str) -> Result<bool, Error> {
        let hash = crate::tokens::token_hash(token);
        Ok(self.store.sign_in_link_usable(&hash, time::OffsetDateTime::now_utc()).await?)
    }

    /// Uses a sign-in link up: the donor it signs in, or `None` when it is unknown, used or expired.
    pub async fn redeem_sign_in_link(&self, token: &str) -> Result<Option<i64>, Error> {
        let hash = crate::tokens::token_hash(token.trim());
        Ok(self.store.redeem_sign_in_link(&hash, time::OffsetDateTime::now_utc()).await?)
    }

    /// The record of the donor signed in as `donor_id` (`None` once erased or merged away).
    pub async fn own_record(&self, donor_id: i64) -> Result<Option<DonorRecord>, Error> {
        Ok(self.store.donor_record(donor_id).await?)
    }

    pub async fn own_page(&self, donor_id: i64, lang: Lang) -> Result<OwnPage, Error> {
        let donor = self.store.donor_record(donor_id).await?.ok_or(Error::SignInRequired)?;
        let pledges = self.store.own_pledges(donor_id).await?;
        let recognitions = self
            .store
            .donor_recognitions(donor_id)
            .await?
            .into_iter()
            .map(|r| {
                // The donor sees their own name on their own recognitions.
                let mut entry = crate::network::honour_entry(r.clone(), lang);
                entry.name = Some(r.donor_name);
                entry
            })
            .collect();
        let digest = self.store.digest_wanted(donor_id).await?;
        Ok(OwnPage { donor, pledges, recognitions, digest })
    }

    pub async fn donor_export(&self, donor_id: i64, lang: Lang) -> Result<DonorExport, Error> {
        let page = self.own_page(donor_id, lang).await?;
        Ok(DonorExport {
            exported_at: time::OffsetDateTime::now_utc(),
            portal: self.site.public_url.clone(),
            donor: page.donor,
            pledges: page.pledges,
            recognitions: page.recognitions,
            notices: self.store.own_notices(donor_id).await?,
        })
    }

    /// `named` or `anonymous`, and whether to appear in the directory (only when named).
    pub async fn set_public_choices(&self, donor_id: i64, named: bool, listed: bool) -> Result<(), Error> {
        let donor = self.store.donor_record(donor_id).await?.ok_or(Error::SignInRequired)?;
        let slug = match &donor.slug {
            Some(slug) => slug.clone(),
            None => self.free_member_slug(&donor.name).await?,
        };
        self.store.set_public_choices(donor_id, named, named && listed, &slug, time::OffsetDateTime::now_utc()).await?;
        self.changed();
        Ok(())
    }

    /// How the donor hears back from now on. Zalo and SMS need a mobile number on their record,
    /// email an address (`Invalid` names what is missing).
    pub async fn set_notice_channel(&self, donor_id: i64, channel: domain::NoticeChannel) -> Result<(), Error> {
        let donor = self.store.donor_record(donor_id).await?.ok_or(Error::SignInRequired)?;
        let reachable = match channel {
            domain::NoticeChannel::Email => donor.email.is_some(),
            _ => donor.phone.as_deref().and_then(domain::checks::mobile_84).is_some(),
        };
        if !reachable {
            let problem = match channel {
                domain::NoticeChannel::Email => domain::FieldProblem::EmailForChannel,
                _ => domain::FieldProblem::MobileForChannel,
            };
            return Err(Error::Invalid(crate::Problems::from([("notice_channel".to_owned(), problem)])));
        }
        self.store.set_notice_channel(donor_id, channel, time::OffsetDateTime::now_utc()).await?;
        Ok(())
    }

    /// Records that may be the same donor as `donor_id` (a shared email, phone or tax code), for
    /// staff who manage pledges. Never joined automatically: knowing someone's number proves nothing.
    pub async fn possible_duplicates(
        &self,
        staff: &domain::StaffView,
        donor_id: i64,
    ) -> Result<Vec<PossibleDuplicate>, Error> {
        if !domain::staff::may_manage_pledges(staff) {
            return Err(Error::Denied);
        }
        Ok(self.store.possible_duplicates(donor_id).await?)
    }

    /// Staff merge `from` into `into` (see `store::DuplicateStore::merge_donors`). `Ok(false)` when
    /// both hold the same recognition for the same year, which a merge cannot keep twice.
    pub async fn merge_donors(&self, staff: &domain::StaffView, from: i64, into: i64) -> Result<bool, Error> {
        if !domain::staff::may_manage_pledges(staff) {
            return Err(Error::Denied);
        }
        match self.store.merge_donors(from, into, staff.id, time::OffsetDateTime::now_utc()).await {
            Ok(()) => {
                self.changed();
                Ok(true)
            }
            Err(crate::store::StoreError::Conflict) => Ok(false),
            Err(crate::store::StoreError::NotFound) => Err(Error::NotFound),
            Err(e) => Err(e.into()),
        }
    }

    pub async fn erase_donor(&self, donor_id: i64) -> Result<(), Error> {
        self.store.erase_donor(donor_id, "Nhà hảo tâm #", time::OffsetDateTime::now_utc()).await?;
        self.changed();
        Ok(())
    }
}
