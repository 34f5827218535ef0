//! The one error type of the crate. Every variant names what caused it: the file
//! and record index for input, the file and rule for rules.

use std::fmt;
use std::path::PathBuf;

/// What went wrong, and where. Reading and loading never stop at the first error:
/// the bad record, file or rule is reported as one of these, counted and skipped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or folder could not be opened or listed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder (`-` for standard input).
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// One record is not a CloudTrail record; the records around it are kept.
    #[error("{}: record {index}: {reason}", path.display())]
    Record {
        /// The file (`-` for standard input).
        path: PathBuf,
        /// Zero-based index of the record in the file (the line for JSON Lines).
        index: u64,
        /// Why it was skipped.
        reason: String,
    },
    /// The file stops being readable at `index` (bad JSON, a cut gzip stream): the
    /// records before it were read, nothing after it could be.
    #[error("{}: cut at record {index}: {reason}", path.display())]
    Cut {
        /// The file (`-` for standard input).
        path: PathBuf,
        /// Zero-based index of the first record that could not be read.
        index: u64,
        /// Why reading stopped.
        reason: String,
    },
    /// A line of a threat-intel list is not an address or CIDR block; the other lines load.
    #[error("{}: line {line}: {reason}", path.display())]
    Indicator {
        /// The list file.
        path: PathBuf,
        /// One-based line number.
        line: u64,
        /// Why it was skipped.
        reason: String,
    },
    /// A Sigma rule was rejected; the other rules of its file still load.
    #[error("{}: rule {}: {problem}", path.display(), RuleName(rule_id, title))]
    Rule {
        /// The rule file.
        path: PathBuf,
        /// The rule's `id`, when it has one.
        rule_id: Option<String>,
        /// The rule's `title`, when it could be read.
        title: Option<String>,
        /// What is wrong or unsupported.
        problem: RuleProblem,
    },
}

/// Why a Sigma rule was rejected. A closed set: code that matches on it lists every
/// variant, so adding one shows every place that must handle it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RuleProblem {
    /// The YAML or the Sigma structure did not parse.
    #[error("does not parse: {0}")]
    Parse(String),
    /// A `%name%` placeholder has no value in the placeholder map.
    #[error("placeholder %{0}% has no value (add it to the placeholder values)")]
    UnfilledPlaceholder(String),
    /// Old-style aggregation (`| count() …`, `| near …`) that has no correlation form.
    #[error("unsupported aggregation: {0}")]
    Aggregation(String),
    /// A `base64offset` value that cannot be expanded (wildcards, unsupported modifier mix).
    #[error("base64offset: {0}")]
    Base64Offset(String),
    /// The rule is named by a correlation but has no `id:`. rsigma 0.23 would never
    /// fire that correlation and say nothing.
    #[error("referenced by correlation {correlation:?} but has no `id:`; correlations need rule ids")]
    CorrelationTargetWithoutId {
        /// The correlation naming the rule (its id or title).
        correlation: String,
    },
    /// A correlation names a rule that is not loaded (or was rejected).
    #[error("correlation names {0:?}, which is not a loaded rule")]
    UnknownRuleRef(String),
    /// Another rule already has this id.
    #[error("duplicate rule id, first defined in {0}")]
    DuplicateId(String),
    /// The engine refused to compile the rule (bad regex, modifier combination, …).
    #[error("engine refused it: {0}")]
    Compile(String),
}

/// Shows a rule by id, else title, else `<unnamed>`.
struct RuleName<'a>(&'a Option<String>, &'a Option<String>);

impl fmt::Display for RuleName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.0, self.1) {
            (Some(id), Some(title)) => write!(f, "{id} ({title})"),
            (Some(id), None) => f.write_str(id),
            (None, Some(title)) => write!(f, "{title:?}"),
            (None, None) => f.write_str("<unnamed>"),
        }
    }
}
