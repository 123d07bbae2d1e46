//! Words drawn into the pictures the portal makes. The font is DejaVu Sans, committed under
//! `fonts/` with its licence: it has every precomposed Vietnamese letter, so no system font is
//! looked for at run time. ab_glyph rasterises it in pure Rust (outlines to coverage), which is all
//! a line of text on a plain background needs — no shaping engine or C library.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use image::{GrayImage, RgbImage};

static REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

#[derive(Clone, Copy, Debug)]
pub enum Weight {
    Regular,
    Bold,
}

/// One line of text as it will be drawn: font, size and the words, shortened if they had to be.
pub struct Line {
    font: FontRef<'static>,
    size: f32,
    pub text: String,
}

impl Line {
    /// `text` at `size` pixels, made smaller (to two thirds at most) and then cut short with "…"
    /// until it fits `max_width`.
    pub fn fitted(text: &str, weight: Weight, size: f32, max_width: f32) -> Option<Line> {
        let font = FontRef::try_from_slice(match weight {
            Weight::Regular => REGULAR,
            Weight::Bold => BOLD,
        })
        .ok()?;
        let mut line = Line { font, size, text: text.to_owned() };
        while line.width() > max_width && line.size > size * 2.0 / 3.0 {
            line.size -= 1.0;
        }
        let mut chars: Vec<char> = text.chars().collect();
        while line.width() > max_width && !chars.is_empty() {
            chars.pop();
            line.text = format!("{}…", chars.iter().collect::<String>().trim_end());
        }
        Some(line)
    }

    pub fn width(&self) -> f32 {
        let font = self.font.as_scaled(PxScale::from(self.size));
        let mut width = 0.0;
        let mut previous = None;
        for c in self.text.chars() {
            let id = font.glyph_id(c);
            if let Some(previous) = previous {
                width += font.kern(previous, id);
            }
            width += font.h_advance(id);
            previous = Some(id);
        }
        width
    }

    /// The height of a line of this text, top of the accents to the bottom of the descenders.
    pub fn height(&self) -> f32 {
        let font = self.font.as_scaled(PxScale::from(self.size));
        font.ascent() - font.descent()
    }

    /// Draws the line in `shade` (0 black … 255 white) with its top at `top`, darkening only: the
    /// picture is white where the words go.
    pub fn draw(&self, picture: &mut GrayImage, left: f32, top: f32, shade: u8) {
        let (width, height) = picture.dimensions();
        self.cover(left, top, width, height, |x, y, coverage| {
            let ink = 255.0 - (255.0 - f32::from(shade)) * coverage;
            let pixel = picture.get_pixel_mut(x, y);
            pixel.0[0] = pixel.0[0].min(ink as u8);
        });
    }

    /// Draws the line in `colour` over whatever is there (a picture, a band of colour).
    pub fn draw_rgb(&self, picture: &mut RgbImage, left: f32, top: f32, colour: [u8; 3]) {
        let (width, height) = picture.dimensions();
        self.cover(left, top, width, height, |x, y, coverage| {
            let pixel = picture.get_pixel_mut(x, y);
            for (channel, ink) in pixel.0.iter_mut().zip(colour) {
                *channel = (f32::from(*channel) * (1.0 - coverage) + f32::from(ink) * coverage).round() as u8;
            }
        });
    }

    /// Each pixel inside `width` × `height` the glyphs touch, with how much of it they cover (0–1).
    fn cover(&self, left: f32, top: f32, width: u32, height: u32, mut paint: impl FnMut(u32, u32, f32)) {
        let font = self.font.as_scaled(PxScale::from(self.size));
        let baseline = top + font.ascent();
        let mut x = left;
        let mut previous = None;
        for c in self.text.chars() {
            let id = font.glyph_id(c);
            if let Some(previous) = previous {
                x += font.kern(previous, id);
            }
            let glyph = id.with_scale_and_position(self.size, ab_glyph::point(x, baseline));
            x += font.h_advance(id);
            previous = Some(id);
            let Some(outlined) = self.font.outline_glyph(glyph) else { continue };
            let bounds = outlined.px_bounds();
            outlined.draw(|gx, gy, coverage| {
                let px = bounds.min.x as i64 + i64::from(gx);
                let py = bounds.min.y as i64 + i64::from(gy);
                let (Ok(px), Ok(py)) = (u32::try_from(px), u32::try_from(py)) else { return };
                if px < width && py < height {
                    paint(px, py, coverage.clamp(0.0, 1.0));
                }
            });
        }
    }
}
