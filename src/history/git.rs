//! The repository: found from the plan root, revisions resolved to commits, commits
//! read into plain [`CommitInfo`], the first-parent chain, and the shallow boundary.
//!
//! Never shells out to `git`: everything is read from the object database with gix.

use std::collections::HashSet;
use std::path::Path;

use gix::ObjectId;
use jiff::civil::Date;

use super::{HistoryError, git_error, is_out_of_memory};

mod dates;
mod handles;

use dates::{format_time, local_day};

pub use handles::{forget_thread_repos, tune, with_thread_repo};

/// An open repository and where the plan root sits in its work tree.
pub struct GitRepo {
    repo: gix::Repository,
    /// The same repository for other threads (the walk reads blobs in parallel).
    sync: gix::ThreadSafeRepository,
    /// The plan root relative to the work tree, with `/`, ending in `/` ("" at the top).
    prefix: String,
    /// Commits whose parents this (shallow) clone does not have.
    shallow: HashSet<ObjectId>,
}

impl std::fmt::Debug for GitRepo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GitRepo")
            .field("git_dir", &self.repo.git_dir())
            .field("prefix", &self.prefix)
            .finish()
    }
}

/// One commit, decoded.
#[derive(Debug, Clone)]
pub struct CommitInfo {
    pub id: ObjectId,
    pub tree: ObjectId,
    /// The first parent; `None` for a root commit (or at a shallow boundary, see
    /// [`Chain::truncated_at`]).
    pub parent: Option<ObjectId>,
    pub parent_count: usize,
    /// `Name <email>`.
    pub author: String,
    /// The author date, ISO 8601 with the author's offset.
    pub date: String,
    /// The author date as a calendar day in the author's time zone.
    pub day: Date,
    /// Seconds since the epoch (author date), for ordering.
    pub seconds: i64,
    /// The first line of the message.
    pub subject: String,
}

impl CommitInfo {
    pub fn hex(&self) -> String {
        self.id.to_string()
    }
}

/// How many commits in a row, authored and committed before the day a chain reads
/// from, end it. Along first parents each commit is committed after its parent, so the
/// first such commit would do; a few more, as `git log --since` allows, keep a clock
/// set wrong on one machine from ending the chain short. A commit rebased onto the
/// branch keeps its old author date but is committed anew: it does not end the chain.
const CHAIN_SLOP: usize = 5;

/// The first-parent chain of a commit, newest first.
#[derive(Debug, Clone)]
pub struct Chain {
    pub commits: Vec<CommitInfo>,
    /// The last commit of the chain when its parents are missing from a shallow clone.
    pub truncated_at: Option<ObjectId>,
}

impl GitRepo {
    /// Finds the repository that holds `root` (the folder of bearing.yaml), walking up
    /// as git does.
    pub fn discover(root: &Path) -> Result<GitRepo, HistoryError> {
        let mut repo = match gix::discover(root) {
            Ok(repo) => repo,
            Err(gix::discover::Error::Discover(_)) => {
                return Err(HistoryError::NotARepository {
                    path: root.to_path_buf(),
                });
            }
            Err(e) => return Err(git_error(e)),
        };
        tune(&mut repo);
        let Some(workdir) = repo.workdir() else {
            return Err(HistoryError::Bare {
                path: repo.git_dir().to_path_buf(),
            });
        };
        let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        let (root_c, workdir_c) = (canonical(root), canonical(workdir));
        let Ok(relative) = root_c.strip_prefix(&workdir_c) else {
            return Err(HistoryError::Outside {
                root: root.to_path_buf(),
                workdir: workdir.to_path_buf(),
            });
        };
        let mut prefix = relative.to_string_lossy().replace('\\', "/");
        if !prefix.is_empty() && !prefix.ends_with('/') {
            prefix.push('/');
        }
        let shallow = match repo.shallow_commits() {
            Ok(Some(commits)) => commits.iter().copied().collect(),
            Ok(None) => HashSet::new(),
            Err(e) => return Err(git_error(e)),
        };
        Ok(GitRepo {
            sync: repo.clone().into_sync(),
            repo,
            prefix,
            shallow,
        })
    }

    pub fn repo(&self) -> &gix::Repository {
        &self.repo
    }

