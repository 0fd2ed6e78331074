//! Hooks for the fuzz targets in `fuzz/`, and only for them: hidden from the
//! documentation and not part of the library's interface. They exist because what the
//! targets hold to account is private to the crate: the schema layer
//! ([`crate::schema`]) and the renderers of `bearing check` ([`crate::render`]).
//! (The YAML readers have their own hook, [`crate::yaml::fuzzing`].)

use serde_json::Value;

use crate::check::CheckReport;
use crate::schema::{self, Compiled, Mend, Violation};
use crate::vocab::PathBase;
use crate::yaml::parse::{YamlLimits, parse_documents, stack_size_for};

/// Reads `text` as YAML documents (bearing's reader, default limits) and, when it is
/// JSON, as JSON too; validates every document against each kind's schema, the bundled
/// plan schema and the config schema through [`schema::violations`]. `Err` says what
/// broke:
///
/// - a schema finds violations exactly when its validator calls the document invalid;
/// - every violation, and the node its repair works on, names a node of the document
///   (its JSON pointer resolves), so that a finding can be placed;
/// - a document whose `kind` is `Goal`, `Objective` or `Project` is valid for the
///   bundled plan schema (what editors use) exactly when it is for its kind's schema
///   (what bearing uses).
///
/// It runs on a thread with the stack the crate gives a reader: a panic in the reader
/// or the validator is a panic here.
pub fn schema(text: &str) -> Result<(), String> {
    let text = text.to_owned();
    let limits = YamlLimits::default();
    let reader = std::thread::Builder::new()
        .stack_size(stack_size_for(&limits))
        .spawn(move || {
            let mut documents: Vec<Value> = match parse_documents(&text, &limits) {
                Ok(roots) => roots.iter().map(crate::load::node_to_json).collect(),
                Err(_) => Vec::new(),
            };
            if let Ok(json) = serde_json::from_str::<Value>(&text) {
                documents.push(json);
            }
            documents.iter().try_for_each(validate)
        })
        .map_err(|error| format!("no thread to validate on: {error}"))?;
    match reader.join() {
        Ok(outcome) => outcome,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

fn validate(document: &Value) -> Result<(), String> {
    let kinds = ["Goal", "Objective", "Project"];
    let mut schemas: Vec<(&str, &Compiled)> = kinds
        .iter()
        .filter_map(|kind| Some((*kind, schema::for_kind(kind)?)))
        .collect();
    schemas.push(("config", schema::config()));
    schemas.push(("plan", plan_schema()));
    for (name, compiled) in &schemas {
        let valid = compiled.validator.is_valid(document);
        let found = schema::violations(compiled, document);
        if valid != found.is_empty() {
            return Err(format!(
                "{name} schema: the validator says valid={valid}, yet violations are {found:?}\ndocument: {document}"
            ));
        }
        for violation in &found {
            if let Some(node) = unplaced(violation, document) {
                return Err(format!(
                    "{name} schema: `{node}` names no node of the document\nviolation: {violation:?}\ndocument: {document}"
                ));
            }
        }
    }
    let kind = document.get("kind").and_then(Value::as_str);
    if let Some(own) = kind.and_then(schema::for_kind) {
        let by_kind = own.validator.is_valid(document);
        let by_plan = plan_schema().validator.is_valid(document);
        if by_kind != by_plan {
            return Err(format!(
                "the plan schema says valid={by_plan} and the {} schema valid={by_kind}\ndocument: {document}",
                kind.unwrap_or_default()
            ));
        }
    }
    Ok(())
}

/// The first pointer of `violation` (its own, or its repair's node) that does not
/// resolve in `document`.
fn unplaced(violation: &Violation, document: &Value) -> Option<String> {
    let node = match &violation.repair {
        Mend::Value { node, .. }
        | Mend::Rename { node, .. }
        | Mend::Unknown { node }
        | Mend::Missing { node, .. } => node,
    };
    [&violation.pointer, node]
        .into_iter()
        .find(|pointer| document.pointer(pointer).is_none())
        .cloned()
}

/// The bundled plan schema (`bearing schema plan`), compiled once.
fn plan_schema() -> &'static Compiled {
    static PLAN: std::sync::OnceLock<Compiled> = std::sync::OnceLock::new();
    PLAN.get_or_init(|| {
        let text = schema::text("plan").expect("the plan schema is bundled");
        let json: Value = serde_json::from_str(&text).expect("the bundle is JSON (tested)");
        let validator = schema::compile(&json).expect("the bundle compiles (tested)");
        Compiled { validator, json }
    })
}

/// Every output `bearing check` can give of `report`, by format name: `human` (no
/// colour), `json`, `sarif` and `github`, each as `bearing check --format` writes it
/// (machine outputs name files from the plan root).
pub fn check_outputs(report: &CheckReport) -> Vec<(&'static str, Vec<u8>)> {
    let base = PathBase::plan_root();
    let mut outputs = Vec::new();
    let mut human = Vec::new();
    let style = crate::render::human::Style {
        color: false,
        quiet: false,
    };
    if crate::render::human::render(report, style, &mut human).is_ok() {
        outputs.push(("human", human));
    }
    type Render = fn(&CheckReport, &PathBase, &mut dyn std::io::Write) -> std::io::Result<()>;
    let machine: [(&'static str, Render); 3] = [
        ("json", crate::render::json::render),
        ("sarif", crate::render::sarif::render),
        ("github", crate::render::github::render),
    ];
    for (name, render) in machine {
        let mut out = Vec::new();
        if render(report, &base, &mut out).is_ok() {
            outputs.push((name, out));
        }
    }
    outputs
}
