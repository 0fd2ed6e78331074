//! Each thread's handle on the repository during a walk, tuned for reading history:
//! kept warm for the whole walk, dropped when it ends.

/// Sets the object caches of a handle on the repository for a walk through history:
/// - no object cache: bearing reads each blob once (parsed versions are cached by
///   blob id) and keeps the trees it compares next ([`super::super::tree::TreeCache`]), so an
///   object cache only copied every object into itself (4% of `log`);
/// - each version of a plan file is stored as a delta on a nearby version; a pack cache
///   capped by memory keeps the bases a run of commits shares (gix's default keeps 64
///   slots). `core.deltaBaseCacheLimit`, when set, is respected.
pub fn tune(repo: &mut gix::Repository) {
    repo.object_cache_size(0);
    let configured = repo
        .config_snapshot()
        .integer("core.deltaBaseCacheLimit")
        .is_some();
    if !configured {
        repo.objects.set_pack_cache(|| {
            Box::new(gix::odb::pack::cache::lru::MemoryCappedHashmap::new(
                PACK_CACHE_BYTES,
            ))
        });
    }
}

thread_local! {
    /// Each worker's own handle on the repository, kept for the whole walk so that its
    /// pack caches stay warm.
    static REPO: std::cell::RefCell<Option<gix::Repository>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs `f` with this thread's handle on the repository of `sync`.
pub fn with_thread_repo<T>(
    sync: &gix::ThreadSafeRepository,
    f: impl FnOnce(&gix::Repository) -> T,
) -> T {
    REPO.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.as_ref().is_none_or(|r| r.git_dir() != sync.git_dir()) {
            let mut repo = sync.to_thread_local();
            tune(&mut repo);
            *slot = Some(repo);
        }
        match slot.as_ref() {
            Some(repo) => f(repo),
            None => f(&sync.to_thread_local()),
        }
    })
}

/// Drops each thread's handle on a repository ([`with_thread_repo`]) and its pack cache:
/// the pool's workers keep theirs until the process ends otherwise. A handle in use
/// (none is, between walks) is left alone.
pub fn forget_thread_repos() {
    crate::pool::on_every_worker(|| {
        REPO.with(|cell| {
            if let Ok(mut slot) = cell.try_borrow_mut() {
                slot.take();
            }
        });
    });
}

/// The pack cache of each handle (the walk holds one per thread). On the 5,000-commit
/// bench workload 8 MiB beat 64 MiB, whose fresh pages cost more than its hits saved.
const PACK_CACHE_BYTES: usize = 8 * 1024 * 1024;
