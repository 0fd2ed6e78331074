//! One walk over the first-parent history for everything history needs: each commit's
//! semantic changes (`bearing log`) and the value series (`stale-kr`, trends).
//!
//! Speed by design (issue #4): the chain of commits is read first (commits only); a
//! commit whose plan folders have the same tree ids as its parent's is skipped without
//! reading a tree; otherwise only the subtrees whose ids differ are read; each blob is
//! parsed once (by blob id, so a renamed file is not parsed again), many blobs at a time
//! on both cores; and only the entities of the files a commit touched are compared.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use gix::ObjectId;
use jiff::civil::Date;
use rayon::prelude::*;
use serde::Serialize;

use super::diff::{EntityChange, Move, diff_entity, rank};
use super::git::{CommitInfo, GitRepo};
use super::series::{Series, SeriesBuilder, Stamp};
use super::state::{Chunk, EntityRef, FileEntities, Located, PlanState, raw, split_documents};
use super::tree::{Entry, FileChange};
use super::{HistoryError, git_error};
use crate::config::Limits;
use crate::load::{FileContent, RawFile};
use crate::model::Id;

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
    /// At most this many commits, the most recent that change the plan (or the entity).
    pub max_commits: Option<usize>,
    /// Only the changes that concern this id.
    pub entity: Option<String>,
    /// Keep each commit's changes; without, only the series is built.
    pub changes: bool,
}

/// A plan file a commit could not read.
#[derive(Debug, Clone, Serialize)]
pub struct FileProblem {
    pub path: String,
    pub message: String,
}

/// One commit and what it changed in the plan.
#[derive(Debug, Clone, Serialize)]
pub struct CommitChanges {
    pub commit: String,
    pub author: String,
    pub date: String,
    pub subject: String,
    /// More than one for a merge: its changes are those against its first parent.
    pub parents: usize,
    pub changes: Vec<EntityChange>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub moves: Vec<Move>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<FileProblem>,
}

/// The outcome of a walk.
#[derive(Debug, Default)]
pub struct History {
    /// Newest first.
    pub commits: Vec<CommitChanges>,
    pub series: Series,
    /// The commit the history stops at in a shallow clone.
    pub truncated_at: Option<String>,
    /// Commits in the first-parent chain that were looked at.
    pub commits_walked: usize,
    /// Of those, the commits that changed a plan file.
    pub plan_commits: usize,
    /// Whether a plan file existed in any commit walked.
    pub saw_plan: bool,
    /// Every key result's `current` at the newest commit walked.
    pub head_currents: HashMap<Id, f64>,
}

/// Blobs parsed per batch: enough to keep both cores busy, few enough to bound memory.
const BATCH_BLOBS: usize = 512;

