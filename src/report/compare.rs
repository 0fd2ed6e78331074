//! The review pack built from the reports of the plan at the review (measured as of that
//! day) and now, and from the plan's diff between the two revisions. Pure: two reports
//! and a diff in.

use std::collections::{HashMap, HashSet};

use super::model::{KeyResultEntry, Report};
use super::review::{ConfidenceChange, EntityLine, KrMove, Orphaned, Review, ReviewStart, Risk};
use crate::change::diff::{ChangeKind, Delta, PlanDiff};
use crate::change::impact::{Impact, ProjectShift};
use crate::measure::progress::Track;
use crate::model::{EntityKind, Id};
use crate::vocab::Rule;

/// The review from the report at the review (`before`, measured as of its day), the
/// report now (`after`), and the diff and impact between their plans.
pub fn review(
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
                        Delta::Value { new, .. } => new.as_str(),
                        Delta::Set { .. } => None,
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
    let new_krs: HashMap<&str, &KeyResultEntry> = after
        .key_results
        .iter()
        .map(|k| (k.id.as_str(), k))
        .collect();
    // The first message of each rule about each entity, found once.
    let mut messages: HashMap<(Rule, &str), &str> = HashMap::new();
    for f in &after.findings {
        if let Some(id) = &f.entity {
            messages.entry((f.rule, id.as_str())).or_insert(&f.message);
        }
    }
    let rank = |t: Track| match t {
        Track::OffTrack => 2,
        Track::AtRisk => 1,
        _ => 0,
    };
    let mut risks: Vec<Risk> = Vec::new();
    // `at_risk` holds the key results of active objectives only, worst first.
    for id in &after.at_risk {
        let Some(k) = new_krs.get(id.as_str()) else {
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
            message: messages.get(&(Rule::KrOffTrack, id.as_str())).map_or_else(
                || format!("{} now", k.track.as_str().replace('-', " ")),
                |m| (*m).to_owned(),
            ),
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
        risks.push(Risk {
            id: Id::from(id),
            title: new_krs.get(id).map(|k| k.title.clone()).unwrap_or_default(),
            risk: "stale",
            was: None,
            message: f.message.clone(),
        });
    }
    risks
}
