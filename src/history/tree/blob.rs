//! Reading a file version from git: only a regular file within the size limits,
//! and a blob git cannot read named as damaged, never a reason to stop.

use gix::ObjectId;

use super::{Entry, SUBMODULE_REFUSED, SYMLINK_REFUSED};
use crate::config::Limits;
use crate::load::FileContent;

/// A plan file's content from any handle on the repository (the walk reads blobs on
/// several threads), refused without reading when it is not a regular file or is over
/// the size limits. `total` counts the bytes read so far for one revision.
pub fn read_blob(
    repo: &gix::Repository,
    entry: Entry,
    limits: &Limits,
    total: &mut u64,
) -> FileContent {
    match admit_blob(repo, entry, limits, total) {
        Ok(id) => fetch_blob(repo, id),
        Err(refused) => refused,
    }
}

/// Whether a plan file may be read: a regular file within the size limits, its size
/// taken from the object header without inflating the blob (docs/threat-model.md G7). An admitted
/// blob counts towards `total`.
fn admit_blob(
    repo: &gix::Repository,
    entry: Entry,
    limits: &Limits,
    total: &mut u64,
) -> Result<ObjectId, FileContent> {
    let (id, size) = blob_size(repo, entry)?;
    within_limits(id, size, limits, total)
}

/// A regular file's blob and its size from the object header; why not, for anything else.
pub(super) fn blob_size(
    repo: &gix::Repository,
    entry: Entry,
) -> Result<(ObjectId, u64), FileContent> {
    let id = match entry {
        Entry::Blob(id) => id,
        Entry::Link(_) => return Err(FileContent::Refused(SYMLINK_REFUSED.to_owned())),
        Entry::Submodule(_) => return Err(FileContent::Refused(SUBMODULE_REFUSED.to_owned())),
        Entry::Tree(_) => return Err(FileContent::Refused("a folder, not a file".to_owned())),
    };
    match repo.find_header(id) {
        Ok(header) => Ok((id, header.size())),
        Err(e) => Err(damaged(id, e)),
    }
}

/// Admits a blob of `size` bytes if it fits the file limit and what is left of the
/// total, which it then counts towards.
pub(super) fn within_limits(
    id: ObjectId,
    size: u64,
    limits: &Limits,
    total: &mut u64,
) -> Result<ObjectId, FileContent> {
    if size > limits.max_file_bytes {
        return Err(FileContent::Refused(format!(
            "the file is {size} bytes and exceeds the {} limit (`limits.max-file-bytes` in bearing.yaml)",
            crate::format::bytes(limits.max_file_bytes)
        )));
    }
    if total.saturating_add(size) > limits.max_total_bytes {
        return Err(FileContent::OverTotal {
            limit: limits.max_total_bytes,
            count: 0,
        });
    }
    *total += size;
    Ok(id)
}

/// The bytes of an admitted blob.
pub(super) fn fetch_blob(repo: &gix::Repository, id: ObjectId) -> FileContent {
    match repo.find_object(id) {
        Ok(mut object) => FileContent::Bytes(std::mem::take(&mut object.data)),
        Err(e) => damaged(id, e),
    }
}

/// How a file version git cannot give back is refused: a missing or corrupt object is
/// damage to the repository, not a mistake in the plan, and is said so
/// (docs/threat-model.md G8).
const DAMAGED: &str = "git cannot read blob";

fn damaged(id: ObjectId, e: impl std::fmt::Display) -> FileContent {
    FileContent::Refused(format!(
        "{DAMAGED} {}: {e}; the repository is damaged or incomplete: run `git fsck`",
        crate::history::git::short(&id)
    ))
}

/// Whether a refusal is [`damaged`]: the object, not the plan.
pub fn is_damaged(message: &str) -> bool {
    message.starts_with(DAMAGED)
}
