//! Bank statements as banks export them: CSV in UTF-8, UTF-16 or Windows-1258, with a column
//! mapping per bank (the generic one is `date,amount,description,reference`), dates as
//! `YYYY-MM-DD` or `DD/MM/YYYY`, amounts in whole đồng with or without separators. Each line gets an
//! identity — its content and its occurrence among identical lines of the file — so two genuine
//! identical transfers count twice and importing the same file again counts nothing twice.

use std::collections::HashMap;

use app::store::StatementLine;
use sha2::{Digest, Sha256};
use time::Date;
use time::macros::format_description;
use unicode_normalization::UnicodeNormalization;

/// Which column holds what (by header name, compared without case or diacritics).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnMapping {
    pub date: String,
    pub amount: String,
    pub description: String,
    pub reference: String,
}

impl ColumnMapping {
    /// `date,amount,description,reference` in the statement's own words.
    pub fn from_list(list: &str) -> anyhow::Result<Self> {
        let names: Vec<&str> = list.split(',').map(str::trim).collect();
        match names.as_slice() {
            [date, amount, description, reference] if names.iter().all(|n| !n.is_empty()) => Ok(ColumnMapping {
                date: (*date).to_owned(),
                amount: (*amount).to_owned(),
                description: (*description).to_owned(),
                reference: (*reference).to_owned(),
            }),
            _ => anyhow::bail!("--columns names four columns: date,amount,description,reference (got {list:?})"),
        }
    }

    pub fn generic() -> Self {
        ColumnMapping {
            date: "date".into(),
            amount: "amount".into(),
            description: "description".into(),
            reference: "reference".into(),
        }
    }
}

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum StatementError {
    #[error("the file has no header line")]
    Empty,
    #[error("the header has no column {0:?}")]
    MissingColumn(String),
    #[error("line {line}: {problem}")]
    Line { line: usize, problem: String },
}

