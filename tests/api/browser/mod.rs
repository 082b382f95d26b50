//! Headless Debian Chromium drives the real server as people do: clicks and typing only.

mod accessibility;
mod app_connects;
mod clerk_works_a_request;
mod form_offers_what_is_accepted;
mod full_journey;
mod keyboard_only;
mod patient_files_a_request;
mod patient_signs_the_authorization;
mod patient_uses_the_portal;
mod payloads_stay_inert;
mod records_released_and_downloaded;
mod signs_in_with_a_passkey;
mod spanish_on_a_phone;
mod staff_enrols_a_second_factor;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use sqlx::PgPool;
use thirtyfour::prelude::*;

use crate::helpers::TestApp;

/// Debian's chromedriver on a free port; killed when dropped.
pub struct ChromeDriver {
    child: Child,
    port: u16,
}

impl ChromeDriver {
    pub fn start() -> ChromeDriver {
        let port = crate::helpers::free_port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Debian's chromedriver (scripts/test installs chromium and chromium-driver)");
        crate::helpers::wait_for_port(port, "chromedriver");
        ChromeDriver { child, port }
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub async fn headless_chromium(driver: &ChromeDriver) -> WebDriver {
    let mut caps = DesiredCapabilities::chrome();
    caps.set_binary("/usr/bin/chromium").unwrap();
    for arg in [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ] {
        caps.add_arg(arg).unwrap();
    }
    caps.add_experimental_option(
        "prefs",
        serde_json::json!({
            "download.default_directory": download_dir(),
            "download.prompt_for_download": false,
        }),
    )
    .unwrap();
    WebDriver::new(format!("http://127.0.0.1:{}", driver.port), caps)
        .await
        .expect("a chromium session")
}

/// Serves the real router on a loopback port, as `serve` does.
pub async fn serve(db: PgPool) -> (TestApp, String) {
    serve_as(db, "127.0.0.1").await
}

/// [`serve`], with the site named by `host` (WebAuthn wants `localhost`, not an address).
pub async fn serve_as(db: PgPool, host: &str) -> (TestApp, String) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{host}:{}", listener.local_addr().unwrap().port());
    let app = TestApp::spawn_with(db, |c| c.base_url = base.clone()).await;
    let router = app.router.clone();
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap();
    });
    (app, base)
}

/// Chooses a radio button or checkbox by clicking its label, as a person would.
pub async fn choose(driver: &WebDriver, name: &str, value: &str) {
    let input = driver
        .find(By::Css(format!("input[name='{name}'][value='{value}']")))
        .await
        .unwrap();
    let id = input.attr("id").await.unwrap().expect("inputs have ids");
    let label = driver
        .find(By::Css(format!("label[for='{id}']")))
        .await
        .unwrap();
    label.scroll_into_view().await.unwrap();
    label.click().await.unwrap();
}

pub async fn type_into(driver: &WebDriver, name: &str, text: &str) {
    let field = driver
        .find(By::Css(format!("[name='{name}']")))
        .await
        .unwrap();
    field.scroll_into_view().await.unwrap();
    field.send_keys(text).await.unwrap();
}

pub fn screenshot_path(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// `<name>-390.png` and `<name>-1280.png` of the page shown, as a phone and a desktop see
/// it; the window is left phone-sized.
pub async fn screenshot_both(driver: &WebDriver, name: &str) {
    for (width, height) in [(390, 844), (1280, 900)] {
        driver.set_window_rect(0, 0, width, height).await.unwrap();
        driver
            .screenshot(&screenshot_path(&format!("{name}-{width}.png")))
            .await
            .unwrap();
    }
    driver.set_window_rect(0, 0, 390, 844).await.unwrap();
}

pub async fn click(driver: &WebDriver, css: &str) {
    let element = driver.find(By::Css(css)).await.unwrap();
    element.scroll_into_view().await.unwrap();
    element.click().await.unwrap();
}

/// Waits for the page after a click, so the next assertion reads the new page.
/// Clicks the link whose text contains `text`, as a visitor follows it.
pub async fn follow_link(driver: &WebDriver, text: &str) {
    driver
        .find(By::PartialLinkText(text))
        .await
        .unwrap_or_else(|e| panic!("a link {text:?}: {e}"))
        .click()
        .await
        .unwrap();
}

pub async fn wait_for_text(driver: &WebDriver, text: &str) {
    let found = driver
        .query(By::XPath(format!("//*[contains(., '{text}')]")))
        .first()
        .await;
    if found.is_err() {
        panic!(
            "never saw {text:?} at {:?}:\n{}",
            driver.current_url().await,
            driver.source().await.unwrap_or_default()
        );
    }
}

/// Signs a staff account made with [`crate::helpers::STAFF_PASSWORD`] in through the form.
pub async fn sign_in_staff(driver: &WebDriver, base: &str, email: &str) {
    driver.goto(format!("{base}/staff/login")).await.unwrap();
    type_into(driver, "email", email).await;
    type_into(driver, "password", crate::helpers::STAFF_PASSWORD).await;
    click(driver, "form[action='/staff/login'] button[type='submit']").await;
    wait_for_text(driver, "Your sign-in code").await;
    type_into(
        driver,
        "code",
        &crate::helpers::totp_code(crate::helpers::NOW),
    )
    .await;
    click(
        driver,
        "form[action='/staff/login/code'] button[type='submit']",
    )
    .await;
    wait_for_text(driver, "Apply filters").await;
}

/// Where Chromium saves downloads in these tests.
/// Signs a patient in with their password, as they would on the sign-in page; `then` is
/// text the next page shows.
pub async fn sign_in_patient(driver: &WebDriver, base: &str, email: &str, then: &str) {
    driver.goto(format!("{base}/account/login")).await.unwrap();
    type_into(driver, "email", email).await;
    type_into(driver, "password", crate::portal::PATIENT_PASSWORD).await;
    click(
        driver,
        "form[action='/account/login'] button[type='submit']",
    )
    .await;
    wait_for_text(driver, then).await;
}

pub fn download_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/browser-downloads");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Jordan asks for their MRI images by secure link, as on the phone test: every answer by
/// clicking labels and typing.
pub async fn fill_request_for_jordan(driver: &WebDriver) {
    choose(driver, "requester_type", "self").await;
    type_into(driver, "patient_name", "Jordan Avery Example").await;
    type_into(driver, "dob_month", "4").await;
    type_into(driver, "dob_day", "28").await;
    type_into(driver, "dob_year", "1986").await;
    type_into(driver, "patient_email", "jordan@example.com").await;
    choose(driver, "record_kinds", "mri_images").await;
    choose(driver, "date_range", "all").await;
    choose(driver, "delivery", "secure_link").await;
    choose(driver, "purpose", "individual").await;
    choose(driver, "ack_true_information", "yes").await;
    choose(driver, "ack_electronic_signature", "yes").await;
    type_into(driver, "signature_name", "Jordan Avery Example").await;
}
