//! The page of each goal, objective and project.

use std::collections::HashSet;

use crate::model::Id;
use crate::report::model::{GoalEntry, ObjectiveEntry, ProjectEntry};
use crate::report::svg::{self, Trend};

use super::builder::{Builder, samples, tree_size};
use super::contexts::{
    Contribution, GoalPage, GoalRow, KrDetail, KrNode, ObjectiveNode, ObjectivePage, ProjectPage,
    ProjectRow, SiteInfo, SubGoalTree, WorkCounts,
};
use super::{GOAL_TREE_NODES, INDEX_ROWS};

impl<'a> Builder<'a> {
    /// Goals with their sub-goals under them; a parent loop cannot recurse forever.
    pub(super) fn goal_tree(&self) -> Vec<GoalRow<'a>> {
        let goals = &self.report.goals;
        let mut out = Vec::new();
        let mut seen: HashSet<&str> = HashSet::new();
        let roots = goals.iter().filter(|g| {
            g.parent
                .as_ref()
                .is_none_or(|p| !self.goals.contains_key(p.as_str()))
        });
        let mut stack: Vec<(&GoalEntry, usize)> = roots.rev().map(|g| (g, 0)).collect();
        while let Some((g, depth)) = stack.pop() {
            if !seen.insert(g.id.as_str()) {
                continue;
            }
            out.push(self.goal_row(g, depth));
            for sub in g.sub_goals.iter().rev() {
                if let Some(s) = self.goals.get(sub.as_str()) {
                    stack.push((s, depth + 1));
                }
            }
        }
        // Goals in a parent loop have no root: list them last.
        for g in goals {
            if seen.insert(g.id.as_str()) {
                out.push(self.goal_row(g, 0));
            }
        }
        out
    }

    pub(super) fn goal_row(&self, g: &'a GoalEntry, depth: usize) -> GoalRow<'a> {
        GoalRow {
            goal: g,
            href: self.pages.href(g.id.as_str()),
            bar: svg::progress_bar(g.progress, g.expected, g.track),
            depth,
        }
    }

    pub(super) fn goal(&self, g: &'a GoalEntry) -> GoalPage<'a> {
        let objectives_of = |g: &GoalEntry| -> Vec<ObjectiveNode<'a>> {
            g.objectives
                .iter()
                .filter_map(|id| self.objectives.get(id.as_str()).copied())
                .map(|o| self.objective_node(o))
                .collect()
        };
        let objectives = objectives_of(g);
        // A page costs what it shows: past a budget of tree nodes, a sub-goal is a line
        // with a link to its own page.
        let mut budget = GOAL_TREE_NODES.saturating_sub(tree_size(&objectives));
        let sub_goal_trees = g
            .work
            .sub_goals
            .iter()
            .filter_map(|id| self.goals.get(id.as_str()).copied())
            .map(|s| {
                let mut trees = if budget > 0 {
                    objectives_of(s)
                } else {
                    Vec::new()
                };
                let size = tree_size(&trees);
                if size > budget {
                    trees.clear();
                }
                budget = budget.saturating_sub(size);
                SubGoalTree {
                    goal: s,
                    href: self.pages.href(s.id.as_str()),
                    bar: svg::progress_bar(s.progress, s.expected, s.track),
                    parent: s.parent.as_ref().map(|p| self.link(p.as_str())),
                    more: if trees.is_empty() {
                        s.objectives.len()
                    } else {
                        0
                    },
                    objectives: trees,
                }
            })
            .collect();
        // The goal's own aligned projects, then those aligned through a sub-goal only,
        // up to [`INDEX_ROWS`] in all (each sub-goal's page lists its own).
        let mut projects = self.projects_named(&g.projects);
        let mut listed: HashSet<&str> = g.projects.iter().map(Id::as_str).collect();
        let mut more_projects = 0;
        for sub in &g.work.sub_goals {
            let Some(s) = self.goals.get(sub.as_str()) else {
                continue;
            };
            for p in &s.projects {
                if !listed.insert(p.as_str()) {
                    continue;
                }
                if projects.len() >= INDEX_ROWS {
                    more_projects += 1;
                    continue;
                }
                if let Some(entry) = self.projects.get(p.as_str()) {
                    let mut row = self.project_row(entry);
                    row.via = Some(s.id.as_str());
                    projects.push(row);
                }
            }
        }
        let work = WorkCounts {
            sub_goals: g.work.sub_goals.len(),
            objectives: g.work.objectives.len(),
            key_results: g.work.key_results.len(),
            projects: g.work.projects.len(),
        };
        let description = self.describe(&g.id, g.description.as_ref(), 2);
        GoalPage {
            site: SiteInfo {
                current: "goal",
                ..self.site
            },
            goal: g,
            bar: svg::progress_bar(g.progress, g.expected, g.track),
            description,
            parent: g.parent.as_ref().map(|p| self.link(p.as_str())),
            sub_goals: g.sub_goals.iter().map(|s| self.link(s.as_str())).collect(),
            objectives,
            sub_goal_trees,
            work,
            projects,
            more_projects,
            findings: self.findings_of(&g.id),
            changes: self.changes_of(&[&g.id]),
        }
    }

    pub(super) fn objective_node(&self, o: &'a ObjectiveEntry) -> ObjectiveNode<'a> {
        let key_results = o
            .key_results
            .iter()
            .filter_map(|id| self.key_results.get(id.as_str()).copied())
            .map(|k| KrNode {
                kr: k,
                href: self.pages.href(k.id.as_str()),
                bar: svg::progress_bar(k.progress, k.expected, k.track),
                projects: self.projects_naming(k.id.as_str()),
            })
            .collect();
        ObjectiveNode {
            objective: o,
            href: self.pages.href(o.id.as_str()),
            bar: svg::progress_bar(o.progress, o.expected, o.track),
            key_results,
            projects: self.projects_naming(o.id.as_str()),
        }
    }

    /// Projects whose `contributes_to` names `id`.
    pub(super) fn projects_naming(&self, id: &str) -> Vec<ProjectRow<'a>> {
        self.naming
            .get(id)
            .into_iter()
            .flatten()
            .map(|p| self.project_row(p))
            .collect()
    }

    pub(super) fn objective(&self, o: &'a ObjectiveEntry) -> ObjectivePage<'a> {
        let mut key_results = Vec::new();
        for id in &o.key_results {
            let Some(k) = self.key_results.get(id.as_str()).copied() else {
                continue;
            };
            let (samples, trend_from) = samples(k, self.report);
            let trend = svg::trend_chart(&Trend {
                id: k.id.as_str(),
                title: &k.title,
                unit: k.metric.unit.as_deref(),
                baseline: k.metric.baseline,
                target: k.metric.target,
                period: o.period.as_ref().map(|p| (p.start, p.end)),
                as_of: self.report.as_of,
                samples: &samples,
            });
            let description = self.describe(&k.id, k.description.as_ref(), 4);
            key_results.push(KrDetail {
                kr: k,
                anchor: format!("kr-{}", k.id),
                bar: svg::progress_bar(k.progress, k.expected, k.track),
                trend,
                trend_from,
                samples,
                description,
                projects: self.projects_naming(k.id.as_str()),
                findings: self.findings_of(&k.id),
            });
        }
        let description = self.describe(&o.id, o.description.as_ref(), 2);
        let mut ids: Vec<&Id> = vec![&o.id];
        ids.extend(o.key_results.iter());
        ObjectivePage {
            site: SiteInfo {
                current: "objective",
                ..self.site
            },
            objective: o,
            bar: svg::progress_bar(o.progress, o.expected, o.track),
            description,
            supports: o.supports.iter().map(|g| self.link(g.as_str())).collect(),
            key_results,
            projects: self.projects_naming(o.id.as_str()),
            findings: self.findings_of(&o.id),
            changes: self.changes_of(&ids),
        }
    }

    pub(super) fn project(&self, p: &'a ProjectEntry) -> ProjectPage<'a> {
        let contributes = p
            .contributes_to
            .iter()
            .map(|c| {
                let id = c.id.as_str();
                let (kind, progress, track) = if let Some(k) = self.key_results.get(id) {
                    ("key result", k.progress, Some((k.track, k.expected)))
                } else if let Some(o) = self.objectives.get(id) {
                    ("objective", o.progress, Some((o.track, o.expected)))
                } else {
                    ("unknown", None, None)
                };
                Contribution {
                    link: self.link(id),
                    kind,
                    expected: c.expected,
                    progress,
                    track: track.map(|(t, _)| t),
                    bar: track.map(|(t, e)| svg::progress_bar(progress, e, t)),
                }
            })
            .collect();
        let description = self.describe(&p.id, p.description.as_ref(), 2);
        ProjectPage {
            site: SiteInfo {
                current: "project",
                ..self.site
            },
            project: p,
            row: self.project_row(p),
            description,
            contributes,
            goals: p.goals.iter().map(|g| self.link(g.as_str())).collect(),
            depends_on: p.depends_on.iter().map(|d| self.link(d.as_str())).collect(),
            validated_by: p.validated_by.as_ref().map(|v| self.link(v.as_str())),
            findings: self.findings_of(&p.id),
            changes: self.changes_of(&[&p.id]),
        }
    }
}
