//! The portal's domain types that cross the wire (server functions, JSON API).

use serde::{Deserialize, Serialize};
use time::Date;

/// The four kinds of support of the programme (plan 95/KH-UBND, "Goals").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Health,
    Nutrition,
    Recreation,
    WarmClothes,
}

impl Category {
    pub const ALL: [Category; 4] = [Category::Health, Category::Nutrition, Category::Recreation, Category::WarmClothes];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Health => "health",
            Category::Nutrition => "nutrition",
            Category::Recreation => "recreation",
            Category::WarmClothes => "warm_clothes",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == value)
    }
}

/// Where a need stands: `draft → submitted → published → covered → fulfilled`,
/// with `returned` (back to the officer) and `withdrawn`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NeedStatus {
    Draft,
    Submitted,
    Returned,
    Published,
    Covered,
    Fulfilled,
    Withdrawn,
}

impl NeedStatus {
    pub const ALL: [NeedStatus; 7] = [
        NeedStatus::Draft,
        NeedStatus::Submitted,
        NeedStatus::Returned,
        NeedStatus::Published,
        NeedStatus::Covered,
        NeedStatus::Fulfilled,
        NeedStatus::Withdrawn,
    ];

    /// The statuses the public may see: a need is public once the coordinator published it.
    pub const PUBLIC: [NeedStatus; 3] = [NeedStatus::Published, NeedStatus::Covered, NeedStatus::Fulfilled];

    pub fn as_str(self) -> &'static str {
        match self {
            NeedStatus::Draft => "draft",
            NeedStatus::Submitted => "submitted",
            NeedStatus::Returned => "returned",
            NeedStatus::Published => "published",
            NeedStatus::Covered => "covered",
            NeedStatus::Fulfilled => "fulfilled",
            NeedStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    pub fn is_public(self) -> bool {
        Self::PUBLIC.contains(&self)
    }

    /// "Open" in DESIGN.md: still asking for or gathering support.
    pub fn is_open(self) -> bool {
        matches!(self, NeedStatus::Submitted | NeedStatus::Published | NeedStatus::Covered)
    }
}

/// A commune as the public sees it: its 2025 code and name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CommuneRef {
    /// 2025 GSO code, e.g. `05716`.
    pub code: String,
    pub name: String,
}

/// A pre-2025 commune whose area is now (wholly or partly) inside a 2025 commune.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FormerUnit {
    /// `pre2025-{code}`.
    pub id: String,
    pub name: String,
    /// The abolished district it belonged to, e.g. "Huyện Võ Nhai".
    pub district: Option<String>,
    /// Only part of its area went into the new commune.
    pub partial: bool,
}

/// What a commune or school asks for. Children are counted, never named.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Need {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub category: Category,
    pub commune: CommuneRef,
    /// The pre-2025 communes the need's commune covers.
    pub formerly: Vec<FormerUnit>,
    /// School or site, when the need belongs to one.
    pub site: Option<String>,
    pub children: i64,
    pub quantity: i64,
    pub unit: String,
    /// Whole đồng.
    pub unit_cost: i64,
    /// Whole đồng: quantity × unit cost.
    pub total: i64,
    /// Whole đồng pledged so far.
    pub pledged: i64,
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub period_start: Date,
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub period_end: Date,
    pub status: NeedStatus,
    /// Demo data loaded by `portal seed-demo`, not a real assessed need.
    pub demo: bool,
}

impl Need {
    /// What the need still lacks, in whole đồng.
    pub fn lacking(&self) -> i64 {
        (self.total - self.pledged).max(0)
    }

    /// Share pledged, 0–100, for the progress bar.
    pub fn percent_pledged(&self) -> u8 {
        percent(self.pledged, self.total)
    }
}

pub fn percent(part: i64, whole: i64) -> u8 {
    if whole <= 0 {
        return 0;
    }
    let p = (i128::from(part.max(0)) * 100 / i128::from(whole)).min(100);
    u8::try_from(p).unwrap_or(100)
}

/// Filters of the public needs board.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedFilter {
    pub category: Option<Category>,
    /// 2025 commune code.
    pub commune: Option<String>,
    /// One of the public statuses; `None` means every public status.
    pub status: Option<NeedStatus>,
    pub page: u32,
    pub per_page: u32,
}

