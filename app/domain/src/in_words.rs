//! Amounts in words, as a receipt states them beside the figures ("Bằng chữ: …"), so that a figure
//! altered on paper no longer agrees with its words. The words of each language are read here;
//! `Lang::amount_in_words` chooses the language and names the currency.

const VI_DIGITS: [&str; 10] = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];

/// The words with a capital letter first.
pub(crate) fn capitalised(words: &str) -> String {
    let mut chars = words.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Vietnamese reading: groups of three digits with nghìn, triệu and tỷ; a group after the first
/// reads its hundreds even when they are naught ("không trăm") and "linh" before a lone unit.
pub(crate) fn vietnamese(n: u64) -> String {
    if n == 0 {
        return VI_DIGITS[0].to_owned();
    }
    let billions = n / 1_000_000_000;
    let below = n % 1_000_000_000;
    let mut parts = Vec::new();
    if billions > 0 {
        parts.push(format!("{} tỷ", vietnamese(billions)));
    }
    for (value, unit) in [(below / 1_000_000, "triệu"), (below / 1_000 % 1_000, "nghìn"), (below % 1_000, "")] {
        if value == 0 {
            continue;
        }
        let group = vietnamese_group(value, !parts.is_empty());
        parts.push(if unit.is_empty() { group } else { format!("{group} {unit}") });
    }
    parts.join(" ")
}

fn vietnamese_group(n: u64, full: bool) -> String {
    let (hundreds, tens, units) = (n / 100, n / 10 % 10, n % 10);
    let digit = |d: u64| VI_DIGITS[usize::try_from(d).unwrap_or(0)];
    let mut words = Vec::new();
    if hundreds > 0 || full {
        words.push(format!("{} trăm", digit(hundreds)));
    }
    match tens {
        0 if units > 0 && !words.is_empty() => words.push("linh".to_owned()),
        0 => {}
        1 => words.push("mười".to_owned()),
        t => words.push(format!("{} mươi", digit(t))),
    }
    match units {
        0 => {}
        1 if tens > 1 => words.push("mốt".to_owned()),
        5 if tens > 0 => words.push("lăm".to_owned()),
        u => words.push(digit(u).to_owned()),
    }
    words.join(" ")
}

pub(crate) fn english(n: u64) -> String {
    const SMALL: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 10] = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
    let index = |d: u64| usize::try_from(d).unwrap_or(0);
    let below_thousand = |n: u64| {
        let mut words = Vec::new();
        if n >= 100 {
            words.push(format!("{} hundred", SMALL[index(n / 100)]));
        }
        match n % 100 {
            0 => {}
            r if r < 20 => words.push(SMALL[index(r)].to_owned()),
            r if r % 10 == 0 => words.push(TENS[index(r / 10)].to_owned()),
            r => words.push(format!("{}-{}", TENS[index(r / 10)], SMALL[index(r % 10)])),
        }
        words.join(" ")
    };
    if n == 0 {
        return SMALL[0].to_owned();
    }
    let mut parts = Vec::new();
    for (scale, name) in [
        (1_000_000_000_000, "trillion"),
        (1_000_000_000, "billion"),
        (1_000_000, "million"),
        (1_000, "thousand"),
        (1, ""),
    ] {
        let group = n / scale % 1_000;
        if group > 0 {
            let words = below_thousand(group);
            parts.push(if name.is_empty() { words } else { format!("{words} {name}") });
        }
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;

    #[test]
    fn vietnamese_amounts_read_as_an_accountant_writes_them() {
        let vi = |n| Lang::Vi.amount_in_words(n);
        assert_eq!(vi(500_000), "Năm trăm nghìn đồng");
        assert_eq!(vi(1_050_000), "Một triệu không trăm năm mươi nghìn đồng");
        assert_eq!(vi(12_500_000), "Mười hai triệu năm trăm nghìn đồng");
        assert_eq!(vi(21_000), "Hai mươi mốt nghìn đồng");
        assert_eq!(vi(105_000), "Một trăm linh năm nghìn đồng");
        assert_eq!(vi(15_000), "Mười lăm nghìn đồng");
        assert_eq!(vi(2_005_000_000), "Hai tỷ không trăm linh năm triệu đồng");
        assert_eq!(vi(1_000_000_000_000), "Một nghìn tỷ đồng");
        assert_eq!(vi(0), "Không đồng");
    }

    #[test]
    fn english_amounts_read_plainly() {
        assert_eq!(Lang::En.amount_in_words(1_050_000), "One million fifty thousand dong");
        assert_eq!(Lang::En.amount_in_words(12_345), "Twelve thousand three hundred forty-five dong");
    }
}
