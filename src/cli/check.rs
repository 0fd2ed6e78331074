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
    after_help = "Examples:\n  bearing check\n  bearing check --format github\n  bearing check --as-of 2026-10-01 --format json plans/okrs\n  bearing check --base origin/main --new-only\n  bearing check --base origin/main --format markdown >> \"$GITHUB_STEP_SUMMARY\"\n  bearing check --base origin/main --format github --write sarif=bearing.sarif --write json=check.json"
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
    /// Also write the findings in FORMAT to FILE (repeatable, e.g. `--write
    /// sarif=bearing.sarif --write json=check.json`): one check for every output a CI job
    /// wants, instead of one check per format. FILE is replaced.
    #[arg(long = "write", value_name = "FORMAT=FILE", value_parser = parse_write)]
    pub writes: Vec<(CheckFormat, PathBuf)>,
}

fn parse_write(text: &str) -> Result<(CheckFormat, PathBuf), String> {
    let Some((format, file)) = text.split_once('=') else {
        return Err(format!(
            "`{text}` is not FORMAT=FILE: give e.g. `sarif=bearing.sarif`"
        ));
    };
    let format = CheckFormat::from_str(format, false).map_err(|_| {
        format!("`{format}` is not a format: give one of human, json, github, sarif, markdown")
    })?;
    if file.is_empty() {
        return Err(format!("`{text}` names no file: give e.g. `{text}out.txt`"));
    }
    Ok((format, PathBuf::from(file)))
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
    let print = |format: CheckFormat, color: bool, out: &mut dyn Write| -> std::io::Result<()> {
        let base = workspace.path_base();
        match format {
            CheckFormat::Human => render::human::render(
                &report,
                render::human::Style {
                    color,
                    quiet: global.quiet,
                },
                out,
            ),
            CheckFormat::Json => render::json::render(&report, &base, out),
            CheckFormat::Github => render::github::render(&report, &base, out),
            CheckFormat::Sarif => render::sarif::render(&report, &base, out),
            CheckFormat::Markdown => render::check_markdown::render(
                &report,
                &base,
                render::check_markdown::Links {
                    blob: args.links.as_deref(),
                },
                out,
            ),
        }
    };
    print(args.format, global.color.stdout(), out)?;
    for (format, path) in &args.writes {
        let written = std::fs::File::create(cwd.join(path)).and_then(|file| {
            let mut file = std::io::BufWriter::new(file);
            print(*format, false, &mut file)?;
            file.flush()
        });
        if let Err(e) = written {
            return Err(CliError::usage(
                format!("cannot write `{}`: {e}", path.display()),
                "give a file in a folder that exists and can be written",
            ));
        }
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
