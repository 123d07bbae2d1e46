//! Pictures: an uploaded cover is decoded (JPEG, PNG or WebP), fitted within the size OpenGraph
//! previews use, and re-encoded as a JPEG — which also drops whatever metadata the camera wrote
//! (places, device). The VietQR code is drawn as a PNG for donors who save it to their phone.

use image::imageops::FilterType;
use image::{DynamicImage, GrayImage, ImageFormat, Luma};

/// Uploads larger than this are refused before decoding.
pub const MAX_UPLOAD_BYTES: usize = 8 * 1024 * 1024;
/// Covers are fitted within 1200 × 630, the size link previews use.
const MAX_WIDTH: u32 = 1200;
const MAX_HEIGHT: u32 = 630;
/// A decoder must not be asked to allocate for a "picture" of absurd dimensions.
const MAX_DECODED_PIXELS: u64 = 40_000_000;

#[derive(Debug, PartialEq, Eq)]
pub struct Encoded {
    pub content_type: &'static str,
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PictureError {
    #[error("the picture is larger than 8 MB")]
    TooLarge,
    #[error("not a JPEG, PNG or WebP picture")]
    Unreadable,
}

/// Decodes, fits and re-encodes a cover picture.
pub fn prepare_cover(bytes: &[u8]) -> Result<Encoded, PictureError> {
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(PictureError::TooLarge);
    }
    let format = image::guess_format(bytes).map_err(|_| PictureError::Unreadable)?;
    if !matches!(format, ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP) {
        return Err(PictureError::Unreadable);
    }
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_DECODED_PIXELS * 4);
    reader.limits(limits.clone());
    let mut decoder = reader.into_decoder().map_err(|_| PictureError::Unreadable)?;
    limits.reserve(image::ImageDecoder::total_bytes(&decoder)).map_err(|_| PictureError::Unreadable)?;
    // A phone stores a portrait photo sideways and says so in its EXIF orientation: the cover is
    // turned the way the photographer held the phone before the metadata is dropped.
    let orientation =
        image::ImageDecoder::orientation(&mut decoder).unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut picture = DynamicImage::from_decoder(decoder).map_err(|_| PictureError::Unreadable)?;
    picture.apply_orientation(orientation);
    let fitted = if picture.width() > MAX_WIDTH || picture.height() > MAX_HEIGHT {
        picture.resize(MAX_WIDTH, MAX_HEIGHT, FilterType::Triangle)
    } else {
        picture
    };
    encode_jpeg(&DynamicImage::ImageRgb8(fitted.to_rgb8()))
}

fn encode_jpeg(picture: &DynamicImage) -> Result<Encoded, PictureError> {
    let mut bytes = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 82);
    picture.write_with_encoder(encoder).map_err(|_| PictureError::Unreadable)?;
    Ok(Encoded { content_type: "image/jpeg", width: picture.width(), height: picture.height(), bytes })
}

/// A QR code as a PNG: `scale` pixels per module and the four-module quiet zone scanners need.
pub fn qr_png(payload: &str, scale: u32) -> Option<Vec<u8>> {
    png(&qr_picture(payload, scale)?)
}

/// The QR code drawn black on white, its quiet zone included.
pub fn qr_picture(payload: &str, scale: u32) -> Option<GrayImage> {
    let code = qrcode::QrCode::with_error_correction_level(payload, qrcode::EcLevel::M).ok()?;
    let modules = u32::try_from(code.width()).ok()?;
    let colors = code.to_colors();
    let quiet = 4;
    let side = (modules + 2 * quiet) * scale;
    let mut picture = GrayImage::from_pixel(side, side, Luma([255]));
    for (i, color) in colors.iter().enumerate() {
        if *color == qrcode::Color::Dark {
            let i = u32::try_from(i).ok()?;
            let (x, y) = ((i % modules + quiet) * scale, (i / modules + quiet) * scale);
            for dy in 0..scale {
                for dx in 0..scale {
                    picture.put_pixel(x + dx, y + dy, Luma([0]));
                }
            }
        }
    }
    Some(picture)
}

pub fn png(picture: &GrayImage) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    picture.write_to(&mut std::io::Cursor::new(&mut bytes), ImageFormat::Png).ok()?;
    Some(bytes)
}

