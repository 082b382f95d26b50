//! Apps that read a patient's records through the FHIR API: the registry admins keep, each
//! patient's grants, and the codes and tokens of the SMART App Launch. Shared by the FHIR
//! feature, the portal's "Connected apps" and the staff's app registry.

pub mod grants;
pub mod registry;
pub mod tokens;
