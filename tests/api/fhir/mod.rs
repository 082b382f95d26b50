//! The FHIR API and its SMART App Launch, driven through the real router: discovery, the
//! consent page, codes and tokens with PKCE, the resources, and every refusal.

mod refusals;
mod smart_client;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use records_portal::apps::registry::{self, NewApp};
use records_portal::crypto::{encode, sha256};
use records_portal::forms::FormValues;
use records_portal::staff::accounts::Role;
use serde_json::Value;
use sqlx::PgPool;
use uuid::Uuid;

use crate::helpers::{NOW, TestApp, TestResponse, create_staff};

pub const REDIRECT: &str = "http://127.0.0.1:9/callback";
pub const VERIFIER: &str = "a-pkce-verifier-that-is-long-enough-for-rfc-7636-0123456789";

pub fn challenge(verifier: &str) -> String {
    encode(&sha256(verifier.as_bytes()))
}

/// A registered app: its client id and, if confidential, its secret.
pub async fn register_app(db: &PgPool, confidential: bool) -> (String, Option<String>) {
    register_app_to(db, confidential, REDIRECT).await
}

/// [`register_app`] with its own redirect URI.
pub async fn register_app_to(
    db: &PgPool,
    confidential: bool,
    redirect: &str,
) -> (String, Option<String>) {
    let admin = create_staff(
        db,
        Role::Admin,
        &format!("admin-{}@practice.test", Uuid::now_v7()),
    )
    .await;
    let app = NewApp {
        name: "Health Wallet".into(),
        confidential,
        redirect_uris: vec![redirect.into()],
    };
    let done = registry::register(db, &app, admin, NOW).await.unwrap();
    (done.client_id, done.secret)
}

/// The authorization request's query string.
pub fn authorize_query(app: &TestApp, client_id: &str, scope: &str) -> String {
    authorize_query_to(app, client_id, scope, REDIRECT)
}

/// [`authorize_query`] for an app that redirects to `redirect`.
pub fn authorize_query_to(app: &TestApp, client_id: &str, scope: &str, redirect: &str) -> String {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    q.append_pair("response_type", "code")
        .append_pair("client_id", client_id)
        .append_pair("redirect_uri", redirect)
        .append_pair("scope", scope)
        .append_pair("state", "xyz-state")
        .append_pair("aud", &app.state.config.fhir_base())
        .append_pair("code_challenge", &challenge(VERIFIER))
        .append_pair("code_challenge_method", "S256");
    format!("/fhir/authorize?{}", q.finish())
}

/// The value of `name` in a redirect's query.
pub fn query_value(location: &str, name: &str) -> Option<String> {
    let query = location.split_once('?')?.1;
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.into_owned())
}

/// A signed-in patient allows the app on the consent page; returns the code.
pub async fn consent(app: &mut TestApp, client_id: &str, scope: &str) -> String {
    let page = app.get(&authorize_query(app, client_id, scope)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(
        page.body
            .contains("Allow Health Wallet to read your records?")
    );
    let mut fields: Vec<(String, String)> = vec![("decision".into(), "allow".into())];
    for (name, value) in hidden_fields(&page.body) {
        fields.push((name, value));
    }
    let answer = app
        .post_form("/fhir/authorize", &FormValues::new(fields))
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    assert!(
        answer.location().starts_with(REDIRECT),
        "{}",
        answer.location()
    );
    assert_eq!(
        query_value(answer.location(), "state").as_deref(),
        Some("xyz-state")
    );
    query_value(answer.location(), "code").expect("a code")
}

fn hidden_fields(body: &str) -> Vec<(String, String)> {
    body.split("<input type=\"hidden\" name=\"")
        .skip(1)
        .filter_map(|rest| {
            let (name, rest) = rest.split_once('"')?;
            let value = rest.split_once("value=\"")?.1.split_once('"')?.0;
            Some((name.to_owned(), html_unescape(value)))
        })
        .collect()
}

fn html_unescape(text: &str) -> String {
    text.replace("&#38;", "&")
        .replace("&amp;", "&")
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#43;", "+")
        .replace("&#47;", "/")
        .replace("&#61;", "=")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

pub async fn post_token(app: &mut TestApp, fields: &[(&str, &str)]) -> (StatusCode, Value) {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields.iter())
        .finish();
    let request = Request::post("/fhir/token")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    let response = app.request(request).await;
    assert_eq!(
        response
            .headers
            .get(header::CACHE_CONTROL)
            .map(|v| v.to_str().unwrap_or("")),
        Some("no-store")
    );
    (
        response.status,
        serde_json::from_str(&response.body).unwrap_or(Value::Null),
    )
}

/// Exchanges `code` for tokens as a public client.
pub async fn exchange(app: &mut TestApp, client_id: &str, code: &str) -> (StatusCode, Value) {
    post_token(
        app,
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", REDIRECT),
            ("client_id", client_id),
            ("code_verifier", VERIFIER),
        ],
    )
    .await
}

