//! Flags shared by every command, and the one classified error type of the CLI.

use std::ffi::OsString;
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;
use jiff::civil::Date;

use crate::change::diff::Move;
use crate::change::state::FileProblem;
use crate::finding::Located;
use crate::pipeline::{Leftovers, PipelineError};
use crate::vocab::PathBase;
use crate::workspace::{Workspace, WorkspaceError, discover};

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Run as if bearing was started in DIR (like `git -C`).
    #[arg(short = 'C', long = "directory", global = true, value_name = "DIR")]
    pub directory: Option<PathBuf>,
    /// Use this configuration file instead of finding bearing.yaml upwards.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Print only the summary (and errors).
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// When to color output: `auto` colors a terminal unless `NO_COLOR` is set,
    /// `CLICOLOR=0` or `TERM=dumb` (`CLICOLOR_FORCE=1` colors even a pipe); `always` and
    /// `never` override all of them.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    /// Color a terminal, following NO_COLOR, CLICOLOR, CLICOLOR_FORCE and TERM.
    Auto,
    /// Always color, even a pipe or a file (a CI log that shows colors).
    Always,
    /// Never color.
    Never,
}

impl ColorWhen {
    /// The `--color` of a command line, read before clap parses it, so that clap's own
    /// help and errors follow it too; `None` when not given (or not understood, which
    /// clap then reports).
    pub fn from_args(args: &[std::ffi::OsString]) -> Option<ColorWhen> {
        let mut value = None;
        let mut next_is_value = false;
        for arg in args.iter().skip(1) {
            let Some(arg) = arg.to_str() else { continue };
            if next_is_value {
                value = Some(arg.to_owned());
                next_is_value = false;
            } else if arg == "--" {
                break;
            } else if arg == "--color" {
                next_is_value = true;
            } else if let Some(v) = arg.strip_prefix("--color=") {
                value = Some(v.to_owned());
            }
        }
        match value?.as_str() {
            "auto" => Some(ColorWhen::Auto),
            "always" => Some(ColorWhen::Always),
            "never" => Some(ColorWhen::Never),
            _ => None,
        }
    }

    /// Whether to color a stream that `is_terminal` or not, in the environment `env`
    /// (`std::env::var_os` in the program; a map in tests).
    pub fn resolve(self, is_terminal: bool, env: &dyn Fn(&str) -> Option<OsString>) -> bool {
        let set = |name: &str| env(name).is_some_and(|v| !v.is_empty());
        let is = |name: &str, value: &str| env(name).is_some_and(|v| v == value);
        match self {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            // https://no-color.org and https://bixense.com/clicolors: NO_COLOR wins over
            // everything but the flag, CLICOLOR_FORCE colors a pipe, CLICOLOR=0 and a
            // dumb terminal turn color off.
            ColorWhen::Auto if set("NO_COLOR") => false,
            ColorWhen::Auto if set("CLICOLOR_FORCE") && !is("CLICOLOR_FORCE", "0") => true,
            ColorWhen::Auto if is("CLICOLOR", "0") || is("TERM", "dumb") => false,
            ColorWhen::Auto => is_terminal,
        }
    }

    /// Whether to color standard output.
    pub fn stdout(self) -> bool {
        self.resolve(io::stdout().is_terminal(), &|name| std::env::var_os(name))
    }

    /// Whether to color, or draw with escape codes on, standard error.
    pub fn stderr(self) -> bool {
        self.resolve(io::stderr().is_terminal(), &|name| std::env::var_os(name))
    }

    /// The same choice for clap's help and error messages.
    pub fn clap(self) -> clap::ColorChoice {
        let env = |name: &str| std::env::var_os(name);
        match self {
            ColorWhen::Always => clap::ColorChoice::Always,
            ColorWhen::Never => clap::ColorChoice::Never,
            // clap decides per stream; it reads the same variables, but TERM=dumb and
            // CLICOLOR=0 are decided here so that every stream agrees.
            ColorWhen::Auto if !self.resolve(true, &env) => clap::ColorChoice::Never,
            ColorWhen::Auto => clap::ColorChoice::Auto,
        }
    }
}

/// The date every date-dependent figure is computed for.
#[derive(Debug, Args)]
pub struct AsOfArgs {
    /// Compute progress, staleness and due dates as of this day (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
}

impl AsOfArgs {
    /// `--as-of`, or `today`.
    pub fn date(&self, today: Date) -> Date {
        self.as_of.unwrap_or(today)
    }
}

/// What the command layer takes from the world once, for every command: the day it is
/// (the one read of the clock), and the data commands are done with, which `main`
/// leaves to the end of the process.
#[derive(Debug)]
pub struct Session {
    pub today: Date,
    pub leftovers: Leftovers,
}

impl Session {
    /// Reads the clock.
    pub fn start() -> Session {
        Session {
            today: jiff::ZonedDateTime::now().date(),
            leftovers: Leftovers::default(),
        }
    }
}

pub(crate) fn parse_date(text: &str) -> Result<Date, String> {
    text.parse::<Date>()
        .map_err(|_| format!("`{text}` is not a date: write YYYY-MM-DD, e.g. 2026-10-01"))
}

impl GlobalArgs {
    /// Finds the workspace from the current directory.
    pub fn workspace(&self) -> Result<Workspace, CliError> {
        let cwd = std::env::current_dir().map_err(CliError::from)?;
        let workspace = discover(&cwd, self.config.as_deref()).map_err(CliError::from)?;
        // Before any parallel work: the one pool, with the stack the configured depth needs.
        crate::pool::init(&workspace.config.limits.yaml);
        Ok(workspace)
    }
}

