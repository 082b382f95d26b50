//! The resources an app reads: the token's Patient, DocumentReferences for the patient's
//! visit summaries and released records, and each one's Binary (the file itself, streamed
//! with the same integrity check as a download). Anything not the token's patient's is 404.

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use futures_util::stream::{self, BoxStream, StreamExt};
use serde_json::json;

use super::bearer::AppAccess;
use super::discovery::{self, US_CORE_PATIENT};
use super::documents::{DocumentSearch, document_reference, fhir_id, parse_id};
use super::outcome::{FHIR_JSON, Fhir, FhirError, FhirResult};
use crate::accounts::patients;
use crate::audit::{self, Actor};
use crate::delivery::patient_files;
use crate::domain::smart_scopes::Interaction;
use crate::files::StoredFile;
use crate::metrics::Download;
use crate::requests::transitions::Who;
use crate::state::AppState;

pub async fn patient(
    State(state): State<AppState>,
    access: AppAccess,
    Path(id): Path<String>,
) -> FhirResult<Fhir> {
    access.require("Patient", Interaction::Read)?;
    access.own(&id)?;
    let account = patients::find(&state.db, access.patient)
        .await?
        .ok_or(FhirError::NotFound)?;
    access.audited(&state, "Patient", vec![id.clone()]).await?;
    // The portal keeps one legal-name field; US Core asks for family and given names, so
    // the last word is given as the family name and the rest as given names, beside the
    // name exactly as the patient typed it.
    let words: Vec<&str> = account.legal_name.split_whitespace().collect();
    let (given, family) = match words.split_last() {
        Some((last, rest)) => (rest.to_vec(), *last),
        None => (Vec::new(), ""),
    };
    let mut name = json!({ "use": "official", "text": account.legal_name, "family": family });
    if !given.is_empty() {
        name["given"] = json!(given);
    }
    Ok(Fhir(json!({
        "resourceType": "Patient",
        "id": id,
        "meta": { "profile": [US_CORE_PATIENT] },
        "identifier": [{ "system": "urn:ietf:rfc:3986", "value": format!("urn:uuid:{}", account.id) }],
        "active": true,
        "name": [name],
        "telecom": [{ "system": "email", "value": account.email, "use": "home" }],
        // The portal does not ask; FHIR's "unknown" says so.
        "gender": "unknown",
        "birthDate": account.date_of_birth.to_string()
    })))
}

pub async fn search_documents(
    State(state): State<AppState>,
    access: AppAccess,
    Query(params): Query<Vec<(String, String)>>,
) -> FhirResult<Fhir> {
    access.require("DocumentReference", Interaction::Search)?;
    let search = DocumentSearch::parse(&params)?;
    if let Some(patient) = &search.patient {
        access.own(patient)?;
    }
    let base = discovery::base(&state);
    let custodian = &state.config.practice.name;
    let found: Vec<_> = patient_files::all_documents(&state.db, access.patient)
        .await?
        .into_iter()
        .filter(|d| search.matches(d))
        .collect();
    access
        .audited(
            &state,
            "DocumentReference",
            found.iter().map(fhir_id).collect(),
        )
        .await?;
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query.extend_pairs(params.iter());
    let entries: Vec<_> = found
        .iter()
        .map(|doc| {
            json!({
                "fullUrl": format!("{base}/DocumentReference/{}", fhir_id(doc)),
                "resource": document_reference(doc, access.patient, &base, custodian),
                "search": { "mode": "match" }
            })
        })
        .collect();
    Ok(Fhir(json!({
        "resourceType": "Bundle",
        "type": "searchset",
        "total": entries.len(),
        "link": [{ "relation": "self", "url": format!("{base}/DocumentReference?{}", query.finish()) }],
        "entry": entries
    })))
}

