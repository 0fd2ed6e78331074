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
use serde_json::{Map, Value as Json};

use super::damage::Damage;
use super::json::to_json;
use crate::finding::{Anchor, Finding, Target};
use crate::format::suggest::closest;
use crate::model::{EntityKind, Goal, Objective, Origin, Project, check_id};
use crate::schema::fix::Repair;
use crate::schema::{self, Compiled, Mend};
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

fn kind_name(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Goal => "Goal",
        EntityKind::Objective => "Objective",
        EntityKind::Project => "Project",
        EntityKind::KeyResult => "KeyResult",
    }
}

/// The kind a document without a usable `kind` most likely is, from its id's prefix or
/// the fields only one kind has.
fn guess_kind(json: &Json) -> Option<EntityKind> {
    let id = json.get("id").and_then(Json::as_str).unwrap_or_default();
    let prefix = id
        .split(['-', '_', '.'])
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase();
    let by_prefix = match prefix.as_str() {
        "G" | "GOAL" => Some(EntityKind::Goal),
        "O" | "OBJ" | "OKR" => Some(EntityKind::Objective),
        "P" | "PRJ" | "PROJ" | "PROJECT" => Some(EntityKind::Project),
        _ => None,
    };
    let has = |keys: &[&str]| keys.iter().any(|k| json.get(*k).is_some());
    by_prefix.or_else(|| {
        if has(&["key_results", "supports", "period"]) {
            Some(EntityKind::Objective)
        } else if has(&[
            "contributes_to",
            "budget",
            "deliverables",
            "stage",
            "depends_on",
        ]) {
            Some(EntityKind::Project)
        } else if has(&["category", "parent"]) {
            Some(EntityKind::Goal)
        } else {
            None
        }
    })
}

/// The document's kind, read as meant where a slip is plain (`goal`, `Objectve`, a
/// missing `kind:` on a document that is clearly a goal).
fn read_kind(reader: &mut Reader, json: &mut Json) -> Option<EntityKind> {
    const KINDS: [&str; 3] = ["Goal", "Objective", "Project"];
    let kind_node = reader.root.get("kind");
    let written = kind_node.and_then(Node::as_str);
    if let Some(kind) = written.and_then(EntityKind::from_kind) {
        return Some(kind);
    }
    let pointer = if kind_node.is_some() {
        "/kind"
    } else if reader.entity.is_some() {
        "/id"
    } else {
        ""
    };
    let meant = match written {
        Some(text) => closest(text, KINDS).and_then(EntityKind::from_kind),
        None if kind_node.is_none() => guess_kind(json),
        None => None,
    };
    let (message, help) = match (kind_node, meant) {
        (None, Some(kind)) => (
            "this document has no `kind`".to_owned(),
            format!(
                "this document looks like {}: add `kind: {}` as its first line",
                kind.a_noun(),
                kind_name(kind)
            ),
        ),
        (None, None) => (
            "this document has no `kind`".to_owned(),
            "add `kind: Goal`, `kind: Objective` or `kind: Project` as the first line of the document".to_owned(),
        ),
        (Some(node), Some(kind)) => (
            format!(
                "{} is not a kind: did you mean `{}`?",
                node.as_str().map_or_else(|| node.type_name().to_owned(), |s| format!("`{s}`")),
                kind_name(kind)
            ),
            format!("write `kind: {}` (kinds are capitalised: Goal, Objective, Project)", kind_name(kind)),
        ),
        (Some(node), None) => (
            format!(
                "{} is not a kind",
                node.as_str().map_or_else(|| node.type_name().to_owned(), |s| format!("`{s}`"))
            ),
            "a document's `kind` is one of: Goal, Objective, Project".to_owned(),
        ),
    };
    reader.finding(pointer, Target::Value, message, Some(help), None);
    if let (Some(kind), Some(map)) = (meant, json.as_object_mut()) {
        map.insert("kind".to_owned(), Json::String(kind_name(kind).to_owned()));
    }
    meant
}

