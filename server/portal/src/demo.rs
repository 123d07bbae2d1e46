//! `portal seed-demo`: realistic needs across real communes and all four kinds of support, and
//! campaigns around them, every one flagged as demo data (the pages show a banner and a badge while any is public).

use crate::store::{DemoCampaigns, DemoMember, DropOffRecord, NetworkMemberRecord, NewCampaign, NewNeed, StoredImage};
use domain::{Category, DonorKind, NeedStatus};
use time::Date;
use time::macros::date;

#[allow(clippy::too_many_arguments)]
fn need(
    commune_code: &str,
    site: Option<&str>,
    category: Category,
    title: &str,
    description: &str,
    children: i64,
    (quantity, unit, unit_cost): (i64, &str, i64),
    (period_start, period_end): (Date, Date),
    status: NeedStatus,
) -> NewNeed {
    NewNeed {
        commune_code: commune_code.to_owned(),
        site: site.map(str::to_owned),
        category,
        title: title.to_owned(),
        description: description.to_owned(),
        children,
        quantity,
        unit: unit.to_owned(),
        unit_cost,
        period_start,
        period_end,
        status,
        demo: true,
    }
}

pub fn demo_needs() -> Vec<NewNeed> {
    use Category::*;
    use NeedStatus::*;
    let school_year = (date!(2026 - 09 - 07), date!(2027 - 05 - 31));
    let winter = (date!(2026 - 12 - 01), date!(2027 - 02 - 28));
    let spring = (date!(2027 - 03 - 01), date!(2027 - 04 - 30));
    vec![
        need(
            "05719",
            Some("Trường Mầm non Sảng Mộc"),
            Nutrition,
            "Bổ sung bữa trưa dinh dưỡng cho trẻ mầm non bán trú",
            "Trường có 85 trẻ ăn bán trú; phần đóng góp của gia đình chưa đủ để bữa trưa có đủ thịt, trứng và rau xanh. \
             Mỗi suất được bổ sung 15.000 đồng trong năm học 2026–2027.",
            85,
            (12_750, "suất ăn", 15_000),
            school_year,
            Published,
        ),
        need(
            "05725",
            Some("Trường PTDTBT Tiểu học Thần Sa"),
            WarmClothes,
            "Áo ấm, mũ len và tất cho học sinh tiểu học bán trú",
            "Nhiệt độ về đêm ở các thôn vùng cao có khi xuống dưới 5°C. Mỗi em được một bộ gồm áo khoác, mũ len và hai đôi tất, đúng cỡ theo danh sách lớp do nhà trường lập.",
            140,
            (140, "bộ", 350_000),
            (date!(2026 - 12 - 01), date!(2027 - 01 - 31)),
            Published,
        ),
        need(
            "05722",
            None,
            Health,
            "Khám sức khỏe định kỳ và tẩy giun cho trẻ mầm non, tiểu học",
            "Trạm Y tế xã phối hợp với nhà trường khám tổng quát, cân đo, tẩy giun và tư vấn dinh dưỡng cho trẻ; trường hợp cần điều trị được chuyển tuyến.",
            320,
            (320, "lượt khám", 120_000),
            spring,
            Published,
        ),
        need(
            "01906",
            Some("Điểm trường mầm non thôn Pác Ngòi"),
            Recreation,
            "Sân chơi ngoài trời an toàn cho điểm trường mầm non",
            "Điểm trường chưa có sân chơi. Bộ thiết bị gồm cầu trượt, xích đu, nhà bóng và thảm cao su lót nền, lắp đặt theo hướng dẫn của ngành giáo dục.",
            45,
            (1, "bộ thiết bị", 85_000_000),
            (date!(2027 - 01 - 15), date!(2027 - 06 - 30)),
            Published,
        ),
        need(
            "01879",
            Some("Trường PTDTBT Tiểu học Cao Minh"),
            WarmClothes,
            "Chăn ấm cho học sinh ở bán trú",
            "Khu bán trú có 120 học sinh ở lại trường trong tuần; chăn hiện có đã cũ, không đủ ấm trong những đợt rét đậm.",
            120,
            (120, "chiếc", 280_000),
            winter,
            Published,
        ),
        need(
            "01957",
            Some("Trường Mầm non Thượng Quan"),
            Nutrition,
            "Sữa học đường cho trẻ mầm non",
            "Mỗi trẻ được một hộp sữa vào buổi chiều trong các ngày học của năm học.",
            60,
            (10_800, "hộp", 8_000),
            school_year,
            Published,
        ),
        need(
            "02185",
            None,
            Health,
            "Khám mắt và cấp kính cho học sinh tiểu học",
            "Khám khúc xạ cho toàn bộ học sinh tiểu học của xã; em nào cần kính được cấp kính miễn phí.",
            210,
            (210, "lượt khám", 150_000),
            spring,
            Published,
        ),
        need(
            "05602",
            None,
            Recreation,
            "Tủ sách và đồ chơi cho nhà văn hóa thôn",
            "Góc đọc và đồ chơi dân gian đặt tại nhà văn hóa để trẻ sinh hoạt ngày nghỉ và dịp hè.",
            75,
            (1, "bộ", 25_000_000),
            (date!(2027 - 05 - 15), date!(2027 - 08 - 31)),
            Published,
        ),
        need(
            "05542",
            Some("Trường Mầm non Lam Vỹ"),
            WarmClothes,
            "Áo khoác giữ ấm cho trẻ mầm non",
            "Áo khoác chần bông cho trẻ từ 3 đến 5 tuổi; nhà trường đã lập danh sách cỡ áo theo lớp.",
            95,
            (95, "chiếc", 250_000),
            winter,
            Published,
        ),
        need(
            "02155",
            Some("Trường PTDTBT Tiểu học Na Rì"),
            Nutrition,
            "Nâng chất lượng bữa ăn bán trú: thêm thịt, trứng, sữa",
            "Bổ sung 10.000 đồng mỗi suất để bữa ăn bán trú có thêm thực phẩm giàu đạm theo thực đơn do ngành y tế hướng dẫn.",
            180,
            (27_000, "suất ăn", 10_000),
            school_year,
            Published,
        ),
        need(
            "01954",
            None,
            Health,
            "Cân đo, khám dinh dưỡng và tư vấn cho trẻ dưới 6 tuổi",
            "Đợt khám dinh dưỡng đầu mùa đông, phát hiện sớm trẻ suy dinh dưỡng để can thiệp kịp thời.",
            260,
            (260, "lượt khám", 80_000),
            (date!(2027 - 01 - 04), date!(2027 - 02 - 15)),
            Published,
        ),
        need(
            "02143",
            Some("Điểm trường mầm non ghép lớp"),
            Recreation,
            "Đồ chơi và thiết bị vui chơi trong nhà cho lớp mầm non ghép",
            "Ba lớp mầm non ghép cần đồ chơi phát triển vận động, xếp hình và góc âm nhạc.",
            30,
            (3, "bộ", 12_000_000),
            (date!(2026 - 12 - 15), date!(2027 - 03 - 31)),
            Published,
        ),
        need(
            "02038",
            Some("Trường PTDTBT Tiểu học Quảng Bạch"),
            WarmClothes,
            "Ủng và găng tay cho học sinh đi học đường đất",
            "Đề xuất của nhà trường, đang chờ cơ quan điều phối duyệt.",
            110,
            (110, "bộ", 180_000),
            winter,
            Submitted,
        ),
        need(
            "01864",
            None,
            Nutrition,
            "Bữa sáng cho học sinh tiểu học ở xa trường",
            "Bản nháp của cán bộ xã, chưa gửi duyệt.",
            70,
            (12_600, "suất ăn", 12_000),
            school_year,
            Draft,
        ),
    ]
}

