//! The three JSON shapes CloudTrail records arrive in, told apart by their first bytes:
//!
//! - a delivery file, `{"Records":[…]}`: a byte scanner ([`split_records`]) cuts
//!   the array into one record's bytes at a time (it tracks only strings, escapes
//!   and nesting depth), and each record is parsed from its slice. A 100 MB file
//!   never becomes one value (measured 3.7× slower per event, memory growing with
//!   the file); parsing from a slice is about a third faster than serde_json's
//!   byte-at-a-time reader; and a record with bad JSON costs only that record.
//!   Other documents — the `Records` key not first, a top-level array, one
//!   pretty-printed record or envelope — go through a serde visitor that
//!   deserialises one array element at a time;
//! - JSON Lines: one record, or one EventBridge envelope, per line; each line is
//!   parsed alone, so a bad line costs only that line;
//! - EventBridge envelopes: `"detail-type": "AWS API Call via CloudTrail"` with the
//!   record under `detail`, in either of the above.
//!
//! A gzip stream is recognised by its magic bytes, not its name. A stream that
//! ends early (a cut gzip file) or JSON broken between records ends that file: the
//! records before the cut are kept and the cut is reported with its record index.

use std::fmt;
use std::io::{BufRead, BufReader, Cursor, Read};
use std::path::Path;
use std::sync::Arc;

use flate2::bufread::MultiGzDecoder;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::{ReadStats, Sink};
use crate::event::kind;
use crate::{Error, Event, Origin};

/// Large enough to hold the first line of nearly any JSON Lines file, so the format
/// can be told from a peek.
const PEEK: usize = 64 * 1024;

/// EventBridge `detail-type`s that carry a CloudTrail record in `detail`.
/// https://docs.aws.amazon.com/eventbridge/latest/ref/events-structure.html
const CLOUDTRAIL_DETAIL_TYPE_SUFFIX: &str = "via CloudTrail";

struct Ctx<'s, 'k> {
    path: Arc<Path>,
    index: u64,
    stats: &'s mut ReadStats,
    sink: &'s mut Sink<'k>,
}

impl Ctx<'_, '_> {
    fn skip(&mut self, reason: String) {
        self.stats.skipped_records += 1;
        (self.sink)(Err(Error::Record { path: self.path.to_path_buf(), index: self.index, reason }));
    }

    fn cut(&mut self, reason: String) {
        self.stats.cut_files += 1;
        (self.sink)(Err(Error::Cut { path: self.path.to_path_buf(), index: self.index, reason }));
    }

    /// One top-level value: a record, an envelope, or a whole delivery document.
    fn value(&mut self, value: Value) {
        let Value::Object(mut map) = value else {
            return self.skip(format!("expected a JSON object, found {}", kind(&value)));
        };
        if let Some(detail_type) = map.get("detail-type") {
            let detail_type = detail_type.as_str().unwrap_or_default().to_string();
            if !detail_type.ends_with(CLOUDTRAIL_DETAIL_TYPE_SUFFIX) {
                return self.skip(format!(
                    "EventBridge event of detail-type {detail_type:?} carries no CloudTrail record"
                ));
            }
            return match map.remove("detail") {
                Some(detail) => self.record(detail),
                None => self.skip("EventBridge envelope without detail".to_string()),
            };
        }
        if let Some(records) = map.remove("Records") {
            let Value::Array(records) = records else {
                return self.skip(format!("Records is {}, not an array", kind(&records)));
            };
            for record in records {
                self.record(record);
            }
            return;
        }
        self.record(Value::Object(map));
    }

    fn record(&mut self, raw: Value) {
        let origin = Origin { path: self.path.clone(), index: self.index };
        match Event::from_value(raw, origin) {
            Ok(event) => {
                self.stats.events += 1;
                (self.sink)(Ok(event));
            }
            Err(reason) => self.skip(reason),
        }
    }
}

