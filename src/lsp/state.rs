//! The plan as the server holds it between edits: every plan file read once, and after
//! an edit only the files that changed read again.
//!
//! Each file is loaded on its own (the loader's own [`load`], so decoding, limits,
//! schemas and model are exactly those of `bearing check`), and the files are then put
//! together into one [`Loaded`] in the order `check` reads them, with the document and
//! file numbers `check` would give. The rules then run on the whole plan through
//! [`check_loaded`], the function `check` runs, so every finding, level and help is the
//! same. The YAML trees are moved into the checked plan and back, never copied: a
//! plan of twelve thousand documents is put together in milliseconds.
//!
//! Reads nothing itself: the server hands in each file's content, from an open editor
//! buffer or from disk.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;
use rayon::prelude::*;

use super::files::Stamp;
use super::occurrences::{self, Occurrence};
use crate::check::{CheckReport, check_loaded};
use crate::finding::{Anchor, Finding};
use crate::history::walk::History;
use crate::load::{Document, FileContent, IdDecl, Loaded, RawFile, SourceFile, load};
use crate::model::{Goal, Objective, Plan, Project};
use crate::pipeline::evidence::evidence_from;
use crate::workspace::Workspace;
use crate::yaml::node::Node;

/// One plan file, loaded on its own.
#[derive(Debug)]
pub struct PlanFile {
    /// The path as findings show it: relative to the workspace root, with `/`.
    pub display: String,
    /// The text read (empty when the file could not be read at all).
    pub text: String,
    /// The disk stamp of what was read; `None` when the content came from an editor.
    pub stamp: Option<Stamp>,
    /// Every id written in the file.
    pub occurrences: Vec<Occurrence>,
    /// The YAML documents; moved into the checked plan while a snapshot holds it.
    roots: Vec<Node>,
    doc_count: usize,
    goals: Vec<Arc<Goal>>,
    objectives: Vec<Arc<Objective>>,
    projects: Vec<Arc<Project>>,
    /// Moved into the checked plan while a snapshot holds it.
    decls: Vec<IdDecl>,
    decl_count: usize,
    /// The findings of reading the file (`input`, `schema`).
    findings: Vec<Finding>,
    /// The file and first document numbers the entities, declarations and findings
    /// above carry.
    file_index: usize,
    doc_base: usize,
}

impl PlanFile {
    /// Loads one file as `bearing check` loads it.
    pub fn read(raw: RawFile, stamp: Option<Stamp>, limits: &crate::config::Limits) -> PlanFile {
        let display = raw.path.clone();
        let mut loaded = load(vec![raw], &limits.yaml);
        let text = loaded
            .sources
            .files
            .pop()
            .map(|f| f.text)
            .unwrap_or_default();
        let roots: Vec<Node> = loaded.sources.docs.into_iter().map(|d| d.root).collect();
        let occurrences = occurrences::collect(&text, &roots);
        PlanFile {
            display,
            text,
            stamp,
            occurrences,
            doc_count: roots.len(),
            roots,
            goals: std::mem::take(&mut loaded.plan.goals),
            objectives: std::mem::take(&mut loaded.plan.objectives),
            projects: std::mem::take(&mut loaded.plan.projects),
            decl_count: loaded.decls.len(),
            decls: loaded.decls,
            findings: loaded.findings,
            file_index: 0,
            doc_base: 0,
        }
    }

    /// Gives the file's entities, declarations and findings the numbers of its place in
    /// the whole plan. Entities are shared with no one at this point (the last snapshot
    /// is gone), so nothing is copied.
    fn renumber(&mut self, file_index: usize, doc_base: usize) {
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
}

/// The plan checked as a whole, after the last change.
#[derive(Debug)]
pub struct Snapshot {
    /// What `check` computes: the plan, its analysis, the located findings.
    pub report: CheckReport,
    /// The path of each file, by the file index findings carry.
    pub paths: Vec<PathBuf>,
    /// The findings of each file, by file index (indices into `report.findings`).
    pub by_file: Vec<Vec<usize>>,
    /// Findings of the plan as a whole (the gate): they belong to no file.
    pub plan_wide: Vec<usize>,
    doc_ranges: Vec<Range<usize>>,
    decl_ranges: Vec<Range<usize>>,
}

impl Snapshot {
    /// The file index of `path`.
    pub fn file_index(&self, path: &Path) -> Option<usize> {
        self.paths.binary_search_by(|p| p.as_path().cmp(path)).ok()
    }
}

/// One change to the set of plan files.
#[derive(Debug)]
pub enum Update {
    /// The file's content is now this (created or changed).
    Set {
        path: PathBuf,
        content: FileContent,
        stamp: Option<Stamp>,
    },
    /// The file is no longer part of the plan.
    Remove(PathBuf),
}

/// The server's plan: its files and the last check of the whole.
#[derive(Debug)]
pub struct PlanState {
    pub workspace: Workspace,
    files: BTreeMap<PathBuf, PlanFile>,
    snapshot: Option<Snapshot>,
    /// The value history of `HEAD`, for `stale-kr`, once read.
    pub history: Option<History>,
}

impl PlanState {
    pub fn new(workspace: Workspace) -> PlanState {
        PlanState {
            workspace,
            files: BTreeMap::new(),
            snapshot: None,
            history: None,
        }
    }

