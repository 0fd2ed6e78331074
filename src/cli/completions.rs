//! `bearing completions SHELL`: a completion script for a shell, on stdout.

use std::io::Write;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::common::CliError;
use super::{Cli, Outcome};

/// Print a completion script for bash, zsh, fish, PowerShell or elvish.
///
/// Install it where your shell looks for completions; the examples below show the
/// usual places.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  bearing completions bash > ~/.local/share/bash-completion/completions/bearing\n  bearing completions zsh > ~/.zfunc/_bearing\n  bearing completions fish > ~/.config/fish/completions/bearing.fish\n  bearing completions powershell >> $PROFILE"
)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

pub(super) fn run(args: CompletionsArgs, out: &mut dyn Write) -> Result<Outcome, CliError> {
    let mut command = Cli::command();
    let mut buffer = Vec::new();
    clap_complete::generate(args.shell, &mut command, "bearing", &mut buffer);
    out.write_all(&buffer)?;
    Ok(Outcome::Clean)
}
