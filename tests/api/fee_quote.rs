//! `POST /api/fee-quote`: the SPEC's JSON in and out, and 422 naming the bad field.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::helpers::TestApp;

async fn quote(app: &mut TestApp, body: Value) -> (StatusCode, Value) {
    let request = Request::post("/api/fee-quote")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    let response = app.request(request).await;
    (
        response.status,
        serde_json::from_str(&response.body).unwrap_or(Value::Null),
    )
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_spec_worked_cases_over_json(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let cases = [
        (
            json!({"requester_type": "self", "purpose": "individual", "documents": {"delivery": "mail", "pages": 4}}),
            260,
        ),
        (
            json!({"requester_type": "self", "purpose": "individual", "documents": {"delivery": "mail", "pages": 25}}),
            650,
        ),
        (
            json!({"requester_type": "third_party", "purpose": "legal", "documents": {"delivery": "mail", "pages": 25}}),
            1625,
        ),
        (
            json!({"requester_type": "self", "purpose": "individual", "images": {"delivery": "secure_link"}}),
            1500,
        ),
        (
            json!({"requester_type": "self", "purpose": "individual", "images": {"delivery": "cd"}}),
            2500,
        ),
        (
            json!({"requester_type": "provider", "purpose": "continuing_care", "documents": {"delivery": "provider", "pages": 80}, "images": {"delivery": "provider"}}),
            0,
        ),
        (
            json!({"requester_type": "self", "purpose": "individual", "ssa_documentation": false, "documents": {"delivery": "mail", "pages": 12}, "images": {"delivery": "cd"}}),
            3150,
        ),
    ];
    for (body, total) in cases {
        let (status, quote) = quote(&mut app, body.clone()).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(quote["total_cents"], json!(total), "{body}");
        assert_eq!(quote["schedule"], json!("ct-2026-01"));
    }
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn lines_are_itemised_and_unknown_pages_give_a_maximum(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let (_, q) = quote(&mut app, json!({"requester_type": "self", "purpose": "individual", "documents": {"delivery": "mail", "pages": 12}, "images": {"delivery": "cd"}})).await;
    assert_eq!(q["lines"][0]["quantity"], json!(12));
    assert_eq!(q["lines"][0]["unit_cents"], json!(65));
    assert_eq!(q["lines"][0]["amount_cents"], json!(650));
    assert_eq!(q["lines"][0]["note"], json!("capped at $6.50"));
    assert_eq!(q["lines"][1]["amount_cents"], json!(2500));

    let (_, q) = quote(&mut app, json!({"requester_type": "self", "purpose": "individual", "documents": {"delivery": "mail"}})).await;
    assert_eq!(q["total_cents"], Value::Null);
    assert_eq!(q["max_cents"], json!(650));
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn unknown_values_are_422_naming_the_field(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let cases = [
        (
            json!({"requester_type": "alien", "purpose": "individual"}),
            "requester_type",
        ),
        (
            json!({"requester_type": "self", "purpose": "fun"}),
            "purpose",
        ),
        (
            json!({"requester_type": "self", "purpose": "individual", "documents": {"delivery": "pigeon"}}),
            "documents.delivery",
        ),
        (
            json!({"requester_type": "self", "purpose": "individual", "images": {"delivery": "fax"}}),
            "images.delivery",
        ),
        (
            json!({"requester_type": "self", "purpose": "individual", "documents": {"delivery": "mail", "pages": -1}}),
            "documents.pages",
        ),
        (
            json!({"requester_type": "self", "purpose": "individual", "surprise": 1}),
            "surprise",
        ),
    ];
    for (body, field) in cases {
        let (status, error) = quote(&mut app, body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(error["field"], json!(field), "{body}");
        assert!(error["error"].as_str().is_some_and(|e| !e.is_empty()));
    }
    let request = Request::post("/api/fee-quote")
        .body(Body::from("{not json"))
        .unwrap();
    assert_eq!(
        app.request(request).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}
