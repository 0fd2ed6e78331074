//! The semantic diff of two plans: entities added, removed and changed, matched by id,
//! with every field's old and new value. Pure: plans in, changes out; no gix.
//!
//! - Where an entity is written does not matter: moving it to another file is not a
//!   change (moves are listed apart, for information).
//! - Key results are matched by id inside their objective, so reordering them changes
//!   nothing; a key result that moves to another objective is removed from one and
//!   added to the other.
//! - List fields (`supports`, `contributes_to`, `depends_on`, `checkins`,
//!   `deliverables`, `links`) are compared as sets: what was added, what was removed.
//! - A target moved toward its baseline carries a [`Lowering`]: the share of the
//!   planned improvement given up.

use std::collections::BTreeSet;

use serde::Serialize;
use serde_json::Value;

use super::state::EntityRef;
use crate::model::{EntityKind, Id, KeyResult, Metric};

mod fields;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

/// One entity that differs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityChange {
    pub id: Id,
    pub kind: EntityKind,
    /// For a key result: its objective.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub objective: Option<Id>,
    pub change: ChangeKind,
    /// The title after the change (before it, for a removal).
    pub title: String,
    /// For a change: the fields that differ, in the order the schema lists them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldChange>,
}

impl EntityChange {
    /// Whether this change is about `id` (the entity, or a key result's objective).
    pub fn concerns(&self, id: &str) -> bool {
        self.id.as_str() == id || self.objective.as_ref().is_some_and(|o| o.as_str() == id)
    }

    pub fn field(&self, name: &str) -> Option<&FieldChange> {
        self.fields.iter().find(|f| f.field == name)
    }
}

/// One field that differs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// The property name; `budget.planned` for a nested one.
    pub field: String,
    #[serde(flatten)]
    pub delta: Delta,
    /// For `target`: moved toward the baseline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lowered: Option<Lowering>,
}

/// How a field differs: a value replaced (`null` where absent), or a set that gained
/// and lost members.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Delta {
    Value {
        old: Value,
        new: Value,
    },
    Set {
        added: Vec<Value>,
        removed: Vec<Value>,
    },
}

/// A target moved toward its baseline.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Lowering {
    pub baseline: f64,
    pub from: f64,
    pub to: f64,
    /// The share of the planned improvement (target − baseline) given up: 0.375 for
    /// baseline 4.0 and a target moved from 3.2 to 3.5. Above 1 when the new target is
    /// on the wrong side of the baseline.
    pub given_up: f64,
}

/// An entity written in another file than before (not a change of the plan).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Move {
    pub id: Id,
    pub kind: EntityKind,
    pub from: String,
    pub to: String,
}

/// The difference between two plans.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PlanDiff {
    /// Goals, then objectives (each followed by its key results), then projects; by id.
    pub changes: Vec<EntityChange>,
    pub moves: Vec<Move>,
}

impl PlanDiff {
    pub fn count(&self, kind: ChangeKind) -> usize {
        self.changes.iter().filter(|c| c.change == kind).count()
    }
}

/// Whether and how much a target was lowered: moved toward the baseline, as
/// `|new target − baseline| < |old target − baseline|`.
pub fn lowering(old: &Metric, new: &Metric) -> Option<Lowering> {
    let (from, to) = (old.target?, new.target?);
    if from == to {
        return None;
    }
    let baseline = new.baseline.or(old.baseline)?;
    let planned = from - old.baseline.unwrap_or(baseline);
    let kept = to - baseline;
    if planned == 0.0 || kept.abs() >= planned.abs() {
        return None;
    }
    Some(Lowering {
        baseline,
        from,
        to,
        given_up: 1.0 - kept / planned,
    })
}

