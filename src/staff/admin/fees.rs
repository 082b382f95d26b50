//! `/staff/admin/fees`: fee-schedule versions. An admin adds a version that takes effect
//! on a day (today or later); requests filed from then on are priced under it, and every
//! request keeps the version it was filed under. Each change is audited.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use time::Date;

use super::AdminChange;
use crate::billing::ledger::parse_dollars;
use crate::domain::calendar::{parse_iso_date, practice_date};
use crate::domain::fees::{DocumentRates, FeeSchedule, ImageRates};
use crate::domain::money::Cents;
use crate::error::AppResult;
use crate::forms::{FieldErrors, FormValues};
use crate::http::client_ip::ClientIp;
use crate::http::csrf::{CsrfForm, CsrfToken};
use crate::practice::fee_schedules::{self, AddRefused, Version};
use crate::staff::auth::{AdminStaff, StaffUser};
use crate::state::{AppState, Site};

#[derive(Template, WebTemplate)]
#[template(path = "staff/admin_fees.html")]
pub struct FeesPage {
    site: Site,
    csrf: String,
    user: StaffUser,
    versions: Vec<Version>,
    in_effect: String,
    today: Date,
    form: FormValues,
    errors: FieldErrors,
}

async fn page(
    state: &AppState,
    user: StaffUser,
    csrf: &CsrfToken,
    form: Option<FormValues>,
    errors: FieldErrors,
) -> AppResult<FeesPage> {
    let today = practice_date(state.clock.now());
    let current = fee_schedules::in_effect(&state.db, today).await?;
    // A blank form starts from the prices in effect.
    let form = form.unwrap_or_else(|| {
        let dollars = |c: Cents| format!("{}.{:02}", c.get() / 100, c.get() % 100);
        FormValues::new(vec![
            ("per_page".into(), dollars(current.documents.per_page_cents)),
            (
                "patient_cap".into(),
                dollars(current.documents.patient_cap_cents),
            ),
            (
                "secure_link".into(),
                dollars(current.images.secure_link_cents),
            ),
            ("cd".into(), dollars(current.images.cd_cents)),
        ])
    });
    Ok(FeesPage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        user,
        versions: fee_schedules::list(&state.db).await?,
        in_effect: current.version,
        today,
        form,
        errors,
    })
}

pub async fn show(
    State(state): State<AppState>,
    AdminStaff(user): AdminStaff,
    csrf: CsrfToken,
) -> AppResult<FeesPage> {
    page(&state, user, &csrf, None, FieldErrors::default()).await
}

/// CGS 20-7c: the most a provider may charge per page of medical records.
const CT_PER_PAGE_CEILING_CENTS: i64 = 65;

/// A price as an admin types it; zero is a price too.
fn price(form: &FormValues, field: &'static str, errors: &mut FieldErrors) -> Cents {
    let text = form.get(field).trim().trim_start_matches('$');
    let zero = !text.is_empty() && text.chars().all(|c| c == '0' || c == '.');
    match parse_dollars(text) {
        Some(cents) => cents,
        None if zero => Cents::new(0),
        None => {
            errors.add(field, "Enter an amount in dollars, like 0.65");
            Cents::new(0)
        }
    }
}

/// The new version as typed, or every problem with it.
fn parse(form: &FormValues, today: Date) -> Result<(FeeSchedule, Date), FieldErrors> {
    let mut errors = FieldErrors::default();
    let version = form.get("version").trim().to_owned();
    let well_formed = (1..=40).contains(&version.len())
        && version
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    if !well_formed {
        errors.add(
            "version",
            "Name the version with up to 40 letters, digits, dashes or dots, like ct-2027-01",
        );
    }
    let effective = parse_iso_date(form.get("effective_on"));
    match effective {
        None => errors.add("effective_on", "Enter the day it takes effect"),
        Some(day) if day < today => errors.add(
            "effective_on",
            "A new version takes effect today or later: requests already filed keep their prices",
        ),
        Some(_) => {}
    }
    let schedule = FeeSchedule {
        version,
        effective: effective.map(|d| d.to_string()).unwrap_or_default(),
        documents: DocumentRates {
            per_page_cents: price(form, "per_page", &mut errors),
            patient_cap_cents: price(form, "patient_cap", &mut errors),
        },
        images: ImageRates {
            secure_link_cents: price(form, "secure_link", &mut errors),
            cd_cents: price(form, "cd", &mut errors),
        },
    };
    if schedule.documents.per_page_cents.get() > CT_PER_PAGE_CEILING_CENTS {
        errors.add(
            "per_page",
            "Connecticut law (CGS 20-7c) allows at most $0.65 a page",
        );
    }
    if schedule.validate().is_err() && errors.is_empty() {
        errors.add("version", "This schedule is not valid");
    }
    match effective {
        Some(day) if errors.is_empty() => Ok((schedule, day)),
        _ => Err(errors),
    }
}

pub async fn add(
    State(state): State<AppState>,
    AdminStaff(user): AdminStaff,
    csrf: CsrfToken,
    ClientIp(ip): ClientIp,
    CsrfForm(form): CsrfForm,
) -> AppResult<Response> {
    let now = state.clock.now();
    let (schedule, effective_on) = match parse(&form, practice_date(now)) {
        Ok(parsed) => parsed,
        Err(errors) => {
            let page = page(&state, user, &csrf, Some(form), errors).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let mut tx = state.db.begin().await?;
    if let Err(why) = fee_schedules::add(&mut *tx, &schedule, effective_on, user.id).await? {
        drop(tx);
        let mut errors = FieldErrors::default();
        match why {
            AddRefused::VersionTaken => errors.add("version", "A version with this name exists: versions are never changed, so give the new one its own name"),
            AddRefused::DayTaken => errors.add("effective_on", "Another version takes effect that day"),
        }
        let page = page(&state, user, &csrf, Some(form), errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let detail = serde_json::json!({
        "version": schedule.version,
        "effective_on": effective_on.to_string(),
        "per_page_cents": schedule.documents.per_page_cents.get(),
        "patient_cap_cents": schedule.documents.patient_cap_cents.get(),
        "secure_link_cents": schedule.images.secure_link_cents.get(),
        "cd_cents": schedule.images.cd_cents.get(),
    });
    let change = AdminChange {
        user: &user,
        ip,
        at: now,
    };
    change
        .commit(tx, "fee_schedule.added", detail, "/staff/admin/fees")
        .await
}

/// Withdraws a version that has not taken effect and priced nothing.
pub async fn withdraw(
    State(state): State<AppState>,
    AdminStaff(user): AdminStaff,
    csrf: CsrfToken,
    ClientIp(ip): ClientIp,
    Path(version): Path<String>,
    _: CsrfForm,
) -> AppResult<Response> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    if !fee_schedules::withdraw(&mut *tx, &version, practice_date(now)).await? {
        drop(tx);
        let mut errors = FieldErrors::default();
        errors.add(
            "version",
            "Only a version added here that has not taken effect can be withdrawn",
        );
        let page = page(&state, user, &csrf, None, errors).await?;
        return Ok((StatusCode::CONFLICT, page).into_response());
    }
    let detail = serde_json::json!({ "version": version });
    let change = AdminChange {
        user: &user,
        ip,
        at: now,
    };
    change
        .commit(tx, "fee_schedule.withdrawn", detail, "/staff/admin/fees")
        .await
}
