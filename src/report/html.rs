//! The static site as a list of files: one page per goal, objective and project, the
//! index, the changes page and the stylesheet. Builds each page's typed context from
//! the [`Report`], renders it, and returns bytes; writing them is [`super::site`]'s job.
//!
//! File names come only from ids that passed validation, behind a kind prefix
//! (`goal-G-x.html`), so that no id can name `index.html`; two ids that differ only by
//! case get distinct names, since they would collide on a case-insensitive disk.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::ReportError;
use super::model::Report;
use super::templates::{self, Overrides};
use crate::model::Id;

mod builder;
mod contexts;
mod entity_pages;
mod pages;

use builder::Builder;
use contexts::SiteInfo;

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
