//! The one error type of the test kit.

use std::path::PathBuf;
use std::time::Duration;

/// Why the emulator or the failing endpoint could not do what a test asked.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No directory above the start holds a `Cargo.lock`, so the workspace (and its `.venv`
    /// and `scripts/`) cannot be found.
    #[error("no Cargo.lock found in {start} or any parent; set MEERKAT_VENV to the emulator venv")]
    WorkspaceRoot {
        /// Where the search started (`CARGO_MANIFEST_DIR`).
        start: PathBuf,
    },

    /// `scripts/setup-emulator.sh` failed or could not be run.
    #[error("{script} failed ({status}); run it by hand to see why:\n{stderr}")]
    Setup {
        /// The script that was run.
        script: PathBuf,
        /// Its exit status, or the reason it could not start.
        status: String,
        /// The end of what it printed on stderr.
        stderr: String,
    },

    /// The emulator process could not be started.
    #[error("could not start {program}: {source}")]
    Spawn {
        /// The program that was run (the venv's python).
        program: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },

    /// The emulator exited while starting.
    #[error("moto exited while starting on port {port} ({status}); its stderr ends with:\n{stderr}")]
    Exited {
        /// The port moto was asked to listen on.
        port: u16,
        /// Its exit status.
        status: String,
        /// The end of what it printed on stderr.
        stderr: String,
    },

    /// The emulator did not answer HTTP in time.
    #[error("moto did not answer at {endpoint} within {waited:?}; its stderr ends with:\n{stderr}")]
    StartTimeout {
        /// The endpoint that was polled.
        endpoint: String,
        /// How long the kit waited.
        waited: Duration,
        /// The end of what moto printed on stderr.
        stderr: String,
    },

    /// A loopback socket could not be bound.
    #[error("could not bind a loopback port: {source}")]
    Bind {
        /// The operating system's error.
        source: std::io::Error,
    },

    /// An HTTP request to the emulator failed on the wire.
    #[error("{method} {endpoint}{path} failed: {source}")]
    Request {
        /// The request method.
        method: &'static str,
        /// The server, `http://127.0.0.1:PORT`.
        endpoint: String,
        /// The request path.
        path: String,
        /// The transport error.
        source: std::io::Error,
    },

    /// The emulator answered a request with something other than what the kit expects.
    #[error("{method} {endpoint}{path} answered HTTP {status}: {detail}")]
    Response {
        /// The request method.
        method: &'static str,
        /// The server, `http://127.0.0.1:PORT`.
        endpoint: String,
        /// The request path.
        path: String,
        /// The HTTP status of the answer.
        status: u16,
        /// What was wrong, with the start of the body.
        detail: String,
    },
}
