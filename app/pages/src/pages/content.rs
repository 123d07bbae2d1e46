use crate::components::page_title::PageTitle;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::current_lang;
use crate::error::AppError;
use crate::pages::errors::loaded;
use domain::ContentPage;

#[server(prefix = "/sf", endpoint = "content_page")]
pub async fn get_content_page(slug: String) -> Result<ContentPage, AppError> {
    portal::content::page(&slug, crate::current_lang()).ok_or(AppError::NotFound)
}

#[component]
pub fn ContentPageView() -> impl IntoView {
    let t = current_lang().t();
    let slug = use_params_map().get_untracked().get("slug").unwrap_or_default();
    view! {
        {loaded(None,
            move || get_content_page(slug.clone()),
            move |page| {
                // Text only: no pledge moves it.
                crate::pages::mark_public_showing(None, &[]);
                view! {
                    <PageTitle text=format!("{} · {}", page.title, t.portal_name)/>
                    <article class="prose">
                        <h1>{page.title}</h1>
                        <div inner_html=page.html></div>
                    </article>
                }
            },
        )}
    }
}
