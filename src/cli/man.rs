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

pub(super) fn run(_args: ManArgs, out: &mut dyn Write) -> Result<Outcome, CliError> {
    // Building sets each subcommand's display name (`bearing-check`), which becomes the
    // title of its page.
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let pages =
        std::iter::once(&command).chain(command.get_subcommands().filter(|s| !s.is_hide_set()));
    for page in pages {
        let mut buffer = Vec::new();
        clap_mangen::Man::new(page.clone()).render(&mut buffer)?;
        out.write_all(title_first(&String::from_utf8_lossy(&buffer)).as_bytes())?;
    }
    Ok(Outcome::Clean)
}

/// Moves a page's `.TH` line to its top. clap_mangen opens with the definition of the
/// `Aq` string (a portable apostrophe), which may come anywhere before its first use;
/// `.TH` first is what man(7) describes and what tools that sniff for a man page expect.
fn title_first(page: &str) -> String {
    let Some(title) = page.lines().find(|l| l.starts_with(".TH ")) else {
        return page.to_owned();
    };
    let mut text = format!("{title}\n");
    for line in page.lines().filter(|l| *l != title) {
        text.push_str(line);
        text.push('\n');
    }
    text
}
