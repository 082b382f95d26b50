//! Filing a request: every row, the audit trail and the confirmation email in one
//! transaction. Used by the form and by the demo seed.

use uuid::Uuid;

use super::new_request::NewRequest;
use super::queries::{self, Receipt};
use super::uploads::ReceivedFile;
use crate::accounts::patient_session::Patient;
use crate::audit::{self, Actor};
use crate::crypto::NewToken;
use crate::domain::calendar::{long_date, practice_date};
use crate::domain::due_dates::{legal_deadline, service_target};
use crate::domain::fees;
use crate::domain::workflow::Status;
use crate::email::messages::RequestReceived;
use crate::email::outbox;
use crate::error::AppResult;
use crate::requests::adopt::{Filed, adopt};
use crate::state::AppState;

/// Commits `request` whole, or nothing. Returns the new request's id.
pub async fn file_request(
    state: &AppState,
    request: &NewRequest,
    files: &[ReceivedFile],
    ip: Option<std::net::IpAddr>,
    user_agent: Option<&str>,
    has_ssa: bool,
    portal: Option<&Patient>,
) -> AppResult<Uuid> {
    let now = state.clock.now();
    let received_on = practice_date(now);
    let legal_due_on = legal_deadline(received_on, false);
    let quote = fees::quote(&state.fees, &request.quote_request(has_ssa));
    let token = NewToken::generate();
    let target = service_target(&state.calendar, received_on, request.delivery.method);
    let receipt = Receipt {
        at: now,
        received_on,
        legal_due_on,
        service_due_on: target.latest,
        tracking_token_hash: &token.hash,
        signer_ip: ip,
        signer_user_agent: user_agent,
    };

    let mut tx = state.db.begin().await?;
    let created = queries::insert_request(&mut tx, request, files, &quote, &receipt).await?;
    audit::record_transition(
        &mut *tx,
        created.id,
        None,
        Status::Received,
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
    let email = RequestReceived {
        request_id: created.id,
        to: request.contact_email.clone(),
        practice_name: state.config.practice.name.clone(),
        practice_phone: state.config.practice.phone.clone(),
        reference: created.reference.clone(),
        tracking_url: format!("{}/track/{}", state.config.base_url, token.text),
        service_target: long_date(target.latest),
        legal_deadline: long_date(legal_due_on),
    }
    .render()?;
    outbox::enqueue(&mut *tx, &email, &state.config.message_domain(), now).await?;
    if let Some(patient) = portal {
        let filed = Filed {
            patient_name: &request.patient.legal_name,
            date_of_birth: request.patient.date_of_birth,
            requester_type: request.requester_type,
        };
        adopt(&mut tx, created.id, &filed, patient, ip, now).await?;
    }
    tx.commit().await?;
    Ok(created.id)
}
