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

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;
use rayon::prelude::*;

use super::files::Stamp;
use crate::history::walk::History;
use crate::load::{Damage, Document, FileContent, Loaded, RawFile, SourceFile, read_as_meant};
use crate::pipeline::evidence::{evidence_from, stale_window};
use crate::workspace::Workspace;
use crate::yaml::node::Node;

mod file;
mod snapshot;
#[cfg(test)]
mod tests;
mod whole;

pub(super) use file::PlanFile;
pub(super) use snapshot::Snapshot;
use whole::{Checked, Whole, build_plan, check};

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
