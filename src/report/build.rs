//! Builds the [`Report`] model from a checked plan and the optional history [`Input`].
//! Pure: no I/O, no formatting — numbers stay numbers, text stays as written.

use std::collections::{HashMap, HashSet};

use super::REPORT_VERSION;
use super::input::Input;
use super::model::{
    Counts, FindingCounts, FindingEntry, Gate, GoalEntry, Headline, KeyResultEntry, ObjectiveEntry,
    Orphan, OrphanKind, OutcomeCounts, ProjectEntry, Report, Tool, TrackCounts, Work,
};
use crate::check::CheckReport;
use crate::config::Config;
use crate::measure::progress::Track;
use crate::model::{Entity, Id, ObjectiveStatus, Plan};

/// The title of a report whose configuration names none.
pub const DEFAULT_TITLE: &str = "Strategy report";

/// Builds the report of `check` with the history in `input`.
pub fn build(check: &CheckReport, config: &Config, input: Input) -> Report {
    let plan = &check.loaded.plan;
    let analysis = &check.analysis;

    let objective_projects = projects_per_objective(plan);
    let mut goals: Vec<GoalEntry> = plan
        .goals
        .iter()
        .zip(&analysis.goals)
        .map(|(g, m)| GoalEntry {
            id: g.id.clone(),
            title: g.title.clone(),
            owner: g.owner.clone(),
            category: g.category,
            status: m.status,
            parent: g.parent.clone(),
            start: g.start,
            due: g.due,
            metric: g.metric.clone(),
            progress_from: m.progress_from,
            progress: m.progress,
            expected: m.expected,
            track: m.track,
            objectives: plan
                .objectives
                .iter()
                .filter(|o| o.supports.contains(&g.id))
                .map(|o| o.id.clone())
                .collect(),
            sub_goals: plan
                .goals
                .iter()
                .filter(|c| c.parent.as_ref() == Some(&g.id) && c.id != g.id)
                .map(|c| c.id.clone())
                .collect(),
            projects: analysis
                .projects
                .iter()
                .filter(|p| p.alignment.goals.contains(&g.id))
                .map(|p| p.id.clone())
                .collect(),
            work: Work::default(),
            description: g.description.clone(),
            links: g.links.clone(),
        })
        .collect();
    let work: Vec<Work> = {
        let index = Indexes {
            goals: plan
                .goals
                .iter()
                .enumerate()
                .map(|(i, g)| (&g.id, i))
                .collect(),
            objectives: plan
                .objectives
                .iter()
                .enumerate()
                .map(|(i, o)| (&o.id, i))
                .collect(),
            objective_projects: &objective_projects,
        };
        (0..goals.len())
            .map(|i| work_under(plan, &goals, i, &index))
            .collect()
    };
    for (goal, work) in goals.iter_mut().zip(work) {
        goal.work = work;
    }
    let objectives: Vec<ObjectiveEntry> = plan
        .objectives
        .iter()
        .zip(&analysis.objectives)
        .map(|(o, m)| ObjectiveEntry {
            id: o.id.clone(),
            title: o.title.clone(),
            owner: o.owner.clone(),
            status: m.status,
            period: o.period.clone(),
            supports: o.supports.clone(),
            aligned: m.aligned,
            why: m.why.clone(),
            progress: m.progress,
            expected: m.expected,
            track: m.track,
            key_results: o.key_results.iter().map(|k| k.id.clone()).collect(),
            projects: objective_projects.get(&o.id).cloned().unwrap_or_default(),
            description: o.description.clone(),
            links: o.links.clone(),
        })
        .collect();

    let key_results: Vec<KeyResultEntry> = plan
        .key_results()
        .zip(&analysis.key_results)
        .map(|((_, kr), m)| KeyResultEntry {
            id: kr.id.clone(),
            objective: m.objective.clone(),
            title: kr.title.clone(),
            owner: kr.owner.clone(),
            metric: kr.metric.clone(),
            value: m.value,
            progress: m.progress,
            expected: m.expected,
            track: m.track,
            confidence: kr.confidence,
            weight: kr.weight,
            last_update: m.last_update,
            planned_effect: m.planned_effect,
            projects: m.projects.clone(),
            checkins: sorted_checkins(&kr.checkins),
            description: kr.description.clone(),
            links: kr.links.clone(),
        })
        .collect();

    let projects: Vec<ProjectEntry> = plan
        .projects
        .iter()
        .zip(&analysis.projects)
        .map(|(p, m)| ProjectEntry {
            id: p.id.clone(),
            title: p.title.clone(),
            owner: p.owner.clone(),
            status: m.status,
            stage: p.stage,
            validated_by: p.validated_by.clone(),
            start: p.start,
            due: p.due,
            contributes_to: p.contributes_to.clone(),
            aligned: m.alignment.aligned,
            why: m.alignment.why.clone(),
            goals: m.alignment.goals.clone(),
            delivery: m.delivery.clone(),
            impact: m.impact,
            outcome: m.outcome,
            outcome_label: m.outcome.label(),
            roi: m.roi,
            budget: p.budget.clone(),
            expected_value: p.expected_value.clone(),
            intended_outcome: p.outcome.clone(),
            deliverables: p.deliverables.clone(),
            depends_on: p.depends_on.clone(),
            description: p.description.clone(),
            links: p.links.clone(),
        })
        .collect();

    let active_objective: HashMap<&Id, bool> = plan
        .objectives
        .iter()
        .map(|o| (&o.id, o.is_active()))
        .collect();
    let live_krs: Vec<&KeyResultEntry> = key_results
        .iter()
        .filter(|k| active_objective.get(&k.objective).copied().unwrap_or(false))
        .collect();
    let mut kr_tracks = TrackCounts::default();
    for k in &live_krs {
        kr_tracks.add(k.track);
    }
    let mut at_risk: Vec<&KeyResultEntry> = live_krs
        .iter()
        .copied()
        .filter(|k| matches!(k.track, Track::AtRisk | Track::OffTrack))
        .collect();
    // Off track before at risk, then the furthest behind first; stable for ties.
    at_risk.sort_by(|a, b| {
        let rank = |k: &KeyResultEntry| u8::from(k.track != Track::OffTrack);
        let gap = |k: &KeyResultEntry| k.expected.unwrap_or(0.0) - k.progress.unwrap_or(0.0);
        rank(a)
            .cmp(&rank(b))
            .then_with(|| gap(b).total_cmp(&gap(a)))
    });
    let at_risk = at_risk.into_iter().map(|k| k.id.clone()).collect();

    let mut orphans: Vec<Orphan> = objectives
        .iter()
        .filter(|o| o.status == ObjectiveStatus::Active && !o.aligned)
        .map(|o| Orphan {
            kind: OrphanKind::Objective,
            id: o.id.clone(),
            title: o.title.clone(),
            why: o.why.clone().unwrap_or_default(),
        })
        .collect();
    orphans.extend(
        plan.projects
            .iter()
            .zip(&projects)
            .filter(|(p, e)| p.is_in_play() && !e.aligned)
            .map(|(_, e)| Orphan {
                kind: OrphanKind::Project,
                id: e.id.clone(),
                title: e.title.clone(),
                why: e.why.clone().unwrap_or_default(),
            }),
    );

    let mut outcomes = OutcomeCounts::default();
    for p in &projects {
        outcomes.add(p.outcome);
    }
    let alignment = analysis.alignment.clone();
    let gate = config.rules.min_alignment.map(|min| Gate {
        min_alignment: min,
        passed: alignment.score.is_none_or(|s| s + 1e-12 >= min),
    });
    let headline = Headline {
        alignment,
        gate,
        counts: Counts {
            files: check.summary.files,
            goals: goals.len(),
            objectives: objectives.len(),
            key_results: key_results.len(),
            projects: projects.len(),
        },
        findings: FindingCounts {
            errors: check.summary.errors,
            warnings: check.summary.warnings,
            infos: check.summary.infos,
        },
        key_results: kr_tracks,
        outcomes,
        incomplete: check.has_input_errors(),
    };

    let findings = check
        .findings
        .iter()
        .map(|l| FindingEntry {
            rule: l.finding.rule,
            level: l.finding.level,
            message: l.finding.message.clone(),
            entity: l.finding.entity.clone(),
            file: l.at.as_ref().map(|a| a.file.clone()),
            line: l.at.as_ref().map(|a| a.line),
            column: l.at.as_ref().map(|a| a.column),
            help: l.finding.help.as_deref().map(str::to_owned),
        })
        .collect();

    let mut trends = input.trends;
    for points in trends.values_mut() {
        points.sort_by_key(|p| p.date);
    }
    Report {
        version: REPORT_VERSION,
        tool: Tool {
            name: "bearing",
            version: env!("CARGO_PKG_VERSION"),
        },
        title: config
            .report
            .title
            .clone()
            .unwrap_or_else(|| DEFAULT_TITLE.to_owned()),
        as_of: check.as_of,
        rev: input.rev,
        base: input.base,
        part: None,
        headline,
        goals,
        objectives,
        key_results,
        projects,
        at_risk,
        orphans,
        findings,
        changes: input.changes,
        trends,
        commits: input.commits,
        review: None,
    }
}