/// The changes between two versions of one entity (either may be absent). An
/// objective's key results come as their own changes, after the objective's.
pub fn diff_entity(old: Option<EntityRef>, new: Option<EntityRef>) -> Vec<EntityChange> {
    match (old, new) {
        (None, None) => Vec::new(),
        (None, Some(n)) => vec![whole(n, ChangeKind::Added)],
        (Some(o), None) => vec![whole(o, ChangeKind::Removed)],
        (Some(o), Some(n)) if o.kind() != n.kind() => {
            vec![whole(o, ChangeKind::Removed), whole(n, ChangeKind::Added)]
        }
        (Some(o), Some(n)) => {
            let mut out = Vec::new();
            let fields = own_fields(o, n);
            if !fields.is_empty() {
                out.push(EntityChange {
                    id: n.id().clone(),
                    kind: n.kind(),
                    objective: None,
                    change: ChangeKind::Changed,
                    title: n.title().to_owned(),
                    fields: with_lowering(fields, metric_of(o), metric_of(n)),
                });
            }
            if let (EntityRef::Objective(a), EntityRef::Objective(b)) = (o, n) {
                out.extend(diff_key_results(&b.id, &a.key_results, &b.key_results));
            }
            out
        }
    }
}

/// The entity's own fields that differ (an objective's key results aside).
fn own_fields(old: EntityRef, new: EntityRef) -> Vec<FieldChange> {
    match (old, new) {
        (EntityRef::Goal(a), EntityRef::Goal(b)) => fields::goal(a, b),
        (EntityRef::Objective(a), EntityRef::Objective(b)) => fields::objective(a, b),
        (EntityRef::Project(a), EntityRef::Project(b)) => fields::project(a, b),
        // Different kinds are a removal and an addition (see `diff_entity`).
        _ => Vec::new(),
    }
}

/// Goals first, then objectives, then projects.
pub fn rank(kind: EntityKind) -> u8 {
    match kind {
        EntityKind::Goal => 0,
        EntityKind::Objective | EntityKind::KeyResult => 1,
        EntityKind::Project => 2,
    }
}

fn whole(e: EntityRef, change: ChangeKind) -> EntityChange {
    EntityChange {
        id: e.id().clone(),
        kind: e.kind(),
        objective: None,
        change,
        title: e.title().to_owned(),
        fields: Vec::new(),
    }
}

fn metric_of<'a>(e: EntityRef<'a>) -> Option<&'a Metric> {
    match e {
        EntityRef::Goal(g) => Some(&g.metric),
        _ => None,
    }
}

fn with_lowering(
    mut fields: Vec<FieldChange>,
    old: Option<&Metric>,
    new: Option<&Metric>,
) -> Vec<FieldChange> {
    if let (Some(o), Some(n)) = (old, new) {
        if let Some(l) = lowering(o, n) {
            if let Some(f) = fields.iter_mut().find(|f| f.field == "target") {
                f.lowered = Some(l);
            }
        }
    }
    fields
}

fn diff_key_results(objective: &Id, old: &[KeyResult], new: &[KeyResult]) -> Vec<EntityChange> {
    let find = |list: &'_ [KeyResult], id: &Id| list.iter().position(|k| &k.id == id);
    let ids: BTreeSet<&Id> = old.iter().chain(new.iter()).map(|k| &k.id).collect();
    let mut out = Vec::new();
    for id in ids {
        let (o, n) = (
            find(old, id).map(|i| &old[i]),
            find(new, id).map(|i| &new[i]),
        );
        let kr_change = |kr: &KeyResult, change, fields| EntityChange {
            id: kr.id.clone(),
            kind: EntityKind::KeyResult,
            objective: Some(objective.clone()),
            change,
            title: kr.title.clone(),
            fields,
        };
        match (o, n) {
            (None, Some(n)) => out.push(kr_change(n, ChangeKind::Added, Vec::new())),
            (Some(o), None) => out.push(kr_change(o, ChangeKind::Removed, Vec::new())),
            (Some(o), Some(n)) => {
                let fields = fields::key_result(o, n);
                if !fields.is_empty() {
                    let fields = with_lowering(fields, Some(&o.metric), Some(&n.metric));
                    out.push(kr_change(n, ChangeKind::Changed, fields));
                }
            }
            (None, None) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raising_a_target_is_not_lowering() {
        let m = |t| Metric {
            baseline: Some(4.0),
            target: Some(t),
            ..Metric::default()
        };
        assert!(lowering(&m(3.2), &m(3.0)).is_none());
        assert!(lowering(&m(3.2), &m(3.2)).is_none());
        let past = lowering(&m(3.2), &m(4.2)).expect("past the baseline");
        assert!((past.given_up - 1.25).abs() < 1e-9);
    }
}
