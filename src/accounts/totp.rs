//! RFC 6238 time-based one-time codes (6 digits, 30-second steps, HMAC-SHA1: what every
//! authenticator app reads from an `otpauth://` QR code), recovery codes, and the QR code
//! itself as inline SVG drawn on the server.

use hmac::{Hmac, Mac};
use qrcode::QrCode;
use qrcode::render::svg;
use sha1::Sha1;
use subtle::ConstantTimeEq;

use crate::crypto::{random_bytes, sha256};

pub const STEP_SECS: i64 = 30;
const DIGITS: u32 = 6;
const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// 160 random bits, as RFC 4226 recommends.
pub fn new_secret() -> [u8; 20] {
    random_bytes()
}

/// The code for time step `step`.
pub fn code_at(secret: &[u8], step: i64) -> u32 {
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(secret) else {
        return u32::MAX;
    };
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[19] & 0x0f);
    let word = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    word % 10u32.pow(DIGITS)
}

/// The time step `code` is good for at `now` (one step either side, for clocks that
/// drift), if it is later than `last_used`: each code is accepted once.
pub fn matching_step(
    secret: &[u8],
    code: &str,
    now_unix: i64,
    last_used: Option<i64>,
) -> Option<i64> {
    let typed: String = code
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if typed.len() != DIGITS as usize || !typed.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now = now_unix.div_euclid(STEP_SECS);
    // Every candidate is compared, so the time taken says nothing about which matched.
    let mut found = None;
    for step in [now - 1, now, now + 1] {
        let expected = format!("{:06}", code_at(secret, step));
        let same: bool = expected.as_bytes().ct_eq(typed.as_bytes()).into();
        if same && last_used.is_none_or(|last| step > last) && found.is_none() {
            found = Some(step);
        }
    }
    found
}

/// RFC 4648 base32 without padding, as authenticator apps take a typed secret.
pub fn base32(bytes: &[u8]) -> String {
    let mut out = String::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &byte in bytes {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(BASE32[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(BASE32[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// The secret in groups of four, easier to type from the screen.
pub fn grouped(secret: &[u8]) -> String {
    base32(secret)
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The `otpauth://` address an authenticator app reads from the QR code.
pub fn otpauth_url(issuer: &str, account: &str, secret: &[u8]) -> String {
    let label = format!("{}:{}", percent(issuer), percent(account));
    format!(
        "otpauth://totp/{label}?secret={}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECS}",
        base32(secret),
        percent(issuer)
    )
}

fn percent(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'@' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The QR code of `text` as an SVG element to put inline in a page.
pub fn qr_svg(text: &str) -> String {
    let Ok(code) = QrCode::new(text.as_bytes()) else {
        return String::new();
    };
    let image = code
        .render::<svg::Color<'_>>()
        .min_dimensions(200, 200)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    // The XML declaration is for files, not for an element inside HTML.
    match image.split_once("?>") {
        Some((_, element)) => element.trim().to_owned(),
        None => image,
    }
}

/// Ten recovery codes of 80 random bits each, `XXXX-XXXX-XXXX-XXXX`.
pub fn new_recovery_codes() -> Vec<String> {
    (0..10)
        .map(|_| {
            let text = base32(&random_bytes::<10>());
            text.as_bytes()
                .chunks(4)
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect::<Vec<_>>()
                .join("-")
        })
        .collect()
}

/// What a recovery code is stored as: its SHA-256 (80 random bits need no slow hash), of
/// the code as typed without case, spaces or dashes.
pub fn recovery_code_hash(typed: &str) -> [u8; 32] {
    // Base32 has no 0, 1 or 8: someone who reads O, I or B as one of those still gets in.
    let normal: String = typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| match c.to_ascii_uppercase() {
            '0' => 'O',
            '1' => 'I',
            '8' => 'B',
            other => other,
        })
        .collect();
    sha256(normal.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 rows (8 digits there; the last 6 here).
    #[test]
    fn codes_match_the_rfc_6238_test_vectors() {
        let secret = b"12345678901234567890";
        for (time, eight) in [
            (59_i64, 94_287_082_u32),
            (1_111_111_109, 7_081_804),
            (1_111_111_111, 14_050_471),
            (1_234_567_890, 89_005_924),
            (2_000_000_000, 69_279_037),
        ] {
            assert_eq!(
                code_at(secret, time / STEP_SECS),
                eight % 1_000_000,
                "{time}"
            );
        }
    }

    #[test]
    fn a_code_is_good_one_step_either_side_and_only_once() {
        let secret = b"12345678901234567890";
        let now = 1_111_111_111;
        let step = now / STEP_SECS;
        let code = |s| format!("{:06}", code_at(secret, s));
        assert_eq!(matching_step(secret, &code(step), now, None), Some(step));
        assert_eq!(
            matching_step(secret, &code(step - 1), now, None),
            Some(step - 1)
        );
        assert_eq!(
            matching_step(secret, &code(step + 1), now, None),
            Some(step + 1)
        );
        assert_eq!(matching_step(secret, &code(step - 2), now, None), None);
        assert_eq!(
            matching_step(secret, &code(step), now, Some(step)),
            None,
            "reused"
        );
        assert_eq!(matching_step(secret, "12 34 5", now, None), None);
        assert_eq!(matching_step(secret, "abcdef", now, None), None);
    }

    #[test]
    fn secrets_are_written_as_authenticator_apps_read_them() {
        assert_eq!(base32(b"Hello!\xde\xad\xbe\xef"), "JBSWY3DPEHPK3PXP");
        let url = otpauth_url(
            "Shoreline Ortho & Neuro",
            "a@b.org",
            b"Hello!\xde\xad\xbe\xef",
        );
        assert!(url.starts_with("otpauth://totp/Shoreline%20Ortho%20%26%20Neuro:a@b.org?secret=JBSWY3DPEHPK3PXP&issuer="), "{url}");
        assert!(qr_svg(&url).starts_with("<svg"));
    }

    #[test]
    fn recovery_codes_are_ten_and_hash_as_typed_loosely() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), 10);
        assert_eq!(codes[0].len(), 19);
        let loose = codes[0].to_lowercase().replace('-', " ");
        assert_eq!(recovery_code_hash(&loose), recovery_code_hash(&codes[0]));
        assert_eq!(
            recovery_code_hash("EOH6-1BKB"),
            recovery_code_hash("e0h6 i8kb")
        );
    }
}
