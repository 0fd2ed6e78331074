//! The report model: everything a report shows, as plain serialisable data. It is the
//! `--format json` output (docs/json-output.md, "Report") and the source of every
//! template context. Entities refer to each other by id; plan order is kept.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use super::input::{Change, Commit, TrendPoint};
use crate::measure::alignment::AlignmentScore;
use crate::measure::delivery::{Delivery, Quadrant};
use crate::measure::progress::Track;
use crate::measure::{LastUpdate, ProgressFrom};
use crate::model::{
    Budget, Category, CheckIn, Contribution, Deliverable, GoalStatus, Id, Link, Metric, Money,
    ObjectiveStatus, Period, ProjectStatus, Stage,
};
use crate::vocab::{Level, Rule};

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Bumped when a field changes meaning or disappears.
    pub version: u32,
    pub tool: Tool,
    /// `report.title` of bearing.yaml, else "Strategy report".
    pub title: String,
    pub as_of: Date,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rev: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// The part of the plan shown (`--goal`, `--owner`), in words; the whole plan when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
    pub headline: Headline,
    pub goals: Vec<GoalEntry>,
    pub objectives: Vec<ObjectiveEntry>,
    pub key_results: Vec<KeyResultEntry>,
    pub projects: Vec<ProjectEntry>,
    /// Key results of active objectives that are off track or at risk, worst first.
    pub at_risk: Vec<Id>,
    /// Active objectives and in-play projects that serve no active goal.
    pub orphans: Vec<Orphan>,
    /// In the order of `bearing check`: file, line, column, rule.
    pub findings: Vec<FindingEntry>,
    /// From git history, when given: newest first.
    pub changes: Vec<Change>,
    pub trends: BTreeMap<Id, Vec<TrendPoint>>,
    pub commits: Vec<Commit>,
    /// Since the last review (`--since`, or the newest `report.reviews` tag).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<super::review::Review>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
}

/// What a reader takes in at a glance.
#[derive(Debug, Clone, Serialize)]
pub struct Headline {
    pub alignment: AlignmentScore,
    /// `gate.min-alignment`, when configured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gate: Option<Gate>,
    pub counts: Counts,
    pub findings: FindingCounts,
    /// Key results of active objectives, by track.
    pub key_results: TrackCounts,
    /// Projects by delivery-versus-impact outcome.
    pub outcomes: OutcomeCounts,
    /// Some plan file could not be read: the report is incomplete.
    pub incomplete: bool,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct Gate {
    pub min_alignment: f64,
    pub passed: bool,
}

#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Counts {
    pub files: usize,
    pub goals: usize,
    pub objectives: usize,
    pub key_results: usize,
    pub projects: usize,
}

#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct FindingCounts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct TrackCounts {
    pub done: usize,
    pub on_track: usize,
    pub at_risk: usize,
    pub off_track: usize,
    pub unmeasured: usize,
    /// Dropped or on hold: shown with their status, not judged.
    pub not_in_progress: usize,
}

