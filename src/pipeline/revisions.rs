//! The plan of a workspace at a revision: its folders as paths in the repository's
//! trees, and its files read from a commit under the working tree's limits. History
//! always reads the folders configured now, at every revision.

use crate::history::HistoryError;
use crate::history::git::{GitRepo, short};
use crate::history::tree::is_damaged;
use crate::load::{FileContent, RawFile};
use crate::vocab::Revision;
use crate::workspace::Workspace;

/// The repository that holds the workspace.
pub fn open(workspace: &Workspace) -> Result<GitRepo, HistoryError> {
    GitRepo::discover(&workspace.root)
}

/// The plan folders of the working tree's bearing.yaml as paths from the top of the
/// repository.
pub fn roots(git: &GitRepo, workspace: &Workspace) -> Vec<String> {
    workspace
        .config
        .plans
        .iter()
        .map(|p| normalize(&format!("{}{p}", git.prefix())))
        .collect()
}

/// `a/./b/../c/` → `a/c`.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// `` `plans/` `` (the configured folders, for messages).
pub fn folders_text(workspace: &Workspace) -> String {
    workspace
        .config
        .plans
        .iter()
        .map(|p| format!("`{}/`", p.trim_end_matches('/')))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A revision as outputs name it.
pub fn revision(rev: &str, id: &gix::ObjectId) -> Revision {
    Revision {
        rev: rev.to_owned(),
        commit: Some(id.to_string()),
    }
}

/// The plan files of a commit, read under the working tree's limits.
pub fn read_at(
    git: &GitRepo,
    workspace: &Workspace,
    commit: gix::ObjectId,
) -> Result<Vec<RawFile>, HistoryError> {
    let info = git.commit(commit)?;
    let files = git
        .read_plan(info.tree, &roots(git, workspace), &workspace.config.limits)
        .map_err(|e| e.in_commit(&commit))?;
    intact(files, commit)
}

/// A revision's files, or the error that names the first one git cannot read: a plan
/// compared with a revision missing a file would call its entities removed.
pub fn intact(files: Vec<RawFile>, commit: gix::ObjectId) -> Result<Vec<RawFile>, HistoryError> {
    files
        .iter()
        .try_for_each(|file| file_intact(file, commit))?;
    Ok(files)
}

/// [`intact`] for one file.
pub fn file_intact(file: &RawFile, commit: gix::ObjectId) -> Result<(), HistoryError> {
    match &file.content {
        FileContent::Refused(message) if is_damaged(message) => Err(HistoryError::Damaged {
            commit: short(&commit),
            path: file.path.clone(),
            message: message.clone(),
        }),
        _ => Ok(()),
    }
}

/// The plan files at two commits, each blob both hold inflated once.
pub fn read_pair_at(
    git: &GitRepo,
    workspace: &Workspace,
    base: gix::ObjectId,
    head: gix::ObjectId,
) -> Result<(Vec<RawFile>, Vec<RawFile>), HistoryError> {
    let trees = [git.commit(base)?.tree, git.commit(head)?.tree];
    let mut sides = git
        .read_plans(&trees, &roots(git, workspace), &workspace.config.limits)?
        .into_iter();
    let base_files = intact(sides.next().unwrap_or_default(), base)?;
    Ok((base_files, intact(sides.next().unwrap_or_default(), head)?))
}

#[cfg(test)]
mod tests {
    #[test]
    fn paths_are_normalized() {
        assert_eq!(super::normalize("sub/./plans/"), "sub/plans");
        assert_eq!(super::normalize("a/../plans"), "plans");
        assert_eq!(super::normalize("."), "");
    }
}
