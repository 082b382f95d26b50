//! The patient's own signature on a third party's request (SPEC 3: a third party never
//! signs for the patient): the emailed signing link, issued at filing and sent again by
//! staff; the signature the patient gives through it; and the paper authorization staff
//! check element by element.

use sqlx::PgConnection;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use super::transitions::{self, Who};
use crate::crypto::NewToken;
use crate::domain::contact::{EmailAddress, PersonName};
use crate::domain::request::{SensitiveCategory, Statement};
use crate::domain::workflow::Action;
use crate::email::messages::Notice;
use crate::email::outbox;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// How long a signing link works.
pub const LINK_LIFETIME: Duration = Duration::days(14);

/// Wrong dates of birth a signing link takes before it locks until staff send a new one.
pub const WRONG_BIRTH_DATES_ALLOWED: i32 = 5;

/// Emails the patient a new link to read and sign the authorization; earlier links stop
/// working. In the caller's transaction; `false` when the request no longer waits for
/// the patient's signature.
pub async fn send_link(
    conn: &mut PgConnection,
    state: &AppState,
    request: Uuid,
    to: &EmailAddress,
    now: OffsetDateTime,
) -> AppResult<bool> {
    let token = NewToken::generate();
    let Some(reference) = sqlx::query_scalar!(
        r#"update authorizations a set signing_email = $2, signing_token_hash = $3,
               signing_link_sent_at = $4, signing_link_expires_at = $5, signing_failures = 0
           from requests r
           where a.request_id = $1 and r.id = a.request_id and a.signed_at is null
                 and a.signed_by = 'patient_online' and r.status = 'awaiting_authorization'
           returning r.reference"#,
        request,
        to.as_str(),
        &token.hash[..],
        now,
        now + LINK_LIFETIME
    )
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(false);
    };
    let practice = &state.config.practice;
    // No names and nothing clinical: the address was typed by the third party, and may be
    // wrong. Who asked, and for what, is behind the link and the date of birth.
    let notice = Notice {
        kind: "authorization_to_sign",
        request_id: Some(request),
        to: to.clone(),
        subject: format!("Please read and sign an authorization for {}", practice.name),
        practice_name: practice.name.clone(),
        practice_phone: practice.phone.clone(),
        reference,
        paragraphs: vec![
            format!("Someone, for example an attorney or an insurer, has asked {} for copies of your health records, and named you as the patient. We send them nothing unless you sign an authorization.", practice.name),
            "Read who asked, for which records and why, then sign it or say no. You will need your date of birth. The link works for 14 days.".into(),
            "If you did not expect this, do not sign, and call us.".into(),
        ],
        link_text: "Read the authorization",
        link_url: format!("{}/sign/{}", state.config.base_url, token.text),
        invoice_attachment: None,
    }
    .render()?;
    outbox::enqueue(&mut *conn, &notice, &state.config.message_domain(), now).await?;
    state.outbox_signal.notify_one();
    Ok(true)
}

/// What the patient (or a personal representative) signed online.
pub struct OnlineSignature {
    pub name: PersonName,
    pub authority: Option<String>,
    pub statements: Vec<Statement>,
    pub consents: Vec<SensitiveCategory>,
    pub user_agent: Option<String>,
}

/// Records the signature and moves the request on to `received` (the link, once signed,
/// only says so); in the caller's transaction. `false` when it was signed (or the link replaced) meanwhile.
pub async fn sign_online(
    conn: &mut PgConnection,
    request: Uuid,
    signature: &OnlineSignature,
    who: &Who,
) -> AppResult<bool> {
    let statements: Vec<&str> = signature.statements.iter().map(|s| s.code()).collect();
    let consents: Vec<&str> = signature.consents.iter().map(|c| c.code()).collect();
    let done = sqlx::query!(
        r#"update authorizations set signer_name = $2, signer_authority = $3, statements = $4,
               sensitive_consents = $5, signed_at = $6, signer_ip = $7, signer_user_agent = $8
           where request_id = $1 and signed_at is null and signed_by = 'patient_online'"#,
        request,
        signature.name.as_str(),
        signature.authority,
        &statements as &[&str],
        &consents as &[&str],
        who.at,
        who.ip.map(sqlx::types::ipnetwork::IpNetwork::from),
        signature.user_agent,
    )
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    transitions::step(
        conn,
        request,
        Action::AuthorizationSigned,
        |locked| locked.facts(),
        who,
        Some("The patient signed the authorization online"),
    )
    .await
    .map_err(|e| match e {
        transitions::StepError::Refused(why) => AppError::Internal(why.to_string()),
        transitions::StepError::App(e) => e,
    })?;
    let detail = serde_json::json!({ "by": "patient_online" });
    who.audit(&mut *conn, "authorization.signed", request, detail)
        .await?;
    Ok(true)
}

/// What a clerk found on a paper authorization.
pub struct PaperCheck<'a> {
    pub elements: &'a [String],
    pub signer_name: &'a PersonName,
    pub signer_authority: Option<&'a str>,
    pub signed_at: OffsetDateTime,
    pub staff: Uuid,
}

/// Records a clerk's element-by-element check of the paper authorization, audited; a
/// later check replaces it (the audit log keeps both).
pub async fn record_paper_check(
    conn: &mut PgConnection,
    request: Uuid,
    check: &PaperCheck<'_>,
    who: &Who,
) -> AppResult<bool> {
    let done = sqlx::query!(
        r#"update authorizations set paper_elements = $2, paper_checked_by = $3, paper_checked_at = $4,
               signer_name = $5, signer_authority = $6, signed_at = $7
           where request_id = $1 and signed_by = 'paper'"#,
        request,
        check.elements,
        check.staff,
        who.at,
        check.signer_name.as_str(),
        check.signer_authority,
        check.signed_at,
    )
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    let detail = serde_json::json!({ "elements_found": check.elements.len() });
    who.audit(&mut *conn, "authorization.paper_checked", request, detail)
        .await?;
    Ok(true)
}
