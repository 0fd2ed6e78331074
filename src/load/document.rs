//! One YAML document to one entity: dispatch on `kind`, validate against the kind's
//! schema, collect the ids it declares, and build the typed model.
//!
//! A mistake sets aside the smallest piece it touches (issue 14): a bad field of an
//! entity is read as the writer plainly meant it (`25%` as 25, `Active` as `active`) or
//! else left out; a key result whose id cannot be read is set aside, its objective and
//! siblings kept; only a document whose `kind`, `id` or shape is unusable is set aside
//! whole. Every mistake still gets its finding, and [`Damage`] records what was left
//! out so that the findings it alone causes can be held back.

use std::collections::BTreeSet;
use std::sync::Arc;

use serde::Deserialize;
use serde_json::Value as Json;

use super::damage::Damage;
use super::json::to_json;
use crate::finding::{Anchor, Finding, Target};
use crate::model::{EntityKind, Goal, Objective, Origin, Project, check_id};
use crate::schema::fix::Repair;
use crate::schema::{self, Mend};
use crate::vocab::Rule;
use crate::yaml::node::{Node, Value};

mod ids;
mod kind;
mod mend;
mod reshape;

use ids::{collect_ids, references};
use kind::{guess_kind, kind_name, read_kind};
use mend::{key_result_index, mend, under};
use reshape::{key_result_fields_at_objective_level, reversed_period, unindented_mappings};

/// An id written in a document, with the pointer of the entity that declares it.
#[derive(Debug, Clone, PartialEq)]
pub struct IdDecl {
    pub id: String,
    pub kind: EntityKind,
    pub doc: usize,
    /// Pointer of the entity (`""` or `/key_results/3`); its id is at `{pointer}/id`.
    pub pointer: String,
    /// For a key result, the objective that holds it.
    pub parent: Option<String>,
}

/// A valid entity, ready for the plan: shared, so that a second load of the same
/// text (the plan at a base revision) places it again without copying it.
#[derive(Debug, Clone)]
pub(super) enum Parsed {
    Goal(Arc<Goal>),
    Objective(Arc<Objective>),
    Project(Arc<Project>),
}

#[derive(Debug, Default, Clone)]
pub(super) struct DocumentOutcome {
    pub decls: Vec<IdDecl>,
    pub entity: Option<Parsed>,
    pub findings: Vec<Finding>,
    pub damage: Damage,
}

/// The fields a key result has and an objective does not: written at the objective's
/// level, they were meant for a key result.
const KEY_RESULT_FIELDS: [&str; 8] = [
    "unit",
    "baseline",
    "target",
    "current",
    "direction",
    "confidence",
    "weight",
    "checkins",
];

/// The fields whose value is a mapping of known fields: written unindented, their
/// fields land beside them.
const MAPPING_FIELDS: [&str; 3] = ["budget", "expected_value", "period"];

struct Reader<'a> {
    doc: usize,
    root: &'a Node,
    out: DocumentOutcome,
    /// The id of the document as written, when it is text.
    entity: Option<String>,
}

impl Reader<'_> {
    fn finding(
        &mut self,
        pointer: &str,
        target: Target,
        message: String,
        help: Option<String>,
        entity: Option<String>,
    ) {
        let mut f = Finding::new(Rule::Schema, message).at(Anchor::Node {
            doc: self.doc,
            pointer: pointer.to_owned(),
            target,
        });
        f.help = help.map(Into::into);
        if let Some(id) = entity.or_else(|| self.entity.clone()) {
            f.entity = Some(id.as_str().into());
        }
        self.out.findings.push(f);
    }

    /// The id of the key result a pointer is inside, as written.
    fn key_result_id(&self, json: &Json, pointer: &str) -> Option<String> {
        let index = key_result_index(pointer)?;
        json.pointer(&format!("/key_results/{index}/id"))
            .and_then(Json::as_str)
            .map(str::to_owned)
    }

    /// Sets the whole document aside: its readable ids are pieces, its references are
    /// kept as written for holding back what they would have caused.
    fn set_aside(&mut self, json: &Json, kind: Option<EntityKind>) {
        let damage = &mut self.out.damage;
        match (
            self.entity.as_deref().filter(|id| check_id(id).is_ok()),
            kind,
        ) {
            (Some(id), Some(kind)) => {
                damage.pieces.push((id.to_owned(), kind));
                references(json, id, damage);
            }
            (Some(id), None) => {
                damage
                    .pieces
                    .push((id.to_owned(), guess_kind(json).unwrap_or(EntityKind::Goal)));
                references(json, id, damage);
            }
            _ => {
                damage.unknown_ids = true;
                damage.unknown_references = true;
            }
        }
        if let Some(krs) = json.get("key_results").and_then(Json::as_array) {
            for kr in krs {
                match kr.get("id").and_then(Json::as_str) {
                    Some(id) if check_id(id).is_ok() => {
                        damage.pieces.push((id.to_owned(), EntityKind::KeyResult));
                    }
                    _ => damage.unknown_ids = true,
                }
            }
        }
    }
}

