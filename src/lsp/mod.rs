//! `bearing lsp`: a language server that knows the whole plan.
//!
//! Over stdio, with the `lsp-server` crate's messages and the `lsp-types` crate's types:
//! diagnostics of every rule for every open file as you type (the same findings, levels
//! and help as `bearing check`, with plan-wide ones such as the gate on `bearing.yaml`),
//! go to definition, find references and rename for every id, completion of ids (with
//! each candidate's kind, title, status and progress), of keys and of enum values, hover
//! with an id's trace up to its goal, and quick fixes.
//!
//! A layer above the core: it uses the loader, the check, the measures and the trace,
//! and nothing in the core knows it. It never writes a file: a rename or a quick fix is
//! an edit the client applies. Files that are not open are read from disk, with the
//! same limits as `check`; hostile content is refused by the same loader.
//!
//! The library prints nothing: the transport reads from the reader and writes to the
//! writer the command hands in (the command's standard output, which it holds).

mod actions;
mod complete;
mod cursor;
mod diagnostics;
mod files;
mod handshake;
mod hover;
mod inputs;
mod navigate;
mod occurrences;
mod prose;
mod schema_paths;
mod server;
mod state;
mod text;
mod transport;
mod view;

use std::io::{BufRead, Write};
use std::time::Duration;

use jiff::civil::Date;

pub(crate) use server::serve;

/// How the server runs.
pub(crate) struct Options {
    /// The day every date-dependent figure is computed for; `None`: today, read afresh
    /// for each check (the server may run for days). The client may set it with the
    /// initialization option `asOf`.
    pub as_of: Option<Date>,
    /// Reads the clock: the command layer's, so that the library never does.
    pub today: Box<dyn Fn() -> Date + Send>,
    /// How long to wait after a change for the next one before checking the plan.
    pub debounce: Duration,
    /// How often to look for files changed on disk when the client does not say.
    pub poll: Duration,
    /// Log how long each check takes (`window/logMessage`).
    pub timing: bool,
}

impl std::fmt::Debug for Options {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("as_of", &self.as_of)
            .field("debounce", &self.debounce)
            .field("poll", &self.poll)
            .field("timing", &self.timing)
            .finish_non_exhaustive()
    }
}

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ending {
    /// `shutdown` then `exit`, as the protocol asks.
    Clean,
    /// `exit` without `shutdown`, or the client went away: the protocol asks for exit
    /// code 1.
    Abrupt,
}

/// Why the server could not run.
#[derive(Debug, thiserror::Error)]
pub(crate) enum LspError {
    #[error("cannot write to the client: {0}")]
    Write(#[from] std::io::Error),
    #[error("the client broke the protocol: {0}")]
    Protocol(String),
}

/// Serves one client on `input` and `output` until it exits.
pub(crate) fn run(
    input: Box<dyn BufRead + Send>,
    output: &mut dyn Write,
    options: Options,
) -> Result<Ending, LspError> {
    serve(transport::Incoming::spawn(input), output, options)
}