pub async fn read_document(
    State(state): State<AppState>,
    access: AppAccess,
    Path(id): Path<String>,
) -> FhirResult<Fhir> {
    access.require("DocumentReference", Interaction::Read)?;
    let doc = patient_files::all_documents(&state.db, access.patient)
        .await?
        .into_iter()
        .find(|d| fhir_id(d) == id)
        .ok_or(FhirError::NotFound)?;
    access
        .audited(&state, "DocumentReference", vec![id])
        .await?;
    let base = discovery::base(&state);
    Ok(Fhir(document_reference(
        &doc,
        access.patient,
        &base,
        &state.config.practice.name,
    )))
}

/// The file itself, as its own type, or as a FHIR Binary resource (base64, streamed) when
/// the app asks for FHIR JSON and not the file's type.
pub async fn binary(
    State(state): State<AppState>,
    access: AppAccess,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> FhirResult<Response> {
    access.require("Binary", Interaction::Read)?;
    let (summary, row) = parse_id(&id).ok_or(FhirError::NotFound)?;
    let now = state.clock.now();
    let file = if summary {
        let file = patient_files::summary_file(&state.db, row, access.patient)
            .await?
            .ok_or(FhirError::NotFound)?;
        access.audited(&state, "Binary", vec![id.clone()]).await?;
        state.metrics.downloaded(Download::VisitSummary);
        file
    } else {
        let (file, request_id) = patient_files::portal_record(&state.db, row, access.patient)
            .await?
            .ok_or(FhirError::NotFound)?;
        // As in the portal: the first download of a released record completes the request.
        let who = Who {
            actor: Actor::Patient(access.patient),
            ip: access.ip,
            at: now,
        };
        let mut tx = state.db.begin().await?;
        let detail = json!({ "file": row, "app": access.client_id });
        audit::record(
            &mut *tx,
            who.actor,
            "release.downloaded",
            Some(request_id),
            access.ip,
            detail,
            now,
        )
        .await?;
        crate::delivery::complete(&mut tx, request_id, &who, "downloaded by the patient's app")
            .await
            .map_err(FhirError::from)?;
        tx.commit().await?;
        access.audited(&state, "Binary", vec![id.clone()]).await?;
        state.metrics.downloaded(Download::Portal);
        file
    };
    if wants_fhir_json(&headers, &file) {
        return binary_resource(&state, &id, &file).await;
    }
    crate::files::serve::stream(&state, &file)
        .await
        .map_err(FhirError::from)
}

fn wants_fhir_json(headers: &HeaderMap, file: &StoredFile) -> bool {
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    (accept.contains("application/fhir+json") || accept.contains("application/json"))
        && !accept.contains(file.content_type.as_str())
}

async fn binary_resource(state: &AppState, id: &str, file: &StoredFile) -> FhirResult<Response> {
    let bytes = crate::files::serve::checked_bytes(state, file).await?;
    let head =
        json!({ "resourceType": "Binary", "id": id, "contentType": file.content_type }).to_string();
    // `{"resourceType":...,"contentType":"..."}` opened up to take the data at its end.
    let head = format!("{},\"data\":\"", &head[..head.len() - 1]);
    let body = stream::once(async move { Ok(Bytes::from(head)) })
        .chain(base64_stream(bytes))
        .chain(stream::once(async { Ok(Bytes::from_static(b"\"}")) }));
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(FHIR_JSON)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        Body::from_stream(body),
    )
        .into_response())
}

/// Base64 of a byte stream, chunk by chunk: whole three-byte groups go out at once, the
/// remainder waits for the next chunk, the padding comes at the end.
fn base64_stream(
    bytes: BoxStream<'static, Result<Bytes, std::io::Error>>,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> + Send {
    stream::unfold(Some((bytes, Vec::new())), |state| async move {
        let (mut bytes, mut carry) = state?;
        match bytes.next().await {
            Some(Ok(chunk)) => {
                carry.extend_from_slice(&chunk);
                let whole = carry.len() / 3 * 3;
                let encoded = STANDARD.encode(&carry[..whole]);
                carry.drain(..whole);
                Some((Ok(Bytes::from(encoded)), Some((bytes, carry))))
            }
            Some(Err(error)) => Some((Err(error), None)),
            None => Some((Ok(Bytes::from(STANDARD.encode(&carry))), None)),
        }
    })
}
