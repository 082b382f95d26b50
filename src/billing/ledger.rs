//! The payment ledger of one request: append-only entries, and the balance derived from them
//! and the invoice, never stored.

use crate::domain::money::Cents;
use crate::domain::string_enum;

string_enum! {
    pub enum EntryKind {
        Payment => ("payment", "Payment"),
        Waiver => ("waiver", "Waiver"),
        Refund => ("refund", "Refund"),
    }
}

string_enum! {
    pub enum PaymentMethod {
        Card => ("card", "Card"),
        Check => ("check", "Check"),
        Cash => ("cash", "Cash"),
        MoneyOrder => ("money_order", "Money order"),
        Other => ("other", "Other"),
    }
}

/// What the requester still owes: the invoice total less payments and waivers, plus
/// refunds. Negative when they paid too much and nothing was refunded yet.
pub fn balance(invoice_total: Cents, entries: &[(EntryKind, Cents)]) -> Cents {
    let owed = entries
        .iter()
        .fold(invoice_total.get(), |owed, (kind, amount)| match kind {
            EntryKind::Payment | EntryKind::Waiver => owed - amount.get(),
            EntryKind::Refund => owed + amount.get(),
        });
    Cents::new(owed)
}

/// Money actually received and not yet returned: what a refund may not exceed.
pub fn money_held(entries: &[(EntryKind, Cents)]) -> Cents {
    Cents::new(entries.iter().fold(0, |held, (kind, amount)| match kind {
        EntryKind::Payment => held + amount.get(),
        EntryKind::Refund => held - amount.get(),
        EntryKind::Waiver => held,
    }))
}

/// Parses an amount as a clerk types it: `12`, `12.5`, `12.50`, `$1,012.50`.
pub fn parse_dollars(text: &str) -> Option<Cents> {
    let cleaned: String = text
        .trim()
        .trim_start_matches('$')
        .chars()
        .filter(|c| *c != ',')
        .collect();
    let (whole, fraction) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !fraction.chars().all(|c| c.is_ascii_digit())
        || fraction.len() > 2
        || whole.len() > 7
    {
        return None;
    }
    let dollars: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let cents: i64 = match fraction.len() {
        0 => 0,
        1 => fraction.parse::<i64>().ok()? * 10,
        _ => fraction.parse().ok()?,
    };
    let total = dollars * 100 + cents;
    (total > 0).then(|| Cents::new(total))
}

#[cfg(test)]
mod tests {
    use super::*;
    use EntryKind as K;

    fn c(n: i64) -> Cents {
        Cents::new(n)
    }

    #[test]
    fn partial_payment_leaves_a_balance() {
        assert_eq!(balance(c(3150), &[(K::Payment, c(1000))]), c(2150));
    }

    #[test]
    fn overpayment_goes_negative_until_refunded() {
        let paid = [(K::Payment, c(4000))];
        assert_eq!(balance(c(3150), &paid), c(-850));
        let refunded = [(K::Payment, c(4000)), (K::Refund, c(850))];
        assert_eq!(balance(c(3150), &refunded), c(0));
    }

    #[test]
    fn a_waiver_settles_like_a_payment() {
        let entries = [(K::Payment, c(650)), (K::Waiver, c(2500))];
        assert_eq!(balance(c(3150), &entries), c(0));
    }

    #[test]
    fn waivers_are_not_money_that_can_be_refunded() {
        let entries = [
            (K::Payment, c(650)),
            (K::Waiver, c(2500)),
            (K::Refund, c(150)),
        ];
        assert_eq!(money_held(&entries), c(500));
    }

    #[test]
    fn a_full_refund_reopens_the_balance() {
        let entries = [(K::Payment, c(1500)), (K::Refund, c(1500))];
        assert_eq!(balance(c(1500), &entries), c(1500));
    }

    #[test]
    fn dollars_parse_as_clerks_type_them() {
        assert_eq!(parse_dollars("12"), Some(c(1200)));
        assert_eq!(parse_dollars("12.5"), Some(c(1250)));
        assert_eq!(parse_dollars("$1,012.50"), Some(c(101_250)));
        assert_eq!(parse_dollars(".75"), Some(c(75)));
        for bad in [
            "", "0", "0.00", "-5", "12.345", "1e3", "twelve", "$", "99999999",
        ] {
            assert_eq!(parse_dollars(bad), None, "{bad:?}");
        }
    }
}
