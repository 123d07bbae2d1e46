//! Texts that carry a value — a number, a name, a date — formatted in both languages side by
//! side: each `match` is exhaustive over the language, so a missing translation does not compile.

use super::Lang;
use super::plural::{count, noun};

impl Lang {
    /// "12 dòng: 3 đã nhập trước đó, 5 đăng ký được xác nhận, …"
    pub fn import_outcome(self, o: &crate::ImportOutcome) -> String {
        match self {
            Lang::Vi => {
                let mut text = format!(
                    "Đã đọc {} dòng: {} dòng đã nhập trước đó (bỏ qua), {} đăng ký được xác nhận, {} khoản chuyển một phần, {} khoản chờ đối chiếu.",
                    o.lines, o.already_imported, o.confirmed, o.part_payments, o.to_review
                );
                if o.not_ours > 0 {
                    text.push_str(&format!(" {} khoản vào tài khoản khác (không tính).", o.not_ours));
                }
                if o.money_out > 0 {
                    text.push_str(&format!(" {} khoản chi chờ gán mục đích.", o.money_out));
                }
                text
            }
            Lang::En => {
                let mut text = format!(
                    "{} read: {} imported before (skipped), {} confirmed, {}, {} waiting for review.",
                    count(o.lines, "line", "lines"),
                    o.already_imported,
                    count(o.confirmed, "pledge", "pledges"),
                    count(o.part_payments, "part payment", "part payments"),
                    o.to_review
                );
                if o.not_ours > 0 {
                    text.push_str(&format!(" {} to another account (not counted).", o.not_ours));
                }
                if o.money_out > 0 {
                    text.push_str(&format!(" {} paid out, to assign.", o.money_out));
                }
                text
            }
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
            Lang::En => format!(
                "{} of {} statement {} processed…",
                group_digits(done),
                group_digits(total),
                noun(total, "line", "lines")
            ),
        }
    }

    /// "9 kỳ hằng tháng" / "9 monthly instalments".
    pub fn instalment_count(self, n: i64) -> String {
        match self {
            Lang::Vi => format!("{n} kỳ hằng tháng"),
            Lang::En => count(n, "monthly instalment", "monthly instalments"),
        }
    }

    /// The payment section's heading for one instalment.
    pub fn instalment_pay_title(self, n: i64) -> String {
        match self {
            Lang::Vi => format!("Chuyển khoản kỳ {n} bằng VietQR"),
            Lang::En => format!("Pay instalment {n} by VietQR"),
        }
    }

    /// "Còn 12 ngày" / "12 days left".
    pub fn days_left(self, days: i64) -> String {
        match self {
            Lang::Vi => format!("Còn {days} ngày"),
            Lang::En => count(days, "day left", "days left"),
        }
    }

    // The home page's totals: a number, and under it what it counts

