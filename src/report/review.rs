//! "Since the last review": what a monthly or quarterly review asks first. Built from
//! the reports of the plan at the review (measured as of that day) and now, and from
//! the plan's diff between the two revisions: key results that moved (progress before
//! and after), confidence changes, new risks (newly off track or at risk, newly stale),
//! lowered targets, newly orphaned work, and what was added or dropped. Pure: two
//! reports and a diff in.

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;
use serde::Serialize;

use super::model::{KeyResultEntry, Report};
use crate::change::diff::{ChangeKind, EntityChange, PlanDiff};
use crate::change::impact::{Impact, LoweredTarget, ProjectShift};
use crate::measure::progress::Track;
use crate::model::{EntityKind, Id};
use crate::vocab::Rule;

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
    fn size(&self) -> f64 {
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

/// The review from the report at the review (`before`, measured as of its day), the
/// report now (`after`), and the diff and impact between their plans.
pub fn build(
    since: ReviewStart,
    before: &Report,
    after: &Report,
    diff: &PlanDiff,
    impact: &Impact,
) -> Review {
    let old_krs: HashMap<&str, &KeyResultEntry> = before
        .key_results
        .iter()
        .map(|k| (k.id.as_str(), k))
        .collect();
    let mut moved: Vec<KrMove> = Vec::new();
    let mut confidence = Vec::new();
    for k in &after.key_results {
        let Some(old) = old_krs.get(k.id.as_str()) else {
            continue;
        };
        if old.value != k.value || old.progress != k.progress {
            moved.push(KrMove {
                id: k.id.clone(),
                objective: k.objective.clone(),
                title: k.title.clone(),
                unit: k.metric.unit.clone(),
                value_before: old.value,
                value_after: k.value,
                progress_before: old.progress,
                progress_after: k.progress,
                progress_delta: old.progress.zip(k.progress).map(|(b, a)| a - b),
                track_before: old.track,
                track_after: k.track,
            });
        }
        if old.confidence != k.confidence {
            confidence.push(ConfidenceChange {
                id: k.id.clone(),
                title: k.title.clone(),
                before: old.confidence,
                after: k.confidence,
            });
        }
    }
    // Largest move first (lost or gained), then by id for a stable order.
    moved.sort_by(|a, b| b.size().total_cmp(&a.size()).then_with(|| a.id.cmp(&b.id)));
    let drop_of = |c: &ConfidenceChange| c.after.unwrap_or(0.0) - c.before.unwrap_or(0.0);
    confidence.sort_by(|a, b| {
        drop_of(a)
            .total_cmp(&drop_of(b))
            .then_with(|| a.id.cmp(&b.id))
    });

    let new_risks = new_risks(before, after, &old_krs);

    let mut newly_orphaned: Vec<Orphaned> = Vec::new();
    let orphan = |kind, shift: &ProjectShift| Orphaned {
        kind,
        id: shift.id.clone(),
        title: shift.title.clone(),
        why: shift.why.clone(),
    };
    newly_orphaned.extend(
        impact
            .newly_orphaned_objectives
            .iter()
            .map(|s| orphan(EntityKind::Objective, s)),
    );
    newly_orphaned.extend(
        impact
            .newly_orphaned
            .iter()
            .map(|s| orphan(EntityKind::Project, s)),
    );

    let mut added = Vec::new();
    let mut dropped = Vec::new();
    for c in &diff.changes {
        let line = |what: &str| EntityLine {
            kind: c.kind,
            id: c.id.clone(),
            title: c.title.clone(),
            what: what.to_owned(),
        };
        match c.change {
            ChangeKind::Added => added.push(line("added")),
            ChangeKind::Removed => dropped.push(line("removed")),
            ChangeKind::Changed => {
                let status = c
                    .field("status")
                    .and_then(|f| match &f.delta {
                        crate::change::diff::Delta::Value { new, .. } => new.as_str(),
                        crate::change::diff::Delta::Set { .. } => None,
                    })
                    .filter(|s| matches!(*s, "dropped" | "cancelled" | "paused" | "on-hold"));
                if let Some(status) = status {
                    dropped.push(line(status));
                }
            }
        }
    }

    Review {
        since,
        moved,
        confidence,
        new_risks,
        lowered_targets: impact.lowered_targets.clone(),
        newly_orphaned,
        added,
        dropped,
        changes: diff.changes.clone(),
    }
}

/// Key results of active objectives now off track or at risk that were not (or did not
/// exist) at the review, worst first; then those `stale-kr` names now and did not then.
fn new_risks(
    before: &Report,
    after: &Report,
    old_krs: &HashMap<&str, &KeyResultEntry>,
) -> Vec<Risk> {
    let live: HashSet<&str> = after.at_risk.iter().map(Id::as_str).collect();
    let rank = |t: Track| match t {
        Track::OffTrack => 2,
        Track::AtRisk => 1,
        _ => 0,
    };
    let message_of = |report: &Report, rule: Rule, id: &str| {
        report
            .findings
            .iter()
            .find(|f| f.rule == rule && f.entity.as_ref().is_some_and(|e| e.as_str() == id))
            .map(|f| f.message.clone())
    };
    let mut risks: Vec<Risk> = Vec::new();
    // `at_risk` is already worst first.
    for id in &after.at_risk {
        let Some(k) = after.key_results.iter().find(|k| &k.id == id) else {
            continue;
        };
        let was = old_krs.get(id.as_str()).map(|o| o.track);
        if was.is_some_and(|w| rank(w) >= rank(k.track)) {
            continue;
        }
        risks.push(Risk {
            id: k.id.clone(),
            title: k.title.clone(),
            risk: k.track.as_str(),
            was,
            message: message_of(after, Rule::KrOffTrack, id.as_str())
                .unwrap_or_else(|| format!("{} now", k.track.as_str().replace('-', " "))),
        });
    }
    let stale_then: HashSet<&str> = before
        .findings
        .iter()
        .filter(|f| f.rule == Rule::StaleKr)
        .filter_map(|f| f.entity.as_ref().map(Id::as_str))
        .collect();
    let mut seen: HashSet<&str> = HashSet::new();
    for f in &after.findings {
        let Some(id) = f.entity.as_ref().map(Id::as_str) else {
            continue;
        };
        if f.rule != Rule::StaleKr || stale_then.contains(id) || !seen.insert(id) {
            continue;
        }
        let title = after
            .key_results
            .iter()
            .find(|k| k.id.as_str() == id)
            .map(|k| k.title.clone())
            .unwrap_or_default();
        risks.push(Risk {
            id: Id(id.to_owned()),
            title,
            risk: "stale",
            was: None,
            message: f.message.clone(),
        });
    }
    // Only key results of active objectives are judged: `at_risk` holds just those.
    risks.retain(|r| r.risk == "stale" || live.contains(r.id.as_str()));
    risks
}
