//! `bearing log`: the semantic history for people (newest first) and as JSON.

use std::io::{self, Write};

use jiff::civil::Date;
use serde::Serialize;

use super::changes::write_human;
use super::visible;
use crate::change::series::Series;
use crate::history::walk::{CommitChanges, History};
use crate::history::{damage_message, truncation_message};
use crate::vocab::Revision;

/// What `log` shows, besides the walk itself.
#[derive(Debug)]
pub(crate) struct LogView<'a> {
    pub history: &'a History,
    /// The series to show: all of them, or the entity's.
    pub series: &'a Series,
    pub head: Revision,
    pub entity: Option<&'a str>,
    pub since: Option<Date>,
    pub until: Option<Date>,
}

/// The human layout: one block per commit, one line per change, one per field.
pub(crate) fn human(view: &LogView, out: &mut dyn Write) -> io::Result<()> {
    let h = view.history;
    for c in &h.commits {
        commit_block(c, out)?;
    }
    let what = match view.entity {
        Some(id) => format!("`{id}`"),
        None => "the plan".to_owned(),
    };
    let n = h.commits.len();
    writeln!(
        out,
        "{n} {} changed {what} ({} walked from {}, first parent)",
        if n == 1 { "commit" } else { "commits" },
        h.commits_walked,
        view.head.label()
    )?;
    if let Some(message) = damage_message(&h.damaged) {
        writeln!(out, "warning: {message}")?;
    }
    if let Some(at) = &h.truncated_at {
        writeln!(out, "warning: {}", truncation_message(at))?;
    }
    Ok(())
}

fn commit_block(c: &CommitChanges, out: &mut dyn Write) -> io::Result<()> {
    let escape = |s: &str| visible(s).replace('\n', " ");
    let merge = if c.parents > 1 { " (merge)" } else { "" };
    writeln!(
        out,
        "commit {}{merge}  {}  {}",
        &c.commit[..c.commit.len().min(7)],
        c.date,
        escape(&c.author)
    )?;
    writeln!(out, "    {}", escape(&c.subject))?;
    if c.changes.is_empty() && c.moves.is_empty() && c.problems.is_empty() {
        writeln!(out, "  (no semantic change: formatting or comments)")?;
    }
    write_human(&c.changes, &c.moves, &escape, out)?;
    for p in &c.problems {
        writeln!(out, "  ! {}: {}", escape(&p.path), escape(&p.message))?;
    }
    writeln!(out)
}

#[derive(Serialize)]
struct Truncated {
    at: String,
    message: String,
}

#[derive(Serialize)]
struct LogOut<'a> {
    version: u32,
    tool: super::history_json::Tool,
    head: &'a Revision,
    first_parent: bool,
    entity: Option<&'a str>,
    since: Option<String>,
    until: Option<String>,
    truncated: Option<Truncated>,
    /// File versions git could not read: the history is incomplete there.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    damaged: Vec<DamagedVersion<'a>>,
    commits_walked: usize,
    commits: &'a [CommitChanges],
    series: &'a Series,
}

#[derive(Serialize)]
struct DamagedVersion<'a> {
    commit: &'a str,
    date: &'a str,
    path: &'a str,
}

/// The documented JSON shape (docs/json-output.md, "bearing log").
pub(crate) fn json(view: &LogView, out: &mut dyn Write) -> io::Result<()> {
    let h = view.history;
    let output = LogOut {
        version: super::json::JSON_VERSION,
        tool: super::history_json::Tool::bearing(),
        head: &view.head,
        first_parent: true,
        entity: view.entity,
        since: view.since.map(|d| d.to_string()),
        until: view.until.map(|d| d.to_string()),
        truncated: h.truncated_at.as_ref().map(|at| Truncated {
            at: at.clone(),
            message: truncation_message(at),
        }),
        damaged: h
            .damaged
            .iter()
            .map(|d| DamagedVersion {
                commit: &d.commit,
                date: &d.date,
                path: &d.path,
            })
            .collect(),
        commits_walked: h.commits_walked,
        commits: &h.commits,
        series: view.series,
    };
    super::pretty_json(out, &output)
}
