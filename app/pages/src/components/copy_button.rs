//! A "copy" button beside a payment detail, so a donor paying from the same phone can paste the
//! account number, amount and transfer message into the banking app. It needs JavaScript, so it
//! stays hidden until the island is live; the text beside it can always be selected by hand.

use leptos::prelude::*;

#[island]
pub fn CopyButton(value: String, label: String, done: String) -> impl IntoView {
    let (live, set_live) = signal(false);
    let (copied, set_copied) = signal(false);
    Effect::new(move |_| set_live.set(true));
    view! {
        <button
            type="button"
            class="copy-button"
            hidden=move || !live.get()
            data-copy=value.clone()
            on:click=move |_| {
                copy_to_clipboard(&value);
                set_copied.set(true);
            }
        >
            {move || if copied.get() { done.clone() } else { label.clone() }}
        </button>
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