pub const DEFAULT_PER_PAGE: u32 = 12;
pub const MAX_PER_PAGE: u32 = 100;

/// A filter value that could not be used, and was therefore ignored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum IgnoredFilter {
    Category,
    Commune,
    Status,
    Page,
    PerPage,
}

impl IgnoredFilter {
    pub fn field(self) -> &'static str {
        match self {
            IgnoredFilter::Category => "category",
            IgnoredFilter::Commune => "commune",
            IgnoredFilter::Status => "status",
            IgnoredFilter::Page => "page",
            IgnoredFilter::PerPage => "per_page",
        }
    }
}

impl NeedFilter {
    /// Reads the board's query string. Values that make no sense are dropped and reported,
    /// so a mistyped link still shows a board, with an explanation.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> (Self, Vec<IgnoredFilter>) {
        let mut ignored = Vec::new();
        let non_empty = |key: &str| get(key).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());

        let category = non_empty("category").and_then(|v| {
            let parsed = Category::parse(&v);
            if parsed.is_none() {
                ignored.push(IgnoredFilter::Category);
            }
            parsed
        });
        let status = non_empty("status").and_then(|v| match NeedStatus::parse(&v) {
            Some(s) if s.is_public() => Some(s),
            _ => {
                ignored.push(IgnoredFilter::Status);
                None
            }
        });
        let commune = non_empty("commune").and_then(|v| {
            if v.len() == 5 && v.bytes().all(|b| b.is_ascii_digit()) {
                Some(v)
            } else {
                ignored.push(IgnoredFilter::Commune);
                None
            }
        });
        let page = match non_empty("page").map(|v| v.parse::<u32>()) {
            None => 1,
            Some(Ok(p)) if p >= 1 => p,
            Some(_) => {
                ignored.push(IgnoredFilter::Page);
                1
            }
        };
        let per_page = match non_empty("per_page").map(|v| v.parse::<u32>()) {
            None => DEFAULT_PER_PAGE,
            Some(Ok(p)) if (1..=MAX_PER_PAGE).contains(&p) => p,
            Some(_) => {
                ignored.push(IgnoredFilter::PerPage);
                DEFAULT_PER_PAGE
            }
        };
        (NeedFilter { category, commune, status, page, per_page }, ignored)
    }

    pub fn offset(&self) -> i64 {
        i64::from(self.page.saturating_sub(1)) * i64::from(self.per_page)
    }

    /// The query string of this filter at another page, for pagination links.
    pub fn query_for_page(&self, page: u32) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(c) = self.category {
            pairs.push(("category", c.as_str().to_owned()));
        }
        if let Some(c) = &self.commune {
            pairs.push(("commune", c.clone()));
        }
        if let Some(s) = self.status {
            pairs.push(("status", s.as_str().to_owned()));
        }
        if self.per_page != DEFAULT_PER_PAGE {
            pairs.push(("per_page", self.per_page.to_string()));
        }
        if page > 1 {
            pairs.push(("page", page.to_string()));
        }
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

/// One page of a list, as the API and the pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub per_page: u32,
    pub total: i64,
}

impl<T> Paged<T> {
    pub fn page_count(&self) -> u32 {
        let per = i64::from(self.per_page.max(1));
        u32::try_from((self.total + per - 1) / per).unwrap_or(u32::MAX).max(1)
    }
}

/// Totals over the needs the public can see.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NeedTotals {
    /// Needs published and still seeking support or covered.
    pub open_needs: i64,
    /// Children those needs will reach.
    pub children: i64,
    /// Whole đồng those needs cost.
    pub amount: i64,
    /// Whole đồng pledged toward them.
    pub pledged: i64,
}

/// An administrative unit as the area search returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AreaHit {
    /// The 2025 GSO code for a current unit, `pre2025-{code}` for a former one.
    pub id: String,
    pub code: String,
    pub name: String,
    /// `province`, `district` or `commune`.
    pub level: String,
    /// `2025` or `pre-2025`.
    pub system: String,
    /// For a former unit: the abolished district it belonged to.
    pub district: Option<String>,
    /// For a former unit: the 2025 communes that now cover it.
    pub now_in: Vec<CommuneRef>,
    /// For a 2025 commune: the pre-2025 communes it was formed from.
    pub formerly: Vec<FormerUnit>,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
}

