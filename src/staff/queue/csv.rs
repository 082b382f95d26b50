//! CSV export of the filtered queue, with cells a spreadsheet would run as formulas
//! neutralised.

use crate::domain::calendar::practice_date;
use crate::staff::queries::queue::QueueRow;

/// A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with
/// an apostrophe (OWASP's CSV-injection advice), then quoted.
pub fn cell(value: &str) -> String {
    let neutral = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    format!("\"{}\"", neutral.replace('"', "\"\""))
}

pub fn render(rows: &[QueueRow]) -> String {
    let mut out = String::from(
        "reference,patient,date_of_birth,requester_type,records,delivery,status,received,service_due,legal_due,assigned_to,language\r\n",
    );
    for r in rows {
        let fields = [
            r.reference.clone(),
            r.patient_name.clone(),
            r.date_of_birth.to_string(),
            r.requester_type.code().to_owned(),
            r.kinds
                .iter()
                .map(|k| k.code())
                .collect::<Vec<_>>()
                .join(" "),
            r.delivery_method.code().to_owned(),
            r.status.code().to_owned(),
            practice_date(r.received_at).to_string(),
            r.service_due_on.to_string(),
            r.legal_due_on.to_string(),
            r.assigned_name.clone().unwrap_or_default(),
            r.language.code().to_owned(),
        ];
        out.push_str(&fields.iter().map(|f| cell(f)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn formula_cells_are_neutralised_and_quotes_doubled() {
        assert_eq!(
            cell("=HYPERLINK(\"http://x\")"),
            "\"'=HYPERLINK(\"\"http://x\"\")\""
        );
        assert_eq!(cell("+1"), "\"'+1\"");
        assert_eq!(cell("-2"), "\"'-2\"");
        assert_eq!(cell("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(cell("\tx"), "\"'\tx\"");
        assert_eq!(cell("O'Neil, Pat"), "\"O'Neil, Pat\"");
    }
}
