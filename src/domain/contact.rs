//! Parsed identity and contact values: once built, they are known to be well formed.

use std::fmt;

use time::Date;

/// Free text from a form: trimmed, bounded, without control or direction-override characters.
pub fn clean_text(raw: &str, max_chars: usize, multiline: bool) -> Result<String, &'static str> {
    let text = raw.trim();
    if text.chars().count() > max_chars {
        return Err("is too long");
    }
    let forbidden = |c: char| {
        (c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')))
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200B}'..='\u{200F}' | '\u{FEFF}')
    };
    if text.chars().any(forbidden) {
        return Err("contains characters we cannot accept");
    }
    Ok(if multiline {
        text.replace("\r\n", "\n")
    } else {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    })
}

/// A person's name as they write it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let name = clean_text(raw, 200, false)?;
        if name.is_empty() {
            return Err("is empty");
        }
        if !name.chars().any(char::is_alphabetic) {
            return Err("must contain letters");
        }
        Ok(PersonName(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The same name ignoring case, spacing and punctuation, for "did the patient sign?".
    pub fn matches(&self, other: &PersonName) -> bool {
        let fold = |s: &str| -> String {
            s.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect()
        };
        fold(&self.0) == fold(&other.0)
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The form an email address is looked up by: trimmed and lower-cased, or `None` when it
/// cannot be anyone's address (control characters, NUL, absurd length), so such text
/// never reaches a query.
pub fn lookup_email(raw: &str) -> Option<String> {
    let text = raw.trim();
    (text.len() <= 254 && !text.is_empty() && !text.chars().any(char::is_control))
        .then(|| text.to_lowercase())
}

/// An email address a mail server will take: RFC 5321 local part and domain (the same
/// checks lettre makes before sending; `email::tests` holds the two in step), and a dot in
/// the domain, since nobody here writes to a bare host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let text = raw.trim();
        if text.len() > 254 || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err("is not an email address");
        }
        let valid = text.rsplit_once('@').is_some_and(|(local, domain)| {
            domain.contains('.')
                && email_address::EmailAddress::is_valid_local_part(local)
                && is_valid_domain(domain)
        });
        if valid {
            Ok(EmailAddress(text.to_owned()))
        } else {
            Err("is not an email address, like name@example.com")
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `j***@example.com`: enough for an engineer to tell messages apart, nothing more.
    pub fn masked(&self) -> String {
        match self.0.split_once('@') {
            Some((local, domain)) => {
                let first: String = local.chars().take(1).collect();
                format!("{first}***@{domain}")
            }
            None => "***".into(),
        }
    }
}

/// A domain name, an internationalised one (checked in its ASCII form, as it is sent), or
/// an address literal.
fn is_valid_domain(domain: &str) -> bool {
    let ascii_valid = |d: &str| email_address::EmailAddress::is_valid_domain(d) || is_ip_literal(d);
    ascii_valid(domain) || idna::domain_to_ascii(domain).is_ok_and(|ascii| ascii_valid(&ascii))
}

/// `[192.0.2.1]` or `192.0.2.1`, which RFC 5321 allows in place of a domain name.
fn is_ip_literal(domain: &str) -> bool {
    domain
        .strip_prefix('[')
        .and_then(|ip| ip.strip_suffix(']'))
        .unwrap_or(domain)
        .parse::<std::net::IpAddr>()
        .is_ok()
}

/// A US phone or fax number, kept as its ten digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let text = raw.trim();
        if text.len() > 30
            || !text
                .chars()
                .all(|c| c.is_ascii_digit() || " ()-.+".contains(c))
        {
            return Err("must be a phone number, like (203) 555-0123");
        }
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        let digits = match digits.len() {
            10 => digits,
            11 if digits.starts_with('1') => digits[1..].to_owned(),
            _ => return Err("must have 10 digits, like (203) 555-0123"),
        };
        Ok(PhoneNumber(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.0;
        write!(f, "({}) {}-{}", &d[0..3], &d[3..6], &d[6..10])
    }
}

/// A date of birth from the three "memorable date" fields: real, past, and plausible.
pub fn parse_date_of_birth(
    month: &str,
    day: &str,
    year: &str,
    today: Date,
) -> Result<Date, &'static str> {
    let number = |s: &str| s.trim().parse::<u16>().ok();
    let (Some(month), Some(day), Some(year)) = (number(month), number(day), number(year)) else {
        return Err("must be a real date, for example 4 28 1986");
    };
    let month = u8::try_from(month)
        .ok()
        .and_then(|m| time::Month::try_from(m).ok());
    let date = month
        .and_then(|m| Date::from_calendar_date(i32::from(year), m, u8::try_from(day).ok()?).ok());
    match date {
        None => Err("must be a real date, for example 4 28 1986"),
        Some(d) if d > today => Err("must be in the past"),
        Some(d) if d.year() < 1900 => Err("must be after 1900"),
        Some(d) => Ok(d),
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn names_are_trimmed_and_must_have_letters() {
        assert_eq!(
            PersonName::parse("  Ana   María  O'Neil ")
                .unwrap()
                .as_str(),
            "Ana María O'Neil"
        );
        assert!(PersonName::parse("   ").is_err());
        assert!(PersonName::parse("12345").is_err());
        assert!(PersonName::parse(&"a".repeat(201)).is_err());
        assert!(PersonName::parse("Eve\u{202E}lyn").is_err());
        assert!(PersonName::parse("Nul\0l").is_err());
    }

    #[test]
    fn signatures_match_names_loosely() {
        let a = PersonName::parse("Mary-Ann O'Brien").unwrap();
        assert!(a.matches(&PersonName::parse("mary ann obrien").unwrap()));
        assert!(!a.matches(&PersonName::parse("Mary O'Brien").unwrap()));
    }

    #[test]
    fn email_addresses() {
        assert!(EmailAddress::parse("pat@example.com").is_ok());
        assert!(EmailAddress::parse(" pat@example.com ").is_ok());
        for bad in [
            "pat",
            "pat@",
            "@example.com",
            "pat@localhost",
            "pat @example.com",
            "a@b.com\r\nBcc: x@y.com",
        ] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            EmailAddress::parse("jane@example.com").unwrap().masked(),
            "j***@example.com"
        );
    }

    #[test]
    fn phone_numbers_keep_ten_digits() {
        assert_eq!(
            PhoneNumber::parse("(203) 555-0123").unwrap().as_str(),
            "2035550123"
        );
        assert_eq!(
            PhoneNumber::parse("+1 203.555.0123").unwrap().to_string(),
            "(203) 555-0123"
        );
        assert!(PhoneNumber::parse("555-0123").is_err());
        assert!(PhoneNumber::parse("203-555-0123; drop table").is_err());
    }

    #[test]
    fn dates_of_birth() {
        let today = date!(2026 - 11 - 22);
        assert_eq!(
            parse_date_of_birth("4", "28", "1986", today),
            Ok(date!(1986 - 04 - 28))
        );
        assert!(parse_date_of_birth("2", "30", "1986", today).is_err());
        assert!(parse_date_of_birth("13", "1", "1986", today).is_err());
        assert!(parse_date_of_birth("1", "1", "2027", today).is_err());
        assert!(parse_date_of_birth("1", "1", "1850", today).is_err());
        assert!(parse_date_of_birth("", "1", "1986", today).is_err());
        assert!(parse_date_of_birth("99999", "1", "1986", today).is_err());
    }
}
