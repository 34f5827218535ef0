//! The moto AWS emulator: one server per test binary, one fresh AWS account per test.

use std::collections::hash_map::RandomState;
use std::collections::VecDeque;
use std::hash::{BuildHasher, Hasher};
use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use crate::{http, Error};

/// How long moto may take to answer its first request. It starts in about a second; the rest
/// is headroom for a loaded CI machine.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// How long one call to moto may take. Moto answers the first call of a new account only after
/// loading the ~1,300 AWS managed IAM policies into it.
const CALL_TIMEOUT: Duration = Duration::from_secs(60);

/// How many ports to try when another process takes the free port before moto binds it.
const START_ATTEMPTS: usize = 5;

/// Lines of moto's stderr kept for error messages.
const STDERR_LINES: usize = 40;

/// The account moto uses for requests it cannot attribute; tests never get it.
const MOTO_DEFAULT_ACCOUNT: u64 = 123_456_789_012;

/// Runs moto's server in a python that exits as soon as its stdin reaches end-of-file. Only the
/// test process holds the pipe's write end, and the kernel closes it when that process exits,
/// however it exits, so the server cannot outlive the tests even though a `static` is never
/// dropped. `os._exit` because Werkzeug's serving threads would keep a normal exit waiting.
///
/// It also loads the AWS managed policies into the `aws` partition only. Moto 5.2 builds the
/// IAM backend of all six partitions the first time it sees an account, each with its own copy
/// of the 1,582 policies: 0.9 s of CPU per account instead of 0.15 s, paid by every test's
/// `new_account`. Meerkat's tests use commercial regions; a test in `cn-*` or `us-gov-*` sees no
/// managed policies. If a moto upgrade renames the hook, the patch is skipped, which is slower
/// but still correct.
const LAUNCHER: &str = r#"
import os, sys, threading

def exit_when_stdin_closes():
    while os.read(0, 4096):
        pass
    os._exit(0)

threading.Thread(target=exit_when_stdin_closes, daemon=True).start()

from moto.iam import models as iam
load_aws_policies = getattr(iam.IAMBackend, "_init_aws_policies", None)
if load_aws_policies is not None:
    def load_in_aws_partition_only(backend):
        return load_aws_policies(backend) if getattr(backend, "partition", "aws") == "aws" else []
    iam.IAMBackend._init_aws_policies = load_in_aws_partition_only

from moto.server import main
main(["-H", "127.0.0.1", "-p", sys.argv[1]])
"#;

/// A running moto server on a loopback port.
///
/// Tests share one server per test binary through [`Emulator::shared`] and isolate themselves
/// with [`Emulator::new_account`]: moto keeps every account's resources apart, so tests that run
/// in parallel on the same server do not see each other's buckets, roles or VPCs. The one
/// exception is S3 bucket names, which are global in moto as in AWS: use unique names.
///
/// ```
/// use meerkat_testkit::Emulator;
///
/// let emulator = Emulator::shared();
/// let account = emulator.new_account();
/// // Build an SDK client with `emulator.endpoint()` as its endpoint URL and the account's
/// // access key, secret and session token as static credentials.
/// assert!(emulator.endpoint().starts_with("http://127.0.0.1:"));
/// assert_eq!(account.id.len(), 12);
/// ```
#[derive(Debug)]
pub struct Emulator {
    addr: SocketAddr,
    child: Mutex<Child>,
    /// The write end of moto's stdin, held open until the emulator is dropped or the process
    /// exits; see [`LAUNCHER`].
    stdin: Mutex<Option<ChildStdin>>,
    stderr: Arc<Mutex<VecDeque<String>>>,
}

