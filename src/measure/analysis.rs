//! What [`analyze`](super::analyze) computes: each entity's measures, and when each
//! key result was last updated.

use foldhash::HashMap;
use jiff::civil::Date;
use serde::Serialize;

use super::alignment::{AlignmentScore, ProjectAlignment};
use super::delivery::{Delivery, Quadrant};
use super::progress::Track;
use crate::model::{GoalStatus, Id, ObjectiveStatus, Period, ProjectStatus};

/// When a key result's value was last updated, and how that is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LastUpdate {
    /// The day of the update; with `before`, the first day of the staleness window: git
    /// history is read back to that day only, and the update came earlier.
    pub date: Date,
    /// `checkin` (an explicit check-in) or `git` (a commit that changed `current`).
    pub source: &'static str,
    /// The update is older than the window: `date` is a bound, not the day.
    pub before: bool,
}

/// Extra knowledge from outside the plan files: git history, when there is one.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    /// Per key-result id, the date its `current` value was last changed in git, on or
    /// after `window` when there is one.
    pub current_changed: HashMap<Id, Date>,
    /// The first day git history is read for (`as_of` minus `stale-kr`'s days): a
    /// change of `current` before it is not dated, only known to be older.
    pub window: Option<Date>,
    /// Key results whose `current` was last changed before `window`.
    pub changed_before: foldhash::HashSet<Id>,
    /// Whether the history of `current` was read at all: outside a repository (or with
    /// `--no-history`) only check-ins date a key result.
    pub history: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct KeyResultMeasure {
    pub id: Id,
    pub objective: Id,
    /// The value progress is computed from: `current`, or a newer check-in.
    pub value: Option<f64>,
    pub progress: Option<f64>,
    pub expected: Option<f64>,
    pub track: Track,
    pub last_update: Option<LastUpdate>,
    /// The sum of the `expected` effects projects state on it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub planned_effect: Option<f64>,
    /// Projects contributing to it, directly or through its objective.
    pub projects: Vec<Id>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveMeasure {
    pub id: Id,
    pub status: ObjectiveStatus,
    /// Active and supporting an active goal.
    pub aligned: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    pub period: Option<Period>,
    pub progress: Option<f64>,
    pub expected: Option<f64>,
    pub track: Track,
}

/// What a goal's progress is measured by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProgressFrom {
    /// Its own baseline, target and current.
    Metric,
    /// The mean of its objectives' progress.
    Objectives,
}

#[derive(Debug, Clone, Serialize)]
pub struct GoalMeasure {
    pub id: Id,
    pub status: GoalStatus,
    /// Its own metric, or the mean of its objectives'.
    pub progress_from: ProgressFrom,
    pub progress: Option<f64>,
    pub expected: Option<f64>,
    pub track: Track,
    /// Active objectives that support it.
    pub objectives: Vec<Id>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectMeasure {
    pub id: Id,
    pub status: ProjectStatus,
    #[serde(flatten)]
    pub alignment: ProjectAlignment,
    pub delivery: Delivery,
    /// Mean progress of what it contributes to.
    pub impact: Option<f64>,
    pub outcome: Quadrant,
    pub roi: Option<f64>,
}

/// Every measure of a plan at one date.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    pub as_of: Date,
    pub alignment: AlignmentScore,
    pub goals: Vec<GoalMeasure>,
    pub objectives: Vec<ObjectiveMeasure>,
    pub key_results: Vec<KeyResultMeasure>,
    pub projects: Vec<ProjectMeasure>,
    /// Whether the history of `current` was read (see [`Evidence::history`]).
    #[serde(skip)]
    pub history: bool,
    #[serde(skip)]
    pub(super) kr_index: HashMap<Id, usize>,
}

impl LastUpdate {
    pub(super) fn on(date: Date, source: &'static str) -> LastUpdate {
        LastUpdate {
            date,
            source,
            before: false,
        }
    }
}

/// `{"date", "source"}`, or `{"before", "source"}` for an update older than the window
/// (docs/json-output.md): a reader never takes a bound for the day.
impl Serialize for LastUpdate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry(if self.before { "before" } else { "date" }, &self.date)?;
        map.serialize_entry("source", self.source)?;
        map.end()
    }
}

impl Analysis {
    pub fn key_result(&self, id: &Id) -> Option<&KeyResultMeasure> {
        self.kr_index.get(id).map(|&i| &self.key_results[i])
    }
}
