//! Measures: progress, expected progress, status, alignment, delivery versus impact,
//! ROI and plan gaps — all computed from the plan and an explicit `as_of` date, with no
//! I/O. Rules and reports read the same [`Analysis`].

pub mod alignment;
pub mod delivery;
pub mod progress;

mod analysis;

pub use analysis::{
    Analysis, Evidence, GoalMeasure, KeyResultMeasure, LastUpdate, ObjectiveMeasure, ProgressFrom,
    ProjectMeasure,
};

use foldhash::{HashMap, HashMapExt};

use jiff::civil::Date;
use rayon::prelude::*;

use crate::model::{Entity, GoalStatus, Id, ObjectiveStatus, Period, Plan};
use progress::Track;

/// Computes every measure. `tolerance` is `kr-off-track`'s, used for every status.
pub fn analyze(plan: &Plan, as_of: Date, tolerance: f64, evidence: &Evidence) -> Analysis {
    // Contributions per key result and per objective, from projects that still count,
    // by place in the plan (key results numbered objective by objective): a reference
    // is looked up once, not again per map it fills.
    let mut first_kr = Vec::with_capacity(plan.objectives.len());
    let mut krs = 0;
    for o in &plan.objectives {
        first_kr.push(krs);
        krs += o.key_results.len();
    }
    let mut kr_projects: Vec<Vec<Id>> = vec![Vec::new(); krs];
    let mut kr_effects: Vec<Option<f64>> = vec![None; krs];
    let mut objective_projects: Vec<Vec<Id>> = vec![Vec::new(); plan.objectives.len()];
    for p in plan
        .projects
        .iter()
        .filter(|p| p.status != crate::model::ProjectStatus::Cancelled)
    {
        for c in &p.contributes_to {
            match plan.get(c.id.as_str()) {
                Some(Entity::KeyResult { objective, index }) => {
                    let kr = first_kr[objective] + index;
                    kr_projects[kr].push(p.id.clone());
                    if let (Some(e), true) = (
                        c.expected,
                        p.is_in_play() || p.status == crate::model::ProjectStatus::Done,
                    ) {
                        *kr_effects[kr].get_or_insert(0.0) += e;
                    }
                }
                Some(Entity::Objective(o)) => objective_projects[o].push(p.id.clone()),
                _ => {}
            }
        }
    }

    // Each objective with its key results on its own, on every core; order kept.
    let measured: Vec<(ObjectiveMeasure, Vec<KeyResultMeasure>)> = plan
        .objectives
        .par_iter()
        .enumerate()
        .map(|(oi, o)| {
            // Only what is in progress is judged against the calendar.
            let closed = match o.status {
                ObjectiveStatus::Active => None,
                ObjectiveStatus::Done => Some(Track::Done),
                ObjectiveStatus::Dropped => Some(Track::Dropped),
            };
            let expected = o
                .period
                .as_ref()
                .filter(|_| closed.is_none())
                .map(|p| progress::expected(p, as_of));
            let mut weighted = (0.0, 0.0);
            let mut key_results = Vec::with_capacity(o.key_results.len());
            for (k, kr) in o.key_results.iter().enumerate() {
                let at = first_kr[oi] + k;
                let (value, last_update) = effective_value(kr, evidence);
                let kr_progress = progress::progress(&kr.metric, value);
                if let Some(pr) = kr_progress {
                    weighted.0 += pr * kr.weight();
                    weighted.1 += kr.weight();
                }
                let mut projects = kr_projects[at].clone();
                projects.extend(objective_projects[oi].iter().cloned());
                key_results.push(KeyResultMeasure {
                    id: kr.id.clone(),
                    objective: o.id.clone(),
                    value,
                    progress: kr_progress,
                    expected,
                    track: closed
                        .unwrap_or_else(|| progress::track(kr_progress, expected, tolerance)),
                    last_update,
                    planned_effect: kr_effects[at],
                    projects,
                });
            }
            let o_progress = (weighted.1 > 0.0).then(|| weighted.0 / weighted.1);
            let why = alignment::objective_break(plan, o);
            let track = closed.unwrap_or_else(|| progress::track(o_progress, expected, tolerance));
            let objective = ObjectiveMeasure {
                id: o.id.clone(),
                status: o.status,
                aligned: why.is_none(),
                why,
                period: o.period.clone(),
                progress: o_progress,
                expected,
                track,
            };
            (objective, key_results)
        })
        .collect();
    let mut objectives = Vec::with_capacity(measured.len());
    let mut key_results = Vec::with_capacity(measured.iter().map(|(_, k)| k.len()).sum());
    for (objective, krs) in measured {
        objectives.push(objective);
        key_results.extend(krs);
    }

    // The objectives that support each goal, in plan order (one pass, not one per goal).
    let mut supporters: HashMap<&Id, Vec<usize>> = HashMap::new();
    for (i, o) in plan.objectives.iter().enumerate() {
        if o.status == crate::model::ObjectiveStatus::Dropped {
            continue;
        }
        for (k, g) in o.supports.iter().enumerate() {
            // An objective that names a goal twice supports it once.
            if !o.supports[..k].contains(g) {
                supporters.entry(g).or_default().push(i);
            }
        }
    }
    let goals = plan
        .goals
        .iter()
        .map(|g| {
            let supporting: &[usize] = supporters.get(&g.id).map_or(&[], Vec::as_slice);
            let own = progress::progress(&g.metric, g.metric.current);
            let from_objectives = {
                let values: Vec<f64> = supporting
                    .iter()
                    .filter_map(|&i| objectives[i].progress)
                    .collect();
                (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
            };
            let (progress_from, goal_progress) = if g.has_metric() {
                (ProgressFrom::Metric, own)
            } else {
                (ProgressFrom::Objectives, from_objectives)
            };
            let start = g.start.or_else(|| {
                supporting
                    .iter()
                    .filter_map(|&i| plan.objectives[i].period.as_ref().map(|p| p.start))
                    .min()
            });
            let closed = match g.status {
                GoalStatus::Active => None,
                GoalStatus::Achieved => Some(Track::Done),
                GoalStatus::Dropped => Some(Track::Dropped),
                GoalStatus::OnHold => Some(Track::OnHold),
            };
            let expected = match (start, g.due, closed) {
                (Some(s), Some(d), None) => Period::between(s, d)
                    .ok()
                    .map(|p| progress::expected(&p, as_of)),
                _ => None,
            };
            let track =
                closed.unwrap_or_else(|| progress::track(goal_progress, expected, tolerance));
            GoalMeasure {
                id: g.id.clone(),
                status: g.status,
                progress_from,
                progress: goal_progress,
                expected,
                track,
                objectives: supporting
                    .iter()
                    .filter(|&&i| plan.objectives[i].is_active())
                    .map(|&i| plan.objectives[i].id.clone())
                    .collect(),
            }
        })
        .collect();

    // For `Analysis::key_result`: the first key result of each id.
    let kr_index: HashMap<Id, usize> = key_results
        .iter()
        .enumerate()
        .rev()
        .map(|(i, k)| (k.id.clone(), i))
        .collect();
    let links: Vec<alignment::ObjectiveLinks> = plan
        .objectives
        .iter()
        .zip(&objectives)
        .map(|(o, m)| alignment::ObjectiveLinks::new(plan, o, m.why.as_deref()))
        .collect();
    // Each project is measured on its own: both cores share them (the order is kept).
    let projects: Vec<ProjectMeasure> = plan
        .projects
        .par_iter()
        .map(|p| {
            let alignment = alignment::project_alignment(plan, p, &links);
            let delivery = delivery::delivery(p, as_of);
            let impacts: Vec<f64> = p
                .contributes_to
                .iter()
                .filter_map(|c| match plan.get(c.id.as_str())? {
                    // The measures are in plan order, key results numbered as above.
                    Entity::KeyResult { objective, index } => {
                        key_results[first_kr[objective] + index].progress
                    }
                    Entity::Objective(o) => objectives[o].progress,
                    _ => None,
                })
                .collect();
            let impact =
                (!impacts.is_empty()).then(|| impacts.iter().sum::<f64>() / impacts.len() as f64);
            // Work on something no live goal wants has no impact, whatever moved. Finished
            // work is judged by the goals it served: a closed objective still counts.
            let live = if p.is_in_play() {
                alignment.aligned
            } else {
                alignment.aligned || alignment::served_live_goal(plan, p)
            };
            let impact_for_outcome = if live { impact } else { None };
            ProjectMeasure {
                id: p.id.clone(),
                status: p.status,
                outcome: delivery::outcome(p, &delivery, impact_for_outcome),
                roi: delivery::roi(p),
                alignment,
                delivery,
                impact,
            }
        })
        .collect();
    let alignment = alignment::alignment_score(
        plan.projects
            .iter()
            .map(|p| &**p)
            .zip(projects.iter().map(|m| m.alignment.aligned)),
    );
    Analysis {
        as_of,
        alignment,
        goals,
        objectives,
        key_results,
        projects,
        history: evidence.history,
        kr_index,
    }
}

/// The value to measure a key result by: `current`, unless a check-in is newer than the
/// last change of `current` known from git (or there is no `current` at all).
fn effective_value(
    kr: &crate::model::KeyResult,
    evidence: &Evidence,
) -> (Option<f64>, Option<LastUpdate>) {
    let checkin = kr.latest_checkin();
    let from_checkin = checkin.map(|c| LastUpdate::on(c.date, "checkin"));
    let from_git = match (evidence.current_changed.get(&kr.id), evidence.window) {
        (Some(&date), _) => Some(LastUpdate::on(date, "git")),
        (None, Some(window)) if evidence.changed_before.contains(&kr.id) => Some(LastUpdate {
            date: window,
            source: "git",
            before: true,
        }),
        _ => None,
    };
    // A check-in counts when it is newer than the last commit of `current`. Where both
    // are older than the window, which came last is not known (history is not read
    // that far): `current` as written is the value, and the key result is stale anyway.
    let checkin_newer = |c: Date| match from_git {
        Some(g) if g.before => c >= g.date,
        Some(g) => c > g.date,
        None => false,
    };
    let last_update = match (from_checkin, from_git) {
        (Some(c), Some(g)) => Some(if c.date >= g.date { c } else { g }),
        (c, g) => c.or(g),
    };
    let value = match (kr.metric.current, checkin) {
        (Some(_), Some(c)) if checkin_newer(c.date) => Some(c.value),
        (Some(current), Some(_)) => Some(current),
        (Some(current), None) => Some(current),
        (None, Some(c)) => Some(c.value),
        (None, None) => None,
    };
    (value, last_update)
}
