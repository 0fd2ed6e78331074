//! Writing one page: in place when the folder holds it as ours, never through a link,
//! a file with another name, or a special file.

use std::fs::{self, OpenOptions};
use std::io::{self, Read, Write};
use std::path::Path;

/// Writes `bytes` at `path`: straight into a new file when the name is free (a fresh
/// site), over the old page when it is a plain file of ours (a site written again), else
/// through [`replace`].
pub(super) fn write_file(out: &Path, name: &str, path: &Path, bytes: &[u8]) -> io::Result<()> {
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
    use std::io::{Seek, SeekFrom};
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
pub(super) fn replace(out: &Path, name: &str, path: &Path, bytes: &[u8]) -> io::Result<()> {
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
