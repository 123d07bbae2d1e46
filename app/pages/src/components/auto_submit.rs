//! The one island of the public pages so far: filters that apply as soon as they change.
//! Without JavaScript the form's own button does the same.

use leptos::prelude::*;

#[island]
pub fn AutoSubmit(children: Children) -> impl IntoView {
    let (hydrated, set_hydrated) = signal(false);
    // Effects run only in the browser: the attribute tells tests (and CSS) the island is live.
    Effect::new(move |_| set_hydrated.set(true));
    view! {
        <div
            class="auto-submit"
            data-hydrated=move || if hydrated.get() { "true" } else { "false" }
            on:change=move |ev| submit_enclosing_form(&ev)
        >
            {children()}
        </div>
    }
}

#[cfg(feature = "hydrate")]
fn submit_enclosing_form(ev: &leptos::ev::Event) {
    use leptos::wasm_bindgen::JsCast;
    let form = ev
        .target()
        .and_then(|t| t.dyn_into::<leptos::web_sys::Element>().ok())
        .and_then(|el| el.closest("form").ok().flatten())
        .and_then(|f| f.dyn_into::<leptos::web_sys::HtmlFormElement>().ok());
    if let Some(form) = form {
        // requestSubmit (not submit) so the browser validates and fires the submit event.
        let _ = form.request_submit();
    }
}

#[cfg(not(feature = "hydrate"))]
fn submit_enclosing_form(_ev: &leptos::ev::Event) {}
