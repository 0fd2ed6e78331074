//! What a change of the plan means, beyond its fields: the alignment score before and
//! after, projects newly orphaned or newly aligned (with why), goals and objectives
//! left without an active or proposed project, lowered targets, slipped dates and
//! periods, and budget deltas. Pure: two plans and their analyses in.

// foldhash: the serving maps are built for every project of both plans.
use foldhash::HashMap;
use serde::Serialize;

use super::diff::{Lowering, lowering};
use crate::measure::Analysis;
use crate::measure::alignment::{AlignmentScore, resolve_contribution};
use crate::model::{Entity, EntityKind, Id, Metric, Origin, Plan};

mod delivery;

use delivery::{budget_totals, budgets, slipped};

#[derive(Debug, Clone, Serialize)]
pub struct Impact {
    pub alignment: AlignmentChange,
    /// Biggest share given up first.
    pub lowered_targets: Vec<LoweredTarget>,
    pub newly_orphaned: Vec<ProjectShift>,
    /// Active objectives the change strands: they served an active goal before (or are
    /// new) and serve none now, a dropped goal's objectives first of all.
    pub newly_orphaned_objectives: Vec<ProjectShift>,
    pub newly_aligned: Vec<ProjectShift>,
    pub left_without_projects: Vec<Stranded>,
    pub slipped: Vec<Slip>,
    pub budgets: Vec<BudgetDelta>,
    /// Planned budget of the active and proposed projects, per currency.
    pub budget_totals: Vec<BudgetTotal>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AlignmentChange {
    pub before: AlignmentScore,
    pub after: AlignmentScore,
}

#[derive(Debug, Clone, Serialize)]
pub struct LoweredTarget {
    pub id: Id,
    pub kind: EntityKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub objective: Option<Id>,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(flatten)]
    pub lowering: Lowering,
    /// Where the new target is written.
    #[serde(skip)]
    pub origin: Origin,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectShift {
    pub id: Id,
    pub title: String,
    /// New in this change.
    pub added: bool,
    /// Why it serves no active goal (for an orphan).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Stranded {
    pub id: Id,
    pub kind: EntityKind,
    pub title: String,
    /// The active and proposed projects that served it before.
    pub projects_before: Vec<Id>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Slip {
    pub id: Id,
    pub kind: EntityKind,
    /// `due`, `start` or `period`.
    pub field: &'static str,
    pub from: String,
    pub to: String,
    /// How many days later (the end of a period).
    pub days: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct BudgetDelta {
    pub id: Id,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    pub from: Option<f64>,
    pub to: Option<f64>,
    /// `None` when the currency changed.
    pub delta: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BudgetTotal {
    pub currency: Option<String>,
    pub from: f64,
    pub to: f64,
    pub delta: f64,
}

/// The impact of going from `old` to `new`.
pub fn impact(old: &Plan, old_an: &Analysis, new: &Plan, new_an: &Analysis) -> Impact {
    // Each category reads both plans on its own: they are computed side by side.
    let (((newly_orphaned, newly_aligned), left_without_projects), (lowered_targets, slipped)) =
        rayon::join(
            || {
                rayon::join(
                    || shifts(old, old_an, new, new_an),
                    || stranded(old, old_an, new, new_an),
                )
            },
            || rayon::join(|| lowered_targets(old, new), || slipped(old, new)),
        );
    let (budgets, budget_totals) = rayon::join(|| budgets(old, new), || budget_totals(old, new));
    let newly_orphaned_objectives = stranded_objectives(old, old_an, new, new_an);
    Impact {
        alignment: AlignmentChange {
            before: old_an.alignment.clone(),
            after: new_an.alignment.clone(),
        },
        lowered_targets,
        newly_orphaned,
        newly_orphaned_objectives,
        newly_aligned,
        left_without_projects,
        slipped,
        budgets,
        budget_totals,
    }
}

/// Every key-result and goal target of `new` moved toward its baseline since `old`.
pub fn lowered_targets(old: &Plan, new: &Plan) -> Vec<LoweredTarget> {
    let mut out = Vec::new();
    let effective = |plan: &Plan, id: &Id, here: Entity| plan.get(id.as_str()) == Some(here);
    for (oi, o) in new.objectives.iter().enumerate() {
        for (ki, kr) in o.key_results.iter().enumerate() {
            if !effective(
                new,
                &kr.id,
                Entity::KeyResult {
                    objective: oi,
                    index: ki,
                },
            ) {
                continue;
            }
            let Some((_, before)) = old.get(kr.id.as_str()).and_then(|e| old.key_result(e)) else {
                continue;
            };
            if let Some(l) = lowering(&before.metric, &kr.metric) {
                out.push(lowered(
                    &kr.id,
                    EntityKind::KeyResult,
                    Some(&o.id),
                    &kr.title,
                    &kr.metric,
                    l,
                    &kr.origin,
                ));
            }
        }
    }
    for g in &new.goals {
        if let Some(before) = old.goal(g.id.as_str()) {
            if let Some(l) = lowering(&before.metric, &g.metric) {
                out.push(lowered(
                    &g.id,
                    EntityKind::Goal,
                    None,
                    &g.title,
                    &g.metric,
                    l,
                    &g.origin,
                ));
            }
        }
    }
    out.sort_by(|a, b| {
        b.lowering
            .given_up
            .total_cmp(&a.lowering.given_up)
            .then_with(|| a.id.cmp(&b.id))
    });
    out
}

fn lowered(
    id: &Id,
    kind: EntityKind,
    objective: Option<&Id>,
    title: &str,
    metric: &Metric,
    lowering: Lowering,
    origin: &Origin,
) -> LoweredTarget {
    LoweredTarget {
        id: id.clone(),
        kind,
        objective: objective.cloned(),
        title: title.to_owned(),
        unit: metric.unit.clone(),
        lowering,
        origin: origin.clone(),
    }
}

/// Projects in play that lost or gained alignment.
fn shifts(
    old: &Plan,
    old_an: &Analysis,
    new: &Plan,
    new_an: &Analysis,
) -> (Vec<ProjectShift>, Vec<ProjectShift>) {
    let old_state: HashMap<&Id, (bool, bool)> = old
        .projects
        .iter()
        .zip(&old_an.projects)
        .map(|(p, m)| (&p.id, (p.is_in_play(), m.alignment.aligned)))
        .collect();
    let (mut orphaned, mut aligned) = (Vec::new(), Vec::new());
    for (p, m) in new.projects.iter().zip(&new_an.projects) {
        if !p.is_in_play() {
            continue;
        }
        let before = old_state.get(&p.id).copied();
        let shift = |why| ProjectShift {
            id: p.id.clone(),
            title: p.title.clone(),
            added: before.is_none(),
            why,
        };
        match (m.alignment.aligned, before) {
            (false, Some((true, false))) => {}
            (false, _) => orphaned.push(shift(m.alignment.why.clone())),
            (true, Some((true, false))) => aligned.push(shift(None)),
            (true, _) => {}
        }
    }
    (orphaned, aligned)
}

/// Active objectives that served an active goal before (or are new) and serve none now.
fn stranded_objectives(
    old: &Plan,
    old_an: &Analysis,
    new: &Plan,
    new_an: &Analysis,
) -> Vec<ProjectShift> {
    let before: HashMap<&Id, bool> = old
        .objectives
        .iter()
        .zip(&old_an.objectives)
        .map(|(o, m)| (&o.id, o.is_active() && m.aligned))
        .collect();
    new.objectives
        .iter()
        .zip(&new_an.objectives)
        .filter(|(o, m)| o.is_active() && !m.aligned)
        .filter_map(|(o, m)| {
            let was = before.get(&o.id).copied();
            // Already an orphan before: not this change's doing.
            (was != Some(false)).then(|| ProjectShift {
                id: o.id.clone(),
                title: o.title.clone(),
                added: was.is_none(),
                why: m.why.clone(),
            })
        })
        .collect()
}

/// Active goals and objectives that had projects in play serving them and have none.
fn stranded(old: &Plan, old_an: &Analysis, new: &Plan, new_an: &Analysis) -> Vec<Stranded> {
    let ((before_o, after_o), (before_g, after_g)) = rayon::join(
        || rayon::join(|| serving_objectives(old), || serving_objectives(new)),
        || rayon::join(|| serving_goals(old, old_an), || serving_goals(new, new_an)),
    );
    let mut out = Vec::new();
    for g in new.goals.iter().filter(|g| g.is_active()) {
        if let (Some(before), None) = (before_g.get(&g.id), after_g.get(&g.id)) {
            out.push(Stranded {
                id: g.id.clone(),
                kind: EntityKind::Goal,
                title: g.title.clone(),
                projects_before: before.iter().map(|&p| p.clone()).collect(),
            });
        }
    }
    for o in new.objectives.iter().filter(|o| o.is_active()) {
        if let (Some(before), None) = (before_o.get(&o.id), after_o.get(&o.id)) {
            out.push(Stranded {
                id: o.id.clone(),
                kind: EntityKind::Objective,
                title: o.title.clone(),
                projects_before: before.iter().map(|&p| p.clone()).collect(),
            });
        }
    }
    out
}

/// The projects in play serving each objective, in plan order.
fn serving_objectives(plan: &Plan) -> HashMap<&Id, Vec<&Id>> {
    let mut out: HashMap<&Id, Vec<&Id>> = HashMap::default();
    for p in plan.projects.iter().filter(|p| p.is_in_play()) {
        for c in &p.contributes_to {
            if let Some((o, _)) = resolve_contribution(plan, &c.id) {
                let list = out.entry(&o.id).or_default();
                if !list.contains(&&p.id) {
                    list.push(&p.id);
                }
            }
        }
    }
    out
}

/// The projects in play whose traces reach each goal, in plan order.
fn serving_goals<'p>(plan: &'p Plan, an: &'p Analysis) -> HashMap<&'p Id, Vec<&'p Id>> {
    let mut out: HashMap<&Id, Vec<&Id>> = HashMap::default();
    for (p, m) in plan.projects.iter().zip(&an.projects) {
        if p.is_in_play() {
            for g in &m.alignment.goals {
                out.entry(g).or_default().push(&p.id);
            }
        }
    }
    out
}
