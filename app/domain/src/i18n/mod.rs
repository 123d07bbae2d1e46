//! Vietnamese first, English second. Every text a person reads is here, typed, so a missing
//! translation is a compile error rather than a blank on the page.

use crate::{Category, FieldProblem, IgnoredFilter, NeedStatus, Role};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value.trim().to_ascii_lowercase().as_str() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn other(self) -> Self {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }

    /// Words of the pages added with the network directory, kept beside their markup; both
    /// languages are required by the signature, so a missing translation still fails to compile.
    pub fn pick(self, vi: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }

    pub fn t(self) -> &'static Texts {
        match self {
            Lang::Vi => &VI,
            Lang::En => &EN,
        }
    }

    pub fn category(self, c: Category) -> &'static str {
        match (self, c) {
            (Lang::Vi, Category::Health) => "Khám, chữa bệnh",
            (Lang::Vi, Category::Nutrition) => "Bữa ăn dinh dưỡng",
            (Lang::Vi, Category::Recreation) => "Vui chơi, giải trí",
            (Lang::Vi, Category::WarmClothes) => "Đồ ấm mùa đông",
            (Lang::En, Category::Health) => "Medical check-ups",
            (Lang::En, Category::Nutrition) => "Nutritious meals",
            (Lang::En, Category::Recreation) => "Play and recreation",
            (Lang::En, Category::WarmClothes) => "Warm winter clothes",
        }
    }

    pub fn need_status(self, s: NeedStatus) -> &'static str {
        match (self, s) {
            (Lang::Vi, NeedStatus::Draft) => "Bản nháp",
            (Lang::Vi, NeedStatus::Submitted) => "Chờ duyệt",
            (Lang::Vi, NeedStatus::Returned) => "Trả lại để bổ sung",
            (Lang::Vi, NeedStatus::Published) => "Đang cần hỗ trợ",
            (Lang::Vi, NeedStatus::Covered) => "Đã đủ cam kết",
            (Lang::Vi, NeedStatus::Fulfilled) => "Đã trao tặng",
            (Lang::Vi, NeedStatus::Withdrawn) => "Đã rút",
            (Lang::En, NeedStatus::Draft) => "Draft",
            (Lang::En, NeedStatus::Submitted) => "Awaiting review",
            (Lang::En, NeedStatus::Returned) => "Returned for changes",
            (Lang::En, NeedStatus::Published) => "Seeking support",
            (Lang::En, NeedStatus::Covered) => "Fully pledged",
            (Lang::En, NeedStatus::Fulfilled) => "Delivered",
            (Lang::En, NeedStatus::Withdrawn) => "Withdrawn",
        }
    }

    pub fn role(self, r: Role) -> &'static str {
        match (self, r) {
            (Lang::Vi, Role::Admin) => "Quản trị hệ thống",
            (Lang::Vi, Role::Coordinator) => "Cán bộ điều phối cấp tỉnh",
            (Lang::Vi, Role::AreaOfficer) => "Cán bộ xã, phường",
            (Lang::Vi, Role::Partner) => "Tổ chức đối tác",
            (Lang::En, Role::Admin) => "Administrator",
            (Lang::En, Role::Coordinator) => "Province coordinator",
            (Lang::En, Role::AreaOfficer) => "Commune officer",
            (Lang::En, Role::Partner) => "Partner organisation",
        }
    }

    pub fn field_problem(self, p: FieldProblem) -> &'static str {
        match (self, p) {
            (Lang::Vi, FieldProblem::Required) => "Xin điền mục này.",
            (Lang::Vi, FieldProblem::TooLong) => "Nội dung quá dài.",
            (Lang::Vi, FieldProblem::NotAWholeNumber) => "Xin nhập một số nguyên, ví dụ 120.",
            (Lang::Vi, FieldProblem::NotAnAmount) => "Xin nhập số tiền bằng đồng, ví dụ 15.000, 15k hoặc 1,5tr.",
            (Lang::Vi, FieldProblem::NotADate) => "Xin nhập ngày theo dạng ngày/tháng/năm, ví dụ 05/09/2026.",
            (Lang::Vi, FieldProblem::EndsBeforeStart) => "Ngày kết thúc phải sau ngày bắt đầu.",
            (Lang::Vi, FieldProblem::UnknownCommune) => "Xin chọn một xã, phường trong danh sách.",
            (Lang::Vi, FieldProblem::UnknownCategory) => "Xin chọn một lĩnh vực trong danh sách.",
            (Lang::Vi, FieldProblem::CommentRequired) => "Xin ghi lý do trả lại và nội dung cần bổ sung.",
            (Lang::Vi, FieldProblem::WrongPassword) => "Mật khẩu hiện tại không đúng.",
            (Lang::Vi, FieldProblem::PasswordTooShort) => "Mật khẩu mới cần ít nhất 12 ký tự và khác mật khẩu cũ.",
            (Lang::Vi, FieldProblem::PasswordsDiffer) => "Hai lần nhập mật khẩu mới không khớp nhau.",
            (Lang::Vi, FieldProblem::NotAnEmail) => "Xin nhập một địa chỉ thư điện tử, ví dụ ten@soyte.gov.vn.",
            (Lang::Vi, FieldProblem::EmailTaken) => "Địa chỉ này đã có tài khoản.",
            (Lang::Vi, FieldProblem::CommuneRequired) => "Cán bộ xã, phường cần được giao ít nhất một xã, phường.",
            (Lang::Vi, FieldProblem::WrongCode) => {
                "Mã không đúng hoặc đã hết hạn. Xin nhập mã 6 chữ số đang hiện trên ứng dụng xác thực."
            }
            (Lang::En, FieldProblem::WrongCode) => {
                "The code is wrong or has expired. Please enter the 6-digit code your authenticator app shows now."
            }
            (Lang::Vi, FieldProblem::ContactRequired) => {
                "Xin để lại thư điện tử hoặc số điện thoại để chúng tôi gửi thư cảm ơn và xác nhận."
            }
            (Lang::Vi, FieldProblem::NotAPhone) => "Số điện thoại chưa đúng (9–15 chữ số).",
            (Lang::Vi, FieldProblem::NotATaxCode) => {
                "Mã số thuế gồm 10 chữ số (hoặc 10 chữ số, gạch ngang và 3 chữ số với chi nhánh)."
            }
            (Lang::Vi, FieldProblem::ConsentRequired) => "Xin đọc và đồng ý với chính sách quyền riêng tư để tiếp tục.",
            (Lang::En, FieldProblem::ContactRequired) => {
                "Please leave an email or a phone number so we can thank you and confirm."
            }
            (Lang::En, FieldProblem::NotAPhone) => "The phone number is not right (9–15 digits).",
            (Lang::En, FieldProblem::NotATaxCode) => {
                "A tax code has 10 digits (or 10 digits, a dash and 3 for a branch)."
            }
            (Lang::En, FieldProblem::ConsentRequired) => "Please read and accept the privacy notice to go on.",
            (Lang::Vi, FieldProblem::NotYourself) => "Không thể tự khóa hoặc tự hạ quyền tài khoản của chính mình.",
            (Lang::En, FieldProblem::Required) => "Please fill this in.",
            (Lang::En, FieldProblem::TooLong) => "This is too long.",
            (Lang::En, FieldProblem::NotAWholeNumber) => "Please enter a whole number, e.g. 120.",
            (Lang::En, FieldProblem::NotAnAmount) => "Please enter an amount in đồng, e.g. 15.000, 15k or 1,5tr.",
            (Lang::En, FieldProblem::NotADate) => "Please enter a date as day/month/year, e.g. 05/09/2026.",
            (Lang::En, FieldProblem::EndsBeforeStart) => "The end date must come after the start date.",
            (Lang::En, FieldProblem::UnknownCommune) => "Please choose a commune from the list.",
            (Lang::En, FieldProblem::UnknownCategory) => "Please choose a kind of support from the list.",
            (Lang::En, FieldProblem::CommentRequired) => "Please say why it is returned and what to add.",
            (Lang::En, FieldProblem::WrongPassword) => "The current password is wrong.",
            (Lang::En, FieldProblem::PasswordTooShort) => {
                "The new password needs at least 12 characters and must differ from the old one."
            }
            (Lang::En, FieldProblem::PasswordsDiffer) => "The two entries of the new password differ.",
            (Lang::En, FieldProblem::NotAnEmail) => "Please enter an email address, e.g. name@soyte.gov.vn.",
            (Lang::En, FieldProblem::EmailTaken) => "This address already has an account.",
            (Lang::En, FieldProblem::CommuneRequired) => "A commune officer needs at least one commune.",
            (Lang::En, FieldProblem::NotYourself) => "You cannot disable or demote your own account.",
            (Lang::Vi, FieldProblem::NotASlug) => {
                "Đường dẫn chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ ao-am-cho-em-2026."
            }
            (Lang::En, FieldProblem::NotASlug) => {
                "The link name takes lower-case letters without accents, digits and dashes, e.g. warm-coats-2026."
            }
            (Lang::Vi, FieldProblem::SlugTaken) => "Đường dẫn này đã dùng cho một chiến dịch khác.",
            (Lang::En, FieldProblem::SlugTaken) => "Another campaign already uses this link name.",
            (Lang::Vi, FieldProblem::UnknownBank) => "Xin chọn một ngân hàng trong danh sách.",
            (Lang::En, FieldProblem::UnknownBank) => "Please choose a bank from the list.",
            (Lang::Vi, FieldProblem::NotAnAccountNumber) => "Số tài khoản gồm 6–19 chữ số.",
            (Lang::En, FieldProblem::NotAnAccountNumber) => "An account number has 6–19 digits.",
            (Lang::Vi, FieldProblem::WindowTooLong) => {
                "Thời gian tiếp nhận không quá 90 ngày (Nghị định 93/2021/NĐ-CP)."
            }
            (Lang::En, FieldProblem::WindowTooLong) => {
                "The receiving window may last at most 90 days (Decree 93/2021/NĐ-CP)."
            }
            (Lang::Vi, FieldProblem::NotAPicture) => {
                "Không đọc được ảnh. Xin chọn ảnh JPEG, PNG hoặc WebP, dung lượng dưới 8 MB."
            }
            (Lang::En, FieldProblem::NotAPicture) => {
                "The picture cannot be read. Please choose a JPEG, PNG or WebP under 8 MB."
            }
            (Lang::Vi, FieldProblem::UnknownNeed) => "Xin chọn một nhu cầu đang công bố trong danh sách.",
            (Lang::En, FieldProblem::UnknownNeed) => "Please choose a published need from the list.",
            (Lang::Vi, FieldProblem::UnknownMember) => "Xin chọn một thành viên mạng lưới trong danh sách.",
            (Lang::En, FieldProblem::UnknownMember) => "Please choose a network member from the list.",
            (Lang::Vi, FieldProblem::NotALanguage) => "Ngôn ngữ phải là vi (tiếng Việt) hoặc en (tiếng Anh).",
            (Lang::En, FieldProblem::NotALanguage) => "The language must be vi (Vietnamese) or en (English).",
            (Lang::Vi, FieldProblem::MoreThanPool) => "Số tiền vượt quá số quỹ chung tổ chức này đang giữ.",
            (Lang::En, FieldProblem::MoreThanPool) => "More than this organisation's common fund holds.",
            (Lang::Vi, FieldProblem::NotAWebsite) => "Địa chỉ trang web phải bắt đầu bằng https:// hoặc http://.",
            (Lang::En, FieldProblem::NotAWebsite) => "The website address must start with https:// or http://.",
            (Lang::Vi, FieldProblem::AlreadyMember) => {
                "Tổ chức có địa chỉ thư điện tử hoặc mã số thuế này đã là thành viên hoặc đã đăng ký."
            }
            (Lang::En, FieldProblem::AlreadyMember) => {
                "An organisation with this email address or tax code is already a member or has applied."
            }
            (Lang::Vi, FieldProblem::AlreadyRecognised) => "Nhà tài trợ đã được ghi nhận ở mức này trong năm đó.",
            (Lang::En, FieldProblem::AlreadyRecognised) => "This donor already has this recognition for that year.",
            (Lang::Vi, FieldProblem::TooManyAttempts) => "Đã nhập sai quá nhiều lần. Xin thử lại sau 15 phút.",
            (Lang::En, FieldProblem::TooManyAttempts) => "Too many attempts. Please try again in 15 minutes.",
            (Lang::Vi, FieldProblem::AboveCeiling) => {
                "Khoản ủng hộ lớn hơn mức nhận qua cổng. Xin liên hệ trực tiếp cơ quan điều phối để được hướng dẫn tiếp nhận."
            }
            (Lang::En, FieldProblem::AboveCeiling) => {
                "This gift is larger than the portal takes online. Please contact the coordinating body, who will arrange it with you."
            }
            (Lang::Vi, FieldProblem::InstalmentsInvalid) => {
                "Chỉ nộp theo kỳ với ủng hộ bằng tiền: từ 2 đến 12 kỳ, mỗi kỳ ít nhất 10.000 ₫."
            }
            (Lang::En, FieldProblem::InstalmentsInvalid) => {
                "Only money can be paid in instalments: 2 to 12 of them, each at least 10,000 ₫."
            }
            (Lang::Vi, FieldProblem::CampaignClosed) => {
                "Chiến dịch đã hết thời gian tiếp nhận ủng hộ, hoặc chưa bắt đầu."
            }
            (Lang::En, FieldProblem::CampaignClosed) => {
                "The campaign is not taking pledges: its receiving window is over or has not begun."
            }
        }
    }

    pub fn notice_kind(self, kind: &str) -> &'static str {
        match (self, kind) {
            (Lang::Vi, "acknowledgement") => "Thư cảm ơn, hướng dẫn chuyển khoản",
            (Lang::Vi, "receipt") => "Xác nhận đã nhận",
            (Lang::Vi, "reminder") => "Nhắc chuyển khoản",
            (Lang::Vi, "recognition") => "Thư ghi nhận",
            (Lang::Vi, "delivery_report") => "Báo cáo kết quả trao tặng",
            (Lang::Vi, "welcome") => "Chào mừng thành viên mới",
            (Lang::Vi, "sign_in_link") => "Đường dẫn đăng nhập",
            (Lang::En, "acknowledgement") => "Thanks and how to pay",
            (Lang::En, "receipt") => "Receipt",
            (Lang::En, "reminder") => "Payment reminder",
            (Lang::En, "recognition") => "Recognition",
            (Lang::En, "delivery_report") => "Delivery report",
            (Lang::En, "welcome") => "Welcome to the network",
            (Lang::En, "sign_in_link") => "Sign-in link",
            (_, _) => "—",
        }
    }

    /// "12 dòng: 3 đã nhập trước đó, 5 đăng ký được xác nhận, …"
    pub fn import_outcome(self, o: &crate::ImportOutcome) -> String {
        match self {
            Lang::Vi => format!(
                "Đã đọc {} dòng: {} dòng đã nhập trước đó (bỏ qua), {} đăng ký được xác nhận, {} khoản chuyển một phần, {} khoản chờ đối chiếu.",
                o.lines, o.already_imported, o.confirmed, o.part_payments, o.to_review
            ),
            Lang::En => format!(
                "{} lines read: {} imported before (skipped), {} pledges confirmed, {} part payments, {} waiting for review.",
                o.lines, o.already_imported, o.confirmed, o.part_payments, o.to_review
            ),
        }
    }

    pub fn pledge_status(self, status: &str) -> &'static str {
        match (self, status) {
            (Lang::Vi, "pledged") => "Đã đăng ký",
            (Lang::Vi, "partly_paid") => "Đã nhận một phần",
            (Lang::Vi, "confirmed") => "Đã xác nhận nhận",
            (Lang::Vi, "delivered") => "Đã trao",
            (Lang::Vi, "cancelled") => "Đã hủy",
            (Lang::Vi, "lapsed") => "Quá hạn",
            (Lang::En, "pledged") => "Pledged",
            (Lang::En, "partly_paid") => "Partly paid",
            (Lang::En, "confirmed") => "Confirmed",
            (Lang::En, "delivered") => "Delivered",
            (Lang::En, "cancelled") => "Cancelled",
            (Lang::En, "lapsed") => "Lapsed",
            (_, _) => "—",
        }
    }

    /// The closing sentence of an acknowledgement of receipt.
    pub fn receipt_statement(self, org_name: &str) -> String {
        match self {
            Lang::Vi => format!(
                "{org_name} xác nhận đã tiếp nhận khoản ủng hộ nêu trên để chăm sóc trẻ em tại các xã đặc biệt khó khăn. \
                 Khoản ủng hộ được ghi vào sổ theo dõi của Đề án và được công khai theo quy định."
            ),
            Lang::En => format!(
                "{org_name} acknowledges receipt of the support above for children in extremely disadvantaged communes. \
                 It is entered in the programme's records and published as the law requires."
            ),
        }
    }

    /// "Thái Nguyên, ngày 05 tháng 01 năm 2027", as Vietnamese documents are dated (Decree
    /// 30/2020/NĐ-CP: a zero before days under 10 and before months 1 and 2).
    pub fn dated_at(self, place: &str, on: time::Date) -> String {
        let month = u8::from(on.month());
        match self {
            Lang::Vi if month <= 2 => format!("{place}, ngày {:02} tháng {month:02} năm {}", on.day(), on.year()),
            Lang::Vi => format!("{place}, ngày {:02} tháng {month} năm {}", on.day(), on.year()),
            Lang::En => format!("{place}, {}", crate::format::date(on)),
        }
    }

    /// "Đã xử lý 1.500/12.000 dòng".
    pub fn import_progress(self, done: i64, total: i64) -> String {
        use crate::format::group_digits;
        match self {
            Lang::Vi => format!("Đã xử lý {}/{} dòng sao kê…", group_digits(done), group_digits(total)),
            Lang::En => format!("{} of {} statement lines processed…", group_digits(done), group_digits(total)),
        }
    }

    /// "9 kỳ hằng tháng" / "9 monthly instalments".
    pub fn instalment_count(self, n: i64) -> String {
        match self {
            Lang::Vi => format!("{n} kỳ hằng tháng"),
            Lang::En => format!("{n} monthly instalments"),
        }
    }

    /// The payment section's heading for one instalment.
    pub fn instalment_pay_title(self, n: i64) -> String {
        match self {
            Lang::Vi => format!("Chuyển khoản kỳ {n} bằng VietQR"),
            Lang::En => format!("Pay instalment {n} by VietQR"),
        }
    }

    pub fn instalment_status(self, status: crate::InstalmentStatus) -> &'static str {
        use crate::InstalmentStatus::*;
        match (self, status) {
            (Lang::Vi, Paid) => "Đã nộp",
            (Lang::Vi, Due) => "Đến kỳ nộp",
            (Lang::Vi, Overdue) => "Quá hạn",
            (Lang::Vi, Upcoming) => "Chưa đến hạn",
            (Lang::En, Paid) => "Paid",
            (Lang::En, Due) => "Due",
            (Lang::En, Overdue) => "Overdue",
            (Lang::En, Upcoming) => "Upcoming",
        }
    }

    pub fn notice_status(self, status: &str) -> &'static str {
        let t = self.t();
        match status {
            "queued" => t.notices_queued,
            "sending" => t.notices_sending,
            "sent" => t.notices_sent,
            "failed" => t.notices_failed,
            _ => "—",
        }
    }

    /// "Còn 12 ngày" / "12 days left".
    pub fn days_left(self, days: i64) -> String {
        match (self, days) {
            (Lang::Vi, _) => format!("Còn {days} ngày"),
            (Lang::En, 1) => "1 day left".to_owned(),
            (Lang::En, _) => format!("{days} days left"),
        }
    }

    /// The outcome of a staff action, as the next page announces it.
    pub fn done(self, code: &str) -> Option<&'static str> {
        Some(match (self, code) {
            (Lang::Vi, "saved") => "Đã lưu nhu cầu.",
            (Lang::Vi, "password_changed") => "Đã đổi mật khẩu.",
            (Lang::Vi, "invited") => {
                "Đã tạo tài khoản. Xin chuyển đường dẫn dưới đây cho cán bộ để đặt mật khẩu (hiệu lực 7 ngày, dùng một lần):"
            }
            (Lang::Vi, "reset") => {
                "Xin chuyển đường dẫn dưới đây cho cán bộ để đặt lại mật khẩu (hiệu lực 24 giờ, dùng một lần):"
            }
            (Lang::Vi, "access_saved") => "Đã lưu vai trò và địa bàn.",
            (Lang::Vi, "disabled") => "Đã khóa tài khoản; mọi phiên đăng nhập của tài khoản này đã kết thúc.",
            (Lang::Vi, "enabled") => "Đã mở lại tài khoản.",
            (Lang::Vi, "password_set") => "Đã đặt mật khẩu. Xin đăng nhập.",
            (Lang::Vi, "totp_enabled") => "Đã bật xác thực hai lớp.",
            (Lang::Vi, "closed") => {
                "Nhu cầu này hiện không nhận thêm đăng ký ủng hộ. Xin chọn một nhu cầu khác trên bảng nhu cầu."
            }
            (Lang::Vi, "token_reused") => "Biểu mẫu này đã được gửi với nội dung khác. Xin kiểm tra lại và gửi lại.",
            (Lang::Vi, "pledge_confirmed") => {
                "Đã xác nhận khoản ủng hộ và ghi vào sổ theo dõi; thư xác nhận sẽ được gửi cho người ủng hộ."
            }
            (Lang::En, "pledge_confirmed") => "Confirmed and entered in the ledger; the donor will receive a receipt.",
            (Lang::Vi, "pledge_delivered") => "Đã ghi nhận việc trao tặng; người ủng hộ sẽ nhận được báo cáo kết quả.",
            (Lang::En, "pledge_delivered") => "The hand-over is recorded; the donor will receive a delivery report.",
            (Lang::Vi, "pledge_cancelled") => {
                "Đã hủy đăng ký; khoản đã xác nhận (nếu có) được ghi bút toán đảo trong sổ theo dõi."
            }
            (Lang::En, "pledge_cancelled") => {
                "The pledge is cancelled; a confirmed amount, if any, is reversed in the ledger."
            }
            (Lang::Vi, "pledge_forwarded") => {
                "Đã ghi nhận khoản chuyển tiếp từ quỹ chung; tổng số liệu không thay đổi."
            }
            (Lang::En, "pledge_forwarded") => {
                "The forwarding from the common fund is recorded; the totals do not change."
            }
            (Lang::Vi, "donors_merged") => {
                "Đã gộp hai hồ sơ: các đăng ký, khoản đã xác nhận và ghi nhận nay thuộc hồ sơ này."
            }
            (Lang::En, "donors_merged") => {
                "The two records are merged: their pledges, confirmed gifts and recognitions now belong to this one."
            }
            (Lang::Vi, "donors_not_merged") => {
                "Chưa gộp được: cả hai hồ sơ cùng có một hình thức ghi nhận trong cùng năm."
            }
            (Lang::En, "donors_not_merged") => "Not merged: both records hold the same recognition for the same year.",
            (Lang::Vi, "pledge_lapsed") => "Đã đánh dấu đăng ký quá hạn.",
            (Lang::En, "pledge_lapsed") => "The pledge is marked as lapsed.",
            (Lang::Vi, "pledge_conflict") => {
                "Đăng ký đã thay đổi tình trạng trước thao tác của bạn. Xin xem lại tình trạng hiện tại."
            }
            (Lang::En, "pledge_conflict") => {
                "The pledge changed status before your action. Please check its current status."
            }
            (Lang::Vi, "resent") => "Đã đưa thư vào hàng chờ để gửi lại.",
            (Lang::En, "resent") => "The notice is queued to be sent again.",
            (Lang::Vi, "campaign_saved") => "Đã lưu chiến dịch.",
            (Lang::Vi, "campaign_closed") => {
                "Chiến dịch này không còn tiếp nhận đăng ký ủng hộ. Xin xem các chiến dịch khác hoặc bảng nhu cầu."
            }
            (Lang::Vi, "rate_limited") => {
                "Có quá nhiều đăng ký được gửi từ địa chỉ này trong một phút. Xin đợi một phút rồi gửi lại; nội dung bạn đã nhập vẫn được giữ."
            }
            (Lang::Vi, "submitted") => "Đã gửi nhu cầu để cơ quan điều phối duyệt.",
            (Lang::Vi, "published") => "Đã duyệt; nhu cầu đã được công khai trên bảng nhu cầu.",
            (Lang::Vi, "returned") => "Đã trả lại nhu cầu cho cán bộ xã, phường để bổ sung.",
            (Lang::Vi, "withdrawn") => "Đã rút nhu cầu; nhu cầu không còn trên bảng công khai.",
            (Lang::Vi, "conflict") => {
                "Nhu cầu đã thay đổi trước khi thao tác của bạn được ghi nhận. Xin xem lại tình trạng hiện tại."
            }
            (Lang::Vi, "overlap") => {
                "Cần xác nhận trước khi tiếp tục: đã có nhu cầu đang mở trùng xã, lĩnh vực và thời gian."
            }
            (Lang::En, "saved") => "The need was saved.",
            (Lang::En, "password_changed") => "Your password was changed.",
            (Lang::En, "invited") => {
                "The account was created. Please pass this link on so they can set a password (valid 7 days, once):"
            }
            (Lang::En, "reset") => "Please pass this link on so they can set a new password (valid 24 hours, once):",
            (Lang::En, "access_saved") => "Role and communes saved.",
            (Lang::En, "disabled") => "The account is disabled; its sessions have ended.",
            (Lang::En, "enabled") => "The account is enabled again.",
            (Lang::En, "password_set") => "Your password is set. Please sign in.",
            (Lang::En, "totp_enabled") => "Two-step verification is on.",
            (Lang::En, "closed") => "This need no longer takes pledges. Please choose another need on the board.",
            (Lang::En, "token_reused") => {
                "This form was already sent with other content. Please check and send it again."
            }
            (Lang::En, "campaign_saved") => "The campaign was saved.",
            (Lang::En, "campaign_closed") => {
                "This campaign no longer takes pledges. Please see the other campaigns or the needs board."
            }
            (Lang::En, "rate_limited") => {
                "Too many pledges were sent from this address in a minute. Please wait a minute and send again; what you typed is kept."
            }
            (Lang::En, "submitted") => "The need was submitted for the coordinator's review.",
            (Lang::En, "published") => "Published: the need is now on the public needs board.",
            (Lang::En, "returned") => "The need was returned to the commune officer for changes.",
            (Lang::En, "withdrawn") => "The need was withdrawn and is no longer on the public board.",
            (Lang::En, "conflict") => {
                "The need changed before your action was recorded. Please check its current status."
            }
            (Lang::En, "overlap") => {
                "Please confirm first: open needs already exist for this commune, kind of support and period."
            }
            _ => return None,
        })
    }

    pub fn donor_kind(self, k: crate::DonorKind) -> &'static str {
        use crate::DonorKind::*;
        match (self, k) {
            (Lang::Vi, Individual) => "Cá nhân",
            (Lang::Vi, Business) => "Doanh nghiệp",
            (Lang::Vi, Organisation) => "Tổ chức",
            (Lang::Vi, MassOrganisation) => {
                "Tổ chức chính trị – xã hội (Mặt trận, Hội Chữ thập đỏ, Hội Phụ nữ, Đoàn Thanh niên…)"
            }
            (Lang::Vi, Fund) => "Quỹ xã hội, quỹ từ thiện",
            (Lang::En, Individual) => "Individual",
            (Lang::En, Business) => "Business",
            (Lang::En, Organisation) => "Organisation",
            (Lang::En, MassOrganisation) => {
                "Mass organisation (Fatherland Front, Red Cross, Women's Union, Youth Union…)"
            }
            (Lang::En, Fund) => "Social or charity fund",
        }
    }

    pub fn pledge_kind(self, k: crate::PledgeKind) -> &'static str {
        use crate::PledgeKind::*;
        match (self, k) {
            (Lang::Vi, Money) => "Tiền (chuyển khoản)",
            (Lang::Vi, InKind) => "Hiện vật",
            (Lang::Vi, Service) => "Dịch vụ",
            (Lang::En, Money) => "Money (bank transfer)",
            (Lang::En, InKind) => "Goods",
            (Lang::En, Service) => "Services",
        }
    }

    pub fn display_choice(self, d: crate::Display) -> &'static str {
        use crate::Display::*;
        match (self, d) {
            (Lang::Vi, Named) => "Công khai tên tôi trong danh sách người ủng hộ",
            (Lang::Vi, Anonymous) => "Ghi là “Nhà hảo tâm ẩn danh”",
            (Lang::Vi, Unlisted) => "Không đưa vào danh sách công khai",
            (Lang::En, Named) => "Show my name among the supporters",
            (Lang::En, Anonymous) => "Show as “anonymous supporter”",
            (Lang::En, Unlisted) => "Do not list me publicly",
        }
    }

    pub fn ignored_filter(self, f: IgnoredFilter) -> &'static str {
        match (self, f) {
            (Lang::Vi, IgnoredFilter::Category) => "lĩnh vực hỗ trợ",
            (Lang::Vi, IgnoredFilter::Commune) => "xã, phường",
            (Lang::Vi, IgnoredFilter::Status) => "tình trạng",
            (Lang::Vi, IgnoredFilter::Page) => "số trang",
            (Lang::Vi, IgnoredFilter::PerPage) => "số nhu cầu mỗi trang",
            (Lang::En, IgnoredFilter::Category) => "kind of support",
            (Lang::En, IgnoredFilter::Commune) => "commune",
            (Lang::En, IgnoredFilter::Status) => "status",
            (Lang::En, IgnoredFilter::Page) => "page number",
            (Lang::En, IgnoredFilter::PerPage) => "needs per page",
        }
    }

    /// "120 trẻ em" / "120 children".
    pub fn children(self, n: i64) -> String {
        let n = crate::format::group_digits(n);
        match self {
            Lang::Vi => format!("{n} trẻ em"),
            Lang::En => format!("{n} children"),
        }
    }

    /// "Trang 2/5" / "Page 2 of 5".
    pub fn page_of(self, page: u32, pages: u32) -> String {
        match self {
            Lang::Vi => format!("Trang {page}/{pages}"),
            Lang::En => format!("Page {page} of {pages}"),
        }
    }

    pub fn needs_found(self, n: i64) -> String {
        let n = crate::format::group_digits(n);
        match self {
            Lang::Vi => format!("{n} nhu cầu"),
            Lang::En => format!("{n} needs"),
        }
    }

    /// The province as prose names it: "tỉnh Thái Nguyên" / "Thái Nguyên province".
    pub fn province_in_sentence(self, official_name: &str) -> String {
        match self {
            Lang::Vi => {
                let mut chars = official_name.chars();
                chars.next().map(|first| first.to_lowercase().chain(chars).collect()).unwrap_or_default()
            }
            Lang::En => match official_name.strip_prefix("Tỉnh ") {
                Some(name) => format!("{name} province"),
                None => official_name.to_owned(),
            },
        }
    }

    /// The programme in two sentences, for the home page.
    pub fn programme_summary(self, province_official_name: &str) -> String {
        let province = self.province_in_sentence(province_official_name);
        match self {
            Lang::Vi => format!(
                "Cổng thông tin kết nối doanh nghiệp, tổ chức và cá nhân với nhu cầu thực tế của trẻ em \
                 ở các xã đặc biệt khó khăn vùng dân tộc thiểu số và miền núi {province}: khám, chữa bệnh; \
                 bữa ăn dinh dưỡng; vui chơi, giải trí; đồ ấm mùa đông. Mỗi nhu cầu do xã, trường học \
                 khảo sát và đề xuất; mỗi khoản ủng hộ đều được ghi nhận công khai, minh bạch, không trùng lặp."
            ),
            Lang::En => format!(
                "This portal connects businesses, organisations and individuals with the assessed needs of \
                 children in the extremely disadvantaged ethnic-minority and mountain communes of {province}: \
                 medical check-ups, nutritious meals, play and recreation, and warm winter clothes. Every need \
                 is assessed and proposed by a commune or school, and every contribution is recorded openly \
                 and counted once."
            ),
        }
    }
}

