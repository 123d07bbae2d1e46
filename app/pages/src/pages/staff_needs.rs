//! The needs workflow pages of the staff area: the list, the editor and one need with its history
//! and the actions this staff member may take.

use std::collections::BTreeMap;

use crate::components::page_title::PageTitle;
use crate::components::text_area::text_area;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use crate::components::need_card::NeedFacts;
use crate::current_lang;
use crate::error::AppError;
use crate::pages::errors::{ErrorNotice, loaded};
use crate::pages::mark_private;
use domain::format::group_digits;
use domain::i18n::Lang;
use domain::{Category, CommuneRef, FieldProblem, Need, NeedForm, NeedStatus, NeedSummary, Paged};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct HistoryLine {
    pub at: String,
    pub actor: String,
    pub from: Option<NeedStatus>,
    pub to: NeedStatus,
    pub comment: String,
    pub overlap_confirmed: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StaffNeedData {
    pub need: Need,
    pub history: Vec<HistoryLine>,
    pub review_comment: Option<String>,
    pub overlaps: Vec<NeedSummary>,
    /// `edit`, `submit`, `publish`, `return`, `withdraw`.
    pub actions: Vec<String>,
    pub notice: Option<String>,
    pub problems: BTreeMap<String, FieldProblem>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EditorData {
    pub id: Option<i64>,
    pub form: NeedForm,
    pub communes: Vec<CommuneRef>,
    pub problems: BTreeMap<String, FieldProblem>,
    pub overlaps: Vec<NeedSummary>,
}

/// "Nguyễn Thị Hoa" or the address, for history and audit lines; the command line otherwise.
#[cfg(feature = "ssr")]
pub async fn actor_label(portal: &portal::Portal, id: Option<i64>, lang: Lang) -> Result<String, AppError> {
    let Some(id) = id else { return Ok(lang.t().command_line.to_owned()) };
    Ok(portal.actor_name(id).await?.unwrap_or_else(|| format!("#{id}")))
}

#[server(prefix = "/sf", endpoint = "staff_needs")]
pub async fn get_staff_needs(status: Option<String>, page: u32) -> Result<Paged<NeedSummary>, AppError> {
    let staff = crate::pages::require_staff()?;
    let status = status.as_deref().and_then(NeedStatus::parse);
    Ok(crate::pages::portal()?.staff_needs(&staff, status, page.max(1)).await?)
}

#[server(prefix = "/sf", endpoint = "staff_need")]
pub async fn get_staff_need(id: i64) -> Result<StaffNeedData, AppError> {
    let staff = crate::pages::require_staff()?;
    let portal = crate::pages::portal()?;
    let lang = crate::current_lang();
    let view = portal.staff_need(&staff, id).await?;
    let mut history = Vec::new();
    for t in view.history {
        history.push(HistoryLine {
            at: domain::format::moment(t.at),
            actor: actor_label(&portal, t.actor_id, lang).await?,
            from: t.from_status,
            to: t.to_status,
            comment: t.comment,
            overlap_confirmed: t.overlap_confirmed,
        });
    }
    let flash = crate::pages::flash().unwrap_or_default();
    use domain::staff::NeedAction;
    let actions = view
        .actions
        .iter()
        .map(|a| match a {
            NeedAction::Edit => "edit",
            NeedAction::Submit => "submit",
            NeedAction::Publish => "publish",
            NeedAction::Return => "return",
            _ => "withdraw",
        })
        .map(str::to_owned)
        .collect();
    Ok(StaffNeedData {
        need: view.need,
        history,
        review_comment: view.review_comment,
        overlaps: if flash.overlaps.is_empty() { view.overlaps } else { flash.overlaps },
        actions,
        notice: flash.notice,
        problems: flash.problems,
    })
}

#[server(prefix = "/sf", endpoint = "need_editor")]
pub async fn get_need_editor(id: Option<i64>) -> Result<EditorData, AppError> {
    let staff = crate::pages::require_staff()?;
    let portal = crate::pages::portal()?;
    if staff.role == domain::Role::Partner {
        return Err(AppError::Forbidden);
    }
    let flash = crate::pages::flash().unwrap_or_default();
    let stored = match id {
        Some(id) => {
            let view = portal.staff_need(&staff, id).await?;
            if !view.actions.contains(&domain::staff::NeedAction::Edit) {
                return Err(AppError::Forbidden);
            }
            let n = view.need;
            Some(NeedForm {
                commune: n.commune.code,
                category: n.category.as_str().to_owned(),
                title: n.title,
                description: n.description,
                site: n.site.unwrap_or_default(),
                children: n.children.to_string(),
                quantity: n.quantity.to_string(),
                unit: n.unit,
                unit_cost: n.unit_cost.to_string(),
                period_start: n.period_start.to_string(),
                period_end: n.period_end.to_string(),
                confirm_overlap: None,
            })
        }
        None => None,
    };
    let communes = match staff.role {
        domain::Role::AreaOfficer => staff.communes.clone(),
        _ => portal.areas.communes(),
    };
    Ok(EditorData {
        id,
        form: flash.need_form.or(stored).unwrap_or_default(),
        communes,
        problems: flash.problems,
        overlaps: flash.overlaps,
    })
}

#[component]
pub fn StaffNeedsList() -> impl IntoView {
    mark_private();
    let lang = current_lang();
    let t = lang.t();
    let query = use_query_map().get_untracked();
    let status = query.get("status").filter(|s| NeedStatus::parse(s).is_some());
    let page = query.get("page").and_then(|p| p.parse::<u32>().ok()).unwrap_or(1);
    view! {
        <PageTitle text=format!("{} · {}", t.staff_needs_title, t.portal_name)/>
        <p class="breadcrumb"><a href="/staff">{"← "} {t.staff_home_title}</a></p>
        <h1>{t.staff_needs_title}</h1>
        <p><a class="button" href="/staff/needs/new">{t.staff_nav_new_need}</a></p>
        <nav class="status-tabs" aria-label=t.filter_status>
            <a href="/staff/needs" aria-current=status.is_none().then_some("page")>{t.filter_any_status}</a>
            {NeedStatus::ALL
                .into_iter()
                .map(|s| {
                    let current = status.as_deref() == Some(s.as_str());
                    view! {
                        <a href=format!("/staff/needs?status={}", s.as_str()) aria-current=current.then_some("page")>
                            {lang.need_status(s)}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {
                let status = status.clone();
                move || {
                    let status = status.clone();
                    Suspend::new(async move {
                        match get_staff_needs(status, page).await {
                            Err(error) => view! { <ErrorNotice error/> }.into_any(),
                            Ok(list) if list.items.is_empty() => view! { <p class="empty">{t.staff_needs_empty}</p> }.into_any(),
                            Ok(list) => view! { <SummaryTable lang items=list.items/> }.into_any(),
                        }
                    })
                }
            }
        </Suspense>
    }
}

#[component]
fn SummaryTable(lang: Lang, items: Vec<NeedSummary>) -> impl IntoView {
    let t = lang.t();
    view! {
        <table class="data-table staff-needs">
            <thead>
                <tr>
                    <th scope="col">{t.field_title}</th>
                    <th scope="col">{t.field_commune}</th>
                    <th scope="col">{t.field_category}</th>
                    <th scope="col">{t.field_children}</th>
                    <th scope="col">{t.need_period}</th>
                    <th scope="col">{t.need_status}</th>
                </tr>
            </thead>
            <tbody>
                {items
                    .into_iter()
                    .map(|n| {
                        view! {
                            <tr>
                                <td><a href=format!("/staff/needs/{}", n.id)>{n.title}</a></td>
                                <td>{n.commune}</td>
                                <td>{lang.category(n.category)}</td>
                                <td>{group_digits(n.children)}</td>
                                <td>{n.period}</td>
                                <td class=format!("status status-{}", n.status.as_str())>{lang.need_status(n.status)}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn OverlapWarning(lang: Lang, overlaps: Vec<NeedSummary>) -> impl IntoView {
    let t = lang.t();
    view! {
        <section class="overlap-warning" role="alert" aria-labelledby="overlap-heading">
            <h2 id="overlap-heading">{t.overlap_heading}</h2>
            <p>{t.overlap_explain}</p>
            <SummaryTable lang items=overlaps/>
        </section>
    }
}

#[component]
pub fn NeedEditorPage() -> impl IntoView {
    mark_private();
    let lang = current_lang();
    let id = use_params_map().get_untracked().get("id").and_then(|v| v.parse::<i64>().ok());
    loaded(None, move || get_need_editor(id), move |data| view! { <NeedEditor lang data/> })
}

#[component]
fn NeedEditor(lang: Lang, data: EditorData) -> impl IntoView {
    let t = lang.t();
    let title = if data.id.is_some() { t.need_form_edit_title } else { t.need_form_new_title };
    let action = data.id.map_or_else(|| "/staff/needs".to_owned(), |id| format!("/staff/needs/{id}"));
    let back = data.id.map_or_else(|| "/staff/needs".to_owned(), |id| format!("/staff/needs/{id}"));
    let form = data.form;
    let problems = data.problems;
    let problem = |field: &str| problems.get(field).map(|p| lang.field_problem(*p));
    let has_problems = problem("commune").is_some()
        || [
            "category",
            "title",
            "description",
            "site",
            "children_count",
            "quantity",
            "unit",
            "unit_cost",
            "period_start",
            "period_end",
        ]
        .iter()
        .any(|f| problem(f).is_some());
    let overlaps = data.overlaps;
    let confirm_needed = !overlaps.is_empty();
    let text_field = |name: &'static str, label: &'static str, value: String, kind: &'static str| {
        let error = problem(name);
        let error_id = format!("{name}-error");
        view! {
            <label for=name>{label}</label>
            <input
                id=name
                name=name
                type=kind
                value=value
                aria-invalid=error.map(|_| "true")
                aria-describedby=error.map(|_| error_id.clone())
            />
            {error.map(|message| view! { <p class="field-error" id=error_id.clone()>{message}</p> })}
        }
    };
    view! {
        <PageTitle text=format!("{} · {}", title, t.portal_name)/>
        <p class="breadcrumb"><a href=back>{"← "} {t.staff_nav_needs}</a></p>
        <h1>{title}</h1>
        {has_problems.then(|| view! { <p class="form-error" role="alert">{t.form_has_problems}</p> })}
        {confirm_needed.then(|| view! { <OverlapWarning lang overlaps=overlaps.clone()/> })}
        <form method="post" action=action class="stacked need-form">
            <label for="commune">{t.field_commune}</label>
            <select id="commune" name="commune" aria-invalid=problem("commune").map(|_| "true")>
                <option value="">{t.choose}</option>
                {data
                    .communes
                    .into_iter()
                    .map(|c| {
                        let selected = c.code == form.commune;
                        view! { <option value=c.code selected=selected>{c.name}</option> }
                    })
                    .collect_view()}
            </select>
            {problem("commune").map(|m| view! { <p class="field-error">{m}</p> })}
            <label for="category">{t.field_category}</label>
            <select id="category" name="category" aria-invalid=problem("category").map(|_| "true")>
                <option value="">{t.choose}</option>
                {Category::ALL
                    .into_iter()
                    .map(|c| view! { <option value=c.as_str() selected=form.category == c.as_str()>{lang.category(c)}</option> })
                    .collect_view()}
            </select>
            {problem("category").map(|m| view! { <p class="field-error">{m}</p> })}
            {text_field("title", t.field_title, form.title.clone(), "text")}
            <label for="description">{t.field_description}</label>
            <textarea id="description" name="description" rows="4">{text_area(&form.description)}</textarea>
            {problem("description").map(|m| view! { <p class="field-error">{m}</p> })}
            {text_field("site", t.field_site, form.site.clone(), "text")}
            {text_field("children_count", t.field_children, form.children.clone(), "text")}
            {text_field("quantity", t.field_quantity, form.quantity.clone(), "text")}
            {text_field("unit", t.field_unit, form.unit.clone(), "text")}
            {text_field("unit_cost", t.field_unit_cost, form.unit_cost.clone(), "text")}
            {text_field("period_start", t.field_period_start, form.period_start.clone(), "date")}
            {text_field("period_end", t.field_period_end, form.period_end.clone(), "date")}
            {confirm_needed.then(|| view! {
                <label class="checkbox">
                    <input type="checkbox" name="confirm_overlap" value="yes" required/>
                    {t.overlap_confirm}
                </label>
            })}
            <button type="submit" class="button">{t.save_draft}</button>
        </form>
    }
}

#[component]
pub fn StaffNeedPage() -> impl IntoView {
    mark_private();
    let lang = current_lang();
    let t = lang.t();
    let id = use_params_map().get_untracked().get("id").and_then(|v| v.parse::<i64>().ok());
    let done = use_query_map().get_untracked().get("done");
    view! {
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {
                let done = done.clone();
                move || {
                    let done = done.clone();
                    Suspend::new(async move {
                        let result = match id {
                            Some(id) => get_staff_need(id).await,
                            None => Err(AppError::NotFound),
                        };
                        match result {
                            Err(error) => view! { <ErrorNotice error/> }.into_any(),
                            Ok(data) => view! { <StaffNeedView lang data done/> }.into_any(),
                        }
                    })
                }
            }
        </Suspense>
    }
}

#[component]
fn StaffNeedView(lang: Lang, data: StaffNeedData, done: Option<String>) -> impl IntoView {
    let t = lang.t();
    let need = data.need;
    let id = need.id;
    let notice = data.notice.or(done).and_then(|code| lang.done(&code));
    let comment_problem = data.problems.get("comment").map(|p| lang.field_problem(*p));
    let overlaps = data.overlaps;
    let confirm_needed = !overlaps.is_empty();
    let may = |a: &str| data.actions.iter().any(|x| x == a);
    view! {
        <PageTitle text=format!("{} · {}", need.title, t.portal_name)/>
        <p class="breadcrumb"><a href="/staff/needs">{"← "} {t.staff_nav_needs}</a></p>
        {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
        <h1>{need.title.clone()}</h1>
        <p class="tags">
            <span class=format!("badge status-{}", need.status.as_str())>{lang.need_status(need.status)}</span>
            <span class=format!("badge cat-{}", need.category.as_str())>{lang.category(need.category)}</span>
        </p>
        <NeedFacts need=need.clone() class="staff-card"/>
        <p class="description">{need.description.clone()}</p>
        {data.review_comment.clone().map(|c| view! {
            <section class="review-comment"><h2>{t.review_comment}</h2><p>{c}</p></section>
        })}
        {confirm_needed.then(|| view! { <OverlapWarning lang overlaps=overlaps.clone()/> })}
        <div class="actions">
            {may("edit").then(|| view! { <a class="button secondary" href=format!("/staff/needs/{id}/edit")>{t.action_edit}</a> })}
            {may("submit").then(|| view! {
                <form method="post" action=format!("/staff/needs/{id}/submit")>
                    <button type="submit" class="button">{t.action_submit}</button>
                </form>
            })}
            {may("publish").then(|| view! {
                <form method="post" action=format!("/staff/needs/{id}/publish") class="stacked">
                    {confirm_needed.then(|| view! {
                        <label class="checkbox">
                            <input type="checkbox" name="confirm_overlap" value="yes" required/>
                            {t.overlap_confirm}
                        </label>
                    })}
                    <button type="submit" class="button">{t.action_publish}</button>
                </form>
            })}
            {may("return").then(|| view! {
                <form method="post" action=format!("/staff/needs/{id}/return") class="stacked">
                    <label for="comment">{t.return_comment}</label>
                    <textarea id="comment" name="comment" rows="3" required aria-invalid=comment_problem.map(|_| "true")></textarea>
                    {comment_problem.map(|m| view! { <p class="field-error">{m}</p> })}
                    <button type="submit" class="button secondary">{t.action_return}</button>
                </form>
            })}
            {may("withdraw").then(|| view! {
                <form method="post" action=format!("/staff/needs/{id}/withdraw")>
                    <button type="submit" class="button danger">{t.action_withdraw}</button>
                </form>
            })}
        </div>
        <section aria-labelledby="history-heading">
            <h2 id="history-heading">{t.history}</h2>
            <ol class="history">
                {data
                    .history
                    .into_iter()
                    .map(|h| {
                        let from = h.from.map(|f| format!("{} → ", lang.need_status(f))).unwrap_or_default();
                        view! {
                            <li>
                                <span class="when">{h.at}</span>
                                " · "
                                <span class="who">{h.actor}</span>
                                " · "
                                <span class="what">{format!("{from}{}", lang.need_status(h.to))}</span>
                                {h.overlap_confirmed.then(|| view! { <span class="flag">{format!(" ({})", t.history_overlap_confirmed)}</span> })}
                                {(!h.comment.is_empty()).then(|| view! { <blockquote>{h.comment.clone()}</blockquote> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}
