//! Patient-facing text in English and Spanish: the Fluent catalogs in `locales/` (one file
//! per language), the languages, and the language of the request being answered.
//!
//! A request's language is chosen by the `http::language` middleware (the `rp_lang` cookie,
//! else `Accept-Language`, else English) and held in a task-local for that request only, so
//! pages read it through [`crate::state::Site`] without every handler passing it along. Work
//! outside a request (emails, letters, PDFs) names its language explicitly: the language the
//! request was filed in.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Display;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid, static_loader};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

use crate::config::Practice;

mod pages;
mod site;
mod text;
pub use pages::is_translated;
pub use site::Site;
pub use text::Text;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // The language assistance taglines, each in its own language on every page.
        core_locales: "./locales/core.ftl",
        // No Unicode isolation marks around arguments: they would end up in emails and PDFs.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static EN: LanguageIdentifier = langid!("en");
static ES: LanguageIdentifier = langid!("es");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, sqlx::Type)]
#[sqlx(type_name = "text", rename_all = "lowercase")]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Es,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Es];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "es" => Some(Lang::Es),
            _ => None,
        }
    }

    /// The language's own name, as a switch shows it.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Es => "Español",
        }
    }

    /// For people who read staff pages: "Spanish".
    pub fn english_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Es => "Spanish",
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::En => &EN,
            Lang::Es => &ES,
        }
    }

    /// The best of ours for an `Accept-Language` header (RFC 9110 12.5.4: the highest
    /// quality wins, ties in the order given), if it names one of ours at all.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim();
            let quality = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            if let Some(lang) = Lang::parse(primary)
                && quality > 0.0
                && best.is_none_or(|(q, _)| quality > q)
            {
                best = Some((quality, lang));
            }
        }
        best.map(|(_, lang)| lang)
    }

    /// The message `id`.
    pub fn t(self, id: &str) -> String {
        LOCALES.lookup(self.id(), id)
    }

    /// A date in words with its weekday: "Thursday, November 26, 2026" or
    /// "jueves, 26 de noviembre de 2026".
    pub fn long_date(self, date: time::Date) -> String {
        self.t_with(
            "date-long",
            &[
                (
                    "weekday",
                    &self.t(&format!("weekday-{}", date.weekday().number_from_monday())),
                ),
                (
                    "month",
                    &self.t(&format!("month-{}", u8::from(date.month()))),
                ),
                ("day", &date.day()),
                ("year", &date.year()),
            ],
        )
    }

    /// A date in words without its weekday (a date of birth): "April 28, 1986".
    pub fn date(self, date: time::Date) -> String {
        self.t_with(
            "date-medium",
            &[
                (
                    "month",
                    &self.t(&format!("month-{}", u8::from(date.month()))),
                ),
                ("day", &date.day()),
                ("year", &date.year()),
            ],
        )
    }

    /// Text whose English lives in Rust: that English, or the catalog's `id` here.
    pub fn or_english(self, id: &str, english: &str) -> String {
        match self {
            Lang::En => english.to_owned(),
            lang => lang.try_t(id).unwrap_or_else(|| english.to_owned()),
        }
    }

    /// A status as the requester reads it.
    pub fn status(self, status: crate::domain::workflow::Status) -> String {
        self.or_english(
            &format!("StatusPublic-{}", status.code()),
            status.public_label(),
        )
    }

    /// What the requester can expect next, for a status.
    pub fn status_help(self, status: crate::domain::workflow::Status) -> String {
        self.or_english(
            &format!("StatusHelp-{}", status.code()),
            status.public_help(),
        )
    }

    /// An English sentence from Rust (see [`Site::message`]) in this language.
    pub fn message(self, english: &str) -> String {
        match self {
            Lang::En => english.to_owned(),
            // "Choose a less common password: This is a very common password." is two
            // sentences from Rust, each in the catalog.
            lang => {
                lang.try_t(&message_id(english))
                    .unwrap_or_else(|| match english.split_once(": ") {
                        Some((first, second)) => {
                            format!("{}: {}", lang.message(first), lang.message(second))
                        }
                        None => english.to_owned(),
                    })
            }
        }
    }

    /// Whether [`Lang::message`] has `english` in this language.
    pub fn has_message(self, english: &str) -> bool {
        self == Lang::En || self.try_t(&message_id(english)).is_some()
    }

    /// The message `id` in this language only, if the catalog has it.
    pub fn try_t(self, id: &str) -> Option<String> {
        LOCALES
            .lookup_single_language::<&str>(self.id(), id, None)
            .ok()
    }

    /// A coded value's label: the Rust label in English (staff pages share it), the
    /// catalog's `<KIND>-<code>` otherwise.
    pub fn label<T: crate::domain::Coded>(self, value: T) -> String {
        self.or_english(&format!("{}-{}", T::KIND, value.code()), value.label())
    }

    /// The message `id` with text arguments.
    pub fn t_with(self, id: &str, args: &[(&'static str, &dyn Display)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(name, value)| (Cow::Borrowed(*name), FluentValue::from(value.to_string())))
            .collect();
        LOCALES.lookup_with_args(self.id(), id, &args)
    }

    /// The message `id` with a number (for plural forms).
    pub fn t_count(self, id: &str, name: &'static str, n: i64) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue<'_>> =
            HashMap::from([(Cow::Borrowed(name), FluentValue::from(n))]);
        LOCALES.lookup_with_args(self.id(), id, &args)
    }
}

/// The catalog id of an English sentence: `m-` and its letters and digits, lower case,
/// joined by single dashes ("Enter the fax number" is `m-enter-the-fax-number`).
pub fn message_id(english: &str) -> String {
    let mut id = String::from("m");
    let mut dash = true;
    for c in english.chars() {
        if c.is_ascii_alphanumeric() {
            if dash {
                id.push('-');
            }
            id.push(c.to_ascii_lowercase());
            dash = false;
        } else if c != '\'' {
            dash = true;
        }
    }
    id
}

/// The languages of the language assistance notice (45 CFR 92.11): English, Spanish and
/// the 13 other languages most spoken at home in Connecticut (docs/LANGUAGES.md), each with
/// whether it is written right to left.
pub const NOTICE_LANGUAGES: [(&str, bool); 15] = [
    ("en", false),
    ("es", false),
    ("pt", false),
    ("pl", false),
    ("zh", false),
    ("it", false),
    ("ht", false),
    ("fr", false),
    ("ru", false),
    ("ar", true),
    ("vi", false),
    ("ko", false),
    ("gu", false),
    ("hi", false),
    ("sq", false),
];

/// The language of the request being answered, and the page to come back to after
/// switching it.
#[derive(Debug, Clone)]
pub struct RequestLanguage {
    /// The language this page is in.
    pub lang: Lang,
    /// The language the visitor asked for (cookie or browser), even on a page not yet
    /// translated: a request filed keeps it.
    pub preferred: Lang,
    pub back: String,
    /// Whether this page offers the switch (it is translated).
    pub switchable: bool,
    /// The practice, for pages drawn without the application state (error pages).
    pub practice: Option<Arc<Practice>>,
}

tokio::task_local! {
    static CURRENT: RequestLanguage;
}

/// The current request's language; English outside a request.
pub fn current() -> RequestLanguage {
    CURRENT.try_with(Clone::clone).unwrap_or(RequestLanguage {
        lang: Lang::En,
        preferred: Lang::En,
        back: "/".to_owned(),
        switchable: false,
        practice: None,
    })
}

/// Runs `work` (a request's handling) with `language` as its language.
pub async fn within<F: Future>(language: RequestLanguage, work: F) -> F::Output {
    CURRENT.scope(language, work).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_best_of_ours() {
        assert_eq!(
            Lang::from_accept_language("es-MX,es;q=0.9,en;q=0.8"),
            Some(Lang::Es)
        );
        assert_eq!(
            Lang::from_accept_language("fr-FR, en;q=0.5, es;q=0.7"),
            Some(Lang::Es)
        );
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9"), Some(Lang::En));
        assert_eq!(Lang::from_accept_language("fr, de"), None);
        assert_eq!(Lang::from_accept_language("es;q=0"), None);
        assert_eq!(Lang::from_accept_language(""), None);
    }
}
