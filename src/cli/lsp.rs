//! `bearing lsp`: the language server, over stdio, for editors.

use std::io::Write;
use std::time::Duration;

use clap::Args;

use super::Outcome;
use super::common::{AsOfArgs, CliError};
use crate::lsp::{Ending, LspError, Options};

/// Run the language server (LSP over stdio) for editors.
///
/// Diagnostics of every rule for the whole plan as you type, with the messages of
/// `bearing check`; go to definition, find references and rename for every id; completion
/// of ids, keys and values; hover with an id's trace up to its goal; quick fixes. Started
/// by an editor, not by hand: see the README's editor section for VS Code, Neovim and
/// Helix. It reads the plan from the folder the editor opens and never writes a file.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  bearing lsp\n  bearing lsp --as-of 2026-10-01\n  nvim: vim.lsp.start({ name = 'bearing', cmd = { 'bearing', 'lsp' } })"
)]
pub struct LspArgs {
    #[command(flatten)]
    pub as_of: AsOfArgs,
    /// Accepted for editors that pass it; stdio is the only transport.
    #[arg(long, hide = true)]
    pub stdio: bool,
    /// Milliseconds to wait after an edit for the next one before checking the plan.
    #[arg(long, value_name = "MS", default_value_t = 25)]
    pub debounce: u64,
    /// Log how long each check of the plan takes, in the editor's log of the server.
    #[arg(long)]
    pub timing: bool,
}

pub(super) fn run(args: LspArgs, out: &mut dyn Write) -> Result<Outcome, CliError> {
    let options = Options {
        as_of: args.as_of.as_of,
        today: Box::new(|| jiff::ZonedDateTime::now().date()),
        debounce: Duration::from_millis(args.debounce),
        poll: Duration::from_secs(2),
        timing: args.timing,
    };
    let input = Box::new(std::io::BufReader::new(std::io::stdin()));
    match crate::lsp::run(input, out, options) {
        Ok(Ending::Clean) => Ok(Outcome::Clean),
        // The protocol asks for exit code 1 when `exit` comes without `shutdown`.
        Ok(Ending::Abrupt) => Ok(Outcome::Findings),
        Err(LspError::Write(e)) => Err(CliError::from(e)),
        Err(e @ LspError::Protocol(_)) => Err(CliError::usage(
            e.to_string(),
            "`bearing lsp` is started by an editor and speaks the Language Server Protocol on stdin and stdout",
        )),
    }
}
