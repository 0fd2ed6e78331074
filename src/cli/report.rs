//! `bearing report`: the plan as Markdown, JSON, or a static HTML site.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::Outcome;
use super::common::{AsOfArgs, CliError, GlobalArgs, Session, name_from_top};
use super::progress::{Progress, warn, warn_all};
use crate::pipeline::report::{ReportRequest, gather};
use crate::report::{self, Overrides, ReportError};

/// Write a report of the plan: Markdown for pull requests, JSON for dashboards, or a
/// static HTML site (goals, progress, trends, delivery versus impact).
///
/// Markdown and JSON go to standard output; the site is written into `--out`. The
/// report shows the findings of `bearing check` but does not fail on them.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  bearing report --out site\n  bearing report --format markdown >> \"$GITHUB_STEP_SUMMARY\"\n  bearing report --format json --as-of 2026-10-01"
)]
pub struct ReportArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    pub format: ReportFormat,
    /// The folder the HTML site is written into (created when missing).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// A folder whose files replace the built-in templates file by file (default:
    /// `report.templates` of bearing.yaml).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Report the plan as it was at this revision (default: the working tree).
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
    /// Show what changed since this revision (a commit on the first-parent history).
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
    /// Leave git history out: no trends, no commits, no changes (faster on huge histories).
    #[arg(long)]
    pub no_history: bool,
    /// Add "since the last review": what moved since this revision or date (YYYY-MM-DD).
    /// Default: the newest tag matching `report.reviews` of bearing.yaml, if set.
    #[arg(long, value_name = "REV|DATE")]
    pub since: Option<String>,
    /// Narrow the report to one goal: it, its sub-goals and all the work under them.
    #[arg(long, value_name = "ID")]
    pub goal: Option<String>,
    /// Narrow the report to what one owner owns (as written in `owner:`) and the work
    /// under it. With `--goal`, what is in both.
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
    #[command(flatten)]
    pub as_of: AsOfArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// A static site: index, a page per goal, objective and project, and changes.
    Html,
    /// One Markdown document that fits a pull-request comment.
    Markdown,
    /// The whole report model, versioned (docs/json-output.md).
    Json,
}

/// Where the site goes without `--out`.
pub(super) const DEFAULT_OUT: &str = "bearing-site";

