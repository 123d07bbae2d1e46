//! Bank statements as banks export them: CSV in UTF-8, UTF-16 or Windows-1258, with a column
//! mapping per bank (the generic one is `date,amount,description,reference`), dates as
//! `YYYY-MM-DD` or `DD/MM/YYYY`, amounts in whole đồng with or without separators. Each line gets an
//! identity — its content and its occurrence among identical lines of the file — so two genuine
//! identical transfers count twice and importing the same file again counts nothing twice.

use std::collections::HashMap;

use crate::store::StatementLine;
use time::Date;
use time::macros::format_description;
use unicode_normalization::UnicodeNormalization;

/// Which column holds what, by header name (compared without case or diacritics). Each role may
/// have several names: the first header that matches one is used. With a debit column, `amount` is
/// the credit column; without one, a negative amount is money out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnMapping {
    pub date: Vec<String>,
    pub amount: Vec<String>,
    pub debit: Vec<String>,
    pub description: Vec<String>,
    pub reference: Vec<String>,
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|n| (*n).to_owned()).collect()
}

impl ColumnMapping {
    /// `date,amount,description,reference[,debit]` in the statement's own words.
    pub fn from_list(list: &str) -> Result<Self, String> {
        let names: Vec<&str> = list.split(',').map(str::trim).collect();
        let one = |n: &str| vec![n.to_owned()];
        match names.as_slice() {
            [date, amount, description, reference, rest @ ..]
                if rest.len() <= 1 && names.iter().all(|n| !n.is_empty()) =>
            {
                Ok(ColumnMapping {
                    date: one(date),
                    amount: one(amount),
                    debit: rest.iter().map(|d| (*d).to_owned()).collect(),
                    description: one(description),
                    reference: one(reference),
                })
            }
            _ => {
                Err(format!("four or five columns are named: date,amount,description,reference[,debit] (got {list:?})"))
            }
        }
    }

    /// The layouts Vietnamese banks export, recognised by their headers (Vietcombank, BIDV,
    /// VietinBank, Techcombank, MB, Agribank and the generic `date,amount,description,reference`).
    pub fn recognised() -> Self {
        ColumnMapping {
            date: names(&[
                "date",
                "ngay",
                "ngay giao dich",
                "ngay gd",
                "ngay hieu luc",
                "ngay hach toan",
                "thoi gian",
                "transaction date",
                "posting date",
                "ngay giao dich/transaction date",
            ]),
            amount: names(&[
                "amount",
                "so tien",
                "so tien ghi co",
                "ghi co",
                "credit",
                "credit amount",
                "so tien vao",
                "phat sinh co",
                "so tien giao dich",
                "co/credit",
                "ghi co/credit",
            ]),
            // Never a bare "no" or "co": a column of line numbers is often headed "No".
            debit: names(&[
                "so tien ghi no",
                "ghi no",
                "debit",
                "debit amount",
                "phat sinh no",
                "so tien ra",
                "no/debit",
                "ghi no/debit",
            ]),
            description: names(&[
                "description",
                "noi dung",
                "noi dung chi tiet",
                "noi dung giao dich",
                "mo ta",
                "mo ta giao dich",
                "dien giai",
                "chi tiet giao dich",
                "remark",
                "transaction details",
                "noi dung/description",
            ]),
            reference: names(&[
                "reference",
                "so tham chieu",
                "ma giao dich",
                "ma gd",
                "so but toan",
                "so ct",
                "so chung tu",
                "transaction id",
                "ref no",
                "reference number",
                "so tham chieu/reference no",
            ]),
        }
    }

