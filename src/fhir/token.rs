//! `POST /fhir/token`: a code (with its PKCE verifier) or a refresh token for an access
//! token. Confidential apps authenticate with HTTP Basic or `client_secret` in the body;
//! public apps by PKCE alone. Answers follow RFC 6749 5.1 and 5.2, never cached.

use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::json;

use crate::apps::registry;
use crate::apps::tokens::{self, ACCESS_LIFETIME, Redeemed};
use crate::audit::{self, Actor};
use crate::crypto::pkce_s256_matches;
use crate::domain::smart_scopes::Scopes;
use crate::error::AppResult;
use crate::http::client_ip::ClientIp;
use crate::state::AppState;

type Params = Vec<(String, String)>;

fn param<'a>(params: &'a Params, name: &str) -> &'a str {
    params
        .iter()
        .find(|(n, _)| n == name)
        .map_or("", |(_, v)| v.as_str())
}

fn no_store(status: StatusCode, body: serde_json::Value) -> Response {
    (
        status,
        [
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (header::PRAGMA, HeaderValue::from_static("no-cache")),
        ],
        axum::Json(body),
    )
        .into_response()
}

fn refuse(error: &str, why: &str) -> Response {
    let status = if error == "invalid_client" {
        StatusCode::UNAUTHORIZED
    } else {
        StatusCode::BAD_REQUEST
    };
    no_store(status, json!({ "error": error, "error_description": why }))
}

/// The client id and secret from HTTP Basic (each form-urlencoded, RFC 6749 2.3.1), else
/// from the body.
fn client_credentials(headers: &HeaderMap, params: &Params) -> (String, Option<String>) {
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
        .and_then(|b| STANDARD.decode(b.trim()).ok())
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|pair| {
            let (id, secret) = pair.split_once(':')?;
            let decode = |s: &str| {
                url::form_urlencoded::parse(format!("x={s}").as_bytes())
                    .next()
                    .map(|(_, v)| v.into_owned())
            };
            Some((decode(id)?, decode(secret)?))
        });
    match basic {
        Some((id, secret)) => (id, Some(secret)),
        None => {
            let secret = Some(param(params, "client_secret"))
                .filter(|s| !s.is_empty())
                .map(str::to_owned);
            (param(params, "client_id").to_owned(), secret)
        }
    }
}

pub async fn token(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(params): Form<Params>,
) -> AppResult<Response> {
    let (client_id, secret) = client_credentials(&headers, &params);
    let app = match registry::find_active(&state.db, &client_id).await? {
        Some(app) if app.secret_matches(secret.as_deref()) => app,
        _ => return Ok(refuse("invalid_client", "unknown client or wrong secret")),
    };
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let (grant, account, scopes, code_hash) = match param(&params, "grant_type") {
        "authorization_code" => {
            let Redeemed::Fresh(bound) =
                tokens::redeem_code(&mut tx, param(&params, "code"), now).await?
            else {
                // The code is spent either way: commit that (and any revocation).
                tx.commit().await?;
                return Ok(refuse(
                    "invalid_grant",
                    "the code is unknown, used or expired",
                ));
            };
            let verifier = param(&params, "code_verifier");
            if bound.client_id != app.client_id
                || bound.redirect_uri != param(&params, "redirect_uri")
                || !pkce_s256_matches(verifier, &bound.code_challenge)
            {
                tx.commit().await?;
                return Ok(refuse(
                    "invalid_grant",
                    "the code was issued to another client, redirect URI or code challenge",
                ));
            }
            let scopes = Scopes::from_granted(bound.scopes);
            (
                bound.grant_id,
                bound.account_id,
                scopes,
                Some(bound.code_hash),
            )
        }
        "refresh_token" => {
            let refreshing =
                tokens::use_refresh(&mut tx, param(&params, "refresh_token"), now).await?;
            let Some(refreshing) = refreshing.filter(|r| r.client_id == app.client_id) else {
                tx.commit().await?;
                return Ok(refuse(
                    "invalid_grant",
                    "the refresh token is unknown, used or expired",
                ));
            };
            let granted = Scopes::from_granted(refreshing.scopes);
            let asked = param(&params, "scope");
            let scopes = if asked.is_empty() {
                granted
            } else {
                Scopes::grantable(asked).within(&granted)
            };
            if !scopes.reads_anything() {
                return Ok(refuse("invalid_scope", "no scope left to grant"));
            }
            (refreshing.grant_id, refreshing.account_id, scopes, None)
        }
        _ => {
            return Ok(refuse(
                "unsupported_grant_type",
                "use authorization_code or refresh_token",
            ));
        }
    };
    let issued = tokens::issue(&mut tx, grant, &scopes, code_hash.as_deref(), now).await?;
    let detail = json!({ "app": app.client_id, "grant_type": param(&params, "grant_type") });
    audit::record(
        &mut *tx,
        Actor::Patient(account),
        "app.token_issued",
        None,
        ip,
        detail,
        now,
    )
    .await?;
    tx.commit().await?;
    let mut body = json!({
        "access_token": issued.access_token,
        "token_type": "Bearer",
        "expires_in": ACCESS_LIFETIME.whole_seconds(),
        "scope": scopes.to_scope_string(),
        "patient": account.to_string(),
    });
    if let Some(refresh) = issued.refresh_token {
        body["refresh_token"] = json!(refresh);
    }
    Ok(no_store(StatusCode::OK, body))
}
