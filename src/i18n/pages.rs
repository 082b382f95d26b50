//! Which pages are translated: their paths, and the matching of a request's path to them.

/// Pages whose every word is in the catalogs. Any other page answers in English, whole,
/// with `lang="en"` and no switch: half a page in each language would have screen readers
/// read English words with a Spanish voice. Staff pages stay English.
const TRANSLATED: &[&str] = &[
    "/",
    "/language-assistance",
    "/language/",
    "/requests/new",
    "/requests/review",
    "/requests",
    "/requests/confirmation",
    "/track/*",
    "/track/*/reply",
    "/track/*/revoke",
    "/d/*",
    "/sign/*",
    "/account/login",
    "/account/login/code",
    "/account/register",
    "/account/register/sent",
    "/account/reset",
    "/account/reset/sent",
    "/account/reset/*",
    "/account/confirm/*",
    "/account",
    "/account/requests/*",
    "/account/requests/*/reply",
    "/account/requests/*/withdraw",
    "/account/requests/*/revoke-authorization",
    "/account/apps",
    "/account/disclosures",
    "/account/security",
    "/account/security/confirm",
    "/account/security/app",
    "/account/security/recovery-codes",
    "/account/security/off",
    "/track/*/disclosures",
    "/fhir/authorize",
    // The accounting's PDF is in the language of the page it is downloaded from.
    "/account/disclosures.pdf",
    "/track/*/disclosures.pdf",
];

/// Whether `path` is a translated page: a `TRANSLATED` entry matches it exactly, an entry
/// ending in `/` matches every path under it, and `*` matches one path segment.
pub fn is_translated(path: &str) -> bool {
    TRANSLATED.iter().any(|pattern| {
        if pattern.len() > 1 && pattern.ends_with('/') {
            return path.starts_with(pattern);
        }
        let wanted: Vec<&str> = pattern.split('/').collect();
        let given: Vec<&str> = path.split('/').collect();
        wanted.len() == given.len()
            && wanted
                .iter()
                .zip(&given)
                .all(|(w, g)| (*w == "*" && !g.is_empty()) || w == g)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translated_paths_by_pattern() {
        for yes in [
            "/",
            "/requests/new",
            "/track/abc",
            "/track/abc/reply",
            "/language/es",
            "/account",
            "/account/requests/abc",
        ] {
            assert!(is_translated(yes), "{yes}");
        }
        for no in [
            "/track/abc/invoice",
            "/track/",
            "/account/records/abc",
            "/staff/queue",
            "/requests/x",
        ] {
            assert!(!is_translated(no), "{no}");
        }
    }
}
