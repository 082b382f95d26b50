//! English and Spanish: the catalogs agree, the switch works without JavaScript and is kept
//! (cookie and account), `Accept-Language` decides otherwise, pages say their language and
//! that they vary, a request keeps the language it was filed in, and the language
//! assistance notice is in fifteen languages.

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use records_portal::intake::sample::patient_form;
use sqlx::PgPool;

use crate::helpers::TestApp;

/// Message ids and the arguments each uses, read from a Fluent file.
fn messages(path: &str) -> BTreeMap<String, Vec<String>> {
    let text = std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR")))
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        let starts_message = line.split_once(" = ").filter(|(id, _)| {
            !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
        if let Some((id, _)) = starts_message {
            current = Some(id.to_owned());
            found.entry(id.to_owned()).or_default();
        } else if !line.starts_with(' ') {
            current = None;
        }
        if let Some(id) = &current {
            let args = found.get_mut(id).expect("entry");
            for piece in line.split("{ $").skip(1) {
                let name: String = piece
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                    .collect();
                if !args.contains(&name) {
                    args.push(name);
                }
            }
            args.sort();
        }
    }
    found
}

#[test]
fn every_message_exists_in_both_catalogs_with_the_same_arguments() {
    let en = messages("locales/en/main.ftl");
    let es = messages("locales/es/main.ftl");
    assert!(en.len() > 10, "{} messages", en.len());
    for (id, args) in &en {
        assert_eq!(
            es.get(id),
            Some(args),
            "{id}: English has {args:?}, Spanish {:?}",
            es.get(id)
        );
    }
    // Spanish for English that lives in Rust: coded values (`RecordKind-mri_images`), legal
    // wording (`SensitiveConsent-hiv`) and validation messages (`m-...`).
    for id in es.keys() {
        let for_rust_english =
            id.starts_with(|c: char| c.is_ascii_uppercase()) || id.starts_with("m-");
        assert!(
            en.contains_key(id) || for_rust_english,
            "{id} is only in Spanish"
        );
    }
    let core = messages("locales/core.ftl");
    for (code, _) in records_portal::i18n::NOTICE_LANGUAGES {
        assert_eq!(
            core.get(&format!("tagline-{code}")),
            Some(&vec!["phone".to_owned()]),
            "{code}"
        );
        assert!(core.contains_key(&format!("autonym-{code}")), "{code}");
    }
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_switch_is_a_link_kept_in_a_cookie_and_accept_language_decides_otherwise(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let home = app.get("/").await;
    assert!(home.body.contains("<html lang=\"en\">"));
    assert!(
        home.body.contains("href=\"/language/es?back=/\""),
        "the switch is a plain link"
    );
    assert!(
        home.headers
            .get_all(header::VARY)
            .iter()
            .any(|v| v.to_str().unwrap_or("").contains("Accept-Language"))
    );

    let switched = app.get("/language/es?back=/requests/new").await;
    switched.assert_redirect_to("/requests/new");
    assert!(
        switched.headers[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .starts_with("rp_lang=es")
    );
    let page = app.get("/").await.body;
    assert!(page.contains("<html lang=\"es\">") && page.contains("Ir al contenido principal"));
    app.get("/language/en?back=https://evil.example/")
        .await
        .assert_redirect_to("/");
    app.get("/language/en?back=/x%0D%0ASet-Cookie:%20a=1")
        .await
        .assert_redirect_to("/");
    assert_eq!(app.get("/language/xx").await.status, StatusCode::NOT_FOUND);

    let mut fresh = TestApp::spawn(app.db.clone()).await;
    let request = Request::get("/")
        .header(header::ACCEPT_LANGUAGE, "es-MX,es;q=0.9,en;q=0.5")
        .body(Body::empty())
        .unwrap();
    assert!(
        fresh
            .request(request)
            .await
            .body
            .contains("<html lang=\"es\">")
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_patient_keeps_the_language_and_a_request_keeps_the_one_it_was_filed_in(db: PgPool) {
    let mut app = TestApp::spawn(db.clone()).await;
    let account = crate::portal::jordan(&mut app).await;
    app.get("/language/es?back=/account").await;
    let stored: String = sqlx::query_scalar("select language from patient_accounts where id = $1")
        .bind(account)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(stored, "es");
    // Another browser, in English, signs in and is answered in Spanish from then on.
    let mut other = TestApp::spawn(db.clone()).await;
    let signed_in = crate::portal::sign_in(
        &mut other,
        "jordan@example.com",
        crate::portal::PATIENT_PASSWORD,
    )
    .await;
    let cookies: Vec<&str> = signed_in
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    assert!(
        cookies.iter().any(|c| c.starts_with("rp_lang=es")),
        "{cookies:?}"
    );

    let mut spanish = TestApp::spawn(db.clone()).await;
    spanish.get("/language/es?back=/").await;
    let id = spanish.file(&patient_form()).await;
    let language: String = sqlx::query_scalar("select language from requests where id = $1")
        .bind(id)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(language, "es");
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_language_assistance_notice_is_in_fifteen_languages_with_the_phone(db: PgPool) {
    let mut app = TestApp::spawn(db).await;
    let home = app.get("/").await.body;
    assert!(
        home.contains("href=\"/language-assistance\""),
        "linked from the footer"
    );
    let notice = app.get("/language-assistance").await;
    assert_eq!(notice.status, StatusCode::OK);
    let phone = app.state.config.practice.phone.clone();
    assert!(notice.body.matches(&phone).count() >= 15);
    for (code, _) in records_portal::i18n::NOTICE_LANGUAGES {
        assert!(notice.body.contains(&format!("lang=\"{code}\"")), "{code}");
    }
    assert!(
        notice.body.contains("dir=\"rtl\""),
        "Arabic reads right to left"
    );
}

/// The text of a Fluent file's messages without arguments, by id.
fn plain_values(path: &str) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    text.lines()
        .filter_map(|line| line.split_once(" = "))
        .filter(|(id, value)| {
            !id.is_empty()
                && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !value.contains('{')
        })
        .map(|(id, value)| (id.to_owned(), value.trim().to_owned()))
        .collect()
}

/// The text between tags, trimmed, one entry per text node; text right inside an element
/// marked as another language (the switch, the footer's other names) is left out.
fn text_nodes(html: &str) -> Vec<String> {
    html.split('<')
        .filter_map(|piece| piece.split_once('>'))
        .filter(|(tag, _)| !tag.contains("lang=\"") || tag.contains("lang=\"es\""))
        .map(|(_, text)| text.trim().to_owned())
        .filter(|text| !text.is_empty())
        .collect()
}

/// Fails on any text node that is an English catalog message (and not the same in Spanish),
/// or an English label or validation message written in Rust.
fn assert_no_english(
    html: &str,
    english: &BTreeMap<String, String>,
    spanish: &BTreeMap<String, String>,
    page: &str,
) {
    assert!(
        html.contains("<html lang=\"es\">"),
        "{page} is not in Spanish"
    );
    for node in text_nodes(html) {
        let untranslated = english
            .iter()
            .find(|(id, value)| **value == node && spanish.get(*id) != Some(value));
        assert!(
            untranslated.is_none(),
            "{page}: {node:?} is English ({untranslated:?})"
        );
        let rust_english = records_portal::i18n::message_id(&node);
        assert!(
            spanish.get(&rust_english).is_none_or(|es| *es == node) || node.len() < 4,
            "{page}: {node:?} is English written in Rust"
        );
    }
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn translated_pages_in_spanish_have_no_english_left(db: PgPool) {
    let english = plain_values("locales/en/main.ftl");
    let spanish = plain_values("locales/es/main.ftl");
    let mut app = TestApp::spawn(db).await;
    app.get("/language/es?back=/").await;
    for path in [
        "/",
        "/language-assistance",
        "/no-such-page",
        "/track/expired-or-wrong",
        "/account/login",
        "/account/register",
        "/account/register/sent",
        "/account/reset",
        "/account/reset/sent",
        "/account/reset/expired-or-wrong",
        "/account/confirm/expired-or-wrong",
    ] {
        let page = app.get(path).await;
        assert!(page.body.contains("<html lang=\"es\">"), "{path}");
        for node in text_nodes(&page.body) {
            let untranslated = english
                .iter()
                .find(|(id, value)| **value == node && spanish.get(*id) != Some(value));
            assert!(
                untranslated.is_none(),
                "{path}: {node:?} is English ({untranslated:?})"
            );
        }
    }
    // The form's answers: its review page, its 422 page (every message in Spanish, every
    // value kept) and its confirmation.
    let token = app.csrf_token().await;
    let form = crate::helpers::with_csrf(&patient_form(), &token);
    let review = app.post_form("/requests/review", &form).await;
    assert_eq!(review.status, StatusCode::OK, "{}", review.body);
    assert_no_english(&review.body, &english, &spanish, "review");
    assert!(
        review.body.contains("28 de abril de 1986"),
        "dates in words, in Spanish"
    );
    let mistaken = crate::helpers::with_value(&form, "patient_email", "not-an-email");
    let mistaken = crate::helpers::with_value(&mistaken, "dob_year", "");
    let refused = app.post_form("/requests/review", &mistaken).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_no_english(&refused.body, &english, &spanish, "422");
    assert!(
        refused.body.contains("Hay 2 problemas con sus respuestas"),
        "{}",
        refused.body
    );
    assert!(
        refused.body.contains("No es un correo electrónico")
            && refused.body.contains("value=\"not-an-email\"")
    );
    let filed = app.submit(&patient_form(), &[]).await;
    let confirmation = app.get(filed.location()).await;
    assert_no_english(&confirmation.body, &english, &spanish, "confirmation");
    assert!(
        confirmation
            .body
            .contains("Gracias: recibimos su solicitud")
    );
    // The tracking page the confirmation email links to.
    let email: String = sqlx::query_scalar(
        "select text_body from email_outbox where kind = 'request_received' order by created_at desc limit 1",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert!(email.contains("Siga su solicitud"), "{email}");
    let tracking = app.get(&crate::tracking::tracking_path(&email)).await;
    assert_eq!(tracking.status, StatusCode::OK);
    assert_no_english(&tracking.body, &english, &spanish, "tracking");
    assert!(
        tracking.body.contains("Estado: Recibida"),
        "{}",
        tracking.body
    );

    let missing = app.get("/no-such-page").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(
        missing.body.contains("No encontramos la página")
            && missing.body.contains(&app.state.config.practice.phone)
    );
    assert!(
        missing.body.contains("usa-footer"),
        "the error page has the site's header and footer"
    );
    // Staff pages stay English, whole, and offer no switch.
    let staff = app.get("/staff/login").await;
    assert!(staff.body.contains("<html lang=\"en\">") && !staff.body.contains("/language/es?"));
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_start_page_links_what_it_cites_and_names_who_answers_third_parties(db: PgPool) {
    let mut app = TestApp::spawn_with(db, |c| {
        c.practice.elsewhere.third_party_name = Some("Harbor ROI Services".into());
        c.practice.elsewhere.third_party_phone = Some("(800) 555-0199".into());
    })
    .await;
    let home = app.get("/").await.body;
    for link in [
        "https://portal.ct.gov/dph/practitioner-licensing--investigations/plis/access-to-medical-records",
        "https://conniect.org/",
        "https://www.jud.ct.gov/lawlib/law/healthcare.htm",
    ] {
        assert!(
            home.contains(&format!("<a href=\"{link}\">")),
            "{link}: an ordinary link"
        );
    }
    assert!(home.contains("Harbor ROI Services") && home.contains("(800) 555-0199"));
    assert!(
        home.contains("mailto:records@portal.test"),
        "the records office's email by default"
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_secure_download_page_in_spanish(db: PgPool) {
    let english = plain_values("locales/en/main.ftl");
    let spanish = plain_values("locales/es/main.ftl");
    let mut app = TestApp::spawn(db).await;
    let released = crate::release::ready_by_link(&mut app).await;
    crate::release::release_with(&mut app, released, &[]).await;
    let download = crate::release::download_path(&app).await;
    let mut requester = TestApp::spawn(app.db.clone()).await;
    requester.get("/language/es?back=/").await;
    let page = requester.get(&download).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_no_english(&page.body, &english, &spanish, "download");
    let token = page.csrf_token();
    let file: String = sqlx::query_scalar("select id::text from release_files limit 1")
        .fetch_one(&app.db)
        .await
        .unwrap();
    let wrong = records_portal::forms::FormValues::new(vec![
        ("csrf_token".into(), token),
        ("dob_month".into(), "1".into()),
        ("dob_day".into(), "2".into()),
        ("dob_year".into(), "1950".into()),
        ("file".into(), file),
    ]);
    let refused = requester.post_form(&download, &wrong).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("Esa fecha de nacimiento no coincide"),
        "{}",
        refused.body
    );
    assert!(refused.body.contains("aria-invalid=\"true\""));
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn later_emails_about_a_spanish_request_are_in_spanish_whoever_sends_them(db: PgPool) {
    let mut patient = TestApp::spawn(db.clone()).await;
    patient.get("/language/es?back=/").await;
    let id = patient.file(&patient_form()).await;
    // The clerk works in English; the email follows the request's language.
    let mut clerk = english_clerk(db).await;
    let base = format!("/staff/requests/{id}");
    clerk
        .post_staff(&format!("{base}/start-verifying"), &[])
        .await;
    clerk
        .post_staff(
            &format!("{base}/request-info"),
            &[("message", "Envíe su identificación.")],
        )
        .await
        .assert_redirect_to(&base);
    let (subject, text): (String, String) = sqlx::query_as(
        "select subject, text_body from email_outbox where kind = 'needs_information'",
    )
    .fetch_one(&clerk.db)
    .await
    .unwrap();
    assert!(
        subject.starts_with("Necesitamos más información"),
        "{subject}"
    );
    assert!(
        text.contains("Hola:") && text.contains("Leer nuestro mensaje y responder"),
        "{text}"
    );
    let page = clerk.get(&base).await.body;
    assert!(page.contains("Filed in Spanish"));
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_patient_reads_and_signs_an_authorization_in_spanish(db: PgPool) {
    let english = plain_values("locales/en/main.ftl");
    let spanish = plain_values("locales/es/main.ftl");
    // An attorney files in Spanish: the patient's signing email and page are in Spanish.
    let mut attorney = TestApp::spawn(db.clone()).await;
    attorney.get("/language/es?back=/").await;
    let id = attorney
        .file_unsigned(&records_portal::intake::sample::attorney_form())
        .await;
    let (subject,): (String,) = sqlx::query_as(
        "select subject from email_outbox where kind = 'authorization_to_sign' and request_id = $1",
    )
    .bind(id)
    .fetch_one(&db)
    .await
    .unwrap();
    assert!(
        subject.starts_with("Lea y firme una autorización"),
        "{subject}"
    );
    let path = attorney.signing_path(id).await;
    let mut patient = TestApp::spawn(db).await;
    patient.get("/language/es?back=/").await;
    let challenge = patient.get(&path).await;
    assert_no_english(&challenge.body, &english, &spanish, "sign: date of birth");
    // Every statement left out: the page to read, with its mistakes, all in Spanish.
    let mut unticked: Vec<(&str, &str)> = records_portal::domain::request::Statement::ALL
        .iter()
        .map(|s| (s.field(), ""))
        .collect();
    unticked.push(("signature_name", ""));
    let read = patient.patient_signs(&path, &unticked).await;
    assert_eq!(read.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_no_english(&read.body, &english, &spanish, "sign: read");
    assert!(
        read.body
            .contains("Autorización para entregar el expediente médico")
    );
    assert!(read.body.contains("Marque esta casilla para aceptar"));
    let signed = patient.patient_signs(&path, &[]).await;
    assert!(
        signed.body.contains("Gracias: usted firmó la autorización"),
        "{}",
        signed.body
    );
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_invoice_of_a_spanish_request_is_a_tagged_pdf_in_spanish(db: PgPool) {
    let mut patient = TestApp::spawn(db.clone()).await;
    patient.get("/language/es?back=/").await;
    let mut clerk = english_clerk(db).await;
    let id = patient.file(&patient_form()).await;
    let base = format!("/staff/requests/{id}");
    clerk.post_staff(&format!("{base}/verify"), &[]).await;
    clerk
        .post_staff(&format!("{base}/pages"), &[("page_count", "12")])
        .await
        .assert_redirect_to(&base);
    let pdf: Vec<u8> = sqlx::query_scalar("select pdf from invoices where request_id = $1")
        .bind(id)
        .fetch_one(&clerk.db)
        .await
        .unwrap();
    let (info, text) = crate::helpers::read_pdf(&pdf);
    assert!(info.contains("Tagged:          yes"), "{info}");
    assert!(info.contains("Title:           Factura INV-"), "{info}");
    // Read in order: letterhead, title, facts, the table, the total, how to pay, the law.
    let mut from = 0;
    for expected in [
        "Administración de Información de Salud",
        "Factura INV-",
        "Fecha:",
        "Facturar a: Jordan Avery Example",
        "Concepto",
        "Importe",
        "Total",
        "Cómo pagar",
        "La ley de Connecticut (CGS 20-7c)",
        "Ayuda gratuita con el idioma",
    ] {
        let at = text[from..]
            .find(expected)
            .unwrap_or_else(|| panic!("{expected:?} after byte {from} of:\n{text}"));
        from += at + expected.len();
    }
    for english in ["Invoice", "How to pay", "Quantity", "Copies of"] {
        assert!(!text.contains(english), "{english:?} in:\n{text}");
    }

    // The printable page behind the tracking link is the same letter, in Spanish.
    let email: String =
        sqlx::query_scalar("select text_body from email_outbox where kind = 'invoice'")
            .fetch_one(&patient.db)
            .await
            .unwrap();
    let path = crate::tracking::tracking_path(&email);
    let page = patient.get(&format!("{path}/invoice")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<html lang=\"es\">"));
    let (english, spanish) = (
        plain_values("locales/en/main.ftl"),
        plain_values("locales/es/main.ftl"),
    );
    assert_no_english(&page.body, &english, &spanish, "invoice page");
    assert!(page.body.contains("Saldo pendiente") && page.body.contains("Descargar"));

    // A payment: the receipt, and an extension: its notice, each a page and a tagged PDF
    // in Spanish.
    clerk
        .post_staff(
            &format!("{base}/payments"),
            &[("kind", "payment"), ("amount", "3.25"), ("method", "card")],
        )
        .await;
    clerk
        .post_staff(
            &format!("{base}/extend"),
            &[("reason", "Los archivos están en otro edificio.")],
        )
        .await;
    let tracking = patient.get(&path).await.body;
    assert!(
        tracking.contains(&format!("{path}/receipt"))
            && tracking.contains(&format!("{path}/extension"))
    );
    for (letter, expected) in [
        (
            "receipt",
            ["Recibo de la solicitud", "Pago", "$3.25", "Saldo pendiente"],
        ),
        (
            "extension",
            [
                "Más tiempo para su solicitud",
                "otro edificio",
                "Responderemos",
                "45 CFR 164.524(b)(2)",
            ],
        ),
    ] {
        let page = patient.get(&format!("{path}/{letter}")).await;
        assert_eq!(page.status, StatusCode::OK, "{letter}");
        assert_no_english(&page.body, &english, &spanish, letter);
        let pdf = patient.get(&format!("{path}/{letter}.pdf")).await;
        let (info, text) = crate::helpers::read_pdf(&pdf.bytes);
        assert!(info.contains("Tagged:          yes"), "{letter}: {info}");
        let mut from = 0;
        for part in expected {
            let at = text[from..]
                .find(part)
                .unwrap_or_else(|| panic!("{letter}: {part:?} after {from} in\n{text}"));
            from += at + part.len();
        }
    }
}

/// A clerk signed in to the staff pages, which stay English.
async fn english_clerk(db: PgPool) -> TestApp {
    let mut clerk = TestApp::spawn(db).await;
    clerk
        .sign_in_as(
            records_portal::staff::accounts::Role::Clerk,
            "clerk@practice.test",
        )
        .await;
    clerk
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn a_patient_creates_a_portal_account_in_spanish(db: PgPool) {
    let (english, spanish) = (
        plain_values("locales/en/main.ftl"),
        plain_values("locales/es/main.ftl"),
    );
    let mut app = TestApp::spawn(db).await;
    app.get("/language/es?back=/").await;
    // A common password is refused in Spanish, zxcvbn's reason too; the values stay.
    let token = app.csrf_token().await;
    let form = records_portal::forms::FormValues::new(vec![
        ("csrf_token".into(), token.clone()),
        ("legal_name".into(), "Jordan Avery Example".into()),
        ("dob_month".into(), "4".into()),
        ("dob_day".into(), "28".into()),
        ("dob_year".into(), "1986".into()),
        ("email".into(), "jordan@example.com".into()),
        ("password".into(), "password1234".into()),
    ]);
    let refused = app.post_form("/account/register", &form).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_no_english(&refused.body, &english, &spanish, "register 422");
    assert!(
        refused.body.contains("Elija una contraseña menos común: ")
            && refused.body.contains("value=\"jordan@example.com\""),
        "{}",
        refused.body
    );
    let strong = crate::helpers::with_value(&form, "password", crate::portal::PATIENT_PASSWORD);
    app.post_form("/account/register", &strong)
        .await
        .assert_redirect_to("/account/register/sent");
    let (subject, text): (String, String) =
        sqlx::query_as("select subject, text_body from email_outbox where kind = 'confirm_email'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(
        subject,
        "Confirme su correo electrónico para el portal del paciente"
    );
    assert!(text.contains("El enlace sirve durante 3 días"), "{text}");
}

#[sqlx::test(migrator = "records_portal::MIGRATOR")]
async fn the_signed_in_portal_in_spanish(db: PgPool) {
    let (english, spanish) = (
        plain_values("locales/en/main.ftl"),
        plain_values("locales/es/main.ftl"),
    );
    let mut app = TestApp::spawn(db).await;
    app.get("/language/es?back=/").await;
    // Registered in Spanish, the account keeps Spanish through sign-in.
    let account = crate::portal::jordan(&mut app).await;
    let id = app.file(&patient_form()).await;
    crate::portal::link(&app, id, account).await;
    for path in [
        "/account".to_owned(),
        format!("/account/requests/{id}"),
        "/account/apps".to_owned(),
        "/account/disclosures".to_owned(),
        "/account/security".to_owned(),
    ] {
        let page = app.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(page.body.contains("<html lang=\"es\">"), "{path}");
        assert_no_english(&page.body, &english, &spanish, &path);
    }
    // Confirming with the password opens setting up an authenticator app, in Spanish.
    let token = app.csrf_token().await;
    let confirm = records_portal::forms::FormValues::new(vec![
        ("csrf_token".into(), token),
        ("password".into(), crate::portal::PATIENT_PASSWORD.into()),
    ]);
    app.post_form("/account/security/confirm", &confirm).await;
    for path in ["/account/security", "/account/security/app"] {
        let page = app.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert_no_english(&page.body, &english, &spanish, path);
    }
    // An app asking to read the records: the consent page, and the page for an app that
    // cannot connect.
    let (client, _) = crate::fhir::register_app(&app.db, false).await;
    let ask = crate::fhir::authorize_query(&app, &client, "patient/*.read");
    let consent = app.get(&ask).await;
    assert_eq!(consent.status, StatusCode::OK, "{}", consent.body);
    assert_no_english(&consent.body, &english, &spanish, "consent");
    assert!(
        consent
            .body
            .contains("¿Permitir que Health Wallet lea su expediente?")
    );
    let unknown = app
        .get(&crate::fhir::authorize_query(
            &app,
            "no-such-app",
            "patient/*.read",
        ))
        .await;
    assert_no_english(&unknown.body, &english, &spanish, "cannot connect");
    assert!(
        unknown.body.contains("no está registrada"),
        "{}",
        unknown.body
    );

    // A change to how the account signs in is told by email, in the account's language.
    let token = app.csrf_token().await;
    let off = records_portal::forms::FormValues::new(vec![("csrf_token".into(), token)]);
    app.post_form("/account/security/off", &off).await;
    let (subject, text): (String, String) = sqlx::query_as(
        "select subject, text_body from email_outbox where kind = 'patient_sign_in_changed'",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(
        subject,
        "Cambió la forma de entrar a su portal del paciente"
    );
    assert!(
        text.contains("Si usted no hizo ni pidió este cambio"),
        "{text}"
    );
    let home = app.get("/account").await.body;
    assert!(
        home.contains("Su portal del paciente") && home.contains("Recibida"),
        "{home}"
    );
    // The accounting as a tagged PDF in Spanish.
    let pdf = app.get("/account/disclosures.pdf").await;
    assert_eq!(pdf.status, StatusCode::OK);
    let (info, text) = crate::helpers::read_pdf(&pdf.bytes);
    assert!(info.contains("Tagged:          yes"), "{info}");
    assert!(
        text.contains("Con quién compartimos su expediente") && text.contains("45 CFR 164.528"),
        "{text}"
    );
}
