//! Accounts and sign-in for staff and patients alike: password hashing, the session store
//! and the session helper both sign-ins use, patient accounts and their session.

pub mod hashing;
pub mod password;
pub mod patient_session;
pub mod patients;
pub mod session_store;
pub mod sessions;
pub mod sign_in;
pub mod summaries;
pub mod totp;
