//! `bearing check`: validate the plan, run the rules, apply the gate; with `--base`,
//! judge the change against a base revision.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::Outcome;
use super::common::{AsOfArgs, CliError, GlobalArgs, exit_without_freeing, use_color};
use super::git;
use crate::change::novelty::classify;
use crate::check::{BaseSummary, check_loaded};
use crate::finding::Novelty;
use crate::load::Loaded;
use crate::render;
use crate::vocab::Level;
use crate::vocab::Revision;
use crate::workspace::Workspace;

/// Validate the plan and run every rule; exit 1 on error-level findings.
///
/// Reads bearing.yaml (found by walking up from the current directory) and every
/// *.yaml / *.yml under its plan folders, or the files and folders given.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  bearing check\n  bearing check --format github\n  bearing check --as-of 2026-10-01 --format json plans/okrs\n  bearing check --base origin/main --new-only"
)]
pub struct CheckArgs {
    /// Files or folders to check instead of the configured plan folders.
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
}

pub fn run(global: &GlobalArgs, args: CheckArgs, out: &mut dyn Write) -> Result<Outcome, CliError> {
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
    let files = workspace.read_plan_files(&paths)?;
    let config = &workspace.config;
    let as_of = args.as_of.date();
    // In a git repository, "last updated" comes from history (one walk, which runs
    // while the files load); plain folders are checked without git.
    let (loaded, history) = rayon::join(
        || crate::load::load(files, &config.limits.yaml),
        || {
            (!args.no_history)
                .then(|| git::value_history(&workspace))
                .flatten()
        },
    );
    let evidence = git::evidence_from(history.as_ref(), &loaded.plan, as_of);
    exit_without_freeing(history);
    let base = match &args.base {
        Some(rev) => Some(read_base(&workspace, &paths, rev)?),
        None => None,
    };
    let mut report = check_loaded(
        loaded,
        config,
        as_of,
        &evidence,
        base.as_ref().map(|(_, b)| &b.plan),
    );
    if let Some((revision, base_loaded)) = base {
        if base_loaded.has_input_errors() {
            git::warn(&format!(
                "some plan files at `{}` cannot be read: findings in them count as new",
                revision.label()
            ));
        }
        let at_base = check_loaded(base_loaded, config, as_of, &evidence, None);
        let statuses = classify(&report.findings, &at_base.findings);
        exit_without_freeing(at_base);
        for (finding, status) in report.findings.iter_mut().zip(&statuses) {
            finding.status = Some(*status);
        }
        let new = statuses.iter().filter(|s| **s == Novelty::New).count();
        report.base = Some(BaseSummary {
            revision,
            new,
            existing: statuses.len() - new,
        });
    }
    match args.format {
        CheckFormat::Human => render::human::render(
            &report,
            render::human::Style {
                color: use_color(),
                quiet: global.quiet,
            },
            out,
        )?,
        CheckFormat::Json => render::json::render(&report, out)?,
        CheckFormat::Github => render::github::render(&report, out)?,
        CheckFormat::Sarif => render::sarif::render(&report, out)?,
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
    exit_without_freeing(report);
    Ok(if failing {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// The plan at `rev`: the same folders (or the paths given) read from git.
fn read_base(
    workspace: &Workspace,
    paths: &[PathBuf],
    rev: &str,
) -> Result<(Revision, Loaded), CliError> {
    let git = git::open(workspace)?;
    let id = git.resolve(rev)?;
    let roots = if paths.is_empty() {
        git::roots(&git, workspace)
    } else {
        paths
            .iter()
            .filter_map(|p| git.relative_to_top(p))
            .collect()
    };
    let info = git.commit(id)?;
    let files = git.read_plan(info.tree, &roots, &workspace.config.limits)?;
    Ok((
        git::revision(rev, &id),
        crate::load::load(files, &workspace.config.limits.yaml),
    ))
}
