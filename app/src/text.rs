//! Searching and sorting Vietnamese text.

use std::cmp::Ordering;
use std::sync::LazyLock;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};
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

static VIETNAMESE: LazyLock<CollatorBorrowed<'static>> = LazyLock::new(|| {
    let locale = icu_locale_core::locale!("vi");
    #[allow(clippy::expect_used)]
    Collator::try_new(locale.into(), CollatorOptions::default())
        .expect("the Vietnamese collation is compiled into icu_collator")
});

/// Vietnamese dictionary order: `a ă â b c d đ e ê …`, tones after letters.
pub fn compare(a: &str, b: &str) -> Ordering {
    VIETNAMESE.compare(a, b)
}

pub fn sort_vietnamese<T, K: AsRef<str>>(items: &mut [T], key: impl Fn(&T) -> K) {
    items.sort_by(|a, b| compare(key(a).as_ref(), key(b).as_ref()));
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
    fn d_bar_sorts_after_d_and_tones_after_the_bare_letter() {
        let mut names = vec!["Đồng Hỷ", "Định Hóa", "Dân Tiến", "Bằng Thành", "Ba Bể", "Bạch Thông", "An Khánh"];
        sort_vietnamese(&mut names, |s| *s);
        assert_eq!(names, vec!["An Khánh", "Ba Bể", "Bạch Thông", "Bằng Thành", "Dân Tiến", "Định Hóa", "Đồng Hỷ"]);
    }
}
