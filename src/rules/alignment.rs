//! `orphan-project`, `orphan-objective`, `goal-without-objectives`: every piece of work
//! must trace to a live goal, and every live goal must have live objectives.

use super::Context;
use crate::finding::{Anchor, Finding, Sink, words};
use crate::vocab::Rule;

pub(super) fn check(ctx: &Context, sink: &mut Sink) {
    let (plan, analysis) = (ctx.plan, ctx.analysis);
    for (p, m) in plan.projects.iter().zip(&analysis.projects) {
        if !p.is_in_play() || m.alignment.aligned {
            continue;
        }
        let why = || {
            let why = m.alignment.why.as_deref();
            why.map(|w| as_it(w, p.id.as_str())).unwrap_or_default()
        };
        sink.push(
            Finding::new(Rule::OrphanProject, words!(sink, "{} project `{}` serves no active goal: {}", p.status.as_str(), p.id, why()))
                .entity(&p.id)
                .at(Anchor::key(p.origin.doc, p.origin.field("id")))
                .help("point `contributes_to` at a key result of an active objective that supports an active goal, or pause or cancel the project"),
        );
    }
    for (o, m) in plan.objectives.iter().zip(&analysis.objectives) {
        if !o.is_active() || m.aligned {
            continue;
        }
        let why = || m.why.as_deref().map(|w| as_it(w, o.id.as_str()));
        sink.push(
            Finding::new(
                Rule::OrphanObjective,
                words!(
                    sink,
                    "active objective `{}` serves no active goal: {}",
                    o.id,
                    why().unwrap_or_default()
                ),
            )
            .entity(&o.id)
            .at(Anchor::key(o.origin.doc, o.origin.field("id")))
            .help("make `supports` name an active goal, or mark the objective done or dropped"),
        );
    }
    for (g, m) in plan.goals.iter().zip(&analysis.goals) {
        if g.is_active() && m.objectives.is_empty() {
            sink.push(
                Finding::new(
                    Rule::GoalWithoutObjectives,
                    words!(sink, "active goal `{}` has no active objective", g.id),
                )
                .entity(&g.id)
                .at(Anchor::key(g.origin.doc, g.origin.field("id")))
                .help(words!(
                    sink,
                    "add an objective with `supports: [{}]`, or put the goal on hold",
                    g.id
                )),
            );
        }
    }
}

/// The reasons of a broken trace with the entity they are about said once: "`P-crm`
/// traces to …; `P-crm` contributes to …" reads "it traces to …; it contributes to …"
/// after the message has named `P-crm`.
fn as_it(why: &str, id: &str) -> String {
    let named = format!("`{id}` ");
    why.split("; ")
        .map(|reason| match reason.strip_prefix(&named) {
            Some(rest) => format!("it {rest}"),
            None => reason.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}
