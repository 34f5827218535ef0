//! Rendering: human tables by default, JSON, JSON Lines and CSV for machines.

use std::io::Write;

use comfy_table::{presets::UTF8_BORDERS_ONLY, ContentArrangement, Table};
use serde::Serialize;

/// How a command prints data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for people.
    Table,
    /// One JSON document.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated values with a header line.
    Csv,
    /// OCSF 1.x Compliance Findings, one JSON object per line (scan, findings).
    Ocsf,
    /// AWS Security Finding Format for Security Hub (scan, findings).
    Asff,
    /// SARIF 2.1.0 for code-scanning UIs (scan, findings).
    Sarif,
    /// One self-contained HTML report (scan, findings).
    Html,
}

/// A table of rows for the table and CSV formats.
pub struct Rows {
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

/// Prints `items` as JSON/JSONL, or `rows()` of them as a table or CSV.
pub fn print<T: Serialize>(format: Format, items: &[T], rows: impl FnOnce(&[T]) -> Rows) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, items)?;
            writeln!(out)?;
        }
        Format::Jsonl => {
            for item in items {
                serde_json::to_writer(&mut out, item)?;
                writeln!(out)?;
            }
        }
        Format::Csv => {
            let r = rows(items);
            let mut w = csv::Writer::from_writer(out);
            w.write_record(&r.header)?;
            for row in r.rows {
                w.write_record(&row)?;
            }
            w.flush()?;
        }
        Format::Table => {
            let r = rows(items);
            writeln!(out, "{}", table(&r))?;
        }
        Format::Ocsf | Format::Asff | Format::Sarif | Format::Html => {
            anyhow::bail!("--format {format:?} is a findings format: use it with `meerkat scan` or `meerkat findings`")
        }
    }
    Ok(())
}

/// A human table.
pub fn table(rows: &Rows) -> Table {
    let mut t = Table::new();
    // Wrap long cells to the terminal, or to a readable width when output is piped.
    let width = if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        comfy_table::Table::new().width().unwrap_or(160)
    } else {
        160
    };
    t.load_preset(UTF8_BORDERS_ONLY)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width)
        .set_header(rows.header.clone());
    for row in &rows.rows {
        t.add_row(row.clone());
    }
    t
}
