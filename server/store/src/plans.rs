//! The year's plan: the SQL both backends share.

macro_rules! plan_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl portal::store::PlanStore for $store {
            async fn save_plan(
                &self,
                year: i32,
                stage: &str,
                targets: &[domain::PlanTarget],
                file_name: &str,
                actor_id: Option<i64>,
                at: time::OffsetDateTime,
            ) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                let stages: &[&str] = if stage == "published" { &["draft", "published"] } else { &[stage] };
                for stage in stages {
                    sqlx::query("DELETE FROM plan_lines WHERE year = $1 AND stage = $2")
                        .bind(year)
                        .bind(stage)
                        .execute(&mut *tx)
                        .await
                        .map_err(e)?;
                    sqlx::query("DELETE FROM plans WHERE year = $1 AND stage = $2")
                        .bind(year)
                        .bind(stage)
                        .execute(&mut *tx)
                        .await
                        .map_err(e)?;
                }
                for t in targets {
                    sqlx::query(
                        "INSERT INTO plan_lines (year, stage, commune_code, category, target_children, target_amount) \
                         VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(year)
                    .bind(stage)
                    .bind(&t.commune_code)
                    .bind(t.category.as_str())
                    .bind(t.target_children)
                    .bind(t.target_amount)
                    .execute(&mut *tx)
                    .await
                    .map_err(e)?;
                }
                sqlx::query("INSERT INTO plans (year, stage, file_name, actor_id, imported_at) VALUES ($1, $2, $3, $4, $5)")
                    .bind(year)
                    .bind(stage)
                    .bind(file_name)
                    .bind(actor_id)
                    .bind(at)
                    .execute(&mut *tx)
                    .await
                    .map_err(e)?;
                let after = serde_json::json!({ "stage": stage, "lines": targets.len(), "file": file_name });
                audit_in(&mut tx, at, actor_id, "plan.import", "plan", &year.to_string(), None, Some(&after.to_string()))
                    .await
                    .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }

            async fn publish_plan(&self, year: i32, actor_id: i64, at: time::OffsetDateTime) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                let draft: Option<(String,)> = sqlx::query_as("SELECT file_name FROM plans WHERE year = $1 AND stage = 'draft'")
                    .bind(year)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(e)?;
                let Some((file_name,)) = draft else { return Err(portal::store::StoreError::NotFound) };
                for sql in [
                    "DELETE FROM plan_lines WHERE year = $1 AND stage = 'published'",
                    "DELETE FROM plans WHERE year = $1 AND stage = 'published'",
                    "UPDATE plan_lines SET stage = 'published' WHERE year = $1 AND stage = 'draft'",
                ] {
                    sqlx::query(sql).bind(year).execute(&mut *tx).await.map_err(e)?;
                }
                sqlx::query("UPDATE plans SET stage = 'published', actor_id = $2, imported_at = $3 WHERE year = $1 AND stage = 'draft'")
                    .bind(year)
                    .bind(actor_id)
                    .bind(at)
                    .execute(&mut *tx)
                    .await
                    .map_err(e)?;
                let after = serde_json::json!({ "file": file_name });
                audit_in(&mut tx, at, Some(actor_id), "plan.publish", "plan", &year.to_string(), None, Some(&after.to_string()))
                    .await
                    .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }

            async fn plan_targets(&self, year: i32, stage: &str) -> portal::store::StoreResult<Vec<domain::PlanTarget>> {
                let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
                    "SELECT commune_code, category, CAST(target_children AS BIGINT), CAST(target_amount AS BIGINT) \
                     FROM plan_lines WHERE year = $1 AND stage = $2 ORDER BY commune_code, category",
                )
                .bind(year)
                .bind(stage)
                .fetch_all(self.reader())
                .await
                .map_err($crate::backend_error)?;
                rows.into_iter()
                    .map(|(commune_code, category, target_children, target_amount)| {
                        let category = domain::Category::parse(&category)
                            .ok_or_else(|| portal::store::StoreError::Rejected(format!("unknown category {category:?}")))?;
                        Ok(domain::PlanTarget { commune_code, category, target_children, target_amount })
                    })
                    .collect()
            }

            async fn achieved_by_place(&self, year: i32) -> portal::store::StoreResult<Vec<portal::store::Achieved>> {
                use $crate::backend_error as e;
                let ((start, end), (from, until)) = $crate::ledger::year_bounds(year)?;
                // A forwarding of pooled money was pledged once already, by the pool's donors.
                let pledged: Vec<(String, String, i64)> = sqlx::query_as(
                    "SELECT n.commune_code, n.category, CAST(SUM(p.value) AS BIGINT) FROM pledges p \
                     JOIN needs n ON n.id = p.need_id WHERE p.status NOT IN ('cancelled', 'lapsed') AND NOT p.forwarded \
                     AND p.created_at >= $1 AND p.created_at < $2 GROUP BY n.commune_code, n.category",
                )
                .bind(from)
                .bind(until)
                .fetch_all(self.reader())
                .await
                .map_err(e)?;
                // The ledger: confirmations net of reversals, each gift once.
                let confirmed: Vec<(String, String, i64)> = sqlx::query_as(
                    "SELECT commune_code, category, CAST(SUM(amount) AS BIGINT) FROM ledger_entries \
                     WHERE year = $1 AND commune_code IS NOT NULL AND category IS NOT NULL GROUP BY commune_code, category",
                )
                .bind(i64::from(year))
                .fetch_all(self.reader())
                .await
                .map_err(e)?;
                let delivered: Vec<(String, String, i64)> = sqlx::query_as(
                    "SELECT n.commune_code, n.category, CAST(SUM(p.value) AS BIGINT) FROM deliveries dl \
                     JOIN pledges p ON p.id = dl.pledge_id JOIN needs n ON n.id = dl.need_id \
                     WHERE dl.delivered_on >= $1 AND dl.delivered_on < $2 GROUP BY n.commune_code, n.category",
                )
                .bind(start)
                .bind(end)
                .fetch_all(self.reader())
                .await
                .map_err(e)?;
                let children: Vec<(String, String, i64)> = sqlx::query_as(
                    "SELECT commune, category, CAST(SUM(children) AS BIGINT) FROM \
                     (SELECT n.commune_code AS commune, n.category AS category, \
                      (SELECT MAX(d.children) FROM deliveries d \
                       WHERE d.need_id = n.id AND d.delivered_on >= $1 AND d.delivered_on < $2) AS children \
                      FROM needs n) per_need \
                     WHERE children IS NOT NULL GROUP BY commune, category",
                )
                .bind(start)
                .bind(end)
                .fetch_all(self.reader())
                .await
                .map_err(e)?;
                let mut places: std::collections::BTreeMap<(String, String), [i64; 4]> = Default::default();
                for (column, rows) in [pledged, confirmed, delivered, children].into_iter().enumerate() {
                    for (commune, category, amount) in rows {
                        places.entry((commune, category)).or_default()[column] += amount;
                    }
                }
                Ok(places.into_iter().map(|((c, k), [p, f, d, n])| (c, k, p, f, d, n)).collect())
            }
        }
    };
}

pub(crate) use plan_store;
