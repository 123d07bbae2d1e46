//! Campaigns in the staff area: the list of every campaign (drafts too) and the editor, which
//! posts as `multipart/form-data` so the cover picture travels with the form.

use std::collections::BTreeMap;

use crate::components::page_title::PageTitle;
use crate::components::text_area::text_area;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use crate::current_lang;
use crate::error::AppError;
use crate::pages::errors::{ErrorNotice, loaded};
use crate::pages::mark_private;
use domain::format::vnd;
use domain::i18n::Lang;
use domain::{CampaignForm, DropOffForm, FieldProblem, Picture};

/// Empty drop-off rows offered below the filled ones (the form works without JavaScript).
const SPARE_DROP_OFFS: usize = 2;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StaffCampaignRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub published: bool,
    pub window: String,
    pub pledged: i64,
    pub goal: i64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CampaignEditorData {
    pub id: Option<i64>,
    pub form: CampaignForm,
    pub problems: BTreeMap<String, FieldProblem>,
    pub notice: Option<String>,
    /// Banks that receive VietQR transfers: (BIN, short name).
    pub banks: Vec<(String, String)>,
    /// Needs that can be linked: (id, "title — commune").
    pub needs: Vec<(String, String)>,
    pub cover: Option<Picture>,
    /// A published campaign's public address (`{site}/campaigns/{slug}`), for its outreach kit.
    pub public: Option<String>,
}

#[server(prefix = "/sf", endpoint = "staff_campaigns")]
pub async fn get_staff_campaigns() -> Result<Vec<StaffCampaignRow>, AppError> {
    let staff = crate::pages::require_staff()?;
    let campaigns = crate::pages::portal()?.staff_campaigns(&staff).await?;
    Ok(campaigns
        .into_iter()
        .map(|c| StaffCampaignRow {
            window: domain::format::period(c.opens_on, c.closes_on),
            id: c.id,
            slug: c.slug,
            title: c.title,
            published: c.published,
            pledged: c.pledged,
            goal: c.goal,
        })
        .collect())
}

#[server(prefix = "/sf", endpoint = "campaign_editor")]
pub async fn get_campaign_editor(id: Option<i64>) -> Result<CampaignEditorData, AppError> {
    let staff = crate::pages::require_staff()?;
    let portal = crate::pages::portal()?;
    if !domain::staff::may_manage_campaigns(&staff) {
        return Err(AppError::Forbidden);
    }
    let stored = match id {
        Some(id) => Some(portal.campaign_to_edit(&staff, id).await?),
        None => None,
    };
    let flash = crate::pages::flash().unwrap_or_default();
    let form = match (flash.campaign_form, &stored) {
        (Some(form), _) => form,
        (None, Some(c)) => portal::campaigns::form_of(c),
        (None, None) => CampaignForm::default(),
    };
    let needs = portal
        .needs_in(&[domain::NeedStatus::Published, domain::NeedStatus::Covered], 1000)
        .await?
        .into_iter()
        .map(|n| (n.id.to_string(), n.choice_label()))
        .collect();
    let banks = portal.banks.receiving().into_iter().map(|b| (b.bin.clone(), b.short_name.clone())).collect();
    // A picture kept from a form that came back with problems, else the campaign's own.
    let kept = match form.kept_cover.parse::<i64>() {
        Ok(id) => portal.picture(id).await.ok().map(|p| (id, p.width, p.height)),
        Err(_) => None,
    };
    let cover = kept.or_else(|| stored.as_ref().and_then(|c| c.cover)).map(|(id, width, height)| Picture {
        url: portal::campaigns::picture_url(id),
        width,
        height,
    });
    let public =
        stored.as_ref().filter(|c| c.published).map(|c| format!("{}/campaigns/{}", portal.site.public_url, c.slug));
    Ok(CampaignEditorData { id, form, problems: flash.problems, notice: flash.notice, banks, needs, cover, public })
}

