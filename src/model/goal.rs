//! Goal: a business outcome, optionally with its own metric and a parent goal.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{Id, Link, Metric, Origin};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Financial,
    Revenue,
    Cost,
    Customer,
    Operational,
    People,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GoalStatus {
    #[default]
    Active,
    Achieved,
    Dropped,
    OnHold,
}

impl GoalStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            GoalStatus::Active => "active",
            GoalStatus::Achieved => "achieved",
            GoalStatus::Dropped => "dropped",
            GoalStatus::OnHold => "on-hold",
        }
    }

    /// In prose: `on hold`, not the YAML value `on-hold`.
    pub fn words(self) -> &'static str {
        match self {
            GoalStatus::OnHold => "on hold",
            other => other.as_str(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    pub id: Id,
    pub title: String,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub category: Option<Category>,
    #[serde(default)]
    pub status: GoalStatus,
    #[serde(default)]
    pub parent: Option<Id>,
    #[serde(default)]
    pub start: Option<Date>,
    #[serde(default)]
    pub due: Option<Date>,
    #[serde(flatten)]
    pub metric: Metric,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub links: Vec<Link>,
    #[serde(skip)]
    pub origin: Origin,
}

impl Goal {
    pub fn is_active(&self) -> bool {
        self.status == GoalStatus::Active
    }

    /// A goal is measured when it has a numeric baseline and target.
    pub fn has_metric(&self) -> bool {
        self.metric.is_measurable()
    }
}
