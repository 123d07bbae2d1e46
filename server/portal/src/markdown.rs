//! Markdown to HTML. pulldown-cmark passes raw HTML through, so anything a person typed is
//! sanitised with ammonia; the product's own content/ files are trusted.

use pulldown_cmark::{Options, Parser, html};

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
pub fn render_notice(markdown: &str) -> String {
    use std::collections::HashSet;
    let tags: HashSet<&str> =
        ["p", "br", "ul", "ol", "li", "strong", "em", "h1", "h2", "h3", "h4", "a", "blockquote", "code", "hr"].into();
    ammonia::Builder::empty()
        .tags(tags)
        .add_tag_attributes("a", ["href"])
        .url_schemes(["http", "https", "mailto"].into())
        .link_rel(Some("noopener noreferrer"))
        .clean(&to_html(markdown))
        .to_string()
}

/// For text typed by staff or the public: scripts, event handlers and `javascript:` links removed.
pub fn render_untrusted(markdown: &str) -> String {
    ammonia::Builder::default().link_rel(Some("noopener noreferrer nofollow")).clean(&to_html(markdown)).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

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