#[component]
pub fn StaffCampaignsPage() -> impl IntoView {
    mark_private();
    let lang = current_lang();
    let t = lang.t();
    view! {
        <PageTitle text=format!("{} · {}", t.staff_nav_campaigns, t.portal_name)/>
        <p class="breadcrumb"><a href="/staff">{"← "} {t.staff_home_title}</a></p>
        <h1>{t.staff_nav_campaigns}</h1>
        <p><a class="button" href="/staff/campaigns/new">{t.campaign_new}</a></p>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match get_staff_campaigns().await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(rows) if rows.is_empty() => view! { <p class="empty">{t.campaigns_empty}</p> }.into_any(),
                    Ok(rows) => view! {
                        <table class="staff-table">
                            <thead><tr>
                                <th scope="col">{t.campaign_title_label}</th>
                                <th scope="col">{t.campaign_window}</th>
                                <th scope="col">{t.campaign_pledged}</th>
                                <th scope="col">{t.campaign_goal}</th>
                                <th scope="col">{t.campaign_published}</th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|r| view! {
                                    <tr>
                                        <td><a href=format!("/staff/campaigns/{}/edit", r.id)>{r.title}</a></td>
                                        <td>{r.window}</td>
                                        <td>{vnd(r.pledged)}</td>
                                        <td>{vnd(r.goal)}</td>
                                        <td>{if r.published {
                                            view! { <a href=format!("/campaigns/{}", r.slug)>{t.campaign_view_public}</a> }.into_any()
                                        } else {
                                            view! { <span>{t.campaign_draft}</span> }.into_any()
                                        }}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }
                        .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn CampaignEditorPage() -> impl IntoView {
    mark_private();
    let lang = current_lang();
    let id = use_params_map().get_untracked().get("id").and_then(|v| v.parse::<i64>().ok());
    loaded(None, move || get_campaign_editor(id), move |data| view! { <CampaignEditor lang data/> })
}

#[component]
fn CampaignEditor(lang: Lang, data: CampaignEditorData) -> impl IntoView {
    let t = lang.t();
    let title = if data.id.is_some() { t.campaign_edit } else { t.campaign_new };
    let action = data.id.map_or_else(|| "/staff/campaigns".to_owned(), |id| format!("/staff/campaigns/{id}"));
    let form = data.form;
    let problems = data.problems;
    let problem = |field: &str| problems.get(field).map(|p| lang.field_problem(*p));
    let notice = data.notice.as_deref().and_then(|c| lang.done(c));
    let field = |name: String, label: &'static str, value: String, kind: &'static str| {
        let error = problem(&name);
        let error_id = format!("{name}-error");
        view! {
            <label for=name.clone()>{label}</label>
            <input
                id=name.clone()
                name=name
                type=kind
                value=value
                aria-invalid=error.map(|_| "true")
                aria-describedby=error.map(|_| error_id.clone())
            />
            {error.map(|message| view! { <p class="field-error" id=error_id.clone()>{message}</p> })}
        }
    };
    let mut drop_offs = form.drop_offs.clone();
    drop_offs.extend((0..SPARE_DROP_OFFS).map(|_| DropOffForm::default()));
    let linked = form.needs.clone();
    view! {
        <PageTitle text=format!("{} · {}", title, t.portal_name)/>
        <p class="breadcrumb"><a href="/staff/campaigns">{"← "} {t.staff_nav_campaigns}</a></p>
        <h1>{title}</h1>
        {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
        {(!problems.is_empty()).then(|| view! { <p class="form-error" role="alert">{t.form_has_problems}</p> })}
        <form method="post" action=action enctype="multipart/form-data" class="stacked need-form campaign-form">
            {field("title".into(), t.campaign_title_label, form.title.clone(), "text")}
            {field("slug".into(), t.campaign_slug, form.slug.clone(), "text")}
            {field("summary".into(), t.campaign_summary, form.summary.clone(), "text")}
            <label for="story">{t.campaign_story}</label>
            <textarea id="story" name="story" rows="12" aria-invalid=problem("story").map(|_| "true")>{text_area(&form.story)}</textarea>
            {problem("story").map(|m| view! { <p class="field-error">{m}</p> })}
            {field("goal".into(), t.campaign_goal_label, form.goal.clone(), "text")}
            <fieldset>
                <legend>{t.campaign_account}</legend>
                <label for="bank_bin">{t.campaign_bank}</label>
                <select id="bank_bin" name="bank_bin" aria-invalid=problem("bank_bin").map(|_| "true")>
                    <option value="">{t.choose}</option>
                    {data.banks.into_iter().map(|(bin, name)| {
                        let selected = form.bank_bin == bin;
                        view! { <option value=bin.clone() selected=selected>{format!("{name} ({bin})")}</option> }
                    }).collect_view()}
                </select>
                {problem("bank_bin").map(|m| view! { <p class="field-error">{m}</p> })}
                {field("account_number".into(), t.campaign_account_number, form.account_number.clone(), "text")}
                {field("account_name".into(), t.campaign_account_name, form.account_name.clone(), "text")}
            </fieldset>
            <fieldset>
                <legend>{t.campaign_window}</legend>
                {field("opens_on".into(), t.campaign_opens, form.opens_on.clone(), "date")}
                {field("closes_on".into(), t.campaign_closes, form.closes_on.clone(), "date")}
            </fieldset>
            <label for="cover">{t.campaign_cover}</label>
            {data.cover.map(|p| view! {
                <img class="cover-preview" src=p.url width=p.width height=p.height alt=""/>
                <p class="hint">{t.campaign_cover_kept}</p>
            })}
            <input type="hidden" name="kept_cover" value=form.kept_cover.clone()/>
            <input id="cover" name="cover" type="file" accept="image/jpeg,image/png,image/webp"
                aria-invalid=problem("cover").map(|_| "true")/>
            {problem("cover").map(|m| view! { <p class="field-error">{m}</p> })}
            <fieldset>
                <legend>{t.campaign_link_needs}</legend>
                {data.needs.into_iter().map(|(id, label)| {
                    let checked = linked.contains(&id);
                    view! {
                        <label class="checkbox"><input type="checkbox" name="needs" value=id checked=checked/>{label}</label>
                    }
                }).collect_view()}
                {problem("needs").map(|m| view! { <p class="field-error">{m}</p> })}
            </fieldset>
            <fieldset>
                <legend>{t.campaign_drop_offs}</legend>
                {drop_offs.into_iter().enumerate().map(|(i, d)| view! {
                    <div class="drop-off-row">
                        {field(format!("drop_offs.{i}.place"), t.drop_off_place, d.place, "text")}
                        {field(format!("drop_offs.{i}.address"), t.drop_off_address, d.address, "text")}
                        {field(format!("drop_offs.{i}.opens_on"), t.drop_off_from, d.opens_on, "date")}
                        {field(format!("drop_offs.{i}.closes_on"), t.drop_off_to, d.closes_on, "date")}
                        {field(format!("drop_offs.{i}.hours"), t.drop_off_hours, d.hours, "text")}
                    </div>
                }).collect_view()}
            </fieldset>
            <label class="checkbox">
                <input type="checkbox" name="published" value="yes" checked=form.published.is_some()/>
                {t.campaign_published}
            </label>
            <button type="submit" class="button">{t.campaign_save}</button>
        </form>
        {data.public.map(|url| view! { <OutreachKit lang url title=form.title.clone()/> })}
    }
}

/// What staff hand to partners and print: the poster, the share card, and the card and badge to
/// paste into a partner's website or an email.
#[component]
fn OutreachKit(lang: Lang, url: String, title: String) -> impl IntoView {
    let t = lang.t();
    let iframe = format!(
        "<iframe src=\"{url}/embed\" width=\"380\" height=\"230\" style=\"border:0\" loading=\"lazy\" title=\"{}\"></iframe>",
        title.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;")
    );
    let badge = format!("[![Ủng hộ]({url}/badge.svg)]({url})");
    view! {
        <section class="staff-card outreach-kit" aria-labelledby="outreach-heading">
            <h2 id="outreach-heading">{t.outreach_heading}</h2>
            <p>
                <a href=format!("{url}/poster")>{t.campaign_poster}</a> " · "
                <a href=format!("{url}/share.png")>{t.outreach_share_card}</a>
            </p>
            <label for="embed-snippet">{t.outreach_embed}</label>
            <textarea id="embed-snippet" readonly rows="3">{text_area(&iframe)}</textarea>
            <label for="badge-snippet">{t.outreach_badge}</label>
            <textarea id="badge-snippet" readonly rows="2">{text_area(&badge)}</textarea>
        </section>
    }
}
