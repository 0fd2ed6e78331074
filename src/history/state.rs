//! The plan as the history walk keeps it: each file as its documents, each document
//! parsed once (by its text), and for every id the files that declare it. Replacing one
//! file updates the state without touching the others, so a commit costs what it
//! changed; an unchanged document is the same [`Arc`] before and after, so comparing it
//! costs a pointer comparison.
//!
//! Pure: no gix here. Duplicate ids resolve as in the loader: the first declaration in
//! path order and document order wins, even when that document fails its schema.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Limits;
use crate::load::{FileContent, RawFile, on_loader_stack, read_piece};
use crate::model::{EntityKind, Goal, Id, Objective, Project};

/// One goal, objective (with its key results) or project.
#[derive(Debug, Clone, Copy)]
pub enum EntityRef<'a> {
    Goal(&'a Arc<Goal>),
    Objective(&'a Arc<Objective>),
    Project(&'a Arc<Project>),
}

impl<'a> EntityRef<'a> {
    pub fn id(&self) -> &'a Id {
        match self {
            EntityRef::Goal(g) => &g.id,
            EntityRef::Objective(o) => &o.id,
            EntityRef::Project(p) => &p.id,
        }
    }

    pub fn kind(&self) -> EntityKind {
        match self {
            EntityRef::Goal(_) => EntityKind::Goal,
            EntityRef::Objective(_) => EntityKind::Objective,
            EntityRef::Project(_) => EntityKind::Project,
        }
    }

    pub fn title(&self) -> &'a str {
        match self {
            EntityRef::Goal(g) => &g.title,
            EntityRef::Objective(o) => &o.title,
            EntityRef::Project(p) => &p.title,
        }
    }
}

/// What the loader made of one piece of a file: one document, or a whole file when it
/// cannot be split safely.
#[derive(Debug, Default)]
pub struct Chunk {
    pub goals: Vec<Arc<Goal>>,
    pub objectives: Vec<Arc<Objective>>,
    pub projects: Vec<Arc<Project>>,
    /// Every id its documents declare, valid or not, in order.
    pub declared: Vec<Id>,
    /// The kind of each declared id.
    pub kinds: Vec<EntityKind>,
    /// Why it could not be read: `input` findings.
    pub problems: Vec<String>,
}

impl Chunk {
    /// Parses with the plan loader: the same YAML reader, limits, schemas and model.
    /// On a rayon pool, its threads must have the loader's stack size
    /// ([`crate::yaml::parse::stack_size_for`]); anywhere else it brings its own thread.
    pub fn parse(content: FileContent, limits: &Limits) -> Chunk {
        let read = || read_piece(content, &limits.yaml);
        let piece = if rayon::current_thread_index().is_some() {
            read()
        } else {
            on_loader_stack(&limits.yaml, read)
        };
        let (declared, kinds) = piece
            .decls
            .into_iter()
            .filter(|d| d.pointer.is_empty())
            .map(|d| (Id(d.id), d.kind))
            .unzip();
        Chunk {
            goals: piece.goals,
            objectives: piece.objectives,
            projects: piece.projects,
            declared,
            kinds,
            problems: piece.input_problems,
        }
    }

    fn get(&self, id: &Id) -> Option<EntityRef<'_>> {
        self.goals
            .iter()
            .find(|g| &g.id == id)
            .map(EntityRef::Goal)
            .or_else(|| {
                self.objectives
                    .iter()
                    .find(|o| &o.id == id)
                    .map(EntityRef::Objective)
            })
            .or_else(|| {
                self.projects
                    .iter()
                    .find(|p| &p.id == id)
                    .map(EntityRef::Project)
            })
    }

    pub fn entities(&self) -> impl Iterator<Item = EntityRef<'_>> {
        self.goals
            .iter()
            .map(EntityRef::Goal)
            .chain(self.objectives.iter().map(EntityRef::Objective))
            .chain(self.projects.iter().map(EntityRef::Project))
    }
}

/// One plan file: its pieces in order.
#[derive(Debug, Default)]
pub struct FileEntities {
    pub chunks: Vec<Arc<Chunk>>,
}

impl FileEntities {
    /// A file parsed whole, as the loader reads it.
    pub fn whole(content: FileContent, limits: &Limits) -> FileEntities {
        FileEntities {
            chunks: vec![Arc::new(Chunk::parse(content, limits))],
        }
    }

    /// Every id the file declares, valid documents or not.
    pub fn declared(&self) -> impl Iterator<Item = &Id> {
        self.chunks.iter().flat_map(|c| c.declared.iter())
    }

    /// The piece that declares `id` first, and the entity when it is valid there.
    pub fn get(&self, id: &Id) -> Option<(&Arc<Chunk>, Option<EntityRef<'_>>)> {
        let chunk = self.chunks.iter().find(|c| c.declared.contains(id))?;
        Some((chunk, chunk.get(id)))
    }

