//! The donor network as the public sees it: directory cards, member profiles, the honour roll and
//! recognition levels. Names appear only where the donor consented (DESIGN.md's privacy row).

use serde::{Deserialize, Serialize};

use crate::{Category, CommuneRef, DonorKind};

/// A member as the directory lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberCard {
    pub slug: String,
    pub name: String,
    pub kind: DonorKind,
    pub categories: Vec<Category>,
    pub communes: Vec<CommuneRef>,
    /// The organisation this member is a chapter of (a commune's Red Cross under the province's).
    pub chapter_of: Option<MemberLink>,
    /// Confirmed support of the pledges the member chose to be named on, all years, whole đồng.
    pub confirmed_total: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberLink {
    pub slug: String,
    pub name: String,
}

/// Confirmed support in one year, whole đồng.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YearTotal {
    pub year: i64,
    pub confirmed: i64,
}

/// What a member mobilised: gifts others made through them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Mobilised {
    pub donors: i64,
    pub confirmed: i64,
    /// Those of them who chose to be named.
    pub named: Vec<String>,
}

/// A member's page: `/network/{slug}` and `GET /api/v1/network/{slug}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberProfile {
    #[serde(flatten)]
    pub card: MemberCard,
    pub description: String,
    pub website: Option<String>,
    pub by_year: Vec<YearTotal>,
    /// Campaigns the member ran outreach in (gifts it mobilised went to them).
    pub campaigns: Vec<MemberLink>,
    pub mobilised: Mobilised,
    pub chapters: Vec<MemberLink>,
    pub recognitions: Vec<HonourEntry>,
    /// Its common fund receives gifts that it forwards to needs later.
    pub receives_pool_gifts: bool,
}

/// One recognition on the honour roll.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HonourEntry {
    pub id: i64,
    pub year: i64,
    pub level: String,
    pub level_name: String,
    pub level_rank: i64,
    pub decision_number: Option<String>,
    pub decision_date: Option<time::Date>,
    pub reason: String,
    /// `None` when the contributor did not consent to be named.
    pub name: Option<String>,
    /// The directory profile, when the contributor is listed.
    pub slug: Option<String>,
    pub kind: DonorKind,
    /// Confirmed support in the recognition's year, whole đồng.
    pub confirmed: i64,
}

/// A level staff may grant, in rank order (thank-you letter, certificates of merit…).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecognitionLevel {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub rank: i64,
}

impl RecognitionLevel {
    pub fn name(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::Vi => &self.name_vi,
            crate::i18n::Lang::En => &self.name_en,
        }
    }
}

/// An application waiting for staff, or decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationRecord {
    pub donor_id: i64,
    pub kind: DonorKind,
    pub name: String,
    pub contact_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub tax_code: Option<String>,
    pub description: String,
    pub website: Option<String>,
    pub categories: String,
    pub communes: String,
    pub membership: String,
    pub applied_at: Option<time::OffsetDateTime>,
}

/// A donor the ledger suggests recognising: their confirmed support in one category and year.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub donor_id: i64,
    pub name: String,
    pub kind: DonorKind,
    /// Empty for gifts outside a need (campaign-wide or pooled).
    pub category: String,
    pub confirmed: i64,
    /// Already recognised for that year.
    pub recognised: bool,
}

/// The donor record as its owner sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DonorRecord {
    pub id: i64,
    pub kind: DonorKind,
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub tax_code: Option<String>,
    pub contact_name: Option<String>,
    pub description: String,
    pub website: Option<String>,
    pub public_name: bool,
    pub listed: bool,
    pub slug: Option<String>,
    pub membership: Option<String>,
    pub created_at: time::OffsetDateTime,
    /// How they chose to hear back; none: as their contact details suggest (`hears_by`).
    pub notice_channel: Option<crate::NoticeChannel>,
}

impl DonorRecord {
    /// The channel notices take for this donor.
    pub fn hears_by(&self) -> crate::NoticeChannel {
        self.notice_channel.unwrap_or(crate::NoticeChannel::default_for(self.email.is_some()))
    }
}

