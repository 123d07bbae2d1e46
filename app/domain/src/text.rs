//! Searching and sorting Vietnamese text.

use unicode_normalization::UnicodeNormalization;

/// The searchable form of a text: lower case, without diacritics, `đ` as `d`, spaces collapsed.
/// "Huyện Võ Nhai" and "huyen vo nhai" fold to the same string, as do bank memos typed without marks.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_space = true;
    for ch in text.nfd() {
        let ch = match ch {
            'đ' | 'Đ' => 'd',
            c if unicode_normalization::char::is_combining_mark(c) => continue,
            c => c,
        };
        if ch.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.extend(ch.to_lowercase());
            last_space = false;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

pub fn lowercase_trimmed(text: &str) -> String {
    text.trim().to_lowercase()
}

/// A plausible address: one `@`, something on each side, a dot in the domain, no spaces.
pub fn is_plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else { return false };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.contains(char::is_whitespace)
        && !domain.contains('@')
        && email.len() <= 254
}

/// Control characters (CR, LF…) turned into spaces: a subject or a name is one line, always.
pub fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_drops_diacritics_and_maps_d_bar() {
        assert_eq!(fold("Huyện Võ Nhai"), "huyen vo nhai");
        assert_eq!(fold("ĐỊNH HÓA"), "dinh hoa");
        assert_eq!(fold("  Nguyễn   Thị  Đào "), "nguyen thi dao");
        assert_eq!(fold("Thuỷ"), fold("Thủy"));
    }
}
