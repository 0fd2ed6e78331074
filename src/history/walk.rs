//! One walk over the first-parent history for everything history needs: each commit's
//! semantic changes (`bearing log`) and the value series (`stale-kr`, trends).
//!
//! Speed by design (issue #4):
//! - the chain of commits is read first (commits only, no trees);
//! - a commit whose plan folders have the same tree ids as its parent's is skipped
//!   without reading a tree; otherwise only subtrees whose ids differ are read;
//! - every file version is cut into its YAML documents and each document text is parsed
//!   once (a check-in that edits one objective parses that objective only);
//! - parsing runs on both cores while the main thread reads the next commits' trees and
//!   blobs and applies the previous ones (a pipeline of batches);
//! - only the documents a commit replaced are compared, entity by entity.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Arc;

use gix::ObjectId;
use jiff::civil::Date;
use rayon::prelude::*;
use serde::Serialize;

use super::HistoryError;
use super::git::{CommitInfo, GitRepo, forget_thread_repos, with_thread_repo};
use super::tree::{Entry, FileChange, TreeCache, diff_entries, list_files, read_blob};
use crate::change::diff::{EntityChange, Move, diff_entity, rank};
use crate::change::series::{Series, SeriesBuilder, Stamp};
use crate::change::state::{EntityRef, FileEntities, FileProblem, Home, PlanState};
use crate::change::versions::{ChunkCache, parse_versions};
use crate::config::Limits;
use crate::load::FileContent;
use crate::load::Piece;
use crate::model::{EntityKind, Id};

/// What to walk and what to keep.
#[derive(Debug, Clone)]
pub struct WalkOptions {
    /// The newest commit (HEAD, usually).
    pub start: ObjectId,
    /// The plan folders (or files), relative to the top of the work tree.
    pub roots: Vec<String>,
    pub limits: Limits,
    /// Commits authored on or after this day.
    pub since: Option<Date>,
    /// Commits authored on or before this day.
    pub until: Option<Date>,
    /// Read history only from the first commit authored on or after this day to the
    /// newest, of the commits back to where a chain read from this day ends
    /// ([`GitRepo::first_parent_chain`]): what came before is summed up in the plan at
    /// that commit's parent
    /// (`History::valued_at_start`). For `stale-kr`, which asks only whether a value
    /// changed within its window (issue 19). Not with `since`, `until` or `max_commits`.
    pub read_from: Option<Date>,
    /// At most this many commits, the most recent that change the plan (or the entity).
    pub max_commits: Option<usize>,
    /// Only the changes that concern this id.
    pub entity: Option<String>,
    /// Keep each commit's changes; without, the commits are listed with none, and only
    /// the documents that hold key results are read (enough for the series).
    pub changes: bool,
    /// File versions read already, by blob: the work tree's files as the loader read
    /// them (`pipeline::known`), so that a walk parses none of them again. Only for a
    /// walk without `changes`: they hold the key results' objectives alone.
    pub known: Option<Arc<KnownFiles>>,
}

/// Parsed file versions by the blob that holds them.
pub type KnownFiles = foldhash::HashMap<Entry, Arc<FileEntities>>;

impl WalkOptions {
    /// The whole first-parent history of `start`, every entity; `changes` keeps each
    /// commit's semantic changes (else only key-result documents are read).
    pub fn whole(
        start: ObjectId,
        roots: Vec<String>,
        limits: Limits,
        changes: bool,
    ) -> WalkOptions {
        WalkOptions {
            start,
            roots,
            limits,
            since: None,
            until: None,
            read_from: None,
            max_commits: None,
            entity: None,
            changes,
            known: None,
        }
    }
}

mod batch;
mod outcome;
mod walker;

use batch::{Batch, Compared, ParsedBatch, batches, compare_trees, read_and_parse};
pub use outcome::{CommitChanges, Damaged, History, ParsedVersions};
use walker::Walker;

