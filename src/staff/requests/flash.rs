//! The one-line "done" message a clerk sees after an action: the action names it in a
//! short-lived cookie on its redirect, and the request page shows it once.

use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use uuid::Uuid;

use crate::domain::workflow::Action;
use crate::http::csrf::cookie_value;

const COOKIE: &str = "rp_done";

/// Back to the request page, saying `what` was done (an action's code, or one below).
pub fn done(id: Uuid, what: &'static str) -> Response {
    back(id, "", what)
}

/// Back to the request page's records section, saying `what` was done.
pub fn done_at_release(id: Uuid, what: &'static str) -> Response {
    back(id, "#release", what)
}

/// The cookie is scoped to this request's page, so it shows there and nowhere else.
fn back(id: Uuid, anchor: &str, what: &'static str) -> Response {
    let mut response = Redirect::to(&format!("/staff/requests/{id}{anchor}")).into_response();
    let cookie = format!(
        "{COOKIE}={what}; Path=/staff/requests/{id}; Max-Age=60; HttpOnly; SameSite=Strict"
    );
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// The message waiting for request `id`'s page, if any, and the header that clears it.
pub fn take(headers: &HeaderMap, id: Uuid) -> Option<(&'static str, HeaderValue)> {
    let message = message(cookie_value(headers, COOKIE)?)?;
    let clear =
        format!("{COOKIE}=; Path=/staff/requests/{id}; Max-Age=0; HttpOnly; SameSite=Strict");
    Some((message, HeaderValue::from_str(&clear).ok()?))
}

fn message(code: &str) -> Option<&'static str> {
    if let Some(action) = Action::parse(code) {
        return Some(match action {
            Action::AuthorizationSigned => "Done: the authorization is signed.",
            Action::StartVerifying => "Done: you are verifying this request.",
            Action::RequestInfo => "Done: the requester was asked for more information.",
            Action::InfoReceived => "Done: the information is in; back to verifying.",
            Action::MarkVerified => "Done: identity and authorization verified.",
            Action::RecordPages => "Done: the page count and the final fee are recorded.",
            Action::RecordPayment => "Done: the payment is recorded.",
            Action::Release => "Done: the records were released.",
            Action::Complete => "Done: the request is complete.",
            Action::Deny => "Done: the request was denied and the letter sent.",
            Action::Withdraw => "Done: the request was withdrawn.",
        });
    }
    Some(match code {
        "assigned" => "Done: the request is assigned to you.",
        "approved" => "Done: the release of sensitive records is approved.",
        "extended" => "Done: the deadline is extended and the requester told.",
        "ledger" => "Done: the ledger entry is recorded and a receipt sent.",
        "revoked" => "Done: the revocation is recorded. Nothing is released under it.",
        "uploaded" => "Done: the files are added to the records to release.",
        "file_removed" => "Done: the file is removed; it will not be released.",
        "link_sent" => "Done: a new download link was emailed.",
        "signing_link_sent" => {
            "Done: the patient was emailed a new link to sign the authorization."
        }
        "paper_checked" => "Done: your check of the paper authorization is recorded.",
        "paper_instead" => "Done: check the attached paper authorization, element by element.",
        "link_revoked" => "Done: the link is revoked; it no longer downloads anything.",
        _ => return None,
    })
}
