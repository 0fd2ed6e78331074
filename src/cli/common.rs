//! Flags shared by every command, and the one classified error type of the CLI.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use clap::Args;
use jiff::civil::Date;

use crate::pipeline::{Leftovers, PipelineError};
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

/// Whether to color human output: a terminal, and `NO_COLOR` unset or empty.
pub(super) fn use_color() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    !no_color && io::stdout().is_terminal()
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
