//! SMART on FHIR scopes as this server grants them: which of an app's requested scopes it
//! can have, and whether a granted set covers reading or searching a resource type.
//!
//! Both scope syntaxes apps send are understood: SMART 2 (`patient/DocumentReference.rs`,
//! permission letters from `cruds`) and SMART 1 (`patient/*.read`). The API only reads, so
//! a scope asking for more is granted its read and search part (SMART lets a server grant
//! less than asked); scopes for users, systems, `openid` and `fhirUser` (no identity tokens
//! here) and scopes with search parameters are dropped.

/// The resource types the API serves.
pub const RESOURCES: [&str; 3] = ["Patient", "DocumentReference", "Binary"];

/// Scopes kept as they were asked for, so an app gets back the syntax it sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scopes(Vec<String>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interaction {
    Read,
    Search,
}

/// One `patient/<type>.<permissions>` scope, understood.
struct ResourceScope<'a> {
    resource: &'a str,
    read: bool,
    search: bool,
}

fn resource_scope(scope: &str) -> Option<ResourceScope<'_>> {
    let rest = scope.strip_prefix("patient/")?;
    let (resource, permissions) = rest.split_once('.')?;
    if resource != "*" && !RESOURCES.contains(&resource) {
        return None;
    }
    let (read, search) = match permissions {
        "read" => (true, true),
        "*" => (true, true),
        letters if is_v2_permissions(letters) => (letters.contains('r'), letters.contains('s')),
        _ => return None,
    };
    Some(ResourceScope {
        resource,
        read,
        search,
    })
}

/// SMART 2 permissions: a non-empty subsequence of `cruds`, in that order.
fn is_v2_permissions(letters: &str) -> bool {
    let mut order = "cruds".chars();
    !letters.is_empty() && letters.chars().all(|c| order.any(|o| o == c))
}

impl Scopes {
    /// What the server grants of a requested `scope` parameter: the read and search part of
    /// each patient scope it serves, `launch/patient` and `offline_access`. A SMART 2 scope
    /// asking for writes is narrowed to its `r` and `s` letters.
    pub fn grantable(requested: &str) -> Scopes {
        let mut kept: Vec<String> = Vec::new();
        for scope in requested.split_ascii_whitespace() {
            let keep = match scope {
                "launch/patient" | "offline_access" => Some(scope.to_owned()),
                _ => resource_scope(scope).and_then(|s| narrowed(scope, &s)),
            };
            if let Some(scope) = keep.filter(|k| !kept.contains(k)) {
                kept.push(scope);
            }
        }
        Scopes(kept)
    }

    /// Scopes as stored (already granted once).
    pub fn from_granted(scopes: Vec<String>) -> Scopes {
        Scopes(scopes)
    }

    /// At least one resource can be read: without that there is nothing to grant.
    pub fn reads_anything(&self) -> bool {
        self.0.iter().any(|s| resource_scope(s).is_some())
    }

    pub fn offline(&self) -> bool {
        self.0.iter().any(|s| s == "offline_access")
    }

    /// Whether these scopes let an app do `interaction` on `resource`. A Binary is the
    /// content of a DocumentReference, so a scope for DocumentReference reads its Binary too.
    pub fn allow(&self, resource: &str, interaction: Interaction) -> bool {
        self.0.iter().filter_map(|s| resource_scope(s)).any(|s| {
            let covers = s.resource == "*"
                || s.resource == resource
                || (resource == "Binary" && s.resource == "DocumentReference");
            covers
                && match interaction {
                    Interaction::Read => s.read,
                    Interaction::Search => s.search,
                }
        })
    }

    /// Only the scopes also in `wider` (a refresh may ask for fewer, never more).
    pub fn within(&self, wider: &Scopes) -> Scopes {
        Scopes(
            self.0
                .iter()
                .filter(|s| wider.0.contains(s))
                .cloned()
                .collect(),
        )
    }

    /// What the app will be able to read, in words for the patient.
    pub fn in_words(&self) -> Vec<&'static str> {
        let mut words = Vec::new();
        let patient = self.allow("Patient", Interaction::Read);
        let documents = self.allow("DocumentReference", Interaction::Read)
            || self.allow("DocumentReference", Interaction::Search);
        if patient {
            words.push("Your name, date of birth and email address");
        }
        if documents {
            words.push("Your visit summaries and the records released to you, with their dates");
        } else if self.allow("Binary", Interaction::Read) {
            words.push("The files of your visit summaries and released records");
        }
        if self.offline() {
            words.push("Keep reading them until you disconnect the app (without it, one hour)");
        }
        words
    }

    pub fn as_slice(&self) -> &[String] {
        &self.0
    }

    pub fn to_scope_string(&self) -> String {
        self.0.join(" ")
    }
}

/// A granted form of `scope`: as asked if it only reads, else its read and search letters.
fn narrowed(scope: &str, parsed: &ResourceScope<'_>) -> Option<String> {
    let letters = match (parsed.read, parsed.search) {
        (true, true) => "rs",
        (true, false) => "r",
        (false, true) => "s",
        (false, false) => return None,
    };
    let asked = scope.rsplit_once('.').map_or("", |(_, p)| p);
    Some(if asked == "read" || asked == letters {
        scope.to_owned()
    } else {
        format!("patient/{}.{letters}", parsed.resource)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patient_scopes_in_both_syntaxes_are_granted_and_the_rest_dropped() {
        let s = Scopes::grantable(
            "launch/patient openid fhirUser patient/*.read offline_access user/*.read patient/Observation.rs",
        );
        assert_eq!(
            s.to_scope_string(),
            "launch/patient patient/*.read offline_access"
        );
        assert!(s.allow("Binary", Interaction::Read));
        assert!(s.offline());
    }

    #[test]
    fn writes_are_narrowed_to_reads_and_search_letters_are_kept_apart() {
        let s = Scopes::grantable("patient/DocumentReference.cruds patient/Patient.r");
        assert_eq!(
            s.to_scope_string(),
            "patient/DocumentReference.rs patient/Patient.r"
        );
        assert!(s.allow("Patient", Interaction::Read));
        assert!(!s.allow("Patient", Interaction::Search));
        assert!(
            s.allow("Binary", Interaction::Read),
            "content of a document"
        );
        let s = Scopes::grantable("patient/DocumentReference.cud patient/Patient.sr");
        assert!(!s.reads_anything(), "{s:?}");
        assert!(Scopes::grantable("patient/*.*").allow("Patient", Interaction::Search));
    }

    #[test]
    fn a_refresh_never_widens() {
        let granted = Scopes::grantable("patient/Patient.rs offline_access");
        let asked = Scopes::grantable("patient/Patient.rs patient/*.rs");
        assert_eq!(
            asked.within(&granted).to_scope_string(),
            "patient/Patient.rs"
        );
    }
}
