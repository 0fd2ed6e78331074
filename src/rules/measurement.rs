//! `unmeasurable-kr`, `unmeasured-goal`, `kr-without-projects`, `plan-gap`: outcomes
//! must be measurable, and the work planned must add up to them.

use super::Context;
use crate::finding::{Anchor, Finding, Sink, words};
use crate::format::{percent, signed, unit_suffix};
use crate::vocab::Rule;

/// A change in a metric's unit, signed: `+20 SQLs/month`, `-0.3`, and for a metric in
/// `%` a change in percentage points (`+5 percentage points`), not a percentage.
fn change(amount: f64, unit: Option<&str>) -> String {
    match unit.map(str::trim) {
        Some("%") => format!(
            "{} percentage {}",
            signed(amount),
            if (amount.abs() - 1.0).abs() < 1e-9 {
                "point"
            } else {
                "points"
            }
        ),
        _ => format!("{}{}", signed(amount), unit_suffix(unit)),
    }
}

pub(super) fn check(ctx: &Context, sink: &mut Sink) {
    let (plan, analysis) = (ctx.plan, ctx.analysis);
    let gap_tolerance = sink.settings().options(Rule::PlanGap).tolerance;
    for (o, kr) in plan.key_results() {
        if !sink.reaches(&kr.id) {
            continue;
        }
        let at = Anchor::key(kr.origin.doc, kr.origin.field("id"));
        if !kr.metric.is_measurable() {
            let missing = match (kr.metric.baseline, kr.metric.target) {
                (None, None) => "no baseline and no target",
                (None, Some(_)) => "no baseline",
                _ => "no target",
            };
            sink.push(
                Finding::new(Rule::UnmeasurableKr, words!(sink, "key result `{}` has {missing}: it reads as an output, not an outcome", kr.id))
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
                    words!(sink, "no project contributes to key result `{}`", kr.id),
                )
                .entity(&kr.id)
                .at(at.clone())
                .help(words!(
                    sink,
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
                    let unit = kr.metric.unit.as_deref();
                    sink.push(
                        Finding::new(
                            Rule::PlanGap,
                            words!(sink,
                                "projects plan {} on `{}`: {} of the {} its target needs",
                                change(effect, unit),
                                kr.id,
                                percent(covered.max(0.0)),
                                change(needed, unit)
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
        if !sink.reaches(&g.id) {
            continue;
        }
        sink.push(
            Finding::new(Rule::UnmeasuredGoal, words!(sink, "active goal `{}` has no metric", g.id))
                .entity(&g.id)
                .at(Anchor::key(g.origin.doc, g.origin.field("id")))
                .help("give the goal `unit:`, `baseline:`, `target:` and `current:` so that its progress is measured, not inferred"),
        );
    }
}