/// Fixed texts of the interface.
pub struct Texts {
    pub portal_name: &'static str,
    pub skip_to_content: &'static str,
    pub nav_home: &'static str,
    pub nav_label: &'static str,
    pub nav_needs: &'static str,
    pub nav_about: &'static str,
    pub nav_how_to_give: &'static str,
    pub nav_privacy: &'static str,
    pub switch_language: &'static str,
    pub switch_language_label: &'static str,
    pub demo_banner: &'static str,
    pub demo_badge: &'static str,
    pub home_title: &'static str,
    pub home_totals_heading: &'static str,
    pub totals_open_needs: &'static str,
    pub totals_children: &'static str,
    pub totals_amount: &'static str,
    pub totals_pledged: &'static str,
    pub home_urgent_heading: &'static str,
    pub home_all_needs: &'static str,
    pub home_no_needs: &'static str,
    pub board_title: &'static str,
    pub board_intro: &'static str,
    pub filter_category: &'static str,
    pub filter_commune: &'static str,
    pub filter_status: &'static str,
    pub filter_any_category: &'static str,
    pub filter_any_commune: &'static str,
    pub filter_any_status: &'static str,
    pub filter_apply: &'static str,
    pub filter_clear: &'static str,
    pub filter_ignored: &'static str,
    pub board_empty: &'static str,
    pub pagination_label: &'static str,
    pub previous_page: &'static str,
    pub next_page: &'static str,
    pub need_children: &'static str,
    pub need_quantity: &'static str,
    pub need_unit_cost: &'static str,
    pub need_total: &'static str,
    pub need_pledged: &'static str,
    pub need_lacking: &'static str,
    pub need_period: &'static str,
    pub need_commune: &'static str,
    pub need_site: &'static str,
    pub need_formerly: &'static str,
    pub need_formerly_partial: &'static str,
    pub need_status: &'static str,
    pub need_category: &'static str,
    pub need_progress: &'static str,
    pub need_pledge_cta: &'static str,
    pub need_privacy_note: &'static str,
    pub need_view: &'static str,
    pub back_to_board: &'static str,
    pub need_not_found_title: &'static str,
    pub need_not_found_body: &'static str,
    pub page_not_found_title: &'static str,
    pub page_not_found_body: &'static str,
    pub error_title: &'static str,
    pub error_body: &'static str,
    pub loading: &'static str,
    pub staff_login_title: &'static str,
    pub staff_login_intro: &'static str,
    pub staff_email: &'static str,
    pub staff_password: &'static str,
    pub staff_login_submit: &'static str,
    pub staff_login_invalid: &'static str,
    pub staff_login_throttled: &'static str,
    pub staff_login_unavailable: &'static str,
    pub staff_login_required: &'static str,
    pub staff_home_title: &'static str,
    pub staff_signed_in_as: &'static str,
    pub staff_role: &'static str,
    pub staff_communes: &'static str,
    pub staff_whole_province: &'static str,
    pub staff_sign_out: &'static str,
    pub signed_out: &'static str,
    pub staff_nav_needs: &'static str,
    pub staff_nav_new_need: &'static str,
    pub staff_nav_audit: &'static str,
    pub staff_needs_title: &'static str,
    pub staff_needs_empty: &'static str,
    pub need_form_new_title: &'static str,
    pub need_form_edit_title: &'static str,
    pub field_commune: &'static str,
    pub field_category: &'static str,
    pub field_title: &'static str,
    pub field_description: &'static str,
    pub field_site: &'static str,
    pub field_children: &'static str,
    pub field_quantity: &'static str,
    pub field_unit: &'static str,
    pub field_unit_cost: &'static str,
    pub field_period_start: &'static str,
    pub field_period_end: &'static str,
    pub choose: &'static str,
    pub save_draft: &'static str,
    pub form_has_problems: &'static str,
    pub overlap_heading: &'static str,
    pub overlap_explain: &'static str,
    pub overlap_confirm: &'static str,
    pub action_edit: &'static str,
    pub action_submit: &'static str,
    pub action_publish: &'static str,
    pub action_return: &'static str,
    pub action_withdraw: &'static str,
    pub return_comment: &'static str,
    pub review_comment: &'static str,
    pub history: &'static str,
    pub history_overlap_confirmed: &'static str,
    pub command_line: &'static str,
    pub forbidden_title: &'static str,
    pub forbidden_body: &'static str,
    pub audit_title: &'static str,
    pub audit_intro: &'static str,
    pub audit_when: &'static str,
    pub audit_who: &'static str,
    pub audit_action: &'static str,
    pub audit_record: &'static str,
    pub audit_before: &'static str,
    pub audit_after: &'static str,
    pub audit_filter_record: &'static str,
    pub audit_empty: &'static str,
    pub password_title: &'static str,
    pub password_current: &'static str,
    pub password_new: &'static str,
    pub password_confirm: &'static str,
    pub password_submit: &'static str,
    pub accounts_title: &'static str,
    pub accounts_invite: &'static str,
    pub account_name: &'static str,
    pub account_active: &'static str,
    pub account_disabled: &'static str,
    pub account_communes_hint: &'static str,
    pub account_save_access: &'static str,
    pub account_disable: &'static str,
    pub account_enable: &'static str,
    pub account_reset: &'static str,
    pub welcome_title: &'static str,
    pub welcome_intro: &'static str,
    pub welcome_invalid: &'static str,
    pub staff_nav_accounts: &'static str,
    pub code_title: &'static str,
    pub code_intro: &'static str,
    pub code_label: &'static str,
    pub code_submit: &'static str,
    pub code_invalid: &'static str,
    pub login_expired: &'static str,
    pub totp_title: &'static str,
    pub totp_required: &'static str,
    pub totp_intro: &'static str,
    pub totp_secret_label: &'static str,
    pub totp_confirm: &'static str,
    pub totp_on: &'static str,
    pub totp_codes_intro: &'static str,
    pub pledge_title: &'static str,
    pub pledge_for: &'static str,
    pub pledge_who: &'static str,
    pub pledge_donor_type: &'static str,
    pub pledge_name: &'static str,
    pub pledge_email: &'static str,
    pub pledge_phone: &'static str,
    pub pledge_tax_code: &'static str,
    pub pledge_what: &'static str,
    pub pledge_kind: &'static str,
    pub pledge_amount: &'static str,
    pub pledge_item: &'static str,
    pub pledge_quantity: &'static str,
    pub pledge_unit: &'static str,
    pub pledge_description: &'static str,
    pub pledge_estimated_value: &'static str,
    pub pledge_display: &'static str,
    pub pledge_consent: &'static str,
    pub pledge_submit: &'static str,
    pub pledge_leave_empty: &'static str,
    pub thanks_title: &'static str,
    pub thanks_intro: &'static str,
    pub thanks_reference: &'static str,
    pub thanks_pledged: &'static str,
    pub thanks_over_need: &'static str,
    pub pay_title: &'static str,
    pub pay_intro: &'static str,
    pub pay_bank: &'static str,
    pub pay_account: &'static str,
    pub pay_account_name: &'static str,
    pub pay_amount: &'static str,
    pub pay_message: &'static str,
    pub pay_no_account: &'static str,
    pub thanks_goods: &'static str,
    pub closing_title: &'static str,
    pub closing_intro: &'static str,
    pub closing_received: &'static str,
    pub closing_delivered: &'static str,
    pub closing_remaining: &'static str,
    pub closing_no_gifts: &'static str,
    pub reconcile_title: &'static str,
    pub reconcile_intro: &'static str,
    pub reconcile_file: &'static str,
    pub reconcile_columns: &'static str,
    pub reconcile_upload: &'static str,
    pub reconcile_review: &'static str,
    pub reconcile_nothing: &'static str,
    pub reconcile_date: &'static str,
    pub reconcile_memo: &'static str,
    pub reconcile_bank_reference: &'static str,
    pub reconcile_match: &'static str,
    pub reports_title: &'static str,
    pub reports_intro: &'static str,
    pub reports_download: &'static str,
    pub nav_transparency: &'static str,
    pub transparency_title: &'static str,
    pub transparency_intro: &'static str,
    pub transparency_year: &'static str,
    pub transparency_pledged: &'static str,
    pub by_category: &'static str,
    pub by_commune: &'static str,
    pub by_source: &'static str,
    pub outside_need: &'static str,
    pub find_title: &'static str,
    pub find_label: &'static str,
    pub find_button: &'static str,
    pub find_none: &'static str,
    pub find_short: &'static str,
    pub anonymous_donor: &'static str,
    pub download_csv: &'static str,
    pub staff_nav_pledges: &'static str,
    pub pledges_intro: &'static str,
    pub pledges_search: &'static str,
    pub pledges_search_button: &'static str,
    pub pledges_empty: &'static str,
    pub pledge_col_reference: &'static str,
    pub pledge_col_donor: &'static str,
    pub pledge_col_value: &'static str,
    pub pledge_col_status: &'static str,
    pub pledge_col_created: &'static str,
    pub pledge_col_target: &'static str,
    pub pledge_contact: &'static str,
    pub pledge_history: &'static str,
    pub pledge_ledger: &'static str,
    pub ledger_confirmation: &'static str,
    pub ledger_reversal: &'static str,
    pub action_confirm: &'static str,
    pub evidence_kind: &'static str,
    pub evidence_bank_transaction: &'static str,
    pub evidence_receipt: &'static str,
    pub evidence_handover: &'static str,
    pub evidence_text: &'static str,
    pub action_deliver: &'static str,
    pub delivered_on: &'static str,
    pub children_reached: &'static str,
    pub delivered_by: &'static str,
    pub received_by: &'static str,
    pub action_cancel: &'static str,
    pub action_lapse: &'static str,
    pub pledge_note: &'static str,
    pub ledger_year_totals: &'static str,
    pub totals_confirmed: &'static str,
    pub totals_delivered: &'static str,
    pub totals_children_reached: &'static str,
    pub totals_donors: &'static str,
    pub staff_nav_notices: &'static str,
    pub notices_intro: &'static str,
    pub notices_queued: &'static str,
    pub notices_sending: &'static str,
    pub notices_sent: &'static str,
    pub notices_failed: &'static str,
    pub notices_all: &'static str,
    pub notices_empty: &'static str,
    pub notice_created: &'static str,
    pub notice_kind_label: &'static str,
    pub notice_reference: &'static str,
    pub notice_status: &'static str,
    pub notice_attempts: &'static str,
    pub notice_error: &'static str,
    pub notice_subject: &'static str,
    pub notice_resend: &'static str,
    pub nav_campaigns: &'static str,
    pub home_campaigns_heading: &'static str,
    pub campaigns_title: &'static str,
    pub campaigns_intro: &'static str,
    pub campaigns_empty: &'static str,
    pub campaign_goal: &'static str,
    pub campaign_pledged: &'static str,
    pub campaign_confirmed: &'static str,
    pub campaign_supporters: &'static str,
    pub campaign_closed: &'static str,
    pub campaign_not_open: &'static str,
    pub campaign_window: &'static str,
    pub campaign_account: &'static str,
    pub campaign_pledge_button: &'static str,
    pub campaign_needs: &'static str,
    pub campaign_drop_offs: &'static str,
    pub campaign_recent: &'static str,
    pub campaign_recent_note: &'static str,
    pub campaign_no_supporters: &'static str,
    pub campaign_share: &'static str,
    pub campaign_not_found_title: &'static str,
    pub campaign_not_found_body: &'static str,
    pub campaign_closed_notice: &'static str,
    pub pledge_need_choice: &'static str,
    pub pledge_where_needed: &'static str,
    pub pledge_mobilised_by: &'static str,
    pub pledge_none: &'static str,
    pub pay_save_qr: &'static str,
    pub pay_save_qr_hint: &'static str,
    pub pay_copy: &'static str,
    pub pay_copied: &'static str,
    pub staff_nav_campaigns: &'static str,
    pub campaign_new: &'static str,
    pub campaign_edit: &'static str,
    pub campaign_slug: &'static str,
    pub campaign_title_label: &'static str,
    pub campaign_summary: &'static str,
    pub campaign_story: &'static str,
    pub campaign_goal_label: &'static str,
    pub campaign_bank: &'static str,
    pub campaign_account_number: &'static str,
    pub campaign_account_name: &'static str,
    pub campaign_opens: &'static str,
    pub campaign_closes: &'static str,
    pub campaign_cover: &'static str,
    pub campaign_cover_kept: &'static str,
    pub campaign_published: &'static str,
    pub campaign_draft: &'static str,
    pub campaign_save: &'static str,
    pub campaign_link_needs: &'static str,
    pub drop_off_place: &'static str,
    pub drop_off_address: &'static str,
    pub drop_off_hours: &'static str,
    pub drop_off_from: &'static str,
    pub drop_off_to: &'static str,
    pub campaign_view_public: &'static str,
    pub footer_coordinator: &'static str,
    pub footer_open_data: &'static str,
    pub pledge_instalments: &'static str,
    pub pledge_at_once: &'static str,
    pub pledge_instalments_hint: &'static str,
    pub thanks_received: &'static str,
    pub thanks_paid_in_full: &'static str,
    pub receipt_open: &'static str,
    pub instalments_title: &'static str,
    pub instalment_col_number: &'static str,
    pub instalment_col_due: &'static str,
    pub instalment_col_amount: &'static str,
    pub instalment_col_paid: &'static str,
    pub receipt_title: &'static str,
    pub receipt_number: &'static str,
    pub receipt_nation: &'static str,
    pub receipt_motto: &'static str,
    pub receipt_donor: &'static str,
    pub receipt_tax_code: &'static str,
    pub receipt_pledged: &'static str,
    pub receipt_for: &'static str,
    pub receipt_received: &'static str,
    pub receipt_in_words: &'static str,
    pub receipt_payments: &'static str,
    pub receipt_col_date: &'static str,
    pub receipt_col_amount: &'static str,
    pub receipt_signature: &'static str,
    pub receipt_signature_hint: &'static str,
    pub receipt_print_hint: &'static str,
    pub receipt_back: &'static str,
    pub receipt_not_ready_title: &'static str,
    pub receipt_not_ready_body: &'static str,
    pub forward_title: &'static str,
    pub forward_intro: &'static str,
    pub forward_member: &'static str,
    pub forward_need: &'static str,
    pub forward_evidence: &'static str,
    pub forward_submit: &'static str,
    pub import_progress_title: &'static str,
    pub import_failed: &'static str,
    pub import_to_review: &'static str,
    pub flow_col_group: &'static str,
}

