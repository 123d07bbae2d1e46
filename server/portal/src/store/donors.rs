//! Donors' own access, without passwords: sign-in links, their record, pledges and notices, how
//! they are shown, and erasure.

use async_trait::async_trait;

use super::StoreResult;
use domain::i18n::Lang;

pub use domain::network::{DonorRecord, OwnNotice, OwnPledge};

/// The part of the storage port for donors' own access.
#[async_trait]
pub trait DonorStore: Send + Sync {
    /// The donor record an email address signs in to (the first, as pledges recognise donors).
    async fn donor_by_email(&self, email: &str) -> StoreResult<Option<i64>>;
    /// Stores the link's hash and queues the notice that carries it, in one transaction.
    async fn issue_sign_in_link(
        &self,
        donor_id: i64,
        token: &str,
        token_hash: &str,
        language: Lang,
        at: time::OffsetDateTime,
        expires_at: time::OffsetDateTime,
    ) -> StoreResult<()>;
    /// Whether the link would still sign someone in (for the confirmation page).
    async fn sign_in_link_usable(&self, token_hash: &str, now: time::OffsetDateTime) -> StoreResult<bool>;
    /// Uses the link up and answers whose it was; `None` when unknown, used or expired.
    async fn redeem_sign_in_link(&self, token_hash: &str, now: time::OffsetDateTime) -> StoreResult<Option<i64>>;
    async fn donor_record(&self, donor_id: i64) -> StoreResult<Option<DonorRecord>>;
    /// The pledges of the donor signed in as `donor_id`: of that record and of every record with the
    /// same (proven) email address, made before they signed in.
    async fn own_pledges(&self, donor_id: i64) -> StoreResult<Vec<OwnPledge>>;
    async fn own_notices(&self, donor_id: i64) -> StoreResult<Vec<OwnNotice>>;
    /// Named or anonymous from now on, for every pledge of the donor's records that was listed. Listed
    /// in the directory (with `slug` when it has none) only as an approved member: a record that is
    /// not one becomes an application for a coordinator to decide.
    async fn set_public_choices(
        &self,
        donor_id: i64,
        public_name: bool,
        listed: bool,
        slug: &str,
        at: time::OffsetDateTime,
    ) -> StoreResult<()>;
    /// How the donor hears back from now on, on the record signed in (audited).
    async fn set_notice_channel(
        &self,
        donor_id: i64,
        channel: domain::NoticeChannel,
        at: time::OffsetDateTime,
    ) -> StoreResult<()>;
    /// Anonymises the donor's records (each named `placeholder` and its id), redacts the bank memos
    /// matched to their pledges, purges their notices' texts and links; amounts are untouched.
    async fn erase_donor(&self, donor_id: i64, placeholder: &str, at: time::OffsetDateTime) -> StoreResult<()>;
}
