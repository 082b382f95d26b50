//! The request form's handlers: show it, review it, submit it, confirm it.

use axum::Form;
use axum::extract::State;
use axum::extract::multipart::Multipart;
use axum::extract::rejection::FormRejection;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use uuid::Uuid;

use super::filing::{Arrival, Filing, file_request};
use super::new_request::{NewRequest, Signature};
use super::queries;
use super::uploads::{self, FilePurpose};
use super::views::{ConfirmationPage, FormPricing, RequestFormPage, ReviewPage};
use crate::billing::quote_view::QuoteView;
use crate::domain::calendar::practice_date;
use crate::domain::contact::EmailAddress;
use crate::domain::due_dates::service_target;
use crate::domain::fees::{self, FeeSchedule};
use crate::domain::request::Purpose;
use crate::error::{AppError, AppResult};
use crate::forms::CSRF_FIELD;
use crate::forms::{FieldErrors, FormValues};
use crate::http::client_ip::ClientIp;
use crate::http::csrf::{CsrfToken, cookie_value};
use crate::practice::{days, fee_schedules};
use crate::rate_limit::{self, Limit};
use crate::state::AppState;

const CONFIRM_COOKIE: &str = "rp_confirm";
const CONFIRM_PURPOSE: &str = "confirmation";
/// The review page's one-time key for its filing.
const FILING_KEY: &str = "filing_key";

pub async fn show_request_form(
    State(state): State<AppState>,
    csrf: CsrfToken,
    session: tower_sessions::Session,
) -> AppResult<impl IntoResponse> {
    // Signed in to the portal: the patient's own details come filled in.
    let (form, notice) = match crate::accounts::patient_session::current(&state, &session).await? {
        Some(patient) => (
            prefilled(&patient),
            Some(
                "You are signed in to the patient portal: your details are filled in and the request will appear in your portal.",
            ),
        ),
        None => (FormValues::default(), None),
    };
    form_page(&state, &csrf, form, FieldErrors::default(), notice).await
}

fn prefilled(patient: &crate::accounts::patient_session::Patient) -> FormValues {
    let dob = patient.date_of_birth;
    FormValues::new(vec![
        ("requester_type".into(), "self".into()),
        ("patient_name".into(), patient.legal_name.clone()),
        ("dob_month".into(), u8::from(dob.month()).to_string()),
        ("dob_day".into(), dob.day().to_string()),
        ("dob_year".into(), dob.year().to_string()),
        ("patient_email".into(), patient.email.clone()),
    ])
}

/// Step two: the server-rendered summary and fee estimate (works without JavaScript).
pub async fn review_request(
    State(state): State<AppState>,
    csrf: CsrfToken,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> AppResult<Response> {
    let Form(pairs) = form.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::PayloadTooLarge
        } else {
            AppError::BadRequest
        }
    })?;
    let form = FormValues::new(pairs);
    if csrf.verify(form.get(CSRF_FIELD)).is_err() {
        return expired_form(&state, &csrf, form).await;
    }
    let today = practice_date(state.clock.now());
    Ok(match NewRequest::parse(&form, today) {
        Ok(request) => review_page(&state, &csrf, form, request, FieldErrors::default())
            .await?
            .into_response(),
        Err(errors) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            form_page(&state, &csrf, form, errors, None).await?,
        )
            .into_response(),
    })
}

