//! `bearing check`: validate the plan, run the rules, apply the gate; with `--base`,
//! judge the change against a base revision.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::Outcome;
use super::common::{AsOfArgs, CliError, GlobalArgs, Session};
use super::progress::{Progress, warn_all};
use crate::finding::Novelty;
use crate::pipeline::check::{CheckRequest, check};
use crate::render;
use crate::vocab::Level;

/// Validate the plan and run every rule; exit 1 on error-level findings.
///
/// Reads bearing.yaml (found by walking up from the current directory) and every
/// *.yaml / *.yml under its plan folders. Files or folders given narrow what is
/// reported, not what is read: references resolve against the whole plan.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  bearing check\n  bearing check --format github\n  bearing check --as-of 2026-10-01 --format json plans/okrs\n  bearing check --base origin/main --new-only\n  bearing check --base origin/main --format markdown >> \"$GITHUB_STEP_SUMMARY\""
)]
pub struct CheckArgs {
    /// Files or folders whose findings to show (the whole plan is still read).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    /// Compare with the plan at this revision (e.g. `origin/main`): run `lowered-target`
    /// and mark each finding `new` or `existing`.
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
    /// Exit 1 only for error-level findings that are new against `--base`.
    #[arg(long, requires = "base")]
    pub new_only: bool,
    /// Do not read git history (`stale-kr` then sees check-ins only).
    #[arg(long)]
    pub no_history: bool,
    /// With `--format markdown`: link each finding's file and line to URL/PATH#LLINE,
    /// e.g. `https://github.com/OWNER/REPO/blob/SHA` (paths are from the repository root).
    #[arg(long, value_name = "URL", value_parser = parse_links)]
    pub links: Option<String>,
}

fn parse_links(text: &str) -> Result<String, String> {
    if text.starts_with("https://") || text.starts_with("http://") {
        Ok(text.to_owned())
    } else {
        Err(format!(
            "`{text}` is not an http(s) address: give e.g. https://github.com/OWNER/REPO/blob/SHA"
        ))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Diagnostics with the YAML snippet, for people.
    Human,
    /// The documented, versioned JSON shape, for scripts.
    Json,
    /// GitHub workflow commands: annotations on the YAML lines of a pull request.
    Github,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// The headline and the findings, most severe (with `--base`: new) first, for a
    /// pull-request comment or the job summary.
    Markdown,
}

pub(super) fn run(
    global: &GlobalArgs,
    args: CheckArgs,
    session: &mut Session,
    out: &mut dyn Write,
) -> Result<Outcome, CliError> {
    let workspace = global.workspace()?;
    let cwd = std::env::current_dir()?;
    let paths: Vec<PathBuf> = args.paths.iter().map(|p| cwd.join(p)).collect();
    for (given, path) in args.paths.iter().zip(&paths) {
        if std::fs::symlink_metadata(path).is_err() {
            return Err(CliError::usage(
                format!("`{}` does not exist", given.display()),
                "give plan files or folders that exist, or no path to check the configured plan folders",
            ));
        }
    }
    let request = CheckRequest {
        paths: &paths,
        as_of: args.as_of.date(session.today),
        today: session.today,
        base: args.base.as_deref(),
        no_history: args.no_history,
    };
    let mut notes = Vec::new();
    let mut progress = Progress::new("reading history");
    let report = check(
        &workspace,
        &request,
        &mut |done, total| progress.tick(done, total),
        &mut notes,
        &mut session.leftovers,
    );
    progress.finish();
    warn_all(&notes);
    let report = report?;
    match args.format {
        CheckFormat::Human => render::human::render(
            &report,
            render::human::Style {
                color: global.color.stdout(),
                quiet: global.quiet,
            },
            out,
        )?,
        CheckFormat::Json => render::json::render(&report, &workspace.path_base(), out)?,
        CheckFormat::Github => render::github::render(&report, &workspace.path_base(), out)?,
        CheckFormat::Sarif => render::sarif::render(&report, &workspace.path_base(), out)?,
        CheckFormat::Markdown => render::check_markdown::render(
            &report,
            &workspace.path_base(),
            render::check_markdown::Links {
                blob: args.links.as_deref(),
            },
            out,
        )?,
    }
    if report.has_input_errors() {
        return Err(CliError::Usage {
            message: "some plan files could not be read; the findings above are incomplete"
                .to_owned(),
            help: Some("fix the `input` findings first".to_owned()),
        });
    }
    let failing = if args.new_only {
        report
            .findings
            .iter()
            .any(|l| l.finding.level == Level::Error && l.status == Some(Novelty::New))
    } else {
        report.has_errors()
    };
    session.leftovers.keep(report);
    Ok(if failing {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
