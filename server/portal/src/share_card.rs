//! The picture a shared campaign link shows (Zalo, Facebook): 1200 × 630, the cover photograph (or a
//! plain green ground without one) under a dark band with the title, the progress bar and the
//! amounts, lettered with the committed DejaVu Sans (`lettering.rs`), so every Vietnamese mark is
//! drawn. Crawlers fetch it by the version in its address (`Campaign::share_version`); the web
//! layer keeps the drawing and redraws it at most once a minute.

use image::imageops::FilterType;
use image::{ImageFormat, Rgb, RgbImage};

use domain::Campaign;
use domain::format::vnd;

use crate::lettering::{Line, Weight};
use crate::{Error, Portal};

pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;
const MARGIN: f32 = 48.0;
const BAND_TOP: u32 = 290;
const GREEN: [u8; 3] = [22, 82, 52];
const DEEP: [u8; 3] = [10, 40, 26];
const WHITE: [u8; 3] = [255, 255, 255];
const PALE: [u8; 3] = [196, 228, 206];
const BAR: [u8; 3] = [126, 214, 140];

impl Portal {
    /// A published campaign as its share card shows it.
    pub async fn shared_campaign(&self, slug: &str) -> Result<Campaign, Error> {
        let record = self.store.campaign(slug).await?.filter(|c| c.published).ok_or(Error::NotFound)?;
        Ok(self.campaign_from_record(&record, domain::format::today()))
    }

    /// The campaign's cover as stored, to draw the card on.
    pub async fn share_cover(&self, campaign: &Campaign) -> Result<Option<Vec<u8>>, Error> {
        let id = campaign
            .cover
            .as_ref()
            .and_then(|c| c.url.rsplit('/').next())
            .and_then(|file| file.trim_end_matches(".jpg").parse::<i64>().ok());
        match id {
            Some(id) => Ok(self.store.image(id).await?.map(|image| image.bytes)),
            None => Ok(None),
        }
    }
}

/// Draws the card (CPU work: run it off the request threads).
pub fn share_card_png(campaign: &Campaign, cover: Option<&[u8]>, portal_name: &str) -> Option<Vec<u8>> {
    let mut card = match cover.and_then(|bytes| image::load_from_memory(bytes).ok()) {
        Some(photo) => photo.resize_to_fill(WIDTH, HEIGHT, FilterType::Triangle).to_rgb8(),
        None => RgbImage::from_fn(WIDTH, HEIGHT, |_, y| {
            let t = y as f32 / HEIGHT as f32;
            Rgb(blend(GREEN, DEEP, t))
        }),
    };
    // The band the words sit on: dark enough for white letters on any photograph.
    for y in BAND_TOP..HEIGHT {
        for x in 0..WIDTH {
            let pixel = card.get_pixel_mut(x, y);
            pixel.0 = blend(pixel.0, DEEP, 0.84);
        }
    }
    let room = WIDTH as f32 - 2.0 * MARGIN;
    let mut top = BAND_TOP as f32 + 22.0;
    let name = Line::fitted(portal_name, Weight::Regular, 26.0, room)?;
    name.draw_rgb(&mut card, MARGIN, top, PALE);
    top += name.height() + 8.0;
    for line in wrapped(&campaign.title, Weight::Bold, 48.0, room, 2)? {
        line.draw_rgb(&mut card, MARGIN, top, WHITE);
        top += line.height();
    }
    // The bar: received in full colour, pledged and not yet received lighter, over the goal.
    let bar_top = (HEIGHT - 128) as f32;
    let share = |amount: i64| (amount.clamp(0, campaign.goal.max(1)) as f32 / campaign.goal.max(1) as f32) * room;
    fill(&mut card, MARGIN, bar_top, room, 22.0, |p| blend(p, WHITE, 0.25));
    fill(&mut card, MARGIN, bar_top, share(campaign.pledged), 22.0, |p| blend(p, BAR, 0.45));
    fill(&mut card, MARGIN, bar_top, share(campaign.confirmed), 22.0, |_| BAR);
    let received = Line::fitted(&format!("Đã nhận {}", vnd(campaign.confirmed)), Weight::Bold, 34.0, room)?;
    received.draw_rgb(&mut card, MARGIN, bar_top + 34.0, WHITE);
    let rest = format!(
        "Đã đăng ký {} · mục tiêu {} · {} lượt ủng hộ",
        vnd(campaign.pledged),
        vnd(campaign.goal),
        campaign.supporters
    );
    let rest = Line::fitted(&rest, Weight::Regular, 26.0, room)?;
    rest.draw_rgb(&mut card, MARGIN, bar_top + 34.0 + received.height() + 2.0, PALE);
    let mut bytes = Vec::new();
    card.write_to(&mut std::io::Cursor::new(&mut bytes), ImageFormat::Png).ok()?;
    Some(bytes)
}

