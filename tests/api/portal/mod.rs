//! The patient portal: accounts, sessions, ownership, summaries and disclosures.

mod accounts;
mod documents;
mod ownership;
mod second_factor;
mod staff_side;

use records_portal::forms::FormValues;

use crate::helpers::TestApp;

pub const PATIENT_PASSWORD: &str = "harbor lantern meadow quill";

/// The path of the newest email of `kind` that carries a link under `prefix`.
pub async fn emailed_path(app: &TestApp, kind: &str, prefix: &str) -> String {
    let body: String = sqlx::query_scalar(
        "select text_body from email_outbox where kind = $1 order by created_at desc, id desc limit 1",
    )
    .bind(kind)
    .fetch_one(&app.db)
    .await
    .unwrap_or_else(|_| panic!("a {kind} email"));
    let start = body
        .find(prefix)
        .unwrap_or_else(|| panic!("a link under {prefix}"));
    body[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "/-_".contains(*c))
        .collect()
}

pub async fn register(
    app: &mut TestApp,
    name: &str,
    dob: (&str, &str, &str),
    email: &str,
) -> crate::helpers::TestResponse {
    let token = app.csrf_token().await;
    let form = FormValues::new(vec![
        ("csrf_token".into(), token),
        ("legal_name".into(), name.into()),
        ("dob_month".into(), dob.0.into()),
        ("dob_day".into(), dob.1.into()),
        ("dob_year".into(), dob.2.into()),
        ("email".into(), email.into()),
        ("password".into(), PATIENT_PASSWORD.into()),
    ]);
    app.post_form("/account/register", &form).await
}

pub async fn confirm_latest(app: &mut TestApp) {
    let path = emailed_path(app, "confirm_email", "/account/confirm/").await;
    let token = app.csrf_token().await;
    let form = FormValues::new(vec![("csrf_token".into(), token)]);
    app.post_form(&path, &form)
        .await
        .assert_redirect_to("/account/login?confirmed=1");
}

pub async fn sign_in(
    app: &mut TestApp,
    email: &str,
    password: &str,
) -> crate::helpers::TestResponse {
    let token = app.csrf_token().await;
    let form = FormValues::new(vec![
        ("csrf_token".into(), token),
        ("email".into(), email.into()),
        ("password".into(), password.into()),
    ]);
    app.post_form("/account/login", &form).await
}

/// Registers, confirms and signs in Jordan (the patient of `patient_form`); returns the account id.
pub async fn jordan(app: &mut TestApp) -> uuid::Uuid {
    register(
        app,
        "Jordan Avery Example",
        ("4", "28", "1986"),
        "jordan@example.com",
    )
    .await
    .assert_redirect_to("/account/register/sent");
    confirm_latest(app).await;
    sign_in(app, "jordan@example.com", PATIENT_PASSWORD)
        .await
        .assert_redirect_to("/account");
    sqlx::query_scalar("select id from patient_accounts where email = 'jordan@example.com'")
        .fetch_one(&app.db)
        .await
        .unwrap()
}

/// Links `request` to `account` as staff would.
pub async fn link(app: &TestApp, request: uuid::Uuid, account: uuid::Uuid) {
    sqlx::query("update requests set account_id = $2 where id = $1")
        .bind(request)
        .bind(account)
        .execute(&app.db)
        .await
        .unwrap();
    sqlx::query("update patient_accounts set identity_verified_at = now() where id = $1")
        .bind(account)
        .execute(&app.db)
        .await
        .unwrap();
}

/// A stored PDF and a "Knee follow-up" visit summary for `account` (dated 2026-10-01).
pub async fn give_summary(app: &TestApp, account: uuid::Uuid) -> uuid::Uuid {
    let mut writer = app.state.files.begin("summaries", 1 << 20).await.unwrap();
    writer.write(&crate::helpers::pdf_bytes()).await.unwrap();
    let object = writer.finish().await.unwrap();
    let summary = uuid::Uuid::now_v7();
    sqlx::query(
        "insert into visit_summaries (id, account_id, visit_date, title, object_key, size_bytes, sha256, sha1, created_at)
         values ($1, $2, '2026-10-01', 'Knee follow-up', $3, $4, $5, $6, now())",
    )
    .bind(summary)
    .bind(account)
    .bind(&object.key)
    .bind(object.size_bytes as i64)
    .bind(&object.sha256[..])
    .bind(&object.sha1[..])
    .execute(&app.db)
    .await
    .unwrap();
    summary
}
