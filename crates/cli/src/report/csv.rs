//! CSV: one row per result, a header line first, for spreadsheets and scripts.
//!
//! `frameworks` joins `framework:control` with `;`; `muted` holds the mute rule's reason
//! (empty when not muted); `reasons` are joined with `; `.
//!
//! A cell that starts with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`:
//! spreadsheets run such cells as formulas, and resource names, tags and reasons can be
//! chosen by whoever creates the resource (OWASP "CSV Injection").

use std::io::Write;

use meerkat_model::CheckStatus;

use super::Report;

/// The header line.
pub const HEADER: [&str; 12] = [
    "check_id",
    "status",
    "severity",
    "resource_type",
    "resource_id",
    "arn",
    "region",
    "account_id",
    "frameworks",
    "muted",
    "reasons",
    "remediation_cli",
];

/// Writes the header and one line per result.
pub fn render(report: &Report, out: &mut dyn Write) -> std::io::Result<()> {
    let mut writer = ::csv::Writer::from_writer(out);
    writer.write_record(HEADER)?;
    for row in &report.results {
        let status = match row.status {
            CheckStatus::Pass => "PASS",
            CheckStatus::Fail => "FAIL",
            CheckStatus::NotAssessed => "NOT_ASSESSED",
        };
        let cells = [
            row.check_id.clone(),
            status.to_string(),
            row.severity.to_string(),
            row.resource_type.clone(),
            row.resource_id.clone(),
            row.arn.clone().unwrap_or_default(),
            row.region.clone(),
            row.account_id.clone(),
            row.framework_controls().join(";"),
            row.muted.clone().unwrap_or_default(),
            row.reasons.join("; "),
            row.remediation.cli.trim().to_string(),
        ];
        writer.write_record(cells.iter().map(|cell| defuse(cell).into_owned()))?;
    }
    writer.flush()
}

/// The cell, with a leading `'` when a spreadsheet would read it as a formula.
pub fn defuse(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse("arn:aws:s3:::b"), "arn:aws:s3:::b");
    }
}
