//! HTTP middleware shared by every route: admission control, CSRF, security headers and
//! the client's address. The router itself is assembled in [`crate::app`].

pub mod admission;
pub mod client_ip;
pub mod csrf;
pub mod language;
pub mod metrics;
pub mod security_headers;
