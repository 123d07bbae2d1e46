//! Campaigns, pictures and network members: the SQL both backends share (see `portable.rs` for
//! why it is a macro).

use portal::store::{CampaignRecord, DropOffRecord, StoreError};
use time::Date;

/// The columns of a campaign with its sums (running totals kept in `campaign_sums` by triggers,
/// migration 0017); `CAMPAIGN_FROM`.
pub(super) const CAMPAIGN_COLUMNS: &str = "c.id, c.slug, c.title, c.summary, c.story, c.goal, c.bank_bin, \
    c.account_number, c.account_name, c.opens_on, c.closes_on, c.cover_image_id, i.width AS cover_width, \
    i.height AS cover_height, c.published, c.is_demo, \
    CAST(COALESCE(s.pledged, 0) AS BIGINT) AS pledged, CAST(COALESCE(s.confirmed, 0) AS BIGINT) AS confirmed, \
    CAST(COALESCE(s.pledges, 0) AS BIGINT) AS pledges";

pub(super) const CAMPAIGN_FROM: &str = "FROM campaigns c LEFT JOIN images i ON i.id = c.cover_image_id \
    LEFT JOIN (SELECT campaign_id, SUM(pledged) AS pledged, SUM(confirmed) AS confirmed, SUM(pledges) AS pledges \
    FROM campaign_sums GROUP BY campaign_id) s ON s.campaign_id = c.id";

#[derive(sqlx::FromRow)]
pub(super) struct CampaignRow {
    id: i64,
    slug: String,
    title: String,
    summary: String,
    story: String,
    goal: i64,
    bank_bin: String,
    account_number: String,
    account_name: String,
    opens_on: Date,
    closes_on: Date,
    cover_image_id: Option<i64>,
    cover_width: Option<i64>,
    cover_height: Option<i64>,
    published: bool,
    is_demo: bool,
    pledged: i64,
    confirmed: i64,
    pledges: i64,
}

impl CampaignRow {
    pub(super) fn id(&self) -> i64 {
        self.id
    }

    pub(super) fn into_record(self, need_ids: Vec<i64>, drop_offs: Vec<DropOffRecord>) -> CampaignRecord {
        let cover = match (self.cover_image_id, self.cover_width, self.cover_height) {
            (Some(id), Some(w), Some(h)) => Some((id, w, h)),
            _ => None,
        };
        CampaignRecord {
            id: self.id,
            slug: self.slug,
            title: self.title,
            summary: self.summary,
            story: self.story,
            goal: self.goal,
            bank_bin: self.bank_bin,
            account_number: self.account_number,
            account_name: self.account_name,
            opens_on: self.opens_on,
            closes_on: self.closes_on,
            cover,
            published: self.published,
            demo: self.is_demo,
            pledged: self.pledged,
            confirmed: self.confirmed,
            pledges: self.pledges,
            need_ids,
            drop_offs,
        }
    }
}

/// What the audit trail keeps of a campaign (no personal data in it: the receiving account is
/// public by law).
pub(super) fn campaign_snapshot(c: &portal::store::NewCampaign) -> String {
    serde_json::json!({
        "slug": c.slug, "title": c.title, "goal": c.goal, "bank_bin": c.bank_bin,
        "account_number": c.account_number, "account_name": c.account_name,
        "opens_on": c.opens_on.to_string(), "closes_on": c.closes_on.to_string(),
        "published": c.published, "needs": c.need_ids, "drop_offs": c.drop_offs.len(),
        "cover_image_id": c.cover_image_id,
    })
    .to_string()
}

pub(super) fn unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.is_unique_violation())
}

pub(super) fn rejected(what: &str) -> StoreError {
    StoreError::Rejected(what.to_owned())
}

/// Binds a campaign's content as `$1`…`$12` (slug … published), the order of both the INSERT and
/// the UPDATE.
macro_rules! bind_campaign_content {
    ($query:expr, $c:expr) => {
        $query
            .bind(&$c.slug)
            .bind(&$c.title)
            .bind(&$c.summary)
            .bind(&$c.story)
            .bind($c.goal)
            .bind(&$c.bank_bin)
            .bind(&$c.account_number)
            .bind(&$c.account_name)
            .bind($c.opens_on)
            .bind($c.closes_on)
            .bind($c.cover_image_id)
            .bind($c.published)
    };
}

