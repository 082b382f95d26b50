//! What the API refuses: a wrong PKCE verifier, a reused or stale code, an unregistered
//! redirect URI, another patient's resources, a revoked app, a scope that does not cover
//! the read, an admin's registration typed wrong, and a clerk at the admin page.

use axum::http::StatusCode;
use records_portal::forms::FormValues;
use records_portal::staff::accounts::Role;
use serde_json::Value;
use sqlx::PgPool;

use super::{
    REDIRECT, VERIFIER, authorize_query, consent, exchange, fhir_get, patient_with_documents,
    post_token, query_value, register_app,
};
use crate::helpers::TestApp;

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn codes_are_bound_single_use_and_short_lived(db: PgPool) {
    let mut app = TestApp::spawn(db.clone()).await;
    let account = patient_with_documents(&mut app).await;
    let (client_id, _) = register_app(&db, false).await;

    // A wrong verifier: refused, and the code is spent.
    let code = consent(&mut app, &client_id, "patient/*.rs").await;
    let wrong = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", REDIRECT),
        ("client_id", client_id.as_str()),
        ("code_verifier", "x".repeat(50).leak() as &str),
    ];
    let (status, body) = post_token(&mut app, &wrong).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_grant"))
    );
    assert_eq!(
        exchange(&mut app, &client_id, &code).await.0,
        StatusCode::BAD_REQUEST
    );

    // Reused: the second use fails and the first use's tokens stop working.
    let code = consent(&mut app, &client_id, "patient/*.rs").await;
    let (status, tokens) = exchange(&mut app, &client_id, &code).await;
    assert_eq!(status, StatusCode::OK);
    let access = tokens["access_token"].as_str().unwrap().to_owned();
    assert_eq!(
        fhir_get(&mut app, &format!("/fhir/Patient/{account}"), &access)
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        exchange(&mut app, &client_id, &code).await.0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        fhir_get(&mut app, &format!("/fhir/Patient/{account}"), &access)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );

    // Older than 60 seconds.
    let code = consent(&mut app, &client_id, "patient/*.rs").await;
    app.clock.advance(time::Duration::seconds(61));
    assert_eq!(
        exchange(&mut app, &client_id, &code).await.0,
        StatusCode::BAD_REQUEST
    );

    // Another redirect URI than the code was issued for.
    let code = consent(&mut app, &client_id, "patient/*.rs").await;
    let other = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", "http://127.0.0.1:9/other"),
        ("client_id", client_id.as_str()),
        ("code_verifier", VERIFIER),
    ];
    assert_eq!(
        post_token(&mut app, &other).await.0,
        StatusCode::BAD_REQUEST
    );

    // An access token expires after an hour.
    let code = consent(&mut app, &client_id, "patient/*.rs").await;
    let access = exchange(&mut app, &client_id, &code).await.1["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    app.clock.advance(time::Duration::minutes(61));
    let expired = fhir_get(&mut app, &format!("/fhir/Patient/{account}"), &access).await;
    assert_eq!(expired.status, StatusCode::UNAUTHORIZED);
    let outcome: Value = serde_json::from_str(&expired.body).unwrap();
    assert_eq!(outcome["resourceType"], "OperationOutcome");
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_authorization_request_is_checked_before_anyone_signs_in(db: PgPool) {
    let mut app = TestApp::spawn(db.clone()).await;
    patient_with_documents(&mut app).await;
    let (client_id, _) = register_app(&db, false).await;
    let good = authorize_query(&app, &client_id, "patient/*.rs");

    // An unregistered redirect URI or app: a page, never a redirect.
    let elsewhere = good.replace("127.0.0.1%3A9%2Fcallback", "evil.example%2Fcb");
    let page = app.get(&elsewhere).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.location().is_empty() && page.body.contains("This app cannot connect"));
    let unknown = good.replace(&client_id, "app-unknown-client");
    assert_eq!(app.get(&unknown).await.status, StatusCode::BAD_REQUEST);

    // Everything else goes back to the app as an OAuth error.
    for (from, to, error) in [
        (
            "code_challenge_method=S256",
            "code_challenge_method=plain",
            "invalid_request",
        ),
        (
            "response_type=code",
            "response_type=token",
            "unsupported_response_type",
        ),
        (
            "aud=http",
            "aud=https%3A%2F%2Fother.example%2Ffhir&x=http",
            "invalid_request",
        ),
        ("scope=patient%2F*.rs", "scope=user%2F*.rs", "invalid_scope"),
    ] {
        let bad = good.replace(from, to);
        assert_ne!(bad, good, "{from}");
        let answer = app.get(&bad).await;
        assert_eq!(
            answer.status,
            StatusCode::SEE_OTHER,
            "{from}: {}",
            answer.body
        );
        assert_eq!(
            query_value(answer.location(), "error").as_deref(),
            Some(error),
            "{from}"
        );
    }

    // The patient says no.
    let page = app.get(&good).await;
    let token = page.csrf_token();
    let mut fields: Vec<(String, String)> =
        url::form_urlencoded::parse(good.split_once('?').unwrap().1.as_bytes())
            .into_owned()
            .collect();
    fields.push(("csrf_token".into(), token));
    fields.push(("decision".into(), "deny".into()));
    let answer = app
        .post_form("/fhir/authorize", &FormValues::new(fields))
        .await;
    assert_eq!(
        query_value(answer.location(), "error").as_deref(),
        Some("access_denied")
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn another_patients_resources_are_not_found_and_a_revoked_app_is_signed_out(db: PgPool) {
    let mut app = TestApp::spawn(db.clone()).await;
    let jordan = patient_with_documents(&mut app).await;
    let (client_id, _) = register_app(&db, false).await;
    let code = consent(
        &mut app,
        &client_id,
        "patient/Patient.rs patient/DocumentReference.rs",
    )
    .await;
    let access = exchange(&mut app, &client_id, &code).await.1["access_token"]
        .as_str()
        .unwrap()
        .to_owned();

    // Casey, another patient, with her own summary.
    let mut casey = TestApp::spawn(db.clone()).await;
    crate::portal::register(
        &mut casey,
        "Casey Sample",
        ("11", "3", "1970"),
        "casey@example.com",
    )
    .await;
    crate::portal::confirm_latest(&mut casey).await;
    let casey_id: uuid::Uuid =
        sqlx::query_scalar("select id from patient_accounts where email = 'casey@example.com'")
            .fetch_one(&db)
            .await
            .unwrap();
    let summary = crate::portal::give_summary(&casey, casey_id).await;

    let not_found = [
        format!("/fhir/Patient/{casey_id}"),
        format!("/fhir/DocumentReference?patient={casey_id}"),
        format!("/fhir/DocumentReference/s-{summary}"),
        format!("/fhir/Binary/s-{summary}"),
        "/fhir/Binary/not-an-id".to_owned(),
    ];
    for path in &not_found {
        let answer = fhir_get(&mut app, path, &access).await;
        assert_eq!(
            answer.status,
            StatusCode::NOT_FOUND,
            "{path}: {}",
            answer.body
        );
        assert!(answer.body.contains("OperationOutcome"));
    }
    let ours = fhir_get(&mut app, &format!("/fhir/Patient/{jordan}"), &access).await;
    assert_eq!(ours.status, StatusCode::OK);
    assert!(!ours.body.contains("Casey"));

    // No token, or a scope that does not cover the read.
    let answer = app.get(&format!("/fhir/Patient/{jordan}")).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    let code = consent(&mut app, &client_id, "patient/Patient.r").await;
    let narrow = exchange(&mut app, &client_id, &code).await.1["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        fhir_get(&mut app, "/fhir/DocumentReference", &narrow)
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    // Casey cannot disconnect Jordan's app; Jordan can, and its tokens stop at once.
    let grant: uuid::Uuid = sqlx::query_scalar("select id from fhir_grants where account_id = $1")
        .bind(jordan)
        .fetch_one(&db)
        .await
        .unwrap();
    crate::portal::sign_in(
        &mut casey,
        "casey@example.com",
        crate::portal::PATIENT_PASSWORD,
    )
    .await;
    let token = casey.csrf_token().await;
    let theirs = casey
        .post_form(
            &format!("/account/apps/{grant}/disconnect"),
            &FormValues::new(vec![("csrf_token".into(), token)]),
        )
        .await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND);
    let token = app.csrf_token().await;
    app.post_form(
        &format!("/account/apps/{grant}/disconnect"),
        &FormValues::new(vec![("csrf_token".into(), token)]),
    )
    .await
    .assert_redirect_to("/account/apps?disconnected=1");
    assert_eq!(
        fhir_get(&mut app, &format!("/fhir/Patient/{jordan}"), &access)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn an_admin_registers_and_turns_off_apps_and_a_clerk_cannot(db: PgPool) {
    let mut app = TestApp::spawn(db.clone()).await;
    app.sign_in_as(Role::Admin, "admin@practice.test").await;
    let bad = app
        .post_staff(
            "/staff/admin/apps",
            &[
                ("name", "Health Wallet"),
                ("kind", "public"),
                ("redirect_uris", "http://wallet.example/cb"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body
            .contains("http://wallet.example/cb cannot be a redirect URI")
            && bad.body.contains("value=\"Health Wallet\"")
    );
    let done = app
        .post_staff(
            "/staff/admin/apps",
            &[
                ("name", "Health Wallet"),
                ("kind", "confidential"),
                (
                    "redirect_uris",
                    "https://wallet.example/cb\nhttp://127.0.0.1:8765/cb",
                ),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(done.body.contains("Client secret") && done.body.contains("not shown again"));
    let (id, uris): (uuid::Uuid, Vec<String>) =
        sqlx::query_as("select id, redirect_uris from fhir_apps")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(
        uris,
        ["https://wallet.example/cb", "http://127.0.0.1:8765/cb"]
    );
    app.post_staff(&format!("/staff/admin/apps/{id}/disable"), &[])
        .await
        .assert_redirect_to("/staff/admin/apps");
    assert!(!app.get("/").await.body.contains("Health Wallet"));

    let mut clerk = TestApp::spawn(db.clone()).await;
    clerk.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    assert_eq!(
        clerk.get("/staff/admin/apps").await.status,
        StatusCode::FORBIDDEN
    );
    let refused = clerk
        .post_staff(
            "/staff/admin/apps",
            &[
                ("name", "X"),
                ("kind", "public"),
                ("redirect_uris", "https://x.example/cb"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}
