//! Submitted form values and per-field errors, shared by every server-rendered form.

/// The hidden field every state-changing form carries its CSRF token in.
pub const CSRF_FIELD: &str = "csrf_token";

/// The name/value pairs of a submitted form, in order; a name may repeat (checkboxes).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormValues(Vec<(String, String)>);

impl FormValues {
    pub fn new(pairs: Vec<(String, String)>) -> Self {
        FormValues(pairs)
    }

    /// The first value for `name`, or "" when the field was not sent.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }

    pub fn all(&self, name: &str) -> impl Iterator<Item = &str> {
        self.0
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether a checkbox or radio button with this value was chosen.
    pub fn has(&self, name: &str, value: &str) -> bool {
        self.all(name).any(|v| v == value)
    }

    pub fn is_checked(&self, name: &str) -> bool {
        !self.get(name).is_empty()
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }

    /// The pairs a page should carry forward as hidden fields (never the CSRF token or
    /// the buttons, which each page renders afresh).
    pub fn carried(&self) -> impl Iterator<Item = &(String, String)> {
        self.0
            .iter()
            .filter(|(n, v)| n != CSRF_FIELD && n != "action" && !v.is_empty())
    }
}

/// One message per field, in the order the form shows them, for the error summary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(Vec<(&'static str, String)>);

impl FieldErrors {
    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        // Only the first problem with a field is shown; it is the one to fix first.
        if self.get(field).is_none() {
            self.0.push((field, message.into()));
        }
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &str)> {
        self.0.iter().map(|(f, m)| (*f, m.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_names_and_checkboxes() {
        let v = FormValues::new(vec![
            ("kinds".into(), "a".into()),
            ("kinds".into(), "b".into()),
            ("name".into(), "Pat".into()),
        ]);
        assert_eq!(v.get("kinds"), "a");
        assert!(v.has("kinds", "b"));
        assert!(!v.has("kinds", "c"));
        assert_eq!(v.get("missing"), "");
    }

    #[test]
    fn only_the_first_error_per_field_is_kept() {
        let mut e = FieldErrors::default();
        e.add("name", "Enter a name");
        e.add("name", "Second");
        e.add("email", "Enter an email");
        assert_eq!(e.len(), 2);
        assert_eq!(e.get("name"), Some("Enter a name"));
    }
}
