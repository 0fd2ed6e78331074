//! What a report knows beyond the plan files: git history. The report itself reads no
//! git; whoever has history (the `history` module, later) maps it into these types, and
//! every section built from them is simply absent when they are empty.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::model::Id;

/// Extra input of a report. `Input::default()` is a report of the working tree alone.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Input {
    /// The revision the plan was read at (`--rev`), shown in the headline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rev: Option<String>,
    /// The base revision the changes are relative to (`--base`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// Semantic changes, newest first.
    #[serde(default)]
    pub changes: Vec<Change>,
    /// Per key-result id, its value over time (oldest first).
    #[serde(default)]
    pub trends: BTreeMap<Id, Vec<TrendPoint>>,
    /// Commits that touched the plan, newest first.
    #[serde(default)]
    pub commits: Vec<Commit>,
}

impl Input {
    /// Whether there is any history to show.
    pub fn has_history(&self) -> bool {
        !(self.changes.is_empty() && self.trends.is_empty() && self.commits.is_empty())
    }
}

/// What happened to an entity or one of its fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EditKind {
    Added,
    Removed,
    Modified,
}

/// One semantic change: "KR-churn target 3.2 → 3.5 (lowered)".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub entity: Id,
    pub kind: EditKind,
    /// The field that changed (`target`, `status`, `supports`); none for a whole entity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The old and new values as people read them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
    /// The change in words, with its impact ("lowered, −38% of the planned improvement").
    pub summary: String,
}

/// A key result's value at one commit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendPoint {
    pub date: Date,
    pub value: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
}

/// A commit that touched the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Commit {
    pub hash: String,
    pub date: Date,
    pub author: String,
    pub subject: String,
}
