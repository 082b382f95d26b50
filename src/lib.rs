//! records-portal: health-records requests for a Connecticut medical practice.
//!
//! Map of the crate, top floor to bottom (see `docs/ARCHITECTURE.md`; every import points
//! down, and features never import one another):
//! - [`app`] assembles every feature router and the shared layers ([`build_router`]);
//! - features, each with its own `router()`: [`home`], [`intake`] (the request form),
//!   [`tracking`] (the requester's status page), [`fee_quote`], [`portal`] (patients),
//!   [`staff`] (the records desk), [`release`] (the secure download), [`signing`] (the
//!   patient signs a third party's authorization), [`health`];
//! - the shared core: [`requests`] (workflow steps, authorizations and their signing,
//!   answers, timeline, adoption, letters),
//!   [`accounts`] (sessions and sign-in for everyone, passwords, patient accounts),
//!   [`practice`] (fee-schedule versions and closed days, as admins keep them),
//!   [`delivery`] (release files, links, disclosures), [`billing`], [`files`] (uploads in,
//!   stored files out);
//! - infrastructure: [`http`] (middleware), [`email`], [`storage`], [`state`], [`config`],
//!   [`error`], [`audit`], [`rate_limit`], [`crypto`], [`secrets`], [`clock`], [`forms`],
//!   [`telemetry`], [`db_types`], [`cli`];
//! - pure domain logic without I/O: [`domain`] (fee engine, business-day calendar, due dates,
//!   workflow state machine, request vocabulary, parsed contact values).

pub mod accounts;
pub mod app;
pub mod apps;
pub mod assets;
pub mod audit;
pub mod billing;
pub mod cli;
pub mod clock;
pub mod config;
pub mod crypto;
pub mod db_types;
pub mod delivery;
pub mod domain;
pub mod email;
pub mod error;
pub mod fee_quote;
pub mod fhir;
pub mod files;
pub mod forms;
pub mod health;
pub mod home;
pub mod http;
pub mod i18n;
pub mod intake;
pub mod languages;
pub mod letters;
pub mod metrics;
pub mod portal;
pub mod practice;
pub mod rate_limit;
pub mod release;
pub mod requests;
pub mod sealing;
pub mod secrets;
pub mod signing;
pub mod staff;
pub mod state;
pub mod storage;
pub mod telemetry;
pub mod tracking;

pub use app::build_router;

/// Every migration in `migrations/`, shared by `migrate`, `serve` and the tests.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!();
