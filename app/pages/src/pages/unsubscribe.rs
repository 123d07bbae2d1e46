//! `/digest/unsubscribe/{token}`: where a digest's unsubscribe link leads. Opening it changes
//! nothing (mail scanners open links); the button sends the request, honoured at once.

use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::page_title::PageTitle;
use crate::current_lang;

#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let lang = current_lang();
    let t = lang.t();
    let token = domain::checks::link_token(&use_params_map().get_untracked().get("token").unwrap_or_default());
    let query = use_query_map().get_untracked();
    let outcome = if query.get("done").is_some() {
        Some(t.unsubscribe_done)
    } else if query.get("unknown").is_some() {
        Some(t.unsubscribe_unknown)
    } else {
        None
    };
    view! {
        <PageTitle text=format!("{} · {}", t.unsubscribe_title, t.portal_name)/>
        <Meta name="robots" content="noindex"/>
        <h1>{t.unsubscribe_title}</h1>
        {match outcome {
            Some(said) => view! {
                <p class="notice" role="status">{said}</p>
                <p><a href="/me">{t.donor_page_title}</a></p>
            }.into_any(),
            None => view! {
                <p class="lead">{t.unsubscribe_explain}</p>
                <form method="post" action=format!("/digest/unsubscribe/{token}") class="stacked">
                    <button type="submit" class="button">{t.unsubscribe_submit}</button>
                </form>
            }.into_any(),
        }}
    }
}