/// Facts about the deployment that pages show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteInfo {
    /// The coordinating body (configuration: the agency changed in 2025 and may change again).
    pub org_name: String,
    /// Base URL for links that leave the site (notices, OpenGraph).
    pub public_url: String,
    /// Where money pledged to a need outside any campaign goes (the Child Protection Fund's).
    pub default_account: Option<ReceivingAccount>,
    /// The largest money pledge taken online (`PORTAL_PLEDGE_MAX`), in whole đồng.
    pub pledge_max: i64,
}

/// A bank account that receives donations; public by law (Decree 93/2021/NĐ-CP).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ReceivingAccount {
    pub bin: String,
    pub bank_name: String,
    pub number: String,
    pub name: String,
}

/// What a staff account may do (checked on the server in every handler and server function).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    /// Whole province.
    Coordinator,
    /// Scoped to one or more communes.
    AreaOfficer,
    /// A network organisation recording what it mobilised.
    Partner,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Coordinator, Role::AreaOfficer, Role::Partner];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Coordinator => "coordinator",
            Role::AreaOfficer => "area_officer",
            Role::Partner => "partner",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == value)
    }
}

/// The signed-in staff member, as pages show them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffView {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub communes: Vec<CommuneRef>,
    /// The account confirmed a TOTP second factor.
    pub second_factor: bool,
}

impl StaffView {
    /// Admins and coordinators must use a second factor before anything else.
    pub fn must_enrol_second_factor(&self) -> bool {
        matches!(self.role, Role::Admin | Role::Coordinator) && !self.second_factor
    }
}

/// Put in each request's extensions by the server when a staff member is signed in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedIn(pub StaffView);

/// Put in each request's extensions when a donor signed in with a one-time link (their donor id).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DonorSignedIn(pub i64);

/// A need as typed in the staff form: kept as text so a form sent back with problems shows exactly
/// what was typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NeedForm {
    pub commune: String,
    pub category: String,
    pub title: String,
    pub description: String,
    pub site: String,
    /// Named `children_count` in the form: a control named `children` would shadow the form
    /// element's own `children` property, which the islands loader walks.
    #[serde(rename = "children_count", alias = "children")]
    pub children: String,
    pub quantity: String,
    pub unit: String,
    pub unit_cost: String,
    pub period_start: String,
    pub period_end: String,
    /// Present when the person confirmed that the need does not repeat an overlapping one.
    pub confirm_overlap: Option<String>,
}

/// What is wrong with one field; pages translate it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldProblem {
    Required,
    TooLong,
    NotAWholeNumber,
    NotAnAmount,
    NotADate,
    EndsBeforeStart,
    UnknownCommune,
    UnknownCategory,
    CommentRequired,
    WrongPassword,
    PasswordTooShort,
    PasswordsDiffer,
    NotAnEmail,
    EmailTaken,
    CommuneRequired,
    NotYourself,
    WrongCode,
    ContactRequired,
    NotAPhone,
    NotATaxCode,
    ConsentRequired,
    NotASlug,
    SlugTaken,
    UnknownBank,
    NotAnAccountNumber,
    WindowTooLong,
    NotAPicture,
    UnknownNeed,
    UnknownMember,
    CampaignClosed,
    NotALanguage,
    /// From 1 to 12 monthly instalments, each at least 10.000 ₫.
    InstalmentsInvalid,
    /// More than a partner's common fund holds.
    MoreThanPool,
    NotAWebsite,
    /// The organisation with this email or tax code is already a member or has applied.
    AlreadyMember,
    /// The donor already has this level for this year.
    AlreadyRecognised,
    /// A money pledge above `PORTAL_PLEDGE_MAX`: arranged with the coordinating body instead.
    AboveCeiling,
    /// Too many password attempts in a short time: wait a quarter of an hour.
    TooManyAttempts,
}

/// A need shown in a list of the staff area or as an existing overlapping need.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedSummary {
    pub id: i64,
    pub title: String,
    pub commune: String,
    pub category: Category,
    pub status: NeedStatus,
    pub children: i64,
    pub period: String,
}

