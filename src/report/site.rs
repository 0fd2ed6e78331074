//! The disk side of reports, and the only file of [`crate::report`] that does I/O:
//! reading a folder of template overrides, and writing the site into its output folder.
//!
//! The output folder may hold anything, planted links included (docs/threat-model.md P3): a file
//! is created with `create_new`, which never opens an existing entry. A name already
//! taken by a page of ours (a regular file with one link, opened without following a
//! symlink) is rewritten in place, or left alone when its bytes are the same. Anything
//! else is replaced by a new temporary file renamed over it, which replaces a link rather
//! than writing through it. Every path written is checked to sit directly in the folder
//! (P2). Files a previous run wrote and this one does not are removed, by the list kept
//! in `.bearing-site`, and nothing else is.

use std::collections::HashSet;
use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use super::ReportError;
use super::html::SiteFile;
use super::templates::Overrides;

/// The largest template file read.
pub const MAX_TEMPLATE_BYTES: u64 = 1024 * 1024;

/// Lists the files the last run wrote, so that the next one can remove stale pages.
pub const MANIFEST: &str = ".bearing-site";

/// Reads every file of a templates folder. Symlinks and files over
/// [`MAX_TEMPLATE_BYTES`] are refused; sub-folders and dot-files are ignored.
pub fn read_overrides(dir: &Path) -> Result<Overrides, ReportError> {
    let err = |message: String| ReportError::Templates {
        path: dir.to_path_buf(),
        message,
    };
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub files: usize,
    pub bytes: usize,
}

/// Writes the site into `out`, creating it when missing.
pub fn write(out: &Path, files: &[SiteFile]) -> Result<Written, ReportError> {
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
    let previous = read_manifest(out);
    let mut paths = Vec::with_capacity(files.len());
    for f in files {
        let path = inside(out, &f.name).ok_or_else(|| {
            err(format!(
                "`{}` is not a plain file name; refusing to write it",
                f.name
            ))
        })?;
        paths.push(path);
    }
    // Both cores: page contents are copied while the other thread creates its entry.
    files.par_iter().zip(&paths).try_for_each(|(f, path)| {
        write_file(out, &f.name, path, &f.bytes)
            .map_err(|e| err(format!("cannot write `{}`: {e}", f.name)))
    })?;
    let bytes = files.iter().map(|f| f.bytes.len()).sum();
    let written: HashSet<&str> = files.iter().map(|f| f.name.as_str()).collect();
    for stale in previous {
        if written.contains(stale.as_str()) {
            continue;
        }
        if let Some(path) = inside(out, &stale) {
            // remove_file removes a symlink itself, never its target.
            match fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(err(format!("cannot remove stale `{stale}`: {e}"))),
            }
        }
    }
    let mut manifest = String::new();
    for f in files {
        manifest.push_str(&f.name);
        manifest.push('\n');
    }
    let path = inside(out, MANIFEST).ok_or_else(|| err("bad manifest name".to_owned()))?;
    replace(out, MANIFEST, &path, manifest.as_bytes())
        .map_err(|e| err(format!("cannot write `{MANIFEST}`: {e}")))?;
    Ok(Written {
        files: files.len(),
        bytes,
    })
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

/// Writes `bytes` at `path`: straight into a new file when the name is free (a fresh
/// site), over the old page when it is a plain file of ours (a site written again), else
/// through [`replace`].
fn write_file(out: &Path, name: &str, path: &Path, bytes: &[u8]) -> io::Result<()> {
    match OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(mut file) => file.write_all(bytes),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => match open_own_page(path) {
            Some(file) => rewrite(file, bytes),
            None => replace(out, name, path, bytes),
        },
        Err(e) => Err(e),
    }
}

/// Puts `bytes` in `file`, leaving it untouched when it already holds them: an unchanged
/// page keeps its modification time, so a deploy that syncs by time uploads only what
/// changed. Written over and then cut to length, never emptied first: ext4 flushes a
/// file emptied and rewritten when it is closed, which made rewriting a site of 12,000
/// pages spend a third of its time in the kernel.
fn rewrite(mut file: fs::File, bytes: &[u8]) -> io::Result<()> {
    use std::io::{Read, Seek, SeekFrom};
    if file.metadata()?.len() == bytes.len() as u64 {
        let mut old = Vec::with_capacity(bytes.len());
        file.read_to_end(&mut old)?;
        if old == bytes {
            return Ok(());
        }
        file.seek(SeekFrom::Start(0))?;
    }
    file.write_all(bytes)?;
    file.set_len(bytes.len() as u64)
}

/// The file at `path` opened for reading and writing when it is a regular file with no
/// other name: a symlink is never followed (`O_NOFOLLOW`), a FIFO never blocks (`O_NONBLOCK`), and a
/// hard link planted to a file elsewhere is seen on the open file itself (docs/threat-model.md
/// P3), so nothing outside the folder can be written through it. Rewriting in place
/// spares the file system an inode freed and one allocated for every page.
#[cfg(unix)]
fn open_own_page(path: &Path) -> Option<fs::File> {
    use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
        .ok()?;
    let meta = file.metadata().ok()?;
    (meta.is_file() && meta.nlink() == 1).then_some(file)
}

#[cfg(not(unix))]
fn open_own_page(_: &Path) -> Option<fs::File> {
    None
}

/// Writes `bytes` to a new temporary file beside `path` and renames it over `path`.
fn replace(out: &Path, name: &str, path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = out.join(format!(".{name}.bearing-tmp"));
    match fs::remove_file(&tmp) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    // `create_new` fails on any existing entry, a symlink planted since included.
    let mut file = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
    let written = file.write_all(bytes).and_then(|()| file.flush());
    drop(file);
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    fs::rename(&tmp, path).inspect_err(|_| {
        let _ = fs::remove_file(&tmp);
    })
}

/// The names the previous run wrote; nothing when there is no readable manifest.
fn read_manifest(out: &Path) -> Vec<String> {
    let path = out.join(MANIFEST);
    match fs::symlink_metadata(&path) {
        Ok(m) if m.is_file() && m.len() <= MAX_TEMPLATE_BYTES => {}
        _ => return Vec::new(),
    }
    fs::read_to_string(&path)
        .map(|text| text.lines().map(str::to_owned).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn only_plain_names_are_inside() {
        let out = Path::new("site");
        for bad in ["", ".", "..", "../x", "/abs", "a/b", "a\\b", "a\0b", "C:x"] {
            assert_eq!(inside(out, bad), None, "{bad:?}");
        }
        assert_eq!(
            inside(out, "goal-G-x.html"),
            Some(PathBuf::from("site/goal-G-x.html"))
        );
    }

    proptest! {
        // P2: any name maps to a path whose parent is exactly the output folder, or is refused.
        #[test]
        fn every_accepted_name_is_directly_in_the_folder(name in "\\PC{0,40}") {
            let out = Path::new("out");
            if let Some(path) = inside(out, &name) {
                prop_assert_eq!(path.parent(), Some(out));
            }
        }
    }
}
