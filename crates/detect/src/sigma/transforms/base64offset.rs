//! `|base64offset`: expands the modifier into its three search strings before the
//! rule reaches the engine, because rsigma-eval 0.23.0 builds them wrong (it keeps
//! the last character of an incomplete base64 group, which depends on the byte
//! that follows the value in the real data; fixed in 0.24). The strings are those of
//! pySigma's `SigmaBase64OffsetModifier`: the value is encoded at byte offsets 0, 1
//! and 2 and only the characters that depend on the value alone are kept.
//!
//! The value is first encoded by the modifiers before `base64offset` (`wide`,
//! `utf16le`, `utf16be`, `utf16`), which are then dropped too; `contains` is
//! implied (as the engine does) and `cased` added, because base64 text is
//! case-sensitive.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use super::prelude::*;

/// The base64offset transform.
pub struct Base64Offset;

impl Transform for Base64Offset {
    fn name(&self) -> &'static str {
        "base64offset"
    }

    fn rule(&self, rule: &mut SigmaRule, _ctx: &Context<'_>) -> Result<(), RuleProblem> {
        rewrite_items(rule, &mut expand)
    }
}

fn expand(mut item: DetectionItem) -> Result<Vec<DetectionItem>, RuleProblem> {
    let modifiers = &item.field.modifiers;
    let Some(at) = modifiers.iter().position(|m| *m == Modifier::Base64Offset) else {
        return Ok(vec![item]);
    };
    let mut encodings = Vec::new();
    for modifier in &modifiers[..at] {
        match modifier {
            Modifier::Wide | Modifier::Utf16be | Modifier::Utf16 => encodings.push(*modifier),
            other => {
                return Err(RuleProblem::Base64Offset(format!(
                    "modifier {other:?} before base64offset is not supported"
                )))
            }
        }
    }
    for modifier in &modifiers[at + 1..] {
        match modifier {
            Modifier::Contains | Modifier::All | Modifier::Cased => {}
            other => {
                return Err(RuleProblem::Base64Offset(format!(
                    "modifier {other:?} after base64offset is not supported (only contains, all, cased)"
                )))
            }
        }
    }
    let all = item.field.has_modifier(Modifier::All);
    let mut groups = Vec::with_capacity(item.values.len());
    for value in &item.values {
        let text = match value {
            SigmaValue::String(text) => text.as_plain().ok_or_else(|| {
                RuleProblem::Base64Offset(format!("value {:?} has wildcards", text.original))
            })?,
            SigmaValue::Integer(n) => n.to_string(),
            SigmaValue::Float(n) => n.to_string(),
            SigmaValue::Bool(b) => b.to_string(),
            SigmaValue::Null => {
                return Err(RuleProblem::Base64Offset("a null value cannot be encoded".into()))
            }
        };
        let mut bytes = text.into_bytes();
        for encoding in &encodings {
            bytes = encode_utf16(&bytes, *encoding);
        }
        groups.push(
            offsets(&bytes)
                .into_iter()
                .map(|s| SigmaValue::String(SigmaString::new(&s)))
                .collect::<Vec<_>>(),
        );
    }
    item.field.modifiers = vec![Modifier::Contains, Modifier::Cased];
    if all {
        // Each value must be found (in one of its three forms): one AND-linked item
        // per value, each OR-linking its three strings.
        Ok(groups
            .into_iter()
            .map(|values| DetectionItem { field: item.field.clone(), values })
            .collect())
    } else {
        item.values = groups.into_iter().flatten().collect();
        Ok(vec![item])
    }
}

/// The three search strings of `value`, for the three byte offsets it may sit at in
/// the encoded data. pySigma: `b64encode(i * b" " + value)[start[i] : end[(len + i) % 3]]`.
pub(crate) fn offsets(value: &[u8]) -> Vec<String> {
    const START: [usize; 3] = [0, 2, 3];
    // Characters to drop at the end, by (length + offset) % 3: a trailing group of
    // one byte ("XY==") keeps one character, of two bytes ("XYZ=") keeps two.
    const END_DROP: [usize; 3] = [0, 3, 2];
    (0..3)
        .filter_map(|offset| {
            let mut padded = vec![b' '; offset];
            padded.extend_from_slice(value);
            let encoded = STANDARD.encode(&padded);
            let end = encoded.len().checked_sub(END_DROP[(value.len() + offset) % 3])?;
            let start = START[offset];
            (start < end).then(|| encoded[start..end].to_string())
        })
        .collect()
}

fn encode_utf16(bytes: &[u8], encoding: Modifier) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    let units = text.encode_utf16();
    match encoding {
        Modifier::Utf16be => units.flat_map(u16::to_be_bytes).collect(),
        // `utf16` is little-endian with a byte order mark, as Windows writes it.
        Modifier::Utf16 => [0xff, 0xfe].into_iter().chain(units.flat_map(u16::to_le_bytes)).collect(),
        _ => units.flat_map(u16::to_le_bytes).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference strings computed with pySigma's slicing in Python.
    #[test]
    fn offsets_match_pysigma() {
        assert_eq!(offsets(b"/bin/bash"), ["L2Jpbi9iYXNo", "9iaW4vYmFza", "vYmluL2Jhc2"]);
        assert_eq!(offsets(b"http://"), ["aHR0cDovL", "h0dHA6Ly", "odHRwOi8v"]);
        // An empty form (offset 1 of one byte) would match anything: dropped.
        assert_eq!(offsets(b"a"), ["Y", "h"]);
    }

    /// Whatever the bytes around the value, one of the three strings is found in the
    /// base64 of the whole.
    #[test]
    fn one_form_is_found_in_any_surrounding() {
        let value = b"secret-token";
        let forms = offsets(value);
        for before in 0..6 {
            for after in 0..4 {
                let mut data = vec![b'Q'; before];
                data.extend_from_slice(value);
                data.extend(std::iter::repeat_n(0xA5u8, after));
                let encoded = STANDARD.encode(&data);
                assert!(forms.iter().any(|f| encoded.contains(f.as_str())), "{before} {after} {encoded}");
            }
        }
    }
}
