//! The TOTP second factor (RFC 6238: SHA-1, 6 digits, 30-second steps, one step of clock skew),
//! the QR code that enrols it, and single-use recovery codes. Required for admins and
//! coordinators, offered to everyone.

use rand::{Rng, RngCore};
use time::OffsetDateTime;
use totp_rs::{Algorithm, Secret, TOTP};

use crate::tokens::token_hash;

pub const STEP_SECONDS: u64 = 30;
pub const RECOVERY_CODES: usize = 10;

/// A new 160-bit secret, base32 as authenticator apps take it.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    match Secret::Raw(bytes.to_vec()).to_encoded() {
        Secret::Encoded(text) => text,
        Secret::Raw(_) => String::new(),
    }
}

fn totp(secret: &str) -> Option<TOTP> {
    let bytes = Secret::Encoded(secret.to_owned()).to_bytes().ok()?;
    Some(TOTP::new_unchecked(Algorithm::SHA1, 6, 1, STEP_SECONDS, bytes))
}

/// The code for a moment (tests and the enrolment check use it).
pub fn code_at(secret: &str, unix_seconds: u64) -> Option<String> {
    totp(secret).map(|t| t.generate(unix_seconds))
}

/// The time step a typed code belongs to, if it is right now or one step either side.
pub fn matching_step(secret: &str, code: &str, now: OffsetDateTime) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let totp = totp(secret)?;
    let now = u64::try_from(now.unix_timestamp()).ok()?;
    let current = now / STEP_SECONDS;
    [current.saturating_sub(1), current, current + 1]
        .into_iter()
        .find(|step| totp.generate(step * STEP_SECONDS) == code)
        .and_then(|step| i64::try_from(step).ok())
}

/// `otpauth://` URI for authenticator apps.
pub fn otpauth_uri(issuer: &str, account: &str, secret: &str) -> String {
    let label = format!("{issuer}:{account}");
    let query = serde_urlencoded::to_string([
        ("secret", secret),
        ("issuer", issuer),
        ("algorithm", "SHA1"),
        ("digits", "6"),
        ("period", "30"),
    ])
    .unwrap_or_default();
    let label: String = serde_urlencoded::to_string([("l", label.as_str())])
        .unwrap_or_default()
        .trim_start_matches("l=")
        .replace('+', "%20");
    format!("otpauth://totp/{label}?{query}")
}

/// The QR code of a URI as inline SVG.
pub fn qr_svg(uri: &str) -> String {
    crate::qr::svg(uri, 220)
}

/// Ten codes such as `7KQ2-M9TX`, from letters and digits that cannot be confused.
pub fn new_recovery_codes() -> Vec<String> {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let mut rng = rand::rngs::OsRng;
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut code = String::with_capacity(9);
            for i in 0..8 {
                if i == 4 {
                    code.push('-');
                }
                code.push(char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]));
            }
            code
        })
        .collect()
}

/// Recovery codes are compared without case, spaces or dashes.
pub fn recovery_code_hash(code: &str) -> String {
    let normal: String = code.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_uppercase();
    token_hash(&normal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_6238_reference_codes() {
        // RFC 6238 appendix B, SHA-1 key "12345678901234567890", truncated to 6 digits.
        let secret = match Secret::Raw(b"12345678901234567890".to_vec()).to_encoded() {
            Secret::Encoded(s) => s,
            Secret::Raw(_) => unreachable!(),
        };
        assert_eq!(code_at(&secret, 59).unwrap(), "287082");
        assert_eq!(code_at(&secret, 1_111_111_109).unwrap(), "081804");
        assert_eq!(code_at(&secret, 2_000_000_000).unwrap(), "279037");
    }

    #[test]
    fn a_code_is_accepted_one_step_either_side_only() {
        let secret = new_secret();
        let now = OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap();
        let code = code_at(&secret, 1_800_000_000).unwrap();
        assert_eq!(matching_step(&secret, &code, now), Some(1_800_000_000 / 30));
        let later = now + time::Duration::seconds(60);
        assert_eq!(matching_step(&secret, &code, later), None);
        assert_eq!(matching_step(&secret, "12345", now), None);
    }

    #[test]
    fn recovery_codes_are_unambiguous_and_compared_loosely() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), 10);
        assert!(codes.iter().all(|c| c.len() == 9 && !c.contains(['0', 'O', '1', 'I'])));
        assert_eq!(recovery_code_hash("ab2c-3def"), recovery_code_hash("AB2C3DEF"));
    }

    #[test]
    fn the_uri_names_the_portal_and_the_account() {
        let uri = otpauth_uri("Cổng Hỗ trợ Trẻ em", "a@b.vn", "ABC");
        assert!(uri.starts_with("otpauth://totp/"), "{uri}");
        assert!(uri.contains("secret=ABC") && uri.contains("digits=6") && uri.contains("period=30"), "{uri}");
        assert!(!qr_svg(&uri).is_empty());
    }
}
