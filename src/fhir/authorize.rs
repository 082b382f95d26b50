//! `/fhir/authorize`: the SMART standalone launch's authorization request. The app, its
//! exact redirect URI, the audience, the scopes and the PKCE challenge are checked; the
//! patient signs in through the portal's own sign-in (with their second factor, if on), then
//! sees which app asks to read what and allows it or not. Allowing makes a single-use code
//! bound to the app, the redirect URI, the challenge, the patient and the scopes.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;
use url::Url;

use super::discovery;
use crate::accounts::patient_session;
use crate::apps::registry::{self, App};
use crate::apps::{grants, tokens};
use crate::audit::{self, Actor};
use crate::domain::smart_scopes::Scopes;
use crate::error::AppResult;
use crate::forms::FormValues;
use crate::http::client_ip::ClientIp;
use crate::http::csrf::{CsrfForm, CsrfToken};
use crate::http::security_headers::csp_allowing_form_to;
use crate::state::{AppState, Site};

/// The authorization request's parameters, as sent (query string, or the consent form's
/// hidden fields).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AuthParams {
    #[serde(default)]
    response_type: String,
    #[serde(default)]
    client_id: String,
    #[serde(default)]
    redirect_uri: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    aud: String,
    #[serde(default)]
    code_challenge: String,
    #[serde(default)]
    code_challenge_method: String,
}

impl AuthParams {
    fn from_form(form: &FormValues) -> Self {
        AuthParams {
            response_type: form.get("response_type").to_owned(),
            client_id: form.get("client_id").to_owned(),
            redirect_uri: form.get("redirect_uri").to_owned(),
            scope: form.get("scope").to_owned(),
            state: form.get("state").to_owned(),
            aud: form.get("aud").to_owned(),
            code_challenge: form.get("code_challenge").to_owned(),
            code_challenge_method: form.get("code_challenge_method").to_owned(),
        }
    }

    fn pairs(&self) -> [(&'static str, &str); 8] {
        [
            ("response_type", &self.response_type),
            ("client_id", &self.client_id),
            ("redirect_uri", &self.redirect_uri),
            ("scope", &self.scope),
            ("state", &self.state),
            ("aud", &self.aud),
            ("code_challenge", &self.code_challenge),
            ("code_challenge_method", &self.code_challenge_method),
        ]
    }

    /// This request again, as the path to come back to after signing in.
    fn path(&self) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in self.pairs() {
            query.append_pair(name, value);
        }
        format!("/fhir/authorize?{}", query.finish())
    }
}

/// A request that passed every check.
struct Valid {
    app: App,
    redirect_uri: String,
    scopes: Scopes,
}

