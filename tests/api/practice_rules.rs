//! SPEC 1, 4, 5: admins keep fee-schedule versions (each request keeps the version it was
//! filed under, and its invoice uses it) and the practice's closed days (service targets
//! skip them), at `/staff/admin`, each change audited; the shipped files stay the defaults.

use axum::http::StatusCode;
use records_portal::intake::sample::{patient_form, with};
use records_portal::staff::accounts::Role;
use sqlx::PgPool;

use crate::helpers::TestApp;

const NEW_PRICES: &[(&str, &str)] = &[
    ("version", "ct-2026-12"),
    ("effective_on", "2026-11-23"),
    ("per_page", "0.60"),
    ("patient_cap", "8.00"),
    ("secure_link", "15"),
    ("cd", "25.00"),
];

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_request_is_invoiced_under_the_schedule_it_was_filed_under(db: PgPool) {
    let mut admin = TestApp::spawn(db).await;
    admin.sign_in_as(Role::Admin, "admin@practice.test").await;
    admin
        .post_staff("/staff/admin/fees", NEW_PRICES)
        .await
        .assert_redirect_to("/staff/admin/fees");
    let page = admin.get("/staff/admin/fees").await;
    assert!(page.body.contains("ct-2026-12"));
    assert!(page.body.contains("Scheduled"));
    assert!(page.body.contains("Shipped default"));

    // Filed the day before the new version takes effect, counted the day after.
    let documents = with(&patient_form(), "record_kinds", Some("visit_notes"));
    let mut clerk = TestApp::spawn(admin.db.clone()).await;
    let before = clerk.file(&documents).await;
    clerk.clock.advance(time::Duration::days(1));
    let after = clerk.file(&documents).await;
    clerk.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    for id in [before, after] {
        let base = format!("/staff/requests/{id}");
        clerk
            .post_staff(&format!("{base}/verify"), &[])
            .await
            .assert_redirect_to(&base);
        clerk
            .post_staff(&format!("{base}/pages"), &[("page_count", "4")])
            .await
            .assert_redirect_to(&base);
    }
    assert_eq!(clerk.fee_due_of(before).await, Some(260), "4 x $0.65");
    assert_eq!(clerk.fee_due_of(after).await, Some(240), "4 x $0.60");
    let versions: Vec<String> =
        sqlx::query_scalar("select fee_schedule_version from requests order by created_at")
            .fetch_all(&clerk.db)
            .await
            .unwrap();
    assert_eq!(versions, ["ct-2026-01", "ct-2026-12"]);
    let added: i64 = clerk
        .one("select count(*) from audit_log where action = 'fee_schedule.added'")
        .await;
    assert_eq!(added, 1);
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn versions_are_added_forward_and_never_changed(db: PgPool) {
    let mut admin = TestApp::spawn(db).await;
    admin.sign_in_as(Role::Admin, "admin@practice.test").await;
    let mut past = NEW_PRICES.to_vec();
    past[1] = ("effective_on", "2026-11-01");
    past[2] = ("per_page", "sixty cents");
    let refused = admin.post_staff("/staff/admin/fees", &past).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("takes effect today or later"));
    assert!(refused.body.contains("Enter an amount in dollars"));
    assert!(
        refused.body.contains("value=\"sixty cents\""),
        "what was typed is kept"
    );

    let mut above_the_law = NEW_PRICES.to_vec();
    above_the_law[2] = ("per_page", "0.70");
    let refused = admin.post_staff("/staff/admin/fees", &above_the_law).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("allows at most $0.65 a page"));

    let mut taken = NEW_PRICES.to_vec();
    taken[0] = ("version", "ct-2026-01");
    let refused = admin.post_staff("/staff/admin/fees", &taken).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("versions are never changed"));

    // A scheduled version nobody was priced under can be withdrawn; the one in effect cannot.
    admin.post_staff("/staff/admin/fees", NEW_PRICES).await;
    let refused = admin
        .post_staff("/staff/admin/fees/ct-2026-01/withdraw", &[])
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    admin
        .post_staff("/staff/admin/fees/ct-2026-12/withdraw", &[])
        .await
        .assert_redirect_to("/staff/admin/fees");
    assert_eq!(admin.count("fee_schedules").await, 1);
    let withdrawn: i64 = admin
        .one("select count(*) from audit_log where action = 'fee_schedule.withdrawn'")
        .await;
    assert_eq!(withdrawn, 1);
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_closed_day_moves_the_service_target(db: PgPool) {
    let mut admin = TestApp::spawn(db).await;
    admin.sign_in_as(Role::Admin, "admin@practice.test").await;
    // Filed Sunday 22 November by mail: 5 business days, Thanksgiving skipped -> Mon 30.
    let first = admin.file(&patient_form()).await;
    admin
        .post_staff(
            "/staff/admin/calendar",
            &[
                ("day", "2026-11-27"),
                ("kind", "closed"),
                ("reason", "Day after Thanksgiving"),
            ],
        )
        .await
        .assert_redirect_to("/staff/admin/calendar");
    let second = admin.file(&patient_form()).await;
    let due = |id: uuid::Uuid| {
        let db = admin.db.clone();
        async move {
            sqlx::query_scalar::<_, time::Date>("select service_due_on from requests where id = $1")
                .bind(id)
                .fetch_one(&db)
                .await
                .unwrap()
                .to_string()
        }
    };
    assert_eq!(due(first).await, "2026-11-30");
    assert_eq!(due(second).await, "2026-12-01");
    let page = admin.get("/staff/admin/calendar").await;
    assert!(page.body.contains("Day after Thanksgiving"));
    assert!(page.body.contains("Thanksgiving Day"), "{}", page.body);

    let refused = admin
        .post_staff(
            "/staff/admin/calendar",
            &[
                ("day", "2026-11-27"),
                ("kind", "closed"),
                ("reason", "Again"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    admin
        .post_staff("/staff/admin/calendar/2026-11-27/remove", &[])
        .await
        .assert_redirect_to("/staff/admin/calendar");
    let audited: i64 = admin
        .one("select count(*) from audit_log where action like 'practice_day.%'")
        .await;
    assert_eq!(audited, 2);
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn only_admins_keep_the_fee_schedule_and_the_calendar(db: PgPool) {
    let mut clerk = TestApp::spawn(db).await;
    clerk.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    for path in ["/staff/admin/fees", "/staff/admin/calendar"] {
        assert_eq!(
            clerk.get(path).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let refused = clerk.post_staff("/staff/admin/fees", NEW_PRICES).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let refused = clerk
        .post_staff(
            "/staff/admin/calendar",
            &[("day", "2026-12-24"), ("kind", "closed"), ("reason", "x")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(clerk.count("fee_schedules").await, 1);
    assert_eq!(clerk.count("practice_days").await, 0);
}