    /// Loads `raws` (every plan file, each with its path and stamp) in place of
    /// whatever was held, on every core.
    pub fn replace_all(&mut self, raws: Vec<(PathBuf, RawFile, Option<Stamp>)>) {
        self.reclaim();
        let limits = self.workspace.config.limits;
        let files: Vec<(PathBuf, PlanFile)> = crate::pool::run(&limits.yaml, || {
            raws.into_par_iter()
                .map(|(path, raw, stamp)| (path, PlanFile::read(raw, stamp, &limits)))
                .collect()
        });
        self.files = files.into_iter().collect();
    }

    /// Applies changes to single files (each loaded on its own).
    pub fn apply(&mut self, updates: Vec<Update>) {
        if updates.is_empty() {
            return;
        }
        self.reclaim();
        let limits = self.workspace.config.limits;
        for update in updates {
            match update {
                Update::Set {
                    path,
                    content,
                    stamp,
                } => {
                    let raw = RawFile {
                        path: self.workspace.display(&path),
                        content,
                    };
                    let file =
                        crate::pool::run(&limits.yaml, || PlanFile::read(raw, stamp, &limits));
                    self.files.insert(path, file);
                }
                Update::Remove(path) => {
                    self.files.remove(&path);
                }
            }
        }
    }

    pub fn file(&self, path: &Path) -> Option<&PlanFile> {
        self.files.get(path)
    }

    pub fn files(&self) -> impl Iterator<Item = (&PathBuf, &PlanFile)> {
        self.files.iter()
    }

    /// The last check, if one was made since the last change.
    pub fn snapshot(&self) -> Option<&Snapshot> {
        self.snapshot.as_ref()
    }

    /// Checks the whole plan as `bearing check --as-of AS_OF` would, with the history
    /// read so far.
    pub fn analyze(&mut self, as_of: Date, today: Date) -> &Snapshot {
        self.reclaim();
        let mut loaded = Loaded::default();
        let mut paths = Vec::with_capacity(self.files.len());
        let mut doc_ranges = Vec::with_capacity(self.files.len());
        let mut decl_ranges = Vec::with_capacity(self.files.len());
        let (mut goals, mut objectives, mut projects) = (Vec::new(), Vec::new(), Vec::new());
        let (mut doc_base, mut decl_base) = (0, 0);
        loaded.sources.files.reserve(self.files.len());
        for (index, (path, file)) in self.files.iter_mut().enumerate() {
            file.renumber(index, doc_base);
            paths.push(path.clone());
            doc_ranges.push(doc_base..doc_base + file.doc_count);
            decl_ranges.push(decl_base..decl_base + file.decl_count);
            doc_base += file.doc_count;
            decl_base += file.decl_count;
            loaded.sources.files.push(SourceFile {
                path: file.display.clone(),
                text: file.text.clone(),
            });
            loaded.sources.docs.extend(
                std::mem::take(&mut file.roots)
                    .into_iter()
                    .map(|root| Document { file: index, root }),
            );
            loaded.decls.append(&mut file.decls);
            loaded.findings.extend(file.findings.iter().cloned());
            goals.extend(file.goals.iter().cloned());
            objectives.extend(file.objectives.iter().cloned());
            projects.extend(file.projects.iter().cloned());
        }
        drop_later_duplicates(&mut goals, &mut objectives, &mut projects, &loaded.decls);
        loaded.plan = Plan::new(goals, objectives, projects);
        loaded
            .plan
            .declare(loaded.decls.iter().map(|d| (d.id.as_str(), d.kind)));
        let evidence = evidence_from(self.history.as_ref(), &loaded.plan, as_of, today);
        let report = check_loaded(loaded, &self.workspace.config, as_of, &evidence, None);
        let mut by_file = vec![Vec::new(); paths.len()];
        let mut plan_wide = Vec::new();
        for (i, located) in report.findings.iter().enumerate() {
            match &located.at {
                Some(at) => {
                    if let Some(list) = by_file.get_mut(at.file_index) {
                        list.push(i);
                    }
                }
                None => plan_wide.push(i),
            }
        }
        self.snapshot.insert(Snapshot {
            report,
            paths,
            by_file,
            plan_wide,
            doc_ranges,
            decl_ranges,
        })
    }

