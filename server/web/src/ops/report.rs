//! The yearly report for the province and the ministry, as XLSX (two sheets: support by commune ×
//! kind × source with donors, and children reached by commune × kind) and as CSV (the first sheet).

use domain::areas::AreaIndex;
use domain::i18n::Lang;
use domain::{Category, DonorKind, YearlyReport};
use rust_xlsxwriter::{Format, Workbook, XlsxError};

fn commune_name(areas: &AreaIndex, code: &str, lang: Lang) -> String {
    if code.is_empty() {
        return lang.t().outside_need.to_owned();
    }
    areas.commune(code).map_or_else(|| code.to_owned(), |c| c.name)
}

fn category_name(code: &str, lang: Lang) -> String {
    Category::parse(code).map_or_else(|| lang.t().outside_need.to_owned(), |c| lang.category(c).to_owned())
}

fn source_name(code: &str, lang: Lang) -> String {
    DonorKind::parse(code).map_or_else(|| code.to_owned(), |k| lang.donor_kind(k).to_owned())
}

pub fn xlsx(report: &YearlyReport, areas: &AreaIndex, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let t = lang.t();
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(format!("{} {}", t.report_sheet, report.year))?;
    for (col, title) in (0u16..).zip(t.report_support_columns) {
        sheet.write_string_with_format(0, col, title, &bold)?;
    }
    let mut row = 1u32;
    for (commune, category, source, amount, donors) in &report.rows {
        sheet.write_string(row, 0, commune)?;
        sheet.write_string(row, 1, commune_name(areas, commune, lang))?;
        sheet.write_string(row, 2, category_name(category, lang))?;
        sheet.write_string(row, 3, source)?;
        sheet.write_string(row, 4, source_name(source, lang))?;
        sheet.write_number_with_format(row, 5, *amount as f64, &money)?;
        sheet.write_number(row, 6, *donors as f64)?;
        row += 1;
    }
    sheet.write_string_with_format(row, 0, t.report_total, &bold)?;
    sheet.write_number_with_format(row, 5, report.totals.confirmed as f64, &money)?;
    sheet.write_number(row, 6, report.totals.donors as f64)?;
    for (col, width) in [(0u16, 10.0), (1, 28.0), (2, 24.0), (3, 18.0), (4, 30.0), (5, 20.0), (6, 16.0)] {
        sheet.set_column_width(col, width)?;
    }
    let children = workbook.add_worksheet();
    children.set_name(t.report_children_sheet)?;
    for (col, title) in (0u16..).zip(t.report_children_columns) {
        children.write_string_with_format(0, col, title, &bold)?;
    }
    let mut row = 1u32;
    for (commune, category, count) in &report.children {
        children.write_string(row, 0, commune)?;
        children.write_string(row, 1, commune_name(areas, commune, lang))?;
        children.write_string(row, 2, category_name(category, lang))?;
        children.write_number(row, 3, *count as f64)?;
        row += 1;
    }
    children.write_string_with_format(row, 0, t.report_total, &bold)?;
    children.write_number(row, 3, report.totals.children_reached as f64)?;
    if !report.plan.is_empty() {
        let plan = workbook.add_worksheet();
        plan.set_name(t.report_plan_sheet)?;
        for (col, title) in (0u16..).zip(t.report_plan_columns) {
            plan.write_string_with_format(0, col, title, &bold)?;
        }
        for (row, line) in (1u32..).zip(&report.plan) {
            plan.write_string(row, 0, &line.commune)?;
            plan.write_string(row, 1, &line.commune_name)?;
            plan.write_string(row, 2, lang.category(line.category))?;
            plan.write_number(row, 3, line.target_children as f64)?;
            let amounts = [line.target_amount, line.pledged, line.confirmed, line.delivered];
            for (col, amount) in (4u16..).zip(amounts) {
                plan.write_number_with_format(row, col, amount as f64, &money)?;
            }
            plan.write_number(row, 8, line.children_reached as f64)?;
        }
        plan.set_column_width(1, 28.0)?;
        plan.set_column_width(2, 24.0)?;
    }
    workbook.save_to_buffer()
}

/// The support sheet as CSV, UTF-8 with a byte-order mark (Excel opens it as UTF-8).
pub fn csv(report: &YearlyReport, areas: &AreaIndex, lang: Lang) -> Result<Vec<u8>, csv::Error> {
    let t = lang.t();
    let mut out = csv::Writer::from_writer(Vec::from("\u{feff}".as_bytes()));
    out.write_record(t.report_support_columns)?;
    for (commune, category, source, amount, donors) in &report.rows {
        out.write_record([
            commune.clone(),
            commune_name(areas, commune, lang),
            category_name(category, lang),
            source.clone(),
            source_name(source, lang),
            amount.to_string(),
            donors.to_string(),
        ])?;
    }
    out.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}
