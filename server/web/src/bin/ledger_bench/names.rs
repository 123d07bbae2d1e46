//! Vietnamese names of people, businesses and organisations, drawn with realistic weights.

use super::load::{lowercase_first, one, pick};
use super::*;

/// Family names by share (‰), with the Tày, Nùng and Dao families common in the province.
const FAMILIES: &[(&str, u32)] = &[
    ("Nguyễn", 370),
    ("Trần", 100),
    ("Lê", 85),
    ("Phạm", 65),
    ("Hoàng", 55),
    ("Phan", 40),
    ("Vũ", 38),
    ("Đặng", 20),
    ("Bùi", 20),
    ("Đỗ", 15),
    ("Hồ", 10),
    ("Ngô", 13),
    ("Dương", 12),
    ("Lý", 6),
    ("Hà", 18),
    ("Ma", 10),
    ("Nông", 12),
    ("Lục", 6),
    ("Triệu", 8),
    ("Đào", 9),
    ("Đinh", 8),
    ("Lương", 8),
    ("Trịnh", 6),
    ("Mai", 5),
    ("Lâm", 5),
    ("Chu", 6),
    ("La", 4),
    ("Hứa", 4),
    ("Tô", 4),
    ("Đàm", 4),
    ("Quan", 3),
    ("Âu", 2),
];

const MIDDLE_MALE: &[(&str, u32)] = &[
    ("Văn", 45),
    ("Đức", 10),
    ("Minh", 9),
    ("Quang", 7),
    ("Hữu", 7),
    ("Thành", 5),
    ("Xuân", 5),
    ("Công", 5),
    ("Mạnh", 3),
    ("Ngọc", 3),
    ("Trung", 3),
    ("Thế", 4),
    ("Tiến", 3),
    ("Duy", 4),
    ("Anh", 3),
];

const MIDDLE_FEMALE: &[(&str, u32)] = &[
    ("Thị", 55),
    ("Thu", 8),
    ("Ngọc", 7),
    ("Thanh", 6),
    ("Hồng", 6),
    ("Minh", 4),
    ("Phương", 4),
    ("Bích", 3),
    ("Kim", 4),
    ("Mai", 3),
    ("Diệu", 2),
    ("Quỳnh", 2),
    ("Hải", 2),
    ("Khánh", 2),
];

const GIVEN_MALE: &[&str] = &[
    "An",
    "Anh",
    "Bảo",
    "Bình",
    "Cường",
    "Công",
    "Chiến",
    "Dũng",
    "Duy",
    "Dương",
    "Đạt",
    "Định",
    "Đông",
    "Đức",
    "Giang",
    "Hải",
    "Hào",
    "Hiếu",
    "Hiệp",
    "Hòa",
    "Hoàng",
    "Hùng",
    "Huy",
    "Hưng",
    "Khang",
    "Khánh",
    "Khoa",
    "Kiên",
    "Lâm",
    "Long",
    "Lộc",
    "Lợi",
    "Mạnh",
    "Minh",
    "Nam",
    "Nghĩa",
    "Nhân",
    "Phát",
    "Phong",
    "Phúc",
    "Phương",
    "Quân",
    "Quang",
    "Quý",
    "Sang",
    "Sơn",
    "Tài",
    "Tân",
    "Thái",
    "Thắng",
    "Thành",
    "Thịnh",
    "Thuận",
    "Tiến",
    "Toàn",
    "Trí",
    "Trung",
    "Trường",
    "Tú",
    "Tuấn",
    "Tùng",
    "Việt",
    "Vinh",
    "Vũ",
];

const GIVEN_FEMALE: &[&str] = &[
    "An", "Anh", "Ánh", "Bích", "Châu", "Chi", "Cúc", "Diệp", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền",
    "Hoa", "Hòa", "Hồng", "Huệ", "Hương", "Huyền", "Khánh", "Lan", "Liên", "Linh", "Loan", "Ly", "Mai", "My", "Nga",
    "Ngân", "Ngọc", "Nguyệt", "Nhàn", "Nhung", "Oanh", "Phương", "Quyên", "Quỳnh", "Tâm", "Thảo", "Thơ", "Thu", "Thủy",
    "Thúy", "Trang", "Trinh", "Tuyết", "Uyên", "Vân", "Vy", "Xuân", "Yến",
];

