//! Scale-out: two server processes on one database and one S3 bucket. A session made on
//! one works on the other, the outbox sends each email once, invoice numbers never
//! collide, and a link issued by one downloads from the other.

use std::collections::{BTreeMap, HashSet};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use mailparse::MailHeaderMap;
use records_portal::forms::FormValues;
use records_portal::intake::sample::patient_form;
use records_portal::staff::accounts::Role;
use sqlx::PgPool;

use crate::helpers::{
    STAFF_PASSWORD, TestFile, create_staff, multipart_body, pdf_bytes, with_csrf, with_value,
};
use crate::release::link_in;
use crate::s3_server::{BUCKET, S3Server};
use crate::smtp_server::SmtpServer;

/// One `records-portal serve` process; killed when dropped.
struct Instance {
    child: Child,
    base: String,
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(
    database_url: &str,
    smtp: &SmtpServer,
    s3: &S3Server,
    prefix: &str,
    scratch: &std::path::Path,
) -> Instance {
    let port = crate::helpers::free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_records-portal"))
        .arg("serve")
        .env("DATABASE_URL", database_url)
        .env("LISTEN_ADDR", format!("127.0.0.1:{port}"))
        // Behind one load balancer: both put the same origin into emails.
        .env("BASE_URL", "http://portal.test")
        .env("SMTP_URL", smtp.url())
        .env("MAIL_FROM", "Records <records@portal.test>")
        .env("MAIL_DIR", scratch.join("mail"))
        .env("STORAGE_URL", format!("s3://{BUCKET}/{prefix}"))
        .env("SUBMIT_LIMIT_PER_HOUR", "1000")
        // Both instances open the second-factor secrets the tests sealed.
        .env("MASTER_KEY", records_portal::config::TEST_MASTER_KEY)
        .env("RUST_LOG", "warn")
        .envs(s3.env())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the records-portal binary");
    crate::helpers::wait_for_port(port, "records-portal serve");
    Instance {
        child,
        base: format!("http://127.0.0.1:{port}"),
    }
}

/// The URL of this test's own database, from the server's `DATABASE_URL`.
pub fn database_url(db: &PgPool) -> String {
    let server = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    let name = db
        .connect_options()
        .get_database()
        .expect("a database name")
        .to_owned();
    let without_query = server.split('?').next().unwrap_or_default();
    let (root, _) = without_query.rsplit_once('/').expect("a database URL");
    format!("{root}/{name}")
}

/// A browser without JavaScript: cookies by hand, redirects not followed.
struct Visitor {
    client: reqwest::Client,
    cookies: BTreeMap<String, String>,
}

struct Reply {
    status: u16,
    location: String,
    body: Vec<u8>,
}

impl Reply {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    fn csrf(&self) -> String {
        let text = self.text();
        let marker = "name=\"csrf_token\" value=\"";
        let start = text.find(marker).expect("a CSRF field") + marker.len();
        text[start..]
            .split('"')
            .next()
            .unwrap_or_default()
            .to_owned()
    }
}

impl Visitor {
    fn new() -> Visitor {
        Visitor {
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: BTreeMap::new(),
        }
    }

    async fn send(&mut self, request: reqwest::RequestBuilder) -> Reply {
        let cookie = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        let response = request
            .header("cookie", cookie)
            .send()
            .await
            .expect("the instance answers");
        for value in response.headers().get_all("set-cookie") {
            if let Some((name, rest)) = value.to_str().unwrap_or_default().split_once('=') {
                self.cookies.insert(
                    name.to_owned(),
                    rest.split(';').next().unwrap_or_default().to_owned(),
                );
            }
        }
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let body = response.bytes().await.expect("a body").to_vec();
        Reply {
            status,
            location,
            body,
        }
    }

    async fn get(&mut self, url: String) -> Reply {
        let request = self.client.get(url);
        self.send(request).await
    }

    async fn post(&mut self, url: String, fields: &[(&str, &str)]) -> Reply {
        let request = self.client.post(url).form(fields);
        self.send(request).await
    }

