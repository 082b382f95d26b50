//! Records to release: upload, release by each delivery method, the secure download link
//! and its challenge, limits, revocation and the disclosure log.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use records_portal::forms::FormValues;
use records_portal::intake::sample::{attorney_form, patient_form, provider_form, with};
use records_portal::staff::accounts::Role;
use sqlx::PgPool;
use tower::ServiceExt;

use crate::billing::priced;
use crate::helpers::{TestApp, TestFile, pdf_bytes};

/// Method, mailing date, tracking number, destination.
type DisclosureRow = (String, Option<time::Date>, Option<String>, Option<String>);

const CASEY_DOB: [(&str, &str); 3] = [("dob_month", "11"), ("dob_day", "3"), ("dob_year", "1970")];

pub async fn upload(
    app: &mut TestApp,
    id: uuid::Uuid,
    filename: &'static str,
    bytes: Vec<u8>,
) -> crate::helpers::TestResponse {
    let token = app.csrf_token().await;
    let form = FormValues::new(vec![("csrf_token".into(), token)]);
    let file = TestFile {
        field: "file",
        filename,
        content_type: "application/octet-stream",
        bytes,
    };
    app.post_multipart(&format!("/staff/requests/{id}/files"), &form, &[file])
        .await
}

/// An attorney's request, priced, paid, with one PDF uploaded: ready to release by link.
pub async fn ready_by_link(app: &mut TestApp) -> uuid::Uuid {
    app.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    let id = priced(app, &attorney_form(), "5").await;
    app.post_staff(
        &format!("/staff/requests/{id}/payments"),
        &[("kind", "payment"), ("amount", "3.25"), ("method", "card")],
    )
    .await
    .assert_redirect_to(&format!("/staff/requests/{id}"));
    assert_eq!(app.status_of(id).await, "ready_to_release");
    upload(app, id, "records.pdf", pdf_bytes())
        .await
        .assert_redirect_to(&format!("/staff/requests/{id}#release"));
    id
}

/// The `/d/...` path in an email body.
pub fn link_in(body: &str) -> String {
    let start = body.find("/d/").expect("a download link");
    body[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "/-_".contains(*c))
        .collect()
}

/// The `/d/...` path in the records-ready email.
pub async fn download_path(app: &TestApp) -> String {
    let body: String = sqlx::query_scalar("select text_body from email_outbox where kind = 'records_ready' order by created_at desc, id desc limit 1")
        .fetch_one(&app.db)
        .await
        .expect("a records-ready email");
    link_in(&body)
}

/// Releases `id` as a clerk does after the last look: `confirmed`, with the files seen.
pub async fn release_with(
    app: &mut TestApp,
    id: uuid::Uuid,
    fields: &[(&str, &str)],
) -> crate::helpers::TestResponse {
    let files: Vec<String> = sqlx::query_scalar(
        "select id::text from release_files where request_id = $1 and removed_at is null",
    )
    .bind(id)
    .fetch_all(&app.db)
    .await
    .unwrap();
    let mut confirmed = fields.to_vec();
    confirmed.push(("confirmed", "yes"));
    confirmed.extend(files.iter().map(|f| ("release_file", f.as_str())));
    app.post_staff(&format!("/staff/requests/{id}/release"), &confirmed)
        .await
}

async fn answer(
    app: &mut TestApp,
    path: &str,
    dob: &[(&str, &str)],
    file: Option<uuid::Uuid>,
) -> crate::helpers::TestResponse {
    let mut pairs = vec![("csrf_token".to_owned(), app.csrf_token().await)];
    pairs.extend(dob.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())));
    if let Some(file) = file {
        pairs.push(("file".into(), file.to_string()));
    }
    app.post_form(path, &FormValues::new(pairs)).await
}

