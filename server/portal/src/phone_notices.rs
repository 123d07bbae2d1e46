//! What a notice says on a phone. Zalo sends only templates the Official Account registered and Zalo
//! approved, filled with named parameters each within its type's length; brand-name SMS is plain
//! text without diacritics, here kept within two segments (306 characters of the GSM alphabet).
//! Both are read from the same `NoticeContext` as the email. The phone a pledge names is not proven
//! to be the donor's, so nothing free-form a donor typed travels to it: the name as letters only
//! (`plain_name`), the gift as its value; titles and places are the programme's own words.

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

use include_dir::{Dir, include_dir};
use minijinja::{AutoEscape, Environment};

use domain::NoticeKind;
use domain::i18n::Lang;
use domain::text::{one_line, plain_name, shortened, sms_text};

use crate::notices::NoticeContext;

static SMS_DIR: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../content/notices/sms");

/// Two concatenated segments of 153 GSM characters.
pub const SMS_MAX: usize = 306;

/// One parameter of a Zalo template: its name, the most characters Zalo takes for it (by the
/// parameter type it is registered with), and what it holds, for whoever registers the template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ZnsParameter {
    pub name: &'static str,
    pub max: usize,
    pub holds: &'static str,
}

const fn p(name: &'static str, max: usize, holds: &'static str) -> ZnsParameter {
    ZnsParameter { name, max, holds }
}

const NAME: ZnsParameter = p("name", 30, "the donor's name (customer name type)");
const REFERENCE: ZnsParameter = p("reference", 30, "the pledge reference, e.g. TN26-7F3K2Q (code type)");
const CAMPAIGN: ZnsParameter = p("campaign", 100, "the campaign, or the need, the gift is for");
const PLEDGE_LINK: ZnsParameter = p("link", 200, "the pledge's page, for the template's button");

const ACKNOWLEDGEMENT: &[ZnsParameter] = &[
    NAME,
    REFERENCE,
    p("gift", 100, "what was pledged: an amount, or goods with their quantity"),
    p("amount", 20, "what it is worth, e.g. 750.000 ₫"),
    CAMPAIGN,
    PLEDGE_LINK,
];
const RECEIPT: &[ZnsParameter] = &[
    NAME,
    REFERENCE,
    p("received", 20, "this payment"),
    p("received_total", 20, "all received for the pledge so far"),
    CAMPAIGN,
    PLEDGE_LINK,
];
const REMINDER: &[ZnsParameter] =
    &[NAME, REFERENCE, p("amount", 20, "what the pledge is worth"), CAMPAIGN, PLEDGE_LINK];
const DELIVERY_REPORT: &[ZnsParameter] = &[
    NAME,
    REFERENCE,
    CAMPAIGN,
    p("commune", 100, "where it was handed over"),
    p("children", 20, "the children it reached, e.g. 140 em"),
    PLEDGE_LINK,
];
const RECOGNITION: &[ZnsParameter] =
    &[NAME, p("level", 100, "the recognition"), p("year", 20, "its year"), p("link", 200, "the printable letter")];
const WELCOME: &[ZnsParameter] = &[NAME, p("link", 200, "the member's page in the directory")];

/// The parameters each kind's template is registered with (README "Zalo templates").
pub fn zns_parameters(kind: NoticeKind) -> &'static [ZnsParameter] {
    match kind {
        NoticeKind::Acknowledgement => ACKNOWLEDGEMENT,
        NoticeKind::Receipt => RECEIPT,
        NoticeKind::Reminder => REMINDER,
        NoticeKind::DeliveryReport => DELIVERY_REPORT,
        NoticeKind::Recognition => RECOGNITION,
        NoticeKind::Welcome => WELCOME,
        NoticeKind::SignInLink | NoticeKind::Digest => &[],
    }
}

/// The values of a kind's parameters, each one line within its length; none is empty (Zalo
/// refuses an empty parameter), a missing value is "—".
pub fn zns_data(kind: NoticeKind, context: &NoticeContext) -> BTreeMap<String, String> {
    zns_parameters(kind)
        .iter()
        .map(|parameter| {
            let value = match parameter.name {
                "name" => plain_name(&context.donor_name),
                "reference" => context.reference.clone(),
                // The value, as the portal writes it: never goods described in the donor's words.
                "gift" => context.value.clone(),
                "amount" => context.value.clone(),
                "campaign" => target(context),
                "received" => context.received_now.clone(),
                "received_total" => context.received_total.clone(),
                "commune" => context.commune.clone().unwrap_or_default(),
                "children" => context.children_counted.clone(),
                "level" => context.recognition_level.clone(),
                "year" => context.recognition_year.to_string(),
                "link" => link(kind, context),
                _ => String::new(),
            };
            let value = shortened(&one_line(&value), parameter.max);
            (parameter.name.to_owned(), if value.is_empty() { "—".to_owned() } else { value })
        })
        .collect()
}

fn target(context: &NoticeContext) -> String {
    context.campaign_title.clone().or_else(|| context.need_title.clone()).unwrap_or_default()
}

fn link(kind: NoticeKind, context: &NoticeContext) -> String {
    match kind {
        NoticeKind::Recognition => context.letter_url.clone(),
        NoticeKind::Welcome => context.profile_url.clone(),
        _ => context.pledge_url.clone(),
    }
}

