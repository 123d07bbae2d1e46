use leptos::prelude::*;
use leptos_meta::Meta;

use crate::components::page_title::PageTitle;
use serde::{Deserialize, Serialize};

use crate::components::need_card::NeedCard;
use crate::current_lang;
use crate::error::AppError;
use crate::pages::campaigns::CampaignCard;
use crate::pages::errors::ErrorNotice;
use domain::format::{group_digits, vnd};
use domain::{Campaign, Need, NeedTotals};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct HomeData {
    pub province: String,
    pub totals: NeedTotals,
    pub urgent: Vec<Need>,
    /// Campaigns receiving pledges now.
    pub campaigns: Vec<Campaign>,
}

#[cfg(feature = "ssr")]
const URGENT_ON_HOME: i64 = 6;

#[server(prefix = "/sf", endpoint = "home")]
pub async fn get_home() -> Result<HomeData, AppError> {
    let portal = crate::pages::portal()?;
    Ok(HomeData {
        province: portal.province_name(),
        totals: portal.totals().await?,
        urgent: portal.urgent(URGENT_ON_HOME).await?,
        campaigns: portal.campaign_list(1, 12).await?.items.into_iter().filter(|c| c.accepting).take(3).collect(),
    })
}

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = current_lang();
    let t = lang.t();
    view! {
        <PageTitle text=t.portal_name/>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match get_home().await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(data) => {
                        crate::pages::mark_public();
                        let summary = lang.programme_summary(&data.province);
                        let totals = data.totals;
                        view! {
                            <Meta name="description" content=summary.clone()/>
                            <section class="hero">
                                <h1>{t.home_title}</h1>
                                <p class="lead">{summary}</p>
                                <p>
                                    <a class="button" href="/needs">{t.home_all_needs}</a>
                                    " "
                                    <a class="button secondary" href="/pages/how-to-give">{t.nav_how_to_give}</a>
                                </p>
                            </section>
                            {(!data.campaigns.is_empty()).then(|| view! {
                                // The campaigns being shared come first: on a phone, their progress is on the first screen.
                                <section class="home-campaigns" aria-labelledby="campaigns-heading">
                                    <h2 id="campaigns-heading">{t.home_campaigns_heading}</h2>
                                    <ul class="campaign-list">
                                        {data.campaigns.into_iter().map(|c| view! { <li><CampaignCard lang campaign=c/></li> }).collect_view()}
                                    </ul>
                                    <p><a href="/campaigns">{t.campaigns_title} " →"</a></p>
                                </section>
                            })}
                            <section class="totals" aria-labelledby="totals-heading">
                                <h2 id="totals-heading">{t.home_totals_heading}</h2>
                                <ul class="stat-grid">
                                    <li><strong>{group_digits(totals.open_needs)}</strong><span>{lang.totals_open_needs(totals.open_needs)}</span></li>
                                    <li><strong>{group_digits(totals.children)}</strong><span>{lang.totals_children(totals.children)}</span></li>
                                    <li><strong>{vnd(totals.amount)}</strong><span>{t.totals_amount}</span></li>
                                    <li><strong>{vnd(totals.pledged)}</strong><span>{t.totals_pledged}</span></li>
                                </ul>
                            </section>
                            <section aria-labelledby="urgent-heading">
                                <h2 id="urgent-heading">{t.home_urgent_heading}</h2>
                                {if data.urgent.is_empty() {
                                    view! { <p>{t.home_no_needs}</p> }.into_any()
                                } else {
                                    view! {
                                        <div class="card-grid">
                                            {data.urgent.into_iter().map(|need| view! { <NeedCard need/> }).collect_view()}
                                        </div>
                                    }
                                        .into_any()
                                }}
                                <p><a href="/needs">{t.home_all_needs} " →"</a></p>
                            </section>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}
