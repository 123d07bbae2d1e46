//! The notice outbox as its workers and staff use it: claiming due notices, recording what was sent
//! or failed, queueing reminders, and the staff's view (counts, the list, sending a parked one again).

use domain::staff::may_see_notices;
use domain::{NoticeTally, StaffView};
use time::OffsetDateTime;

use crate::store::{ChannelCount, ClaimedNotice, NoticeCounts, NoticeRecord, SentNotice};
use crate::{Error, Portal};

impl Portal {
    /// Claims up to `limit` due notices for one worker until `claimed_until` (see the port).
    pub async fn claim_notices(
        &self,
        now: OffsetDateTime,
        claimed_until: OffsetDateTime,
        limit: i64,
    ) -> Result<Vec<ClaimedNotice>, Error> {
        Ok(self.store.claim_notices(now, claimed_until, limit).await?)
    }

    /// Notices sent, with their subjects and channels, recorded in one go.
    pub async fn notices_sent(&self, sent: &[SentNotice], at: OffsetDateTime) -> Result<(), Error> {
        Ok(self.store.notices_sent(sent, at).await?)
    }

    /// Claimed notices a stopping worker did not start: queued again at once.
    pub async fn release_notices(&self, ids: &[i64], claimed_until: OffsetDateTime) -> Result<(), Error> {
        Ok(self.store.release_notices(ids, claimed_until).await?)
    }

    /// A failed attempt: queued again for `retry_at`, or parked with its reason when `None`; the
    /// channel it stands at is kept for its retries.
    pub async fn notice_failed(
        &self,
        id: i64,
        reason: &str,
        retry_at: Option<OffsetDateTime>,
        channel: Option<domain::NoticeChannel>,
    ) -> Result<(), Error> {
        Ok(self.store.notice_failed(id, reason, retry_at, channel).await?)
    }

    /// Queues the reminders of money pledges unpaid `days` (and twice that) after they were made.
    pub async fn queue_reminders(&self, now: OffsetDateTime, days: i64) -> Result<u64, Error> {
        Ok(self.store.queue_reminders(now, days).await?)
    }

    /// The outbox by state, for operators (metrics) and the staff's counts.
    pub async fn notice_counts(&self) -> Result<NoticeCounts, Error> {
        Ok(self.store.notice_counts().await?)
    }

    /// The outbox by state and channel, for operators (metrics).
    pub async fn notice_channel_counts(&self) -> Result<Vec<ChannelCount>, Error> {
        Ok(self.store.notice_channel_counts().await?)
    }

    /// The outbox in three numbers, for staff who may see it (`None` for the others).
    pub async fn notice_tally(&self, staff: &StaffView) -> Result<Option<NoticeTally>, Error> {
        if !may_see_notices(staff) {
            return Ok(None);
        }
        let c = self.store.notice_counts().await?;
        Ok(Some(NoticeTally { queued: c.queued + c.sending, sent: c.sent, failed: c.failed }))
    }

    /// The latest notices (at most 200), in one state or all, and the counts.
    pub async fn staff_notices(
        &self,
        staff: &StaffView,
        status: Option<&str>,
    ) -> Result<(Vec<NoticeRecord>, i64, NoticeCounts), Error> {
        if !may_see_notices(staff) {
            return Err(Error::Denied);
        }
        let (records, total) = self.store.notices(status, 200, 0).await?;
        Ok((records, total, self.store.notice_counts().await?))
    }

    /// Queues a parked notice again (audited). `Ok(false)` when it is not parked (any more).
    pub async fn resend_notice(&self, staff: &StaffView, id: i64) -> Result<bool, Error> {
        if !may_see_notices(staff) {
            return Err(Error::Denied);
        }
        match self.store.resend_notice(id, staff.id, OffsetDateTime::now_utc()).await {
            Ok(()) => Ok(true),
            Err(crate::store::StoreError::Conflict) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }
}
