//! The pages staff and patients share when setting up a second factor: the recovery codes
//! shown once, and what an enrolment page shows of the new secret.

use askama::Template;
use askama_web::WebTemplate;

use super::totp;
use crate::state::{AppState, Site};

#[derive(Template, WebTemplate)]
#[template(path = "accounts/recovery_codes.html")]
pub struct RecoveryCodesPage {
    pub site: Site,
    pub codes: Vec<String>,
    pub next_path: &'static str,
    pub next_label: &'static str,
}

/// The secret being enrolled as `accounts/totp_qr.html` shows it: a QR code drawn on the
/// server and the key in groups for typing.
pub struct NewSecret {
    pub qr_svg: String,
    pub secret: String,
    pub account: String,
}

impl NewSecret {
    pub fn new(state: &AppState, account: &str, secret: &[u8]) -> Self {
        let url = totp::otpauth_url(&state.config.practice.name, account, secret);
        NewSecret {
            qr_svg: totp::qr_svg(&url),
            secret: totp::grouped(secret),
            account: account.to_owned(),
        }
    }
}