/// `budget:` with nothing after it, and `planned:`, `spent:` written beside it instead
/// of under it: one mistake, one finding, read as meant.
fn unindented_mappings(reader: &mut Reader, compiled: &'static Compiled, json: &mut Json) {
    // The document itself, then each key result (by index).
    let mut places: Vec<(Option<usize>, &Node)> = vec![(None, reader.root)];
    if let Some(Value::Seq(krs)) = reader.root.get("key_results").map(|n| &n.value) {
        places.extend(krs.iter().enumerate().map(|(i, kr)| (Some(i), kr)));
    }
    let mut found = Vec::new();
    for (index, node) in places {
        let Value::Map(entries) = &node.value else {
            continue;
        };
        // Almost every document has none: look at the schema (and spell the pointer)
        // only when one is there.
        if !entries.iter().any(|(k, v)| {
            MAPPING_FIELDS.contains(&k.name.as_str()) && matches!(v.value, Value::Null)
        }) {
            continue;
        }
        let pointer = index.map_or_else(String::new, |i| format!("/key_results/{i}"));
        let known_here = schema_properties(compiled, &pointer);
        for (i, (key, value)) in entries.iter().enumerate() {
            let name = key.name.as_str();
            if !MAPPING_FIELDS.contains(&name) || !matches!(value.value, Value::Null) {
                continue;
            }
            let inner = schema_properties(compiled, &format!("{pointer}/{name}"));
            let moved: Vec<&str> = entries[i + 1..]
                .iter()
                .map(|(k, _)| k.name.as_str())
                .take_while(|k| inner.iter().any(|p| p == k) && !known_here.iter().any(|p| p == k))
                .collect();
            if !moved.is_empty() {
                found.push((
                    pointer.clone(),
                    name.to_owned(),
                    moved.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>(),
                ));
            }
        }
    }
    for (pointer, name, moved) in found {
        let Some(Json::Object(map)) =
            json.pointer_mut(if pointer.is_empty() { "" } else { &pointer })
        else {
            continue;
        };
        let mut inner = Map::new();
        for key in &moved {
            if let Some(v) = map.remove(key) {
                inner.insert(key.clone(), v);
            }
        }
        map.insert(name.clone(), Json::Object(inner));
        let kr = reader.key_result_id(json, &pointer);
        let listed = words(&moved);
        reader.finding(
            &format!("{pointer}/{}", moved[0]),
            Target::Key,
            format!("the fields of `{name}` are not indented under it"),
            Some(format!(
                "indent {listed} by two more spaces, under `{name}:`"
            )),
            kr,
        );
    }
}

/// `baseline:`, `target:` written at the objective's level: they belong to a key result.
fn key_result_fields_at_objective_level(reader: &mut Reader, json: &mut Json) {
    let Value::Map(entries) = &reader.root.value else {
        return;
    };
    let written: Vec<String> = entries
        .iter()
        .map(|(k, _)| k.name.to_string())
        .filter(|k| KEY_RESULT_FIELDS.contains(&k.as_str()))
        .collect();
    if written.is_empty() {
        return;
    }
    let Some(map) = json.as_object_mut() else {
        return;
    };
    let values: Vec<(String, Json)> = written
        .iter()
        .filter_map(|k| map.remove(k).map(|v| (k.clone(), v)))
        .collect();
    // The last key result that lacks all of them is the one they were meant for.
    let target = map
        .get_mut("key_results")
        .and_then(Json::as_array_mut)
        .and_then(|krs| {
            krs.iter_mut()
                .rev()
                .find(|kr| written.iter().all(|k| kr.get(k).is_none()) && kr.is_object())
        });
    let help = match target {
        Some(kr) => {
            let id = kr
                .get("id")
                .and_then(Json::as_str)
                .unwrap_or("its key result")
                .to_owned();
            if let Some(kr) = kr.as_object_mut() {
                kr.extend(values);
            }
            format!(
                "indent {} under the key result it measures (`{id}`?), in `key_results:`",
                words(&written)
            )
        }
        None => format!(
            "move {} into a key result: under `key_results:`, a `- id:` line, then the fields indented below it",
            words(&written)
        ),
    };
    reader.finding(
        &format!("/{}", written[0]),
        Target::Key,
        format!(
            "{} {} to a key result, not to the objective",
            words(&written),
            if written.len() == 1 {
                "belongs"
            } else {
                "belong"
            }
        ),
        Some(help),
        None,
    );
}