/// Checks one document (`doc` is its index in the plan) and builds its entity.
pub(super) fn read_document(root: &Node, doc: usize) -> DocumentOutcome {
    let mut reader = Reader {
        doc,
        root,
        out: DocumentOutcome::default(),
        entity: root.get("id").and_then(Node::as_str).map(str::to_owned),
    };
    let Value::Map(_) = &root.value else {
        reader.finding(
            "",
            Target::Value,
            format!(
                "a plan document is a mapping of fields, found {}",
                root.type_name()
            ),
            Some(
                "start the document with `kind: Goal`, `kind: Objective` or `kind: Project`, then `id:` and `title:` on lines of their own"
                    .to_owned(),
            ),
            None,
        );
        reader.out.damage.unknown_ids = true;
        reader.out.damage.unknown_references = true;
        return reader.out;
    };
    let mut json = to_json(root);
    let Some(kind) = read_kind(&mut reader, &mut json) else {
        reader.set_aside(&json, None);
        return reader.out;
    };
    let compiled = schema::for_kind(kind_name(kind)).expect("every document kind has a schema");
    unindented_mappings(&mut reader, compiled, &mut json);
    if kind == EntityKind::Objective {
        key_result_fields_at_objective_level(&mut reader, &mut json);
    }
    reversed_period(&mut reader, &mut json);

    let mut dropped_krs: BTreeSet<usize> = BTreeSet::new();
    let mut whole = false;
    let first = schema::violations(compiled, &json);
    for v in &first {
        let Some(message) = (!v.message.is_empty()).then_some(v.message.clone()) else {
            continue;
        };
        let kr = reader.key_result_id(&json, &v.pointer);
        reader.finding(&v.pointer, v.target, message, v.help.clone(), kr);
    }
    let mut pending = first;
    let mut round = 0;
    while !pending.is_empty() && !whole {
        let last_chance = round >= 6;
        whole |= mend(
            &mut reader,
            &mut json,
            &pending,
            &mut dropped_krs,
            round > 0 || last_chance,
        );
        round += 1;
        // A value kept as written (a reference another rule judges) stays invalid for
        // the schema: it is not a mistake left to mend.
        pending = schema::violations(compiled, &json)
            .into_iter()
            .filter(|v| {
                !under(&v.pointer, &dropped_krs)
                    && !matches!(
                        &v.repair,
                        Mend::Value {
                            repair: Repair::Keep,
                            ..
                        }
                    )
            })
            .collect();
        if last_chance && !pending.is_empty() {
            whole = true;
        }
    }
    // Ids the schema's pattern lets through but no file system would.
    let mut decls = Vec::new();
    collect_ids(&json, kind, doc, &mut decls);
    for decl in &decls {
        if let Err(crate::model::IdError::Reserved(_)) = check_id(&decl.id) {
            reader.finding(
                &format!("{}/id", decl.pointer),
                Target::Value,
                format!("`{}` is a reserved file name on Windows", decl.id),
                Some("choose another id: the report site writes a file per id".to_owned()),
                Some(decl.id.clone()),
            );
            match key_result_index(&decl.pointer) {
                Some(index) => {
                    dropped_krs.insert(index);
                }
                None => whole = true,
            }
        }
    }
    reader.out.decls = decls;
    if whole {
        reader.entity = json.get("id").and_then(Json::as_str).map(str::to_owned);
        reader.set_aside(&json, Some(kind));
        return reader.out;
    }
    // Key results set aside: their ids stay declared, their references are gone.
    let mut kept_indices = Vec::new();
    if let Some(Json::Array(items)) = json.get_mut("key_results") {
        let mut index = 0;
        items.retain(|kr| {
            let keep = !dropped_krs.contains(&index);
            if keep {
                kept_indices.push(index);
            } else {
                match kr.get("id").and_then(Json::as_str) {
                    Some(id) if check_id(id).is_ok() => reader
                        .out
                        .damage
                        .pieces
                        .push((id.to_owned(), EntityKind::KeyResult)),
                    _ => reader.out.damage.unknown_ids = true,
                }
            }
            index += 1;
            keep
        });
    }
    let origin = Origin {
        doc,
        pointer: String::new(),
    };
    // The tree is consumed: its strings move into the entity instead of being copied
    // (a large plan has hundreds of thousands). The rare refusal below reads the
    // document again to set it aside.
    let built = match kind {
        EntityKind::Goal => Goal::deserialize(json).map(|mut g| {
            g.origin = origin;
            Parsed::Goal(Arc::new(g))
        }),
        EntityKind::Objective => Objective::deserialize(json).map(|mut o| {
            o.origin = origin;
            for (kr, index) in o.key_results.iter_mut().zip(&kept_indices) {
                kr.origin = Origin {
                    doc,
                    pointer: format!("/key_results/{index}"),
                };
            }
            Parsed::Objective(Arc::new(o))
        }),
        EntityKind::Project => Project::deserialize(json).map(|mut p| {
            p.origin = origin;
            Parsed::Project(Arc::new(p))
        }),
        EntityKind::KeyResult => unreachable!("key results are not documents"),
    };
    match built {
        Ok(entity) => reader.out.entity = Some(entity),
        // The schema accepted what the model cannot hold: still the user's input to fix.
        Err(error) => {
            let at = if reader.entity.is_some() { "/id" } else { "" };
            reader.finding(at, Target::Value, error.to_string(), None, None);
            let mut json = to_json(root);
            if let Some(Json::Array(items)) = json.get_mut("key_results") {
                let mut index = 0;
                items.retain(|_| {
                    index += 1;
                    !dropped_krs.contains(&(index - 1))
                });
            }
            reader.set_aside(&json, Some(kind));
        }
    }
    reader.out
}
