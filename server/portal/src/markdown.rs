//! Markdown to HTML. pulldown-cmark passes raw HTML through, so anything a person typed is
//! sanitised with ammonia; the product's own content/ files are trusted.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};

fn to_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, Parser::new_ext(markdown, options));
    out
}

/// For the product's own pages.
pub fn render_trusted(markdown: &str) -> String {
    to_html(markdown)
}

/// A notice's HTML part: its own words are trusted and every value was made literal before this, but
/// what reaches a donor's mailbox is sanitised all the same — text, paragraphs, lists, emphasis,
/// headings and web links only (no pictures, no scripts, no other schemes).
/// A line break in a notice's words is a line break in the mail (a sign-off is three lines, not one).
pub fn render_notice(markdown: &str) -> String {
    use std::collections::HashSet;
    let tags: HashSet<&str> =
        ["p", "br", "ul", "ol", "li", "strong", "em", "h1", "h2", "h3", "h4", "a", "blockquote", "code", "hr"].into();
    let events = Parser::new(markdown).map(|event| if event == Event::SoftBreak { Event::HardBreak } else { event });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    ammonia::Builder::empty()
        .tags(tags)
        .add_tag_attributes("a", ["href"])
        .url_schemes(["http", "https", "mailto"].into())
        .link_rel(Some("noopener noreferrer"))
        .clean(&out)
        .to_string()
}

/// A notice's plain-text part, read from the same markdown as its HTML: emphasis without its
/// asterisks, headings as capitals on their own line, list items as "- ", a link as its address,
/// backslash escapes resolved, line breaks kept.
pub fn notice_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut heading_start = None;
    let mut link: Option<(String, usize)> = None;
    let end_block = |out: &mut String| {
        if !out.ends_with("\n\n") {
            out.push_str(if out.ends_with('\n') { "\n" } else { "\n\n" });
        }
    };
    for event in Parser::new(markdown) {
        match event {
            Event::Text(text) | Event::Code(text) => out.push_str(&text),
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            Event::Start(Tag::Heading { .. }) => heading_start = Some(out.len()),
            Event::End(TagEnd::Heading(_)) => {
                if let Some(start) = heading_start.take() {
                    let capitals = out[start..].to_uppercase();
                    out.replace_range(start.., &capitals);
                }
                end_block(&mut out);
            }
            Event::Start(Tag::Item) => out.push_str("- "),
            Event::End(TagEnd::Item) if !out.ends_with('\n') => out.push('\n'),
            Event::End(TagEnd::List(_) | TagEnd::Paragraph) => end_block(&mut out),
            Event::Start(Tag::Link { dest_url, .. }) => link = Some((dest_url.into_string(), out.len())),
            Event::End(TagEnd::Link) => {
                // An autolink already reads as its address; a worded link gets it in brackets.
                if let Some((url, start)) = link.take()
                    && out[start..] != url
                    && Some(&out[start..]) != url.strip_prefix("mailto:")
                {
                    out.push_str(&format!(" ({url})"));
                }
            }
            Event::Rule => out.push_str("----\n\n"),
            _ => {}
        }
    }
    let mut text = out.trim_end().to_owned();
    text.push('\n');
    text
}

/// For text typed by staff or the public: scripts, event handlers and `javascript:` links removed.
pub fn render_untrusted(markdown: &str) -> String {
    ammonia::Builder::default().link_rel(Some("noopener noreferrer nofollow")).clean(&to_html(markdown)).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_reads_as_text_without_markup() {
        let markdown = "Kính gửi Lan,\n\n## Cách chuyển khoản\n\n- Mã: **TN26\\-7F3K2Q**\n- Số tiền: 500\\.000 ₫\n\n\
                        Xem: <https://portal.example/pledge/TN26-7F3K2Q>\n\nTrân trọng,\nSở Y tế\n";
        let text = notice_text(markdown);
        assert_eq!(
            text,
            "Kính gửi Lan,\n\nCÁCH CHUYỂN KHOẢN\n\n- Mã: TN26-7F3K2Q\n- Số tiền: 500.000 ₫\n\n\
             Xem: https://portal.example/pledge/TN26-7F3K2Q\n\nTrân trọng,\nSở Y tế\n"
        );
        let html = render_notice(markdown);
        assert!(html.contains("Trân trọng,<br>\nSở Y tế"), "{html}");
        assert!(html.contains("<a href=\"https://portal.example/pledge/TN26-7F3K2Q\""), "{html}");
    }

    #[test]
    fn typed_markdown_loses_scripts_and_javascript_links() {
        let html =
            render_untrusted("Hello <script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(html.contains("Hello"));
    }
}
