//! `check` as an operation: the plan of the workspace (or of the paths given), the
//! history evidence for `stale-kr`, and, against a base revision, `lowered-target` and
//! each finding marked new or existing.

use std::path::PathBuf;

use jiff::civil::Date;
use rayon::prelude::*;
use std::sync::Arc;

use super::evidence::{evidence_from, stale_window, value_history};
use super::known::known_files;
use super::revisions::{file_intact, open, revision, roots};
use super::{Leftovers, Note, PipelineError, Progress};
use crate::change::novelty::classify;
use crate::change::reach::reach;
use crate::check::{BaseSummary, CheckReport, check_base, check_loaded, there_before};
use crate::finding::{Finding, Novelty};
use crate::history::git::blob_id;
use crate::history::tree::TreeFile;
use crate::history::walk::KnownFiles;
use crate::load::{self, FileContent, LoadInput, Loaded, ReadFile, load_reusing};
use crate::vocab::Revision;
use crate::workspace::Workspace;

/// What to check.
#[derive(Debug, Clone)]
pub struct CheckRequest<'a> {
    /// Files or folders (absolute) instead of the configured plan folders.
    pub paths: &'a [PathBuf],
    pub as_of: Date,
    /// The day it is: a key result edited but not committed counts as updated then.
    pub today: Date,
    /// Compare with the plan at this revision.
    pub base: Option<&'a str>,
    /// Read no git history (`stale-kr` then sees check-ins only).
    pub no_history: bool,
}

/// Checks the plan, as `bearing check` does.
pub fn check(
    workspace: &Workspace,
    request: &CheckRequest,
    progress: Progress,
    notes: &mut Vec<Note>,
    leftovers: &mut Leftovers,
) -> Result<CheckReport, PipelineError> {
    // Paths narrow what is reported, never what is loaded: references resolve against
    // the whole plan (the plan folders, and the paths given when they lie outside them).
    let mut everything = Vec::new();
    if !request.paths.is_empty() {
        everything = workspace.plan_folders();
        everything.extend(request.paths.iter().cloned());
    }
    let files = workspace.read_plan_files(&everything)?;
    let config = &workspace.config;
    // In a git repository, "last updated" comes from history; plain folders are checked
    // without git. The walk reads back only as far as `stale-kr` looks (its window of
    // days), and parses none of the files the work tree holds unchanged (parse each
    // blob once): it reads the chain of commits while the files are read, and takes
    // what was read of them before the plan is put together.
    let window = stale_window(&config.rules, request.as_of);
    let walking = !request.no_history;
    let in_git = workspace.in_git_work_tree();
    // The plan, and the plan at the base, which shares every file the change left
    // alone; `known` hands the walk the files it need not parse as soon as they are
    // read, and the walk starts while the plan is put together.
    let load_all = |known: &dyn Fn(Arc<KnownFiles>)| {
        // Blob ids serve the walk and the base; a plain folder has none (5% of its check).
        let ids: Vec<_> = if (walking || request.base.is_some()) && in_git {
            files
                .par_iter()
                .map(|f| match &f.content {
                    FileContent::Bytes(bytes) => blob_id(bytes),
                    FileContent::Refused(_) | FileContent::OverTotal { .. } => None,
                })
                .collect()
        } else {
            Vec::new()
        };
        // Against a base, each file is kept as read: the base places those it shares
        // again instead of reading them.
        let mut reading = load::read(files, &config.limits.yaml, request.base.is_some());
        // Outside git there is no walk to hand them to (and no blob ids to key them by).
        if walking && in_git {
            known(Arc::new(known_files(&reading, &ids)));
        }
        let Some(rev) = request.base else {
            return (reading.into_loaded(), Ok(None));
        };
        let head = Head {
            paths: reading.paths().to_vec(),
            kept: reading.take_kept(),
        };
        let held: foldhash::HashMap<gix::ObjectId, Arc<ReadFile>> = ids
            .iter()
            .zip(&head.kept)
            .filter_map(|(id, kept)| Some(((*id)?, kept.clone())))
            .collect();
        // The base is read while the plan is put together (on one core).
        let (loaded, base) = rayon::join(
            || reading.into_loaded(),
            || read_base(workspace, &everything, rev, held, head),
        );
        (loaded, base.map(Some))
    };
    // The walk runs on this thread, never on a worker of the pool: it waits on threads
    // of its own that hand the pool work, and a worker waiting so, in a pool of one
    // (one core, `RAYON_NUM_THREADS=1`), would wait for ever. The plan loads on a
    // helper thread beside it; where none can start, first.
    let (loaded, history) = std::thread::scope(|scope| {
        // The sender goes with the load: if it stops short, the walk is not left
        // waiting, and parses what it needs itself.
        let (sender, receiver) = std::sync::mpsc::channel();
        let loading = crate::pool::beside(scope, "bearing-load", move || {
            load_all(&|known| {
                let _ = sender.send(known);
            })
        });
        let known = || receiver.recv().ok();
        let history = walking
            .then(|| value_history(workspace, window, &known, progress, notes))
            .flatten();
        (loading.join(), history)
    });
    let (loaded, base) = loaded.unwrap_or_else(|| (Loaded::default(), Ok(None)));
    let base = base?;
    // The plan and the base are judged side by side: the plan against the base's
    // entities (`lowered-target`), the base on its own for what was there before.
    // A base whose plan is the work tree's (a change that left the plan alone) is
    // judged as the plan is: the same findings, every one of them existing, and no
    // target lowered. Judging it again would double the check for nothing.
    let base_loaded = base.as_ref().and_then(|(_, b)| match b {
        BasePlan::Loaded(b) => Some(&**b),
        BasePlan::SameAsHead => None,
    });
    // The base is judged only as far as the change reaches, where that is bounded:
    // found beside the evidence, which is one core's work.
    let (evidence, reached) = rayon::join(
        || {
            let (plan, as_of) = (&loaded.plan, request.as_of);
            evidence_from(history.as_ref(), plan, as_of, request.today, window)
        },
        || base_loaded.and_then(|b| reach(b, &loaded)),
    );
    leftovers.keep(history);
    let (mut report, at_base) = rayon::join(
        || {
            let base_plan = base_loaded.map(|b| &b.plan);
            check_loaded(loaded, config, request.as_of, &evidence, base_plan)
        },
        || {
            base_loaded.map(|b| {
                let unreadable = b.has_input_errors();
                let at_base = check_base(b, config, request.as_of, &evidence, reached.as_ref());
                (unreadable, at_base)
            })
        },
    );
    if let Some((revision, base)) = base {
        leftovers.keep(base);
        let (unreadable, statuses, alignment) = match at_base {
            Some((unreadable, at_base)) => {
                let there_before = |f: &Finding| there_before(reached.as_ref(), f);
                let statuses = classify(&report.findings, at_base.keys, there_before);
                (unreadable, statuses, at_base.alignment)
            }
            // The plan at the base is this one: every finding was there.
            None => (
                report.has_input_errors(),
                vec![Novelty::Existing; report.findings.len()],
                report.analysis.alignment.clone(),
            ),
        };
        if unreadable {
            notes.push(format!(
                "some plan files at `{}` cannot be read: findings in them count as new",
                revision.label()
            ));
        }
        for (finding, status) in report.findings.iter_mut().zip(&statuses) {
            finding.status = Some(*status);
        }
        let new = statuses.iter().filter(|s| **s == Novelty::New).count();
        report.base = Some(BaseSummary {
            revision,
            new,
            existing: statuses.len() - new,
            alignment,
        });
    }
    if !request.paths.is_empty() {
        let shown: Vec<String> = request.paths.iter().map(|p| workspace.display(p)).collect();
        report.narrow(&shown);
        if let Some(base) = &mut report.base {
            base.new = report
                .findings
                .iter()
                .filter(|l| l.status == Some(Novelty::New))
                .count();
            base.existing = report.findings.len() - base.new;
        }
    }
    Ok(report)
}