/// `{start: 2026-12-31, end: 2026-07-01}`: the period ends before it starts.
fn reversed_period(reader: &mut Reader, json: &mut Json) {
    let Some(period) = json.get_mut("period").and_then(Json::as_object_mut) else {
        return;
    };
    let (Some(start), Some(end)) = (
        period
            .get("start")
            .and_then(Json::as_str)
            .and_then(|s| s.parse::<jiff::civil::Date>().ok()),
        period
            .get("end")
            .and_then(Json::as_str)
            .and_then(|s| s.parse::<jiff::civil::Date>().ok()),
    ) else {
        return;
    };
    if end >= start {
        return;
    }
    period.insert("start".to_owned(), Json::String(end.to_string()));
    period.insert("end".to_owned(), Json::String(start.to_string()));
    reader.finding(
        "/period/end",
        Target::Value,
        format!("`period` ends ({end}) before it starts ({start})"),
        Some("swap `start` and `end`: `start` is the first day, `end` the last".to_owned()),
        None,
    );
}

/// `a`, `` `a` and `b` ``, `` `a`, `b` and `c` ``.
fn words(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The property names the schema allows at `pointer` (through `$ref`s, list items and
/// `oneOf`/`anyOf` branches).
fn schema_properties(compiled: &'static Compiled, pointer: &str) -> Vec<String> {
    let root = &compiled.json;
    let resolve = |mut s: &'static Json| -> &'static Json {
        for _ in 0..8 {
            match s
                .get("$ref")
                .and_then(Json::as_str)
                .and_then(|r| r.strip_prefix('#'))
                .and_then(|r| root.pointer(r))
            {
                Some(next) => s = next,
                None => break,
            }
        }
        s
    };
    let mut node = resolve(root);
    for segment in pointer.split('/').skip(1) {
        let next = if segment.bytes().all(|b| b.is_ascii_digit()) {
            node.get("items")
        } else {
            node.get("properties").and_then(|p| p.get(segment))
        };
        match next {
            Some(n) => node = resolve(n),
            None => return Vec::new(),
        }
    }
    let mut names: Vec<String> = Vec::new();
    let mut stack = vec![node];
    while let Some(s) = stack.pop() {
        if let Some(props) = s.get("properties").and_then(Json::as_object) {
            names.extend(props.keys().cloned());
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(branches) = s.get(key).and_then(Json::as_array) {
                stack.extend(branches.iter().map(resolve));
            }
        }
    }
    names
}

/// The index of the key result a pointer is inside: `/key_results/2/target` → 2.
fn key_result_index(pointer: &str) -> Option<usize> {
    pointer
        .strip_prefix("/key_results/")?
        .split('/')
        .next()?
        .parse()
        .ok()
}

/// Whether a pointer is inside one of the key results set aside.
fn under(pointer: &str, dropped: &BTreeSet<usize>) -> bool {
    key_result_index(pointer).is_some_and(|i| dropped.contains(&i))
}

/// Applies the repairs of one round. Returns whether the whole document must be set
/// aside. On later rounds (`strict`), a guess that did not take is left out instead.
fn mend(
    reader: &mut Reader,
    json: &mut Json,
    violations: &[crate::schema::Violation],
    dropped_krs: &mut BTreeSet<usize>,
    strict: bool,
) -> bool {
    let mut removals: Vec<String> = Vec::new();
    let mut whole = false;
    for v in violations {
        match &v.repair {
            Mend::Rename { node, to } => {
                let (parent, key) = split_pointer(node);
                if let Some(Json::Object(map)) = json.pointer_mut(&parent) {
                    if let Some(value) = map.remove(&key) {
                        if strict || map.contains_key(to) {
                            continue;
                        }
                        map.insert(to.clone(), value);
                    }
                }
            }
            Mend::Unknown { node } => removals.push(node.clone()),
            Mend::Missing { node, name } => {
                let in_kr = key_result_index(node);
                let is_kr = in_kr.is_some() && node.matches('/').count() == 2;
                match name.as_str() {
                    "id" if node.is_empty() => whole = true,
                    "id" if is_kr => {
                        dropped_krs.insert(in_kr.unwrap_or_default());
                    }
                    "title" => {
                        if let Some(Json::Object(map)) = json.pointer_mut(node) {
                            map.insert("title".to_owned(), Json::String(String::new()));
                        }
                    }
                    _ => removals.push(smallest_removal(node)),
                }
            }
            Mend::Value { node, repair } => {
                let repair = match repair {
                    Repair::Replace(_) if strict => &Repair::Drop,
                    other => other,
                };
                match repair {
                    Repair::Keep => {}
                    Repair::Replace(value) => {
                        if let Some(slot) = json.pointer_mut(node) {
                            *slot = value.clone();
                        }
                    }
                    Repair::Drop => {
                        if node.is_empty() || node == "/id" || node == "/kind" {
                            whole = true;
                        } else if let Some(index) = key_result_index(node)
                            .filter(|_| node.matches('/').count() == 2 || node.ends_with("/id"))
                        {
                            dropped_krs.insert(index);
                        } else {
                            removals.push(smallest_removal(node));
                        }
                    }
                }
            }
        }
    }
    // Later items first, so that earlier pointers still name their nodes.
    removals.sort_by(|a, b| compare_pointers(b, a));
    removals.dedup();
    for node in removals {
        let (parent, key) = split_pointer(&node);
        let entity = match key_result_index(&node) {
            Some(_) => reader.key_result_id(json, &node),
            None => reader.entity.clone(),
        };
        let field = node
            .split('/')
            .nth(if key_result_index(&node).is_some() {
                3
            } else {
                1
            })
            .unwrap_or_default()
            .to_owned();
        match json.pointer_mut(&parent) {
            Some(Json::Object(map)) => {
                if let Some(value) = map.remove(&key) {
                    lost(reader, entity.as_deref(), &field, &value);
                }
            }
            Some(Json::Array(items)) => {
                if let Ok(i) = key.parse::<usize>() {
                    if i < items.len() {
                        let value = items.remove(i);
                        lost(reader, entity.as_deref(), &field, &value);
                    }
                }
            }
            _ => {}
        }
    }
    whole
}

/// Records a field left out of an entity, with the references it held.
fn lost(reader: &mut Reader, entity: Option<&str>, field: &str, value: &Json) {
    let damage = &mut reader.out.damage;
    match entity {
        Some(id) => {
            damage.field(id, field);
            if matches!(
                field,
                "supports" | "contributes_to" | "depends_on" | "validated_by" | "parent"
            ) {
                for to in reference_ids(value) {
                    damage.references.push((id.to_owned(), to));
                }
            }
        }
        None => damage.unknown_references = true,
    }
}

/// What to leave out for a node that cannot be read: a whole check-in or link (half of
/// one means nothing), a whole period, else the node itself.
fn smallest_removal(node: &str) -> String {
    let segments: Vec<&str> = node.split('/').collect();
    for whole_item in ["checkins", "links"] {
        if let Some(at) = segments.iter().position(|s| *s == whole_item) {
            if segments.len() > at + 1 {
                return segments[..=at + 1].join("/");
            }
        }
    }
    if let Some(at) = segments.iter().position(|s| *s == "period") {
        return segments[..=at].join("/");
    }
    node.to_owned()
}

fn split_pointer(pointer: &str) -> (String, String) {
    match pointer.rfind('/') {
        Some(i) => (
            pointer[..i].to_owned(),
            pointer[i + 1..].replace("~1", "/").replace("~0", "~"),
        ),
        None => (String::new(), pointer.to_owned()),
    }
}

/// Pointers in document order, list indices compared as numbers.
fn compare_pointers(a: &str, b: &str) -> std::cmp::Ordering {
    let key = |p: &str| -> Vec<(u8, usize, String)> {
        p.split('/')
            .map(|s| match s.parse::<usize>() {
                Ok(n) => (0, n, String::new()),
                Err(_) => (1, 0, s.to_owned()),
            })
            .collect()
    };
    key(a).cmp(&key(b))
}

/// The ids a reference field holds, as written.
fn reference_ids(value: &Json) -> Vec<String> {
    match value {
        Json::String(s) => vec![s.clone()],
        Json::Array(items) => items.iter().flat_map(reference_ids).collect(),
        Json::Object(map) => map
            .get("id")
            .and_then(Json::as_str)
            .map(|s| vec![s.to_owned()])
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// Every reference a document set aside wrote, kept for holding back.
fn references(json: &Json, from: &str, damage: &mut Damage) {
    for field in [
        "supports",
        "contributes_to",
        "depends_on",
        "validated_by",
        "parent",
    ] {
        if let Some(value) = json.get(field) {
            for to in reference_ids(value) {
                damage.references.push((from.to_owned(), to));
            }
        }
    }
}

/// The document's own id and its key results' ids, when they are strings of a valid
/// shape. Ids of pieces set aside are still declared: a reference to them is not
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
