//! Recognitions: the levels, those granted, and the donors who may deserve one.

use async_trait::async_trait;

use super::StoreResult;
use domain::DonorKind;
use domain::network::RecognitionLevel;

pub use domain::network::Candidate;

/// A recognition as staff grant it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewRecognition {
    pub donor_id: i64,
    pub level: String,
    pub year: i64,
    pub decision_number: Option<String>,
    pub decision_date: Option<time::Date>,
    pub reason: String,
    pub actor_id: i64,
}

/// A recognition with its donor, before the consent rule decides what the public sees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecognitionRecord {
    pub id: i64,
    pub donor_id: i64,
    pub year: i64,
    pub level: RecognitionLevel,
    pub decision_number: Option<String>,
    pub decision_date: Option<time::Date>,
    pub reason: String,
    pub donor_name: String,
    pub donor_kind: DonorKind,
    pub public_name: bool,
    pub slug: Option<String>,
    /// Confirmed support that year: of named pledges when the donor is named, of all otherwise.
    pub confirmed: i64,
}

/// Recognitions and the honour roll (a part of the storage port of its own).
#[async_trait]
pub trait RecognitionStore: Send + Sync {
    async fn recognition_levels(&self) -> StoreResult<Vec<RecognitionLevel>>;
    async fn add_recognition_level(&self, level: &RecognitionLevel, actor_id: i64) -> StoreResult<()>;
    /// Grants a recognition and queues its notice, in one transaction. `Duplicate` when the donor
    /// already has that level for that year.
    async fn grant_recognition(&self, recognition: &NewRecognition, at: time::OffsetDateTime) -> StoreResult<i64>;
    async fn recognitions(&self, year: Option<i64>, level: Option<&str>) -> StoreResult<Vec<RecognitionRecord>>;
    async fn recognition(&self, id: i64) -> StoreResult<Option<RecognitionRecord>>;
    async fn donor_recognitions(&self, donor_id: i64) -> StoreResult<Vec<RecognitionRecord>>;
    /// Years that have recognitions, latest first.
    async fn recognition_years(&self) -> StoreResult<Vec<i64>>;
    /// Donors (not erased) whose confirmed support in a category reached `min_amount` that year.
    async fn recognition_candidates(&self, year: i64, min_amount: i64) -> StoreResult<Vec<Candidate>>;
}