    /// The generic layout, and every bank layout `recognised` knows.
    pub fn generic() -> Self {
        Self::recognised()
    }
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum StatementError {
    #[error("the file has no header line")]
    Empty,
    #[error("the header has no column {0:?}")]
    MissingColumn(String),
    #[error("line {line}: {problem}")]
    Line { line: usize, problem: LineProblem },
}

/// What is wrong with one line of a statement (the text as it stands in the file).
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum LineProblem {
    #[error("not a date: {0:?}")]
    NotADate(String),
    #[error("not an amount: {0:?}")]
    NotAnAmount(String),
    #[error("not whole đồng: {0:?}")]
    NotWholeDong(String),
    #[error("the separators of {0:?} do not say which is which")]
    Ambiguous(String),
    #[error("money in and money out on one line")]
    BothDirections,
    #[error("unreadable: {0}")]
    Unreadable(String),
}

impl LineProblem {
    fn describe(&self, lang: domain::i18n::Lang) -> String {
        match self {
            LineProblem::NotADate(t) => lang.statement_line_not_a_date(t),
            LineProblem::NotAnAmount(t) => lang.statement_line_not_an_amount(t),
            LineProblem::NotWholeDong(t) => lang.statement_line_not_whole_dong(t),
            LineProblem::Ambiguous(t) => lang.statement_line_ambiguous(t),
            LineProblem::BothDirections => lang.t().statement_line_both_directions.to_owned(),
            LineProblem::Unreadable(e) => lang.statement_line_unreadable(e),
        }
    }
}

impl StatementError {
    /// For the person who uploaded the file.
    pub fn describe(&self, lang: domain::i18n::Lang) -> String {
        match self {
            StatementError::Empty => lang.t().statement_empty.to_owned(),
            StatementError::MissingColumn(c) => lang.statement_missing_column(c),
            StatementError::Line { line, problem } => lang.statement_line_refused(*line, &problem.describe(lang)),
        }
    }
}

/// UTF-8 (with or without BOM), UTF-16 (with BOM), else Windows-1258; composed to NFC, since
/// Windows-1258 writes Vietnamese with combining marks.
pub fn decode(bytes: &[u8]) -> String {
    let text = if let Some((encoding, _)) = encoding_rs::Encoding::for_bom(bytes) {
        encoding.decode_with_bom_removal(bytes).0.into_owned()
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        text.to_owned()
    } else {
        encoding_rs::WINDOWS_1258.decode_without_bom_handling(bytes).0.into_owned()
    };
    text.nfc().collect()
}

fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    Date::parse(text, format_description!("[year]-[month]-[day]"))
        .or_else(|_| Date::parse(text, format_description!("[day]/[month]/[year]")))
        .ok()
}

/// An amount as Vietnamese banks print it, in whole đồng, exactly: `500.000`, `700,000`,
/// `1,500,000.00`, `3.100.000,00`, `1 500 000`, with or without `VND`/`đ`/`₫`, signed (`-200.000`,
/// `(200.000)`, `+1.500.000`). A separator followed by exactly three digits groups thousands; a last
/// separator followed by two digits starts decimals, which must be `00`; anything else (`1.5`,
/// `1,234.5`, `1.500,000`, `12,50`) is ambiguous or not whole đồng and is refused — never scaled.
pub fn read_amount(text: &str) -> Result<i64, LineProblem> {
    let mut t = text.trim().to_owned();
    for unit in ["VND", "VNĐ", "vnd", "vnđ", "đồng", "đ", "₫", "Đ"] {
        t = t.trim_end_matches(unit).trim().trim_start_matches(unit).trim().to_owned();
    }
    let (negative, t) = if let Some(inner) = t.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        (true, inner.trim())
    } else if let Some(rest) = t.strip_prefix('-') {
        (true, rest.trim())
    } else if let Some(rest) = t.strip_suffix('-') {
        (true, rest.trim())
    } else {
        (false, t.strip_prefix('+').unwrap_or(&t).trim())
    };
    if t.is_empty() || !t.starts_with(|c: char| c.is_ascii_digit()) || !t.ends_with(|c: char| c.is_ascii_digit()) {
        return Err(LineProblem::NotAnAmount(text.to_owned()));
    }
    let is_separator = |c: char| matches!(c, '.' | ',' | ' ' | '\u{a0}' | '\u{202f}');
    let mut groups: Vec<&str> = Vec::new();
    let mut separators: Vec<char> = Vec::new();
    let mut start = 0;
    for (i, c) in t.char_indices() {
        if is_separator(c) {
            groups.push(&t[start..i]);
            separators.push(c);
            start = i + c.len_utf8();
        } else if !c.is_ascii_digit() {
            return Err(LineProblem::NotAnAmount(text.to_owned()));
        }
    }
    groups.push(&t[start..]);
    if groups.iter().any(|g| g.is_empty()) {
        return Err(LineProblem::NotAnAmount(text.to_owned()));
    }
    // Decimals: a last group of two digits after a separator.
    let whole_groups = match groups.last().map(|g| g.len()) {
        Some(2) if groups.len() > 1 => {
            if groups[groups.len() - 1] != "00" {
                return Err(LineProblem::NotWholeDong(text.to_owned()));
            }
            let decimal = separators.pop();
            groups.pop();
            if separators.iter().any(|s| Some(*s) == decimal) {
                return Err(LineProblem::Ambiguous(text.to_owned()));
            }
            groups
        }
        _ => groups,
    };
    // Grouping: one kind of separator, every group after the first exactly three digits.
    let one_kind = separators.windows(2).all(|w| w[0] == w[1]);
    let grouped =
        whole_groups.len() == 1 || (whole_groups[0].len() <= 3 && whole_groups[1..].iter().all(|g| g.len() == 3));
    if !one_kind || !grouped {
        // `1.5`, `12,50`, `1.2345`: decimals that are not `00`, or groups that are not thousands.
        let decimals = separators.len() == 1 && whole_groups.last().is_some_and(|g| g.len() != 3);
        return Err(if decimals {
            LineProblem::NotWholeDong(text.to_owned())
        } else {
            LineProblem::Ambiguous(text.to_owned())
        });
    }
    let digits: String = whole_groups.concat();
    let value = digits.parse::<i64>().map_err(|_| LineProblem::NotAnAmount(text.to_owned()))?;
    Ok(if negative { -value } else { value })
}

