//! The `meerkat` command: discover AWS resources into a local inventory with full
//! configuration history, and query it.
//!
//! This binary is the only place that sees every crate; it parses flags, wires the
//! stages together, renders output and chooses exit codes (in [`exit_code`]).

mod commands;
mod output;
mod report;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::output::Format;

/// Meerkat: cloud security that keeps up with infrastructure that lives for minutes.
#[derive(Debug, Parser)]
#[command(name = "meerkat", version, about, propagate_version = true)]
struct Cli {
    /// The inventory database (SQLite file).
    #[arg(long, global = true, env = "MEERKAT_DB")]
    db: Option<PathBuf>,
    /// Output format of commands that print data.
    #[arg(long, short = 'f', global = true, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// More logs on stderr (-v info, -vv debug, -vvv trace).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read every resource of the account into the inventory, keeping each configuration version.
    Discover(commands::discover::Args),
    /// List resources of the inventory, now or as of a past time.
    Inventory(commands::inventory::Args),
    /// Show every configuration version of one resource, with the changes between them.
    History(commands::history::Args),
    /// Show which scopes (account, region, type) were assessed and which could not be read.
    Coverage(commands::coverage::Args),
    /// List the collectors: resource types, services, IAM actions and refresh events.
    Collectors(commands::collectors::Args),
    /// Discover, then judge every resource against the posture checks (CIS, NIST, PCI) and report.
    Scan(commands::scan::Args),
    /// Query the findings kept in the inventory: open, resolved, muted.
    Findings(commands::findings::Args),
    /// List the posture checks: ids, severities, resource types, framework controls.
    Checks(commands::checks::Args),
    /// Detect suspicious activity in audit logs with Sigma rules (`detect cloudtrail`).
    Detect(commands::detect::Args),
}

/// What a run ended in; mapped to the process exit code in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything asked for was done and assessed.
    Complete,
    /// Done, but some scopes or resource parts could not be read: not assessed.
    Partial,
    /// Done, and a finding at or above `--fail-on` is open.
    Failing,
}

/// Exit codes CI can gate on: 0 complete, 1 error, 2 usage (clap), 3 partial (not
/// assessed), 4 a finding at or above `--fail-on` (wins over 3: it is what a gate asks).
fn exit_code(result: &anyhow::Result<Outcome>) -> ExitCode {
    match result {
        Ok(Outcome::Complete) => ExitCode::SUCCESS,
        Ok(Outcome::Partial) => ExitCode::from(3),
        Ok(Outcome::Failing) => ExitCode::from(4),
        Err(error) if is_broken_pipe(error) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(1),
    }
}

/// `meerkat inventory | head` closes the pipe early; that is the reader's choice, not an error.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|e| e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
}

fn init_logs(verbose: u8) {
    let default = match verbose {
        0 => "error",
        1 => "info",
        2 => "debug",
        _ => "trace",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("MEERKAT_LOG").unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
}

fn default_db() -> PathBuf {
    dirs::data_dir().unwrap_or_else(|| PathBuf::from(".")).join("meerkat").join("meerkat.db")
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logs(cli.verbose);
    let db = cli.db.clone().unwrap_or_else(default_db);
    let result = run(cli.command, &db, cli.format);
    if let Err(error) = &result {
        if !is_broken_pipe(error) {
            eprintln!("error: {error:#}");
        }
    }
    exit_code(&result)
}

fn run(command: Command, db: &std::path::Path, format: Format) -> anyhow::Result<Outcome> {
    match command {
        Command::Discover(args) => commands::discover::run(args, db, format),
        Command::Inventory(args) => commands::inventory::run(args, db, format),
        Command::History(args) => commands::history::run(args, db, format),
        Command::Coverage(args) => commands::coverage::run(args, db, format),
        Command::Collectors(args) => commands::collectors::run(args, format),
        Command::Scan(args) => commands::scan::run(args, db, format),
        Command::Findings(args) => commands::findings::run(args, db, format),
        Command::Checks(args) => commands::checks::run(args, format),
        Command::Detect(args) => commands::detect::run(args, db, format),
    }
}
