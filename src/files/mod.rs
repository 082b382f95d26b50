//! Files in and out: multipart file fields streamed into the object store, and stored
//! files streamed back out with their SHA-256 checked.

pub mod at_rest;
pub mod multipart;
pub mod retention;
pub mod serve;

pub use serve::StoredFile;
