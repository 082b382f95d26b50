//! The records desk's reports: the timeliness report counts a hand-computed fixture exactly
//! (an extended request and a denied one among them), as a page and as CSV, and the
//! dashboard's 30-day share agrees with it.

use records_portal::intake::sample::{attorney_form, patient_form, provider_form, with};
use records_portal::staff::accounts::Role;
use sqlx::PgPool;
use time::{Date, Duration, OffsetDateTime};

use crate::helpers::TestApp;

/// Moves request `id` to have been received `received` days ago, with its legal deadline.
async fn received(app: &TestApp, id: uuid::Uuid, today: Date, days_ago: i64, due_after: i64) {
    let on = today - Duration::days(days_ago);
    sqlx::query(
        "update requests set received_on = $2, received_at = $3, legal_due_on = $4 where id = $1",
    )
    .bind(id)
    .bind(on)
    .bind(on.midnight().assume_utc() + Duration::hours(15))
    .bind(on + Duration::days(due_after))
    .execute(&app.db)
    .await
    .unwrap();
}

/// Records that `id` reached `status` `days_ago` days ago (and is in it now).
async fn reached(app: &TestApp, id: uuid::Uuid, status: &str, today: Date, days_ago: i64) {
    let at: OffsetDateTime =
        (today - Duration::days(days_ago)).midnight().assume_utc() + Duration::hours(16);
    sqlx::query("insert into request_status_history (request_id, to_status, actor_kind, at) values ($1, $2, 'staff', $3)")
        .bind(id)
        .bind(status)
        .bind(at)
        .execute(&app.db)
        .await
        .unwrap();
    app.set_status(id, status).await;
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_timeliness_report_counts_a_hand_computed_fixture(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let today = records_portal::domain::calendar::practice_date(crate::helpers::NOW);
    let fast = app.file(&patient_form()).await;
    let extended = app.file(&provider_form()).await;
    let denied = app.file_unsigned(&attorney_form()).await;
    let open = app
        .file(&with(
            &patient_form(),
            "patient_email",
            Some("second@example.com"),
        ))
        .await;
    let withdrawn = app
        .file(&with(
            &patient_form(),
            "patient_email",
            Some("third@example.com"),
        ))
        .await;
    // Received 60 days ago, records out in 10 days.
    received(&app, fast, today, 60, 30).await;
    reached(&app, fast, "released", today, 50).await;
    // Received 60 days ago, extended in writing, out in 40 days: late for 30, on time for 60.
    received(&app, extended, today, 60, 60).await;
    sqlx::query("update requests set deadline_extended_at = now(), extension_reason = 'Records at off-site storage' where id = $1")
        .bind(extended)
        .execute(&app.db)
        .await
        .unwrap();
    reached(&app, extended, "released", today, 20).await;
    // Received 45 days ago, denied in writing 5 days later.
    received(&app, denied, today, 45, 30).await;
    reached(&app, denied, "denied", today, 40).await;
    // Received 40 days ago, still being worked: past its deadline.
    received(&app, open, today, 40, 30).await;
    reached(&app, open, "verifying", today, 39).await;
    // Received 35 days ago, withdrawn by the requester: owed no answer.
    received(&app, withdrawn, today, 35, 30).await;
    reached(&app, withdrawn, "withdrawn", today, 34).await;

    app.sign_in_as(Role::Clerk, "clerk@practice.test").await;
    let from = today - Duration::days(90);
    let page = app
        .get(&format!("/staff/reports/timeliness?from={from}&to={today}"))
        .await;
    assert_eq!(page.status, axum::http::StatusCode::OK);
    for (label, value) in [
        ("Received", "5"),
        ("Answered", "3"),
        ("Answered within 30 days", "2 (66.7%)"),
        ("Answered by the legal deadline", "3"),
        ("Extended in writing", "1"),
        ("Denied", "1"),
        ("Withdrawn", "1"),
    ] {
        let pair = format!("<dt>{label}</dt><dd>{value}</dd>");
        assert!(page.body.contains(&pair), "missing {pair}");
    }
    assert!(
        page.body
            .contains("<dt>Still open</dt><dd>1, <strong>1 past the legal deadline</strong></dd>")
    );
    assert!(page.body.contains("Yes: Records at off-site storage"));

    let csv = app
        .get(&format!(
            "/staff/reports/timeliness.csv?from={from}&to={today}"
        ))
        .await
        .body;
    let references: Vec<(uuid::Uuid, String)> =
        sqlx::query_as("select id, reference from requests")
            .fetch_all(&app.db)
            .await
            .unwrap();
    let reference = |id: uuid::Uuid| {
        references
            .iter()
            .find(|(r, _)| *r == id)
            .map(|(_, reference)| reference.clone())
            .unwrap_or_default()
    };
    let line = |reference: String| {
        csv.lines()
            .find(|l| l.starts_with(&format!("\"{reference}\"")))
            .unwrap_or_default()
            .to_owned()
    };
    let extended_line = line(reference(extended));
    assert!(
        extended_line.contains(
            "\"Records sent\",\"40\",\"yes\",\"Records at off-site storage\",\"no\",\"yes\""
        ),
        "{extended_line}"
    );
    let denied_line = line(reference(denied));
    assert!(
        denied_line.contains("\"Denied\",\"5\",\"no\",\"\",\"yes\",\"yes\""),
        "{denied_line}"
    );
    assert!(csv.contains("\"within 30 days 2 (66.7%)\""));

    // The dashboard's monthly shares are these totals, month by month.
    let dashboard = app.get("/staff/dashboard").await;
    assert_eq!(dashboard.body.matches("<svg class=\"chart\"").count(), 6);
    let share_table = &dashboard.body[dashboard.body.find("id=\"share-table\"").unwrap()..];
    let share_table = &share_table[..share_table.find("</table>").unwrap()];
    let answered: i64 = share_table
        .split("<tr>")
        .skip(2)
        .filter_map(|row| {
            row.split("<td>")
                .nth(2)?
                .split('<')
                .next()?
                .parse::<i64>()
                .ok()
        })
        .sum();
    assert_eq!(answered, 3, "{share_table}");

    // The rollups the dashboard reads equal a recount of the requests.
    let kept: Vec<(Date, i64, i64, i64)> = sqlx::query_as(
        "select month, received, answered, within_30 from dashboard_answers_monthly where received <> 0 order by month",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    let recounted: Vec<(Date, i64, i64, i64)> = sqlx::query_as(
        "select date_trunc('month', received_on)::date, count(*), count(answered_on),
                count(*) filter (where answered_on - received_on <= 30)
         from requests group by 1 order by 1",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(kept, recounted);
    let daily: i64 = app
        .one("select sum(n)::bigint from dashboard_received_daily where day = (select received_on from requests order by received_on limit 1)")
        .await;
    assert_eq!(daily, 2, "the two requests received 60 days ago");
    let open_days: Vec<(Date, i64)> =
        sqlx::query_as("select day, n from dashboard_open_daily where n <> 0 order by day")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(
        open_days,
        [(today - Duration::days(40), 1)],
        "only the one still being worked"
    );
}
