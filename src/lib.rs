//! records-portal: health-records requests for a Connecticut medical practice.
//!
//! Map of the crate (see `docs/ARCHITECTURE.md` for the longer tour):
//! - features, each with its own `router()`: [`home`] (start page), [`intake`] (the request
//!   form), [`tracking`] (the requester's status page), [`fee_quote`] (the fee API),
//!   [`staff`] (sign-in, queue, request detail, workflow actions, admin), [`health`] (probes);
//! - pure domain logic without I/O: [`domain`] (fee engine, business-day calendar, due dates,
//!   workflow state machine, request vocabulary, parsed contact values);
//! - infrastructure: [`http`] (router assembly, CSRF, security headers, client address),
//!   [`config`], [`state`], [`error`], [`email`] (outbox and transport), [`storage`] (object
//!   store), [`transitions`] (workflow steps in the database), [`audit`], [`rate_limit`], [`crypto`], [`clock`], [`telemetry`], [`cli`].

pub mod audit;
pub mod billing;
pub mod cli;
pub mod clock;
pub mod config;
pub mod crypto;
pub mod domain;
pub mod email;
pub mod error;
pub mod fee_quote;
pub mod forms;
pub mod health;
pub mod home;
pub mod http;
pub mod intake;
pub mod letters;
pub mod portal;
pub mod rate_limit;
pub mod release;
pub mod secrets;
pub mod staff;
pub mod state;
pub mod storage;
pub mod telemetry;
pub mod tracking;
pub mod transitions;

pub use http::build_router;

/// Every migration in `migrations/`, shared by `migrate`, `serve` and the tests.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!();
