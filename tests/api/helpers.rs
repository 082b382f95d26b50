//! `TestApp`: the real router on a fresh database, driven like a browser (cookies, CSRF).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use records_portal::clock::FixedClock;
use records_portal::config::Config;
use records_portal::forms::FormValues;
use records_portal::state::AppState;
use sqlx::PgPool;
use time::macros::datetime;
use tower::ServiceExt;

/// Sunday 22 November 2026, 15:00 UTC (10:00 in Connecticut).
pub const NOW: time::OffsetDateTime = datetime!(2026-11-22 15:00 UTC);

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    pub db: PgPool,
    pub clock: FixedClock,
    pub scratch: PathBuf,
    cookies: BTreeMap<String, String>,
}

pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
    /// The body as sent (a PDF, a file).
    pub bytes: Vec<u8>,
}

impl TestResponse {
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    #[track_caller]
    pub fn assert_redirect_to(&self, path: &str) {
        assert_eq!(self.status, StatusCode::SEE_OTHER, "body: {}", self.body);
        assert_eq!(self.location(), path);
    }

    /// The value of the hidden CSRF field in the page.
    pub fn csrf_token(&self) -> String {
        let marker = "name=\"csrf_token\" value=\"";
        let start = self.body.find(marker).expect("the page has a CSRF field") + marker.len();
        self.body[start..]
            .split('"')
            .next()
            .unwrap_or_default()
            .to_owned()
    }
}

impl TestApp {
    pub async fn spawn(db: PgPool) -> TestApp {
        Self::spawn_with(db, |_| {}).await
    }

    pub async fn spawn_with(db: PgPool, configure: impl FnOnce(&mut Config)) -> TestApp {
        let scratch =
            std::env::temp_dir().join(format!("records-portal-test-{}", uuid::Uuid::new_v4()));
        let mut config = Config::for_tests("postgres://unused", &scratch);
        configure(&mut config);
        let clock = FixedClock::at(NOW);
        let state = records_portal::app::start_state(config, db.clone(), Arc::new(clock.clone()))
            .await
            .expect("state builds");
        let router = records_portal::build_router(state.clone());
        TestApp {
            router,
            state,
            db,
            clock,
            scratch,
            cookies: BTreeMap::new(),
        }
    }

    pub async fn request(&mut self, request: Request<Body>) -> TestResponse {
        let mut request = request;
        // A browser always names itself; signatures keep it.
        request
            .headers_mut()
            .entry(header::USER_AGENT)
            .or_insert(header::HeaderValue::from_static("records-portal-tests"));
        if !self.cookies.is_empty() {
            let cookie = self.cookie_header();
            request
                .headers_mut()
                .insert(header::COOKIE, cookie.parse().expect("valid cookie header"));
        }
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("the router never fails");
        let status = response.status();
        let headers = response.headers().clone();
        for value in headers.get_all(header::SET_COOKIE) {
            let value = value.to_str().unwrap_or_default();
            if let Some((name, rest)) = value.split_once('=') {
                self.cookies.insert(
                    name.to_owned(),
                    rest.split(';').next().unwrap_or_default().to_owned(),
                );
            }
        }
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        TestResponse {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
        }
    }

    pub async fn get(&mut self, path: &str) -> TestResponse {
        self.request(Request::get(path).body(Body::empty()).expect("request"))
            .await
    }

    /// A CSRF token for this visitor, as a browser gets it: from the form page.
    pub async fn csrf_token(&mut self) -> String {
        self.get("/requests/new").await.csrf_token()
    }

    pub async fn post_form(&mut self, path: &str, form: &FormValues) -> TestResponse {
        let body = serde_urlencoded_pairs(form.pairs());
        let request = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .expect("request");
        self.request(request).await
    }

    pub async fn post_multipart(
        &mut self,
        path: &str,
        form: &FormValues,
        files: &[TestFile],
    ) -> TestResponse {
        let (content_type, body) = multipart_body(form, files);
        let request = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .expect("request");
        self.request(request).await
    }

