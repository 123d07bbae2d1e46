//! Staff accounts as the admin sees them, the names history lines give the people who acted, the
//! password links, and the enrolment of a second factor.

use domain::{AccountView, Role, StaffView};

use crate::store::StaffAccount;
use crate::{Error, Portal};

fn admin_only(staff: &StaffView) -> Result<(), Error> {
    if staff.role == Role::Admin { Ok(()) } else { Err(Error::Denied) }
}

impl Portal {
    fn account_view(&self, a: StaffAccount) -> AccountView {
        AccountView {
            id: a.id,
            email: a.email,
            display_name: a.display_name,
            role: a.role,
            communes: a.communes.iter().filter_map(|c| self.areas.commune(c)).collect(),
            active: a.active,
        }
    }

    /// Every staff account, for the admin.
    pub async fn staff_accounts(&self, admin: &StaffView) -> Result<Vec<AccountView>, Error> {
        admin_only(admin)?;
        Ok(self.store.list_staff().await?.into_iter().map(|a| self.account_view(a)).collect())
    }

    /// One staff account, for the admin.
    pub async fn staff_account(&self, admin: &StaffView, id: i64) -> Result<AccountView, Error> {
        admin_only(admin)?;
        let account = self.store.staff_by_id(id).await?.ok_or(Error::NotFound)?;
        Ok(self.account_view(account))
    }

    /// The name a history or audit line gives the staff member who acted: their display name, or
    /// their address; `None` when the account no longer exists.
    pub async fn actor_name(&self, id: i64) -> Result<Option<String>, Error> {
        Ok(self.store.staff_by_id(id).await?.map(|s| if s.display_name.is_empty() { s.email } else { s.display_name }))
    }

    /// Whether an invitation or reset link would still set a password.
    pub async fn password_link_usable(&self, token: &str) -> Result<bool, Error> {
        let hash = crate::tokens::token_hash(token);
        Ok(self.store.staff_token_owner(&hash, time::OffsetDateTime::now_utc()).await?.is_some())
    }

    /// The second factor of the person signed in: `None` when it is on already, otherwise the secret
    /// to enrol — made on the first visit and kept until a code confirms it.
    pub async fn second_factor_to_enrol(&self, staff: &StaffView) -> Result<Option<String>, Error> {
        let account = self.store.staff_by_id(staff.id).await?.ok_or(Error::NotFound)?;
        if account.totp_enabled {
            return Ok(None);
        }
        match account.totp_secret {
            Some(secret) => Ok(Some(secret)),
            None => {
                let secret = crate::second_factor::new_secret();
                self.store.set_totp_pending(staff.id, &secret).await?;
                Ok(Some(secret))
            }
        }
    }
}

/// How long an invitation to set a first password works…
pub const INVITATION_LIFETIME: time::Duration = time::Duration::days(7);
/// …and a password-reset link.
pub const RESET_LIFETIME: time::Duration = time::Duration::hours(24);

/// A fresh token for a one-time link, and the hash that is stored (never the token).
pub fn new_link_token() -> (String, String) {
    let token = crate::tokens::new_link_token();
    let hash = crate::tokens::token_hash(&token);
    (token, hash)
}

/// What an account may do, as typed: its role and, for a commune officer, its communes.
pub struct Access {
    pub role: String,
    pub communes: Vec<String>,
}

impl Portal {
    /// The role and communes of an access form, checked: commune officers need a commune in the
    /// province, the other roles act province-wide (their communes are dropped).
    pub fn read_access(&self, access: &Access) -> Result<(Role, Vec<String>), crate::Problems> {
        let mut problems = crate::Problems::new();
        let role = Role::parse(access.role.trim());
        if role.is_none() {
            problems.insert("role".into(), domain::FieldProblem::Required);
        }
        let mut communes: Vec<String> = access.communes.iter().map(|c| c.trim().to_owned()).collect();
        communes.sort();
        communes.dedup();
        if communes.iter().any(|c| !self.areas.is_current_commune(c)) {
            problems.insert("communes".into(), domain::FieldProblem::UnknownCommune);
        }
        match role {
            Some(Role::AreaOfficer) if communes.is_empty() => {
                problems.insert("communes".into(), domain::FieldProblem::CommuneRequired);
            }
            _ => {}
        }
        match role {
            Some(role) if problems.is_empty() => {
                Ok((role, if role == Role::AreaOfficer { communes } else { Vec::new() }))
            }
            _ => Err(problems),
        }
    }

