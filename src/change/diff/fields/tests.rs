//! The typed field diff against a reference that serialises whole entities and compares
//! them as JSON — the way bearing compared fields before, kept here as the oracle. Every
//! pair of versions from a set of one-field changes must give the same fields.

use serde::Serialize;
use serde_json::{Map, Value};

use super::*;
use crate::change::diff::{Delta, FieldChange};
use crate::model::{
    Category, CheckIn, Contribution, Direction, GoalStatus, Id, Link, Money, ObjectiveStatus,
    Period, ProjectStatus, Stage,
};

/// The loader's reading of one fixture.
fn loaded(path: &str) -> crate::model::Plan {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let text = std::fs::read_to_string(root.join(path)).expect("fixture");
    let file = crate::change::state::raw(path, &text);
    crate::load::load(vec![file], &crate::yaml::parse::YamlLimits::default()).plan
}

const MULTI: &str = "valid/multi-document.yaml";

// --- the reference: serialise, flatten, compare as JSON ----------------------------

const SETS: [&str; 6] = [
    "supports",
    "contributes_to",
    "depends_on",
    "checkins",
    "deliverables",
    "links",
];

fn reference<T: Serialize>(order: &[&str], old: &T, new: &T) -> Vec<FieldChange> {
    let (old, new) = (flat(old), flat(new));
    let mut names: Vec<&str> = order.to_vec();
    let mut extra: Vec<&str> = old
        .keys()
        .chain(new.keys())
        .map(String::as_str)
        .filter(|k| !order.contains(k))
        .collect();
    extra.sort_unstable();
    extra.dedup();
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
        let delta = if SETS.contains(&name) {
            let members = |v: &Value| match v {
                Value::Array(items) => items.clone(),
                Value::Null => Vec::new(),
                other => vec![other.clone()],
            };
            let (a, b) = (members(o), members(n));
            let added: Vec<Value> = b.iter().filter(|x| !a.contains(x)).cloned().collect();
            let removed: Vec<Value> = a.iter().filter(|x| !b.contains(x)).cloned().collect();
            if added.is_empty() && removed.is_empty() {
                continue;
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

fn flat<T: Serialize>(value: &T) -> Map<String, Value> {
    let Ok(Value::Object(map)) = serde_json::to_value(value) else {
        panic!("an entity serialises to a map");
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

const GOAL: &[&str] = &[
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
];
const OBJECTIVE: &[&str] = &[
    "title",
    "owner",
    "supports",
    "period",
    "status",
    "description",
    "links",
];
const KEY_RESULT: &[&str] = &[
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
];
const PROJECT: &[&str] = &[
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
];

// --- versions: one field changed each ----------------------------------------------

fn versions<T: Clone>(base: &T, edits: &[fn(&mut T)]) -> Vec<T> {
    let mut out = vec![base.clone()];
    for edit in edits {
        let mut v = base.clone();
        edit(&mut v);
        out.push(v);
    }
    out
}

/// Every ordered pair of versions: the typed diff equals the reference.
fn agree<T: Serialize>(order: &[&str], all: &[T], typed: fn(&T, &T) -> Vec<FieldChange>) {
    for (i, a) in all.iter().enumerate() {
        for (j, b) in all.iter().enumerate() {
            assert_eq!(typed(a, b), reference(order, a, b), "versions {i} → {j}");
        }
    }
}

fn link(title: &str) -> Link {
    Link {
        title: title.into(),
        url: "https://example.com".into(),
    }
}

fn date(text: &str) -> jiff::civil::Date {
    text.parse().expect("date")
}

#[test]
fn goal_fields_agree_with_the_reference() {
    let plan = loaded(MULTI);
    let edits: &[fn(&mut Goal)] = &[
        |g| g.title.push('!'),
        |g| g.owner = None,
        |g| g.category = Some(Category::People),
        |g| g.category = None,
        |g| g.status = GoalStatus::OnHold,
        |g| g.parent = Some(Id("G-x".into())),
        |g| g.start = None,
        |g| g.due = Some(date("2030-01-01")),
        |g| g.metric.unit = None,
        |g| g.metric.direction = Some(Direction::Decrease),
        |g| g.metric.baseline = Some(1.5),
        |g| g.metric.target = None,
        |g| g.metric.current = Some(0.0),
        |g| g.description = Some("new".into()),
        |g| g.links.reverse(),
        |g| g.links.push(link("more")),
        |g| g.links.clear(),
        |g| g.origin.doc += 3,
    ];
    agree(GOAL, &versions(&*plan.goals[0], edits), goal);
}

#[test]
fn objective_fields_agree_with_the_reference() {
    let plan = loaded(MULTI);
    let edits: &[fn(&mut Objective)] = &[
        |o| o.title.clear(),
        |o| o.owner = Some("@x".into()),
        |o| o.supports.push(Id("G-x".into())),
        |o| o.supports.reverse(),
        |o| o.period = None,
        |o| o.period = Period::parse("2027-Q1").ok(),
        |o| o.status = ObjectiveStatus::Dropped,
        |o| o.description = None,
        |o| o.links.push(link("l")),
        |o| o.key_results.clear(),
        |o| o.origin.pointer.push_str("/x"),
    ];
    let base = &*plan.objectives[1];
    assert!(base.supports.len() > 1, "the base has several `supports`");
    agree(OBJECTIVE, &versions(base, edits), objective);
}

#[test]
fn key_result_fields_agree_with_the_reference() {
    let plan = loaded(MULTI);
    let edits: &[fn(&mut KeyResult)] = &[
        |k| k.title.push('?'),
        |k| k.owner = Some("@y".into()),
        |k| k.metric.unit = Some("pts".into()),
        |k| k.metric.direction = Some(Direction::Increase),
        |k| k.metric.baseline = None,
        |k| k.metric.target = Some(99.0),
        |k| k.metric.current = Some(3.2),
        |k| k.confidence = None,
        |k| k.weight = Some(3.0),
        |k| k.checkins.reverse(),
        |k| k.checkins.pop().map(drop).unwrap_or(()),
        |k| {
            k.checkins.push(CheckIn {
                date: date("2026-10-01"),
                value: 3.3,
                confidence: None,
                note: Some("n".into()),
                author: None,
            })
        },
        |k| k.description = Some("d".into()),
        |k| k.links.push(link("k")),
        |k| k.origin.doc = 9,
    ];
    let base = &plan.objectives[0].key_results[0];
    assert!(base.checkins.len() > 1, "the base has several check-ins");
    agree(KEY_RESULT, &versions(base, edits), key_result);
}

#[test]
fn project_fields_agree_with_the_reference() {
    let plan = loaded("example/plans/projects/loyalty.yaml");
    let edits: &[fn(&mut Project)] = &[
        |p| p.title.push('.'),
        |p| p.owner = None,
        |p| p.status = ProjectStatus::Paused,
        |p| {
            p.contributes_to.push(Contribution {
                id: Id("KR-z".into()),
                expected: Some(2.0),
                as_mapping: true,
            })
        },
        // Written as `{id: KR-…}` instead of a bare id: the same contribution.
        |p| {
            p.contributes_to
                .iter_mut()
                .for_each(|c| c.as_mapping = !c.as_mapping)
        },
        |p| {
            p.contributes_to
                .iter_mut()
                .for_each(|c| c.expected = Some(1.0))
        },
        |p| p.contributes_to.clear(),
        |p| p.stage = Some(Stage::Pilot),
        |p| p.stage = None,
        |p| p.validated_by = None,
        |p| p.start = Some(date("2026-01-02")),
        |p| p.due = None,
        |p| p.budget = None,
        |p| p.budget.iter_mut().for_each(|b| b.planned = Some(1.0)),
        |p| p.budget.iter_mut().for_each(|b| b.spent = None),
        |p| {
            p.budget
                .iter_mut()
                .for_each(|b| b.currency = Some("EUR".into()))
        },
        |p| p.expected_value = None,
        |p| {
            p.expected_value = Some(Money {
                amount: None,
                currency: None,
            })
        },
        |p| {
            p.expected_value
                .iter_mut()
                .for_each(|m| m.amount = Some(5.0))
        },
        |p| p.outcome = None,
        |p| p.deliverables.reverse(),
        |p| p.deliverables.iter_mut().for_each(|d| d.done = !d.done),
        |p| p.depends_on.push(Id("P-x".into())),
        |p| p.depends_on.clear(),
        |p| p.description = Some("p".into()),
        |p| p.links.push(link("p")),
        |p| p.origin.doc = 4,
    ];
    let base = plan
        .projects
        .iter()
        .find(|p| p.expected_value.is_some() && p.validated_by.is_some())
        .map(|p| &**p)
        .expect("the rollout project has every field");
    agree(PROJECT, &versions(base, edits), project);
}
