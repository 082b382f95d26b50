//! How a patient signs in (`/account/security`): optional for patients, the same second
//! factors staff must have. An authenticator app (QR code, confirmed by a code, ten recovery
//! codes), passkeys, and turning it all off. Every change needs the factors given in the
//! last 15 minutes (else the password, and the code, again), ends the account's other
//! sessions, is audited, and is emailed to the patient.

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use secrecy::SecretString;
use serde_json::json;
use sqlx::PgConnection;
use tower_sessions::Session;
use uuid::Uuid;

use crate::accounts::factor_pages::{NewSecret, RecoveryCodesPage};
use crate::accounts::factors::{self, Owner};
use crate::accounts::passkeys::{self, ListedPasskey, refused};
use crate::accounts::password;
use crate::accounts::patient_session::{PATIENT_SESSIONS, Patient};
use crate::accounts::patients::{self, PatientAccount};
use crate::audit::{self, Actor};
use crate::error::{AppError, AppResult};
use crate::forms::FieldErrors;
use crate::http::client_ip::ClientIp;
use crate::http::csrf::{CsrfForm, CsrfToken};
use crate::state::{AppState, Site};

#[derive(Template, WebTemplate)]
#[template(path = "portal/security.html")]
pub struct SecurityPage {
    site: Site,
    csrf: String,
    /// Changes may be made without proving it is them again.
    fresh: bool,
    has_app: bool,
    recovery_codes_left: i64,
    passkeys: Vec<ListedPasskey>,
    errors: FieldErrors,
}

#[derive(Template, WebTemplate)]
#[template(path = "portal/enrol_app.html")]
pub struct EnrolAppPage {
    site: Site,
    csrf: String,
    problem: Option<&'static str>,
    new: NewSecret,
}

async fn fresh(state: &AppState, session: &Session) -> AppResult<bool> {
    let now = state.clock.now().unix_timestamp();
    PATIENT_SESSIONS.factor_is_fresh(session, now).await
}

/// What every change to how a patient signs in carries: who, from where, in which session.
pub struct Change {
    state: AppState,
    session: Session,
    patient: Patient,
    ip: Option<std::net::IpAddr>,
}

impl FromRequestParts<AppState> for Change {
    type Rejection = Response;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let patient = Patient::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let ClientIp(ip) = ClientIp::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(Change {
            state: state.clone(),
            session,
            patient,
            ip,
        })
    }
}

impl Change {
    fn owner(&self) -> Owner {
        Owner::Patient(self.patient.id)
    }

    /// The factors were given in the last 15 minutes.
    async fn fresh(&self) -> AppResult<bool> {
        fresh(&self.state, &self.session).await
    }

    /// After the change, inside its transaction: the other sessions end (this one carries
    /// on), the change is audited, and the patient is told by email.
    async fn record(&self, tx: &mut PgConnection, code: &str, what: &str) -> AppResult<()> {
        let (state, patient) = (&self.state, &self.patient);
        let now = state.clock.now();
        patients::end_other_sessions(&mut *tx, patient.id).await?;
        let account = patients::find(&mut *tx, patient.id)
            .await?
            .ok_or(AppError::NotFound)?;
        PATIENT_SESSIONS
            .sign_in_with_factor(&self.session, &account, now.unix_timestamp())
            .await?;
        let detail = json!({ "change": code });
        let actor = Actor::Patient(patient.id);
        audit::record(
            &mut *tx,
            actor,
            "patient.sign_in_changed",
            None,
            self.ip,
            detail,
            now,
        )
        .await?;
        patients::tell_sign_in_changed(tx, state, &account.email, what.to_owned(), now).await
    }
}

fn back() -> Response {
    Redirect::to("/account/security").into_response()
}

fn recovery_codes_page(state: &AppState, codes: Vec<String>) -> Response {
    RecoveryCodesPage {
        site: state.site(),
        codes,
        next_path: "/account/security",
        next_label: "I have saved them: back to how I sign in",
    }
    .into_response()
}

async fn has_app(state: &AppState, owner: Owner) -> AppResult<bool> {
    let app = factors::authenticator(&state.db, &state.master_key, owner).await?;
    Ok(app.is_some_and(|a| a.confirmed))
}

async fn security_page(
    state: &AppState,
    session: &Session,
    csrf: &CsrfToken,
    patient: &Patient,
    errors: FieldErrors,
) -> AppResult<SecurityPage> {
    let owner = Owner::Patient(patient.id);
    Ok(SecurityPage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        fresh: fresh(state, session).await?,
        has_app: has_app(state, owner).await?,
        recovery_codes_left: factors::recovery_codes_left(&state.db, owner).await?,
        passkeys: passkeys::list(&state.db, owner).await?,
        errors,
    })
}

pub async fn show(
    State(state): State<AppState>,
    session: Session,
    csrf: CsrfToken,
    patient: Patient,
) -> AppResult<SecurityPage> {
    security_page(&state, &session, &csrf, &patient, FieldErrors::default()).await
}

