//! Communes as pages and the API name them: the 2025 unit, and the pre-2025 ones it was formed from.

use serde::{Deserialize, Serialize};

/// A commune as the public sees it: its 2025 code and name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommuneRef {
    /// 2025 GSO code, e.g. `05716`.
    pub code: String,
    pub name: String,
}

/// A pre-2025 commune whose area is now (wholly or partly) inside a 2025 commune.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FormerUnit {
    /// `pre2025-{code}`.
    pub id: String,
    pub name: String,
    /// The abolished district it belonged to, e.g. "Huyện Võ Nhai".
    pub district: Option<String>,
    /// Only part of its area went into the new commune.
    pub partial: bool,
}

/// An administrative unit as the area search returns it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
