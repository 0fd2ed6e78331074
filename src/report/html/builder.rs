//! What every page of the site is built from: the report indexed by id, and the rows,
//! links and figures the pages share.

use std::collections::HashMap;

use jiff::civil::Date;

use crate::measure::delivery::{Quadrant, Schedule};
use crate::model::EntityStatus;
use crate::model::Id;
use crate::model::period::days_between;
use crate::report::input::Change;
use crate::report::model::{
    FindingEntry, GoalEntry, KeyResultEntry, ObjectiveEntry, ProjectEntry, Report,
};
use crate::report::sanitize;
use crate::report::svg::{self, Sample};

use super::Pages;
use super::contexts::{ChangeRow, Description, KrRow, Link, ObjectiveNode, ProjectRow, SiteInfo};

/// The report and its indexes by id, from which each page's context is built.
pub(super) struct Builder<'a> {
    pub(super) report: &'a Report,
    pub(super) pages: &'a Pages,
    pub(super) site: SiteInfo<'a>,
    pub(super) goals: HashMap<&'a str, &'a GoalEntry>,
    pub(super) objectives: HashMap<&'a str, &'a ObjectiveEntry>,
    pub(super) key_results: HashMap<&'a str, &'a KeyResultEntry>,
    pub(super) projects: HashMap<&'a str, &'a ProjectEntry>,
    /// Indexes built once, so that a page costs what it shows, not the whole plan.
    pub(super) findings_by: HashMap<&'a str, Vec<&'a FindingEntry>>,
    /// Positions in `report.changes`, per entity id.
    pub(super) changes_by: HashMap<&'a str, Vec<usize>>,
    /// Projects by the key-result or objective id their `contributes_to` names.
    pub(super) naming: HashMap<&'a str, Vec<&'a ProjectEntry>>,
}

impl<'a> Builder<'a> {
    pub(super) fn link(&self, id: &str) -> Link {
        let (title, status) = if let Some(g) = self.goals.get(id) {
            (Some(g.title.clone()), Some(EntityStatus::Goal(g.status)))
        } else if let Some(o) = self.objectives.get(id) {
            (
                Some(o.title.clone()),
                Some(EntityStatus::Objective(o.status)),
            )
        } else if let Some(k) = self.key_results.get(id) {
            (Some(k.title.clone()), None)
        } else if let Some(p) = self.projects.get(id) {
            (Some(p.title.clone()), Some(EntityStatus::Project(p.status)))
        } else {
            (None, None)
        };
        Link {
            id: id.to_owned(),
            href: self.pages.href(id),
            title,
            status,
        }
    }

    /// A description placed where the page's next heading would be at level `top`.
    pub(super) fn describe(&self, id: &Id, text: Option<&String>, top: u8) -> Description {
        let Some(text) = text else {
            return Description {
                html: None,
                note: None,
            };
        };
        match sanitize::markdown_to_html_under(text, top) {
            Ok(html) => Description {
                html: Some(html),
                note: None,
            },
            Err(e) => Description {
                html: None,
                note: Some(format!("the description of `{id}` is not shown: {e}")),
            },
        }
    }

