//! The history-reader fuzz target: the input is a git history, built as a repository in
//! a scratch folder with gix (no `git` process), then read the ways bearing reads
//! history: the walk behind `log`, `report` and `stale-kr` (whole, and narrowed to one
//! entity and a few commits as `log ID -n 3` does), `diff HEAD~1 HEAD`, and the report's
//! inputs at `--rev HEAD --base HEAD~1` made into a report.
//!
//! The input is cut at lines `#>>> NAME` (as for the loader target) and each part is one
//! commit on `main`, on top of the one before, a day later:
//!
//! - `#>>> PATH` (the text before any marker: `plans/plan.yaml`): the file at PATH holds
//!   the part's bytes from this commit on (none when the part is empty);
//! - `#>>> !corrupt PATH`: PATH names a blob whose loose object is the part's bytes as
//!   they are (not zlib): a corrupt object (docs/threat-model.md G8);
//! - `#>>> !missing PATH`: PATH names a blob that is not in the repository (G8);
//! - `#>>> !tree`: the part's bytes are the raw tree object of `plans/` (any bytes: a
//!   tree git would refuse, entries out of order, odd modes and names);
//! - `#>>> !commit`: the part's bytes are the commit object itself, after `tree ID` and
//!   `parent ID` lines of the tree and commit so far unless they start with `tree `:
//!   odd or broken authors, dates, time zones, encodings and messages.
//!
//! A panic anywhere is a crash, and so is an error that does not say where: an error
//! reading objects (`reading git objects: …`, `cannot read … at commit …`) must name
//! the commit it met it in (or, where two commits are read together, the tree), one
//! the input wrote or named; a revision that cannot be resolved is named as the
//! revision. File versions a walk could not read are named by their commit too.

use std::collections::BTreeMap;
use std::path::Path;

use bearing::check::check_loaded;
use bearing::history::HistoryError;
use bearing::history::git::GitRepo;
use bearing::history::walk::{WalkOptions, walk};
use bearing::pipeline::report::{ReportRequest, gather};
use bearing::pipeline::{Leftovers, PipelineError};
use bearing::report;
use bearing_fuzz::{Scratch, split};
use gix::ObjectId;
use gix::objs::Write as _;
use gix::objs::tree::EntryKind;

fn main() {
    let mut scratch = Scratch::new("history");
    afl::fuzz!(|data: &[u8]| {
        let root = scratch.fresh();
        let Some(built) = build(&root, data) else {
            return;
        };
        read(&root, &built, data);
    });
}

/// What the repository holds: every commit written, oldest first, and every tree.
struct Built {
    commits: Vec<ObjectId>,
    trees: Vec<ObjectId>,
}