impl TrackCounts {
    pub fn add(&mut self, track: Track) {
        match track {
            Track::Done => self.done += 1,
            Track::OnTrack => self.on_track += 1,
            Track::AtRisk => self.at_risk += 1,
            Track::OffTrack => self.off_track += 1,
            Track::Unmeasured => self.unmeasured += 1,
            Track::Dropped | Track::OnHold => self.not_in_progress += 1,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct OutcomeCounts {
    pub delivered_no_impact: usize,
    pub delivered_with_impact: usize,
    pub in_flight_with_impact: usize,
    pub in_flight: usize,
    pub proposed: usize,
    pub stopped: usize,
}

impl OutcomeCounts {
    pub fn add(&mut self, outcome: Quadrant) {
        match outcome {
            Quadrant::DeliveredNoImpact => self.delivered_no_impact += 1,
            Quadrant::DeliveredWithImpact => self.delivered_with_impact += 1,
            Quadrant::InFlightWithImpact => self.in_flight_with_impact += 1,
            Quadrant::InFlight => self.in_flight += 1,
            Quadrant::Proposed => self.proposed += 1,
            Quadrant::Stopped => self.stopped += 1,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct GoalEntry {
    pub id: Id,
    pub title: String,
    pub owner: Option<String>,
    pub category: Option<Category>,
    pub status: GoalStatus,
    pub parent: Option<Id>,
    pub start: Option<Date>,
    pub due: Option<Date>,
    #[serde(flatten)]
    pub metric: Metric,
    pub progress_from: ProgressFrom,
    pub progress: Option<f64>,
    pub expected: Option<f64>,
    pub track: Track,
    /// Every objective that names it in `supports`, whatever its status.
    pub objectives: Vec<Id>,
    /// Goals whose `parent` it is.
    pub sub_goals: Vec<Id>,
    /// Aligned projects whose traces reach it.
    pub projects: Vec<Id>,
    /// Everything under it, its sub-goals' work included, as `bearing trace` shows it.
    pub work: Work,
    /// Markdown, as written.
    pub description: Option<String>,
    pub links: Vec<Link>,
}

/// The work under a goal and all its sub-goals, each id once, in the order of `bearing
/// trace`: the goal's own objectives (each with its key results and their projects), then
/// each sub-goal's, depth first.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Work {
    /// Sub-goals at every depth.
    pub sub_goals: Vec<Id>,
    pub objectives: Vec<Id>,
    pub key_results: Vec<Id>,
    /// Projects contributing to any of those objectives or key results, whatever their status.
    pub projects: Vec<Id>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveEntry {
    pub id: Id,
    pub title: String,
    pub owner: Option<String>,
    pub status: ObjectiveStatus,
    pub period: Option<Period>,
    pub supports: Vec<Id>,
    /// Active and supporting an active goal.
    pub aligned: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    pub progress: Option<f64>,
    pub expected: Option<f64>,
    pub track: Track,
    pub key_results: Vec<Id>,
    /// Projects contributing to it or to one of its key results.
    pub projects: Vec<Id>,
    pub description: Option<String>,
    pub links: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct KeyResultEntry {
    pub id: Id,
    pub objective: Id,
    pub title: String,
    pub owner: Option<String>,
    #[serde(flatten)]
    pub metric: Metric,
    /// The value progress is measured by: `current`, or a newer check-in.
    pub value: Option<f64>,
    pub progress: Option<f64>,
    pub expected: Option<f64>,
    pub track: Track,
    pub confidence: Option<f64>,
    pub weight: Option<f64>,
    pub last_update: Option<LastUpdate>,
    pub planned_effect: Option<f64>,
    pub projects: Vec<Id>,
    pub checkins: Vec<CheckIn>,
    pub description: Option<String>,
    pub links: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectEntry {
    pub id: Id,
    pub title: String,
    pub owner: Option<String>,
    pub status: ProjectStatus,
    pub stage: Option<Stage>,
    pub validated_by: Option<Id>,
    pub start: Option<Date>,
    pub due: Option<Date>,
    pub contributes_to: Vec<Contribution>,
    pub aligned: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// Active goals its traces reach.
    pub goals: Vec<Id>,
    pub delivery: Delivery,
    /// Mean progress of what it contributes to.
    pub impact: Option<f64>,
    pub outcome: Quadrant,
    /// `outcome` in words: "delivered, no impact".
    pub outcome_label: &'static str,
    pub roi: Option<f64>,
    pub budget: Option<Budget>,
    pub expected_value: Option<Money>,
    /// The plan's `outcome:` — the change in the world it is meant to bring.
    pub intended_outcome: Option<String>,
    pub deliverables: Vec<Deliverable>,
    pub depends_on: Vec<Id>,
    pub description: Option<String>,
    pub links: Vec<Link>,
}

/// What an orphan is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OrphanKind {
    Objective,
    Project,
}

/// Something that serves no active goal, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Orphan {
    pub kind: OrphanKind,
    pub id: Id,
    pub title: String,
    pub why: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FindingEntry {
    pub rule: Rule,
    pub level: Level,
    pub message: String,
    pub entity: Option<Id>,
    pub file: Option<String>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub help: Option<String>,
}