/// Step three: everything (answers and files) arrives in one multipart post and is
/// committed whole, or not at all.
pub async fn submit_request(
    State(state): State<AppState>,
    csrf: CsrfToken,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    session: tower_sessions::Session,
    multipart: Multipart,
) -> AppResult<Response> {
    let now = state.clock.now();
    let patient = crate::accounts::patient_session::current(&state, &session).await?;
    let limit = Limit {
        bucket: "submit_request",
        max_hits: state.config.submit_limit_per_hour,
        window: time::Duration::hours(1),
    };
    let client_key = state.signer.sign(
        "rate-limit",
        ip.map(|i| i.to_string()).unwrap_or_default().as_bytes(),
    );
    rate_limit::check(&state.db, &limit, client_key.as_bytes(), now).await?;

    let submission = uploads::receive(
        multipart,
        &csrf,
        &state.files,
        state.config.upload_max_bytes,
    )
    .await?;
    if submission.values.get("action") == "edit" {
        submission.discard_files(&state.files).await;
        let values = submission.values;
        let page = form_page(&state, &csrf, values, FieldErrors::default(), None).await?;
        return Ok(page.into_response());
    }
    let today = practice_date(now);
    let request = match NewRequest::parse(&submission.values, today) {
        Ok(request) => request,
        Err(errors) => {
            submission.discard_files(&state.files).await;
            let page = form_page(&state, &csrf, submission.values, errors, None).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let mut file_errors = submission.file_errors.clone();
    let has_ssa = submission.has_file(FilePurpose::SsaDocumentation);
    if request.purpose == Purpose::SocialSecurity && !has_ssa {
        file_errors.add(
            FilePurpose::SsaDocumentation.field(),
            "Attach documentation of the Social Security claim, or change your answers and choose another purpose",
        );
    }
    if request.authorization.signature == Signature::Paper
        && !submission.has_file(FilePurpose::SignedAuthorization)
    {
        file_errors.add(
            FilePurpose::SignedAuthorization.field(),
            "Attach the authorization the patient signed, or change your answers and have the patient sign online",
        );
    }
    if !file_errors.is_empty() {
        submission.discard_files(&state.files).await;
        let page = review_page(&state, &csrf, submission.values, request, file_errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }

    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|ua| ua.chars().take(500).collect::<String>());
    let arrival = Arrival {
        ip,
        user_agent: user_agent.as_deref(),
        filing_key: Uuid::parse_str(submission.values.get(FILING_KEY)).ok(),
    };
    let filing = file_request(
        &state,
        &request,
        &submission.files,
        &arrival,
        has_ssa,
        patient.as_ref(),
    )
    .await;
    let created = match filing {
        Ok(Filing::New(created)) => {
            state.outbox_signal.notify_one();
            tracing::info!(request.id = %created, "request received");
            created
        }
        // The same form again (Back, then Send): its first confirmation, nothing new.
        // Sent again with files it did not have: say so rather than drop them unseen.
        Ok(Filing::Earlier(earlier)) if !submission.files.is_empty() => {
            submission.discard_files(&state.files).await;
            let reference = queries::confirmation_facts(&state.db, earlier)
                .await?
                .map(|f| f.reference)
                .unwrap_or_default();
            let mut errors = FieldErrors::default();
            for file in &submission.files {
                errors.add(
                    file.purpose.field(),
                    format!("Your request was already sent as {reference}, so this file was not added. To send it, answer from the tracking link in our email, or call us."),
                );
            }
            let values = submission.values.clone();
            let page = review_page(&state, &csrf, values, request, errors).await?;
            return Ok((StatusCode::CONFLICT, page).into_response());
        }
        Ok(Filing::Earlier(earlier)) => {
            tracing::info!(request.id = %earlier, "request sent again; shown its confirmation");
            earlier
        }
        Err(error) => {
            submission.discard_files(&state.files).await;
            return Err(error);
        }
    };

    let value = format!(
        "{created}.{}",
        state
            .signer
            .sign(CONFIRM_PURPOSE, created.to_string().as_bytes())
    );
    let secure = if state.config.base_url.starts_with("https://") {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{CONFIRM_COOKIE}={value}; Path=/requests/confirmation; Max-Age=3600; HttpOnly; SameSite=Lax{secure}"
    );
    let mut response = Redirect::to("/requests/confirmation").into_response();
    let cookie = HeaderValue::from_str(&cookie).map_err(|e| AppError::Internal(e.to_string()))?;
    response.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(response)
}

pub async fn show_confirmation(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let id = cookie_value(&headers, CONFIRM_COOKIE)
        .and_then(|v| v.split_once('.'))
        .filter(|(id, sig)| state.signer.verify(CONFIRM_PURPOSE, id.as_bytes(), sig))
        .and_then(|(id, _)| Uuid::parse_str(id).ok())
        .ok_or(AppError::NotFound)?;
    let facts = queries::confirmation_facts(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let method = facts.delivery_method;
    let calendar = days::calendar(&state.db, &state.calendar).await?;
    let target = service_target(&calendar, facts.received_on, method);
    let masked_email = EmailAddress::parse(&facts.contact_email)
        .map(|e| e.masked())
        .unwrap_or_default();
    let site = state.site();
    Ok(ConfirmationPage {
        reference: facts.reference,
        service_target: site.long_date(target.latest),
        legal_deadline: site.long_date(facts.legal_due_on),
        site,
        masked_email,
        mailed: !method.is_electronic(),
    }
    .into_response())
}

/// The fee schedule in effect today, which prices the form's estimate and the review.
async fn schedule_today(state: &AppState) -> AppResult<FeeSchedule> {
    let today = practice_date(state.clock.now());
    fee_schedules::in_effect(&state.db, today).await
}

async fn form_page(
    state: &AppState,
    csrf: &CsrfToken,
    form: FormValues,
    errors: FieldErrors,
    notice: Option<&'static str>,
) -> AppResult<RequestFormPage> {
    Ok(RequestFormPage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        form,
        errors,
        notice,
        pricing: FormPricing::new(&schedule_today(state).await?),
    })
}

/// A form whose CSRF token did not match (an old tab, cleared cookies, or a forgery):
/// nothing is done, and the answers come back to be sent again from this site.
async fn expired_form(state: &AppState, csrf: &CsrfToken, form: FormValues) -> AppResult<Response> {
    let notice = "For your security, please check your answers and press Continue again.";
    let page = form_page(state, csrf, form, FieldErrors::default(), Some(notice)).await?;
    Ok((StatusCode::FORBIDDEN, page).into_response())
}

async fn review_page(
    state: &AppState,
    csrf: &CsrfToken,
    form: FormValues,
    request: NewRequest,
    errors: FieldErrors,
) -> AppResult<ReviewPage> {
    let ssa = request.purpose == Purpose::SocialSecurity;
    let quote = fees::quote(&schedule_today(state).await?, &request.quote_request(ssa));
    // One key per reviewed form, carried to the filing: sent twice, it files once.
    let form = if Uuid::parse_str(form.get(FILING_KEY)).is_ok() {
        form
    } else {
        let mut pairs = form.pairs().to_vec();
        pairs.push((FILING_KEY.to_owned(), Uuid::new_v4().to_string()));
        FormValues::new(pairs)
    };
    Ok(ReviewPage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        form,
        request,
        quote: QuoteView::in_lang(&quote, crate::i18n::current().lang),
        errors,
        max_upload_mb: state.config.upload_max_bytes / (1024 * 1024),
    })
}