fn mix(from: u8, to: u8, t: f32) -> u8 {
    (f32::from(from) * (1.0 - t) + f32::from(to) * t).round() as u8
}

fn blend(from: [u8; 3], to: [u8; 3], t: f32) -> [u8; 3] {
    std::array::from_fn(|i| mix(from[i], to[i], t))
}

/// Paints a rectangle, pixel by pixel through `paint`.
fn fill(card: &mut RgbImage, left: f32, top: f32, width: f32, height: f32, paint: impl Fn([u8; 3]) -> [u8; 3]) {
    let (x0, y0) = (left.max(0.0) as u32, top.max(0.0) as u32);
    let (x1, y1) = (((left + width) as u32).min(card.width()), ((top + height) as u32).min(card.height()));
    for y in y0..y1 {
        for x in x0..x1 {
            let pixel = card.get_pixel_mut(x, y);
            pixel.0 = paint(pixel.0);
        }
    }
}

/// A text on at most `lines` lines of `max` width, word by word; the last one cut short if need be.
fn wrapped(text: &str, weight: Weight, size: f32, max: f32, lines: usize) -> Option<Vec<Line>> {
    let mut out: Vec<Line> = Vec::new();
    let mut current = String::new();
    let words: Vec<&str> = text.split_whitespace().collect();
    for (i, word) in words.iter().enumerate() {
        let candidate = if current.is_empty() { (*word).to_owned() } else { format!("{current} {word}") };
        if Line::fitted(&candidate, weight, size, f32::MAX)?.width() <= max || current.is_empty() {
            current = candidate;
            continue;
        }
        if out.len() + 1 == lines {
            current = format!("{current} {}", words[i..].join(" "));
            break;
        }
        out.push(Line::fitted(&current, weight, size, max)?);
        current = (*word).to_owned();
    }
    if !current.is_empty() {
        // The last line may only shrink a little before it is cut: all lines keep one size.
        let mut last = Line::fitted(&current, weight, size, f32::MAX)?;
        if last.width() > max {
            last = Line::fitted(&current, weight, size, max)?;
        }
        out.push(last);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn campaign(confirmed: i64) -> Campaign {
        Campaign {
            slug: "ao-am".into(),
            title: "Áo ấm cho em vùng cao — mùa đông 2026 ở các xã đặc biệt khó khăn của tỉnh Thái Nguyên".into(),
            summary: String::new(),
            goal: 120_000_000,
            pledged: 80_000_000,
            confirmed,
            supporters: 45,
            opens_on: time::macros::date!(2026 - 11 - 26),
            closes_on: time::macros::date!(2027 - 02 - 03),
            receiving_account: domain::ReceivingAccount {
                bin: "970436".into(),
                bank_name: "Vietcombank".into(),
                number: "0011001234567".into(),
                name: "QUY BAO TRO TRE EM".into(),
            },
            transfer_content: "UNG HO AACEV3".into(),
            vietqr: String::new(),
            cover: None,
            accepting: true,
            days_left: 60,
            demo: false,
        }
    }

    #[test]
    fn the_card_is_1200_by_630_and_its_bar_follows_what_was_received() {
        let little =
            image::load_from_memory(&share_card_png(&campaign(6_000_000), None, "Cổng Hỗ trợ Trẻ em").unwrap())
                .unwrap()
                .to_rgb8();
        let much = image::load_from_memory(&share_card_png(&campaign(60_000_000), None, "Cổng Hỗ trợ Trẻ em").unwrap())
            .unwrap()
            .to_rgb8();
        assert_eq!(little.dimensions(), (WIDTH, HEIGHT));
        // Halfway along the bar: received colour only when half the goal arrived.
        let (x, y) = (WIDTH / 2 - 20, HEIGHT - 128 + 11);
        assert_eq!(much.get_pixel(x, y).0, BAR);
        assert_ne!(little.get_pixel(x, y), much.get_pixel(x, y));
        assert_ne!(campaign(6_000_000).share_version(), campaign(60_000_000).share_version());
    }

    #[test]
    fn a_long_title_takes_two_lines_at_most() {
        let title = format!("{} {}", campaign(0).title, "và các huyện vùng cao biên giới phía Bắc năm học 2026–2027");
        let lines = wrapped(&title, Weight::Bold, 48.0, 1104.0, 2).unwrap();
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| l.width() <= 1104.0));
        assert!(lines[1].text.ends_with('…'), "{}", lines[1].text);
    }
}
