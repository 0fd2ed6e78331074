//! Git repositories built with the git CLI in temporary folders, commit by commit, with a
//! fixed author and fixed dates, so that history-dependent output is reproducible.

use std::path::Path;
use std::process::Command;

use super::{Plan, Run, bearing};

/// A git repository with a plan, built commit by commit.
#[derive(Debug)]
pub struct Repo {
    plan: Plan,
    day: u32,
}

impl Default for Repo {
    fn default() -> Self {
        Repo::new()
    }
}

impl Repo {
    /// An empty repository on branch `main`.
    pub fn new() -> Repo {
        let repo = Repo {
            plan: Plan::new(),
            day: 0,
        };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    pub fn path(&self) -> &Path {
        self.plan.path()
    }

    /// Runs git in the repository with a fixed identity and no user configuration.
    pub fn git(&self, args: &[&str]) -> String {
        git_in(self.path(), args, "2026-01-01T10:00:00+02:00")
    }

    /// Writes `text` at `relative` in the working tree (not committed).
    pub fn write(&self, relative: &str, text: &str) -> &Repo {
        self.plan.file(relative, text);
        self
    }

    /// Commits everything, one day after the previous commit; returns the hash.
    pub fn commit(&mut self, message: &str) -> String {
        self.day += 1;
        let date = format!("2026-07-{:02}T10:00:00+02:00", self.day);
        git_in(self.path(), &["add", "-A"], &date);
        git_in(
            self.path(),
            &["commit", "-q", "--allow-empty", "-m", message],
            &date,
        );
        self.git(&["rev-parse", "HEAD"]).trim().to_owned()
    }

    /// `bearing ARGS` in the repository.
    #[track_caller]
    pub fn run(&self, args: &[&str]) -> Run {
        bearing(args, self.path())
    }

    /// `bearing check --base BASE --format json` in the repository, as of
    /// [`AS_OF`](super::AS_OF): what the pull-request gate runs.
    #[track_caller]
    pub fn check_against(&self, base: &str) -> Run {
        self.run(&[
            "check",
            "--base",
            base,
            "--format",
            "json",
            "--as-of",
            super::AS_OF,
        ])
    }
}

/// Runs git in `dir` with a fixed identity and date, and no user or system configuration.
pub fn git_in(dir: &Path, args: &[&str], date: &str) -> String {
    git_dated(dir, args, date, date)
}

/// [`git_in`] with an author date and a committer date of their own: a commit rebased
/// onto a branch keeps the day it was written and is committed on the day it lands.
pub fn git_dated(dir: &Path, args: &[&str], author: &str, committer: &str) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "Ada Lovelace")
        .env("GIT_AUTHOR_EMAIL", "ada@example.com")
        .env("GIT_COMMITTER_NAME", "Ada Lovelace")
        .env("GIT_COMMITTER_EMAIL", "ada@example.com")
        .env("GIT_AUTHOR_DATE", author)
        .env("GIT_COMMITTER_DATE", committer)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("HOME", dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
