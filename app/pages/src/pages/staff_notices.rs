//! The notice outbox in the staff area (`/staff/notices`): what is queued, sent and failed with its
//! reason, and a way to send a failed notice again; and the counts for the staff home page.

use crate::components::page_title::PageTitle;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use crate::current_lang;
use crate::error::AppError;
use crate::pages::errors::loaded;
use crate::pages::mark_private;
use domain::i18n::Lang;

use domain::NoticeTally;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NoticeLine {
    pub id: i64,
    pub kind: String,
    pub reference: Option<String>,
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub subject: Option<String>,
    pub created: String,
    pub channel: Option<domain::NoticeChannel>,
    pub provider_message_id: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct NoticesData {
    pub lines: Vec<NoticeLine>,
    pub total: i64,
    pub counts: NoticeTally,
    pub notice: Option<String>,
}

#[server(prefix = "/sf", endpoint = "notice_counts")]
pub async fn get_notice_counts() -> Result<Option<NoticeTally>, AppError> {
    let staff = crate::pages::require_staff()?;
    Ok(crate::pages::portal()?.notice_tally(&staff).await?)
}

#[server(prefix = "/sf", endpoint = "staff_notices")]
pub async fn get_staff_notices(status: Option<String>) -> Result<NoticesData, AppError> {
    let staff = crate::pages::require_staff()?;
    let status = status.filter(|s| matches!(s.as_str(), "queued" | "sending" | "sent" | "failed"));
    let (records, total, c) = crate::pages::portal()?.staff_notices(&staff, status.as_deref()).await?;
    let lines = records
        .into_iter()
        .map(|n| NoticeLine {
            id: n.id,
            kind: n.kind.as_str().to_owned(),
            reference: n.pledge_reference,
            status: n.status,
            attempts: n.attempts,
            last_error: n.last_error,
            subject: n.subject,
            created: domain::format::moment(n.created_at),
            channel: n.channel.as_deref().and_then(domain::NoticeChannel::parse),
            provider_message_id: n.provider_message_id,
        })
        .collect();
    let notice = crate::pages::flash().and_then(|f| f.notice);
    Ok(NoticesData {
        lines,
        total,
        counts: NoticeTally { queued: c.queued + c.sending, sent: c.sent, failed: c.failed },
        notice,
    })
}

/// The outbox in three numbers, linking to the list.
#[component]
pub fn NoticeCounts() -> impl IntoView {
    let lang = current_lang();
    let t = lang.t();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                get_notice_counts().await.ok().flatten().map(|c| view! {
                    <section class="staff-card notice-counts" aria-labelledby="notice-counts-heading">
                        <h2 id="notice-counts-heading"><a href="/staff/notices">{t.staff_nav_notices}</a></h2>
                        <ul class="stat-grid">
                            <li><strong class="count-queued">{c.queued}</strong><span>{t.notices_queued}</span></li>
                            <li><strong class="count-sent">{c.sent}</strong><span>{t.notices_sent}</span></li>
                            <li><a href="/staff/notices?status=failed"><strong class="count-failed">{c.failed}</strong></a><span>{t.notices_failed}</span></li>
                        </ul>
                    </section>
                })
            })}
        </Suspense>
    }
}

#[component]
pub fn StaffNoticesPage() -> impl IntoView {
    mark_private();
    let lang = current_lang();
    let t = lang.t();
    let status = use_query_map().get_untracked().get("status");
    view! {
        <PageTitle text=format!("{} · {}", t.staff_nav_notices, t.portal_name)/>
        <p class="breadcrumb"><a href="/staff">{"← "} {t.staff_home_title}</a></p>
        <h1>{t.staff_nav_notices}</h1>
        <p class="lead">{t.notices_intro}</p>
        {
            let shown = status.clone();
            loaded(None,
                move || get_staff_notices(status.clone()),
                move |data| view! { <NoticeList lang data status=shown.clone()/> },
            )
        }
    }
}

#[component]
fn NoticeList(lang: Lang, data: NoticesData, status: Option<String>) -> impl IntoView {
    let t = lang.t();
    let notice = data.notice.as_deref().and_then(|c| lang.done(c));
    let tab = |value: Option<&'static str>, label: &'static str, count: Option<i64>| {
        let href = value.map_or_else(|| "/staff/notices".to_owned(), |v| format!("/staff/notices?status={v}"));
        let current = status.as_deref() == value;
        view! {
            <a href=href aria-current=current.then_some("page")>
                {label} {count.map(|c| format!(" ({c})"))}
            </a>
        }
    };
    view! {
        {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
        <nav class="tabs" aria-label=t.notice_status>
            {tab(None, t.notices_all, None)} " · "
            {tab(Some("queued"), t.notices_queued, Some(data.counts.queued))} " · "
            {tab(Some("sent"), t.notices_sent, Some(data.counts.sent))} " · "
            {tab(Some("failed"), t.notices_failed, Some(data.counts.failed))}
        </nav>
        {if data.lines.is_empty() {
            view! { <p class="empty">{t.notices_empty}</p> }.into_any()
        } else {
            view! {
                <table class="staff-table notices">
                    <thead><tr>
                        <th scope="col">{t.notice_created}</th>
                        <th scope="col">{t.notice_kind_label}</th>
                        <th scope="col">{t.notice_reference}</th>
                        <th scope="col">{t.notice_status}</th>
                        <th scope="col">{t.notice_attempts}</th>
                        <th scope="col">{t.notice_channel}</th>
                        <th scope="col">{t.notice_error}</th>
                        <th scope="col"><span class="visually-hidden">{t.notice_resend}</span></th>
                    </tr></thead>
                    <tbody>
                        {data.lines.into_iter().map(|n| view! {
                            <tr class=format!("notice-{}", n.status)>
                                <td>{n.created}</td>
                                <td title=n.subject.clone().unwrap_or_default()>{lang.notice_kind(&n.kind)}</td>
                                <td>{n.reference.clone().map(|r| view! { <a href=format!("/pledge/{r}")>{r.clone()}</a> })}</td>
                                <td class="notice-status">{lang.notice_status(&n.status)}</td>
                                <td>{n.attempts}</td>
                                <td class="notice-channel">
                                    {n.channel.map(|c| lang.notice_channel(c))}
                                    {n.provider_message_id.clone().map(|id| view! {
                                        <br/><small class="provider-id" title=t.notice_provider_id>{id}</small>
                                    })}
                                </td>
                                <td class="notice-error">{n.last_error.clone().unwrap_or_default()}</td>
                                <td>{(n.status == "failed").then(|| view! {
                                    <form method="post" action=format!("/staff/notices/{}/resend", n.id)>
                                        <button type="submit" class="button secondary">{t.notice_resend}</button>
                                    </form>
                                })}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }
                .into_any()
        }}
    }
}
