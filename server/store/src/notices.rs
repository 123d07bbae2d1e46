//! The notice outbox: the SQL both backends share. The claim differs by one clause: PostgreSQL
//! locks the chosen rows and skips rows another worker holds; SQLite's single writer with
//! `BEGIN IMMEDIATE` already makes the claim atomic.

use domain::NoticeKind;
use portal::store::{NoticeRecord, StoreError};

pub(super) const NOTICE_COLUMNS: &str = "n.id, n.kind, n.donor_id, (SELECT p.reference FROM pledges p WHERE p.id = \
    n.pledge_id) AS pledge_reference, n.sequence, n.language, n.status, n.attempts, n.last_error, n.subject, \
    n.created_at, n.next_attempt_at, n.sent_at, n.channel, n.provider_message_id";

#[derive(sqlx::FromRow)]
pub(super) struct NoticeRow {
    id: i64,
    kind: String,
    donor_id: i64,
    pledge_reference: Option<String>,
    sequence: i64,
    language: String,
    status: String,
    attempts: i64,
    last_error: Option<String>,
    subject: Option<String>,
    created_at: time::OffsetDateTime,
    next_attempt_at: time::OffsetDateTime,
    sent_at: Option<time::OffsetDateTime>,
    channel: Option<String>,
    provider_message_id: Option<String>,
}

impl TryFrom<NoticeRow> for NoticeRecord {
    type Error = StoreError;

    fn try_from(r: NoticeRow) -> Result<Self, StoreError> {
        Ok(NoticeRecord {
            kind: NoticeKind::parse(&r.kind)
                .ok_or_else(|| StoreError::Rejected(format!("unknown notice kind {:?}", r.kind)))?,
            id: r.id,
            donor_id: r.donor_id,
            pledge_reference: r.pledge_reference,
            sequence: r.sequence,
            language: r.language,
            status: r.status,
            attempts: r.attempts,
            last_error: r.last_error,
            subject: r.subject,
            created_at: r.created_at,
            next_attempt_at: r.next_attempt_at,
            sent_at: r.sent_at,
            channel: r.channel,
            provider_message_id: r.provider_message_id,
        })
    }
}

/// Error texts are kept short: a whole SMTP transcript is not needed to act on a failure.
pub(super) fn short_error(error: &str) -> String {
    error.chars().take(500).collect()
}