    /// Moves the YAML trees and declarations of the last snapshot back into their files,
    /// and lets go of the rest of it.
    fn reclaim(&mut self) {
        let Some(snapshot) = self.snapshot.take() else {
            return;
        };
        let Snapshot {
            report,
            paths,
            doc_ranges,
            decl_ranges,
            ..
        } = snapshot;
        let loaded = report.loaded;
        let mut docs = loaded.sources.docs.into_iter();
        let mut decls = loaded.decls.into_iter();
        for ((path, docs_of), decls_of) in paths.iter().zip(doc_ranges).zip(decl_ranges) {
            let roots: Vec<Node> = docs.by_ref().take(docs_of.len()).map(|d| d.root).collect();
            let taken: Vec<IdDecl> = decls.by_ref().take(decls_of.len()).collect();
            if let Some(file) = self.files.get_mut(path) {
                file.roots = roots;
                file.decls = taken;
            }
        }
    }
}

/// As the loader does for one load: a document whose exact id was declared before (by
/// any kind, in any file) stays out of the plan; `duplicate-id` reports it.
fn drop_later_duplicates(
    goals: &mut Vec<Arc<Goal>>,
    objectives: &mut Vec<Arc<Objective>>,
    projects: &mut Vec<Arc<Project>>,
    decls: &[IdDecl],
) {
    let mut first_doc: HashMap<&str, usize> = HashMap::with_capacity(decls.len());
    for d in decls.iter().filter(|d| d.pointer.is_empty()) {
        first_doc.entry(d.id.as_str()).or_insert(d.doc);
    }
    let keep = |id: &str, doc: usize| first_doc.get(id) == Some(&doc);
    goals.retain(|g| keep(g.id.as_str(), g.origin.doc));
    objectives.retain(|o| keep(o.id.as_str(), o.origin.doc));
    projects.retain(|p| keep(p.id.as_str(), p.origin.doc));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::check;

    fn raw(path: &str, text: &str) -> RawFile {
        RawFile {
            path: path.to_owned(),
            content: FileContent::Bytes(text.as_bytes().to_vec()),
        }
    }

    fn summary(report: &CheckReport) -> Vec<String> {
        report
            .findings
            .iter()
            .map(|l| {
                let at =
                    l.at.as_ref()
                        .map(|a| format!("{}:{}:{}", a.file, a.line, a.column))
                        .unwrap_or_default();
                format!(
                    "{at} {} {} {}",
                    l.finding.rule,
                    l.finding.level.as_str(),
                    l.finding.message
                )
            })
            .collect()
    }

    /// Put together file by file, and changed one file at a time, the plan is checked
    /// exactly as `check` checks the same files read at once.
    #[test]
    fn the_plan_put_together_is_the_plan_check_reads() {
        let workspace = crate::workspace::discover(Path::new("/nowhere"), None).expect("defaults");
        let as_of = jiff::civil::date(2026, 10, 1);
        let texts = [
            (
                "plans/a.yaml",
                "kind: Goal\nid: G-a\ntitle: A\nstatus: active\n---\nkind: Goal\nid: G-dup\ntitle: D\n",
            ),
            (
                "plans/b.yaml",
                "kind: Objective\nid: O-b\ntitle: B\nsupports: [G-a, G-x]\nkey_results:\n  - {id: KR-b, title: b, baseline: 1, target: 2, current: 1}\n",
            ),
            (
                "plans/c.yaml",
                "kind: Project\nid: G-dup\ntitle: C\ncontributes_to: [KR-b]\nstatus: active\nbogus: 1\n---\nkind: Project\nid: P-c\ntitle: P\ncontributes_to: [KR-churm]\n",
            ),
        ];
        let mut state = PlanState::new(workspace.clone());
        state.replace_all(
            texts
                .iter()
                .map(|(p, t)| (PathBuf::from(format!("/nowhere/{p}")), raw(p, t), None))
                .collect(),
        );
        let whole = |texts: &[(&str, &str)]| {
            check(
                texts.iter().map(|(p, t)| raw(p, t)).collect(),
                &workspace.config,
                as_of,
                &Default::default(),
            )
        };
        let expected = whole(&texts);
        assert!(expected.findings.len() >= 4, "{:?}", summary(&expected));
        assert_eq!(
            summary(&state.analyze(as_of, as_of).report),
            summary(&expected)
        );

        // A document added to the first file moves every later document's number.
        let changed = [
            (
                texts[0].0,
                "kind: Goal\nid: G-new\ntitle: N\n---\nkind: Goal\nid: G-a\ntitle: A\n---\nkind: Goal\nid: G-dup\ntitle: D\n",
            ),
            texts[1],
            texts[2],
        ];
        state.apply(vec![Update::Set {
            path: PathBuf::from("/nowhere/plans/a.yaml"),
            content: FileContent::Bytes(changed[0].1.as_bytes().to_vec()),
            stamp: None,
        }]);
        assert_eq!(
            summary(&state.analyze(as_of, as_of).report),
            summary(&whole(&changed))
        );

        // A file removed, then the earlier state again.
        state.apply(vec![Update::Remove(PathBuf::from("/nowhere/plans/b.yaml"))]);
        assert_eq!(
            summary(&state.analyze(as_of, as_of).report),
            summary(&whole(&[changed[0], changed[2]]))
        );
    }
}
