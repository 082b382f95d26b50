//! Files in and out: multipart file fields streamed into the object store, and stored
//! files streamed back out with their integrity checked; encryption at rest and retention.

pub mod at_rest;
pub mod multipart;
pub mod retention;
pub mod serve;

pub use serve::StoredFile;
