//! Headless Debian Chromium files a request on a phone-sized screen, without any help
//! from the test but clicks and typing.

use std::net::{SocketAddr, TcpListener as StdListener};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use sqlx::PgPool;
use thirtyfour::prelude::*;

use crate::helpers::TestApp;

/// Debian's chromedriver on a free port; killed when dropped.
struct ChromeDriver {
    child: Child,
    port: u16,
}

impl ChromeDriver {
    fn start() -> ChromeDriver {
        let port = StdListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
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

async fn headless_chromium(driver: &ChromeDriver) -> WebDriver {
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
    WebDriver::new(format!("http://127.0.0.1:{}", driver.port), caps)
        .await
        .expect("a chromium session")
}

/// Serves the real router on a loopback port, as `serve` does.
async fn serve(db: PgPool) -> (TestApp, String) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
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
async fn choose(driver: &WebDriver, name: &str, value: &str) {
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

async fn type_into(driver: &WebDriver, name: &str, text: &str) {
    let field = driver
        .find(By::Css(format!("[name='{name}']")))
        .await
        .unwrap();
    field.scroll_into_view().await.unwrap();
    field.send_keys(text).await.unwrap();
}

fn screenshot_path(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_patient_files_a_request_on_a_phone(db: PgPool) {
    let (app, base) = serve(db).await;
    let chromedriver = ChromeDriver::start();
    let driver = headless_chromium(&chromedriver).await;
    driver.set_window_rect(0, 0, 390, 844).await.unwrap();

    driver.goto(format!("{base}/")).await.unwrap();
    driver
        .find(By::LinkText("Request records"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();

    choose(&driver, "requester_type", "self").await;
    type_into(&driver, "patient_name", "Jordan Avery Example").await;
    type_into(&driver, "dob_month", "4").await;
    type_into(&driver, "dob_day", "28").await;
    type_into(&driver, "dob_year", "1986").await;
    type_into(&driver, "patient_email", "jordan@example.com").await;
    choose(&driver, "record_kinds", "mri_images").await;
    choose(&driver, "date_range", "all").await;
    choose(&driver, "delivery", "secure_link").await;
    choose(&driver, "purpose", "individual").await;
    choose(&driver, "ack_true_information", "yes").await;
    choose(&driver, "ack_electronic_signature", "yes").await;
    type_into(&driver, "signature_name", "Jordan Avery Example").await;

    // The live estimate (JavaScript) agrees with the fee engine: MRI by secure link, $15.
    let estimate = driver.find(By::Id("fee-estimate-text")).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while !estimate.text().await.unwrap_or_default().contains("$15.00") {
        assert!(
            Instant::now() < deadline,
            "the live estimate never showed $15.00"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    driver
        .screenshot(&screenshot_path("request-form-390.png"))
        .await
        .unwrap();

    driver
        .find(By::Css("#request-form button[type='submit']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    driver
        .query(By::XPath("//h1[contains(., 'Check your request')]"))
        .first()
        .await
        .unwrap();
    assert!(driver.source().await.unwrap().contains("$15.00"));
    driver
        .screenshot(&screenshot_path("request-review-390.png"))
        .await
        .unwrap();

    let send = driver
        .find(By::Css("button[value='submit']"))
        .await
        .unwrap();
    send.scroll_into_view().await.unwrap();
    send.click().await.unwrap();
    let heading = match driver.query(By::Css("h1.usa-alert__heading")).first().await {
        Ok(heading) => heading,
        Err(error) => {
            driver
                .screenshot(&screenshot_path("request-failed-390.png"))
                .await
                .unwrap();
            panic!(
                "no confirmation at {:?}: {error}\n{}",
                driver.current_url().await,
                driver.source().await.unwrap_or_default()
            );
        }
    };
    assert!(heading.text().await.unwrap().contains("Thank you"));
    assert!(
        driver
            .current_url()
            .await
            .unwrap()
            .path()
            .ends_with("/requests/confirmation")
    );
    assert!(driver.source().await.unwrap().contains("RP-2026-000001"));
    driver
        .screenshot(&screenshot_path("request-confirmation-390.png"))
        .await
        .unwrap();
    driver.quit().await.unwrap();

    assert_eq!(app.count("requests").await, 1);
}
