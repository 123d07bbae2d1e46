//! The SQL both backends share. It is written once, in the dialect both accept (`$n` placeholders,
//! `CAST(… AS BIGINT)`, `RETURNING`), and expanded for each backend's pool type: sqlx's generic
//! executor bounds would be longer than the queries, and its `Any` driver lacks what we need.
//!
//! So each part of the port is implemented by a macro in a file of its own (`needs.rs` has
//! `need_store!`, `staff.rs` has `staff_store!`, …), all invoked by `portable_store!` below with
//! the store's type and its sqlx database, once at the bottom of `sqlite.rs` and of `postgres.rs`. The helpers a macro defines beside its
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

/// Every part of the port for one backend: `$store` over pools of `$db`, which calls itself
/// `$backend` and claims notices with `$skip_locked` appended to the claiming query.
macro_rules! portable_store {
    ($store:ty, $db:ty, $backend:literal, $skip_locked:literal) => {
        $crate::operations::operations_store!($store, $db, $backend);
        $crate::needs::need_store!($store, $db);
        $crate::workflow::need_workflow_store!($store, $db);
        $crate::audit::audit_store!($store, $db);
        $crate::staff::staff_store!($store, $db);
        $crate::sign_in::sign_in_store!($store, $db);
        $crate::pledges::pledge_store!($store, $db);
        $crate::lifecycle::lifecycle_store!($store, $db);
        $crate::ledger::ledger_store!($store, $db);
        $crate::statements::statement_store!($store, $db);
        $crate::campaigns::campaign_store!($store, $db);
        $crate::notices::notice_store!($store, $db, $skip_locked);
        $crate::network::network_store!($store, $db);
        $crate::recognitions::recognition_store!($store, $db);
        $crate::donors::donor_store!($store, $db);
        $crate::duplicates::duplicate_store!($store, $db);
        $crate::provider_tokens::provider_token_store!($store, $db);
        $crate::plans::plan_store!($store, $db);
        $crate::partner_plans::partner_plan_store!($store, $db);
        $crate::digests::digest_store!($store, $db);
        impl portal::store::Store for $store {}
    };
}
pub(crate) use portable_store;
