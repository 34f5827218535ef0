//! The crate's one error type.

/// What went wrong loading, compiling or evaluating checks. Each variant names its
/// subject: the file (and line, where the parser gave one), the check, the resource.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A policy root, file or case file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The path that could not be read.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A Rego file does not parse or compile. `line` is 0 when the engine gave none.
    #[error("{file}:{line}: {message}")]
    Rego {
        /// The `.rego` file.
        file: String,
        /// 1-based line of the problem, 0 when unknown.
        line: u32,
        /// The engine's message, with the source excerpt it points at.
        message: String,
    },
    /// A check's `# METADATA` block is missing or wrong (missing id, id not the file
    /// stem, unknown severity or resource type, package not `meerkat.checks.<id>`).
    #[error("{file}: METADATA: {message}")]
    Metadata {
        /// The `.rego` file.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// Two files define the same check id.
    #[error("check {id} is defined twice: {first} and {second}")]
    DuplicateCheck {
        /// The id.
        id: String,
        /// The file loaded first.
        first: String,
        /// The file loaded second.
        second: String,
    },
    /// A framework file is malformed.
    #[error("{file}: {message}")]
    Framework {
        /// The framework `.yaml` file.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// A check's METADATA and the framework files disagree about a control.
    #[error("check {check_id} ({file}): {message}")]
    FrameworkMismatch {
        /// The check.
        check_id: String,
        /// The check's file.
        file: String,
        /// Which control, which framework, and how they disagree.
        message: String,
    },
    /// A case file is malformed.
    #[error("{file}: case {index}: {message}")]
    Case {
        /// The `.cases.yaml` file.
        file: String,
        /// 0-based position of the case in the file.
        index: usize,
        /// What is wrong.
        message: String,
    },
    /// A check failed at run time on one resource (the instruction bound was hit, a
    /// builtin was given a wrong type in strict mode, the result had the wrong shape).
    /// The resource is reported NOT_ASSESSED for that check.
    #[error("check {check_id} on {resource}: {message}")]
    Evaluation {
        /// The check.
        check_id: String,
        /// The resource key (`aws|account|region|type|id`).
        resource: String,
        /// What the engine said.
        message: String,
    },
}

impl Error {
    /// A Rego error from regorus, whose message starts with `--> file:line:col`.
    /// The position regorus names wins over `file`: an error inside a library imported
    /// by the check is reported against the library.
    pub(crate) fn rego(file: &str, error: impl std::fmt::Display) -> Self {
        let message = error.to_string();
        let (file, line) = match position(&message) {
            Some((path, line)) => (path, line),
            None => (file.to_owned(), 0),
        };
        Error::Rego { file, line, message: message.trim().to_owned() }
    }
}

/// The first `--> path:line:col` of a regorus message.
fn position(message: &str) -> Option<(String, u32)> {
    let start = message.find("--> ")? + 4;
    let token = message[start..].split_whitespace().next()?;
    let mut parts = token.rsplitn(3, ':');
    let _col = parts.next()?;
    let line = parts.next()?.parse().ok()?;
    Some((parts.next()?.to_owned(), line))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rego_errors_carry_the_line() {
        let e = Error::rego("aws/s3/x.rego", "\n--> aws/s3/x.rego:4:5\n  |\nerror: expecting `}`");
        match &e {
            Error::Rego { line, .. } => assert_eq!(*line, 4),
            other => panic!("not a Rego error: {other:?}"),
        }
        assert!(e.to_string().starts_with("aws/s3/x.rego:4: "), "{e}");
        let e = Error::rego("a.rego", "no position here");
        assert!(matches!(e, Error::Rego { line: 0, .. }));
    }
}
