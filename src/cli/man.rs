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
    for (n, page) in pages.enumerate() {
        let mut buffer = Vec::new();
        clap_mangen::Man::new(page.clone()).render(&mut buffer)?;
        let extra = if n == 0 {
            format!("{EXIT_STATUS}{ENVIRONMENT}{FILES}")
        } else {
            format!("{EXIT_STATUS}{SEE_ALSO}")
        };
        let text = before_version(&title_first(&String::from_utf8_lossy(&buffer)), &extra);
        out.write_all(text.as_bytes())?;
    }
    Ok(Outcome::Clean)
}

/// The exit codes every command shares (README: Exit codes).
const EXIT_STATUS: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
Success: no finding at error level.
.TP
\fB1\fR
\fBbearing check\fR found findings at error level (with \fB\-\-new\-only\fR: new ones).
.TP
\fB2\fR
A usage error, an invalid configuration, no plan files, an unknown revision, a plan file
that cannot be read (the output printed is then incomplete), or memory that ran out (the
message names the address\-space limit).
.TP
\fB3\fR
An internal error: a bug in bearing; please report it.
.PP
A closed pipe (\fBbearing schema | head\fR) ends quietly with 0.
"#;

/// The variables bearing reads.
const ENVIRONMENT: &str = r#".SH ENVIRONMENT
.TP
\fBNO_COLOR\fR
When set and not empty, no color (https://no\-color.org); \fB\-\-color always\fR still colors.
.TP
\fBCLICOLOR_FORCE\fR
When set and not 0, color even when the output is not a terminal (a CI log), unless
\fBNO_COLOR\fR is set.
.TP
\fBCLICOLOR\fR
\fB0\fR: no color.
.TP
\fBTERM\fR
\fBdumb\fR: no color and no progress line.
.PP
\fB\-\-color auto|always|never\fR decides before all of them.
"#;

/// The files bearing reads and writes.
const FILES: &str = r#".SH FILES
.TP
\fBbearing.yaml\fR
The configuration: plan folders, rule levels, the alignment gate, report settings and
limits. Found by walking up from the current directory, as git finds \fB.git\fR;
\fB\-\-config\fR overrides it. Paths in it are relative to its folder.
.TP
\fBplans/\fR
The default plan folder: every \fB*.yaml\fR and \fB*.yml\fR file under it is read.
.TP
\fB.bearing/schema/\fR
The JSON Schemas \fBbearing init\fR writes for editors.
.TP
\fB.bearing\-site\fR
In a report folder written by \fBbearing report \-\-out\fR: the list of pages it wrote, so that
pages it no longer writes are removed and nothing else is touched.
"#;

const SEE_ALSO: &str = r#".SH "SEE ALSO"
\fBbearing\fR(1)
"#;

/// Puts `extra` sections before the page's `.SH VERSION` (its last section), or at the
/// end.
fn before_version(page: &str, extra: &str) -> String {
    match page.find("\n.SH VERSION") {
        Some(at) => format!("{}\n{extra}{}", &page[..at], &page[at + 1..]),
        None => format!("{page}{extra}"),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_has_exit_status_environment_and_files() {
        let mut out = Vec::new();
        run(ManArgs {}, &mut out).expect("renders");
        let text = String::from_utf8(out).expect("utf-8");
        let top = text.split("\n.TH ").next().expect("the first page");
        let sections: Vec<&str> = top.lines().filter(|l| l.starts_with(".SH ")).collect();
        assert_eq!(
            &sections[sections.len() - 4..],
            [
                ".SH \"EXIT STATUS\"",
                ".SH ENVIRONMENT",
                ".SH FILES",
                ".SH VERSION"
            ],
            "{sections:?}"
        );
        for name in [
            "NO_COLOR",
            "CLICOLOR_FORCE",
            "CLICOLOR",
            "TERM",
            "bearing.yaml",
        ] {
            assert!(top.contains(&format!("\\fB{name}\\fR")), "{name}");
        }
        assert_eq!(
            text.matches(".SH \"EXIT STATUS\"").count(),
            text.matches(".TH ").count()
        );
    }
}
