//! Vietnamese dictionary order (Đ after D, tones after letters), from ICU4X's collation data. The
//! server's: lists it sends are already in order, so the browser bundle never carries the data.

use std::cmp::Ordering;
use std::sync::LazyLock;

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn d_bar_sorts_after_d_and_tones_after_the_bare_letter() {
        let mut names = vec!["Đồng Hỷ", "Định Hóa", "Dân Tiến", "Bằng Thành", "Ba Bể", "Bạch Thông", "An Khánh"];
        sort_vietnamese(&mut names, |s| *s);
        assert_eq!(names, vec!["An Khánh", "Ba Bể", "Bạch Thông", "Bằng Thành", "Dân Tiến", "Định Hóa", "Đồng Hỷ"]);
    }
}
