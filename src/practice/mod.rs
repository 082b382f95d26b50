//! The practice's own rules as admins keep them at `/staff/admin`: fee-schedule versions
//! with the day each takes effect, and the days the office is closed. The shipped files
//! (`config/fee-schedule.toml`, `config/calendar.toml`) stay the defaults underneath.

pub mod days;
pub mod fee_schedules;
