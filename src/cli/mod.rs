//! The command line: one file per subcommand, each a clap `Args` struct and a `run`.
//!
//! Exit codes: 0 clean, 1 findings at the failing level, 2 usage or input error. A
//! closed pipe (`bearing check | head`) ends quietly with 0.

mod check;
mod common;
mod diff;
mod git;
mod log;
mod schema;
mod trace;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub use common::{CliError, GlobalArgs};

/// Strategy as code: goals, OKRs and projects as YAML in git, checked like code.
///
/// bearing validates plan files against their JSON Schemas, traces every project to the
/// business goal it is meant to move, and reports what is broken with the file, line and
/// column to fix.
#[derive(Debug, Parser)]
#[command(name = "bearing", version, about, long_about = None, propagate_version = true)]
#[command(
    after_help = "Examples:\n  bearing check\n  bearing check --format json --as-of 2026-10-01\n  bearing check --base origin/main --new-only\n  bearing diff origin/main --format markdown\n  bearing log KR-churn\n  bearing schema objective > objective.schema.json"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Check(check::CheckArgs),
    Diff(diff::DiffArgs),
    Log(log::LogArgs),
    Schema(schema::SchemaArgs),
    Trace(trace::TraceArgs),
}

/// What a command asks the process to exit with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Clean,
    Findings,
}

/// Parses the arguments, runs the command, and maps the result to an exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let mut stdout = io::stdout().lock();
    let result =
        run(cli, &mut stdout).and_then(|o| stdout.flush().map(|()| o).map_err(CliError::from));
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Err(CliError::BrokenPipe) => ExitCode::SUCCESS,
        Err(e) => {
            let mut stderr = io::stderr().lock();
            let _ = e.report(&mut stderr);
            ExitCode::from(2)
        }
    }
}

/// Runs a parsed command line, writing its output to `out`.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<Outcome, CliError> {
    match cli.command {
        Command::Check(args) => check::run(&cli.global, args, out),
        Command::Diff(args) => diff::run(&cli.global, args, out),
        Command::Log(args) => log::run(&cli.global, args, out),
        Command::Schema(args) => schema::run(args, out),
        Command::Trace(args) => trace::run(&cli.global, args, out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
