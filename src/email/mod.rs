//! Email: typed messages rendered from templates, queued in the outbox table, and sent by
//! a worker through lettre (SMTP, or `.eml` files when no SMTP server is configured).

pub mod messages;
pub mod notices;
pub mod outbox;
mod transport;
pub mod trouble;

pub use transport::{MailError, Mailer};

#[cfg(test)]
mod tests {
    use crate::domain::contact::EmailAddress;

    /// The domain checks addresses without lettre, by the same rules: an address the form
    /// accepts that lettre refused would fail at sending, and one lettre takes that the
    /// form refused would make a stored address unusable for notices.
    #[test]
    fn the_form_accepts_exactly_the_addresses_lettre_sends_to() {
        let samples = [
            "pat@example.com",
            "Pat.Doe+records@mail.example.org",
            "o'brien@example.ie",
            "j@sub.domain.example",
            "user@[192.0.2.1]",
            "josé@correo.example.es",
            "user@bücher.example",
            "x@i❤.ws",
            "x@xn--i-7iq.ws",
            "user@[IPv6:2001:db8::1]",
            "user@[2001:db8::1]",
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
            let lettre_sends = sample
                .parse::<lettre::Address>()
                .is_ok_and(|a| a.domain().contains('.'));
            let no_spaces = !sample.contains(' ');
            assert_eq!(
                EmailAddress::parse(sample).is_ok(),
                lettre_sends && no_spaces,
                "{sample}: the form and lettre disagree"
            );
        }
        assert!(EmailAddress::parse("pat@example.com").is_ok());
        assert!(EmailAddress::parse("a@b").is_err());
    }
}
