//! File versions parsed document by document, each document text once: the cut at
//! `---` lines, the cache of parsed documents by text, and [`parse_versions`], which
//! the history walk and `diff` feed every version they read. Pure: no gix here.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::Arc;

use rayon::prelude::*;

use super::state::{FileEntities, parse_piece};
use crate::config::Limits;
use crate::load::FileContent;
use crate::load::Piece;

/// A file's text cut into its YAML documents, at lines that start with `---`, so that
/// each document is parsed (and cached) on its own. `None` when the file cannot be cut
/// safely (not UTF-8, a byte-order mark, a `%` directive): it is then parsed whole.
///
/// A `---` at the start of a line always begins a document (YAML 1.2, c-forbidden), in
/// block scalars and quoted text alike, so the cut never splits a document.
pub fn split_documents(bytes: &[u8]) -> Option<Vec<&str>> {
    let text = std::str::from_utf8(bytes).ok()?;
    if text.starts_with('\u{feff}') || text.starts_with('%') || text.contains("\n%") {
        return None;
    }
    let is_marker = |at: usize| {
        text[at..]
            .strip_prefix("---")
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']))
    };
    let mut pieces = Vec::new();
    let mut start = 0;
    // Only lines that start with `---` can cut: look for those, not at every line.
    for (at, _) in text.match_indices("\n---") {
        let line = at + 1;
        if is_marker(line) {
            pieces.push(&text[start..line]);
            start = line;
        }
    }
    if start < text.len() {
        pieces.push(&text[start..]);
    }
    Some(pieces)
}

/// A fast hash for document texts (the cache of parsed documents hashes every version
/// of every file a walk reads): eight bytes per step, in the manner of rustc's FxHasher.
/// Not for untrusted keys that an attacker could collide on purpose: a collision only
/// costs a string comparison here, since the map compares whole texts.
#[derive(Debug, Default, Clone, Copy)]
pub struct TextHasher(u64);

impl std::hash::Hasher for TextHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut word = [0u8; 8];
            word.copy_from_slice(w);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
        }
        for &b in words.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The hash [`ChunkCache`] gives a text.
fn text_hash(text: &str) -> u64 {
    use std::hash::BuildHasher;
    BuildHasherDefault::<TextHasher>::default().hash_one(text)
}

/// Parsed documents by their text.
pub type ChunkCache = HashMap<Arc<str>, Arc<Piece>, BuildHasherDefault<TextHasher>>;

/// Documents parsed by one call, for the cache.
pub type Fresh = Vec<(Arc<str>, Arc<Piece>)>;

