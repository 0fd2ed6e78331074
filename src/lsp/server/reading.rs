//! Keeping the plan current: the files read from open buffers and the disk, the
//! check once the edits pause, bearing.yaml applied, and the git history read once.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use lsp_types::MessageType;

use super::Server;
use crate::load::RawFile;
use crate::lsp::LspError;
use crate::lsp::files::{self, is_plan_path};
use crate::lsp::inputs::{buffer_content, workspace_at};
use crate::lsp::state::Update;
use crate::workspace::{CONFIG_FILE, WorkspaceError};

impl Server<'_> {
    // ------------------------------------------------------------------ reading

    /// Reads every plan file (open buffers first, then the disk) in place of what was
    /// held.
    pub(super) fn load_all(&mut self) -> Result<(), LspError> {
        let workspace = self.state.workspace.clone();
        let raws = match workspace.read_plan_files(&[]) {
            Ok(raws) => raws,
            Err(WorkspaceError::NoPlanFiles { folders }) => {
                self.log(
                    MessageType::INFO,
                    format!("no plan files under {folders} yet"),
                )?;
                Vec::new()
            }
            Err(e) => {
                self.log(MessageType::ERROR, e.to_string())?;
                Vec::new()
            }
        };
        let mut files = Vec::with_capacity(raws.len());
        for raw in raws {
            let path = workspace.root.join(&raw.path);
            let (content, stamp) = match self.buffer_of(&path) {
                Some(text) => (buffer_content(&workspace, &path, text), None),
                None => (raw.content, files::stamp(&path)),
            };
            files.push((
                path,
                RawFile {
                    path: raw.path,
                    content,
                },
                stamp,
            ));
        }
        self.state.replace_all(files);
        self.dirty.clear();
        self.rescan = false;
        self.schedule(Duration::ZERO);
        Ok(())
    }

    pub(super) fn buffer_of(&self, path: &Path) -> Option<&str> {
        self.open
            .values()
            .find(|d| d.path.as_deref() == Some(path))
            .map(|d| d.text.as_str())
    }

    /// What changed on disk since the files were read: new, removed and changed plan
    /// files (open ones are the editor's).
    pub(super) fn disk_changes(&self) -> Vec<Update> {
        let listed = files::list(&self.state.workspace);
        let mut updates = Vec::new();
        let mut seen = BTreeSet::new();
        for (path, stamp) in listed {
            seen.insert(path.clone());
            if self.buffer_of(&path).is_some() {
                continue;
            }
            let known = self.state.file(&path).map(|f| f.stamp);
            if known != Some(stamp) {
                updates.push(self.read_from_disk(path));
            }
        }
        for (path, _) in self.state.files() {
            if !seen.contains(path) && self.buffer_of(path).is_none() {
                updates.push(Update::Remove(path.clone()));
            }
        }
        updates
    }

    /// The update for one file from disk: its content, or its removal.
    pub(super) fn read_from_disk(&self, path: PathBuf) -> Update {
        let workspace = &self.state.workspace;
        let stamp = files::stamp(&path);
        if stamp.is_none() {
            return Update::Remove(path);
        }
        match workspace.read_plan_files(std::slice::from_ref(&path)) {
            Ok(mut raws) if !raws.is_empty() => Update::Set {
                content: raws.swap_remove(0).content,
                path,
                stamp,
            },
            _ => Update::Remove(path),
        }
    }

    /// Reads the pending changes and checks the plan.
    pub(super) fn check(&mut self) -> Result<(), LspError> {
        self.deadline = None;
        if self.reconfigure {
            self.reconfigure = false;
            if self.apply_config()? {
                self.load_all()?;
                self.deadline = None;
            }
        }
        let mut updates = Vec::new();
        for path in std::mem::take(&mut self.dirty) {
            let workspace = &self.state.workspace;
            match self.buffer_of(&path) {
                Some(text) if is_plan_path(workspace, &path) => updates.push(Update::Set {
                    content: buffer_content(workspace, &path, text),
                    path,
                    stamp: None,
                }),
                _ => updates.push(self.read_from_disk(path)),
            }
        }
        if std::mem::take(&mut self.rescan) {
            self.polled = Instant::now();
            let known: BTreeSet<PathBuf> = updates
                .iter()
                .map(|u| match u {
                    Update::Set { path, .. } | Update::Remove(path) => path.clone(),
                })
                .collect();
            updates.extend(self.disk_changes().into_iter().filter(|u| match u {
                Update::Set { path, .. } | Update::Remove(path) => !known.contains(path),
            }));
        }
        let started = Instant::now();
        let files = updates.len();
        self.state.apply(updates);
        let read = started.elapsed();
        self.analyze_and_publish()?;
        if self.options.timing {
            let total = started.elapsed();
            self.log(
                MessageType::LOG,
                format!(
                    "checked the plan in {} ms ({files} file(s) read again in {} ms)",
                    total.as_millis(),
                    read.as_millis()
                ),
            )?;
        }
        Ok(())
    }

    /// bearing.yaml changed: reads it again (from its buffer when open). Returns
    /// whether the plan must be read again (other folders or limits).
    pub(super) fn apply_config(&mut self) -> Result<bool, LspError> {
        let root = self.state.workspace.root.clone();
        let config_path = self
            .state
            .workspace
            .config_path
            .clone()
            .unwrap_or_else(|| root.join(CONFIG_FILE));
        let buffer = self.buffer_of(&config_path).map(str::to_owned);
        let (workspace, problem) =
            workspace_at(&root, buffer.as_deref().map(|t| (config_path.as_path(), t)));
        self.config_problem = problem;
        if self.config_problem.is_some() {
            return Ok(false);
        }
        let old = &self.state.workspace;
        let reread = old.config.plans != workspace.config.plans
            || old.config.limits != workspace.config.limits
            || old.root != workspace.root;
        self.state.workspace = workspace;
        Ok(reread)
    }

    pub(super) fn analyze_and_publish(&mut self) -> Result<(), LspError> {
        let (as_of, today) = (self.as_of(), (self.options.today)());
        self.state.analyze(as_of, today);
        let published = self.publish();
        self.last_check = Some(Instant::now());
        published
    }

    /// Checks now if an edit is pending, so that a request sees the text the client
    /// has.
    pub(super) fn fresh(&mut self) -> Result<(), LspError> {
        if self.deadline.is_some() || !self.dirty.is_empty() || self.state.snapshot().is_none() {
            self.check()?;
        }
        Ok(())
    }

    // ------------------------------------------------------------------ history

    pub(super) fn start_history(&mut self) {
        let workspace = self.state.workspace.clone();
        let spawned = std::thread::Builder::new()
            .name("bearing-lsp-history".to_owned())
            .spawn(move || {
                let mut notes = Vec::new();
                let mut progress = |_: usize, _: usize| {};
                let history = crate::pipeline::evidence::value_history(
                    &workspace,
                    None,
                    &|| None,
                    &mut progress,
                    &mut notes,
                );
                (history, notes)
            });
        self.history = spawned.ok();
    }

    /// Takes the history once it is read, and checks again with it.
    pub(super) fn collect_history(&mut self) -> Result<(), LspError> {
        if !self.history.as_ref().is_some_and(JoinHandle::is_finished) {
            return Ok(());
        }
        let Some(handle) = self.history.take() else {
            return Ok(());
        };
        match handle.join() {
            Ok((history, notes)) => {
                for note in notes {
                    self.log(MessageType::INFO, note)?;
                }
                if history.is_some() {
                    self.state.history = history;
                    self.schedule(Duration::ZERO);
                }
            }
            Err(_) => self.log(
                MessageType::ERROR,
                "reading the git history failed; `stale-kr` uses check-ins only".to_owned(),
            )?,
        }
        Ok(())
    }
}
