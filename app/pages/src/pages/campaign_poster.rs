//! `/campaigns/{slug}/poster`: the campaign on paper, for the commune People's Committee, the school
//! gate or the pagoda — A4 to pin up, or A5 (`?size=a5`) for leaflets. The QR code is printed large
//! enough to scan from a metre away (about 11 cm on A4), the bank details and the transfer content
//! are spelled out for those who type them, and it prints in black and white without losing anything.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::page_title::PageTitle;
use crate::current_lang;
use crate::pages::campaigns::get_campaign;
use crate::pages::errors::loaded;
use domain::format::period;
use domain::i18n::Lang;
use domain::{CampaignDetail, SiteInfo};

#[component]
pub fn CampaignPosterPage() -> impl IntoView {
    let lang = current_lang();
    let t = lang.t();
    let slug = use_params_map().get_untracked().get("slug").unwrap_or_default();
    let a5 = use_query_map().get_untracked().get("size").is_some_and(|s| s == "a5");
    loaded(
        Some((t.campaign_not_found_title, t.campaign_not_found_body)),
        move || get_campaign(slug.clone()),
        move |detail| {
            crate::pages::mark_public_showing(Some(&detail.campaign.slug), &[]);
            view! { <Poster lang detail a5/> }
        },
    )
}

#[component]
fn Poster(lang: Lang, detail: CampaignDetail, a5: bool) -> impl IntoView {
    let t = lang.t();
    let (org_name, base) = use_context::<SiteInfo>().map(|s| (s.org_name, s.public_url)).unwrap_or_default();
    let c = detail.campaign;
    let host = base.split_once("://").map_or(base.as_str(), |(_, rest)| rest).to_owned();
    let address = format!("{host}/c/{}", c.transfer_content.trim_start_matches("UNG HO "));
    let account = c.receiving_account.clone();
    view! {
        <PageTitle text=format!("{} · {}", c.title, t.campaign_poster)/>
        <p class="no-print poster-sizes">
            {t.poster_print_hint} " "
            <a href=format!("/campaigns/{}/poster", c.slug) aria-current=(!a5).then_some("page")>"A4"</a>
            " · "
            <a href=format!("/campaigns/{}/poster?size=a5", c.slug) aria-current=a5.then_some("page")>"A5"</a>
        </p>
        <article class=if a5 { "poster poster-a5" } else { "poster poster-a4" }>
            <p class="poster-org">{org_name}</p>
            <h1>{c.title.clone()}</h1>
            <p class="poster-story">{c.summary.clone()}</p>
            {if c.accepting {
                view! {
                    <section class="poster-pay" aria-labelledby="poster-pay-heading">
                        <h2 id="poster-pay-heading">{t.poster_scan}</h2>
                        <div class="poster-qr" inner_html=detail.vietqr_svg.clone()></div>
                        <dl class="poster-account">
                            <div><dt>{t.pay_bank}</dt><dd>{account.bank_name}</dd></div>
                            <div><dt>{t.pay_account}</dt><dd class="poster-number">{account.number}</dd></div>
                            <div><dt>{t.pay_account_name}</dt><dd>{account.name}</dd></div>
                            <div><dt>{t.pay_message}</dt><dd class="poster-content">{c.transfer_content.clone()}</dd></div>
                        </dl>
                        <p class="poster-keep">{t.poster_keep_content}</p>
                    </section>
                }
                    .into_any()
            } else {
                view! { <p class="notice">{t.campaign_closed_notice}</p> }.into_any()
            }}
            {(!detail.drop_offs.is_empty()).then(|| view! {
                <section class="poster-goods" aria-labelledby="poster-goods-heading">
                    <h2 id="poster-goods-heading">{t.poster_goods}</h2>
                    <ul>
                        {detail.drop_offs.into_iter().map(|d| view! {
                            <li>
                                <strong>{d.place}</strong>
                                {(!d.address.is_empty()).then(|| format!(" — {}", d.address))}
                                ", " {period(d.opens_on, d.closes_on)}
                                {(!d.hours.is_empty()).then(|| format!(", {}", d.hours))}
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
            <p class="poster-address">{t.poster_more} " " <strong>{address}</strong></p>
        </article>
    }
}
