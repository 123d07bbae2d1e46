//! Several `portal serve` processes on one PostgreSQL: each keeps its own cache of public pages, so
//! each tells the others when it changed something the public sees (`NOTIFY portal_changes`), and
//! empties its own cache when another one did. Pledges and payments are told apart ("progress"):
//! they only make the others' pages showing progress due for a refresh. A change is passed on
//! within a fifth of a second.

use std::time::Duration;

use portal::Portal;
use sqlx::postgres::{PgListener, PgPoolOptions};
use tokio::sync::watch;

const CHANNEL: &str = "portal_changes";
const EVERY: Duration = Duration::from_millis(200);
/// Follows the sender's name in a notice telling only of pledges or payments.
const PROGRESS: &str = "progress";

/// Runs until `stop` turns true. Loses nothing by restarting: a replica that missed a notice
/// empties its cache at the next change or at midnight, like any page that could be stale.
pub async fn share_changes(portal: Portal, database_url: String, mut stop: watch::Receiver<bool>) {
    let me = portal::tokens::new_form_token();
    // Two connections: the listener keeps one for good, telling the others needs its own (with
    // one, every NOTIFY waited for the pool's timeout and stopping waited with it).
    let pool = match PgPoolOptions::new().max_connections(2).connect(&database_url).await {
        Ok(pool) => pool,
        Err(err) => {
            tracing::error!(error = %err, "cannot tell other replicas about changes");
            return;
        }
    };
    let mut listener = match PgListener::connect_with(&pool).await {
        Ok(listener) => listener,
        Err(err) => {
            tracing::error!(error = %err, "cannot hear other replicas' changes");
            return;
        }
    };
    if let Err(err) = listener.listen(CHANNEL).await {
        tracing::error!(error = %err, "cannot hear other replicas' changes");
        return;
    }
    let progressed = format!("{me} {PROGRESS}");
    let mut told = (portal.local_changes(), portal.local_progress());
    let mut tick = tokio::time::interval(EVERY);
    loop {
        tokio::select! {
            _ = tick.tick() => {
                let now = (portal.local_changes(), portal.local_progress());
                // An edit empties the others' caches, which covers progress made with it.
                let payload = if now.0 != told.0 { &me } else if now.1 != told.1 { &progressed } else { continue };
                told = now;
                if let Err(err) = sqlx::query("SELECT pg_notify($1, $2)").bind(CHANNEL).bind(payload).execute(&pool).await {
                    tracing::warn!(error = %err, "cannot tell other replicas about a change");
                }
            }
            heard = listener.recv() => match heard {
                Ok(notice) => match notice.payload().split_once(' ') {
                    Some((from, PROGRESS)) if from != me => portal.peer_progressed(),
                    None if notice.payload() != me => portal.peer_changed(),
                    _ => {}
                },
                Err(err) => {
                    // The listener reconnects on the next `recv`; a pause keeps a down database
                    // from being asked in a loop.
                    tracing::warn!(error = %err, "lost the other replicas' changes for a moment");
                    portal.peer_changed();
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            },
            _ = stop.changed() => break,
        }
    }
}
