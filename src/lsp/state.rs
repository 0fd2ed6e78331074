//! The plan as the server holds it between edits: every plan file read once, and after
//! an edit only the files that changed read again.
//!
//! Each file is loaded on its own (the loader's own [`load`], so decoding, limits,
//! schemas and model are exactly those of `bearing check`), and the files are put
//! together into one [`Loaded`] in the order `check` reads them, with the document and
//! file numbers `check` would give. An edit that keeps a file's shape (the same
//! documents declaring the same ids, as nearly every keystroke does) is patched into
//! that whole in place: the file's text, trees and entities are swapped, and the plan's
//! index stays as it is. Anything else (a document or an id added or removed, a file
//! created or deleted) puts the whole together again; the YAML trees move, never
//! copied.
//!
//! The rules then run on the whole plan as [`crate::check::check_loaded`] runs them
//! (the same sink, levels, analysis and rule order, so every finding, level and help is
//! `check`'s), except that findings are placed (file, line, column) only when an open
//! file shows them, not all of them on every keystroke.
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
use super::prose;
use crate::check::{Judged, judge};
use crate::config::Config;
use crate::finding::{Anchor, Finding, Located};
use crate::history::walk::History;
use crate::load::{
    Damage, Document, FileContent, IdDecl, Loaded, RawFile, SourceFile, load_alone, read_as_meant,
};
use crate::measure::Analysis;
use crate::model::{Goal, Objective, Plan, Project};
use crate::pipeline::evidence::{evidence_from, stale_window};
use crate::workspace::Workspace;
use crate::yaml::node::Node;

/// One plan file, loaded on its own.
#[derive(Debug)]
pub(super) struct PlanFile {
    /// The path as findings show it: relative to the workspace root, with `/`.
    pub display: String,
    /// The text read (empty when the file could not be read at all).
    pub text: String,
    /// The disk stamp of what was read; `None` when the content came from an editor.
    pub stamp: Option<Stamp>,
    /// Every id written in the file.
    pub occurrences: Vec<Occurrence>,
    /// The YAML documents; moved into the whole plan while it is put together.
    roots: Vec<Node>,
    doc_count: usize,
    goals: Vec<Arc<Goal>>,
    objectives: Vec<Arc<Objective>>,
    projects: Vec<Arc<Project>>,
    decls: Vec<IdDecl>,
    /// The findings of reading the file (`input`, `schema`).
    findings: Vec<Finding>,
    /// What reading the file set aside or left out, to hold back what it alone causes.
    damage: Damage,
    /// The file and first document numbers the entities, declarations and findings
    /// above carry.
    file_index: usize,
    doc_base: usize,
}

