//! The static site as a list of files: one page per goal, objective and project, the
//! index, the changes page and the stylesheet. Builds each page's typed context from
//! the [`Report`], renders it, and returns bytes; writing them is [`super::site`]'s job.
//!
//! File names come only from ids that passed validation, behind a kind prefix
//! (`goal-G-x.html`), so that no id can name `index.html`; two ids that differ only by
//! case get distinct names, since they would collide on a case-insensitive disk.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use jiff::civil::Date;
use rayon::prelude::*;

use super::ReportError;
use super::input::Change;
use super::markdown::projects_by_outcome;
use super::model::{FindingEntry, GoalEntry, KeyResultEntry, ObjectiveEntry, ProjectEntry, Report};
use super::sanitize;
use super::svg::{self, ImpactPoint, Sample, Trend};
use super::templates::{self, Overrides};
use crate::measure::delivery::{Quadrant, Schedule};
use crate::model::EntityStatus;
use crate::model::Id;
use crate::model::period::days_between;

mod contexts;

use contexts::{
    ChangeRow, ChangesPage, ChartKey, Contribution, Description, FindingGroup, GoalPage, GoalRow,
    IndexPage, KrDetail, KrNode, KrRow, Link, MoveRow, ObjectiveNode, ObjectivePage, OrphanRow,
    ProjectPage, ProjectRow, ReviewPage, SiteInfo, SubGoalTree, WorkCounts,
};

/// One file of the site: a plain file name (no folder) and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The rendered site, and what it could not show (descriptions over a limit).
#[derive(Debug, Clone)]
pub struct Site {
    pub files: Vec<SiteFile>,
    pub notes: Vec<String>,
}

/// How many recent changes the index shows.
const INDEX_CHANGES: usize = 10;

/// How many findings the index lists; `bearing check` has them all.
const INDEX_FINDINGS: usize = 50;

/// How many rows the index gives a list (key results at risk, orphans, projects); each
/// entity has its own page, and a large plan must not make an index of megabytes.
const INDEX_ROWS: usize = 200;

/// How many objectives, key results and projects a goal's page draws in its sub-goals'
/// trees; past that, a sub-goal links to its own page.
const GOAL_TREE_NODES: usize = 400;

/// How many projects the delivery-versus-impact chart draws, most important first.
const CHART_POINTS: usize = 400;

/// Renders every page of the site, in memory.
pub fn render(report: &Report, overrides: &Overrides) -> Result<Site, ReportError> {
    let (files, notes) = render_each(report, overrides, Ok)?;
    Ok(Site { files, notes })
}

