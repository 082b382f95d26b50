//! `/fhir/...`: the FHIR R4 patient-access API with SMART App Launch (standalone patient
//! launch, authorization code with PKCE). Apps read the patient, their visit summaries and
//! the records released to them; patients connect apps on a consent page and disconnect
//! them in the portal; admins register apps.

mod authorize;
mod bearer;
mod discovery;
mod documents;
mod outcome;
mod resources;
mod token;

use axum::Router;
use axum::http::{Method, header};
use axum::routing::{get, post};
use tower_http::cors::{Any, CorsLayer};

use crate::state::AppState;

/// What apps call: discovery, the token endpoint and the resources. Bearer tokens, not
/// cookies, so no CSRF check applies and any origin may call it (browser apps too).
pub fn api_router() -> Router<AppState> {
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::AUTHORIZATION, header::ACCEPT, header::CONTENT_TYPE]);
    Router::new()
        .route("/fhir/metadata", get(discovery::metadata))
        .route(
            "/fhir/.well-known/smart-configuration",
            get(discovery::smart_configuration),
        )
        .route("/fhir/token", post(token::token))
        .route("/fhir/Patient/{id}", get(resources::patient))
        .route("/fhir/DocumentReference", get(resources::search_documents))
        .route(
            "/fhir/DocumentReference/{id}",
            get(resources::read_document),
        )
        .route("/fhir/Binary/{id}", get(resources::binary))
        .layer(cors)
}

/// What the patient's browser sees: the authorization request and the consent page, under
/// the patient's session and the CSRF checks of every form.
pub fn consent_router() -> Router<AppState> {
    Router::new().route(
        "/fhir/authorize",
        get(authorize::ask).post(authorize::answer),
    )
}
