//! "Since the last review", as data: what a monthly or quarterly review asks first. Key
//! results that moved (progress before and after), confidence changes, new risks (newly
//! off track or at risk, newly stale), lowered targets, newly orphaned work, and what was
//! added or dropped. [`super::compare`] builds it.

use jiff::civil::Date;
use serde::Serialize;

use crate::change::diff::EntityChange;
use crate::change::impact::LoweredTarget;
use crate::measure::progress::Track;
use crate::model::{EntityKind, Id};

/// The review section of a report.
#[derive(Debug, Clone, Serialize)]
pub struct Review {
    pub since: ReviewStart,
    /// Key results whose value or progress moved, the largest move first.
    pub moved: Vec<KrMove>,
    /// Key results whose confidence changed, the largest drop first.
    pub confidence: Vec<ConfidenceChange>,
    /// Key results newly off track, at risk or stale: worst first.
    pub new_risks: Vec<Risk>,
    /// Targets moved toward their baseline, the largest share given up first.
    pub lowered_targets: Vec<LoweredTarget>,
    /// Objectives and projects that served an active goal at the review and serve none now.
    pub newly_orphaned: Vec<Orphaned>,
    /// Entities new since the review.
    pub added: Vec<EntityLine>,
    /// Entities removed since the review, or set to dropped, cancelled or paused.
    pub dropped: Vec<EntityLine>,
    /// Every change between the two revisions, as `bearing diff` lists them.
    pub changes: Vec<EntityChange>,
}

/// Where the review period starts.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewStart {
    /// As given: a revision, a date, or the review tag found.
    pub rev: String,
    /// The commit the plan was read at (short).
    pub commit: String,
    /// The day of the review: the plan then is measured as of it.
    pub date: Date,
    /// How it was chosen: `revision`, `date` or `tag`.
    pub from: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct KrMove {
    pub id: Id,
    pub objective: Id,
    pub title: String,
    pub unit: Option<String>,
    pub value_before: Option<f64>,
    pub value_after: Option<f64>,
    pub progress_before: Option<f64>,
    pub progress_after: Option<f64>,
    /// Progress gained (negative when lost), where both sides are measured.
    pub progress_delta: Option<f64>,
    pub track_before: Track,
    pub track_after: Track,
}

impl KrMove {
    pub(super) fn size(&self) -> f64 {
        self.progress_delta.unwrap_or(0.0).abs()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ConfidenceChange {
    pub id: Id,
    pub title: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
}

/// A key result that became a risk since the review.
#[derive(Debug, Clone, Serialize)]
pub struct Risk {
    pub id: Id,
    pub title: String,
    /// `off-track`, `at-risk` or `stale`.
    pub risk: &'static str,
    /// Its track at the review (for a track risk).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub was: Option<Track>,
    /// The finding's message now.
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Orphaned {
    pub kind: EntityKind,
    pub id: Id,
    pub title: String,
    pub why: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntityLine {
    pub kind: EntityKind,
    pub id: Id,
    pub title: String,
    /// `added`, `removed`, or the new status (`dropped`, `cancelled`, `paused`, `on-hold`).
    pub what: String,
}