enum Checked {
    Valid(Valid),
    /// The app or its redirect URI is not known: tell the person, never redirect (RFC 6749
    /// 4.1.2.1), so nobody can use this page to send patients to an address of their own.
    Page(&'static str),
    /// Anything else goes back to the app as an OAuth error.
    Back(Response),
}

async fn check(state: &AppState, params: &AuthParams) -> AppResult<Checked> {
    let Some(app) = registry::find_active(&state.db, &params.client_id).await? else {
        return Ok(Checked::Page(
            "The app that sent you here is not registered with this practice, or was turned off.",
        ));
    };
    if !app.redirects_to(&params.redirect_uri) {
        return Ok(Checked::Page(
            "The app that sent you here gave an address this practice did not register for it.",
        ));
    }
    let back = |error: &str, why: &str| {
        Checked::Back(to_app(
            &params.redirect_uri,
            &[
                ("error", error),
                ("error_description", why),
                ("state", &params.state),
            ],
        ))
    };
    let challenge_ok = params.code_challenge.len() == 43
        && params
            .code_challenge
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    let scopes = Scopes::grantable(&params.scope);
    Ok(if params.response_type != "code" {
        back("unsupported_response_type", "response_type must be code")
    } else if params.code_challenge_method != "S256" || !challenge_ok {
        back(
            "invalid_request",
            "PKCE with code_challenge_method S256 is required",
        )
    } else if params.aud.trim_end_matches('/') != discovery::base(state) {
        back("invalid_request", "aud must be this server's FHIR base URL")
    } else if params.state.is_empty() {
        back("invalid_request", "state is required")
    } else if !scopes.reads_anything() {
        back(
            "invalid_scope",
            "ask for patient/*.rs or the patient scopes the server lists",
        )
    } else {
        Checked::Valid(Valid {
            redirect_uri: params.redirect_uri.clone(),
            app,
            scopes,
        })
    })
}

/// A redirect to the app's registered URI with `pairs` added to its query.
fn to_app(redirect_uri: &str, pairs: &[(&str, &str)]) -> Response {
    match Url::parse(redirect_uri) {
        Ok(mut url) => {
            url.query_pairs_mut()
                .extend_pairs(pairs.iter().filter(|(_, v)| !v.is_empty()));
            Redirect::to(url.as_str()).into_response()
        }
        Err(_) => StatusCode::BAD_REQUEST.into_response(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "fhir/consent.html")]
struct ConsentPage {
    site: Site,
    csrf: String,
    app_name: String,
    app_host: String,
    reads: Vec<&'static str>,
    hidden: Vec<(&'static str, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "fhir/cannot_connect.html")]
struct CannotConnect {
    site: Site,
    why: &'static str,
}

pub async fn ask(
    State(state): State<AppState>,
    session: Session,
    csrf: CsrfToken,
    Query(params): Query<AuthParams>,
) -> AppResult<Response> {
    let valid = match check(&state, &params).await? {
        Checked::Valid(valid) => valid,
        Checked::Page(why) => return Ok(cannot_connect(&state, why)),
        Checked::Back(response) => return Ok(response),
    };
    if patient_session::current(&state, &session).await?.is_none() {
        patient_session::return_after_sign_in(&session, &params.path()).await?;
        return Ok(Redirect::to("/account/login").into_response());
    }
    let app_host = Url::parse(&valid.redirect_uri)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_default();
    let hidden = params
        .pairs()
        .iter()
        .map(|(name, value)| (*name, (*value).to_owned()))
        .collect();
    let page = ConsentPage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        app_name: valid.app.name.clone(),
        app_host,
        reads: valid.scopes.in_words(),
        hidden,
    };
    // The answer redirects to the app: its origin must be a place this form may end.
    let mut response = page.into_response();
    if let Some(csp) = Url::parse(&valid.redirect_uri)
        .ok()
        .and_then(|u| csp_allowing_form_to(&form_target(&u)))
    {
        response
            .headers_mut()
            .insert(axum::http::header::CONTENT_SECURITY_POLICY, csp);
    }
    Ok(response)
}

/// The CSP source for a redirect URI: its origin, or an app's own scheme.
fn form_target(url: &Url) -> String {
    match url.scheme() {
        "http" | "https" => url.origin().ascii_serialization(),
        scheme => format!("{scheme}:"),
    }
}

fn cannot_connect(state: &AppState, why: &'static str) -> Response {
    let page = CannotConnect {
        site: state.site(),
        why,
    };
    (StatusCode::BAD_REQUEST, page).into_response()
}

/// The patient's answer on the consent page.
pub async fn answer(
    State(state): State<AppState>,
    session: Session,
    ClientIp(ip): ClientIp,
    CsrfForm(form): CsrfForm,
) -> AppResult<Response> {
    let params = AuthParams::from_form(&form);
    let valid = match check(&state, &params).await? {
        Checked::Valid(valid) => valid,
        Checked::Page(why) => return Ok(cannot_connect(&state, why)),
        Checked::Back(response) => return Ok(response),
    };
    let Some(patient) = patient_session::current(&state, &session).await? else {
        patient_session::return_after_sign_in(&session, &params.path()).await?;
        return Ok(Redirect::to("/account/login").into_response());
    };
    let now = state.clock.now();
    let detail = serde_json::json!({
        "app": valid.app.client_id,
        "scopes": valid.scopes.to_scope_string(),
    });
    if form.get("decision") != "allow" {
        audit::record(
            &state.db,
            Actor::Patient(patient.id),
            "app.refused",
            None,
            ip,
            detail,
            now,
        )
        .await?;
        return Ok(to_app(
            &valid.redirect_uri,
            &[
                ("error", "access_denied"),
                ("error_description", "The patient did not allow the app"),
                ("state", &params.state),
            ],
        ));
    }
    let mut tx = state.db.begin().await?;
    let grant = grants::allow(&mut *tx, valid.app.id, patient.id, &valid.scopes, now).await?;
    let code = tokens::issue_code(
        &mut tx,
        grant,
        &valid.redirect_uri,
        &params.code_challenge,
        &valid.scopes,
        now,
    )
    .await?;
    audit::record(
        &mut *tx,
        Actor::Patient(patient.id),
        "app.connected",
        None,
        ip,
        detail,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(to_app(
        &valid.redirect_uri,
        &[("code", &code), ("state", &params.state)],
    ))
}
