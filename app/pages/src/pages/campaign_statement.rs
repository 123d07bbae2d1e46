//! `/campaigns/{slug}/statement`: the live statement of a campaign's receiving account ("Sao kê"),
//! money in and out with the totals, a page at a time, and the whole of it as CSV.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::page_title::PageTitle;
use crate::current_lang;
use crate::error::AppError;
use crate::pages::errors::loaded;
use domain::CampaignStatement;
use domain::format::vnd;
use domain::i18n::Lang;

pub const PER_PAGE: u32 = 50;

#[server(prefix = "/sf", endpoint = "campaign_statement")]
pub async fn get_campaign_statement(slug: String, page: u32) -> Result<CampaignStatement, AppError> {
    Ok(crate::pages::portal()?.campaign_statement(&slug, crate::current_lang(), page, PER_PAGE).await?)
}

#[component]
pub fn CampaignStatementPage() -> impl IntoView {
    let lang = current_lang();
    let t = lang.t();
    let slug = use_params_map().get_untracked().get("slug").unwrap_or_default();
    let page = use_query_map().get_untracked().get("page").and_then(|p| p.parse::<u32>().ok()).unwrap_or(1);
    loaded(
        Some((t.campaign_not_found_title, t.campaign_not_found_body)),
        move || get_campaign_statement(slug.clone(), page),
        move |statement| {
            // Kept pages of the statement follow the campaign's progress, as its page does.
            crate::pages::mark_public_showing(Some(&statement.slug), &[]);
            view! { <StatementView lang statement/> }
        },
    )
}

#[component]
fn StatementView(lang: Lang, statement: CampaignStatement) -> impl IntoView {
    let t = lang.t();
    let base = format!("/campaigns/{}/statement", statement.slug);
    let pages = u32::try_from((statement.count + i64::from(statement.per_page) - 1) / i64::from(statement.per_page))
        .unwrap_or(1)
        .max(1);
    let (page, base_prev, base_next) = (statement.page, base.clone(), base.clone());
    view! {
        <PageTitle text=format!("{} · {} · {}", t.statement_title, statement.title, t.portal_name)/>
        <p class="breadcrumb"><a href=format!("/campaigns/{}", statement.slug)>{"← "} {statement.title.clone()}</a></p>
        <h1>{t.statement_title}</h1>
        <p class="lead">{statement.account.clone()}</p>
        <p>{t.statement_intro}</p>
        <dl class="facts wide statement-totals">
            <div><dt>{t.statement_total_in}</dt><dd class="statement-in">{vnd(statement.total_in)}</dd></div>
            <div><dt>{t.statement_total_out}</dt><dd class="statement-out">{vnd(statement.total_out)}</dd></div>
            <div><dt>{t.statement_balance}</dt><dd class="statement-balance">{vnd(statement.total_in - statement.total_out)}</dd></div>
        </dl>
        <p><a class="button secondary" href=format!("{base}.csv")>{t.statement_csv}</a></p>
        {if statement.entries.is_empty() {
            view! { <p class="empty">{t.statement_no_movement}</p> }.into_any()
        } else {
            view! {
                <table class="data-table statement">
                        <thead><tr>
                            <th scope="col">{t.statement_col_time}</th>
                            <th scope="col" class="num">{t.statement_col_in}</th>
                            <th scope="col" class="num">{t.statement_col_out}</th>
                            <th scope="col">{t.statement_col_who}</th>
                        </tr></thead>
                        <tbody>
                            {statement.entries.into_iter().map(|e| view! {
                                <tr class=if e.money_in { "money-in" } else { "money-out" }>
                                    <td>{e.at}</td>
                                    <td class="num">{e.money_in.then(|| vnd(e.amount))}</td>
                                    <td class="num">{(!e.money_in).then(|| vnd(e.amount))}</td>
                                    <td class="statement-who">{e.label}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                </table>
            }
                .into_any()
        }}
        {(pages > 1).then(|| view! {
            <nav class="pagination" aria-label=t.pagination_label>
                {(page > 1).then(|| view! { <a rel="prev" href=format!("{base_prev}?page={}", page - 1)>{t.statement_newer}</a> })}
                " " <span aria-current="page">{lang.page_of(page, pages)}</span> " "
                {(page < pages).then(|| view! { <a rel="next" href=format!("{base_next}?page={}", page + 1)>{t.statement_older}</a> })}
            </nav>
        })}
    }
}