    /// Every valid entity that owns its id in this file.
    pub fn entities(&self) -> impl Iterator<Item = EntityRef<'_>> {
        self.chunks.iter().enumerate().flat_map(move |(n, c)| {
            c.entities().filter(move |e| {
                !self.chunks[..n]
                    .iter()
                    .any(|earlier| earlier.declared.contains(e.id()))
            })
        })
    }

    pub fn problems(&self) -> impl Iterator<Item = &String> {
        self.chunks.iter().flat_map(|c| c.problems.iter())
    }
}

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
pub type ChunkCache = HashMap<Arc<str>, Arc<Chunk>, BuildHasherDefault<TextHasher>>;

/// Documents parsed by one call, for the cache.
pub type Fresh = Vec<(Arc<str>, Arc<Chunk>)>;

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
    enum Piece {
        Known(Arc<Chunk>),
        New(std::ops::Range<usize>, u64),
    }
    enum Cut {
        Pieces(String, Vec<Piece>),
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
                            Some(chunk) => Piece::Known(chunk.clone()),
                            None => {
                                let at = p.as_ptr() as usize - start;
                                Piece::New(at..at + p.len(), text_hash(p))
                            }
                        })
                        .collect::<Vec<Piece>>()
                }),
                FileContent::Refused(_) => None,
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
                    Piece::Known(_) => None,
                    Piece::New(range, hash) => {
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
    let fresh: Vec<(Arc<str>, Arc<Chunk>)> = texts
        .into_par_iter()
        .map(|(text, _)| {
            let chunk = match only {
                Some(word) if !text.contains(word) => Chunk::default(),
                _ => Chunk::parse(FileContent::Bytes(text.as_bytes().to_vec()), limits),
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
                    let chunks: Vec<Arc<Chunk>> = pieces
                        .into_iter()
                        .filter_map(|p| match p {
                            Piece::Known(chunk) => Some(chunk),
                            Piece::New(..) => new.next().map(|i| fresh[i].1.clone()),
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

/// Where the effective entity of an id lives.
#[derive(Debug, Clone)]
pub struct Located {
    pub file: Arc<FileEntities>,
    pub path: String,
}

impl Located {
    /// The entity, when its first declaration is a valid document.
    pub fn entity<'a>(&'a self, id: &Id) -> Option<EntityRef<'a>> {
        self.file.get(id).and_then(|(_, e)| e)
    }

    /// The parsed piece that declares `id`: the same `Arc` means the same text.
    pub fn chunk(&self, id: &Id) -> Option<&Arc<Chunk>> {
        self.file.get(id).map(|(c, _)| c)
    }

    /// Whether `id` is declared by the very same parsed piece here and in `other`: the
    /// same text, so the entity cannot have changed (it may have moved).
    pub fn same_piece(&self, other: &Located, id: &Id) -> bool {
        match (self.chunk(id), other.chunk(id)) {
            (Some(x), Some(y)) => Arc::ptr_eq(x, y),
            _ => false,
        }
    }
}

/// The first declaration of an id: its file, the parsed piece (the same `Arc` means the
/// same text) and the entity, when that document is valid.
#[derive(Debug, Clone, Copy)]
pub struct Declaration<'a> {
    pub path: &'a str,
    pub chunk: &'a Arc<Chunk>,
    pub entity: Option<EntityRef<'a>>,
}

/// The plan at one commit, file by file.
#[derive(Debug, Default)]
pub struct PlanState {
    // foldhash: these maps are hit for every file and id of every commit a walk reads.
    files: foldhash::HashMap<String, Arc<FileEntities>>,
    /// For every id, the files that declare it, in path order.
    owners: foldhash::HashMap<Id, Vec<String>>,
}

impl PlanState {
    /// Puts `entities` at `path` (or removes the file with `None`).
    pub fn replace(&mut self, path: &str, entities: Option<Arc<FileEntities>>) {
        if let Some(old) = self.files.remove(path) {
            for id in old.declared() {
                if let Some(paths) = self.owners.get_mut(id) {
                    paths.retain(|p| p != path);
                    if paths.is_empty() {
                        self.owners.remove(id);
                    }
                }
            }
        }
        if let Some(new) = entities {
            for id in new.declared() {
                let paths = self.owners.entry(id.clone()).or_default();
                if !paths.iter().any(|p| p == path) {
                    paths.push(path.to_owned());
                    paths.sort_by(|a, b| super::tree::path_order(a, b));
                }
            }
            self.files.insert(path.to_owned(), new);
        }
    }

    pub fn file(&self, path: &str) -> Option<&Arc<FileEntities>> {
        self.files.get(path)
    }

    /// The file that holds the first declaration of `id`.
    pub fn locate(&self, id: &Id) -> Option<Located> {
        let path = self.owners.get(id)?.first()?;
        Some(Located {
            file: self.files.get(path)?.clone(),
            path: path.clone(),
        })
    }

    /// Where each id is declared first, as [`Self::locate`] finds it, for every id at
    /// once: one pass over the files instead of one search per id.
    pub fn declarations(&self) -> foldhash::HashMap<&Id, Declaration<'_>> {
        let files = self.files_in_path_order();
        let mut out = foldhash::HashMap::default();
        out.reserve(self.owners.len());
        for (path, file) in files {
            for chunk in &file.chunks {
                for id in &chunk.declared {
                    out.entry(id).or_insert_with(|| Declaration {
                        path,
                        chunk,
                        entity: chunk.get(id),
                    });
                }
            }
        }
        out
    }

    /// Every file and its entities.
    pub fn files(&self) -> impl Iterator<Item = (&String, &Arc<FileEntities>)> {
        self.files.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The plan this state holds, as the loader would build it from the same files:
    /// files in path order, the first declaration of an id wins. (Entities keep the
    /// origins of their own document; they are for comparing, not for pointing at
    /// lines.)
    pub fn to_plan(&self) -> crate::model::Plan {
        let files = self.files_in_path_order();
        // Cloned on every core: the entities are most of the plan's memory.
        let entities = self.effective_entities_of(&files);
        let (mut goals, mut objectives, mut projects) = (Vec::new(), Vec::new(), Vec::new());
        for e in entities {
            match e {
                EntityRef::Goal(g) => goals.push(g.clone()),
                EntityRef::Objective(o) => objectives.push(o.clone()),
                EntityRef::Project(p) => projects.push(p.clone()),
            }
        }
        let declared = files.iter().flat_map(|(_, file)| {
            file.chunks.iter().flat_map(|c| {
                c.declared
                    .iter()
                    .map(Id::as_str)
                    .zip(c.kinds.iter().copied())
            })
        });
        let mut plan = crate::model::Plan::new(goals, objectives, projects);
        plan.declare(declared);
        plan
    }

    /// The entities of the plan this state holds, in the loader's order: files in path
    /// order, each id from the first file that declares it.
    pub fn effective_entities(&self) -> impl Iterator<Item = EntityRef<'_>> {
        self.effective_entities_of(&self.files_in_path_order())
            .collect::<Vec<_>>()
            .into_iter()
    }

    fn effective_entities_of<'a>(
        &'a self,
        files: &[(&'a String, &'a Arc<FileEntities>)],
    ) -> impl Iterator<Item = EntityRef<'a>> {
        files.iter().flat_map(move |&(path, file)| {
            file.entities()
                .filter(move |e| self.owners.get(e.id()).and_then(|p| p.first()) == Some(path))
        })
    }

    fn files_in_path_order(&self) -> Vec<(&String, &Arc<FileEntities>)> {
        let mut files: Vec<(&String, &Arc<FileEntities>)> = self.files.iter().collect();
        files.par_sort_unstable_by(|(a, _), (b, _)| super::tree::path_order(a, b));
        files
    }
}

