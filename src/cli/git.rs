//! What `diff`, `log` and `check` share about git: the repository of the workspace, the
//! plan folders as paths in its trees, the plan at a revision, the history evidence for
//! `stale-kr`, and a progress line on stderr for long walks.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use jiff::civil::Date;

use super::common::CliError;
use crate::history::git::GitRepo;
use crate::history::walk::{History, WalkOptions, walk};
use crate::history::{HistoryError, truncation_message};
use crate::load::RawFile;
use crate::measure::Evidence;
use crate::model::Plan;
use crate::vocab::Revision;
use crate::workspace::Workspace;

/// The repository that holds the workspace.
pub fn open(workspace: &Workspace) -> Result<GitRepo, CliError> {
    Ok(GitRepo::discover(&workspace.root)?)
}

/// The plan folders of the working tree's bearing.yaml as paths from the top of the
/// repository. History always reads the folders configured now, at every revision.
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
) -> Result<Vec<RawFile>, CliError> {
    let info = git.commit(commit)?;
    Ok(git.read_plan(info.tree, &roots(git, workspace), &workspace.config.limits)?)
}

/// The plan files at two commits, each blob both hold inflated once.
pub fn read_pair_at(
    git: &GitRepo,
    workspace: &Workspace,
    base: gix::ObjectId,
    head: gix::ObjectId,
) -> Result<(Vec<RawFile>, Vec<RawFile>), CliError> {
    let trees = [git.commit(base)?.tree, git.commit(head)?.tree];
    let mut sides = git
        .read_plans(&trees, &roots(git, workspace), &workspace.config.limits)?
        .into_iter();
    let base_files = sides.next().unwrap_or_default();
    Ok((base_files, sides.next().unwrap_or_default()))
}

/// Walks history with a progress line on stderr (see [`Progress`]), erased when the
/// walk ends, however it ends.
pub fn walk_with_progress(git: &GitRepo, options: &WalkOptions) -> Result<History, HistoryError> {
    let mut progress = Progress::new("reading history");
    let history = walk(git, options, &mut |d, t| progress.tick(d, t));
    progress.finish();
    history
}

/// A `\r` progress line on stderr, shown only on a terminal and only once a walk has
/// taken more than a second; erased when done.
#[derive(Debug)]
struct Progress {
    started: Instant,
    enabled: bool,
    shown: bool,
    label: &'static str,
}

impl Progress {
    fn new(label: &'static str) -> Progress {
        Progress {
            started: Instant::now(),
            enabled: std::io::stderr().is_terminal(),
            shown: false,
            label,
        }
    }

    fn tick(&mut self, done: usize, total: usize) {
        if !self.enabled || self.started.elapsed() < Duration::from_secs(1) {
            return;
        }
        if done % 50 == 0 || done == total {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r{}: {done}/{total} commits", self.label);
            let _ = err.flush();
            self.shown = true;
        }
    }

    fn finish(&mut self) {
        if self.shown {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
            self.shown = false;
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

/// Prints a warning on stderr (for notes that must not mix with the output).
pub fn warn(message: &str) {
    let _ = writeln!(
        std::io::stderr().lock(),
        "warning: {}",
        crate::render::visible(message)
    );
}

/// One walk of the history of `HEAD` for the value series behind `stale-kr`. It needs
/// no plan: callers run it while the plan files load. `None` outside a git repository,
/// in one without commits, or when the walk failed (after a warning): plain folders are
/// checked without git, with no error.
pub fn value_history(workspace: &Workspace) -> Option<History> {
    let git = match GitRepo::discover(&workspace.root) {
        Ok(git) => git,
        Err(
            HistoryError::NotARepository { .. }
            | HistoryError::Bare { .. }
            | HistoryError::Outside { .. },
        ) => return None,
        Err(e) => {
            warn(&format!(
                "history not read, `stale-kr` uses check-ins only: {e}"
            ));
            return None;
        }
    };
    let head = match git.head() {
        Ok(head) => head,
        Err(HistoryError::Empty) => return None,
        Err(e) => {
            warn(&format!(
                "history not read, `stale-kr` uses check-ins only: {e}"
            ));
            return None;
        }
    };
    let options = WalkOptions::whole(head, roots(&git, workspace), workspace.config.limits, false);
    let history = match walk_with_progress(&git, &options) {
        Ok(h) => h,
        Err(e) => {
            warn(&format!(
                "history not read, `stale-kr` uses check-ins only: {e}"
            ));
            return None;
        }
    };
    if let Some(at) = &history.truncated_at {
        warn(&format!(
            "{}; `stale-kr` sees only the updates since then",
            truncation_message(at)
        ));
    }
    Some(history)
}

/// When each key result's `current` was last changed, for `stale-kr`: from the value
/// history (commits after `as_of` do not count); a value that differs from `HEAD` in
/// the working tree is being changed now and counts as updated today.
pub fn evidence_from(history: Option<&History>, plan: &Plan, as_of: Date) -> Evidence {
    let Some(history) = history else {
        return Evidence::default();
    };
    let mut current_changed: HashMap<_, _> = history.series.last_current_change(as_of);
    // A value edited but not committed is being updated now: today, when that is not
    // after `as_of`.
    let today = jiff::ZonedDateTime::now().date();
    if today <= as_of {
        for (oi, o) in plan.objectives.iter().enumerate() {
            for (ki, kr) in o.key_results.iter().enumerate() {
                // A key-result id used twice counts once: where the plan reads it.
                let here = crate::model::Entity::KeyResult {
                    objective: oi,
                    index: ki,
                };
                let Some(value) = kr.metric.current else {
                    continue;
                };
                if plan.get(kr.id.as_str()) != Some(here) {
                    continue;
                }
                if history.head_currents.get(&kr.id) != Some(&value) {
                    current_changed.insert(kr.id.clone(), today);
                }
            }
        }
    }
    Evidence { current_changed }
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
