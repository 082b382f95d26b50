//! Email: typed messages rendered from templates, queued in the outbox table, and sent by
//! a worker through lettre (SMTP, or `.eml` files when no SMTP server is configured).

pub mod messages;
pub mod notices;
pub mod outbox;
mod transport;

pub use transport::{MailError, Mailer};

#[cfg(test)]
mod tests {
    use crate::domain::contact::EmailAddress;

    /// The domain checks addresses without lettre; every address it accepts must still be
    /// one lettre sends to, or a confirmation email would fail after the form said yes.
    #[test]
    fn every_address_the_form_accepts_is_one_lettre_sends_to() {
        let samples = [
            "pat@example.com",
            "Pat.Doe+records@mail.example.org",
            "o'brien@example.ie",
            "j@sub.domain.example",
            "user@[192.0.2.1]",
            "josé@correo.example.es",
            "user@bücher.example",
            "\"quoted local\"@example.com",
            "a@b",
            "no-at-sign.example.com",
            "two@@example.com",
            "trailing@example.com.",
            "x@-bad-.example",
            "spaces in@example.com",
            "@example.com",
            "name@",
        ];
        for sample in samples {
            if let Ok(address) = EmailAddress::parse(sample) {
                assert!(
                    address.as_str().parse::<lettre::Address>().is_ok(),
                    "{sample} passed the form but lettre refuses it"
                );
            }
        }
        assert!(EmailAddress::parse("pat@example.com").is_ok());
        assert!(EmailAddress::parse("a@b").is_err());
    }
}
