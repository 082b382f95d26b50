//! Any body posted as a urlencoded form: decoded as every staff and portal form is (axum's
//! `Form` into name/value pairs), then validated as the request form. Nothing may panic.
#![no_main]

use axum::body::Body;
use axum::extract::{Form, FromRequest};
use axum::http::{Request, header};
use libfuzzer_sys::fuzz_target;
use records_portal::forms::FormValues;
use records_portal::intake::new_request::NewRequest;

fuzz_target!(|body: &[u8]| {
    let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
    let request = Request::post("/")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body.to_vec()))
        .unwrap();
    let decoded = runtime.block_on(Form::<Vec<(String, String)>>::from_request(request, &()));
    if let Ok(Form(pairs)) = decoded {
        let form = FormValues::new(pairs);
        let today = time::macros::date!(2026 - 11 - 22);
        let _ = NewRequest::parse(&form, today);
    }
});