/// What a form handler leaves for the page it sends the browser back to (one use only).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flash {
    pub need_form: Option<NeedForm>,
    pub pledge_form: Option<PledgeForm>,
    pub campaign_form: Option<CampaignForm>,
    pub pledge_action: Option<PledgeActionForm>,
    pub import_outcome: Option<ImportOutcome>,
    pub problems: std::collections::BTreeMap<String, FieldProblem>,
    /// Open needs the typed one overlaps: the person must look and confirm.
    pub overlaps: Vec<NeedSummary>,
    /// A short outcome code: `saved`, `submitted`, `published`, `returned`, `withdrawn`, `conflict`.
    pub notice: Option<String>,
    /// What was typed in a simple form (field → value).
    pub fields: std::collections::BTreeMap<String, String>,
    /// A one-time link to pass on (an invitation or a password reset), shown once.
    pub link: Option<String>,
    /// Recovery codes, shown once when a second factor is confirmed.
    pub codes: Vec<String>,
}

/// A staff account as the admin page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub communes: Vec<CommuneRef>,
    pub active: bool,
}

/// The five kinds of network member (DESIGN.md); a ledger entry's source type is its donor's kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DonorKind {
    Individual,
    Business,
    Organisation,
    MassOrganisation,
    Fund,
}

impl DonorKind {
    pub const ALL: [DonorKind; 5] = [
        DonorKind::Individual,
        DonorKind::Business,
        DonorKind::Organisation,
        DonorKind::MassOrganisation,
        DonorKind::Fund,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DonorKind::Individual => "individual",
            DonorKind::Business => "business",
            DonorKind::Organisation => "organisation",
            DonorKind::MassOrganisation => "mass_organisation",
            DonorKind::Fund => "fund",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == value)
    }
}

/// How a pledge may be shown publicly (names only with consent).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Display {
    Named,
    Anonymous,
    Unlisted,
}

impl Display {
    pub const ALL: [Display; 3] = [Display::Named, Display::Anonymous, Display::Unlisted];

    pub fn as_str(self) -> &'static str {
        match self {
            Display::Named => "named",
            Display::Anonymous => "anonymous",
            Display::Unlisted => "unlisted",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == value)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PledgeKind {
    Money,
    InKind,
    Service,
}

impl PledgeKind {
    pub const ALL: [PledgeKind; 3] = [PledgeKind::Money, PledgeKind::InKind, PledgeKind::Service];

    pub fn as_str(self) -> &'static str {
        match self {
            PledgeKind::Money => "money",
            PledgeKind::InKind => "in_kind",
            PledgeKind::Service => "service",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == value)
    }
}

/// A pledge as typed in the public form, kept as text so it can be shown back as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PledgeForm {
    pub need: String,
    pub donor_type: String,
    pub name: String,
    pub email: String,
    pub phone: String,
    pub tax_code: String,
    pub kind: String,
    pub amount: String,
    pub item: String,
    pub quantity: String,
    pub unit: String,
    pub description: String,
    pub estimated_value: String,
    pub display: String,
    pub consent: Option<String>,
    /// Hidden: one per form shown, so a repeated submission records one pledge.
    pub token: String,
    /// Hidden from people: only robots fill it.
    pub website: String,
    /// A campaign's slug, when the pledge is made from its page.
    pub campaign: String,
    /// The network member (slug) who mobilised the donor.
    pub mobilised_by: String,
    /// Monthly instalments for money: empty or "1" pays at once.
    pub instalments: String,
    /// A network member's slug: the gift goes to its common fund (pool), which forwards it to
    /// needs later. Instead of a need or a campaign.
    pub pool: String,
}

/// A campaign as typed in the staff editor, kept as text so it can be shown back as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CampaignForm {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub story: String,
    pub goal: String,
    pub bank_bin: String,
    pub account_number: String,
    pub account_name: String,
    pub opens_on: String,
    pub closes_on: String,
    pub published: Option<String>,
    pub needs: Vec<String>,
    pub drop_offs: Vec<DropOffForm>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DropOffForm {
    pub place: String,
    pub address: String,
    pub opens_on: String,
    pub closes_on: String,
    pub hours: String,
}

