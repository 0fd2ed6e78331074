//! `bearing diff --format json`: the documented, versioned shape of a semantic diff
//! (docs/json-output.md, "bearing diff"). `log`'s JSON lives beside its human layout.

use std::io::{self, Write};

use serde::Serialize;

use super::diff::DiffView;
use crate::change::diff::{ChangeKind, EntityChange, Move};
use crate::change::impact::Impact;
use crate::change::snapshot::Side;
use crate::change::state::FileProblem;
use crate::vocab::Revision;

#[derive(Serialize)]
pub(crate) struct Tool {
    name: &'static str,
    version: &'static str,
}

impl Tool {
    pub(crate) fn bearing() -> Tool {
        Tool {
            name: "bearing",
            version: env!("CARGO_PKG_VERSION"),
        }
    }
}

#[derive(Serialize)]
struct Counts {
    added: usize,
    removed: usize,
    changed: usize,
    moved: usize,
}

#[derive(Serialize)]
struct SideProblem<'a> {
    side: Side,
    #[serde(flatten)]
    problem: &'a FileProblem,
}

#[derive(Serialize)]
struct DiffOut<'a> {
    version: u32,
    tool: Tool,
    base: &'a Revision,
    head: &'a Revision,
    as_of: String,
    summary: Counts,
    changes: &'a [EntityChange],
    moves: &'a [Move],
    impact: &'a Impact,
    problems: Vec<SideProblem<'a>>,
}

pub(crate) fn diff(view: &DiffView, out: &mut dyn Write) -> io::Result<()> {
    let d = view.diff;
    let output = DiffOut {
        version: super::json::JSON_VERSION,
        tool: Tool::bearing(),
        base: &view.base,
        head: &view.head,
        as_of: view.as_of.to_string(),
        summary: Counts {
            added: d.count(ChangeKind::Added),
            removed: d.count(ChangeKind::Removed),
            changed: d.count(ChangeKind::Changed),
            moved: d.moves.len(),
        },
        changes: &d.changes,
        moves: &d.moves,
        impact: view.impact,
        problems: view
            .problems
            .iter()
            .map(|(side, problem)| SideProblem {
                side: *side,
                problem,
            })
            .collect(),
    };
    super::pretty_json(out, &output)
}
