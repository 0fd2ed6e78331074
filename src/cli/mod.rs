//! The command line: one file per subcommand, each a clap `Args` struct and a `run`.
//!
//! Exit codes: 0 clean, 1 findings at the failing level, 2 usage or input error, 3 an
//! internal error (a bug in bearing: a panic on any thread ends here, with a request to
//! report it). A closed pipe (`bearing check | head`) ends quietly with 0.

mod check;
mod checkin;
mod common;
mod completions;
mod diff;
mod import;
mod init;
mod log;
mod lsp;
mod man;
mod progress;
mod report;
mod schema;
mod trace;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

pub use crate::pipeline::Leftovers;
pub use common::{CliError, ColorWhen, GlobalArgs, Session};

/// Strategy as code: goals, OKRs and projects as YAML in git, checked like code.
///
/// bearing validates plan files against their JSON Schemas, traces every project to the
/// business goal it is meant to move, and reports what is broken with the file, line and
/// column to fix.
#[derive(Debug, Parser)]
#[command(name = "bearing", version, about, long_about = None, propagate_version = true)]
#[command(
    after_help = "Examples:\n  bearing init --example acme && cd acme\n  bearing check\n  bearing check --base origin/main --new-only\n  bearing diff origin/main --format markdown\n  bearing log KR-churn\n  bearing trace G-retention\n  bearing report --out site"
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
    Checkin(checkin::CheckinArgs),
    Report(report::ReportArgs),
    Diff(diff::DiffArgs),
    Log(log::LogArgs),
    Schema(schema::SchemaArgs),
    Trace(trace::TraceArgs),
    Init(init::InitArgs),
    Import(import::ImportArgs),
    Completions(completions::CompletionsArgs),
    Man(man::ManArgs),
    Lsp(lsp::LspArgs),
}

/// What a command asks the process to exit with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Clean,
    Findings,
}

/// The exit code of an internal error: a bug, not a problem with the plan or the
/// command line.
pub const INTERNAL_ERROR: u8 = 3;

/// Parses the arguments, runs the command, and maps the result to an exit code. The
/// data the command is done with comes back beside the code, for `main` to leave to the
/// end of the process.
pub fn main() -> (ExitCode, Leftovers) {
    install_panic_report();
    let mut session = Session::start();
    let code = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        run_to_exit_code(&mut session)
    }))
    .unwrap_or_else(|_| ExitCode::from(INTERNAL_ERROR));
    (code, session.leftovers)
}

fn run_to_exit_code(session: &mut Session) -> ExitCode {
    // `--color` is read first, so that clap's own help and errors follow it too.
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let color = ColorWhen::from_args(&args).unwrap_or(ColorWhen::Auto);
    let parsed = Cli::command()
        .color(color.clap())
        .try_get_matches_from(&args)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
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
    if let Some(dir) = &cli.global.directory {
        if let Err(e) = std::env::set_current_dir(dir) {
            let _ = CliError::usage(
                format!("cannot change to `{}`: {e}", dir.display()),
                "give -C a folder that exists",
            )
            .report(&mut io::stderr().lock());
            return ExitCode::from(2);
        }
    }
    // Block-buffered: the standard output's own line buffering made one `write` per
    // line, which was half the time of a 15 MB `check --format json`.
    let mut stdout = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let result = run(cli, session, &mut stdout);
    // What was written goes out before any error is printed after it.
    let flushed = stdout.flush().map_err(CliError::from);
    let result = result.and_then(|o| flushed.map(|()| o));
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

/// A panic, on any thread, is a bug: say so in bearing's words, with what and where,
/// and ask for a report. `main` then exits with [`INTERNAL_ERROR`].
fn install_panic_report() {
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".to_owned());
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let _ = writeln!(
            io::stderr().lock(),
            "error: internal error: {}{place}\n  help: this is a bug in bearing, not a problem with your plan; please report it with the command you ran, this message and `bearing --version`",
            crate::render::visible(&what)
        );
    }));
}

/// Runs a parsed command line, writing its output to `out`.
pub fn run(cli: Cli, session: &mut Session, out: &mut dyn Write) -> Result<Outcome, CliError> {
    match cli.command {
        Command::Check(args) => check::run(&cli.global, args, session, out),
        Command::Checkin(args) => checkin::run(&cli.global, args, session, out),
        Command::Report(args) => report::run(&cli.global, args, session, out),
        Command::Diff(args) => diff::run(&cli.global, args, session, out),
        Command::Log(args) => log::run(&cli.global, args, session, out),
        Command::Schema(args) => schema::run(args, out),
        Command::Trace(args) => trace::run(&cli.global, args, session, out),
        Command::Init(args) => init::run(&cli.global, args, session, out),
        Command::Import(args) => import::run(&cli.global, args, session, out),
        Command::Completions(args) => completions::run(args, out),
        Command::Man(args) => man::run(args, out),
        Command::Lsp(args) => lsp::run(args, out),
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

    /// Help that teaches: every command's long help ends with examples.
    #[test]
    fn every_command_has_examples() {
        let mut command = Cli::command();
        command.build();
        let mut missing = Vec::new();
        // `help` is clap's own and prints other commands' help.
        for sub in command
            .get_subcommands_mut()
            .filter(|s| s.get_name() != "help")
        {
            let name = sub.get_name().to_owned();
            let help = sub.render_long_help().to_string();
            if !help.contains("Examples:") {
                missing.push(name);
            }
        }
        assert!(missing.is_empty(), "no Examples: in {missing:?}");
        assert!(command.render_long_help().to_string().contains("Examples:"));
    }
}
