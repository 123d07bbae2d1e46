//! Staff accounts: created or invited, their access, passwords and one-time links. The SQL both
//! backends share (see `portable.rs` for why it is a macro).

use portal::store::StoreError;

#[derive(sqlx::FromRow)]
pub(super) struct StaffRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: String,
    pub active: bool,
    pub totp_secret: Option<String>,
    pub totp_enabled: bool,
}

impl StaffRow {
    pub fn into_account(self, communes: Vec<String>) -> Result<portal::store::StaffAccount, StoreError> {
        Ok(portal::store::StaffAccount {
            role: domain::Role::parse(&self.role)
                .ok_or_else(|| StoreError::Rejected(format!("unknown role {:?} of staff {}", self.role, self.id)))?,
            id: self.id,
            email: self.email,
            display_name: self.display_name,
            password_hash: self.password_hash,
            active: self.active,
            communes,
            totp_secret: self.totp_secret,
            totp_enabled: self.totp_enabled,
        })
    }
}

pub(super) const STAFF_COLUMNS: &str =
    "id, email, display_name, password_hash, role, active, totp_secret, totp_enabled";

macro_rules! staff_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl portal::store::StaffStore for $store {
            async fn create_staff(
                &self,
                staff: &portal::store::NewStaff,
                actor: Option<i64>,
            ) -> portal::store::StoreResult<i64> {
                use $crate::backend_error as e;
                let now = time::OffsetDateTime::now_utc();
                let mut tx = self.begin_write().await.map_err(e)?;
                let inserted = insert_staff_in(&mut tx, staff, now).await;
                let id = match inserted {
                    Err(err) if $crate::portable::is_unique_violation(&err) => {
                        return Err(portal::store::StoreError::Duplicate(staff.email.clone()));
                    }
                    other => other.map_err(e)?,
                };
                // The trail names the account by id; its address stays in the account record only.
                let after = serde_json::json!({ "role": staff.role.as_str(), "communes": staff.communes, "active": true });
                audit_in(&mut tx, now, actor, "staff.create", "staff", &id.to_string(), None, Some(&after.to_string()))
                    .await
                    .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(id)
            }

            async fn staff_by_email(&self, email: &str) -> portal::store::StoreResult<Option<portal::store::StaffAccount>> {
                use $crate::staff::{StaffRow, STAFF_COLUMNS};
                let sql = format!("SELECT {STAFF_COLUMNS} FROM staff WHERE email = $1");
                let row: Option<StaffRow> = sqlx::query_as(&sql)
                    .bind(email)
                    .fetch_optional(self.reader())
                    .await
                    .map_err($crate::backend_error)?;
                self.with_communes(row).await
            }

            async fn staff_by_id(&self, id: i64) -> portal::store::StoreResult<Option<portal::store::StaffAccount>> {
                use $crate::staff::{StaffRow, STAFF_COLUMNS};
                let sql = format!("SELECT {STAFF_COLUMNS} FROM staff WHERE id = $1");
                let row: Option<StaffRow> = sqlx::query_as(&sql)
                    .bind(id)
                    .fetch_optional(self.reader())
                    .await
                    .map_err($crate::backend_error)?;
                self.with_communes(row).await
            }

            async fn list_staff(&self) -> portal::store::StoreResult<Vec<portal::store::StaffAccount>> {
                use $crate::staff::{StaffRow, STAFF_COLUMNS};
                let sql = format!("SELECT {STAFF_COLUMNS} FROM staff ORDER BY email");
                let rows: Vec<StaffRow> =
                    sqlx::query_as(&sql).fetch_all(self.reader()).await.map_err($crate::backend_error)?;
                let mut accounts = Vec::with_capacity(rows.len());
                for row in rows {
                    if let Some(account) = self.with_communes(Some(row)).await? {
                        accounts.push(account);
                    }
                }
                Ok(accounts)
            }

            async fn set_staff_access(
                &self,
                id: i64,
                role: domain::Role,
                communes: &[String],
                actor_id: i64,
            ) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let now = time::OffsetDateTime::now_utc();
                let mut tx = self.begin_write().await.map_err(e)?;
                let before: Option<(String,)> = sqlx::query_as("SELECT role FROM staff WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(e)?;
                let (before_role,) = before.ok_or(portal::store::StoreError::NotFound)?;
                let before_communes: Vec<(String,)> =
                    sqlx::query_as("SELECT commune_code FROM staff_communes WHERE staff_id = $1 ORDER BY commune_code")
                        .bind(id)
                        .fetch_all(&mut *tx)
                        .await
                        .map_err(e)?;
                sqlx::query("UPDATE staff SET role = $1, updated_at = $2 WHERE id = $3")
                    .bind(role.as_str())
                    .bind(now)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(e)?;
                sqlx::query("DELETE FROM staff_communes WHERE staff_id = $1").bind(id).execute(&mut *tx).await.map_err(e)?;
                for commune in communes {
                    sqlx::query("INSERT INTO staff_communes (staff_id, commune_code) VALUES ($1, $2)")
                        .bind(id)
                        .bind(commune)
                        .execute(&mut *tx)
                        .await
                        .map_err(e)?;
                }
                let before = serde_json::json!({
                    "role": before_role, "communes": before_communes.into_iter().map(|(c,)| c).collect::<Vec<_>>()
                });
                let after = serde_json::json!({ "role": role.as_str(), "communes": communes });
                audit_in(
                    &mut tx,
                    now,
                    Some(actor_id),
                    "staff.access",
                    "staff",
                    &id.to_string(),
                    Some(&before.to_string()),
                    Some(&after.to_string()),
                )
                .await
                .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }

            async fn invite_staff(
                &self,
                staff: &portal::store::NewStaff,
                token: &portal::store::StaffToken,
                actor_id: i64,
            ) -> portal::store::StoreResult<i64> {
                use $crate::backend_error as e;
                let now = time::OffsetDateTime::now_utc();
                let mut tx = self.begin_write().await.map_err(e)?;
                let id = match insert_staff_in(&mut tx, staff, now).await {
                    Err(err) if $crate::portable::is_unique_violation(&err) => {
                        return Err(portal::store::StoreError::Duplicate(staff.email.clone()));
                    }
                    other => other.map_err(e)?,
                };
                insert_token_in(&mut tx, token, id, now).await.map_err(e)?;
                let after = serde_json::json!({ "role": staff.role.as_str(), "communes": staff.communes, "active": true });
                audit_in(&mut tx, now, Some(actor_id), "staff.invite", "staff", &id.to_string(), None, Some(&after.to_string()))
                    .await
                    .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(id)
            }

            async fn issue_staff_token(
                &self,
                token: &portal::store::StaffToken,
                actor_id: i64,
            ) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let now = time::OffsetDateTime::now_utc();
                let mut tx = self.begin_write().await.map_err(e)?;
                insert_token_in(&mut tx, token, token.staff_id, now).await.map_err(e)?;
                let action = format!("staff.{}_link", token.kind);
                audit_in(&mut tx, now, Some(actor_id), &action, "staff", &token.staff_id.to_string(), None, None)
                    .await
                    .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }

            async fn redeem_staff_token(
                &self,
                token_hash: &str,
                password_hash: &str,
                now: time::OffsetDateTime,
            ) -> portal::store::StoreResult<i64> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                let used = sqlx::query_as::<_, (i64,)>(
                    "UPDATE staff_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 \
                     RETURNING staff_id",
                )
                .bind(now)
                .bind(token_hash)
                .fetch_optional(&mut *tx)
                .await
                .map_err(e)?;
                let (staff_id,) = used.ok_or(portal::store::StoreError::NotFound)?;
                set_password_in(&mut tx, staff_id, password_hash, now).await.map_err(e)?;
                audit_in(&mut tx, now, Some(staff_id), "staff.password_set", "staff", &staff_id.to_string(), None, None)
                    .await
                    .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(staff_id)
            }

            async fn staff_token_owner(
                &self,
                token_hash: &str,
                now: time::OffsetDateTime,
            ) -> portal::store::StoreResult<Option<i64>> {
                let row: Option<(i64,)> = sqlx::query_as(
                    "SELECT staff_id FROM staff_tokens WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
                )
                .bind(token_hash)
                .bind(now)
                .fetch_optional(self.reader())
                .await
                .map_err($crate::backend_error)?;
                Ok(row.map(|(id,)| id))
            }

            async fn set_staff_password(
                &self,
                id: i64,
                password_hash: &str,
                actor_id: Option<i64>,
            ) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let now = time::OffsetDateTime::now_utc();
                let mut tx = self.begin_write().await.map_err(e)?;
                if !set_password_in(&mut tx, id, password_hash, now).await.map_err(e)? {
                    return Err(portal::store::StoreError::NotFound);
                }
                audit_in(&mut tx, now, actor_id, "staff.password_change", "staff", &id.to_string(), None, None)
                    .await
                    .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }

            async fn set_staff_active(
                &self,
                id: i64,
                active: bool,
                actor_id: Option<i64>,
            ) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let now = time::OffsetDateTime::now_utc();
                let mut tx = self.begin_write().await.map_err(e)?;
                let before: Option<(bool,)> = sqlx::query_as("SELECT active FROM staff WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(e)?;
                let (before,) = before.ok_or(portal::store::StoreError::NotFound)?;
                sqlx::query("UPDATE staff SET active = $1, updated_at = $2 WHERE id = $3")
                    .bind(active)
                    .bind(now)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(e)?;
                let action = if active { "staff.enable" } else { "staff.disable" };
                audit_in(
                    &mut tx,
                    now,
                    actor_id,
                    action,
                    "staff",
                    &id.to_string(),
                    Some(&serde_json::json!({ "active": before }).to_string()),
                    Some(&serde_json::json!({ "active": active }).to_string()),
                )
                .await
                .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }
        }

        impl $store {
            async fn with_communes(
                &self,
                row: Option<$crate::staff::StaffRow>,
            ) -> portal::store::StoreResult<Option<portal::store::StaffAccount>> {
                let Some(row) = row else { return Ok(None) };
                let communes: Vec<(String,)> =
                    sqlx::query_as("SELECT commune_code FROM staff_communes WHERE staff_id = $1 ORDER BY commune_code")
                        .bind(row.id)
                        .fetch_all(self.reader())
                        .await
                        .map_err($crate::backend_error)?;
                row.into_account(communes.into_iter().map(|(c,)| c).collect()).map(Some)
            }
        }

        /// An account and its communes.
        async fn insert_staff_in(
            tx: &mut sqlx::Transaction<'_, $db>,
            staff: &portal::store::NewStaff,
            now: time::OffsetDateTime,
        ) -> Result<i64, sqlx::Error> {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO staff (email, display_name, password_hash, role, active, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, TRUE, $5, $5) RETURNING id",
            )
            .bind(&staff.email)
            .bind(&staff.display_name)
            .bind(&staff.password_hash)
            .bind(staff.role.as_str())
            .bind(now)
            .fetch_one(&mut **tx)
            .await?;
            for commune in &staff.communes {
                sqlx::query("INSERT INTO staff_communes (staff_id, commune_code) VALUES ($1, $2)")
                    .bind(id)
                    .bind(commune)
                    .execute(&mut **tx)
                    .await?;
            }
            Ok(id)
        }

        /// Replaces an account's password hash; false if there is no such account.
        async fn set_password_in(
            tx: &mut sqlx::Transaction<'_, $db>,
            id: i64,
            password_hash: &str,
            now: time::OffsetDateTime,
        ) -> Result<bool, sqlx::Error> {
            let updated = sqlx::query("UPDATE staff SET password_hash = $1, updated_at = $2 WHERE id = $3")
                .bind(password_hash)
                .bind(now)
                .bind(id)
                .execute(&mut **tx)
                .await?;
            Ok(updated.rows_affected() == 1)
        }

        async fn insert_token_in(
            tx: &mut sqlx::Transaction<'_, $db>,
            token: &portal::store::StaffToken,
            staff_id: i64,
            now: time::OffsetDateTime,
        ) -> Result<(), sqlx::Error> {
            sqlx::query(
                "INSERT INTO staff_tokens (token_hash, staff_id, kind, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(&token.token_hash)
            .bind(staff_id)
            .bind(token.kind)
            .bind(now)
            .bind(token.expires_at)
            .execute(&mut **tx)
            .await?;
            Ok(())
        }
    };
}

pub(crate) use staff_store;
