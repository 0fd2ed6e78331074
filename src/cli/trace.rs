//! `bearing trace ID`: the alignment chain above and below one entity.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::Outcome;
use super::common::{AsOfArgs, CliError, GlobalArgs, Session};

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
    let files = workspace.read_plan_files(&Vec::<PathBuf>::new())?;
    let as_of = args.as_of.date(session.today);
    let report = crate::check::check(
        files,
        &workspace.config,
        as_of,
        &crate::measure::Evidence::default(),
    );
    let Some(trace) = crate::trace::trace(&report.loaded.plan, &report.analysis, &args.id) else {
        let hint = match report.loaded.plan.declared_kind(&args.id) {
            Some(kind) => format!(
                "`{}` is {} that does not pass its schema: run `bearing check`",
                args.id,
                kind.a_noun()
            ),
            None => "ids are case-sensitive; `bearing check --format json` lists every entity"
                .to_owned(),
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
            serde_json::to_writer_pretty(&mut *out, &value).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
    }
    Ok(Outcome::Clean)
}
