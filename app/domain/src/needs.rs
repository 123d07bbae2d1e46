//! Needs: what a commune or school asks for, its status, the public board's filters and totals.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::places::{CommuneRef, FormerUnit};

/// The four kinds of support of the programme (plan 95/KH-UBND, "Goals").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

/// What a commune or school asks for. Children are counted, never named.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub period_start: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
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

    /// How a list of needs to choose from names it: "title — commune".
    pub fn choice_label(&self) -> String {
        format!("{} — {}", self.title, self.commune.name)
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

/// Totals over the needs the public can see.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

/// A need's money after its pledges, as its page shows it beside what was pledged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedMoney {
    /// Confirmed in the ledger (reversals taken away).
    pub received: i64,
    /// Paid out to the need's implementer.
    pub transferred: i64,
    /// The value of the pledges handed over.
    pub handed_over: i64,
}
