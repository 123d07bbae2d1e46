//! A donor's own page, without a password: `/me` asks for an email address and sends a one-time
//! link; `/me/sign-in/{token}` signs in with it (a button, so a mail scanner that opens links does
//! not use it up); then `/me` shows the donor's pledges and receipts, how they are shown publicly,
//! a download of everything held about them, and erasure.

use leptos::prelude::*;
use leptos_meta::Meta;

use crate::components::page_title::PageTitle;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use crate::current_lang;
use crate::error::AppError;
use crate::pages::errors::ErrorNotice;
use domain::format::{moment, vnd};
use domain::i18n::Lang;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum MeData {
    /// Nobody is signed in: the form that sends a link (and what happened last time).
    SignIn {
        notice: Option<String>,
        email: String,
        problem: Option<String>,
    },
    Own {
        page: Box<domain::network::OwnPage>,
        notice: Option<String>,
    },
}

#[server(prefix = "/sf", endpoint = "me")]
pub async fn get_me() -> Result<MeData, AppError> {
    crate::pages::mark_private();
    let portal = crate::pages::portal()?;
    let lang = crate::current_lang();
    let flash = crate::pages::flash().unwrap_or_default();
    match crate::pages::signed_in_donor() {
        Some(donor_id) => match portal.own_page(donor_id, lang).await {
            Ok(page) => Ok(MeData::Own { page: Box::new(page), notice: flash.notice }),
            Err(portal::Error::SignInRequired) => {
                Ok(MeData::SignIn { notice: None, email: String::new(), problem: None })
            }
            Err(e) => Err(e.into()),
        },
        None => Ok(MeData::SignIn {
            notice: flash.notice,
            email: flash.fields.get("email").cloned().unwrap_or_default(),
            problem: flash.problems.get("email").map(|p| lang.field_problem(*p).to_owned()),
        }),
    }
}

#[server(prefix = "/sf", endpoint = "me_link")]
pub async fn get_link_state(token: String) -> Result<bool, AppError> {
    crate::pages::mark_private();
    let portal = crate::pages::portal()?;
    Ok(portal.sign_in_link_usable(&token).await?)
}

fn title(lang: Lang) -> &'static str {
    lang.pick("Trang của nhà tài trợ", "Your donor page")
}

