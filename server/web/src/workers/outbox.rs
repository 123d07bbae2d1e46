//! The notice worker inside `portal serve`: claims due notices, sends each by its channel (email,
//! Zalo or SMS, `channels.rs`), marks them sent; a failure is retried with exponential backoff and
//! jitter, then parked as failed with its reason.
//! It also queues the reminders of unpaid money pledges. Several processes may run it on one
//! PostgreSQL database: a claim is exclusive, and a claim left by a process that died is taken
//! over once it expires (so a notice is sent at least once, with a stable identity: `tracking_id`).

use std::time::Duration;

use domain::NoticeChannel;
use domain::checks::mobile_84;
use domain::i18n::Lang;
use lettre::message::Mailbox;
use portal::store::{ClaimedNotice, SentNotice};
use rand::Rng;
use tokio::sync::watch;

use crate::AppState;
use crate::workers::composer::Composer;
use crate::workers::mail::{SendError, compose, message_id_domain};
use crate::workers::sms::SmsFailure;
use crate::workers::zns::ZnsFailure;

#[derive(Clone, Debug)]
pub struct OutboxOptions {
    /// The wait before the first retry; it doubles with each attempt, up to `max_backoff`.
    pub retry_base: Duration,
    pub max_backoff: Duration,
    /// Attempts before a notice is parked as failed.
    pub max_attempts: i64,
    pub reminder_days: i64,
    /// Days between two digests to a donor.
    pub digest_days: i64,
    /// How often an idle worker looks for due notices.
    pub poll: Duration,
    /// How long a claim holds; longer than any send may take.
    pub lease: Duration,
    pub batch: i64,
}

impl OutboxOptions {
    pub fn new(retry_base: Duration, reminder_days: i64, digest_days: i64) -> Self {
        OutboxOptions {
            retry_base,
            max_backoff: Duration::from_secs(3600),
            max_attempts: 8,
            reminder_days,
            digest_days,
            poll: Duration::from_secs(1),
            lease: Duration::from_secs(300),
            batch: 20,
        }
    }

    /// Exponential backoff with up to a quarter of jitter, so retries of many notices after an
    /// outage do not all arrive at the mail server in the same second.
    pub fn backoff(&self, attempts: i64) -> Duration {
        let exponent = u32::try_from(attempts.saturating_sub(1).clamp(0, 20)).unwrap_or(20);
        let delay = self.retry_base.saturating_mul(2u32.saturating_pow(exponent)).min(self.max_backoff);
        delay.mul_f64(1.0 + rand::thread_rng().gen_range(0.0..0.25))
    }
}

