//! The public campaigns: the list (`/campaigns`) and a campaign's page (`/campaigns/{slug}`) with
//! its story, progress, needs, drop-off points, named supporters, share links and OpenGraph tags.

use leptos::prelude::*;
use leptos_meta::{Link, Meta};

use crate::components::page_title::PageTitle;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::need_card::NeedCard;
use crate::current_lang;
use crate::error::AppError;
use crate::pages::errors::loaded;
use domain::format::{date, period, vnd};
use domain::i18n::Lang;
use domain::{Campaign, CampaignDetail, Paged, SiteInfo};

#[server(prefix = "/sf", endpoint = "campaigns")]
pub async fn get_campaigns(page: u32) -> Result<Paged<Campaign>, AppError> {
    Ok(crate::pages::portal()?.campaign_list(page.max(1), domain::DEFAULT_PER_PAGE).await?)
}

#[server(prefix = "/sf", endpoint = "campaign")]
pub async fn get_campaign(slug: String) -> Result<CampaignDetail, AppError> {
    Ok(crate::pages::portal()?.public_campaign(slug.trim()).await?)
}

#[component]
pub fn CampaignsPage() -> impl IntoView {
    let lang = current_lang();
    let t = lang.t();
    let page = use_query_map().get_untracked().get("page").and_then(|p| p.parse::<u32>().ok()).unwrap_or(1);
    view! {
        <PageTitle text=format!("{} · {}", t.campaigns_title, t.portal_name)/>
        <Meta name="description" content=t.campaigns_intro/>
        <h1>{t.campaigns_title}</h1>
        <p class="lead">{t.campaigns_intro}</p>
        {loaded(None,
            move || get_campaigns(page),
            move |list| {
                crate::pages::mark_public();
                view! { <CampaignList lang list/> }
            },
        )}
    }
}

#[component]
fn CampaignList(lang: Lang, list: Paged<Campaign>) -> impl IntoView {
    let t = lang.t();
    if list.items.is_empty() {
        return view! { <p class="empty">{t.campaigns_empty}</p> }.into_any();
    }
    let pages = list.page_count();
    let page = list.page;
    view! {
        <ul class="campaign-list">
            {list.items.into_iter().map(|c| view! { <li><CampaignCard lang campaign=c/></li> }).collect_view()}
        </ul>
        {(pages > 1).then(|| view! {
            <nav class="pagination" aria-label=t.pagination_label>
                {(page > 1).then(|| view! { <a rel="prev" href=format!("/campaigns?page={}", page - 1)>{"← "} {t.previous_page}</a> })}
                <span aria-current="page">{lang.page_of(page, pages)}</span>
                {(page < pages).then(|| view! { <a rel="next" href=format!("/campaigns?page={}", page + 1)>{t.next_page} {" →"}</a> })}
            </nav>
        })}
    }
    .into_any()
}

/// Whether a campaign takes pledges today, as a short label.
fn window_label(lang: Lang, c: &Campaign) -> String {
    let t = lang.t();
    if c.accepting {
        lang.days_left(c.days_left)
    } else if c.days_left > 0 {
        t.campaign_not_open.to_owned()
    } else {
        t.campaign_closed.to_owned()
    }
}

#[component]
pub fn CampaignCard(lang: Lang, campaign: Campaign) -> impl IntoView {
    let t = lang.t();
    let href = format!("/campaigns/{}", campaign.slug);
    let label = window_label(lang, &campaign);
    view! {
        <article class="campaign-card">
            {campaign.cover.clone().map(|p| view! {
                <img src=p.url width=p.width height=p.height alt="" loading="lazy" decoding="async"/>
            })}
            <div class="campaign-card-body">
                <h2><a href=href.clone()>{campaign.title.clone()}</a></h2>
                {campaign.demo.then(|| view! { <span class="badge demo">{t.demo_badge}</span> })}
                <p>{campaign.summary.clone()}</p>
                <CampaignProgress lang campaign=campaign.clone()/>
                <p class="campaign-window">
                    <span class=if campaign.accepting { "badge status-published" } else { "badge status-withdrawn" }>{label}</span>
                    " " {period(campaign.opens_on, campaign.closes_on)}
                </p>
            </div>
        </article>
    }
}

/// Goal, pledged and received: the bar shows what is pledged against the goal.
#[component]
fn CampaignProgress(lang: Lang, campaign: Campaign) -> impl IntoView {
    let t = lang.t();
    let pct = campaign.percent_pledged();
    // A fresh campaign invites the first gift instead of showing an empty bar.
    let fresh = campaign.supporters == 0 && campaign.pledged == 0 && campaign.accepting;
    view! {
        <div class="pledge-progress campaign-progress">
            {if fresh {
                view! { <p class="campaign-first-gift">{t.campaign_first_gift}</p> }.into_any()
            } else {
                view! {
                    <p class="campaign-headline">{lang.campaign_headline(i64::from(pct), campaign.supporters)}</p>
                    <progress max="100" value=pct aria-label=t.need_progress>{format!("{pct}%")}</progress>
                }
                .into_any()
            }}
            <dl class="campaign-figures">
                <div><dt>{t.campaign_pledged}</dt><dd class="campaign-pledged">{vnd(campaign.pledged)}</dd></div>
                <div><dt>{t.campaign_confirmed}</dt><dd class="campaign-confirmed">{vnd(campaign.confirmed)}</dd></div>
                <div><dt>{t.campaign_goal}</dt><dd class="campaign-goal">{vnd(campaign.goal)}</dd></div>
                <div><dt>{t.campaign_supporters}</dt><dd>{campaign.supporters}</dd></div>
            </dl>
        </div>
    }
}