pub static VI: Texts = Texts {
    portal_name: "Cổng Hỗ trợ Trẻ em",
    skip_to_content: "Bỏ qua, đến nội dung chính",
    nav_home: "Trang chủ",
    nav_label: "Điều hướng chính",
    nav_needs: "Nhu cầu hỗ trợ",
    nav_about: "Giới thiệu Đề án",
    nav_how_to_give: "Cách ủng hộ",
    nav_privacy: "Quyền riêng tư",
    switch_language: "English",
    switch_language_label: "Switch to English",
    demo_banner: "Đây là dữ liệu minh họa để thử cổng thông tin, không phải nhu cầu thực tế đã được khảo sát.",
    demo_badge: "Minh họa",
    home_title: "Chung tay vì trẻ em vùng cao",
    home_totals_heading: "Nhu cầu đang được công khai",
    totals_open_needs: "nhu cầu đang mở",
    totals_children: "trẻ em cần được hỗ trợ",
    totals_amount: "tổng kinh phí cần huy động",
    totals_pledged: "đã được cam kết",
    home_urgent_heading: "Nhu cầu cấp thiết nhất",
    home_all_needs: "Xem tất cả nhu cầu",
    home_no_needs: "Hiện chưa có nhu cầu nào được công khai.",
    board_title: "Bảng nhu cầu hỗ trợ",
    board_intro: "Các nhu cầu do xã, trường học khảo sát và được cơ quan điều phối duyệt công khai. Chọn lĩnh vực, xã hoặc tình trạng để lọc.",
    filter_category: "Lĩnh vực",
    filter_commune: "Xã, phường",
    filter_status: "Tình trạng",
    filter_any_category: "Tất cả lĩnh vực",
    filter_any_commune: "Tất cả xã, phường",
    filter_any_status: "Mọi tình trạng",
    filter_apply: "Lọc",
    filter_clear: "Bỏ lọc",
    filter_ignored: "Một số giá trị lọc không hợp lệ nên đã được bỏ qua:",
    board_empty: "Không có nhu cầu nào khớp với bộ lọc đã chọn.",
    pagination_label: "Phân trang",
    previous_page: "Trang trước",
    next_page: "Trang sau",
    need_children: "Số trẻ em được hỗ trợ",
    need_quantity: "Số lượng",
    need_unit_cost: "Đơn giá",
    need_total: "Tổng kinh phí",
    need_pledged: "Đã cam kết",
    need_lacking: "Còn thiếu",
    need_period: "Thời gian thực hiện",
    need_commune: "Xã, phường",
    need_site: "Trường học, điểm trường",
    need_formerly: "Trước ngày 01/7/2025 gồm",
    need_formerly_partial: "một phần",
    need_status: "Tình trạng",
    need_category: "Lĩnh vực",
    need_progress: "Tiến độ cam kết",
    need_pledge_cta: "Đăng ký ủng hộ",
    need_privacy_note: "Nhu cầu chỉ nêu số lượng trẻ em; không công bố thông tin cá nhân của bất kỳ trẻ em nào.",
    need_view: "Xem chi tiết",
    back_to_board: "Quay lại bảng nhu cầu",
    need_not_found_title: "Không tìm thấy nhu cầu",
    need_not_found_body: "Nhu cầu này không tồn tại hoặc chưa được công khai. Xin xem các nhu cầu khác trên bảng nhu cầu.",
    page_not_found_title: "Không tìm thấy trang",
    page_not_found_body: "Địa chỉ này không có trên cổng thông tin. Xin kiểm tra lại đường dẫn hoặc quay về trang chủ.",
    error_title: "Đã có lỗi xảy ra",
    error_body: "Hệ thống tạm thời không xử lý được yêu cầu. Xin thử lại sau ít phút.",
    loading: "Đang tải…",
    staff_login_title: "Đăng nhập dành cho cán bộ",
    staff_login_intro: "Trang này dành cho cán bộ cơ quan điều phối, cán bộ xã, phường và tổ chức đối tác. Người ủng hộ không cần đăng nhập.",
    staff_email: "Thư điện tử",
    staff_password: "Mật khẩu",
    staff_login_submit: "Đăng nhập",
    staff_login_invalid: "Thư điện tử hoặc mật khẩu không đúng, hoặc tài khoản đã bị khóa.",
    staff_login_throttled: "Đã nhập sai quá nhiều lần. Để bảo vệ tài khoản, xin thử lại sau 15 phút.",
    staff_login_unavailable: "Hệ thống tạm thời không đăng nhập được. Xin thử lại sau ít phút.",
    staff_login_required: "Xin đăng nhập để tiếp tục.",
    staff_home_title: "Trang làm việc của cán bộ",
    staff_signed_in_as: "Đang đăng nhập",
    staff_role: "Vai trò",
    staff_communes: "Địa bàn phụ trách",
    staff_whole_province: "Toàn tỉnh",
    staff_sign_out: "Đăng xuất",
    signed_out: "Bạn đã đăng xuất.",
    staff_nav_needs: "Nhu cầu của địa phương",
    staff_nav_new_need: "Soạn nhu cầu mới",
    staff_nav_audit: "Nhật ký thao tác",
    staff_needs_title: "Nhu cầu do xã, phường đề xuất",
    staff_needs_empty: "Chưa có nhu cầu nào.",
    need_form_new_title: "Soạn nhu cầu mới",
    need_form_edit_title: "Sửa nhu cầu",
    field_commune: "Xã, phường",
    field_category: "Lĩnh vực hỗ trợ",
    field_title: "Tên nhu cầu",
    field_description: "Mô tả (hoàn cảnh, cách thực hiện; không ghi thông tin cá nhân của trẻ em)",
    field_site: "Trường học, điểm trường (nếu có)",
    field_children: "Số trẻ em được hỗ trợ",
    field_quantity: "Số lượng",
    field_unit: "Đơn vị tính (suất ăn, bộ, lượt khám…)",
    field_unit_cost: "Đơn giá (đồng; có thể gõ 15.000, 15k hoặc 1,5tr)",
    field_period_start: "Từ ngày",
    field_period_end: "Đến ngày",
    choose: "— Chọn —",
    save_draft: "Lưu bản nháp",
    form_has_problems: "Xin kiểm tra lại các mục được đánh dấu bên dưới.",
    overlap_heading: "Đã có nhu cầu đang mở trùng xã, lĩnh vực và thời gian",
    overlap_explain: "Để tránh chồng chéo, trùng lặp, xin xem kỹ các nhu cầu dưới đây. Chỉ tiếp tục nếu nhu cầu này dành cho những trẻ em khác.",
    overlap_confirm: "Tôi đã xem và xác nhận nhu cầu này không trùng với các nhu cầu trên.",
    action_edit: "Sửa nội dung",
    action_submit: "Gửi duyệt",
    action_publish: "Duyệt và công khai",
    action_return: "Trả lại để bổ sung",
    action_withdraw: "Rút nhu cầu",
    return_comment: "Lý do trả lại, nội dung cần bổ sung",
    review_comment: "Ý kiến của cơ quan điều phối",
    history: "Quá trình xử lý",
    history_overlap_confirmed: "đã xác nhận không trùng lặp",
    command_line: "dòng lệnh",
    forbidden_title: "Không có quyền thực hiện",
    forbidden_body: "Tài khoản của bạn không được phép thực hiện thao tác này hoặc xem nội dung này. Nếu cần, xin liên hệ quản trị hệ thống.",
    audit_title: "Nhật ký thao tác",
    audit_intro: "Mọi thao tác của cán bộ được ghi lại: ai, lúc nào, với hồ sơ nào, trước và sau khi thay đổi. Nhật ký chỉ được ghi thêm, không sửa, không xóa.",
    audit_when: "Thời điểm",
    audit_who: "Người thực hiện",
    audit_action: "Thao tác",
    audit_record: "Hồ sơ",
    audit_before: "Trước",
    audit_after: "Sau",
    audit_filter_record: "Loại hồ sơ",
    audit_empty: "Chưa có thao tác nào.",
    password_title: "Đổi mật khẩu",
    password_current: "Mật khẩu hiện tại",
    password_new: "Mật khẩu mới (ít nhất 12 ký tự)",
    password_confirm: "Nhập lại mật khẩu mới",
    password_submit: "Đổi mật khẩu",
    accounts_title: "Tài khoản cán bộ",
    accounts_invite: "Mời cán bộ",
    account_name: "Họ và tên",
    account_active: "Đang hoạt động",
    account_disabled: "Đã khóa",
    account_communes_hint: "Địa bàn phụ trách (với cán bộ xã, phường; giữ Ctrl để chọn nhiều)",
    account_save_access: "Lưu vai trò và địa bàn",
    account_disable: "Khóa tài khoản",
    account_enable: "Mở lại tài khoản",
    account_reset: "Tạo đường dẫn đặt lại mật khẩu",
    welcome_title: "Đặt mật khẩu",
    welcome_intro: "Đặt mật khẩu cho tài khoản cán bộ của bạn. Mật khẩu cần ít nhất 12 ký tự.",
    welcome_invalid: "Đường dẫn này không còn hiệu lực (đã dùng hoặc đã hết hạn). Xin liên hệ quản trị hệ thống để được cấp đường dẫn mới.",
    staff_nav_accounts: "Tài khoản cán bộ",
    code_title: "Xác thực hai lớp",
    code_intro: "Nhập mã 6 chữ số đang hiện trên ứng dụng xác thực của bạn, hoặc một mã dự phòng.",
    code_label: "Mã xác thực",
    code_submit: "Xác nhận",
    code_invalid: "Mã không đúng, đã dùng hoặc đã hết hạn. Xin thử lại với mã mới.",
    login_expired: "Phiên đăng nhập đã quá thời gian chờ. Xin đăng nhập lại.",
    totp_title: "Xác thực hai lớp",
    totp_required: "Tài khoản quản trị và điều phối phải bật xác thực hai lớp trước khi làm việc.",
    totp_intro: "Quét mã QR bằng ứng dụng xác thực (Google Authenticator, Microsoft Authenticator, FreeOTP…), rồi nhập mã 6 chữ số ứng dụng hiển thị.",
    totp_secret_label: "Nếu không quét được, nhập khóa này vào ứng dụng:",
    totp_confirm: "Bật xác thực hai lớp",
    totp_on: "Xác thực hai lớp đang được bật cho tài khoản này.",
    totp_codes_intro: "Mã dự phòng (mỗi mã dùng một lần, khi không có điện thoại). Xin in hoặc chép lại và cất giữ cẩn thận; mã chỉ hiện một lần:",
    pledge_title: "Đăng ký ủng hộ",
    pledge_for: "Ủng hộ cho nhu cầu",
    pledge_who: "Người ủng hộ",
    pledge_donor_type: "Bạn ủng hộ với tư cách",
    pledge_name: "Họ tên hoặc tên tổ chức, doanh nghiệp",
    pledge_email: "Thư điện tử",
    pledge_phone: "Số điện thoại",
    pledge_tax_code: "Mã số thuế (với doanh nghiệp)",
    pledge_what: "Nội dung ủng hộ",
    pledge_kind: "Hình thức ủng hộ",
    pledge_amount: "Số tiền (đồng; có thể gõ 500.000, 500k hoặc 1tr)",
    pledge_item: "Hiện vật (ví dụ: áo ấm, chăn, sữa)",
    pledge_quantity: "Số lượng",
    pledge_unit: "Đơn vị tính",
    pledge_description: "Dịch vụ (ví dụ: khám mắt cho học sinh)",
    pledge_estimated_value: "Giá trị ước tính của hiện vật hoặc dịch vụ (đồng)",
    pledge_display: "Hiển thị công khai",
    pledge_consent: "Tôi đã đọc chính sách quyền riêng tư và đồng ý để Đề án lưu thông tin của tôi nhằm ghi nhận, xác nhận khoản ủng hộ.",
    pledge_submit: "Gửi đăng ký ủng hộ",
    pledge_leave_empty: "Để trống ô này",
    thanks_title: "Cảm ơn tấm lòng của bạn!",
    thanks_intro: "Đăng ký ủng hộ đã được ghi nhận. Xin giữ mã đăng ký dưới đây để tra cứu và đối chiếu.",
    thanks_reference: "Mã đăng ký",
    thanks_pledged: "Nội dung đã đăng ký",
    thanks_over_need: "Khoản ủng hộ này vượt quá phần nhu cầu còn thiếu. Cơ quan điều phối sẽ liên hệ để chuyển phần vượt sang nhu cầu khác phù hợp.",
    pay_title: "Chuyển khoản bằng mã VietQR",
    pay_intro: "Mở ứng dụng ngân hàng, quét mã QR (nếu chuyển khoản ngay trên điện thoại này, hãy chụp màn hình mã rồi chọn ảnh đó trong ứng dụng). Số tiền và nội dung chuyển khoản đã được điền sẵn; xin giữ nguyên nội dung để khoản ủng hộ được đối chiếu tự động.",
    pay_bank: "Ngân hàng",
    pay_account: "Số tài khoản",
    pay_account_name: "Chủ tài khoản",
    pay_amount: "Số tiền",
    pay_message: "Nội dung chuyển khoản",
    pay_no_account: "Tài khoản tiếp nhận chưa được cấu hình. Xin liên hệ cơ quan điều phối để được hướng dẫn chuyển khoản.",
    thanks_goods: "Cơ quan điều phối sẽ liên hệ với bạn để hẹn thời gian, địa điểm trao tặng.",
    closing_title: "Báo cáo kết thúc đợt vận động",
    closing_intro: "Công khai theo Nghị định 93/2021/NĐ-CP: số đã nhận, đã trao và còn lại, cùng danh sách các khoản đã nhận. Tên người ủng hộ chỉ hiện khi họ đồng ý.",
    closing_received: "Đã nhận",
    closing_delivered: "Đã trao",
    closing_remaining: "Còn lại",
    closing_no_gifts: "Đợt vận động chưa nhận được khoản nào.",
    reconcile_title: "Đối chiếu sao kê ngân hàng",
    reconcile_intro: "Tải lên sao kê (CSV) của tài khoản tiếp nhận. Khoản chuyển ghi đúng mã đăng ký và đúng số tiền được xác nhận ngay; các khoản chưa chắc chắn chờ cán bộ đối chiếu. Tải lại cùng một sao kê không làm xác nhận trùng.",
    reconcile_file: "Tệp sao kê (CSV, UTF-8, UTF-16 hoặc Windows-1258)",
    reconcile_columns: "Tên các cột ngày, số tiền, nội dung, mã giao dịch (cách nhau bằng dấu phẩy)",
    reconcile_upload: "Tải lên và đối chiếu",
    reconcile_review: "Khoản chuyển chờ đối chiếu",
    reconcile_nothing: "Không có khoản nào chờ đối chiếu.",
    reconcile_date: "Ngày",
    reconcile_memo: "Nội dung chuyển khoản",
    reconcile_bank_reference: "Mã giao dịch",
    reconcile_match: "Gán cho đăng ký",
    reports_title: "Báo cáo năm",
    reports_intro: "Báo cáo tổng hợp nguồn lực huy động theo xã, lĩnh vực và nguồn, số người ủng hộ và số trẻ em được hỗ trợ, để gửi UBND tỉnh và Bộ. Số liệu lấy từ sổ theo dõi; cũng có thể xuất bằng lệnh portal report --year NĂM.",
    reports_download: "Tải về",
    nav_transparency: "Minh bạch",
    transparency_title: "Công khai kết quả vận động",
    transparency_intro: "Số liệu lấy từ sổ theo dõi của Đề án: chỉ các khoản đã xác nhận nhận được mới được tính, mỗi khoản một lần; khoản điều chỉnh được ghi bằng bút toán đảo. Trẻ em được tính theo từng nhu cầu, không cộng trùng.",
    transparency_year: "Năm",
    transparency_pledged: "Đã đăng ký",
    by_category: "Theo lĩnh vực hỗ trợ",
    by_commune: "Theo xã, phường",
    by_source: "Theo nguồn ủng hộ",
    outside_need: "Chưa gắn với nhu cầu cụ thể",
    find_title: "Tra cứu khoản ủng hộ của bạn",
    find_label: "Mã đăng ký hoặc tên (chỉ tìm được người ủng hộ đồng ý công khai tên)",
    find_button: "Tra cứu",
    find_none: "Không tìm thấy khoản ủng hộ phù hợp.",
    find_short: "Xin nhập mã đăng ký hoặc ít nhất 3 ký tự của tên.",
    anonymous_donor: "Người ủng hộ không công khai tên",
    download_csv: "Tải dữ liệu mở (CSV)",
    staff_nav_pledges: "Đăng ký ủng hộ",
    pledges_intro: "Xác nhận các khoản đã nhận (kèm căn cứ), ghi nhận việc trao tặng, hủy hoặc đánh dấu quá hạn. Mỗi bước được ghi vết; khoản đã xác nhận chỉ được điều chỉnh bằng bút toán đảo.",
    pledges_search: "Mã đăng ký hoặc tên người ủng hộ",
    pledges_search_button: "Tìm",
    pledges_empty: "Không có đăng ký nào phù hợp.",
    pledge_col_reference: "Mã",
    pledge_col_donor: "Người ủng hộ",
    pledge_col_value: "Giá trị",
    pledge_col_status: "Tình trạng",
    pledge_col_created: "Ngày đăng ký",
    pledge_col_target: "Ủng hộ cho",
    pledge_contact: "Liên hệ",
    pledge_history: "Diễn biến",
    pledge_ledger: "Sổ theo dõi",
    ledger_confirmation: "Ghi nhận",
    ledger_reversal: "Bút toán đảo",
    action_confirm: "Xác nhận đã nhận",
    evidence_kind: "Căn cứ xác nhận",
    evidence_bank_transaction: "Giao dịch ngân hàng",
    evidence_receipt: "Phiếu thu",
    evidence_handover: "Biên bản bàn giao",
    evidence_text: "Số giao dịch, số phiếu thu hoặc số biên bản",
    action_deliver: "Ghi nhận đã trao",
    delivered_on: "Ngày trao",
    children_reached: "Số trẻ em được hỗ trợ",
    delivered_by: "Đơn vị trao",
    received_by: "Người hoặc đơn vị nhận",
    action_cancel: "Hủy đăng ký",
    action_lapse: "Đánh dấu quá hạn",
    pledge_note: "Ghi chú, lý do",
    ledger_year_totals: "Tổng hợp năm nay",
    totals_confirmed: "Đã xác nhận nhận",
    totals_delivered: "Đã trao",
    totals_children_reached: "Trẻ em được hỗ trợ",
    totals_donors: "Người ủng hộ",
    staff_nav_notices: "Thư thông báo",
    notices_intro: "Thư gửi người ủng hộ đi qua hàng chờ: thư gửi không được sẽ tự gửi lại, sau nhiều lần không được thì dừng và ghi lý do.",
    notices_queued: "Đang chờ gửi",
    notices_sending: "Đang gửi",
    notices_sent: "Đã gửi",
    notices_failed: "Không gửi được",
    notices_all: "Tất cả",
    notices_empty: "Không có thư nào.",
    notice_created: "Tạo lúc",
    notice_kind_label: "Loại thư",
    notice_reference: "Mã đăng ký",
    notice_status: "Tình trạng",
    notice_attempts: "Số lần gửi",
    notice_error: "Lỗi gần nhất",
    notice_subject: "Tiêu đề",
    notice_resend: "Gửi lại",
    nav_campaigns: "Chiến dịch",
    home_campaigns_heading: "Chiến dịch đang tiếp nhận ủng hộ",
    campaigns_title: "Chiến dịch vận động",
    campaigns_intro: "Mỗi chiến dịch có câu chuyện, mục tiêu, tài khoản tiếp nhận công khai và thời gian tiếp nhận không quá 90 ngày theo Nghị định 93/2021/NĐ-CP.",
    campaigns_empty: "Hiện chưa có chiến dịch nào được công bố.",
    campaign_goal: "Mục tiêu",
    campaign_pledged: "Đã đăng ký",
    campaign_confirmed: "Đã tiếp nhận",
    campaign_supporters: "Lượt ủng hộ",
    campaign_closed: "Đã kết thúc tiếp nhận",
    campaign_not_open: "Chưa đến thời gian tiếp nhận",
    campaign_window: "Thời gian tiếp nhận",
    campaign_account: "Tài khoản tiếp nhận",
    campaign_pledge_button: "Đăng ký ủng hộ chiến dịch",
    campaign_needs: "Nhu cầu chiến dịch hỗ trợ",
    campaign_drop_offs: "Điểm tiếp nhận hiện vật",
    campaign_recent: "Nhà hảo tâm ủng hộ gần đây",
    campaign_recent_note: "Chỉ ghi tên những nhà hảo tâm đồng ý công khai.",
    campaign_no_supporters: "Chưa có nhà hảo tâm nào đăng ký công khai tên.",
    campaign_share: "Chia sẻ chiến dịch",
    campaign_not_found_title: "Không tìm thấy chiến dịch",
    campaign_not_found_body: "Chiến dịch không tồn tại hoặc chưa được công bố.",
    campaign_closed_notice: "Chiến dịch này không còn tiếp nhận đăng ký ủng hộ. Xin xem các chiến dịch khác hoặc bảng nhu cầu.",
    pledge_need_choice: "Hỗ trợ cho nhu cầu",
    pledge_where_needed: "Nơi cần nhất trong chiến dịch",
    pledge_mobilised_by: "Tổ chức đã vận động bạn (nếu có)",
    pledge_none: "Không có",
    pay_save_qr: "Lưu ảnh mã QR",
    pay_save_qr_hint: "Nếu chuyển khoản trên chính điện thoại này, hãy lưu ảnh rồi chọn ảnh trong mục quét QR của ứng dụng ngân hàng.",
    pay_copy: "Sao chép",
    pay_copied: "Đã sao chép",
    staff_nav_campaigns: "Chiến dịch",
    campaign_new: "Tạo chiến dịch",
    campaign_edit: "Sửa chiến dịch",
    campaign_slug: "Đường dẫn (chữ thường không dấu, gạch ngang)",
    campaign_title_label: "Tên chiến dịch",
    campaign_summary: "Tóm tắt (hiện khi chia sẻ liên kết)",
    campaign_story: "Câu chuyện (Markdown)",
    campaign_goal_label: "Mục tiêu (đồng)",
    campaign_bank: "Ngân hàng",
    campaign_account_number: "Số tài khoản",
    campaign_account_name: "Tên tài khoản",
    campaign_opens: "Ngày bắt đầu tiếp nhận",
    campaign_closes: "Ngày kết thúc tiếp nhận (tối đa 90 ngày)",
    campaign_cover: "Ảnh bìa (JPEG, PNG hoặc WebP, dưới 8 MB)",
    campaign_cover_kept: "Để trống để giữ ảnh hiện tại.",
    campaign_published: "Công bố trên cổng",
    campaign_draft: "Chưa công bố",
    campaign_save: "Lưu chiến dịch",
    campaign_link_needs: "Nhu cầu liên kết (đang công bố)",
    drop_off_place: "Địa điểm",
    drop_off_address: "Địa chỉ",
    drop_off_hours: "Giờ tiếp nhận",
    drop_off_from: "Từ ngày",
    drop_off_to: "Đến ngày",
    campaign_view_public: "Xem trang công khai",
    footer_coordinator: "Cơ quan điều phối",
    footer_open_data: "Dữ liệu mở (API)",
    pledge_instalments: "Cách nộp",
    pledge_at_once: "Nộp một lần",
    pledge_instalments_hint: "Có thể nộp theo kỳ hằng tháng (ví dụ 9 kỳ cho cả năm học); kỳ đầu tiên đến hạn hôm nay, mỗi kỳ có mã chuyển khoản riêng.",
    thanks_received: "Đã nhận",
    thanks_paid_in_full: "Cổng thông tin đã nhận đủ khoản ủng hộ này. Xin chân thành cảm ơn!",
    receipt_open: "In giấy xác nhận tiếp nhận",
    instalments_title: "Lịch nộp theo kỳ",
    instalment_col_number: "Kỳ",
    instalment_col_due: "Hạn nộp",
    instalment_col_amount: "Số tiền",
    instalment_col_paid: "Đã nộp",
    receipt_title: "Giấy xác nhận tiếp nhận ủng hộ",
    receipt_number: "Số",
    receipt_nation: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    receipt_motto: "Độc lập - Tự do - Hạnh phúc",
    receipt_donor: "Tên cá nhân, tổ chức ủng hộ",
    receipt_tax_code: "Mã số thuế",
    receipt_pledged: "Nội dung đăng ký ủng hộ",
    receipt_for: "Ủng hộ cho",
    receipt_received: "Tổng số tiền, giá trị đã tiếp nhận",
    receipt_in_words: "Bằng chữ",
    receipt_payments: "Các lần tiếp nhận",
    receipt_col_date: "Ngày tiếp nhận",
    receipt_col_amount: "Số tiền, giá trị",
    receipt_signature: "ĐẠI DIỆN ĐƠN VỊ TIẾP NHẬN",
    receipt_signature_hint: "(Ký, ghi rõ họ tên và đóng dấu)",
    receipt_print_hint: "Để in hoặc lưu thành tệp PDF, dùng lệnh In của trình duyệt (Ctrl+P).",
    receipt_back: "Về trang đăng ký ủng hộ",
    receipt_not_ready_title: "Chưa có giấy xác nhận",
    receipt_not_ready_body: "Giấy xác nhận chỉ có sau khi khoản ủng hộ đã được tiếp nhận và đối chiếu. Xin kiểm tra lại mã đăng ký hoặc quay lại sau.",
    forward_title: "Chuyển tiếp từ quỹ chung",
    forward_intro: "Khi một tổ chức (Mặt trận Tổ quốc, Hội Chữ thập đỏ, Hội Liên hiệp Phụ nữ, Đoàn Thanh niên…) chuyển số tiền đã vận động vào quỹ chung tới một nhu cầu, ghi nhận tại đây: khoản tiền chuyển từ quỹ sang nhu cầu, tổng số liệu chỉ tính một lần.",
    forward_member: "Tổ chức giữ quỹ chung",
    forward_need: "Chuyển tới nhu cầu",
    forward_evidence: "Chứng từ chuyển tiền (mã giao dịch, số phiếu chi)",
    forward_submit: "Ghi nhận chuyển tiếp",
    import_progress_title: "Đang nhập sao kê",
    import_failed: "Việc nhập sao kê bị dừng giữa chừng; các dòng đã xử lý được giữ nguyên, có thể tải lại tệp để tiếp tục.",
    import_to_review: "Xem các khoản chờ đối chiếu",
    flow_col_group: "Nhóm",
};