pub(super) fn read(path: Arc<Path>, reader: impl Read, stats: &mut ReadStats, sink: &mut Sink<'_>) {
    let mut ctx = Ctx { path, index: 0, stats, sink };
    let mut plain = BufReader::with_capacity(PEEK, reader);
    let gzip = match plain.fill_buf() {
        Ok(head) => head.starts_with(&[0x1f, 0x8b]),
        Err(error) => return ctx.cut(format!("read error: {error}")),
    };
    if gzip {
        let inflated = BufReader::with_capacity(PEEK, MultiGzDecoder::new(plain));
        read_plain(&mut ctx, inflated);
    } else {
        read_plain(&mut ctx, plain);
    }
}

fn read_plain(ctx: &mut Ctx<'_, '_>, mut reader: impl BufRead) {
    // Skip leading whitespace (and a UTF-8 byte order mark) to see the first byte.
    loop {
        let head = match reader.fill_buf() {
            Ok(head) => head,
            Err(error) => return ctx.cut(describe_io(&error)),
        };
        if head.is_empty() {
            return; // An empty file has no records; that is not an error.
        }
        let skip = head
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(head.len());
        let skip = if head[skip..].starts_with(&[0xef, 0xbb, 0xbf]) { skip + 3 } else { skip };
        if skip == 0 {
            break;
        }
        reader.consume(skip);
    }
    let head = match reader.fill_buf() {
        Ok(head) => head,
        Err(error) => return ctx.cut(describe_io(&error)),
    };
    if is_delivery_file(head) {
        return split_records(ctx, reader);
    }
    if head[0] != b'{' {
        return read_document(ctx, reader);
    }
    // An object that is not a delivery file: JSON Lines if the first line is a
    // whole value, else one (pretty-printed) document.
    let mut first = Vec::new();
    if let Err(error) = reader.read_until(b'\n', &mut first) {
        return ctx.cut(describe_io(&error));
    }
    if serde_json::from_slice::<IgnoredAny>(&first).is_ok() {
        ctx.line(&first);
        ctx.index += 1;
        read_lines(ctx, reader);
    } else {
        read_document(ctx, Cursor::new(first).chain(reader));
    }
}

/// Whether `head` opens `{"Records": [` (whitespace allowed between the tokens).
fn is_delivery_file(head: &[u8]) -> bool {
    let mut rest = head;
    for token in [&b"{"[..], b"\"Records\"", b":", b"["] {
        let start = rest.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(rest.len());
        match rest[start..].strip_prefix(token) {
            Some(after) => rest = after,
            None => return false,
        }
    }
    true
}

/// A record larger than this is skipped without being held in memory, so that a
/// hostile file cannot make the reader allocate without bound. CloudTrail's own
/// records stay far below it (large request parameters are truncated by AWS).
const MAX_RECORD: usize = 32 * 1024 * 1024;