/// Proves it is the patient again: the password, and the app's code if they have one.
pub async fn confirm(
    State(state): State<AppState>,
    session: Session,
    csrf: CsrfToken,
    patient: Patient,
    CsrfForm(form): CsrfForm,
) -> AppResult<Response> {
    let account = account(&state, &patient).await?;
    let now = state.clock.now();
    let owner = Owner::Patient(patient.id);
    let typed = SecretString::from(form.get("password").to_owned());
    let mut errors = FieldErrors::default();
    if !password::verify(typed, Some(account.password_hash.clone())).await? {
        errors.add("password", "That password is not right");
    } else if has_app(&state, owner).await?
        && factors::check_code(&state, owner, form.get("code"), now)
            .await?
            .is_none()
    {
        errors.add("code", "That code is not right, or was already used");
    }
    if !errors.is_empty() {
        let page = security_page(&state, &session, &csrf, &patient, errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    PATIENT_SESSIONS
        .refresh_factor(&session, now.unix_timestamp())
        .await?;
    Ok(Redirect::to("/account/security").into_response())
}

async fn account(state: &AppState, patient: &Patient) -> AppResult<PatientAccount> {
    patients::find(&state.db, patient.id)
        .await?
        .ok_or(AppError::NotFound)
}

fn enrol_page(
    state: &AppState,
    csrf: &CsrfToken,
    patient: &Patient,
    secret: &[u8],
    problem: Option<&'static str>,
) -> EnrolAppPage {
    EnrolAppPage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        problem,
        new: NewSecret::new(state, &patient.email, secret),
    }
}

pub async fn show_app(
    State(state): State<AppState>,
    session: Session,
    csrf: CsrfToken,
    patient: Patient,
) -> AppResult<Response> {
    let owner = Owner::Patient(patient.id);
    if !fresh(&state, &session).await? || has_app(&state, owner).await? {
        return Ok(Redirect::to("/account/security").into_response());
    }
    let secret = factors::enrolling_secret(&state, owner).await?;
    Ok(enrol_page(&state, &csrf, &patient, &secret, None).into_response())
}

pub async fn add_app(
    csrf: CsrfToken,
    change: Change,
    CsrfForm(form): CsrfForm,
) -> AppResult<Response> {
    let (state, owner) = (&change.state, change.owner());
    if !change.fresh().await? || has_app(state, owner).await? {
        return Ok(back());
    }
    let now = state.clock.now();
    let secret = factors::enrolling_secret(state, owner).await?;
    let mut tx = state.db.begin().await?;
    let typed = form.get("code");
    let Some(codes) =
        factors::confirm_enrolment(state, &mut tx, owner, &secret, typed, now).await?
    else {
        let why = "That code is not right. Check that the app shows the account for this practice and type the 6 digits it shows now.";
        let page = enrol_page(state, &csrf, &change.patient, &secret, Some(why));
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let what = "An authenticator app was set up for your patient portal account: signing in now asks for its code after your password.";
    change.record(&mut tx, "app_added", what).await?;
    tx.commit().await?;
    Ok(recovery_codes_page(state, codes))
}

pub async fn new_recovery_codes(change: Change, _: CsrfForm) -> AppResult<Response> {
    let (state, owner) = (&change.state, change.owner());
    if !change.fresh().await? || !has_app(state, owner).await? {
        return Ok(back());
    }
    let mut tx = state.db.begin().await?;
    let codes = factors::replace_recovery_codes(&mut tx, owner, state.clock.now()).await?;
    let what = "New recovery codes were made for your patient portal account; the old ones no longer work.";
    change
        .record(&mut tx, "recovery_codes_replaced", what)
        .await?;
    tx.commit().await?;
    Ok(recovery_codes_page(state, codes))
}

pub async fn turn_off(change: Change, _: CsrfForm) -> AppResult<Response> {
    if !change.fresh().await? {
        return Ok(back());
    }
    let state = &change.state;
    let mut tx = state.db.begin().await?;
    factors::forget(&mut tx, change.owner(), state.clock.now()).await?;
    let what = "Two-step sign-in was turned off for your patient portal account: your authenticator app, recovery codes and passkeys no longer sign in, and your password alone does.";
    change
        .record(&mut tx, "second_factors_removed", what)
        .await?;
    tx.commit().await?;
    Ok(back())
}

pub async fn start_passkey(change: Change, _: CsrfForm) -> AppResult<Response> {
    if !change.fresh().await? {
        let why = "Confirm it is you (on this page) before adding a passkey.";
        return Ok(refused(StatusCode::FORBIDDEN, why));
    }
    let patient = &change.patient;
    passkeys::start_registration(
        &change.state,
        change.owner(),
        &patient.email,
        &patient.legal_name,
    )
    .await
}

pub async fn finish_passkey(change: Change, CsrfForm(form): CsrfForm) -> AppResult<Response> {
    let state = &change.state;
    let mut tx = state.db.begin().await?;
    let added = passkeys::finish_registration(
        state,
        &mut tx,
        change.owner(),
        form.get("ceremony"),
        form.get("credential"),
        form.get("name"),
    )
    .await?;
    if let Err(refusal) = added {
        return Ok(refusal);
    }
    // The name stays on the security page: a sentence with it could not be translated.
    let what =
        "A passkey was added to your patient portal account. It signs in without your password.";
    change.record(&mut tx, "passkey_added", what).await?;
    tx.commit().await?;
    Ok(Json(json!({ "ok": true })).into_response())
}

pub async fn remove_passkey(
    change: Change,
    Path(id): Path<Uuid>,
    _: CsrfForm,
) -> AppResult<Response> {
    if !change.fresh().await? {
        return Ok(back());
    }
    let mut tx = change.state.db.begin().await?;
    if !passkeys::remove(&mut *tx, change.owner(), id).await? {
        return Err(AppError::NotFound);
    }
    let what = "A passkey was removed from your patient portal account.";
    change.record(&mut tx, "passkey_removed", what).await?;
    tx.commit().await?;
    Ok(back())
}