pub static EN: Texts = Texts {
    portal_name: "Children's Support Portal",
    skip_to_content: "Skip to main content",
    nav_home: "Home",
    nav_label: "Main navigation",
    nav_needs: "Needs",
    nav_about: "About the programme",
    nav_how_to_give: "How to give",
    nav_privacy: "Privacy",
    switch_language: "Tiếng Việt",
    switch_language_label: "Chuyển sang tiếng Việt",
    demo_banner: "This is demonstration data for trying the portal, not real assessed needs.",
    demo_badge: "Demo",
    home_title: "Together for the children of the highlands",
    home_totals_heading: "Needs published now",
    totals_open_needs: "open needs",
    totals_children: "children to support",
    totals_amount: "to be mobilised in total",
    totals_pledged: "pledged so far",
    home_urgent_heading: "Most urgent needs",
    home_all_needs: "See all needs",
    home_no_needs: "No need has been published yet.",
    board_title: "Needs board",
    board_intro: "Needs assessed by communes and schools and published by the coordinating body. Choose a kind of support, a commune or a status to filter.",
    filter_category: "Kind of support",
    filter_commune: "Commune",
    filter_status: "Status",
    filter_any_category: "All kinds of support",
    filter_any_commune: "All communes",
    filter_any_status: "Any status",
    filter_apply: "Filter",
    filter_clear: "Clear filters",
    filter_ignored: "Some filter values were not valid and have been ignored:",
    board_empty: "No need matches the chosen filters.",
    pagination_label: "Pagination",
    previous_page: "Previous page",
    next_page: "Next page",
    need_children: "Children supported",
    need_quantity: "Quantity",
    need_unit_cost: "Unit cost",
    need_total: "Total cost",
    need_pledged: "Pledged",
    need_lacking: "Still lacking",
    need_period: "Period",
    need_commune: "Commune",
    need_site: "School or site",
    need_formerly: "Before 1 July 2025 this covered",
    need_formerly_partial: "part",
    need_status: "Status",
    need_category: "Kind of support",
    need_progress: "Pledges so far",
    need_pledge_cta: "Pledge support",
    need_privacy_note: "Needs give numbers of children only; no child's personal information is ever published.",
    need_view: "View details",
    back_to_board: "Back to the needs board",
    need_not_found_title: "Need not found",
    need_not_found_body: "This need does not exist or has not been published. Please see the other needs on the board.",
    page_not_found_title: "Page not found",
    page_not_found_body: "This address is not on the portal. Please check the link or go back to the home page.",
    error_title: "Something went wrong",
    error_body: "The portal could not handle the request just now. Please try again in a few minutes.",
    loading: "Loading…",
    staff_login_title: "Staff sign-in",
    staff_login_intro: "For staff of the coordinating body, commune officers and partner organisations. Donors do not need to sign in.",
    staff_email: "Email",
    staff_password: "Password",
    staff_login_submit: "Sign in",
    staff_login_invalid: "The email or password is wrong, or the account is disabled.",
    staff_login_throttled: "Too many wrong attempts. To protect the account, please try again in 15 minutes.",
    staff_login_unavailable: "Signing in is not possible just now. Please try again in a few minutes.",
    staff_login_required: "Please sign in to continue.",
    staff_home_title: "Staff workspace",
    staff_signed_in_as: "Signed in as",
    staff_role: "Role",
    staff_communes: "Communes",
    staff_whole_province: "Whole province",
    staff_sign_out: "Sign out",
    signed_out: "You have signed out.",
    staff_nav_needs: "Needs of the communes",
    staff_nav_new_need: "Draft a new need",
    staff_nav_audit: "Audit trail",
    staff_needs_title: "Needs proposed by communes",
    staff_needs_empty: "No needs yet.",
    need_form_new_title: "New need",
    need_form_edit_title: "Edit need",
    field_commune: "Commune",
    field_category: "Kind of support",
    field_title: "Name of the need",
    field_description: "Description (situation, how it will be done; no child's personal details)",
    field_site: "School or site (if any)",
    field_children: "Children supported",
    field_quantity: "Quantity",
    field_unit: "Unit (meals, sets, check-ups…)",
    field_unit_cost: "Unit cost (đồng; 15.000, 15k or 1,5tr)",
    field_period_start: "From",
    field_period_end: "To",
    choose: "— Choose —",
    save_draft: "Save draft",
    form_has_problems: "Please check the fields marked below.",
    overlap_heading: "Open needs already exist for this commune, kind of support and period",
    overlap_explain: "To avoid overlap and duplication, please look at the needs below carefully. Go on only if this need is for other children.",
    overlap_confirm: "I have checked: this need does not repeat the ones above.",
    action_edit: "Edit",
    action_submit: "Submit for review",
    action_publish: "Publish",
    action_return: "Return for changes",
    action_withdraw: "Withdraw",
    return_comment: "Why it is returned, what to add",
    review_comment: "The coordinator's comment",
    history: "History",
    history_overlap_confirmed: "confirmed not a duplicate",
    command_line: "command line",
    forbidden_title: "Not allowed",
    forbidden_body: "Your account may not do this or see this. If you need to, please ask the administrator.",
    audit_title: "Audit trail",
    audit_intro: "Every staff action is recorded: who, when, which record, before and after. The trail is only ever added to; nothing is changed or deleted.",
    audit_when: "When",
    audit_who: "Who",
    audit_action: "Action",
    audit_record: "Record",
    audit_before: "Before",
    audit_after: "After",
    audit_filter_record: "Kind of record",
    audit_empty: "No actions yet.",
    password_title: "Change password",
    password_current: "Current password",
    password_new: "New password (at least 12 characters)",
    password_confirm: "New password again",
    password_submit: "Change password",
    accounts_title: "Staff accounts",
    accounts_invite: "Invite a staff member",
    account_name: "Full name",
    account_active: "Active",
    account_disabled: "Disabled",
    account_communes_hint: "Communes (for a commune officer; hold Ctrl to choose several)",
    account_save_access: "Save role and communes",
    account_disable: "Disable the account",
    account_enable: "Enable the account",
    account_reset: "Make a password-reset link",
    welcome_title: "Set your password",
    welcome_intro: "Set the password of your staff account. It needs at least 12 characters.",
    welcome_invalid: "This link is no longer valid (used or expired). Please ask the administrator for a new one.",
    staff_nav_accounts: "Staff accounts",
    code_title: "Two-step verification",
    code_intro: "Enter the 6-digit code your authenticator app shows, or a recovery code.",
    code_label: "Verification code",
    code_submit: "Confirm",
    code_invalid: "The code is wrong, used or expired. Please try again with a new code.",
    login_expired: "The sign-in waited too long. Please sign in again.",
    totp_title: "Two-step verification",
    totp_required: "Administrator and coordinator accounts must turn on two-step verification before working.",
    totp_intro: "Scan the QR code with an authenticator app (Google Authenticator, Microsoft Authenticator, FreeOTP…), then enter the 6-digit code it shows.",
    totp_secret_label: "If you cannot scan it, enter this key in the app:",
    totp_confirm: "Turn on two-step verification",
    totp_on: "Two-step verification is on for this account.",
    totp_codes_intro: "Recovery codes (each works once, for when you do not have your phone). Print or copy them and keep them safe; they are shown only once:",
    pledge_title: "Pledge support",
    pledge_for: "Support for the need",
    pledge_who: "Who is giving",
    pledge_donor_type: "You give as",
    pledge_name: "Full name, or name of the organisation or business",
    pledge_email: "Email",
    pledge_phone: "Phone",
    pledge_tax_code: "Tax code (for a business)",
    pledge_what: "What you give",
    pledge_kind: "Form of support",
    pledge_amount: "Amount (đồng; 500.000, 500k or 1tr)",
    pledge_item: "Goods (e.g. warm clothes, blankets, milk)",
    pledge_quantity: "Quantity",
    pledge_unit: "Unit",
    pledge_description: "Service (e.g. eye tests for pupils)",
    pledge_estimated_value: "Estimated value of the goods or service (đồng)",
    pledge_display: "Public display",
    pledge_consent: "I have read the privacy notice and agree that the programme keeps my details to record and confirm this pledge.",
    pledge_submit: "Send my pledge",
    pledge_leave_empty: "Leave this empty",
    thanks_title: "Thank you for your kindness!",
    thanks_intro: "Your pledge is recorded. Please keep the reference below to look it up and match your payment.",
    thanks_reference: "Reference",
    thanks_pledged: "What you pledged",
    thanks_over_need: "This pledge is more than the need still lacks. The coordinating body will contact you to direct the rest to another suitable need.",
    pay_title: "Pay by VietQR transfer",
    pay_intro: "Open your banking app and scan the QR code (paying from this same phone? take a screenshot of the code and choose it in the app). The amount and the transfer message are filled in; please keep the message so your gift is matched automatically.",
    pay_bank: "Bank",
    pay_account: "Account number",
    pay_account_name: "Account name",
    pay_amount: "Amount",
    pay_message: "Transfer message",
    pay_no_account: "No receiving account is configured yet. Please contact the coordinating body for transfer details.",
    thanks_goods: "The coordinating body will contact you to agree the time and place of the hand-over.",
    closing_title: "Closing report",
    closing_intro: "Published under Decree 93/2021/NĐ-CP: what was received, handed over and remains, and the list of gifts received. Donors are named only with their consent.",
    closing_received: "Received",
    closing_delivered: "Handed over",
    closing_remaining: "Remaining",
    closing_no_gifts: "The campaign received no gift.",
    reconcile_title: "Bank statement reconciliation",
    reconcile_intro: "Upload the receiving account's statement (CSV). A transfer with a pledge's reference and its exact amount confirms it at once; anything less certain waits for a person. Uploading the same statement again confirms nothing twice.",
    reconcile_file: "Statement file (CSV: UTF-8, UTF-16 or Windows-1258)",
    reconcile_columns: "Names of the date, amount, description and reference columns (comma-separated)",
    reconcile_upload: "Upload and match",
    reconcile_review: "Transfers waiting for review",
    reconcile_nothing: "Nothing waits for review.",
    reconcile_date: "Date",
    reconcile_memo: "Transfer message",
    reconcile_bank_reference: "Bank reference",
    reconcile_match: "Match to a pledge",
    reports_title: "Yearly reports",
    reports_intro: "The yearly summary of support by commune, kind and source, donors and children reached, for the provincial People's Committee and the ministry. From the ledger; also from the command portal report --year YEAR.",
    reports_download: "Download",
    nav_transparency: "Transparency",
    transparency_title: "Where the support went",
    transparency_intro: "Figures come from the programme's ledger: only gifts confirmed as received count, each once; corrections are reversing entries. Children are counted per need, never twice.",
    transparency_year: "Year",
    transparency_pledged: "Pledged",
    by_category: "By kind of support",
    by_commune: "By commune",
    by_source: "By source",
    outside_need: "Not tied to one need",
    find_title: "Find your contribution",
    find_label: "Reference, or a name (only donors who chose to be named)",
    find_button: "Look up",
    find_none: "No contribution found.",
    find_short: "Please enter a reference or at least 3 letters of a name.",
    anonymous_donor: "A donor who chose not to be named",
    download_csv: "Download the open data (CSV)",
    staff_nav_pledges: "Pledges",
    pledges_intro: "Confirm what was received (with evidence), record hand-overs, cancel or mark lapsed. Every step is audited; a confirmed amount is corrected only by a reversing entry.",
    pledges_search: "Reference or donor name",
    pledges_search_button: "Search",
    pledges_empty: "No pledge matches.",
    pledge_col_reference: "Reference",
    pledge_col_donor: "Donor",
    pledge_col_value: "Value",
    pledge_col_status: "Status",
    pledge_col_created: "Pledged on",
    pledge_col_target: "For",
    pledge_contact: "Contact",
    pledge_history: "History",
    pledge_ledger: "Ledger",
    ledger_confirmation: "Confirmation",
    ledger_reversal: "Reversal",
    action_confirm: "Confirm receipt",
    evidence_kind: "Evidence",
    evidence_bank_transaction: "Bank transaction",
    evidence_receipt: "Receipt",
    evidence_handover: "Hand-over record",
    evidence_text: "Transaction, receipt or record number",
    action_deliver: "Record the hand-over",
    delivered_on: "Handed over on",
    children_reached: "Children reached",
    delivered_by: "Delivered by",
    received_by: "Received by",
    action_cancel: "Cancel the pledge",
    action_lapse: "Mark as lapsed",
    pledge_note: "Note, reason",
    ledger_year_totals: "This year",
    totals_confirmed: "Confirmed",
    totals_delivered: "Handed over",
    totals_children_reached: "Children reached",
    totals_donors: "Donors",
    staff_nav_notices: "Notices",
    notices_intro: "Notices to donors go through an outbox: a failed send is retried by itself, and after several failures it stops with the reason.",
    notices_queued: "Queued",
    notices_sending: "Sending",
    notices_sent: "Sent",
    notices_failed: "Failed",
    notices_all: "All",
    notices_empty: "No notices.",
    notice_created: "Created",
    notice_kind_label: "Kind",
    notice_reference: "Pledge",
    notice_status: "Status",
    notice_attempts: "Attempts",
    notice_error: "Last error",
    notice_subject: "Subject",
    notice_resend: "Send again",
    nav_campaigns: "Campaigns",
    home_campaigns_heading: "Campaigns taking pledges now",
    campaigns_title: "Campaigns",
    campaigns_intro: "Each campaign has its story, a goal, a public receiving account and a receiving window of at most 90 days (Decree 93/2021/NĐ-CP).",
    campaigns_empty: "No campaign has been published yet.",
    campaign_goal: "Goal",
    campaign_pledged: "Pledged",
    campaign_confirmed: "Received",
    campaign_supporters: "Pledges",
    campaign_closed: "No longer receiving",
    campaign_not_open: "Not receiving yet",
    campaign_window: "Receiving window",
    campaign_account: "Receiving account",
    campaign_pledge_button: "Pledge to this campaign",
    campaign_needs: "Needs this campaign supports",
    campaign_drop_offs: "Where to bring goods",
    campaign_recent: "Recent supporters",
    campaign_recent_note: "Only supporters who chose to be named are listed.",
    campaign_no_supporters: "No supporter has chosen to be named yet.",
    campaign_share: "Share this campaign",
    campaign_not_found_title: "Campaign not found",
    campaign_not_found_body: "The campaign does not exist or has not been published.",
    campaign_closed_notice: "This campaign no longer takes pledges. Please see the other campaigns or the needs board.",
    pledge_need_choice: "Support which need",
    pledge_where_needed: "Where the campaign needs it most",
    pledge_mobilised_by: "Mobilised by (if any)",
    pledge_none: "None",
    pay_save_qr: "Save the QR image",
    pay_save_qr_hint: "Paying from this phone? Save the image, then pick it in your banking app's QR scanner.",
    pay_copy: "Copy",
    pay_copied: "Copied",
    staff_nav_campaigns: "Campaigns",
    campaign_new: "New campaign",
    campaign_edit: "Edit campaign",
    campaign_slug: "Link name (lower case, dashes)",
    campaign_title_label: "Campaign title",
    campaign_summary: "Summary (shown when the link is shared)",
    campaign_story: "Story (Markdown)",
    campaign_goal_label: "Goal (đồng)",
    campaign_bank: "Bank",
    campaign_account_number: "Account number",
    campaign_account_name: "Account name",
    campaign_opens: "Receiving from",
    campaign_closes: "Receiving until (at most 90 days)",
    campaign_cover: "Cover picture (JPEG, PNG or WebP, under 8 MB)",
    campaign_cover_kept: "Leave empty to keep the current picture.",
    campaign_published: "Published on the portal",
    campaign_draft: "Not published",
    campaign_save: "Save the campaign",
    campaign_link_needs: "Linked needs (published)",
    drop_off_place: "Place",
    drop_off_address: "Address",
    drop_off_hours: "Hours",
    drop_off_from: "From",
    drop_off_to: "Until",
    campaign_view_public: "See the public page",
    footer_coordinator: "Coordinating body",
    footer_open_data: "Open data (API)",
    pledge_instalments: "How to pay",
    pledge_at_once: "All at once",
    pledge_instalments_hint: "You may pay in monthly instalments (for example 9 over a school year); the first is due today, and each has its own transfer message.",
    thanks_received: "Received",
    thanks_paid_in_full: "This pledge has been received in full. Thank you!",
    receipt_open: "Print the acknowledgement of receipt",
    instalments_title: "Instalment schedule",
    instalment_col_number: "No.",
    instalment_col_due: "Due on",
    instalment_col_amount: "Amount",
    instalment_col_paid: "Paid",
    receipt_title: "Acknowledgement of receipt",
    receipt_number: "No.",
    receipt_nation: "SOCIALIST REPUBLIC OF VIET NAM",
    receipt_motto: "Independence - Freedom - Happiness",
    receipt_donor: "Donor",
    receipt_tax_code: "Tax code",
    receipt_pledged: "Pledged",
    receipt_for: "For",
    receipt_received: "Total received",
    receipt_in_words: "In words",
    receipt_payments: "Received on",
    receipt_col_date: "Date",
    receipt_col_amount: "Amount",
    receipt_signature: "FOR THE RECEIVING BODY",
    receipt_signature_hint: "(signature, full name and seal)",
    receipt_print_hint: "To print it or save it as a PDF, use the browser's Print command (Ctrl+P).",
    receipt_back: "Back to the pledge",
    receipt_not_ready_title: "No acknowledgement yet",
    receipt_not_ready_body: "An acknowledgement exists once the gift has been received and matched. Please check the reference or come back later.",
    forward_title: "Forward from a common fund",
    forward_intro: "When an organisation (Fatherland Front, Red Cross, Women's Union, Youth Union…) forwards money pooled in its common fund to a need, record it here: the money moves from the fund to the need and the totals count it once.",
    forward_member: "Organisation holding the fund",
    forward_need: "To the need",
    forward_evidence: "Evidence (bank transaction, payment voucher number)",
    forward_submit: "Record the forwarding",
    import_progress_title: "Importing a statement",
    import_failed: "The import stopped part-way; the lines already processed are kept, and uploading the file again continues it.",
    import_to_review: "See the lines waiting for review",
    flow_col_group: "Group",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_province_reads_naturally_inside_a_sentence() {
        assert_eq!(Lang::Vi.province_in_sentence("Tỉnh Thái Nguyên"), "tỉnh Thái Nguyên");
        assert_eq!(Lang::En.province_in_sentence("Tỉnh Thái Nguyên"), "Thái Nguyên province");
    }
}
