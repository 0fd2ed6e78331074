//! The typed context of each page of the site, as its template reads it.

use std::collections::HashMap;

use jiff::civil::Date;
use serde::Serialize;

use crate::measure::progress::Track;
use crate::model::EntityStatus;
use crate::report::input::{Change, Commit};
use crate::report::model::{
    FindingEntry, GoalEntry, Headline, KeyResultEntry, ObjectiveEntry, Orphan, ProjectEntry,
};
use crate::report::review::{KrMove, Review, ReviewStart};
use crate::report::svg::Sample;

#[derive(Debug, Clone, Copy, Serialize)]
pub(super) struct SiteInfo<'a> {
    pub(super) title: &'a str,
    pub(super) as_of: Date,
    pub(super) version: &'static str,
    pub(super) rev: Option<&'a str>,
    pub(super) base: Option<&'a str>,
    pub(super) has_history: bool,
    /// Where "since the last review" starts, when the report has one.
    pub(super) review: Option<&'a ReviewStart>,
    /// The part of the plan shown (`--goal`, `--owner`).
    pub(super) part: Option<&'a str>,
    pub(super) incomplete: bool,
    /// The kind of page (`index`, `changes`, `goal`, …), for the navigation.
    pub(super) current: &'static str,
}

/// A reference to another entity, with its page when it has one.
#[derive(Debug, Serialize)]
pub(super) struct Link {
    pub(super) id: String,
    pub(super) href: Option<String>,
    pub(super) title: Option<String>,
    pub(super) status: Option<EntityStatus>,
}

/// A Markdown description as sanitised HTML, or the reason it is not shown.
#[derive(Debug, Serialize)]
pub(super) struct Description {
    pub(super) html: Option<String>,
    pub(super) note: Option<String>,
}

#[derive(Debug, Serialize)]
pub(super) struct GoalRow<'a> {
    pub(super) goal: &'a GoalEntry,
    pub(super) href: Option<String>,
    pub(super) bar: String,
    /// 0 for a top goal, 1 for its sub-goals, …
    pub(super) depth: usize,
}

#[derive(Debug, Serialize)]
pub(super) struct KrRow<'a> {
    pub(super) kr: &'a KeyResultEntry,
    pub(super) href: Option<String>,
    pub(super) objective: Link,
    pub(super) bar: String,
}

#[derive(Debug, Serialize)]
pub(super) struct OrphanRow<'a> {
    pub(super) orphan: &'a Orphan,
    pub(super) href: Option<String>,
}

#[derive(Debug, Serialize)]
pub(super) struct ProjectRow<'a> {
    pub(super) project: &'a ProjectEntry,
    pub(super) href: Option<String>,
    pub(super) impact_bar: String,
    /// Delivery in words: "2 of 3 deliverables · overdue by 5 days · 109% of budget".
    pub(super) delivery: String,
    pub(super) outcome_class: &'static str,
    /// On a goal's page, the sub-goal a project is aligned through.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) via: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub(super) struct ChangeRow<'a> {
    pub(super) change: &'a Change,
    pub(super) href: Option<String>,
}

#[derive(Debug, Serialize)]
pub(super) struct IndexPage<'a> {
    pub(super) site: SiteInfo<'a>,
    pub(super) headline: &'a Headline,
    pub(super) goals: Vec<GoalRow<'a>>,
    pub(super) at_risk: Vec<KrRow<'a>>,
    pub(super) more_at_risk: usize,
    pub(super) orphans: Vec<OrphanRow<'a>>,
    pub(super) more_orphans: usize,
    pub(super) chart: String,
    /// Every point of the chart by its number: the key beside it and its data table.
    pub(super) chart_key: Vec<ChartKey<'a>>,
    /// Projects on the chart, and those that could be.
    pub(super) charted: usize,
    pub(super) chartable: usize,
    /// "Delivered, no impact" first.
    pub(super) projects: Vec<ProjectRow<'a>>,
    pub(super) more_projects: usize,
    /// By entity, the entity with the most severe finding first; at most
    /// [`INDEX_FINDINGS`] findings in all.
    pub(super) findings: Vec<FindingGroup<'a>>,
    pub(super) more_findings: usize,
    pub(super) changes: Vec<ChangeRow<'a>>,
    pub(super) more_changes: usize,
    pub(super) review: Option<&'a Review>,
}

/// The findings about one entity (or about the plan files, without one).
#[derive(Debug, Serialize)]
pub(super) struct FindingGroup<'a> {
    pub(super) entity: Option<Link>,
    /// Most severe first.
    pub(super) findings: Vec<&'a FindingEntry>,
}

#[derive(Debug, Serialize)]
pub(super) struct ChartKey<'a> {
    pub(super) number: usize,
    pub(super) project: &'a ProjectEntry,
    pub(super) href: Option<String>,
    /// Where the point sits across: delivered (1), else its delivery progress.
    pub(super) delivery: f64,
    /// What that progress is measured by, in words.
    pub(super) basis: String,
    pub(super) outcome_class: &'static str,
}

#[derive(Debug, Serialize)]
pub(super) struct KrNode<'a> {
    pub(super) kr: &'a KeyResultEntry,
    pub(super) href: Option<String>,
    pub(super) bar: String,
    pub(super) projects: Vec<ProjectRow<'a>>,
}