/// Writes the repository of `data` into `root` (a work tree with `.git` in it); `None`
/// when the input makes no commit.
fn build(root: &Path, data: &[u8]) -> Option<Built> {
    let git = root.join(".git");
    for dir in ["objects", "refs/heads", "refs/tags"] {
        std::fs::create_dir_all(git.join(dir)).expect("a git folder");
    }
    std::fs::write(git.join("HEAD"), "ref: refs/heads/main\n").expect("HEAD");
    std::fs::write(
        git.join("config"),
        "[core]\n\trepositoryformatversion = 0\n\tbare = false\n",
    )
    .expect("config");
    let repo = gix::open_opts(root, gix::open::Options::isolated()).expect("the repository opens");

    let mut files: BTreeMap<String, ObjectId> = BTreeMap::new();
    let mut raw_plans: Option<ObjectId> = None;
    let mut commits: Vec<ObjectId> = Vec::new();
    let mut trees: Vec<ObjectId> = Vec::new();
    for (index, (name, bytes)) in split(data).into_iter().enumerate() {
        let day = 1_767_225_600 + 86_400 * index as i64; // 2026-01-01, a day apart
        if name == "!commit" {
            let tree = write_tree(&repo, &files, raw_plans)?;
            trees.push(tree);
            let mut object = Vec::new();
            if !bytes.starts_with(b"tree ") {
                object.extend_from_slice(format!("tree {tree}\n").as_bytes());
                if let Some(parent) = commits.last() {
                    object.extend_from_slice(format!("parent {parent}\n").as_bytes());
                }
            }
            object.extend_from_slice(&bytes);
            let id = repo
                .objects
                .write_buf(gix::objs::Kind::Commit, &object)
                .expect("a raw commit is written");
            commits.push(id);
            continue;
        }
        if name == "!tree" {
            let id = repo
                .objects
                .write_buf(gix::objs::Kind::Tree, &bytes)
                .expect("a raw tree is written");
            trees.push(id);
            raw_plans = Some(id);
        } else if let Some(path) = name.strip_prefix("!corrupt ") {
            let id = gix::objs::compute_hash(
                gix::hash::Kind::Sha1,
                gix::objs::Kind::Blob,
                &[&bytes[..], b"corrupt"].concat(),
            )
            .expect("a hash");
            let hex = id.to_string();
            let folder = git.join("objects").join(&hex[..2]);
            std::fs::create_dir_all(&folder).expect("an objects folder");
            std::fs::write(folder.join(&hex[2..]), &bytes).expect("a corrupt object");
            files.insert(path.to_owned(), id);
        } else if let Some(path) = name.strip_prefix("!missing ") {
            let id = gix::objs::compute_hash(
                gix::hash::Kind::Sha1,
                gix::objs::Kind::Blob,
                &[&bytes[..], b"missing"].concat(),
            )
            .expect("a hash");
            files.insert(path.to_owned(), id);
        } else if bytes.is_empty() {
            files.remove(&name);
        } else {
            let id = repo.write_blob(&bytes).expect("a blob is written").detach();
            files.insert(name, id);
            raw_plans = None;
        }
        let tree = write_tree(&repo, &files, raw_plans)?;
        trees.push(tree);
        let who = gix::actor::Signature {
            name: "Fuzz".into(),
            email: "fuzz@example.com".into(),
            time: gix::date::Time {
                seconds: day,
                offset: 0,
            },
        };
        let commit = gix::objs::Commit {
            tree,
            parents: commits.last().copied().into_iter().collect(),
            author: who.clone(),
            committer: who,
            encoding: None,
            message: format!("commit {index}\n").into(),
            extra_headers: Vec::new(),
        };
        commits.push(
            repo.write_object(&commit)
                .expect("a commit is written")
                .detach(),
        );
    }
    let head = commits.last()?;
    std::fs::write(git.join("refs/heads/main"), format!("{head}\n")).expect("main");
    Some(Built { commits, trees })
}

/// The tree of `files` (paths the tree editor refuses are left out), with `plans/`
/// replaced by a raw tree when there is one; `None` if gix cannot write it.
fn write_tree(
    repo: &gix::Repository,
    files: &BTreeMap<String, ObjectId>,
    raw_plans: Option<ObjectId>,
) -> Option<ObjectId> {
    let mut editor = repo.empty_tree().edit().ok()?;
    for (path, id) in files {
        // A path that is no path (empty, `..`, NUL) is not in the tree, as in git.
        let _ = editor.upsert(path.as_str(), EntryKind::Blob, *id);
    }
    if let Some(id) = raw_plans {
        let _ = editor.upsert("plans", EntryKind::Tree, id);
    }
    editor.write().ok().map(|id| id.detach())
}

