//! The page chrome every template gets: the practice's details, the page's language and its
//! messages, dates and labels in that language.

use std::fmt::Display;

use super::{Lang, current};
use crate::config::Practice;

/// The practice's name and contact details, for page chrome and emails, and the language
/// the page is in (the request's; see [`crate::i18n`]) with its messages.
#[derive(Debug, Clone)]
pub struct Site {
    pub name: String,
    pub phone: String,
    pub address: String,
    pub lang: Lang,
    /// This page's address, to come back to after switching language.
    pub back: String,
    /// The page is translated and offers the language switch.
    pub switchable: bool,
}

impl From<&Practice> for Site {
    fn from(p: &Practice) -> Self {
        let current = current();
        Site {
            name: p.name.clone(),
            phone: p.phone.clone(),
            address: p.address.clone(),
            lang: current.lang,
            back: current.back,
            switchable: current.switchable,
        }
    }
}

impl Site {
    /// The page chrome for a page drawn without the application state (an error page), in
    /// the language the visitor asked for: every error page is translated.
    pub fn for_error_page() -> Option<Site> {
        let current = current();
        let practice = current.practice.clone()?;
        let mut site = Site::from(practice.as_ref());
        site.lang = current.preferred;
        site.switchable = false;
        Some(site)
    }

    /// The same site in another language (an email about a request goes out in the
    /// request's language, whoever's click sent it).
    pub fn in_lang(mut self, lang: Lang) -> Self {
        self.lang = lang;
        self
    }

    pub fn t(&self, id: &str) -> String {
        self.lang.t(id)
    }

    pub fn t1(&self, id: &str, name: &'static str, value: impl Display) -> String {
        self.lang.t_with(id, &[(name, &value)])
    }

    pub fn t2(
        &self,
        id: &str,
        n1: &'static str,
        v1: impl Display,
        n2: &'static str,
        v2: impl Display,
    ) -> String {
        self.lang.t_with(id, &[(n1, &v1), (n2, &v2)])
    }

    /// A request's status as requesters read it.
    pub fn status(
        &self,
        status: impl std::borrow::Borrow<crate::domain::workflow::Status>,
    ) -> String {
        self.lang.status(*status.borrow())
    }

    /// What a status means for the requester.
    pub fn status_help(
        &self,
        status: impl std::borrow::Borrow<crate::domain::workflow::Status>,
    ) -> String {
        self.lang.status_help(*status.borrow())
    }

    /// The practice's day of a moment, in words.
    pub fn day_of(&self, at: &time::OffsetDateTime) -> String {
        self.long_date(crate::domain::calendar::practice_date(*at))
    }

    pub fn long_date(&self, date: impl std::borrow::Borrow<time::Date>) -> String {
        self.lang.long_date(*date.borrow())
    }

    pub fn date(&self, date: impl std::borrow::Borrow<time::Date>) -> String {
        self.lang.date(*date.borrow())
    }

    /// A coded value (a record kind, a delivery method, ...) in this page's language.
    pub fn label(&self, value: impl crate::domain::Coded) -> String {
        self.lang.label(value)
    }

    /// Text whose English lives in Rust (legal wording shared with staff pages and letters):
    /// that English, or the catalog's `id` in another language.
    pub fn or_english(&self, id: &str, english: &str) -> String {
        self.lang.or_english(id, english)
    }

    /// A message a form's rules wrote in English (validation messages): the English, or the
    /// catalog's `m-<the English as a slug>` in another language.
    pub fn message(&self, english: &str) -> String {
        self.lang.message(english)
    }

    /// [`Site::or_english`] for the message `<kind>-<code>`.
    pub fn or_english_coded(&self, kind: &str, code: &str, english: &str) -> String {
        self.or_english(&format!("{kind}-{code}"), english)
    }

    pub fn tn(&self, id: &str, name: &'static str, n: impl std::borrow::Borrow<i64>) -> String {
        self.lang.t_count(id, name, *n.borrow())
    }

    /// Every language but this page's (the footer names the notice in each).
    pub fn also_in(&self) -> Vec<Lang> {
        Lang::ALL.into_iter().filter(|l| *l != self.lang).collect()
    }

    /// The languages a page offers to switch to (none on a page not yet translated).
    pub fn other_langs(&self) -> Vec<Lang> {
        Lang::ALL
            .into_iter()
            .filter(|l| self.switchable && *l != self.lang)
            .collect()
    }
}
