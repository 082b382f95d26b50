//! The patient's own signature on a third party's request (SPEC 3: a third party never
//! signs for the patient): the emailed signing link, issued at filing and sent again by
//! staff; the signature the patient gives through it; and the paper authorization staff
//! check element by element.

use sqlx::PgConnection;
use time::{Date, Duration, OffsetDateTime};
use uuid::Uuid;

use super::transitions::{self, Who};
use crate::crypto::NewToken;
use crate::domain::contact::{EmailAddress, PersonName};
use crate::domain::request::{SensitiveCategory, SignedBy, Statement};
use crate::domain::workflow::{Action, Status};
use crate::email::messages::Notice;
use crate::email::outbox;
use crate::error::{AppError, AppResult};
use crate::i18n::Text;
use crate::state::AppState;

/// How long a signing link works.
pub const LINK_LIFETIME: Duration = Duration::days(14);

/// Wrong dates of birth a signing link takes before it locks until staff send a new one.
pub const WRONG_BIRTH_DATES_ALLOWED: i32 = 5;

/// How the patient will sign a third party's request, changed by staff before it is
/// verified: online (for a request the third party signed itself, filed before the patient
/// had to sign, or a patient who has no paper) or on the paper attached. Whatever was
/// signed so far is set aside; a patient's own online signature is never undone. `false`
/// when the request does not allow it.
pub async fn change_method(
    conn: &mut PgConnection,
    request: Uuid,
    method: SignedBy,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        r#"update authorizations a set signed_by = $2, signer_name = null, signer_authority = null,
               signed_at = null, signer_ip = null, signer_user_agent = null, statements = '{}',
               sensitive_consents = '{}', paper_elements = null, paper_checked_by = null,
               paper_checked_at = null, signing_token_hash = null, signing_failures = 0
           from requests r
           where a.request_id = $1 and r.id = a.request_id and r.requester_type = 'third_party'
                 and r.status = any($3) and a.revoked_at is null
                 and not (a.signed_by = 'patient_online' and a.signed_at is not null)"#,
        request,
        method as _,
        Status::BEFORE_VERIFICATION as _
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

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
                 and a.signed_by = 'patient_online' and r.status = any($6) and a.revoked_at is null
           returning r.reference"#,
        request,
        to.as_str(),
        &token.hash[..],
        now,
        now + LINK_LIFETIME,
        Status::BEFORE_VERIFICATION as _
    )
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(false);
    };
    let practice = &state.config.practice;
    // No names and nothing clinical: the address was typed by the third party, and may be
    // wrong. Who asked, and for what, is behind the link and the date of birth.
    let lang = crate::email::notices::request_language(&mut *conn, request).await?;
    let practice_arg = |id| Text::new(id).arg("practice", &practice.name).render(lang);
    let notice = Notice {
        lang,
        kind: "authorization_to_sign",
        request_id: Some(request),
        to: to.clone(),
        subject: practice_arg("notice-sign-subject"),
        practice_name: practice.name.clone(),
        practice_phone: practice.phone.clone(),
        reference,
        paragraphs: vec![
            practice_arg("notice-sign-who"),
            lang.t("notice-sign-read"),
            lang.t("notice-sign-unexpected"),
        ],
        link_text: lang.t("notice-sign-link"),
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
    service_due_on: Date,
    who: &Who,
) -> AppResult<bool> {
    let statements: Vec<&str> = signature.statements.iter().map(|s| s.code()).collect();
    let consents: Vec<&str> = signature.consents.iter().map(|c| c.code()).collect();
    let done = sqlx::query!(
        r#"update authorizations set signer_name = $2, signer_authority = $3, statements = $4,
               sensitive_consents = $5, signed_at = $6, signer_ip = $7, signer_user_agent = $8
           where request_id = $1 and signed_at is null and signed_by = 'patient_online'
                 and revoked_at is null"#,
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
    sqlx::query!(
        "update requests set service_due_on = $2 where id = $1",
        request,
        service_due_on
    )
    .execute(&mut *conn)
    .await?;
    // A request asked to be signed again after it was filed (an authorization the third
    // party had signed itself) stays where it is in the workflow.
    let status = sqlx::query_scalar!(
        r#"select status as "status: Status" from requests where id = $1"#,
        request
    )
    .fetch_one(&mut *conn)
    .await?;
    if status == Status::AwaitingAuthorization {
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
    }
    let detail = serde_json::json!({ "by": "patient_online" });
    who.audit(&mut *conn, "authorization.signed", request, detail)
        .await?;
    Ok(true)
}

/// A signed authorization is attached to the request.
pub async fn has_paper(db: impl sqlx::PgExecutor<'_>, request: Uuid) -> Result<bool, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select exists (select 1 from uploaded_files where request_id = $1 and purpose = 'signed_authorization') as "yes!""#,
        request
    )
    .fetch_one(db)
    .await
}

/// What a clerk found on a paper authorization.
pub struct PaperCheck<'a> {
    pub elements: &'a [String],
    pub signer_name: &'a PersonName,
    pub signer_authority: Option<&'a str>,
    pub signed_at: OffsetDateTime,
    pub staff: Uuid,
}

/// Records a clerk's element-by-element check of the paper authorization, before the
/// request is verified, audited with what was found; a later check replaces it (the audit
/// log keeps both). `false` when the request no longer allows it.
pub async fn record_paper_check(
    conn: &mut PgConnection,
    request: Uuid,
    check: &PaperCheck<'_>,
    who: &Who,
) -> AppResult<bool> {
    // The separate consents for sensitive records are those found on the paper.
    let consents: Vec<&str> = SensitiveCategory::ALL
        .iter()
        .filter(|c| check.elements.iter().any(|e| e == c.consent_element()))
        .map(|c| c.code())
        .collect();
    let done = sqlx::query!(
        r#"update authorizations a set paper_elements = $2, paper_checked_by = $3, paper_checked_at = $4,
               signer_name = $5, signer_authority = $6, signed_at = $7, sensitive_consents = $8
           from requests r
           where a.request_id = $1 and r.id = a.request_id and a.signed_by = 'paper'
                 and r.status = any($9) and a.revoked_at is null"#,
        request,
        check.elements,
        check.staff,
        who.at,
        check.signer_name.as_str(),
        check.signer_authority,
        check.signed_at,
        &consents as &[&str],
        Status::BEFORE_VERIFICATION as _
    )
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    // What the clerk found, so a later check that replaces it leaves this one on record.
    let detail = serde_json::json!({
        "elements_found": check.elements,
        "signed_on": crate::domain::calendar::practice_date(check.signed_at).to_string(),
    });
    who.audit(&mut *conn, "authorization.paper_checked", request, detail)
        .await?;
    Ok(true)
}
