//! What a `<textarea>` shows. Leptos writes a textarea's children into the page as they are (the
//! element's content is raw text to the HTML parser, so it does not escape it), and typed text
//! holding `</textarea>` would close the field and turn the rest into markup. The parser does
//! decode character references there, so escaped text shows exactly as typed.

/// `text` with `&`, `<` and `>` as character references, for a textarea's children.
pub fn text_area(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_text_cannot_close_the_field() {
        let typed = "Áo ấm </textarea><script>alert(1)</script> & chăn";
        let shown = text_area(typed);
        assert!(!shown.contains('<') && !shown.contains('>'), "{shown}");
        assert_eq!(shown, "Áo ấm &lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; chăn");
    }
}