    /// Reviews and submits `form` (with a valid CSRF token) as the browser would.
    pub async fn submit(&mut self, form: &FormValues, files: &[TestFile]) -> TestResponse {
        let token = self.csrf_token().await;
        let form = with_csrf(form, &token);
        self.post_multipart("/requests", &with_value(&form, "action", "submit"), files)
            .await
    }

    pub async fn count(&self, table: &str) -> i64 {
        // Table names come from the tests themselves, never from input.
        sqlx::query_scalar(&format!("select count(*) from {table}"))
            .fetch_one(&self.db)
            .await
            .expect("count")
    }

    pub fn stored_files(&self) -> Vec<PathBuf> {
        fn walk(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, out)
                } else {
                    out.push(path)
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.scratch.join("files"), &mut out);
        out
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.scratch);
    }
}

pub struct TestFile {
    pub field: &'static str,
    pub filename: &'static str,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// A small but real PDF.
pub fn pdf_bytes() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}

pub fn with_csrf(form: &FormValues, token: &str) -> FormValues {
    let mut pairs = vec![("csrf_token".to_owned(), token.to_owned())];
    pairs.extend(
        form.pairs()
            .iter()
            .filter(|(n, _)| n != "csrf_token")
            .cloned(),
    );
    FormValues::new(pairs)
}

pub fn with_value(form: &FormValues, name: &str, value: &str) -> FormValues {
    records_portal::intake::sample::with(form, name, Some(value))
}

