//! The document's `<title>`. leptos_meta writes a title into the head without escaping it, and a
//! title carries text people typed (a need's title, a member's name, a campaign's title): so the
//! text is escaped here, once, for every page (clippy.toml forbids `leptos_meta::Title` elsewhere).

use leptos::prelude::*;

/// `&`, `<` and `>` as character references: inside `<title>` nothing else can end or change it.
pub fn escape_title(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// The page's title, safe whatever text it carries. Pages are rendered on the server only (islands
/// are the interactive parts), so the escaped text is what the browser reads and shows.
#[component]
pub fn PageTitle(#[prop(into)] text: String) -> impl IntoView {
    #[allow(clippy::disallowed_types, clippy::disallowed_methods)]
    let title = view! { <leptos_meta::Title text=escape_title(&text)/> };
    title
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_a_title_stays_text() {
        assert_eq!(
            escape_title("Áo ấm </title><script>alert(1)</script> & quà"),
            "Áo ấm &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; quà"
        );
    }
}
