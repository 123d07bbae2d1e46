//! Amounts in đồng as Vietnamese people type them: "500.000", "500,000", "500k", "1tr",
//! "1,5 triệu", "2 tỷ", "300.000 đ".

/// Whole đồng, or `None` when the text is not an amount.
pub fn parse_vnd(text: &str) -> Option<i64> {
    let lowered = text.trim().to_lowercase();
    let mut s: String = lowered.chars().filter(|c| !c.is_whitespace()).collect();
    for suffix in ["vnđ", "vnd", "đồng", "dong", "đ", "₫"] {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest.to_owned();
            break;
        }
    }
    let (number, multiplier) = [
        ("nghìn", 1_000),
        ("ngàn", 1_000),
        ("k", 1_000),
        ("triệu", 1_000_000),
        ("trieu", 1_000_000),
        ("tr", 1_000_000),
        ("tỷ", 1_000_000_000),
        ("tỉ", 1_000_000_000),
        ("ty", 1_000_000_000),
    ]
    .into_iter()
    .find_map(|(suffix, m)| s.strip_suffix(suffix).map(|n| (n.to_owned(), m)))
    .unwrap_or((s, 1));
    if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return None;
    }
    if multiplier == 1 {
        // Dots or commas here only group thousands: "1.234.567", "1,234,567".
        let digits: String = number.chars().filter(char::is_ascii_digit).collect();
        let grouped_well = number.split(['.', ',']).enumerate().all(|(i, group)| {
            if i == 0 { (1..=3).contains(&group.len()) || !number.contains(['.', ',']) } else { group.len() == 3 }
        });
        if !grouped_well {
            return None;
        }
        return digits.parse().ok();
    }
    // With a unit a single separator is a decimal mark: "1,5tr" = 1.500.000.
    let separators = number.matches(['.', ',']).count();
    let (whole, fraction) = match separators {
        0 => (number.as_str(), ""),
        1 => number.split_once(['.', ',']).unwrap_or((number.as_str(), "")),
        _ => return None,
    };
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let mut value = whole.checked_mul(multiplier)?;
    let mut scale = multiplier;
    for digit in fraction.chars() {
        scale /= 10;
        if scale == 0 {
            return None;
        }
        value = value.checked_add(i64::from(digit.to_digit(10)?) * scale)?;
    }
    Some(value)
}

/// A count as offices type it, dots or spaces grouping the thousands ("1.200", "1 200"); `None`
/// when it is not a whole number. Bounds are the caller's.
pub fn parse_count(text: &str) -> Option<i64> {
    text.trim().replace(['.', ' '], "").parse().ok()
}

#[cfg(test)]
mod tests {
    use super::{parse_count, parse_vnd};

    #[test]
    fn a_count_is_read_with_its_thousands_grouped() {
        assert_eq!(parse_count(" 1.200 "), Some(1_200));
        assert_eq!(parse_count("1 200"), Some(1_200));
        assert_eq!(parse_count("-3"), Some(-3));
        assert_eq!(parse_count("mười"), None);
        assert_eq!(parse_count(""), None);
    }

    #[test]
    fn amounts_are_read_as_people_type_them() {
        for (typed, expected) in [
            ("500000", 500_000),
            ("500.000", 500_000),
            ("500,000", 500_000),
            ("1.234.567", 1_234_567),
            ("500k", 500_000),
            ("500 K", 500_000),
            ("1tr", 1_000_000),
            ("1,5tr", 1_500_000),
            ("1.5 triệu", 1_500_000),
            ("2 tỷ", 2_000_000_000),
            ("300.000 đ", 300_000),
            ("300.000đ", 300_000),
            ("15.000 VND", 15_000),
            ("200 nghìn", 200_000),
        ] {
            assert_eq!(parse_vnd(typed), Some(expected), "{typed}");
        }
    }

    #[test]
    fn what_is_not_an_amount_is_refused() {
        for typed in ["", "abc", "1.23", "12.3456", "-500", "1,2,3tr", "5 đô", "1.000.00"] {
            assert_eq!(parse_vnd(typed), None, "{typed}");
        }
    }
}
