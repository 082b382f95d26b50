//! `/staff/admin/apps`: the apps patients may connect to the FHIR API. An admin registers
//! one (name, public or confidential, exact redirect URIs), sees its client id and, once,
//! its secret, and can turn it off (every patient's connection to it ends). Audited.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use super::AdminChange;
use crate::apps::registry::{self, App, AppKind, NewApp};
use crate::domain::calendar::practice_timestamp;
use crate::error::{AppError, AppResult};
use crate::forms::{FieldErrors, FormValues};
use crate::http::client_ip::ClientIp;
use crate::http::csrf::{CsrfForm, CsrfToken};
use crate::staff::auth::{AdminStaff, StaffUser};
use crate::state::{AppState, Site};

#[derive(Template, WebTemplate)]
#[template(path = "staff/admin_apps.html")]
pub struct AppsPage {
    site: Site,
    csrf: String,
    user: StaffUser,
    apps: Vec<App>,
    fhir_base: String,
    form: FormValues,
    errors: FieldErrors,
    /// The app just registered: its client id and, for a confidential app, its secret.
    registered: Option<(String, String, Option<String>)>,
}

impl AppsPage {
    fn when(at: &time::OffsetDateTime) -> String {
        practice_timestamp(*at)
    }
}

async fn page(state: &AppState, user: StaffUser, csrf: &CsrfToken) -> AppResult<AppsPage> {
    Ok(AppsPage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        user,
        apps: registry::all(&state.db).await?,
        fhir_base: state.config.fhir_base(),
        form: FormValues::default(),
        errors: FieldErrors::default(),
        registered: None,
    })
}

pub async fn show(
    State(state): State<AppState>,
    AdminStaff(user): AdminStaff,
    csrf: CsrfToken,
) -> AppResult<AppsPage> {
    page(&state, user, &csrf).await
}

pub async fn register(
    State(state): State<AppState>,
    AdminStaff(user): AdminStaff,
    ClientIp(ip): ClientIp,
    csrf: CsrfToken,
    CsrfForm(form): CsrfForm,
) -> AppResult<Response> {
    let app = match NewApp::parse(&form) {
        Ok(app) => app,
        Err(errors) => {
            let mut page = page(&state, user, &csrf).await?;
            page.form = form;
            page.errors = errors;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let registered = registry::register(&mut *tx, &app, user.id, now).await?;
    let detail = serde_json::json!({
        "app": registered.client_id,
        "name": app.name,
        "confidential": app.confidential,
        "redirect_uris": app.redirect_uris,
    });
    crate::audit::record(
        &mut *tx,
        crate::audit::Actor::Staff(user.id),
        "app.registered",
        None,
        ip,
        detail,
        now,
    )
    .await?;
    tx.commit().await?;
    // The secret is shown on this page only: a redirect would have to carry it.
    let mut page = page(&state, user, &csrf).await?;
    page.registered = Some((app.name, registered.client_id, registered.secret));
    Ok(page.into_response())
}

pub async fn disable(
    State(state): State<AppState>,
    AdminStaff(user): AdminStaff,
    ClientIp(ip): ClientIp,
    Path(id): Path<Uuid>,
    CsrfForm(_): CsrfForm,
) -> AppResult<Response> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    if !registry::disable(&mut *tx, id, now).await? {
        return Err(AppError::NotFound);
    }
    let change = AdminChange {
        user: &user,
        ip,
        at: now,
    };
    let detail = serde_json::json!({ "app_id": id });
    change
        .commit(tx, "app.disabled", detail, "/staff/admin/apps")
        .await
}
