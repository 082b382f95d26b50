//! The staff workspace: sign-in, the queue, request detail and workflow actions, admin.
//! Every route but sign-in sits behind [`auth::require_staff`] and takes a role extractor.

pub mod accounts;
pub mod admin;
pub mod auth;
mod dashboard;
pub mod lockout;
mod login;
mod passkeys;
pub mod passwords;
mod patient_summaries;
mod patients;
mod queries;
mod queue;
mod release;
mod reports;
pub mod requests;
mod second_step;
mod step_up;

/// A date of birth typed into a search box (`1986-04-28` or `4/28/1986`), if it is one.
pub fn search_birth_date(text: &str) -> Option<time::Date> {
    match queue::filters::Search::parse(text) {
        Some(queue::filters::Search::BirthDate(date)) => Some(date),
        _ => None,
    }
}

use axum::Router;
use axum::middleware;
use axum::routing::{get, post};

use crate::state::AppState;

/// Every protected staff route, for the test that proves each one refuses a visitor who
/// is not signed in. Keep in step with [`router`].
pub const PROTECTED_ROUTES: &[(&str, &str)] = &[
    ("GET", "/staff/queue"),
    ("GET", "/staff/queue.csv"),
    ("POST", "/staff/logout"),
    ("GET", "/staff/requests/{id}"),
    ("GET", "/staff/requests/{id}/letter"),
    ("GET", "/staff/requests/{id}/letter.pdf"),
    ("GET", "/staff/requests/{id}/disclosures"),
    ("GET", "/staff/requests/{id}/uploads/{file}"),
    ("POST", "/staff/requests/{id}/assign"),
    ("POST", "/staff/requests/{id}/start-verifying"),
    ("POST", "/staff/requests/{id}/verify"),
    ("POST", "/staff/requests/{id}/request-info"),
    ("POST", "/staff/requests/{id}/info-received"),
    ("POST", "/staff/requests/{id}/pages"),
    ("POST", "/staff/requests/{id}/approve"),
    ("POST", "/staff/requests/{id}/extend"),
    ("POST", "/staff/requests/{id}/deny"),
    ("POST", "/staff/requests/{id}/authorization/revoke"),
    ("POST", "/staff/requests/{id}/authorization/signing-link"),
    ("POST", "/staff/requests/{id}/authorization/paper"),
    ("POST", "/staff/requests/{id}/authorization/paper-instead"),
    ("POST", "/staff/requests/{id}/withdraw"),
    ("POST", "/staff/requests/{id}/payments"),
    ("GET", "/staff/requests/{id}/invoice"),
    ("GET", "/staff/requests/{id}/invoice.pdf"),
    ("POST", "/staff/requests/{id}/files"),
    ("GET", "/staff/requests/{id}/files/{file}"),
    ("POST", "/staff/requests/{id}/files/remove"),
    ("POST", "/staff/requests/{id}/release"),
    ("POST", "/staff/requests/{id}/links"),
    ("POST", "/staff/requests/{id}/links/revoke"),
    ("GET", "/staff/patients"),
    ("GET", "/staff/patients/{id}"),
    ("POST", "/staff/patients/{id}/link"),
    ("POST", "/staff/patients/{id}/unlink"),
    ("POST", "/staff/patients/{id}/resend-confirmation"),
    ("POST", "/staff/patients/{id}/reset-second-factor"),
    ("POST", "/staff/patients/{id}/summaries"),
    ("GET", "/staff/account"),
    ("POST", "/staff/account/passkeys/start"),
    ("POST", "/staff/account/passkeys/finish"),
    ("POST", "/staff/account/password"),
    ("POST", "/staff/admin/staff/{id}/reset-link"),
    ("GET", "/staff/admin"),
    ("POST", "/staff/admin/staff"),
    ("POST", "/staff/admin/staff/{id}/disable"),
    ("POST", "/staff/admin/staff/{id}/enable"),
    ("GET", "/staff/admin/fees"),
    ("POST", "/staff/admin/fees"),
    ("POST", "/staff/admin/fees/{version}/withdraw"),
    ("GET", "/staff/dashboard"),
    ("GET", "/staff/reports/timeliness"),
    ("GET", "/staff/reports/timeliness.csv"),
    ("GET", "/staff/admin/apps"),
    ("POST", "/staff/admin/apps"),
    ("POST", "/staff/admin/apps/{id}/disable"),
    ("GET", "/staff/admin/emails"),
    ("POST", "/staff/admin/emails/{id}/retry"),
    ("GET", "/staff/admin/calendar"),
    ("POST", "/staff/admin/calendar"),
    ("POST", "/staff/admin/calendar/{day}/remove"),
];

