//! Staff and portal accounts: find a patient's account, see its state, link or unlink
//! requests (which is how staff vouch for who the account holder is), resend the
//! confirmation email. Attaching summaries is in `patient_summaries.rs`.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use uuid::Uuid;

use tower_sessions::Session;

use super::auth::{AdminStaff, AnyStaff, StaffUser};
use super::queries::patients::{self as queries, AccountRow, LinkedRequest};
use super::step_up::Sensitive;
use crate::accounts::factors::{self, Owner};
use crate::accounts::patients::{self, PatientAccount};
use crate::accounts::summaries::{self, SummaryRow};
use crate::audit::{self, Actor};
use crate::domain::contact::{PersonName, clean_text};
use crate::error::{AppError, AppResult};
use crate::http::client_ip::ClientIp;
use crate::http::csrf::{CsrfForm, CsrfToken};
use crate::state::{AppState, Site};

#[derive(Deserialize)]
pub struct SearchQuery {
    q: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/patients.html")]
pub struct SearchPage {
    site: Site,
    csrf: String,
    user: StaffUser,
    q: String,
    rows: Vec<AccountRow>,
}

pub async fn search(
    State(state): State<AppState>,
    AnyStaff(user): AnyStaff,
    csrf: CsrfToken,
    Query(query): Query<SearchQuery>,
) -> AppResult<SearchPage> {
    let q = query
        .q
        .unwrap_or_default()
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(100)
        .collect::<String>();
    let birth = crate::staff::search_birth_date(&q);
    let pattern = format!(
        "%{}%",
        q.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    let rows = if q.is_empty() {
        Vec::new()
    } else {
        queries::search_accounts(&state.db, &pattern, birth).await?
    };
    Ok(SearchPage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        user,
        q,
        rows,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "staff/patient.html")]
pub struct AccountPage {
    site: Site,
    csrf: String,
    user: StaffUser,
    account: PatientAccount,
    linked: Vec<LinkedRequest>,
    candidates: Vec<LinkedRequest>,
    summaries: Vec<SummaryRow>,
    /// The patient turned on two-step sign-in.
    two_step: bool,
    problem: Option<String>,
}

async fn account_page(
    state: &AppState,
    user: StaffUser,
    csrf: &CsrfToken,
    id: Uuid,
    problem: Option<String>,
) -> AppResult<AccountPage> {
    let account = patients::find(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let linked = queries::linked_requests(&state.db, id).await?;
    // Requests about someone with this date of birth and a matching name, not yet linked.
    let name = PersonName::parse(&account.legal_name).ok();
    let candidates = queries::unlinked_requests_born_on(&state.db, account.date_of_birth)
        .await?
        .into_iter()
        .filter(|r| {
            let theirs = PersonName::parse(&r.patient_name).ok();
            name.as_ref()
                .zip(theirs)
                .is_some_and(|(a, b)| a.matches(&b))
        })
        .collect();
    let summaries = summaries::list(&state.db, id).await?;
    Ok(AccountPage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        user,
        account,
        linked,
        candidates,
        summaries,
        two_step: factors::has_any(&state.db, Owner::Patient(id)).await?,
        problem,
    })
}

pub async fn show(
    State(state): State<AppState>,
    AnyStaff(user): AnyStaff,
    csrf: CsrfToken,
    ClientIp(ip): ClientIp,
    Path(id): Path<Uuid>,
) -> AppResult<AccountPage> {
    let page = account_page(&state, user, &csrf, id, None).await?;
    audit::record(
        &state.db,
        Actor::Staff(page.user.id),
        "patient_account.viewed",
        None,
        ip,
        serde_json::json!({ "account": id }),
        state.clock.now(),
    )
    .await?;
    Ok(page)
}

pub(super) fn back(id: Uuid) -> Response {
    Redirect::to(&format!("/staff/patients/{id}")).into_response()
}

pub(super) async fn refuse(
    state: &AppState,
    user: StaffUser,
    csrf: &CsrfToken,
    id: Uuid,
    why: &str,
) -> AppResult<Response> {
    let page = account_page(state, user, csrf, id, Some(why.to_owned())).await?;
    Ok((axum::http::StatusCode::CONFLICT, page).into_response())
}

/// `link` or `unlink` a request. The first link also records that staff know who the
/// account holder is.
pub async fn change_link(
    State(state): State<AppState>,
    AnyStaff(user): AnyStaff,
    csrf: CsrfToken,
    ClientIp(ip): ClientIp,
    Path((id, change)): Path<(Uuid, String)>,
    CsrfForm(form): CsrfForm,
) -> AppResult<Response> {
    let linking = match change.as_str() {
        "link" => true,
        "unlink" => false,
        _ => return Err(AppError::NotFound),
    };
    let now = state.clock.now();
    let account = patients::find(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let reference = form.get("reference").trim();
    let target = queries::request_patient(
        &state.db,
        Uuid::parse_str(form.get("request")).ok(),
        // A reference is short letters, digits and dashes; anything else finds nothing.
        if reference.len() <= 40
            && reference
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            reference
        } else {
            ""
        },
    )
    .await?;
    let Some(target) = target else {
        return refuse(
            &state,
            user,
            &csrf,
            id,
            "Choose a request, or enter its reference.",
        )
        .await;
    };
    let request = target.id;
    // Someone else's request (another name or date of birth) needs a written reason, and
    // does not make the account count as identified.
    let same_patient = PersonName::parse(&account.legal_name)
        .ok()
        .zip(PersonName::parse(&target.legal_name).ok())
        .is_some_and(|(a, b)| a.matches(&b))
        && account.date_of_birth == target.date_of_birth;
    let reason = clean_text(form.get("reason"), 500, true).unwrap_or_default();
    if linking && !same_patient && reason.is_empty() {
        let why = "That request is about someone with another name or date of birth. Give the reason for linking it anyway.";
        return refuse(&state, user, &csrf, id, why).await;
    }
    let mut tx = state.db.begin().await?;
    let done = if linking {
        queries::link_request(&mut *tx, request, id).await?
    } else {
        queries::unlink_request(&mut *tx, request, id).await?
    };
    if !done {
        drop(tx);
        let why = if linking {
            "That request is already linked to an account."
        } else {
            "That request is not linked to this account."
        };
        return refuse(&state, user, &csrf, id, why).await;
    }
    if linking && same_patient {
        queries::mark_identity_verified(&mut *tx, id, user.id, now).await?;
    }
    let action = if linking {
        "request.linked_to_account"
    } else {
        "request.unlinked_from_account"
    };
    audit::record(
        &mut *tx,
        Actor::Staff(user.id),
        action,
        Some(request),
        ip,
        serde_json::json!({ "account": id, "same_patient": same_patient, "reason": reason }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(back(id))
}

pub async fn resend_confirmation(
    State(state): State<AppState>,
    AnyStaff(user): AnyStaff,
    csrf: CsrfToken,
    Path(id): Path<Uuid>,
    CsrfForm(_): CsrfForm,
) -> AppResult<Response> {
    let account = patients::find(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if account.email_confirmed_at.is_some() {
        return refuse(&state, user, &csrf, id, "This email is already confirmed.").await;
    }
    let mut tx = state.db.begin().await?;
    crate::accounts::patients::send_confirmation(
        &mut tx,
        &state,
        id,
        &account.email,
        state.clock.now(),
    )
    .await?;
    tx.commit().await?;
    Ok(back(id))
}

/// A patient lost their phone and their recovery codes and called: once an administrator
/// has checked who they are, two-step sign-in is turned off (they may turn it on again).
/// Their sessions end and they are told by email.
pub async fn reset_second_factor(
    State(state): State<AppState>,
    AdminStaff(admin): AdminStaff,
    session: Session,
    csrf: CsrfToken,
    ClientIp(ip): ClientIp,
    Path(id): Path<Uuid>,
    CsrfForm(form): CsrfForm,
) -> AppResult<Response> {
    let action = format!("/staff/patients/{id}/reset-second-factor");
    let sensitive = Sensitive {
        state: &state,
        session: &session,
        user: &admin,
        csrf: csrf.value(),
        ip,
        action: &action,
        what: "turn off a patient's two-step sign-in",
    };
    if let Some(page) = sensitive.check(&form).await? {
        return Ok(page);
    }
    let account = patients::find(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    factors::forget(&mut tx, Owner::Patient(id), now).await?;
    patients::end_other_sessions(&mut *tx, id).await?;
    let detail = serde_json::json!({ "account": id });
    let actor = Actor::Staff(admin.id);
    audit::record(
        &mut *tx,
        actor,
        "patient_account.second_factor_reset",
        None,
        ip,
        detail,
        now,
    )
    .await?;
    let what = "At your request, the records office turned off two-step sign-in for your patient portal account: your password alone signs you in now. You can turn it on again under \"How you sign in\".";
    patients::tell_sign_in_changed(&mut tx, &state, &account.email, what.into(), now).await?;
    tx.commit().await?;
    Ok(back(id))
}
