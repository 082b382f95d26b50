//! The patient portal: accounts (register, confirm, sign in, reset), the patient's requests,
//! records released to the portal, free visit summaries and the accounting of disclosures.

mod apps;
mod documents;
pub mod import;
mod login;
mod queries;
pub mod requests;
mod second_step;
mod security;
pub mod signup;

use axum::Router;
use axum::middleware;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn router(state: &AppState) -> Router<AppState> {
    let signed_in = Router::new()
        .route("/account", get(documents::home))
        .route("/account/logout", post(login::sign_out_patient))
        .route("/account/requests/{id}", get(requests::show))
        .route("/account/requests/{id}/withdraw", post(requests::withdraw))
        .route(
            "/account/requests/{id}/revoke-authorization",
            post(requests::revoke_authorization),
        )
        .route("/account/requests/{id}/reply", post(requests::reply))
        .route("/account/requests/{id}/invoice", get(requests::invoice))
        .route(
            "/account/requests/{id}/invoice.pdf",
            get(requests::invoice_pdf),
        )
        .route("/account/records/{id}", get(documents::download_record))
        .route("/account/summaries/{id}", get(documents::download_summary))
        .route("/account/disclosures", get(documents::disclosures))
        .route("/account/disclosures.pdf", get(documents::disclosures_pdf))
        .route("/account/apps", get(apps::show))
        .route("/account/apps/{id}/disconnect", post(apps::disconnect))
        .route("/account/security", get(security::show))
        .route("/account/security/confirm", post(security::confirm))
        .route(
            "/account/security/app",
            get(security::show_app).post(security::add_app),
        )
        .route(
            "/account/security/recovery-codes",
            post(security::new_recovery_codes),
        )
        .route("/account/security/off", post(security::turn_off))
        .route(
            "/account/security/passkeys/start",
            post(security::start_passkey),
        )
        .route(
            "/account/security/passkeys/finish",
            post(security::finish_passkey),
        )
        .route(
            "/account/security/passkeys/{id}/remove",
            post(security::remove_passkey),
        )
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            crate::accounts::patient_session::require_patient,
        ));
    Router::new()
        .route(
            "/account/register",
            get(signup::show_register).post(signup::register),
        )
        .route("/account/register/sent", get(signup::sent))
        .route(
            "/account/confirm/{token}",
            get(signup::show_confirm).post(signup::confirm),
        )
        .route(
            "/account/login",
            get(login::show_login).post(login::submit_login),
        )
        .route(
            "/account/login/code",
            get(second_step::show_code).post(second_step::submit_code),
        )
        .route(
            "/account/login/passkey/start",
            post(second_step::start_passkey),
        )
        .route(
            "/account/login/passkey/finish",
            post(second_step::finish_passkey),
        )
        .route(
            "/account/reset",
            get(login::show_reset_request).post(login::request_reset),
        )
        .route("/account/reset/sent", get(login::reset_sent))
        .route(
            "/account/reset/{token}",
            get(login::show_reset).post(login::reset),
        )
        .merge(signed_in)
}

/// Every signed-in portal route, for the ownership and session tests. Keep in step with
/// [`router`].
pub const SIGNED_IN_ROUTES: &[(&str, &str)] = &[
    ("GET", "/account"),
    ("GET", "/account/disclosures.pdf"),
    ("GET", "/account/apps"),
    ("POST", "/account/apps/{id}/disconnect"),
    ("POST", "/account/logout"),
    ("GET", "/account/requests/{id}"),
    ("POST", "/account/requests/{id}/withdraw"),
    ("POST", "/account/requests/{id}/revoke-authorization"),
    ("POST", "/account/requests/{id}/reply"),
    ("GET", "/account/requests/{id}/invoice"),
    ("GET", "/account/requests/{id}/invoice.pdf"),
    ("GET", "/account/records/{id}"),
    ("GET", "/account/summaries/{id}"),
    ("GET", "/account/disclosures"),
    ("GET", "/account/security"),
    ("POST", "/account/security/confirm"),
    ("GET", "/account/security/app"),
    ("POST", "/account/security/app"),
    ("POST", "/account/security/recovery-codes"),
    ("POST", "/account/security/off"),
    ("POST", "/account/security/passkeys/start"),
    ("POST", "/account/security/passkeys/finish"),
    ("POST", "/account/security/passkeys/{id}/remove"),
];
