//! Reference data shipped with the product (content/reference/): Thái Nguyên's administrative
//! units before and after the 2025-07-01 reform, compiled in so the binary carries what it needs.

use anyhow::{Context, bail};
use domain::areas::{AdminUnit, SYSTEM_2025, SYSTEM_PRE_2025, Succession};
use serde::Deserialize;

pub const ADMIN_UNITS_CSV: &str = include_str!("../../../../content/reference/admin-units.csv");
pub const BANK_BINS_CSV: &str = include_str!("../../../../content/reference/bank-bins.csv");

#[derive(Deserialize)]
struct BankRow {
    bin: String,
    code: String,
    short_name: String,
    name: String,
    vietqr_status: String,
    note: String,
}

/// The NAPAS bank list; rows noted as a bank's former name, and banks without a BIN, are kept out.
pub fn parse_banks(csv_text: &str) -> anyhow::Result<domain::banks::BankDirectory> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let mut rows = Vec::new();
    for (line, row) in reader.deserialize::<BankRow>().enumerate() {
        let row = row.with_context(|| format!("bank list, record {}", line + 1))?;
        // A bank listed without a BIN cannot appear in a VietQR code.
        if row.bin.trim().is_empty() {
            continue;
        }
        if row.bin.len() != 6 || !row.bin.bytes().all(|b| b.is_ascii_digit()) {
            bail!("bank list, record {}: {:?} is not a six-digit BIN", line + 1, row.bin);
        }
        let former = row.note.trim_start().starts_with("former name");
        rows.push((
            domain::banks::Bank {
                bin: row.bin,
                code: row.code,
                short_name: row.short_name,
                name: row.name,
                vietqr_status: row.vietqr_status,
            },
            former,
        ));
    }
    Ok(domain::banks::BankDirectory::new(rows))
}

#[derive(Deserialize)]
struct Row {
    code: String,
    name: String,
    level: String,
    parent_code: String,
    #[serde(rename = "type")]
    unit_type: String,
    system: String,
    province_code: String,
    valid_from: String,
    valid_to: String,
    status: String,
    #[allow(dead_code)]
    successor_codes: String,
    predecessor_codes: String,
    note: String,
}

fn optional(value: String) -> Option<String> {
    let value = value.trim().to_owned();
    (!value.is_empty()).then_some(value)
}

/// Reads the units CSV (format documented in its README): every unit version, and the old→new
/// mapping taken from each 2025 commune's predecessors (`05461(partial)` marks a split unit).
pub fn parse_admin_units(csv_text: &str) -> anyhow::Result<(Vec<AdminUnit>, Vec<Succession>)> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let mut units = Vec::new();
    let mut successions = Vec::new();
    for (line, row) in reader.deserialize::<Row>().enumerate() {
        let row = row.with_context(|| format!("admin units CSV, record {}", line + 1))?;
        if row.system != SYSTEM_2025 && row.system != SYSTEM_PRE_2025 {
            bail!("admin units CSV, record {}: unknown system {:?}", line + 1, row.system);
        }
        if row.system == SYSTEM_2025 && row.level == "commune" {
            for item in row.predecessor_codes.split(';').map(str::trim).filter(|s| !s.is_empty()) {
                let (code, partial) = match item.strip_suffix("(partial)") {
                    Some(code) => (code.trim(), true),
                    None => (item, false),
                };
                successions.push(Succession { old_code: code.to_owned(), new_code: row.code.clone(), partial });
            }
        }
        units.push(AdminUnit {
            system: row.system,
            code: row.code,
            valid_from: row.valid_from.trim().to_owned(),
            valid_to: optional(row.valid_to),
            name: row.name,
            level: row.level,
            unit_type: row.unit_type,
            parent_code: optional(row.parent_code),
            province_code: row.province_code,
            status: row.status,
            note: row.note,
        });
    }
    Ok((units, successions))
}

/// Writes the shipped units only when they differ from the stored ones, so start-up stays cheap
/// and several replicas starting together do not rewrite the same rows. Answers whether it wrote.
pub async fn sync_areas(store: &dyn portal::store::Store) -> anyhow::Result<bool> {
    let (mut units, mut successions) = parse_admin_units(ADMIN_UNITS_CSV)?;
    let (mut stored_units, mut stored_successions) = store.areas().await?;
    // Compare as sets: the database's order is its collation's, not the file's.
    let unit_key = |u: &domain::areas::AdminUnit| (u.system.clone(), u.code.clone(), u.valid_from.clone());
    units.sort_by_key(unit_key);
    stored_units.sort_by_key(unit_key);
    let succession_key = |s: &domain::areas::Succession| (s.old_code.clone(), s.new_code.clone());
    successions.sort_by_key(succession_key);
    stored_successions.sort_by_key(succession_key);
    if stored_units == units && stored_successions == successions {
        return Ok(false);
    }
    store.sync_areas(&units, &successions).await.context("cannot store the administrative units")?;
    tracing::info!(units = units.len(), successions = successions.len(), "administrative units updated");
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bank_list_offers_each_bin_once_under_its_current_name() {
        let banks = parse_banks(BANK_BINS_CSV).expect("shipped list parses");
        assert_eq!(banks.len(), 70 - 3 - 1, "three renamed banks appear twice, one bank has no BIN");
        assert_eq!(banks.bank("970449").unwrap().short_name, "LPBank");
        assert_eq!(banks.bank("970414").unwrap().short_name, "MBV");
        assert_eq!(banks.bank("970406").unwrap().short_name, "Vikki Bank");
        assert_eq!(banks.bank("970436").unwrap().code, "VCB");
        let receiving = banks.receiving();
        assert!(receiving.iter().all(|b| b.receives_vietqr()));
        assert!(receiving.len() < banks.len(), "banks without VietQR support are not offered");
    }

    #[test]
    fn the_shipped_units_cover_both_systems_and_the_mapping_is_symmetric() {
        let (units, successions) = parse_admin_units(ADMIN_UNITS_CSV).expect("shipped CSV parses");
        let current_communes = units.iter().filter(|u| u.system == SYSTEM_2025 && u.level == "commune").count();
        assert_eq!(current_communes, 92, "Thái Nguyên has 92 communes and wards from 2025-07-01");
        let old_alive = units
            .iter()
            .filter(|u| {
                u.system == SYSTEM_PRE_2025 && u.level == "commune" && u.valid_to.as_deref() == Some("2025-06-30")
            })
            .count();
        assert_eq!(old_alive, 172 + 108, "every commune alive on 2025-06-30 in Thái Nguyên and Bắc Kạn");
        // Every old commune alive at the reform went somewhere.
        for u in units.iter().filter(|u| {
            u.system == SYSTEM_PRE_2025 && u.level == "commune" && u.valid_to.as_deref() == Some("2025-06-30")
        }) {
            assert!(successions.iter().any(|s| s.old_code == u.code), "{} {} has no successor", u.code, u.name);
        }
        let gia_sang: Vec<_> = successions.iter().filter(|s| s.old_code == "05461").collect();
        assert_eq!(gia_sang.len(), 2, "old Gia Sàng was split between two new units");
        assert!(gia_sang.iter().all(|s| s.partial));
    }
}