/// Walks the first-parent history of `opts.start`. `progress(done, total)` is called
/// as commits are processed.
pub fn walk(
    repo: &GitRepo,
    opts: &WalkOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<History, HistoryError> {
    let chain = repo.first_parent_chain(opts.start)?;
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
    let Some(lo) = commits.iter().position(in_window) else {
        return Ok(history);
    };
    let hi = commits.iter().rposition(in_window).unwrap_or(lo);

    // The plan roots of every commit: one tree read per root and commit.
    let mut roots = Vec::with_capacity(commits.len());
    for c in &commits {
        roots.push(
            opts.roots
                .iter()
                .map(|r| repo.entry_at(c.tree, r))
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
            let kept: Vec<usize> = (lo..=hi)
                .filter(|&i| changed[i] && in_window(&commits[i]))
                .collect();
            if let Some(&from) = kept.len().checked_sub(n).and_then(|k| kept.get(k)) {
                first = from;
            }
        }
    }
    // Start from the parent of the first commit shown (or from the boundary commit of a
    // shallow clone): its plan is the state the first change applies to.
    let pool = rayon::ThreadPoolBuilder::new()
        .stack_size(crate::yaml::parse::stack_size_for(&opts.limits.yaml))
        .build()
        .map_err(git_error)?;
    let mut walker = Walker {
        repo,
        opts,
        pool,
        state: PlanState::default(),
        parsed: HashMap::new(),
        chunks: HashMap::new(),
        series: SeriesBuilder::default(),
    };
    let seed_at = if first > 0 {
        Some(first - 1)
    } else if truncated {
        first = 1;
        Some(0)
    } else {
        None
    };
    if let Some(at) = seed_at {
        walker.seed(&commits[at])?;
    }

    let todo: Vec<usize> = (first..=hi).filter(|&i| changed[i]).collect();
    let total = todo.len();
    let mut done = 0;
    for batch in batches(&todo, |i| {
        estimate(&roots[i], i.checked_sub(1).map(|p| &roots[p]))
    }) {
        let mut file_changes = Vec::with_capacity(batch.len());
        for &i in batch {
            let before = i.checked_sub(1).map(|p| &roots[p]);
            let mut changes = Vec::new();
            for (r, root) in opts.roots.iter().enumerate() {
                let old = before.and_then(|b| b[r]);
                repo.diff_entries(root, old, roots[i][r], &mut changes)?;
            }
            changes.sort_by(|a, b| a.path.cmp(&b.path));
            changes.dedup_by(|a, b| a.path == b.path);
            file_changes.push(changes);
        }
        walker.parse_new(file_changes.iter().flatten())?;
        for (&i, changes) in batch.iter().zip(file_changes) {
            history.plan_commits += 1;
            let c = &commits[i];
            let record = walker.apply(c, &changes);
            if in_window(c) {
                if let Some(record) = record.filter(|r| opts.changes && keep(r, opts)) {
                    history.commits.push(record);
                }
            }
            done += 1;
            progress(done, total);
        }
        walker.parsed.retain(|_, a| Arc::strong_count(a) > 1);
        walker.chunks.retain(|_, a| Arc::strong_count(a) > 1);
    }
    history.commits_walked = hi + 1 - lo;
    if opts.entity.is_some() {
        if let Some(n) = opts.max_commits {
            let skip = history.commits.len().saturating_sub(n);
            history.commits.drain(..skip);
        }
    }
    history.commits.reverse();
    let state = &walker.state;
    for (_, file) in state.files() {
        let objectives = file.entities().filter_map(|e| match e {
            EntityRef::Objective(o) => Some(o),
            _ => None,
        });
        for kr in objectives.flat_map(|o| &o.key_results) {
            if let Some(value) = kr.metric.current {
                history.head_currents.entry(kr.id.clone()).or_insert(value);
            }
        }
    }
    history.series = walker.series.finish(|objective| {
        state.locate(objective).map(|l| l.path)
    });
    Ok(history)
}

/// Whether a commit's record is worth showing.
fn keep(record: &CommitChanges, opts: &WalkOptions) -> bool {
    match &opts.entity {
        Some(_) => !record.changes.is_empty() || !record.moves.is_empty(),
        None => true,
    }
}

/// A rough count of the blobs a commit will need: one per changed root.
fn estimate(now: &[Option<Entry>], before: Option<&Vec<Option<Entry>>>) -> usize {
    now.iter()
        .enumerate()
        .filter(|(r, e)| before.is_none_or(|b| b[*r] != **e))
        .count()
        .max(1)
}

/// Splits the commits to process into batches of about [`BATCH_BLOBS`] blobs.
fn batches<'a>(todo: &'a [usize], cost: impl Fn(usize) -> usize) -> Vec<&'a [usize]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut sum = 0;
    for (k, &i) in todo.iter().enumerate() {
        // The first commit may add the whole plan: give it a batch of its own.
        sum += if k == 0 { BATCH_BLOBS } else { cost(i) * 2 };
        if sum >= BATCH_BLOBS {
            out.push(&todo[start..=k]);
            start = k + 1;
            sum = 0;
        }
    }
    if start < todo.len() {
        out.push(&todo[start..]);
    }
    out
}

