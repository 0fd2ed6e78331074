//! `overdue-project`, `over-budget`, `rollout-without-pilot`, `timeline-mismatch`: the
//! delivery side, always beside the impact side.

use super::Context;
use crate::finding::{Anchor, Finding, Sink, words};
use crate::format::{count, money, percent};
use crate::measure::alignment::resolve_contribution;
use crate::measure::delivery::Schedule;
use crate::model::{ProjectStatus, Stage};
use crate::vocab::Rule;

pub(super) fn check(ctx: &Context, sink: &mut Sink) {
    let (plan, analysis) = (ctx.plan, ctx.analysis);
    for (p, m) in plan.projects.iter().zip(&analysis.projects) {
        if !sink.reaches(&p.id) {
            continue;
        }
        let at = |field: &str| Anchor::key(p.origin.doc, p.origin.field(field));
        if m.delivery.schedule == Schedule::Overdue {
            let days = m.delivery.days_past_due.unwrap_or(0);
            sink.push(
                Finding::new(
                    Rule::OverdueProject,
                    words!(
                        sink,
                        "{} project `{}` was due {} ago ({})",
                        p.status.as_str(),
                        p.id,
                        count(usize::try_from(days).unwrap_or(0), "day", "days"),
                        p.due.map(|d| d.to_string()).unwrap_or_default()
                    ),
                )
                .entity(&p.id)
                .at(at("due"))
                .help("mark it done, or move `due:` to the date the team now commits to"),
            );
        }
        if let Some(budget) = &p.budget {
            if let (Some(spent), Some(planned)) = (budget.spent, budget.planned) {
                if spent > planned {
                    let currency = budget.currency.as_deref();
                    sink.push(
                        Finding::new(
                            Rule::OverBudget,
                            words!(sink, "project `{}` spent {} of {} planned ({})", p.id, money(spent, currency), money(planned, currency), percent(spent / planned.max(f64::MIN_POSITIVE))),
                        )
                        .entity(&p.id)
                        .at(at("budget"))
                        .help("raise `budget.planned` with the decision that approved it, or re-scope the project"),
                    );
                }
            }
        }
        if p.stage == Some(Stage::Rollout) && p.status != ProjectStatus::Cancelled {
            let problem = match &p.validated_by {
                None => Some("names no pilot in `validated_by`".to_owned()),
                Some(pilot_id) => match plan.project(pilot_id.as_str()) {
                    None => Some(words!(
                        sink,
                        "is validated by `{pilot_id}`, which is not a project"
                    )),
                    Some(pilot) if pilot.stage != Some(Stage::Pilot) => Some(words!(
                        sink,
                        "is validated by `{pilot_id}`, which is not a pilot"
                    )),
                    Some(pilot) if pilot.status != ProjectStatus::Done => Some(words!(
                        sink,
                        "is validated by the pilot `{pilot_id}`, which is {}, not done",
                        pilot.status.as_str()
                    )),
                    Some(_) => None,
                },
            };
            if let Some(problem) = problem {
                sink.push(
                    Finding::new(Rule::RolloutWithoutPilot, words!(sink, "rollout `{}` {problem}", p.id))
                        .entity(&p.id)
                        .at(at(if p.validated_by.is_some() { "validated_by" } else { "stage" }))
                        .help("scale what a finished pilot proved: set `validated_by:` to a pilot project with `status: done`"),
                );
            }
        }
        if let (true, Some(due)) = (p.is_in_play(), p.due) {
            let periods: Vec<_> = p
                .contributes_to
                .iter()
                .filter_map(|c| resolve_contribution(plan, &c.id))
                .filter_map(|(o, _)| o.period.as_ref().map(|period| (o, period)))
                .collect();
            if !periods.is_empty() && periods.iter().all(|(_, period)| due > period.end) {
                let latest = periods
                    .iter()
                    .map(|(_, period)| period.end)
                    .max()
                    .unwrap_or(due);
                let names = || {
                    let names: Vec<String> = periods
                        .iter()
                        .map(|(o, period)| format!("`{}` ({period})", o.id))
                        .collect();
                    names.join(", ")
                };
                sink.push(
                    Finding::new(
                        Rule::TimelineMismatch,
                        words!(sink, "project `{}` is due {due}, after the period of every objective it serves: {}", p.id, names()),
                    )
                    .entity(&p.id)
                    .at(at("due"))
                    .help(words!(sink, "bring `due:` to {latest} or earlier, or link it to an objective of a later period")),
                );
            }
        }
    }
}
