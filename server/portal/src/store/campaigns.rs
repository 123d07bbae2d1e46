//! Campaigns, their pictures and drop-off points, and the network members a pledge can name.

use async_trait::async_trait;
use time::Date;

use super::{SeedOutcome, StoreResult};
use domain::{DonorKind, PledgeKind};

/// A picture as stored: already resized and re-encoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredImage {
    pub id: i64,
    pub content_type: String,
    pub width: i64,
    pub height: i64,
    pub bytes: Vec<u8>,
}

/// Where and when goods for a campaign are received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DropOffRecord {
    pub place: String,
    pub address: String,
    pub opens_on: Date,
    pub closes_on: Date,
    pub hours: String,
}

/// What is written when a campaign is created or edited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCampaign {
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// Markdown, sanitised when rendered.
    pub story: String,
    pub goal: i64,
    pub bank_bin: String,
    pub account_number: String,
    pub account_name: String,
    pub opens_on: Date,
    pub closes_on: Date,
    /// `None` on an edit keeps the picture it had.
    pub cover_image_id: Option<i64>,
    pub published: bool,
    pub need_ids: Vec<i64>,
    pub drop_offs: Vec<DropOffRecord>,
    pub demo: bool,
}

/// A campaign with its sums: pledged (not cancelled or lapsed) and confirmed (paid or delivered).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CampaignRecord {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub story: String,
    pub goal: i64,
    pub bank_bin: String,
    pub account_number: String,
    pub account_name: String,
    pub opens_on: Date,
    pub closes_on: Date,
    /// The cover picture's id, width and height.
    pub cover: Option<(i64, i64, i64)>,
    pub published: bool,
    pub demo: bool,
    pub pledged: i64,
    pub confirmed: i64,
    pub pledges: i64,
    pub need_ids: Vec<i64>,
    pub drop_offs: Vec<DropOffRecord>,
}

/// A supporter of a campaign who agreed to be named.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SupporterRecord {
    pub name: String,
    pub kind: PledgeKind,
    pub value: i64,
    pub at: time::OffsetDateTime,
}

/// A network member others can name as the one who mobilised them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetworkMemberRecord {
    pub slug: String,
    pub kind: DonorKind,
    pub name: String,
}

/// A demo network member with its directory profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoMember {
    pub member: NetworkMemberRecord,
    pub description: String,
    pub categories: Vec<domain::Category>,
}

/// The demo campaigns and network members, linked to demo needs by title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoCampaigns {
    pub members: Vec<DemoMember>,
    pub campaigns: Vec<(NewCampaign, Vec<String>, Option<StoredImage>)>,
}

/// Campaigns, their pictures and the network members a pledge can name (a part of the storage port
/// of its own, so each backend implements it in its own file).
#[async_trait]
pub trait CampaignStore: Send + Sync {
    /// Keeps a picture; answers its id.
    async fn store_image(&self, image: &StoredImage) -> StoreResult<i64>;
    async fn image(&self, id: i64) -> StoreResult<Option<StoredImage>>;
    /// The campaigns whose cover a stored picture is.
    async fn campaigns_with_cover(&self, image_id: i64) -> StoreResult<Vec<i64>>;

    /// Creates a campaign with its needs and drop-off points, audited. A slug in use is `Duplicate`.
    async fn create_campaign(&self, campaign: &NewCampaign, actor_id: i64) -> StoreResult<i64>;
    /// Replaces a campaign's content, needs and drop-off points, audited.
    async fn update_campaign(&self, id: i64, campaign: &NewCampaign, actor_id: i64) -> StoreResult<()>;
    async fn campaign(&self, slug: &str) -> StoreResult<Option<CampaignRecord>>;
    async fn campaign_by_id(&self, id: i64) -> StoreResult<Option<CampaignRecord>>;
    /// One page of campaigns, the latest to close first; only published ones when `published_only`.
    async fn campaigns(&self, published_only: bool, limit: i64, offset: i64)
    -> StoreResult<(Vec<CampaignRecord>, i64)>;
    /// What a campaign received (confirmed or delivered pledges, by confirmation date) and handed over.
    async fn campaign_closing(&self, campaign_id: i64) -> StoreResult<domain::ClosingReport>;
    /// The latest pledges to a campaign by donors who chose to be named.
    async fn campaign_supporters(&self, campaign_id: i64, limit: i64) -> StoreResult<Vec<SupporterRecord>>;
    /// Network members with a public slug, by name.
    async fn network_members(&self) -> StoreResult<Vec<NetworkMemberRecord>>;

    /// Loads the demo campaigns and network members once (a marker of their own, so a database
    /// seeded before campaigns existed gets them too).
    async fn seed_demo_campaigns(&self, demo: &DemoCampaigns) -> StoreResult<SeedOutcome>;
}
