//! Filing a request: every row, the audit trail and the confirmation email in one
//! transaction. Used by the form and by the demo seed.

use uuid::Uuid;

use super::new_request::{NewRequest, Signature};
use super::queries::{self, Receipt};
use super::uploads::ReceivedFile;
use crate::accounts::patient_session::Patient;
use crate::audit::{self, Actor};
use crate::crypto::NewToken;
use crate::domain::calendar::practice_date;
use crate::domain::due_dates::{legal_deadline, service_target};
use crate::domain::fees;
use crate::email::messages::RequestReceived;
use crate::email::outbox;
use crate::error::{AppError, AppResult};
use crate::practice::{days, fee_schedules};
use crate::requests::adopt::{Filed, adopt};
use crate::requests::signing;
use crate::state::AppState;

/// Where a filing came from.
pub struct Arrival<'a> {
    pub ip: Option<std::net::IpAddr>,
    pub user_agent: Option<&'a str>,
    /// The review page's one-time key.
    pub filing_key: Option<Uuid>,
}

/// What became of a filing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filing {
    New(Uuid),
    /// The same form was sent before (its one-time key was used): nothing new was filed.
    Earlier(Uuid),
}

/// Commits `request` whole, or nothing.
pub async fn file_request(
    state: &AppState,
    request: &NewRequest,
    files: &[ReceivedFile],
    arrival: &Arrival<'_>,
    has_ssa: bool,
    portal: Option<&Patient>,
) -> AppResult<Filing> {
    let ip = arrival.ip;
    if let Some(key) = arrival.filing_key
        && let Some(earlier) = queries::filed_with_key(&state.db, key).await?
    {
        return Ok(Filing::Earlier(earlier));
    }
    let now = state.clock.now();
    let received_on = practice_date(now);
    let legal_due_on = legal_deadline(received_on, false);
    // The schedule in effect today prices the request, which keeps its version (SPEC 5).
    let schedule = fee_schedules::in_effect(&state.db, received_on).await?;
    let quote = fees::quote(&schedule, &request.quote_request(has_ssa));
    let token = NewToken::generate();
    let calendar = days::calendar(&state.db, &state.calendar).await?;
    let target = service_target(&calendar, received_on, request.delivery.method);
    let receipt = Receipt {
        at: now,
        received_on,
        legal_due_on,
        service_due_on: target.latest,
        tracking_token_hash: &token.hash,
        signer_ip: ip,
        signer_user_agent: arrival.user_agent,
        filing_key: arrival.filing_key,
        language: crate::i18n::current().preferred,
    };

    let mut tx = state.db.begin().await?;
    let created = match queries::insert_request(&mut tx, request, files, &quote, &receipt).await {
        Ok(created) => created,
        // The same form sent twice at once (a double click): the other one filed it.
        Err(sqlx::Error::Database(e)) if e.constraint() == Some("requests_filing_key_key") => {
            drop(tx);
            let key = arrival.filing_key.unwrap_or_default();
            let earlier = queries::filed_with_key(&state.db, key).await?;
            return earlier
                .map(Filing::Earlier)
                .ok_or_else(|| AppError::Internal("a used filing key names no request".into()));
        }
        Err(error) => return Err(error.into()),
    };
    queries::mark_possible_duplicate(&mut tx, created.id).await?;
    audit::record_transition(
        &mut *tx,
        created.id,
        None,
        request.initial_status(),
        Actor::Requester,
        None,
        now,
    )
    .await?;
    let detail = serde_json::json!({ "files": files.len(), "requester_type": request.requester_type.code() });
    audit::record(
        &mut *tx,
        Actor::Requester,
        "request.submitted",
        Some(created.id),
        ip,
        detail,
        now,
    )
    .await?;
    // The email goes out in the language the request was filed in.
    let lang = receipt.language;
    let email = RequestReceived {
        site: state.site().in_lang(lang),
        language_help_url: format!("{}/language-assistance", state.config.base_url),
        request_id: created.id,
        to: request.contact_email.clone(),
        reference: created.reference.clone(),
        tracking_url: format!("{}/track/{}", state.config.base_url, token.text),
        service_target: lang.long_date(target.latest),
        legal_deadline: lang.long_date(legal_due_on),
        awaiting_patient_signature: request.authorization.signature == Signature::PatientOnline,
    }
    .render()?;
    outbox::enqueue(&mut *tx, &email, &state.config.message_domain(), now).await?;
    if request.authorization.signature == Signature::PatientOnline
        && let Some(to) = &request.patient.email
    {
        signing::send_link(&mut tx, state, created.id, to, now).await?;
        let detail = serde_json::json!({ "at_filing": true });
        let action = "authorization.signing_link_sent";
        audit::record(
            &mut *tx,
            Actor::Requester,
            action,
            Some(created.id),
            ip,
            detail,
            now,
        )
        .await?;
    }
    if let Some(patient) = portal {
        let filed = Filed {
            patient_name: &request.patient.legal_name,
            date_of_birth: request.patient.date_of_birth,
            requester_type: request.requester_type,
        };
        adopt(&mut tx, created.id, &filed, patient, ip, now).await?;
    }
    tx.commit().await?;
    Ok(Filing::New(created.id))
}
