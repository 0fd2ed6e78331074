//! `bearing diff [BASE [HEAD]]`: the semantic diff of the plan between two revisions,
//! with its impact.

use std::io::{BufWriter, Write};

use clap::{Args, ValueEnum};

use super::Outcome;
use super::common::{AsOfArgs, CliError, GlobalArgs, Session, name_moves_from_top};
use crate::pipeline::diff::compare;
use crate::render::diff::{DiffView, human};

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

pub(super) fn run(
    global: &GlobalArgs,
    args: DiffArgs,
    session: &mut Session,
    out: &mut dyn Write,
) -> Result<Outcome, CliError> {
    let workspace = global.workspace()?;
    let as_of = args.as_of.date(session.today);
    let mut comparison = compare(
        &workspace,
        args.base.as_deref(),
        args.head.as_deref(),
        as_of,
        &mut session.leftovers,
    )?;
    let incomplete = !comparison.problems.is_empty();
    if args.format == DiffFormat::Json {
        name_moves_from_top(
            &mut comparison.diff.moves,
            comparison.problems.iter_mut().map(|(_, p)| p),
            &workspace.path_base(),
        );
    }
    let view = DiffView {
        base: comparison.base.clone(),
        head: comparison.head.clone(),
        as_of,
        diff: &comparison.diff,
        impact: &comparison.impact,
        problems: comparison.problems.clone(),
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
    session.leftovers.keep(comparison);
    if incomplete {
        return Err(CliError::usage(
            "some plan files could not be read; the diff above is incomplete",
            "fix or remove the files listed under \"could not be read\"",
        ));
    }
    Ok(Outcome::Clean)
}