pub async fn fhir_get(app: &mut TestApp, path: &str, token: &str) -> TestResponse {
    let request = Request::get(path)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::ACCEPT, "application/fhir+json")
        .body(Body::empty())
        .unwrap();
    app.request(request).await
}

/// A patient (Jordan) with a visit summary and a record released to the portal, signed in;
/// returns the account id.
pub async fn patient_with_documents(app: &mut TestApp) -> Uuid {
    app.sign_in_as(Role::Clerk, "setup@practice.test").await;
    let account = crate::portal::jordan(app).await;
    let request = app
        .file(&records_portal::intake::sample::patient_form())
        .await;
    crate::portal::link(app, request, account).await;
    sqlx::query(
        "update requests set delivery_method = 'portal', status = 'released' where id = $1",
    )
    .bind(request)
    .execute(&app.db)
    .await
    .unwrap();
    let mut writer = app.state.files.begin("test", 1 << 20).await.unwrap();
    writer.write(b"%PDF-1.4 released records").await.unwrap();
    let object = writer.finish().await.unwrap();
    sqlx::query(
        "insert into release_files (id, request_id, object_key, display_name, content_type, size_bytes, sha256, sha1, uploaded_by, uploaded_at)
         values ($1, $2, $3, 'MRI report.pdf', 'application/pdf', $4, $5, $6, (select id from staff limit 1), now())",
    )
    .bind(Uuid::now_v7())
    .bind(request)
    .bind(&object.key)
    .bind(object.size_bytes as i64)
    .bind(&object.sha256[..])
    .bind(&object.sha1[..])
    .execute(&app.db)
    .await
    .unwrap();
    crate::portal::give_summary(app, account).await;
    account
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn discovery_names_the_endpoints_pkce_and_the_scopes(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let metadata = app.get("/fhir/metadata").await;
    assert_eq!(metadata.status, StatusCode::OK);
    assert!(
        metadata.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/fhir+json")
    );
    let statement: Value = serde_json::from_str(&metadata.body).unwrap();
    assert_eq!(statement["fhirVersion"], "4.0.1");
    let oauth = &statement["rest"][0]["security"]["extension"][0]["extension"];
    assert_eq!(
        oauth[0]["valueUri"],
        format!("{}/authorize", app.state.config.fhir_base())
    );
    let smart: Value =
        serde_json::from_str(&app.get("/fhir/.well-known/smart-configuration").await.body).unwrap();
    assert_eq!(
        smart["code_challenge_methods_supported"],
        serde_json::json!(["S256"])
    );
    for capability in [
        "launch-standalone",
        "client-public",
        "client-confidential-symmetric",
        "context-standalone-patient",
        "permission-patient",
        "permission-offline",
    ] {
        assert!(
            smart["capabilities"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c == capability),
            "{capability}"
        );
    }
    assert!(
        smart["scopes_supported"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "patient/*.rs")
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_patient_connects_an_app_which_reads_their_documents(db: PgPool) {
    let mut app = TestApp::spawn(db.clone()).await;
    let account = patient_with_documents(&mut app).await;
    let (client_id, _) = register_app(&db, false).await;

    // Signed out, the authorization request goes through the portal's sign-in and back.
    app.clear_cookie("rp_patient");
    let query = authorize_query(
        &app,
        &client_id,
        "launch/patient patient/*.rs offline_access",
    );
    app.get(&query).await.assert_redirect_to("/account/login");
    assert!(
        app.get("/account/login")
            .await
            .body
            .contains("An app is asking to read your records")
    );
    crate::portal::sign_in(
        &mut app,
        "jordan@example.com",
        crate::portal::PATIENT_PASSWORD,
    )
    .await
    .assert_redirect_to(&query);
    let code = consent(
        &mut app,
        &client_id,
        "launch/patient patient/*.rs offline_access",
    )
    .await;
    let (status, tokens) = exchange(&mut app, &client_id, &code).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    assert_eq!(tokens["patient"], account.to_string());
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["expires_in"], 3600);
    let access = tokens["access_token"].as_str().unwrap().to_owned();
    let refresh = tokens["refresh_token"]
        .as_str()
        .expect("offline_access")
        .to_owned();
    // Stored only as hashes.
    let stored: i64 = sqlx::query_scalar("select count(*) from fhir_tokens where token_hash = $1")
        .bind(&sha256(access.as_bytes())[..])
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(stored, 1);

    let patient: Value = serde_json::from_str(
        &fhir_get(&mut app, &format!("/fhir/Patient/{account}"), &access)
            .await
            .body,
    )
    .unwrap();
    assert_eq!(patient["birthDate"], "1986-04-28");
    assert_eq!(patient["name"][0]["family"], "Example");

    let bundle = fhir_get(
        &mut app,
        &format!("/fhir/DocumentReference?patient={account}"),
        &access,
    )
    .await;
    let bundle: Value = serde_json::from_str(&bundle.body).unwrap();
    assert_eq!(bundle["total"], 2, "{bundle}");
    let summaries = fhir_get(
        &mut app,
        "/fhir/DocumentReference?type=http://loinc.org|34133-9&date=ge2026-01-01",
        &access,
    )
    .await;
    let summaries: Value = serde_json::from_str(&summaries.body).unwrap();
    assert_eq!(summaries["total"], 1);
    let doc = &summaries["entry"][0]["resource"];
    assert_eq!(doc["content"][0]["attachment"]["hash"], {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(<sha1::Sha1 as sha1::Digest>::digest(
            crate::helpers::pdf_bytes(),
        ))
    });
    let before: Value = serde_json::from_str(
        &fhir_get(&mut app, "/fhir/DocumentReference?date=lt2020", &access)
            .await
            .body,
    )
    .unwrap();
    assert_eq!(before["total"], 0);

    // The Binary: the file's own bytes, or a FHIR Binary when FHIR JSON is asked for.
    let url = doc["content"][0]["attachment"]["url"].as_str().unwrap();
    let path = &url[url.find("/fhir/").unwrap()..];
    let raw = app
        .request(
            Request::get(path)
                .header(header::AUTHORIZATION, format!("Bearer {access}"))
                .header(header::ACCEPT, "application/pdf")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(raw.status, StatusCode::OK);
    assert_eq!(raw.body.as_bytes(), crate::helpers::pdf_bytes());
    let binary: Value =
        serde_json::from_str(&fhir_get(&mut app, path, &access).await.body).unwrap();
    assert_eq!(binary["resourceType"], "Binary");
    use base64::Engine as _;
    assert_eq!(
        base64::engine::general_purpose::STANDARD
            .decode(binary["data"].as_str().unwrap())
            .unwrap(),
        crate::helpers::pdf_bytes()
    );

    // Every grant, token and read is audited.
    let actions: Vec<String> =
        sqlx::query_scalar("select action from audit_log where action like 'app.%' order by id")
            .fetch_all(&db)
            .await
            .unwrap();
    for action in ["app.connected", "app.token_issued", "app.read"] {
        assert!(actions.iter().any(|a| a == action), "{action}: {actions:?}");
    }

    // A refresh replaces the refresh token; the old one then ends the connection's tokens.
    let (status, renewed) = post_token(
        &mut app,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", &refresh),
            ("client_id", &client_id),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{renewed}");
    let (status, _) = post_token(
        &mut app,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", &refresh),
            ("client_id", &client_id),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let after = fhir_get(
        &mut app,
        &format!("/fhir/Patient/{account}"),
        renewed["access_token"].as_str().unwrap(),
    )
    .await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);

    // The portal lists the app; the start page names it and the FHIR address.
    assert!(
        app.get("/account/apps")
            .await
            .body
            .contains("Health Wallet")
    );
    let home = app.get("/").await.body;
    assert!(home.contains("Health Wallet") && home.contains(&app.state.config.fhir_base()));
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_confidential_app_authenticates_with_its_secret(db: PgPool) {
    let mut app = TestApp::spawn(db.clone()).await;
    patient_with_documents(&mut app).await;
    let (client_id, secret) = register_app(&db, true).await;
    let secret = secret.expect("a confidential app has a secret");
    let code = consent(&mut app, &client_id, "patient/Patient.r").await;
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", REDIRECT),
        ("client_id", client_id.as_str()),
        ("code_verifier", VERIFIER),
    ];
    let (status, refused) = post_token(&mut app, &form).await;
    assert_eq!(
        (status, refused["error"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("invalid_client"))
    );
    let code = consent(&mut app, &client_id, "patient/Patient.r").await;
    let mut with_secret = form.to_vec();
    with_secret[1] = ("code", code.as_str());
    with_secret.push(("client_secret", secret.as_str()));
    let (status, tokens) = post_token(&mut app, &with_secret).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    assert!(
        tokens.get("refresh_token").is_none(),
        "no offline_access asked"
    );
    assert_eq!(tokens["scope"], "patient/Patient.r");
}