pub fn router(state: &AppState) -> Router<AppState> {
    let sessions = auth::STAFF_SESSIONS.layer(state);
    let protected = Router::new()
        .merge(queue::router())
        .merge(requests::router())
        .merge(release::router(state.config.release_max_bytes))
        .route("/staff/logout", post(login::sign_out_staff))
        .route("/staff/patients", get(patients::search))
        .route("/staff/patients/{id}", get(patients::show))
        .route(
            "/staff/patients/{id}/resend-confirmation",
            post(patients::resend_confirmation),
        )
        .route(
            "/staff/patients/{id}/reset-second-factor",
            post(patients::reset_second_factor),
        )
        .route("/staff/patients/{id}/{change}", post(patients::change_link))
        .route(
            "/staff/patients/{id}/summaries",
            post(patient_summaries::attach_summary)
                .layer(axum::extract::DefaultBodyLimit::max(60 * 1024 * 1024)),
        )
        .route("/staff/account", get(passwords::show_account))
        .route(
            "/staff/account/passkeys/start",
            post(passkeys::start_registration),
        )
        .route(
            "/staff/account/passkeys/finish",
            post(passkeys::finish_registration),
        )
        .route("/staff/account/password", post(passwords::change_password))
        .route(
            "/staff/admin/staff/{id}/reset-link",
            post(passwords::send_reset_link),
        )
        .route("/staff/admin", get(admin::show_admin))
        .route("/staff/admin/staff", post(admin::create_staff))
        .route(
            "/staff/admin/fees",
            get(admin::fees::show).post(admin::fees::add),
        )
        .route(
            "/staff/admin/fees/{version}/withdraw",
            post(admin::fees::withdraw),
        )
        .route("/staff/dashboard", get(dashboard::show))
        .route("/staff/reports/timeliness", get(reports::show))
        .route("/staff/reports/timeliness.csv", get(reports::csv))
        .route(
            "/staff/admin/apps",
            get(admin::apps::show).post(admin::apps::register),
        )
        .route("/staff/admin/apps/{id}/disable", post(admin::apps::disable))
        .route("/staff/admin/emails", get(admin::emails::show))
        .route(
            "/staff/admin/emails/{id}/{answer}",
            post(admin::emails::answer),
        )
        .route(
            "/staff/admin/calendar",
            get(admin::calendar::show).post(admin::calendar::mark),
        )
        .route(
            "/staff/admin/calendar/{day}/remove",
            post(admin::calendar::unmark),
        )
        .route(
            "/staff/admin/staff/{id}/{change}",
            post(admin::change_staff),
        )
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            auth::require_staff,
        ));
    Router::new()
        .route(
            "/staff/login",
            get(login::show_login).post(login::submit_login),
        )
        .route("/staff/login/passkey/start", post(passkeys::start_sign_in))
        .route(
            "/staff/login/passkey/finish",
            post(passkeys::finish_sign_in),
        )
        .route(
            "/staff/reset/{token}",
            get(passwords::show_reset).post(passwords::submit_reset),
        )
        .route(
            "/staff/login/code",
            get(second_step::show_code).post(second_step::submit_code),
        )
        .route(
            "/staff/login/enrol",
            get(second_step::show_enrol).post(second_step::submit_enrol),
        )
        .route(
            "/staff",
            get(|| async { axum::response::Redirect::to("/staff/queue") }),
        )
        .merge(protected)
        .layer(sessions)
}
