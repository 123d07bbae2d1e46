use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::current_lang;
use crate::error::AppError;
use domain::SiteInfo;
use domain::i18n::Lang;

/// Whether the portal currently shows demo data (then every page says so).
#[server(prefix = "/sf", endpoint = "demo_data_shown")]
pub async fn get_demo_flag() -> Result<bool, AppError> {
    Ok(crate::pages::portal()?.shows_demo_data().await?)
}

/// The same page in the other language: the current path and query with `lang` replaced.
pub fn language_switch_href(path: &str, search: &str, lang: Lang) -> String {
    let mut pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(search.trim_start_matches('?')).unwrap_or_default();
    pairs.retain(|(k, _)| k != "lang");
    pairs.push(("lang".to_owned(), lang.code().to_owned()));
    let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    format!("{path}?{query}")
}

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let lang = current_lang();
    let t = lang.t();
    let location = use_location();
    let switch_href =
        language_switch_href(&location.pathname.get_untracked(), &location.search.get_untracked(), lang.other());
    let org_name = use_context::<SiteInfo>().map(|s| s.org_name).unwrap_or_default();
    let staff = crate::pages::signed_in();
    view! {
        <a class="skip-link" href="#main">{t.skip_to_content}</a>
        <header class="site-header">
            <div class="wrap header-row">
                <a class="brand" href="/">{t.portal_name}</a>
                // On a phone the links fold behind one button. A link to the menu's own anchor
                // opens it (`:target`), so it works without JavaScript; the router leaves it alone.
                <a class="menu-button" href="#site-menu" rel="external" aria-controls="site-menu">{t.menu_open}</a>
                <nav id="site-menu" aria-label=t.nav_label class="main-nav">
                    <ul>
                        <li><a href="/">{t.nav_home}</a></li>
                        <li><a href="/campaigns">{t.nav_campaigns}</a></li>
                        <li><a href="/needs">{t.nav_needs}</a></li>
                        <li><a href="/transparency">{t.nav_transparency}</a></li>
                        <li><a href="/network">{t.nav_network}</a></li>
                        <li><a href="/honour-roll">{t.nav_honour_roll}</a></li>
                        <li><a href="/pages/about">{t.nav_about}</a></li>
                        <li><a href="/pages/how-to-give">{t.nav_how_to_give}</a></li>
                        {staff.is_some().then(|| view! { <li><a href="/staff" class="staff-link">{t.staff_home_title}</a></li> })}
                    </ul>
                    <a class="menu-close" href="#" rel="external">{t.menu_close}</a>
                </nav>
                <a
                    class="lang-switch"
                    href=switch_href
                    hreflang=lang.other().code()
                    lang=lang.other().code()
                    aria-label=t.switch_language_label
                >
                    // A phone shows the language's code, so the header stays one row.
                    <span class="lang-long">{t.switch_language}</span>
                    <span class="lang-short" aria-hidden="true">{lang.other().code().to_uppercase()}</span>
                </a>
            </div>
        </header>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                matches!(get_demo_flag().await, Ok(true))
                    .then(|| view! { <p class="demo-banner" role="note">{t.demo_banner}</p> })
            })}
        </Suspense>
        <main id="main" class="wrap" tabindex="-1">{children()}</main>
        <footer class="site-footer">
            <div class="wrap">
                <p>
                    <span class="label">{t.footer_coordinator} ": "</span>
                    {org_name}
                </p>
                <ul class="footer-links">
                    <li><a href="/pages/privacy">{t.nav_privacy}</a></li>
                    <li><a href="/me">{t.donor_page_title}</a></li>
                    <li><a href="/network/join">{t.footer_join_network}</a></li>
                    <li><a href="/api/v1/openapi.json">{t.footer_open_data}</a></li>
                </ul>
            </div>
        </footer>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_switch_keeps_the_page_and_its_filters() {
        assert_eq!(
            language_switch_href("/needs", "?category=health&lang=vi&page=2", Lang::En),
            "/needs?category=health&page=2&lang=en"
        );
        assert_eq!(language_switch_href("/", "", Lang::Vi), "/?lang=vi");
    }
}
