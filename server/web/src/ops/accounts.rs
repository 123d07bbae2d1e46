//! Creating staff accounts, with the checks every path shares (command line now, the admin page later).

use anyhow::bail;
use domain::Role;
use portal::store::{NewStaff, Store, StoreError};

use crate::forms::auth::{MIN_PASSWORD_CHARS, hash_password, normalise_email};

pub use domain::text::is_plausible_email;

pub async fn create_admin(store: &dyn Store, email: &str, name: &str, password: String) -> anyhow::Result<i64> {
    let email = normalise_email(email);
    if !is_plausible_email(&email) {
        bail!("{email:?} is not an email address");
    }
    if password.chars().count() < MIN_PASSWORD_CHARS {
        bail!("the password must have at least {MIN_PASSWORD_CHARS} characters");
    }
    let staff = NewStaff {
        email: email.clone(),
        display_name: name.trim().to_owned(),
        password_hash: hash_password(password).await?,
        role: Role::Admin,
        communes: Vec::new(),
    };
    match store.create_staff(&staff, None).await {
        Ok(id) => Ok(id),
        Err(StoreError::Duplicate(_)) => bail!("an account with the address {email} already exists"),
        Err(err) => Err(err.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_checked_for_shape() {
        assert!(is_plausible_email("can.bo@soyte.thainguyen.gov.vn"));
        for bad in ["", "no-at-sign", "@domain.vn", "a@nodot", "a b@x.vn", "a@@x.vn", "a@.vn"] {
            assert!(!is_plausible_email(bad), "{bad}");
        }
    }
}
