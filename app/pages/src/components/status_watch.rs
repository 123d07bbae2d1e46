//! A pledge waiting for its money watches for it: with a bank feed, a transfer is seen within
//! seconds, so the thank-you page asks every few seconds and shows the new state when it changes.
//! Without JavaScript the link beside it does the same by hand.

use leptos::prelude::*;

/// How often an open page asks.
#[cfg(feature = "hydrate")]
const EVERY_SECONDS: u64 = 5;

/// A pledge's status by its reference, as the thank-you page shows it to whoever holds the reference.
#[server(prefix = "/sf", endpoint = "pledge_status")]
pub async fn pledge_status(reference: String) -> Result<String, crate::error::AppError> {
    // The API's view of the pledge, not the thank-you page's: no QR code drawn on every poll.
    Ok(crate::pages::portal()?.pledge_status(&reference).await?.status)
}

#[island]
pub fn StatusWatch(reference: String, status: String, label: String) -> impl IntoView {
    let href = format!("/pledge/{reference}");
    Effect::new(move |_| watch(reference.clone(), status.clone()));
    view! {
        <p class="status-watch no-print" role="status">
            <a href=href>{label}</a>
        </p>
    }
}

#[cfg(feature = "hydrate")]
fn watch(reference: String, status: String) {
    let _ = set_interval_with_handle(
        move || {
            let (reference, status) = (reference.clone(), status.clone());
            leptos::task::spawn_local(async move {
                if let Ok(now) = pledge_status(reference).await
                    && now != status
                    && let Some(window) = leptos::web_sys::window()
                {
                    let _ = window.location().reload();
                }
            });
        },
        std::time::Duration::from_secs(EVERY_SECONDS),
    );
}

#[cfg(not(feature = "hydrate"))]
fn watch(_reference: String, _status: String) {}
