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

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use gix::ObjectId;
use jiff::civil::Date;
use rayon::prelude::*;
use serde::Serialize;

use super::diff::{EntityChange, Move, diff_entity, rank};
use super::git::{CommitInfo, GitRepo};
use super::series::{Series, SeriesBuilder, Stamp};
use super::state::{
    Chunk, ChunkCache, EntityRef, FileEntities, Located, PlanState, raw, split_documents,
};
use super::tree::{Entry, FileChange, TreeCache};
use super::{HistoryError, git_error};
use crate::config::Limits;
use crate::load::{FileContent, RawFile};
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

/// Documents parsed per batch: enough to keep both cores busy, few enough to bound
/// memory and to start the pipeline early.
const BATCH_BLOBS: usize = 384;

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
            let shown: Vec<usize> = (lo..=hi)
                .filter(|&i| changed[i] && in_window(&commits[i]))
                .collect();
            if let Some(&from) = shown.len().checked_sub(n).and_then(|k| shown.get(k)) {
                first = from;
            }
        }
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .stack_size(crate::yaml::parse::stack_size_for(&opts.limits.yaml))
        .build()
        .map_err(git_error)?;
    let mut walker = Walker {
        repo,
        opts,
        state: PlanState::default(),
        parsed: HashMap::new(),
        chunks: ChunkCache::default(),
        inflight: TextSet::default(),
        series: SeriesBuilder::default(),
    };
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
        walker.seed(&commits[at], &pool)?;
    }

    let todo: Vec<usize> = (first..=hi).filter(|&i| changed[i]).collect();
    let batches = batches(&todo);
    let total = todo.len();
    let mut done = 0;
    let limits = opts.limits;
    // The pipeline: while the pool parses batch k, this thread reads the trees and blobs
    // of batch k + 1, then applies batch k.
    std::thread::scope(|scope| -> Result<(), HistoryError> {
        let mut trees = TreeCache::default();
        let mut diff_batch = |walker: &Walker, batch: &[usize]| -> Result<Prepared, HistoryError> {
            let mut per_commit = Vec::with_capacity(batch.len());
            for &i in batch {
                let mut changes = Vec::new();
                trees.next_commit();
                for (r, root) in opts.roots.iter().enumerate() {
                    let old = i.checked_sub(1).and_then(|p| roots[p][r]);
                    repo.diff_entries(&mut trees, root, old, roots[i][r], &mut changes)?;
                }
                changes.sort_by(|a, b| a.path.cmp(&b.path));
                changes.dedup_by(|a, b| a.path == b.path);
                per_commit.push((i, changes));
            }
            Ok(walker.prepare(per_commit))
        };
        let mut pending = match batches.first() {
            Some(b) => Some(diff_batch(&walker, b)?),
            None => None,
        };
        let mut job = None;
        if let Some(p) = pending.as_mut() {
            walker.inflight = p.wanted.iter().map(|(_, t)| t.clone()).collect();
            job = Some(spawn_parse(scope, &pool, std::mem::take(&mut p.wanted), limits));
        }
        for k in 0..batches.len() {
            let mut current = pending.take();
            let mut following = match batches.get(k + 1) {
                Some(b) => Some(diff_batch(&walker, b)?),
                None => None,
            };
            let fresh = match job.take() {
                Some(handle) => handle
                    .join()
                    .map_err(|_| HistoryError::Git("a parser thread stopped".to_owned()))?,
                None => Vec::new(),
            };
            walker.store(fresh);
            if let Some(f) = &mut following {
                f.resolve(&walker.chunks);
                walker.inflight = f.wanted.iter().map(|(_, t)| t.clone()).collect();
                job = Some(spawn_parse(scope, &pool, std::mem::take(&mut f.wanted), limits));
            }
            if let Some(batch) = current.take() {
                for (i, changes) in walker.finish(batch) {
                    history.plan_commits += 1;
                    let c = &commits[i];
                    let record = walker.apply(c, &changes);
                    if in_window(c) && opts.changes && keep(&record, opts) {
                        history.commits.push(record);
                    }
                    done += 1;
                    progress(done, total);
                }
            }
            walker.prune();
            pending = following;
        }
        Ok(())
    })?;
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
        for e in file.entities() {
            if let EntityRef::Objective(o) = e {
                for kr in &o.key_results {
                    if let Some(value) = kr.metric.current {
                        history.head_currents.entry(kr.id.clone()).or_insert(value);
                    }
                }
            }
        }
    }
    history.series = walker
        .series
        .finish(|objective| state.locate(objective).map(|l| l.path));
    Ok(history)
}

