//! The portal's server, the `portal` binary: the state it runs with (`state.rs`), the router
//! (`router.rs`), the JSON API (`api/`), the form handlers (`forms/`), the layers every request
//! passes (`middleware/`), the background workers (`workers/`) and the operations — command
//! line, configuration, backups, reports, metrics (`ops/`). `main` only parses the command line.

pub mod api;
pub mod errors;
pub mod extract;
pub mod forms;
pub mod listener;
pub mod middleware;
pub mod ops;
pub mod router;
pub mod sessions;
pub mod state;
pub mod workers;

use std::future::Future;

use tokio::net::TcpListener;

pub use router::{build_router, render_page};
pub use state::{AppState, prepare};

use crate::workers::{mail, outbox, replicas};

/// Serves until `shutdown` resolves, then lets in-flight requests finish.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let expiry = state.sessions.spawn_expiry();
    let (stop_outbox, outbox) = outbox::spawn(state.clone());
    let (stop_sharing, sharing) = tokio::sync::watch::channel(false);
    let sharing = state
        .shared_database
        .clone()
        .map(|url| tokio::spawn(replicas::share_changes(state.portal.clone(), url, sharing)));
    let limits = state.limits;
    let served = listener::serve(listener, build_router(state), limits, shutdown).await;
    // The notice being sent is finished; the rest stay queued for the next start.
    let _ = stop_outbox.send(true);
    if tokio::time::timeout(mail::SEND_TIMEOUT + std::time::Duration::from_secs(5), outbox).await.is_err() {
        tracing::warn!("the notice worker did not stop in time");
    }
    let _ = stop_sharing.send(true);
    if let Some(sharing) = sharing {
        let _ = sharing.await;
    }
    expiry.abort();
    served
}
