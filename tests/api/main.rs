//! Integration tests: each test gets its own database and drives the real router.

#![expect(clippy::unwrap_used, reason = "a failed unwrap is a failed test")]

mod audit_log;
mod authorization_gate;
mod backup;
mod billing;
mod browser;
mod csrf;
mod email_smtp;
mod encryption;
mod fee_quote;
mod fhir;
mod health;
mod helpers;
mod hostile;
mod intake;
mod languages;
mod operations;
mod patient_signs;
mod portal;
mod practice_rules;
mod properties;
mod records_desk;
mod release;
mod retention;
mod s3_server;
mod smtp_server;
mod staff_auth;
mod staff_queue;
mod staff_second_factor;
mod staff_workflow;
mod storage_s3;
mod tracking;
mod two_instances;
mod uploads;
mod vocabulary;
