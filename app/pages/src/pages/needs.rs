//! The public needs board and the page of one need.

use leptos::prelude::*;
use leptos_meta::Meta;

use crate::components::page_title::PageTitle;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use crate::components::auto_submit::AutoSubmit;
use crate::components::need_card::{NeedCard, NeedFacts};
use crate::components::progress::PledgeProgress;
use crate::current_lang;
use crate::error::AppError;
use crate::pages::errors::ErrorNotice;
use domain::format::vnd;
use domain::i18n::Lang;
use domain::{Category, CommuneRef, IgnoredFilter, Need, NeedFilter, NeedStatus, Paged};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Board {
    pub needs: Paged<Need>,
    pub communes: Vec<CommuneRef>,
}

#[server(prefix = "/sf", endpoint = "needs_board")]
pub async fn get_needs_board(filter: NeedFilter) -> Result<Board, AppError> {
    let portal = crate::pages::portal()?;
    Ok(Board { needs: portal.board(&filter).await?, communes: portal.areas.communes() })
}

/// A need, and its money after the pledges: received, transferred to its implementer, handed over.
#[server(prefix = "/sf", endpoint = "need")]
pub async fn get_need(id: i64) -> Result<(Need, domain::NeedMoney), AppError> {
    let portal = crate::pages::portal()?;
    let need = portal.public_need(id).await?;
    let money = portal.need_money(need.id).await?;
    Ok((need, money))
}

#[component]
pub fn NeedsBoard() -> impl IntoView {
    let lang = current_lang();
    let t = lang.t();
    let query = use_query_map().get_untracked();
    let (filter, ignored) = NeedFilter::from_query(|key| query.get(key));
    view! {
        <PageTitle text=format!("{} · {}", t.board_title, t.portal_name)/>
        <Meta name="description" content=t.board_intro/>
        <h1>{t.board_title}</h1>
        <p class="lead">{t.board_intro}</p>
        {(!ignored.is_empty()).then(|| view! { <IgnoredFilters lang ignored=ignored.clone()/> })}
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {
                let filter = filter.clone();
                move || {
                    let filter = filter.clone();
                    Suspend::new(async move {
                        match get_needs_board(filter.clone()).await {
                            Err(error) => view! { <ErrorNotice error/> }.into_any(),
                            Ok(board) => {
                                crate::pages::mark_public();
                                view! { <BoardView lang filter board/> }.into_any()
                            }
                        }
                    })
                }
            }
        </Suspense>
    }
}

#[component]
fn IgnoredFilters(lang: Lang, ignored: Vec<IgnoredFilter>) -> impl IntoView {
    let names = ignored.iter().map(|f| lang.ignored_filter(*f)).collect::<Vec<_>>().join(", ");
    view! {
        <p class="notice" role="status">
            {lang.t().filter_ignored}
            " "
            <strong>{names}</strong>
            "."
        </p>
    }
}

