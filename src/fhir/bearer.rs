//! The access token on every resource request: whose records, for which app, with which
//! scopes. Each read is audited under the patient with the app that made it.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use std::net::IpAddr;
use uuid::Uuid;

use super::outcome::{FhirError, FhirResult};
use crate::apps::tokens;
use crate::audit::{self, Actor};
use crate::domain::smart_scopes::{Interaction, Scopes};
use crate::http::client_ip::ClientIp;
use crate::state::AppState;

pub struct AppAccess {
    /// The patient (portal account) the token reads for: the FHIR Patient id.
    pub patient: Uuid,
    pub client_id: String,
    scopes: Scopes,
    pub ip: Option<IpAddr>,
}

impl FromRequestParts<AppState> for AppAccess {
    type Rejection = FhirError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> FhirResult<Self> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(|t| t.trim().to_owned())
            .ok_or(FhirError::Unauthorized)?;
        let ClientIp(ip) = ClientIp::from_request_parts(parts, state)
            .await
            .unwrap_or(ClientIp(None));
        let mut conn = state.db.acquire().await?;
        let access = tokens::access(&mut conn, &token, state.clock.now())
            .await?
            .ok_or(FhirError::Unauthorized)?;
        Ok(AppAccess {
            patient: access.account_id,
            client_id: access.client_id,
            scopes: Scopes::from_granted(access.scopes),
            ip,
        })
    }
}

impl AppAccess {
    /// 403 unless the token's scopes cover `interaction` on `resource`.
    pub fn require(&self, resource: &str, interaction: Interaction) -> FhirResult<()> {
        if self.scopes.allow(resource, interaction) {
            Ok(())
        } else {
            Err(FhirError::InsufficientScope)
        }
    }

    /// 404 for any patient id but the token's own (the same answer as a patient who does
    /// not exist).
    pub fn own(&self, patient_id: &str) -> FhirResult<()> {
        if patient_id == self.patient.to_string() {
            Ok(())
        } else {
            Err(FhirError::NotFound)
        }
    }

    /// One audit row per read: what was read, by which app.
    pub async fn audited(&self, state: &AppState, what: &str, ids: Vec<String>) -> FhirResult<()> {
        let detail = serde_json::json!({ "app": self.client_id, "read": what, "ids": ids });
        audit::record(
            &state.db,
            Actor::Patient(self.patient),
            "app.read",
            None,
            self.ip,
            detail,
            state.clock.now(),
        )
        .await
        .map_err(FhirError::from)
    }
}
