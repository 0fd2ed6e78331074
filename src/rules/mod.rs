//! Rules: functions from the plan to findings in a [`Sink`]. They return nothing and
//! know nothing of files or terminals; the catalogue names them and the settings give
//! their levels and options.

mod alignment;
mod cycle;
mod delivery;
mod duplicate_id;
mod gate;
pub(crate) mod lowered_target;
mod measurement;
mod references;
mod tracking;

use jiff::civil::Date;

use crate::finding::{Finding, Sink};
use crate::load::IdDecl;
use crate::measure::Analysis;
use crate::model::Plan;
use crate::vocab::Rule;
use rayon::prelude::*;

/// What the rules look at.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Context<'a> {
    pub plan: &'a Plan,
    /// Every measure of the plan at `as_of`.
    pub analysis: &'a Analysis,
    /// The day every date-dependent figure is computed for.
    pub as_of: Date,
}

/// The rules on the plan's structure (ids, references, cycles): they need no analysis,
/// so they run while the analysis is computed.
pub(crate) fn run_structural(plan: &Plan, decls: &[IdDecl], sink: &mut Sink) {
    if sink.enabled(Rule::DuplicateId) {
        duplicate_id::check(decls, sink);
    }
    if sink.enabled(Rule::UnknownReference) {
        references::check(plan, sink);
        debug_assert!(within_reach(sink));
    }
    if sink.enabled(Rule::Cycle) {
        cycle::check(plan, sink);
    }
}

/// The rules whose findings about an entity follow only from that entity, its own
/// document, the entities it names and those that name it (`change::reach`): each
/// speaks only of the entities its sink [reaches](Sink::reaches).
pub(crate) const ENTITY_LOCAL: [Rule; 11] = [
    Rule::UnknownReference,
    Rule::KrOffTrack,
    Rule::StaleKr,
    Rule::UnmeasurableKr,
    Rule::KrWithoutProjects,
    Rule::PlanGap,
    Rule::UnmeasuredGoal,
    Rule::OverdueProject,
    Rule::OverBudget,
    Rule::RolloutWithoutPilot,
    Rule::TimelineMismatch,
];

/// The rules that read the analysis; each checks its own level in the sink. They run
/// side by side, each into a sink of its own, and their findings are appended in this
/// order, so the report is the same as one run after the other.
pub(crate) fn run_measured(ctx: &Context, sink: &mut Sink) {
    const RULES: [fn(&Context, &mut Sink); 5] = [
        alignment::check,
        measurement::check,
        tracking::check,
        delivery::check,
        gate::check,
    ];
    let empty = sink.beside();
    let found: Vec<Vec<Finding>> = RULES
        .par_iter()
        .map(|check| {
            let mut own = empty.beside();
            check(ctx, &mut own);
            own.into_findings()
        })
        .collect();
    debug_assert!(
        found
            .iter()
            .flatten()
            .all(|f| !ENTITY_LOCAL.contains(&f.rule)
                || f.entity.as_ref().is_some_and(|e| sink.reaches(e))),
        "an entity-local rule spoke of an entity its sink does not reach"
    );
    for findings in found {
        sink.append(findings);
    }
}

/// Whether every finding of an entity-local rule in `sink` is about an entity it
/// reaches: a rule that forgot to ask would make its findings elsewhere look new.
fn within_reach(sink: &Sink) -> bool {
    sink.findings().iter().all(|f| {
        !ENTITY_LOCAL.contains(&f.rule) || f.entity.as_ref().is_some_and(|e| sink.reaches(e))
    })
}
