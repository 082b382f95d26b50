//! `GET /staff/requests/{id}`: everything about one request, and the forms that move it.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

use crate::audit::{self, Actor};
use crate::billing::quote_view::QuoteView;
use crate::delivery::accounting::{self, AccountingPage};
use crate::domain::calendar::{practice_date, practice_timestamp};
use crate::domain::denial::DenialGround;
use crate::domain::fees::Quote;
use crate::domain::request::{Destinations, RequesterType, Route, SignedBy};
use crate::domain::workflow::{self, Action, Facts, Status};
use crate::error::{AppError, AppResult};
use crate::http::client_ip::ClientIp;
use crate::http::csrf::CsrfToken;
use crate::requests::authorization::{self, Checklist, OnFile};
use crate::staff::accounts::Role;
use crate::staff::auth::{AnyStaff, StaffUser};
use crate::staff::queries::request::{
    self as queries, AuditRow, EmailRow, FileRow, HistoryRow, MessageRow, RequestRow,
};
use crate::state::{AppState, Site};

#[derive(Template, WebTemplate)]
#[template(path = "staff/request.html")]
pub struct RequestPage {
    site: Site,
    csrf: String,
    user: StaffUser,
    r: RequestRow,
    status: Status,
    authorization: Option<OnFile>,
    checklist: Option<Checklist>,
    /// What the last action did, shown once.
    done: Option<&'static str>,
    kinds: Vec<&'static str>,
    files: Vec<FileRow>,
    quote: QuoteView,
    quote_is_final: bool,
    history: Vec<HistoryRow>,
    emails: Vec<EmailRow>,
    messages: Vec<MessageRow>,
    audit: Vec<AuditRow>,
    account: Option<crate::billing::statement::Statement>,
    release_files: Vec<crate::files::StoredFile>,
    /// Released copies purged after the retention period: how many, and when.
    purged: (i64, Option<time::OffsetDateTime>),
    links: Vec<crate::delivery::links::LinkRow>,
    now: time::OffsetDateTime,
    can: Available,
    problem: Option<String>,
}

impl RequestPage {
    /// Staff may still change how the patient signs a third party's request.
    fn can_change_signature(&self) -> bool {
        self.r.requester_type == RequesterType::ThirdParty
            && self.status.before_verification()
            && self
                .authorization
                .as_ref()
                .is_some_and(|a| a.revoked_at.is_none() && !a.signed_online())
    }

    fn has_paper_file(&self) -> bool {
        self.files
            .iter()
            .any(|f| f.purpose == "signed_authorization")
    }
}

/// Which action forms the page shows.
#[derive(Default)]
struct Available {
    assign: bool,
    start_verifying: bool,
    mark_verified: bool,
    request_info: bool,
    info_received: bool,
    record_pages: bool,
    approve: bool,
    extend: bool,
    deny: bool,
    withdraw: bool,
    upload: bool,
    release: bool,
}

impl Available {
    /// Something under "Actions" (uploads and release have their own section).
    fn any_workflow_action(&self) -> bool {
        self.assign
            || self.start_verifying
            || self.mark_verified
            || self.request_info
            || self.info_received
            || self.record_pages
            || self.approve
            || self.extend
            || self.deny
            || self.withdraw
    }
}

pub async fn show_request(
    State(state): State<AppState>,
    AnyStaff(user): AnyStaff,
    csrf: CsrfToken,
    ClientIp(ip): ClientIp,
    Path(id): Path<Uuid>,
    headers: axum::http::HeaderMap,
) -> AppResult<Response> {
    let now = state.clock.now();
    let mut page = load_page(&state, user, &csrf, id, None).await?;
    let done = super::flash::take(&headers, id);
    page.done = done.as_ref().map(|(message, _)| *message);
    audit::record(
        &state.db,
        Actor::Staff(page.user.id),
        "request.viewed",
        Some(id),
        ip,
        serde_json::json!({}),
        now,
    )
    .await?;
    let mut response = page.into_response();
    if let Some((_, clear)) = done {
        response
            .headers_mut()
            .append(axum::http::header::SET_COOKIE, clear);
    }
    Ok(response)
}

/// The page again with a message saying why an action was refused (409).
pub async fn refused(
    state: &AppState,
    user: StaffUser,
    csrf: &CsrfToken,
    id: Uuid,
    why: String,
) -> AppResult<Response> {
    let page = load_page(state, user, csrf, id, Some(why)).await?;
    Ok((StatusCode::CONFLICT, page).into_response())
}

async fn load_page(
    state: &AppState,
    user: StaffUser,
    csrf: &CsrfToken,
    id: Uuid,
    problem: Option<String>,
) -> AppResult<RequestPage> {
    let db = &state.db;
    let r = queries::load(db, id).await?.ok_or(AppError::NotFound)?;
    let status = r.status;
    let authorization = authorization::load(db, id).await?;
    let kind_codes = queries::record_kinds(db, id).await?;
    let today = practice_date(state.clock.now());
    let checklist = authorization.as_ref().map(|a| a.checklist(today));
    let (quote_json, quote_is_final) = match &r.final_fee {
        Some(fee) => (fee.clone(), true),
        None => (r.fee_estimate.clone(), false),
    };
    let quote: Quote = serde_json::from_value(quote_json)
        .map_err(|e| AppError::Internal(format!("stored quote: {e}")))?;
    let can = available(status, &r, &user);
    Ok(RequestPage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        kinds: kind_codes.iter().map(|k| k.label()).collect(),
        files: queries::files(db, id).await?,
        quote: QuoteView::from(&quote),
        quote_is_final,
        history: queries::history(db, id).await?,
        emails: queries::emails(db, id).await?,
        messages: queries::messages(db, id).await?,
        audit: queries::audit_trail(db, id).await?,
        account: crate::billing::statement::load(db, id).await?,
        release_files: crate::delivery::release_files(db, id).await?,
        purged: crate::delivery::purged_files(db, id).await?,
        links: crate::delivery::links::list(db, id).await?,
        now: state.clock.now(),
        user,
        r,
        status,
        authorization,
        checklist,
        done: None,
        can,
        problem,
    })
}

