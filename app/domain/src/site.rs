//! Facts about the deployment that pages show.

use serde::{Deserialize, Serialize};

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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReceivingAccount {
    pub bin: String,
    pub bank_name: String,
    pub number: String,
    pub name: String,
}

/// A page of content/pages/, rendered from markdown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContentPage {
    pub slug: String,
    pub title: String,
    pub html: String,
}
