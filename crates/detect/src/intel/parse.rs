//! The list formats: one indicator (an address or a CIDR block) per line for plain
//! lists and FireHOL `.netset` files, one per row for CSV. Each reader hands back the
//! indicators it could read and one [`Error::Indicator`] per line it could not.

use std::net::IpAddr;
use std::path::Path;

use super::Range;
use crate::Error;

/// Reads an address or CIDR block (`192.0.2.7`, `192.0.2.0/24`, `2001:db8::/32`) into
/// its inclusive range. Host bits below the prefix are ignored (`192.0.2.7/24` is the
/// `/24`), as FireHOL and most feeds mean it.
pub(super) fn indicator(text: &str) -> Result<Range, String> {
    let (addr, prefix) = match text.split_once('/') {
        Some((addr, prefix)) => (addr, Some(prefix)),
        None => (text, None),
    };
    let ip: IpAddr = addr.trim().parse().map_err(|_| format!("{text:?} is not an IP address or CIDR block"))?;
    let ip = ip.to_canonical();
    let (v6, value, bits) = match ip {
        IpAddr::V4(v4) => (false, u128::from(u32::from(v4)), 32u32),
        IpAddr::V6(v6) => (true, u128::from(v6), 128u32),
    };
    let prefix = match prefix {
        None => bits,
        Some(p) => match p.trim().parse::<u32>() {
            Ok(p) if p <= bits => p,
            _ => return Err(format!("{text:?}: the prefix length must be a number from 0 to {bits}")),
        },
    };
    let host_bits = bits - prefix;
    let host_mask = if host_bits == 0 { 0 } else { u128::MAX >> (128 - host_bits) };
    Ok(Range { v6, start: value & !host_mask, end: value | host_mask })
}

/// A plain list or FireHOL `.netset`: one indicator per line; `#` starts a comment
/// (whole-line or trailing); blank lines are skipped. Also returns the FireHOL header's
/// `# Category : …` value, when there is one.
pub(super) fn lines(path: &Path, text: &str, errors: &mut Vec<Error>) -> (Vec<Range>, Option<String>) {
    let mut ranges = Vec::new();
    let mut category = None;
    for (index, line) in text.lines().enumerate() {
        let (content, comment) = match line.split_once('#') {
            Some((content, comment)) => (content.trim(), Some(comment)),
            None => (line.trim(), None),
        };
        if content.is_empty() {
            if let Some((key, value)) = comment.and_then(|c| c.split_once(':')) {
                if key.trim().eq_ignore_ascii_case("category") && category.is_none() && !value.trim().is_empty() {
                    category = Some(value.trim().to_owned());
                }
            }
            continue;
        }
        match indicator(content) {
            Ok(range) => ranges.push(range),
            Err(reason) => errors.push(bad(path, index, reason)),
        }
    }
    (ranges, category)
}

/// CSV with a header row: the indicators are in the column named `column` (matched
/// without regard to case). Quoted fields (`"…"`, `""` for a quote) are understood;
/// a field may not span lines. Blank lines and lines starting with `#` are skipped.
pub(super) fn csv(path: &Path, text: &str, column: &str, errors: &mut Vec<Error>) -> Vec<Range> {
    let mut ranges = Vec::new();
    let mut rows = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    let Some((header_index, header)) = rows.next() else { return ranges };
    let header = match fields(header) {
        Ok(header) => header,
        Err(reason) => {
            errors.push(bad(path, header_index, format!("header: {reason}")));
            return ranges;
        }
    };
    let Some(at) = header.iter().position(|h| h.trim().eq_ignore_ascii_case(column)) else {
        let names = header.iter().map(|h| h.trim()).collect::<Vec<_>>().join(", ");
        errors.push(bad(path, header_index, format!("no column {column:?} in the header (columns: {names})")));
        return ranges;
    };
    for (index, row) in rows {
        let result = fields(row).and_then(|cells| {
            let cell = cells.get(at).ok_or_else(|| format!("{} field(s), no column {}", cells.len(), at + 1))?;
            indicator(cell.trim())
        });
        match result {
            Ok(range) => ranges.push(range),
            Err(reason) => errors.push(bad(path, index, reason)),
        }
    }
    ranges
}

/// The fields of one CSV line.
fn fields(line: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut field = String::new();
    let mut chars = line.trim_end_matches('\r').chars().peekable();
    let mut quoted = false;
    let mut was_quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.trim().is_empty() && !was_quoted => {
                field.clear();
                quoted = true;
                was_quoted = true;
            }
            (false, ',') => {
                out.push(std::mem::take(&mut field));
                was_quoted = false;
            }
            (false, c) => field.push(c),
        }
    }
    if quoted {
        return Err("a quoted field is not closed".to_owned());
    }
    out.push(field);
    Ok(out)
}

fn bad(path: &Path, index: usize, reason: String) -> Error {
    Error::Indicator { path: path.to_owned(), line: index as u64 + 1, reason }
}