/// A piece of text as the loader's input.
pub fn raw(path: &str, text: &str) -> RawFile {
    RawFile {
        path: path.to_owned(),
        content: FileContent::Bytes(text.as_bytes().to_vec()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Arc<FileEntities> {
        Arc::new(FileEntities::whole(
            raw("x.yaml", text).content,
            &Limits::default(),
        ))
    }

    #[test]
    fn the_first_file_by_path_owns_an_id() {
        let mut state = PlanState::default();
        state.replace(
            "plans/b.yaml",
            Some(parse("kind: Project\nid: P-a\ntitle: In b\n")),
        );
        state.replace(
            "plans/a.yaml",
            Some(parse("kind: Project\nid: P-a\ntitle: In a\n")),
        );
        let id = Id::from("P-a");
        let at = state.locate(&id).expect("located");
        assert_eq!(at.path, "plans/a.yaml");
        assert_eq!(at.entity(&id).expect("entity").title(), "In a");
        state.replace("plans/a.yaml", None);
        assert_eq!(state.locate(&id).expect("still in b").path, "plans/b.yaml");
        state.replace("plans/b.yaml", None);
        assert!(state.locate(&id).is_none());
        assert!(state.is_empty());
    }

    #[test]
    fn an_invalid_first_declaration_hides_a_later_valid_one() {
        let mut state = PlanState::default();
        state.replace("a.yaml", Some(parse("kind: Project\nid: P-a\n")));
        state.replace(
            "b.yaml",
            Some(parse("kind: Project\nid: P-a\ntitle: Valid\n")),
        );
        let at = state.locate(&Id::from("P-a")).expect("declared");
        assert!(
            at.entity(&Id::from("P-a")).is_none(),
            "the loader drops it too"
        );
    }

    #[test]
    fn unreadable_files_say_why() {
        let bad = parse("kind: [unclosed\n");
        assert!(bad.entities().next().is_none());
        assert_eq!(bad.problems().count(), 1);
    }

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