/// A plain picture of the given colours, for demo campaigns that have no photograph.
pub fn demo_cover(top: [u8; 3], bottom: [u8; 3]) -> Option<Encoded> {
    let (w, h) = (MAX_WIDTH, MAX_HEIGHT);
    let picture = image::RgbImage::from_fn(w, h, |x, y| {
        let mix = |a: u8, b: u8| {
            let t = f64::from(y) / f64::from(h);
            // A gentle ridge line, like mountains on the horizon.
            let ridge = (f64::from(x) / 90.0).sin() * 0.04 + 0.62;
            let base = f64::from(a) * (1.0 - t) + f64::from(b) * t;
            let shade = if t > ridge { 0.8 } else { 1.0 };
            (base * shade).clamp(0.0, 255.0) as u8
        };
        image::Rgb([mix(top[0], bottom[0]), mix(top[1], bottom[1]), mix(top[2], bottom[2])])
    });
    encode_jpeg(&DynamicImage::ImageRgb8(picture)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let picture = image::RgbImage::from_pixel(width, height, image::Rgb([200, 30, 30]));
        let mut bytes = Vec::new();
        picture.write_to(&mut std::io::Cursor::new(&mut bytes), ImageFormat::Png).unwrap();
        bytes
    }

    #[test]
    fn a_large_photo_is_fitted_and_becomes_a_jpeg() {
        let cover = prepare_cover(&png(2400, 1600)).unwrap();
        assert_eq!((cover.width, cover.height), (945, 630));
        assert_eq!(cover.content_type, "image/jpeg");
        assert_eq!(image::guess_format(&cover.bytes).unwrap(), ImageFormat::Jpeg);
        let small = prepare_cover(&png(640, 360)).unwrap();
        assert_eq!((small.width, small.height), (640, 360), "small pictures keep their size");
    }

    /// A JPEG as a phone writes a portrait photo: the pixels landscape, and an EXIF orientation.
    fn jpeg_with_orientation(width: u32, height: u32, orientation: u8) -> Vec<u8> {
        let picture = image::RgbImage::from_pixel(width, height, image::Rgb([30, 120, 30]));
        let mut plain = Vec::new();
        picture.write_to(&mut std::io::Cursor::new(&mut plain), ImageFormat::Jpeg).unwrap();
        // APP1 "Exif": a little-endian TIFF header and one IFD entry, 0x0112 (orientation), SHORT.
        let mut app1 = vec![0xFF, 0xE1, 0x00, 0x22];
        app1.extend_from_slice(b"Exif\0\0II\x2A\0\x08\0\0\0\x01\0\x12\x01\x03\0\x01\0\0\0");
        app1.extend_from_slice(&[orientation, 0, 0, 0, 0, 0, 0, 0]);
        let mut with_exif = plain[..2].to_vec();
        with_exif.extend(app1);
        with_exif.extend_from_slice(&plain[2..]);
        with_exif
    }

    #[test]
    fn a_portrait_phone_photo_is_stored_upright() {
        let cover = prepare_cover(&jpeg_with_orientation(64, 32, 6)).unwrap();
        assert_eq!((cover.width, cover.height), (32, 64), "turned as the phone was held");
        let upright = prepare_cover(&jpeg_with_orientation(64, 32, 1)).unwrap();
        assert_eq!((upright.width, upright.height), (64, 32));
    }

    #[test]
    fn anything_else_is_refused() {
        assert_eq!(prepare_cover(b"<svg onload=alert(1)>"), Err(PictureError::Unreadable));
        assert_eq!(prepare_cover(&vec![0; MAX_UPLOAD_BYTES + 1]), Err(PictureError::TooLarge));
    }

    #[test]
    fn the_qr_png_has_a_quiet_zone_and_dark_modules() {
        let bytes = qr_png("00020101021138570010A000000727", 4).unwrap();
        let picture = image::load_from_memory(&bytes).unwrap().to_luma8();
        assert_eq!(picture.width(), picture.height());
        assert_eq!(picture.get_pixel(0, 0).0, [255], "quiet zone");
        assert_eq!(picture.get_pixel(16, 16).0, [0], "the finder pattern's corner");
    }
}
