//! The start page: every way to get records, what it costs and how long it takes.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::State;
use axum::routing::get;

use crate::config::Elsewhere;
use crate::domain::calendar::practice_date;
use crate::domain::money::Cents;
use crate::error::AppResult;
use crate::practice::fee_schedules;
use crate::state::{AppState, Site};

pub fn router() -> Router<AppState> {
    Router::new().route("/", get(show_home))
}

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
struct HomePage {
    site: Site,
    per_page: Cents,
    patient_cap: Cents,
    secure_link: Cents,
    cd: Cents,
    app_names: Vec<String>,
    fhir_base: String,
    elsewhere: Elsewhere,
    /// Who answers third parties' questions: the configured service, or the records office.
    third_party_name: String,
    third_party_phone: String,
    third_party_email: String,
    third_party_hours: Option<String>,
}

async fn show_home(State(state): State<AppState>) -> AppResult<HomePage> {
    let today = practice_date(state.clock.now());
    let fees = fee_schedules::in_effect(&state.db, today).await?;
    let site = state.site();
    let elsewhere = state.config.practice.elsewhere.clone();
    Ok(HomePage {
        per_page: fees.documents.per_page_cents,
        patient_cap: fees.documents.patient_cap_cents,
        secure_link: fees.images.secure_link_cents,
        cd: fees.images.cd_cents,
        app_names: crate::apps::registry::active_names(&state.db).await?,
        fhir_base: state.config.fhir_base(),
        third_party_name: elsewhere
            .third_party_name
            .clone()
            .unwrap_or_else(|| site.t("home-third-party-default-name")),
        third_party_phone: elsewhere
            .third_party_phone
            .clone()
            .unwrap_or_else(|| site.phone.clone()),
        third_party_email: elsewhere
            .third_party_email
            .clone()
            .unwrap_or_else(|| state.config.practice.records_email.clone()),
        third_party_hours: elsewhere.third_party_hours.clone(),
        elsewhere,
        site,
    })
}
