//! The plan's history, read from git: the plan files at any revision, and the
//! first-parent walk behind `bearing log`, `stale-kr` and the report's trends.
//!
//! Only [`git`], [`tree`] and [`walk`] touch gix; what they read is compared by the
//! pure functions of [`crate::change`]. Nothing here prints; progress goes through a
//! callback.
//!
//! Semantics (README "History semantics"): the walk follows first parents, so a merge
//! commit carries everything its branch changed; a file renamed or an entity moved to
//! another file is not a change of the plan; a shallow clone is detected and said.
//! The plan folders and limits always come from the working tree's `bearing.yaml`.

pub mod git;
pub mod tree;
pub mod walk;

use std::path::PathBuf;

/// Everything that stops reading history: exit code 2, with a hint.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("`{}` is not inside a git repository", path.display())]
    NotARepository { path: PathBuf },
    #[error("the git repository at `{}` has no work tree", path.display())]
    Bare { path: PathBuf },
    #[error("the plan root `{}` is outside the work tree `{}`", root.display(), workdir.display())]
    Outside { root: PathBuf, workdir: PathBuf },
    #[error("the repository has no commits yet")]
    Empty,
    #[error("unknown revision `{rev}`: {message}")]
    UnknownRevision { rev: String, message: String },
    #[error("revision `{rev}` is not a commit")]
    NotACommit { rev: String },
    #[error(
        "revision `{rev}` is not in this shallow clone: its history stops at `{boundary}` (history truncated)"
    )]
    Shallow { rev: String, boundary: String },
    #[error("no plan files under {folders} at `{rev}`")]
    NoPlanFiles { folders: String, rev: String },
    #[error("no commit of `{rev}` has plan files under {folders}")]
    NoPlanHistory { folders: String, rev: String },
    #[error("cannot read `{path}` at commit {commit}: {message}")]
    Damaged {
        commit: String,
        path: String,
        message: String,
    },
    #[error("reading git objects: {0}")]
    Git(String),
    /// The system refused memory to map git's object database (a pack), which gix
    /// reports as a revision it cannot find (issue 20).
    #[error(
        "git's object database could not be read: the system refused the memory to map it \
         (a memory limit: `ulimit -v`, or the container's)"
    )]
    OutOfMemory,
    #[error(
        "`HEAD` names commit {commit}, which git's object database does not give back: the \
         repository is damaged or incomplete, or memory ran out while reading it"
    )]
    MissingHead { commit: String },
}

impl HistoryError {
    /// How to fix it, for the CLI's hint line.
    pub fn help(&self) -> Option<String> {
        Some(match self {
            HistoryError::NotARepository { .. } => "`bearing diff`, `bearing log` and `check --base` read the plan's history from git: run them inside a clone (plain `bearing check` works without git)".to_owned(),
            HistoryError::Bare { .. } => "run bearing in a clone with a work tree".to_owned(),
            HistoryError::Outside { .. } => "keep bearing.yaml and the plan folders inside the repository".to_owned(),
            HistoryError::Empty => "commit the plan first (`git add bearing.yaml plans && git commit`), then compare against it".to_owned(),
            HistoryError::MissingHead { .. } => "run `git fsck`; under a memory limit (`ulimit -v`, a container's), raise it".to_owned(),
            HistoryError::OutOfMemory => "raise the memory limit, or read less at once (fewer plan files, or `--no-history`)".to_owned(),
            HistoryError::UnknownRevision { .. } => "give a branch, a tag, a commit hash or an expression such as `HEAD~3`; fetch a remote branch first (`git fetch origin main`)".to_owned(),
            HistoryError::NotACommit { .. } => "give a revision that names a commit".to_owned(),
            HistoryError::Shallow { .. } => "fetch the whole history: `git fetch --unshallow`, or `fetch-depth: 0` in actions/checkout".to_owned(),
            HistoryError::NoPlanFiles { .. } => "check the revision and the `plans:` folders in bearing.yaml".to_owned(),
            HistoryError::NoPlanHistory { .. } => "commit plan files under the `plans:` folders of bearing.yaml, or check `--rev`".to_owned(),
            HistoryError::Damaged { .. } => "`git fsck` names what is missing or corrupt; fetch it again from another clone (`git fetch`), or clone afresh".to_owned(),
            HistoryError::Git(_) => return None,
        })
    }
}

impl HistoryError {
    /// A [`HistoryError::Git`] met reading `commit`'s tree, with the commit named in
    /// front (unless it names one already).
    pub(crate) fn in_commit(self, commit: &gix::ObjectId) -> HistoryError {
        match self {
            HistoryError::Git(message) if !message.starts_with("commit ") => {
                HistoryError::Git(format!("commit {}: {message}", git::short(commit)))
            }
            other => other,
        }
    }
}

/// Any gix error as a [`HistoryError::Git`], keeping its message.
pub(crate) fn git_error(e: impl std::fmt::Display) -> HistoryError {
    HistoryError::Git(e.to_string())
}

/// Whether `e`, or an error under it, is the system refusing memory (`ENOMEM`, as a
/// failed `mmap` of a pack gives it). Some of gix's errors hold their cause without
/// giving it as a `source`; their debug form still names the kind.
pub(crate) fn is_out_of_memory(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(e);
    while let Some(error) = next {
        if error
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::OutOfMemory)
        {
            return true;
        }
        next = error.source();
    }
    format!("{e:?}").contains("kind: OutOfMemory")
}

/// The sentence that says a walk stopped at a shallow boundary (docs/threat-model.md G2).
pub fn truncation_message(at: &str) -> String {
    format!(
        "history truncated at `{}`: this is a shallow clone; fetch the whole history with `git fetch --unshallow` (or `fetch-depth: 0` in actions/checkout)",
        &at[..at.len().min(7)]
    )
}

/// The warning for a walk that met file versions git could not read: the history it
/// gives is incomplete there, and said so with the first commit (docs/threat-model.md G8).
pub fn damage_message(damaged: &[walk::Damaged]) -> Option<String> {
    let first = damaged.first()?;
    let more = match damaged.len() {
        1 => String::new(),
        n => format!(" and {} more", n - 1),
    };
    Some(format!(
        "history incomplete: git cannot read `{}` at commit {} ({}){more}; figures drawn from history may be wrong there: run `git fsck`",
        first.path, first.commit, first.date
    ))
}