/// Walks the first-parent history of `opts.start`. `progress(done, total)` is called
/// as commits are processed.
pub fn walk(
    repo: &GitRepo,
    opts: &WalkOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<History, HistoryError> {
    walk_knowing(repo, opts, || opts.known.clone(), progress)
}

/// [`walk`], asking for the files already parsed (what [`WalkOptions::known`] holds)
/// only once the chain of commits is read: a caller that parses the plan meanwhile
/// hands them over then, and the two overlap.
pub fn walk_knowing(
    repo: &GitRepo,
    opts: &WalkOptions,
    known: impl FnOnce() -> Option<Arc<KnownFiles>>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<History, HistoryError> {
    let walked = walk_chain(repo, opts, known, progress);
    // The pack caches served this walk alone: what comes next (judging the plan,
    // building a report) should not run beside 8 MiB of them a thread.
    forget_thread_repos();
    walked
}

fn walk_chain(
    repo: &GitRepo,
    opts: &WalkOptions,
    known: impl FnOnce() -> Option<Arc<KnownFiles>>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<History, HistoryError> {
    let chain = repo.first_parent_chain(opts.start, opts.read_from)?;
    let truncated = chain.truncated_at.is_some();
    let mut commits = chain.commits;
    commits.reverse();
    let mut history = History {
        truncated_at: chain.truncated_at.map(|id| id.to_string()),
        ..History::default()
    };
    let in_window = |c: &CommitInfo| {
        opts.since.is_none_or(|s| c.day >= s) && opts.until.is_none_or(|u| c.day <= u)
    };
    let (lo, hi) = match opts.read_from {
        // From the first commit on or after the day to the newest; with none, the
        // newest commit alone is read, as the state the window starts from.
        Some(day) => {
            let newest = commits.len().saturating_sub(1);
            let lo = commits.iter().position(|c| c.day >= day);
            (lo.unwrap_or(commits.len()), newest)
        }
        None => {
            let Some(lo) = commits.iter().position(in_window) else {
                return Ok(history);
            };
            (lo, commits.iter().rposition(in_window).unwrap_or(lo))
        }
    };
    if commits.is_empty() {
        return Ok(history);
    }

    // The plan roots of every commit read: one tree read per root and commit (none
    // before the parent of the first commit a bounded walk reads).
    let skipped = match opts.read_from {
        Some(_) => lo.saturating_sub(1),
        None => 0,
    };
    let mut roots = vec![Vec::new(); skipped];
    roots.reserve(commits.len() - skipped);
    for c in &commits[skipped..] {
        roots.push(
            opts.roots
                .iter()
                .map(|r| repo.entry_at(c.tree, r).map_err(|e| e.in_commit(&c.id)))
                .collect::<Result<Vec<_>, _>>()?,
        );
    }
    history.saw_plan = roots.iter().flatten().any(Option::is_some);
    // Commit `i` changes the plan when its roots differ from its parent's; the first
    // commit of a shallow clone is where history starts, not a change.
    let changed: Vec<bool> = (0..commits.len())
        .map(|i| match i {
            0 => !truncated && roots[0].iter().any(Option::is_some),
            _ => roots[i] != roots[i - 1],
        })
        .collect();
    let mut first = lo;
    if opts.entity.is_none() {
        if let Some(n) = opts.max_commits {
            let shown: Vec<usize> = (lo..=hi)
                .filter(|&i| changed[i] && in_window(&commits[i]))
                .collect();
            if let Some(&from) = shown.len().checked_sub(n).and_then(|k| shown.get(k)) {
                first = from;
            }
        }
    }
    let mut walker = Walker {
        repo,
        opts,
        state: PlanState::default(),
        damaged: Vec::new(),
        parsed: match &known() {
            Some(known) if !opts.changes => known.as_ref().clone(),
            _ => KnownFiles::default(),
        },
        series: SeriesBuilder::default(),
    };
    // Parsed documents by their text, shared read-only with the parsing thread.
    let mut cache: Arc<ChunkCache> = Arc::default();
    // Start from the parent of the first commit shown (or from the boundary commit of a
    // shallow clone): its plan is the state the first change applies to.
    let seed_at = if first > 0 {
        Some(first - 1)
    } else if truncated {
        first = 1;
        Some(0)
    } else {
        None
    };
    if let Some(at) = seed_at {
        walker
            .seed(&commits[at], &mut cache)
            .map_err(|e| e.in_commit(&commits[at].id))?;
        if opts.read_from.is_some() {
            history.valued_at_start = walker.series.valued_key_results();
        }
    }

    let todo: Vec<usize> = (first..=hi).filter(|&i| changed[i]).collect();
    let batches = batches(&todo);
    let total = todo.len();
    let mut done = 0;
    let limits = opts.limits;
    let sync = repo.sync();
    let only = only_key_results(opts);
    // The pipeline, three stages on their own threads: one thread compares the trees of
    // each batch of commits ahead of the others; the pool reads and parses the file
    // versions of batch k + 1; this thread applies batch k.
    // Each commit's id, to name the one whose trees cannot be read.
    let ids: Vec<ObjectId> = commits.iter().map(|c| c.id).collect();
    std::thread::scope(|scope| -> Result<(), HistoryError> {
        let (roots, ahead, ids) = (&roots, &batches, &ids);
        let compare_all = move |sender: std::sync::mpsc::SyncSender<Compared>| {
            let mut repo = sync.to_thread_local();
            super::git::tune(&mut repo);
            let mut trees = TreeCache::default();
            for batch in ahead {
                let per_commit = compare_trees(&repo, &mut trees, &opts.roots, roots, ids, batch);
                let failed = per_commit.is_err();
                // The receiver is gone when the walk stopped early: stop too.
                if sender.send(per_commit).is_err() || failed {
                    return;
                }
            }
        };
        // Under a cap on threads or memory a thread may not start: then every batch is
        // compared here, first, into a channel that holds them all. Slower, same answer.
        let (sender, compared) = std::sync::mpsc::sync_channel::<Compared>(2);
        let spawned =
            crate::pool::spawn_helper(scope, "bearing-trees", move || compare_all(sender));
        let compared = match spawned {
            Ok(_) => compared,
            Err(_) => {
                let (sender, compared) = std::sync::mpsc::sync_channel::<Compared>(ahead.len());
                compare_all(sender);
                compared
            }
        };
        // The next batch the tree thread compared, with the versions it needs.
        let next_batch = |walker: &Walker| -> Result<Batch, HistoryError> {
            let per_commit = compared
                .recv()
                .map_err(|_| HistoryError::Git("the tree reader stopped".to_owned()))??;
            Ok(walker.batch(per_commit))
        };
        // The next batch is read on a thread of its own while this one is applied; where
        // no thread can start, it is read here and now.
        let spawn = |wanted: Vec<Entry>, cache: Arc<ChunkCache>| {
            crate::pool::beside(scope, "bearing-reader", move || {
                crate::pool::run(&limits.yaml, || {
                    read_and_parse(sync, wanted, &cache, &limits, only)
                })
            })
        };
        let mut pending = if batches.is_empty() {
            None
        } else {
            Some(next_batch(&walker)?)
        };
        let mut job = pending
            .as_mut()
            .map(|p| spawn(std::mem::take(&mut p.wanted), cache.clone()));
        for k in 0..batches.len() {
            let current = pending.take();
            let mut following = if k + 1 < batches.len() {
                Some(next_batch(&walker)?)
            } else {
                None
            };
            if let Some(job) = job.take() {
                let parsed = job.join().ok_or_else(|| {
                    HistoryError::Git("a batch of file versions was not read".to_owned())
                })?;
                walker.store(parsed, &mut cache);
            }
            if let Some(batch) = current {
                for (entry, file) in batch.ready {
                    walker.parsed.insert(entry, file);
                }
                // Documents no file of the state (or of the batches under way) holds.
                Arc::make_mut(&mut cache).retain(|_, c| Arc::strong_count(c) > 1);
                if let Some(f) = following.as_mut() {
                    job = Some(spawn(std::mem::take(&mut f.wanted), cache.clone()));
                }
                for (i, changes) in batch.commits {
                    history.plan_commits += 1;
                    let c = &commits[i];
                    let mut record = walker.apply(c, &changes);
                    if in_window(c) && keep(&record, opts) {
                        if !opts.changes {
                            // Only key-result documents were read: the commit is listed,
                            // its changes would be partial.
                            record.changes = Vec::new();
                            record.moves = Vec::new();
                        }
                        history.commits.push(record);
                    }
                    done += 1;
                    progress(done, total);
                }
                walker.parsed.retain(|_, a| Arc::strong_count(a) > 1);
            }
            pending = following;
        }
        Ok(())
    })?;
    history.commits_walked = (hi + 1).saturating_sub(lo);
    if opts.entity.is_some() {
        if let Some(n) = opts.max_commits {
            let skip = history.commits.len().saturating_sub(n);
            history.commits.drain(..skip);
        }
    }
    history.commits.reverse();
    let state = &walker.state;
    // The value of each key result at the newest commit, the first declaration winning
    // as in the loader.
    let objectives = state
        .effective_entities()
        .into_iter()
        .filter_map(|e| match e {
            EntityRef::Objective(o) => Some(o),
            _ => None,
        });
    for o in objectives {
        for kr in &o.key_results {
            if let Some(value) = kr.metric.current {
                history.head_currents.entry(kr.id.clone()).or_insert(value);
            }
        }
    }
    let Walker {
        state,
        parsed,
        series,
        damaged,
        ..
    } = walker;
    history.damaged = damaged;
    history.series = series.finish(|objective| state.locate(objective).map(|l| l.path));
    history.parsed = ParsedVersions {
        _state: state,
        _files: parsed,
        _cache: cache,
    };
    Ok(history)
}

/// A walk for the value series alone (no changes to show) reads only the documents
/// that can hold key results.
fn only_key_results(opts: &WalkOptions) -> Option<&'static str> {
    (!opts.changes).then_some("key_results")
}

/// Whether a commit's record is worth showing.
fn keep(record: &CommitChanges, opts: &WalkOptions) -> bool {
    match &opts.entity {
        Some(_) => !record.changes.is_empty() || !record.moves.is_empty(),
        None => true,
    }
}

#[cfg(test)]
mod tests;
