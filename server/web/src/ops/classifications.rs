//! Commune classifications (region I/II/III per period) are data that staff keep in a CSV and load
//! with `portal import-classifications FILE`. A file with any bad line changes nothing.

use domain::areas::{AdminUnit, CommuneClassification, Region, SYSTEM_2025, SYSTEM_PRE_2025};
use serde::Deserialize;
use time::Date;
use time::macros::format_description;

/// The header a classifications file must have.
pub const HEADER: &str = "system,commune_code,period_start,period_end,region,extremely_disadvantaged_villages,decision";

#[derive(Deserialize)]
struct Row {
    system: String,
    commune_code: String,
    period_start: String,
    period_end: String,
    region: String,
    extremely_disadvantaged_villages: String,
    decision: String,
}

fn date(value: &str) -> Option<Date> {
    Date::parse(value.trim(), format_description!("[year]-[month]-[day]")).ok()
}

/// Reads and checks every line against the administrative units; returns every problem found,
/// each with its line number, so one correction round is enough.
pub fn parse(csv_text: &str, units: &[AdminUnit]) -> Result<Vec<CommuneClassification>, Vec<String>> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let mut problems = Vec::new();
    let mut parsed = Vec::new();
    match reader.headers() {
        Ok(h) if h.iter().collect::<Vec<_>>().join(",") == HEADER => {}
        _ => return Err(vec![format!("line 1: the header must be {HEADER}")]),
    }
    for (index, row) in reader.deserialize::<Row>().enumerate() {
        let line = index + 2;
        let row = match row {
            Ok(row) => row,
            Err(err) => {
                problems.push(format!("line {line}: {err}"));
                continue;
            }
        };
        let system = row.system.trim();
        let code = row.commune_code.trim();
        if system != SYSTEM_2025 && system != SYSTEM_PRE_2025 {
            problems.push(format!("line {line}: system must be {SYSTEM_2025} or {SYSTEM_PRE_2025}"));
        } else if !units.iter().any(|u| u.system == system && u.code == code && u.level == "commune") {
            problems.push(format!("line {line}: {code} is not a commune of the {system} system"));
        }
        let start = date(&row.period_start);
        if start.is_none() {
            problems.push(format!("line {line}: period_start must be a date YYYY-MM-DD"));
        }
        let end = if row.period_end.trim().is_empty() { Ok(None) } else { date(&row.period_end).map(Some).ok_or(()) };
        match (&end, start) {
            (Err(()), _) => problems.push(format!("line {line}: period_end must be empty or a date YYYY-MM-DD")),
            (Ok(Some(end)), Some(start)) if *end < start => {
                problems.push(format!("line {line}: the period ends before it starts"))
            }
            _ => {}
        }
        let region = Region::parse(&row.region);
        if region.is_none() {
            problems.push(format!("line {line}: region must be I, II or III"));
        }
        let villages = row.extremely_disadvantaged_villages.trim();
        let villages = if villages.is_empty() { Some(0) } else { villages.parse::<i64>().ok().filter(|v| *v >= 0) };
        if villages.is_none() {
            problems.push(format!("line {line}: extremely_disadvantaged_villages must be a whole number ≥ 0"));
        }
        if let (Some(period_start), Ok(period_end), Some(region), Some(villages)) = (start, end, region, villages) {
            parsed.push(CommuneClassification {
                system: system.to_owned(),
                commune_code: code.to_owned(),
                period_start,
                period_end,
                region,
                extremely_disadvantaged_villages: villages,
                decision: row.decision.trim().to_owned(),
            });
        }
    }
    if problems.is_empty() { Ok(parsed) } else { Err(problems) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units() -> Vec<AdminUnit> {
        crate::ops::reference::parse_admin_units(crate::ops::reference::ADMIN_UNITS_CSV).expect("shipped CSV").0
    }

    #[test]
    fn a_good_file_is_read_whole() {
        let text = format!(
            "{HEADER}\n2025,05719,2026-01-01,,III,7,Quyết định số …\npre-2025,05728,2021-06-04,2025-06-30,II,2,\n"
        );
        let rows = parse(&text, &units()).expect("valid");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].region, Region::III);
        assert_eq!(rows[0].period_end, None);
        assert_eq!(rows[1].extremely_disadvantaged_villages, 2);
    }

    #[test]
    fn every_bad_line_is_reported_with_its_number() {
        let text = format!(
            "{HEADER}\n2025,99999,2026-01-01,,III,1,\n2025,05719,01/01/2026,,IV,-1,\n2025,05719,2026-05-01,2026-01-01,I,0,\n"
        );
        let problems = parse(&text, &units()).expect_err("invalid");
        assert!(problems.iter().any(|p| p.starts_with("line 2:") && p.contains("99999")), "{problems:?}");
        assert!(problems.iter().any(|p| p.starts_with("line 3:") && p.contains("period_start")), "{problems:?}");
        assert!(problems.iter().any(|p| p.starts_with("line 3:") && p.contains("region")), "{problems:?}");
        assert!(problems.iter().any(|p| p.starts_with("line 3:") && p.contains("villages")), "{problems:?}");
        assert!(problems.iter().any(|p| p.starts_with("line 4:") && p.contains("ends before")), "{problems:?}");
        assert!(parse("code,region\n", &units()).is_err());
    }
}