#[derive(Debug, Serialize)]
pub(super) struct ObjectiveNode<'a> {
    pub(super) objective: &'a ObjectiveEntry,
    pub(super) href: Option<String>,
    pub(super) bar: String,
    pub(super) key_results: Vec<KrNode<'a>>,
    /// Projects that contribute to the objective as a whole.
    pub(super) projects: Vec<ProjectRow<'a>>,
}

#[derive(Debug, Serialize)]
pub(super) struct GoalPage<'a> {
    pub(super) site: SiteInfo<'a>,
    pub(super) goal: &'a GoalEntry,
    pub(super) bar: String,
    pub(super) description: Description,
    pub(super) parent: Option<Link>,
    pub(super) sub_goals: Vec<Link>,
    pub(super) objectives: Vec<ObjectiveNode<'a>>,
    /// Each sub-goal at every depth, with its own objectives, in `trace` order.
    pub(super) sub_goal_trees: Vec<SubGoalTree<'a>>,
    /// How much lies under the goal, its sub-goals' work included.
    pub(super) work: WorkCounts,
    /// Aligned projects of the goal and its sub-goals.
    pub(super) projects: Vec<ProjectRow<'a>>,
    /// Those aligned through a sub-goal past [`INDEX_ROWS`]: on the sub-goals' pages.
    pub(super) more_projects: usize,
    pub(super) findings: Vec<&'a FindingEntry>,
    pub(super) changes: Vec<ChangeRow<'a>>,
}

#[derive(Debug, Serialize)]
pub(super) struct SubGoalTree<'a> {
    pub(super) goal: &'a GoalEntry,
    pub(super) href: Option<String>,
    pub(super) bar: String,
    /// The goal it is a sub-goal of.
    pub(super) parent: Option<Link>,
    pub(super) objectives: Vec<ObjectiveNode<'a>>,
    /// Objectives not drawn here, past [`GOAL_TREE_NODES`]: its own page has them.
    pub(super) more: usize,
}

#[derive(Debug, Serialize)]
pub(super) struct WorkCounts {
    pub(super) sub_goals: usize,
    pub(super) objectives: usize,
    pub(super) key_results: usize,
    pub(super) projects: usize,
}

#[derive(Debug, Serialize)]
pub(super) struct KrDetail<'a> {
    pub(super) kr: &'a KeyResultEntry,
    pub(super) anchor: String,
    pub(super) bar: String,
    pub(super) trend: String,
    /// Where the points of the trend come from: `history`, `check-ins` or `current`.
    pub(super) trend_from: &'static str,
    /// The trend's points, for its data table.
    pub(super) samples: Vec<Sample>,
    pub(super) description: Description,
    pub(super) projects: Vec<ProjectRow<'a>>,
    pub(super) findings: Vec<&'a FindingEntry>,
}

#[derive(Debug, Serialize)]
pub(super) struct ObjectivePage<'a> {
    pub(super) site: SiteInfo<'a>,
    pub(super) objective: &'a ObjectiveEntry,
    pub(super) bar: String,
    pub(super) description: Description,
    pub(super) supports: Vec<Link>,
    pub(super) key_results: Vec<KrDetail<'a>>,
    pub(super) projects: Vec<ProjectRow<'a>>,
    pub(super) findings: Vec<&'a FindingEntry>,
    pub(super) changes: Vec<ChangeRow<'a>>,
}

#[derive(Debug, Serialize)]
pub(super) struct Contribution {
    pub(super) link: Link,
    /// `key result` or `objective`.
    pub(super) kind: &'static str,
    pub(super) expected: Option<f64>,
    pub(super) progress: Option<f64>,
    pub(super) track: Option<Track>,
    pub(super) bar: Option<String>,
}

#[derive(Debug, Serialize)]
pub(super) struct ProjectPage<'a> {
    pub(super) site: SiteInfo<'a>,
    pub(super) project: &'a ProjectEntry,
    pub(super) row: ProjectRow<'a>,
    pub(super) description: Description,
    pub(super) contributes: Vec<Contribution>,
    pub(super) goals: Vec<Link>,
    pub(super) depends_on: Vec<Link>,
    pub(super) validated_by: Option<Link>,
    pub(super) findings: Vec<&'a FindingEntry>,
    pub(super) changes: Vec<ChangeRow<'a>>,
}

#[derive(Debug, Serialize)]
pub(super) struct ChangesPage<'a> {
    pub(super) site: SiteInfo<'a>,
    pub(super) commits: &'a [Commit],
    pub(super) changes: Vec<ChangeRow<'a>>,
}

#[derive(Debug, Serialize)]
pub(super) struct ReviewPage<'a> {
    pub(super) site: SiteInfo<'a>,
    pub(super) review: &'a Review,
    pub(super) moved: Vec<MoveRow<'a>>,
    /// Links for every other id the page names, by id.
    pub(super) links: HashMap<&'a str, Option<String>>,
}

#[derive(Debug, Serialize)]
pub(super) struct MoveRow<'a> {
    pub(super) kr: &'a KrMove,
    pub(super) href: Option<String>,
    /// The progress now over a ghost of the progress at the review.
    pub(super) bar: String,
}
