//! Event sources: CloudTrail records from files, folders and standard input,
//! streamed one record at a time.
//!
//! Every source hands its records to a sink as `Ok(Event)`, and each bad record or
//! file as `Err(Error)` — reported, counted in [`ReadStats`], and skipped; reading
//! goes on with the next record or file. Memory stays flat whatever the input size:
//! a delivery file's `Records` array is walked element by element (see `source/json.rs`).

mod json;
mod reorder;

pub use reorder::Reorder;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::{Error, Event};

/// Where records are read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A file, or a folder walked recursively.
    Path(PathBuf),
    /// Standard input.
    Stdin,
}

impl Source {
    /// `-` is standard input, anything else a path.
    pub fn parse(text: &str) -> Self {
        if text == "-" {
            Self::Stdin
        } else {
            Self::Path(PathBuf::from(text))
        }
    }
}

/// What a read saw. Serialisable so that it can be saved with a checkpoint.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadStats {
    /// Files (and standard input) opened.
    pub files: u64,
    /// Records handed to the sink as events.
    pub events: u64,
    /// Records skipped as malformed (each reported).
    pub skipped_records: u64,
    /// Files that stopped being readable part-way (each reported; the records before
    /// the cut were read).
    pub cut_files: u64,
    /// Files or folders that could not be opened at all (each reported).
    pub failed_files: u64,
    /// Files in walked folders that are not record files by name (`*.json`,
    /// `*.jsonl`, `*.ndjson`, optionally `.gz`), or CloudTrail digest files.
    pub ignored_files: u64,
}

impl ReadStats {
    /// Adds `other` to these counts.
    pub fn add(&mut self, other: &ReadStats) {
        self.files += other.files;
        self.events += other.events;
        self.skipped_records += other.skipped_records;
        self.cut_files += other.cut_files;
        self.failed_files += other.failed_files;
        self.ignored_files += other.ignored_files;
    }
}

/// The sink records and problems go to.
pub type Sink<'a> = dyn FnMut(Result<Event, Error>) + 'a;

/// Reads every record of `source`, handing each to `sink`.
///
/// ```
/// use meerkat_detect::source::{read, Source};
/// let dir = tempfile::tempdir().unwrap();
/// std::fs::write(dir.path().join("a.json"), r#"{"Records":[
///   {"eventTime":"2024-05-01T10:00:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateUser"},
///   7]}"#).unwrap();
/// let (mut events, mut problems) = (0, Vec::new());
/// let stats = read(&Source::Path(dir.path().into()), &mut |item| match item {
///     Ok(_) => events += 1,
///     Err(error) => problems.push(error.to_string()),
/// });
/// assert_eq!((events, stats.events, stats.skipped_records), (1, 1, 1));
/// assert!(problems[0].ends_with("a.json: record 1: expected a JSON object, found a number"));
/// ```
pub fn read(source: &Source, sink: &mut Sink<'_>) -> ReadStats {
    let mut stats = ReadStats::default();
    match source {
        Source::Stdin => {
            let stdin = std::io::stdin();
            read_stream(Path::new("-"), stdin.lock(), &mut stats, sink);
        }
        Source::Path(path) => match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut stats, sink),
            Ok(_) => read_file(path, &mut stats, sink),
            Err(source) => {
                stats.failed_files += 1;
                sink(Err(Error::Io { path: path.clone(), source }));
            }
        },
    }
    stats
}

/// Reads one stream (plain or gzip; a delivery file, JSON Lines, EventBridge
/// envelopes), naming it `path` in events and errors.
pub fn read_stream(path: &Path, reader: impl Read, stats: &mut ReadStats, sink: &mut Sink<'_>) {
    stats.files += 1;
    json::read(Arc::from(path), reader, stats, sink);
}

fn read_file(path: &Path, stats: &mut ReadStats, sink: &mut Sink<'_>) {
    match fs::File::open(path) {
        Ok(file) => read_stream(path, file, stats, sink),
        Err(source) => {
            stats.failed_files += 1;
            sink(Err(Error::Io { path: path.to_path_buf(), source }));
        }
    }
}

/// Walks a folder in name order (so runs are repeatable). Symbolic links to folders
/// are not followed, so a link loop cannot trap the walk.
fn walk(dir: &Path, stats: &mut ReadStats, sink: &mut Sink<'_>) {
    let entries = match fs::read_dir(dir).and_then(|it| it.collect::<Result<Vec<_>, _>>()) {
        Ok(entries) => entries,
        Err(source) => {
            stats.failed_files += 1;
            sink(Err(Error::Io { path: dir.to_path_buf(), source }));
            return;
        }
    };
    let mut entries: Vec<_> = entries.into_iter().map(|e| (e.path(), e.file_type())).collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    for (path, file_type) in entries {
        match file_type {
            Ok(kind) if kind.is_dir() => {
                // CloudTrail writes signed digests of its log files beside them; they
                // hold no records.
                // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html
                if path.file_name().is_some_and(|name| name == "CloudTrail-Digest") {
                    stats.ignored_files += 1;
                } else {
                    walk(&path, stats, sink);
                }
            }
            Ok(_) if is_record_file(&path) => read_file(&path, stats, sink),
            Ok(_) => stats.ignored_files += 1,
            Err(source) => {
                stats.failed_files += 1;
                sink(Err(Error::Io { path, source }));
            }
        }
    }
}

/// Whether a file found in a folder is read, by its name.
fn is_record_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(name);
    [".json", ".jsonl", ".ndjson"].iter().any(|ext| name.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_file_names() {
        for (name, want) in [
            ("a.json", true),
            ("a.json.gz", true),
            ("a.jsonl", true),
            ("a.ndjson.gz", true),
            ("a.txt", false),
            ("a.gz", false),
            ("json", false),
        ] {
            assert_eq!(is_record_file(Path::new(name)), want, "{name}");
        }
    }
}
