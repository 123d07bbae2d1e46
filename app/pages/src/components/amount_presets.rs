//! Preset amounts beside the pledge form's amount: a tap fills the field with the amount written as
//! a Vietnamese reader writes it. They need JavaScript, so they stay hidden until the island is
//! live; the field itself always takes what is typed or pasted ("500k", "1tr").

use leptos::prelude::*;

use domain::format::{group_digits, vnd};

#[island]
pub fn AmountPresets(amounts: Vec<i64>, label: String) -> impl IntoView {
    let (live, set_live) = signal(false);
    Effect::new(move |_| set_live.set(true));
    view! {
        <div class="amount-presets" role="group" aria-label=label hidden=move || !live.get()>
            {amounts.into_iter().map(|amount| view! {
                <button type="button" class="preset" data-amount=amount.to_string()
                    on:click=move |_| fill_amount(&group_digits(amount))>{vnd(amount)}</button>
            }).collect_view()}
        </div>
    }
}

#[cfg(feature = "hydrate")]
fn fill_amount(text: &str) {
    use leptos::wasm_bindgen::JsCast;
    let field = leptos::web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("amount"))
        .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlInputElement>().ok());
    if let Some(field) = field {
        field.set_value(text);
    }
}

#[cfg(not(feature = "hydrate"))]
fn fill_amount(_text: &str) {}