async fn file_id(app: &TestApp) -> uuid::Uuid {
    sqlx::query_scalar("select id from release_files limit 1")
        .fetch_one(&app.db)
        .await
        .unwrap()
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_link_release_emails_a_link_that_streams_after_the_date_of_birth(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let id = ready_by_link(&mut app).await;
    release_with(&mut app, id, &[])
        .await
        .assert_redirect_to(&format!("/staff/requests/{id}"));
    assert_eq!(app.status_of(id).await, "released");
    let path = download_path(&app).await;
    let file = file_id(&app).await;

    let challenge = app.get(&path).await;
    assert_eq!(challenge.status, StatusCode::OK);
    assert!(challenge.body.contains("date of birth") && challenge.body.contains("Download file 1"));
    assert!(
        !challenge.body.contains("records.pdf"),
        "no file name before the date of birth"
    );
    assert_eq!(app.status_of(id).await, "released", "a GET uses nothing up");

    let wrong = answer(
        &mut app,
        &path,
        &[("dob_month", "1"), ("dob_day", "1"), ("dob_year", "1970")],
        Some(file),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("does not match"));

    let download = answer(&mut app, &path, &CASEY_DOB, Some(file)).await;
    assert_eq!(download.status, StatusCode::OK);
    assert_eq!(download.body.as_bytes(), pdf_bytes().as_slice());
    assert_eq!(
        download.headers[header::CONTENT_DISPOSITION],
        "attachment; filename=\"records.pdf\""
    );
    assert_eq!(download.headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(download.headers[header::CACHE_CONTROL], "no-store");
    assert_eq!(
        app.status_of(id).await,
        "completed",
        "the first download completes it"
    );

    let events: Vec<String> = sqlx::query_scalar("select event from download_events order by id")
        .fetch_all(&app.db)
        .await
        .unwrap();
    assert_eq!(events, ["viewed", "wrong_answer", "downloaded"]);
    let (method, recipient, purpose): (String, String, String) =
        sqlx::query_as("select method, recipient, purpose from disclosures where request_id = $1")
            .bind(id)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(method, "secure_link");
    assert!(recipient.contains("Example & Partners LLP"), "{recipient}");
    assert_eq!(purpose, "Legal");
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn release_is_refused_from_every_other_status(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    app.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    let id = app.file(&attorney_form()).await;
    for status in [
        "received",
        "verifying",
        "needs_info",
        "in_fulfillment",
        "awaiting_payment",
        "released",
        "completed",
        "denied",
        "withdrawn",
    ] {
        app.set_status(id, status).await;
        let refused = release_with(&mut app, id, &[]).await;
        assert_eq!(refused.status, StatusCode::CONFLICT, "{status}");
    }
    assert_eq!(app.count("disclosures").await, 0);
    assert_eq!(app.count("download_links").await, 0);
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn uploads_are_checked_by_their_bytes_and_leave_nothing_when_refused(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    app.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    let early = app.file(&attorney_form()).await;
    let refused = upload(&mut app, early, "records.pdf", pdf_bytes()).await;
    assert_eq!(
        refused.status,
        StatusCode::CONFLICT,
        "not before verification"
    );

    let id = priced(&mut app, &attorney_form(), "5").await;
    let stored_before = app.stored_files().len();
    let mut exe = b"MZ\x90\x00\x03\x00\x00\x00".to_vec();
    exe.resize(4096, 0);
    let fake = upload(&mut app, id, "records.pdf", exe).await;
    assert_eq!(fake.status, StatusCode::CONFLICT);
    assert!(fake.body.contains("must be a PDF"));
    assert_eq!(app.stored_files().len(), stored_before, "nothing stored");
    assert_eq!(app.count("release_files").await, 0);

    let mut zip = b"PK\x03\x04".to_vec();
    zip.resize(2048, 7);
    upload(&mut app, id, "../../study.zip", zip)
        .await
        .assert_redirect_to(&format!("/staff/requests/{id}#release"));
    let (name, kind, hash): (String, String, Vec<u8>) =
        sqlx::query_as("select display_name, content_type, sha256 from release_files")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(
        (name.as_str(), kind.as_str()),
        ("study.zip", "application/zip")
    );
    assert_eq!(hash.len(), 32);
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn links_expire_can_be_revoked_and_reissued(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let id = ready_by_link(&mut app).await;
    release_with(&mut app, id, &[]).await;
    let file = file_id(&app).await;
    let first = download_path(&app).await;

    let link: uuid::Uuid = sqlx::query_scalar("select id from download_links")
        .fetch_one(&app.db)
        .await
        .unwrap();
    app.post_staff(
        &format!("/staff/requests/{id}/links/revoke"),
        &[("link", &link.to_string())],
    )
    .await
    .assert_redirect_to(&format!("/staff/requests/{id}#release"));
    assert_eq!(app.get(&first).await.status, StatusCode::GONE);
    assert_eq!(
        answer(&mut app, &first, &CASEY_DOB, Some(file))
            .await
            .status,
        StatusCode::GONE
    );

    app.post_staff(&format!("/staff/requests/{id}/links"), &[])
        .await
        .assert_redirect_to(&format!("/staff/requests/{id}#release"));
    let second = download_path(&app).await;
    assert_ne!(first, second);
    app.clock.advance(time::Duration::days(31));
    assert_eq!(
        app.get(&second).await.status,
        StatusCode::GONE,
        "expired after 30 days"
    );
    assert_eq!(
        answer(&mut app, &second, &CASEY_DOB, Some(file))
            .await
            .status,
        StatusCode::GONE
    );
    assert_eq!(
        app.get("/d/not-a-real-token").await.status,
        StatusCode::NOT_FOUND
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_limit_holds_replays_fail_and_wrong_answers_are_throttled(db: PgPool) {
    let mut app = TestApp::spawn_with(db, |c| c.download_limit = 1).await;
    let id = ready_by_link(&mut app).await;
    release_with(&mut app, id, &[]).await;
    let path = download_path(&app).await;
    let file = file_id(&app).await;
    for _ in 0..5 {
        let wrong = answer(
            &mut app,
            &path,
            &[("dob_month", "12"), ("dob_day", "3"), ("dob_year", "1970")],
            Some(file),
        )
        .await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let locked = answer(&mut app, &path, &CASEY_DOB, Some(file)).await;
    assert_eq!(
        locked.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right answer waits"
    );
    assert!(locked.headers.contains_key(header::RETRY_AFTER));
    app.clock.advance(time::Duration::minutes(16));
    assert_eq!(
        answer(&mut app, &path, &CASEY_DOB, Some(file)).await.status,
        StatusCode::OK
    );
    let replay = answer(&mut app, &path, &CASEY_DOB, Some(file)).await;
    assert_eq!(replay.status, StatusCode::GONE, "one download allowed");
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn twenty_parallel_redemptions_of_a_one_download_link_succeed_once(db: PgPool) {
    let mut app = TestApp::spawn_with(db, |c| c.download_limit = 1).await;
    let id = ready_by_link(&mut app).await;
    release_with(&mut app, id, &[]).await;
    let path = download_path(&app).await;
    let file = file_id(&app).await;
    let page = app.get(&path).await;
    let token = page.csrf_token();
    let cookie = app.cookie_header();
    let body = format!("csrf_token={token}&dob_month=11&dob_day=3&dob_year=1970&file={file}");
    let attempts = (0..20).map(|_| {
        let router = app.router.clone();
        let request = Request::builder()
            .method(Method::POST)
            .uri(&path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &cookie)
            .body(Body::from(body.clone()))
            .unwrap();
        tokio::spawn(async move { router.oneshot(request).await.unwrap().status() })
    });
    let mut statuses = Vec::new();
    for attempt in attempts.collect::<Vec<_>>() {
        statuses.push(attempt.await.unwrap());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::GONE).count(),
        19,
        "{statuses:?}"
    );
    assert_eq!(
        app.count("download_events where event = 'downloaded'")
            .await,
        1
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn mail_and_fax_releases_record_the_handover_and_complete(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    app.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    let mailed = priced(
        &mut app,
        &with(&patient_form(), "record_kinds", Some("visit_notes")),
        "4",
    )
    .await;
    app.post_staff(
        &format!("/staff/requests/{mailed}/payments"),
        &[("kind", "payment"), ("amount", "2.60"), ("method", "check")],
    )
    .await;
    let future = release_with(&mut app, mailed, &[("mailed_on", "2026-12-25")]).await;
    assert_eq!(future.status, StatusCode::CONFLICT);
    release_with(
        &mut app,
        mailed,
        &[
            ("mailed_on", "2026-11-21"),
            ("tracking_number", "9400 1000 0000 0000 0000 00"),
        ],
    )
    .await
    .assert_redirect_to(&format!("/staff/requests/{mailed}"));
    assert_eq!(app.status_of(mailed).await, "completed");
    assert_eq!(
        app.count("email_outbox where kind = 'records_mailed'")
            .await,
        1
    );

    let faxed = priced(&mut app, &provider_form(), "40").await;
    let missing = release_with(&mut app, faxed, &[("destination", "")]).await;
    assert_eq!(missing.status, StatusCode::CONFLICT);
    release_with(
        &mut app,
        faxed,
        &[
            ("destination", "(860) 555-0177"),
            ("sent_at", "2026-11-22T09:30"),
        ],
    )
    .await
    .assert_redirect_to(&format!("/staff/requests/{faxed}"));
    assert_eq!(app.status_of(faxed).await, "completed");
    let rows: Vec<DisclosureRow> =
        sqlx::query_as("select method, mailed_on, tracking_number, destination from disclosures order by disclosed_at")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().any(|r| r.0 == "mail"
        && r.1 == Some(time::macros::date!(2026 - 11 - 21))
        && r.2.is_some()));
    assert!(
        rows.iter()
            .any(|r| r.0 == "fax" && r.3.as_deref() == Some("(860) 555-0177"))
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_fax_time_a_clerk_types_is_the_practices_local_time(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    app.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    let faxed = priced(&mut app, &provider_form(), "40").await;
    release_with(
        &mut app,
        faxed,
        &[
            ("destination", "(860) 555-0177"),
            ("sent_at", "2026-11-22T09:30"),
        ],
    )
    .await
    .assert_redirect_to(&format!("/staff/requests/{faxed}"));
    let disclosed_at: time::OffsetDateTime =
        sqlx::query_scalar("select disclosed_at from disclosures where request_id = $1")
            .bind(faxed)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(disclosed_at, time::macros::datetime!(2026-11-22 14:30 UTC));
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_file_changed_in_storage_never_arrives_whole(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let id = ready_by_link(&mut app).await;
    release_with(&mut app, id, &[]).await;
    let path = download_path(&app).await;
    let file = file_id(&app).await;
    let key: String = sqlx::query_scalar("select object_key from release_files")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let on_disk = app.scratch.join("files").join(&key);
    let mut bytes = std::fs::read(&on_disk).unwrap();
    bytes[10] ^= 1;
    std::fs::write(&on_disk, bytes).unwrap();

    let page = app.get(&path).await;
    let body = format!(
        "csrf_token={}&dob_month=11&dob_day=3&dob_year=1970&file={file}",
        page.csrf_token()
    );
    let request = Request::builder()
        .method(Method::POST)
        .uri(&path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, app.cookie_header())
        .body(Body::from(body))
        .unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let read = http_body_util::BodyExt::collect(response.into_body()).await;
    assert!(
        read.is_err(),
        "the body ends in an error, not a corrupt file"
    );
}

/// Sends `bodies` to `path` all at once, each as its own request with the same cookies.
async fn at_once(app: &mut TestApp, path: &str, bodies: Vec<String>) -> Vec<StatusCode> {
    let cookie = app.cookie_header();
    let attempts: Vec<_> = bodies
        .into_iter()
        .map(|body| {
            let router = app.router.clone();
            let request = Request::builder()
                .method(Method::POST)
                .uri(path)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::COOKIE, &cookie)
                .body(Body::from(body))
                .unwrap();
            tokio::spawn(async move { router.oneshot(request).await.unwrap().status() })
        })
        .collect();
    let mut statuses = Vec::new();
    for attempt in attempts {
        statuses.push(attempt.await.unwrap());
    }
    statuses
}

fn count(statuses: &[StatusCode], status: StatusCode) -> usize {
    statuses.iter().filter(|s| **s == status).count()
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn sixteen_wrong_answers_at_once_are_not_all_compared(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let id = ready_by_link(&mut app).await;
    release_with(&mut app, id, &[]).await;
    let path = download_path(&app).await;
    let file = file_id(&app).await;
    let token = app.get(&path).await.csrf_token();
    let wrong = format!("csrf_token={token}&dob_month=12&dob_day=3&dob_year=1970&file={file}");
    let statuses = at_once(&mut app, &path, vec![wrong; 16]).await;
    assert_eq!(
        count(&statuses, StatusCode::UNPROCESSABLE_ENTITY),
        5,
        "{statuses:?}"
    );
    assert_eq!(
        count(&statuses, StatusCode::TOO_MANY_REQUESTS),
        11,
        "{statuses:?}"
    );
    assert_eq!(
        app.count("download_events where event = 'wrong_answer'")
            .await,
        5
    );

    // The right answer right after the burst waits for the rest like any other.
    let right = format!("csrf_token={token}&dob_month=11&dob_day=3&dob_year=1970&file={file}");
    let after = at_once(&mut app, &path, vec![right]).await;
    assert_eq!(after, [StatusCode::TOO_MANY_REQUESTS]);
    assert_eq!(
        app.count("download_events where event = 'downloaded'")
            .await,
        0
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_burst_with_the_right_answer_in_it_compares_no_more_than_five_wrong_ones_first(
    db: PgPool,
) {
    let mut app = TestApp::spawn_with(db, |c| c.download_limit = 1).await;
    let id = ready_by_link(&mut app).await;
    release_with(&mut app, id, &[]).await;
    let path = download_path(&app).await;
    let file = file_id(&app).await;
    let token = app.get(&path).await.csrf_token();
    let wrong = format!("csrf_token={token}&dob_month=12&dob_day=3&dob_year=1970&file={file}");
    let right = format!("csrf_token={token}&dob_month=11&dob_day=3&dob_year=1970&file={file}");
    let mut bodies = vec![wrong; 15];
    bodies.insert(7, right);
    let statuses = at_once(&mut app, &path, bodies).await;
    // Answers are decided one at a time: before the right one is reached at most five
    // wrong ones are compared, and after it at most five more.
    let downloaded = count(&statuses, StatusCode::OK);
    let compared_wrong = count(&statuses, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(downloaded <= 1, "{statuses:?}");
    assert!(compared_wrong <= 5 * (1 + downloaded), "{statuses:?}");
    assert_eq!(
        compared_wrong
            + downloaded
            + count(&statuses, StatusCode::TOO_MANY_REQUESTS)
            + count(&statuses, StatusCode::GONE),
        16,
        "{statuses:?}"
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn rests_grow_longer_and_the_fourth_suspends_the_link_until_staff_send_a_new_one(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let id = ready_by_link(&mut app).await;
    release_with(&mut app, id, &[]).await;
    let path = download_path(&app).await;
    let file = file_id(&app).await;
    let wrong_dob = [("dob_month", "12"), ("dob_day", "3"), ("dob_year", "1970")];
    let mut retry_after = Vec::new();
    for _ in 0..4 {
        for _ in 0..5 {
            let wrong = answer(&mut app, &path, &wrong_dob, Some(file)).await;
            assert_ne!(wrong.status, StatusCode::OK);
        }
        let resting = answer(&mut app, &path, &CASEY_DOB, Some(file)).await;
        retry_after.push(
            resting
                .headers
                .get(header::RETRY_AFTER)
                .map(|v| v.to_str().unwrap().to_owned()),
        );
        if resting.status == StatusCode::GONE {
            assert!(resting.body.contains("This link is suspended"));
            break;
        }
        assert_eq!(resting.status, StatusCode::TOO_MANY_REQUESTS);
        let seconds: i64 = retry_after
            .last()
            .unwrap()
            .as_deref()
            .unwrap()
            .parse()
            .unwrap();
        app.clock.advance(time::Duration::seconds(seconds + 1));
    }
    assert_eq!(
        retry_after,
        [
            Some("900".to_owned()),
            Some("1800".to_owned()),
            Some("3600".to_owned()),
            None
        ]
    );
    app.clock.advance(time::Duration::days(1));
    let later = answer(&mut app, &path, &CASEY_DOB, Some(file)).await;
    assert_eq!(
        later.status,
        StatusCode::GONE,
        "a day later, still suspended"
    );
    // The clerk's session ran out while the link rested.
    app.sign_in("clerk@practice.test", crate::helpers::STAFF_PASSWORD)
        .await
        .assert_redirect_to("/staff/queue");
    let staff_page = app.get(&format!("/staff/requests/{id}")).await;
    assert!(staff_page.body.contains("suspended (wrong dates of birth)"));
    app.post_staff(&format!("/staff/requests/{id}/links"), &[])
        .await
        .assert_redirect_to(&format!("/staff/requests/{id}#release"));
    let new_path = download_path(&app).await;
    assert_ne!(new_path, path);
    assert_eq!(
        answer(&mut app, &new_path, &CASEY_DOB, Some(file))
            .await
            .status,
        StatusCode::OK
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_revoked_authorization_stops_links_already_sent_and_a_new_release(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let id = ready_by_link(&mut app).await;
    release_with(&mut app, id, &[]).await;
    let path = download_path(&app).await;
    let file = file_id(&app).await;
    app.post_staff(
        &format!("/staff/requests/{id}/authorization/revoke"),
        &[("note", "Patient's letter of 11/22")],
    )
    .await
    .assert_redirect_to(&format!("/staff/requests/{id}"));
    let refused = answer(&mut app, &path, &CASEY_DOB, Some(file)).await;
    assert_eq!(refused.status, StatusCode::GONE);
    assert_eq!(
        app.count("download_events where event = 'downloaded'")
            .await,
        0
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn an_expired_authorization_blocks_the_release(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let id = ready_by_link(&mut app).await;
    sqlx::query("update authorizations set expires_on = date '2026-11-01'")
        .execute(&app.db)
        .await
        .unwrap();
    let refused = release_with(&mut app, id, &[]).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.body.contains("it has expired"));
    assert_eq!(app.status_of(id).await, "ready_to_release");
    assert_eq!(app.count("disclosures").await, 0);
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_doctors_office_with_only_a_fax_number_is_faxed_never_the_requesters_email(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    app.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    let to_office = with(
        &with(&provider_form(), "delivery", Some("provider")),
        "provider_name",
        Some("Valley Physical Therapy"),
    );
    let id = priced(&mut app, &to_office, "12").await;
    let page = app.get(&format!("/staff/requests/{id}")).await;
    assert!(page.body.contains("Record the fax and release"));
    assert!(!page.body.contains("Release and email a secure link"));
    release_with(
        &mut app,
        id,
        &[("destination", "(860) 555-0177"), ("sent_at", "")],
    )
    .await
    .assert_redirect_to(&format!("/staff/requests/{id}"));
    assert_eq!(app.count("download_links").await, 0, "no link to anyone");
    assert_eq!(
        app.count("email_outbox where kind = 'records_ready'").await,
        0
    );
    let destination: Option<String> =
        sqlx::query_scalar("select destination from disclosures where request_id = $1")
            .bind(id)
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(destination.as_deref(), Some("(860) 555-0177"));
    assert_eq!(app.status_of(id).await, "completed");
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_clerk_opens_and_removes_a_wrong_file_before_release_and_not_after(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let id = ready_by_link(&mut app).await;
    upload(&mut app, id, "someone-elses.pdf", pdf_bytes())
        .await
        .assert_redirect_to(&format!("/staff/requests/{id}#release"));
    let wrong: uuid::Uuid =
        sqlx::query_scalar("select id from release_files where display_name = 'someone-elses.pdf'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    let opened = app
        .get(&format!("/staff/requests/{id}/files/{wrong}"))
        .await;
    assert_eq!(opened.status, StatusCode::OK);
    assert!(opened.body.starts_with("%PDF-"));
    app.post_staff(
        &format!("/staff/requests/{id}/files/remove"),
        &[("file", &wrong.to_string())],
    )
    .await
    .assert_redirect_to(&format!("/staff/requests/{id}#release"));
    let page = app.get(&format!("/staff/requests/{id}")).await;
    assert!(!page.body.contains("someone-elses.pdf"));
    assert_eq!(
        app.count("audit_log where action in ('release.file_viewed', 'release.file_removed')")
            .await,
        2
    );
    assert_eq!(
        app.get(&format!("/staff/requests/{id}/files/{wrong}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    release_with(&mut app, id, &[]).await;
    let released: uuid::Uuid =
        sqlx::query_scalar("select id from release_files where removed_at is null")
            .fetch_one(&app.db)
            .await
            .unwrap();
    let late = app
        .post_staff(
            &format!("/staff/requests/{id}/files/remove"),
            &[("file", &released.to_string())],
        )
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert_eq!(app.count("release_files where removed_at is null").await, 1);
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn release_first_shows_what_goes_to_whom_and_sends_nothing(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let id = ready_by_link(&mut app).await;
    let look = app
        .post_staff(&format!("/staff/requests/{id}/release"), &[])
        .await;
    assert_eq!(look.status, StatusCode::OK);
    for text in [
        "Nothing has been sent yet",
        "Secure email link",
        "records@law.example.com",
        "records.pdf",
        "name=\"confirmed\" value=\"yes\"",
    ] {
        assert!(look.body.contains(text), "the confirmation shows {text}");
    }
    assert_eq!(app.status_of(id).await, "ready_to_release");
    assert_eq!(app.count("download_links").await, 0);
    assert_eq!(app.count("disclosures").await, 0);
    release_with(&mut app, id, &[])
        .await
        .assert_redirect_to(&format!("/staff/requests/{id}"));
    assert_eq!(app.status_of(id).await, "released");
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_right_answer_tells_the_page_the_download_started_and_a_wrong_one_does_not(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let id = ready_by_link(&mut app).await;
    release_with(&mut app, id, &[]).await;
    let path = download_path(&app).await;
    let file = file_id(&app).await;
    let wrong = answer(
        &mut app,
        &path,
        &[("dob_month", "12"), ("dob_day", "3"), ("dob_year", "1970")],
        Some(file),
    )
    .await;
    assert!(
        !wrong
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .any(|c| c.to_str().unwrap().starts_with("rp_download="))
    );
    let right = answer(&mut app, &path, &CASEY_DOB, Some(file)).await;
    assert_eq!(right.status, StatusCode::OK);
    assert!(
        right
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .any(|c| c.to_str().unwrap().starts_with("rp_download=done"))
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_release_goes_ahead_only_with_the_files_the_clerk_saw(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let id = ready_by_link(&mut app).await;
    let seen: String = sqlx::query_scalar("select id::text from release_files")
        .fetch_one(&app.db)
        .await
        .unwrap();
    // Someone adds a file after the clerk's last look.
    upload(&mut app, id, "added-later.pdf", pdf_bytes()).await;
    let stale = app
        .post_staff(
            &format!("/staff/requests/{id}/release"),
            &[("confirmed", "yes"), ("release_file", &seen)],
        )
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(stale.body.contains("changed since you looked"));
    assert_eq!(app.status_of(id).await, "ready_to_release");
    assert_eq!(app.count("disclosures").await, 0);
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn no_new_link_under_a_revoked_authorization(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let id = ready_by_link(&mut app).await;
    release_with(&mut app, id, &[]).await;
    app.post_staff(
        &format!("/staff/requests/{id}/authorization/revoke"),
        &[("note", "Patient's letter of 11/22")],
    )
    .await;
    let refused = app
        .post_staff(&format!("/staff/requests/{id}/links"), &[])
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused.body.contains("it was revoked"));
    assert_eq!(app.count("download_links").await, 1);
}