    async fn post_multipart(
        &mut self,
        url: String,
        form: &FormValues,
        files: &[TestFile],
    ) -> Reply {
        let (content_type, body) = multipart_body(form, files);
        let request = self
            .client
            .post(url)
            .header("content-type", content_type)
            .body(body);
        self.send(request).await
    }
}

/// Posts a staff action with a fresh token, expecting the usual redirect.
async fn act(
    clerk: &mut Visitor,
    base: &str,
    id: uuid::Uuid,
    action: &str,
    fields: &[(&str, &str)],
) {
    let token = clerk.get(format!("{base}/staff/queue")).await.csrf();
    let mut all = vec![("csrf_token", token.as_str())];
    all.extend_from_slice(fields);
    let reply = clerk
        .post(format!("{base}/staff/requests/{id}/{action}"), &all)
        .await;
    assert_eq!(reply.status, 303, "{action} on {base}: {}", reply.text());
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn two_instances_share_sessions_outbox_invoice_numbers_and_links(db: PgPool) {
    let scratch = std::env::temp_dir().join(format!("records-portal-two-{}", uuid::Uuid::new_v4()));
    let smtp = SmtpServer::start(&scratch);
    let s3 = S3Server::start();
    let prefix = format!("two-{}", uuid::Uuid::new_v4());
    let url = database_url(&db);
    let a = start(&url, &smtp, &s3, &prefix, &scratch);
    let b = start(&url, &smtp, &s3, &prefix, &scratch);
    create_staff(&db, Role::Clerk, "clerk@practice.test").await;

    // A session made on A is good on B.
    let mut clerk = Visitor::new();
    let token = clerk.get(format!("{}/staff/login", a.base)).await.csrf();
    let login = clerk
        .post(
            format!("{}/staff/login", a.base),
            &[
                ("csrf_token", &token),
                ("email", "clerk@practice.test"),
                ("password", STAFF_PASSWORD),
            ],
        )
        .await;
    assert_eq!(
        (login.status, login.location.as_str()),
        (303, "/staff/login/code")
    );
    // The second step on the other instance: the half-done sign-in is shared too.
    let code = crate::helpers::totp_code(time::OffsetDateTime::now_utc());
    let token = clerk
        .get(format!("{}/staff/login/code", b.base))
        .await
        .csrf();
    let login = clerk
        .post(
            format!("{}/staff/login/code", b.base),
            &[("csrf_token", &token), ("code", &code)],
        )
        .await;
    assert_eq!(
        (login.status, login.location.as_str()),
        (303, "/staff/queue")
    );
    assert_eq!(
        clerk.get(format!("{}/staff/queue", b.base)).await.status,
        200,
        "B accepts A's session"
    );

    // Ten requests filed on both, then priced on both at once.
    let mut public = Visitor::new();
    for i in 0..10 {
        let base = if i % 2 == 0 { &a.base } else { &b.base };
        let token = public.get(format!("{base}/requests/new")).await.csrf();
        let form = with_value(&with_csrf(&patient_form(), &token), "action", "submit");
        let reply = public
            .post_multipart(format!("{base}/requests"), &form, &[])
            .await;
        assert_eq!(reply.status, 303, "filed on {base}: {}", reply.text());
    }
    let ids: Vec<uuid::Uuid> = sqlx::query_scalar("select id from requests order by reference")
        .fetch_all(&db)
        .await
        .unwrap();
    assert_eq!(ids.len(), 10);
    for (i, id) in ids.iter().enumerate() {
        let base = if i % 2 == 0 { &a.base } else { &b.base };
        act(&mut clerk, base, *id, "verify", &[]).await;
    }
    let mut pricing = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let base = if i % 2 == 0 {
            a.base.clone()
        } else {
            b.base.clone()
        };
        let mut visitor = Visitor {
            client: clerk.client.clone(),
            cookies: clerk.cookies.clone(),
        };
        let id = *id;
        pricing.push(tokio::spawn(async move {
            act(&mut visitor, &base, id, "pages", &[("page_count", "12")]).await
        }));
    }
    for task in pricing {
        task.await.expect("priced");
    }
    let numbers: Vec<String> = sqlx::query_scalar("select number from invoices")
        .fetch_all(&db)
        .await
        .unwrap();
    assert_eq!(numbers.len(), 10);
    assert_eq!(
        numbers.iter().collect::<HashSet<_>>().len(),
        10,
        "no invoice number twice: {numbers:?}"
    );

    // A link issued on A downloads on B.
    let first = ids[0];
    sqlx::query("update requests set delivery_method = 'secure_link' where id = $1")
        .bind(first)
        .execute(&db)
        .await
        .unwrap();
    act(
        &mut clerk,
        &a.base,
        first,
        "payments",
        &[("kind", "payment"), ("amount", "31.50"), ("method", "card")],
    )
    .await;
    let token = clerk.get(format!("{}/staff/queue", a.base)).await.csrf();
    let form = FormValues::new(vec![("csrf_token".into(), token)]);
    let file = TestFile {
        field: "file",
        filename: "records.pdf",
        content_type: "application/pdf",
        bytes: pdf_bytes(),
    };
    let uploaded = clerk
        .post_multipart(
            format!("{}/staff/requests/{first}/files", a.base),
            &form,
            &[file],
        )
        .await;
    assert_eq!(uploaded.status, 303, "{}", uploaded.text());
    let seen: String = sqlx::query_scalar("select id::text from release_files")
        .fetch_one(&db)
        .await
        .unwrap();
    act(
        &mut clerk,
        &a.base,
        first,
        "release",
        &[("confirmed", "yes"), ("release_file", &seen)],
    )
    .await;
    let body: String =
        sqlx::query_scalar("select text_body from email_outbox where kind = 'records_ready'")
            .fetch_one(&db)
            .await
            .unwrap_or_default();
    let link = if body.is_empty() {
        link_from_smtp(&smtp).await
    } else {
        link_in(&body)
    };
    let file_id: uuid::Uuid = sqlx::query_scalar("select id from release_files")
        .fetch_one(&db)
        .await
        .unwrap();
    let mut patient = Visitor::new();
    let token = patient.get(format!("{}{link}", b.base)).await.csrf();
    let download = patient
        .post(
            format!("{}{link}", b.base),
            &[
                ("csrf_token", &token),
                ("dob_month", "4"),
                ("dob_day", "28"),
                ("dob_year", "1986"),
                ("file", &file_id.to_string()),
            ],
        )
        .await;
    assert_eq!(download.status, 200, "{}", download.text());
    assert_eq!(download.body, pdf_bytes());

    // Every queued email goes out exactly once, whichever worker took it.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let unsent: i64 =
            sqlx::query_scalar("select count(*) from email_outbox where sent_at is null")
                .fetch_one(&db)
                .await
                .unwrap();
        if unsent == 0 {
            break;
        }
        assert!(Instant::now() < deadline, "{unsent} emails still unsent");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let queued: Vec<String> = sqlx::query_scalar("select message_id from email_outbox")
        .fetch_all(&db)
        .await
        .unwrap();
    let delivered: Vec<String> = smtp
        .messages()
        .iter()
        .map(|m| {
            mailparse::parse_mail(m)
                .unwrap()
                .headers
                .get_first_value("Message-ID")
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(delivered.len(), queued.len(), "each email once");
    assert_eq!(
        delivered.iter().collect::<HashSet<_>>(),
        queued.iter().collect::<HashSet<_>>()
    );
    let _ = std::fs::remove_dir_all(&scratch);
}

/// The worker may already have sent the email (and cleared its body): read it from SMTP.
async fn link_from_smtp(smtp: &SmtpServer) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        for raw in smtp.messages() {
            let mail = mailparse::parse_mail(&raw).unwrap();
            let text = crate::smtp_server::plain_text(&mail);
            if text.contains("http://portal.test/d/") {
                return link_in(&text);
            }
        }
        assert!(Instant::now() < deadline, "no records-ready email");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
