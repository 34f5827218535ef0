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
    }
    Ok(())
}

/// A human table.
pub fn table(rows: &Rows) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_BORDERS_ONLY).set_content_arrangement(ContentArrangement::Disabled).set_header(rows.header.clone());
    for row in &rows.rows {
        t.add_row(row.clone());
    }
    t
}
