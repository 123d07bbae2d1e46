//! The notice worker inside `portal serve`: claims due notices, sends them, marks them sent; a
//! failure is retried with exponential backoff and jitter, then parked as failed with its reason.
//! It also queues the reminders of unpaid money pledges. Several processes may run it on one
//! PostgreSQL database: a claim is exclusive, and a claim left by a process that died is taken
//! over once it expires (so a notice is sent at least once, with a stable Message-ID).

use std::time::Duration;

use domain::i18n::Lang;
use lettre::message::Mailbox;
use portal::store::ClaimedNotice;
use rand::Rng;
use tokio::sync::watch;

use crate::AppState;
use crate::workers::composer::Composer;
use crate::workers::mail::{SendError, compose, message_id_domain};

#[derive(Clone, Debug)]
pub struct OutboxOptions {
    /// The wait before the first retry; it doubles with each attempt, up to `max_backoff`.
    pub retry_base: Duration,
    pub max_backoff: Duration,
    /// Attempts before a notice is parked as failed.
    pub max_attempts: i64,
    pub reminder_days: i64,
    /// How often an idle worker looks for due notices.
    pub poll: Duration,
    /// How long a claim holds; longer than any send may take.
    pub lease: Duration,
    pub batch: i64,
}

impl OutboxOptions {
    pub fn new(retry_base: Duration, reminder_days: i64) -> Self {
        OutboxOptions {
            retry_base,
            max_backoff: Duration::from_secs(3600),
            max_attempts: 8,
            reminder_days,
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
        let now = time::OffsetDateTime::now_utc();
        let claimed = match state.portal.claim_notices(now, now + options.lease, options.batch).await {
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
        for notice in claimed {
            if *stop.borrow() {
                // Claimed but not started: the claim expires and a worker takes it up again.
                break;
            }
            if let Some(done) = deliver(&state, &composer, &from, &options, notice).await {
                sent.push(done);
            }
            if claimed_at.elapsed() > options.lease / 2 {
                record_sent(&state, &mut sent).await;
            }
        }
        record_sent(&state, &mut sent).await;
    }
}

async fn record_sent(state: &AppState, sent: &mut Vec<(i64, String)>) {
    if sent.is_empty() {
        return;
    }
    // Counted once the mail server took them, whether or not the record below succeeds.
    state.metrics.notices_sent(sent.len());
    if let Err(err) = state.portal.notices_sent(sent, time::OffsetDateTime::now_utc()).await {
        tracing::error!(error = %err, notices = sent.len(), "cannot record sent notices");
    }
    sent.clear();
}

/// Sends one notice: answers it with its subject when sent (for `record_sent`); a failure is
/// recorded at once, with its retry.
async fn deliver(
    state: &AppState,
    composer: &Composer,
    from: &Mailbox,
    options: &OutboxOptions,
    claimed: ClaimedNotice,
) -> Option<(i64, String)> {
    let id = claimed.notice.id;
    let outcome = prepare_and_send(state, composer, from, &claimed).await;
    if outcome.is_err() {
        state.metrics.notice_failed();
    }
    let recorded = match outcome {
        Ok(subject) => return Some((id, subject)),
        Err(Failure::Permanent(reason)) => {
            tracing::warn!(notice = id, %reason, "notice cannot be sent");
            state.portal.notice_failed(id, &reason, None).await
        }
        Err(Failure::Transient(reason)) => {
            let retry_at = (claimed.notice.attempts < options.max_attempts).then(|| {
                time::OffsetDateTime::now_utc()
                    + time::Duration::try_from(options.backoff(claimed.notice.attempts)).unwrap_or(time::Duration::HOUR)
            });
            tracing::warn!(notice = id, attempts = claimed.notice.attempts, %reason, retry = retry_at.is_some(), "notice not sent");
            state.portal.notice_failed(id, &reason, retry_at).await
        }
    };
    if let Err(err) = recorded {
        tracing::error!(notice = id, error = %err, "cannot record the outcome of a notice");
    }
    None
}

enum Failure {
    /// Sending again will not help (no address, a template error).
    Permanent(String),
    /// The mail server or the database may answer later.
    Transient(String),
}

async fn prepare_and_send(
    state: &AppState,
    composer: &Composer,
    from: &Mailbox,
    claimed: &ClaimedNotice,
) -> Result<String, Failure> {
    let Some(email) = claimed.donor_email.clone() else {
        return Err(Failure::Permanent("the donor left no email address".into()));
    };
    let lang = Lang::parse(&claimed.notice.language).unwrap_or(Lang::Vi);
    let (context, vietqr) = state.portal.notice_context(claimed).await.map_err(|e| match e {
        // What the notice is about is gone (a sign-in link already sent, an erased donor's).
        portal::store::StoreError::NotFound => Failure::Permanent("nothing left to send".into()),
        e => Failure::Transient(format!("database: {e}")),
    })?;
    let message_id = format!(
        "<notice-{}-{}@{}>",
        claimed.notice.id,
        claimed.notice.kind.as_str(),
        message_id_domain(&state.portal.site.public_url)
    );
    let (kind, from, name) = (claimed.notice.kind, from.clone(), claimed.donor_name.clone());
    let composed = composer.run(move || {
        let rendered = portal::notices::render(kind, lang, &context).map_err(|e| e.to_string())?;
        let qr_png = vietqr.as_deref().and_then(|payload| portal::pictures::qr_png(payload, 6));
        let message = compose(&from, &name, &email, &rendered, qr_png, message_id)?;
        Ok::<_, String>((rendered.subject, message))
    });
    let (subject, message) = composed
        .await
        .ok_or_else(|| Failure::Transient("the notice composer stopped".into()))?
        .map_err(Failure::Permanent)?;
    state.mailer.send(message).await.map_err(|e| match e {
        SendError::Refused(reason) => Failure::Permanent(reason),
        SendError::Later(reason) => Failure::Transient(reason),
    })?;
    Ok(subject)
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
        let options = OutboxOptions::new(Duration::from_secs(30), 7);
        for (attempts, base) in [(1, 30), (2, 60), (3, 120), (4, 240)] {
            let wait = options.backoff(attempts).as_secs_f64();
            assert!(wait >= base as f64 && wait <= base as f64 * 1.25, "attempt {attempts}: {wait}");
        }
        assert!(options.backoff(30) <= Duration::from_secs(4500));
    }
}
