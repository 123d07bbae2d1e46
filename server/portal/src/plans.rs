//! The year's resource-mobilisation plan, drafted where offices draft it — in a spreadsheet — and
//! imported as CSV or XLSX with the header `commune_code,category,target_children,target_amount`.
//! A file with any bad line changes nothing and names the line. The coordinator's import on the
//! command line publishes the plan (`--draft` only stages it); a staff upload stages a draft that a
//! coordinator publishes. `/plan` and the API show it beside what was pledged, confirmed and
//! delivered.

use std::collections::{BTreeMap, HashSet};

use domain::staff::may_manage_campaigns;
use domain::{Category, PlanLine, PlanProgress, PlanTarget, StaffView};

use crate::{Error, Portal};

pub const HEADER: [&str; 4] = ["commune_code", "category", "target_children", "target_amount"];

/// What is wrong with a plan file: its line (1 is the header) and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {problem}")]
pub struct PlanProblem {
    pub line: usize,
    pub problem: String,
}

fn at(line: usize, problem: impl Into<String>) -> PlanProblem {
    PlanProblem { line, problem: problem.into() }
}

/// The rows of a CSV or XLSX file (an XLSX file is a zip: it starts with `PK`), as text cells.
pub fn rows_of(bytes: &[u8]) -> Result<Vec<Vec<String>>, PlanProblem> {
    if bytes.starts_with(b"PK") {
        use calamine::Reader;
        let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes))
            .map_err(|e| at(0, format!("not a readable XLSX file ({e})")))?;
        let sheet = book
            .worksheet_range_at(0)
            .ok_or_else(|| at(0, "the workbook has no sheet"))?
            .map_err(|e| at(0, format!("cannot read the first sheet ({e})")))?;
        return Ok(sheet
            .rows()
            .map(|row| row.iter().map(|cell| cell.to_string().trim().to_owned()).collect())
            .collect());
    }
    let text = std::str::from_utf8(bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes))
        .map_err(|_| at(0, "not UTF-8 text (save the sheet as CSV UTF-8, or upload the XLSX file)"))?;
    let delimiter =
        if text.lines().next().is_some_and(|h| h.matches(';').count() > h.matches(',').count()) { b';' } else { b',' };
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    reader
        .records()
        .enumerate()
        .map(|(i, record)| {
            record.map(|r| r.iter().map(|c| c.trim().to_owned()).collect()).map_err(|e| at(i + 1, e.to_string()))
        })
        .collect()
}

/// The plan's targets, every line checked: the header, a current commune of the province, one of
/// the four kinds of support, whole numbers from 0, each commune and kind once.
pub fn parse(rows: &[Vec<String>], is_commune: impl Fn(&str) -> bool) -> Result<Vec<PlanTarget>, Vec<PlanProblem>> {
    let mut problems = Vec::new();
    let header: Vec<String> = rows.first().map(|h| h.iter().map(|c| c.to_lowercase()).collect()).unwrap_or_default();
    if header.iter().map(String::as_str).collect::<Vec<_>>() != HEADER {
        return Err(vec![at(1, format!("the header must be {}", HEADER.join(",")))]);
    }
    let mut targets = Vec::new();
    let mut seen = HashSet::new();
    for (i, row) in rows.iter().enumerate().skip(1) {
        let line = i + 1;
        if row.iter().all(String::is_empty) {
            continue;
        }
        let cell = |n: usize| row.get(n).map(String::as_str).unwrap_or("");
        let whole = |n: usize, name: &str| -> Result<i64, PlanProblem> {
            // A spreadsheet may write a whole number with its decimal (",0").
            domain::amount::parse_count(cell(n).strip_suffix(",0").unwrap_or(cell(n)))
                .filter(|v| *v >= 0)
                .ok_or_else(|| at(line, format!("{name} must be a whole number from 0, got {:?}", cell(n))))
        };
        let commune = cell(0).to_owned();
        let checked = (|| {
            if row.len() > HEADER.len() && row[HEADER.len()..].iter().any(|c| !c.is_empty()) {
                return Err(at(line, "more cells than the header names"));
            }
            if !is_commune(&commune) {
                return Err(at(line, format!("{commune:?} is not a current commune code of the province")));
            }
            let category = Category::parse(cell(1)).ok_or_else(|| {
                at(
                    line,
                    format!("{:?} is not a kind of support (health, nutrition, recreation, warm_clothes)", cell(1)),
                )
            })?;
            if !seen.insert((commune.clone(), category)) {
                return Err(at(line, format!("{commune} {} is planned twice", category.as_str())));
            }
            Ok(PlanTarget {
                commune_code: commune.clone(),
                category,
                target_children: whole(2, "target_children")?,
                target_amount: whole(3, "target_amount")?,
            })
        })();
        match checked {
            Ok(target) => targets.push(target),
            Err(problem) => problems.push(problem),
        }
    }
    if targets.is_empty() && problems.is_empty() {
        problems.push(at(2, "the file has no plan lines"));
    }
    if problems.is_empty() { Ok(targets) } else { Err(problems) }
}

