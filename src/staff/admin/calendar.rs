//! `/staff/admin/calendar`: the days the office is closed beyond weekends and state
//! holidays, and state holidays it works. Service targets count business days on this
//! calendar. Each change is audited.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use time::Date;

use super::AdminChange;
use crate::domain::calendar::{connecticut_holidays, parse_iso_date, practice_date};
use crate::domain::contact::clean_text;
use crate::error::{AppError, AppResult};
use crate::forms::{FieldErrors, FormValues};
use crate::http::client_ip::ClientIp;
use crate::http::csrf::{CsrfForm, CsrfToken};
use crate::practice::days::{self, MarkedDay};
use crate::staff::auth::{AdminStaff, StaffUser};
use crate::state::{AppState, Site};

#[derive(Template, WebTemplate)]
#[template(path = "staff/admin_calendar.html")]
pub struct CalendarPage {
    site: Site,
    csrf: String,
    user: StaffUser,
    marked: Vec<MarkedDay>,
    /// The shipped calendar's own closed and open days.
    shipped_closed: Vec<Date>,
    shipped_open: Vec<Date>,
    /// Connecticut state holidays this year and next, observed dates.
    holidays: Vec<(Date, &'static str)>,
    form: FormValues,
    errors: FieldErrors,
}

async fn page(
    state: &AppState,
    user: StaffUser,
    csrf: &CsrfToken,
    form: FormValues,
    errors: FieldErrors,
) -> AppResult<CalendarPage> {
    let year = practice_date(state.clock.now()).year();
    Ok(CalendarPage {
        site: state.site(),
        csrf: csrf.value().to_owned(),
        user,
        marked: days::list(&state.db).await?,
        shipped_closed: state.calendar.closed_days().collect(),
        shipped_open: state.calendar.open_days().collect(),
        holidays: [year, year + 1]
            .into_iter()
            .flat_map(connecticut_holidays)
            .collect(),
        form,
        errors,
    })
}

pub async fn show(
    State(state): State<AppState>,
    AdminStaff(user): AdminStaff,
    csrf: CsrfToken,
) -> AppResult<CalendarPage> {
    let form = FormValues::new(vec![("kind".into(), "closed".into())]);
    page(&state, user, &csrf, form, FieldErrors::default()).await
}

pub async fn mark(
    State(state): State<AppState>,
    AdminStaff(user): AdminStaff,
    csrf: CsrfToken,
    ClientIp(ip): ClientIp,
    CsrfForm(form): CsrfForm,
) -> AppResult<Response> {
    let mut errors = FieldErrors::default();
    let day = parse_iso_date(form.get("day"));
    if day.is_none() {
        errors.add("day", "Enter the date");
    }
    let closed = match form.get("kind") {
        "closed" => true,
        "open" => false,
        _ => {
            errors.add("kind", "Choose closed or open");
            true
        }
    };
    let reason = clean_text(form.get("reason"), 200, false).unwrap_or_default();
    if reason.is_empty() {
        errors.add("reason", "Say why, for example \"Staff training day\"");
    }
    let Some(day) = day.filter(|_| errors.is_empty()) else {
        let page = page(&state, user, &csrf, form, errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    if !days::mark(&mut *tx, day, closed, &reason, user.id).await? {
        drop(tx);
        errors.add(
            "day",
            "That day is already marked: remove it first to change it",
        );
        let page = page(&state, user, &csrf, form, errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let detail = serde_json::json!({ "day": day.to_string(), "closed": closed, "reason": reason });
    let change = AdminChange {
        user: &user,
        ip,
        at: now,
    };
    change
        .commit(tx, "practice_day.marked", detail, "/staff/admin/calendar")
        .await
}

pub async fn unmark(
    State(state): State<AppState>,
    AdminStaff(user): AdminStaff,
    ClientIp(ip): ClientIp,
    Path(day): Path<String>,
    _: CsrfForm,
) -> AppResult<Response> {
    let day = parse_iso_date(&day).ok_or(AppError::NotFound)?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    if !days::unmark(&mut *tx, day).await? {
        return Err(AppError::NotFound);
    }
    let detail = serde_json::json!({ "day": day.to_string() });
    let change = AdminChange {
        user: &user,
        ip,
        at: now,
    };
    change
        .commit(tx, "practice_day.unmarked", detail, "/staff/admin/calendar")
        .await
}