/// Sends what is due until `stop` turns true; the notice being sent when it does is finished.
pub async fn run(state: AppState, mut stop: watch::Receiver<bool>) {
    let options = state.outbox.clone();
    let Ok(from) = state.mail_from.parse::<Mailbox>() else {
        tracing::error!(from = %state.mail_from, "PORTAL_MAIL_FROM is not a mailbox; notices are not sent");
        return;
    };
    let composer = match Composer::start() {
        Ok(composer) => composer,
        Err(err) => {
            tracing::error!(error = %err, "cannot start the notice composer; notices are not sent");
            return;
        }
    };
    let mut reminders_checked: Option<tokio::time::Instant> = None;
    let mut digests_checked: Option<tokio::time::Instant> = None;
    while !*stop.borrow() {
        if reminders_checked.is_none_or(|at| at.elapsed() > Duration::from_secs(60)) {
            reminders_checked = Some(tokio::time::Instant::now());
            match state.portal.queue_reminders(time::OffsetDateTime::now_utc(), options.reminder_days).await {
                Ok(0) => {}
                Ok(queued) => tracing::info!(queued, "payment reminders queued"),
                Err(err) => tracing::error!(error = %err, "cannot queue reminders"),
            }
            match state.portal.sweep_stale_pledges(time::OffsetDateTime::now_utc()).await {
                Ok(0) => {}
                Ok(moved) => tracing::info!(moved, "needs follow their unpaid pledges going stale"),
                Err(err) => tracing::error!(error = %err, "cannot sweep stale pledges"),
            }
        }
        // Digests are days apart: an hourly look is soon enough, and cheap.
        if digests_checked.is_none_or(|at| at.elapsed() > Duration::from_secs(3600)) {
            digests_checked = Some(tokio::time::Instant::now());
            match state.portal.queue_digests(time::OffsetDateTime::now_utc(), options.digest_days).await {
                Ok(0) => {}
                Ok(queued) => tracing::info!(queued, "digests queued"),
                Err(err) => tracing::error!(error = %err, "cannot queue digests"),
            }
        }
        let now = time::OffsetDateTime::now_utc();
        // Whole seconds: the claim is compared again when releasing (PostgreSQL keeps microseconds).
        let claimed_until = (now + options.lease).replace_nanosecond(0).unwrap_or(now + options.lease);
        let claimed = match state.portal.claim_notices(now, claimed_until, options.batch).await {
            Ok(claimed) => claimed,
            Err(err) => {
                tracing::error!(error = %err, "cannot claim notices");
                Vec::new()
            }
        };
        if claimed.is_empty() {
            tokio::select! {
                () = tokio::time::sleep(options.poll) => {}
                _ = stop.changed() => {}
            }
            continue;
        }
        // Sent notices are recorded together (one commit for the batch, not one per message), and
        // always well inside the claim, so no other worker takes a sent notice up again.
        let claimed_at = tokio::time::Instant::now();
        let mut sent = Vec::new();
        let mut claimed = claimed.into_iter();
        for notice in claimed.by_ref() {
            // Stopping, or half the claim spent (a slow provider): the notices not started are
            // queued again rather than sent after the claim lapsed, when another worker may have
            // taken them.
            if *stop.borrow() || claimed_at.elapsed() > options.lease / 2 {
                let mut left = vec![notice.notice.id];
                left.extend(claimed.by_ref().map(|n| n.notice.id));
                if let Err(err) = state.portal.release_notices(&left, claimed_until).await {
                    tracing::error!(error = %err, "cannot release claimed notices; they are sent once their claim lapses");
                }
                break;
            }
            if let Some(done) = deliver(&state, &composer, &from, &options, notice).await {
                sent.push(done);
            }
            if claimed_at.elapsed() > options.lease / 4 {
                record_sent(&state, &mut sent).await;
            }
        }
        record_sent(&state, &mut sent).await;
    }
}

async fn record_sent(state: &AppState, sent: &mut Vec<SentNotice>) {
    if sent.is_empty() {
        return;
    }
    // Counted once the provider took them, whether or not the record below succeeds.
    for notice in sent.iter() {
        state.metrics.notice_sent(notice.channel);
    }
    if let Err(err) = state.portal.notices_sent(sent, time::OffsetDateTime::now_utc()).await {
        tracing::error!(error = %err, notices = sent.len(), "cannot record sent notices");
    }
    sent.clear();
}

/// Sends one notice: answers what was sent (for `record_sent`); a failure is recorded at once,
/// with its retry and the channel it stands at.
async fn deliver(
    state: &AppState,
    composer: &Composer,
    from: &Mailbox,
    options: &OutboxOptions,
    claimed: ClaimedNotice,
) -> Option<SentNotice> {
    let id = claimed.notice.id;
    let (failure, channel) = match send(state, composer, from, &claimed).await {
        Ok(sent) => return Some(sent),
        Err(failed) => failed,
    };
    state.metrics.notice_failed();
    let recorded = match failure {
        Failure::Permanent(reason) => {
            tracing::warn!(notice = id, channel = channel.map(NoticeChannel::as_str), %reason, "notice cannot be sent");
            state.portal.notice_failed(id, &reason, None, channel).await
        }
        Failure::Transient(reason) => {
            let retry_at = (claimed.notice.attempts < options.max_attempts).then(|| {
                time::OffsetDateTime::now_utc()
                    + time::Duration::try_from(options.backoff(claimed.notice.attempts)).unwrap_or(time::Duration::HOUR)
            });
            tracing::warn!(notice = id, attempts = claimed.notice.attempts, channel = channel.map(NoticeChannel::as_str), %reason, retry = retry_at.is_some(), "notice not sent");
            state.portal.notice_failed(id, &reason, retry_at, channel).await
        }
    };
    if let Err(err) = recorded {
        tracing::error!(notice = id, error = %err, "cannot record the outcome of a notice");
    }
    None
}

