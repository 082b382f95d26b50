//! The staff workspace's SQL, one file per area of the workspace.

pub mod actions;
pub mod patients;
pub mod queue;
pub mod release;
pub mod reports;
pub mod request;
