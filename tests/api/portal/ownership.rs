//! The ownership matrix: two patients, a staff member and an anonymous visitor against
//! every signed-in portal route and every object id. Not yours is a 404; not signed in to
//! the portal (staff included) is a trip to its sign-in page.

use axum::http::StatusCode;
use records_portal::forms::FormValues;
use records_portal::intake::sample::{attorney_form, patient_form};
use records_portal::portal::SIGNED_IN_ROUTES;
use records_portal::staff::accounts::Role;
use sqlx::PgPool;
use uuid::Uuid;

use super::{PATIENT_PASSWORD, confirm_latest, jordan, link, register, sign_in};
use crate::helpers::{TestApp, pdf_bytes};

/// A request linked to `account`, released to the portal with one file, plus a visit summary.
struct Owned {
    request: Uuid,
    record: Uuid,
    summary: Uuid,
}

async fn stored(app: &TestApp) -> records_portal::storage::StoredObject {
    let mut writer = app.state.files.begin("test", 1 << 20).await.unwrap();
    writer.write(&pdf_bytes()).await.unwrap();
    writer.finish().await.unwrap()
}

async fn give(app: &mut TestApp, form: &FormValues, account: Uuid) -> Owned {
    let request = app.file(form).await;
    link(app, request, account).await;
    sqlx::query(
        "update requests set delivery_method = 'portal', status = 'released' where id = $1",
    )
    .bind(request)
    .execute(&app.db)
    .await
    .unwrap();
    let object = stored(app).await;
    let staff: Uuid = sqlx::query_scalar("select id from staff limit 1")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let record = Uuid::now_v7();
    sqlx::query(
        "insert into release_files (id, request_id, object_key, display_name, content_type, size_bytes, sha256, uploaded_by, uploaded_at)
         values ($1, $2, $3, 'records.pdf', 'application/pdf', $4, $5, $6, now())",
    )
    .bind(record)
    .bind(request)
    .bind(&object.key)
    .bind(object.size_bytes as i64)
    .bind(&object.sha256[..])
    .bind(staff)
    .execute(&app.db)
    .await
    .unwrap();
    let summary = super::give_summary(app, account).await;
    Owned {
        request,
        record,
        summary,
    }
}

fn paths(owned: &Owned) -> Vec<(&'static str, String)> {
    SIGNED_IN_ROUTES
        .iter()
        .filter(|(_, p)| p.contains("{id}"))
        .map(|(method, p)| {
            let id = if p.starts_with("/account/records/") {
                owned.record
            } else if p.starts_with("/account/summaries/") {
                owned.summary
            } else {
                owned.request
            };
            (*method, p.replace("{id}", &id.to_string()))
        })
        .collect()
}

async fn call(app: &mut TestApp, method: &str, path: &str) -> crate::helpers::TestResponse {
    if method == "GET" {
        app.get(path).await
    } else {
        let token = app.csrf_token().await;
        let form = FormValues::new(vec![
            ("csrf_token".into(), token),
            ("message".into(), "Here it is".into()),
        ]);
        app.post_form(path, &form).await
    }
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn every_cross_owner_cell_is_a_404(db: PgPool) {
    let mut a = TestApp::spawn(db.clone()).await;
    a.sign_in_as(Role::Clerk, "setup@practice.test").await;
    let a_id = jordan(&mut a).await;
    let mut b = TestApp::spawn(db.clone()).await;
    register(
        &mut b,
        "Casey Sample",
        ("11", "3", "1970"),
        "casey@example.com",
    )
    .await;
    confirm_latest(&mut b).await;
    sign_in(&mut b, "casey@example.com", PATIENT_PASSWORD)
        .await
        .assert_redirect_to("/account");
    let b_id: Uuid =
        sqlx::query_scalar("select id from patient_accounts where email = 'casey@example.com'")
            .fetch_one(&db)
            .await
            .unwrap();
    let owned_a = give(&mut a, &patient_form(), a_id).await;
    let owned_b = give(&mut a, &attorney_form(), b_id).await;

    let mut staff = TestApp::spawn(db.clone()).await;
    staff.sign_in_as(Role::Admin, "admin@practice.test").await;
    let mut anonymous = TestApp::spawn(db.clone()).await;

    let mut cells = 0;
    for (viewer, theirs) in [(&mut a, &owned_b), (&mut b, &owned_a)] {
        for (method, path) in paths(theirs) {
            let response = call(viewer, method, &path).await;
            assert_eq!(response.status, StatusCode::NOT_FOUND, "{method} {path}");
            cells += 1;
        }
    }
    for visitor in [&mut staff, &mut anonymous] {
        for owned in [&owned_a, &owned_b] {
            for (method, path) in paths(owned) {
                let response = call(visitor, method, &path).await;
                assert_eq!(
                    (response.status, response.location()),
                    (StatusCode::SEE_OTHER, "/account/login"),
                    "{method} {path}"
                );
                cells += 1;
            }
        }
        for (method, path) in SIGNED_IN_ROUTES.iter().filter(|(_, p)| !p.contains("{id}")) {
            let response = call(visitor, method, path).await;
            assert_eq!(response.location(), "/account/login", "{method} {path}");
        }
    }
    assert!(cells >= 30, "{cells} cells");
    // Nothing changed hands: both requests still released, no messages written.
    assert_eq!(a.status_of(owned_a.request).await, "released");
    assert_eq!(a.status_of(owned_b.request).await, "released");
    assert_eq!(a.count("request_messages").await, 0);

    // And each owner does see their own.
    for (method, path) in paths(&owned_a)
        .into_iter()
        .filter(|(m, p)| *m == "GET" && !p.contains("invoice"))
    {
        assert_eq!(a.get(&path).await.status, StatusCode::OK, "{method} {path}");
    }
    let home = b.get("/account").await;
    assert!(home.body.contains("Knee follow-up") && !home.body.contains("RP-2026-000001"));
}
