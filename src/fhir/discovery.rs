//! What an app reads before it connects: the CapabilityStatement at `/fhir/metadata` (with
//! the SMART `oauth-uris` extension older clients look for) and
//! `/fhir/.well-known/smart-configuration` (SMART App Launch 2).

use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};

use super::outcome::Fhir;
use crate::state::AppState;

/// When this statement last changed: bump it with the interactions below.
const STATEMENT_DATE: &str = "2026-11-26";

pub const US_CORE_PATIENT: &str = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient";
pub const US_CORE_DOCUMENT: &str =
    "http://hl7.org/fhir/us/core/StructureDefinition/us-core-documentreference";

/// The scopes this server grants (SMART 2 syntax; SMART 1's `.read` is accepted too).
const SCOPES: [&str; 7] = [
    "launch/patient",
    "offline_access",
    "patient/*.rs",
    "patient/Patient.rs",
    "patient/DocumentReference.rs",
    "patient/Binary.r",
    "patient/*.read",
];

/// The FHIR base every address here hangs from: `BASE_URL` + `/fhir` (also the `aud` an
/// app must name).
pub fn base(state: &AppState) -> String {
    state.config.fhir_base()
}

pub async fn metadata(State(state): State<AppState>) -> Fhir {
    let base = base(&state);
    let search = |name: &str, kind: &str| json!({ "name": name, "type": kind });
    Fhir(json!({
        "resourceType": "CapabilityStatement",
        "id": "records-portal",
        "status": "active",
        "date": STATEMENT_DATE,
        "publisher": state.config.practice.name,
        "kind": "instance",
        "software": { "name": "records-portal", "version": env!("CARGO_PKG_VERSION") },
        "implementation": {
            "description": "Patient access to visit summaries and released records",
            "url": base
        },
        "fhirVersion": "4.0.1",
        "format": ["json"],
        "rest": [{
            "mode": "server",
            "security": {
                "cors": true,
                "service": [{ "coding": [{
                    "system": "http://terminology.hl7.org/CodeSystem/restful-security-service",
                    "code": "SMART-on-FHIR"
                }] }],
                "extension": [{
                    "url": "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris",
                    "extension": [
                        { "url": "authorize", "valueUri": format!("{base}/authorize") },
                        { "url": "token", "valueUri": format!("{base}/token") },
                        { "url": "manage", "valueUri": manage_url(&state) }
                    ]
                }]
            },
            "resource": [
                {
                    "type": "Patient",
                    "supportedProfile": [US_CORE_PATIENT],
                    "interaction": [{ "code": "read" }]
                },
                {
                    "type": "DocumentReference",
                    "supportedProfile": [US_CORE_DOCUMENT],
                    "interaction": [{ "code": "read" }, { "code": "search-type" }],
                    "searchParam": [
                        search("patient", "reference"),
                        search("_id", "token"),
                        search("category", "token"),
                        search("type", "token"),
                        search("date", "date")
                    ]
                },
                { "type": "Binary", "interaction": [{ "code": "read" }] }
            ]
        }]
    }))
}

fn manage_url(state: &AppState) -> String {
    format!(
        "{}/account/apps",
        state.config.base_url.trim_end_matches('/')
    )
}

pub async fn smart_configuration(State(state): State<AppState>) -> Json<Value> {
    let base = base(&state);
    Json(json!({
        "authorization_endpoint": format!("{base}/authorize"),
        "token_endpoint": format!("{base}/token"),
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "response_types_supported": ["code"],
        "code_challenge_methods_supported": ["S256"],
        "scopes_supported": SCOPES,
        "management_endpoint": manage_url(&state),
        "capabilities": [
            "launch-standalone",
            "client-public",
            "client-confidential-symmetric",
            "context-standalone-patient",
            "permission-patient",
            "permission-offline",
            "permission-v1",
            "permission-v2"
        ]
    }))
}
