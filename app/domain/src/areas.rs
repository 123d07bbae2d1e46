//! Administrative units before and after the 2025-07-01 reform, and the index the pages and the
//! API search. The units are reference data (a few hundred rows): they are loaded once into memory.

use std::collections::HashMap;

use crate::collation::sort_vietnamese;
use crate::places::{AreaHit, CommuneRef, FormerUnit};
use crate::text::fold;

pub const SYSTEM_2025: &str = "2025";
pub const SYSTEM_PRE_2025: &str = "pre-2025";
/// The last day of the three-level system.
pub const LAST_DAY_PRE_2025: &str = "2025-06-30";

/// One version of one administrative unit, keyed by (system, code, valid_from).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdminUnit {
    pub system: String,
    pub code: String,
    /// ISO date; empty when the version predates the GSO history (2004).
    pub valid_from: String,
    pub valid_to: Option<String>,
    pub name: String,
    /// `province`, `district`, `commune`.
    pub level: String,
    /// Tỉnh, Huyện, Xã, Phường…
    pub unit_type: String,
    pub parent_code: Option<String>,
    pub province_code: String,
    pub status: String,
    pub note: String,
}

impl AdminUnit {
    pub fn is_current(&self) -> bool {
        self.system == SYSTEM_2025
    }

    /// The name without its type, for sorting: "Xã Bằng Thành" → "Bằng Thành".
    pub fn proper_name(&self) -> &str {
        self.name
            .strip_prefix(self.unit_type.as_str())
            .map(str::trim_start)
            .filter(|rest| !rest.is_empty())
            .unwrap_or(&self.name)
    }
}

/// Which 2025 commune took over (part of) which pre-2025 commune.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Succession {
    pub old_code: String,
    pub new_code: String,
    pub partial: bool,
}

/// A commune's classification for a period (region I/II/III under the ethnic-minority programme).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommuneClassification {
    pub system: String,
    pub commune_code: String,
    pub period_start: time::Date,
    pub period_end: Option<time::Date>,
    pub region: Region,
    pub extremely_disadvantaged_villages: i64,
    pub decision: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Region {
    I,
    II,
    III,
}

impl Region {
    pub fn as_str(self) -> &'static str {
        match self {
            Region::I => "I",
            Region::II => "II",
            Region::III => "III",
        }
    }
    pub fn parse(value: &str) -> Option<Self> {
        match value.trim() {
            "I" | "1" => Some(Region::I),
            "II" | "2" => Some(Region::II),
            "III" | "3" => Some(Region::III),
            _ => None,
        }
    }
}

/// Everything the pages need to know about areas, in memory.
#[derive(Debug, Default)]
pub struct AreaIndex {
    units: Vec<AdminUnit>,
    /// Folded name of each unit, same order as `units`.
    folded: Vec<String>,
    current_communes: HashMap<String, usize>,
    /// Pre-2025 units that lived until the reform, by code.
    last_pre_2025: HashMap<String, usize>,
    successors: HashMap<String, Vec<(String, bool)>>,
    predecessors: HashMap<String, Vec<(String, bool)>>,
    /// 2025 communes in Vietnamese order.
    communes_sorted: Vec<usize>,
    province: Option<usize>,
}

