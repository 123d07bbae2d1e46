//! The VietQR picture a donor saves to pay from the phone that shows it. A banking app reads only
//! the code, but the person choosing the picture from their gallery days later reads the words:
//! which bank, which account, how much and with what message — so they sit under the code.

use image::{GrayImage, Luma};

use crate::lettering::{Line, Weight};
use crate::pictures::{png, qr_picture};

const MARGIN: u32 = 32;
const MIN_WIDTH: u32 = 560;

/// The code at `scale` pixels per module, then each (label, value) pair: the label small and grey,
/// the value large and black, shortened only if it cannot fit the card's width.
pub fn payment_card_png(payload: &str, details: &[(&str, String)], scale: u32) -> Option<Vec<u8>> {
    let code = qr_picture(payload, scale)?;
    let width = code.width().max(MIN_WIDTH);
    let room = (width - 2 * MARGIN) as f32;
    let mut lines = Vec::new();
    for (label, value) in details {
        lines.push((Line::fitted(label, Weight::Regular, 20.0, room)?, 96, 4.0));
        lines.push((Line::fitted(value, Weight::Bold, 28.0, room)?, 0, 14.0));
    }
    let words: f32 = lines.iter().map(|(line, _, gap)| line.height() + gap).sum();
    let height = code.height() + words.ceil() as u32 + MARGIN;
    let mut card = GrayImage::from_pixel(width, height, Luma([255]));
    image::imageops::overlay(&mut card, &code, i64::from((width - code.width()) / 2), 0);
    let mut top = code.height() as f32;
    for (line, shade, gap) in &lines {
        line.draw(&mut card, MARGIN as f32, top, *shade);
        top += line.height() + gap;
    }
    png(&card)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ink_in_rows(picture: &GrayImage, rows: std::ops::Range<u32>) -> usize {
        rows.flat_map(|y| (0..picture.width()).map(move |x| (x, y)))
            .filter(|&(x, y)| picture.get_pixel(x, y).0[0] < 128)
            .count()
    }

    #[test]
    fn the_saved_code_carries_the_payment_details_under_it() {
        let payload = "00020101021238570010A000000727012700069704360113001100123456702080QRIBFTTA53037045405500005802VN62150811TN267F3K2Q6304ABCD".to_owned();
        let details = vec![
            ("Ngân hàng", "Vietcombank".to_owned()),
            ("Số tài khoản", "0011001234567".to_owned()),
            ("Chủ tài khoản", "QUỸ BẢO TRỢ TRẺ EM TỈNH THÁI NGUYÊN — TÀI KHOẢN RẤT DÀI ĐỂ THỬ CẮT NGẮN".to_owned()),
            ("Số tiền", "500.000 ₫".to_owned()),
            ("Nội dung chuyển khoản", "TN26-7F3K2Q".to_owned()),
        ];
        let bare = image::load_from_memory(&crate::pictures::qr_png(&payload, 8).unwrap()).unwrap().to_luma8();
        let card = image::load_from_memory(&payment_card_png(&payload, &details, 8).unwrap()).unwrap().to_luma8();
        assert!(card.height() > bare.height() + 250, "room for five labelled lines: {}", card.height());
        assert!(card.width() >= bare.width());
        // The code is drawn as it was; the words below it leave ink in the lower part.
        assert!(ink_in_rows(&card, bare.height()..card.height()) > 2_000);
        let long = Line::fitted(&details[2].1, Weight::Bold, 28.0, (card.width() - 2 * MARGIN) as f32).unwrap();
        assert!(long.text.ends_with('…'), "a name too long for the card is cut short: {}", long.text);
    }
}
