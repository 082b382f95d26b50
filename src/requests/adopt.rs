//! Adopting a request filed while signed in to the portal into the patient's account.

use sqlx::PgConnection;
use time::OffsetDateTime;
use uuid::Uuid;

use super::transitions::{self, Who};
use crate::accounts::patient_session::Patient;
use crate::audit::Actor;
use crate::domain::contact::PersonName;
use crate::domain::request::RequesterType;
use crate::domain::workflow::Action;
use crate::error::AppResult;

/// Who a freshly filed request is about, and who filed it.
pub struct Filed<'a> {
    pub patient_name: &'a PersonName,
    pub date_of_birth: time::Date,
    pub requester_type: RequesterType,
}

/// Links a request filed while signed in to the account, when it is about that patient,
/// in the filing transaction; a patient staff have identified needs no second check.
pub async fn adopt(
    conn: &mut PgConnection,
    request_id: Uuid,
    filed: &Filed<'_>,
    patient: &Patient,
    ip: Option<std::net::IpAddr>,
    now: OffsetDateTime,
) -> AppResult<()> {
    let same_person = PersonName::parse(&patient.legal_name)
        .is_ok_and(|name| name.matches(filed.patient_name))
        && patient.date_of_birth == filed.date_of_birth;
    if !same_person {
        return Ok(());
    }
    sqlx::query!(
        "update requests set account_id = $2 where id = $1",
        request_id,
        patient.id
    )
    .execute(&mut *conn)
    .await?;
    if patient.identity_verified && filed.requester_type == RequesterType::Patient {
        let who = Who {
            actor: Actor::Patient(patient.id),
            ip,
            at: now,
        };
        let note = Some("identity verified by portal sign-in");
        if transitions::try_step(
            conn,
            request_id,
            Action::MarkVerified,
            |l| l.facts(),
            &who,
            note,
        )
        .await?
        .is_ok()
        {
            sqlx::query!(
                "update requests set verified_at = $2 where id = $1",
                request_id,
                now
            )
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}
