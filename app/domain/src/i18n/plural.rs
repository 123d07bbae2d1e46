//! Plurals. A Vietnamese noun does not change with its number ("1 trẻ em", "2 trẻ em"), so the
//! Vietnamese texts write the number and the noun as they are; an English noun does ("1 child",
//! "2 children"), so the English texts go through [`count`] or [`noun`].

use std::fmt::Display;

/// The English noun for `n` things: `one` for exactly one, `other` for any other number
/// (0 children, 2 children, 1.5 days is not a count the portal has).
pub fn noun<N: Copy + PartialEq + From<u8>>(n: N, one: &'static str, other: &'static str) -> &'static str {
    if n == N::from(1) { one } else { other }
}

/// "1 child", "2 children", "0 needs": the number, a space, and the noun in the form the number
/// asks for.
pub fn count<N: Copy + PartialEq + From<u8> + Display>(n: N, one: &str, other: &str) -> String {
    format!("{n} {}", if n == N::from(1) { one } else { other })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_takes_the_singular_and_every_other_number_the_plural() {
        assert_eq!(count(1, "child", "children"), "1 child");
        assert_eq!(count(2, "child", "children"), "2 children");
        assert_eq!(count(0, "need", "needs"), "0 needs");
        assert_eq!(count(21, "day left", "days left"), "21 days left");
        assert_eq!(count(1usize, "line", "lines"), "1 line");
        assert_eq!(count(-1i64, "day", "days"), "-1 days");
        assert_eq!(noun(1u32, "pledge", "pledges"), "pledge");
        assert_eq!(noun(11u64, "pledge", "pledges"), "pledges");
    }
}
