use leptos::prelude::*;
use leptos_meta::Title;

use crate::current_lang;
use crate::error::AppError;

#[component]
pub fn NotFound() -> impl IntoView {
    crate::pages::set_status(404);
    let t = current_lang().t();
    view! { <Problem title=t.page_not_found_title body=t.page_not_found_body/> }
}

/// A message for an error, with the status set to match.
#[component]
pub fn ErrorNotice(
    error: AppError,
    #[prop(optional)] not_found_title: Option<&'static str>,
    #[prop(optional)] not_found_body: Option<&'static str>,
) -> impl IntoView {
    let t = current_lang().t();
    match error {
        AppError::NotFound => {
            crate::pages::set_status(404);
            view! {
                <Problem
                    title=not_found_title.unwrap_or(t.page_not_found_title)
                    body=not_found_body.unwrap_or(t.page_not_found_body)
                />
            }
        }
        _ => {
            crate::pages::set_status(503);
            view! { <Problem title=t.error_title body=t.error_body/> }
        }
    }
}

#[component]
fn Problem(title: &'static str, body: &'static str) -> impl IntoView {
    let t = current_lang().t();
    view! {
        <Title text=format!("{title} · {}", t.portal_name)/>
        <section class="problem">
            <h1>{title}</h1>
            <p>{body}</p>
            <p>
                <a href="/needs">{t.back_to_board}</a>
                " · "
                <a href="/">{t.nav_home}</a>
            </p>
        </section>
    }
}