fn serde_urlencoded_pairs(pairs: &[(String, String)]) -> String {
    fn enc(s: &str) -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                b' ' => "+".into(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    }
    pairs
        .iter()
        .map(|(n, v)| format!("{}={}", enc(n), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

pub fn multipart_body(form: &FormValues, files: &[TestFile]) -> (String, Vec<u8>) {
    let boundary = "----records-portal-test-boundary";
    let mut body = Vec::new();
    for (name, value) in form.pairs() {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for file in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\nContent-Type: {}\r\n\r\n",
                file.field, file.filename, file.content_type
            )
            .as_bytes(),
        );
        body.extend_from_slice(&file.bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Waits until something listens on `port` (a server the test started), or fails the test.
pub fn wait_for_port(port: u16, what: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "{what} did not start listening on port {port}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// A loopback port nothing listens on right now, for a server the test starts.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

pub const STAFF_PASSWORD: &str = "lantern orchard velvet cobalt";

impl TestApp {
    /// Creates an account with `role` and signs this visitor in with it.
    pub async fn sign_in_as(
        &mut self,
        role: records_portal::staff::accounts::Role,
        email: &str,
    ) -> uuid::Uuid {
        let id = create_staff(&self.db, role, email).await;
        let response = self.sign_in(email, STAFF_PASSWORD).await;
        response.assert_redirect_to("/staff/queue");
        id
    }

    /// Signs in with the password and, when asked, the authenticator code.
    pub async fn sign_in(&mut self, email: &str, password: &str) -> TestResponse {
        let token = self.csrf_token().await;
        let form = FormValues::new(vec![
            ("csrf_token".into(), token),
            ("email".into(), email.into()),
            ("password".into(), password.into()),
        ]);
        let first = self.post_form("/staff/login", &form).await;
        if first.status != axum::http::StatusCode::SEE_OTHER
            || first.location() != "/staff/login/code"
        {
            return first;
        }
        let code = self.fresh_code(email).await;
        self.post_staff("/staff/login/code", &[("code", &code)])
            .await
    }

    /// A code the account has not used yet: a code is good once, so a second sign-in at
    /// the tests' fixed time moves the clock on.
    pub async fn fresh_code(&mut self, email: &str) -> String {
        let last: Option<i64> =
            sqlx::query_scalar("select t.last_step from staff s left join totp_authenticators t on t.staff_id = s.id where s.email = $1")
                .bind(email)
                .fetch_one(&self.db)
                .await
                .expect("staff");
        let step = |at: time::OffsetDateTime| {
            at.unix_timestamp() / records_portal::accounts::totp::STEP_SECS
        };
        while last.is_some_and(|l| step(records_portal::clock::Clock::now(&self.clock)) <= l) {
            self.clock.advance(time::Duration::seconds(30));
        }
        totp_code(records_portal::clock::Clock::now(&self.clock))
    }

    /// Posts a staff form with this visitor's CSRF token.
    pub async fn post_staff(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let token = self.csrf_token().await;
        let mut pairs = vec![("csrf_token".to_owned(), token)];
        pairs.extend(
            fields
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned())),
        );
        self.post_form(path, &FormValues::new(pairs)).await
    }

    /// Files a sample request and returns its id. A third party's request is then signed
    /// by the patient through the emailed link, as it must be before staff can verify it.
    pub async fn file(&mut self, form: &FormValues) -> uuid::Uuid {
        let id = self.file_unsigned(form).await;
        if self.status_of(id).await == "awaiting_authorization" {
            let path = self.signing_path(id).await;
            let signed = self.patient_signs(&path, &[]).await;
            assert_eq!(signed.status, axum::http::StatusCode::OK, "{}", signed.body);
        }
        id
    }

    /// The `/sign/...` path in the newest signing email about request `id`.
    pub async fn signing_path(&self, id: uuid::Uuid) -> String {
        let body: String = sqlx::query_scalar(
            "select text_body from email_outbox where kind = 'authorization_to_sign' and request_id = $1 order by created_at desc, id desc limit 1",
        )
        .bind(id)
        .fetch_one(&self.db)
        .await
        .expect("a signing email");
        let start = body.find("/sign/").expect("a signing link");
        body[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || "/-_".contains(*c))
            .collect()
    }

    /// The patient opens the signing link and signs with their own name, every statement
    /// and every separate consent asked for; `extra` replaces fields.
    pub async fn patient_signs(&mut self, path: &str, extra: &[(&str, &str)]) -> TestResponse {
        let (name, born): (String, time::Date) = sqlx::query_as(
            "select p.legal_name, p.date_of_birth from authorizations a join requests r on r.id = a.request_id join patients p on p.id = r.patient_id where a.signing_token_hash = sha256(convert_to($1, 'UTF8'))",
        )
        .bind(path.trim_start_matches("/sign/"))
        .fetch_optional(&self.db)
        .await
        .expect("query")
        .unwrap_or_else(|| ("Nobody".into(), time::macros::date!(1900 - 01 - 01)));
        let mut fields: Vec<(String, String)> = vec![
            ("action".into(), "sign".into()),
            ("dob_month".into(), u8::from(born.month()).to_string()),
            ("dob_day".into(), born.day().to_string()),
            ("dob_year".into(), born.year().to_string()),
            ("signature_name".into(), name),
        ];
        for statement in records_portal::domain::request::Statement::ALL {
            fields.push((statement.field().into(), "yes".into()));
        }
        for category in records_portal::domain::request::SensitiveCategory::ALL {
            fields.push((category.consent_field().into(), "yes".into()));
        }
        for (n, v) in extra {
            fields.retain(|(k, _)| k != n);
            fields.push(((*n).into(), (*v).into()));
        }
        let token = self.csrf_token().await;
        fields.push(("csrf_token".into(), token));
        self.post_form(path, &FormValues::new(fields)).await
    }

    /// Files a sample request as it is, and returns its id.
    pub async fn file_unsigned(&mut self, form: &FormValues) -> uuid::Uuid {
        self.submit(form, &[])
            .await
            .assert_redirect_to("/requests/confirmation");
        sqlx::query_scalar("select id from requests order by created_at desc, id desc limit 1")
            .fetch_one(&self.db)
            .await
            .expect("the request was stored")
    }

    /// The one value `sql` selects.
    pub async fn one<T>(&self, sql: &str) -> T
    where
        T: for<'r> sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres> + Send + Unpin,
    {
        sqlx::query_scalar(sql)
            .fetch_one(&self.db)
            .await
            .expect("one value")
    }

    /// Puts request `id` in `status` directly (a fixture; no workflow rules applied).
    pub async fn set_status(&self, id: uuid::Uuid, status: &str) {
        sqlx::query("update requests set status = $2 where id = $1")
            .bind(id)
            .bind(status)
            .execute(&self.db)
            .await
            .expect("status set");
    }

    pub async fn status_of(&self, id: uuid::Uuid) -> String {
        sqlx::query_scalar("select status from requests where id = $1")
            .bind(id)
            .fetch_one(&self.db)
            .await
            .expect("status")
    }

    /// The final fee recorded with the page count, in cents.
    pub async fn fee_due_of(&self, id: uuid::Uuid) -> Option<i64> {
        sqlx::query_scalar("select fee_due_cents from requests where id = $1")
            .bind(id)
            .fetch_one(&self.db)
            .await
            .expect("fee due")
    }
}

/// An account whose password is [`STAFF_PASSWORD`].
pub async fn create_staff(
    db: &PgPool,
    role: records_portal::staff::accounts::Role,
    email: &str,
) -> uuid::Uuid {
    let hash = records_portal::accounts::password::hash(STAFF_PASSWORD.to_owned().into())
        .await
        .expect("hash");
    let id = records_portal::staff::accounts::create(
        db,
        email,
        &format!("Test {}", role.label()),
        role,
        &hash,
    )
    .await
    .expect("insert")
    .expect("a new email");
    // Enrolled already, with the tests' authenticator secret.
    let key = records_portal::sealing::MasterKey::parse(records_portal::config::TEST_MASTER_KEY)
        .expect("the test key");
    let owner = records_portal::accounts::factors::Owner::Staff(id);
    let stored = records_portal::accounts::factors::store_new_secret(db, &key, owner, TOTP_SECRET);
    assert!(stored.await.expect("secret"));
    records_portal::accounts::factors::confirm(db, owner, 0, NOW)
        .await
        .expect("confirmed");
    id
}

/// The secret an enrolment page shows (base32, in groups), as bytes.
pub fn secret_on_page(body: &str) -> Vec<u8> {
    let start = body.find("id=\"totp-secret\">").expect("the secret") + 17;
    let text: String = body[start..]
        .chars()
        .take_while(|c| *c != '<')
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    let (mut bits, mut buffer, mut out) = (0u32, 0u32, Vec::new());
    for c in text.bytes() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'2'..=b'7' => c - b'2' + 26,
            _ => panic!("not base32: {c}"),
        };
        buffer = (buffer << 5) | u32::from(value);
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(((buffer >> bits) & 0xff) as u8);
        }
    }
    out
}

