//! Names of the domain's enumerations and codes, both languages side by side: each `match` is
//! exhaustive over (language, value), so a missing translation does not compile.

use super::Lang;
use crate::{Category, FieldProblem, IgnoredFilter, NeedStatus, Role};

impl Lang {
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
            (Lang::Vi, FieldProblem::MobileForChannel) => {
                "Để nhận tin qua Zalo hoặc SMS, xin ghi số điện thoại di động (ví dụ 0912 345 678)."
            }
            (Lang::Vi, FieldProblem::EmailForChannel) => "Để nhận thư qua thư điện tử, xin ghi địa chỉ thư điện tử.",
            (Lang::En, FieldProblem::MobileForChannel) => {
                "To hear back by Zalo or SMS, please give a Vietnamese mobile number (e.g. 0912 345 678)."
            }
            (Lang::En, FieldProblem::EmailForChannel) => "To hear back by email, please give an email address.",
            (Lang::Vi, FieldProblem::NotAPhone) => "Số điện thoại chưa đúng (9–15 chữ số).",
            (Lang::Vi, FieldProblem::NotATaxCode) => {
                "Mã số thuế gồm 10 chữ số (hoặc 10 chữ số, gạch ngang và 3 chữ số với chi nhánh)."
            }
            (Lang::Vi, FieldProblem::TaxCodeForReceipt) => {
                "Doanh nghiệp xin ghi mã số thuế: biên nhận của Đề án ghi tên và mã số thuế của đơn vị."
            }
            (Lang::Vi, FieldProblem::AmountNotPositive) => "Số tiền ủng hộ phải lớn hơn 0 đồng.",
            (Lang::Vi, FieldProblem::ConsentRequired) => "Xin đọc và đồng ý với chính sách quyền riêng tư để tiếp tục.",
            (Lang::En, FieldProblem::ContactRequired) => {
                "Please leave an email or a phone number so we can thank you and confirm."
            }
            (Lang::En, FieldProblem::NotAPhone) => "The phone number is not right (9–15 digits).",
            (Lang::En, FieldProblem::NotATaxCode) => {
                "A tax code has 10 digits (or 10 digits, a dash and 3 for a branch)."
            }
            (Lang::En, FieldProblem::TaxCodeForReceipt) => {
                "A business needs its tax code: the programme's receipt carries the business's name and tax code."
            }
            (Lang::En, FieldProblem::AmountNotPositive) => "The amount must be more than 0 đồng.",
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
            (Lang::Vi, "digest") => "Bản tin định kỳ",
            (Lang::En, "acknowledgement") => "Thanks and how to pay",
            (Lang::En, "receipt") => "Receipt",
            (Lang::En, "reminder") => "Payment reminder",
            (Lang::En, "recognition") => "Recognition",
            (Lang::En, "delivery_report") => "Delivery report",
            (Lang::En, "welcome") => "Welcome to the network",
            (Lang::En, "sign_in_link") => "Sign-in link",
            (Lang::En, "digest") => "Regular news",
            (_, _) => "—",
        }
    }

    pub fn pledge_status(self, status: &str) -> &'static str {
        match (self, status) {
            (Lang::Vi, "pledged") => "Đã đăng ký",
            (Lang::Vi, "partly_paid") => "Đã nhận một phần",
            (Lang::Vi, "confirmed") => "Đã nhận",
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

    /// The outcome of a staff action, as the next page announces it.
    pub fn done(self, code: &str) -> Option<&'static str> {
        Some(match (self, code) {
            (Lang::Vi, "saved") => "Đã lưu nhu cầu.",
            (Lang::Vi, "plan_staged") => {
                "Đã nhận bản dự thảo kế hoạch; kế hoạch được công khai khi cán bộ điều phối công bố."
            }
            (Lang::Vi, "plan_published") => "Đã công bố kế hoạch năm.",
            (Lang::Vi, "partner_plan_saved") => "Đã lưu kế hoạch vận động.",
            (Lang::En, "partner_plan_saved") => "The mobilisation plan is saved.",
            (Lang::Vi, "report_submitted") => "Đã gửi báo cáo năm về Sở; kế hoạch và báo cáo của năm đã được khóa.",
            (Lang::En, "report_submitted") => {
                "The year's report is submitted to the department; the year's plan and report are now locked."
            }
            (Lang::En, "plan_staged") => "The draft plan is in; it is public once a coordinator publishes it.",
            (Lang::En, "plan_published") => "The year's plan is published.",
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
            (Lang::Vi, "already_recorded") => {
                "Khoản ủng hộ này đã được ghi nhận trước đó, nên không ghi thêm lần nữa. Thông tin dưới đây là của lần đăng ký đầu tiên."
            }
            (Lang::Vi, "token_reused") => "Biểu mẫu này đã được gửi với nội dung khác. Xin kiểm tra lại và gửi lại.",
            (Lang::Vi, "pledge_confirmed") => {
                "Đã xác nhận khoản ủng hộ và ghi vào sổ theo dõi; thư xác nhận sẽ được gửi cho người ủng hộ."
            }
            (Lang::En, "pledge_confirmed") => "Confirmed and entered in the ledger; the donor will receive a receipt.",
            (Lang::Vi, "money_out_assigned") => "Đã gán khoản chi cho nhu cầu và đơn vị thực hiện.",
            (Lang::En, "money_out_assigned") => "The payment is assigned to the need and its implementer.",
            (Lang::Vi, "line_set_aside") => {
                "Đã để riêng khoản này cùng lý do; khoản này không được tính là khoản ủng hộ."
            }
            (Lang::En, "line_set_aside") => "The line is set aside with its reason; it does not count as a donation.",
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
            (Lang::En, "already_recorded") => {
                "This pledge was already recorded, so it was not recorded again. Below is the first one."
            }
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

    /// A notice channel's name.
    pub fn notice_channel(self, c: crate::NoticeChannel) -> &'static str {
        use crate::NoticeChannel::*;
        match (self, c) {
            (Lang::Vi, Email) => "Thư điện tử",
            (Lang::En, Email) => "Email",
            (_, Zalo) => "Zalo",
            (Lang::Vi, Sms) => "Tin nhắn SMS",
            (Lang::En, Sms) => "SMS",
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

    /// The kind in the plural, as the network directory's filter names it.
    pub fn donor_kind_plural(self, k: crate::DonorKind) -> &'static str {
        use crate::DonorKind::*;
        match (self, k) {
            (Lang::Vi, Individual) => "Cá nhân",
            (Lang::Vi, Business) => "Doanh nghiệp",
            (Lang::Vi, Organisation) => "Tổ chức",
            (Lang::Vi, MassOrganisation) => "Mặt trận, đoàn thể và các chi hội",
            (Lang::Vi, Fund) => "Quỹ xã hội, quỹ từ thiện",
            (Lang::En, Individual) => "Individuals",
            (Lang::En, Business) => "Businesses",
            (Lang::En, Organisation) => "Organisations",
            (Lang::En, MassOrganisation) => "Fatherland Front, mass organisations and their chapters",
            (Lang::En, Fund) => "Social and charity funds",
        }
    }
}