impl StatementError {
    /// For the person who uploaded the file.
    pub fn describe(&self, lang: app::i18n::Lang) -> String {
        use app::i18n::Lang;
        match (self, lang) {
            (StatementError::Empty, Lang::Vi) => "Tệp không có dòng tiêu đề.".into(),
            (StatementError::Empty, Lang::En) => "The file has no header line.".into(),
            (StatementError::MissingColumn(c), Lang::Vi) => format!("Dòng tiêu đề không có cột \"{c}\"."),
            (StatementError::MissingColumn(c), Lang::En) => format!("The header has no column \"{c}\"."),
            (StatementError::Line { line, problem }, Lang::Vi) => {
                format!("Dòng {line}: {problem}. Chưa có dòng nào được nhập; xin sửa tệp rồi tải lên lại.")
            }
            (StatementError::Line { line, problem }, Lang::En) => {
                format!("Line {line}: {problem}. Nothing was imported; please correct the file and upload it again.")
            }
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

/// "1.500.000", "1,500,000", "1500000", "+1.500.000 VND" → 1500000. Statements list credits only
/// in whole đồng; anything with a fractional part or a sign of debit is not a gift.
fn parse_amount(text: &str) -> Option<i64> {
    let text = text.trim().trim_end_matches("VND").trim_end_matches("đ").trim().trim_start_matches('+');
    if text.is_empty() || text.starts_with('-') {
        return None;
    }
    let digits: String = text.chars().filter(|c| !matches!(c, '.' | ',' | ' ')).collect();
    digits.parse::<i64>().ok().filter(|a| *a > 0)
}

/// Pledge references that a transfer message may carry, whatever the bank did to it: case,
/// diacritics, spaces and dashes are ignored (`tn26 7f3k2q` → `TN26-7F3K2Q`).
pub fn candidate_references(description: &str) -> Vec<String> {
    const TAIL: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let squashed: Vec<u8> =
        app::text::fold(description).to_ascii_uppercase().bytes().filter(u8::is_ascii_alphanumeric).collect();
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

/// Lines per transaction: a long statement commits as it goes, and its progress can be shown.
pub const CHUNK_LINES: usize = 500;

/// Imports a statement chunk by chunk under a followed import (`start_statement_import`), telling
/// `progress` after each chunk, then marks it done — or failed with the reason, keeping what was
/// done (importing the file again continues: done lines are recognised).
pub async fn import_in_chunks(
    store: &dyn app::store::Store,
    import_id: i64,
    lines: &[StatementLine],
    actor_id: Option<i64>,
    mut progress: impl FnMut(&app::store::ImportOutcome),
) -> Result<app::store::ImportOutcome, app::store::StoreError> {
    let mut total = app::store::ImportOutcome::default();
    for chunk in lines.chunks(CHUNK_LINES) {
        let now = time::OffsetDateTime::now_utc();
        match store.import_statement_chunk(import_id, chunk, actor_id, app::format::today(), now).await {
            Ok(outcome) => {
                total.lines += outcome.lines;
                total.already_imported += outcome.already_imported;
                total.confirmed += outcome.confirmed;
                total.part_payments += outcome.part_payments;
                total.to_review += outcome.to_review;
                progress(&total);
            }
            Err(err) => {
                let _ = store.finish_statement_import(import_id, Some(&err.to_string()), now).await;
                return Err(err);
            }
        }
    }
    store.finish_statement_import(import_id, None, time::OffsetDateTime::now_utc()).await?;
    Ok(total)
}

/// Reads a statement: every line checked; a file with a bad line is refused whole, saying where.
pub fn parse(bytes: &[u8], mapping: &ColumnMapping) -> Result<Vec<StatementLine>, StatementError> {
    let text = decode(bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|_| StatementError::Empty)?.clone();
    if headers.is_empty() {
        return Err(StatementError::Empty);
    }
    let column = |name: &str| {
        let wanted = app::text::fold(name);
        headers
            .iter()
            .position(|h| app::text::fold(h) == wanted)
            .ok_or_else(|| StatementError::MissingColumn(name.to_owned()))
    };
    let (date, amount, description, reference) =
        (column(&mapping.date)?, column(&mapping.amount)?, column(&mapping.description)?, column(&mapping.reference)?);
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut lines = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = index + 2;
        let record = record.map_err(|e| StatementError::Line { line, problem: e.to_string() })?;
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let field = |i: usize| record.get(i).unwrap_or("").to_owned();
        let booked_on = parse_date(&field(date))
            .ok_or_else(|| StatementError::Line { line, problem: format!("not a date: {:?}", field(date)) })?;
        let value = parse_amount(&field(amount)).ok_or_else(|| StatementError::Line {
            line,
            problem: format!("not an amount in đồng: {:?}", field(amount)),
        })?;
        let content = format!("{booked_on}|{value}|{}|{}", field(description), field(reference));
        let occurrence = seen.entry(content.clone()).or_insert(0);
        *occurrence += 1;
        let identity = hex::encode(Sha256::digest(format!("{content}|{occurrence}").as_bytes()));
        lines.push(StatementLine {
            identity,
            line: i64::try_from(line).unwrap_or(i64::MAX),
            booked_on,
            amount: value,
            candidates: candidate_references(&field(description)),
            description: field(description),
            bank_reference: field(reference),
        });
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
    fn identical_lines_are_two_transfers_and_a_second_import_is_the_same_lines() {
        let file = "date,amount,description,reference\n2026-11-30,500.000,UNG HO TN26-7F3K2Q,FT1\n\
                    2026-11-30,500.000,UNG HO TN26-7F3K2Q,FT1\n30/11/2026,\"1,200,000\",ung ho,FT2\n";
        let lines = parse(file.as_bytes(), &ColumnMapping::generic()).unwrap();
        assert_eq!(lines.len(), 3);
        assert_ne!(lines[0].identity, lines[1].identity);
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
        let mapping = ColumnMapping {
            date: "ngay".into(),
            amount: "so tien".into(),
            description: "noi dung".into(),
            reference: "ma gd".into(),
        };
        assert!(matches!(parse(file.as_bytes(), &mapping), Err(StatementError::Line { line: 2, .. })));
        assert_eq!(
            parse(b"when,amount\n", &ColumnMapping::generic()),
            Err(StatementError::MissingColumn("date".into()))
        );
    }
}