/// The SMS of a notice: `content/notices/sms/{kind}.{lang}.txt` with values shortened so the whole
/// stays within two segments, then without diacritics. `None` for a kind that goes by email only.
pub fn sms(kind: NoticeKind, lang: Lang, context: &NoticeContext) -> Option<String> {
    let template = SMS_TEMPLATES.get(&(kind, lang))?;
    let short = |text: &str, max: usize| shortened(&sms_text(text), max);
    let values = minijinja::context! {
        name => short(&plain_name(&context.donor_name), 30),
        reference => context.reference.clone(),
        gift => sms_text(&context.value),
        target => short(&target(context), 40),
        is_money => context.is_money,
        bank => short(&context.bank, 15),
        account => short(&context.account, 19),
        received => sms_text(&context.received_now),
        received_total => sms_text(&context.received_total),
        due => context.instalment_due.clone(),
        commune => short(context.commune.as_deref().unwrap_or(""), 30),
        children => sms_text(&context.children_counted),
        level => short(&context.recognition_level, 40),
        year => context.recognition_year,
        link => link(kind, context),
    };
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::None);
    let text = env.render_str(template, values).ok()?;
    Some(shortened(&sms_text(&text), SMS_MAX))
}

static SMS_TEMPLATES: LazyLock<HashMap<(NoticeKind, Lang), String>> = LazyLock::new(|| {
    let mut templates = HashMap::new();
    for kind in NoticeKind::ALL {
        for lang in [Lang::Vi, Lang::En] {
            let name = format!("{}.{}.txt", kind.as_str(), lang.code());
            if let Some(text) = SMS_DIR.get_file(&name).and_then(|f| f.contents_utf8()) {
                templates.insert((kind, lang), text.trim().to_owned());
            }
        }
    }
    templates
});

#[cfg(test)]
mod tests {
    use super::*;

    /// Every value as long as a donor could make it.
    fn long_context() -> NoticeContext {
        NoticeContext {
            portal_name: "Cổng Hỗ trợ Trẻ em".into(),
            org_name: "Sở Y tế tỉnh Thái Nguyên".into(),
            donor_name: "Công ty Trách nhiệm hữu hạn Thương mại và Dịch vụ Xây dựng Minh Phát Thái Nguyên".into(),
            reference: "TN26-7F3K2Q".into(),
            pledge_url: "https://ungho.thainguyen.gov.vn/pledge/TN26-7F3K2Q".into(),
            letter_url: "https://ungho.thainguyen.gov.vn/honour-roll/12345/letter".into(),
            profile_url: "https://ungho.thainguyen.gov.vn/network/cong-ty-minh-phat-thai-nguyen".into(),
            what: "Áo ấm trẻ em cỡ 6–10 tuổi × 1.200 chiếc (96.000.000 ₫)".into(),
            value: "96.000.000 ₫".into(),
            campaign_title: Some("Áo ấm cho em vùng cao — Đông 2026 tại các xã đặc biệt khó khăn".into()),
            commune: Some("xã Thần Sa, huyện Võ Nhai (cũ), tỉnh Thái Nguyên".into()),
            is_money: true,
            amount: "1.500.000.000 ₫".into(),
            bank: "Vietcombank".into(),
            account: "0011001234567890123".into(),
            received_now: "1.500.000.000 ₫".into(),
            received_total: "1.500.000.000 ₫".into(),
            children_counted: "1.200 em".into(),
            recognition_level: "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh".into(),
            recognition_year: 2026,
            instalment_due: "05/01/2027".into(),
            ..NoticeContext::default()
        }
    }

    #[test]
    fn every_sms_fits_two_segments_without_diacritics_and_keeps_its_link() {
        let context = long_context();
        for kind in NoticeKind::ALL {
            for lang in [Lang::Vi, Lang::En] {
                let Some(text) = sms(kind, lang, &context) else {
                    assert!(kind.email_only(), "{kind:?} {lang:?} has no SMS");
                    continue;
                };
                assert!(text.chars().count() <= SMS_MAX, "{kind:?} {lang:?}: {} chars: {text}", text.len());
                assert!(text.is_ascii(), "{kind:?} {lang:?}: {text}");
                assert!(text.contains("https://ungho.thainguyen.gov.vn/"), "{kind:?} {lang:?}: {text}");
                assert!(!text.ends_with("..."), "the link is never cut: {text}");
            }
        }
        let ack = sms(NoticeKind::Acknowledgement, Lang::Vi, &context).unwrap();
        assert!(ack.starts_with("Cam on Cong ty") && ack.contains("Ma: TN26-7F3K2Q"), "{ack}");
        let hostile = NoticeContext { donor_name: "Trung thuong! Goi 1900 1234, vao evil.vn".into(), ..long_context() };
        let ack = sms(NoticeKind::Acknowledgement, Lang::Vi, &hostile).unwrap();
        assert!(!ack.contains("1900") && !ack.contains("evil"), "no number or address from the name: {ack}");
        assert!(ack.contains("STK 0011001234567890123, noi dung TN26-7F3K2Q"), "{ack}");
    }

    #[test]
    fn zalo_parameters_are_within_their_lengths_and_never_empty() {
        let context = NoticeContext { commune: None, ..long_context() };
        for kind in NoticeKind::ALL {
            let data = zns_data(kind, &context);
            for parameter in zns_parameters(kind) {
                let value = &data[parameter.name];
                assert!(!value.is_empty() && value.chars().count() <= parameter.max, "{kind:?} {parameter:?}: {value}");
            }
        }
        let ack = zns_data(NoticeKind::Acknowledgement, &context);
        assert_eq!(ack["reference"], "TN26-7F3K2Q");
        assert_eq!(ack["amount"], "96.000.000 ₫");
        assert!(ack["name"].starts_with("Công ty Trách nhiệm"), "diacritics kept on Zalo: {}", ack["name"]);
        assert_eq!(zns_data(NoticeKind::DeliveryReport, &context)["commune"], "—");
    }
}
