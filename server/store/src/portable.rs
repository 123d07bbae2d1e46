//! The SQL both backends share. It is written once, in the dialect both accept (`$n` placeholders,
//! `CAST(… AS BIGINT)`, `RETURNING`), and expanded for each backend's pool type: sqlx's generic
//! executor bounds would be longer than the queries, and its `Any` driver lacks what we need.
//!
//! So each part of the port is implemented by a macro in a file of its own (`needs.rs` has
//! `need_store!`, `staff.rs` has `staff_store!`, …), invoked with the store's type and its sqlx
//! database at the bottom of `sqlite.rs` and `postgres.rs`. The helpers a macro defines beside its
//! impl (`audit_in`, `notice_in`, `step_in`, …) are expanded into that same module, so every macro
//! can call them. What follows is what the parts share outside the macros.

/// `$first, $first+1, …` for an `IN (…)` list of `count` values.
pub(super) fn placeholders(first: usize, count: usize) -> String {
    (first..first + count).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// A unique-constraint violation, on either backend.
pub(super) fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.is_unique_violation())
}