impl DropOffForm {
    pub fn is_blank(&self) -> bool {
        [&self.place, &self.address, &self.opens_on, &self.closes_on, &self.hours].iter().all(|f| f.trim().is_empty())
    }
}

/// How to pay a money pledge by bank transfer: the account, the amount, the transfer message
/// (the pledge reference) and the same as a VietQR payload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Payment {
    pub account: ReceivingAccount,
    /// Whole đồng.
    pub amount: i64,
    pub message: String,
    /// EMVCo payload for NAPAS VietQR (what the QR code holds).
    pub vietqr: String,
    /// For a pledge paid in instalments: the one to pay now (its number).
    pub instalment: Option<i64>,
}

/// The most monthly instalments a pledge may have: a school year's months, with room to spare.
pub const MAX_INSTALMENTS: i64 = 12;

/// Where an instalment stands on a given day: settled by payments in order, or waiting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InstalmentStatus {
    Paid,
    /// The earliest unpaid one, not yet past its due date: the one to pay now.
    Due,
    /// Past its due date and not (fully) paid.
    Overdue,
    Upcoming,
}

/// One instalment of a pledge's schedule as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InstalmentView {
    pub number: i64,
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub due_on: time::Date,
    pub amount: i64,
    /// What the payments so far settle of it.
    pub paid: i64,
    pub status: InstalmentStatus,
}

/// What staff type to move a pledge on: evidence of a payment, a hand-over, a reason.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PledgeActionForm {
    /// `bank_transaction`, `receipt` or `handover`.
    pub evidence_kind: String,
    pub evidence: String,
    pub note: String,
    pub delivered_on: String,
    /// `children_count` in the form (see `NeedForm::children`).
    #[serde(rename = "children_count", alias = "children")]
    pub children: String,
    pub delivered_by: String,
    pub received_by: String,
}

/// Sums over the ledger and the deliveries.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LedgerTotals {
    /// Whole đồng confirmed (reversals subtracted).
    pub confirmed: i64,
    /// Whole đồng of pledges handed over.
    pub delivered: i64,
    /// Children reached by deliveries, each need's children counted once however many pledges
    /// served it.
    pub children_reached: i64,
    /// Donors with a confirmed contribution.
    pub donors: i64,
}

/// Confirmed amounts (net of reversals) of one year, broken down three ways.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LedgerBreakdown {
    pub year: i32,
    /// Pledged in the year (not cancelled or lapsed), by the date of the pledge.
    pub pledged: i64,
    pub totals: LedgerTotals,
    /// (category or "" for gifts outside a need, confirmed đồng).
    pub by_category: Vec<(String, i64)>,
    /// (2025 commune code or "", confirmed đồng).
    pub by_commune: Vec<(String, i64)>,
    /// (donor kind, confirmed đồng).
    pub by_source: Vec<(String, i64)>,
    /// Every year the ledger has entries for, latest first.
    pub years: Vec<i32>,
}

/// A contribution as the public may look it up: never a phone number, an email or an account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PublicContribution {
    pub reference: String,
    /// The donor's name only when they chose to be named.
    pub donor: Option<String>,
    pub status: String,
    pub value: i64,
    pub target: Option<String>,
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub pledged_on: Date,
}

/// One line of the coordination ledger as open data: the donor's name only when they chose to be
/// named, never a contact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PublicLedgerEntry {
    pub id: i64,
    /// `confirmation` (money or goods received), `reversal`, or the pair `transfer_out` / `transfer_in`
    /// of a common fund forwarding to a need (they sum to zero).
    pub entry: String,
    pub year: i64,
    /// The pledge's reference, only on the lines of donors who chose to be named (with it, a donor
    /// finds their own line; without their consent it would tie a gift to the person who has it).
    pub reference: Option<String>,
    pub commune_code: Option<String>,
    pub category: Option<String>,
    /// The donor's kind: `individual`, `business`, `organisation`, `mass_organisation`, `fund`.
    pub source_type: String,
    pub donor: Option<String>,
    pub campaign: Option<String>,
    pub need: Option<i64>,
    /// Whole đồng; negative for a reversal.
    pub amount: i64,
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
    #[serde(with = "time::serde::rfc3339")]
    pub at: time::OffsetDateTime,
}