    pub(super) fn findings_of(&self, id: &Id) -> Vec<&'a FindingEntry> {
        self.findings_by
            .get(id.as_str())
            .cloned()
            .unwrap_or_default()
    }

    /// Changes of any of `ids`, in the order given (newest first).
    pub(super) fn changes_of(&self, ids: &[&Id]) -> Vec<ChangeRow<'a>> {
        let mut at: Vec<usize> = ids
            .iter()
            .flat_map(|id| self.changes_by.get(id.as_str()).into_iter().flatten())
            .copied()
            .collect();
        at.sort_unstable();
        at.dedup();
        at.into_iter()
            .map(|i| self.change_row(&self.report.changes[i]))
            .collect()
    }

    pub(super) fn change_row(&self, change: &'a Change) -> ChangeRow<'a> {
        ChangeRow {
            change,
            href: self.pages.href(change.entity.as_str()),
        }
    }

    pub(super) fn project_row(&self, p: &'a ProjectEntry) -> ProjectRow<'a> {
        let d = &p.delivery;
        let mut parts = Vec::new();
        if d.deliverables_total > 0 {
            parts.push(format!(
                "{} of {} deliverables",
                d.deliverables_done, d.deliverables_total
            ));
        }
        parts.push(match (d.schedule, d.days_past_due) {
            (Schedule::Overdue, Some(days)) => format!("overdue by {}", day_count(days)),
            (Schedule::OnSchedule, Some(days)) => format!("due in {}", day_count(-days)),
            (other, _) => other.words().to_owned(),
        });
        if let Some(used) = d.budget_used {
            parts.push(format!("{} of budget", crate::format::percent(used)));
        }
        ProjectRow {
            project: p,
            href: self.pages.href(p.id.as_str()),
            impact_bar: svg::progress_bar(p.impact, None, impact_track(p)),
            delivery: parts.join(" · "),
            outcome_class: svg::outcome_class(p.outcome),
            via: None,
        }
    }

    pub(super) fn projects_named(&self, ids: &[Id]) -> Vec<ProjectRow<'a>> {
        ids.iter()
            .filter_map(|id| self.projects.get(id.as_str()).copied())
            .map(|p| self.project_row(p))
            .collect()
    }

    pub(super) fn kr_row(&self, kr: &'a KeyResultEntry) -> KrRow<'a> {
        KrRow {
            kr,
            href: self.pages.href(kr.id.as_str()),
            objective: self.link(kr.objective.as_str()),
            bar: svg::progress_bar(kr.progress, kr.expected, kr.track),
        }
    }
}

/// How many nodes an objective tree draws: objectives, key results and projects.
pub(super) fn tree_size(nodes: &[ObjectiveNode<'_>]) -> usize {
    nodes
        .iter()
        .map(|n| {
            1 + n.projects.len()
                + n.key_results
                    .iter()
                    .map(|k| 1 + k.projects.len())
                    .sum::<usize>()
        })
        .sum()
}

/// The track a project's impact bar is coloured by. A project is not judged against the
/// calendar: a proposed or stopped one is neutral, a delivered one done (in red when it
/// moved nothing, the case to show first).
pub(super) fn impact_track(p: &ProjectEntry) -> crate::measure::progress::Track {
    use crate::measure::progress::Track;
    match (p.outcome, p.impact) {
        (_, None) | (Quadrant::Proposed | Quadrant::Stopped, _) => Track::Unmeasured,
        (Quadrant::DeliveredNoImpact, _) => Track::OffTrack,
        (Quadrant::DeliveredWithImpact, _) => Track::Done,
        (Quadrant::InFlight, _) => Track::AtRisk,
        _ => Track::OnTrack,
    }
}

/// How far a project not yet delivered has come, and by what, as delivery health reads
/// it: its share of deliverables done; else the share of its planned budget spent; else
/// the share of its time from start to due elapsed.
pub(super) fn delivery_progress(p: &ProjectEntry, as_of: Date) -> (f64, String) {
    let d = &p.delivery;
    if d.delivered {
        return (1.0, "delivered".to_owned());
    }
    if d.deliverables_total > 0 {
        let share = d.deliverables_done as f64 / d.deliverables_total as f64;
        return (
            share,
            format!(
                "{} of {} deliverables done",
                d.deliverables_done, d.deliverables_total
            ),
        );
    }
    if let Some(used) = d.budget_used.filter(|u| u.is_finite()) {
        return (
            used.clamp(0.0, 1.0),
            format!("{} of its budget spent", crate::format::percent(used)),
        );
    }
    match (p.start, p.due) {
        (Some(start), Some(due)) if due > start => {
            let share = (days_between(start, as_of) as f64 / days_between(start, due) as f64)
                .clamp(0.0, 1.0);
            (
                share,
                format!("{} of its time elapsed", crate::format::percent(share)),
            )
        }
        _ => (
            0.0,
            "no deliverables, budget or dates to measure by".to_owned(),
        ),
    }
}

/// The points of a key result's trend: its history when given, and its check-ins;
/// else its current value alone.
pub(super) fn samples(k: &KeyResultEntry, report: &Report) -> (Vec<Sample>, &'static str) {
    let mut out: Vec<Sample> = Vec::new();
    let history = report.trends.get(&k.id).map(Vec::as_slice).unwrap_or(&[]);
    for p in history {
        let mut source = String::from("commit");
        if let Some(c) = &p.commit {
            source = format!("commit {}", short_hash(c));
        }
        if let Some(a) = &p.author {
            source.push_str(" by ");
            source.push_str(a);
        }
        out.push(Sample {
            date: p.date,
            value: p.value,
            source,
        });
    }
    for c in &k.checkins {
        if out.iter().any(|s| s.date == c.date && s.value == c.value) {
            continue;
        }
        let mut source = String::from("check-in");
        if let Some(note) = &c.note {
            source.push_str(": ");
            source.push_str(note);
        }
        out.push(Sample {
            date: c.date,
            value: c.value,
            source,
        });
    }
    out.sort_by_key(|s| s.date);
    let from = if !history.is_empty() {
        "history"
    } else if !out.is_empty() {
        "check-ins"
    } else {
        "current"
    };
    if out.is_empty() {
        if let Some(v) = k.value {
            out.push(Sample {
                date: report.as_of,
                value: v,
                source: "current value".to_owned(),
            });
        }
    }
    (out, from)
}

pub(super) fn short_hash(hash: &str) -> &str {
    hash.get(..7).unwrap_or(hash)
}

/// `1 day`, `12 days`.
pub(super) fn day_count(days: i64) -> String {
    crate::format::count(usize::try_from(days).unwrap_or(0), "day", "days")
}