/// Names the files of findings from the top of the repository (`base`), as every JSON
/// output does; human and Markdown output keep paths relative to the plan root.
pub(super) fn name_from_top(findings: &mut [Located], base: &PathBase) {
    for located in findings {
        let places = located
            .at
            .iter_mut()
            .chain(located.related.iter_mut().filter_map(|(_, at)| at.as_mut()));
        for at in places {
            at.file = base.file(&at.file);
        }
    }
}

/// Names the files of moves and unreadable files from the top of the repository, for
/// the JSON of `diff` and `log`.
pub(super) fn name_moves_from_top<'a>(
    moves: impl IntoIterator<Item = &'a mut Move>,
    problems: impl IntoIterator<Item = &'a mut FileProblem>,
    base: &PathBase,
) {
    for m in moves {
        m.from = base.file(&m.from);
        m.to = base.file(&m.to);
    }
    for p in problems {
        p.path = base.file(&p.path);
    }
}

/// Everything that stops a command from running: exit code 2.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
    #[error(transparent)]
    History(#[from] crate::history::HistoryError),
    #[error("{message}")]
    Usage {
        message: String,
        help: Option<String>,
    },
    #[error("{0}")]
    Io(io::Error),
    /// The reader went away: not an error worth a message.
    #[error("broken pipe")]
    BrokenPipe,
}

impl From<io::Error> for CliError {
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::BrokenPipe {
            CliError::BrokenPipe
        } else {
            CliError::Io(e)
        }
    }
}

impl CliError {
    pub fn usage(message: impl Into<String>, help: impl Into<String>) -> CliError {
        CliError::Usage {
            message: message.into(),
            help: Some(help.into()),
        }
    }

    /// Writes `error: …` and, where there is one, `help: …`.
    pub fn report(&self, out: &mut dyn Write) -> io::Result<()> {
        let (message, help) = match self {
            CliError::Workspace(WorkspaceError::Config { path, error, .. }) => {
                let position = match (error.line, error.column) {
                    (Some(l), Some(c)) => format!(":{l}:{c}"),
                    _ => String::new(),
                };
                (
                    format!(
                        "invalid configuration {}{position}: {}",
                        path.display(),
                        error.message
                    ),
                    error.help.clone(),
                )
            }
            CliError::Workspace(e) => (e.to_string(), e.help()),
            CliError::History(e) => (e.to_string(), e.help()),
            CliError::Usage { message, help } => (message.clone(), help.clone()),
            other => (other.to_string(), None),
        };
        writeln!(out, "error: {}", crate::render::visible(&message))?;
        if let Some(help) = help {
            writeln!(out, "  help: {}", crate::render::visible(&help))?;
        }
        Ok(())
    }
}

impl From<PipelineError> for CliError {
    fn from(e: PipelineError) -> Self {
        match e {
            PipelineError::Workspace(e) => CliError::Workspace(e),
            PipelineError::History(e) => CliError::History(e),
            PipelineError::Refused { message, help } => CliError::usage(message, help),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(when: ColorWhen, terminal: bool, vars: &[(&str, &str)]) -> bool {
        let env = |name: &str| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| OsString::from(v))
        };
        when.resolve(terminal, &env)
    }

    #[test]
    fn color_follows_the_flag_then_the_conventions() {
        use ColorWhen::{Always, Auto, Never};
        assert!(resolve(Auto, true, &[]));
        assert!(!resolve(Auto, false, &[]));
        assert!(!resolve(Auto, true, &[("NO_COLOR", "1")]));
        assert!(
            resolve(Auto, true, &[("NO_COLOR", "")]),
            "an empty NO_COLOR is unset"
        );
        assert!(resolve(Auto, false, &[("CLICOLOR_FORCE", "1")]));
        assert!(!resolve(Auto, false, &[("CLICOLOR_FORCE", "0")]));
        assert!(!resolve(
            Auto,
            false,
            &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]
        ));
        assert!(!resolve(Auto, true, &[("CLICOLOR", "0")]));
        assert!(resolve(Auto, true, &[("CLICOLOR", "1")]));
        assert!(!resolve(Auto, true, &[("TERM", "dumb")]));
        assert!(resolve(
            Auto,
            false,
            &[("TERM", "dumb"), ("CLICOLOR_FORCE", "1")]
        ));
        assert!(resolve(
            Always,
            false,
            &[("NO_COLOR", "1"), ("TERM", "dumb")]
        ));
        assert!(!resolve(Never, true, &[("CLICOLOR_FORCE", "1")]));
    }

    #[test]
    fn the_flag_is_found_before_parsing() {
        let args = |list: &[&str]| -> Vec<OsString> { list.iter().map(OsString::from).collect() };
        assert_eq!(ColorWhen::from_args(&args(&["bearing", "check"])), None);
        assert_eq!(
            ColorWhen::from_args(&args(&["bearing", "--color", "never", "check"])),
            Some(ColorWhen::Never)
        );
        assert_eq!(
            ColorWhen::from_args(&args(&["bearing", "check", "--color=always"])),
            Some(ColorWhen::Always)
        );
        assert_eq!(
            ColorWhen::from_args(&args(&["bearing", "check", "--", "--color=always"])),
            None
        );
        assert_eq!(
            ColorWhen::from_args(&args(&["bearing", "--color=pink"])),
            None
        );
    }
}
