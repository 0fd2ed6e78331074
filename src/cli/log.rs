//! `bearing log [ID]`: the semantic history of the plan, or one entity's timeline.

use std::io::{BufWriter, Write};

use clap::{Args, ValueEnum};
use jiff::civil::Date;

use super::Outcome;
use super::common::{CliError, GlobalArgs, Session, name_moves_from_top, parse_date};
use super::progress::Progress;
use crate::history::HistoryError;
use crate::history::walk::{WalkOptions, walk};
use crate::pipeline::revisions::{folders_text, open, revision, roots};
use crate::render::log::{LogView, human, json};

/// Show who changed what in the plan, and when: per commit, the entities added, removed
/// and changed, field by field.
///
/// Follows first parents from HEAD (a merge carries everything its branch changed);
/// moving an entity to another file is not a change. With an id, only that entity's
/// timeline. The JSON output also holds the series of every key result's and goal's
/// `current` value, merged with explicit check-ins.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  bearing log\n  bearing log KR-churn\n  bearing log --since 2026-07-01 --format json\n  bearing log --max-commits 20 --rev origin/main"
)]
pub struct LogArgs {
    /// Only the changes of this goal, objective, key result or project.
    pub id: Option<String>,
    /// Only commits authored on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub since: Option<Date>,
    /// Only commits authored on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub until: Option<Date>,
    /// Show at most N commits: the most recent that change the plan (or the entity).
    #[arg(long, value_name = "N")]
    pub max_commits: Option<usize>,
    /// Walk back from this revision instead of HEAD.
    #[arg(long, value_name = "REV", default_value = "HEAD")]
    pub rev: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = LogFormat::Human)]
    pub format: LogFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// One block per commit, newest first.
    Human,
    /// Commits with their changes, and the value series (docs/json-output.md).
    Json,
}

pub(super) fn run(
    global: &GlobalArgs,
    args: LogArgs,
    session: &mut Session,
    out: &mut dyn Write,
) -> Result<Outcome, CliError> {
    let workspace = global.workspace()?;
    let git = open(&workspace)?;
    let start = git.resolve(&args.rev)?;
    let options = WalkOptions {
        since: args.since,
        until: args.until,
        max_commits: args.max_commits,
        entity: args.id.clone(),
        ..WalkOptions::whole(
            start,
            roots(&git, &workspace),
            workspace.config.limits,
            true,
        )
    };
    let mut progress = Progress::new("reading history");
    let history = walk(&git, &options, &mut |done, total| {
        progress.tick(done, total)
    });
    progress.finish();
    let mut history = history?;
    if args.format == LogFormat::Json {
        let base = workspace.path_base();
        for commit in &mut history.commits {
            name_moves_from_top(&mut commit.moves, &mut commit.problems, &base);
        }
    }
    if !history.saw_plan {
        return Err(HistoryError::NoPlanHistory {
            folders: folders_text(&workspace),
            rev: args.rev.clone(),
        }
        .into());
    }
    if let Some(id) = &args.id {
        let mentioned = history
            .commits
            .iter()
            .any(|c| c.changes.iter().any(|ch| ch.id.as_str() == id))
            || !history.series.only(id).key_results.is_empty()
            || !history.series.only(id).goals.is_empty();
        if !mentioned {
            // Nothing in the history: an id the plan does not know is a slip to name.
            if let Ok(files) = workspace.read_plan_files(&[]) {
                let loaded = crate::load::load(files, &workspace.config.limits.yaml);
                if loaded.plan.declared_kind(id).is_none() {
                    return Err(CliError::usage(
                        format!("no entity `{id}` in the plan or its history"),
                        crate::pipeline::lookup::unknown_id_help(&loaded.plan, id),
                    ));
                }
            }
        }
    }
    let filtered;
    let series = match &args.id {
        Some(id) => {
            filtered = history.series.only(id);
            &filtered
        }
        None => &history.series,
    };
    let view = LogView {
        history: &history,
        series,
        head: revision(&args.rev, &start),
        entity: args.id.as_deref(),
        since: args.since,
        until: args.until,
    };
    let mut buffered = BufWriter::new(out);
    match args.format {
        LogFormat::Human => human(&view, &mut buffered)?,
        LogFormat::Json => json(&view, &mut buffered)?,
    }
    buffered.flush()?;
    drop(buffered);
    session.leftovers.keep(history);
    Ok(Outcome::Clean)
}
