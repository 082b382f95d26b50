//! The request itself, shared by every feature: its workflow steps in the database, the
//! requester's answers and timeline, adoption into a portal account, the denial letter.

pub mod adopt;
pub mod answer;
pub mod authorization;
pub mod counts;
pub mod letter;
pub mod signing;
pub mod timeline;
pub mod transitions;