impl PlanFile {
    /// Loads one file as `bearing check` loads it.
    pub(super) fn read(
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

    /// Whether `other` differs in prose only ([`super::prose`]): the same findings of
    /// reading, the same entities but for their prose (numbered alike).
    fn same_but_prose(&self, other: &PlanFile) -> bool {
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
    fn same_shape(&self, other: &PlanFile) -> bool {
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

/// Where a file's entities sit in the plan's lists (`None`: left out as a duplicate).
#[derive(Debug, Default)]
struct Slots {
    goals: Vec<Option<usize>>,
    objectives: Vec<Option<usize>>,
    projects: Vec<Option<usize>>,
}

/// The whole plan put together from the files.
#[derive(Debug)]
struct Whole {
    /// The plan, its declarations and sources (its `findings` stay empty: each file
    /// keeps its own).
    loaded: Loaded,
    /// The path of each file, by the file index findings carry.
    paths: Vec<PathBuf>,
    doc_ranges: Vec<Range<usize>>,
    slots: Vec<Slots>,
}

/// The result of checking the whole plan.
#[derive(Debug)]
struct Checked {
    /// What it was checked for: the day, today, and whether the history was read.
    made_for: (Date, Date, bool),
    /// Whether some reference was read as meant by an entity's title.
    read_titles: bool,
    analysis: Analysis,
    findings: Vec<Finding>,
    by_file: Vec<Vec<usize>>,
    plan_wide: Vec<usize>,
}

/// The plan as last checked, for answering requests.
#[derive(Debug, Clone, Copy)]
pub(super) struct Snapshot<'a> {
    pub loaded: &'a Loaded,
    /// The path of each file, by the file index findings carry.
    pub paths: &'a [PathBuf],
    pub analysis: &'a Analysis,
    /// Every finding, its level applied, not yet placed.
    pub findings: &'a [Finding],
    /// The findings of each file, by file index (indices into `findings`).
    pub by_file: &'a [Vec<usize>],
    /// Findings of the plan as a whole (the gate): they belong to no file.
    pub plan_wide: &'a [usize],
}

impl Snapshot<'_> {
    /// The file index of `path`.
    pub(super) fn file_index(&self, path: &Path) -> Option<usize> {
        self.paths.binary_search_by(|p| p.as_path().cmp(path)).ok()
    }

    /// The findings of file `index` placed in it, in `check`'s order (line, column,
    /// rule, entity).
    pub(super) fn located(&self, index: usize) -> Vec<Located> {
        let list = self.by_file.get(index).map_or(&[][..], Vec::as_slice);
        let mut out: Vec<Located> = list
            .iter()
            .map(|&i| self.locate(&self.findings[i]))
            .collect();
        out.sort_by(|a, b| {
            let key = |l: &Located| (l.at.as_ref().map(|p| (p.line, p.column)), l.finding.rule);
            key(a)
                .cmp(&key(b))
                .then_with(|| a.finding.entity.cmp(&b.finding.entity))
        });
        out
    }

    /// The plan-wide findings.
    pub(super) fn plan_wide(&self) -> Vec<Located> {
        self.plan_wide
            .iter()
            .map(|&i| self.locate(&self.findings[i]))
            .collect()
    }

    fn locate(&self, finding: &Finding) -> Located {
        let sources = &self.loaded.sources;
        Located {
            finding: finding.clone(),
            at: finding.at.as_ref().and_then(|a| sources.locate(a)),
            related: finding
                .related
                .iter()
                .map(|r| (r.message.clone(), sources.locate(&r.at)))
                .collect(),
            status: None,
        }
    }
}

/// One change to the set of plan files.
#[derive(Debug)]
pub(super) enum Update {
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
pub(super) struct PlanState {
    pub workspace: Workspace,
    files: BTreeMap<PathBuf, PlanFile>,
    whole: Option<Whole>,
    checked: Option<Checked>,
    /// The value history of `HEAD`, for `stale-kr`, once read.
    pub history: Option<History>,
}

impl PlanState {
    pub(super) fn new(workspace: Workspace) -> PlanState {
        PlanState {
            workspace,
            files: BTreeMap::new(),
            whole: None,
            checked: None,
            history: None,
        }
    }

    /// Loads `raws` (every plan file, each with its path and stamp) in place of
    /// whatever was held, on every core.
    pub(super) fn replace_all(&mut self, raws: Vec<(PathBuf, RawFile, Option<Stamp>)>) {
        self.whole = None;
        self.checked = None;
        let limits = self.workspace.config.limits;
        let files: Vec<(PathBuf, PlanFile)> = crate::pool::run(&limits.yaml, || {
            raws.into_par_iter()
                .map(|(path, raw, stamp)| (path, PlanFile::read(raw, stamp, &limits)))
                .collect()
        });
        self.files = files.into_iter().collect();
    }

    /// Applies changes to single files, each loaded on its own: patched into the whole
    /// plan when every changed file keeps its shape, else the whole is put together
    /// again at the next check.
    pub(super) fn apply(&mut self, updates: Vec<Update>) {
        if updates.is_empty() {
            return;
        }
        let limits = self.workspace.config.limits;
        let workspace = &self.workspace;
        let mut read: Vec<(PathBuf, Option<PlanFile>)> = crate::pool::run(&limits.yaml, || {
            updates
                .into_par_iter()
                .map(|update| match update {
                    Update::Set {
                        path,
                        content,
                        stamp,
                    } => {
                        let raw = RawFile {
                            path: workspace.display(&path),
                            content,
                        };
                        let file = PlanFile::read(raw, stamp, &limits);
                        (path, Some(file))
                    }
                    Update::Remove(path) => (path, None),
                })
                .collect()
        });
        // Numbered as the file it replaces, to compare with it.
        for (path, new) in &mut read {
            if let (Some(old), Some(new)) = (self.files.get(path.as_path()), new.as_mut()) {
                new.renumber(old.file_index, old.doc_base);
            }
        }
        // Every changed file is in place, with as many documents as before: swapped in.
        let fits = |same: &dyn Fn(&PlanFile, &PlanFile) -> bool| {
            self.whole.as_ref().is_some_and(|whole| {
                read.iter().all(|(path, new)| {
                    let old = self.files.get(path);
                    let placed = whole.paths.binary_search(path).is_ok();
                    matches!((old, new), (Some(old), Some(new)) if placed && same(old, new))
                })
            })
        };
        let same_shape = fits(&|old, new| old.same_shape(new));
        let same_documents = fits(&|old, new| old.doc_count == new.doc_count);
        // Only prose changed: the findings stay those of the last check.
        // A reference read as meant may have been read by a title: then titles count.
        let read_titles = self.checked.as_ref().is_some_and(|c| c.read_titles);
        let prose_only = same_shape && !read_titles && fits(&|old, new| old.same_but_prose(new));
        if !prose_only {
            self.checked = None;
        }
        if same_documents {
            for (path, new) in read {
                if let Some(new) = new {
                    self.patch(path, new, same_shape);
                }
            }
            // Ids or entities changed: the plan's index is built again (the trees and
            // texts stay where they are).
            if !same_shape {
                if let Some(whole) = self.whole.as_mut() {
                    let (plan, decls, slots) = build_plan(&self.files);
                    whole.loaded.plan = plan;
                    whole.loaded.decls = decls;
                    whole.slots = slots;
                }
            }
            return;
        }
        self.take_apart();
        for (path, new) in read {
            match new {
                Some(file) => {
                    self.files.insert(path, file);
                }
                None => {
                    self.files.remove(&path);
                }
            }
        }
    }

    /// Swaps one file with as many documents into the whole plan; its entities too
    /// when it has the same shape (else the plan is built again after).
    fn patch(&mut self, path: PathBuf, mut new: PlanFile, entities: bool) {
        let Some(whole) = self.whole.as_mut() else {
            return;
        };
        let Ok(index) = whole.paths.binary_search(&path) else {
            return;
        };
        let range = whole.doc_ranges[index].clone();
        new.renumber(index, range.start);
        for (doc, root) in whole.loaded.sources.docs[range]
            .iter_mut()
            .zip(std::mem::take(&mut new.roots))
        {
            doc.root = Arc::new(root);
        }
        whole.loaded.sources.files[index].text = Arc::new(new.text.clone());
        if !entities {
            self.files.insert(path, new);
            return;
        }
        let plan = &mut whole.loaded.plan;
        let slots = &whole.slots[index];
        for (slot, g) in slots.goals.iter().zip(&new.goals) {
            if let Some(i) = slot {
                plan.goals[*i] = g.clone();
            }
        }
        for (slot, o) in slots.objectives.iter().zip(&new.objectives) {
            if let Some(i) = slot {
                plan.objectives[*i] = o.clone();
            }
        }
        for (slot, p) in slots.projects.iter().zip(&new.projects) {
            if let Some(i) = slot {
                plan.projects[*i] = p.clone();
            }
        }
        self.files.insert(path, new);
    }

    pub(super) fn file(&self, path: &Path) -> Option<&PlanFile> {
        self.files.get(path)
    }

    pub(super) fn files(&self) -> impl Iterator<Item = (&PathBuf, &PlanFile)> {
        self.files.iter()
    }

    /// The last check, if the plan has not changed since.
    pub(super) fn snapshot(&self) -> Option<Snapshot<'_>> {
        let (whole, checked) = (self.whole.as_ref()?, self.checked.as_ref()?);
        Some(Snapshot {
            loaded: &whole.loaded,
            paths: &whole.paths,
            analysis: &checked.analysis,
            findings: &checked.findings,
            by_file: &checked.by_file,
            plan_wide: &checked.plan_wide,
        })
    }

    /// Checks the whole plan as `bearing check --as-of AS_OF` would, with the history
    /// read so far (unless nothing changed since the last check).
    pub(super) fn analyze(&mut self, as_of: Date, today: Date) -> Snapshot<'_> {
        let made_for = (as_of, today, self.history.is_some());
        if self.whole.is_none() {
            self.whole = Some(self.put_together());
            self.checked = None;
        }
        if self
            .checked
            .as_ref()
            .is_some_and(|c| c.made_for == made_for)
        {
            return self.snapshot().expect("checked");
        }
        let whole = self.whole.as_mut().expect("put together above");
        let mut damage = Damage::default();
        for file in self.files.values() {
            if !file.damage.is_empty() {
                damage.merge(file.damage.clone());
            }
        }
        // As `check` loads a plan: references read as meant on the whole plan; then put
        // back as written, so that the next check finds them again.
        let (meant, rewritten) = read_as_meant(&mut whole.loaded.plan);
        let by_title = rewritten.by_title();
        let read = self
            .files
            .values()
            .flat_map(|f| f.findings.iter().cloned())
            .chain(meant)
            .collect();
        let window = stale_window(&self.workspace.config.rules, as_of);
        let evidence = evidence_from(
            self.history.as_ref(),
            &whole.loaded.plan,
            as_of,
            today,
            window,
        );
        let mut checked = check(
            &whole.loaded,
            &damage,
            read,
            &self.workspace.config,
            as_of,
            &evidence,
        );
        rewritten.undo(&mut whole.loaded.plan);
        checked.read_titles = by_title;
        checked.made_for = made_for;
        self.checked = Some(checked);
        self.snapshot().expect("checked above")
    }

    /// The files put together in `check`'s order and numbering.
    fn put_together(&mut self) -> Whole {
        let mut loaded = Loaded::default();
        let n = self.files.len();
        let mut paths = Vec::with_capacity(n);
        let mut doc_ranges = Vec::with_capacity(n);
        let mut doc_base = 0;
        loaded.sources.files.reserve(n);
        for (index, (path, file)) in self.files.iter_mut().enumerate() {
            file.renumber(index, doc_base);
            paths.push(path.clone());
            doc_ranges.push(doc_base..doc_base + file.doc_count);
            doc_base += file.doc_count;
            loaded.sources.files.push(SourceFile {
                path: file.display.clone(),
                text: Arc::new(file.text.clone()),
            });
            loaded
                .sources
                .docs
                .extend(
                    std::mem::take(&mut file.roots)
                        .into_iter()
                        .map(|root| Document {
                            file: index,
                            root: Arc::new(root),
                        }),
                );
        }
        let (plan, decls, slots) = build_plan(&self.files);
        loaded.plan = plan;
        loaded.decls = decls;
        Whole {
            loaded,
            paths,
            doc_ranges,
            slots,
        }
    }

    /// Moves the YAML trees of the whole plan back into their files, and lets go of
    /// the rest of it.
    fn take_apart(&mut self) {
        self.checked = None;
        let Some(whole) = self.whole.take() else {
            return;
        };
        let mut docs = whole.loaded.sources.docs.into_iter();
        for (path, range) in whole.paths.iter().zip(whole.doc_ranges) {
            let roots: Vec<Node> = docs
                .by_ref()
                .take(range.len())
                .map(|d| Arc::unwrap_or_clone(d.root))
                .collect();
            if let Some(file) = self.files.get_mut(path) {
                file.roots = roots;
            }
        }
    }
}

/// The plan of `files` (in order, numbered), its declarations, and where each file's
/// entities sit in it.
fn build_plan(files: &BTreeMap<PathBuf, PlanFile>) -> (Plan, Vec<IdDecl>, Vec<Slots>) {
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
fn check(
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
        let file = match &f.at {
            Some(Anchor::Node { doc, .. }) => loaded.sources.docs.get(*doc).map(|d| d.file),
            Some(Anchor::File { file, .. }) => Some(*file),
            None => None,
        };
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{CheckReport, check};

    fn raw(path: &str, text: &str) -> RawFile {
        RawFile {
            path: path.to_owned(),
            content: FileContent::Bytes(text.as_bytes().to_vec()),
        }
    }

    fn line(l: &Located) -> String {
        let at =
            l.at.as_ref()
                .map(|a| format!("{}:{}:{}-{}", a.file, a.line, a.column, a.end_column))
                .unwrap_or_default();
        let f = &l.finding;
        format!(
            "{at} {} {} {:?} {} {:?} {:?}",
            f.rule,
            f.level.as_str(),
            f.entity,
            f.message,
            f.help,
            l.related
        )
    }

    /// Every finding `check` shows; in a sorted order, as the server shows them file by
    /// file and `check` shows the errors of every file first.
    fn expected(report: &CheckReport) -> Vec<String> {
        let mut out: Vec<String> = report.findings.iter().map(line).collect();
        out.sort();
        out
    }

    /// Every finding of the snapshot (sorted as [`expected`] sorts them).
    fn got(state: &mut PlanState, as_of: Date) -> Vec<String> {
        if state.checked.is_none() {
            state.analyze(as_of, as_of);
        }
        let snapshot = state.snapshot().expect("checked");
        let mut out: Vec<String> = snapshot.plan_wide().iter().map(line).collect();
        for i in 0..snapshot.paths.len() {
            out.extend(snapshot.located(i).iter().map(line));
        }
        out.sort();
        out
    }

    fn set(path: &str, text: &str) -> Update {
        Update::Set {
            path: PathBuf::from(format!("/nowhere/{path}")),
            content: FileContent::Bytes(text.as_bytes().to_vec()),
            stamp: None,
        }
    }

    /// A reference to an id of another file is not a slip: references are read as
    /// meant on the whole plan, never on one file alone.
    #[test]
    fn a_reference_to_another_file_is_not_guessed_in_its_own() {
        let workspace = crate::workspace::discover(Path::new("/nowhere"), None).expect("defaults");
        let as_of = jiff::civil::date(2026, 10, 1);
        let texts = [
            (
                "plans/a.yaml",
                "kind: Objective\nid: O-a\ntitle: A\nperiod: 2026-H2\nkey_results:\n  - {id: KR-a, title: a, baseline: 1, target: 2, current: 1}\n",
            ),
            (
                "plans/b.yaml",
                "kind: Objective\nid: O-b\ntitle: B\nperiod: 2026-H2\nkey_results:\n  - {id: KR-b, title: b, baseline: 1, target: 2, current: 1}\n---\nkind: Project\nid: P-b\ntitle: P\nstatus: active\ncontributes_to: [KR-a, KR-bb]\n",
            ),
        ];
        let mut state = PlanState::new(workspace.clone());
        state.replace_all(
            texts
                .iter()
                .map(|(p, t)| (PathBuf::from(format!("/nowhere/{p}")), raw(p, t), None))
                .collect(),
        );
        let expected = expected(&check(
            texts.iter().map(|(p, t)| raw(p, t)).collect(),
            &workspace.config,
            as_of,
            &Default::default(),
        ));
        let first = got(&mut state, as_of);
        assert_eq!(first, expected);
        let guesses: Vec<&String> = first
            .iter()
            .filter(|l| l.contains("unknown-reference"))
            .collect();
        // `KR-bb` is a slip of `KR-b`; `KR-a` is defined in the other file.
        assert_eq!(guesses.len(), 1, "{guesses:#?}");
        assert!(guesses[0].contains("`KR-bb`"), "{guesses:#?}");
        // Read as meant for the check, and kept as written for the next one.
        state.checked = None;
        assert_eq!(got(&mut state, as_of), expected);
    }

    /// Put together file by file, patched in place or put together again as files
    /// change, the plan is checked exactly as `check` checks the same files read at
    /// once.
    #[test]
    fn the_plan_put_together_is_the_plan_check_reads() {
        let workspace = crate::workspace::discover(Path::new("/nowhere"), None).expect("defaults");
        let as_of = jiff::civil::date(2026, 10, 1);
        let mut texts = vec![
            ("plans/a.yaml", "kind: Goal\nid: G-a\ntitle: A\nstatus: active\n---\nkind: Goal\nid: G-dup\ntitle: D\n".to_owned()),
            ("plans/b.yaml", "kind: Objective\nid: O-b\ntitle: B\nsupports: [G-a, G-x]\nperiod: 2026-H2\nkey_results:\n  - {id: KR-b, title: b, baseline: 1, target: 2, current: 1}\n".to_owned()),
            ("plans/c.yaml", "kind: Project\nid: G-dup\ntitle: C\ncontributes_to: [KR-b]\nstatus: active\nbogus: 1\n---\nkind: Project\nid: P-c\ntitle: P\ncontributes_to: [KR-churm]\n".to_owned()),
        ];
        let whole = |texts: &[(&str, String)]| {
            expected(&check(
                texts.iter().map(|(p, t)| raw(p, t)).collect(),
                &workspace.config,
                as_of,
                &Default::default(),
            ))
        };
        let mut state = PlanState::new(workspace.clone());
        state.replace_all(
            texts
                .iter()
                .map(|(p, t)| (PathBuf::from(format!("/nowhere/{p}")), raw(p, t), None))
                .collect(),
        );
        let first = whole(&texts);
        assert!(first.len() >= 4, "{first:#?}");
        assert_eq!(got(&mut state, as_of), first);

        // Prose only: patched in place, and the findings of the last check kept.
        texts[2].1 = texts[2].1.replace("title: C", "title: A longer title");
        state.apply(vec![set(texts[2].0, &texts[2].1)]);
        assert!(state.checked.is_some(), "nothing to check again");
        assert_eq!(got(&mut state, as_of), whole(&texts));

        // Same shape: a value changes (patched in place).
        texts[1].1 = texts[1]
            .1
            .replace("current: 1", "current: 2")
            .replace("title: B", "title: Bee");
        state.apply(vec![set(texts[1].0, &texts[1].1)]);
        assert!(state.whole.is_some(), "patched, not taken apart");
        assert_eq!(got(&mut state, as_of), whole(&texts));

        // A document added to the first file moves every later document's number.
        texts[0].1 = format!("kind: Goal\nid: G-new\ntitle: N\n---\n{}", texts[0].1);
        state.apply(vec![set(texts[0].0, &texts[0].1)]);
        assert_eq!(got(&mut state, as_of), whole(&texts));

        // An id changes, and a document stops matching its schema: the same documents,
        // another plan index.
        texts[0].1 = texts[0]
            .1
            .replace("id: G-a\n", "id: G-ab\n")
            .replace("id: G-new\ntitle: N", "id: G-new\ntitle: N\nstatus: nope");
        state.apply(vec![set(texts[0].0, &texts[0].1)]);
        assert!(state.whole.is_some(), "refitted, not taken apart");
        assert_eq!(got(&mut state, as_of), whole(&texts));

        // Then a value in the last file, in place again, with the new numbering.
        texts[2].1 = texts[2].1.replace("KR-churm", "KR-b");
        state.apply(vec![set(texts[2].0, &texts[2].1)]);
        assert!(state.whole.is_some());
        assert_eq!(got(&mut state, as_of), whole(&texts));

        // A file removed.
        state.apply(vec![Update::Remove(PathBuf::from("/nowhere/plans/b.yaml"))]);
        texts.remove(1);
        assert_eq!(got(&mut state, as_of), whole(&texts));
    }
}