/// Renders every page of the site and hands each to `sink` as soon as it is rendered,
/// on any core: what `sink` makes of the pages comes back in the site's order, with the
/// notes. A sink that writes each page leaves no more than a page per core in memory.
pub fn render_each<T: Send>(
    report: &Report,
    overrides: &Overrides,
    sink: impl Fn(SiteFile) -> Result<T, ReportError> + Sync,
) -> Result<(Vec<T>, Vec<String>), ReportError> {
    let pages = Pages::new(report);
    let env = templates::html(overrides, Arc::new(pages.href.clone()));
    let b = Builder {
        report,
        pages: &pages,
        site: SiteInfo {
            title: &report.title,
            as_of: report.as_of,
            version: report.tool.version,
            rev: report.rev.as_deref(),
            base: report.base.as_deref(),
            has_history: !(report.changes.is_empty()
                && report.commits.is_empty()
                && report.trends.is_empty()),
            review: report.review.as_ref().map(|r| &r.since),
            part: report.part.as_deref(),
            incomplete: report.headline.incomplete,
            current: "index",
        },
        goals: report.goals.iter().map(|g| (g.id.as_str(), g)).collect(),
        objectives: report
            .objectives
            .iter()
            .map(|o| (o.id.as_str(), o))
            .collect(),
        key_results: report
            .key_results
            .iter()
            .map(|k| (k.id.as_str(), k))
            .collect(),
        projects: report.projects.iter().map(|p| (p.id.as_str(), p)).collect(),
        findings_by: group(
            report
                .findings
                .iter()
                .filter_map(|f| Some((f.entity.as_ref()?.as_str(), f))),
        ),
        changes_by: group(
            report
                .changes
                .iter()
                .enumerate()
                .map(|(i, c)| (c.entity.as_str(), i)),
        ),
        naming: group(report.projects.iter().flat_map(|p| {
            let mut ids: Vec<&str> = p.contributes_to.iter().map(|c| c.id.as_str()).collect();
            ids.sort_unstable();
            ids.dedup();
            ids.into_iter().map(move |id| (id, p))
        })),
    };
    // Pages are independent: render them on every core, in a fixed order.
    let jobs: Vec<Job> = [Job::Index, Job::Changes]
        .into_iter()
        .chain(report.review.is_some().then_some(Job::Review))
        .chain((0..report.goals.len()).map(Job::Goal))
        .chain((0..report.objectives.len()).map(Job::Objective))
        .chain((0..report.projects.len()).map(Job::Project))
        .collect();
    let render = |name: String, template: &str, context: &dyn erased::Context| {
        let html = env
            .get_template(template)
            .and_then(|t| t.render(context.value()))
            .map_err(ReportError::template)?;
        sink(SiteFile {
            name,
            bytes: html.into_bytes(),
        })
    };
    let rendered: Vec<(T, Vec<String>)> = jobs
        .par_iter()
        .map(|job| match *job {
            Job::Index => Ok((
                render("index.html".into(), "index.html.j2", &b.index())?,
                vec![],
            )),
            Job::Changes => Ok((
                render("changes.html".into(), "changes.html.j2", &b.changes())?,
                vec![],
            )),
            Job::Review => Ok((
                render("review.html".into(), "review.html.j2", &b.review())?,
                vec![],
            )),
            Job::Goal(i) => {
                let g = &report.goals[i];
                let context = b.goal(g);
                let notes = context.description.note.iter().cloned().collect();
                Ok((render(pages.file(&g.id), "goal.html.j2", &context)?, notes))
            }
            Job::Objective(i) => {
                let o = &report.objectives[i];
                let context = b.objective(o);
                let notes = context
                    .description
                    .note
                    .iter()
                    .chain(
                        context
                            .key_results
                            .iter()
                            .filter_map(|k| k.description.note.as_ref()),
                    )
                    .cloned()
                    .collect();
                Ok((
                    render(pages.file(&o.id), "objective.html.j2", &context)?,
                    notes,
                ))
            }
            Job::Project(i) => {
                let p = &report.projects[i];
                let context = b.project(p);
                let notes = context.description.note.iter().cloned().collect();
                Ok((
                    render(pages.file(&p.id), "project.html.j2", &context)?,
                    notes,
                ))
            }
        })
        .collect::<Result<_, ReportError>>()?;
    let mut files = Vec::with_capacity(rendered.len() + 1);
    let mut notes = Vec::new();
    for (file, page_notes) in rendered {
        files.push(file);
        notes.extend(page_notes);
    }
    let css = templates::source("style.css", overrides).unwrap_or_default();
    files.push(sink(SiteFile {
        name: "style.css".to_owned(),
        bytes: css.as_bytes().to_vec(),
    })?);
    Ok((files, notes))
}

/// One page to render.
#[derive(Debug, Clone, Copy)]
enum Job {
    Index,
    Changes,
    Review,
    Goal(usize),
    Objective(usize),
    Project(usize),
}

/// Groups values by key, keeping their order within each key.
fn group<'a, T>(pairs: impl Iterator<Item = (&'a str, T)>) -> HashMap<&'a str, Vec<T>> {
    let mut out: HashMap<&'a str, Vec<T>> = HashMap::new();
    for (key, value) in pairs {
        out.entry(key).or_default().push(value);
    }
    out
}

/// Lets the page closure take any context without a generic parameter.
mod erased {
    pub(super) trait Context {
        fn value(&self) -> minijinja::Value;
    }
    impl<T: serde::Serialize> Context for T {
        fn value(&self) -> minijinja::Value {
            minijinja::Value::from(minijinja::value::Serde(self))
        }
    }
}

/// The address of every entity: its page, or for a key result an anchor on its
/// objective's page.
struct Pages {
    href: HashMap<String, String>,
    file: HashMap<String, String>,
}

