//! `bearing man`: the manual page in roff, on stdout: `bearing(1)` followed by one page
//! per subcommand (`bearing-check(1)`, …).

use std::io::Write;

use clap::{Args, CommandFactory};

use super::common::CliError;
use super::{Cli, Outcome};

/// Print the manual page (roff), with a page for every subcommand.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  bearing man | man -l -\n  bearing man > ~/.local/share/man/man1/bearing.1"
)]
pub struct ManArgs {}

pub fn run(_args: ManArgs, out: &mut dyn Write) -> Result<Outcome, CliError> {
    // Building sets each subcommand's display name (`bearing-check`), which becomes the
    // title of its page.
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let mut buffer = Vec::new();
    clap_mangen::Man::new(command.clone()).render(&mut buffer)?;
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        clap_mangen::Man::new(sub.clone()).render(&mut buffer)?;
    }
    out.write_all(&buffer)?;
    Ok(Outcome::Clean)
}
