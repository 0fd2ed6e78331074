//! `unmeasurable-kr`, `unmeasured-goal`, `kr-without-projects`, `plan-gap`: outcomes
//! must be measurable, and the work planned must add up to them.

use super::Context;
use crate::finding::{Anchor, Finding, Sink};
use crate::format::{number, percent, unit_suffix};
use crate::model::Direction;
use crate::vocab::Rule;

pub(super) fn check(ctx: &Context, sink: &mut Sink) {
    let (plan, analysis) = (ctx.plan, ctx.analysis);
    let gap_tolerance = sink.settings().options(Rule::PlanGap).tolerance;
    for (o, kr) in plan.key_results() {
        let at = Anchor::key(kr.origin.doc, kr.origin.field("id"));
        if !kr.metric.is_measurable() {
            let missing = match (kr.metric.baseline, kr.metric.target) {
                (None, None) => "a baseline and a target",
                (None, Some(_)) => "a baseline",
                _ => "a target",
            };
            sink.push(
                Finding::new(Rule::UnmeasurableKr, format!("key result `{}` has no {missing}: an output, not an outcome", kr.id))
                    .entity(&kr.id)
                    .at(at.clone())
                    .help("state the outcome as a number that moves: `baseline:` where it starts, `target:` where it should get, `current:` where it is"),
            );
        }
        if !o.is_active() {
            continue;
        }
        let Some(m) = analysis.key_result(&kr.id) else {
            continue;
        };
        if m.projects.is_empty() {
            sink.push(
                Finding::new(
                    Rule::KrWithoutProjects,
                    format!("no project contributes to key result `{}`", kr.id),
                )
                .entity(&kr.id)
                .at(at.clone())
                .help(format!(
                    "add `{}` to the `contributes_to` of the projects meant to move it",
                    kr.id
                )),
            );
        }
        if let (Some(effect), Some(baseline), Some(target)) =
            (m.planned_effect, kr.metric.baseline, kr.metric.target)
        {
            let needed = target - baseline;
            if needed != 0.0 {
                let covered = effect / needed;
                if covered < 1.0 - gap_tolerance {
                    let unit = unit_suffix(kr.metric.unit.as_deref());
                    let sign = if kr.metric.direction() == Some(Direction::Decrease) {
                        ""
                    } else {
                        "+"
                    };
                    sink.push(
                        Finding::new(
                            Rule::PlanGap,
                            format!(
                                "projects plan {sign}{}{unit} on `{}`, {} of the {sign}{}{unit} its target needs",
                                number(effect),
                                kr.id,
                                percent(covered.max(0.0)),
                                number(needed)
                            ),
                        )
                        .entity(&kr.id)
                        .at(Anchor::key(kr.origin.doc, kr.origin.field("target")))
                        .help("plan more work on it, raise the projects' `expected` effects, or lower the target openly"),
                    );
                }
            }
        }
    }
    for g in plan
        .goals
        .iter()
        .filter(|g| g.is_active() && !g.has_metric())
    {
        sink.push(
            Finding::new(Rule::UnmeasuredGoal, format!("active goal `{}` has no metric", g.id))
                .entity(&g.id)
                .at(Anchor::key(g.origin.doc, g.origin.field("id")))
                .help("give the goal `unit:`, `baseline:`, `target:` and `current:` so that its progress is measured, not inferred"),
        );
    }
}