/// Pledge references that a transfer message may carry, whatever the bank did to it: case,
/// diacritics, spaces and dashes are ignored (`tn26 7f3k2q` → `TN26-7F3K2Q`).
pub fn candidate_references(description: &str) -> Vec<String> {
    const TAIL: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let squashed: Vec<u8> =
        domain::text::fold(description).to_ascii_uppercase().bytes().filter(u8::is_ascii_alphanumeric).collect();
    let mut found = Vec::new();
    for window in squashed.windows(10) {
        let fits = window[..2].iter().all(u8::is_ascii_uppercase)
            && window[2..4].iter().all(u8::is_ascii_digit)
            && window[4..].iter().all(|b| TAIL.contains(b));
        if fits {
            let text = String::from_utf8_lossy(window);
            let reference = format!("{}-{}", &text[..4], &text[4..]);
            if !found.contains(&reference) {
                found.push(reference);
            }
        }
    }
    found
}

/// `;` when the file's first lines use it more than `,` (spreadsheets saved with Vietnamese settings,
/// where the comma writes decimals), else `,`.
fn delimiter(text: &str) -> u8 {
    let head: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(5).collect();
    let count = |c: char| head.iter().map(|l| l.matches(c).count()).sum::<usize>();
    if count(';') > count(',') { b';' } else { b',' }
}

/// Lines of a statement that are not transactions: opening and closing balances, totals.
fn is_summary(first_cell: &str) -> bool {
    let folded = domain::text::fold(first_cell);
    ["tong", "total", "so du", "opening", "closing", "cong phat sinh"].iter().any(|w| folded.starts_with(w))
}

/// Where each role's column is, from the first line (of the first 30) whose headers name them all:
/// banks put the account's details in a few lines above the table.
struct Layout {
    header_line: usize,
    date: usize,
    amount: usize,
    debit: Option<usize>,
    description: usize,
    reference: usize,
}

