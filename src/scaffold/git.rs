//! Every git write of `bearing init`, through gix (bearing never runs the `git` program).
//!
//! Two jobs: `git init` for a starter plan, and the example's repository written object
//! by object — blobs, trees, commits with fixed signatures and dates — then `main`, the
//! work tree and an index that matches it, so that `git status` is clean at once (the
//! editor files written beside it are ignored through `.git/info/exclude`).
//!
//! The example must hash the same on every machine, so its repository is created and
//! written with gix's isolated options: no global or system git configuration (no
//! `init.defaultBranch`, no `user.name`) can reach it.

use std::fmt::Display;
use std::path::Path;

use gix::ObjectId;
use gix::refs::Target;
use gix::refs::transaction::{Change, LogChange, PreviousValue, RefEdit, RefLog};

use super::ScaffoldError;
use super::example_history::Snapshot;

/// The branch the example's history is on.
pub(crate) const EXAMPLE_BRANCH: &str = "main";

fn git_error(dir: &Path) -> impl Fn(&dyn Display) -> ScaffoldError + '_ {
    move |e| ScaffoldError::Git {
        path: dir.to_path_buf(),
        message: e.to_string(),
    }
}

/// Whether `dir` (or a folder above it) is already in a git repository. A `dir` that
/// does not exist yet is looked for from its nearest existing parent, so that
/// `bearing init new-folder` inside a repository does not nest another one.
pub(crate) fn inside_repository(dir: &Path) -> bool {
    dir.ancestors()
        .find(|a| a.is_dir())
        .is_some_and(|existing| gix::discover::upwards(existing).is_ok())
}

/// `git init` in `dir`, as git would do it: the user's `init.defaultBranch` applies.
/// Returns the name of the initial branch.
pub(crate) fn init(dir: &Path) -> Result<String, ScaffoldError> {
    let to_error = git_error(dir);
    let repo = gix::init(dir).map_err(|e| to_error(&e))?;
    let branch = repo
        .head_name()
        .ok()
        .flatten()
        .map_or_else(|| "main".to_owned(), |name| name.shorten().to_string());
    Ok(branch)
}

/// Creates a repository in `dir` (missing or empty) holding `history` on `main`, with
/// the last tree checked out and indexed. Returns the commit ids, oldest first.
pub(crate) fn write_history(
    dir: &Path,
    history: &[Snapshot],
) -> Result<Vec<ObjectId>, ScaffoldError> {
    let to_error = git_error(dir);
    let create = gix::create::Options {
        destination_must_be_empty: Some(true),
        ..Default::default()
    };
    let repo = gix::ThreadSafeRepository::init_opts(
        dir,
        gix::create::Kind::WithWorktree,
        create,
        gix::open::Options::isolated(),
    )
    .map_err(|e| to_error(&e))?
    .to_thread_local();

    let mut ids: Vec<ObjectId> = Vec::with_capacity(history.len());
    let mut last_tree = None;
    let mut last_signature = None;
    for snapshot in history {
        let mut editor = repo.empty_tree().edit().map_err(|e| to_error(&e))?;
        for (path, text) in &snapshot.tree {
            let blob = repo.write_blob(text.as_bytes()).map_err(|e| to_error(&e))?;
            editor
                .upsert(path, gix::object::tree::EntryKind::Blob, blob)
                .map_err(|e| to_error(&e))?;
        }
        let tree = editor.write().map_err(|e| to_error(&e))?.detach();
        let (seconds, offset) = snapshot.commit.time()?;
        let signature = gix::actor::Signature {
            name: snapshot.commit.author.name.into(),
            email: snapshot.commit.author.email.into(),
            time: gix::date::Time { seconds, offset },
        };
        let commit = gix::objs::Commit {
            tree,
            parents: ids.last().copied().into_iter().collect(),
            author: signature.clone(),
            committer: signature.clone(),
            encoding: None,
            message: snapshot.commit.message().into(),
            extra_headers: Vec::new(),
        };
        let id = repo
            .write_object(&commit)
            .map_err(|e| to_error(&e))?
            .detach();
        ids.push(id);
        last_tree = Some(tree);
        last_signature = Some(signature);
    }
    let (Some(head), Some(tree), Some(signature)) =
        (ids.last().copied(), last_tree, last_signature)
    else {
        return Err(ScaffoldError::Internal(
            "the history has no commit".to_owned(),
        ));
    };

    let branch = format!("refs/heads/{EXAMPLE_BRANCH}");
    let edits = [
        RefEdit {
            change: Change::Update {
                log: LogChange {
                    mode: RefLog::AndReference,
                    force_create_reflog: false,
                    message: "bearing init --example".into(),
                },
                expected: PreviousValue::MustNotExist,
                new: Target::Object(head),
            },
            name: branch.as_str().try_into().map_err(|e| to_error(&e))?,
            deref: false,
        },
        // The isolated configuration already names `main`; saying so keeps HEAD right
        // whatever gix's default becomes.
        RefEdit {
            change: Change::Update {
                log: LogChange::default(),
                expected: PreviousValue::Any,
                new: Target::Symbolic(branch.as_str().try_into().map_err(|e| to_error(&e))?),
            },
            name: "HEAD".try_into().map_err(|e| to_error(&e))?,
            deref: false,
        },
    ];
    repo.edit_references_as(
        edits,
        Some(signature.to_ref(&mut gix::date::parse::TimeBuf::default())),
    )
    .map_err(|e| to_error(&e))?;

    // The work tree: the last commit's files.
    let last = history.last().map(|s| &s.tree);
    for (path, text) in last.into_iter().flatten() {
        super::write_one(dir, &super::ScaffoldFile::new(path.clone(), text.clone()))?;
    }

    // The index, with each file's stat so that git trusts it without re-reading.
    let mut index = repo.index_from_tree(&tree).map_err(|e| to_error(&e))?;
    let (entries, backing) = index.entries_mut_and_pathbacking();
    for entry in entries {
        let path = entry.path_in(backing).to_string();
        let meta = gix::index::fs::Metadata::from_path_no_follow(&dir.join(&path))
            .map_err(|e| to_error(&e))?;
        entry.stat = gix::index::entry::Stat::from_fs(&meta).map_err(|e| to_error(&e))?;
    }
    index
        .write(gix::index::write::Options::default())
        .map_err(|e| to_error(&e))?;
    write_editor_files(dir, &repo)?;
    Ok(ids)
}

/// Beside the history, the schemas and editor settings ([`super::editors`]), so that
/// editors help in every plan file of the example. They are not part of the history
/// (whose commits, and hashes, are those of `fixtures/example`): git is told to ignore
/// them in `.git/info/exclude`, so that `git status` stays clean.
fn write_editor_files(dir: &Path, repo: &gix::Repository) -> Result<(), ScaffoldError> {
    for file in super::editors::files(&["plans"]) {
        super::write_one(dir, &file)?;
    }
    let exclude = repo.git_dir().join("info").join("exclude");
    let mut text = std::fs::read_to_string(&exclude).unwrap_or_default();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(
        "# Editor support written by `bearing init --example`: not part of the plan's history.\n",
    );
    for folder in super::editors::folders() {
        text.push_str(&format!("/{folder}\n"));
    }
    if let Some(parent) = exclude.parent() {
        std::fs::create_dir_all(parent).map_err(|e| ScaffoldError::Io {
            path: parent.to_path_buf(),
            source: e,
        })?;
    }
    std::fs::write(&exclude, text).map_err(|e| ScaffoldError::Io {
        path: exclude.clone(),
        source: e,
    })
}
