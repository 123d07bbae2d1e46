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

/// Text as a brand-name SMS carries it: without diacritics (`đ` as `d`, case kept), and only
/// characters of the GSM 7-bit alphabet's plain part, so one segment holds 160 of them; anything
/// else becomes a space or a plain mark.
pub fn sms_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in one_line(text).nfd() {
        let ch = match ch {
            'đ' => 'd',
            'Đ' => 'D',
            '₫' => 'd',
            '–' | '—' => '-',
            '‘' | '’' => '\'',
            '“' | '”' => '"',
            c if unicode_normalization::char::is_combining_mark(c) => continue,
            c if c.is_ascii_alphanumeric() || " .,:;!?()'\"-+/%&*=#@<>".contains(c) => c,
            _ => ' ',
        };
        out.push(ch);
    }
    out.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// A name as a message to a phone carries it: letters, spaces and the marks names use (`.-'`),
/// nothing that reads as a number to call or an address to visit. The phone a pledge names is not
/// proven to be the donor's, so what a stranger typed must not turn the programme's brand name or
/// Official Account into their advertisement.
pub fn plain_name(text: &str) -> String {
    let kept: String =
        text.chars().map(|c| if c.is_alphabetic() || matches!(c, '-' | '\'' | '.') { c } else { ' ' }).collect();
    kept.split_whitespace()
        // `evil.vn`, `www.x`: a dot between letters is an address, not an initial.
        .filter(|word| !word.trim_end_matches('.').contains('.'))
        .collect::<Vec<_>>()
        .join(" ")
}

/// At most `max` characters, cut at a word and marked with "..." when cut.
pub fn shortened(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let keep: String = text.chars().take(max.saturating_sub(3)).collect();
    // A word that ends where the cut falls is kept whole.
    let whole_word = text[keep.len()..].starts_with(' ');
    let cut = match keep.rfind(' ') {
        Some(at) if !whole_word && at > keep.len() / 2 => &keep[..at],
        _ => keep.as_str(),
    };
    format!("{}...", cut.trim_end())
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

    #[test]
    fn sms_text_drops_marks_and_keeps_to_the_plain_alphabet() {
        assert_eq!(sms_text("Đề án hỗ trợ trẻ em — 500.000 ₫"), "De an ho tro tre em - 500.000 d");
        assert_eq!(sms_text("Nguyễn Thị\r\nBcc: x 😀 ¥"), "Nguyen Thi Bcc: x");
        assert!(sms_text("Ánh Dương").is_ascii());
    }

    #[test]
    fn a_name_sent_to_a_phone_carries_no_number_or_address() {
        assert_eq!(plain_name("Nguyễn Thị Ánh-Dương"), "Nguyễn Thị Ánh-Dương");
        assert_eq!(
            plain_name("Trúng thưởng, gọi 1900 1234 tại evil.vn/x hoặc https://a.b"),
            "Trúng thưởng gọi tại x hoặc https"
        );
        assert_eq!(plain_name("Lê V. An\u{202e}\u{200b}"), "Lê V. An");
    }

    #[test]
    fn shortened_text_is_cut_at_a_word() {
        assert_eq!(shortened("Ao am cho em vung cao", 100), "Ao am cho em vung cao");
        assert_eq!(shortened("Ao am cho em vung cao", 15), "Ao am cho em...");
        assert!(shortened(&"x".repeat(50), 20).chars().count() <= 20);
    }
}