struct Walker<'r> {
    repo: &'r GitRepo,
    opts: &'r WalkOptions,
    pool: rayon::ThreadPool,
    state: PlanState,
    /// Parsed blobs by entry (blob id and kind); pruned after each batch to the ones the
    /// state still holds.
    parsed: HashMap<Entry, Arc<FileEntities>>,
    /// Parsed documents by their text; pruned likewise.
    chunks: HashMap<String, Arc<Chunk>>,
    series: SeriesBuilder,
}

impl Walker<'_> {
    /// Loads the plan of `commit` as the starting state, without recording changes.
    fn seed(&mut self, commit: &CommitInfo) -> Result<(), HistoryError> {
        let mut files = std::collections::BTreeMap::new();
        for root in &self.opts.roots {
            if let Some(entry) = self.repo.entry_at(commit.tree, root)? {
                self.repo.list_files(root, entry, &mut files)?;
            }
        }
        let changes: Vec<FileChange> = files
            .into_iter()
            .map(|(path, entry)| FileChange {
                path,
                old: None,
                new: Some(entry),
            })
            .collect();
        self.parse_new(changes.iter())?;
        for change in &changes {
            let entities = change.new.and_then(|e| self.parsed.get(&e).cloned());
            if let Some(file) = &entities {
                for e in file.entities() {
                    self.series.seed(e);
                }
            }
            self.state.replace(&change.path, entities);
        }
        Ok(())
    }

    /// Reads and parses every new file version not parsed yet: each file is cut into its
    /// documents, and only documents whose text was not seen before are parsed, in
    /// parallel. A file that cannot be cut, or a piece the loader refuses, is parsed
    /// whole so that it reads exactly as the loader reads it.
    fn parse_new<'c>(
        &mut self,
        changes: impl Iterator<Item = &'c FileChange>,
    ) -> Result<(), HistoryError> {
        let mut blobs: Vec<(Entry, String, FileContent)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for change in changes {
            let Some(entry) = change.new else { continue };
            if self.parsed.contains_key(&entry) || !seen.insert(entry) {
                continue;
            }
            // Limits apply per file here: a walk reads each version once, not a
            // revision's worth of files at a time.
            let mut total = 0;
            let content = self.repo.read_file(entry, &self.opts.limits, &mut total);
            blobs.push((entry, self.repo.shown(&change.path), content));
        }
        // Pieces of text to parse, each once.
        let mut wanted: Vec<(String, String)> = Vec::new();
        let mut pieces_of: Vec<Option<Vec<String>>> = Vec::with_capacity(blobs.len());
        let mut queued = std::collections::HashSet::new();
        for (_, path, content) in &blobs {
            let pieces = match content {
                FileContent::Bytes(bytes) => split_documents(bytes),
                FileContent::Refused(_) => None,
            };
            let pieces = pieces.map(|p| p.into_iter().map(str::to_owned).collect::<Vec<_>>());
            for piece in pieces.iter().flatten() {
                if !self.chunks.contains_key(piece) && queued.insert(piece.clone()) {
                    wanted.push((path.clone(), piece.clone()));
                }
            }
            pieces_of.push(pieces);
        }
        let limits = self.opts.limits;
        let parsed: Vec<(String, Chunk)> = self.pool.install(|| {
            wanted
                .into_par_iter()
                .map(|(path, text)| {
                    let chunk = Chunk::parse(raw(&path, &text), &limits);
                    (text, chunk)
                })
                .collect()
        });
        for (text, chunk) in parsed {
            self.chunks.insert(text, Arc::new(chunk));
        }
        let mut whole = Vec::new();
        for ((entry, path, content), pieces) in blobs.into_iter().zip(pieces_of) {
            let chunks: Option<Vec<Arc<Chunk>>> = pieces.and_then(|pieces| {
                pieces
                    .iter()
                    .map(|p| self.chunks.get(p).cloned())
                    .collect::<Option<Vec<_>>>()
                    .filter(|c| c.iter().all(|c| c.problems.is_empty()))
            });
            match chunks {
                Some(chunks) => {
                    self.parsed.insert(entry, Arc::new(FileEntities { chunks }));
                }
                None => whole.push((entry, RawFile { path, content })),
            }
        }
        let files: Vec<(Entry, FileEntities)> = self.pool.install(|| {
            whole
                .into_par_iter()
                .map(|(entry, raw)| (entry, FileEntities::whole(raw, &limits)))
                .collect()
        });
        for (entry, file) in files {
            self.parsed.insert(entry, Arc::new(file));
        }
        Ok(())
    }

    /// Applies one commit's file changes to the state; returns what it changed.
    fn apply(&mut self, commit: &CommitInfo, changes: &[FileChange]) -> Option<CommitChanges> {
        let mut touched: BTreeSet<(u8, Id)> = BTreeSet::new();
        let mut problems = Vec::new();
        let mut replacements = Vec::with_capacity(changes.len());
        for change in changes {
            if let Some(old) = self.state.file(&change.path) {
                touched.extend(old.entities().map(|e| (rank(e.kind()), e.id().clone())));
                touched.extend(old.declared().map(|id| (3, id.clone())));
            }
            let new = change.new.and_then(|e| self.parsed.get(&e).cloned());
            if let Some(file) = &new {
                touched.extend(file.entities().map(|e| (rank(e.kind()), e.id().clone())));
                touched.extend(file.declared().map(|id| (3, id.clone())));
                problems.extend(file.problems().map(|m| FileProblem {
                    path: self.repo.shown(&change.path),
                    message: m.clone(),
                }));
            }
            replacements.push((change.path.as_str(), new));
        }
        let before: Vec<Option<Located>> =
            touched.iter().map(|(_, id)| self.state.locate(id)).collect();
        for (path, new) in replacements {
            self.state.replace(path, new);
        }
        let hex = commit.hex();
        let stamp = Stamp {
            commit: &hex,
            date: &commit.date,
            day: commit.day,
            author: &commit.author,
        };
        let mut record = CommitChanges {
            commit: hex.clone(),
            author: commit.author.clone(),
            date: commit.date.clone(),
            subject: commit.subject.clone(),
            parents: commit.parent_count,
            changes: Vec::new(),
            moves: Vec::new(),
            problems,
        };
        let mut done = std::collections::HashSet::new();
        for ((_, id), before) in touched.iter().zip(before) {
            if !done.insert(id) {
                continue;
            }
            let after = self.state.locate(id);
            // The same parsed document before and after, in the same file: unchanged.
            let same_text = match (&before, &after) {
                (Some(b), Some(a)) => match (b.chunk(id), a.chunk(id)) {
                    (Some(x), Some(y)) => Arc::ptr_eq(x, y),
                    _ => false,
                },
                _ => false,
            };
            if same_text && before.as_ref().map(|b| &b.path) == after.as_ref().map(|a| &a.path) {
                continue;
            }
            let old = before.as_ref().and_then(|l| l.entity(id));
            let new = after.as_ref().and_then(|l| l.entity(id));
            self.series.observe(stamp, old, new);
            if !self.opts.changes {
                continue;
            }
            let mut changes = diff_entity(old, new);
            if let Some(wanted) = &self.opts.entity {
                changes.retain(|c| c.concerns(wanted) || holds_key_result(c, old, new, wanted));
            }
            record.changes.extend(changes);
            if let (Some(b), Some(a), Some(o), Some(n)) = (&before, &after, old, new) {
                let wanted = self.opts.entity.as_deref().is_none_or(|w| w == id.as_str());
                if b.path != a.path && o.kind() == n.kind() && wanted {
                    record.moves.push(Move {
                        id: id.clone(),
                        kind: n.kind(),
                        from: self.repo.shown(&b.path),
                        to: self.repo.shown(&a.path),
                    });
                }
            }
        }
        Some(record)
    }
}

/// An objective added or removed whole carries its key results: it concerns them too.
fn holds_key_result(
    change: &EntityChange,
    old: Option<EntityRef>,
    new: Option<EntityRef>,
    kr: &str,
) -> bool {
    let has = |e: Option<EntityRef>| match e {
        Some(EntityRef::Objective(o)) => o.key_results.iter().any(|k| k.id.as_str() == kr),
        _ => false,
    };
    change.kind == crate::model::EntityKind::Objective && change.fields.is_empty() && (has(old) || has(new))
}