enum Failure {
    /// Sending again will not help (no address, a template error, a refusal).
    Permanent(String),
    /// The provider or the database may answer later.
    Transient(String),
}

/// What one channel did with the notice.
enum Attempt {
    Sent(Option<String>),
    Failed(Failure),
    /// Zalo cannot reach the number: the next channel may.
    Unreachable(String),
}

/// The stable identity providers see for a notice, however often it is tried: the email's
/// Message-ID holds it, Zalo gets it as `tracking_id` and the SMS gateway as `RequestId`.
pub fn tracking_id(claimed: &ClaimedNotice) -> String {
    format!("notice-{}-{}", claimed.notice.id, claimed.notice.kind.as_str())
}

/// Sends a notice by the first channel that takes it (`channels.rs` chooses the order).
async fn send(
    state: &AppState,
    composer: &Composer,
    from: &Mailbox,
    claimed: &ClaimedNotice,
) -> Result<SentNotice, (Failure, Option<NoticeChannel>)> {
    let route = state.channels.route(claimed).map_err(|reason| (Failure::Permanent(reason), None))?;
    let lang = Lang::parse(&claimed.notice.language).unwrap_or(Lang::Vi);
    let (context, vietqr) = state.portal.notice_context(claimed).await.map_err(|e| match e {
        // What the notice is about is gone (a sign-in link already sent, an erased donor's).
        portal::store::StoreError::NotFound => (Failure::Permanent("nothing left to send".into()), None),
        e => (Failure::Transient(format!("database: {e}")), None),
    })?;
    let subject = portal::notices::render(claimed.notice.kind, lang, &context)
        .map(|r| r.subject)
        .map_err(|e| (Failure::Permanent(e.to_string()), None))?;
    let mut unreachable = Vec::new();
    for channel in route {
        let attempt = match channel {
            NoticeChannel::Email => by_email(state, composer, from, claimed, lang, &context, vietqr.clone()).await,
            NoticeChannel::Zalo => by_zalo(state, claimed, &context).await,
            NoticeChannel::Sms => by_sms(state, claimed, lang, &context).await,
        };
        match attempt {
            Attempt::Sent(provider_message_id) => {
                return Ok(SentNotice { id: claimed.notice.id, subject, channel, provider_message_id });
            }
            Attempt::Failed(failure) => return Err((failure, Some(channel))),
            Attempt::Unreachable(reason) => {
                tracing::info!(notice = claimed.notice.id, %reason, "trying the donor's next channel");
                unreachable.push(reason);
            }
        }
    }
    Err((Failure::Permanent(unreachable.join("; ")), None))
}