/// Whether a commit's record is worth showing.
fn keep(record: &CommitChanges, opts: &WalkOptions) -> bool {
    match &opts.entity {
        Some(_) => !record.changes.is_empty() || !record.moves.is_empty(),
        None => true,
    }
}

/// Splits the commits to process into batches. The first commit may add the whole plan:
/// it gets a batch of its own; later commits touch a file or two each.
fn batches(todo: &[usize]) -> Vec<&[usize]> {
    let mut out = Vec::new();
    if let Some((head, rest)) = todo.split_first() {
        out.push(std::slice::from_ref(head));
        out.extend(rest.chunks(BATCH_BLOBS / 2));
    }
    out
}

/// A piece of a file version: parsed already, or waiting for the parser.
enum Piece {
    Parsed(Arc<Chunk>),
    Waiting(Arc<str>),
}

/// A file version read and cut, before its pieces are all parsed.
enum Version {
    /// Parsed before (held here so that pruning keeps it until it is applied).
    Ready(Arc<FileEntities>),
    Pieces(Vec<Piece>),
    Whole(FileContent),
}

/// A batch of commits whose trees and blobs are read, with the document texts it still
/// needs parsed.
#[derive(Default)]
struct Prepared {
    commits: Vec<(usize, Vec<FileChange>)>,
    versions: Vec<(Entry, String, Version)>,
    wanted: Vec<(String, Arc<str>)>,
}

impl Prepared {
    /// Picks up pieces another batch has parsed since this one was read.
    fn resolve(&mut self, cache: &ChunkCache) {
        for (_, _, version) in &mut self.versions {
            if let Version::Pieces(pieces) = version {
                for piece in pieces.iter_mut() {
                    if let Piece::Waiting(text) = piece {
                        if let Some(chunk) = cache.get(&**text) {
                            *piece = Piece::Parsed(chunk.clone());
                        }
                    }
                }
            }
        }
    }
}

type Fresh = Vec<(Arc<str>, Chunk)>;

/// Parses document texts on the pool, from a thread of its own so that the caller can
/// go on reading git.
fn spawn_parse<'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    pool: &'scope rayon::ThreadPool,
    wanted: Vec<(String, Arc<str>)>,
    limits: Limits,
) -> std::thread::ScopedJoinHandle<'scope, Fresh> {
    scope.spawn(move || {
        pool.install(|| {
            wanted
                .into_par_iter()
                .map(|(path, text)| {
                    let chunk = Chunk::parse(raw(&path, &text), &limits);
                    (text, chunk)
                })
                .collect()
        })
    })
}

struct Walker<'r> {
    repo: &'r GitRepo,
    opts: &'r WalkOptions,
    state: PlanState,
    /// Parsed file versions by entry (blob id and kind).
    parsed: HashMap<Entry, Arc<FileEntities>>,
    /// Parsed documents by their text.
    chunks: ChunkCache,
    /// Document texts the parser is working on (the batch before the one read now).
    inflight: TextSet,
    series: SeriesBuilder,
}

type TextSet = HashSet<Arc<str>, std::hash::BuildHasherDefault<super::state::TextHasher>>;

