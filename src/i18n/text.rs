//! Sentences written later: an email about a request is composed where the event happens
//! and written in the request's language when it is queued.

use std::fmt::Display;

use super::Lang;

/// A sentence to be written later in a language not known yet (an email about a request
/// goes out in the request's language): a message id and its arguments.
#[derive(Debug, Clone)]
pub struct Text {
    id: &'static str,
    args: Vec<(&'static str, Arg)>,
}

#[derive(Debug, Clone)]
enum Arg {
    Plain(String),
    /// A date, written in words in the language.
    Date(time::Date),
    /// A sentence of its own, written in the same language.
    Text(Box<Text>),
}

impl Text {
    pub fn new(id: &'static str) -> Self {
        Text {
            id,
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl Display) -> Self {
        self.args.push((name, Arg::Plain(value.to_string())));
        self
    }

    pub fn date(mut self, name: &'static str, date: time::Date) -> Self {
        self.args.push((name, Arg::Date(date)));
        self
    }

    pub fn text(mut self, name: &'static str, text: Text) -> Self {
        self.args.push((name, Arg::Text(Box::new(text))));
        self
    }

    pub fn render(&self, lang: Lang) -> String {
        let values: Vec<(&'static str, String)> = self
            .args
            .iter()
            .map(|(name, arg)| {
                let value = match arg {
                    Arg::Plain(text) => text.clone(),
                    Arg::Date(date) => lang.long_date(*date),
                    Arg::Text(text) => text.render(lang),
                };
                (*name, value)
            })
            .collect();
        let args: Vec<(&'static str, &dyn Display)> = values
            .iter()
            .map(|(name, value)| (*name, value as &dyn Display))
            .collect();
        lang.t_with(self.id, &args)
    }
}
