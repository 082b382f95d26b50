//! Staff sign in at AAL2: a password and a code from an authenticator app (or a single-use
//! recovery code); every refusal has its test: a wrong code, a code used twice, a recovery
//! code used twice, a locked account, a second factor reset by an admin or the CLI.

use axum::http::StatusCode;
use records_portal::staff::accounts::Role;
use sqlx::PgPool;

use crate::helpers::{STAFF_PASSWORD, TOTP_SECRET, TestApp, create_staff, totp_code};

const CLERK: &str = "clerk@practice.test";

async fn password_only(app: &mut TestApp, email: &str) -> crate::helpers::TestResponse {
    let token = app.csrf_token().await;
    let form = records_portal::forms::FormValues::new(vec![
        ("csrf_token".into(), token),
        ("email".into(), email.into()),
        ("password".into(), STAFF_PASSWORD.into()),
    ]);
    app.post_form("/staff/login", &form).await
}

const NEW_PASSWORD: &str = "marigold tugboat quarry seventeen";

/// The account page's password change, to [`NEW_PASSWORD`].
async fn change_password(
    app: &mut TestApp,
    current: &str,
    code: &str,
) -> crate::helpers::TestResponse {
    let fields = [
        ("current_password", current),
        ("password", NEW_PASSWORD),
        ("code", code),
    ];
    app.post_staff("/staff/account/password", &fields).await
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_password_alone_does_not_sign_in(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    create_staff(&app.db, Role::Clerk, CLERK).await;
    password_only(&mut app, CLERK)
        .await
        .assert_redirect_to("/staff/login/code");
    app.get("/staff/queue")
        .await
        .assert_redirect_to("/staff/login");
    let page = app.get("/staff/login/code").await;
    assert!(page.body.contains("Your sign-in code"));
    // Without a password first there is no code page.
    let mut stranger = TestApp::spawn(app.db.clone()).await;
    stranger
        .get("/staff/login/code")
        .await
        .assert_redirect_to("/staff/login");
    let tried = stranger
        .post_staff(
            "/staff/login/code",
            &[("code", &totp_code(crate::helpers::NOW))],
        )
        .await;
    tried.assert_redirect_to("/staff/login");
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_wrong_code_is_refused_and_counted(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    create_staff(&app.db, Role::Clerk, CLERK).await;
    password_only(&mut app, CLERK).await;
    let wrong = app
        .post_staff("/staff/login/code", &[("code", "000000")])
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("That code is not right"));
    app.get("/staff/queue")
        .await
        .assert_redirect_to("/staff/login");
    assert_eq!(
        app.one::<i64>("select failed_sign_ins::bigint from staff")
            .await,
        1
    );
    let audited = app
        .one::<i64>("select count(*) from audit_log where action = 'staff.sign_in_failed'")
        .await;
    assert_eq!(audited, 1);
    // The right code then signs in and the count starts again.
    let code = app.fresh_code(CLERK).await;
    app.post_staff("/staff/login/code", &[("code", &code)])
        .await
        .assert_redirect_to("/staff/queue");
    assert_eq!(
        app.one::<i64>("select failed_sign_ins::bigint from staff")
            .await,
        0
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_code_is_accepted_once(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    create_staff(&app.db, Role::Clerk, CLERK).await;
    password_only(&mut app, CLERK).await;
    let code = totp_code(crate::helpers::NOW);
    app.post_staff("/staff/login/code", &[("code", &code)])
        .await
        .assert_redirect_to("/staff/queue");
    // Someone who saw the code over a shoulder, a moment later in the same 30 seconds.
    let mut other = TestApp::spawn(app.db.clone()).await;
    password_only(&mut other, CLERK).await;
    let reused = other
        .post_staff("/staff/login/code", &[("code", &code)])
        .await;
    assert_eq!(reused.status, StatusCode::UNPROCESSABLE_ENTITY);
    other
        .get("/staff/queue")
        .await
        .assert_redirect_to("/staff/login");
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_recovery_code_works_once(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let id = create_staff(&app.db, Role::Clerk, CLERK).await;
    let mut conn = app.db.acquire().await.unwrap();
    let owner = records_portal::accounts::factors::Owner::Staff(id);
    let codes = records_portal::accounts::factors::replace_recovery_codes(
        &mut conn,
        owner,
        crate::helpers::NOW,
    )
    .await
    .unwrap();
    drop(conn);
    password_only(&mut app, CLERK).await;
    let typed = codes[3].to_lowercase();
    app.post_staff("/staff/login/code", &[("code", &typed)])
        .await
        .assert_redirect_to("/staff/queue");
    let mut again = TestApp::spawn(app.db.clone()).await;
    password_only(&mut again, CLERK).await;
    let refused = again
        .post_staff("/staff/login/code", &[("code", &codes[3])])
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let left = app
        .one::<i64>("select count(*) from recovery_codes where used_at is null")
        .await;
    assert_eq!(left, 9);
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_hundred_failures_lock_the_account_until_an_admin_unlocks_it(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let clerk = create_staff(&app.db, Role::Clerk, CLERK).await;
    sqlx::query("update staff set failed_sign_ins = 99")
        .execute(&app.db)
        .await
        .unwrap();
    password_only(&mut app, CLERK).await;
    let hundredth = app
        .post_staff("/staff/login/code", &[("code", "000000")])
        .await;
    assert_eq!(hundredth.status, StatusCode::UNPROCESSABLE_ENTITY);
    let locked = app
        .one::<i64>("select count(*) from audit_log where action = 'staff.locked'")
        .await;
    assert_eq!(locked, 1);
    // Now even the right password and code do not sign in.
    let mut later = TestApp::spawn(app.db.clone()).await;
    let refused = later.sign_in(CLERK, STAFF_PASSWORD).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);

    let mut admin = TestApp::spawn(app.db.clone()).await;
    admin.sign_in_as(Role::Admin, "admin@practice.test").await;
    let page = admin.get("/staff/admin").await;
    assert!(
        page.body
            .contains("<strong>Locked</strong> after 100 failed sign-ins"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Authenticator app"));
    admin
        .post_staff(&format!("/staff/admin/staff/{clerk}/unlock"), &[])
        .await
        .assert_redirect_to("/staff/admin");
    later
        .sign_in(CLERK, STAFF_PASSWORD)
        .await
        .assert_redirect_to("/staff/queue");
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_secret_is_stored_sealed_and_a_reset_ends_sessions_and_asks_to_enrol_again(db: PgPool) {
    let mut clerk = TestApp::spawn(db).await;
    let id = clerk.sign_in_as(Role::Clerk, CLERK).await;
    let sealed: Vec<u8> =
        sqlx::query_scalar("select secret from totp_authenticators where staff_id = $1")
            .bind(id)
            .fetch_one(&clerk.db)
            .await
            .unwrap();
    assert!(
        !sealed.windows(TOTP_SECRET.len()).any(|w| w == TOTP_SECRET),
        "never in plain text"
    );
    let mut admin = TestApp::spawn(clerk.db.clone()).await;
    admin.sign_in_as(Role::Admin, "admin@practice.test").await;
    admin
        .post_staff(&format!("/staff/admin/staff/{id}/reset-factor"), &[])
        .await
        .assert_redirect_to("/staff/admin");
    clerk
        .get("/staff/queue")
        .await
        .assert_redirect_to("/staff/login");
    clerk
        .sign_in(CLERK, STAFF_PASSWORD)
        .await
        .assert_redirect_to("/staff/login/enrol");
    // Another clerk, signed in, cannot reset anyone.
    let mut other = TestApp::spawn(clerk.db.clone()).await;
    other.sign_in_as(Role::Clerk, "other@practice.test").await;
    let refused = other
        .post_staff(&format!("/staff/admin/staff/{id}/reset-factor"), &[])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_cli_resets_the_first_admins_second_factor(db: PgPool) {
    let app = TestApp::spawn(db).await;
    create_staff(&app.db, Role::Admin, "first@practice.test").await;
    sqlx::query("update staff set locked_at = now(), failed_sign_ins = 100")
        .execute(&app.db)
        .await
        .unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_records-portal"))
        .args(["reset-staff-mfa", "--email", "first@practice.test"])
        .env("DATABASE_URL", crate::two_instances::database_url(&app.db))
        .env("RUST_LOG", "warn")
        .status()
        .unwrap();
    assert!(status.success());
    let (confirmed, locked): (Option<time::OffsetDateTime>, Option<time::OffsetDateTime>) =
        sqlx::query_as("select t.confirmed_at, s.locked_at from staff s left join totp_authenticators t on t.staff_id = s.id")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert!(confirmed.is_none() && locked.is_none());
}

/// Twenty minutes after the code, still active (a page every ten minutes).
async fn twenty_minutes_on(app: &mut TestApp) {
    for _ in 0..2 {
        app.clock.advance(time::Duration::minutes(10));
        assert_eq!(app.get("/staff/queue").await.status, StatusCode::OK);
    }
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn waiving_a_fee_asks_for_the_code_again_after_fifteen_minutes(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    app.sign_in_as(Role::Clerk, CLERK).await;
    let id = crate::billing::priced(
        &mut app,
        &records_portal::intake::sample::patient_form(),
        "12",
    )
    .await;
    twenty_minutes_on(&mut app).await;
    let waiver = [
        ("kind", "waiver"),
        ("amount", "31.50"),
        ("reason", "Hardship, approved by the office manager"),
    ];
    let path = format!("/staff/requests/{id}/payments");
    let asked = app.post_staff(&path, &waiver).await;
    assert_eq!(asked.status, StatusCode::FORBIDDEN);
    assert!(asked.body.contains("Confirm it is you"));
    assert!(
        asked
            .body
            .contains("value=\"Hardship, approved by the office manager\""),
        "the form is carried"
    );
    assert_eq!(
        app.status_of(id).await,
        "awaiting_payment",
        "nothing recorded yet"
    );
    let wrong = app
        .post_staff(
            &path,
            &[waiver.as_slice(), &[("step_up_code", "000000")]].concat(),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    let code = app.fresh_code(CLERK).await;
    app.post_staff(
        &path,
        &[waiver.as_slice(), &[("step_up_code", code.as_str())]].concat(),
    )
    .await
    .assert_redirect_to(&format!("/staff/requests/{id}"));
    assert_eq!(app.status_of(id).await, "ready_to_release");
    // Fresh again: the next sensitive action within 15 minutes goes straight through.
    let stepped = app
        .one::<i64>("select count(*) from audit_log where action = 'staff.stepped_up'")
        .await;
    assert_eq!(stepped, 1);
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn releasing_sensitive_records_and_changing_accounts_ask_for_it_too(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let hiv = records_portal::intake::sample::with(
        &records_portal::intake::sample::with(
            &records_portal::intake::sample::patient_form(),
            "include_hiv",
            Some("yes"),
        ),
        "consent_hiv",
        Some("yes"),
    );
    let hiv = records_portal::intake::sample::with(&hiv, "record_kinds", Some("lab_reports"));
    let id = app.file(&hiv).await;
    let mut reviewer = TestApp::spawn(app.db.clone()).await;
    reviewer
        .sign_in_as(Role::Reviewer, "reviewer@practice.test")
        .await;
    let base = format!("/staff/requests/{id}");
    reviewer
        .post_staff(&format!("{base}/verify"), &[])
        .await
        .assert_redirect_to(&base);
    reviewer
        .post_staff(&format!("{base}/approve"), &[])
        .await
        .assert_redirect_to(&base);
    reviewer
        .post_staff(&format!("{base}/pages"), &[("page_count", "3")])
        .await
        .assert_redirect_to(&base);
    reviewer
        .post_staff(
            &format!("{base}/payments"),
            &[("kind", "payment"), ("amount", "1.95"), ("method", "card")],
        )
        .await
        .assert_redirect_to(&base);
    assert_eq!(reviewer.status_of(id).await, "ready_to_release");
    twenty_minutes_on(&mut reviewer).await;
    let mailing = [
        ("mailed_on", "2026-11-22"),
        ("tracking_number", "9400 1000 0000 0000 0000 00"),
    ];
    let asked = crate::release::release_with(&mut reviewer, id, &mailing).await;
    assert_eq!(asked.status, StatusCode::FORBIDDEN, "{}", asked.body);
    assert_eq!(reviewer.status_of(id).await, "ready_to_release");
    let code = reviewer.fresh_code("reviewer@practice.test").await;
    let with_code = [mailing.as_slice(), &[("step_up_code", code.as_str())]].concat();
    crate::release::release_with(&mut reviewer, id, &with_code)
        .await
        .assert_redirect_to(&base);
    assert_ne!(reviewer.status_of(id).await, "ready_to_release");

    let mut admin = TestApp::spawn(app.db.clone()).await;
    admin.sign_in_as(Role::Admin, "admin@practice.test").await;
    let clerk = create_staff(&admin.db, Role::Clerk, CLERK).await;
    twenty_minutes_on(&mut admin).await;
    let disable = format!("/staff/admin/staff/{clerk}/disable");
    assert_eq!(
        admin.post_staff(&disable, &[]).await.status,
        StatusCode::FORBIDDEN
    );
    let code = admin.fresh_code("admin@practice.test").await;
    admin
        .post_staff(&disable, &[("step_up_code", &code)])
        .await
        .assert_redirect_to("/staff/admin");
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_staff_member_changes_their_password_with_the_current_one_and_a_code(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    app.sign_in_as(Role::Clerk, CLERK).await;
    let mut elsewhere = TestApp::spawn(app.db.clone()).await;
    elsewhere
        .sign_in(CLERK, STAFF_PASSWORD)
        .await
        .assert_redirect_to("/staff/queue");
    let new = NEW_PASSWORD;
    let wrong = change_password(&mut app, "not it at all", "000000").await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("Your current password is not right"));
    let no_code = change_password(&mut app, STAFF_PASSWORD, "000000").await;
    assert_eq!(no_code.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_code.body.contains("That code is not right"));
    let code = app.fresh_code(CLERK).await;
    let done = change_password(&mut app, STAFF_PASSWORD, &code).await;
    assert_eq!(done.status, StatusCode::OK);
    assert!(done.body.contains("Done: your password is changed"));
    assert_eq!(
        app.get("/staff/queue").await.status,
        StatusCode::OK,
        "this session carries on"
    );
    elsewhere
        .get("/staff/queue")
        .await
        .assert_redirect_to("/staff/login");
    let told = app
        .one::<i64>("select count(*) from email_outbox where kind = 'staff_password_changed'")
        .await;
    assert_eq!(told, 1);
    let mut later = TestApp::spawn(app.db.clone()).await;
    assert_eq!(
        later.sign_in(CLERK, STAFF_PASSWORD).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    later
        .sign_in(CLERK, new)
        .await
        .assert_redirect_to("/staff/queue");
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn an_admin_emails_a_single_use_reset_link(db: PgPool) {
    let mut admin = TestApp::spawn(db).await;
    admin.sign_in_as(Role::Admin, "admin@practice.test").await;
    let clerk = create_staff(&admin.db, Role::Clerk, CLERK).await;
    admin
        .post_staff(&format!("/staff/admin/staff/{clerk}/reset-link"), &[])
        .await
        .assert_redirect_to("/staff/admin");
    let body: String = sqlx::query_scalar(
        "select text_body from email_outbox where kind = 'staff_password_reset'",
    )
    .fetch_one(&admin.db)
    .await
    .unwrap();
    let start = body.find("/staff/reset/").unwrap();
    let path: String = body[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || "/-_".contains(*c))
        .collect();
    let mut clerk_app = TestApp::spawn(admin.db.clone()).await;
    assert_eq!(clerk_app.get(&path).await.status, StatusCode::OK);
    let new = NEW_PASSWORD;
    let weak = clerk_app
        .post_staff(&path, &[("password", "password1234")])
        .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    clerk_app
        .post_staff(&path, &[("password", new)])
        .await
        .assert_redirect_to("/staff/login");
    let again = clerk_app.post_staff(&path, &[("password", new)]).await;
    assert_eq!(again.status, StatusCode::GONE, "used once");
    assert_eq!(
        clerk_app.get("/staff/reset/made-up").await.status,
        StatusCode::GONE
    );
    clerk_app
        .sign_in(CLERK, new)
        .await
        .assert_redirect_to("/staff/queue");
    // A clerk cannot send anyone a reset link.
    let refused = clerk_app
        .post_staff(&format!("/staff/admin/staff/{clerk}/reset-link"), &[])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let told = admin
        .one::<i64>("select count(*) from email_outbox where kind = 'staff_password_changed'")
        .await;
    assert_eq!(told, 1);
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn codes_are_throttled_everywhere_and_a_lock_ends_sessions(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let id = app.sign_in_as(Role::Clerk, CLERK).await;
    twenty_minutes_on(&mut app).await;
    // Step-up answers share the sign-in's budget of ten codes in fifteen minutes.
    let mut statuses = Vec::new();
    for _ in 0..10 {
        let wrong = change_password(&mut app, STAFF_PASSWORD, "000000").await;
        statuses.push(wrong.status);
    }
    assert!(
        statuses
            .iter()
            .all(|s| *s == StatusCode::UNPROCESSABLE_ENTITY),
        "{statuses:?}"
    );
    let throttled = change_password(&mut app, STAFF_PASSWORD, "000000").await;
    assert_eq!(throttled.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        app.one::<i64>("select failed_sign_ins::bigint from staff")
            .await,
        10,
        "each counted"
    );
    // The hundredth failure locks the account and ends its sessions.
    sqlx::query("update staff set failed_sign_ins = 99")
        .execute(&app.db)
        .await
        .unwrap();
    let clerk = records_portal::staff::accounts::find(&app.db, id)
        .await
        .unwrap()
        .unwrap();
    let locked =
        records_portal::staff::lockout::count_failure(&app.db, clerk.id, crate::helpers::NOW)
            .await
            .unwrap();
    assert!(locked);
    app.get("/staff/queue")
        .await
        .assert_redirect_to("/staff/login");
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_reset_factor_takes_the_passkeys_and_a_new_password_retires_old_links(db: PgPool) {
    let mut admin = TestApp::spawn(db).await;
    admin.sign_in_as(Role::Admin, "admin@practice.test").await;
    let clerk = create_staff(&admin.db, Role::Clerk, CLERK).await;
    sqlx::query("insert into passkeys (id, staff_id, credential_id, passkey, name, created_at) values (gen_random_uuid(), $1, '\\x01', '{}', 'Phone', now())")
        .bind(clerk)
        .execute(&admin.db)
        .await
        .unwrap();
    admin
        .post_staff(&format!("/staff/admin/staff/{clerk}/reset-link"), &[])
        .await
        .assert_redirect_to("/staff/admin");
    admin
        .post_staff(&format!("/staff/admin/staff/{clerk}/reset-factor"), &[])
        .await
        .assert_redirect_to("/staff/admin");
    assert_eq!(admin.one::<i64>("select count(*) from passkeys").await, 0);
    let told = admin
        .one::<i64>("select count(*) from email_outbox where kind = 'staff_factor_reset'")
        .await;
    assert_eq!(told, 1);
    // The clerk enrols again, then changes the password on the account page: the reset
    // link sent earlier stops working.
    assert_eq!(
        admin
            .one::<i64>("select count(*) from staff_password_resets where used_at is null")
            .await,
        1
    );
    let mut clerk_app = TestApp::spawn(admin.db.clone()).await;
    clerk_app
        .sign_in(CLERK, STAFF_PASSWORD)
        .await
        .assert_redirect_to("/staff/login/enrol");
    let enrol = clerk_app.get("/staff/login/enrol").await;
    let secret = crate::helpers::secret_on_page(&enrol.body);
    let step = crate::helpers::NOW.unix_timestamp() / 30;
    let code = |s| format!("{:06}", records_portal::accounts::totp::code_at(&secret, s));
    clerk_app
        .post_staff("/staff/login/enrol", &[("code", &code(step))])
        .await;
    let changed = change_password(&mut clerk_app, STAFF_PASSWORD, &code(step + 1)).await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    assert_eq!(
        admin
            .one::<i64>("select count(*) from staff_password_resets where used_at is null")
            .await,
        0
    );
    // An admin creating an account after fifteen minutes is asked for the code, and the new
    // password is not written into the page.
    twenty_minutes_on(&mut admin).await;
    let asked = admin
        .post_staff(
            "/staff/admin/staff",
            &[
                ("name", "Dana Example"),
                ("email", "dana@practice.test"),
                ("role", "clerk"),
                ("password", "quiet harbor lantern 1987"),
            ],
        )
        .await;
    assert_eq!(asked.status, StatusCode::FORBIDDEN);
    assert!(!asked.body.contains("quiet harbor lantern 1987"));
    assert!(asked.body.contains("dana@practice.test"));
}