impl Walker<'_> {
    /// Loads the plan of `commit` as the starting state, without recording changes.
    fn seed(&mut self, commit: &CommitInfo, pool: &rayon::ThreadPool) -> Result<(), HistoryError> {
        let mut files = BTreeMap::new();
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
        let mut prepared = self.prepare(vec![(0, changes)]);
        let wanted = std::mem::take(&mut prepared.wanted);
        let limits = self.opts.limits;
        let fresh: Fresh = pool.install(|| {
            wanted
                .into_par_iter()
                .map(|(path, text)| {
                    let chunk = Chunk::parse(raw(&path, &text), &limits);
                    (text, chunk)
                })
                .collect()
        });
        self.store(fresh);
        for (_, changes) in self.finish(prepared) {
            for change in changes {
                let file = change.new.and_then(|e| self.parsed.get(&e).cloned());
                if let Some(file) = &file {
                    for e in file.entities() {
                        self.series.seed(e);
                    }
                }
                self.state.replace(&change.path, file);
            }
        }
        Ok(())
    }

    /// Reads the new file versions of a batch and cuts them into documents; documents
    /// not parsed before (nor waiting in this batch) are listed for the parser.
    fn prepare(&self, commits: Vec<(usize, Vec<FileChange>)>) -> Prepared {
        let mut prepared = Prepared::default();
        let mut seen = HashSet::new();
        let mut queued = TextSet::default();
        for (_, changes) in &commits {
            for change in changes {
                let Some(entry) = change.new else { continue };
                if !seen.insert(entry) {
                    continue;
                }
                if let Some(file) = self.parsed.get(&entry) {
                    let version = Version::Ready(file.clone());
                    prepared.versions.push((entry, String::new(), version));
                    continue;
                }
                let path = self.repo.shown(&change.path);
                // Limits apply per file here: a walk reads each version once, not a
                // revision's worth of files at a time.
                let mut total = 0;
                let content = self.repo.read_file(entry, &self.opts.limits, &mut total);
                let pieces = match &content {
                    FileContent::Bytes(bytes) => split_documents(bytes),
                    FileContent::Refused(_) => None,
                };
                let version = match pieces {
                    Some(pieces) => Version::Pieces(
                        pieces
                            .into_iter()
                            .map(|text| match self.chunks.get(text) {
                                Some(chunk) => Piece::Parsed(chunk.clone()),
                                None if self.inflight.contains(text) => {
                                    Piece::Waiting(Arc::from(text))
                                }
                                None => {
                                    let text: Arc<str> = Arc::from(text);
                                    if queued.insert(text.clone()) {
                                        prepared.wanted.push((path.clone(), text.clone()));
                                    }
                                    Piece::Waiting(text)
                                }
                            })
                            .collect(),
                    ),
                    None => Version::Whole(content),
                };
                prepared.versions.push((entry, path, version));
            }
        }
        prepared.commits = commits;
        prepared
    }

    /// Adds freshly parsed documents to the cache.
    fn store(&mut self, fresh: Fresh) {
        self.inflight.clear();
        for (text, chunk) in fresh {
            self.chunks.entry(text).or_insert_with(|| Arc::new(chunk));
        }
    }

    /// Puts a batch's file versions together from their parsed pieces (a file whose
    /// pieces the loader refused is parsed whole, as the loader reads it) and hands
    /// back its commits.
    fn finish(&mut self, prepared: Prepared) -> Vec<(usize, Vec<FileChange>)> {
        let mut whole = Vec::new();
        for (entry, path, version) in prepared.versions {
            match version {
                Version::Ready(file) => {
                    self.parsed.insert(entry, file);
                }
                Version::Pieces(pieces) => {
                    let chunks: Option<Vec<Arc<Chunk>>> = pieces
                        .iter()
                        .map(|p| match p {
                            Piece::Parsed(c) => Some(c.clone()),
                            Piece::Waiting(text) => self.chunks.get(&**text).cloned(),
                        })
                        .collect();
                    match chunks.filter(|c| c.iter().all(|c| c.problems.is_empty())) {
                        Some(chunks) => {
                            self.parsed.insert(entry, Arc::new(FileEntities { chunks }));
                        }
                        None => whole.push((entry, path)),
                    }
                }
                Version::Whole(content) => {
                    let file = FileEntities::whole(RawFile { path, content }, &self.opts.limits);
                    self.parsed.insert(entry, Arc::new(file));
                }
            }
        }
        // Rare: a file whose documents do not all parse on their own. Read it again and
        // parse it whole.
        let limits = self.opts.limits;
        let redo: Vec<(Entry, RawFile)> = whole
            .into_iter()
            .map(|(entry, path)| {
                let mut total = 0;
                let content = self.repo.read_file(entry, &limits, &mut total);
                (entry, RawFile { path, content })
            })
            .collect();
        // Not on the walk's pool: it is busy with the next batch, and waiting for it
        // would stall the pipeline (the loader brings its own threads).
        for (entry, raw) in redo {
            let file = FileEntities::whole(raw, &limits);
            self.parsed.insert(entry, Arc::new(file));
        }
        prepared.commits
    }

    /// Forgets parsed files and documents the state no longer holds.
    fn prune(&mut self) {
        self.parsed.retain(|_, a| Arc::strong_count(a) > 1);
        self.chunks.retain(|_, a| Arc::strong_count(a) > 1);
    }

    /// Applies one commit's file changes to the state; returns what it changed.
    fn apply(&mut self, commit: &CommitInfo, changes: &[FileChange]) -> CommitChanges {
        let mut touched: BTreeSet<(u8, Id)> = BTreeSet::new();
        let mut problems = Vec::new();
        let mut replacements = Vec::with_capacity(changes.len());
        for change in changes {
            let old = self.state.file(&change.path).cloned();
            let new = change.new.and_then(|e| self.parsed.get(&e).cloned());
            // Only documents that are not the very same parse before and after can
            // change an entity (or shadow one elsewhere): compare those.
            let (before, after): (Vec<&Arc<Chunk>>, Vec<&Arc<Chunk>>) = (
                old.iter().flat_map(|f| f.chunks.iter()).collect(),
                new.iter().flat_map(|f| f.chunks.iter()).collect(),
            );
            let kept = |c: &Arc<Chunk>, other: &[&Arc<Chunk>]| other.iter().any(|o| Arc::ptr_eq(c, o));
            for c in before.iter().filter(|c| !kept(c, &after)) {
                touched.extend(c.entities().map(|e| (rank(e.kind()), e.id().clone())));
                touched.extend(c.declared.iter().map(|id| (3, id.clone())));
            }
            for c in after.iter().filter(|c| !kept(c, &before)) {
                touched.extend(c.entities().map(|e| (rank(e.kind()), e.id().clone())));
                touched.extend(c.declared.iter().map(|id| (3, id.clone())));
            }
            if let Some(file) = &new {
                problems.extend(file.problems().map(|m| FileProblem {
                    path: self.repo.shown(&change.path),
                    message: m.clone(),
                }));
            }
            replacements.push((change.path.as_str(), new));
        }
        let ids: Vec<&Id> = {
            let mut seen = HashSet::new();
            touched.iter().map(|(_, id)| id).filter(|id| seen.insert(*id)).collect()
        };
        let before: Vec<Option<Located>> = ids.iter().map(|id| self.state.locate(id)).collect();
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
        for (id, before) in ids.into_iter().zip(before) {
            let after = self.state.locate(id);
            let same_path = before.as_ref().map(|b| &b.path) == after.as_ref().map(|a| &a.path);
            // The same parsed document before and after: unchanged.
            let same_text = match (&before, &after) {
                (Some(b), Some(a)) => match (b.chunk(id), a.chunk(id)) {
                    (Some(x), Some(y)) => Arc::ptr_eq(x, y),
                    _ => false,
                },
                _ => false,
            };
            if same_text && same_path {
                continue;
            }
            let old = before.as_ref().and_then(|l| l.entity(id));
            let new = after.as_ref().and_then(|l| l.entity(id));
            if !same_text {
                self.series.observe(stamp, old, new);
            }
            if !self.opts.changes {
                continue;
            }
            if !same_text {
                let mut changes = diff_entity(old, new);
                if let Some(wanted) = &self.opts.entity {
                    changes.retain(|c| c.concerns(wanted) || holds_key_result(c, old, new, wanted));
                }
                record.changes.extend(changes);
            }
            if let (Some(b), Some(a), Some(o), Some(n)) = (&before, &after, old, new) {
                let wanted = self.opts.entity.as_deref().is_none_or(|w| w == id.as_str());
                if !same_path && o.kind() == n.kind() && wanted {
                    record.moves.push(Move {
                        id: id.clone(),
                        kind: n.kind(),
                        from: self.repo.shown(&b.path),
                        to: self.repo.shown(&a.path),
                    });
                }
            }
        }
        record
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
    change.kind == EntityKind::Objective && change.fields.is_empty() && (has(old) || has(new))
}