/// The authenticator secret of every account [`create_staff`] makes.
pub const TOTP_SECRET: &[u8; 20] = b"records-portal-tests";

/// The code the tests' authenticator shows at `at`.
pub fn totp_code(at: time::OffsetDateTime) -> String {
    let step = at.unix_timestamp() / records_portal::accounts::totp::STEP_SECS;
    format!(
        "{:06}",
        records_portal::accounts::totp::code_at(TOTP_SECRET, step)
    )
}

impl TestApp {
    pub fn set_cookie(&mut self, name: &str, value: &str) {
        self.cookies.insert(name.to_owned(), value.to_owned());
    }

    /// This visitor's cookies as one `Cookie` header, for hand-built requests.
    pub fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.get(name).cloned()
    }

    pub fn clear_cookie(&mut self, name: &str) {
        self.cookies.remove(name);
    }
}

/// A PDF read back as Poppler reads it: `pdfinfo`'s report and `pdftotext -layout`'s text
/// (what a screen reader or a copy-paste gets, in reading order).
pub fn read_pdf(bytes: &[u8]) -> (String, String) {
    let path = std::env::temp_dir().join(format!("letter-{}.pdf", uuid::Uuid::new_v4()));
    std::fs::write(&path, bytes).expect("write the PDF");
    let run = |program: &str, args: &[&str]| {
        let out = std::process::Command::new(program)
            .args(args)
            .arg(&path)
            .args(if program == "pdftotext" {
                &["-"][..]
            } else {
                &[][..]
            })
            .output()
            .unwrap_or_else(|e| {
                panic!("{program} (poppler-utils, installed by scripts/test): {e}")
            });
        assert!(
            out.status.success(),
            "{program}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8")
    };
    let read = (run("pdfinfo", &[]), run("pdftotext", &["-layout"]));
    let _ = std::fs::remove_file(&path);
    read
}
