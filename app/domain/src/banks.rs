//! The banks a receiving account can be at: NAPAS BINs shipped in content/reference/bank-bins.csv.
//! A bank that was renamed keeps its BIN; only its current name is offered.

use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bank {
    /// Six-digit NAPAS acquirer id, as VietQR tag 38/01/00 carries it.
    pub bin: String,
    pub code: String,
    pub short_name: String,
    pub name: String,
    /// `TRANSFER_SUPPORTED`, `RECEIVE_ONLY`, `NOT_SUPPORTED`, or empty when unknown.
    pub vietqr_status: String,
}

impl Bank {
    /// Whether VietQR transfers into an account at this bank are known to work.
    pub fn receives_vietqr(&self) -> bool {
        matches!(self.vietqr_status.as_str(), "TRANSFER_SUPPORTED" | "RECEIVE_ONLY")
    }
}

#[derive(Clone, Debug, Default)]
pub struct BankDirectory {
    by_bin: BTreeMap<String, Bank>,
}

impl BankDirectory {
    /// From the rows of the shipped list: (bank, whether the row is a former name).
    pub fn new(rows: impl IntoIterator<Item = (Bank, bool)>) -> Self {
        let mut by_bin = BTreeMap::new();
        for (bank, former_name) in rows {
            if !former_name {
                by_bin.insert(bank.bin.clone(), bank);
            }
        }
        BankDirectory { by_bin }
    }

    pub fn bank(&self, bin: &str) -> Option<&Bank> {
        self.by_bin.get(bin)
    }

    /// A bank by the name a service gives it ("Vietcombank", "MBBank", "VietinBank"): its code or
    /// short name, compared by letters and digits only, without case.
    pub fn bank_by_name(&self, name: &str) -> Option<&Bank> {
        let plain =
            |text: &str| text.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase();
        let wanted = plain(name);
        if wanted.is_empty() {
            return None;
        }
        self.by_bin.values().find(|b| plain(&b.short_name) == wanted || plain(&b.code) == wanted)
    }

    /// Banks that receive VietQR transfers, by short name, for a receiving-account choice.
    pub fn receiving(&self) -> Vec<&Bank> {
        let mut banks: Vec<&Bank> = self.by_bin.values().filter(|b| b.receives_vietqr()).collect();
        banks.sort_by(|a, b| crate::collation::compare(&a.short_name, &b.short_name));
        banks
    }

    pub fn len(&self) -> usize {
        self.by_bin.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_bin.is_empty()
    }
}
