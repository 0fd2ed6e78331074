//! The disk side of reports, and the only file of [`crate::report`] that does I/O:
//! reading a folder of template overrides, and writing the site into its output folder.
//!
//! The output folder may hold anything, planted links included (docs/threat-model.md P3): a file
//! is created with `create_new`, which never opens an existing entry. A name already
//! taken by a page of ours (a regular file with one link, opened without following a
//! symlink) is rewritten in place, or left alone when its bytes are the same. Anything
//! else is replaced by a new temporary file renamed over it, which replaces a link rather
//! than writing through it. Every path written is checked to sit directly in the folder
//! (P2), and no folder on the way to it below the working directory (or the plan's root)
//! may be a symlink (P8).
//!
//! `.bearing-site` lists each file written with the SHA-256 of the bytes written. A file a
//! previous run wrote and this one does not is removed only when it is still a regular
//! file holding exactly those bytes; the folder (and its manifest) may come from a pull
//! request, so a listed file that differs, a manifest of the old format (names only) and
//! one that does not read as a whole remove nothing (P7). What is left is named in
//! [`Written::left`], and nothing else in the folder is touched.

use std::collections::HashSet;
use std::fs::{self, OpenOptions};
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::ReportError;
use super::html::SiteFile;
use super::templates::Overrides;

mod manifest;
mod pages;

use manifest::{hash_of_file, manifest_text, read_manifest};
use pages::{replace, write_file};

/// The largest template file read.
pub const MAX_TEMPLATE_BYTES: u64 = 1024 * 1024;

/// Lists the files the last run wrote and a hash of each, so that the next one can remove
/// its own stale pages and nothing else.
pub const MANIFEST: &str = ".bearing-site";

/// The first line of a manifest whose lines are `SHA-256  name`. A manifest without it
/// (the names-only format of earlier versions, or anything else) removes nothing.
pub const MANIFEST_HEADER: &str = "# bearing-site v2";

/// The largest manifest read: 64 hex digits, two spaces and a name per page leave room
/// for hundreds of thousands of pages.
pub const MAX_MANIFEST_BYTES: u64 = 64 * 1024 * 1024;

/// A SHA-256 digest.
type Hash = [u8; 32];

/// Reads every file of a templates folder. Symlinks and files over
/// [`MAX_TEMPLATE_BYTES`] are refused; sub-folders and dot-files are ignored. A folder
/// named in the repository (`report.templates`) gives `within`, the repository's root:
/// a link anywhere on the way from there is refused too, so that a committed link cannot
/// send bearing to read templates elsewhere (docs/threat-model.md P9).
pub fn read_overrides(dir: &Path, within: Option<&Path>) -> Result<Overrides, ReportError> {
    let err = |message: String| ReportError::Templates {
        path: dir.to_path_buf(),
        message,
    };
    if let Some(root) = within {
        let parent = dir.parent().unwrap_or(dir);
        match crate::workspace::link_on_the_way(root, parent) {
            Ok(None) => {}
            Ok(Some(link)) => {
                let shown = link
                    .strip_prefix(root)
                    .unwrap_or(&link)
                    .display()
                    .to_string();
                return Err(err(format!(
                    "`{shown}` on the way to it is a symlink, and templates named in bearing.yaml stay inside the repository"
                )));
            }
            Err(e) => return Err(err(e.to_string())),
        }
    }
    let meta = fs::symlink_metadata(dir).map_err(|e| err(e.to_string()))?;
    if meta.file_type().is_symlink() {
        return Err(err(
            "the templates folder is a symlink; give a real folder".to_owned()
        ));
    }
    if !meta.is_dir() {
        return Err(err("not a folder".to_owned()));
    }
    let mut entries: Vec<_> = fs::read_dir(dir)
        .map_err(|e| err(e.to_string()))?
        .filter_map(Result::ok)
        .collect();
    entries.sort_by_key(|e| e.file_name());
    let mut overrides = Overrides::new();
    for entry in entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let meta = fs::symlink_metadata(entry.path()).map_err(|e| err(e.to_string()))?;
        if meta.file_type().is_symlink() {
            return Err(err(format!(
                "`{name}` is a symlink; symlinks are not allowed in the templates folder"
            )));
        }
        if !meta.is_file() {
            continue;
        }
        if meta.len() > MAX_TEMPLATE_BYTES {
            return Err(err(format!(
                "`{name}` is {} bytes and exceeds the 1 MiB limit of a template",
                meta.len()
            )));
        }
        let text = fs::read_to_string(entry.path())
            .map_err(|e| err(format!("cannot read `{name}`: {e}")))?;
        overrides.insert(name, text);
    }
    Ok(overrides)
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub files: usize,
    pub bytes: usize,
    /// Files the previous manifest lists and this run did not write, left in the folder
    /// because they are not what bearing wrote there (changed since, not a regular file, or
    /// listed by a manifest that cannot be trusted), sorted.
    pub left: Vec<String>,
}

/// Refuses an output folder reached through a symlink: every existing entry on the way
/// from `base` to `out` (`out` included) must be a real folder, so that a link committed
/// to the repository cannot send the site elsewhere (docs/threat-model.md P8). Folders
/// above `base`, and the whole path when `out` is not under `base`, are the caller's.
pub fn check_path(base: &Path, out: &Path) -> Result<(), ReportError> {
    let refused = |message: String| ReportError::Output {
        path: out.to_path_buf(),
        message,
    };
    match crate::workspace::link_on_the_way(base, out) {
        Ok(None) => Ok(()),
        Ok(Some(link)) if link == out => Err(refused(
            "the output folder is a symlink; give a real folder".to_owned(),
        )),
        Ok(Some(link)) => Err(refused(format!(
            "`{}` is a symlink; bearing does not write through a link on the way to its output folder",
            link.strip_prefix(base).unwrap_or(&link).display()
        ))),
        Err(e) => Err(refused(format!("cannot read the way to it: {e}"))),
    }
}