fn find_layout(rows: &[(usize, csv::StringRecord)], mapping: &ColumnMapping) -> Result<Layout, StatementError> {
    let mut missing = None;
    for (line, row) in rows.iter().take(30) {
        let headers: Vec<String> = row.iter().map(domain::text::fold).collect();
        let find = |names: &[String]| {
            names.iter().find_map(|name| {
                let wanted = domain::text::fold(name);
                headers.iter().position(|h| *h == wanted)
            })
        };
        let roles = [&mapping.date, &mapping.amount, &mapping.description, &mapping.reference];
        let found: Vec<Option<usize>> = roles.iter().map(|names| find(names)).collect();
        if let [Some(date), Some(amount), Some(description), Some(reference)] = found[..] {
            let debit = find(&mapping.debit).filter(|d| *d != amount);
            return Ok(Layout { header_line: *line, date, amount, debit, description, reference });
        }
        if missing.is_none() && found.iter().filter(|f| f.is_some()).count() >= 2 {
            let absent = roles.iter().zip(&found).find(|(_, f)| f.is_none()).map(|(names, _)| names[0].clone());
            missing = absent;
        }
    }
    Err(match (rows.is_empty(), missing) {
        (true, _) => StatementError::Empty,
        (false, Some(name)) => StatementError::MissingColumn(name),
        (false, None) => StatementError::MissingColumn(mapping.date.first().cloned().unwrap_or_default()),
    })
}

