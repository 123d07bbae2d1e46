//! The donor network directory: `/network` (filter by kind, category and commune), a member's
//! profile `/network/{slug}`, and the application form `/network/join`.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_meta::Meta;

use crate::components::page_title::PageTitle;
use crate::components::text_area::text_area;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use crate::current_lang;
use crate::error::AppError;
use crate::pages::errors::loaded;
use domain::format::vnd;
use domain::i18n::Lang;
use domain::network::{DirectoryFilter, MemberCard, MemberProfile};
use domain::{Category, CommuneRef, DonorKind, FieldProblem, Paged};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DirectoryData {
    pub members: Paged<MemberCard>,
    pub communes: Vec<CommuneRef>,
    pub filter: DirectoryFilter,
}

#[server(prefix = "/sf", endpoint = "network")]
pub async fn get_directory(query: Vec<(String, String)>) -> Result<DirectoryData, AppError> {
    let portal = crate::pages::portal()?;
    let filter = DirectoryFilter::from_query(|k| query.iter().find(|(q, _)| q == k).map(|(_, v)| v.clone()));
    Ok(DirectoryData { members: portal.directory(&filter).await?, communes: portal.areas.communes(), filter })
}

#[server(prefix = "/sf", endpoint = "member")]
pub async fn get_member(slug: String) -> Result<MemberProfile, AppError> {
    let portal = crate::pages::portal()?;
    Ok(portal.member_profile(&slug, crate::current_lang()).await?)
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct JoinData {
    pub communes: Vec<CommuneRef>,
    pub parents: Vec<(String, String)>,
    pub fields: BTreeMap<String, String>,
    pub problems: BTreeMap<String, FieldProblem>,
    pub sent: bool,
}

#[server(prefix = "/sf", endpoint = "join")]
pub async fn get_join_form() -> Result<JoinData, AppError> {
    let portal = crate::pages::portal()?;
    let flash = crate::pages::flash().unwrap_or_default();
    // Chapters belong to an organisation of the network: mass organisations and funds.
    let parents = portal
        .network_members()
        .await?
        .into_iter()
        .filter(|m| matches!(m.kind, DonorKind::MassOrganisation | DonorKind::Fund | DonorKind::Organisation))
        .map(|m| (m.slug, m.name))
        .collect();
    Ok(JoinData {
        communes: portal.areas.communes(),
        parents,
        sent: flash.notice.as_deref() == Some("applied"),
        fields: flash.fields,
        problems: flash.problems,
    })
}

#[component]
pub fn NetworkPage() -> impl IntoView {
    let lang = current_lang();
    let t = lang.t();
    let query: Vec<(String, String)> =
        use_query_map().get_untracked().into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    let title = t.network_title;
    view! {
        <PageTitle text=format!("{title} · {}", t.portal_name)/>
        <Meta name="description" content=t.network_description/>
        <h1>{title}</h1>
        <p class="lead">{t.network_intro}</p>
        <p><a class="button" href="/network/join">{t.network_apply}</a></p>
        {loaded(None,
            move || get_directory(query.clone()),
            move |data| {
                crate::pages::mark_public();
                view! { <DirectoryView lang data/> }
            },
        )}
    }
}

#[component]
fn DirectoryView(lang: Lang, data: DirectoryData) -> impl IntoView {
    let t = lang.t();
    let f = data.filter.clone();
    let commune = f.commune.clone().unwrap_or_default();
    let members = data.members;
    let pages = members.page_count();
    let page_link = {
        let f = f.clone();
        move |page: u32| {
            let mut q = vec![format!("page={page}")];
            if let Some(k) = f.kind {
                q.push(format!("kind={}", k.as_str()));
            }
            if let Some(c) = f.category {
                q.push(format!("category={}", c.as_str()));
            }
            if let Some(c) = &f.commune {
                q.push(format!("commune={c}"));
            }
            format!("/network?{}", q.join("&"))
        }
    };
    view! {
        <form method="get" action="/network" class="filters">
            <div class="filter-row">
                <label>
                    {t.network_member_kind}
                    <select name="kind">
                        <option value="">{t.network_all}</option>
                        {DonorKind::ALL.into_iter().map(|k| view! {
                            <option value=k.as_str() selected=f.kind == Some(k)>{lang.donor_kind_plural(k)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    {t.network_support_given}
                    <select name="category">
                        <option value="">{t.network_all}</option>
                        {Category::ALL.into_iter().map(|c| view! {
                            <option value=c.as_str() selected=f.category == Some(c)>{lang.category(c)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    {t.network_commune}
                    <select name="commune">
                        <option value="">{t.network_all}</option>
                        {data.communes.into_iter().map(|c| {
                            let chosen = c.code == commune;
                            view! { <option value=c.code.clone() selected=chosen>{c.name}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <div class="filter-actions"><button type="submit">{t.filter_apply}</button></div>
            </div>
        </form>
        <p class="result-count" role="status">{lang.members_found(members.total)}</p>
        {if members.items.is_empty() {
            view! { <p class="empty">{t.network_empty}</p> }.into_any()
        } else {
            view! {
                <ul class="member-list">
                    {members.items.into_iter().map(|m| view! { <li><MemberCardView lang member=m/></li> }).collect_view()}
                </ul>
            }.into_any()
        }}
        {(pages > 1).then(|| view! {
            <nav class="pager" aria-label=t.network_pages>
                {(1..=pages).map(|p| {
                    let current = p == members.page;
                    view! { <a href=page_link(p) aria-current=current.then_some("page")>{p.to_string()}</a> " " }
                }).collect_view()}
            </nav>
        })}
    }
}

#[component]
fn MemberCardView(lang: Lang, member: MemberCard) -> impl IntoView {
    let t = lang.t();
    view! {
        <article class="member-card">
            <h2><a href=format!("/network/{}", member.slug)>{member.name.clone()}</a></h2>
            <p class="member-kind">{lang.donor_kind(member.kind)}
                {member.chapter_of.map(|p| view! { " · " {t.member_chapter_of} <a href=format!("/network/{}", p.slug)>{p.name}</a> })}
            </p>
            {(!member.categories.is_empty()).then(|| view! {
                <p class="member-categories">{member.categories.iter().map(|c| lang.category(*c)).collect::<Vec<_>>().join(" · ")}</p>
            })}
            {(!member.communes.is_empty()).then(|| view! {
                <p class="member-communes">{member.communes.iter().map(|c| c.name.clone()).collect::<Vec<_>>().join(", ")}</p>
            })}
            <p class="member-total">{t.member_confirmed} <strong>{vnd(member.confirmed_total)}</strong></p>
        </article>
    }
}

#[component]
pub fn MemberPage() -> impl IntoView {
    let lang = current_lang();
    let t = lang.t();
    let slug = use_params_map().get_untracked().get("slug").unwrap_or_default();
    loaded(
        Some((t.member_not_found_title, t.member_not_found_body)),
        move || get_member(slug.clone()),
        move |profile| {
            crate::pages::mark_public();
            view! { <MemberProfileView lang profile/> }
        },
    )
}

#[component]
fn MemberProfileView(lang: Lang, profile: MemberProfile) -> impl IntoView {
    let t = lang.t();
    let card = profile.card;
    let slug = card.slug.clone();
    view! {
        <PageTitle text=format!("{} · {}", card.name, t.portal_name)/>
        <Meta name="description" content={profile.description.chars().take(160).collect::<String>()}/>
        <p class="breadcrumb"><a href="/network">{"← "} {t.network_title}</a></p>
        <h1 class="member-name">{card.name.clone()}</h1>
        <p class="member-kind">{lang.donor_kind(card.kind)}
            {card.chapter_of.map(|p| view! { " · " {t.member_chapter_of} <a href=format!("/network/{}", p.slug)>{p.name}</a> })}
        </p>
        <p class="member-description">{profile.description}</p>
        {profile.website.map(|w| { let href = w.clone(); view! { <p><a href=href rel="nofollow noopener">{w}</a></p> } })}
        <dl class="member-facts">
            {(!card.categories.is_empty()).then(|| view! {
                <dt>{t.network_support_given}</dt>
                <dd>{card.categories.iter().map(|c| lang.category(*c)).collect::<Vec<_>>().join(" · ")}</dd>
            })}
            {(!card.communes.is_empty()).then(|| view! {
                <dt>{t.member_areas}</dt>
                <dd>{card.communes.iter().map(|c| c.name.clone()).collect::<Vec<_>>().join(", ")}</dd>
            })}
            <dt>{t.member_confirmed_total}</dt>
            <dd class="member-total"><strong>{vnd(card.confirmed_total)}</strong></dd>
        </dl>
        {profile.receives_pool_gifts.then(|| view! {
            <p><a class="button" href=format!("/pledge?pool={slug}")>{t.member_give_to_pool}</a></p>
        })}
        <section aria-labelledby="years-heading">
            <h2 id="years-heading">{t.member_years_heading}</h2>
            {if profile.by_year.is_empty() {
                view! { <p class="empty">{t.member_years_empty}</p> }.into_any()
            } else {
                view! {
                    <table class="flow-table member-years">
                        <thead><tr><th scope="col">{t.member_col_year}</th><th scope="col" class="num">{t.member_col_confirmed}</th></tr></thead>
                        <tbody>
                            {profile.by_year.into_iter().map(|y| view! {
                                <tr><th scope="row">{y.year.to_string()}</th><td class="num">{vnd(y.confirmed)}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
        {(profile.mobilised.donors > 0).then(|| view! {
            <section aria-labelledby="mobilised-heading">
                <h2 id="mobilised-heading">{t.member_mobilised_heading}</h2>
                <p class="member-mobilised">{lang.mobilised_summary(profile.mobilised.donors, profile.mobilised.confirmed)}</p>
                {(!profile.mobilised.named.is_empty()).then(|| view! {
                    <p class="member-mobilised-names">{profile.mobilised.named.join(", ")}</p>
                })}
            </section>
        })}
        {(!profile.campaigns.is_empty()).then(|| view! {
            <section aria-labelledby="campaigns-heading">
                <h2 id="campaigns-heading">{t.member_campaigns_heading}</h2>
                <ul>{profile.campaigns.into_iter().map(|c| view! { <li><a href=format!("/campaigns/{}", c.slug)>{c.name}</a></li> }).collect_view()}</ul>
            </section>
        })}
        {(!profile.chapters.is_empty()).then(|| view! {
            <section aria-labelledby="chapters-heading">
                <h2 id="chapters-heading">{t.member_chapters_heading}</h2>
                <ul>{profile.chapters.into_iter().map(|c| view! { <li><a href=format!("/network/{}", c.slug)>{c.name}</a></li> }).collect_view()}</ul>
            </section>
        })}
        {(!profile.recognitions.is_empty()).then(|| view! {
            <section aria-labelledby="recognitions-heading">
                <h2 id="recognitions-heading">{t.member_recognitions_heading}</h2>
                <ul>{profile.recognitions.into_iter().map(|r| view! {
                    <li><a href=format!("/honour-roll?year={}", r.year)>{format!("{} — {}", r.year, r.level_name)}</a></li>
                }).collect_view()}</ul>
            </section>
        })}
    }
}

#[component]
pub fn JoinPage() -> impl IntoView {
    crate::pages::mark_private();
    let lang = current_lang();
    let t = lang.t();
    let title = t.join_title;
    view! {
        <PageTitle text=format!("{title} · {}", t.portal_name)/>
        <p class="breadcrumb"><a href="/network">{"← "} {t.network_title}</a></p>
        <h1>{title}</h1>
        {loaded(None, get_join_form, move |data| view! { <JoinFormView lang data/> })}
    }
}

#[component]
fn JoinFormView(lang: Lang, data: JoinData) -> impl IntoView {
    let t = lang.t();
    if data.sent {
        return view! {
            <p class="notice" role="status">{t.join_sent}</p>
        }
        .into_any();
    }
    let fields = data.fields;
    let problems = data.problems;
    let value = |k: &str| fields.get(k).cloned().unwrap_or_default();
    let problem = |k: &str| problems.get(k).map(|p| lang.field_problem(*p));
    let chosen_kind = DonorKind::parse(&value("kind"));
    let chosen_categories = value("categories");
    let chosen_communes = value("communes");
    let chosen_parent = value("chapter_of");
    let field = |name: &'static str, label: &'static str, kind: &'static str, autocomplete: &'static str| {
        let error = problem(name);
        view! {
            <label for=name>{label}</label>
            <input id=name name=name type=kind value=value(name) autocomplete=autocomplete maxlength="254"
                aria-invalid=error.map(|_| "true") aria-describedby=error.map(|_| format!("{name}-error"))/>
            {error.map(|m| view! { <p class="field-error" id=format!("{name}-error")>{m}</p> })}
        }
    };
    view! {
        <p class="lead">{t.join_intro}</p>
        {(!problems.is_empty()).then(|| view! { <p class="form-error" role="alert">{t.form_has_problems}</p> })}
        <form method="post" action="/network/join" class="stacked need-form">
            <fieldset>
                <legend>{t.join_organisation}</legend>
                <label for="kind">{t.network_member_kind}</label>
                <select id="kind" name="kind" required aria-invalid=problem("kind").map(|_| "true")>
                    <option value="">{t.choose}</option>
                    {DonorKind::ALL.into_iter().map(|k| view! {
                        <option value=k.as_str() selected=chosen_kind == Some(k)>{lang.donor_kind(k)}</option>
                    }).collect_view()}
                </select>
                {problem("kind").map(|m| view! { <p class="field-error">{m}</p> })}
                {field("name", t.join_name, "text", "organization")}
                {field("tax_code", t.join_tax_code, "text", "off")}
                <label for="chapter_of">{t.join_chapter_of}</label>
                <select id="chapter_of" name="chapter_of" aria-invalid=problem("chapter_of").map(|_| "true")>
                    <option value="">{t.pledge_none}</option>
                    {data.parents.into_iter().map(|(slug, name)| {
                        let chosen = slug == chosen_parent;
                        view! { <option value=slug selected=chosen>{name}</option> }
                    }).collect_view()}
                </select>
                {problem("chapter_of").map(|m| view! { <p class="field-error">{m}</p> })}
                <label for="description">{t.join_description}</label>
                <textarea id="description" name="description" rows="5" maxlength="2000"
                    aria-invalid=problem("description").map(|_| "true")>{text_area(&value("description"))}</textarea>
                {problem("description").map(|m| view! { <p class="field-error">{m}</p> })}
                {field("website_url", t.join_website, "url", "url")}
            </fieldset>
            <fieldset>
                <legend>{t.network_support_given}</legend>
                {Category::ALL.into_iter().map(|c| {
                    let checked = chosen_categories.split(' ').any(|x| x == c.as_str());
                    view! {
                        <label class="checkbox"><input type="checkbox" name="categories" value=c.as_str() checked=checked/>{lang.category(c)}</label>
                    }
                }).collect_view()}
                {problem("categories").map(|m| view! { <p class="field-error">{m}</p> })}
                <label for="communes">{t.join_communes}</label>
                <select id="communes" name="communes" multiple size="6" aria-invalid=problem("communes").map(|_| "true")>
                    {data.communes.into_iter().map(|c| {
                        let chosen = chosen_communes.split(' ').any(|x| x == c.code);
                        view! { <option value=c.code.clone() selected=chosen>{c.name}</option> }
                    }).collect_view()}
                </select>
                {problem("communes").map(|m| view! { <p class="field-error">{m}</p> })}
            </fieldset>
            <fieldset>
                <legend>{t.join_contact}</legend>
                {field("contact_name", t.join_contact_name, "text", "name")}
                {field("email", t.join_email, "email", "email")}
                {field("phone", t.join_phone, "tel", "tel")}
            </fieldset>
            <label class="checkbox">
                <input type="checkbox" name="consent" value="yes" required checked=!value("consent").is_empty()
                    aria-invalid=problem("consent").map(|_| "true")/>
                <span>{t.join_consent}
                    " " <a href="/pages/privacy">{t.nav_privacy}</a></span>
            </label>
            {problem("consent").map(|m| view! { <p class="field-error">{m}</p> })}
            <button type="submit" class="button">{t.join_submit}</button>
        </form>
    }
    .into_any()
}