/// Parses file versions, each document text once: files are cut into documents in
/// parallel, each text neither in `cache` nor seen in this call is parsed once, then
/// the files are put together. A file that cannot be cut, or whose pieces the loader
/// refuses, is parsed whole, so that it reads exactly as the loader reads it. Returns
/// the files and the documents parsed here (for the cache). Call it on a rayon pool
/// whose threads have the loader's stack size.
///
/// With `only`, a document whose text does not contain that word is not parsed at all
/// (it stands for nothing): a walk that only wants key-result values skips projects.
///
/// Most documents of a version were parsed before (a commit changes one document of a
/// file): those are found in `cache` in the parallel pass, and only the others are
/// copied, queued and parsed.
pub fn parse_versions<K: Send>(
    versions: Vec<(K, FileContent)>,
    cache: &ChunkCache,
    limits: &Limits,
    only: Option<&str>,
) -> (Vec<(K, FileEntities)>, Fresh) {
    /// One document of a version: parsed before, or to parse (its place in the text,
    /// and the hash of that text).
    enum Part {
        Known(Arc<Piece>),
        New(std::ops::Range<usize>, u64),
    }
    enum Cut {
        Pieces(String, Vec<Part>),
        Whole(FileContent),
    }
    let cut: Vec<(K, Cut)> = versions
        .into_par_iter()
        .map(|(key, content)| {
            let pieces = match &content {
                FileContent::Bytes(bytes) => split_documents(bytes).map(|pieces| {
                    let start = bytes.as_ptr() as usize;
                    pieces
                        .into_iter()
                        .map(|p| match cache.get(p) {
                            Some(chunk) => Part::Known(chunk.clone()),
                            None => {
                                let at = p.as_ptr() as usize - start;
                                Part::New(at..at + p.len(), text_hash(p))
                            }
                        })
                        .collect::<Vec<Part>>()
                }),
                FileContent::Refused(_) | FileContent::OverTotal { .. } => None,
            };
            let cut = match (pieces, content) {
                // `split_documents` read the bytes as UTF-8.
                (Some(p), FileContent::Bytes(bytes)) => match String::from_utf8(bytes) {
                    Ok(text) => Cut::Pieces(text, p),
                    Err(e) => Cut::Whole(FileContent::Bytes(e.into_bytes())),
                },
                (_, content) => Cut::Whole(content),
            };
            (key, cut)
        })
        .collect();
    // Each new text once, in order: `slot` numbers them by the hashes computed above.
    let mut slot: hashbrown::HashTable<usize> = hashbrown::HashTable::new();
    let mut texts: Vec<(&str, u64)> = Vec::new();
    let slots: Vec<Vec<usize>> = cut
        .iter()
        .map(|(_, c)| match c {
            Cut::Pieces(text, pieces) => pieces
                .iter()
                .filter_map(|p| match p {
                    Part::Known(_) => None,
                    Part::New(range, hash) => {
                        let piece = &text[range.clone()];
                        let same = |&i: &usize| texts[i].0 == piece;
                        let entry = slot.entry(*hash, same, |&i| texts[i].1);
                        Some(match entry {
                            hashbrown::hash_table::Entry::Occupied(e) => *e.get(),
                            hashbrown::hash_table::Entry::Vacant(e) => {
                                e.insert(texts.len());
                                texts.push((piece, *hash));
                                texts.len() - 1
                            }
                        })
                    }
                })
                .collect(),
            Cut::Whole(_) => Vec::new(),
        })
        .collect();
    drop(slot);
    let fresh: Vec<(Arc<str>, Arc<Piece>)> = texts
        .into_par_iter()
        .map(|(text, _)| {
            let chunk = match only {
                Some(word) if !text.contains(word) => Piece::default(),
                _ => parse_piece(FileContent::Bytes(text.as_bytes().to_vec()), limits),
            };
            (Arc::from(text), Arc::new(chunk))
        })
        .collect();
    let files = cut
        .into_par_iter()
        .zip(slots)
        .map(|((key, c), slots)| {
            let content = match c {
                Cut::Pieces(text, pieces) => {
                    let mut new = slots.into_iter();
                    let chunks: Vec<Arc<Piece>> = pieces
                        .into_iter()
                        .filter_map(|p| match p {
                            Part::Known(chunk) => Some(chunk),
                            Part::New(..) => new.next().map(|i| fresh[i].1.clone()),
                        })
                        .collect();
                    if chunks.iter().all(|c| c.problems.is_empty()) {
                        return (key, FileEntities { chunks });
                    }
                    FileContent::Bytes(text.into_bytes())
                }
                Cut::Whole(content) => content,
            };
            (key, FileEntities::whole(content, limits))
        })
        .collect();
    (files, fresh)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_split_at_document_markers_only() {
        let text = "# header\nkind: Goal\n---\nkind: Project\ndescription: |\n  ---not a marker\n--- # a marker\nx: 1\n";
        let pieces = split_documents(text.as_bytes()).expect("splittable");
        assert_eq!(pieces.len(), 3, "{pieces:?}");
        assert_eq!(pieces.concat(), text);
        assert!(split_documents(b"%YAML 1.2\n---\na: 1\n").is_none());
        assert!(split_documents(b"\xff\xfe").is_none());
        assert_eq!(split_documents(b"---\na: 1\n").expect("one").len(), 1);
    }
}
