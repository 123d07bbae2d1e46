//! The words of the notices: `content/notices/{kind}.{vi,en}.md`, each a subject line, a `---` line
//! and a markdown body with `{{ variables }}` (minijinja). A notice is rendered twice: as plain text,
//! and as HTML — there every value enters the markdown as literal text (each ASCII punctuation mark
//! backslash-escaped, line breaks made spaces), so a name written as a markdown link or picture stays
//! words; and the HTML is sanitised afterwards as a second line of defence.

use std::collections::HashMap;
use std::sync::LazyLock;

use include_dir::{Dir, include_dir};
use minijinja::{AutoEscape, Environment};
use serde::Serialize;

use domain::NoticeKind;
use domain::i18n::Lang;
use domain::text::one_line;

static NOTICES_DIR: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../content/notices");

/// (subject template, body template) by kind and language.
static TEMPLATES: LazyLock<HashMap<(NoticeKind, Lang), (String, String)>> = LazyLock::new(|| {
    let mut templates = HashMap::new();
    for kind in NoticeKind::ALL {
        for lang in [Lang::Vi, Lang::En] {
            let name = format!("{}.{}.md", kind.as_str(), lang.code());
            let text = NOTICES_DIR.get_file(&name).and_then(|f| f.contents_utf8()).unwrap_or_default();
            let (subject, body) = text.split_once("\n---\n").unwrap_or((text, ""));
            templates.insert((kind, lang), (subject.trim().to_owned(), body.to_owned()));
        }
    }
    templates
});

/// What a notice's templates may use. Values are plain text; the HTML rendering escapes them.
#[derive(Clone, Debug, Default, Serialize)]
pub struct NoticeContext {
    pub portal_name: String,
    pub org_name: String,
    pub donor_name: String,
    pub reference: String,
    pub pledge_url: String,
    /// "500.000 ₫", "Áo ấm × 50 chiếc (12.500.000 ₫)"…
    pub what: String,
    /// What the pledge is worth ("12.500.000 ₫"): the amount, or the estimated value of goods.
    pub value: String,
    pub campaign_title: Option<String>,
    pub need_title: Option<String>,
    pub commune: Option<String>,
    pub is_money: bool,
    pub amount: String,
    pub bank: String,
    pub account: String,
    pub account_name: String,
    pub transfer_message: String,
    /// A VietQR picture travels with the message (inline, `cid:vietqr`).
    pub has_qr: bool,
    pub reminder_number: i64,
    /// For a pledge paid in instalments: the instalment a reminder is about, and its due date.
    pub instalment_number: Option<i64>,
    pub instalment_due: String,
    /// A receipt: this payment, and all that has arrived for the pledge up to it.
    pub received_now: String,
    pub received_total: String,
    pub children: i64,
    /// The children with their noun, in the notice's language: "1 child", "140 children".
    pub children_counted: String,
    pub recognition_level: String,
    pub decision: Option<String>,
    pub recognition_year: i64,
    /// The printable letter of a recognition.
    pub letter_url: String,
    /// A welcomed member's directory profile.
    pub profile_url: String,
    /// A donor's one-time sign-in link and how long it works.
    pub sign_in_url: String,
    pub link_minutes: i64,
    pub me_url: String,
    /// A digest: since when, the needs and campaigns it lists, how many more needs, the donor's
    /// hand-overs since, and its unsubscribe link.
    pub digest_since: String,
    pub digest_needs: Vec<DigestLine>,
    pub digest_more: usize,
    pub needs_url: String,
    pub digest_campaigns: Vec<DigestLine>,
    pub digest_count: usize,
    pub digest_deliveries: i64,
    pub unsubscribe_url: String,
}