    /// A handle other threads can open the repository from.
    pub fn sync(&self) -> &gix::ThreadSafeRepository {
        &self.sync
    }

    /// The plan root relative to the work tree ("" or ending in `/`).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The path of a file or folder of the work tree, relative to the top of it.
    pub fn relative_to_top(&self, path: &Path) -> Option<String> {
        let workdir = self.repo.workdir()?;
        let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        let rel = canonical(path)
            .strip_prefix(canonical(workdir))
            .ok()?
            .to_string_lossy()
            .replace('\\', "/");
        Some(rel)
    }

    pub fn is_shallow(&self) -> bool {
        !self.shallow.is_empty()
    }

    /// The commit `HEAD` points at (a branch or a detached HEAD).
    pub fn head(&self) -> Result<ObjectId, HistoryError> {
        let head = self.repo.head().map_err(git_error)?;
        if head.is_unborn() {
            return Err(HistoryError::Empty);
        }
        self.resolve("HEAD")
    }

    /// Resolves any revision gix understands (`origin/main`, `HEAD~3`, a tag, a full or
    /// short hash) to a commit. A revision missing from a shallow clone is said to be so.
    pub fn resolve(&self, rev: &str) -> Result<ObjectId, HistoryError> {
        if rev == "HEAD" && self.repo.head().is_ok_and(|h| h.is_unborn()) {
            return Err(HistoryError::Empty);
        }
        let id = match self.repo.rev_parse_single(rev) {
            Ok(id) => id,
            Err(e) => {
                if self.is_shallow() {
                    return Err(HistoryError::Shallow {
                        rev: rev.to_owned(),
                        boundary: self.boundary_text(),
                    });
                }
                // gix says "malformed" or "traverse failed" when it could not map a
                // pack; reading HEAD's commit again brings the cause to light.
                if self
                    .repo
                    .head_id()
                    .is_err_and(|probe| is_out_of_memory(&probe))
                {
                    return Err(HistoryError::OutOfMemory);
                }
                // HEAD names a commit git cannot give back: the database is damaged or
                // incomplete, or memory ran out mapping it; either way not an unknown name.
                if let Some(head) = self.repo.head().ok().and_then(|h| h.id()) {
                    if !self.repo.has_object(head) {
                        return Err(HistoryError::MissingHead {
                            commit: short(&head.detach()),
                        });
                    }
                }
                return Err(HistoryError::UnknownRevision {
                    rev: rev.to_owned(),
                    message: first_line(&e.to_string()),
                });
            }
        };
        let object = id.object().map_err(|e| {
            if self.is_shallow() {
                HistoryError::Shallow {
                    rev: rev.to_owned(),
                    boundary: self.boundary_text(),
                }
            } else {
                git_error(e)
            }
        })?;
        let commit = object
            .peel_to_commit()
            .map_err(|_| HistoryError::NotACommit {
                rev: rev.to_owned(),
            })?;
        Ok(commit.id)
    }

    fn boundary_text(&self) -> String {
        let mut ids: Vec<String> = self.shallow.iter().map(short).collect();
        ids.sort();
        ids.join("`, `")
    }

    /// Reads one commit. One git cannot read or decode is named in the error: which
    /// commit is what `git fsck` and the reader need to know (found by the history
    /// fuzz target; docs/threat-model.md G8).
    pub fn commit(&self, id: ObjectId) -> Result<CommitInfo, HistoryError> {
        Ok(self.commit_and_committer_day(id)?.0)
    }

    /// [`GitRepo::commit`], and the day it was committed in the committer's time zone
    /// (`None` when the committer line does not read: it is not needed otherwise).
    fn commit_and_committer_day(
        &self,
        id: ObjectId,
    ) -> Result<(CommitInfo, Option<Date>), HistoryError> {
        let unreadable =
            |e: &dyn std::fmt::Display| git_error(format!("commit {}: {e}", short(&id)));
        let commit = self.repo.find_commit(id).map_err(|e| unreadable(&e))?;
        let decoded = commit.decode().map_err(|e| unreadable(&e))?;
        let committed = decoded
            .committer()
            .ok()
            .and_then(|c| c.time().ok())
            .and_then(|t| local_day(t.seconds, t.offset));
        let parents: Vec<ObjectId> = decoded.parents().collect();
        let author = decoded.author().map_err(|e| unreadable(&e))?;
        let time = author.time().map_err(|e| unreadable(&e))?;
        let (date, day) = format_time(time.seconds, time.offset);
        let name = author.name.to_string();
        let email = author.email.to_string();
        let info = CommitInfo {
            id,
            tree: decoded.tree(),
            parent: parents.first().copied(),
            parent_count: parents.len(),
            author: format!("{} <{}>", name.trim(), email.trim()),
            date,
            day,
            seconds: time.seconds,
            subject: first_line(&decoded.message().title.to_string()),
        };
        Ok((info, committed))
    }

