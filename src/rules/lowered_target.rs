//! `lowered-target`: against a base revision, a key-result or goal target moved toward
//! its baseline. Only `check --base` runs it: it needs the plan before the change.

use super::Rule;
use crate::finding::{Anchor, Finding, Sink};
use crate::history::impact::lowered_targets;
use crate::model::{EntityKind, Plan};
use crate::render::changes::{number, percent};

pub fn check(base: &Plan, plan: &Plan, sink: &mut Sink) {
    if !sink.enabled(Rule::LoweredTarget) {
        return;
    }
    for l in lowered_targets(base, plan) {
        let what = match l.kind {
            EntityKind::Goal => "goal",
            _ => "key result",
        };
        // `3.2%` but `6 days`.
        let unit = match l.unit.as_deref().map(str::trim) {
            Some("%") => "%".to_owned(),
            Some(u) if !u.is_empty() => format!(" {u}"),
            _ => String::new(),
        };
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
