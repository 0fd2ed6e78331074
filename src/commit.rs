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
pub(crate) enum CommitError {
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
pub(crate) struct OneFileCommit {
    repo: gix::Repository,
    /// The file, relative to the work tree, with `/`.
    relative: String,
    head: ObjectId,
    mode: gix::object::tree::EntryKind,
}

impl OneFileCommit {
    /// Opens the repository of `file` and refuses unless the file's bytes `now` are
    /// what `HEAD` and the index hold, and a committer is configured.
    pub(crate) fn prepare(file: &Path, now: &[u8]) -> Result<OneFileCommit, CommitError> {
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
    pub(crate) fn commit(self, after: &[u8], message: &str) -> Result<ObjectId, CommitError> {
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

/// One commit of an imported history: files relative to the import folder.
#[derive(Debug, Clone)]
pub(crate) struct Replay<'a> {
    pub files: &'a std::collections::BTreeMap<String, String>,
    pub author: (&'a str, &'a str),
    /// Seconds since the epoch, UTC.
    pub seconds: i64,
    pub message: &'a str,
}

/// Where an imported history went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Replayed {
    /// A new repository in the folder, its branch checked out.
    NewRepository { branch: String, head: ObjectId },
    /// A new branch of the enclosing repository; work tree and index untouched.
    NewBranch { branch: String, head: ObjectId },
    /// The same commits are already there.
    Unchanged { head: ObjectId },
}

/// Writes `commits` as a history into `dir`: a new repository when `dir` is in none
/// (it must then be missing or empty), else a new branch `branch` of the enclosing
/// repository, on top of its `HEAD`, with the files under `dir`'s path. The work tree
/// and index of an existing repository are never touched, so uncommitted work is safe.
pub(crate) fn replay(
    dir: &Path,
    commits: &[Replay],
    branch: &str,
) -> Result<Replayed, CommitError> {
    let refuse = |message: String, help: &str| CommitError::Refused {
        message,
        help: help.to_owned(),
    };
    if commits.is_empty() {
        return Err(refuse(
            "nothing to commit".to_owned(),
            "the export has no entity",
        ));
    }
    let existing = dir
        .ancestors()
        .find(|a| a.is_dir())
        .and_then(|a| gix::discover(a).ok());
    let Some(repo) = existing else {
        if dir.is_dir() && std::fs::read_dir(dir).map_err(git)?.next().is_some() {
            return Err(refuse(
                format!("`{}` is not empty and not a git repository", dir.display()),
                "import with --history into a new folder, or into a git repository (a new branch is made)",
            ));
        }
        std::fs::create_dir_all(dir).map_err(git)?;
        let repo = gix::ThreadSafeRepository::init_opts(
            dir,
            gix::create::Kind::WithWorktree,
            gix::create::Options {
                destination_must_be_empty: Some(true),
                ..Default::default()
            },
            gix::open::Options::isolated(),
        )
        .map_err(git)?
        .to_thread_local();
        let (head, tree) = chain(&repo, None, "", commits)?;
        set_branch(&repo, "main", head, true)?;
        // The work tree and an index matching it: `git status` is clean at once.
        for (path, text) in commits.last().map(|c| c.files).into_iter().flatten() {
            let target = dir.join(path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).map_err(git)?;
            }
            std::fs::write(&target, text).map_err(git)?;
        }
        let mut index = repo.index_from_tree(&tree).map_err(git)?;
        let (entries, backing) = index.entries_mut_and_pathbacking();
        for entry in entries {
            let path = entry.path_in(backing).to_string();
            let meta =
                gix::index::fs::Metadata::from_path_no_follow(&dir.join(&path)).map_err(git)?;
            entry.stat = gix::index::entry::Stat::from_fs(&meta).map_err(git)?;
        }
        index
            .write(gix::index::write::Options::default())
            .map_err(git)?;
        return Ok(Replayed::NewRepository {
            branch: "main".to_owned(),
            head,
        });
    };
    let workdir = repo
        .workdir()
        .ok_or_else(|| {
            refuse(
                "the repository has no work tree".to_owned(),
                "import into a folder of a work tree",
            )
        })?
        .canonicalize()
        .map_err(git)?;
    std::fs::create_dir_all(dir).map_err(git)?;
    let prefix = dir
        .canonicalize()
        .map_err(git)?
        .strip_prefix(&workdir)
        .map_err(git)?
        .to_string_lossy()
        .replace('\\', "/");
    let head = repo.head_id().ok().map(|id| id.detach());
    // A repository this import created: the same history from no parent is HEAD.
    if prefix.is_empty() {
        if let Some(head) = head {
            let (fresh, _) = chain(&repo, None, "", commits)?;
            if fresh == head {
                return Ok(Replayed::Unchanged { head });
            }
        }
    }
    let (tip, _) = chain(&repo, head, &prefix, commits)?;
    let name = format!("refs/heads/{branch}");
    match repo.try_find_reference(name.as_str()).map_err(git)? {
        Some(mut existing) => {
            let id = existing.peel_to_id().map_err(git)?.detach();
            if id == tip {
                Ok(Replayed::Unchanged { head: tip })
            } else {
                Err(refuse(
                    format!("branch `{branch}` already exists with other commits"),
                    "give another name with --branch, or delete the branch",
                ))
            }
        }
        None => {
            set_branch(&repo, branch, tip, false)?;
            Ok(Replayed::NewBranch {
                branch: branch.to_owned(),
                head: tip,
            })
        }
    }
}

/// Writes the commits on top of `parent` (its tree as the base), files under `prefix`.
/// Returns the last commit and its tree.
fn chain(
    repo: &gix::Repository,
    parent: Option<ObjectId>,
    prefix: &str,
    commits: &[Replay],
) -> Result<(ObjectId, ObjectId), CommitError> {
    let base = match parent {
        Some(p) => repo
            .find_commit(p)
            .map_err(git)?
            .tree_id()
            .map_err(git)?
            .detach(),
        None => repo.empty_tree().id,
    };
    let mut last = parent;
    let mut last_tree = base;
    for commit in commits {
        let mut editor = repo.edit_tree(base).map_err(git)?;
        for (path, text) in commit.files {
            let blob = repo.write_blob(text.as_bytes()).map_err(git)?.detach();
            let full = if prefix.is_empty() {
                path.clone()
            } else {
                format!("{prefix}/{path}")
            };
            editor
                .upsert(full.as_str(), gix::object::tree::EntryKind::Blob, blob)
                .map_err(git)?;
        }
        let tree = editor.write().map_err(git)?.detach();
        let signature = gix::actor::Signature {
            name: commit.author.0.into(),
            email: commit.author.1.into(),
            time: gix::date::Time {
                seconds: commit.seconds,
                offset: 0,
            },
        };
        let object = gix::objs::Commit {
            tree,
            parents: last.into_iter().collect(),
            author: signature.clone(),
            committer: signature,
            encoding: None,
            message: commit.message.into(),
            extra_headers: Vec::new(),
        };
        last = Some(repo.write_object(&object).map_err(git)?.detach());
        last_tree = tree;
    }
    let head = last.ok_or_else(|| CommitError::Git("no commit written".to_owned()))?;
    Ok((head, last_tree))
}

fn set_branch(
    repo: &gix::Repository,
    branch: &str,
    head: ObjectId,
    checkout: bool,
) -> Result<(), CommitError> {
    let who = gix::actor::Signature {
        name: "bearing import".into(),
        email: "import@bearing.invalid".into(),
        time: gix::date::Time::now_utc(),
    };
    use gix::refs::Target;
    use gix::refs::transaction::{Change, LogChange, PreviousValue, RefEdit, RefLog};
    let name = format!("refs/heads/{branch}");
    let mut edits = vec![RefEdit {
        change: Change::Update {
            log: LogChange {
                mode: RefLog::AndReference,
                force_create_reflog: false,
                message: "bearing import --history".into(),
            },
            expected: PreviousValue::MustNotExist,
            new: Target::Object(head),
        },
        name: name.as_str().try_into().map_err(git)?,
        deref: false,
    }];
    if checkout {
        edits.push(RefEdit {
            change: Change::Update {
                log: LogChange::default(),
                expected: PreviousValue::Any,
                new: Target::Symbolic(name.as_str().try_into().map_err(git)?),
            },
            name: "HEAD".try_into().map_err(git)?,
            deref: false,
        });
    }
    repo.edit_references_as(
        edits,
        Some(who.to_ref(&mut gix::date::parse::TimeBuf::default())),
    )
    .map_err(git)?;
    Ok(())
}
