//! Finding donors by name for the public ledger and "find your contribution": the words searched,
//! when a search is broad, and how each backend's full-text index is asked.

/// The words of a name search, folded and split where the full-text indexes split (at anything
/// but a letter or a digit), each once; at most eight, so a query stays small.
pub(super) fn name_words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in domain::text::fold(text).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if words.len() < 8 && !words.iter().any(|w| w == word) {
            words.push(word.to_owned());
        }
    }
    words
}

/// Above this many lines (entries of the named pledges of the donors found) a name search is broad,
/// as "Nguyễn Văn" is (and "Nguyễn Vân", folded alike): its latest lines are then found walking back
/// from the newest, sooner than by gathering every line of every such donor. Below it, the other
/// way round.
pub(super) const BROAD_NAME_SEARCH: i64 = 2_000;

/// How many lines of named pledges the donors matching `$n` have, from their running counts.
pub(super) fn named_lines_sql(matching: &str, year_filter: &str) -> String {
    format!(
        "SELECT COALESCE(SUM(s.named_entries), 0) FROM ({matching}) m CROSS JOIN ledger_year_donors s \
         WHERE s.donor_id = m.id{year_filter}"
    )
}

/// Whether the donors matching `$1` have more than `BROAD_NAME_SEARCH` lines, reading at most that
/// many of their rows of running counts (so that telling costs little however broad the search).
pub(super) fn broad_search_sql(matching: &str) -> String {
    format!(
        "SELECT CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM \
         (SELECT s.named_entries AS n FROM ({matching}) m CROSS JOIN ledger_year_donors s WHERE s.donor_id = m.id \
         LIMIT {}) c",
        BROAD_NAME_SEARCH + 1
    )
}

/// How a backend finds the donors whose folded name has, for every searched word, a word that
/// starts with it: FTS5 on SQLite, the built-in full-text index on PostgreSQL (migration 0012).
pub(super) trait DonorNameSearch {
    /// A query answering the `id` of those donors, the search being parameter `$n`.
    fn donors_matching(n: usize) -> String;
    /// The search parameter for `words` (alphanumeric, at least one).
    fn name_search(words: &[String]) -> String;
    /// A statement that rewrites the word index without the words of erased names, when the index
    /// keeps them after their row changed (FTS5 segments do until merged).
    fn purge_erased_words() -> Option<&'static str>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_words_are_folded_split_as_the_indexes_split_and_each_kept_once() {
        assert_eq!(name_words("  Nguyễn Thị  Lan "), ["nguyen", "thi", "lan"]);
        assert_eq!(name_words("Đặng-Văn O'Lâm"), ["dang", "van", "o", "lam"]);
        assert_eq!(name_words("Ngọc ngoc NGỌC"), ["ngoc"]);
        assert!(name_words("— % _ \" *").is_empty());
        assert_eq!(name_words("a b c d e f g h i j").len(), 8);
    }
}
