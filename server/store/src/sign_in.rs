//! What signing in keeps: TOTP steps, recovery codes and the attempts counted for throttling. The
//! SQL both backends share (see `portable.rs` for why it is a macro).

macro_rules! sign_in_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl portal::store::SignInStore for $store {
            async fn set_totp_pending(&self, id: i64, secret: &str) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                sqlx::query("UPDATE staff SET totp_secret = $1 WHERE id = $2 AND totp_enabled = FALSE")
                    .bind(secret)
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }

            async fn enable_totp(
                &self,
                id: i64,
                step: i64,
                recovery_code_hashes: &[String],
            ) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let now = time::OffsetDateTime::now_utc();
                let mut tx = self.begin_write().await.map_err(e)?;
                let updated = sqlx::query(
                    "UPDATE staff SET totp_enabled = TRUE, totp_last_step = $1, updated_at = $2 \
                     WHERE id = $3 AND totp_secret IS NOT NULL",
                )
                .bind(step)
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(e)?;
                if updated.rows_affected() != 1 {
                    return Err(portal::store::StoreError::Conflict);
                }
                sqlx::query("DELETE FROM staff_recovery_codes WHERE staff_id = $1").bind(id).execute(&mut *tx).await.map_err(e)?;
                for hash in recovery_code_hashes {
                    sqlx::query("INSERT INTO staff_recovery_codes (staff_id, code_hash) VALUES ($1, $2)")
                        .bind(id)
                        .bind(hash)
                        .execute(&mut *tx)
                        .await
                        .map_err(e)?;
                }
                audit_in(&mut tx, now, Some(id), "staff.totp_enable", "staff", &id.to_string(), None, None)
                    .await
                    .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }

            async fn use_totp_step(&self, id: i64, step: i64) -> portal::store::StoreResult<bool> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                let updated = sqlx::query(
                    "UPDATE staff SET totp_last_step = $1 WHERE id = $2 AND totp_enabled = TRUE AND totp_last_step < $1",
                )
                .bind(step)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(updated.rows_affected() == 1)
            }

            async fn use_recovery_code(
                &self,
                id: i64,
                code_hash: &str,
                now: time::OffsetDateTime,
            ) -> portal::store::StoreResult<bool> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                let updated = sqlx::query(
                    "UPDATE staff_recovery_codes SET used_at = $1 WHERE staff_id = $2 AND code_hash = $3 AND used_at IS NULL",
                )
                .bind(now)
                .bind(id)
                .bind(code_hash)
                .execute(&mut *tx)
                .await
                .map_err(e)?;
                let used = updated.rows_affected() == 1;
                if used {
                    audit_in(&mut tx, now, Some(id), "staff.recovery_code_used", "staff", &id.to_string(), None, None)
                        .await
                        .map_err(e)?;
                }
                tx.commit().await.map_err(e)?;
                Ok(used)
            }

            async fn count_login_attempt(
                &self,
                email: &str,
                address: &str,
                now: time::OffsetDateTime,
                window: time::Duration,
            ) -> portal::store::StoreResult<portal::store::LoginFailures> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                let mut counts = [0_i64; 2];
                for (count, key) in counts.iter_mut().zip([format!("account:{email}"), format!("address:{address}")]) {
                    // One row per key: the upsert takes the row's lock, so concurrent attempts are
                    // counted one after the other whatever the database.
                    let (attempts,): (i64,) = sqlx::query_as(
                        "INSERT INTO login_attempts (key, window_start, attempts) VALUES ($1, $2, 1) \
                         ON CONFLICT (key) DO UPDATE SET \
                         attempts = CASE WHEN login_attempts.window_start < $3 THEN 1 ELSE login_attempts.attempts + 1 END, \
                         window_start = CASE WHEN login_attempts.window_start < $3 THEN $2 ELSE login_attempts.window_start END \
                         RETURNING CAST(attempts AS BIGINT)",
                    )
                    .bind(&key)
                    .bind(now)
                    .bind(now - window)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(e)?;
                    *count = attempts;
                }
                tx.commit().await.map_err(e)?;
                Ok(portal::store::LoginFailures { for_account: counts[0], from_address: counts[1] })
            }

            async fn give_back_login_attempt(&self, email: &str, address: &str) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                // One row after the other, in the order the count takes them: two transactions never
                // wait for each other's row.
                for key in [format!("account:{email}"), format!("address:{address}")] {
                    sqlx::query("UPDATE login_attempts SET attempts = attempts - 1 WHERE key = $1 AND attempts > 0")
                        .bind(key)
                        .execute(&mut *tx)
                        .await
                        .map_err(e)?;
                }
                tx.commit().await.map_err(e)?;
                Ok(())
            }

            async fn clear_login_failures(&self, email: &str) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                sqlx::query("DELETE FROM login_attempts WHERE key = $1")
                    .bind(format!("account:{email}"))
                    .execute(&mut *tx)
                    .await
                    .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }
        }
    };
}

pub(crate) use sign_in_store;
