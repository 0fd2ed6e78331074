//! The plan as plain data: goals, objectives with their key results, projects.
//!
//! No I/O, no git, no diagnostics here. The loader builds these types from documents
//! that passed their JSON Schema, so the shapes below mirror `schema/*.schema.json`;
//! every entity remembers where it came from as an [`Origin`] (document and JSON
//! pointer), which the edge turns into file, line and column.

mod goal;
mod id;
mod objective;
pub mod period;
mod plan;
mod project;

pub use goal::{Category, Goal, GoalStatus};
pub use id::{Id, IdError, check_id};
pub use objective::{CheckIn, KeyResult, Objective, ObjectiveStatus};
pub use period::{Period, PeriodError};
pub use plan::{Entity, EntityKind, EntityStatus, Plan};
pub use project::{Budget, Contribution, Deliverable, Money, Project, ProjectStatus, Stage};

use serde::{Deserialize, Serialize};

/// Index of a document in the load order of the plan.
pub type DocId = usize;

/// Where an entity was written: its document, and the JSON pointer of the entity inside
/// it (`""` for a whole document, `/key_results/2` for a key result).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Origin {
    pub doc: DocId,
    pub pointer: String,
}

impl Origin {
    /// The pointer of a field of this entity.
    pub fn field(&self, name: &str) -> String {
        format!("{}/{}", self.pointer, name)
    }
}

/// Which way a metric should move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Increase,
    Decrease,
}

/// A measured quantity: where it started, where it should get, where it is.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Metric {
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub direction: Option<Direction>,
    #[serde(default)]
    pub baseline: Option<f64>,
    #[serde(default)]
    pub target: Option<f64>,
    #[serde(default)]
    pub current: Option<f64>,
}

impl Metric {
    /// A metric is measurable when it has a numeric baseline and target.
    pub fn is_measurable(&self) -> bool {
        self.baseline.is_some() && self.target.is_some()
    }

    /// The stated direction, else the one implied by baseline and target.
    pub fn direction(&self) -> Option<Direction> {
        self.direction.or(match (self.baseline, self.target) {
            (Some(b), Some(t)) if t < b => Some(Direction::Decrease),
            (Some(b), Some(t)) if t > b => Some(Direction::Increase),
            _ => None,
        })
    }
}

/// A link shown beside an entity in reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}
