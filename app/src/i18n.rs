//! Vietnamese first, English second. Every text a person reads is here, typed, so a missing
//! translation is a compile error rather than a blank on the page.

use crate::model::{Category, IgnoredFilter, NeedStatus, Role};
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
    pub need_pledge_soon: &'static str,
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
    pub footer_coordinator: &'static str,
    pub footer_open_data: &'static str,
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
    need_pledge_soon: "Chức năng đăng ký ủng hộ trực tuyến sắp được mở. Trong thời gian này, xin liên hệ cơ quan điều phối.",
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
    footer_coordinator: "Cơ quan điều phối",
    footer_open_data: "Dữ liệu mở (API)",
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
    need_pledge_soon: "Online pledging opens soon. Meanwhile, please contact the coordinating body.",
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
    footer_coordinator: "Coordinating body",
    footer_open_data: "Open data (API)",
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
