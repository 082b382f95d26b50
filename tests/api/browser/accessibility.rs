//! Every page (public, patient, staff) in Chromium with axe-core: no WCAG 2.1 A/AA
//! violations, nothing fetched from another origin, and screenshots at 390 and 1280 px.

use records_portal::intake::sample::{attorney_form, patient_form};
use records_portal::staff::accounts::Role;
use sqlx::PgPool;
use thirtyfour::prelude::*;

use super::{
    ChromeDriver, click, headless_chromium, screenshot_path, serve, sign_in_staff, type_into,
    wait_for_text,
};
use crate::helpers::create_staff;

const AXE: &str = include_str!("axe/axe.min.js");

const RUN_AXE: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
  .then(r => done(JSON.stringify(r.violations.map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) })))))
  .catch(e => done('axe failed: ' + e));
"#;

const FOREIGN_REQUESTS: &str = r#"
return performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith(location.origin));
"#;

/// Loads `path`, checks it at both widths, and returns the violations found.
async fn check(driver: &WebDriver, base: &str, path: &str, name: &str) -> Vec<String> {
    driver.goto(format!("{base}{path}")).await.unwrap();
    let mut problems = Vec::new();
    for width in [390, 1280] {
        driver.set_window_rect(0, 0, width, 900).await.unwrap();
        let found = axe_violations(driver).await;
        if found != "[]" {
            problems.push(format!("{path} at {width}px: {found}"));
        }
        driver
            .screenshot(&screenshot_path(&format!("a11y-{name}-{width}.png")))
            .await
            .unwrap();
    }
    let foreign: Vec<String> = driver
        .execute(FOREIGN_REQUESTS, Vec::new())
        .await
        .unwrap()
        .convert()
        .unwrap();
    if !foreign.is_empty() {
        problems.push(format!("{path} fetched from other origins: {foreign:?}"));
    }
    problems
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn every_page_passes_axe_and_stays_on_its_own_origin(db: PgPool) {
    let (mut app, base) = serve(db).await;
    // One of everything: a request released by link (invoice, payment, download link), a
    // tracking link, a patient with a linked request and a visit summary.
    let released = crate::release::ready_by_link(&mut app).await;
    crate::release::release_with(&mut app, released, &[]).await;
    let download = crate::release::download_path(&app).await;
    let tracking: String = sqlx::query_scalar(
        "select text_body from email_outbox where kind = 'request_received' limit 1",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    let tracking = crate::tracking::tracking_path(&tracking.replace(&base, "http://portal.test"));
    let account = crate::portal::jordan(&mut app).await;
    let mine = app.file(&patient_form()).await;
    crate::portal::link(&app, mine, account).await;
    crate::portal::give_summary(&app, account).await;
    create_staff(&app.db, Role::Admin, "a11y@practice.test").await;
    let awaiting = app.file_unsigned(&attorney_form()).await;
    let sign = app.signing_path(awaiting).await;
    let (client_id, _) = crate::fhir::register_app(&app.db, false).await;
    let consent = crate::fhir::authorize_query(&app, &client_id, "patient/*.rs offline_access");

    let chromedriver = ChromeDriver::start();
    let driver = headless_chromium(&chromedriver).await;
    let mut problems = Vec::new();
    for (path, name) in [
        ("/".to_owned(), "home"),
        ("/requests/new".to_owned(), "request-form"),
        (tracking.clone(), "tracking"),
        (format!("{tracking}/invoice"), "tracking-invoice"),
        (download.clone(), "download"),
        (sign, "sign"),
        ("/account/register".to_owned(), "register"),
        ("/account/login".to_owned(), "patient-login"),
        ("/account/reset".to_owned(), "reset"),
        ("/staff/login".to_owned(), "staff-login"),
    ] {
        problems.extend(check(&driver, &base, &path, name).await);
    }
    // The review step of the request form, reached the way a person does.
    driver.goto(format!("{base}/requests/new")).await.unwrap();
    click(&driver, "#request-form button[type='submit']").await;
    problems.extend(check_current(&driver, "request-form-errors").await);

    // The second step of the staff sign-in, then the whole sign-in.
    driver.goto(format!("{base}/staff/login")).await.unwrap();
    type_into(&driver, "email", "a11y@practice.test").await;
    type_into(&driver, "password", crate::helpers::STAFF_PASSWORD).await;
    click(&driver, "form[action='/staff/login'] button[type='submit']").await;
    wait_for_text(&driver, "Your sign-in code").await;
    problems.extend(check_current(&driver, "staff-login-code").await);
    sign_in_staff(&driver, &base, "a11y@practice.test").await;
    // One email the mail server refused too often, for the admin's page to list.
    sqlx::query("update email_outbox set failed_at = now(), attempts = 10, last_error = '550 mailbox unavailable' where id = (select id from email_outbox order by created_at limit 1)")
        .execute(&app.db)
        .await
        .unwrap();
    for (path, name) in [
        ("/staff/queue".to_owned(), "queue"),
        (format!("/staff/requests/{released}"), "staff-request"),
        (
            format!("/staff/requests/{released}/invoice"),
            "staff-invoice",
        ),
        ("/staff/admin".to_owned(), "admin"),
        ("/staff/admin/fees".to_owned(), "admin-fees"),
        ("/staff/admin/calendar".to_owned(), "admin-calendar"),
        ("/staff/admin/emails".to_owned(), "admin-emails"),
        ("/staff/dashboard".to_owned(), "dashboard"),
        ("/staff/reports/timeliness".to_owned(), "timeliness"),
        ("/staff/admin/apps".to_owned(), "admin-apps"),
        (
            format!("/staff/requests/{awaiting}"),
            "staff-request-awaiting",
        ),
        ("/staff/patients?q=Jordan".to_owned(), "patients"),
        (format!("/staff/patients/{account}"), "patient-account"),
    ] {
        problems.extend(check(&driver, &base, &path, name).await);
    }

    super::sign_in_patient(&driver, &base, "jordan@example.com", "Your patient portal").await;
    for (path, name) in [
        ("/account".to_owned(), "portal-home"),
        (format!("/account/requests/{mine}"), "portal-request"),
        ("/account/disclosures".to_owned(), "portal-disclosures"),
        ("/account/security".to_owned(), "portal-security"),
        ("/account/security/app".to_owned(), "portal-enrol-app"),
        ("/account/apps".to_owned(), "portal-apps"),
        (consent, "fhir-consent"),
    ] {
        problems.extend(check(&driver, &base, &path, name).await);
    }
    // The same pages in Spanish.
    driver
        .goto(format!("{base}/language/es?back=/"))
        .await
        .unwrap();
    for (path, name) in [
        ("/", "home-es"),
        ("/requests/new", "request-form-es"),
        ("/language-assistance", "language-assistance-es"),
        ("/no-such-page", "not-found-es"),
    ] {
        problems.extend(check(&driver, &base, path, name).await);
    }
    driver.quit().await.unwrap();
    assert!(
        problems.is_empty(),
        "accessibility problems:\n{}",
        problems.join("\n")
    );
}

/// Checks the page already loaded (a form's answer, which has no URL of its own).
async fn check_current(driver: &WebDriver, name: &str) -> Vec<String> {
    let found = axe_violations(driver).await;
    driver
        .screenshot(&screenshot_path(&format!("a11y-{name}-1280.png")))
        .await
        .unwrap();
    if found == "[]" {
        Vec::new()
    } else {
        vec![format!("{name}: {found}")]
    }
}

/// axe-core's WCAG 2.1 A/AA violations on the loaded page, as JSON (`[]` when none).
async fn axe_violations(driver: &WebDriver) -> String {
    driver.execute(AXE, Vec::new()).await.unwrap();
    driver
        .execute_async(RUN_AXE, Vec::new())
        .await
        .unwrap()
        .convert()
        .unwrap()
}
