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
use serde_json::{Map, Value};

use super::state::EntityRef;
use crate::model::{EntityKind, Id, KeyResult, Link, Metric, Objective, ObjectiveStatus, Period};

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
            let fields = diff_fields(o.kind(), &fields_of(o), &fields_of(n));
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
            // Same text at the same place parses to equal values: nothing to compare.
            (Some(o), Some(n)) if o == n => {}
            (Some(o), Some(n)) => {
                let fields = diff_fields(
                    EntityKind::KeyResult,
                    &value_fields(serde_json::to_value(o)),
                    &value_fields(serde_json::to_value(n)),
                );
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

/// Properties in the order the schemas list them; anything else follows by name.
fn field_order(kind: EntityKind) -> &'static [&'static str] {
    match kind {
        EntityKind::Goal => &[
            "title",
            "owner",
            "category",
            "status",
            "parent",
            "start",
            "due",
            "unit",
            "direction",
            "baseline",
            "target",
            "current",
            "description",
            "links",
        ],
        EntityKind::Objective => &[
            "title",
            "owner",
            "supports",
            "period",
            "status",
            "description",
            "links",
        ],
        EntityKind::KeyResult => &[
            "title",
            "owner",
            "unit",
            "direction",
            "baseline",
            "target",
            "current",
            "confidence",
            "weight",
            "checkins",
            "description",
            "links",
        ],
        EntityKind::Project => &[
            "title",
            "owner",
            "status",
            "contributes_to",
            "stage",
            "validated_by",
            "start",
            "due",
            "budget.planned",
            "budget.spent",
            "budget.currency",
            "expected_value.amount",
            "expected_value.currency",
            "outcome",
            "deliverables",
            "depends_on",
            "description",
            "links",
        ],
    }
}

/// Fields compared as sets of members.
const SET_FIELDS: [&str; 6] = [
    "supports",
    "contributes_to",
    "depends_on",
    "checkins",
    "deliverables",
    "links",
];

/// An entity's properties as JSON values, ready to compare: without its id and key
/// results, nested objects flattened one level (`budget.planned`), a period as the text
/// it was written as, and a contribution without an `expected` effect as its bare id.
fn fields_of(e: EntityRef) -> Map<String, Value> {
    let value = match e {
        EntityRef::Goal(g) => serde_json::to_value(g),
        EntityRef::Objective(o) => objective_fields(o),
        EntityRef::Project(p) => serde_json::to_value(p),
    };
    value_fields(value)
}

/// An objective serialised as `Objective` is, but without its key results: they are
/// compared one by one (`diff_key_results`), and serialising them only to drop them was
/// most of the field diff of a walk. Destructured in full, so that a new field of
/// `Objective` is a compile error here until it is compared too.
fn objective_fields(o: &Objective) -> Result<Value, serde_json::Error> {
    #[derive(Serialize)]
    struct Fields<'a> {
        id: &'a Id,
        title: &'a String,
        owner: &'a Option<String>,
        supports: &'a Vec<Id>,
        period: &'a Option<Period>,
        status: &'a ObjectiveStatus,
        description: &'a Option<String>,
        links: &'a Vec<Link>,
    }
    let Objective {
        id,
        title,
        owner,
        supports,
        period,
        status,
        key_results: _,
        description,
        links,
        origin: _,
    } = o;
    serde_json::to_value(Fields {
        id,
        title,
        owner,
        supports,
        period,
        status,
        description,
        links,
    })
}

fn value_fields(value: Result<Value, serde_json::Error>) -> Map<String, Value> {
    let Ok(Value::Object(map)) = value else {
        return Map::new();
    };
    let mut out = Map::new();
    for (key, value) in map {
        match (key.as_str(), value) {
            ("id" | "key_results", _) => {}
            ("budget" | "expected_value", Value::Object(inner)) => {
                for (k, v) in inner {
                    out.insert(format!("{key}.{k}"), v);
                }
            }
            ("period", Value::Object(p)) => {
                out.insert(key, p.get("label").cloned().unwrap_or(Value::Null));
            }
            ("contributes_to", Value::Array(items)) => {
                let items = items
                    .into_iter()
                    .map(|c| match c.get("expected") {
                        Some(Value::Null) | None => c.get("id").cloned().unwrap_or(c),
                        Some(_) => c,
                    })
                    .collect();
                out.insert(key, Value::Array(items));
            }
            (_, value) => {
                out.insert(key, value);
            }
        }
    }
    out
}