/// One need or campaign a digest lists.
#[derive(Clone, Debug, Default, Serialize)]
pub struct DigestLine {
    pub title: String,
    /// "Chăm sóc sức khỏe · xã Thần Sa · 140 trẻ em".
    pub detail: String,
    pub url: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderedNotice {
    pub subject: String,
    pub text: String,
    pub html: String,
}

#[derive(Debug, thiserror::Error)]
#[error("notice template {kind}.{lang}: {message}")]
pub struct TemplateError {
    kind: &'static str,
    lang: &'static str,
    message: String,
}

/// Where a notice's words put the VietQR picture: a line of its own in the template. A value cannot
/// write it: its punctuation reaches the markdown escaped.
const QR_MARK: &str = "%vietqr%";

pub fn render(kind: NoticeKind, lang: Lang, context: &NoticeContext) -> Result<RenderedNotice, TemplateError> {
    let fail = |e: minijinja::Error| TemplateError { kind: kind.as_str(), lang: lang.code(), message: e.to_string() };
    let (subject, body) = TEMPLATES.get(&(kind, lang)).cloned().unwrap_or_default();
    let mut plain = Environment::new();
    plain.set_auto_escape_callback(|_| AutoEscape::None);
    let subject = one_line(&plain.render_str(&subject, context).map_err(fail)?);
    // The body is rendered once, as markdown in which every value is literal text, and both parts
    // are read from it.
    let mut literal = Environment::new();
    literal.set_keep_trailing_newline(true);
    literal.set_formatter(|out, _state, value| {
        if value.is_safe() {
            out.write_str(&value.to_string())?;
        } else if !value.is_undefined() && !value.is_none() {
            out.write_str(&markdown_literal(&value.to_string()))?;
        }
        Ok(())
    });
    literal.add_filter("link", link);
    let markdown = literal.render_str(&body, context).map_err(fail)?;
    let is_mark = |line: &str| line.trim() == QR_MARK;
    let text =
        crate::markdown::notice_text(&markdown.lines().filter(|line| !is_mark(line)).collect::<Vec<_>>().join("\n"));
    let qr =
        if context.has_qr { "<p><img src=\"cid:vietqr\" alt=\"VietQR\" width=\"240\" height=\"240\"></p>" } else { "" };
    let mut html_body = String::new();
    let mut part = String::new();
    for line in markdown.lines() {
        if is_mark(line) {
            html_body.push_str(&crate::markdown::render_notice(&part));
            html_body.push_str(qr);
            part.clear();
        } else {
            part.push_str(line);
            part.push('\n');
        }
    }
    html_body.push_str(&crate::markdown::render_notice(&part));
    let html = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head>\
         <body style=\"font-family: sans-serif; line-height: 1.5; max-width: 640px\">{html_body}</body></html>",
        lang.code(),
        escape(&subject)
    );
    Ok(RenderedNotice { subject, text, html })
}

/// `{{ pledge_url|link }}`: one of the portal's own web addresses, a link in the HTML part and the
/// address itself in the text part. Anything else stays literal text.
fn link(url: String) -> minijinja::Value {
    let is_web = url.starts_with("https://") || url.starts_with("http://");
    if is_web && !url.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '\\')) {
        minijinja::Value::from_safe_string(format!("<{url}>"))
    } else {
        minijinja::Value::from(url)
    }
}