    /// An admin invites a staff member: an account without a password and the one-time link to
    /// set one (valid a week). Answers the link's token, to pass on.
    pub async fn invite_staff(
        &self,
        admin: &StaffView,
        email: &str,
        name: &str,
        access: &Access,
    ) -> Result<String, Error> {
        admin_only(admin)?;
        let email = crate::sign_in::normalise_email(email);
        let mut problems = crate::Problems::new();
        if !domain::text::is_plausible_email(&email) {
            problems.insert("email".into(), domain::FieldProblem::NotAnEmail);
        }
        if name.chars().count() > 200 {
            problems.insert("display_name".into(), domain::FieldProblem::TooLong);
        }
        let access = self.read_access(access);
        let (role, communes) = match access {
            Ok(access) if problems.is_empty() => access,
            Ok(_) => return Err(Error::Invalid(problems)),
            Err(more) => {
                problems.extend(more);
                return Err(Error::Invalid(problems));
            }
        };
        let (token, hash) = new_link_token();
        // No password yet: an empty hash never verifies, so nobody signs in before the invitee sets one.
        let staff = crate::store::NewStaff {
            email,
            display_name: name.trim().to_owned(),
            password_hash: String::new(),
            role,
            communes,
        };
        let invitation = crate::store::StaffToken {
            token_hash: hash,
            staff_id: 0,
            kind: "invite",
            expires_at: time::OffsetDateTime::now_utc() + INVITATION_LIFETIME,
        };
        match self.store.invite_staff(&staff, &invitation, admin.id).await {
            Ok(_) => Ok(token),
            Err(crate::store::StoreError::Duplicate(_)) => {
                Err(Error::Invalid(crate::Problems::from([("email".to_owned(), domain::FieldProblem::EmailTaken)])))
            }
            Err(e) => Err(e.into()),
        }
    }

    /// An admin changes what an account may do (never their own admin role away).
    pub async fn set_staff_access(&self, admin: &StaffView, id: i64, access: &Access) -> Result<(), Error> {
        admin_only(admin)?;
        self.store.staff_by_id(id).await?.ok_or(Error::NotFound)?;
        let (role, communes) = self.read_access(access).map_err(Error::Invalid)?;
        if id == admin.id && role != Role::Admin {
            return Err(not_yourself());
        }
        Ok(self.store.set_staff_access(id, role, &communes, admin.id).await?)
    }

    /// An admin disables (its sessions end at their next request) or enables an account — never their own.
    pub async fn set_staff_active(&self, admin: &StaffView, id: i64, active: bool) -> Result<(), Error> {
        admin_only(admin)?;
        self.store.staff_by_id(id).await?.ok_or(Error::NotFound)?;
        if id == admin.id && !active {
            return Err(not_yourself());
        }
        Ok(self.store.set_staff_active(id, active, Some(admin.id)).await?)
    }

    /// An admin issues a password-reset link (valid a day); answers its token, to pass on.
    pub async fn password_reset_link(&self, admin: &StaffView, id: i64) -> Result<String, Error> {
        admin_only(admin)?;
        self.store.staff_by_id(id).await?.ok_or(Error::NotFound)?;
        let (token, hash) = new_link_token();
        let reset = crate::store::StaffToken {
            token_hash: hash,
            staff_id: id,
            kind: "reset",
            expires_at: time::OffsetDateTime::now_utc() + RESET_LIFETIME,
        };
        self.store.issue_staff_token(&reset, admin.id).await?;
        Ok(token)
    }