pub(super) fn run(
    global: &GlobalArgs,
    args: ReportArgs,
    session: &mut Session,
    out: &mut dyn Write,
) -> Result<Outcome, CliError> {
    if args.out.is_some() && args.format != ReportFormat::Html {
        return Err(CliError::usage(
            "`--out` is for `--format html`",
            "Markdown and JSON go to standard output: redirect it to a file",
        ));
    }
    let workspace = global.workspace()?;
    let cwd = std::env::current_dir()?;
    let templates_dir = match (&args.templates, &workspace.config.report.templates) {
        (Some(dir), _) => Some(cwd.join(dir)),
        (None, Some(dir)) => Some(workspace.root.join(dir)),
        (None, None) => None,
    };
    // A folder named on the command line is the user's; one named in bearing.yaml comes
    // with the repository, and stays inside it.
    let within = args.templates.is_none().then_some(workspace.root.as_path());
    let overrides = match &templates_dir {
        Some(dir) => report::site::read_overrides(dir, within).map_err(report_error)?,
        None => Overrides::new(),
    };
    let as_of = args.as_of.date(session.today);
    let request = ReportRequest {
        rev: args.rev.as_deref(),
        base: args.base.as_deref(),
        no_history: args.no_history,
        since: args.since.as_deref(),
        as_of,
        today: session.today,
    };
    let mut notes = Vec::new();
    let mut progress = Progress::new("reading history");
    let gathered = gather(
        &workspace,
        &request,
        &mut |done, total| progress.tick(done, total),
        &mut notes,
    );
    progress.finish();
    warn_all(&notes);
    let gathered = gathered?;
    let mut check = crate::check::check_loaded(
        gathered.loaded,
        &workspace.config,
        as_of,
        &gathered.evidence,
        None,
    );
    if args.format == ReportFormat::Json {
        name_from_top(&mut check.findings, &workspace.path_base());
    }
    // Findings are placed on their lines now: the report reads the plan alone, and the
    // trees and texts of the files (a fifth of the memory) are not needed again.
    drop(std::mem::take(&mut check.loaded.sources));
    // Beside what the walk of history left resident, the trees made the site of a
    // history of 5,000 commits peak at 154 MiB (141 handed back); without history
    // there is less to hand back than the time it costs (5% of a report).
    if gathered.input.has_history() {
        crate::pool::release_freed_memory();
    }
    let mut model = report::build(&check, &workspace.config, gathered.input);
    let incomplete = check.has_input_errors();
    if gathered.review.is_some() {
        // The model holds what the report shows: the plan, its findings and measures
        // make way for the plan at the review (two of each held 290 MiB on a history
        // of 5,000 commits).
        drop(check);
        crate::pool::release_freed_memory();
    } else {
        session.leftovers.keep(check);
    }
    if let Some(base) = gathered.review {
        // The plan at the review, measured as of its day; and `diff` between the two.
        let base = base.load(&workspace);
        let mut then = crate::check::check_loaded(
            base.loaded,
            &workspace.config,
            base.start.date,
            &base.evidence,
            None,
        );
        drop(std::mem::take(&mut then.loaded.sources));
        let before = report::build(&then, &workspace.config, report::Input::default());
        drop(then);
        crate::pool::release_freed_memory();
        let comparison = crate::pipeline::diff::compare(
            &workspace,
            Some(&base.commit),
            args.rev.as_deref(),
            as_of,
            &mut session.leftovers,
        )?;
        model.review = Some(report::compare::review(
            base.start,
            &before,
            &model,
            &comparison.diff,
            &comparison.impact,
        ));
        session.leftovers.keep((before, comparison));
    }
    let part = report::narrow::Part {
        goal: args.goal.as_deref(),
        owner: args.owner.as_deref(),
    };
    if !part.is_whole() {
        let keep = report::narrow::ids_in(&model, &part).map_err(|e| {
            CliError::usage(
                e.to_string(),
                "give a goal's id or an owner as the plan writes it (`owner:`)",
            )
        })?;
        report::narrow::narrow(&mut model, &keep);
        let mut words = Vec::new();
        if let Some(goal) = part.goal {
            words.push(format!("goal {goal}"));
        }
        if let Some(owner) = part.owner {
            words.push(format!("owner {owner}"));
        }
        model.part = Some(words.join(", "));
    }
    match args.format {
        ReportFormat::Json => report::json(&model, out)?,
        ReportFormat::Markdown => {
            let text = report::markdown(&model, &overrides).map_err(report_error)?;
            out.write_all(text.as_bytes())?;
        }
        ReportFormat::Html => {
            let given = args.out.as_deref().unwrap_or(Path::new(DEFAULT_OUT));
            let dir = cwd.join(given);
            // No folder on the way to the site may be a link (docs/threat-model.md P8): a
            // relative `--out` is checked from the working directory, an absolute one from
            // the plan's root or the working directory when under either (what is above
            // them, such as a system's /tmp link, is the user's own).
            let base = if given.is_relative() || !dir.starts_with(&workspace.root) {
                &cwd
            } else {
                &workspace.root
            };
            let (written, notes) = if overrides.is_empty() {
                // Each page is written as soon as it is rendered: the site (130 MB for
                // the benchmark plan) is never in memory at once.
                let writer = report::site::SiteWriter::open(base, &dir).map_err(report_error)?;
                let (pages, notes) =
                    report::site_each(&model, &overrides, |file| writer.page(&file))
                        .map_err(report_error)?;
                (writer.finish(pages).map_err(report_error)?, notes)
            } else {
                // A template of the repository's may fail on any page (its fuel spent):
                // every page is rendered before one is written, so that a failure leaves
                // the folder as it was.
                let site = report::site(&model, &overrides).map_err(report_error)?;
                let written = report::site::write(base, &dir, &site.files).map_err(report_error)?;
                let notes = site.notes.clone();
                session.leftovers.keep(site);
                (written, notes)
            };
            if !global.quiet {
                writeln!(
                    out,
                    "wrote {} files ({}) to {}",
                    written.files,
                    crate::format::size(written.bytes as u64),
                    workspace.display(&dir.join("index.html"))
                )?;
            }
            if !written.left.is_empty() {
                warn(&left_note(&workspace.display(&dir), &written.left));
            }
            warn_all(&notes);
        }
    }
    session.leftovers.keep(model);
    if incomplete {
        return Err(CliError::Usage {
            message: "some plan files could not be read; the report is incomplete".to_owned(),
            help: Some("run `bearing check` and fix the `input` findings".to_owned()),
        });
    }
    Ok(Outcome::Clean)
}

/// The one warning line for the files a site's folder kept from an earlier manifest: up to
/// five names, then how many more.
fn left_note(dir: &str, left: &[String]) -> String {
    const SHOWN: usize = 5;
    let files = if left.len() == 1 { "file" } else { "files" };
    let mut names = left
        .iter()
        .take(SHOWN)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if left.len() > SHOWN {
        names.push_str(&format!(" and {} more", left.len() - SHOWN));
    }
    format!(
        "left {} {files} in `{dir}` that bearing did not write or that changed since: {names}",
        left.len()
    )
}

fn report_error(e: ReportError) -> CliError {
    let help = match &e {
        ReportError::Template(_) | ReportError::Templates { .. } => {
            "fix or remove the template override; the built-in templates are in `templates/` of bearing's repository"
        }
        ReportError::Output { .. } => "give `--out` a folder bearing can write into",
    };
    CliError::usage(e.to_string(), help)
}
