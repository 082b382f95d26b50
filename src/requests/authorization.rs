//! The authorization on file for a request: loaded with what checking it needs, checked by
//! the pure 164.508 module, and revoked. Verifying and releasing consult it inside their
//! transition; the staff page shows the same checklist.

use sqlx::{PgConnection, PgExecutor};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::transitions::Who;
use crate::domain::authorization::{self, AuthorizationOnFile, Element};
use crate::domain::contact::PersonName;
use crate::domain::request::{RequesterType, SensitiveCategory, SignedBy, Statement};

/// The authorization as signed (or waiting to be), and who it is about.
pub struct OnFile {
    pub signer_name: Option<String>,
    pub signer_authority: Option<String>,
    pub signed_by: SignedBy,
    pub recipient: String,
    pub purpose_description: String,
    pub expires_on: Option<Date>,
    pub expiration_event: Option<String>,
    pub statements: Vec<String>,
    pub sensitive_requested: Vec<String>,
    pub sensitive_consents: Vec<String>,
    pub signed_at: Option<OffsetDateTime>,
    pub signer_ip: Option<String>,
    pub signer_user_agent: Option<String>,
    pub signing_email: Option<String>,
    pub signing_link_sent_at: Option<OffsetDateTime>,
    pub signing_link_expires_at: Option<OffsetDateTime>,
    pub signing_failures: i32,
    pub paper_elements: Option<Vec<String>>,
    pub paper_checked_at: Option<OffsetDateTime>,
    pub paper_checked_by_name: Option<String>,
    pub revoked_at: Option<OffsetDateTime>,
    pub revocation_note: Option<String>,
    pub requester_type: RequesterType,
    pub patient_name: String,
    pub record_kinds: i64,
}

/// The 164.508 checklist of an authorization on a given day.
pub struct Checklist {
    pub elements: Vec<Element>,
    pub expired: bool,
    /// Sensitive categories with their own consent, in words.
    pub sensitive: Vec<&'static str>,
    /// Why it cannot carry a verification or a release; empty when it can.
    pub blockers: Vec<&'static str>,
}

pub async fn load(db: impl PgExecutor<'_>, request: Uuid) -> Result<Option<OnFile>, sqlx::Error> {
    sqlx::query_as!(
        OnFile,
        r#"select a.signer_name, a.signer_authority, a.signed_by as "signed_by: SignedBy", a.recipient,
                  a.purpose_description, a.expires_on, a.expiration_event, a.statements,
                  a.sensitive_requested, a.sensitive_consents, a.signed_at,
                  host(a.signer_ip) as signer_ip, a.signer_user_agent, a.signing_email::text as signing_email,
                  a.signing_link_sent_at, a.signing_link_expires_at, a.signing_failures,
                  a.paper_elements, a.paper_checked_at, s.name as "paper_checked_by_name?",
                  a.revoked_at, a.revocation_note,
                  r.requester_type as "requester_type: RequesterType", p.legal_name as patient_name,
                  (select count(*) from request_record_kinds k where k.request_id = r.id) as "record_kinds!"
           from authorizations a join requests r on r.id = a.request_id join patients p on p.id = r.patient_id
                left join staff s on s.id = a.paper_checked_by
           where a.request_id = $1"#,
        request
    )
    .fetch_optional(db)
    .await
}

fn categories(codes: &[String]) -> Vec<SensitiveCategory> {
    codes
        .iter()
        .filter_map(|c| SensitiveCategory::parse(c))
        .collect()
}