impl Pages {
    fn new(report: &Report) -> Pages {
        let mut taken: HashSet<String> = ["index.html", "changes.html", "review.html", "style.css"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        let mut file = HashMap::new();
        let kinds = report
            .goals
            .iter()
            .map(|g| ("goal", &g.id))
            .chain(report.objectives.iter().map(|o| ("objective", &o.id)))
            .chain(report.projects.iter().map(|p| ("project", &p.id)));
        for (kind, id) in kinds {
            let mut name = format!("{kind}-{id}.html");
            let mut n = 2;
            // `~` is not an id character: a suffixed name cannot be another id's.
            while taken.contains(&name.to_ascii_lowercase()) {
                name = format!("{kind}-{id}~{n}.html");
                n += 1;
            }
            taken.insert(name.to_ascii_lowercase());
            file.entry(id.0.to_string()).or_insert(name);
        }
        let mut href = file.clone();
        for k in &report.key_results {
            if let Some(page) = file.get(k.objective.as_str()) {
                href.entry(k.id.0.to_string())
                    .or_insert_with(|| format!("{page}#kr-{}", k.id));
            }
        }
        Pages { href, file }
    }

    fn file(&self, id: &Id) -> String {
        self.file
            .get(id.as_str())
            .cloned()
            .unwrap_or_else(|| format!("{id}.html"))
    }

    fn href(&self, id: &str) -> Option<String> {
        self.href.get(id).cloned()
    }
}

struct Builder<'a> {
    report: &'a Report,
    pages: &'a Pages,
    site: SiteInfo<'a>,
    goals: HashMap<&'a str, &'a GoalEntry>,
    objectives: HashMap<&'a str, &'a ObjectiveEntry>,
    key_results: HashMap<&'a str, &'a KeyResultEntry>,
    projects: HashMap<&'a str, &'a ProjectEntry>,
    /// Indexes built once, so that a page costs what it shows, not the whole plan.
    findings_by: HashMap<&'a str, Vec<&'a FindingEntry>>,
    /// Positions in `report.changes`, per entity id.
    changes_by: HashMap<&'a str, Vec<usize>>,
    /// Projects by the key-result or objective id their `contributes_to` names.
    naming: HashMap<&'a str, Vec<&'a ProjectEntry>>,
}