#[component]
pub fn CampaignPage() -> impl IntoView {
    let lang = current_lang();
    let t = lang.t();
    let slug = use_params_map().get_untracked().get("slug").unwrap_or_default();
    loaded(
        Some((t.campaign_not_found_title, t.campaign_not_found_body)),
        move || get_campaign(slug.clone()),
        move |detail| {
            let needs: Vec<i64> = detail.needs.iter().map(|need| need.id).collect();
            crate::pages::mark_public_showing(Some(&detail.campaign.slug), &needs);
            view! { <CampaignView lang detail/> }
        },
    )
}

/// Tags that make a shared link show a title, a summary and a picture (Zalo, Facebook…).
#[component]
fn OpenGraph(campaign: Campaign, url: String, base: String) -> impl IntoView {
    view! {
        <Meta property="og:type" content="website"/>
        <Meta property="og:title" content=campaign.title.clone()/>
        <Meta property="og:description" content=campaign.summary.clone()/>
        <Meta property="og:url" content=url.clone()/>
        <Meta property="og:locale" content="vi_VN"/>
        // The share card, drawn with the progress; its version changes with the figures, so a
        // crawler that keeps pictures by address fetches the new one.
        <Meta property="og:image" content=format!("{base}/campaigns/{}/share.png?v={}", campaign.slug, campaign.share_version())/>
        <Meta property="og:image:width" content="1200"/>
        <Meta property="og:image:height" content="630"/>
        <Meta property="og:image:alt" content=campaign.title.clone()/>
        <Meta name="twitter:card" content="summary_large_image"/>
        <Link rel="canonical" href=url/>
    }
}

