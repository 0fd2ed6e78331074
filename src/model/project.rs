//! Project: the work meant to move key results.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{Id, Origin};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProjectStatus {
    Proposed,
    #[default]
    Active,
    Paused,
    Done,
    Cancelled,
}

impl ProjectStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ProjectStatus::Proposed => "proposed",
            ProjectStatus::Active => "active",
            ProjectStatus::Paused => "paused",
            ProjectStatus::Done => "done",
            ProjectStatus::Cancelled => "cancelled",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Pilot,
    Rollout,
}

/// One entry of `contributes_to`: a key-result or objective id, with the effect the
/// project is expected to have on it when written as `{id, expected}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contribution {
    pub id: Id,
    pub expected: Option<f64>,
    /// Written as a mapping (`{id: …}`) rather than a bare id: the id's JSON pointer
    /// then ends in `/id`.
    #[serde(skip)]
    pub as_mapping: bool,
}

impl<'de> Deserialize<'de> for Contribution {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Plain(Id),
            Mapping { id: Id, expected: Option<f64> },
        }
        Ok(match Raw::deserialize(d)? {
            Raw::Plain(id) => Contribution {
                id,
                expected: None,
                as_mapping: false,
            },
            Raw::Mapping { id, expected } => Contribution {
                id,
                expected,
                as_mapping: true,
            },
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Budget {
    #[serde(default)]
    pub planned: Option<f64>,
    #[serde(default)]
    pub spent: Option<f64>,
    #[serde(default)]
    pub currency: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Money {
    #[serde(default)]
    pub amount: Option<f64>,
    #[serde(default)]
    pub currency: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deliverable {
    pub title: String,
    #[serde(default)]
    pub due: Option<Date>,
    #[serde(default)]
    pub done: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Project {
    pub id: Id,
    pub title: String,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub status: ProjectStatus,
    #[serde(default)]
    pub contributes_to: Vec<Contribution>,
    #[serde(default)]
    pub stage: Option<Stage>,
    #[serde(default)]
    pub validated_by: Option<Id>,
    #[serde(default)]
    pub start: Option<Date>,
    #[serde(default)]
    pub due: Option<Date>,
    #[serde(default)]
    pub budget: Option<Budget>,
    #[serde(default)]
    pub expected_value: Option<Money>,
    #[serde(default)]
    pub outcome: Option<String>,
    #[serde(default)]
    pub deliverables: Vec<Deliverable>,
    #[serde(default)]
    pub depends_on: Vec<Id>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub links: Vec<super::Link>,
    #[serde(skip)]
    pub origin: Origin,
}

impl Project {
    /// Active and proposed projects are the ones alignment is about.
    pub fn is_in_play(&self) -> bool {
        matches!(self.status, ProjectStatus::Active | ProjectStatus::Proposed)
    }

    /// The JSON pointer of the id of its `index`-th contribution.
    pub fn contribution_pointer(&self, index: usize) -> String {
        let base = self.origin.field(&format!("contributes_to/{index}"));
        if self.contributes_to[index].as_mapping {
            format!("{base}/id")
        } else {
            base
        }
    }
}