/// What the public ledger list is filtered by.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LedgerQuery {
    /// Words of a named donor's name, or a reference.
    pub q: Option<String>,
    pub year: Option<i64>,
    pub commune: Option<String>,
    pub category: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

/// The yearly report for the province and the ministry.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearlyReport {
    pub year: i32,
    /// (commune code, category, source type, confirmed đồng, donors); "" where there is no need.
    pub rows: Vec<(String, String, String, i64, i64)>,
    /// (commune code, category, children reached — each need's children once).
    pub children: Vec<(String, String, i64)>,
    pub totals: LedgerTotals,
}

/// What an import did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportOutcome {
    pub lines: i64,
    /// Lines seen in an earlier import: nothing done with them again.
    pub already_imported: i64,
    /// Pledges confirmed (paid in full by this import).
    pub confirmed: i64,
    /// Lines recorded as part payments.
    pub part_payments: i64,
    /// Lines waiting for staff to match them by hand.
    pub to_review: i64,
}

/// A statement import as it runs: the lines done so far and what they did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportProgress {
    pub id: i64,
    pub file_name: String,
    pub total_lines: i64,
    /// `outcome.lines` lines are done so far.
    pub outcome: ImportOutcome,
    /// `running`, `done` or `failed`.
    pub status: String,
    pub error: Option<String>,
}

/// The notice outbox in three numbers (queued includes those being sent).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeTally {
    pub queued: i64,
    pub sent: i64,
    pub failed: i64,
}

/// A picture with the size it is served at, so pages reserve its space before it arrives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Picture {
    pub url: String,
    pub width: i64,
    pub height: i64,
}

/// A campaign as lists and the head of its page show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Campaign {
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// Whole đồng.
    pub goal: i64,
    /// Whole đồng pledged (not cancelled or lapsed), money and estimated value of goods.
    pub pledged: i64,
    /// Whole đồng confirmed as received.
    pub confirmed: i64,
    /// How many pledges.
    pub supporters: i64,
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub opens_on: Date,
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub closes_on: Date,
    /// Public by law: where money for this campaign goes.
    pub receiving_account: ReceivingAccount,
    pub cover: Option<Picture>,
    /// Inside the receiving window today: pledges are taken.
    pub accepting: bool,
    /// Days left to pledge, today included; 0 once closed.
    pub days_left: i64,
    pub demo: bool,
}

impl Campaign {
    pub fn percent_pledged(&self) -> u8 {
        percent(self.pledged, self.goal)
    }
}

/// A named supporter of a campaign (only those who chose to be named are listed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Supporter {
    pub name: String,
    pub kind: PledgeKind,
    /// Whole đồng (money, or the estimated value of goods or a service).
    pub value: i64,
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
    #[serde(with = "time::serde::rfc3339")]
    pub at: time::OffsetDateTime,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DropOff {
    pub place: String,
    pub address: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub opens_on: Date,
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub closes_on: Date,
    pub hours: String,
}

/// A gift received for a campaign, as its closing report lists it publicly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ReceivedGift {
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub received_on: Date,
    /// Whole đồng (money, or the estimated value of goods and services).
    pub value: i64,
    /// The donor's name when they chose to be named; otherwise none (shown masked).
    pub donor: Option<String>,
}

/// Decree 93/2021/NĐ-CP: once a campaign's window closes, what it received, what was handed over,
/// what remains, and the list of gifts received.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ClosingReport {
    pub received: i64,
    pub delivered: i64,
    pub remaining: i64,
    pub gifts: Vec<ReceivedGift>,
}

/// Everything a campaign's page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CampaignDetail {
    #[serde(flatten)]
    pub campaign: Campaign,
    /// The story as typed (markdown).
    pub story: String,
    /// The story rendered and sanitised.
    pub story_html: String,
    pub needs: Vec<Need>,
    pub drop_offs: Vec<DropOff>,
    /// The latest named supporters.
    pub recent_supporters: Vec<Supporter>,
    /// Once the receiving window has closed.
    pub closing: Option<ClosingReport>,
}
