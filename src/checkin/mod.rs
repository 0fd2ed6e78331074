//! `checkin` as an operation: a new check-in for one key result, written into its plan
//! file in place, every other byte kept, and checked with the real loader and rules
//! before anything is written.
//!
//! [`prepare`] computes the new text and refuses an edit that would make the plan
//! invalid (or change it in any way other than the one new check-in); [`write`] puts it
//! in place through a temporary file and a rename, so a reader never sees half a file.
//! Prints nothing and reads no clock: the command passes the date in.

mod insert;
mod verify;

use std::io::Write;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::load::{Loaded, load};
use crate::model::{CheckIn, Id};
use crate::workspace::{Workspace, WorkspaceError};
use crate::yaml::node::{Node, Value};
use insert::{Checkins, Place, insert};
use verify::verify;

/// One check-in to add.
#[derive(Debug, Clone)]
pub(crate) struct CheckinRequest<'a> {
    pub key_result: &'a str,
    pub value: f64,
    pub confidence: Option<f64>,
    pub note: Option<&'a str>,
    pub date: Date,
}

/// A check-in ready to be written: the file and its text before and after.
#[derive(Debug, Clone)]
pub(crate) struct Edit {
    /// The plan file, absolute.
    pub path: PathBuf,
    /// The path as findings show it.
    pub shown: String,
    pub before: String,
    pub after: String,
    pub objective: Id,
    pub key_result: Id,
    pub checkin: CheckIn,
}

/// Why a check-in was not written.
#[derive(Debug, thiserror::Error)]
pub(crate) enum CheckinError {
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
    /// The request or the plan does not allow it; `help` says what to change.
    #[error("{message}")]
    Refused { message: String, help: String },
    #[error("cannot write `{path}`: {error}")]
    Io { path: String, error: std::io::Error },
}

fn refused(message: impl Into<String>, help: impl Into<String>) -> CheckinError {
    CheckinError::Refused {
        message: message.into(),
        help: help.into(),
    }
}

/// Reads the plan, finds the key result and computes the file with the new check-in,
/// refusing it unless the plan read back is the same plan plus exactly that check-in,
/// with no new input, schema or error-level finding.
pub(crate) fn prepare(
    workspace: &Workspace,
    request: &CheckinRequest,
) -> Result<Edit, CheckinError> {
    validate_numbers(request)?;
    let files = workspace.read_plan_files(&[])?;
    let before = load(files.clone(), &workspace.config.limits.yaml);
    let id = request.key_result;
    let Some((objective, kr)) = before.plan.key_results().find(|(_, k)| k.id.as_str() == id) else {
        return Err(not_found(&before, id));
    };
    if let Some(same) = kr.checkins.iter().find(|c| c.date == request.date) {
        return Err(refused(
            format!(
                "`{id}` already has a check-in on {} (value {})",
                request.date,
                crate::format::number(same.value)
            ),
            "edit that line, or give another day with --date",
        ));
    }
    let doc = before
        .sources
        .docs
        .get(kr.origin.doc)
        .ok_or_else(|| internal("the key result's document is missing"))?;
    let file = before
        .sources
        .files
        .get(doc.file)
        .ok_or_else(|| internal("the key result's file is missing"))?;
    let node = walk(&doc.root, &kr.origin.pointer)
        .ok_or_else(|| internal("the key result's node is missing"))?;
    let place = place_of(&file.text, node);
    let checkin = CheckIn {
        date: request.date,
        value: request.value,
        confidence: request.confidence,
        note: request.note.map(str::to_owned),
        author: None,
    };
    let after = insert(&file.text, place, &entry_text(&checkin)).map_err(|e| {
        refused(
            format!("cannot add a check-in to `{id}` in `{}`: {e}", file.path),
            "edit the file by hand, or rewrite the key result in block style",
        )
    })?;
    let shown = file.path.clone();
    let objective_id = objective.id.clone();
    let edit = Edit {
        path: workspace.root.join(&shown),
        shown,
        before: file.text.to_string(),
        after,
        objective: objective_id,
        key_result: kr.id.clone(),
        checkin,
    };
    verify(workspace, files, before, &edit, id)?;
    Ok(edit)
}

/// Writes the edit: a temporary file beside the plan file, then a rename over it.
pub(crate) fn write(edit: &Edit) -> Result<(), CheckinError> {
    write_atomically(&edit.path, edit.after.as_bytes()).map_err(|error| CheckinError::Io {
        path: edit.shown.clone(),
        error,
    })
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename,
/// keeping the file's permissions: a crash leaves the old file or the new one.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.bearing-{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&temp, meta.permissions())?;
        }
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

