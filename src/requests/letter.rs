//! The written denial (45 CFR 164.524(d)): the basis, the review right where it applies,
//! and how to complain to the practice and to HHS. Printable; shown to staff and, behind
//! the tracking link, to the requester.

use askama::Template;
use askama_web::WebTemplate;
use sqlx::PgExecutor;
use uuid::Uuid;

use crate::config::Practice;
use crate::domain::calendar::{long_date, practice_date};
use crate::domain::denial::{DenialGround, HHS_COMPLAINT};
use crate::domain::workflow::Status;

#[derive(Template, WebTemplate)]
#[template(path = "letters/denial.html")]
pub struct DenialLetter {
    pub practice: Practice,
    pub date: String,
    pub reference: String,
    pub requester_name: String,
    pub ground: DenialGround,
    pub explanation: Option<String>,
    pub hhs: &'static str,
}

/// The letter for a denied request, or `None` when the request was not denied.
pub async fn denial_letter(
    db: impl PgExecutor<'_>,
    request_id: Uuid,
    practice: &Practice,
) -> Result<Option<DenialLetter>, sqlx::Error> {
    let row = sqlx::query!(
        r#"select r.reference, r.denial_ground as "ground!", r.closed_reason, q.name as requester_name,
                  (select max(h.at) from request_status_history h where h.request_id = r.id and h.to_status = $2) as "denied_at!"
           from requests r join requesters q on q.id = r.requester_id
           where r.id = $1 and r.status = $2 and r.denial_ground is not null"#,
        request_id,
        Status::Denied as _
    )
    .fetch_optional(db)
    .await?;
    Ok(row.and_then(|row| {
        Some(DenialLetter {
            practice: practice.clone(),
            date: long_date(practice_date(row.denied_at)),
            reference: row.reference,
            requester_name: row.requester_name,
            ground: DenialGround::parse(&row.ground)?,
            explanation: row.closed_reason,
            hhs: HHS_COMPLAINT,
        })
    }))
}

/// Opens the letter of a denied request for `actor`, recording the view as a disclosure
/// would be; 404 when the request was not denied.
pub async fn view_denial_letter(
    state: &crate::state::AppState,
    request_id: Uuid,
    actor: crate::audit::Actor,
    ip: Option<std::net::IpAddr>,
) -> crate::error::AppResult<DenialLetter> {
    let letter = denial_letter(&state.db, request_id, &state.config.practice)
        .await?
        .ok_or(crate::error::AppError::NotFound)?;
    let now = state.clock.now();
    crate::audit::record(
        &state.db,
        actor,
        "request.denial_letter_viewed",
        Some(request_id),
        ip,
        serde_json::json!({}),
        now,
    )
    .await?;
    Ok(letter)
}
