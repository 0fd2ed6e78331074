//! Commits that bearing writes into the user's repository, through gix (bearing never
//! runs the `git` program): one changed plan file on top of `HEAD` (`checkin
//! --commit`).
//!
//! Nothing here commits over work the user has not committed: a file that differs from
//! `HEAD`, in the work tree or in the index, is refused before anything is written.

use std::path::{Path, PathBuf};

use gix::ObjectId;
use gix::bstr::ByteSlice;

/// Why a commit was not made.
#[derive(Debug, thiserror::Error)]
pub enum CommitError {
    /// The repository or the file is not in a state to commit into; `help` says why.
    #[error("{message}")]
    Refused { message: String, help: String },
    #[error("git: {0}")]
    Git(String),
}

fn git(e: impl std::fmt::Display) -> CommitError {
    CommitError::Git(e.to_string())
}

/// A file about to be changed and committed, checked against `HEAD` first.
#[derive(Debug)]
pub struct OneFileCommit {
    repo: gix::Repository,
    /// The file, relative to the work tree, with `/`.
    relative: String,
    head: ObjectId,
    mode: gix::object::tree::EntryKind,
}

impl OneFileCommit {
    /// Opens the repository of `file` and refuses unless the file's bytes `now` are
    /// what `HEAD` and the index hold, and a committer is configured.
    pub fn prepare(file: &Path, now: &[u8]) -> Result<OneFileCommit, CommitError> {
        let refuse = |message: String, help: &str| CommitError::Refused {
            message,
            help: help.to_owned(),
        };
        let parent = file.parent().unwrap_or(Path::new("."));
        let repo = gix::discover(parent).map_err(|_| {
            refuse(
                format!("`{}` is not in a git repository", file.display()),
                "run without --commit, or `git init` first",
            )
        })?;
        let workdir: PathBuf = repo
            .workdir()
            .ok_or_else(|| {
                refuse(
                    "the repository has no work tree".to_owned(),
                    "run without --commit",
                )
            })?
            .canonicalize()
            .map_err(git)?;
        let full = file.canonicalize().map_err(git)?;
        let relative = full
            .strip_prefix(&workdir)
            .map_err(git)?
            .to_string_lossy()
            .replace('\\', "/");
        if repo.committer().is_none() || repo.author().is_none() {
            return Err(refuse(
                "git does not know who you are: no user.name or user.email".to_owned(),
                "run `git config user.name \"…\"` and `git config user.email …`, or run without --commit",
            ));
        }
        let head = repo.head_commit().map_err(|_| {
            refuse(
                "the repository has no commit yet".to_owned(),
                "commit the plan once, then check in with --commit",
            )
        })?;
        let tree = head.tree().map_err(git)?;
        let entry = tree.lookup_entry_by_path(&relative).map_err(git)?;
        let now_id = gix::objs::compute_hash(repo.object_hash(), gix::object::Kind::Blob, now)
            .map_err(git)?;
        let uncommitted = || {
            refuse(
                format!("`{relative}` has changes that are not committed"),
                "commit or stash them first, so that the check-in's commit holds only the check-in; or run without --commit",
            )
        };
        let Some(entry) = entry else {
            return Err(uncommitted());
        };
        if entry.object_id() != now_id {
            return Err(uncommitted());
        }
        let index = repo.open_index().map_err(git)?;
        if index
            .entry_by_path(relative.as_bytes().as_bstr())
            .is_some_and(|e| e.id != now_id)
        {
            return Err(uncommitted());
        }
        let mode = entry.mode().kind();
        let head_id = head.id;
        drop(entry);
        drop(tree);
        drop(head);
        Ok(OneFileCommit {
            repo,
            relative,
            head: head_id,
            mode,
        })
    }

    /// Commits the file's new bytes on the current branch with `message`, and updates
    /// the file's index entry so that `git status` stays clean. Call after the file was
    /// written with `after`.
    pub fn commit(self, after: &[u8], message: &str) -> Result<ObjectId, CommitError> {
        let repo = &self.repo;
        let blob = repo.write_blob(after).map_err(git)?.detach();
        let head_tree = repo
            .find_commit(self.head)
            .map_err(git)?
            .tree_id()
            .map_err(git)?;
        let mut editor = repo.edit_tree(head_tree).map_err(git)?;
        editor
            .upsert(self.relative.as_str(), self.mode, blob)
            .map_err(git)?;
        let tree = editor.write().map_err(git)?.detach();
        let id = repo
            .commit("HEAD", message, tree, [self.head])
            .map_err(git)?
            .detach();
        let mut index = repo.open_index().map_err(git)?;
        let workdir = repo.workdir().map(Path::to_path_buf).unwrap_or_default();
        if let Some(entry) = index.entry_mut_by_path_and_stage(
            self.relative.as_bytes().as_bstr(),
            gix::index::entry::Stage::Unconflicted,
        ) {
            entry.id = blob;
            let meta = gix::index::fs::Metadata::from_path_no_follow(&workdir.join(&self.relative))
                .map_err(git)?;
            entry.stat = gix::index::entry::Stat::from_fs(&meta).map_err(git)?;
        }
        index
            .write(gix::index::write::Options::default())
            .map_err(git)?;
        Ok(id)
    }
}
