//! Fee-schedule versions (SPEC 4): each request is priced under the version in effect
//! the day it was filed, and keeps it; its invoice uses that version. Versions are never
//! changed, only added (one not yet in effect and never used may be withdrawn).

use sqlx::PgExecutor;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::domain::calendar::parse_iso_date;
use crate::domain::fees::{DocumentRates, FeeSchedule, ImageRates};
use crate::domain::money::Cents;
use crate::error::{AppError, AppResult};

/// A version as listed for admins.
pub struct Version {
    pub schedule: FeeSchedule,
    pub effective_on: Date,
    pub shipped: bool,
    pub created_by: Option<String>,
    pub created_at: OffsetDateTime,
    pub requests: i64,
}

struct Row {
    version: String,
    effective_on: Date,
    per_page_cents: i64,
    patient_cap_cents: i64,
    secure_link_cents: i64,
    cd_cents: i64,
}

impl From<Row> for FeeSchedule {
    fn from(r: Row) -> Self {
        FeeSchedule {
            version: r.version,
            effective: r.effective_on.to_string(),
            documents: DocumentRates {
                per_page_cents: Cents::new(r.per_page_cents),
                patient_cap_cents: Cents::new(r.patient_cap_cents),
            },
            images: ImageRates {
                secure_link_cents: Cents::new(r.secure_link_cents),
                cd_cents: Cents::new(r.cd_cents),
            },
        }
    }
}

/// Registers the shipped schedule as a version, once; at start-up.
pub async fn register_shipped(
    db: impl PgExecutor<'_>,
    shipped: &FeeSchedule,
) -> Result<(), sqlx::Error> {
    let effective = parse_iso_date(&shipped.effective).unwrap_or(Date::MIN);
    sqlx::query!(
        r#"insert into fee_schedules (version, effective_on, per_page_cents, patient_cap_cents, secure_link_cents, cd_cents)
           values ($1, $2, $3, $4, $5, $6) on conflict do nothing"#,
        shipped.version,
        effective,
        shipped.documents.per_page_cents.get(),
        shipped.documents.patient_cap_cents.get(),
        shipped.images.secure_link_cents.get(),
        shipped.images.cd_cents.get(),
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The version in effect on `day`: the one with the latest effective date not after it.
pub async fn in_effect(db: impl PgExecutor<'_>, day: Date) -> AppResult<FeeSchedule> {
    sqlx::query_as!(
        Row,
        r#"select version, effective_on, per_page_cents, patient_cap_cents, secure_link_cents, cd_cents
           from fee_schedules where effective_on <= $1 order by effective_on desc limit 1"#,
        day
    )
    .fetch_optional(db)
    .await?
    .map(FeeSchedule::from)
    .ok_or_else(|| AppError::Internal("no fee schedule is in effect".into()))
}

/// The version a request was filed under.
pub async fn by_version(db: impl PgExecutor<'_>, version: &str) -> AppResult<FeeSchedule> {
    sqlx::query_as!(
        Row,
        r#"select version, effective_on, per_page_cents, patient_cap_cents, secure_link_cents, cd_cents
           from fee_schedules where version = $1"#,
        version
    )
    .fetch_optional(db)
    .await?
    .map(FeeSchedule::from)
    .ok_or_else(|| AppError::Internal("a request names an unknown fee schedule".into()))
}

pub async fn list(db: impl PgExecutor<'_>) -> Result<Vec<Version>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select f.version, f.effective_on, f.per_page_cents, f.patient_cap_cents, f.secure_link_cents,
                  f.cd_cents, f.created_by is null as "shipped!", s.name as "created_by?", f.created_at,
                  (select count(*) from requests r where r.fee_schedule_version = f.version) as "requests!"
           from fee_schedules f left join staff s on s.id = f.created_by
           order by f.effective_on desc"#
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Version {
            schedule: FeeSchedule::from(Row {
                version: r.version,
                effective_on: r.effective_on,
                per_page_cents: r.per_page_cents,
                patient_cap_cents: r.patient_cap_cents,
                secure_link_cents: r.secure_link_cents,
                cd_cents: r.cd_cents,
            }),
            effective_on: r.effective_on,
            shipped: r.shipped,
            created_by: r.created_by,
            created_at: r.created_at,
            requests: r.requests,
        })
        .collect())
}

/// Why a new version was not added.
#[derive(Debug, PartialEq, Eq)]
pub enum AddRefused {
    VersionTaken,
    DayTaken,
}

pub async fn add(
    db: impl PgExecutor<'_>,
    schedule: &FeeSchedule,
    effective_on: Date,
    admin: Uuid,
) -> AppResult<Result<(), AddRefused>> {
    let added = sqlx::query!(
        r#"insert into fee_schedules (version, effective_on, per_page_cents, patient_cap_cents, secure_link_cents, cd_cents, created_by)
           values ($1, $2, $3, $4, $5, $6, $7)"#,
        schedule.version,
        effective_on,
        schedule.documents.per_page_cents.get(),
        schedule.documents.patient_cap_cents.get(),
        schedule.images.secure_link_cents.get(),
        schedule.images.cd_cents.get(),
        admin,
    )
    .execute(db)
    .await;
    match added {
        Ok(_) => Ok(Ok(())),
        Err(sqlx::Error::Database(e)) if e.constraint() == Some("fee_schedules_pkey") => {
            Ok(Err(AddRefused::VersionTaken))
        }
        Err(sqlx::Error::Database(e))
            if e.constraint() == Some("fee_schedules_effective_on_key") =>
        {
            Ok(Err(AddRefused::DayTaken))
        }
        Err(e) => Err(e.into()),
    }
}

/// Withdraws a version that has not taken effect and priced nothing; `false` otherwise.
pub async fn withdraw(
    db: impl PgExecutor<'_>,
    version: &str,
    today: Date,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query!(
        r#"delete from fee_schedules f where f.version = $1 and f.effective_on > $2 and f.created_by is not null
             and not exists (select 1 from requests r where r.fee_schedule_version = f.version)"#,
        version,
        today
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}