impl OnFile {
    pub fn checklist(&self, today: Date) -> Checklist {
        let statements: Vec<Statement> = self
            .statements
            .iter()
            .filter_map(|s| Statement::parse(s))
            .collect();
        let signer_name = self.signer_name.as_deref().unwrap_or_default();
        let signed_by_patient = PersonName::parse(signer_name)
            .ok()
            .zip(PersonName::parse(&self.patient_name).ok())
            .is_some_and(|(signer, patient)| signer.matches(&patient));
        let requested = categories(&self.sensitive_requested);
        let consents = categories(&self.sensitive_consents);
        let on_file = AuthorizationOnFile {
            requester_type: self.requester_type,
            record_kinds: usize::try_from(self.record_kinds).unwrap_or(0),
            recipient: &self.recipient,
            purpose: &self.purpose_description,
            expires_on: self.expires_on,
            expiration_event: self.expiration_event.as_deref(),
            signer_name,
            signed: self.signed_at.is_some(),
            signed_by: self.signed_by,
            signed_by_patient,
            signer_authority: self.signer_authority.as_deref(),
            statements: &statements,
            sensitive_requested: &requested,
            sensitive_consents: &consents,
            paper_elements: self.paper_elements.as_deref(),
            revoked: self.revoked_at.is_some(),
        };
        Checklist {
            elements: authorization::elements(&on_file),
            expired: authorization::is_expired(&on_file, today),
            sensitive: consents.iter().map(|c| c.label()).collect(),
            blockers: authorization::blockers(&on_file, today),
        }
    }

    /// The patient's signing link is out and unsigned.
    pub fn awaits_patient(&self) -> bool {
        self.signed_by == SignedBy::PatientOnline && self.signed_at.is_none()
    }

    /// The patient signed it online: nothing about how it was signed may change.
    pub fn signed_online(&self) -> bool {
        self.signed_by == SignedBy::PatientOnline && self.signed_at.is_some()
    }

    /// The signing link went to an address at the requester's own domain: the requester
    /// may have signed for the patient. Staff check the address against the chart.
    pub fn signing_email_shares_domain_with(&self, requester_email: &str) -> bool {
        let domain = |e: &str| e.rsplit_once('@').map(|(_, d)| d.to_ascii_lowercase());
        self.signing_email
            .as_deref()
            .and_then(domain)
            .is_some_and(|d| Some(d) == domain(requester_email))
    }

    /// A paper authorization staff have yet to check (or may check again).
    pub fn is_paper(&self) -> bool {
        self.signed_by == SignedBy::Paper
    }
}

/// Why the request's authorization cannot carry a verification or a release today.
pub async fn blockers(
    conn: &mut PgConnection,
    request: Uuid,
    today: Date,
) -> Result<Vec<&'static str>, sqlx::Error> {
    Ok(match load(&mut *conn, request).await? {
        Some(on_file) => on_file.checklist(today).blockers,
        None => vec!["no authorization is on file"],
    })
}

/// Who revoked an authorization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RevokedBy {
    /// The patient, signed in to the portal.
    Patient,
    /// The signer, from the request's tracking page.
    Signer,
    /// Staff, recording a written revocation.
    Staff,
}

impl RevokedBy {
    fn code(self) -> &'static str {
        match self {
            RevokedBy::Patient => "patient",
            RevokedBy::Signer => "signer",
            RevokedBy::Staff => "staff",
        }
    }
}

/// Revokes the authorization (164.508(b)(5)) and records who did, in the caller's
/// transaction; `false` when it was already revoked. What was disclosed before stays
/// disclosed; nothing is verified, released or downloaded under it afterwards.
pub async fn revoke(
    conn: &mut PgConnection,
    request: Uuid,
    by: RevokedBy,
    note: Option<&str>,
    who: &Who,
) -> Result<bool, sqlx::Error> {
    // Lock the request as a workflow step does, so a release running at the same moment
    // either finishes first or sees the revocation.
    sqlx::query!("select id from requests where id = $1 for update", request)
        .fetch_optional(&mut *conn)
        .await?;
    let done = sqlx::query!(
        "update authorizations set revoked_at = $2, revoked_by = $3, revocation_note = $4 where request_id = $1 and revoked_at is null",
        request,
        who.at,
        by.code(),
        note
    )
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    let detail = serde_json::json!({ "by": by.code() });
    who.audit(&mut *conn, "authorization.revoked", request, detail)
        .await?;
    Ok(true)
}