/// Reads a delivery file whose head [`is_delivery_file`]: cuts the `Records` array
/// into the bytes of one element at a time and parses each alone.
fn split_records(ctx: &mut Ctx<'_, '_>, mut reader: impl BufRead) {
    // Consume `{"Records":[`; the head was checked to hold it.
    let mut opened = false;
    while !opened {
        let head = match reader.fill_buf() {
            Ok(head) if !head.is_empty() => head,
            Ok(_) => return ctx.cut("the file ends before the Records array".to_string()),
            Err(error) => return ctx.cut(describe_io(&error)),
        };
        let used = match head.iter().position(|b| *b == b'[') {
            Some(at) => {
                opened = true;
                at + 1
            }
            None => head.len(),
        };
        reader.consume(used);
    }
    let mut record = Vec::new();
    let (mut depth, mut in_string, mut escaped, mut oversized) = (0usize, false, false, false);
    loop {
        let chunk = match reader.fill_buf() {
            Ok(chunk) => chunk,
            Err(error) => return ctx.cut(describe_io(&error)),
        };
        if chunk.is_empty() {
            return ctx.cut("the file ends inside the Records array (cut short?)".to_string());
        }
        let mut end_of_array = false;
        let mut boundary = None;
        let mut at = 0;
        while at < chunk.len() {
            if in_string {
                if escaped {
                    escaped = false;
                    at += 1;
                    continue;
                }
                // Most of a record's bytes are inside strings: jump to the next
                // quote or backslash instead of looking at each byte.
                match memchr::memchr2(b'"', b'\\', &chunk[at..]) {
                    Some(offset) => {
                        at += offset;
                        if chunk[at] == b'\\' {
                            escaped = true;
                        } else {
                            in_string = false;
                        }
                        at += 1;
                    }
                    None => at = chunk.len(),
                }
                continue;
            }
            match chunk[at] {
                b'"' => in_string = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' if depth > 0 => depth -= 1,
                b']' => {
                    boundary = Some(at);
                    end_of_array = true;
                    break;
                }
                b',' if depth == 0 => {
                    boundary = Some(at);
                    break;
                }
                _ => {}
            }
            at += 1;
        }
        let take = boundary.unwrap_or(chunk.len());
        if !oversized {
            if record.len() + take > MAX_RECORD {
                oversized = true;
                record.clear();
            } else {
                record.extend_from_slice(&chunk[..take]);
            }
        }
        reader.consume(boundary.map_or(take, |b| b + 1));
        if boundary.is_none() {
            continue;
        }
        let blank = record.iter().all(u8::is_ascii_whitespace);
        if oversized {
            ctx.skip(format!("record larger than {} MiB", MAX_RECORD >> 20));
        } else if !(blank && end_of_array) {
            // A blank element before `]` is the empty array; anywhere else it is
            // `[,` or `,,` and reported as bad JSON by the parser.
            match serde_json::from_slice::<Value>(&record) {
                Ok(value) => ctx.value(value),
                Err(error) => ctx.skip(format!("bad JSON: {error}")),
            }
        }
        if !(blank && end_of_array) {
            ctx.index += 1;
        }
        record.clear();
        oversized = false;
        if end_of_array {
            // What follows the array (`}` and whitespace, or more keys) holds no
            // records; a file cut right after it is complete enough.
            return;
        }
    }
}

impl Ctx<'_, '_> {
    fn line(&mut self, line: &[u8]) {
        if line.iter().all(u8::is_ascii_whitespace) {
            return;
        }
        match serde_json::from_slice::<Value>(line) {
            Ok(value) => self.value(value),
            Err(error) => self.skip(format!("bad JSON: {error}")),
        }
    }
}

fn read_lines(ctx: &mut Ctx<'_, '_>, mut reader: impl BufRead) {
    let mut line = Vec::new();
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) => return,
            Ok(_) => ctx.line(&line),
            Err(error) => {
                // A cut gzip stream: what was inflated before the cut was already
                // handed over line by line; a partial last line is reported with it.
                return ctx.cut(describe_io(&error));
            }
        }
        ctx.index += 1;
    }
}

fn read_document(ctx: &mut Ctx<'_, '_>, reader: impl Read) {
    let mut de = serde_json::Deserializer::from_reader(reader);
    let outcome = Document { ctx: &mut *ctx }.deserialize(&mut de).and_then(|()| de.end());
    if let Err(error) = outcome {
        let reason = if error.is_io() {
            format!("read error: {error}")
        } else if error.is_eof() {
            format!("the JSON ends early (file cut short?): {error}")
        } else {
            format!("bad JSON: {error}")
        };
        ctx.cut(reason);
    }
}

fn describe_io(error: &std::io::Error) -> String {
    format!("read error: {error}")
}

/// The top-level value of a document.
struct Document<'c, 's, 'k> {
    ctx: &'c mut Ctx<'s, 'k>,
}

impl<'de> DeserializeSeed<'de> for Document<'_, '_, '_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Document<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a CloudTrail delivery file, an array of records, or one record")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut other = Map::new();
        let mut delivery = false;
        while let Some(key) = map.next_key::<String>()? {
            if key == "Records" {
                map.next_value_seed(Records { ctx: &mut *self.ctx })?;
                delivery = true;
            } else {
                other.insert(key, map.next_value::<Value>()?);
            }
        }
        if !delivery {
            if other.contains_key("digestSignatureAlgorithm") {
                // A CloudTrail digest file given by name: no records in it.
                self.ctx.stats.ignored_files += 1;
            } else {
                self.ctx.value(Value::Object(other));
            }
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<(), A::Error> {
        Records { ctx: self.ctx }.visit_seq(seq)
    }
}