macro_rules! notice_store {
    ($store:ty, $db:ty, $lock:literal) => {
        #[async_trait::async_trait]
        impl portal::store::NoticeStore for $store {
            async fn claim_notices(
                &self,
                now: time::OffsetDateTime,
                claimed_until: time::OffsetDateTime,
                limit: i64,
            ) -> portal::store::StoreResult<Vec<portal::store::ClaimedNotice>> {
                use $crate::backend_error as e;
                use $crate::notices::{NOTICE_COLUMNS, NoticeRow};
                let mut tx = self.begin_write().await.map_err(e)?;
                let claimed: Vec<(i64,)> = sqlx::query_as(concat!(
                    "UPDATE notices SET status = 'sending', claimed_until = $1, attempts = attempts + 1 \
                     WHERE id IN (SELECT id FROM notices WHERE (status = 'queued' AND next_attempt_at <= $2) \
                     OR (status = 'sending' AND claimed_until < $2) ORDER BY next_attempt_at, id LIMIT $3",
                    $lock,
                    ") RETURNING id"
                ))
                .bind(claimed_until)
                .bind(now)
                .bind(limit)
                .fetch_all(&mut *tx)
                .await
                .map_err(e)?;
                let mut notices = Vec::with_capacity(claimed.len());
                for (id,) in claimed {
                    let sql = format!("SELECT {NOTICE_COLUMNS} FROM notices n WHERE n.id = $1");
                    let row: NoticeRow = sqlx::query_as(&sql).bind(id).fetch_one(&mut *tx).await.map_err(e)?;
                    let notice: portal::store::NoticeRecord = row.try_into()?;
                    #[allow(clippy::type_complexity)]
                    let (donor_name, donor_email, donor_phone, donor_channel, donor_slug, recognition_id, secret, content): (
                        String,
                        Option<String>,
                        Option<String>,
                        Option<String>,
                        Option<String>,
                        Option<i64>,
                        Option<String>,
                        Option<String>,
                    ) = sqlx::query_as(
                        "SELECT d.name, d.email, d.phone, d.notice_channel, d.slug, n.recognition_id, n.secret, n.content \
                         FROM notices n JOIN donors d ON d.id = n.donor_id WHERE n.id = $1",
                    )
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(e)?;
                    notices.push(portal::store::ClaimedNotice {
                        notice,
                        donor_name,
                        donor_email,
                        donor_phone,
                        donor_channel: donor_channel.as_deref().and_then(domain::NoticeChannel::parse),
                        recognition_id,
                        secret,
                        donor_slug,
                        content,
                    });
                }
                tx.commit().await.map_err(e)?;
                notices.sort_by_key(|n| n.notice.id);
                Ok(notices)
            }

            async fn notices_sent(
                &self,
                sent: &[portal::store::SentNotice],
                at: time::OffsetDateTime,
            ) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                if sent.is_empty() {
                    return Ok(());
                }
                let mut tx = self.begin_write().await.map_err(e)?;
                for notice in sent {
                    sqlx::query(
                        "UPDATE notices SET status = 'sent', sent_at = $1, subject = $2, claimed_until = NULL, \
                         last_error = NULL, secret = NULL, channel = $3, provider_message_id = $4 WHERE id = $5",
                    )
                    .bind(at)
                    .bind(&notice.subject)
                    .bind(notice.channel.as_str())
                    .bind(&notice.provider_message_id)
                    .bind(notice.id)
                    .execute(&mut *tx)
                    .await
                    .map_err(e)?;
                }
                tx.commit().await.map_err(e)?;
                Ok(())
            }

            async fn release_notices(
                &self,
                ids: &[i64],
                claimed_until: time::OffsetDateTime,
            ) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                if ids.is_empty() {
                    return Ok(());
                }
                let mut tx = self.begin_write().await.map_err(e)?;
                for id in ids {
                    sqlx::query(
                        "UPDATE notices SET status = 'queued', claimed_until = NULL, attempts = attempts - 1 \
                         WHERE id = $1 AND status = 'sending' AND claimed_until = $2",
                    )
                    .bind(id)
                    .bind(claimed_until)
                    .execute(&mut *tx)
                    .await
                    .map_err(e)?;
                }
                tx.commit().await.map_err(e)?;
                Ok(())
            }

            async fn notice_failed(
                &self,
                id: i64,
                error: &str,
                retry_at: Option<time::OffsetDateTime>,
                channel: Option<domain::NoticeChannel>,
            ) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let error = $crate::notices::short_error(error);
                let channel = channel.map(domain::NoticeChannel::as_str);
                let mut tx = self.begin_write().await.map_err(e)?;
                match retry_at {
                    Some(at) => sqlx::query(
                        "UPDATE notices SET status = 'queued', next_attempt_at = $1, claimed_until = NULL, \
                         last_error = $2, channel = COALESCE($3, channel) WHERE id = $4",
                    )
                    .bind(at)
                    .bind(&error)
                    .bind(channel)
                    .bind(id),
                    None => sqlx::query(
                        "UPDATE notices SET status = 'failed', claimed_until = NULL, last_error = $1, \
                         channel = COALESCE($2, channel) WHERE id = $3",
                    )
                    .bind(&error)
                    .bind(channel)
                    .bind(id),
                }
                .execute(&mut *tx)
                .await
                .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }

            async fn queue_reminders(&self, now: time::OffsetDateTime, days: i64) -> portal::store::StoreResult<u64> {
                use $crate::backend_error as e;
                let after = time::Duration::days(days.max(1));
                let mut tx = self.begin_write().await.map_err(e)?;
                // The first reminder `days` after the pledge; the second `days` after the first.
                let first = sqlx::query(
                    "INSERT INTO notices (kind, donor_id, pledge_id, sequence, language, status, next_attempt_at, created_at) \
                     SELECT 'reminder', p.donor_id, p.id, 1, p.language, 'queued', $1, $1 \
                     FROM pledges p JOIN donors d ON d.id = p.donor_id \
                     WHERE p.kind = 'money' AND p.status = 'pledged' AND (d.email IS NOT NULL OR d.phone IS NOT NULL) AND p.created_at <= $2 \
                     AND NOT EXISTS (SELECT 1 FROM instalments i WHERE i.pledge_id = p.id) \
                     ON CONFLICT DO NOTHING",
                )
                .bind(now)
                .bind(now - after)
                .execute(&mut *tx)
                .await
                .map_err(e)?;
                let second = sqlx::query(
                    "INSERT INTO notices (kind, donor_id, pledge_id, sequence, language, status, next_attempt_at, created_at) \
                     SELECT 'reminder', p.donor_id, p.id, 2, p.language, 'queued', $1, $1 \
                     FROM pledges p JOIN donors d ON d.id = p.donor_id \
                     JOIN notices r ON r.pledge_id = p.id AND r.kind = 'reminder' AND r.sequence = 1 \
                     WHERE p.kind = 'money' AND p.status = 'pledged' AND (d.email IS NOT NULL OR d.phone IS NOT NULL) AND r.created_at <= $2 \
                     AND NOT EXISTS (SELECT 1 FROM instalments i WHERE i.pledge_id = p.id) \
                     ON CONFLICT DO NOTHING",
                )
                .bind(now)
                .bind(now - after)
                .execute(&mut *tx)
                .await
                .map_err(e)?;
                // An instalment not settled by its due date is reminded once (the first, due the day
                // the pledge was made, `days` later, as a pledge paid at once would be).
                let today = now.to_offset(time::macros::offset!(+7)).date();
                let instalments = sqlx::query(
                    "INSERT INTO notices (kind, donor_id, pledge_id, sequence, language, status, next_attempt_at, created_at) \
                     SELECT 'reminder', p.donor_id, p.id, i.number, p.language, 'queued', $1, $1 \
                     FROM instalments i JOIN pledges p ON p.id = i.pledge_id JOIN donors d ON d.id = p.donor_id \
                     WHERE p.status IN ('pledged', 'partly_paid') AND (d.email IS NOT NULL OR d.phone IS NOT NULL) \
                     AND ((i.number > 1 AND i.due_on <= $2) OR (i.number = 1 AND i.due_on <= $3)) \
                     AND (SELECT SUM(j.amount) FROM instalments j WHERE j.pledge_id = i.pledge_id AND j.number <= i.number) \
                         > COALESCE((SELECT SUM(l.amount) FROM ledger_entries l WHERE l.pledge_id = p.id), 0) \
                     ON CONFLICT DO NOTHING",
                )
                .bind(now)
                .bind(today)
                .bind(today - after)
                .execute(&mut *tx)
                .await
                .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(first.rows_affected() + second.rows_affected() + instalments.rows_affected())
            }

            async fn notices(
                &self,
                status: Option<&str>,
                limit: i64,
                offset: i64,
            ) -> portal::store::StoreResult<(Vec<portal::store::NoticeRecord>, i64)> {
                use $crate::backend_error as e;
                use $crate::notices::{NOTICE_COLUMNS, NoticeRow};
                let sql = format!(
                    "SELECT {NOTICE_COLUMNS} FROM notices n WHERE ($1 IS NULL OR n.status = $1) \
                     ORDER BY n.id DESC LIMIT $2 OFFSET $3"
                );
                let rows: Vec<NoticeRow> = sqlx::query_as(&sql)
                    .bind(status)
                    .bind(limit)
                    .bind(offset)
                    .fetch_all(self.reader())
                    .await
                    .map_err(e)?;
                let (total,): (i64,) = sqlx::query_as(
                    "SELECT CAST(COUNT(*) AS BIGINT) FROM notices n WHERE ($1 IS NULL OR n.status = $1)",
                )
                .bind(status)
                .fetch_one(self.reader())
                .await
                .map_err(e)?;
                let notices = rows.into_iter().map(TryInto::try_into).collect::<Result<_, _>>()?;
                Ok((notices, total))
            }

            async fn notice_counts(&self) -> portal::store::StoreResult<portal::store::NoticeCounts> {
                let rows: Vec<(String, i64)> =
                    sqlx::query_as("SELECT status, CAST(COUNT(*) AS BIGINT) FROM notices GROUP BY status")
                        .fetch_all(self.reader())
                        .await
                        .map_err($crate::backend_error)?;
                let mut counts = portal::store::NoticeCounts::default();
                for (status, count) in rows {
                    match status.as_str() {
                        "queued" => counts.queued = count,
                        "sending" => counts.sending = count,
                        "sent" => counts.sent = count,
                        "failed" => counts.failed = count,
                        _ => {}
                    }
                }
                Ok(counts)
            }

            async fn notice_channel_counts(
                &self,
            ) -> portal::store::StoreResult<Vec<portal::store::ChannelCount>> {
                let rows: Vec<(String, Option<String>, i64)> = sqlx::query_as(
                    "SELECT status, channel, CAST(COUNT(*) AS BIGINT) FROM notices GROUP BY status, channel \
                     ORDER BY status, channel",
                )
                .fetch_all(self.reader())
                .await
                .map_err($crate::backend_error)?;
                Ok(rows
                    .into_iter()
                    .map(|(status, channel, count)| portal::store::ChannelCount {
                        status,
                        channel: channel.unwrap_or_else(|| "unrouted".to_owned()),
                        count,
                    })
                    .collect())
            }

            async fn resend_notice(
                &self,
                id: i64,
                actor_id: i64,
                now: time::OffsetDateTime,
            ) -> portal::store::StoreResult<()> {
                use $crate::backend_error as e;
                let mut tx = self.begin_write().await.map_err(e)?;
                let updated = sqlx::query(
                    "UPDATE notices SET status = 'queued', attempts = 0, next_attempt_at = $1, claimed_until = NULL, \
                     channel = NULL WHERE id = $2 AND status = 'failed'",
                )
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(e)?;
                if updated.rows_affected() != 1 {
                    return Err(portal::store::StoreError::Conflict);
                }
                audit_in(&mut tx, now, Some(actor_id), "notice.resend", "notice", &id.to_string(), None, None)
                    .await
                    .map_err(e)?;
                tx.commit().await.map_err(e)?;
                Ok(())
            }
        }

        /// Queues a notice about a pledge to its donor, if the donor left an email address or a phone
        /// number (the worker chooses the channel when it sends).
        async fn notice_in(
            tx: &mut sqlx::Transaction<'_, $db>,
            pledge_id: i64,
            kind: &str,
            sequence: i64,
            at: time::OffsetDateTime,
        ) -> Result<(), sqlx::Error> {
            sqlx::query(
                "INSERT INTO notices (kind, donor_id, pledge_id, sequence, language, status, next_attempt_at, created_at) \
                 SELECT $1, p.donor_id, p.id, $2, p.language, 'queued', $3, $3 FROM pledges p JOIN donors d ON d.id = p.donor_id \
                 WHERE p.id = $4 AND (d.email IS NOT NULL OR d.phone IS NOT NULL) ON CONFLICT DO NOTHING",
            )
            .bind(kind)
            .bind(sequence)
            .bind(at)
            .bind(pledge_id)
            .execute(&mut **tx)
            .await?;
            Ok(())
        }
    };
}

pub(crate) use notice_store;
