//! An attorney's request: the form shows the attorney no signature of their own, only how
//! the patient will sign; the patient opens the emailed link on a phone, gives the date of
//! birth, reads the authorization and signs it; the clerk then sees it signed.

use records_portal::intake::sample::attorney_form;
use records_portal::staff::accounts::Role;
use sqlx::PgPool;
use thirtyfour::prelude::*;

use super::{
    ChromeDriver, choose, click, headless_chromium, screenshot_path, serve, sign_in_staff,
    type_into, wait_for_text,
};
use crate::helpers::create_staff;

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_patient_signs_an_attorneys_request_on_a_phone(db: PgPool) {
    let (mut app, base) = serve(db).await;
    let id = app.file_unsigned(&attorney_form()).await;
    let link = app.signing_path(id).await;
    create_staff(&app.db, Role::Clerk, "clerk@practice.test").await;

    let chromedriver = ChromeDriver::start();
    let driver = headless_chromium(&chromedriver).await;
    driver.set_window_rect(0, 0, 390, 844).await.unwrap();

    // The form: choosing "attorney" hides the signature fields and asks how the patient signs.
    driver.goto(format!("{base}/requests/new")).await.unwrap();
    choose(&driver, "requester_type", "third_party").await;
    let own_signature = driver.find(By::Id("section-signature")).await.unwrap();
    assert!(!own_signature.is_displayed().await.unwrap());
    let how = driver.find(By::Id("signed_by")).await.unwrap();
    how.scroll_into_view().await.unwrap();
    driver
        .screenshot(&screenshot_path("sign-form-third-party-390.png"))
        .await
        .unwrap();

    // The patient's link: the date of birth first, nothing about the request before it.
    driver.goto(format!("{base}{link}")).await.unwrap();
    let before = driver.source().await.unwrap();
    assert!(
        !before.contains("Casey"),
        "no names before the date of birth"
    );
    type_into(&driver, "dob_month", "11").await;
    type_into(&driver, "dob_day", "3").await;
    type_into(&driver, "dob_year", "1970").await;
    click(&driver, "button[type='submit']").await;
    wait_for_text(&driver, "Authorization to release health records").await;
    wait_for_text(&driver, "Morgan Paralegal").await;
    for statement in records_portal::domain::request::Statement::ALL {
        choose(&driver, statement.field(), "yes").await;
    }
    type_into(&driver, "signature_name", "Casey Sample").await;
    driver
        .screenshot(&screenshot_path("sign-read-390.png"))
        .await
        .unwrap();
    click(&driver, "button[value='sign']").await;
    wait_for_text(&driver, "you signed the authorization").await;
    driver
        .screenshot(&screenshot_path("sign-done-390.png"))
        .await
        .unwrap();
    assert_eq!(app.status_of(id).await, "received");

    driver.set_window_rect(0, 0, 1280, 900).await.unwrap();
    sign_in_staff(&driver, &base, "clerk@practice.test").await;
    driver
        .goto(format!("{base}/staff/requests/{id}"))
        .await
        .unwrap();
    wait_for_text(&driver, "Signed online by the patient").await;
    let checklist = driver
        .find(By::Css(".authorization-elements"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!checklist.contains("MISSING"), "{checklist}");
    driver.quit().await.unwrap();
}
