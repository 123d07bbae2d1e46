//! The donor network: the directory, members' pages, applications to join and partner accounts.

use async_trait::async_trait;

use super::StoreResult;
use domain::i18n::Lang;
use domain::network::MemberLink;
use domain::{Category, DonorKind};

pub use domain::network::ApplicationRecord;

/// A donor record as the directory and its profile pages read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberRecord {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub kind: DonorKind,
    pub categories: String,
    pub communes: String,
    pub parent: Option<MemberLink>,
    pub description: String,
    pub website: Option<String>,
    /// Confirmed support of the pledges the member chose to be named on.
    pub confirmed_named: i64,
}

/// An application to join, as typed and checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewApplication {
    pub kind: DonorKind,
    pub name: String,
    pub tax_code: Option<String>,
    pub contact_name: String,
    pub email: String,
    pub phone: Option<String>,
    pub description: String,
    pub website: Option<String>,
    pub categories: String,
    pub communes: String,
    pub chapter_of: Option<String>,
    pub language: Lang,
}

/// The donor network's part of the storage port.
#[async_trait]
pub trait NetworkStore: Send + Sync {
    /// Every listed member (not erased), any order; the service sorts in Vietnamese order.
    async fn listed_members(
        &self,
        kind: Option<DonorKind>,
        category: Option<Category>,
        commune: Option<&str>,
    ) -> StoreResult<Vec<MemberRecord>>;
    async fn listed_member(&self, slug: &str) -> StoreResult<Option<MemberRecord>>;
    /// Confirmed support of the member's named pledges, by year.
    async fn member_years(&self, donor_id: i64) -> StoreResult<Vec<(i64, i64)>>;
    /// Gifts mobilised by the member: donors, confirmed sum, names of those who chose to be named.
    async fn member_mobilised(&self, donor_id: i64) -> StoreResult<(i64, i64, Vec<String>)>;
    /// Campaigns that received gifts the member mobilised: (slug, title).
    async fn member_campaigns(&self, donor_id: i64) -> StoreResult<Vec<(String, String)>>;
    /// Listed chapters of the member: (slug, name).
    async fn member_chapters(&self, donor_id: i64) -> StoreResult<Vec<(String, String)>>;

    /// Records an application (a new donor record, or the existing one with the same email or tax
    /// code that is not yet a member). `Duplicate` when that donor already is one.
    async fn apply_to_join(&self, application: &NewApplication, at: time::OffsetDateTime) -> StoreResult<i64>;
    async fn applications(&self, pending_only: bool) -> StoreResult<Vec<ApplicationRecord>>;
    /// Approves (with the profile's slug; queues the welcome notice) or declines an application
    /// still waiting. `Conflict` when it was decided already.
    async fn decide_application(
        &self,
        donor_id: i64,
        approve: Option<&str>,
        actor_id: i64,
        at: time::OffsetDateTime,
    ) -> StoreResult<()>;
    /// Links a partner account to the member it records for.
    async fn link_partner(&self, staff_id: i64, donor_id: i64) -> StoreResult<()>;
    /// The member a partner account records for: (donor id, slug, name).
    async fn partner_member(&self, staff_id: i64) -> StoreResult<Option<(i64, String, String)>>;
}