impl<'a> Builder<'a> {
    fn link(&self, id: &str) -> Link {
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
    fn describe(&self, id: &Id, text: Option<&String>, top: u8) -> Description {
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

    fn findings_of(&self, id: &Id) -> Vec<&'a FindingEntry> {
        self.findings_by
            .get(id.as_str())
            .cloned()
            .unwrap_or_default()
    }

    /// Changes of any of `ids`, in the order given (newest first).
    fn changes_of(&self, ids: &[&Id]) -> Vec<ChangeRow<'a>> {
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

    fn change_row(&self, change: &'a Change) -> ChangeRow<'a> {
        ChangeRow {
            change,
            href: self.pages.href(change.entity.as_str()),
        }
    }

    fn project_row(&self, p: &'a ProjectEntry) -> ProjectRow<'a> {
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

    fn projects_named(&self, ids: &[Id]) -> Vec<ProjectRow<'a>> {
        ids.iter()
            .filter_map(|id| self.projects.get(id.as_str()).copied())
            .map(|p| self.project_row(p))
            .collect()
    }

    fn kr_row(&self, kr: &'a KeyResultEntry) -> KrRow<'a> {
        KrRow {
            kr,
            href: self.pages.href(kr.id.as_str()),
            objective: self.link(kr.objective.as_str()),
            bar: svg::progress_bar(kr.progress, kr.expected, kr.track),
        }
    }

    fn index(&self) -> IndexPage<'_> {
        let r = self.report;
        let at_risk: Vec<KrRow<'_>> = r
            .at_risk
            .iter()
            .take(INDEX_ROWS)
            .filter_map(|id| self.key_results.get(id.as_str()).copied())
            .map(|k| self.kr_row(k))
            .collect();
        let by_outcome = projects_by_outcome(r);
        let projects: Vec<ProjectRow<'_>> = by_outcome
            .iter()
            .take(INDEX_ROWS)
            .map(|p| self.project_row(p))
            .collect();
        let charted: Vec<&ProjectEntry> = by_outcome
            .iter()
            .copied()
            .filter(|p| !matches!(p.outcome, Quadrant::Stopped | Quadrant::Proposed))
            .collect();
        let points: Vec<ImpactPoint> = charted
            .iter()
            .take(CHART_POINTS)
            .enumerate()
            .map(|(i, p)| {
                let (delivery, basis) = delivery_progress(p, r.as_of);
                ImpactPoint {
                    id: p.id.to_string(),
                    title: p.title.clone(),
                    href: self.pages.file(&p.id),
                    delivered: p.delivery.delivered,
                    delivery,
                    basis,
                    number: i + 1,
                    impact: p.impact,
                    outcome: p.outcome,
                }
            })
            .collect();
        let key = points
            .iter()
            .zip(&charted)
            .map(|(point, p)| ChartKey {
                number: point.number,
                project: p,
                href: self.pages.href(p.id.as_str()),
                delivery: point.delivery,
                basis: point.basis.clone(),
                outcome_class: svg::outcome_class(p.outcome),
            })
            .collect();
        let mut findings: Vec<&FindingEntry> = r.findings.iter().collect();
        findings.sort_by_key(|f| f.level);
        let more_findings = findings.len().saturating_sub(INDEX_FINDINGS);
        findings.truncate(INDEX_FINDINGS);
        // Grouped by entity in order of each group's most severe finding (the list is
        // sorted by level, so a group's first finding is its worst).
        let mut groups: Vec<FindingGroup<'_>> = Vec::new();
        let mut group_of: HashMap<Option<&str>, usize> = HashMap::new();
        for f in findings {
            let key = f.entity.as_ref().map(Id::as_str);
            let at = *group_of.entry(key).or_insert_with(|| {
                groups.push(FindingGroup {
                    entity: key.map(|id| self.link(id)),
                    findings: Vec::new(),
                });
                groups.len() - 1
            });
            groups[at].findings.push(f);
        }
        let findings = groups;
        IndexPage {
            site: SiteInfo {
                current: "index",
                ..self.site
            },
            headline: &r.headline,
            goals: self.goal_tree(),
            at_risk,
            more_at_risk: r.at_risk.len().saturating_sub(INDEX_ROWS),
            orphans: r
                .orphans
                .iter()
                .take(INDEX_ROWS)
                .map(|o| OrphanRow {
                    orphan: o,
                    href: self.pages.href(o.id.as_str()),
                })
                .collect(),
            more_orphans: r.orphans.len().saturating_sub(INDEX_ROWS),
            chart: svg::delivery_impact_chart(&points),
            chart_key: key,
            charted: points.len(),
            chartable: charted.len(),
            projects,
            more_projects: r.projects.len().saturating_sub(INDEX_ROWS),
            findings,
            more_findings,
            changes: r
                .changes
                .iter()
                .take(INDEX_CHANGES)
                .map(|c| self.change_row(c))
                .collect(),
            more_changes: r.changes.len().saturating_sub(INDEX_CHANGES),
            review: r.review.as_ref(),
        }
    }

    /// Goals with their sub-goals under them; a parent loop cannot recurse forever.
    fn goal_tree(&self) -> Vec<GoalRow<'a>> {
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

    fn goal_row(&self, g: &'a GoalEntry, depth: usize) -> GoalRow<'a> {
        GoalRow {
            goal: g,
            href: self.pages.href(g.id.as_str()),
            bar: svg::progress_bar(g.progress, g.expected, g.track),
            depth,
        }
    }

    fn goal(&self, g: &'a GoalEntry) -> GoalPage<'a> {
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

    fn objective_node(&self, o: &'a ObjectiveEntry) -> ObjectiveNode<'a> {
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
    fn projects_naming(&self, id: &str) -> Vec<ProjectRow<'a>> {
        self.naming
            .get(id)
            .into_iter()
            .flatten()
            .map(|p| self.project_row(p))
            .collect()
    }

    fn objective(&self, o: &'a ObjectiveEntry) -> ObjectivePage<'a> {
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

    fn project(&self, p: &'a ProjectEntry) -> ProjectPage<'a> {
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

    fn review(&self) -> ReviewPage<'_> {
        let review = self
            .report
            .review
            .as_ref()
            .expect("a review page only with a review");
        let moved = review
            .moved
            .iter()
            .map(|m| MoveRow {
                kr: m,
                href: self.pages.href(m.id.as_str()),
                bar: svg::progress_bar_since(m.progress_before, m.progress_after, m.track_after),
            })
            .collect();
        let ids = review
            .confidence
            .iter()
            .map(|c| &c.id)
            .chain(review.new_risks.iter().map(|r| &r.id))
            .chain(review.lowered_targets.iter().map(|l| &l.id))
            .chain(review.newly_orphaned.iter().map(|o| &o.id))
            .chain(review.added.iter().map(|a| &a.id))
            .chain(review.dropped.iter().map(|d| &d.id))
            .chain(review.changes.iter().map(|c| &c.id));
        let links = ids
            .map(|id| (id.as_str(), self.pages.href(id.as_str())))
            .collect();
        ReviewPage {
            site: SiteInfo {
                current: "review",
                ..self.site
            },
            review,
            moved,
            links,
        }
    }

    fn changes(&self) -> ChangesPage<'_> {
        ChangesPage {
            site: SiteInfo {
                current: "changes",
                ..self.site
            },
            commits: &self.report.commits,
            changes: self
                .report
                .changes
                .iter()
                .map(|c| self.change_row(c))
                .collect(),
        }
    }
}

/// How many nodes an objective tree draws: objectives, key results and projects.
fn tree_size(nodes: &[ObjectiveNode<'_>]) -> usize {
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
fn impact_track(p: &ProjectEntry) -> crate::measure::progress::Track {
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
fn delivery_progress(p: &ProjectEntry, as_of: Date) -> (f64, String) {
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
fn samples(k: &KeyResultEntry, report: &Report) -> (Vec<Sample>, &'static str) {
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

fn short_hash(hash: &str) -> &str {
    hash.get(..7).unwrap_or(hash)
}

/// `1 day`, `12 days`.
fn day_count(days: i64) -> String {
    crate::format::count(usize::try_from(days).unwrap_or(0), "day", "days")
}