#[component]
fn CampaignView(lang: Lang, detail: CampaignDetail) -> impl IntoView {
    let t = lang.t();
    let base = use_context::<SiteInfo>().map(|s| s.public_url).unwrap_or_default();
    let c = detail.campaign;
    let url = format!("{base}/campaigns/{}", c.slug);
    let encoded = url_encode(&url);
    let account = c.receiving_account.clone();
    let label = window_label(lang, &c);
    view! {
        <PageTitle text=format!("{} · {}", c.title, t.portal_name)/>
        <Meta name="description" content=c.summary.clone()/>
        <OpenGraph campaign=c.clone() url=url.clone() base/>
        <p class="breadcrumb"><a href="/campaigns">{"← "} {t.campaigns_title}</a></p>
        <article class="campaign-detail">
            {c.cover.clone().map(|p| view! {
                <img class="campaign-cover" src=p.url width=p.width height=p.height alt="" decoding="async"/>
            })}
            <p class="tags">
                <span class=if c.accepting { "badge status-published" } else { "badge status-withdrawn" }>{label}</span>
                {c.demo.then(|| view! { <span class="badge demo">{t.demo_badge}</span> })}
            </p>
            <h1>{c.title.clone()}</h1>
            <p class="lead">{c.summary.clone()}</p>
            // On a phone the story comes before the progress box: the way to give is on the first
            // screen too.
            {c.accepting.then(|| view! {
                <p class="pledge-now"><a class="button" href=format!("/pledge?campaign={}", c.slug)>{t.campaign_pledge_button}</a></p>
            })}
            <div class="need-columns">
                <div class="story" inner_html=detail.story_html></div>
                <aside class="pledge-box" aria-labelledby="campaign-progress-heading">
                    <h2 id="campaign-progress-heading">{t.need_progress}</h2>
                    <CampaignProgress lang campaign=c.clone()/>
                    <p>{t.campaign_window} ": " {period(c.opens_on, c.closes_on)}</p>
                    {if c.accepting {
                        view! {
                            <p><a class="button" href=format!("/pledge?campaign={}", c.slug)>{t.campaign_pledge_button}</a></p>
                        }
                            .into_any()
                    } else {
                        view! { <p class="notice">{t.campaign_closed_notice}</p> }.into_any()
                    }}
                    // Only while it receives: a closed campaign's account must not read as an invitation.
                    {c.accepting.then(|| view! {
                        <h3>{t.campaign_account}</h3>
                        <dl class="facts receiving-account">
                            <div><dt>{t.pay_bank}</dt><dd>{account.bank_name}</dd></div>
                            <div><dt>{t.pay_account}</dt><dd>{account.number}</dd></div>
                            <div><dt>{t.pay_account_name}</dt><dd>{account.name}</dd></div>
                        </dl>
                        <section class="walk-in" aria-labelledby="walk-in-heading">
                            <h3 id="walk-in-heading">{t.campaign_walk_in}</h3>
                            <div class="qr" inner_html=detail.vietqr_svg.clone()></div>
                            <p class="transfer-content">{t.pay_message} ": " <strong>{c.transfer_content.clone()}</strong></p>
                            <p class="hint">{t.campaign_walk_in_body}</p>
                        </section>
                    })}
                    <p class="statement-link"><a href=format!("/campaigns/{}/statement", c.slug)>{t.statement_link}</a></p>
                    <h3>{t.campaign_share}</h3>
                    <p class="share-links">
                        <a href=format!("https://www.facebook.com/sharer/sharer.php?u={encoded}") rel="noopener" target="_blank">"Facebook"</a>
                        " · "
                        <a href=format!("https://sp.zalo.me/share_to_zalo?url={encoded}") rel="noopener" target="_blank">"Zalo"</a>
                        " · "
                        <a href=format!("mailto:?subject={}&body={encoded}", url_encode(&c.title))>"Email"</a>
                    </p>
                    <p class="share-url"><code>{url.clone()}</code></p>
                    <p class="poster-link"><a href=format!("/campaigns/{}/poster", c.slug)>{t.campaign_poster}</a></p>
                </aside>
            </div>
            {(!detail.needs.is_empty()).then(|| view! {
                <section aria-labelledby="campaign-needs-heading">
                    <h2 id="campaign-needs-heading">{t.campaign_needs}</h2>
                    <ul class="need-list">
                        {detail.needs.into_iter().map(|need| view! { <li><NeedCard need/></li> }).collect_view()}
                    </ul>
                </section>
            })}
            {(!detail.drop_offs.is_empty()).then(|| view! {
                <section aria-labelledby="drop-offs-heading">
                    <h2 id="drop-offs-heading">{t.campaign_drop_offs}</h2>
                    <ul class="drop-offs">
                        {detail.drop_offs.into_iter().map(|d| view! {
                            <li>
                                <strong>{d.place}</strong>
                                {(!d.address.is_empty()).then(|| format!(" — {}", d.address))}
                                <br/>
                                {period(d.opens_on, d.closes_on)}
                                {(!d.hours.is_empty()).then(|| format!(", {}", d.hours))}
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
            {detail.closing.map(|report| view! {
                <section class="closing-report staff-card" aria-labelledby="closing-heading">
                    <h2 id="closing-heading">{t.closing_title}</h2>
                    <p class="privacy-note">{t.closing_intro}</p>
                    <dl class="facts">
                        <div><dt>{t.closing_received}</dt><dd class="closing-received">{vnd(report.received)}</dd></div>
                        <div><dt>{t.closing_delivered}</dt><dd class="closing-delivered">{vnd(report.delivered)}</dd></div>
                        <div><dt>{t.closing_remaining}</dt><dd class="closing-remaining">{vnd(report.remaining)}</dd></div>
                    </dl>
                    {if report.gifts.is_empty() {
                        view! { <p class="empty">{t.closing_no_gifts}</p> }.into_any()
                    } else {
                        view! {
                            <table class="staff-table received-gifts">
                                <thead><tr>
                                    <th scope="col">{t.reconcile_date}</th>
                                    <th scope="col">{t.pledge_col_donor}</th>
                                    <th scope="col">{t.pledge_col_value}</th>
                                </tr></thead>
                                <tbody>
                                    {report.gifts.into_iter().map(|g| view! {
                                        <tr>
                                            <td>{date(g.received_on)}</td>
                                            <td class="gift-donor">{g.donor.unwrap_or_else(|| t.anonymous_donor.to_owned())}</td>
                                            <td>{vnd(g.value)}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }
                            .into_any()
                    }}
                </section>
            })}
            <section aria-labelledby="supporters-heading">
                <h2 id="supporters-heading">{t.campaign_recent}</h2>
                <p class="privacy-note">{t.campaign_recent_note}</p>
                {if detail.recent_supporters.is_empty() {
                    view! { <p class="empty">{t.campaign_no_supporters}</p> }.into_any()
                } else {
                    view! {
                        <ul class="supporters">
                            {detail.recent_supporters.into_iter().map(|s| view! {
                                <li>
                                    <span class="supporter-name">{s.name}</span>
                                    " — " {vnd(s.value)} " · " {date(s.at.date())}
                                </li>
                            }).collect_view()}
                        </ul>
                    }
                        .into_any()
                }}
            </section>
            // Last in the article and sticky: on a phone it stays at the screen's foot while the
            // article is read.
            {c.accepting.then(|| view! {
                <p class="pledge-bar"><a class="button" href=format!("/pledge?campaign={}", c.slug)>{t.campaign_pledge_button}</a></p>
            })}
        </article>
    }
}

/// Percent-encodes a value for a query string.
fn url_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 3);
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