/// Reads a statement's money in: every line checked, a file with a bad line refused whole saying
/// where. Money out (a debit, a negative amount) is not a gift and is left out.
pub fn parse(bytes: &[u8], mapping: &ColumnMapping) -> Result<Vec<StatementLine>, StatementError> {
    let text = decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(&text))
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| StatementError::Line {
            line: e.position().map_or(0, |p| usize::try_from(p.line()).unwrap_or(0)),
            problem: LineProblem::Unreadable(e.to_string()),
        })?;
        let line = record.position().map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
        rows.push((line, record));
    }
    let layout = find_layout(&rows, mapping)?;
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut lines = Vec::new();
    for (line, record) in rows.iter().filter(|(line, _)| *line > layout.header_line) {
        let line = *line;
        let field = |i: usize| record.get(i).unwrap_or("").to_owned();
        if record.iter().all(|f| f.trim().is_empty()) || is_summary(record.get(0).unwrap_or("")) {
            continue;
        }
        if field(layout.date).trim().is_empty() && field(layout.reference).trim().is_empty() {
            continue;
        }
        let booked_on = parse_date(&field(layout.date))
            .ok_or_else(|| StatementError::Line { line, problem: LineProblem::NotADate(field(layout.date)) })?;
        let amount_of = |i: usize| -> Result<i64, StatementError> {
            match field(i).trim() {
                "" => Ok(0),
                text => read_amount(text).map_err(|problem| StatementError::Line { line, problem }),
            }
        };
        let credit = amount_of(layout.amount)?;
        let debit = layout.debit.map(amount_of).transpose()?.unwrap_or(0);
        // Money out, or nothing in: not a gift.
        if credit <= 0 || debit != 0 {
            if credit > 0 && debit != 0 {
                return Err(StatementError::Line { line, problem: LineProblem::BothDirections });
            }
            continue;
        }
        // Without a bank reference a line is known by its content and its occurrence among
        // identical lines (two genuine identical transfers count twice); with one, by the reference.
        let content = format!("{booked_on}|{credit}|{}|{}", field(layout.description), field(layout.reference));
        let occurrence = seen.entry(content.clone()).or_insert(0);
        *occurrence += 1;
        let identity = crate::tokens::token_hash(&format!("{content}|{occurrence}"));
        let mut statement_line = StatementLine {
            identity,
            line: i64::try_from(line).unwrap_or(i64::MAX),
            booked_on,
            amount: credit,
            candidates: candidate_references(&field(layout.description)),
            description: field(layout.description),
            bank_reference: field(layout.reference),
            money_in: true,
            account: None,
            ours: true,
            feed_id: None,
            occurred_at: None,
            walk_in: None,
        };
        statement_line.identify_by_reference();
        lines.push(statement_line);
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_survive_what_banks_do_to_memos() {
        for memo in ["TN26-7F3K2Q ung ho", "ủng hộ tn26 7f3k2q", "UNG HO TN267F3K2Q NGUYEN VAN A", "tn26-7F3K-2Q"] {
            assert_eq!(candidate_references(memo), vec!["TN26-7F3K2Q"], "{memo}");
        }
        assert!(candidate_references("chuyen tien an trua").is_empty());
    }

    #[test]
    fn a_reference_printed_twice_is_one_transfer_and_identical_lines_without_one_are_two() {
        let file = "date,amount,description,reference\n2026-11-30,500.000,UNG HO TN26-7F3K2Q,FT1\n\
                    2026-11-30,500.000,UNG HO TN26-7F3K2Q,FT1\n30/11/2026,\"1,200,000\",ung ho,FT2\n\
                    2026-11-30,90.000,chuyen tien,\n2026-11-30,90.000,chuyen tien,\n";
        let lines = parse(file.as_bytes(), &ColumnMapping::generic()).unwrap();
        assert_eq!(lines.len(), 5);
        assert_eq!(lines[0].identity, lines[1].identity, "one bank transaction printed twice");
        assert_ne!(lines[3].identity, lines[4].identity, "no reference: two genuine transfers");
        assert_eq!(lines[2].amount, 1_200_000);
        let again = parse(file.as_bytes(), &ColumnMapping::generic()).unwrap();
        assert_eq!(
            lines.iter().map(|l| &l.identity).collect::<Vec<_>>(),
            again.iter().map(|l| &l.identity).collect::<Vec<_>>()
        );
    }

    #[test]
    fn utf16_and_windows_1258_read_as_vietnamese() {
        let text = "date,amount,description,reference\n2026-11-30,100000,Ủng hộ áo ấm,FT9\n";
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(parse(&utf16, &ColumnMapping::generic()).unwrap()[0].description, "Ủng hộ áo ấm");
        // Windows-1258 writes tones as combining marks after the letter (ô + dot below, â + acute).
        let shaped = "date,amount,description,reference\n2026-11-30,100000,U\u{309}ng hô\u{323} áo â\u{301}m,FT9\n";
        let (cp1258, _, unmappable) = encoding_rs::WINDOWS_1258.encode(shaped);
        assert!(!unmappable);
        assert_eq!(parse(&cp1258, &ColumnMapping::generic()).unwrap()[0].description, "Ủng hộ áo ấm");
    }

    #[test]
    fn a_bad_line_is_named() {
        let file = "Ngày,Số tiền,Nội dung,Mã GD\n2026-13-45,100000,x,FT1\n";
        let mapping = ColumnMapping::from_list("ngay,so tien,noi dung,ma gd").unwrap();
        assert!(matches!(parse(file.as_bytes(), &mapping), Err(StatementError::Line { line: 2, .. })));
        assert_eq!(
            parse(
                b"when,amount,description,reference\n",
                &ColumnMapping::from_list("date,amount,description,reference").unwrap()
            ),
            Err(StatementError::MissingColumn("date".into()))
        );
    }

    #[test]
    fn amounts_are_read_exactly_as_banks_print_them() {
        for (text, value) in [
            ("500.000", 500_000),
            ("700,000", 700_000),
            ("1,500,000.00", 1_500_000),
            ("3.100.000,00", 3_100_000),
            ("1500000", 1_500_000),
            ("1 500 000", 1_500_000),
            ("+1.500.000 VND", 1_500_000),
            ("250.000 đ", 250_000),
            ("500,00", 500),
            ("1.500", 1_500),
            ("-200.000", -200_000),
            ("(200,000.00)", -200_000),
            ("200.000-", -200_000),
        ] {
            assert_eq!(read_amount(text), Ok(value), "{text}");
        }
        for (text, problem) in [
            ("1,500,000.50", LineProblem::NotWholeDong("1,500,000.50".into())),
            ("12,5", LineProblem::NotWholeDong("12,5".into())),
            ("1.5", LineProblem::NotWholeDong("1.5".into())),
            ("1.500,000", LineProblem::Ambiguous("1.500,000".into())),
            ("1,2345", LineProblem::NotWholeDong("1,2345".into())),
            ("12.34.567", LineProblem::Ambiguous("12.34.567".into())),
            ("1.000.000.00", LineProblem::Ambiguous("1.000.000.00".into())),
            ("năm trăm", LineProblem::NotAnAmount("năm trăm".into())),
        ] {
            assert_eq!(read_amount(text), Err(problem), "{text}");
        }
    }

    /// What Vietnamese banks' exports look like: account details above the table, credit and debit
    /// in two columns or one signed amount, either grouping style, totals below.
    #[test]
    fn several_banks_exports_are_read_and_money_out_is_left_out() {
        let exports: [(&str, &str); 4] = [
            (
                "Vietcombank",
                "NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM,,,,,\nSao kê tài khoản: 0011001234567,,,,,\n\
                 Từ ngày 01/11/2026 đến ngày 30/11/2026,,,,,\n\
                 STT,Ngày giao dịch,Số tham chiếu,Số tiền ghi nợ,Số tiền ghi có,Nội dung chi tiết\n\
                 1,28/11/2026,5213 - 40211,,\"1,500,000\",MBVCB.123 UNG HO TN26-7F3K2Q\n\
                 2,29/11/2026,5213 - 40212,\"200,000\",,CHUYEN TIEN\n\
                 3,30/11/2026,5213 - 40213,,\"700,000\",ung ho ao am\n\
                 Tổng cộng,,,\"200,000\",\"2,200,000\",\n",
            ),
            (
                "BIDV",
                "Ngày hiệu lực;Số tham chiếu;Ghi nợ;Ghi có;Số dư;Mô tả\n\
                 28/11/2026;FT2633200001;;1.500.000,00;10.000.000,00;TN26 7F3K2Q ung ho\n\
                 29/11/2026;FT2633200002;200.000,00;;9.800.000,00;phi dich vu\n\
                 30/11/2026;FT2633200003;;700.000,00;10.500.000,00;ung ho ao am\n",
            ),
            (
                "Techcombank",
                "Transaction Date,Reference Number,Remark,Amount\n\
                 2026-11-28,FT26332AB1,UNG HO TN26-7F3K2Q,\"+1,500,000.00\"\n\
                 2026-11-29,FT26332AB2,CHUYEN TIEN,\"-200,000.00\"\n\
                 2026-11-30,FT26332AB3,ung ho ao am,\"700,000.00\"\n",
            ),
            (
                "MB",
                "Ngày giao dịch,Mã GD,Phát sinh nợ,Phát sinh có,Nội dung\n\
                 28/11/2026,FT001,0,1.500.000 VND,TN267F3K2Q UNG HO\n\
                 29/11/2026,FT002,200.000 VND,0,PHI\n\
                 30/11/2026,FT003,0,700.000 VND,ung ho ao am\n",
            ),
        ];
        for (bank, csv) in exports {
            let lines = parse(csv.as_bytes(), &ColumnMapping::recognised()).unwrap_or_else(|e| panic!("{bank}: {e}"));
            let amounts: Vec<i64> = lines.iter().map(|l| l.amount).collect();
            assert_eq!(amounts, [1_500_000, 700_000], "{bank}: money in only, each exactly");
            assert_eq!(lines[0].candidates, ["TN26-7F3K2Q"], "{bank}");
        }
    }

    #[test]
    fn an_amount_that_is_not_whole_dong_refuses_the_file_and_names_its_line() {
        let file =
            "date,amount,description,reference\n2026-11-30,500.000,ung ho,FT1\n2026-11-30,\"1,250.50\",ung ho,FT2\n";
        let refused = parse(file.as_bytes(), &ColumnMapping::generic()).unwrap_err();
        assert_eq!(refused, StatementError::Line { line: 3, problem: LineProblem::NotWholeDong("1,250.50".into()) });
        assert!(
            refused
                .describe(domain::i18n::Lang::Vi)
                .starts_with("Dòng 3: số tiền \"1,250.50\" không phải số đồng chẵn")
        );
        assert_eq!(
            refused.describe(domain::i18n::Lang::En),
            "Line 3: not whole đồng: \"1,250.50\". Nothing was imported; please correct the file and upload it again."
        );
    }
}
