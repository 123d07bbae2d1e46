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
