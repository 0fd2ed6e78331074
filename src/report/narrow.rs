//! One team's or one goal's part of a report (`report --owner`, `--goal`): the same
//! report model with only the entities in that part, so that every page, the Markdown
//! and the JSON narrow alike. Measures are the plan's own: a key result's progress does
//! not change because its neighbours are left out; counts are recounted.

use std::collections::HashSet;

use super::model::{Counts, FindingCounts, OutcomeCounts, Report, TrackCounts};
use crate::model::{Id, ObjectiveStatus};
use crate::vocab::Level;

/// Which part of the plan to keep.
#[derive(Debug, Clone, Default)]
pub struct Part<'a> {
    /// A goal: it, its sub-goals and all the work under them.
    pub goal: Option<&'a str>,
    /// An owner, as written in `owner:`: what they own, and the work under it.
    pub owner: Option<&'a str>,
}

impl Part<'_> {
    pub fn is_whole(&self) -> bool {
        self.goal.is_none() && self.owner.is_none()
    }
}

/// Why a part cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NarrowError {
    #[error("no goal `{0}` in the plan")]
    NoGoal(String),
    #[error("nothing in the plan is owned by `{0}`; owners in the plan: {1}")]
    NoOwner(String, String),
}

/// The ids in `part`: with both a goal and an owner, what is in both.
pub fn ids_in(report: &Report, part: &Part) -> Result<HashSet<Id>, NarrowError> {
    let goal = match part.goal {
        Some(id) => {
            let g = report
                .goals
                .iter()
                .find(|g| g.id.as_str() == id)
                .ok_or_else(|| NarrowError::NoGoal(id.to_owned()))?;
            let mut ids: HashSet<Id> = HashSet::from([g.id.clone()]);
            ids.extend(g.work.sub_goals.iter().cloned());
            ids.extend(g.work.objectives.iter().cloned());
            ids.extend(g.work.key_results.iter().cloned());
            ids.extend(g.work.projects.iter().cloned());
            Some(ids)
        }
        None => None,
    };
    let owner = match part.owner {
        Some(who) => {
            let ids = owned_by(report, who);
            if ids.is_empty() {
                return Err(NarrowError::NoOwner(who.to_owned(), owners(report)));
            }
            Some(ids)
        }
        None => None,
    };
    Ok(match (goal, owner) {
        (Some(g), Some(o)) => g.intersection(&o).cloned().collect(),
        (Some(ids), None) | (None, Some(ids)) => ids,
        (None, None) => report.goals.iter().map(|g| g.id.clone()).collect(),
    })
}

/// The owners the plan names, in backticks, the first twenty.
fn owners(report: &Report) -> String {
    let mut all: Vec<&str> = report
        .goals
        .iter()
        .map(|g| &g.owner)
        .chain(report.objectives.iter().map(|o| &o.owner))
        .chain(report.key_results.iter().map(|k| &k.owner))
        .chain(report.projects.iter().map(|p| &p.owner))
        .filter_map(|o| o.as_deref())
        .collect();
    all.sort_unstable();
    all.dedup();
    if all.is_empty() {
        return "none".to_owned();
    }
    let shown: Vec<String> = all.iter().take(20).map(|o| format!("`{o}`")).collect();
    let more = all.len().saturating_sub(20);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

/// What `who` owns, and the work under it: a goal's whole tree, an objective's key
/// results and the projects on them, a key result's projects.
fn owned_by(report: &Report, who: &str) -> HashSet<Id> {
    let mine = |owner: &Option<String>| owner.as_deref() == Some(who);
    let mut ids = HashSet::new();
    for g in report.goals.iter().filter(|g| mine(&g.owner)) {
        ids.insert(g.id.clone());
        ids.extend(g.work.sub_goals.iter().cloned());
        ids.extend(g.work.objectives.iter().cloned());
        ids.extend(g.work.key_results.iter().cloned());
        ids.extend(g.work.projects.iter().cloned());
    }
    for o in report.objectives.iter().filter(|o| mine(&o.owner)) {
        ids.insert(o.id.clone());
        ids.extend(o.key_results.iter().cloned());
        ids.extend(o.projects.iter().cloned());
    }
    for k in report.key_results.iter().filter(|k| mine(&k.owner)) {
        ids.insert(k.id.clone());
        ids.extend(k.projects.iter().cloned());
    }
    for p in report.projects.iter().filter(|p| mine(&p.owner)) {
        ids.insert(p.id.clone());
    }
    ids
}

/// Keeps only the entities in `keep`, and what refers to them: findings, changes,
/// trends and the review's lines about them. Counts are recounted for the part; the
/// alignment score stays the plan's (it weighs every project against every other).
pub fn narrow(report: &mut Report, keep: &HashSet<Id>) {
    let kept = |id: &Id| keep.contains(id);
    report.goals.retain(|g| kept(&g.id));
    report.objectives.retain(|o| kept(&o.id));
    report.key_results.retain(|k| kept(&k.id));
    report.projects.retain(|p| kept(&p.id));
    report.at_risk.retain(kept);
    report.orphans.retain(|o| kept(&o.id));
    report
        .findings
        .retain(|f| f.entity.as_ref().is_some_and(kept));
    report.changes.retain(|c| kept(&c.entity));
    report.trends.retain(|id, _| kept(id));
    if let Some(review) = &mut report.review {
        review.moved.retain(|m| kept(&m.id));
        review.confidence.retain(|c| kept(&c.id));
        review.new_risks.retain(|r| kept(&r.id));
        review.lowered_targets.retain(|l| kept(&l.id));
        review.newly_orphaned.retain(|o| kept(&o.id));
        review.added.retain(|a| kept(&a.id));
        review.dropped.retain(|d| kept(&d.id));
        review
            .changes
            .retain(|c| kept(&c.id) || c.objective.as_ref().is_some_and(kept));
    }
    let h = &mut report.headline;
    h.counts = Counts {
        files: h.counts.files,
        goals: report.goals.len(),
        objectives: report.objectives.len(),
        key_results: report.key_results.len(),
        projects: report.projects.len(),
    };
    let mut findings = FindingCounts::default();
    for f in &report.findings {
        match f.level {
            Level::Error => findings.errors += 1,
            Level::Warning => findings.warnings += 1,
            Level::Info => findings.infos += 1,
            Level::Off => {}
        }
    }
    h.findings = findings;
    let active: HashSet<&Id> = report
        .objectives
        .iter()
        .filter(|o| o.status == ObjectiveStatus::Active)
        .map(|o| &o.id)
        .collect();
    let mut tracks = TrackCounts::default();
    for k in report
        .key_results
        .iter()
        .filter(|k| active.contains(&k.objective))
    {
        tracks.add(k.track);
    }
    h.key_results = tracks;
    let mut outcomes = OutcomeCounts::default();
    for p in &report.projects {
        outcomes.add(p.outcome);
    }
    h.outcomes = outcomes;
}