/// Another record that may be the same donor: it shares an email address, a phone number or a tax
/// code with the one staff are looking at. Only staff see it, and only staff merge the two.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PossibleDuplicate {
    pub id: i64,
    pub name: String,
    pub kind: DonorKind,
    /// `email`, `phone` and/or `tax_code`: what the two records share.
    pub shared: Vec<String>,
    pub pledges: i64,
    pub member: bool,
    pub created_at: time::OffsetDateTime,
}

/// One of the donor's pledges, with what the ledger holds for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnPledge {
    pub reference: String,
    pub kind: String,
    pub status: String,
    pub display: String,
    pub value: i64,
    pub received: i64,
    pub created_at: time::OffsetDateTime,
}

/// A notice sent to the donor (no body is ever kept).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnNotice {
    pub kind: String,
    pub status: String,
    pub subject: Option<String>,
    pub created_at: time::OffsetDateTime,
    pub sent_at: Option<time::OffsetDateTime>,
}

/// Everything held about a donor, as `/me/data.json` gives it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DonorExport {
    pub exported_at: time::OffsetDateTime,
    pub portal: String,
    pub donor: DonorRecord,
    pub pledges: Vec<OwnPledge>,
    pub recognitions: Vec<HonourEntry>,
    pub notices: Vec<OwnNotice>,
}

/// What `/me` shows.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct OwnPage {
    pub donor: DonorRecord,
    pub pledges: Vec<OwnPledge>,
    pub recognitions: Vec<HonourEntry>,
    /// Whether the donor receives the digest (network members unless they said no; others who asked).
    pub digest: bool,
}

/// Directory filters, read from the query string.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryFilter {
    pub kind: Option<DonorKind>,
    pub category: Option<Category>,
    pub commune: Option<String>,
    pub page: u32,
    pub per_page: u32,
}

impl DirectoryFilter {
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Self {
        let clean = |key: &str| get(key).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        DirectoryFilter {
            kind: clean("kind").and_then(|k| DonorKind::parse(&k)),
            category: clean("category").and_then(|c| Category::parse(&c)),
            commune: clean("commune").filter(|c| c.len() == 5 && c.bytes().all(|b| b.is_ascii_digit())),
            page: clean("page").and_then(|p| p.parse().ok()).filter(|p| *p >= 1).unwrap_or(1),
            per_page: clean("per_page")
                .and_then(|p| p.parse().ok())
                .filter(|p| (1..=crate::MAX_PER_PAGE).contains(p))
                .unwrap_or(24),
        }
    }

    pub fn offset(&self) -> i64 {
        i64::from(self.page.saturating_sub(1)) * i64::from(self.per_page)
    }
}

/// Space-separated codes with a space at each end, as stored, so a LIKE finds one code whole.
pub fn code_list<'a>(codes: impl IntoIterator<Item = &'a str>) -> String {
    let joined: Vec<&str> = codes.into_iter().filter(|c| !c.is_empty()).collect();
    if joined.is_empty() { String::new() } else { format!(" {} ", joined.join(" ")) }
}

pub fn codes(list: &str) -> impl Iterator<Item = &str> {
    list.split(' ').filter(|c| !c.is_empty())
}

/// A recognition letter: the entry, the name to print, the coordinating body and where it sits.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Letter {
    pub entry: HonourEntry,
    pub name: String,
    pub org_name: String,
    pub place: String,
    /// The decision's date, or today's.
    pub issued_on: time::Date,
    /// The recognised donor, signed in, prints their own letter (with their name).
    pub own: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_lists_find_whole_codes() {
        let stored = code_list(["health", "warm_clothes"]);
        assert_eq!(stored, " health warm_clothes ");
        assert!(stored.contains(" health "));
        assert!(!stored.contains(" warm "));
        assert_eq!(codes(&stored).collect::<Vec<_>>(), ["health", "warm_clothes"]);
        assert_eq!(code_list([]), "");
    }

    #[test]
    fn directory_filters_ignore_what_they_cannot_read() {
        let f = DirectoryFilter::from_query(|k| match k {
            "kind" => Some("business".into()),
            "category" => Some("toys".into()),
            "commune" => Some("5716".into()),
            "page" => Some("0".into()),
            _ => None,
        });
        assert_eq!(f.kind, Some(DonorKind::Business));
        assert_eq!(f.category, None);
        assert_eq!(f.commune, None);
        assert_eq!(f.page, 1);
    }
}