/// A value as markdown that reads as exactly its text: every ASCII punctuation mark escaped with a
/// backslash (CommonMark then takes it literally, and the renderer escapes it for HTML), and control
/// characters — a line break could start a heading or a list — made spaces.
fn markdown_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
            out.push(c);
        } else if c.is_control() {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

impl crate::Portal {
    /// What a digest's words use, in the donor's language.
    fn digest_context(
        &self,
        context: &mut NoticeContext,
        content: &crate::digest::DigestContent,
        lang: Lang,
        token: &str,
    ) {
        let site = &self.site.public_url;
        context.digest_since = domain::format::date(content.since.to_offset(domain::format::VIETNAM).date());
        context.digest_needs = content
            .needs
            .iter()
            .map(|n| {
                let mut detail = Vec::new();
                if let Some(category) = domain::Category::parse(&n.category) {
                    detail.push(lang.category(category).to_owned());
                }
                if let Some(commune) = self.areas.commune(&n.commune_code) {
                    detail.push(lang.place_in_sentence(&commune.name));
                }
                detail.push(lang.children(n.children));
                DigestLine {
                    title: one_line(&n.title),
                    detail: detail.join(" · "),
                    url: format!("{site}/needs/{}", n.id),
                }
            })
            .collect();
        context.digest_more = content.more_needs;
        context.needs_url = format!("{site}/needs");
        context.digest_campaigns = content
            .campaigns
            .iter()
            .map(|c| DigestLine {
                title: one_line(&c.title),
                detail: String::new(),
                url: format!("{site}/campaigns/{}", c.slug),
            })
            .collect();
        context.digest_count = content.needs.len() + content.more_needs + content.campaigns.len();
        context.digest_deliveries = content.deliveries;
        context.children = content.children;
        context.children_counted = lang.children(content.children);
        context.unsubscribe_url = format!("{site}/digest/unsubscribe/{token}");
    }

    /// Everything a notice about a pledge says, read afresh when it is sent. Answers the context
    /// and, for money, the VietQR payload to attach as a picture.
    pub async fn notice_context(
        &self,
        claimed: &crate::store::ClaimedNotice,
    ) -> Result<(NoticeContext, Option<String>), crate::store::StoreError> {
        let t = Lang::parse(&claimed.notice.language).unwrap_or(Lang::Vi).t();
        let mut context = NoticeContext {
            portal_name: t.portal_name.to_owned(),
            org_name: self.site.org_name.clone(),
            donor_name: one_line(&claimed.donor_name),
            reminder_number: claimed.notice.sequence,
            ..NoticeContext::default()
        };
        let lang = Lang::parse(&claimed.notice.language).unwrap_or(Lang::Vi);
        let site = &self.site.public_url;
        context.me_url = format!("{site}/me");
        match claimed.notice.kind {
            NoticeKind::SignInLink => {
                // A link whose token was purged (sent already, or the donor erased) cannot be sent again.
                let token = claimed.secret.as_deref().ok_or(crate::store::StoreError::NotFound)?;
                context.sign_in_url = format!("{site}/me/sign-in/{token}");
                context.link_minutes = crate::donor_access::SIGN_IN_LINK_MINUTES;
            }
            NoticeKind::Digest => {
                // Asked again as it leaves: a "no" said while it was being sent wins.
                if !self.store.digest_wanted(claimed.notice.donor_id).await? {
                    return Err(crate::store::StoreError::NotFound);
                }
                // A digest's unsubscribe token is held only until it is sent.
                let token = claimed.secret.as_deref().ok_or(crate::store::StoreError::NotFound)?;
                let content: crate::digest::DigestContent = claimed
                    .content
                    .as_deref()
                    .and_then(|c| serde_json::from_str(c).ok())
                    .ok_or(crate::store::StoreError::NotFound)?;
                self.digest_context(&mut context, &content, lang, token);
            }
            NoticeKind::Welcome => {
                context.profile_url =
                    claimed.donor_slug.as_ref().map(|slug| format!("{site}/network/{slug}")).unwrap_or_default();
            }
            NoticeKind::Recognition => {
                if let Some(id) = claimed.recognition_id
                    && let Some(r) = self.store.recognition(id).await?
                {
                    context.recognition_level = r.level.name(lang).to_owned();
                    context.recognition_year = r.year;
                    context.decision = match (r.decision_number, r.decision_date) {
                        (Some(n), Some(d)) => Some(format!("{n}, {}", domain::format::date(d))),
                        (Some(n), None) => Some(n),
                        (None, _) => None,
                    };
                    context.letter_url = format!("{site}/honour-roll/{id}/letter");
                }
            }
            _ => {}
        }
        let Some(reference) = &claimed.notice.pledge_reference else { return Ok((context, None)) };
        let pledge = self.store.pledge(reference).await?.ok_or(crate::store::StoreError::NotFound)?;
        context.reference = pledge.reference.clone();
        context.pledge_url = format!("{}/pledge/{}", self.site.public_url, pledge.reference);
        context.what = domain::format::pledge_what(
            pledge.kind,
            pledge.amount,
            (pledge.item.as_deref(), pledge.quantity, pledge.unit.as_deref()),
            pledge.description.as_deref(),
            pledge.estimated_value,
        );
        context.value = domain::format::vnd(pledge.value);
        if let Some(id) = pledge.campaign_id {
            context.campaign_title = self.campaign_terms_by_id(id).await?.map(|c| c.title.clone());
        }
        if let Some(id) = pledge.need_id
            && let Some(need) = self.store.need(id).await?
        {
            context.commune = self.areas.commune(&need.commune_code).map(|c| lang.place_in_sentence(&c.name));
            context.children = need.children;
            context.need_title = Some(need.title);
        }
        // A delivery report counts the children the hand-over reached, not the whole need.
        if let Some(delivery) = self.store.delivery(&pledge.reference).await? {
            context.children = delivery.children;
        }
        context.children_counted = lang.children(context.children);
        if claimed.notice.kind == NoticeKind::Reminder {
            let plan = self.store.payment_plan(&pledge.reference).await?;
            if let Some(instalment) = plan.instalments.iter().find(|i| i.number == claimed.notice.sequence) {
                context.instalment_number = Some(instalment.number);
                context.instalment_due = domain::format::date(instalment.due_on);
            }
        }
        if claimed.notice.kind == NoticeKind::Receipt {
            // The n-th receipt is for the n-th payment; receipts from before payments were counted
            // (sequence 0) are for everything received.
            let payments: Vec<i64> = self
                .store
                .pledge_ledger(&pledge.reference)
                .await?
                .into_iter()
                .filter(|entry| entry.entry == "confirmation")
                .map(|entry| entry.amount)
                .collect();
            let upto = usize::try_from(claimed.notice.sequence).ok().filter(|n| *n > 0).unwrap_or(payments.len());
            let upto = upto.min(payments.len());
            context.received_now = domain::format::vnd(payments.get(upto.saturating_sub(1)).copied().unwrap_or(0));
            context.received_total = domain::format::vnd(payments[..upto].iter().sum());
        }
        // Only the notices that ask for payment carry the payment details and the code.
        let asks_to_pay = matches!(claimed.notice.kind, NoticeKind::Acknowledgement | NoticeKind::Reminder);
        let payment = if asks_to_pay { self.payment(&pledge).await? } else { None };
        if let Some(payment) = &payment {
            context.is_money = true;
            context.amount = domain::format::vnd(payment.amount);
            context.bank = payment.account.bank_name.clone();
            context.account = payment.account.number.clone();
            context.account_name = payment.account.name.clone();
            context.transfer_message = payment.message.clone();
            context.has_qr = true;
        }
        Ok((context, payment.map(|p| p.vietqr)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> NoticeContext {
        NoticeContext {
            portal_name: "Cổng Hỗ trợ Trẻ em".into(),
            org_name: "Sở Y tế tỉnh Thái Nguyên".into(),
            donor_name: "Công ty <b>Minh Phát</b>\r\nBcc: x@y.vn".into(),
            reference: "TN26-7F3K2Q".into(),
            pledge_url: "https://portal.example/pledge/TN26-7F3K2Q".into(),
            what: "5.000.000 ₫".into(),
            campaign_title: Some("Áo ấm cho em".into()),
            is_money: true,
            amount: "5.000.000 ₫".into(),
            bank: "Vietcombank".into(),
            account: "0011001234567".into(),
            account_name: "QUY BAO TRO TRE EM".into(),
            transfer_message: "TN26-7F3K2Q".into(),
            has_qr: true,
            ..NoticeContext::default()
        }
    }

    #[test]
    fn every_kind_has_both_languages() {
        for kind in NoticeKind::ALL {
            for lang in [Lang::Vi, Lang::En] {
                let (subject, body) = TEMPLATES.get(&(kind, lang)).unwrap();
                assert!(!subject.is_empty() && body.contains("{{"), "{kind:?} {lang:?}");
                render(kind, lang, &context()).unwrap();
            }
        }
    }

    #[test]
    fn an_acknowledgement_carries_the_reference_and_how_to_pay_in_both_parts() {
        let notice = render(NoticeKind::Acknowledgement, Lang::Vi, &context()).unwrap();
        assert!(notice.subject.contains("TN26-7F3K2Q"));
        assert!(!notice.subject.contains('\n') && !notice.subject.contains('\r'), "one line: {:?}", notice.subject);
        assert!(notice.text.contains("Số tài khoản: 0011001234567"));
        assert!(notice.html.contains("<strong>TN26-7F3K2Q</strong>"));
        assert!(notice.html.contains("cid:vietqr"));
        assert!(!notice.html.contains("<b>Minh Phát</b>"), "a typed name never becomes markup");
        assert!(notice.html.contains("&lt;b&gt;Minh Phát"));
    }

    #[test]
    fn a_donor_reads_the_mail_as_a_letter_in_either_part() {
        for lang in [Lang::Vi, Lang::En] {
            let notice = render(NoticeKind::Acknowledgement, lang, &context()).unwrap();
            for markup in ["**", "##", "\\", "%vietqr%", "<https"] {
                assert!(!notice.text.contains(markup), "{markup} in the text part: {}", notice.text);
            }
            assert!(notice.text.contains("TN26-7F3K2Q"), "{}", notice.text);
            assert!(
                notice.text.contains("\nhttps://portal.example/pledge/TN26-7F3K2Q")
                    || notice.text.contains(": https://portal.example/pledge/TN26-7F3K2Q")
            );
            assert!(
                notice.text.contains(",\nSở Y tế tỉnh Thái Nguyên\nCổng Hỗ trợ Trẻ em"),
                "sign-off lines: {}",
                notice.text
            );
            assert!(notice.html.contains("<a href=\"https://portal.example/pledge/TN26-7F3K2Q\""), "{}", notice.html);
            assert!(notice.html.contains("Sở Y tế tỉnh Thái Nguyên<br>"), "sign-off lines: {}", notice.html);
            let qr = notice.html.find("cid:vietqr").unwrap();
            let sign_off = notice.html.rfind("Sở Y tế tỉnh Thái Nguyên").unwrap();
            assert!(qr < sign_off, "the code comes before the signature");
        }
    }

    #[test]
    fn a_digest_lists_its_news_as_text_and_says_what_it_holds_in_its_subject() {
        let line = |title: &str| DigestLine {
            title: title.into(),
            detail: "Chăm sóc sức khỏe · xã Thần Sa · 60 trẻ em".into(),
            url: "https://portal.example/needs/7".into(),
        };
        let news = NoticeContext {
            digest_needs: vec![line("Khám mắt [miễn phí](https://evil.example) <b>ngay</b>")],
            digest_count: 1,
            unsubscribe_url: "https://portal.example/digest/unsubscribe/ab".into(),
            ..context()
        };
        let notice = render(NoticeKind::Digest, Lang::Vi, &news).unwrap();
        assert!(notice.subject.contains("1 nhu cầu"), "{}", notice.subject);
        assert!(!notice.html.contains("href=\"https://evil.example"), "{}", notice.html);
        assert!(notice.html.contains("&lt;b&gt;ngay"), "{}", notice.html);
        assert!(notice.html.contains("href=\"https://portal.example/needs/7\""), "{}", notice.html);
        assert!(notice.text.contains("https://portal.example/digest/unsubscribe/ab"), "{}", notice.text);
        let handed_over =
            NoticeContext { digest_deliveries: 1, children_counted: "60 trẻ em".into(), digest_count: 0, ..news };
        let notice = render(NoticeKind::Digest, Lang::Vi, &handed_over).unwrap();
        assert!(notice.subject.contains("sự ủng hộ của Quý vị đã đến với trẻ em"), "{}", notice.subject);
        assert!(notice.text.contains("đến với 60 trẻ em"), "{}", notice.text);
    }

    #[test]
    fn a_name_written_as_markdown_stays_words() {
        for name in [
            "[Nhận quà tại đây](javascript:alert(1))",
            "![x](https://evil.example/pixel.png)",
            "<https://evil.example/phish>",
            "Lan\n\n# Tiêu đề giả\n\n- mục",
            "*Nguyễn* __Văn__ `A`",
        ] {
            let notice =
                render(NoticeKind::Acknowledgement, Lang::Vi, &NoticeContext { donor_name: name.into(), ..context() })
                    .unwrap();
            // The portal's own link to the pledge is the one link a notice may carry.
            let own = "<a href=\"https://portal.example/pledge/TN26-7F3K2Q\" rel=\"noopener noreferrer\">\
                       https://portal.example/pledge/TN26-7F3K2Q</a>";
            let body = notice.html.split("<body").nth(1).unwrap().replace(own, "");
            let body = body.as_str();
            for markup in ["<a ", "<img src=\"https", "href=", "<h1", "<em>", "<code>"] {
                assert!(!body.contains(markup), "{name:?} became {markup} in {body}");
            }
            assert!(
                body.contains("Nhận quà") || body.contains("Nguyễn") || body.contains("evil") || body.contains("Lan")
            );
        }
        let notice = render(
            NoticeKind::Acknowledgement,
            Lang::Vi,
            &NoticeContext { donor_name: "[Nhận quà](javascript:alert(1))".into(), ..context() },
        )
        .unwrap();
        assert!(notice.html.contains("[Nhận quà](javascript:alert(1))"), "shown as typed: {}", notice.html);
    }
}