/// Reads the history every way bearing does and holds each outcome to the properties.
fn read(root: &Path, built: &Built, data: &[u8]) {
    let named = Names::new(built, data);
    let workspace = bearing::workspace::discover(root, None).expect("no bearing.yaml: defaults");
    let git = GitRepo::discover(root).expect("the repository is found");
    let head = match git.head() {
        Ok(head) => head,
        Err(e) => return named.error(&e),
    };
    let roots = vec!["plans".to_owned()];
    let limits = workspace.config.limits;
    let whole = WalkOptions::whole(head, roots.clone(), limits, true);
    let mut entity = None;
    match walk(&git, &whole, &mut |_, _| {}) {
        Ok(history) => {
            for damaged in &history.damaged {
                assert!(
                    named.names(&damaged.commit),
                    "a damaged version's commit `{}` is none the input wrote",
                    damaged.commit
                );
            }
            entity = history
                .commits
                .iter()
                .flat_map(|c| &c.changes)
                .map(|change| change.id.to_string())
                .next();
        }
        Err(e) => named.error(&e),
    }
    // `log ID -n 3`.
    let narrowed = WalkOptions {
        entity: entity.or_else(|| Some("G-1".to_owned())),
        max_commits: Some(3),
        ..whole
    };
    if let Err(e) = walk(&git, &narrowed, &mut |_, _| {}) {
        named.error(&e);
    }
    let as_of = jiff::civil::Date::constant(2026, 10, 1);
    let two = built.commits.len() >= 2;
    let mut leftovers = Leftovers::default();
    if two {
        let compared = bearing::pipeline::diff::compare(
            &workspace,
            Some("HEAD~1"),
            Some("HEAD"),
            as_of,
            &mut leftovers,
        );
        if let Err(e) = compared {
            named.pipeline(&e);
        }
    }
    let request = ReportRequest {
        rev: Some("HEAD"),
        base: two.then_some("HEAD~1"),
        no_history: false,
        since: None,
        as_of,
        today: as_of,
    };
    let mut notes = Vec::new();
    match gather(&workspace, &request, &mut |_, _| {}, &mut notes) {
        Ok(gathered) => {
            let check = check_loaded(
                gathered.loaded,
                &workspace.config,
                as_of,
                &gathered.evidence,
                None,
            );
            let model = report::build(&check, &workspace.config, gathered.input);
            let _ = report::markdown(&model, &report::Overrides::new());
        }
        Err(e) => named.pipeline(&e),
    }
}

/// What an error may name: every commit written (and a tree, which an error that
/// cannot be placed in one commit names: `diff`'s two sides are read together), and
/// every object id the input spells out (a raw commit's parent, say).
struct Names {
    ids: Vec<String>,
}

impl Names {
    fn new(built: &Built, data: &[u8]) -> Names {
        let mut ids: Vec<String> = built
            .commits
            .iter()
            .chain(&built.trees)
            .map(ToString::to_string)
            .collect();
        let text = String::from_utf8_lossy(data);
        let mut run = String::new();
        for c in text.chars().chain(std::iter::once(' ')) {
            if c.is_ascii_hexdigit() {
                run.push(c.to_ascii_lowercase());
            } else {
                if run.len() >= 7 {
                    ids.push(std::mem::take(&mut run));
                }
                run.clear();
            }
        }
        Names { ids }
    }

    /// Whether `text` names one of the ids, by at least its first seven digits.
    fn names(&self, text: &str) -> bool {
        let lower = text.to_ascii_lowercase();
        self.ids.iter().any(|id| {
            let short = &id[..7.min(id.len())];
            lower.contains(short)
        })
    }

    fn error(&self, error: &HistoryError) {
        match error {
            HistoryError::Git(_) | HistoryError::Damaged { .. } => assert!(
                self.names(&error.to_string()),
                "an error that names no commit: {error}"
            ),
            // A revision the history cannot resolve is named as given.
            HistoryError::UnknownRevision { .. }
            | HistoryError::NotACommit { .. }
            | HistoryError::NoPlanFiles { .. }
            | HistoryError::NoPlanHistory { .. }
            | HistoryError::Empty => {}
            other => panic!("an error this repository cannot cause: {other}"),
        }
    }

    fn pipeline(&self, error: &PipelineError) {
        match error {
            PipelineError::History(e) => self.error(e),
            PipelineError::Refused { .. } => {}
            PipelineError::Workspace(e) => panic!("the workspace is fine, yet: {e}"),
        }
    }
}