/// The `Records` array, one element at a time.
struct Records<'c, 's, 'k> {
    ctx: &'c mut Ctx<'s, 'k>,
}

impl<'de> DeserializeSeed<'de> for Records<'_, '_, '_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, de: D) -> Result<(), D::Error> {
        de.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Records<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of CloudTrail records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(element) = seq.next_element::<Value>()? {
            // An envelope inside an array is unwrapped like a top-level one.
            self.ctx.value(element);
            self.ctx.index += 1;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use flate2::write::GzEncoder;

    use super::*;

    const REC: &str = r#"{"eventTime":"2024-05-01T10:00:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser","eventID":"ID"}"#;

    fn run(bytes: &[u8]) -> (Vec<String>, Vec<String>, ReadStats) {
        let mut stats = ReadStats::default();
        let (mut ids, mut errors) = (Vec::new(), Vec::new());
        read(Arc::from(Path::new("f")), bytes, &mut stats, &mut |item| match item {
            Ok(event) => ids.push(format!("{}@{}", event.id().unwrap_or("?"), event.origin().index)),
            Err(error) => errors.push(error.to_string()),
        });
        (ids, errors, stats)
    }

    fn rec(id: &str) -> String {
        REC.replace("\"ID\"", &format!("{id:?}"))
    }

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn delivery_file_streams_records_and_skips_bad_ones() {
        let doc = format!(r#"{{"Records":[{},{{"eventName":"x"}},{}]}}"#, rec("a"), rec("c"));
        let (ids, errors, stats) = run(doc.as_bytes());
        assert_eq!(ids, ["a@0", "c@2"]);
        assert_eq!(errors, ["f: record 1: no eventSource"]);
        assert_eq!((stats.events, stats.skipped_records, stats.cut_files), (2, 1, 0));
    }

    #[test]
    fn delivery_file_bad_record_costs_only_that_record() {
        let tricky = rec("b").replace("CreateUser", r#"Create\"User], {x}, [y"#);
        let doc = format!("{{ \"Records\" :\n [ {} , {{\"eventTime\": tru}}, {} ,{}\n]\n}}", rec("a"), tricky, rec("c"));
        let (ids, errors, stats) = run(doc.as_bytes());
        assert_eq!(ids, ["a@0", "b@2", "c@3"]);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].starts_with("f: record 1: bad JSON"), "{errors:?}");
        assert_eq!(stats.skipped_records, 1);
        assert_eq!(run(br#"{"Records":[]}"#).1.len(), 0);
        assert_eq!(run(br#"{"Records": [ ] }"#).1.len(), 0);
    }

    #[test]
    fn delivery_file_cut_between_records() {
        let doc = format!(r#"{{"Records":[{},{}"#, rec("a"), &rec("b")[..20]);
        let (ids, errors, _) = run(doc.as_bytes());
        assert_eq!(ids, ["a@0"]);
        assert_eq!(errors, ["f: cut at record 1: the file ends inside the Records array (cut short?)"]);
    }

    #[test]
    fn records_key_need_not_come_first() {
        let doc = format!("{{\n \"other\": 1, \"Records\": [{}]\n}}", rec("a"));
        assert_eq!(run(doc.as_bytes()).0, ["a@0"]);
    }

    #[test]
    fn json_lines_skip_a_bad_line_and_go_on() {
        let doc = format!("{}\n{{not json\n\n{}\n", rec("a"), rec("b"));
        let (ids, errors, _) = run(doc.as_bytes());
        assert_eq!(ids, ["a@0", "b@3"]);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].starts_with("f: record 1: bad JSON"), "{errors:?}");
    }

    #[test]
    fn eventbridge_envelopes_unwrap_detail() {
        let env = format!(
            r#"{{"version":"0","detail-type":"AWS API Call via CloudTrail","source":"aws.iam","detail":{}}}"#,
            rec("a")
        );
        let other = r#"{"detail-type":"EC2 Instance State-change Notification","detail":{}}"#;
        let (ids, errors, _) = run(format!("{env}\n{other}\n").as_bytes());
        assert_eq!(ids, ["a@0"]);
        assert!(errors[0].contains("carries no CloudTrail record"), "{errors:?}");
        // Pretty-printed, alone in a file.
        let pretty = serde_json::to_string_pretty(&serde_json::from_str::<Value>(&env).unwrap()).unwrap();
        assert_eq!(run(pretty.as_bytes()).0, ["a@0"]);
    }

    #[test]
    fn gzip_delivery_file_and_cut_stream() {
        let records: Vec<String> = (0..2000).map(|i| rec(&format!("r{i}"))).collect();
        let doc = format!(r#"{{"Records":[{}]}}"#, records.join(","));
        let packed = gzip(doc.as_bytes());
        let (ids, errors, _) = run(&packed);
        assert_eq!((ids.len(), errors.len()), (2000, 0));

        let cut = &packed[..packed.len() / 2];
        let (ids, errors, stats) = run(cut);
        assert!(!ids.is_empty() && ids.len() < 2000, "{}", ids.len());
        assert_eq!(stats.cut_files, 1);
        assert_eq!(errors.len(), 1);
        assert!(errors[0].starts_with(&format!("f: cut at record {}:", ids.len())), "{errors:?}");
    }

    #[test]
    fn gzip_json_lines_cut() {
        let lines: String = (0..2000).map(|i| rec(&format!("r{i}")) + "\n").collect();
        let packed = gzip(lines.as_bytes());
        let (ids, errors, stats) = run(&packed[..packed.len() / 2]);
        assert!(!ids.is_empty() && ids.len() < 2000);
        assert_eq!(stats.cut_files + stats.skipped_records, errors.len() as u64);
        assert!(errors.iter().any(|e| e.contains("cut at record")), "{errors:?}");
    }

    #[test]
    fn top_level_array_and_trailing_garbage() {
        let doc = format!("[{}, {}] trailing", rec("a"), rec("b"));
        let (ids, errors, _) = run(doc.as_bytes());
        assert_eq!(ids, ["a@0", "b@1"]);
        assert!(errors[0].contains("cut at record 2"), "{errors:?}");
    }

    #[test]
    fn empty_and_whitespace_inputs_are_quiet() {
        for input in [&b""[..], b"  \n\t", b"\xef\xbb\xbf"] {
            let (ids, errors, _) = run(input);
            assert!(ids.is_empty() && errors.is_empty(), "{input:?}");
        }
    }

    /// Fuzz-style: no panic, and every failure is reported, on any bytes.
    #[test]
    fn garbage_bytes_never_panic() {
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let alphabet = br#"{}[]:,"\ Records detail-type eventTime 0123456789.eE-+truefalsenull\n"#;
        let good = format!(r#"{{"Records":[{}]}}"#, rec("x"));
        for round in 0..3000 {
            let len = (next() % 300) as usize;
            let bytes: Vec<u8> = match round % 3 {
                // Raw random bytes.
                0 => (0..len).map(|_| next() as u8).collect(),
                // JSON-ish tokens.
                1 => (0..len).map(|_| alphabet[(next() as usize) % alphabet.len()]).collect(),
                // A good document with bytes flipped, sometimes gzipped.
                _ => {
                    let mut bytes = good.clone().into_bytes();
                    for _ in 0..(next() % 4) {
                        let at = (next() as usize) % bytes.len();
                        bytes[at] = next() as u8;
                    }
                    if next() % 2 == 0 { gzip(&bytes) } else { bytes }
                }
            };
            let (ids, errors, stats) = run(&bytes);
            assert_eq!(stats.events, ids.len() as u64);
            assert_eq!(stats.skipped_records + stats.cut_files, errors.len() as u64);
        }
    }
}
