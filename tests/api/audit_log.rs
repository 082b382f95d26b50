//! The audit log: written for views and changes, append-only in the database, and a hash
//! chain that shows tampering.

use records_portal::audit::verify_chain;
use records_portal::intake::sample::patient_form;
use records_portal::staff::accounts::Role;
use sqlx::PgPool;

use crate::helpers::TestApp;

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn views_and_changes_are_audited_with_who_and_where(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let id = app.file(&patient_form()).await;
    let clerk = app.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    app.get(&format!("/staff/requests/{id}")).await;
    app.post_staff(&format!("/staff/requests/{id}/start-verifying"), &[])
        .await;
    let rows = sqlx::query!(
        "select actor_kind, actor_id, action from audit_log where request_id = $1 order by seq",
        id
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    let actions: Vec<_> = rows.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "request.submitted",
            "request.viewed",
            "request.status_changed"
        ]
    );
    assert_eq!(rows[1].actor_id, Some(clerk));
    assert_eq!(rows[0].actor_kind, "requester");
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_database_refuses_to_change_or_remove_audit_rows(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    app.file(&patient_form()).await;
    for statement in [
        "update audit_log set action = 'nothing'",
        "delete from audit_log",
        "truncate audit_log",
        "update request_status_history set note = 'x'",
    ] {
        let refused = sqlx::query(statement).execute(&app.db).await;
        assert!(refused.is_err(), "{statement} must fail");
    }
    assert_eq!(app.count("audit_log").await, 1);
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_hash_chain_verifies_and_exposes_tampering(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    for _ in 0..3 {
        app.file(&patient_form()).await;
    }
    let report = verify_chain(&app.db).await.unwrap();
    assert_eq!((report.rows, report.broken.len()), (3, 0));

    // Someone with the owner's powers edits a row behind the application's back.
    let mut conn = app.db.acquire().await.unwrap();
    for statement in [
        "grant update on audit_log to current_user",
        "alter table audit_log disable trigger audit_log_append_only",
        "update audit_log set action = 'request.nothing_to_see' where seq = 2",
    ] {
        sqlx::query(statement).execute(&mut *conn).await.unwrap();
    }
    let report = verify_chain(&app.db).await.unwrap();
    assert_eq!(report.broken, [2]);
}
