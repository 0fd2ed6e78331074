//! Applying commits to the walk's state: the starting plan, the file versions a batch
//! needs, what the parsing thread made, and each commit's semantic changes and values.

use super::*;

/// The walk's state between commits: the plan, the file versions parsed so far, and
/// the value series being built.
pub(super) struct Walker<'r> {
    pub(super) repo: &'r GitRepo,
    pub(super) opts: &'r WalkOptions,
    pub(super) state: PlanState,
    /// Parsed file versions by entry (blob id and kind).
    pub(super) parsed: super::KnownFiles,
    pub(super) series: SeriesBuilder,
    /// File versions git could not read, with the commit that brought them.
    pub(super) damaged: Vec<Damaged>,
}

impl Walker<'_> {
    /// Loads the plan of `commit` as the starting state, without recording changes.
    pub(super) fn seed(
        &mut self,
        commit: &CommitInfo,
        cache: &mut Arc<ChunkCache>,
    ) -> Result<(), HistoryError> {
        let mut files = BTreeMap::new();
        for root in &self.opts.roots {
            if let Some(entry) = self.repo.entry_at(commit.tree, root)? {
                list_files(self.repo.repo(), root, entry, &mut files)?;
            }
        }
        let changes: Vec<FileChange> = files
            .into_iter()
            .map(|(path, entry)| FileChange {
                path,
                old: None,
                new: Some(entry),
            })
            .collect();
        let mut batch = self.batch(vec![(0, changes)]);
        let wanted = std::mem::take(&mut batch.wanted);
        let limits = self.opts.limits;
        let sync = self.repo.sync();
        let only = only_key_results(self.opts);
        let parsed = crate::pool::run(&limits.yaml, || {
            read_and_parse(sync, wanted, cache, &limits, only)
        });
        self.store(parsed, cache);
        for (entry, file) in batch.ready {
            self.parsed.insert(entry, file);
        }
        for (_, changes) in batch.commits {
            for change in changes {
                let file = change.new.and_then(|e| self.parsed.get(&e).cloned());
                if let Some(file) = &file {
                    self.note_damage(commit, &change.path, file);
                    for e in file.entities() {
                        self.series.seed(e);
                    }
                }
                self.state.replace(&change.path, file);
            }
        }
        Ok(())
    }

    /// The file versions a batch of commits needs: those parsed before, and those to
    /// read.
    pub(super) fn batch(&self, commits: Vec<(usize, Vec<FileChange>)>) -> Batch {
        let mut batch = Batch::default();
        let mut seen = HashSet::new();
        let mut wanted = Vec::new();
        for (_, changes) in &commits {
            for change in changes {
                let Some(entry) = change.new else { continue };
                if !seen.insert(entry) {
                    continue;
                }
                match self.parsed.get(&entry) {
                    Some(file) => batch.ready.push((entry, file.clone())),
                    None => wanted.push((change.path.as_str(), entry)),
                }
            }
        }
        // The versions of one file next to each other, oldest first: each is a delta of
        // the next, and the thread that reads them keeps the base in its pack cache.
        wanted.sort_by(|a, b| crate::change::state::path_order(a.0, b.0));
        batch.wanted = wanted.into_iter().map(|(_, entry)| entry).collect();
        batch.commits = commits;
        batch
    }

    /// Keeps what the parsing thread made: file versions, and documents for the cache.
    pub(super) fn store(&mut self, parsed: ParsedBatch, cache: &mut Arc<ChunkCache>) {
        let cache = Arc::make_mut(cache);
        for (text, chunk) in parsed.fresh {
            cache.entry(text).or_insert(chunk);
        }
        for (entry, file) in parsed.files {
            self.parsed.insert(entry, Arc::new(file));
        }
    }

    /// Keeps a file version git could not read, once per commit and path.
    fn note_damage(&mut self, commit: &CommitInfo, path: &str, file: &FileEntities) {
        if file.problems().any(|m| super::super::tree::is_damaged(m)) {
            self.damaged.push(Damaged {
                commit: super::super::git::short(&commit.id),
                date: commit.date.clone(),
                path: self.repo.shown(path),
            });
        }
    }

    /// Applies one commit's file changes to the state; returns what it changed.
    pub(super) fn apply(&mut self, commit: &CommitInfo, changes: &[FileChange]) -> CommitChanges {
        let mut touched: BTreeSet<(u8, Id)> = BTreeSet::new();
        let mut problems = Vec::new();
        let mut replacements = Vec::with_capacity(changes.len());
        for change in changes {
            let old = self.state.file(&change.path).cloned();
            let new = change.new.and_then(|e| self.parsed.get(&e).cloned());
            // Only documents that are not the very same parse before and after can
            // change an entity (or shadow one elsewhere): compare those.
            let (before, after): (Vec<&Arc<Piece>>, Vec<&Arc<Piece>>) = (
                old.iter().flat_map(|f| f.chunks.iter()).collect(),
                new.iter().flat_map(|f| f.chunks.iter()).collect(),
            );
            let kept =
                |c: &Arc<Piece>, other: &[&Arc<Piece>]| other.iter().any(|o| Arc::ptr_eq(c, o));
            for c in before.iter().filter(|c| !kept(c, &after)) {
                touched.extend(c.entities().map(|e| (rank(e.kind()), e.id().clone())));
                touched.extend(c.declared.iter().map(|id| (3, id.clone())));
            }
            for c in after.iter().filter(|c| !kept(c, &before)) {
                touched.extend(c.entities().map(|e| (rank(e.kind()), e.id().clone())));
                touched.extend(c.declared.iter().map(|id| (3, id.clone())));
            }
            if let Some(file) = &new {
                self.note_damage(commit, &change.path, file);
                problems.extend(file.problems().map(|m| FileProblem {
                    path: self.repo.shown(&change.path),
                    message: m.clone(),
                }));
            }
            replacements.push((change.path.as_str(), new));
        }
        let ids: Vec<&Id> = {
            let mut seen = HashSet::new();
            touched
                .iter()
                .map(|(_, id)| id)
                .filter(|id| seen.insert(*id))
                .collect()
        };
        let before: Vec<Option<Home>> = ids.iter().map(|id| self.state.locate(id)).collect();
        for (path, new) in replacements {
            self.state.replace(path, new);
        }
        let hex = commit.hex();
        let stamp = Stamp {
            commit: &hex,
            date: &commit.date,
            day: commit.day,
            author: &commit.author,
        };
        let mut record = CommitChanges {
            commit: hex.clone(),
            author: commit.author.clone(),
            date: commit.date.clone(),
            subject: commit.subject.clone(),
            parents: commit.parent_count,
            changes: Vec::new(),
            moves: Vec::new(),
            problems,
        };
        for (id, before) in ids.into_iter().zip(before) {
            let after = self.state.locate(id);
            let same_path = before.as_ref().map(|b| &b.path) == after.as_ref().map(|a| &a.path);
            // The same parsed document before and after: unchanged.
            let same_text = match (&before, &after) {
                (Some(b), Some(a)) => b.same_piece(a, id),
                _ => false,
            };
            if same_text && same_path {
                continue;
            }
            let old = before.as_ref().and_then(|l| l.entity(id));
            let new = after.as_ref().and_then(|l| l.entity(id));
            if !same_text {
                self.series.observe(stamp, old, new);
            }
            if !self.opts.changes {
                continue;
            }
            if !same_text {
                let mut changes = diff_entity(old, new);
                if let Some(wanted) = &self.opts.entity {
                    changes.retain(|c| c.concerns(wanted) || holds_key_result(c, old, new, wanted));
                }
                record.changes.extend(changes);
            }
            if let (Some(b), Some(a), Some(o), Some(n)) = (&before, &after, old, new) {
                let wanted = self.opts.entity.as_deref().is_none_or(|w| w == id.as_str());
                if !same_path && o.kind() == n.kind() && wanted {
                    record.moves.push(Move {
                        id: id.clone(),
                        kind: n.kind(),
                        from: self.repo.shown(&b.path),
                        to: self.repo.shown(&a.path),
                    });
                }
            }
        }
        record
    }
}

/// An objective added or removed whole carries its key results: it concerns them too.
fn holds_key_result(
    change: &EntityChange,
    old: Option<EntityRef>,
    new: Option<EntityRef>,
    kr: &str,
) -> bool {
    let has = |e: Option<EntityRef>| match e {
        Some(EntityRef::Objective(o)) => o.key_results.iter().any(|k| k.id.as_str() == kr),
        _ => false,
    };
    change.kind == EntityKind::Objective && change.fields.is_empty() && (has(old) || has(new))
}
