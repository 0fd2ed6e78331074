//! Objective: an OKR that supports goals, measured by its key results.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{Id, Link, Metric, Origin, Period};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ObjectiveStatus {
    #[default]
    Active,
    Done,
    Dropped,
}

impl ObjectiveStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectiveStatus::Active => "active",
            ObjectiveStatus::Done => "done",
            ObjectiveStatus::Dropped => "dropped",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Objective {
    pub id: Id,
    pub title: String,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub supports: Vec<Id>,
    #[serde(default)]
    pub period: Option<Period>,
    #[serde(default)]
    pub status: ObjectiveStatus,
    #[serde(default)]
    pub key_results: Vec<KeyResult>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub links: Vec<Link>,
    #[serde(skip)]
    pub origin: Origin,
}

impl Objective {
    pub fn is_active(&self) -> bool {
        self.status == ObjectiveStatus::Active
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyResult {
    pub id: Id,
    pub title: String,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(flatten)]
    pub metric: Metric,
    #[serde(default)]
    pub confidence: Option<f64>,
    #[serde(default)]
    pub weight: Option<f64>,
    #[serde(default)]
    pub checkins: Vec<CheckIn>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub links: Vec<Link>,
    #[serde(skip)]
    pub origin: Origin,
}

impl KeyResult {
    /// The weight of this key result in its objective's progress.
    pub fn weight(&self) -> f64 {
        self.weight.unwrap_or(1.0)
    }

    /// The newest explicit check-in, if any.
    pub fn latest_checkin(&self) -> Option<&CheckIn> {
        self.checkins.iter().max_by_key(|c| c.date)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckIn {
    pub date: Date,
    pub value: f64,
    #[serde(default)]
    pub confidence: Option<f64>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
}
