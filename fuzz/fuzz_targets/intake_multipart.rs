//! Any body posted to the request form as multipart: read field by field exactly as
//! `POST /requests` reads it (CSRF first, files sniffed and streamed into a real local file
//! store), then validated. Nothing may panic, and a refused body leaves no file behind.
#![no_main]

use std::sync::OnceLock;

use axum::body::Body;
use axum::extract::{FromRequest, Multipart};
use axum::http::{Request, header};
use libfuzzer_sys::fuzz_target;
use records_portal::http::csrf::CsrfToken;
use records_portal::intake::new_request::NewRequest;
use records_portal::intake::uploads;
use records_portal::storage::FileStore;

fn store() -> &'static (FileStore, std::path::PathBuf) {
    static STORE: OnceLock<(FileStore, std::path::PathBuf)> = OnceLock::new();
    STORE.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("records-portal-fuzz-{}", std::process::id()));
        (FileStore::local(&dir).expect("a scratch folder"), dir)
    })
}

fuzz_target!(|body: &[u8]| {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let (store, dir) = store();
    runtime.block_on(async {
        let request = Request::post("/requests")
            .header(header::CONTENT_TYPE, "multipart/form-data; boundary=fuzz")
            .body(Body::from(body.to_vec()))
            .unwrap();
        let Ok(multipart) = Multipart::from_request(request, &()).await else {
            return;
        };
        let csrf = CsrfToken::expecting("token");
        match uploads::receive(multipart, &csrf, store, 64 * 1024).await {
            Ok(submission) => {
                let _ = NewRequest::parse(&submission.values, time::macros::date!(2026 - 11 - 22));
                submission.discard_files(store).await;
            }
            Err(_) => {
                // A refused body keeps nothing: no object left in the store.
                let left = walk(&dir.join("intake"));
                assert_eq!(left, 0, "a refused submission left {left} files");
            }
        }
    });
});

fn walk(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |entries| {
        entries
            .flatten()
            .map(|e| if e.path().is_dir() { walk(&e.path()) } else { 1 })
            .sum()
    })
}