async fn by_email(
    state: &AppState,
    composer: &Composer,
    from: &Mailbox,
    claimed: &ClaimedNotice,
    lang: Lang,
    context: &portal::notices::NoticeContext,
    vietqr: Option<String>,
) -> Attempt {
    let Some(email) = claimed.donor_email.clone() else {
        return Attempt::Failed(Failure::Permanent("the donor left no email address".into()));
    };
    let message_id = format!("<{}@{}>", tracking_id(claimed), message_id_domain(&state.portal.site.public_url));
    let (kind, from, name, context) = (claimed.notice.kind, from.clone(), claimed.donor_name.clone(), context.clone());
    let composed = composer.run(move || {
        let rendered = portal::notices::render(kind, lang, &context).map_err(|e| e.to_string())?;
        let qr_png = vietqr.as_deref().and_then(|payload| portal::pictures::qr_png(payload, 6));
        let unsubscribe = Some(context.unsubscribe_url.as_str()).filter(|u| !u.is_empty());
        compose(&from, &name, &email, &rendered, qr_png, message_id, unsubscribe)
    });
    let message = match composed.await {
        None => return Attempt::Failed(Failure::Transient("the notice composer stopped".into())),
        Some(Err(reason)) => return Attempt::Failed(Failure::Permanent(reason)),
        Some(Ok(message)) => message,
    };
    match state.mailer.send(message).await {
        Ok(()) => Attempt::Sent(None),
        Err(SendError::Refused(reason)) => Attempt::Failed(Failure::Permanent(reason)),
        Err(SendError::Later(reason)) => Attempt::Failed(Failure::Transient(reason)),
    }
}

async fn by_zalo(state: &AppState, claimed: &ClaimedNotice, context: &portal::notices::NoticeContext) -> Attempt {
    let (Some(zalo), Some(phone)) = (&state.channels.zalo, claimed.donor_phone.as_deref().and_then(mobile_84)) else {
        return Attempt::Unreachable("Zalo cannot reach the donor".into());
    };
    let data = portal::phone_notices::zns_data(claimed.notice.kind, context);
    match zalo.send(&state.portal, &phone, claimed.notice.kind, &data, &tracking_id(claimed)).await {
        Ok(message_id) => Attempt::Sent(Some(message_id).filter(|id| !id.is_empty())),
        Err(ZnsFailure::Unreachable(reason)) => Attempt::Unreachable(reason),
        Err(ZnsFailure::Refused(reason)) => Attempt::Failed(Failure::Permanent(reason)),
        Err(ZnsFailure::Later(reason)) => Attempt::Failed(Failure::Transient(reason)),
    }
}

async fn by_sms(
    state: &AppState,
    claimed: &ClaimedNotice,
    lang: Lang,
    context: &portal::notices::NoticeContext,
) -> Attempt {
    let (Some(sms), Some(phone)) = (&state.channels.sms, claimed.donor_phone.as_deref().and_then(mobile_84)) else {
        return Attempt::Unreachable("SMS cannot reach the donor".into());
    };
    let Some(text) = portal::phone_notices::sms(claimed.notice.kind, lang, context) else {
        return Attempt::Failed(Failure::Permanent(format!("{} goes by email only", claimed.notice.kind.as_str())));
    };
    match sms.send(&phone, &text, &tracking_id(claimed)).await {
        Ok(message_id) => Attempt::Sent(message_id),
        Err(SmsFailure::Refused(reason)) => Attempt::Failed(Failure::Permanent(reason)),
        Err(SmsFailure::Later(reason)) => Attempt::Failed(Failure::Transient(reason)),
    }
}

/// Starts the worker; the returned sender stops it, the handle finishes when it has.
pub fn spawn(state: AppState) -> (watch::Sender<bool>, tokio::task::JoinHandle<()>) {
    let (stop, stopped) = watch::channel(false);
    (stop, tokio::spawn(run(state, stopped)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_jitter_and_a_ceiling() {
        let options = OutboxOptions::new(Duration::from_secs(30), 7, 30);
        for (attempts, base) in [(1, 30), (2, 60), (3, 120), (4, 240)] {
            let wait = options.backoff(attempts).as_secs_f64();
            assert!(wait >= base as f64 && wait <= base as f64 * 1.25, "attempt {attempts}: {wait}");
        }
        assert!(options.backoff(30) <= Duration::from_secs(4500));
    }
}
