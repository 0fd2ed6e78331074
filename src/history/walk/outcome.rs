//! What a walk finds: each commit's changes, the file versions it could not read, and
//! the value series.

use super::*;

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

/// A file version a walk could not read from git.
#[derive(Debug, Clone)]
pub struct Damaged {
    /// The commit that brought it, short.
    pub commit: String,
    pub date: String,
    pub path: String,
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
    pub head_currents: foldhash::HashMap<Id, f64>,
    /// File versions git could not read (a missing or corrupt object), oldest first.
    pub damaged: Vec<Damaged>,
    /// With `read_from`: the key results that had a value where the walk began (their
    /// `current` last changed before that day, unless a point says later).
    pub valued_at_start: foldhash::HashSet<Id>,
    /// Every version the walk parsed, handed back rather than freed as the walk ends.
    pub parsed: ParsedVersions,
}

/// What a walk parsed. It is handed back with the history instead of being freed as the
/// walk ends: freeing every version one by one is about 4% of a `bearing log` of a long
/// history, and a command that exits next need not do it (see
/// `cli::common::exit_without_freeing`). Dropping it frees it as usual.
#[derive(Default)]
pub struct ParsedVersions {
    pub(super) _state: PlanState,
    pub(super) _files: KnownFiles,
    pub(super) _cache: Arc<ChunkCache>,
}

impl std::fmt::Debug for ParsedVersions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ParsedVersions { .. }")
    }
}
