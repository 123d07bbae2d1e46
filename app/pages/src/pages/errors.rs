use crate::components::page_title::PageTitle;
use leptos::prelude::*;

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
        AppError::Forbidden => {
            crate::pages::set_status(403);
            view! { <Problem title=t.forbidden_title body=t.forbidden_body/> }
        }
        AppError::SignInRequired => {
            crate::pages::redirect_to("/staff/login?error=required");
            view! { <Problem title=t.staff_login_title body=t.staff_login_required/> }
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
        <PageTitle text=format!("{title} · {}", t.portal_name)/>
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

/// `/staff/forbidden`: what a denied staff action answers (403).
#[component]
pub fn Forbidden() -> impl IntoView {
    crate::pages::mark_private();
    view! { <ErrorNotice error=AppError::Forbidden/> }
}

/// `/staff/not-found`: a staff action on a record that does not exist (404).
#[component]
pub fn StaffNotFound() -> impl IntoView {
    crate::pages::mark_private();
    view! { <ErrorNotice error=AppError::NotFound/> }
}

/// What most pages are: a line saying it is loading, then the view of what `load` answered — or
/// its error, told in the person's language with the status to match; `missing` says what to tell
/// when the thing asked for does not exist (title, explanation), if not the general words.
pub fn loaded<T, Fut, V>(
    missing: Option<(&'static str, &'static str)>,
    load: impl Fn() -> Fut + Clone + Send + Sync + 'static,
    show: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Send + 'static,
    Fut: std::future::Future<Output = Result<T, AppError>> + Send + 'static,
    V: IntoView + 'static,
{
    let t = current_lang().t();
    let (not_found_title, not_found_body) = missing.unzip();
    view! {
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || {
                let (load, show) = (load.clone(), show.clone());
                Suspend::new(async move {
                    match load().await {
                        Err(error) => view! { <ErrorNotice error not_found_title=not_found_title.unwrap_or(t.page_not_found_title) not_found_body=not_found_body.unwrap_or(t.page_not_found_body)/> }.into_any(),
                        Ok(data) => show(data).into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