fn diff_fields(
    kind: EntityKind,
    old: &Map<String, Value>,
    new: &Map<String, Value>,
) -> Vec<FieldChange> {
    let order = field_order(kind);
    let mut names: Vec<&str> = order.to_vec();
    let extra: BTreeSet<&str> = old
        .keys()
        .chain(new.keys())
        .map(String::as_str)
        .filter(|k| !order.contains(k))
        .collect();
    names.extend(extra);
    let mut out = Vec::new();
    for name in names {
        let (o, n) = (
            old.get(name).unwrap_or(&Value::Null),
            new.get(name).unwrap_or(&Value::Null),
        );
        if o == n {
            continue;
        }
        let delta = if SET_FIELDS.contains(&name) {
            let members = |v: &Value| -> Vec<Value> {
                match v {
                    Value::Array(items) => items.clone(),
                    Value::Null => Vec::new(),
                    other => vec![other.clone()],
                }
            };
            let (a, b) = (members(o), members(n));
            let added: Vec<Value> = b.iter().filter(|x| !a.contains(x)).cloned().collect();
            let removed: Vec<Value> = a.iter().filter(|x| !b.contains(x)).cloned().collect();
            if added.is_empty() && removed.is_empty() {
                continue; // reordered only
            }
            Delta::Set { added, removed }
        } else {
            Delta::Value {
                old: o.clone(),
                new: n.clone(),
            }
        };
        out.push(FieldChange {
            field: name.to_owned(),
            delta,
            lowered: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Limits;
    use crate::history::snapshot::{diff_snapshots, read_pair};
    use crate::history::state::raw;

    fn diff_loaded(old: &[(&str, &str)], new: &[(&str, &str)]) -> PlanDiff {
        let files = |f: &[(&str, &str)]| f.iter().map(|(p, t)| raw(p, t)).collect();
        let (a, b) = read_pair(files(old), files(new), &Limits::default());
        diff_snapshots(&a, &b)
    }

    const OKR: &str = "kind: Objective\nid: O-a\ntitle: A\nsupports: [G-a, G-b]\nperiod: 2026-Q3\nkey_results:\n  - {id: KR-churn, title: Churn, baseline: 4.0, target: 3.2, current: 3.8}\n  - {id: KR-x, title: X, baseline: 0, target: 10}\n";

    #[test]
    fn a_move_between_files_is_not_a_change() {
        let d = diff_loaded(
            &[("a.yaml", OKR), ("b.yaml", "")],
            &[("a.yaml", ""), ("b.yaml", OKR)],
        );
        assert!(d.changes.is_empty(), "{:?}", d.changes);
        assert_eq!(d.moves.len(), 1);
        assert_eq!(
            (d.moves[0].from.as_str(), d.moves[0].to.as_str()),
            ("a.yaml", "b.yaml")
        );
    }

    #[test]
    fn key_results_match_by_id_and_lists_compare_as_sets() {
        let reordered = "kind: Objective\nid: O-a\ntitle: A\nsupports: [G-b, G-a]\nperiod: 2026-Q3\nkey_results:\n  - {id: KR-x, title: X, baseline: 0, target: 10}\n  - {id: KR-churn, title: Churn, baseline: 4.0, target: 3.5, current: 3.8}\n";
        let d = diff_loaded(&[("a.yaml", OKR)], &[("a.yaml", reordered)]);
        assert_eq!(d.changes.len(), 1, "{:?}", d.changes);
        let c = &d.changes[0];
        assert_eq!(c.id.as_str(), "KR-churn");
        assert_eq!(c.objective.as_ref().map(Id::as_str), Some("O-a"));
        let target = c.field("target").expect("target changed");
        let l = target.lowered.expect("lowered");
        assert!((l.given_up - 0.375).abs() < 1e-9, "{l:?}");
    }

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

    #[test]
    fn fields_and_sets_are_reported() {
        let p1 = "kind: Project\nid: P-a\ntitle: A\nstatus: active\ncontributes_to: [KR-x, {id: KR-y, expected: 2}]\nbudget: {planned: 100, currency: USD}\n";
        let p2 = "kind: Project\nid: P-a\ntitle: A\nstatus: paused\ncontributes_to: [KR-z, {id: KR-y, expected: 2}]\nbudget: {planned: 150, currency: USD}\n";
        let d = diff_loaded(&[("p.yaml", p1)], &[("p.yaml", p2)]);
        let c = &d.changes[0];
        let names: Vec<&str> = c.fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(names, ["status", "contributes_to", "budget.planned"]);
        assert_eq!(
            c.fields[1].delta,
            Delta::Set {
                added: vec![Value::from("KR-z")],
                removed: vec![Value::from("KR-x")]
            }
        );
        let added = diff_loaded(&[("p.yaml", "")], &[("p.yaml", p1)]);
        assert_eq!(added.changes[0].change, ChangeKind::Added);
    }

    /// The objective's own fields are those of its full serialisation, key results aside.
    #[test]
    fn objective_fields_are_the_full_serialisation_without_key_results() {
        let plan = crate::history::state::raw(
            "okr.yaml",
            "kind: Objective\nid: O-a\ntitle: A\nowner: \"@team\"\nsupports: [G-a, G-b]\nperiod: 2026-Q3\nstatus: done\ndescription: Why\nlinks:\n  - {title: Doc, url: \"https://example.com\"}\nkey_results:\n  - {id: KR-a, title: A, baseline: 0, target: 10, current: 4}\n",
        );
        let loaded = crate::load::load(vec![plan], &crate::yaml::parse::YamlLimits::default());
        let o = &loaded.plan.objectives[0];
        let mut full = match serde_json::to_value(o) {
            Ok(Value::Object(map)) => map,
            other => panic!("an objective serialises to a map: {other:?}"),
        };
        full.remove("key_results");
        assert!(
            full.contains_key("links") && full.contains_key("period"),
            "{full:?}"
        );
        assert_eq!(objective_fields(o).ok(), Some(Value::Object(full)));
    }
}
