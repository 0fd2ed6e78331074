//! What the loader set aside or left out, so that the findings which exist only because
//! of it can be held back: the one mistake gets one finding, and the rest of the plan is
//! judged as if it were fixed.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::EntityKind;

/// The pieces of the plan that were not read as written.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Damage {
    /// Pieces set aside whole (a document, a key result) whose id could be read.
    pub pieces: Vec<(String, EntityKind)>,
    /// Fields of entities that were kept, left out because they could not be read: by
    /// entity id, the fields. Asked of every entity by the hold-back, so looked up by
    /// `&str` without building a key; a sorted map, because it holds a handful of
    /// entries and a few comparisons cost less than hashing every id asked about.
    pub fields: BTreeMap<String, BTreeSet<String>>,
    /// References written in what was set aside: `(from id, to id)`.
    pub references: Vec<(String, String)>,
    /// Something was set aside whose id could not be read: a reference to an id that is
    /// not defined may name it.
    pub unknown_ids: bool,
    /// Something was set aside whose references could not be read: a goal or key result
    /// may have lost the objectives or projects that served it.
    pub unknown_references: bool,
}

impl Damage {
    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
            && self.fields.is_empty()
            && self.references.is_empty()
            && !self.unknown_ids
            && !self.unknown_references
    }

    pub fn merge(&mut self, other: Damage) {
        self.pieces.extend(other.pieces);
        for (id, fields) in other.fields {
            self.fields.entry(id).or_default().extend(fields);
        }
        self.references.extend(other.references);
        self.unknown_ids |= other.unknown_ids;
        self.unknown_references |= other.unknown_references;
    }

    /// Whether the field `field` of `id` was left out.
    pub fn lost(&self, id: &str, field: &str) -> bool {
        self.lost_any(id, &[field])
    }

    /// Whether any of `fields` of `id` was left out: one lookup of the id, asked for
    /// every finding of a large plan.
    pub fn lost_any(&self, id: &str, fields: &[&str]) -> bool {
        if self.fields.is_empty() {
            return false;
        }
        self.fields
            .get(id)
            .is_some_and(|lost| fields.iter().any(|f| lost.contains(*f)))
    }

    /// Whether `id` names a piece set aside whole.
    pub fn set_aside(&self, id: &str) -> bool {
        self.pieces.iter().any(|(p, _)| p == id)
    }

    pub(super) fn field(&mut self, id: &str, field: &str) {
        self.fields
            .entry(id.to_owned())
            .or_default()
            .insert(field.to_owned());
    }
}