/// Deep enough for any real plan; a parent loop is cut by the visited set anyway.
const MAX_GOAL_DEPTH: usize = 32;

/// The work under goal `i` and its sub-goals (see [`Work`]).
fn work_under(plan: &Plan, goals: &[GoalEntry], i: usize, index: &Indexes) -> Work {
    let mut work = Work::default();
    let mut seen: HashSet<&Id> = HashSet::new();
    let mut reached: HashSet<usize> = HashSet::from([i]);
    // Depth first, the goal's own objectives before its sub-goals', as `trace` lists them.
    let mut stack: Vec<(usize, usize)> = vec![(i, 0)];
    while let Some((g, depth)) = stack.pop() {
        if g != i {
            work.sub_goals.push(goals[g].id.clone());
        }
        for o in &goals[g].objectives {
            let Some(&oi) = index.objectives.get(o) else {
                continue;
            };
            let objective = &plan.objectives[oi];
            if seen.insert(&objective.id) {
                work.objectives.push(objective.id.clone());
            }
            for kr in &objective.key_results {
                if seen.insert(&kr.id) {
                    work.key_results.push(kr.id.clone());
                }
            }
            for p in index.objective_projects.get(o).into_iter().flatten() {
                if seen.insert(p) {
                    work.projects.push(p.clone());
                }
            }
        }
        if depth >= MAX_GOAL_DEPTH {
            continue;
        }
        for sub in goals[g].sub_goals.iter().rev() {
            if let Some(&s) = index.goals.get(sub) {
                if reached.insert(s) {
                    stack.push((s, depth + 1));
                }
            }
        }
    }
    work
}

/// Positions by id, built once for every goal's [`Work`].
struct Indexes<'a> {
    goals: HashMap<&'a Id, usize>,
    objectives: HashMap<&'a Id, usize>,
    objective_projects: &'a HashMap<Id, Vec<Id>>,
}

/// Projects per objective id: those naming the objective or one of its key results, in
/// plan order, each once.
fn projects_per_objective(plan: &Plan) -> HashMap<Id, Vec<Id>> {
    let mut out: HashMap<Id, Vec<Id>> = HashMap::new();
    for p in &plan.projects {
        for c in &p.contributes_to {
            let objective = match plan.get(c.id.as_str()) {
                Some(Entity::Objective(i) | Entity::KeyResult { objective: i, .. }) => {
                    &plan.objectives[i].id
                }
                _ => continue,
            };
            let list = out.entry(objective.clone()).or_default();
            if !list.contains(&p.id) {
                list.push(p.id.clone());
            }
        }
    }
    out
}

fn sorted_checkins(checkins: &[crate::model::CheckIn]) -> Vec<crate::model::CheckIn> {
    let mut out = checkins.to_vec();
    out.sort_by_key(|c| c.date);
    out
}
