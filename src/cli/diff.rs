//! `bearing diff [BASE [HEAD]]`: the semantic diff of the plan between two revisions,
//! with its impact.

use std::io::{BufWriter, Write};

use clap::{Args, ValueEnum};

use super::Outcome;
use super::common::{AsOfArgs, CliError, GlobalArgs, exit_without_freeing};
use super::git::{folders_text, open, read_at, read_pair_at, revision};
use crate::change::impact::impact;
use crate::change::snapshot::{Snapshot, diff_snapshots, read_pair};
use crate::change::state::FileProblem;
use crate::measure::{Evidence, analyze};
use crate::render::diff::{DiffView, Side, human};
use crate::vocab::Revision;
use crate::vocab::Rule;
use crate::workspace::WorkspaceError;

/// Show what a change of the plan means: entities added, removed and changed, field by
/// field, and its impact — alignment before and after, newly orphaned projects, lowered
/// targets, slipped dates, budget deltas.
///
/// BASE defaults to HEAD and HEAD to the working tree (uncommitted edits included). Any
/// revision git understands works: `origin/main`, `HEAD~3`, a tag, a full or short hash.
/// Both sides are read with the working tree's bearing.yaml (plan folders and limits).
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  bearing diff\n  bearing diff origin/main\n  bearing diff HEAD~3 HEAD --format json\n  bearing diff origin/main --format markdown > comment.md"
)]
pub struct DiffArgs {
    /// The revision to compare from (default: HEAD).
    #[arg(value_name = "BASE")]
    pub base: Option<String>,
    /// The revision to compare to (default: the working tree).
    #[arg(value_name = "HEAD")]
    pub head: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
    #[command(flatten)]
    pub as_of: AsOfArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// The impact, then every change, for a terminal.
    Human,
    /// One pull-request comment: the important first, the detail collapsed.
    Markdown,
    /// The documented, versioned JSON shape.
    Json,
}

pub fn run(global: &GlobalArgs, args: DiffArgs, out: &mut dyn Write) -> Result<Outcome, CliError> {
    let workspace = global.workspace()?;
    let git = open(&workspace)?;
    let base_rev = args.base.as_deref().unwrap_or("HEAD");
    let base_id = git.resolve(base_rev)?;
    let (base_files, head, head_files) = match &args.head {
        Some(rev) => {
            let id = git.resolve(rev)?;
            let (base_files, head_files) = read_pair_at(&git, &workspace, base_id, id)?;
            (base_files, revision(rev, &id), head_files)
        }
        None => {
            let base_files = read_at(&git, &workspace, base_id)?;
            match workspace.read_plan_files(&[]) {
                Ok(files) => (base_files, Revision::working_tree(), files),
                Err(WorkspaceError::NoPlanFiles { .. }) => {
                    (base_files, Revision::working_tree(), Vec::new())
                }
                Err(e) => return Err(e.into()),
            }
        }
    };
    let base = revision(base_rev, &base_id);
    if base_files.is_empty() && head_files.is_empty() {
        return Err(CliError::usage(
            format!(
                "no plan files under {} at `{}` nor at `{}`",
                folders_text(&workspace),
                base.label(),
                head.label()
            ),
            "check the revisions and the `plans:` folders in bearing.yaml",
        ));
    }
    let (old, new) = read_pair(base_files, head_files, &workspace.config.limits);
    let as_of = args.as_of.date();
    let tolerance = workspace.config.rules.options(Rule::KrOffTrack).tolerance;
    let evidence = Evidence::default();
    // The entity diff and the two plans' measures are independent: side by side, the
    // serial parts of one fill the other's idle core.
    let (diff, ((old_plan, old_an), (new_plan, new_an))) = rayon::join(
        || diff_snapshots(&old, &new),
        || {
            let measured = |side: &Snapshot| {
                let plan = side.plan();
                let analysis = analyze(&plan, as_of, tolerance, &evidence);
                (plan, analysis)
            };
            rayon::join(|| measured(&old), || measured(&new))
        },
    );
    let impact = impact(&old_plan, &old_an, &new_plan, &new_an);
    let mut problems: Vec<(Side, FileProblem)> =
        old.problems.into_iter().map(|p| (Side::Base, p)).collect();
    problems.extend(new.problems.into_iter().map(|p| (Side::Head, p)));
    let incomplete = !problems.is_empty();
    let view = DiffView {
        base,
        head,
        as_of,
        diff: &diff,
        impact: &impact,
        problems,
    };
    let mut buffered = BufWriter::new(out);
    match args.format {
        DiffFormat::Human => human(&view, &mut buffered)?,
        DiffFormat::Markdown => {
            buffered.write_all(crate::render::diff_markdown::render(&view).as_bytes())?
        }
        DiffFormat::Json => crate::render::history_json::diff(&view, &mut buffered)?,
    }
    buffered.flush()?;
    drop(buffered);
    exit_without_freeing((
        old.state, new.state, old_plan, new_plan, old_an, new_an, diff, impact,
    ));
    if incomplete {
        return Err(CliError::usage(
            "some plan files could not be read; the diff above is incomplete",
            "fix or remove the files listed under \"could not be read\"",
        ));
    }
    Ok(Outcome::Clean)
}