/// Writes the site into `out`, creating it when missing, after [`check_path`] from
/// `base`: [`SiteWriter`] for pages already in memory.
pub fn write(base: &Path, out: &Path, files: &[SiteFile]) -> Result<Written, ReportError> {
    let writer = SiteWriter::open(base, out)?;
    // Both cores: page contents are copied (and hashed) while the other thread creates
    // its entry.
    let pages = files
        .par_iter()
        .map(|f| writer.page(f))
        .collect::<Result<Vec<_>, _>>()?;
    writer.finish(pages)
}

/// A site written page by page, as each is rendered, so that a site of 12,000 pages
/// (130 MB) is never in memory at once (issue 20: a report of the 5,000-commit history
/// under a 512 MiB cap): [`SiteWriter::open`], [`SiteWriter::page`] from any thread,
/// then [`SiteWriter::finish`] with every page written, in the site's order.
#[derive(Debug)]
pub struct SiteWriter {
    out: PathBuf,
    /// What the previous run's manifest lists.
    previous: Vec<(String, Option<Hash>)>,
}

/// One page written: its name, the hash of its bytes and their number.
#[derive(Debug, Clone)]
pub struct WrittenPage {
    name: String,
    hash: Hash,
    bytes: usize,
}

impl SiteWriter {
    /// Checks the way to `out` from `base` ([`check_path`]), creates the folder when
    /// missing and reads the previous manifest.
    pub fn open(base: &Path, out: &Path) -> Result<SiteWriter, ReportError> {
        check_path(base, out)?;
        let err = |message: String| ReportError::Output {
            path: out.to_path_buf(),
            message,
        };
        match fs::symlink_metadata(out) {
            Ok(m) if m.file_type().is_symlink() => {
                return Err(err(
                    "the output folder is a symlink; give a real folder".to_owned()
                ));
            }
            Ok(m) if !m.is_dir() => return Err(err("exists and is not a folder".to_owned())),
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                fs::create_dir_all(out).map_err(|e| err(format!("cannot create it: {e}")))?;
            }
            Err(e) => return Err(err(e.to_string())),
        }
        Ok(SiteWriter {
            out: out.to_path_buf(),
            previous: read_manifest(out),
        })
    }

    fn error(&self, message: String) -> ReportError {
        ReportError::Output {
            path: self.out.clone(),
            message,
        }
    }

    /// Writes one page; safe to call from several threads at once.
    pub fn page(&self, file: &SiteFile) -> Result<WrittenPage, ReportError> {
        let path = inside(&self.out, &file.name).ok_or_else(|| {
            self.error(format!(
                "`{}` is not a plain file name; refusing to write it",
                file.name
            ))
        })?;
        write_file(&self.out, &file.name, &path, &file.bytes)
            .map_err(|e| self.error(format!("cannot write `{}`: {e}", file.name)))?;
        Ok(WrittenPage {
            name: file.name.clone(),
            hash: Sha256::digest(&file.bytes).into(),
            bytes: file.bytes.len(),
        })
    }

    /// Removes the previous run's pages that this one did not write (only those still
    /// holding the bytes it wrote) and writes the manifest of `pages`.
    pub fn finish(self, pages: Vec<WrittenPage>) -> Result<Written, ReportError> {
        let written: HashSet<&str> = pages.iter().map(|p| p.name.as_str()).collect();
        let mut left = Vec::new();
        for (stale, hash) in &self.previous {
            if written.contains(stale.as_str()) || stale == MANIFEST {
                continue;
            }
            let Some(path) = inside(&self.out, stale) else {
                continue;
            };
            match fs::symlink_metadata(&path) {
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                _ => {}
            }
            let ours = hash.is_some_and(|hash| hash_of_file(&path) == Some(hash));
            if !ours {
                left.push(stale.clone());
                continue;
            }
            match fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(self.error(format!("cannot remove stale `{stale}`: {e}"))),
            }
        }
        left.sort();
        left.dedup();
        let manifest = manifest_text(&pages);
        let path = inside(&self.out, MANIFEST)
            .ok_or_else(|| self.error("bad manifest name".to_owned()))?;
        replace(&self.out, MANIFEST, &path, manifest.as_bytes())
            .map_err(|e| self.error(format!("cannot write `{MANIFEST}`: {e}")))?;
        Ok(Written {
            files: pages.len(),
            bytes: pages.iter().map(|p| p.bytes).sum(),
            left,
        })
    }
}

/// `out/name` when `name` is one plain file name whose path has `out` as its parent
/// (docs/threat-model.md P2), else `None`.
pub fn inside(out: &Path, name: &str) -> Option<PathBuf> {
    let plain = !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\', '\0', ':'])
        && matches!(
            Path::new(name).components().collect::<Vec<_>>().as_slice(),
            [Component::Normal(_)]
        );
    if !plain {
        return None;
    }
    let path = out.join(name);
    (path.parent() == Some(out)).then_some(path)
}

/// Reads at most `limit` bytes of the regular file at `path`.
fn read_regular_file(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let file = open_regular(path)?;
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(io::Error::other("too large"));
    }
    Ok(bytes)
}

/// The file at `path` opened for reading when it is a regular file, without following a
/// symlink or blocking on a FIFO.
fn open_regular(path: &Path) -> io::Result<fs::File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    #[cfg(not(unix))]
    if fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(io::Error::other("a symlink"));
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    Ok(file)
}

#[cfg(test)]
mod tests;
