//! Staff accounts: creating and inviting them, their access, passwords and one-time links.

use async_trait::async_trait;

use super::StoreResult;
use domain::Role;

/// A staff account as stored, with its password hash (never sent to a page).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffAccount {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub active: bool,
    /// 2025 commune codes an area officer works in.
    pub communes: Vec<String>,
    /// Base32 TOTP secret: pending until `totp_enabled`.
    pub totp_secret: Option<String>,
    pub totp_enabled: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewStaff {
    /// Lower case.
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: Role,
    pub communes: Vec<String>,
}

/// A one-time link's record: only the hash of the token is stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffToken {
    pub token_hash: String,
    pub staff_id: i64,
    /// `invite` or `reset`.
    pub kind: &'static str,
    pub expires_at: time::OffsetDateTime,
}

/// Staff accounts (a part of the storage port of its own).
#[async_trait]
pub trait StaffStore: Send + Sync {
    /// Creates a staff account and records it in the audit trail (by `actor`, or the command line
    /// when `None`). An address already in use is `StoreError::Duplicate`.
    async fn create_staff(&self, staff: &NewStaff, actor: Option<i64>) -> StoreResult<i64>;
    async fn staff_by_email(&self, email: &str) -> StoreResult<Option<StaffAccount>>;
    async fn staff_by_id(&self, id: i64) -> StoreResult<Option<StaffAccount>>;
    /// Every staff account, by address.
    async fn list_staff(&self) -> StoreResult<Vec<StaffAccount>>;
    /// Sets what an account may do: its role and, for a commune officer, its communes.
    async fn set_staff_access(&self, id: i64, role: Role, communes: &[String], actor_id: i64) -> StoreResult<()>;
    /// Creates an account that has no password yet, with the invitation to set one, together.
    async fn invite_staff(&self, staff: &NewStaff, token: &StaffToken, actor_id: i64) -> StoreResult<i64>;
    /// Issues a one-time password-reset link for an account.
    async fn issue_staff_token(&self, token: &StaffToken, actor_id: i64) -> StoreResult<()>;
    /// Sets the password through a one-time link: the token must exist, be unused and unexpired;
    /// it is used up in the same transaction. Answers the account's id.
    async fn redeem_staff_token(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: time::OffsetDateTime,
    ) -> StoreResult<i64>;
    /// The account a still-valid token belongs to, without using it.
    async fn staff_token_owner(&self, token_hash: &str, now: time::OffsetDateTime) -> StoreResult<Option<i64>>;
    /// Replaces an account's password hash (the audit trail records that it changed, not the hash).
    async fn set_staff_password(&self, id: i64, password_hash: &str, actor_id: Option<i64>) -> StoreResult<()>;
    /// Disables or re-enables an account (recorded in the audit trail).
    async fn set_staff_active(&self, id: i64, active: bool, actor_id: Option<i64>) -> StoreResult<()>;
}
