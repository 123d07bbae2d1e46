//! Numbers, money and dates as Vietnamese readers write them: `1.234.567 ₫`, `05/09/2025`.

use time::Date;

/// Groups digits by thousands with a dot: `1234567` → `1.234.567`.
pub fn group_digits(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    out
}

/// Whole đồng as `1.234.567 ₫` (the same in both languages, as Vietnamese banks print it).
pub fn vnd(amount: i64) -> String {
    format!("{} ₫", group_digits(amount))
}

/// What a pledge gives, in one line: "500.000 ₫", "Áo ấm × 50 chiếc (12.500.000 ₫)".
pub fn pledge_what(
    kind: crate::PledgeKind,
    amount: Option<i64>,
    goods: (Option<&str>, Option<i64>, Option<&str>),
    description: Option<&str>,
    estimated_value: Option<i64>,
) -> String {
    match kind {
        crate::PledgeKind::Money => amount.map(vnd).unwrap_or_default(),
        crate::PledgeKind::InKind => format!(
            "{} × {} {} ({})",
            goods.0.unwrap_or_default(),
            group_digits(goods.1.unwrap_or(0)),
            goods.2.unwrap_or_default(),
            vnd(estimated_value.unwrap_or(0))
        ),
        crate::PledgeKind::Service => {
            format!("{} ({})", description.unwrap_or_default(), vnd(estimated_value.unwrap_or(0)))
        }
    }
}

/// `dd/mm/yyyy`.
pub fn date(d: Date) -> String {
    format!("{:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year())
}

/// `05/09/2025 – 31/05/2026`.
pub fn period(start: Date, end: Date) -> String {
    format!("{} – {}", date(start), date(end))
}

/// Vietnam's time (UTC+7, no daylight saving): the donors' calendar and the staff's clock.
pub const VIETNAM: time::UtcOffset = time::macros::offset!(+7);

/// Today's date in Vietnam (UTC+7): receiving windows and "days left" follow the donors' calendar.
#[cfg(feature = "openapi")]
pub fn today() -> Date {
    time::OffsetDateTime::now_utc().to_offset(VIETNAM).date()
}

/// A moment as Vietnamese staff read it: Vietnam time (UTC+7), `dd/mm/yyyy HH:MM`.
pub fn moment(at: time::OffsetDateTime) -> String {
    let local = at.to_offset(VIETNAM);
    format!("{} {:02}:{:02}", date(local.date()), local.hour(), local.minute())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn money_is_grouped_with_dots_and_the_dong_sign() {
        assert_eq!(vnd(0), "0 ₫");
        assert_eq!(vnd(999), "999 ₫");
        assert_eq!(vnd(1_000), "1.000 ₫");
        assert_eq!(vnd(1_234_567), "1.234.567 ₫");
        assert_eq!(vnd(-50_000), "-50.000 ₫");
    }

    #[test]
    fn dates_are_day_month_year() {
        assert_eq!(super::date(date!(2025 - 09 - 05)), "05/09/2025");
        assert_eq!(period(date!(2025 - 12 - 01), date!(2026 - 02 - 28)), "01/12/2025 – 28/02/2026");
    }

    #[test]
    fn moments_are_shown_in_vietnam_time() {
        assert_eq!(moment(time::macros::datetime!(2026-11-29 17:30 UTC)), "30/11/2026 00:30");
    }
}
