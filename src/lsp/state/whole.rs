//! The whole plan put together from the files, and the rules run on it.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::PathBuf;

use jiff::civil::Date;

use super::PlanFile;
use crate::check::{Judged, judge};
use crate::config::Config;
use crate::finding::Finding;
use crate::load::{Damage, IdDecl, Loaded};
use crate::measure::Analysis;
use crate::model::Plan;

/// Where a file's entities sit in the plan's lists (`None`: left out as a duplicate).
#[derive(Debug, Default)]
pub(super) struct Slots {
    pub(super) goals: Vec<Option<usize>>,
    pub(super) objectives: Vec<Option<usize>>,
    pub(super) projects: Vec<Option<usize>>,
}

/// The whole plan put together from the files.
#[derive(Debug)]
pub(super) struct Whole {
    /// The plan, its declarations and sources (its `findings` stay empty: each file
    /// keeps its own).
    pub(super) loaded: Loaded,
    /// The path of each file, by the file index findings carry.
    pub(super) paths: Vec<PathBuf>,
    pub(super) doc_ranges: Vec<Range<usize>>,
    pub(super) slots: Vec<Slots>,
}

/// The result of checking the whole plan.
#[derive(Debug)]
pub(super) struct Checked {
    /// What it was checked for: the day, today, and whether the history was read.
    pub(super) made_for: (Date, Date, bool),
    /// Whether some reference was read as meant by an entity's title.
    pub(super) read_titles: bool,
    pub(super) analysis: Analysis,
    pub(super) findings: Vec<Finding>,
    pub(super) by_file: Vec<Vec<usize>>,
    pub(super) plan_wide: Vec<usize>,
}

/// The plan of `files` (in order, numbered), its declarations, and where each file's
/// entities sit in it.
pub(super) fn build_plan(files: &BTreeMap<PathBuf, PlanFile>) -> (Plan, Vec<IdDecl>, Vec<Slots>) {
    let decls: Vec<IdDecl> = files
        .values()
        .flat_map(|f| f.decls.iter().cloned())
        .collect();
    // As the loader does: a document whose exact id was declared before (by any kind,
    // in any file) stays out of the plan; `duplicate-id` reports it.
    let mut first_doc: HashMap<&str, usize> = HashMap::with_capacity(decls.len());
    for d in decls.iter().filter(|d| d.pointer.is_empty()) {
        first_doc.entry(d.id.as_str()).or_insert(d.doc);
    }
    let keep = |id: &str, doc: usize| first_doc.get(id) == Some(&doc);
    let (mut goals, mut objectives, mut projects) = (Vec::new(), Vec::new(), Vec::new());
    let mut slots = Vec::with_capacity(files.len());
    for file in files.values() {
        let mut s = Slots::default();
        for g in &file.goals {
            let kept = keep(g.id.as_str(), g.origin.doc);
            s.goals.push(kept.then_some(goals.len()));
            if kept {
                goals.push(g.clone());
            }
        }
        for o in &file.objectives {
            let kept = keep(o.id.as_str(), o.origin.doc);
            s.objectives.push(kept.then_some(objectives.len()));
            if kept {
                objectives.push(o.clone());
            }
        }
        for p in &file.projects {
            let kept = keep(p.id.as_str(), p.origin.doc);
            s.projects.push(kept.then_some(projects.len()));
            if kept {
                projects.push(p.clone());
            }
        }
        slots.push(s);
    }
    drop(first_doc);
    let mut plan = Plan::new(goals, objectives, projects);
    plan.declare(decls.iter().map(|d| (d.id.as_str(), d.kind)));
    (plan, decls, slots)
}

/// The rules on the whole plan, as `check` runs them ([`crate::check::judge`]): every
/// finding, level and help is `check`'s, the ones held back left out as `check` leaves
/// them out.
pub(super) fn check(
    loaded: &Loaded,
    damage: &Damage,
    read: Vec<Finding>,
    config: &Config,
    as_of: Date,
    evidence: &crate::measure::Evidence,
) -> Checked {
    let Judged {
        findings, analysis, ..
    } = judge(
        &loaded.plan,
        &loaded.decls,
        damage,
        read,
        crate::finding::Sink::new(&config.rules),
        as_of,
        evidence,
        None,
    );
    let mut by_file = vec![Vec::new(); loaded.sources.files.len()];
    let mut plan_wide = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        let file = f.at.as_ref().and_then(|a| loaded.sources.file_of(a));
        match file.and_then(|file| by_file.get_mut(file)) {
            Some(list) => list.push(i),
            None => plan_wide.push(i),
        }
    }
    Checked {
        made_for: (as_of, as_of, false),
        read_titles: false,
        analysis,
        findings,
        by_file,
        plan_wide,
    }
}