/// The demo campaigns (two receiving now, one already closed) and the network members donors can
/// name as having mobilised them. Windows are set around `today`, so the demo always has open
/// campaigns; the accounts are placeholders at real banks (real BINs), marked as demo.
pub fn demo_campaigns(today: Date) -> DemoCampaigns {
    let day = |offset: i64| today + time::Duration::days(offset);
    let member = |slug: &str, kind: DonorKind, name: &str, description: &str, categories: &[Category]| DemoMember {
        member: NetworkMemberRecord { slug: slug.to_owned(), kind, name: name.to_owned() },
        description: description.to_owned(),
        categories: categories.to_vec(),
    };
    let drop_off = |place: &str, address: &str, (from, to): (i64, i64), hours: &str| DropOffRecord {
        place: place.to_owned(),
        address: address.to_owned(),
        opens_on: day(from),
        closes_on: day(to),
        hours: hours.to_owned(),
    };
    #[allow(clippy::too_many_arguments)]
    let campaign = |slug: &str,
                    title: &str,
                    summary: &str,
                    story: &str,
                    goal: i64,
                    (bank_bin, account_number): (&str, &str),
                    (opens, closes): (i64, i64),
                    drop_offs: Vec<DropOffRecord>| NewCampaign {
        slug: slug.to_owned(),
        title: title.to_owned(),
        summary: summary.to_owned(),
        story: story.to_owned(),
        goal,
        bank_bin: bank_bin.to_owned(),
        // Fictitious, one per campaign: a transfer tells by its account which campaign it is for.
        account_number: account_number.to_owned(),
        account_name: "TAI KHOAN MINH HOA - KHONG CHUYEN TIEN".to_owned(),
        opens_on: day(opens),
        closes_on: day(closes),
        cover_image_id: None,
        published: true,
        need_ids: Vec::new(),
        drop_offs,
        demo: true,
    };
    let cover = |top: [u8; 3], bottom: [u8; 3]| {
        crate::pictures::demo_cover(top, bottom).map(|p| StoredImage {
            id: 0,
            content_type: p.content_type.to_owned(),
            width: i64::from(p.width),
            height: i64::from(p.height),
            bytes: p.bytes,
        })
    };
    let titles = |list: &[&str]| list.iter().map(|t| (*t).to_owned()).collect::<Vec<_>>();
    DemoCampaigns {
        members: vec![
            member(
                "mttq-tinh",
                DonorKind::MassOrganisation,
                "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Thái Nguyên",
                "Vận động áo ấm, chăn màn và các hình thức hỗ trợ khác cho trẻ em các xã đặc biệt khó khăn; \
                 dành một phần Quỹ Vì người nghèo hằng năm cho trẻ em.",
                &[Category::WarmClothes, Category::Nutrition],
            ),
            member(
                "chu-thap-do-tinh",
                DonorKind::MassOrganisation,
                "Hội Chữ thập đỏ tỉnh Thái Nguyên",
                "Phối hợp với ngành y tế tổ chức khám sức khỏe, cấp thuốc và vận động quà cho trẻ em vùng cao.",
                &[Category::Health, Category::WarmClothes],
            ),
            member(
                "hoi-phu-nu-tinh",
                DonorKind::MassOrganisation,
                "Hội Liên hiệp Phụ nữ tỉnh Thái Nguyên",
                "Vận động hội viên góp gạo, thực phẩm cho bữa trưa bán trú và may áo ấm cho trẻ em.",
                &[Category::Nutrition, Category::WarmClothes],
            ),
            member(
                "tinh-doan",
                DonorKind::MassOrganisation,
                "Tỉnh đoàn Thái Nguyên",
                "Đoàn viên thanh niên tình nguyện xây sân chơi, tổ chức hoạt động vui chơi và trao quà cho thiếu nhi.",
                &[Category::Recreation, Category::WarmClothes],
            ),
        ],
        campaigns: vec![
            (
                campaign(
                    "ao-am-cho-em-vung-cao-dong-2026",
                    "Áo ấm cho em vùng cao — mùa đông 2026",
                    "Mỗi bộ áo khoác, mũ len, tất và một chiếc chăn giúp học sinh bán trú vượt qua những đêm rét dưới 5°C.",
                    "## Vì sao cần áo ấm\n\n\
                     Ở các thôn vùng cao của tỉnh, nhiệt độ ban đêm mùa đông có khi xuống dưới 5°C. Nhiều em học sinh \
                     bán trú chỉ có một chiếc áo khoác mỏng.\n\n\
                     ## Đóng góp được dùng thế nào\n\n\
                     - Áo khoác, mũ len và tất theo đúng cỡ do nhà trường lập danh sách;\n\
                     - chăn ấm cho khu bán trú;\n\
                     - hiện vật được tiếp nhận tại các điểm dưới đây và trao tận trường.\n\n\
                     Mọi khoản ủng hộ đều được ghi nhận theo mã đăng ký và công khai khi kết thúc đợt vận động.",
                    120_000_000,
                    ("970436", "0000000000000"),
                    (-10, 59),
                    vec![
                        drop_off(
                            "Ủy ban Mặt trận Tổ quốc Việt Nam xã Thần Sa",
                            "Trụ sở UBND xã Thần Sa",
                            (-10, 45),
                            "7h30–11h00 và 13h30–16h30 các ngày làm việc",
                        ),
                        drop_off("Trường PTDTBT Tiểu học Cao Minh", "Khu bán trú", (-5, 50), "Sáng thứ Bảy hằng tuần"),
                    ],
                ),
                titles(&[
                    "Áo ấm, mũ len và tất cho học sinh tiểu học bán trú",
                    "Chăn ấm cho học sinh ở bán trú",
                    "Áo khoác giữ ấm cho trẻ mầm non",
                ]),
                cover([196, 224, 236], [36, 92, 64]),
            ),
            (
                campaign(
                    "bua-trua-du-chat-nam-hoc-2026-2027",
                    "Bữa trưa đủ chất cho học sinh bán trú năm học 2026–2027",
                    "Thêm 10.000–15.000 đồng mỗi suất để bữa trưa bán trú có thịt, trứng, sữa và rau xanh.",
                    "Bữa trưa ở trường là bữa ăn đủ chất nhất trong ngày của nhiều em. Khoản bổ sung được chuyển cho \
                     nhà trường theo từng tháng, thực đơn do ngành y tế hướng dẫn và được công khai tại trường.",
                    600_000_000,
                    ("970418", "0000000000018"),
                    (-20, 69),
                    Vec::new(),
                ),
                titles(&[
                    "Bổ sung bữa trưa dinh dưỡng cho trẻ mầm non bán trú",
                    "Nâng chất lượng bữa ăn bán trú: thêm thịt, trứng, sữa",
                    "Sữa học đường cho trẻ mầm non",
                ]),
                cover([252, 236, 196], [170, 96, 40]),
            ),
            (
                campaign(
                    "kham-mat-cap-kinh-hoc-sinh-2026",
                    "Khám mắt và cấp kính cho học sinh tiểu học",
                    "Đợt vận động đã kết thúc tiếp nhận; báo cáo kết quả sẽ được công khai trên trang này.",
                    "Khám khúc xạ cho học sinh tiểu học và cấp kính miễn phí cho những em cần.",
                    40_000_000,
                    ("970405", "0000000000005"),
                    (-100, -11),
                    Vec::new(),
                ),
                titles(&["Khám mắt và cấp kính cho học sinh tiểu học"]),
                None,
            ),
        ],
    }
}
