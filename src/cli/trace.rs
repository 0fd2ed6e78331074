//! `bearing trace ID`: the alignment chain above and below one entity.

use std::io::Write;

use clap::{Args, ValueEnum};

use super::Outcome;
use super::common::{AsOfArgs, CliError, GlobalArgs, Session};
use super::progress::{Progress, warn_all};
use crate::pipeline::check::{CheckRequest, check};
use crate::pipeline::lookup::unknown_id_help;

/// Show what an entity serves and what moves it, with progress and status at each step.
///
/// For a project: the key results, objectives and goals it serves. For a goal: its
/// objectives, their key results and the projects moving them, and its parent goals.
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  bearing trace G-retention\n  bearing trace P-crm --as-of 2026-10-01\n  bearing trace KR-churn --format json"
)]
pub struct TraceArgs {
    /// The id of a goal, objective, key result or project.
    pub id: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TraceFormat::Human)]
    pub format: TraceFormat,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    /// Do not read git history (check-ins only date the key results).
    #[arg(long)]
    pub no_history: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TraceFormat {
    /// An indented tree.
    Human,
    /// The chain as JSON (`version`, `entity`, `above`, `below`).
    Json,
}

pub(super) fn run(
    global: &GlobalArgs,
    args: TraceArgs,
    session: &mut Session,
    out: &mut dyn Write,
) -> Result<Outcome, CliError> {
    let workspace = global.workspace()?;
    let as_of = args.as_of.date(session.today);
    // The measures `check` and `report` show, from the same inputs: git history
    // included, so a check-in newer than the committed `current` counts here too.
    let request = CheckRequest {
        paths: &[],
        as_of,
        today: session.today,
        base: None,
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
    let Some(trace) = crate::trace::trace(&report.loaded.plan, &report.analysis, &args.id) else {
        let hint = match report.loaded.plan.declared_kind(&args.id) {
            Some(kind) => format!(
                "`{}` is {} that was set aside for a mistake: run `bearing check`",
                args.id,
                kind.a_noun()
            ),
            None => unknown_id_help(&report.loaded.plan, &args.id),
        };
        return Err(CliError::usage(
            format!("no entity `{}` in the plan", args.id),
            hint,
        ));
    };
    match args.format {
        TraceFormat::Human => crate::render::tree::render(&trace, as_of, out)?,
        TraceFormat::Json => {
            let value = serde_json::json!({
                "version": crate::render::json::JSON_VERSION,
                "as_of": as_of.to_string(),
                "entity": trace.entity,
                "above": trace.above,
                "below": trace.below,
            });
            crate::render::pretty_json(out, &value)?;
        }
    }
    Ok(Outcome::Clean)
}
