//! The manifest of a site's folder: the pages the last run wrote, each with its hash,
//! so that a run removes only its own stale pages and never a file someone else put there.

use std::fs;
use std::io::{self, Read};
use std::path::Path;

use sha2::{Digest, Sha256};

use super::{
    Hash, MANIFEST, MANIFEST_HEADER, MAX_MANIFEST_BYTES, WrittenPage, inside, open_regular,
    read_regular_file,
};

/// The manifest of `pages`: the header, then `hash  name` a line. A name that would break
/// its line is left out, so a later run leaves that file alone rather than misread it.
pub(super) fn manifest_text(pages: &[WrittenPage]) -> String {
    let mut manifest = String::with_capacity(pages.len() * 100);
    manifest.push_str(MANIFEST_HEADER);
    manifest.push('\n');
    for page in pages {
        if page.name.contains(['\n', '\r']) {
            continue;
        }
        for byte in page.hash {
            manifest.push_str(&format!("{byte:02x}"));
        }
        manifest.push_str("  ");
        manifest.push_str(&page.name);
        manifest.push('\n');
    }
    manifest
}

/// The files the previous manifest lists, each with the hash of the bytes written when the
/// manifest can be trusted: a versioned manifest of which every line reads. A manifest of
/// the old format (names only), or one with a line that does not read, gives names without
/// hashes (nothing of it is removed); no readable manifest gives nothing. Names that are not
/// plain file names of the folder are dropped.
pub(super) fn read_manifest(out: &Path) -> Vec<(String, Option<Hash>)> {
    let path = out.join(MANIFEST);
    match fs::symlink_metadata(&path) {
        Ok(m) if m.is_file() && m.len() <= MAX_MANIFEST_BYTES => {}
        _ => return Vec::new(),
    }
    let Ok(bytes) = read_regular_file(&path, MAX_MANIFEST_BYTES) else {
        return Vec::new();
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return Vec::new();
    };
    parse_manifest(out, &text)
}

/// See [`read_manifest`].
pub(super) fn parse_manifest(out: &Path, text: &str) -> Vec<(String, Option<Hash>)> {
    if text.lines().next() != Some(MANIFEST_HEADER) {
        return text
            .lines()
            .filter(|name| inside(out, name).is_some())
            .map(|name| (name.to_owned(), None))
            .collect();
    }
    let mut entries = Vec::new();
    let mut trusted = true;
    for line in text.lines().skip(1) {
        match line.split_once("  ") {
            Some((hex, name)) if inside(out, name).is_some() => {
                let hash = parse_hash(hex);
                trusted &= hash.is_some();
                entries.push((name.to_owned(), hash));
            }
            _ => trusted = false,
        }
    }
    if !trusted {
        for entry in &mut entries {
            entry.1 = None;
        }
    }
    entries
}

/// 64 lowercase hex digits as a digest.
pub(super) fn parse_hash(hex: &str) -> Option<Hash> {
    let digits = hex.as_bytes();
    if digits.len() != 64 {
        return None;
    }
    let value = |d: u8| match d {
        b'0'..=b'9' => Some(d - b'0'),
        b'a'..=b'f' => Some(d - b'a' + 10),
        _ => None,
    };
    let mut hash = [0u8; 32];
    for (byte, pair) in hash.iter_mut().zip(digits.chunks_exact(2)) {
        *byte = (value(pair[0])? << 4) | value(pair[1])?;
    }
    Some(hash)
}

/// The SHA-256 of the file at `path` when it is a regular file (a symlink is not followed,
/// a FIFO never blocks); `None` for anything else or on an error.
pub(super) fn hash_of_file(path: &Path) -> Option<Hash> {
    let mut file = open_regular(path).ok()?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => hasher.update(&buffer[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    Some(hasher.finalize().into())
}
