//! Accounts and sign-in for staff and patients alike: password hashing, the session store
//! and the session helper both sign-ins use, patient accounts and their session.

pub mod factor_pages;
pub mod factors;
pub mod hashing;
pub mod passkeys;
pub mod password;
pub mod patient_session;
pub mod patients;
pub mod session_store;
pub mod sessions;
pub mod sign_in;
pub mod summaries;
pub mod totp;
