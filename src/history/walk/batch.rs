//! The walk's batches of commits: the trees each commit changed, compared ahead on a
//! thread of their own, and the file versions each batch needs, read and parsed on the
//! pool while the walk applies the previous batch.

use super::*;

/// Documents parsed per batch: enough to keep both cores busy, few enough to bound
/// memory and to start the pipeline early.
pub(super) const BATCH_BLOBS: usize = 384;

/// The plan files each commit of a batch changes, against its first parent.
pub(super) type Compared = Result<Vec<(usize, Vec<FileChange>)>, HistoryError>;

/// Compares the plan roots of each commit of `batch` with its parent's, subtree by
/// subtree (`trees` keeps the previous commit's trees, the next one's parent).
pub(super) fn compare_trees(
    repo: &gix::Repository,
    trees: &mut TreeCache,
    paths: &[String],
    roots: &[Vec<Option<Entry>>],
    ids: &[ObjectId],
    batch: &[usize],
) -> Compared {
    let mut per_commit = Vec::with_capacity(batch.len());
    for &i in batch {
        let mut changes = Vec::new();
        trees.next_commit();
        for (r, root) in paths.iter().enumerate() {
            let old = i.checked_sub(1).and_then(|p| roots[p][r]);
            diff_entries(repo, trees, root, old, roots[i][r], &mut changes)
                .map_err(|e| e.in_commit(&ids[i]))?;
        }
        changes.sort_by(|a, b| a.path.cmp(&b.path));
        changes.dedup_by(|a, b| a.path == b.path);
        per_commit.push((i, changes));
    }
    Ok(per_commit)
}

/// Splits the commits to process into batches. The first commit may add the whole plan:
/// it gets a batch of its own; later commits touch a file or two each. Applying that
/// first commit is the longest step of the main thread, so the batch parsed meanwhile
/// is three times the others: the pool stays busy instead of waiting for it.
pub(super) fn batches(todo: &[usize]) -> Vec<&[usize]> {
    let mut out = Vec::new();
    if let Some((head, rest)) = todo.split_first() {
        out.push(std::slice::from_ref(head));
        let (second, rest) = rest.split_at(rest.len().min(3 * BATCH_BLOBS / 2));
        if !second.is_empty() {
            out.push(second);
        }
        out.extend(rest.chunks(BATCH_BLOBS / 2));
    }
    out
}

/// A batch of commits with the file versions they bring.
#[derive(Default)]
pub(super) struct Batch {
    pub(super) commits: Vec<(usize, Vec<FileChange>)>,
    /// Versions parsed before, held so that pruning keeps them until they are applied.
    pub(super) ready: Vec<(Entry, Arc<FileEntities>)>,
    /// Versions to read and parse.
    pub(super) wanted: Vec<Entry>,
}

/// What the parsing thread hands back: file versions, and the documents it parsed.
pub(super) struct ParsedBatch {
    pub(super) files: Vec<(Entry, FileEntities)>,
    pub(super) fresh: Vec<(Arc<str>, Arc<Piece>)>,
}

pub(super) fn read_and_parse(
    sync: &gix::ThreadSafeRepository,
    wanted: Vec<Entry>,
    cache: &ChunkCache,
    limits: &Limits,
    only: Option<&str>,
) -> ParsedBatch {
    let read: Vec<(Entry, FileContent)> = wanted
        .into_par_iter()
        .map(|entry| {
            // Limits apply per file here: a walk reads each version once, not a
            // revision's worth of files at a time.
            let mut total = 0;
            let content = with_thread_repo(sync, |repo| read_blob(repo, entry, limits, &mut total));
            (entry, content)
        })
        .collect();
    let (files, fresh) = parse_versions(read, cache, limits, only);
    ParsedBatch { files, fresh }
}