/// The files of the work tree's plan: the path of each and each as read, in load order.
struct Head {
    paths: Vec<String>,
    kept: Vec<Arc<ReadFile>>,
}

/// The plan at a base revision.
enum BasePlan {
    Loaded(Box<Loaded>),
    /// Every file at the base is the work tree's, at the same path, and no other: the
    /// plan is the same.
    SameAsHead,
}

/// The plan at `rev`: the same folders (or the paths given) read from git; a file
/// whose text the work tree holds too is taken as the work tree's load read it. The
/// files as read are handed over: once the base holds the only reference to each, it
/// places them instead of copying them.
fn read_base(
    workspace: &Workspace,
    paths: &[PathBuf],
    rev: &str,
    held: foldhash::HashMap<gix::ObjectId, Arc<ReadFile>>,
    head: Head,
) -> Result<(Revision, BasePlan), PipelineError> {
    let git = open(workspace)?;
    let id = git.resolve(rev)?;
    let mut roots = roots(&git, workspace);
    roots.extend(paths.iter().filter_map(|p| git.relative_to_top(p)));
    roots.sort();
    roots.dedup();
    // A path inside a plan folder is read with its folder, once.
    let all = roots.clone();
    roots.retain(|r| {
        !all.iter()
            .any(|other| other != r && (other.is_empty() || r.starts_with(&format!("{other}/"))))
    });
    let info = git.commit(id)?;
    let files = git.read_plan_holding(info.tree, &roots, &workspace.config.limits, |id| {
        held.get(id).cloned()
    })?;
    if same_as_head(&files, &head) {
        return Ok((revision(rev, &id), BasePlan::SameAsHead));
    }
    drop((held, head));
    let inputs = files
        .into_iter()
        .map(|file| match file {
            TreeFile::Read(raw) => file_intact(&raw, id).map(|()| LoadInput::Read(raw)),
            TreeFile::Held { path, held } => Ok(LoadInput::Kept { path, file: held }),
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((
        revision(rev, &id),
        BasePlan::Loaded(Box::new(load_reusing(
            inputs,
            &workspace.config.limits.yaml,
        ))),
    ))
}

/// Whether the files at a base are the work tree's plan: as many, each at the same
/// place and path, each the very file the work tree's load read (its bytes the same).
/// Loading them would place every file where it is: the plan would be the work tree's.
fn same_as_head(files: &[TreeFile<Arc<ReadFile>>], head: &Head) -> bool {
    files.len() == head.kept.len()
        && files.len() == head.paths.len()
        && files
            .iter()
            .zip(&head.kept)
            .zip(&head.paths)
            .all(|((file, kept), head_path)| match file {
                TreeFile::Held { path, held } => path == head_path && Arc::ptr_eq(held, kept),
                TreeFile::Read(_) => false,
            })
}