macro_rules! campaign_store {
    ($store:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl portal::store::CampaignStore for $store {
            async fn store_image(&self, image: &portal::store::StoredImage) -> portal::store::StoreResult<i64> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                let id = insert_image_in(&mut tx, image, time::OffsetDateTime::now_utc()).await.map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(id)
            }

            async fn campaigns_with_cover(&self, image_id: i64) -> portal::store::StoreResult<Vec<i64>> {
                let rows: Vec<(i64,)> = sqlx::query_as("SELECT id FROM campaigns WHERE cover_image_id = $1")
                    .bind(image_id)
                    .fetch_all(self.reader())
                    .await
                    .map_err($crate::backend_error)?;
                Ok(rows.into_iter().map(|(id,)| id).collect())
            }

            async fn image(&self, id: i64) -> portal::store::StoreResult<Option<portal::store::StoredImage>> {
                let row: Option<(String, i64, i64, Vec<u8>)> =
                    sqlx::query_as("SELECT content_type, width, height, bytes FROM images WHERE id = $1")
                        .bind(id)
                        .fetch_optional(self.reader())
                        .await
                        .map_err($crate::backend_error)?;
                Ok(row.map(|(content_type, width, height, bytes)| portal::store::StoredImage {
                    id,
                    content_type,
                    width,
                    height,
                    bytes,
                }))
            }

            async fn create_campaign(
                &self,
                campaign: &portal::store::NewCampaign,
                actor_id: i64,
            ) -> portal::store::StoreResult<i64> {
                use $crate::backend_error as e;
                let now = time::OffsetDateTime::now_utc();
                let mut tx = self.begin_write().await.map_err(e)?;
                let id = insert_campaign_in(&mut tx, campaign, now).await?;
                let after = $crate::campaigns::campaign_snapshot(campaign);
                audit_in(&mut tx, now, Some(actor_id), "campaign.create", "campaign", &id.to_string(), None, Some(&after))
                    .await
                    .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(id)
            }

            async fn update_campaign(
                &self,
                id: i64,
                campaign: &portal::store::NewCampaign,
                actor_id: i64,
            ) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let now = time::OffsetDateTime::now_utc();
                let mut tx = self.begin_write().await.map_err(e)?;
                let before: Option<(String,)> = sqlx::query_as("SELECT slug FROM campaigns WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(e)?;
                if before.is_none() {
                    return Err(portal::store::StoreError::NotFound);
                }
                let updated = $crate::campaigns::bind_campaign_content!(
                    sqlx::query(
                        "UPDATE campaigns SET slug = $1, title = $2, summary = $3, story = $4, goal = $5, bank_bin = $6, \
                         account_number = $7, account_name = $8, opens_on = $9, closes_on = $10, \
                         cover_image_id = COALESCE($11, cover_image_id), published = $12, updated_at = $13, \
                         published_at = CASE WHEN NOT $12 THEN NULL ELSE COALESCE(published_at, $13) END WHERE id = $14",
                    ),
                    campaign
                )
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await;
                match updated {
                    Err(err) if $crate::campaigns::unique_violation(&err) => {
                        return Err(portal::store::StoreError::Duplicate(campaign.slug.clone()));
                    }
                    other => other.map_err(e)?,
                };
                for table in ["campaign_needs", "drop_offs"] {
                    sqlx::query(&format!("DELETE FROM {table} WHERE campaign_id = $1"))
                        .bind(id)
                        .execute(&mut *tx)
                        .await
                        .map_err(e)?;
                }
                insert_campaign_parts_in(&mut tx, id, campaign).await?;
                let after = $crate::campaigns::campaign_snapshot(campaign);
                audit_in(&mut tx, now, Some(actor_id), "campaign.update", "campaign", &id.to_string(), None, Some(&after))
                    .await
                    .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }

            async fn campaign(&self, slug: &str) -> portal::store::StoreResult<Option<portal::store::CampaignRecord>> {
                let id: Option<(i64,)> = sqlx::query_as("SELECT id FROM campaigns WHERE slug = $1")
                    .bind(slug)
                    .fetch_optional(self.reader())
                    .await
                    .map_err($crate::backend_error)?;
                match id {
                    Some((id,)) => self.campaign_by_id(id).await,
                    None => Ok(None),
                }
            }

            async fn campaign_by_id(&self, id: i64) -> portal::store::StoreResult<Option<portal::store::CampaignRecord>> {
                use $crate::campaigns::{CAMPAIGN_COLUMNS, CAMPAIGN_FROM, CampaignRow};
                let sql = format!("SELECT {CAMPAIGN_COLUMNS} {CAMPAIGN_FROM} WHERE c.id = $1");
                let row: Option<CampaignRow> = sqlx::query_as(&sql)
                    .bind(id)
                    .fetch_optional(self.reader())
                    .await
                    .map_err($crate::backend_error)?;
                match row {
                    Some(row) => self.with_parts(row).await.map(Some),
                    None => Ok(None),
                }
            }

            async fn campaigns(
                &self,
                published_only: bool,
                limit: i64,
                offset: i64,
            ) -> portal::store::StoreResult<(Vec<portal::store::CampaignRecord>, i64)> {
                use $crate::backend_error as e;
                use $crate::campaigns::{CAMPAIGN_COLUMNS, CAMPAIGN_FROM, CampaignRow};
                let filter = if published_only { "WHERE c.published" } else { "" };
                let sql = format!(
                    "SELECT {CAMPAIGN_COLUMNS} {CAMPAIGN_FROM} {filter} ORDER BY c.closes_on DESC, c.id DESC \
                     LIMIT $1 OFFSET $2"
                );
                let rows: Vec<CampaignRow> =
                    sqlx::query_as(&sql).bind(limit).bind(offset).fetch_all(self.reader()).await.map_err(e)?;
                let (total,): (i64,) =
                    sqlx::query_as(&format!("SELECT CAST(COUNT(*) AS BIGINT) FROM campaigns c {filter}"))
                        .fetch_one(self.reader())
                        .await
                        .map_err(e)?;
                let mut campaigns = Vec::with_capacity(rows.len());
                for row in rows {
                    campaigns.push(self.with_parts(row).await?);
                }
                Ok((campaigns, total))
            }

            async fn campaign_closing(&self, campaign_id: i64) -> portal::store::StoreResult<domain::ClosingReport> {
                let rows: Vec<(time::OffsetDateTime, i64, Option<String>, String)> = sqlx::query_as(
                    "SELECT p.confirmed_at, p.value, CASE WHEN p.display = 'named' THEN d.name END, p.status \
                     FROM pledges p JOIN donors d ON d.id = p.donor_id \
                     WHERE p.campaign_id = $1 AND p.status IN ('confirmed', 'delivered') AND p.confirmed_at IS NOT NULL \
                     ORDER BY p.confirmed_at, p.id",
                )
                .bind(campaign_id)
                .fetch_all(self.reader())
                .await
                .map_err($crate::backend_error)?;
                let received = rows.iter().map(|r| r.1).sum::<i64>();
                let delivered = rows.iter().filter(|r| r.3 == "delivered").map(|r| r.1).sum::<i64>();
                let gifts = rows
                    .into_iter()
                    .map(|(at, value, donor, _)| domain::ReceivedGift {
                        received_on: at.to_offset(time::macros::offset!(+7)).date(),
                        value,
                        donor,
                    })
                    .collect();
                Ok(domain::ClosingReport { received, delivered, remaining: received - delivered, gifts })
            }

            async fn campaign_supporters(
                &self,
                campaign_id: i64,
                limit: i64,
            ) -> portal::store::StoreResult<Vec<portal::store::SupporterRecord>> {
                let rows: Vec<(String, String, i64, time::OffsetDateTime)> = sqlx::query_as(
                    "SELECT d.name, p.kind, p.value, p.created_at FROM pledges p JOIN donors d ON d.id = p.donor_id \
                     WHERE p.campaign_id = $1 AND p.display = 'named' AND p.status NOT IN ('cancelled', 'lapsed') \
                     ORDER BY p.created_at DESC, p.id DESC LIMIT $2",
                )
                .bind(campaign_id)
                .bind(limit)
                .fetch_all(self.reader())
                .await
                .map_err($crate::backend_error)?;
                rows.into_iter()
                    .map(|(name, kind, value, at)| {
                        let kind = domain::PledgeKind::parse(&kind)
                            .ok_or_else(|| $crate::campaigns::rejected("unknown pledge kind"))?;
                        Ok(portal::store::SupporterRecord { name, kind, value, at })
                    })
                    .collect()
            }

            async fn network_members(&self) -> portal::store::StoreResult<Vec<portal::store::NetworkMemberRecord>> {
                let rows: Vec<(String, String, String)> =
                    sqlx::query_as(&format!(
                        "SELECT d.slug, d.kind, d.name FROM donors d WHERE {} ORDER BY d.name",
                        $crate::network::LISTED
                    ))
                        .fetch_all(self.reader())
                        .await
                        .map_err($crate::backend_error)?;
                rows.into_iter()
                    .map(|(slug, kind, name)| {
                        let kind = domain::DonorKind::parse(&kind)
                            .ok_or_else(|| $crate::campaigns::rejected("unknown donor kind"))?;
                        Ok(portal::store::NetworkMemberRecord { slug, kind, name })
                    })
                    .collect()
            }

            async fn seed_demo_campaigns(
                &self,
                demo: &portal::store::DemoCampaigns,
            ) -> portal::store::StoreResult<portal::store::SeedOutcome> {
                use $crate::backend_error as e;
                const MARKER: &str = "demo_campaigns_loaded_at";
                let now = time::OffsetDateTime::now_utc();
                let mut tx = self.begin_write().await.map_err(e)?;
                let seeded: Option<(String,)> = sqlx::query_as("SELECT value FROM meta WHERE key = $1")
                    .bind(MARKER)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(e)?;
                if seeded.is_some() {
                    return Ok(portal::store::SeedOutcome::AlreadyLoaded);
                }
                for demo_member in &demo.members {
                    let member = &demo_member.member;
                    sqlx::query(
                        "INSERT INTO donors (kind, name, slug, created_at, updated_at, name_folded, membership, listed, \
                         public_name, description, categories) VALUES ($1, $2, $3, $4, $4, $5, 'member', TRUE, TRUE, $6, $7)",
                    )
                    .bind(member.kind.as_str())
                    .bind(&member.name)
                    .bind(&member.slug)
                    .bind(now)
                    .bind(domain::text::fold(&member.name))
                    .bind(&demo_member.description)
                    .bind(domain::network::code_list(demo_member.categories.iter().map(|c| c.as_str())))
                    .execute(&mut *tx)
                    .await
                    .map_err(e)?;
                }
                for (campaign, need_titles, cover) in &demo.campaigns {
                    let mut campaign = campaign.clone();
                    if let Some(cover) = cover {
                        campaign.cover_image_id = Some(insert_image_in(&mut tx, cover, now).await.map_err(e)?);
                    }
                    for title in need_titles {
                        let found: Option<(i64,)> =
                            sqlx::query_as("SELECT id FROM needs WHERE is_demo AND title = $1 ORDER BY id LIMIT 1")
                                .bind(title)
                                .fetch_optional(&mut *tx)
                                .await
                                .map_err(e)?;
                        campaign.need_ids.extend(found.map(|(id,)| id));
                    }
                    insert_campaign_in(&mut tx, &campaign, now).await?;
                }
                sqlx::query("INSERT INTO meta (key, value) VALUES ($1, $2)")
                    .bind(MARKER)
                    .bind(now.format(&time::format_description::well_known::Rfc3339).unwrap_or_default())
                    .execute(&mut *tx)
                    .await
                    .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(portal::store::SeedOutcome::Loaded { count: demo.campaigns.len() })
            }
        }

        impl $store {
            /// A campaign row with its linked needs and drop-off points.
            async fn with_parts(
                &self,
                row: $crate::campaigns::CampaignRow,
            ) -> portal::store::StoreResult<portal::store::CampaignRecord> {
                use $crate::backend_error as e;
                let needs: Vec<(i64,)> =
                    sqlx::query_as("SELECT need_id FROM campaign_needs WHERE campaign_id = $1 ORDER BY need_id")
                        .bind(row.id())
                        .fetch_all(self.reader())
                        .await
                        .map_err(e)?;
                let drop_offs: Vec<(String, String, time::Date, time::Date, String)> = sqlx::query_as(
                    "SELECT place, address, opens_on, closes_on, hours FROM drop_offs WHERE campaign_id = $1 \
                     ORDER BY opens_on, id",
                )
                .bind(row.id())
                .fetch_all(self.reader())
                .await
                .map_err(e)?;
                let drop_offs = drop_offs
                    .into_iter()
                    .map(|(place, address, opens_on, closes_on, hours)| portal::store::DropOffRecord {
                        place,
                        address,
                        opens_on,
                        closes_on,
                        hours,
                    })
                    .collect();
                Ok(row.into_record(needs.into_iter().map(|(id,)| id).collect(), drop_offs))
            }
        }

        async fn insert_image_in(
            tx: &mut sqlx::Transaction<'_, $db>,
            image: &portal::store::StoredImage,
            now: time::OffsetDateTime,
        ) -> Result<i64, sqlx::Error> {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO images (content_type, width, height, bytes, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(&image.content_type)
            .bind(image.width)
            .bind(image.height)
            .bind(&image.bytes)
            .bind(now)
            .fetch_one(&mut **tx)
            .await?;
            Ok(id)
        }

        async fn insert_campaign_in(
            tx: &mut sqlx::Transaction<'_, $db>,
            campaign: &portal::store::NewCampaign,
            now: time::OffsetDateTime,
        ) -> portal::store::StoreResult<i64> {
            let inserted: Result<(i64,), sqlx::Error> = $crate::campaigns::bind_campaign_content!(
                sqlx::query_as(
                    "INSERT INTO campaigns (slug, title, summary, story, goal, bank_bin, account_number, account_name, \
                     opens_on, closes_on, cover_image_id, published, is_demo, created_at, updated_at, published_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, \
                     CASE WHEN $12 THEN $14 END) RETURNING id",
                ),
                campaign
            )
            .bind(campaign.demo)
            .bind(now)
            .fetch_one(&mut **tx)
            .await;
            let id = match inserted {
                Ok((id,)) => id,
                Err(err) if $crate::campaigns::unique_violation(&err) => {
                    return Err(portal::store::StoreError::Duplicate(campaign.slug.clone()));
                }
                Err(err) => return Err($crate::backend_error(err)),
            };
            insert_campaign_parts_in(tx, id, campaign).await?;
            Ok(id)
        }

        async fn insert_campaign_parts_in(
            tx: &mut sqlx::Transaction<'_, $db>,
            id: i64,
            campaign: &portal::store::NewCampaign,
        ) -> portal::store::StoreResult<()> {
            use $crate::backend_error as e;
            for need_id in &campaign.need_ids {
                sqlx::query("INSERT INTO campaign_needs (campaign_id, need_id) VALUES ($1, $2)")
                    .bind(id)
                    .bind(need_id)
                    .execute(&mut **tx)
                    .await
                    .map_err(e)?;
            }
            for d in &campaign.drop_offs {
                sqlx::query(
                    "INSERT INTO drop_offs (campaign_id, place, address, opens_on, closes_on, hours) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(id)
                .bind(&d.place)
                .bind(&d.address)
                .bind(d.opens_on)
                .bind(d.closes_on)
                .bind(&d.hours)
                .execute(&mut **tx)
                .await
                .map_err(e)?;
            }
            Ok(())
        }
    };
}

pub(crate) use bind_campaign_content;
pub(crate) use campaign_store;
