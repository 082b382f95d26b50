//! Any uploaded file name: the sanitised name is never empty, at most 120 characters, a
//! single path segment that does not start with a dot, and carries no control or
//! direction-override character and none of the characters HTML or shells treat specially.
#![no_main]

use libfuzzer_sys::fuzz_target;
use records_portal::files::multipart::sanitize_filename;

fuzz_target!(|raw: &str| {
    let name = sanitize_filename(raw);
    assert!(!name.is_empty());
    assert!(name.chars().count() <= 120);
    assert!(!name.contains(['/', '\\']), "{name:?}");
    assert!(!name.starts_with('.'), "{name:?}");
    assert!(!name.contains(['<', '>', '"', '\'', '`', ':', '*', '?', '|']), "{name:?}");
    assert!(
        !name
            .chars()
            .any(|c| c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')),
        "{name:?}"
    );
    assert_eq!(sanitize_filename(&name), name, "sanitising twice changes nothing");
});