    /// "nhu cầu đang mở" / "open needs" ("open need" under a 1).
    pub fn totals_open_needs(self, n: i64) -> &'static str {
        match self {
            Lang::Vi => "nhu cầu đang mở",
            Lang::En => noun(n, "open need", "open needs"),
        }
    }

    /// "trẻ em cần được hỗ trợ" / "children to support" ("child to support" under a 1).
    pub fn totals_children(self, n: i64) -> &'static str {
        match self {
            Lang::Vi => "trẻ em cần được hỗ trợ",
            Lang::En => noun(n, "child to support", "children to support"),
        }
    }

    /// "120 trẻ em" / "120 children".
    pub fn children(self, n: i64) -> String {
        let written = crate::format::group_digits(n);
        match self {
            Lang::Vi => format!("{written} trẻ em"),
            Lang::En => format!("{written} {}", noun(n, "child", "children")),
        }
    }

    /// A campaign's headline figures: "45% mục tiêu · 12 lượt ủng hộ" / "45% of the goal · 12 pledges".
    pub fn campaign_headline(self, percent: i64, pledges: i64) -> String {
        let count = crate::format::group_digits(pledges);
        match self {
            Lang::Vi => format!("{percent}% mục tiêu · {count} lượt ủng hộ"),
            Lang::En => format!("{percent}% of the goal · {count} {}", noun(pledges, "pledge", "pledges")),
        }
    }

    /// "Trang 2/5" / "Page 2 of 5".
    pub fn page_of(self, page: u32, pages: u32) -> String {
        match self {
            Lang::Vi => format!("Trang {page}/{pages}"),
            Lang::En => format!("Page {page} of {pages}"),
        }
    }

    /// "12 nhu cầu" / "12 needs".
    pub fn needs_found(self, n: i64) -> String {
        let written = crate::format::group_digits(n);
        match self {
            Lang::Vi => format!("{written} nhu cầu"),
            Lang::En => format!("{written} {}", noun(n, "need", "needs")),
        }
    }

    /// A commune's own office, as an implementer: "UBND xã Thần Sa" / "Thần Sa commune office".
    pub fn commune_office(self, commune_in_sentence: &str) -> String {
        match self {
            Lang::Vi => format!("Ủy ban nhân dân {commune_in_sentence}"),
            Lang::En => format!("{commune_in_sentence} office"),
        }
    }

    /// A province or commune as prose names it: "tỉnh Thái Nguyên", "tại xã Thần Sa" /
    /// "Thái Nguyên province", "Thần Sa commune". A label keeps the official "Xã Thần Sa".
    pub fn place_in_sentence(self, official_name: &str) -> String {
        const KINDS: [(&str, &str); 7] = [
            ("Tỉnh ", "province"),
            ("Xã ", "commune"),
            ("Phường ", "ward"),
            ("Thị trấn ", "township"),
            ("Đặc khu ", "special zone"),
            ("Thành phố ", "city"),
            ("Huyện ", "district"),
        ];
        let Some((kind, name, english)) =
            KINDS.iter().find_map(|(kind, english)| official_name.strip_prefix(kind).map(|name| (kind, name, english)))
        else {
            return official_name.to_owned();
        };
        match self {
            Lang::Vi => format!("{}{name}", kind.to_lowercase()),
            Lang::En => format!("{name} {english}"),
        }
    }

    /// The programme in two sentences, for the home page.
    pub fn programme_summary(self, province_official_name: &str) -> String {
        let province = self.place_in_sentence(province_official_name);
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

    // The network directory and a member's profile

    /// "12 thành viên" / "12 members".
    pub fn members_found(self, n: i64) -> String {
        match self {
            Lang::Vi => format!("{n} thành viên"),
            Lang::En => count(n, "member", "members"),
        }
    }

    /// What a member mobilised: "3 nhà tài trợ, đã xác nhận 15.000.000 ₫".
    pub fn mobilised_summary(self, donors: i64, confirmed: i64) -> String {
        let confirmed = crate::format::vnd(confirmed);
        match self {
            Lang::Vi => format!("{donors} nhà tài trợ, đã xác nhận {confirmed}"),
            Lang::En => format!("{}, {confirmed} confirmed", count(donors, "donor", "donors")),
        }
    }

    // The recognition letter

    /// The letter's date line. Unlike [`Lang::dated_at`], the month always takes two digits.
    pub fn letter_dated(self, place: &str, on: time::Date) -> String {
        match self {
            Lang::Vi => format!("{place}, ngày {:02} tháng {:02} năm {}", on.day(), u8::from(on.month()), on.year()),
            Lang::En => format!("{place}, {}", crate::format::date(on)),
        }
    }

    /// "Đóng góp đã xác nhận năm 2026: 15.000.000 ₫."
    pub fn letter_confirmed(self, year: i64, confirmed: i64) -> String {
        let confirmed = crate::format::vnd(confirmed);
        match self {
            Lang::Vi => format!("Đóng góp đã xác nhận năm {year}: {confirmed}."),
            Lang::En => format!("Confirmed support in {year}: {confirmed}."),
        }
    }

    /// "Quyết định số 12/QĐ-UBND" / "Decision no. 12/QĐ-UBND".
    pub fn letter_decision(self, number: &str) -> String {
        match self {
            Lang::Vi => format!("Quyết định số {number}"),
            Lang::En => format!("Decision no. {number}"),
        }
    }

    // Possible duplicate donors, on a pledge in the staff area

    /// "trùng số điện thoại, mã số thuế" / "shares phone, tax code".
    pub fn duplicate_shares(self, what: &str) -> String {
        match self {
            Lang::Vi => format!("trùng {what}"),
            Lang::En => format!("shares {what}"),
        }
    }

    /// "3 đăng ký" / "3 pledges".
    pub fn pledge_count(self, n: i64) -> String {
        match self {
            Lang::Vi => format!("{n} đăng ký"),
            Lang::En => count(n, "pledge", "pledges"),
        }
    }

    // The receipt

    /// Whole đồng in words with a capital letter, as a receipt states them beside the figures:
    /// "Một triệu không trăm năm mươi nghìn đồng" / "One million fifty thousand dong".
    pub fn amount_in_words(self, amount: i64) -> String {
        use crate::in_words::{capitalised, english, vietnamese};
        let n = amount.unsigned_abs();
        match self {
            Lang::Vi => capitalised(&format!("{} đồng", vietnamese(n))),
            Lang::En => capitalised(&format!("{} dong", english(n))),
        }
    }

    // The open-data API (/api/v1)

    /// "Số mục mỗi trang phải từ 1 đến 100."
    pub fn api_invalid_per_page(self, max: u32) -> String {
        match self {
            Lang::Vi => format!("Số mục mỗi trang phải từ 1 đến {max}."),
            Lang::En => format!("Items per page must be from 1 to {max}."),
        }
    }

    /// A pledge sent to the API that is not one, with what the JSON reader found wrong.
    pub fn api_not_a_pledge(self, error: &dyn std::fmt::Display) -> String {
        match self {
            Lang::Vi => format!("Nội dung gửi lên không đúng định dạng JSON của đăng ký ủng hộ: {error}"),
            Lang::En => format!("The body is not a pledge in JSON: {error}"),
        }
    }

    // Reconciling a bank statement (staff)

    /// "Tệp sao kê lớn hơn 8 MB. …"
    pub fn statement_too_large(self, megabytes: usize) -> String {
        match self {
            Lang::Vi => format!(
                "Tệp sao kê lớn hơn {megabytes} MB. Xin tách thành nhiều tệp theo khoảng thời gian rồi tải lên lần lượt."
            ),
            Lang::En => format!(
                "The statement file is larger than {megabytes} MB. Please split it by period and upload the parts one by one."
            ),
        }
    }

    /// A reference typed to match a statement line that no open money pledge has.
    pub fn statement_no_open_pledge(self, reference: &str) -> String {
        match self {
            Lang::Vi => format!("Không có đăng ký chuyển tiền nào đang chờ với mã {reference}."),
            Lang::En => format!("No open money pledge has the reference {reference}."),
        }
    }

    /// A statement without a column the mapping names.
    pub fn statement_missing_column(self, column: &str) -> String {
        match self {
            Lang::Vi => format!("Dòng tiêu đề không có cột \"{column}\"."),
            Lang::En => format!("The header has no column \"{column}\"."),
        }
    }

    /// A statement refused for one line; `problem` is one of the `statement_line_…` texts.
    pub fn statement_line_refused(self, line: usize, problem: &str) -> String {
        match self {
            Lang::Vi => format!("Dòng {line}: {problem}. Chưa có dòng nào được nhập; xin sửa tệp rồi tải lên lại."),
            Lang::En => {
                format!("Line {line}: {problem}. Nothing was imported; please correct the file and upload it again.")
            }
        }
    }

    /// A statement line's date, as it stands in the file, that is not one.
    pub fn statement_line_not_a_date(self, text: &str) -> String {
        match self {
            Lang::Vi => format!("\"{text}\" không phải ngày"),
            Lang::En => format!("not a date: {text:?}"),
        }
    }

    pub fn statement_line_not_an_amount(self, text: &str) -> String {
        match self {
            Lang::Vi => format!("\"{text}\" không phải số tiền"),
            Lang::En => format!("not an amount: {text:?}"),
        }
    }

    pub fn statement_line_not_whole_dong(self, text: &str) -> String {
        match self {
            Lang::Vi => format!("số tiền \"{text}\" không phải số đồng chẵn"),
            Lang::En => format!("not whole đồng: {text:?}"),
        }
    }

    pub fn statement_line_ambiguous(self, text: &str) -> String {
        match self {
            Lang::Vi => {
                format!("số tiền \"{text}\" có dấu phân cách không rõ nghĩa (phần nghìn hay phần thập phân)")
            }
            Lang::En => format!("the separators of {text:?} do not say which is which"),
        }
    }

    pub fn statement_line_unreadable(self, error: &str) -> String {
        match self {
            Lang::Vi => format!("không đọc được dòng ({error})"),
            Lang::En => format!("unreadable: {error}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_english_count_of_one_is_singular_and_vietnamese_is_unchanged() {
        assert_eq!(Lang::En.children(1), "1 child");
        assert_eq!(Lang::En.children(2), "2 children");
        assert_eq!(Lang::En.children(1200), "1.200 children");
        assert_eq!(Lang::Vi.children(1), "1 trẻ em");
        assert_eq!(Lang::Vi.children(2), "2 trẻ em");
        assert_eq!(Lang::En.needs_found(1), "1 need");
        assert_eq!(Lang::En.needs_found(3), "3 needs");
        assert_eq!(Lang::Vi.needs_found(1), "1 nhu cầu");
        assert_eq!(Lang::Vi.needs_found(3), "3 nhu cầu");
        assert_eq!(Lang::En.days_left(1), "1 day left");
        assert_eq!(Lang::En.days_left(12), "12 days left");
        assert_eq!(Lang::Vi.days_left(1), "Còn 1 ngày");
        assert_eq!(Lang::Vi.days_left(12), "Còn 12 ngày");
        assert_eq!(Lang::En.instalment_count(1), "1 monthly instalment");
        assert_eq!(Lang::Vi.instalment_count(9), "9 kỳ hằng tháng");
        assert_eq!(Lang::En.import_progress(1, 1), "1 of 1 statement line processed…");
        assert_eq!(Lang::En.import_progress(1_500, 12_000), "1.500 of 12.000 statement lines processed…");
    }

    #[test]
    fn the_home_page_totals_read_with_their_number() {
        assert_eq!(Lang::En.totals_open_needs(1), "open need");
        assert_eq!(Lang::En.totals_open_needs(7), "open needs");
        assert_eq!(Lang::En.totals_children(1), "child to support");
        assert_eq!(Lang::En.totals_children(240), "children to support");
        assert_eq!(Lang::Vi.totals_open_needs(1), "nhu cầu đang mở");
        assert_eq!(Lang::Vi.totals_children(1), "trẻ em cần được hỗ trợ");
    }

    #[test]
    fn an_import_outcome_counts_its_lines_and_pledges() {
        let one = crate::ImportOutcome { lines: 1, confirmed: 1, part_payments: 1, ..Default::default() };
        assert_eq!(
            Lang::En.import_outcome(&one),
            "1 line read: 0 imported before (skipped), 1 pledge confirmed, 1 part payment, 0 waiting for review."
        );
        let many = crate::ImportOutcome {
            lines: 12,
            already_imported: 3,
            confirmed: 5,
            part_payments: 2,
            to_review: 2,
            ..Default::default()
        };
        assert_eq!(
            Lang::En.import_outcome(&many),
            "12 lines read: 3 imported before (skipped), 5 pledges confirmed, 2 part payments, 2 waiting for review."
        );
        assert_eq!(
            Lang::Vi.import_outcome(&one),
            "Đã đọc 1 dòng: 0 dòng đã nhập trước đó (bỏ qua), 1 đăng ký được xác nhận, 1 khoản chuyển một phần, 0 khoản chờ đối chiếu."
        );
    }

    #[test]
    fn the_network_counts_members_donors_and_pledges() {
        assert_eq!(Lang::En.members_found(1), "1 member");
        assert_eq!(Lang::En.members_found(4), "4 members");
        assert_eq!(Lang::Vi.members_found(1), "1 thành viên");
        assert_eq!(Lang::En.mobilised_summary(1, 500_000), "1 donor, 500.000 ₫ confirmed");
        assert_eq!(Lang::Vi.mobilised_summary(2, 500_000), "2 nhà tài trợ, đã xác nhận 500.000 ₫");
        assert_eq!(Lang::En.pledge_count(1), "1 pledge");
        assert_eq!(Lang::En.pledge_count(2), "2 pledges");
        assert_eq!(Lang::Vi.pledge_count(1), "1 đăng ký");
    }

    #[test]
    fn a_recognition_letter_is_dated_with_a_two_digit_month() {
        let on = time::macros::date!(2026 - 05 - 04);
        assert_eq!(Lang::Vi.letter_dated("Thái Nguyên", on), "Thái Nguyên, ngày 04 tháng 05 năm 2026");
        assert_eq!(Lang::Vi.dated_at("Thái Nguyên", on), "Thái Nguyên, ngày 04 tháng 5 năm 2026");
    }

    #[test]
    fn the_province_reads_naturally_inside_a_sentence() {
        assert_eq!(Lang::Vi.place_in_sentence("Tỉnh Thái Nguyên"), "tỉnh Thái Nguyên");
        assert_eq!(Lang::En.place_in_sentence("Tỉnh Thái Nguyên"), "Thái Nguyên province");
        assert_eq!(Lang::Vi.place_in_sentence("Xã Thần Sa"), "xã Thần Sa");
        assert_eq!(Lang::Vi.place_in_sentence("Thị trấn Hương Sơn"), "thị trấn Hương Sơn");
        assert_eq!(Lang::En.place_in_sentence("Xã Thần Sa"), "Thần Sa commune");
        assert_eq!(Lang::Vi.place_in_sentence("Xuân Phương"), "Xuân Phương");
    }
}