fn available(status: Status, r: &RequestRow, user: &StaffUser) -> Available {
    let facts = Facts {
        sensitive: r.has_sensitive,
        reviewer_approved: r.reviewer_approved_at.is_some(),
        payment_due: false,
    };
    let allowed = |action| workflow::next(status, action, facts).is_ok();
    Available {
        assign: status.is_open() && r.assigned_to != Some(user.id),
        start_verifying: allowed(Action::StartVerifying),
        mark_verified: allowed(Action::MarkVerified),
        request_info: allowed(Action::RequestInfo),
        info_received: allowed(Action::InfoReceived),
        record_pages: status == Status::InFulfillment,
        approve: status.is_open()
            && r.has_sensitive
            && r.reviewer_approved_at.is_none()
            && user.role == Role::Reviewer,
        extend: status.is_open() && r.deadline_extended_at.is_none(),
        deny: status.is_open(),
        withdraw: status.is_open(),
        upload: matches!(
            status,
            Status::InFulfillment | Status::AwaitingPayment | Status::ReadyToRelease
        ),
        release: allowed(Action::Release),
    }
}

/// Small helpers the template calls.
impl RequestPage {
    fn blockers(&self) -> &[&'static str] {
        self.checklist.as_ref().map_or(&[], |c| &c.blockers)
    }
    fn elements(&self) -> &[crate::domain::authorization::Element] {
        self.checklist.as_ref().map_or(&[], |c| &c.elements)
    }
    fn sensitive(&self) -> &[&'static str] {
        self.checklist.as_ref().map_or(&[], |c| &c.sensitive)
    }
    fn requester_label(&self) -> &'static str {
        self.r.requester_type.label()
    }
    fn purpose_label(&self) -> &'static str {
        self.r.purpose.label()
    }
    fn delivery_label(&self) -> &'static str {
        self.r.delivery_method.label()
    }
    /// Who a secure link goes to: the office's or the delivery email, else the requester's.
    fn link_recipient(&self) -> Option<&str> {
        (self.release_route() == Some(Route::SecureLink)).then(|| {
            self.r
                .delivery_email
                .as_deref()
                .unwrap_or(&self.r.requester_email)
        })
    }
    /// How a release would travel; `None` when the request names nowhere to send it.
    fn release_route(&self) -> Option<Route> {
        self.r.delivery_method.route(Destinations {
            email: self.r.delivery_email.is_some(),
            fax: self.r.delivery_fax.is_some(),
            address: self.r.delivery_address.is_some(),
        })
    }
    fn file_hash(file: &FileRow) -> String {
        Self::hex(&file.sha256)
    }
    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }
    fn when(at: &time::OffsetDateTime) -> String {
        practice_timestamp(*at)
    }
    fn denial_grounds(&self) -> &'static [DenialGround] {
        DenialGround::ALL
    }
    fn dollars(cents: &i64) -> crate::domain::money::Cents {
        crate::domain::money::Cents::new(*cents)
    }
    fn payment_methods(&self) -> &'static [crate::billing::ledger::PaymentMethod] {
        crate::billing::ledger::PaymentMethod::ALL
    }
    fn is_reviewer(&self) -> bool {
        self.user.role == Role::Reviewer
    }
}

pub async fn show_letter(
    State(state): State<AppState>,
    AnyStaff(user): AnyStaff,
    ClientIp(ip): ClientIp,
    Path(id): Path<Uuid>,
) -> AppResult<crate::letters::LetterPage> {
    let letter =
        crate::requests::letter::view_denial_letter(&state, id, Actor::Staff(user.id), ip).await?;
    let pdf = format!("/staff/requests/{id}/letter.pdf");
    Ok(crate::letters::LetterPage::new(letter, Some(pdf)))
}

/// `GET /staff/requests/{id}/letter.pdf`: the denial letter as mailed.
pub async fn letter_pdf(
    State(state): State<AppState>,
    AnyStaff(user): AnyStaff,
    ClientIp(ip): ClientIp,
    Path(id): Path<Uuid>,
) -> AppResult<axum::response::Response> {
    let letter =
        crate::requests::letter::view_denial_letter(&state, id, Actor::Staff(user.id), ip).await?;
    crate::letters::pdf_download(letter, "denial-letter").await
}

/// `GET /staff/requests/{id}/disclosures`: the accounting of disclosures (164.528) of the
/// patient this request is about, over all their requests, printable; every view audited.
pub async fn show_disclosures(
    State(state): State<AppState>,
    AnyStaff(user): AnyStaff,
    ClientIp(ip): ClientIp,
    Path(id): Path<Uuid>,
) -> AppResult<AccountingPage> {
    let back = (
        format!("/staff/requests/{id}"),
        "accounting-back-to-request",
    );
    accounting::for_request(&state, id, Actor::Staff(user.id), ip, back).await
}