pub(super) fn person(rng: &mut StdRng) -> String {
    let female = rng.gen_bool(0.5);
    let (middles, given) = if female { (MIDDLE_FEMALE, GIVEN_FEMALE) } else { (MIDDLE_MALE, GIVEN_MALE) };
    let family = pick(rng, FAMILIES);
    let middle = pick(rng, middles);
    let given = one(rng, given);
    if middle == "Thị" && rng.gen_bool(0.25) {
        // "Nguyễn Thị Thu Hà": a second middle name.
        let second = pick(rng, &middles[1..]);
        format!("{family} {middle} {second} {given}")
    } else {
        format!("{family} {middle} {given}")
    }
}

const BRANDS: &[&str] = &[
    "Minh Phát",
    "Hoàng Long",
    "Thành Công",
    "Phú Thái",
    "An Khang",
    "Tân Cương",
    "Thái Hưng",
    "Việt Bắc",
    "Đại Từ",
    "Hồng Hà",
    "Gia Bảo",
    "Hưng Thịnh",
    "Phúc Lộc",
    "Sông Cầu",
    "Núi Cốc",
    "Trường Sơn",
    "Bình Minh",
    "Sao Mai",
    "Đông Á",
    "Kim Long",
    "Hải Đăng",
    "Thiên Phú",
    "Nam Việt",
    "Quang Trung",
    "Tiến Đạt",
    "Đức Thành",
];

const SECTORS: &[&str] = &[
    "Thương mại",
    "Xây dựng",
    "Dịch vụ",
    "Vận tải",
    "Đầu tư",
    "Chè",
    "Thực phẩm",
    "Dược phẩm",
    "May mặc",
    "Cơ khí",
    "Điện tử",
    "Nông sản",
    "Du lịch",
    "Vật liệu xây dựng",
];

pub(super) fn business(rng: &mut StdRng) -> String {
    let form = pick(rng, &[("Công ty TNHH", 60), ("Công ty Cổ phần", 30), ("Doanh nghiệp tư nhân", 10)]);
    let sector = one(rng, SECTORS);
    let sector = if rng.gen_bool(0.2) { format!("{sector} và {}", one(rng, SECTORS)) } else { sector.to_owned() };
    let brand = one(rng, BRANDS);
    let place = if rng.gen_bool(0.3) { " Thái Nguyên" } else { "" };
    format!("{form} {sector} {brand}{place}")
}

pub(super) fn organisation(rng: &mut StdRng, kind: &str, commune: &str) -> String {
    let proper = commune.split_once(' ').map_or(commune, |(_, p)| p);
    let lower = lowercase_first(commune);
    match kind {
        "mass_organisation" => {
            let body = one(
                rng,
                &[
                    "Hội Liên hiệp Phụ nữ",
                    "Đoàn Thanh niên Cộng sản Hồ Chí Minh",
                    "Hội Chữ thập đỏ",
                    "Ủy ban Mặt trận Tổ quốc Việt Nam",
                    "Hội Cựu chiến binh",
                    "Hội Nông dân",
                ],
            );
            format!("{body} {lower}")
        }
        "fund" => match rng.gen_range(0..3) {
            0 => format!("Quỹ Từ thiện {}", one(rng, BRANDS)),
            1 => format!("Quỹ Khuyến học {lower}"),
            _ => format!("Quỹ Bảo trợ trẻ em {lower}"),
        },
        _ => match rng.gen_range(0..5) {
            0 => format!("Ngân hàng Nông nghiệp và Phát triển Nông thôn chi nhánh {proper}"),
            1 => format!("Trường Trung học phổ thông {proper}"),
            2 => format!("Bệnh viện Đa khoa {proper}"),
            3 => format!("Hợp tác xã Chè {proper}"),
            _ => format!("Câu lạc bộ Thiện nguyện {proper}"),
        },
    }
}