impl AreaIndex {
    pub fn new(units: Vec<AdminUnit>, successions: &[Succession]) -> Self {
        let folded = units.iter().map(|u| fold(&u.name)).collect();
        let mut current_communes = HashMap::new();
        let mut last_pre_2025 = HashMap::new();
        let mut province = None;
        for (i, u) in units.iter().enumerate() {
            if u.is_current() && u.level == "commune" {
                current_communes.insert(u.code.clone(), i);
            } else if u.is_current() && u.level == "province" {
                province = Some(i);
            } else if !u.is_current() && u.valid_to.as_deref() == Some(LAST_DAY_PRE_2025) {
                last_pre_2025.insert(u.code.clone(), i);
            }
        }
        let mut successors: HashMap<String, Vec<(String, bool)>> = HashMap::new();
        let mut predecessors: HashMap<String, Vec<(String, bool)>> = HashMap::new();
        for s in successions {
            successors.entry(s.old_code.clone()).or_default().push((s.new_code.clone(), s.partial));
            predecessors.entry(s.new_code.clone()).or_default().push((s.old_code.clone(), s.partial));
        }
        let mut communes_sorted: Vec<usize> = current_communes.values().copied().collect();
        sort_vietnamese(&mut communes_sorted, |&i| units[i].proper_name());
        for list in predecessors.values_mut() {
            list.sort_by(|a, b| {
                let name = |code: &str| last_pre_2025.get(code).map(|&i: &usize| units[i].proper_name()).unwrap_or("");
                crate::collation::compare(name(&a.0), name(&b.0))
            });
        }
        AreaIndex {
            units,
            folded,
            current_communes,
            last_pre_2025,
            successors,
            predecessors,
            communes_sorted,
            province,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    pub fn unit_count(&self) -> usize {
        self.units.len()
    }

    /// The province's current name ("Tỉnh Thái Nguyên"), from the data, never from code.
    pub fn province_name(&self) -> String {
        self.province.map(|i| self.units[i].name.clone()).unwrap_or_default()
    }

    /// The province's name without its type ("Thái Nguyên"), for reference codes.
    pub fn province_proper_name(&self) -> String {
        self.province.map(|i| self.units[i].proper_name().to_owned()).unwrap_or_default()
    }

    pub fn commune(&self, code: &str) -> Option<CommuneRef> {
        self.current_communes.get(code).map(|&i| CommuneRef { code: code.to_owned(), name: self.units[i].name.clone() })
    }

    pub fn is_current_commune(&self, code: &str) -> bool {
        self.current_communes.contains_key(code)
    }

    /// 2025 communes in Vietnamese order, for lists and filters.
    pub fn communes(&self) -> Vec<CommuneRef> {
        self.communes_sorted
            .iter()
            .map(|&i| CommuneRef { code: self.units[i].code.clone(), name: self.units[i].name.clone() })
            .collect()
    }

    /// The pre-2025 communes a 2025 commune was formed from.
    pub fn formerly(&self, new_code: &str) -> Vec<FormerUnit> {
        self.predecessors
            .get(new_code)
            .into_iter()
            .flatten()
            .filter_map(|(old, partial)| {
                let unit = &self.units[*self.last_pre_2025.get(old)?];
                Some(FormerUnit {
                    id: format!("pre2025-{old}"),
                    name: unit.name.clone(),
                    district: self.district_of(unit),
                    partial: *partial,
                })
            })
            .collect()
    }

    fn district_of(&self, unit: &AdminUnit) -> Option<String> {
        let parent = unit.parent_code.as_deref()?;
        self.last_pre_2025
            .get(parent)
            .map(|&i| &self.units[i])
            .filter(|p| p.level == "district")
            .map(|p| p.name.clone())
    }

    /// 2025 communes that now cover a pre-2025 unit (for a district: all of its communes').
    fn now_in(&self, unit: &AdminUnit) -> Vec<CommuneRef> {
        let mut codes: Vec<&str> = match unit.level.as_str() {
            "commune" => self.successors.get(&unit.code).into_iter().flatten().map(|(c, _)| c.as_str()).collect(),
            "district" => self
                .units
                .iter()
                .filter(|u| {
                    !u.is_current() && u.level == "commune" && u.parent_code.as_deref() == Some(unit.code.as_str())
                })
                .flat_map(|u| self.successors.get(&u.code).into_iter().flatten().map(|(c, _)| c.as_str()))
                .collect(),
            _ => Vec::new(),
        };
        codes.sort_unstable();
        codes.dedup();
        let mut communes: Vec<CommuneRef> = codes.into_iter().filter_map(|c| self.commune(c)).collect();
        communes.sort_by(|a, b| crate::collation::compare(&a.name, &b.name));
        communes
    }

    /// Units whose name contains every word of the query, with or without diacritics, old names
    /// included. Current units first, then former ones; each group in Vietnamese order.
    pub fn search(&self, query: &str, limit: usize) -> Vec<AreaHit> {
        let words: Vec<String> = fold(query).split(' ').filter(|w| !w.is_empty()).map(str::to_owned).collect();
        let mut hits: Vec<usize> =
            (0..self.units.len()).filter(|&i| words.iter().all(|w| self.folded[i].contains(w.as_str()))).collect();
        hits.sort_by(|&a, &b| {
            let (ua, ub) = (&self.units[a], &self.units[b]);
            ub.is_current()
                .cmp(&ua.is_current())
                .then_with(|| crate::collation::compare(ua.proper_name(), ub.proper_name()))
                .then_with(|| ub.valid_from.cmp(&ua.valid_from))
        });
        hits.into_iter().take(limit).map(|i| self.hit(&self.units[i])).collect()
    }

    fn hit(&self, unit: &AdminUnit) -> AreaHit {
        let current = unit.is_current();
        AreaHit {
            id: if current { unit.code.clone() } else { format!("pre2025-{}", unit.code) },
            code: unit.code.clone(),
            name: unit.name.clone(),
            level: unit.level.clone(),
            system: unit.system.clone(),
            district: if current { None } else { self.district_of(unit) },
            now_in: if current { Vec::new() } else { self.now_in(unit) },
            formerly: if current && unit.level == "commune" { self.formerly(&unit.code) } else { Vec::new() },
            valid_from: Some(unit.valid_from.clone()).filter(|v| !v.is_empty()),
            valid_to: unit.valid_to.clone(),
        }
    }
}