#[component]
fn BoardView(lang: Lang, filter: NeedFilter, board: Board) -> impl IntoView {
    let t = lang.t();
    let needs = board.needs;
    let pages = needs.page_count();
    let chosen_commune = filter.commune.clone();
    view! {
        <form class="filters" method="get" action="/needs">
            <AutoSubmit>
                <div class="filter-row">
                    <label>
                        <span>{t.filter_category}</span>
                        <select name="category">
                            <option value="">{t.filter_any_category}</option>
                            {Category::ALL
                                .into_iter()
                                .map(|c| {
                                    view! {
                                        <option value=c.as_str() selected=filter.category == Some(c)>
                                            {lang.category(c)}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </label>
                    <label>
                        <span>{t.filter_commune}</span>
                        <select name="commune">
                            <option value="">{t.filter_any_commune}</option>
                            {board
                                .communes
                                .into_iter()
                                .map(|c| {
                                    let selected = chosen_commune.as_deref() == Some(c.code.as_str());
                                    view! { <option value=c.code selected=selected>{c.name}</option> }
                                })
                                .collect_view()}
                        </select>
                    </label>
                    <label>
                        <span>{t.filter_status}</span>
                        <select name="status">
                            <option value="">{t.filter_any_status}</option>
                            {NeedStatus::PUBLIC
                                .into_iter()
                                .map(|s| {
                                    view! {
                                        <option value=s.as_str() selected=filter.status == Some(s)>
                                            {lang.need_status(s)}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </label>
                    <div class="filter-actions">
                        <button type="submit">{t.filter_apply}</button>
                        <a href="/needs">{t.filter_clear}</a>
                    </div>
                </div>
            </AutoSubmit>
        </form>
        <p class="result-count" role="status">{lang.needs_found(needs.total)}</p>
        {if needs.items.is_empty() {
            view! { <p class="empty">{t.board_empty}</p> }.into_any()
        } else {
            view! {
                <div class="card-grid">
                    {needs.items.into_iter().map(|need| view! { <NeedCard need/> }).collect_view()}
                </div>
            }
                .into_any()
        }}
        {(pages > 1).then(|| view! { <Pagination lang filter=filter.clone() pages/> })}
    }
}

#[component]
fn Pagination(lang: Lang, filter: NeedFilter, pages: u32) -> impl IntoView {
    let t = lang.t();
    let page = filter.page.min(pages);
    let href = move |p: u32| {
        let q = filter.query_for_page(p);
        if q.is_empty() { "/needs".to_owned() } else { format!("/needs?{q}") }
    };
    view! {
        <nav class="pagination" aria-label=t.pagination_label>
            {(page > 1).then(|| view! { <a rel="prev" href=href(page - 1)>{"← "} {t.previous_page}</a> })}
            <span aria-current="page">{lang.page_of(page, pages)}</span>
            {(page < pages).then(|| view! { <a rel="next" href=href(page + 1)>{t.next_page} {" →"}</a> })}
        </nav>
    }
}

#[component]
pub fn NeedPage() -> impl IntoView {
    let lang = current_lang();
    let t = lang.t();
    let id = use_params_map().get_untracked().get("id").and_then(|v| v.parse::<i64>().ok());
    view! {
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                let result = match id {
                    Some(id) => get_need(id).await,
                    None => Err(AppError::NotFound),
                };
                match result {
                    Err(error) => {
                        view! {
                            <ErrorNotice
                                error
                                not_found_title=t.need_not_found_title
                                not_found_body=t.need_not_found_body
                            />
                        }
                            .into_any()
                    }
                    Ok((need, money)) => {
                        crate::pages::mark_public_showing(None, &[need.id]);
                        view! { <NeedDetail lang need money/> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn NeedDetail(lang: Lang, need: Need, money: domain::NeedMoney) -> impl IntoView {
    let t = lang.t();
    let summary =
        format!("{} · {} · {}", lang.category(need.category), need.commune.name, lang.children(need.children));
    let lacking = need.lacking();
    let formerly = need.formerly.clone();
    view! {
        <PageTitle text=format!("{} · {}", need.title, t.portal_name)/>
        <Meta name="description" content=summary.clone()/>
        <p class="breadcrumb"><a href="/needs">{"← "} {t.back_to_board}</a></p>
        <article class="need-detail">
            <p class="tags">
                <span class=format!("badge cat-{}", need.category.as_str())>{lang.category(need.category)}</span>
                <span class=format!("badge status-{}", need.status.as_str())>{lang.need_status(need.status)}</span>
                {need.demo.then(|| view! { <span class="badge demo">{t.demo_badge}</span> })}
            </p>
            <h1>{need.title.clone()}</h1>
            <p class="lead">{summary}</p>
            <div class="need-columns">
                <div>
                    <p class="description">{need.description.clone()}</p>
                    <NeedFacts need=need.clone()/>
                    {(!formerly.is_empty()).then(|| view! {
                        <p class="formerly">
                            {t.need_formerly} ": "
                            {formerly
                                .iter()
                                .map(|f| {
                                    let district = f.district.clone().map(|d| format!(" ({d})")).unwrap_or_default();
                                    let part = if f.partial { format!("{} ", t.need_formerly_partial) } else { String::new() };
                                    format!("{part}{}{district}", f.name)
                                })
                                .collect::<Vec<_>>()
                                .join("; ")}
                        </p>
                    })}
                    <p class="privacy-note">{t.need_privacy_note}</p>
                </div>
                <aside class="pledge-box" aria-labelledby="pledge-heading">
                    <h2 id="pledge-heading">{t.need_progress}</h2>
                    <PledgeProgress pledged=need.pledged total=need.total/>
                    <p>{t.need_lacking} ": " <strong>{vnd(lacking)}</strong></p>
                    <dl class="facts need-money">
                        <div><dt>{t.need_received}</dt><dd class="need-received">{vnd(money.received)}</dd></div>
                        <div><dt>{t.need_transferred}</dt><dd class="need-transferred">{vnd(money.transferred)}</dd></div>
                        <div><dt>{t.need_handed_over}</dt><dd class="need-handed-over">{vnd(money.handed_over)}</dd></div>
                    </dl>
                    {(need.status == NeedStatus::Published || need.status == NeedStatus::Covered).then(|| view! {
                        <p><a class="button" href=format!("/pledge?need={}", need.id)>{t.need_pledge_cta}</a></p>
                    })}
                </aside>
            </div>
        </article>
    }
}
