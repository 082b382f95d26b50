//! `/account/apps`: the apps this patient connected, what each may read and when it last
//! did, and disconnecting one (its tokens stop working at once). Audited.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use uuid::Uuid;

use crate::accounts::patient_session::Patient;
use crate::apps::grants::{self, Connection};
use crate::apps::registry;
use crate::audit::{self, Actor};
use crate::error::{AppError, AppResult};
use crate::http::client_ip::ClientIp;
use crate::http::csrf::{CsrfForm, CsrfToken};
use crate::state::{AppState, Site};

#[derive(Template, WebTemplate)]
#[template(path = "portal/apps.html")]
pub struct AppsPage {
    site: Site,
    csrf: String,
    connections: Vec<Connection>,
    app_names: Vec<String>,
    fhir_base: String,
    disconnected: bool,
}

#[derive(serde::Deserialize)]
pub struct Done {
    disconnected: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    patient: Patient,
    csrf: CsrfToken,
    axum::extract::Query(done): axum::extract::Query<Done>,
) -> AppResult<AppsPage> {
    Ok(AppsPage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        connections: grants::for_account(&state.db, patient.id).await?,
        app_names: registry::active_names(&state.db).await?,
        fhir_base: state.config.fhir_base(),
        disconnected: done.disconnected.is_some(),
    })
}

pub async fn disconnect(
    State(state): State<AppState>,
    patient: Patient,
    ClientIp(ip): ClientIp,
    Path(id): Path<Uuid>,
    CsrfForm(_): CsrfForm,
) -> AppResult<Response> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let Some(name) = grants::revoke(&mut tx, id, patient.id, now).await? else {
        return Err(AppError::NotFound);
    };
    let detail = serde_json::json!({ "grant": id, "app": name });
    audit::record(
        &mut *tx,
        Actor::Patient(patient.id),
        "app.disconnected",
        None,
        ip,
        detail,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to("/account/apps?disconnected=1").into_response())
}
