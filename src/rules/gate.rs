//! `gate`: the alignment score must not fall below `gate.min-alignment`. The finding is
//! the summary of a check: it comes last and names the projects that pull the score
//! down, heaviest first.

use super::Context;
use crate::finding::{Finding, Sink};
use crate::format::{money, percent};
use crate::measure::alignment::Weighting;
use crate::vocab::Rule;

/// How many projects the message names before it counts the rest.
const NAMED: usize = 5;

pub(super) fn check(ctx: &Context, sink: &mut Sink) {
    let Some(min) = sink.settings().min_alignment else {
        return;
    };
    let a = &ctx.analysis.alignment;
    let Some(score) = a.score else { return };
    if score + 1e-12 >= min {
        return;
    }
    let mut down: Vec<(&crate::model::Project, f64)> = ctx
        .plan
        .projects
        .iter()
        .zip(&ctx.analysis.projects)
        .filter(|(p, m)| p.is_in_play() && !m.alignment.aligned)
        .map(|(p, _)| {
            let weight = match a.weighting {
                Weighting::Budget => p.budget.as_ref().and_then(|b| b.planned).unwrap_or(0.0),
                Weighting::Count => 1.0,
            };
            (&**p, weight)
        })
        .collect();
    // Heaviest first; plan order among equals (the sort is stable).
    down.sort_by(|x, y| y.1.total_cmp(&x.1));
    let mut names: Vec<String> = down
        .iter()
        .take(NAMED)
        .map(|(p, weight)| match a.weighting {
            Weighting::Budget => format!("`{}` ({})", p.id, money(*weight, a.currency.as_deref())),
            Weighting::Count => format!("`{}`", p.id),
        })
        .collect();
    if down.len() > NAMED {
        names.push(format!("{} more", down.len() - NAMED));
    }
    let pulled = match names.as_slice() {
        [] => String::new(),
        [one] => format!(": {one} pulls it down"),
        [init @ .., last] => format!(": {} and {last} pull it down", init.join(", ")),
    };
    sink.push(
        Finding::new(
            Rule::Gate,
            format!("{} is below the gate of {}{pulled}", a.words(), percent(min)),
        )
        .help("point each of them at a key result of an active objective that supports an active goal, or pause or cancel it; or lower `gate.min-alignment` in bearing.yaml"),
    );
}
