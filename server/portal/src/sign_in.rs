//! Staff sign-in: the password, then (when the account has one) the second factor; every attempt
//! counted before it is checked, per account and per address, in one atomic step of the database,
//! so guesses sent at once are each counted and every replica agrees; a right guess is given back.

use std::collections::BTreeMap;

use domain::{FieldProblem, StaffView};
use time::{Duration, OffsetDateTime};

use crate::passwords::{self, MIN_PASSWORD_CHARS};
use crate::second_factor::{matching_step, new_recovery_codes, recovery_code_hash};
use crate::store::StaffAccount;
use crate::{Error, Portal};

/// Wrong guesses in the window after which an account is throttled: the sixth is refused…
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
/// …and the thirty-first from one address.
pub const MAX_FAILURES_PER_ADDRESS: i64 = 30;
pub const THROTTLE_WINDOW: Duration = Duration::minutes(15);

/// Where a sign-in stands after a password or a code.
#[derive(Debug, PartialEq, Eq)]
pub enum SignIn {
    /// Too many wrong guesses for the account or from the address: wait out the window.
    Throttled,
    Wrong,
    /// The password was right; the account's second factor comes next.
    CodeNeeded {
        account_id: i64,
    },
    /// Signed in: the account's attempts start again.
    Done(StaffView),
}

pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

impl Portal {
    /// What pages and handlers know of a staff member.
    pub fn staff_view(&self, account: &StaffAccount) -> StaffView {
        StaffView {
            id: account.id,
            email: account.email.clone(),
            display_name: account.display_name.clone(),
            role: account.role,
            communes: account.communes.iter().filter_map(|c| self.areas.commune(c)).collect(),
            second_factor: account.totp_enabled,
        }
    }

    /// The account a session holds, if it is still active.
    pub async fn active_staff(&self, account_id: i64) -> Result<Option<StaffView>, Error> {
        Ok(self.store.staff_by_id(account_id).await?.filter(|a| a.active).map(|a| self.staff_view(&a)))
    }

    /// Counts an attempt on `key` (an account's address, or a link's) from `address` before it is
    /// checked; `false` when it is over the limit (it is then given back: only guesses count).
    pub async fn attempt_allowed(&self, key: &str, address: &str) -> Result<bool, Error> {
        let counted = self.store.count_login_attempt(key, address, OffsetDateTime::now_utc(), THROTTLE_WINDOW).await?;
        if counted.for_account > MAX_FAILURES_PER_ACCOUNT || counted.from_address > MAX_FAILURES_PER_ADDRESS {
            tracing::warn!(address, "sign-in throttled");
            self.right_guess(key, address).await;
            return Ok(false);
        }
        Ok(true)
    }

    /// An attempt that was not a wrong guess no longer counts.
    pub(crate) async fn right_guess(&self, key: &str, address: &str) {
        if let Err(err) = self.store.give_back_login_attempt(key, address).await {
            tracing::error!(error = %err, "cannot give back a sign-in attempt");
        }
    }

    /// The first step: an address and a password. An unknown address, or an invited account
    /// without a password yet, is checked against a decoy so that it takes as long to refuse.
    pub async fn check_password(&self, email: &str, password: String, address: &str) -> Result<SignIn, Error> {
        let email = normalise_email(email);
        if !self.attempt_allowed(&email, address).await? {
            return Ok(SignIn::Throttled);
        }
        let account = self.store.staff_by_email(&email).await?;
        let own_hash = account.as_ref().map(|a| a.password_hash.clone()).filter(|h| !h.is_empty());
        let right = match own_hash {
            Some(hash) => passwords::verify(hash, password).await,
            None => {
                let _ = passwords::verify(passwords::decoy().await, password).await;
                false
            }
        };
        match account {
            Some(account) if right && account.active => {
                self.right_guess(&email, address).await;
                if account.totp_enabled {
                    Ok(SignIn::CodeNeeded { account_id: account.id })
                } else {
                    self.signed_in(&account).await
                }
            }
            // The attempt was counted before the check; nothing more to record.
            _ => Ok(SignIn::Wrong),
        }
    }

    /// The second step: a TOTP code (each accepted once) or a recovery code (used up).
    pub async fn check_code(&self, account_id: i64, code: &str, address: &str) -> Result<SignIn, Error> {
        let account = self.store.staff_by_id(account_id).await?.ok_or(Error::NotFound)?;
        let (Some(secret), true, true) = (account.totp_secret.clone(), account.totp_enabled, account.active) else {
            return Ok(SignIn::Wrong);
        };
        if !self.attempt_allowed(&account.email, address).await? {
            return Ok(SignIn::Throttled);
        }
        let now = OffsetDateTime::now_utc();
        let accepted = match matching_step(&secret, code, now) {
            Some(step) => self.store.use_totp_step(account_id, step).await?,
            None => self.store.use_recovery_code(account_id, &recovery_code_hash(code), now).await?,
        };
        if !accepted {
            return Ok(SignIn::Wrong);
        }
        self.right_guess(&account.email, address).await;
        self.signed_in(&account).await
    }

    async fn signed_in(&self, account: &StaffAccount) -> Result<SignIn, Error> {
        self.store.clear_login_failures(&account.email).await?;
        Ok(SignIn::Done(self.staff_view(account)))
    }

    /// The signed-in person changes their own password; the current one is checked like a sign-in.
    pub async fn change_own_password(
        &self,
        staff: &StaffView,
        current: String,
        new: String,
        confirm: &str,
        address: &str,
    ) -> Result<(), Error> {
        let account = self.store.staff_by_id(staff.id).await?.ok_or(Error::NotFound)?;
        if !self.attempt_allowed(&account.email, address).await? {
            return Err(Error::Invalid(BTreeMap::from([("current".to_owned(), FieldProblem::TooManyAttempts)])));
        }
        let mut problems = BTreeMap::new();
        if passwords::verify(account.password_hash.clone(), current.clone()).await {
            self.right_guess(&account.email, address).await;
        } else {
            problems.insert("current".to_owned(), FieldProblem::WrongPassword);
        }
        if new.chars().count() < MIN_PASSWORD_CHARS || new == current {
            problems.insert("new".to_owned(), FieldProblem::PasswordTooShort);
        } else if new != confirm {
            problems.insert("confirm".to_owned(), FieldProblem::PasswordsDiffer);
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let hash = passwords::hash(new).await.map_err(|e| {
            tracing::error!(error = %e, "cannot hash a password");
            Error::Unavailable
        })?;
        self.store.set_staff_password(staff.id, &hash, Some(staff.id)).await?;
        self.store.clear_login_failures(&account.email).await?;
        Ok(())
    }

    /// Turns on the second factor with a first code; answers the recovery codes to show once.
    /// `Ok(None)` when there is no pending secret (already on, or never started).
    pub async fn confirm_second_factor(&self, staff: &StaffView, code: &str) -> Result<Option<Vec<String>>, Error> {
        let account = self.store.staff_by_id(staff.id).await?.ok_or(Error::NotFound)?;
        let (Some(secret), false) = (&account.totp_secret, account.totp_enabled) else { return Ok(None) };
        let Some(step) = matching_step(secret, code, OffsetDateTime::now_utc()) else {
            return Err(Error::Invalid(BTreeMap::from([("code".to_owned(), FieldProblem::WrongCode)])));
        };
        let codes = new_recovery_codes();
        let hashes: Vec<String> = codes.iter().map(|c| recovery_code_hash(c)).collect();
        self.store.enable_totp(staff.id, step, &hashes).await?;
        Ok(Some(codes))
    }
}
