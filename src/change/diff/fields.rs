//! The fields that differ between two versions of one entity, in the order the schemas
//! list them.
//!
//! Each field is compared as typed first, and only a field that differs is turned into
//! JSON — to report its old and new value, and to compare again as JSON (a contribution
//! written `{id: KR-x}` and one written `KR-x` say the same). Serialising whole entities
//! to compare them was most of the cost of `diff` and `log`, and most entities of a
//! changed file did not change.
//!
//! Each struct is destructured in full, so that a new field is a compile error here
//! until it is compared too. `origin` (where the entity is written) is left out on
//! purpose: moving an entity is not a change. An objective's key results are not its
//! own fields: they are matched by id and compared one by one.

use serde::Serialize;
use serde_json::Value;

use super::{Delta, FieldChange};
use crate::model::{Contribution, Goal, KeyResult, Metric, Objective, Project};

pub(super) fn goal(a: &Goal, b: &Goal) -> Vec<FieldChange> {
    let Goal {
        id: _,
        title,
        owner,
        category,
        status,
        parent,
        start,
        due,
        metric,
        description,
        links,
        origin: _,
    } = a;
    let mut out = Changes::default();
    out.value("title", title, &b.title);
    out.value("owner", owner, &b.owner);
    out.value("category", category, &b.category);
    out.value("status", status, &b.status);
    out.value("parent", parent, &b.parent);
    out.value("start", start, &b.start);
    out.value("due", due, &b.due);
    out.metric(metric, &b.metric);
    out.value("description", description, &b.description);
    out.set("links", links, &b.links, json);
    out.0
}

/// The objective's own fields, its key results aside.
pub(super) fn objective(a: &Objective, b: &Objective) -> Vec<FieldChange> {
    let Objective {
        id: _,
        title,
        owner,
        supports,
        period,
        status,
        key_results: _,
        description,
        links,
        origin: _,
    } = a;
    let mut out = Changes::default();
    out.value("title", title, &b.title);
    out.value("owner", owner, &b.owner);
    out.set("supports", supports, &b.supports, json);
    // A period as the text it was written as.
    out.value(
        "period",
        &period.as_ref().map(|p| p.label()),
        &b.period.as_ref().map(|p| p.label()),
    );
    out.value("status", status, &b.status);
    out.value("description", description, &b.description);
    out.set("links", links, &b.links, json);
    out.0
}

pub(super) fn key_result(a: &KeyResult, b: &KeyResult) -> Vec<FieldChange> {
    let KeyResult {
        id: _,
        title,
        owner,
        metric,
        confidence,
        weight,
        checkins,
        description,
        links,
        origin: _,
    } = a;
    let mut out = Changes::default();
    out.value("title", title, &b.title);
    out.value("owner", owner, &b.owner);
    out.metric(metric, &b.metric);
    out.value("confidence", confidence, &b.confidence);
    out.value("weight", weight, &b.weight);
    out.set("checkins", checkins, &b.checkins, json);
    out.value("description", description, &b.description);
    out.set("links", links, &b.links, json);
    out.0
}

pub(super) fn project(a: &Project, b: &Project) -> Vec<FieldChange> {
    let Project {
        id: _,
        title,
        owner,
        status,
        contributes_to,
        stage,
        validated_by,
        start,
        due,
        budget,
        expected_value,
        outcome,
        deliverables,
        depends_on,
        description,
        links,
        origin: _,
    } = a;
    let mut out = Changes::default();
    out.value("title", title, &b.title);
    out.value("owner", owner, &b.owner);
    out.value("status", status, &b.status);
    out.set(
        "contributes_to",
        contributes_to,
        &b.contributes_to,
        contribution,
    );
    out.value("stage", stage, &b.stage);
    out.value("validated_by", validated_by, &b.validated_by);
    out.value("start", start, &b.start);
    out.value("due", due, &b.due);
    // Nested objects compare member by member: `budget.planned`.
    if budget != &b.budget {
        let (x, y) = (budget.as_ref(), b.budget.as_ref());
        out.member("budget.planned", x, y, |m| m.planned);
        out.member("budget.spent", x, y, |m| m.spent);
        out.member("budget.currency", x, y, |m| m.currency.clone());
    }
    if expected_value != &b.expected_value {
        let (x, y) = (expected_value.as_ref(), b.expected_value.as_ref());
        out.member("expected_value.amount", x, y, |m| m.amount);
        out.member("expected_value.currency", x, y, |m| m.currency.clone());
    }
    out.value("outcome", outcome, &b.outcome);
    out.set("deliverables", deliverables, &b.deliverables, json);
    out.set("depends_on", depends_on, &b.depends_on, json);
    out.value("description", description, &b.description);
    out.set("links", links, &b.links, json);
    out.0
}

/// The fields that differ, in the order they were compared.
#[derive(Default)]
struct Changes(Vec<FieldChange>);

impl Changes {
    /// A value replaced (`null` where absent).
    fn value<T: Serialize + PartialEq>(&mut self, field: &str, old: &T, new: &T) {
        if old == new {
            return;
        }
        let (old, new) = (json(old), json(new));
        if old != new {
            self.push(field, Delta::Value { old, new });
        }
    }

    /// A member of a nested object, `null` where the object or the member is absent.
    fn member<P, T: Serialize + PartialEq>(
        &mut self,
        field: &str,
        old: Option<&P>,
        new: Option<&P>,
        get: impl Fn(&P) -> Option<T>,
    ) {
        self.value(field, &old.and_then(&get), &new.and_then(&get));
    }

    /// A list compared as a set: the members it gained and lost. Reordered only is no
    /// change.
    fn set<T: PartialEq>(&mut self, field: &str, old: &[T], new: &[T], member: fn(&T) -> Value) {
        if old == new {
            return;
        }
        let (a, b): (Vec<Value>, Vec<Value>) = (
            old.iter().map(member).collect(),
            new.iter().map(member).collect(),
        );
        let added: Vec<Value> = b.iter().filter(|x| !a.contains(x)).cloned().collect();
        let removed: Vec<Value> = a.iter().filter(|x| !b.contains(x)).cloned().collect();
        if !added.is_empty() || !removed.is_empty() {
            self.push(field, Delta::Set { added, removed });
        }
    }

    fn metric(&mut self, old: &Metric, new: &Metric) {
        let Metric {
            unit,
            direction,
            baseline,
            target,
            current,
        } = old;
        self.value("unit", unit, &new.unit);
        self.value("direction", direction, &new.direction);
        self.value("baseline", baseline, &new.baseline);
        self.value("target", target, &new.target);
        self.value("current", current, &new.current);
    }

    fn push(&mut self, field: &str, delta: Delta) {
        self.0.push(FieldChange {
            field: field.to_owned(),
            delta,
            lowered: None,
        });
    }
}

fn json<T: Serialize + ?Sized>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// A contribution without an `expected` effect is its bare id, however it was written.
fn contribution(c: &Contribution) -> Value {
    match c.expected {
        None => Value::from(c.id.as_str()),
        Some(_) => json(c),
    }
}

#[cfg(test)]
mod tests;
