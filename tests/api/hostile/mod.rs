//! Hostile input, table-driven: every payload category against every form field of the
//! public, patient and staff forms, plus bodies, CSRF and headers. Pass: no 5xx, nothing
//! stored from a refused form, payloads escaped wherever staff pages and CSV show them.
//! Each test prints its count per category (`cargo nextest run hostile --no-capture`).

mod bodies;
mod fields;

use std::collections::BTreeMap;

/// Payloads by category. Each one goes into every field.
pub fn payloads() -> Vec<(&'static str, String)> {
    let mut all: Vec<(&'static str, String)> = Vec::new();
    for p in [
        "' OR '1'='1",
        "1; DROP TABLE requests;--",
        "\" OR 1=1 --",
        "' UNION SELECT password_hash FROM staff--",
        "%' AND 1=1 --",
        "\\'; select pg_sleep(5);--",
    ] {
        all.push(("sql injection", p.into()));
    }
    for p in [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "javascript:alert(1)",
        "<svg onload=alert(1)>",
        "{{7*7}}{% raw %}",
        "=HYPERLINK(\"http://evil.example\")",
    ] {
        all.push(("xss and template/formula", p.into()));
    }
    for p in [
        "nul\u{0}byte".to_owned(),
        "\u{202E}fdp.exe".to_owned(),
        "..\u{2215}..\u{2215}etc".to_owned(),
        "ＡＤＭＩＮ".to_owned(),
        "\u{FEFF}zero\u{200B}width".to_owned(),
        "e\u{301}\u{301}\u{301}".to_owned(),
        "\u{1F600}".repeat(300),
    ] {
        all.push(("odd unicode", p));
    }
    for p in [
        "a\r\nBcc: victim@example.com",
        "x\r\n\r\n<html>",
        "line\nSubject: spoofed",
    ] {
        all.push(("crlf injection", p.into()));
    }
    for p in ["a".repeat(10_001), "b ".repeat(40_000)] {
        all.push(("oversized field", p));
    }
    all
}

/// Counts cases per category and prints them.
#[derive(Default)]
pub struct Tally(BTreeMap<&'static str, usize>);

impl Tally {
    pub fn add(&mut self, category: &'static str) {
        *self.0.entry(category).or_default() += 1;
    }
    pub fn total(&self) -> usize {
        self.0.values().sum()
    }
    pub fn print(&self, what: &str) {
        for (category, n) in &self.0 {
            println!("[hostile] {what}: {category}: {n}");
        }
        println!("[hostile] {what}: total {}", self.total());
    }
}