fn internal(what: &str) -> CheckinError {
    refused(
        format!("internal error: {what}"),
        "this is a bug in bearing; please report it",
    )
}

fn validate_numbers(request: &CheckinRequest) -> Result<(), CheckinError> {
    if !request.value.is_finite() {
        return Err(refused(
            format!("`{}` is not a value a key result can have", request.value),
            "give a finite number, e.g. 3.5",
        ));
    }
    if let Some(c) = request.confidence {
        if !(0.0..=1.0).contains(&c) {
            return Err(refused(
                format!("confidence {c} is outside 0..1"),
                "give the owner's belief that the target will be met, from 0 to 1, e.g. 0.7",
            ));
        }
    }
    Ok(())
}

fn not_found(loaded: &Loaded, id: &str) -> CheckinError {
    let lower = id.to_lowercase();
    let near: Vec<String> = loaded
        .plan
        .key_results()
        .map(|(_, k)| k.id.as_str())
        .filter(|k| k.to_lowercase() == lower || k.to_lowercase().contains(&lower))
        .take(3)
        .map(|k| format!("`{k}`"))
        .collect();
    let kind = loaded.plan.declared_kind(id);
    let message = match kind {
        Some(kind) if kind != crate::model::EntityKind::KeyResult => {
            format!("`{id}` is {}, not a key result", kind.a_noun())
        }
        Some(_) => format!("key result `{id}` is not valid: run `bearing check` to see why"),
        None => format!("no key result `{id}` in the plan"),
    };
    let help = if near.is_empty() {
        "`bearing check --format json` lists every key result; ids are case-sensitive".to_owned()
    } else {
        format!("did you mean {}?", near.join(", "))
    };
    refused(message, help)
}

/// The node at a JSON pointer.
fn walk<'a>(root: &'a Node, pointer: &str) -> Option<&'a Node> {
    let mut node = root;
    for segment in pointer.split('/').skip(1) {
        node = match &node.value {
            Value::Map(_) => node.get(segment)?,
            Value::Seq(items) => items.get(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// 0-based line and byte column of an offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let line = text[..offset].matches('\n').count();
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    (line, offset - start)
}

fn place_of(text: &str, kr: &Node) -> Place {
    let (kr_line, key_column) = line_column(text, kr.pos.start());
    let checkins = kr.get("checkins").map(|node| {
        let (line, column) = line_column(text, node.pos.start());
        let flow = text[node.pos.start().min(text.len())..].starts_with('[');
        if flow {
            Checkins::Flow { line }
        } else {
            Checkins::Block {
                first_item_line: line,
                dash_column: column,
            }
        }
    });
    Place {
        kr_line,
        key_column,
        checkins,
    }
}

/// The check-in as a one-line flow mapping, as the worked example writes them.
pub(crate) fn entry_text(checkin: &CheckIn) -> String {
    let mut text = format!(
        "{{date: {}, value: {}",
        checkin.date,
        yaml_number(checkin.value)
    );
    if let Some(c) = checkin.confidence {
        text.push_str(&format!(", confidence: {}", yaml_number(c)));
    }
    if let Some(note) = &checkin.note {
        text.push_str(&format!(", note: {}", yaml_string(note)));
    }
    if let Some(author) = &checkin.author {
        text.push_str(&format!(", author: {}", yaml_string(author)));
    }
    text.push('}');
    text
}

/// A number as YAML reads it back exactly: `42`, `3.45`, `-0.5`.
pub(crate) fn yaml_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        // Exact: the value is an integer well inside i64.
        #[allow(clippy::cast_possible_truncation)] // integral and below 1e15
        let int = value as i64;
        format!("{int}")
    } else {
        format!("{value}")
    }
}

/// Text as a YAML scalar: plain where that reads back as the same string inside a flow
/// mapping, else double-quoted (JSON's escapes are YAML's).
pub(crate) fn yaml_string(text: &str) -> String {
    let plain = !text.is_empty()
        && text.chars().next().is_some_and(char::is_alphabetic)
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || " .-_/()%'+=".contains(c))
        && !text.ends_with(' ')
        && !matches!(
            text.to_lowercase().as_str(),
            "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n" | "nan" | "inf"
        );
    if plain {
        text.to_owned()
    } else {
        serde_json::to_string(text).unwrap_or_else(|_| format!("{text:?}"))
    }
}
