//! Campaigns: outreach drives with a receiving account and window (Decree 93/2021/NĐ-CP).

use serde::{Deserialize, Serialize};
use time::Date;

use crate::needs::{Need, percent};
use crate::pledges::PledgeKind;
use crate::site::ReceivingAccount;

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
    /// The id of a cover uploaded with a form that came back with problems: kept, so it need not
    /// be chosen again (a browser never refills a file field).
    pub kept_cover: String,
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

/// A picture with the size it is served at, so pages reserve its space before it arrives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Picture {
    pub url: String,
    pub width: i64,
    pub height: i64,
}

/// A campaign as lists and the head of its page show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub opens_on: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub closes_on: Date,
    /// Public by law: where money for this campaign goes.
    pub receiving_account: ReceivingAccount,
    /// The transfer content that names the campaign without a pledge ("UNG HO BTDC12"): what a
    /// poster asks for, and what makes a transfer that carries it a gift to the campaign.
    pub transfer_content: String,
    /// A static VietQR payload (no amount) for the receiving account with `transfer_content`.
    pub vietqr: String,
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

    /// What its share card shows, as a short version for the card's address: crawlers keep a
    /// picture by its URL, so a link shared after the totals moved shows them moved.
    pub fn share_version(&self) -> String {
        // FNV-1a: stable across builds and platforms, unlike the standard hasher.
        let shown = format!(
            "{}|{}|{}|{}|{}|{}|{:?}",
            self.title,
            self.goal,
            self.pledged,
            self.confirmed,
            self.supporters,
            self.accepting,
            self.cover.as_ref().map(|c| &c.url)
        );
        let hash =
            shown.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
        format!("{:012x}", hash >> 16)
    }
}

/// A named supporter of a campaign (only those who chose to be named are listed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Supporter {
    pub name: String,
    pub kind: PledgeKind,
    /// Whole đồng (money, or the estimated value of goods or a service).
    pub value: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[serde(with = "time::serde::rfc3339")]
    pub at: time::OffsetDateTime,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DropOff {
    pub place: String,
    pub address: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub opens_on: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub closes_on: Date,
    pub hours: String,
}

/// A gift received for a campaign, as its closing report lists it publicly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReceivedGift {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub received_on: Date,
    /// Whole đồng (money, or the estimated value of goods and services).
    pub value: i64,
    /// The donor's name when they chose to be named; otherwise none (shown masked).
    pub donor: Option<String>,
}

/// Decree 93/2021/NĐ-CP: once a campaign's window closes, what it received, what was handed over,
/// what remains, and the list of gifts received.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClosingReport {
    pub received: i64,
    pub delivered: i64,
    pub remaining: i64,
    pub gifts: Vec<ReceivedGift>,
}

/// Everything a campaign's page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// The campaign's static VietQR code as inline SVG (for its page and its poster).
    pub vietqr_svg: String,
}

/// A campaign's short code: up to five initials of its link name and its number
/// (`bua-trua-du-chat-2026`, campaign 12 → `BTDC12`). The number makes it unique; letters then
/// digits, so one code never reads as another; a name without letters gives `CD`, so a code is never
/// a bare number a memo could carry by chance.
pub fn campaign_code(slug: &str, id: i64) -> String {
    let initials: String = slug
        .split('-')
        .filter_map(|word| word.chars().next())
        .filter(char::is_ascii_alphabetic)
        .take(5)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let initials = if initials.is_empty() { "CD".to_owned() } else { initials };
    format!("{initials}{id}")
}

/// The transfer content of a campaign's code, within the 25 characters a VietQR message allows.
pub fn walk_in_content(code: &str) -> String {
    format!("UNG HO {code}")
}

/// Whether a bank memo carries a campaign's content, however the bank printed it: any case and
/// diacritics, `UNG HO` written apart, joined or with dashes, with the bank's own words around it.
/// The code is a whole word: `UNG HO BTDC1 2TR` names BTDC1, never BTDC12.
pub fn names_campaign(memo: &str, code: &str) -> bool {
    let folded = crate::text::fold(memo);
    let words: Vec<&str> = folded.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let code = code.to_ascii_lowercase();
    words.iter().enumerate().any(|(i, word)| {
        let after_ung_ho =
            (i >= 1 && words[i - 1] == "ungho") || (i >= 2 && words[i - 2] == "ung" && words[i - 1] == "ho");
        (*word == code && after_ung_ho) || word.strip_prefix("ungho") == Some(code.as_str())
    })
}

/// One movement of a campaign's receiving account as the public sees it: when, which way, how
/// much, and who — a donor's name only if they chose to be named — never the bank memo.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementEntry {
    /// `dd/mm/yyyy HH:MM` when the bank's time is known, else `dd/mm/yyyy`.
    pub at: String,
    pub money_in: bool,
    pub amount: i64,
    /// The donor's public label ("Nhà hảo tâm" unless named), or what money out paid for.
    pub label: String,
}

/// The live statement of a campaign's account (`/campaigns/{slug}/statement`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignStatement {
    pub slug: String,
    pub title: String,
    /// "Vietcombank — 0011001234567".
    pub account: String,
    pub entries: Vec<StatementEntry>,
    pub total_in: i64,
    pub total_out: i64,
    pub page: u32,
    pub per_page: u32,
    pub count: i64,
}

#[cfg(test)]
mod walk_in_tests {
    use super::*;

    #[test]
    fn a_campaign_code_is_short_unique_and_found_in_memos_as_banks_print_them() {
        assert_eq!(campaign_code("bua-trua-du-chat-2026", 12), "BTDC12");
        assert_eq!(campaign_code("ao-am-cho-em-vung-cao-dong-2026", 3), "AACEV3");
        assert_eq!(walk_in_content("BTDC12"), "UNG HO BTDC12");
        assert!(walk_in_content(&campaign_code("ao-am-cho-em-vung-cao-dong-2026", 999_999)).len() <= 25);
        for memo in ["UNG HO BTDC12", "ung ho btdc12", "MBVCB.123.UNG-HO-BTDC12.CT tu 0011", "Ủng hộ BTDC12 FT2611"]
        {
            assert!(names_campaign(memo, "BTDC12"), "{memo}");
        }
        assert!(names_campaign("UNGHOBTDC12 chuyen tien", "BTDC12"));
        assert_eq!(campaign_code("2026-2027", 5), "CD5");
        for memo in ["UNG HO BTDC123", "UNG HO BTDC1", "BTDC12", "UNG HO TN26-7F3K2Q", "UNG HO BTDC1 2TR"] {
            assert!(!names_campaign(memo, "BTDC12"), "{memo}");
        }
    }
}
