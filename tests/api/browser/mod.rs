//! Headless Debian Chromium drives the real server as people do: clicks and typing only.

mod clerk_works_a_request;
mod patient_files_a_request;

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
    WebDriver::new(format!("http://127.0.0.1:{}", driver.port), caps)
        .await
        .expect("a chromium session")
}

/// Serves the real router on a loopback port, as `serve` does.
pub async fn serve(db: PgPool) -> (TestApp, String) {
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