    /// Tags whose short name (`review/2026-q3`) matches `pattern`, a glob where `*` is
    /// any run of characters and `?` one, each with the commit it points at. A tag that
    /// points at no commit (a tree, a blob) is left out.
    pub fn tags_matching(&self, pattern: &str) -> Result<Vec<(String, ObjectId)>, HistoryError> {
        let references = self.repo.references().map_err(git_error)?;
        let mut out = Vec::new();
        for reference in references.tags().map_err(git_error)? {
            let mut reference = reference.map_err(git_error)?;
            let name = reference.name().shorten().to_string();
            if !glob_matches(pattern, &name) {
                continue;
            }
            if let Ok(commit) = reference.peel_to_commit() {
                out.push((name, commit.id));
            }
        }
        out.sort();
        Ok(out)
    }

    /// The chain of first parents from `start` back to the root commit or the shallow
    /// boundary, newest first. Only commits are read here, never trees. With `from`, it
    /// ends sooner, with the commits of the days before `from` that end it (see
    /// [`CHAIN_SLOP`]): a walk that reads history from that day on needs no older one,
    /// and on a long history reading every commit cost more than the walk itself
    /// (5,000 commits: 28 ms of CPU in a check that read 180 of them).
    pub fn first_parent_chain(
        &self,
        start: ObjectId,
        from: Option<Date>,
    ) -> Result<Chain, HistoryError> {
        let mut commits = Vec::new();
        let mut next = Some(start);
        let mut truncated_at = None;
        // Commits in a row wholly before `from`, authored and committed.
        let mut before = 0;
        while let Some(id) = next {
            let (info, committed) = self.commit_and_committer_day(id)?;
            next = info.parent;
            if self.shallow.contains(&id) {
                truncated_at = Some(id);
                next = None;
            }
            if let Some(from) = from {
                let wholly_before = info.day < from && committed.is_some_and(|day| day < from);
                before = if wholly_before { before + 1 } else { 0 };
                if before == CHAIN_SLOP {
                    next = None;
                }
            }
            commits.push(info);
        }
        if let (Some(last), Some(_)) = (commits.last_mut(), truncated_at) {
            last.parent = None;
        }
        Ok(Chain {
            commits,
            truncated_at,
        })
    }
}

/// Whether `text` matches `pattern`: `*` any run of characters (`/` included), `?` any one.
pub fn glob_matches(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    // The classic two-pointer match with one backtrack point: linear in practice, and
    // never exponential however many stars a hostile pattern has.
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// The first seven hex digits, as git shows them.
pub fn short(id: &ObjectId) -> String {
    let mut hex = id.to_string();
    hex.truncate(7);
    hex
}

fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or("").trim().to_owned()
}

/// The id git gives `bytes` as a blob (SHA-1, the only object format bearing reads): a
/// work-tree file with the id of a blob in history holds that blob's text, so what was
/// parsed of one stands for the other.
pub fn blob_id(bytes: &[u8]) -> Option<ObjectId> {
    use sha1::Digest;
    // Git's blob id: SHA-1 of a header and the bytes. Without gix's collision
    // detection: an id computed here only finds a blob git stored, and git detected
    // collisions when it stored it; a match only spares parsing the same text again.
    let mut hasher = sha1::Sha1::new();
    hasher.update(format!("blob {}\0", bytes.len()));
    hasher.update(bytes);
    Some(ObjectId::from_bytes_or_panic(hasher.finalize().as_slice()))
}

#[cfg(test)]
mod tests;
