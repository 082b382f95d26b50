//! Writing a new request: every row it owns, in the caller's transaction.

use sha2::{Digest, Sha256};
use sqlx::types::ipnetwork::IpNetwork;
use sqlx::{PgConnection, PgExecutor};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::new_request::{DateRange, NewRequest, Signature};
use super::uploads::ReceivedFile;
use crate::domain::fees::Quote;
use crate::domain::request::{DeliveryMethod, SignedBy};

/// The facts about a submission that do not come from the form.
pub struct Receipt<'a> {
    pub at: OffsetDateTime,
    pub received_on: Date,
    pub legal_due_on: Date,
    pub service_due_on: Date,
    pub tracking_token_hash: &'a [u8; 32],
    pub signer_ip: Option<std::net::IpAddr>,
    pub signer_user_agent: Option<&'a str>,
    /// The review page's one-time key: a second filing of the same form is refused.
    pub filing_key: Option<Uuid>,
    /// The language the form was filled in: everything about the request goes out in it.
    pub language: crate::i18n::Lang,
}

pub struct Created {
    pub id: Uuid,
    pub reference: String,
}

pub async fn insert_request(
    conn: &mut PgConnection,
    request: &NewRequest,
    files: &[ReceivedFile],
    quote: &Quote,
    receipt: &Receipt<'_>,
) -> Result<Created, sqlx::Error> {
    let patient = &request.patient;
    let patient_id = Uuid::now_v7();
    sqlx::query!(
        r#"insert into patients (id, legal_name, former_names, date_of_birth, phone, email, mailing_address)
           values ($1, $2, $3, $4, $5, $6, $7)"#,
        patient_id,
        patient.legal_name.as_str(),
        patient.former_names,
        patient.date_of_birth,
        patient.phone.as_ref().map(|p| p.as_str()),
        patient.email.as_ref().map(|e| e.as_str()),
        patient.mailing_address,
    )
    .execute(&mut *conn)
    .await?;

    // The patient filing for themselves is their own requester.
    let requester_id = Uuid::now_v7();
    let (name, organization, email, phone) = match &request.requester {
        Some(r) => (
            r.name.as_str(),
            r.organization.as_deref(),
            r.email.as_str(),
            r.phone.as_ref().map(|p| p.as_str()),
        ),
        None => (
            patient.legal_name.as_str(),
            None,
            request.contact_email.as_str(),
            patient.phone.as_ref().map(|p| p.as_str()),
        ),
    };
    sqlx::query!(
        r#"insert into requesters (id, requester_type, name, organization, email, phone)
           values ($1, $2, $3, $4, $5, $6)"#,
        requester_id,
        request.requester_type.code(),
        name,
        organization,
        email,
        phone,
    )
    .execute(&mut *conn)
    .await?;

    let (all_dates, dates_from, dates_to) = match request.dates {
        DateRange::All => (true, None, None),
        DateRange::Between { from, to } => (false, from, to),
    };
    let id = Uuid::now_v7();
    let delivery = &request.delivery;
    let estimate = serde_json::to_value(quote).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let reference = sqlx::query_scalar!(
        r#"insert into requests (
               id, patient_id, requester_id, requester_type, purpose, purpose_other,
               other_kinds_description, all_dates, dates_from, dates_to, delivery_method, delivery_email,
               delivery_address, delivery_fax, provider_name, fee_schedule_version, fee_estimate,
               received_at, received_on, legal_due_on, service_due_on, has_sensitive, filing_key,
               duplicate_key, status, language)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26)
           returning reference"#,
        id,
        patient_id,
        requester_id,
        request.requester_type.code(),
        request.purpose.code(),
        request.purpose_other,
        request.other_kinds_description,
        all_dates,
        dates_from,
        dates_to,
        delivery.method.code(),
        delivery.email.as_ref().map(|e| e.as_str()),
        delivery.address,
        delivery.fax.as_ref().map(|f| f.as_str()),
        delivery.provider_name,
        quote.schedule,
        estimate,
        receipt.at,
        receipt.received_on,
        receipt.legal_due_on,
        receipt.service_due_on,
        !request.authorization.sensitive.is_empty(),
        receipt.filing_key,
        &duplicate_key(request, email)[..],
        request.initial_status() as _,
        receipt.language.code(),
    )
    .fetch_one(&mut *conn)
    .await?;
    crate::email::notices::insert_tracking_token(
        &mut *conn,
        id,
        receipt.tracking_token_hash,
        receipt.at,
    )
    .await?;

    let kinds: Vec<String> = request
        .record_kinds
        .iter()
        .map(|k| k.code().to_owned())
        .collect();
    sqlx::query!(
        "insert into request_record_kinds (request_id, kind) select $1, unnest($2::text[])",
        id,
        &kinds
    )
    .execute(&mut *conn)
    .await?;

    let auth = &request.authorization;
    let (signer_name, signer_authority, statements, signed_by, signed_at): (_, _, Vec<&str>, _, _) =
        match &auth.signature {
            Signature::OnForm {
                name,
                authority,
                statements,
            } => (
                Some(name.as_str()),
                authority.as_deref(),
                statements.iter().map(|s| s.code()).collect(),
                SignedBy::Requester,
                Some(receipt.at),
            ),
            Signature::PatientOnline => (None, None, Vec::new(), SignedBy::PatientOnline, None),
            Signature::Paper => (None, None, Vec::new(), SignedBy::Paper, None),
        };
    let sensitive: Vec<&str> = auth.sensitive.iter().map(|c| c.code()).collect();
    // Consents given on the form; a third party's come with the patient's signature.
    let consents: &[&str] = if signed_by == SignedBy::Requester {
        &sensitive
    } else {
        &[]
    };
    let purpose_description = match &request.purpose_other {
        Some(other) => format!("{}: {other}", request.purpose.label()),
        None => request.purpose.label().to_owned(),
    };
    sqlx::query!(
        r#"insert into authorizations (
               request_id, signer_name, signer_authority, recipient, purpose_description, expires_on,
               expiration_event, statements, sensitive_requested, sensitive_consents, signed_at,
               signer_ip, signer_user_agent, signed_by)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"#,
        id,
        signer_name,
        signer_authority,
        request.recipient(),
        purpose_description,
        auth.expires_on,
        auth.expiration_event,
        &statements as &[&str],
        &sensitive as &[&str],
        consents as &[&str],
        signed_at,
        signed_at.and(receipt.signer_ip).map(IpNetwork::from),
        signed_at.and(receipt.signer_user_agent),
        signed_by as _,
    )
    .execute(&mut *conn)
    .await?;

    for file in files {
        sqlx::query!(
            r#"insert into uploaded_files (id, request_id, purpose, object_key, original_filename, content_type, size_bytes, sha256)
               values ($1, $2, $3, $4, $5, $6, $7, $8)"#,
            Uuid::now_v7(),
            id,
            file.purpose.field(),
            file.object.key,
            file.original_filename,
            file.content_type,
            i64::try_from(file.object.size_bytes).unwrap_or(i64::MAX),
            &file.object.sha256[..],
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(Created { id, reference })
}

/// What the confirmation page shows.
pub struct ConfirmationFacts {
    pub reference: String,
    pub delivery_method: DeliveryMethod,
    pub received_on: Date,
    pub legal_due_on: Date,
    pub contact_email: String,
}

pub async fn confirmation_facts(
    db: impl sqlx::PgExecutor<'_>,
    id: Uuid,
) -> Result<Option<ConfirmationFacts>, sqlx::Error> {
    sqlx::query_as!(
        ConfirmationFacts,
        r#"select r.reference, r.delivery_method as "delivery_method: DeliveryMethod", r.received_on, r.legal_due_on, q.email as "contact_email!"
           from requests r join requesters q on q.id = r.requester_id
           where r.id = $1"#,
        id
    )
    .fetch_optional(db)
    .await
}

/// The request a review page's one-time key already filed, if any.
pub async fn filed_with_key(
    db: impl PgExecutor<'_>,
    key: Uuid,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar!("select id from requests where filing_key = $1", key)
        .fetch_optional(db)
        .await
}

/// What makes two requests alike, hashed: the patient's name (case and spacing aside) and
/// date of birth, the requester's email and the records asked for.
fn duplicate_key(request: &NewRequest, requester_email: &str) -> [u8; 32] {
    let name = request
        .patient
        .legal_name
        .as_str()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let mut kinds: Vec<&str> = request.record_kinds.iter().map(|k| k.code()).collect();
    kinds.sort_unstable();
    let mut hasher = Sha256::new();
    for part in [
        name.as_str(),
        &request.patient.date_of_birth.to_string(),
        &requester_email.to_lowercase(),
        &kinds.join(","),
    ] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hasher.finalize().into()
}

/// Marks `id` as a possible duplicate of the latest request filed in the 14 days before it
/// with the same duplicate key (same patient, records and requester), if there is one.
pub async fn mark_possible_duplicate(conn: &mut PgConnection, id: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"update requests r set possible_duplicate_of = (
               select d.id from requests d
               where d.duplicate_key = r.duplicate_key
                 and d.received_at >= r.received_at - interval '14 days'
                 and d.id <> r.id
               order by d.received_at desc
               limit 1)
           where r.id = $1"#,
        id
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}
