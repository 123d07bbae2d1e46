//! `portal seed-demo`: realistic needs across real communes and all four kinds of support, every
//! one flagged as demo data (the pages show a banner and a badge while any is public).

use app::model::{Category, NeedStatus};
use app::store::NewNeed;
use time::macros::date;
use time::Date;

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
        need("05719", Some("Trường Mầm non Sảng Mộc"), Nutrition,
            "Bổ sung bữa trưa dinh dưỡng cho trẻ mầm non bán trú",
            "Trường có 85 trẻ ăn bán trú; phần đóng góp của gia đình chưa đủ để bữa trưa có đủ thịt, trứng và rau xanh. \
             Mỗi suất được bổ sung 15.000 đồng trong năm học 2026–2027.",
            85, (12_750, "suất ăn", 15_000), school_year, Published),
        need("05725", Some("Trường PTDTBT Tiểu học Thần Sa"), WarmClothes,
            "Áo ấm, mũ len và tất cho học sinh tiểu học bán trú",
            "Nhiệt độ về đêm ở các thôn vùng cao có khi xuống dưới 5°C. Mỗi em được một bộ gồm áo khoác, mũ len và hai đôi tất, đúng cỡ theo danh sách lớp do nhà trường lập.",
            140, (140, "bộ", 350_000), (date!(2026 - 12 - 01), date!(2027 - 01 - 31)), Published),
        need("05722", None, Health,
            "Khám sức khỏe định kỳ và tẩy giun cho trẻ mầm non, tiểu học",
            "Trạm Y tế xã phối hợp với nhà trường khám tổng quát, cân đo, tẩy giun và tư vấn dinh dưỡng cho trẻ; trường hợp cần điều trị được chuyển tuyến.",
            320, (320, "lượt khám", 120_000), spring, Published),
        need("01906", Some("Điểm trường mầm non thôn Pác Ngòi"), Recreation,
            "Sân chơi ngoài trời an toàn cho điểm trường mầm non",
            "Điểm trường chưa có sân chơi. Bộ thiết bị gồm cầu trượt, xích đu, nhà bóng và thảm cao su lót nền, lắp đặt theo hướng dẫn của ngành giáo dục.",
            45, (1, "bộ thiết bị", 85_000_000), (date!(2027 - 01 - 15), date!(2027 - 06 - 30)), Published),
        need("01879", Some("Trường PTDTBT Tiểu học Cao Minh"), WarmClothes,
            "Chăn ấm cho học sinh ở bán trú",
            "Khu bán trú có 120 học sinh ở lại trường trong tuần; chăn hiện có đã cũ, không đủ ấm trong những đợt rét đậm.",
            120, (120, "chiếc", 280_000), winter, Published),
        need("01957", Some("Trường Mầm non Thượng Quan"), Nutrition,
            "Sữa học đường cho trẻ mầm non",
            "Mỗi trẻ được một hộp sữa vào buổi chiều trong các ngày học của năm học.",
            60, (10_800, "hộp", 8_000), school_year, Published),
        need("02185", None, Health,
            "Khám mắt và cấp kính cho học sinh tiểu học",
            "Khám khúc xạ cho toàn bộ học sinh tiểu học của xã; em nào cần kính được cấp kính miễn phí.",
            210, (210, "lượt khám", 150_000), spring, Published),
        need("05602", None, Recreation,
            "Tủ sách và đồ chơi cho nhà văn hóa thôn",
            "Góc đọc và đồ chơi dân gian đặt tại nhà văn hóa để trẻ sinh hoạt ngày nghỉ và dịp hè.",
            75, (1, "bộ", 25_000_000), (date!(2027 - 05 - 15), date!(2027 - 08 - 31)), Published),
        need("05542", Some("Trường Mầm non Lam Vỹ"), WarmClothes,
            "Áo khoác giữ ấm cho trẻ mầm non",
            "Áo khoác chần bông cho trẻ từ 3 đến 5 tuổi; nhà trường đã lập danh sách cỡ áo theo lớp.",
            95, (95, "chiếc", 250_000), winter, Covered),
        need("02155", Some("Trường PTDTBT Tiểu học Na Rì"), Nutrition,
            "Nâng chất lượng bữa ăn bán trú: thêm thịt, trứng, sữa",
            "Bổ sung 10.000 đồng mỗi suất để bữa ăn bán trú có thêm thực phẩm giàu đạm theo thực đơn do ngành y tế hướng dẫn.",
            180, (27_000, "suất ăn", 10_000), school_year, Published),
        need("01954", None, Health,
            "Cân đo, khám dinh dưỡng và tư vấn cho trẻ dưới 6 tuổi",
            "Đợt khám dinh dưỡng đầu mùa đông, phát hiện sớm trẻ suy dinh dưỡng để can thiệp kịp thời.",
            260, (260, "lượt khám", 80_000), (date!(2026 - 10 - 01), date!(2026 - 11 - 15)), Fulfilled),
        need("02143", Some("Điểm trường mầm non ghép lớp"), Recreation,
            "Đồ chơi và thiết bị vui chơi trong nhà cho lớp mầm non ghép",
            "Ba lớp mầm non ghép cần đồ chơi phát triển vận động, xếp hình và góc âm nhạc.",
            30, (3, "bộ", 12_000_000), (date!(2026 - 12 - 15), date!(2027 - 03 - 31)), Published),
        need("02038", Some("Trường PTDTBT Tiểu học Quảng Bạch"), WarmClothes,
            "Ủng và găng tay cho học sinh đi học đường đất",
            "Đề xuất của nhà trường, đang chờ cơ quan điều phối duyệt.",
            110, (110, "bộ", 180_000), winter, Submitted),
        need("01864", None, Nutrition,
            "Bữa sáng cho học sinh tiểu học ở xa trường",
            "Bản nháp của cán bộ xã, chưa gửi duyệt.",
            70, (12_600, "suất ăn", 12_000), school_year, Draft),
    ]
}
