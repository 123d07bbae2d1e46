//! A "copy" button beside a payment detail, so a donor paying from the same phone can paste the
//! account number, amount and transfer message into the banking app. It needs JavaScript, so it
//! stays hidden until the island is live; the text beside it can always be selected by hand.
//! Four of them sit on one page, so each is named for what it copies ("Copy the account number");
//! "Copied" shows for a moment, is announced, and the button then reads as before.

use leptos::prelude::*;

/// How long "Copied" stays before the button is ready to copy again.
const DONE_FOR_MS: u64 = 2_000;

#[island]
pub fn CopyButton(value: String, label: String, name: String, done: String) -> impl IntoView {
    let (live, set_live) = signal(false);
    let (copied, set_copied) = signal(false);
    Effect::new(move |_| set_live.set(true));
    let spoken = done.clone();
    view! {
        <button
            type="button"
            class="copy-button"
            class:copied=copied
            hidden=move || !live.get()
            aria-label=name
            data-copy=value.clone()
            on:click=move |_| {
                copy_to_clipboard(&value);
                set_copied.set(true);
                set_timeout(move || set_copied.set(false), std::time::Duration::from_millis(DONE_FOR_MS));
            }
        >
            {move || if copied.get() { done.clone() } else { label.clone() }}
        </button>
        <span class="visually-hidden" aria-live="polite">{move || copied.get().then(|| spoken.clone())}</span>
    }
}

#[cfg(feature = "hydrate")]
fn copy_to_clipboard(text: &str) {
    if let Some(window) = leptos::web_sys::window() {
        // The promise settles on its own; a refusal leaves the text there to select by hand.
        let _ = window.navigator().clipboard().write_text(text);
    }
}

#[cfg(not(feature = "hydrate"))]
fn copy_to_clipboard(_text: &str) {}
