//! One page of a list, as the API and the pages show it.

use serde::{Deserialize, Serialize};

/// One page of a list, as the API and the pages show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub per_page: u32,
    pub total: i64,
}

impl<T> Paged<T> {
    pub fn page_count(&self) -> u32 {
        let per = i64::from(self.per_page.max(1));
        u32::try_from((self.total + per - 1) / per).unwrap_or(u32::MAX).max(1)
    }
}