impl Portal {
    /// Imports a plan file for `year`: published at once by the operator on the command line
    /// (`staff` none, `publish` true), else a draft for a coordinator to publish. Nothing changes
    /// when any line is bad.
    pub async fn import_plan(
        &self,
        staff: Option<&StaffView>,
        year: i32,
        file_name: &str,
        bytes: &[u8],
        publish: bool,
    ) -> Result<Result<usize, Vec<PlanProblem>>, Error> {
        if staff.is_some_and(|s| !may_manage_campaigns(s)) {
            return Err(Error::Denied);
        }
        if !(2000..=2100).contains(&year) {
            return Ok(Err(vec![at(0, format!("{year} is not a plan year"))]));
        }
        let rows = match rows_of(bytes) {
            Ok(rows) => rows,
            Err(problem) => return Ok(Err(vec![problem])),
        };
        let targets = match parse(&rows, |code| self.areas.is_current_commune(code)) {
            Ok(targets) => targets,
            Err(problems) => return Ok(Err(problems)),
        };
        let stage = if publish && staff.is_none() { "published" } else { "draft" };
        let now = time::OffsetDateTime::now_utc();
        self.store.save_plan(year, stage, &targets, file_name, staff.map(|s| s.id), now).await?;
        self.changed();
        Ok(Ok(targets.len()))
    }

    /// A coordinator publishes the year's draft.
    pub async fn publish_plan(&self, staff: &StaffView, year: i32) -> Result<(), Error> {
        if !may_manage_campaigns(staff) {
            return Err(Error::Denied);
        }
        self.store.publish_plan(year, staff.id, time::OffsetDateTime::now_utc()).await?;
        self.changed();
        Ok(())
    }

    /// The published plan of a year (or, for staff, the draft) beside what the year achieved.
    pub async fn plan_progress(&self, year: i32, stage: &str) -> Result<PlanProgress, Error> {
        let targets = self.store.plan_targets(year, stage).await?;
        let achieved: BTreeMap<(String, String), (i64, i64, i64, i64)> = self
            .store
            .achieved_by_place(year)
            .await?
            .into_iter()
            .map(|(commune, category, p, c, d, n)| ((commune, category), (p, c, d, n)))
            .collect();
        let lines = targets
            .into_iter()
            .map(|t| {
                let key = (t.commune_code.clone(), t.category.as_str().to_owned());
                let (pledged, confirmed, delivered, children_reached) = achieved.get(&key).copied().unwrap_or_default();
                PlanLine {
                    commune_name: self.areas.commune(&t.commune_code).map(|c| c.name).unwrap_or_default(),
                    commune: t.commune_code,
                    category: t.category,
                    target_children: t.target_children,
                    target_amount: t.target_amount,
                    pledged,
                    confirmed,
                    delivered,
                    children_reached,
                }
            })
            .collect::<Vec<_>>();
        Ok(PlanProgress { year, published: !lines.is_empty(), lines })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<Vec<String>> {
        rows_of(text.as_bytes()).unwrap()
    }

    #[test]
    fn a_plan_is_read_line_by_line_and_one_bad_line_names_itself() {
        let good = "commune_code,category,target_children,target_amount\n05443,warm_clothes,140,\"98.000.000\"\n05443,health,60,30000000\n";
        let targets = parse(&rows(good), |c| c == "05443").unwrap();
        assert_eq!(targets.len(), 2);
        assert_eq!((targets[0].target_children, targets[0].target_amount), (140, 98_000_000));
        let bad = format!("{good}99999,nutrition,10,100\n05443,meals,10,100\n05443,health,1,1\n05443,nutrition,-5,1\n");
        let problems = parse(&rows(&bad), |c| c == "05443").unwrap_err();
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![4, 5, 6, 7], "{problems:?}");
        assert!(problems[1].problem.contains("meals") && problems[2].problem.contains("twice"));
        assert!(parse(&rows("commune,kind\n"), |_| true).unwrap_err()[0].problem.contains("header"));
        let semicolons = "commune_code;category;target_children;target_amount\n05443;health;60;30000000\n";
        assert_eq!(parse(&rows(semicolons), |c| c == "05443").unwrap().len(), 1);
    }
}
