//! The donor portal's user interface and shared types.
//!
//! Pages are rendered on the server; only the few interactive parts are islands hydrated in the
//! browser (see the README's architecture section), so every page works without JavaScript.

#![recursion_limit = "256"]

pub mod components;
pub mod error;
pub mod pages;

use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::components::layout::Layout;
use crate::pages::accounts::{AccountPage, AccountsPage, WelcomePage};
use crate::pages::audit::AuditPage;
use crate::pages::campaign_poster::CampaignPosterPage;
use crate::pages::campaign_statement::CampaignStatementPage;
use crate::pages::campaigns::{CampaignPage, CampaignsPage};
use crate::pages::content::ContentPageView;
use crate::pages::errors::NotFound;
use crate::pages::errors::{Forbidden, StaffNotFound};
use crate::pages::home::HomePage;
use crate::pages::honour_roll::{HonourRollPage, RecognitionLetterPage};
use crate::pages::me::{MePage, MeSignInPage};
use crate::pages::needs::{NeedPage, NeedsBoard};
use crate::pages::network::{JoinPage, MemberPage, NetworkPage};
use crate::pages::partner_plan::PartnerPlanPage;
use crate::pages::plan::PlanPage;
use crate::pages::pledge::{PledgePage, ThankYouPage};
use crate::pages::receipt::ReceiptPage;
use crate::pages::staff::{LoginPage, PasswordPage, SecondFactorPage, StaffHome, TotpPage};
use crate::pages::staff_campaigns::{CampaignEditorPage, StaffCampaignsPage};
use crate::pages::staff_implementers::ImplementersPage;
use crate::pages::staff_needs::{NeedEditorPage, StaffNeedPage, StaffNeedsList};
use crate::pages::staff_network::{MobilisedPage, StaffNetworkPage};
use crate::pages::staff_notices::StaffNoticesPage;
use crate::pages::staff_partner_plans::PartnerPlansPage;
use crate::pages::staff_plan::StaffPlanPage;
use crate::pages::staff_pledges::{StaffPledgePage, StaffPledgesPage};
use crate::pages::staff_reconcile::{ImportProgressPage, ReconcilePage};
use crate::pages::staff_reports::StaffReportsPage;
use crate::pages::transparency::TransparencyPage;
use crate::pages::unsubscribe::UnsubscribePage;
use domain::i18n::Lang;

/// The language of this request: chosen by the server from `?lang=` or the `lang` cookie.
pub fn current_lang() -> Lang {
    if let Some(lang) = use_context::<Lang>() {
        return lang;
    }
    #[cfg(feature = "ssr")]
    if let Some(lang) = use_context::<http::request::Parts>().and_then(|p| p.extensions.get::<Lang>().copied()) {
        return lang;
    }
    Lang::Vi
}

/// Written by the shell right after its own scripts: the Content-Security-Policy allows the inline
/// scripts before it and none after (`server/src/security.rs`).
pub const OWN_SCRIPTS_END: &str = "<meta name=\"portal-scripts\" content=\"end\">";

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = current_lang();
    provide_context(lang);
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#0b5d3b"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HashedStylesheet options=options.clone() id="leptos"/>
                // Nothing unless `cargo leptos watch` runs the server (it sets LEPTOS_WATCH).
                <AutoReload options=options.clone()/>
                <HydrationScripts options=options islands=true/>
                <meta name="portal-scripts" content="end"/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(current_lang());
    view! {
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/campaigns") view=CampaignsPage ssr=SsrMode::Async/>
                    <Route path=path!("/campaigns/:slug") view=CampaignPage ssr=SsrMode::Async/>
                    <Route path=path!("/campaigns/:slug/statement") view=CampaignStatementPage ssr=SsrMode::Async/>
                    <Route path=path!("/campaigns/:slug/poster") view=CampaignPosterPage ssr=SsrMode::Async/>
                    <Route path=path!("/needs") view=NeedsBoard ssr=SsrMode::Async/>
                    <Route path=path!("/needs/:id") view=NeedPage ssr=SsrMode::Async/>
                    <Route path=path!("/pages/:slug") view=ContentPageView ssr=SsrMode::Async/>
                    <Route path=path!("/transparency") view=TransparencyPage ssr=SsrMode::Async/>
                    <Route path=path!("/plan") view=PlanPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/plan") view=StaffPlanPage ssr=SsrMode::Async/>
                    <Route path=path!("/network") view=NetworkPage ssr=SsrMode::Async/>
                    <Route path=path!("/network/join") view=JoinPage ssr=SsrMode::Async/>
                    <Route path=path!("/network/:slug") view=MemberPage ssr=SsrMode::Async/>
                    <Route path=path!("/honour-roll") view=HonourRollPage ssr=SsrMode::Async/>
                    <Route path=path!("/honour-roll/:id/letter") view=RecognitionLetterPage ssr=SsrMode::Async/>
                    <Route path=path!("/me") view=MePage ssr=SsrMode::Async/>
                    <Route path=path!("/me/sign-in/:token") view=MeSignInPage ssr=SsrMode::Async/>
                    <Route path=path!("/digest/unsubscribe/:token") view=UnsubscribePage ssr=SsrMode::Async/>
                    <Route path=path!("/pledge") view=PledgePage ssr=SsrMode::Async/>
                    <Route path=path!("/pledge/:reference") view=ThankYouPage ssr=SsrMode::Async/>
                    <Route path=path!("/pledge/:reference/receipt") view=ReceiptPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/login") view=LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff") view=StaffHome ssr=SsrMode::Async/>
                    <Route path=path!("/staff/password") view=PasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/login/code") view=SecondFactorPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/totp") view=TotpPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/forbidden") view=Forbidden ssr=SsrMode::Async/>
                    <Route path=path!("/staff/not-found") view=StaffNotFound ssr=SsrMode::Async/>
                    <Route path=path!("/staff/needs") view=StaffNeedsList ssr=SsrMode::Async/>
                    <Route path=path!("/staff/needs/new") view=NeedEditorPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/needs/:id") view=StaffNeedPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/needs/:id/edit") view=NeedEditorPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/campaigns") view=StaffCampaignsPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/campaigns/new") view=CampaignEditorPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/campaigns/:id/edit") view=CampaignEditorPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/notices") view=StaffNoticesPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/pledges") view=StaffPledgesPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/reports") view=StaffReportsPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/reconcile") view=ReconcilePage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/implementers") view=ImplementersPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/reconcile/imports/:id") view=ImportProgressPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/pledges/:reference") view=StaffPledgePage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/audit") view=AuditPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/network") view=StaffNetworkPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/mobilised") view=MobilisedPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/partner-plan") view=PartnerPlanPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/partner-plans") view=PartnerPlansPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/accounts") view=AccountsPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/accounts/:id") view=AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/staff/welcome/:token") view=WelcomePage ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}
