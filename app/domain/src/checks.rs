//! Checks of what people type that several parts of the portal share: link names, phone numbers,
//! tax codes and dates.

use time::Date;
use time::macros::format_description;

/// The hex digits of a link's token taken from a path, at most 64: all of it that may go back into
/// a `Location` header or a form's action.
pub fn link_token(text: &str) -> String {
    text.chars().filter(char::is_ascii_hexdigit).take(64).collect()
}

/// `ao-am-cho-em-2026`: lower-case ASCII letters, digits and single dashes inside.
pub fn is_slug(text: &str) -> bool {
    (3..=80).contains(&text.len())
        && text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !text.starts_with('-')
        && !text.ends_with('-')
        && !text.contains("--")
}

/// A slug proposed from a title: "Áo ấm cho em 2026" → `ao-am-cho-em-2026`.
pub fn slug_from(title: &str) -> String {
    let folded = crate::text::fold(title);
    let mut slug = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').chars().take(80).collect::<String>().trim_end_matches('-').to_owned()
}

/// A phone number in the one form records keep: digits only, a leading 0 for a Vietnamese number
/// however it was typed (`+84 912 345 678`, `84912345678`), `+` and the country code for others.
pub fn normalise_phone(text: &str) -> String {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let international = text.trim_start().starts_with('+') || text.trim_start().starts_with("00");
    let digits = if text.trim_start().starts_with("00") { digits[2..].to_owned() } else { digits };
    match digits.strip_prefix("84") {
        Some(rest) if (international || digits.len() >= 11) && rest.len() >= 9 => format!("0{rest}"),
        _ if international => format!("+{digits}"),
        _ => digits,
    }
}

/// A Vietnamese mobile number as Zalo and SMS gateways take it, `84` and nine digits
/// (`0912 345 678` → `84912345678`); `None` for landlines and foreign numbers, which neither
/// channel reaches.
pub fn mobile_84(text: &str) -> Option<String> {
    let normalised = normalise_phone(text);
    let rest = normalised.strip_prefix('0')?;
    let mobile = rest.len() == 9
        && rest.bytes().all(|b| b.is_ascii_digit())
        && matches!(rest.as_bytes()[0], b'3' | b'5' | b'7' | b'8' | b'9');
    mobile.then(|| format!("84{rest}"))
}

pub fn is_phone(text: &str) -> bool {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    text.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '.' | '-' | '(' | ')'))
        && (9..=15).contains(&digits.len())
}

/// Vietnamese tax codes: 10 digits, or 10 digits, a dash and 3 for a branch.
pub fn is_tax_code(text: &str) -> bool {
    let (main, branch) = text.split_once('-').unwrap_or((text, ""));
    main.len() == 10
        && main.bytes().all(|b| b.is_ascii_digit())
        && (branch.is_empty() || (branch.len() == 3 && branch.bytes().all(|b| b.is_ascii_digit())))
}

/// A date as typed: `2026-09-05` or `05/09/2026`.
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    Date::parse(text, format_description!("[year]-[month]-[day]"))
        .or_else(|_| Date::parse(text, format_description!("[day]/[month]/[year]")))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_plain_and_proposed_from_titles() {
        assert!(is_slug("ao-am-cho-em-2026"));
        for bad in ["Áo-ấm", "a", "-x-y", "x--y", "x y", "x-"] {
            assert!(!is_slug(bad), "{bad}");
        }
        assert_eq!(slug_from("Áo ấm cho em — Đông 2026!"), "ao-am-cho-em-dong-2026");
        assert!(is_slug(&slug_from("Bữa trưa đủ chất cho học sinh bán trú")));
    }

    #[test]
    fn phone_numbers_are_kept_in_one_form() {
        for typed in ["0912 345 678", "+84 912 345 678", "84912345678", "0912.345.678", "(+84) 912-345-678"] {
            assert_eq!(normalise_phone(typed), "0912345678", "{typed}");
        }
        assert_eq!(normalise_phone("+1 415 555 0100"), "+14155550100");
        assert_eq!(normalise_phone("0208 3855 123"), "02083855123");
    }

    #[test]
    fn zalo_and_sms_take_mobiles_as_84_and_nine_digits() {
        for typed in ["0912 345 678", "+84 912 345 678", "84912345678", "(+84) 912-345-678"] {
            assert_eq!(mobile_84(typed).as_deref(), Some("84912345678"), "{typed}");
        }
        assert_eq!(mobile_84("0358 111 222").as_deref(), Some("84358111222"));
        for not_mobile in ["0208 3855 123", "+1 415 555 0100", "0123", "0612345678"] {
            assert_eq!(mobile_84(not_mobile), None, "{not_mobile}");
        }
    }
}