#[component]
pub fn MePage() -> impl IntoView {
    let lang = current_lang();
    let t = lang.t();
    view! {
        <PageTitle text=format!("{} · {}", title(lang), t.portal_name)/>
        <Meta name="robots" content="noindex"/>
        <h1>{title(lang)}</h1>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {move || Suspend::new(async move {
                match get_me().await {
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    Ok(MeData::SignIn { notice, email, problem }) => view! { <SignInForm lang notice email problem/> }.into_any(),
                    Ok(MeData::Own { page, notice }) => view! { <OwnView lang page=*page notice/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SignInForm(lang: Lang, notice: Option<String>, email: String, problem: Option<String>) -> impl IntoView {
    let notice = notice.map(|code| match code.as_str() {
        "link_sent" => lang.pick(
            "Nếu địa chỉ này có trong hồ sơ nhà tài trợ, một đường dẫn đăng nhập đã được gửi tới. Đường dẫn dùng được một lần và hết hạn sau 30 phút.",
            "If this address is in our donor records, a sign-in link is on its way. It works once and expires after 30 minutes."),
        "erased" => lang.pick(
            "Dữ liệu cá nhân của Quý vị đã được xoá. Các khoản ủng hộ vẫn được tính trong số liệu tổng hợp, không kèm tên.",
            "Your personal data has been erased. Your gifts still count in the totals, without a name."),
        "signed_out" => lang.pick("Quý vị đã đăng xuất.", "You have signed out."),
        _ => lang.pick("Đường dẫn không còn dùng được. Xin đề nghị một đường dẫn mới.", "That link can no longer be used. Please ask for a new one."),
    });
    view! {
        {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
        <p class="lead">{lang.pick(
            "Nhập địa chỉ thư điện tử Quý vị đã dùng khi đăng ký ủng hộ. Chúng tôi sẽ gửi một đường dẫn đăng nhập, không cần mật khẩu.",
            "Enter the email address you gave when you pledged. We will send you a sign-in link; no password needed.")}</p>
        <form method="post" action="/me/sign-in" class="stacked">
            <label for="email">{lang.pick("Thư điện tử", "Email")}</label>
            <input id="email" name="email" type="email" required autocomplete="email" value=email maxlength="254"
                aria-invalid=problem.as_ref().map(|_| "true") aria-describedby=problem.as_ref().map(|_| "email-error")/>
            {problem.map(|m| view! { <p class="field-error" id="email-error">{m}</p> })}
            <button type="submit" class="button">{lang.pick("Gửi đường dẫn đăng nhập", "Send me a sign-in link")}</button>
        </form>
        <p class="hint phone-only">{lang.pick(
            "Nếu khi đăng ký Quý vị chỉ để lại số điện thoại, hiện chưa thể đăng nhập tại đây: đường dẫn đăng nhập chỉ gửi qua thư điện tử. Xin liên hệ cơ quan điều phối nếu cần xem hoặc sửa thông tin của mình.",
            "If you left only a phone number when you pledged, you cannot sign in here yet: sign-in links are sent by email only. Please contact the coordinating body to see or correct your details.")}</p>
    }
}

fn display_label(lang: Lang, display: &str) -> &'static str {
    match display {
        "named" => lang.pick("Công khai tên", "Named"),
        "anonymous" => lang.pick("Ẩn danh", "Anonymous"),
        _ => lang.pick("Không liệt kê", "Not listed"),
    }
}

#[component]
fn OwnView(lang: Lang, page: domain::network::OwnPage, notice: Option<String>) -> impl IntoView {
    let donor = page.donor;
    let waiting = donor.membership.as_deref() == Some("applied");
    let notice = notice.and_then(|code| match code.as_str() {
        "signed_in" => Some(lang.pick("Đã đăng nhập.", "You are signed in.")),
        "choices_saved" => Some(lang.pick("Đã lưu cách hiển thị.", "Your choices are saved.")),
        "erase_unconfirmed" => Some(lang.pick(
            "Xin đánh dấu ô xác nhận trước khi đề nghị xoá dữ liệu.",
            "Please tick the confirmation box before asking for erasure.",
        )),
        _ => None,
    });
    view! {
        {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
        <p class="lead">{lang.pick("Xin chào ", "Hello, ")}<strong class="me-name">{donor.name.clone()}</strong></p>
        <section aria-labelledby="pledges-heading">
            <h2 id="pledges-heading">{lang.pick("Các khoản đã đăng ký", "Your pledges")}</h2>
            {if page.pledges.is_empty() {
                view! { <p class="empty">{lang.pick("Chưa có khoản đăng ký nào.", "No pledges yet.")}</p> }.into_any()
            } else {
                view! {
                    <table class="flow-table own-pledges">
                        <thead><tr>
                            <th scope="col">{lang.pick("Mã", "Reference")}</th>
                            <th scope="col">{lang.pick("Ngày", "Date")}</th>
                            <th scope="col" class="num">{lang.pick("Giá trị", "Value")}</th>
                            <th scope="col" class="num">{lang.pick("Đã nhận", "Received")}</th>
                            <th scope="col">{lang.pick("Tình trạng", "Status")}</th>
                            <th scope="col">{lang.pick("Hiển thị", "Shown")}</th>
                            <th scope="col">{lang.pick("Giấy xác nhận", "Receipt")}</th>
                        </tr></thead>
                        <tbody>
                            {page.pledges.into_iter().map(|p| {
                                let receipt = (p.received > 0).then(|| view! {
                                    <a href=format!("/pledge/{}/receipt", p.reference)>{lang.pick("Xem, in", "View, print")}</a>
                                });
                                view! {
                                    <tr class="own-pledge">
                                        <th scope="row"><a href=format!("/pledge/{}", p.reference)>{p.reference.clone()}</a></th>
                                        <td>{moment(p.created_at)}</td>
                                        <td class="num">{vnd(p.value)}</td>
                                        <td class="num">{vnd(p.received)}</td>
                                        <td>{lang.pledge_status(&p.status)}</td>
                                        <td>{display_label(lang, &p.display)}</td>
                                        <td>{receipt}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
        {(!page.recognitions.is_empty()).then(|| view! {
            <section aria-labelledby="own-recognitions">
                <h2 id="own-recognitions">{lang.pick("Ghi nhận", "Recognitions")}</h2>
                <ul>{page.recognitions.into_iter().map(|r| view! {
                    <li>{format!("{} — {} ", r.year, r.level_name)}<a href=format!("/honour-roll/{}/letter", r.id)>{lang.pick("Thư ghi nhận", "Letter")}</a></li>
                }).collect_view()}</ul>
            </section>
        })}
        <section aria-labelledby="choices-heading" class="staff-card">
            <h2 id="choices-heading">{lang.pick("Cách hiển thị công khai", "How you are shown publicly")}</h2>
            <form method="post" action="/me/choices" class="stacked">
                <fieldset>
                    <legend>{lang.pick("Tên của Quý vị trên cổng thông tin", "Your name on the portal")}</legend>
                    <label class="checkbox"><input type="radio" name="display" value="named" checked=donor.public_name/>
                        {lang.pick("Công khai tên cùng các khoản ủng hộ và trên bảng vinh danh", "Show my name with my gifts and on the honour roll")}</label>
                    <label class="checkbox"><input type="radio" name="display" value="anonymous" checked=!donor.public_name/>
                        {lang.pick("Ẩn danh ở mọi nơi công khai", "Anonymous everywhere public")}</label>
                </fieldset>
                <label class="checkbox"><input type="checkbox" name="listed" value="yes" checked=donor.listed || waiting/>
                    {lang.pick("Giới thiệu tôi trong danh bạ mạng lưới nhà tài trợ (khi công khai tên; cơ quan điều phối duyệt trước khi đăng)", "List me in the donor network directory (when named; the coordinating body approves it first)")}</label>
                {waiting.then(|| view! {
                    <p class="hint listing-waiting">{lang.pick(
                        "Đề nghị có tên trong danh bạ đang chờ cơ quan điều phối duyệt.",
                        "Your request to be listed is waiting for the coordinating body's approval.")}</p>
                })}
                <button type="submit" class="button">{lang.pick("Lưu", "Save")}</button>
            </form>
        </section>
        <section aria-labelledby="data-heading">
            <h2 id="data-heading">{lang.pick("Dữ liệu của Quý vị", "Your data")}</h2>
            <p><a href="/me/data.json" download="du-lieu-nha-tai-tro.json">{lang.pick("Tải toàn bộ dữ liệu về Quý vị (JSON)", "Download all your data (JSON)")}</a></p>
            <form method="post" action="/me/erase" class="stacked danger-zone">
                <p>{lang.pick(
                    "Xoá dữ liệu cá nhân: tên, thư điện tử, số điện thoại, mã số thuế và phần giới thiệu bị xoá; nội dung chuyển khoản khớp với các khoản của Quý vị được che; nội dung các thư đã gửi được xoá. Số tiền đã ủng hộ vẫn được giữ trong sổ theo dõi (không kèm tên) để số liệu tổng hợp không thay đổi. Không thể hoàn tác.",
                    "Erasure: your name, email, phone, tax code and introduction are removed; bank memos matched to your gifts are redacted; the texts of notices sent to you are purged. The amounts you gave stay in the ledger (without a name) so every total stays the same. This cannot be undone.")}</p>
                <label class="checkbox"><input type="checkbox" name="confirm" value="yes" required/>
                    {lang.pick("Tôi hiểu và muốn xoá dữ liệu cá nhân của mình", "I understand and want my personal data erased")}</label>
                <button type="submit" class="button danger">{lang.pick("Xoá dữ liệu cá nhân", "Erase my personal data")}</button>
            </form>
            <form method="post" action="/me/sign-out"><button type="submit" class="link-button">{lang.pick("Đăng xuất", "Sign out")}</button></form>
        </section>
    }
}

#[component]
pub fn MeSignInPage() -> impl IntoView {
    let lang = current_lang();
    let t = lang.t();
    let token = use_params_map().get_untracked().get("token").unwrap_or_default();
    view! {
        <PageTitle text=format!("{} · {}", title(lang), t.portal_name)/>
        <Meta name="robots" content="noindex"/>
        <h1>{title(lang)}</h1>
        <Suspense fallback=move || view! { <p>{t.loading}</p> }>
            {
                let token = token.clone();
                move || {
                    let token = token.clone();
                    Suspend::new(async move {
                        match get_link_state(token.clone()).await {
                            Err(error) => view! { <ErrorNotice error/> }.into_any(),
                            Ok(false) => {
                                crate::pages::set_status(410);
                                view! {
                                    <p class="notice" role="alert">{lang.pick(
                                        "Đường dẫn này đã được dùng hoặc đã hết hạn.",
                                        "This link has been used or has expired.")}</p>
                                    <p><a href="/me">{lang.pick("Đề nghị đường dẫn mới", "Ask for a new link")}</a></p>
                                }.into_any()
                            }
                            Ok(true) => view! {
                                <form method="post" action=format!("/me/sign-in/{token}") class="stacked">
                                    <p>{lang.pick("Bấm nút dưới đây để đăng nhập trang của Quý vị.", "Press the button to sign in to your page.")}</p>
                                    <button type="submit" class="button">{lang.pick("Đăng nhập", "Sign in")}</button>
                                </form>
                            }.into_any(),
                        }
                    })
                }
            }
        </Suspense>
    }
}