    /// Sets a password through an invitation or reset link. The link is checked before any hashing
    /// (`NotFound` when unknown, used or expired), and its attempts are counted like sign-ins.
    pub async fn set_password_by_link(
        &self,
        token: &str,
        new: String,
        confirm: &str,
        address: &str,
    ) -> Result<(), Error> {
        let hash = crate::tokens::token_hash(token);
        let owner =
            self.store.staff_token_owner(&hash, time::OffsetDateTime::now_utc()).await?.ok_or(Error::NotFound)?;
        let key = format!("link:{owner}");
        if !self.attempt_allowed(&key, address).await? {
            return Err(Error::Invalid(crate::Problems::from([(
                "new".to_owned(),
                domain::FieldProblem::TooManyAttempts,
            )])));
        }
        let mut problems = crate::Problems::new();
        if new.chars().count() < crate::passwords::MIN_PASSWORD_CHARS {
            problems.insert("new".to_owned(), domain::FieldProblem::PasswordTooShort);
        } else if new != confirm {
            problems.insert("confirm".to_owned(), domain::FieldProblem::PasswordsDiffer);
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let password_hash = crate::passwords::hash(new).await.map_err(|e| {
            tracing::error!(error = %e, "cannot hash a password");
            Error::Unavailable
        })?;
        self.store.redeem_staff_token(&hash, &password_hash, time::OffsetDateTime::now_utc()).await?;
        self.right_guess(&key, address).await;
        Ok(())
    }

    /// Invites an approved organisation's contact to a partner account that records for it.
    /// Answers the link's token; `None` when the contact already has an account.
    pub async fn invite_partner(
        &self,
        staff: &StaffView,
        member_id: i64,
        email: String,
        name: String,
    ) -> Result<Option<String>, Error> {
        if !matches!(staff.role, Role::Admin | Role::Coordinator) {
            return Err(Error::Denied);
        }
        let (token, hash) = new_link_token();
        let account = crate::store::NewStaff {
            email,
            display_name: name,
            password_hash: String::new(),
            role: Role::Partner,
            communes: Vec::new(),
        };
        let invitation = crate::store::StaffToken {
            token_hash: hash,
            staff_id: 0,
            kind: "invite",
            expires_at: time::OffsetDateTime::now_utc() + INVITATION_LIFETIME,
        };
        match self.store.invite_staff(&account, &invitation, staff.id).await {
            Ok(staff_id) => {
                self.store.link_partner(staff_id, member_id).await?;
                Ok(Some(token))
            }
            // The contact already has an account: the approval stands, no second invitation.
            Err(crate::store::StoreError::Duplicate(_)) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// The first administrator, made from the command line (the password never from an argument).
    pub async fn create_admin(&self, email: &str, name: &str, password: String) -> Result<i64, Error> {
        let email = crate::sign_in::normalise_email(email);
        let mut problems = crate::Problems::new();
        if !domain::text::is_plausible_email(&email) {
            problems.insert("email".into(), domain::FieldProblem::NotAnEmail);
        }
        if password.chars().count() < crate::passwords::MIN_PASSWORD_CHARS {
            problems.insert("password".into(), domain::FieldProblem::PasswordTooShort);
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let password_hash = crate::passwords::hash(password).await.map_err(|_| Error::Unavailable)?;
        let staff = crate::store::NewStaff {
            email,
            display_name: name.trim().to_owned(),
            password_hash,
            role: Role::Admin,
            communes: Vec::new(),
        };
        match self.store.create_staff(&staff, None).await {
            Ok(id) => Ok(id),
            Err(crate::store::StoreError::Duplicate(_)) => {
                Err(Error::Invalid(crate::Problems::from([("email".to_owned(), domain::FieldProblem::EmailTaken)])))
            }
            Err(e) => Err(e.into()),
        }
    }
}

fn not_yourself() -> Error {
    Error::Invalid(crate::Problems::from([("account".to_owned(), domain::FieldProblem::NotYourself)]))
}