/// An isolated AWS account on the emulator, with credentials that act in it.
///
/// The credentials are temporary ones (with a session token) from `sts:AssumeRole` into
/// `arn:aws:iam::<id>:role/meerkat-test`: moto attributes a request to the account whose
/// credentials signed it, and assuming a role in another account is how moto creates
/// credentials for an account it has not seen (<https://docs.getmoto.org/en/latest/docs/multi_account.html>).
/// A plain 12-digit access key id does not select an account in moto 5: such keys fall back
/// to the default account 123456789012. The role need not exist, and does not: the account
/// starts empty except for what AWS itself provides (default VPCs, AWS managed policies).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// The 12-digit account id.
    pub id: String,
    /// The access key id, `ASIA…`.
    pub access_key_id: String,
    /// The secret access key.
    pub secret_access_key: String,
    /// The session token; the SDK must send it, or moto will not know the account.
    pub session_token: String,
}

impl Emulator {
    /// The emulator of this test binary, started on first use.
    ///
    /// The first call installs moto if needed (`scripts/setup-emulator.sh`, which takes a
    /// minute on a fresh machine) and starts the server; the rest return the same server.
    ///
    /// # Panics
    ///
    /// When moto cannot be installed or started: no emulator test can run then. The message
    /// says why; every later call panics with the same message.
    ///
    /// ```
    /// let endpoint = meerkat_testkit::Emulator::shared().endpoint();
    /// assert_eq!(endpoint, meerkat_testkit::Emulator::shared().endpoint());
    /// ```
    pub fn shared() -> &'static Emulator {
        static SHARED: OnceLock<Result<Emulator, String>> = OnceLock::new();
        match SHARED.get_or_init(|| Emulator::start().map_err(|e| e.to_string())) {
            Ok(emulator) => emulator,
            Err(error) => panic!(
                "the moto AWS emulator could not start, so this emulator test cannot run.\n\
                 Run scripts/setup-emulator.sh (needs python3 with the venv module) and see \
                 what it says, or set MEERKAT_VENV to a venv with moto[server].\n{error}"
            ),
        }
    }

    /// Starts a server of its own, stopped when the returned value is dropped.
    ///
    /// Most tests want [`Emulator::shared`]; this is for a test that must not share state,
    /// such as one that calls [`Emulator::reset`].
    ///
    /// ```
    /// let emulator = meerkat_testkit::Emulator::start()?;
    /// assert_ne!(emulator.endpoint(), meerkat_testkit::Emulator::shared().endpoint());
    /// # Ok::<(), meerkat_testkit::Error>(())
    /// ```
    pub fn start() -> Result<Emulator, Error> {
        let python = ensure_installed()?;
        let mut attempt = 1;
        loop {
            match launch(&python) {
                Err(Error::Exited { stderr, .. })
                    if attempt < START_ATTEMPTS && stderr.contains("Address already in use") =>
                {
                    attempt += 1;
                }
                result => return result,
            }
        }
    }

    /// The URL to give an SDK client as its endpoint, `http://127.0.0.1:PORT`.
    ///
    /// ```
    /// let endpoint = meerkat_testkit::Emulator::shared().endpoint();
    /// assert!(endpoint.starts_with("http://127.0.0.1:"));
    /// ```
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// A fresh account on this server, different from every other account this process has
    /// asked for.
    ///
    /// # Panics
    ///
    /// When moto does not hand out credentials; the emulator is then broken and the test
    /// cannot proceed. [`Emulator::try_new_account`] returns the error instead.
    ///
    /// ```
    /// let emulator = meerkat_testkit::Emulator::shared();
    /// assert_ne!(emulator.new_account().id, emulator.new_account().id);
    /// ```
    pub fn new_account(&self) -> Account {
        match self.try_new_account() {
            Ok(account) => account,
            Err(error) => panic!("the moto AWS emulator did not create an account: {error}"),
        }
    }

    /// Like [`Emulator::new_account`], but returns an error rather than panic.
    ///
    /// ```
    /// let account = meerkat_testkit::Emulator::shared().try_new_account()?;
    /// assert!(account.access_key_id.starts_with("ASIA"));
    /// # Ok::<(), meerkat_testkit::Error>(())
    /// ```
    pub fn try_new_account(&self) -> Result<Account, Error> {
        let id = next_account_id();
        let body = format!(
            "Action=AssumeRole&Version=2011-06-15&RoleSessionName=meerkat-test\
             &RoleArn=arn%3Aaws%3Aiam%3A%3A{id}%3Arole%2Fmeerkat-test"
        );
        // Moto routes a request by the service in its SigV4 scope and does not check the
        // signature, so a fixed header is enough.
        let authorization = "AWS4-HMAC-SHA256 \
            Credential=AKIAMEERKATTESTKIT00/20240101/us-east-1/sts/aws4_request, \
            SignedHeaders=host, Signature=0";
        let answer = self.call(
            "POST",
            "/",
            &[("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), ("Authorization", authorization)],
            body.as_bytes(),
        )?;
        let field = |name: &str| {
            xml_text(&answer, name).ok_or_else(|| Error::Response {
                method: "POST",
                endpoint: self.endpoint(),
                path: "/ (sts:AssumeRole)".into(),
                status: 200,
                detail: format!("no <{name}> in the answer: {}", excerpt(&answer)),
            })
        };
        let arn = field("Arn")?;
        if !arn.starts_with(&format!("arn:aws:sts::{id}:")) {
            return Err(Error::Response {
                method: "POST",
                endpoint: self.endpoint(),
                path: "/ (sts:AssumeRole)".into(),
                status: 200,
                detail: format!("assumed role {arn} is not in account {id}"),
            });
        }
        Ok(Account {
            access_key_id: field("AccessKeyId")?,
            secret_access_key: field("SecretAccessKey")?,
            session_token: field("SessionToken")?,
            id,
        })
    }

    /// Deletes everything on the server, in every account (`POST /moto-api/reset`).
    ///
    /// Every test on the server loses its resources, so call this only from a binary that runs
    /// one test at a time, or on a server from [`Emulator::start`].
    ///
    /// ```
    /// let emulator = meerkat_testkit::Emulator::start()?;
    /// emulator.reset()?;
    /// # Ok::<(), meerkat_testkit::Error>(())
    /// ```
    pub fn reset(&self) -> Result<(), Error> {
        self.call("POST", "/moto-api/reset", &[], b"").map(drop)
    }

    /// The operating system's id of the python process running moto.
    #[cfg(test)]
    pub(crate) fn pid(&self) -> u32 {
        self.child.lock().map(|child| child.id()).unwrap_or(0)
    }

    /// Makes one request and returns the body of a 2xx answer as text.
    pub(crate) fn call(
        &self,
        method: &'static str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Result<String, Error> {
        let (status, answer) = http::call(self.addr, method, path, headers, body, CALL_TIMEOUT)
            .map_err(|source| Error::Request { method, endpoint: self.endpoint(), path: path.into(), source })?;
        let text = String::from_utf8_lossy(&answer.body).into_owned();
        if !(200..300).contains(&status) {
            return Err(Error::Response {
                method,
                endpoint: self.endpoint(),
                path: path.into(),
                status,
                detail: excerpt(&text),
            });
        }
        Ok(text)
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Ok(mut stdin) = self.stdin.lock() {
            stdin.take(); // closing it already makes moto exit
        }
        if let Ok(mut child) = self.child.lock() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Starts moto once on a free port and waits until it answers.
fn launch(python: &Path) -> Result<Emulator, Error> {
    // The port is free now; moto binds it a moment later. Another process could take it in
    // between, which `Emulator::start` handles by trying again.
    let addr = TcpListener::bind(("127.0.0.1", 0))
        .and_then(|listener| listener.local_addr())
        .map_err(|source| Error::Bind { source })?;
    let mut child = Command::new(python)
        .arg("-c")
        .arg(LAUNCHER)
        .arg(addr.port().to_string())
        // Tests of IAM checks need the AWS managed policies to exist, as they do in AWS.
        .env("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
        // Would put every request in one account, defeating `new_account`.
        .env_remove("MOTO_ACCOUNT_ID")
        .env("PYTHONUNBUFFERED", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|source| Error::Spawn { program: python.to_path_buf(), source })?;
    let stdin = child.stdin.take();
    let stderr = Arc::new(Mutex::new(VecDeque::new()));
    if let Some(pipe) = child.stderr.take() {
        // Moto logs every request; unread, the pipe would fill and block the server.
        let tail = Arc::clone(&stderr);
        let _ = std::thread::Builder::new().name("moto-stderr".into()).spawn(move || keep_tail(pipe, &tail));
    }
    let emulator = Emulator { addr, child: Mutex::new(child), stdin: Mutex::new(stdin), stderr };
    emulator.wait_until_ready()?;
    Ok(emulator)
}

impl Emulator {
    /// Polls moto until it answers HTTP, it exits, or [`START_TIMEOUT`] passes.
    fn wait_until_ready(&self) -> Result<(), Error> {
        let started = Instant::now();
        loop {
            if let Some(status) = self.exit_status() {
                // Let the stderr reader catch up with moto's last words.
                std::thread::sleep(Duration::from_millis(100));
                return Err(Error::Exited { port: self.addr.port(), status, stderr: self.stderr_tail() });
            }
            let probe = http::call(self.addr, "GET", "/moto-api/", &[], b"", Duration::from_secs(5));
            if matches!(probe, Ok((200, _))) {
                return Ok(());
            }
            if started.elapsed() > START_TIMEOUT {
                return Err(Error::StartTimeout {
                    endpoint: self.endpoint(),
                    waited: started.elapsed(),
                    stderr: self.stderr_tail(),
                });
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn exit_status(&self) -> Option<String> {
        let mut child = self.child.lock().ok()?;
        match child.try_wait() {
            Ok(Some(status)) => Some(status.to_string()),
            Ok(None) => None,
            Err(error) => Some(format!("unknown: {error}")),
        }
    }

    fn stderr_tail(&self) -> String {
        self.stderr
            .lock()
            .map(|lines| lines.iter().map(String::as_str).collect::<Vec<_>>().join("\n"))
            .unwrap_or_default()
    }
}

fn keep_tail(pipe: impl std::io::Read, tail: &Mutex<VecDeque<String>>) {
    let mut reader = BufReader::new(pipe);
    let mut line = Vec::new();
    while matches!(reader.read_until(b'\n', &mut line), Ok(n) if n > 0) {
        if let Ok(mut lines) = tail.lock() {
            if lines.len() == STDERR_LINES {
                lines.pop_front();
            }
            lines.push_back(String::from_utf8_lossy(&line).trim_end().to_string());
        }
        line.clear();
    }
}

/// The venv's python, after installing moto with `scripts/setup-emulator.sh` unless the pinned
/// version is already there.
fn ensure_installed() -> Result<PathBuf, Error> {
    let root = workspace_root();
    let venv = match std::env::var_os("MEERKAT_VENV").filter(|v| !v.is_empty()) {
        Some(venv) => PathBuf::from(venv),
        None => root.clone().map_err(|start| Error::WorkspaceRoot { start })?.join(".venv"),
    };
    let python = venv.join("bin").join("python");
    let root = match root {
        Ok(root) => root,
        // A venv from MEERKAT_VENV without a workspace to set it up from: use it as it is.
        Err(_) => return Ok(python),
    };
    let script = root.join("scripts").join("setup-emulator.sh");
    let pinned = pinned_version(&script);
    if python.is_file() && pinned.as_deref().is_some_and(|v| has_moto(&venv, v)) {
        return Ok(python);
    }
    let output = Command::new("bash").arg(&script).env("MEERKAT_VENV", &venv).stdin(Stdio::null()).output().map_err(
        |error| Error::Setup {
            script: script.clone(),
            status: format!("could not run bash: {error}"),
            stderr: String::new(),
        },
    )?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(STDERR_LINES).collect();
        return Err(Error::Setup {
            script,
            status: output.status.to_string(),
            stderr: tail.into_iter().rev().collect::<Vec<_>>().join("\n"),
        });
    }
    Ok(python)
}

/// The workspace root: the nearest directory above `CARGO_MANIFEST_DIR` with a `Cargo.lock`.
/// `Err` carries where the search started.
fn workspace_root() -> Result<PathBuf, PathBuf> {
    let candidates =
        [std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from), Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")))];
    for start in candidates.iter().flatten() {
        if let Some(root) = start.ancestors().find(|dir| dir.join("Cargo.lock").is_file()) {
            return Ok(root.to_path_buf());
        }
    }
    Err(PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

/// The `MOTO_VERSION="x.y.z"` pinned in the setup script, its single source of truth.
fn pinned_version(script: &Path) -> Option<String> {
    let text = std::fs::read_to_string(script).ok()?;
    let line = text.lines().find_map(|l| l.trim().strip_prefix("MOTO_VERSION="))?;
    Some(line.trim_matches('"').to_string())
}

/// Whether the venv holds moto `version`: pip leaves a `moto-<version>.dist-info` directory
/// in `lib/python3.X/site-packages`.
fn has_moto(venv: &Path, version: &str) -> bool {
    let want = format!("moto-{version}.dist-info");
    let Ok(pythons) = std::fs::read_dir(venv.join("lib")) else {
        return false;
    };
    pythons.flatten().any(|dir| dir.path().join("site-packages").join(&want).is_dir())
        && venv.join("bin").join("moto_server").is_file()
}

/// A 12-digit account id not handed out before in this process. The base is random per
/// process so that two processes sharing a server (which the kit never sets up, but a
/// developer might by hand) are unlikely to collide.
fn next_account_id() -> String {
    static BASE: OnceLock<u64> = OnceLock::new();
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let base = *BASE.get_or_init(|| {
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u32(std::process::id());
        hasher.write_u128(
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0),
        );
        // Room for a billion accounts below 999999999999.
        100_000_000_000 + hasher.finish() % 800_000_000_000
    });
    loop {
        let id = base + NEXT.fetch_add(1, Ordering::Relaxed);
        if id != MOTO_DEFAULT_ACCOUNT {
            return format!("{id:012}");
        }
    }
}

/// The text of the first `<name>` element, with XML's predefined entities decoded.
fn xml_text(xml: &str, name: &str) -> Option<String> {
    let open = format!("<{name}>");
    let start = xml.find(&open)? + open.len();
    let end = start + xml[start..].find(&format!("</{name}>"))?;
    Some(
        xml[start..end]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&"),
    )
}

/// The start of a body, for error messages.
fn excerpt(text: &str) -> String {
    const MAX: usize = 500;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Set in the child process of `server_stops_when_the_test_process_exits`.
    const CHILD_ENV: &str = "MEERKAT_TESTKIT_EXIT_CHILD";

    /// A query-protocol call to `service`, signed (as far as moto cares) by `account`.
    fn query(account: &Account, service: &str, body: &str) -> Result<String, Error> {
        let authorization = format!(
            "AWS4-HMAC-SHA256 Credential={}/20240101/us-east-1/{service}/aws4_request, \
             SignedHeaders=host, Signature=0",
            account.access_key_id
        );
        Emulator::shared().call(
            "POST",
            "/",
            &[
                ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
                ("Authorization", &authorization),
                ("X-Amz-Security-Token", &account.session_token),
            ],
            body.as_bytes(),
        )
    }

    #[test]
    fn emulator_starts_and_answers() {
        let emulator = Emulator::shared();
        let page = emulator.call("GET", "/moto-api/", &[], b"").unwrap();
        assert!(!page.is_empty());
    }

    #[test]
    fn new_accounts_differ() {
        let emulator = Emulator::shared();
        let a = emulator.new_account();
        let b = emulator.new_account();
        assert_ne!(a.id, b.id);
        assert_ne!(a.access_key_id, b.access_key_id);
        assert!(a.id.len() == 12 && a.id.bytes().all(|c| c.is_ascii_digit()), "{}", a.id);
    }

    #[test]
    fn requests_act_in_the_account_of_their_credentials() {
        let account = Emulator::shared().new_account();
        let identity = query(&account, "sts", "Action=GetCallerIdentity&Version=2011-06-15").unwrap();
        assert_eq!(xml_text(&identity, "Account").as_deref(), Some(account.id.as_str()));
    }

    #[test]
    fn accounts_do_not_see_each_other() {
        let emulator = Emulator::shared();
        let (a, b) = (emulator.new_account(), emulator.new_account());
        query(&a, "iam", "Action=CreateUser&Version=2010-05-08&UserName=only-in-a").unwrap();
        let in_a = query(&a, "iam", "Action=ListUsers&Version=2010-05-08").unwrap();
        let in_b = query(&b, "iam", "Action=ListUsers&Version=2010-05-08").unwrap();
        assert!(in_a.contains(&format!("arn:aws:iam::{}:user/only-in-a", a.id)), "{in_a}");
        assert!(!in_b.contains("only-in-a"), "{in_b}");
    }

    #[test]
    fn aws_managed_policies_are_loaded() {
        let account = Emulator::shared().new_account();
        let policy = query(
            &account,
            "iam",
            "Action=GetPolicy&Version=2010-05-08&PolicyArn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnlyAccess",
        )
        .unwrap();
        assert!(policy.contains("<PolicyName>ReadOnlyAccess</PolicyName>"), "{policy}");
    }

    #[test]
    fn account_ids_are_unique_and_twelve_digits() {
        let ids: std::collections::HashSet<String> = (0..1000).map(|_| next_account_id()).collect();
        assert_eq!(ids.len(), 1000);
        assert!(ids.iter().all(|id| id.len() == 12 && id != "123456789012"));
    }

    #[test]
    fn pinned_version_is_read_from_the_setup_script() {
        let script = workspace_root().unwrap().join("scripts/setup-emulator.sh");
        let version = pinned_version(&script).unwrap();
        assert!(version.split('.').count() == 3, "{version}");
    }

    #[test]
    fn server_stops_when_the_test_process_exits() {
        let output = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "emulator::tests::exit_child", "--ignored", "--nocapture"])
            .env(CHILD_ENV, "1")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let pid: u32 = stdout
            .lines()
            .find_map(|l| l.strip_prefix("moto-pid="))
            .and_then(|pid| pid.trim().parse().ok())
            .unwrap_or_else(|| {
                panic!("the child printed no moto pid:\n{stdout}\n{}", String::from_utf8_lossy(&output.stderr))
            });
        let deadline = Instant::now() + Duration::from_secs(10);
        while is_running(pid) {
            assert!(Instant::now() < deadline, "moto (pid {pid}) outlived its test process");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Runs only as the child of `server_stops_when_the_test_process_exits`.
    #[test]
    #[ignore = "helper run in a child process by server_stops_when_the_test_process_exits"]
    fn exit_child() {
        if std::env::var_os(CHILD_ENV).is_some() {
            println!("moto-pid={}", Emulator::shared().pid());
        }
    }

    /// Whether `pid` is a live process; a zombie (exited, not yet reaped by whoever
    /// inherited it) counts as gone.
    fn is_running(pid: u32) -> bool {
        match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
            // The state follows the parenthesised command name.
            Ok(stat) => stat.rsplit_once(") ").is_some_and(|(_, rest)| !rest.starts_with('Z')),
            Err(_) => {
                !Path::new("/proc/self").exists()
                    && Command::new("kill").args(["-0", &pid.to_string()]).status().is_ok_and(|s| s.success())
            }
        }
    }
}
