//! `lowered-target`: against a base revision, a key-result or goal target moved toward
//! its baseline. Only `check --base` runs it: it needs the plan before the change.

use crate::change::impact::lowered_targets;
use crate::finding::{Anchor, Finding, Sink};
use crate::format::{number, percent, unit_suffix};
use crate::model::{EntityKind, Plan};
use crate::vocab::Rule;

pub(crate) fn check(base: &Plan, plan: &Plan, sink: &mut Sink) {
    if !sink.enabled(Rule::LoweredTarget) {
        return;
    }
    for l in lowered_targets(base, plan) {
        let what = match l.kind {
            EntityKind::Goal => "goal",
            _ => "key result",
        };
        // `3.2%` but `6 days`.
        let unit = unit_suffix(l.unit.as_deref());
        let message = format!(
            "target of {what} `{}` lowered from {}{unit} to {}{unit} (baseline {}{unit}): {} of the planned improvement given up",
            l.id,
            number(l.lowering.from),
            number(l.lowering.to),
            number(l.lowering.baseline),
            percent(l.lowering.given_up),
        );
        sink.push(
            Finding::new(Rule::LoweredTarget, message)
                .entity(&l.id)
                .at(Anchor::value(l.origin.doc, l.origin.field("target")))
                .help("keep the target, or say in the pull request why less improvement is now planned"),
        );
    }
}
