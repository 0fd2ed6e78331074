//! One YAML document to one entity: dispatch on `kind`, validate against the kind's
//! schema, collect the ids it declares, and build the typed model when it is valid.

use serde_json::Value as Json;

use super::json::to_json;
use crate::finding::{Anchor, Finding, Target};
use crate::model::{EntityKind, Goal, Objective, Origin, Project, check_id};
use crate::schema;
use crate::vocab::Rule;
use crate::yaml::node::{Node, Value};

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

/// A valid entity, ready for the plan.
#[derive(Debug)]
pub(super) enum Parsed {
    Goal(Goal),
    Objective(Objective),
    Project(Project),
}

#[derive(Debug, Default)]
pub(super) struct DocumentOutcome {
    pub decls: Vec<IdDecl>,
    pub entity: Option<Parsed>,
    pub findings: Vec<Finding>,
}

/// Checks one document (`doc` is its index in the plan) and builds its entity.
pub(super) fn read_document(root: &Node, doc: usize) -> DocumentOutcome {
    let mut out = DocumentOutcome::default();
    let schema_finding = |pointer: &str, target: Target, message: String, help: Option<String>| {
        let mut f = Finding::new(Rule::Schema, message).at(Anchor::Node {
            doc,
            pointer: pointer.to_owned(),
            target,
        });
        f.help = help;
        f
    };

    let Value::Map(_) = &root.value else {
        out.findings.push(schema_finding(
            "",
            Target::Value,
            format!(
                "a plan document must be a mapping with `kind`, `id` and `title`, found {}",
                root.type_name()
            ),
            Some(
                "start the document with `kind: Goal`, `kind: Objective` or `kind: Project`"
                    .to_owned(),
            ),
        ));
        return out;
    };
    let entity_id = root.get("id").and_then(Node::as_str).map(str::to_owned);
    let Some(kind_node) = root.get("kind") else {
        out.findings.push(schema_finding(
            if entity_id.is_some() { "/id" } else { "" },
            Target::Key,
            "missing `kind`".to_owned(),
            Some("add `kind: Goal`, `kind: Objective` or `kind: Project`".to_owned()),
        ));
        return out;
    };
    let kind_text = kind_node.as_str().unwrap_or_default();
    let (Some(kind), Some(compiled)) = (
        EntityKind::from_kind(kind_text),
        schema::for_kind(kind_text),
    ) else {
        let found = match kind_node.as_str() {
            Some(s) => format!("`{s}`"),
            None => kind_node.type_name().to_owned(),
        };
        out.findings.push(schema_finding(
            "/kind",
            Target::Value,
            format!("unknown kind {found}"),
            Some("a document's `kind` is one of: Goal, Objective, Project".to_owned()),
        ));
        return out;
    };

    let json = to_json(root);
    let entity_entity = entity_id.clone();
    let mut invalid = false;
    for v in schema::violations(compiled, &json) {
        invalid = true;
        let mut f = schema_finding(&v.pointer, v.target, v.message, v.help);
        if let Some(id) = &entity_entity {
            f.entity = Some(id.as_str().into());
        }
        out.findings.push(f);
    }
    // Ids the schema's pattern lets through but no file system would.
    collect_ids(&json, kind, doc, &mut out.decls);
    for decl in &out.decls {
        if let Err(crate::model::IdError::Reserved(_)) = check_id(&decl.id) {
            invalid = true;
            out.findings.push(
                schema_finding(
                    &format!("{}/id", decl.pointer),
                    Target::Value,
                    format!("`{}` is a reserved file name on Windows", decl.id),
                    Some("choose another id: the report site writes a file per id".to_owned()),
                )
                .entity(&decl.id.as_str().into()),
            );
        }
    }
    if invalid {
        return out;
    }
    let origin = Origin {
        doc,
        pointer: String::new(),
    };
    let built = match kind {
        EntityKind::Goal => serde_json::from_value::<Goal>(json).map(|mut g| {
            g.origin = origin;
            Parsed::Goal(g)
        }),
        EntityKind::Objective => serde_json::from_value::<Objective>(json).map(|mut o| {
            o.origin = origin;
            for (i, kr) in o.key_results.iter_mut().enumerate() {
                kr.origin = Origin {
                    doc,
                    pointer: format!("/key_results/{i}"),
                };
            }
            Parsed::Objective(o)
        }),
        EntityKind::Project => serde_json::from_value::<Project>(json).map(|mut p| {
            p.origin = origin;
            Parsed::Project(p)
        }),
        EntityKind::KeyResult => unreachable!("key results are not documents"),
    };
    match built {
        Ok(entity) => out.entity = Some(entity),
        // The schema accepted what the model cannot hold (a date like 2026-02-30, a
        // period that ends before it starts): still the user's input to fix.
        Err(error) => out.findings.push(schema_finding(
            if entity_entity.is_some() { "/id" } else { "" },
            Target::Key,
            error.to_string(),
            None,
        )),
    }
    out
}

/// The document's own id and its key results' ids, when they are strings of a valid
/// shape. Ids of invalid documents are still declared: a reference to them is not
/// unknown, and two of them may still collide.
fn collect_ids(json: &Json, kind: EntityKind, doc: usize, decls: &mut Vec<IdDecl>) {
    let valid = |v: Option<&Json>| {
        v.and_then(Json::as_str)
            .filter(|id| {
                check_id(id).is_ok()
                    || matches!(check_id(id), Err(crate::model::IdError::Reserved(_)))
            })
            .map(str::to_owned)
    };
    let Some(id) = valid(json.get("id")) else {
        return;
    };
    decls.push(IdDecl {
        id: id.clone(),
        kind,
        doc,
        pointer: String::new(),
        parent: None,
    });
    if kind == EntityKind::Objective {
        if let Some(krs) = json.get("key_results").and_then(Json::as_array) {
            for (i, kr) in krs.iter().enumerate() {
                if let Some(kr_id) = valid(kr.get("id")) {
                    decls.push(IdDecl {
                        id: kr_id,
                        kind: EntityKind::KeyResult,
                        doc,
                        pointer: format!("/key_results/{i}"),
                        parent: Some(id.clone()),
                    });
                }
            }
        }
    }
}
