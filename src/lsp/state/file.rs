//! One plan file as the server holds it, loaded on its own.

use std::sync::Arc;

use super::super::files::Stamp;
use super::super::occurrences::{self, Occurrence};
use super::super::prose;
use crate::finding::{Anchor, Finding};
use crate::load::{Damage, IdDecl, RawFile, load_alone};
use crate::model::{Goal, Objective, Project};
use crate::yaml::node::Node;

/// One plan file, loaded on its own.
#[derive(Debug)]
pub(in crate::lsp) struct PlanFile {
    /// The path as findings show it: relative to the workspace root, with `/`.
    pub display: String,
    /// The text read (empty when the file could not be read at all).
    pub text: String,
    /// The disk stamp of what was read; `None` when the content came from an editor.
    pub stamp: Option<Stamp>,
    /// Every id written in the file.
    pub occurrences: Vec<Occurrence>,
    /// The YAML documents; moved into the whole plan while it is put together.
    pub(super) roots: Vec<Node>,
    pub(super) doc_count: usize,
    pub(super) goals: Vec<Arc<Goal>>,
    pub(super) objectives: Vec<Arc<Objective>>,
    pub(super) projects: Vec<Arc<Project>>,
    pub(super) decls: Vec<IdDecl>,
    /// The findings of reading the file (`input`, `schema`).
    pub(super) findings: Vec<Finding>,
    /// What reading the file set aside or left out, to hold back what it alone causes.
    pub(super) damage: Damage,
    /// The file and first document numbers the entities, declarations and findings
    /// above carry.
    pub(super) file_index: usize,
    pub(super) doc_base: usize,
}

impl PlanFile {
    /// Loads one file as `bearing check` loads it.
    pub(in crate::lsp) fn read(
        raw: RawFile,
        stamp: Option<Stamp>,
        limits: &crate::config::Limits,
    ) -> PlanFile {
        let display = raw.path.clone();
        // References stay as written: they may name ids of other files. They are read
        // as meant on the whole plan, at each check.
        let mut loaded = load_alone(vec![raw], &limits.yaml);
        let text = loaded
            .sources
            .files
            .pop()
            .map(|f| f.text)
            .unwrap_or_default();
        let roots: Vec<Node> = loaded
            .sources
            .docs
            .into_iter()
            .map(|d| Arc::unwrap_or_clone(d.root))
            .collect();
        let occurrences = occurrences::collect(&text, &roots);
        PlanFile {
            display,
            text: Arc::unwrap_or_clone(text),
            stamp,
            occurrences,
            doc_count: roots.len(),
            roots,
            goals: std::mem::take(&mut loaded.plan.goals),
            objectives: std::mem::take(&mut loaded.plan.objectives),
            projects: std::mem::take(&mut loaded.plan.projects),
            decls: loaded.decls,
            findings: loaded.findings,
            damage: loaded.damage,
            file_index: 0,
            doc_base: 0,
        }
    }

    /// Gives the file's entities, declarations and findings the numbers of its place in
    /// the whole plan. Entities are shared with no one when this runs on a new file; an
    /// older one may copy an entity it shares with the last plan.
    pub(super) fn renumber(&mut self, file_index: usize, doc_base: usize) {
        if (self.file_index, self.doc_base) == (file_index, doc_base) {
            return;
        }
        let old = self.doc_base;
        let shift = |doc: usize| doc - old + doc_base;
        for g in &mut self.goals {
            let g = Arc::make_mut(g);
            g.origin.doc = shift(g.origin.doc);
        }
        for o in &mut self.objectives {
            let o = Arc::make_mut(o);
            o.origin.doc = shift(o.origin.doc);
            for kr in &mut o.key_results {
                kr.origin.doc = shift(kr.origin.doc);
            }
        }
        for p in &mut self.projects {
            let p = Arc::make_mut(p);
            p.origin.doc = shift(p.origin.doc);
        }
        for d in &mut self.decls {
            d.doc = shift(d.doc);
        }
        let anchor = |a: &mut Anchor| match a {
            Anchor::Node { doc, .. } => *doc = shift(*doc),
            Anchor::File { file, .. } => *file = file_index,
        };
        for f in &mut self.findings {
            if let Some(a) = &mut f.at {
                anchor(a);
            }
            for r in &mut f.related {
                anchor(&mut r.at);
            }
        }
        self.file_index = file_index;
        self.doc_base = doc_base;
    }

    /// Whether `other` differs in prose only ([`super::prose`]): the same findings of
    /// reading, the same entities but for their prose (numbered alike).
    pub(super) fn same_but_prose(&self, other: &PlanFile) -> bool {
        self.findings == other.findings
            && self.damage == other.damage
            && self.goals.len() == other.goals.len()
            && self.objectives.len() == other.objectives.len()
            && self.projects.len() == other.projects.len()
            && self
                .goals
                .iter()
                .zip(&other.goals)
                .all(|(a, b)| prose::same_goal(a, b))
            && self
                .objectives
                .iter()
                .zip(&other.objectives)
                .all(|(a, b)| prose::same_objective(a, b))
            && self
                .projects
                .iter()
                .zip(&other.projects)
                .all(|(a, b)| prose::same_project(a, b))
    }

    /// Whether `other` has the same documents declaring the same ids, and the same
    /// valid entities: then it takes this file's place in the plan without changing
    /// the plan's index.
    pub(super) fn same_shape(&self, other: &PlanFile) -> bool {
        let decl = |f: &PlanFile, d: &IdDecl| {
            (
                d.id.clone(),
                d.kind,
                d.doc - f.doc_base,
                d.pointer.clone(),
                d.parent.clone(),
            )
        };
        let decls = |f: &PlanFile| f.decls.iter().map(|d| decl(f, d)).collect::<Vec<_>>();
        let objectives = |f: &PlanFile| {
            f.objectives
                .iter()
                .map(|o| {
                    (
                        o.id.clone(),
                        o.key_results
                            .iter()
                            .map(|k| k.id.clone())
                            .collect::<Vec<_>>(),
                    )
                })
                .collect::<Vec<_>>()
        };
        self.doc_count == other.doc_count
            && self
                .goals
                .iter()
                .map(|g| &g.id)
                .eq(other.goals.iter().map(|g| &g.id))
            && self
                .projects
                .iter()
                .map(|p| &p.id)
                .eq(other.projects.iter().map(|p| &p.id))
            && objectives(self) == objectives(other)
            && decls(self) == decls(other)
    }
}
