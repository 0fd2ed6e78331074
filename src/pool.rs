//! The one pool of worker threads, with the stack that reading YAML needs.
//!
//! Reading a document recurses once per nesting level (the tree, the JSON Schema check,
//! the model reader, the drop), so the threads that parse need a stack that fits the
//! configured `max-depth` ([`stack_size_for`]). Every parallel step of bearing runs on
//! rayon's global pool, built here once with that stack: then "on a rayon thread" means
//! "on a thread with the parser's stack", and nothing builds a pool per call.
//!
//! If the global pool was already built by someone else (a test harness, a library
//! user), or a later call needs a deeper stack than the pool was built with, a pool of
//! that size is built for the call instead: slower, never wrong. If no thread can be
//! started at all (a process under a thread or memory cap), the work runs on the calling
//! thread: slower, and deep documents may then exhaust its stack, but bearing does not
//! panic for want of a thread.

use std::sync::OnceLock;

use crate::yaml::parse::{YamlLimits, stack_size_for};

/// The stack the global pool was built with; `None` when it could not be built here.
static GLOBAL_STACK: OnceLock<Option<usize>> = OnceLock::new();

/// Set when no worker could start and the pool is the thread that built it.
static ALONE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Whether the pool is the thread that built it alone (no worker could start, under a
/// cap on threads or memory). That thread runs the pool's work only while it waits on
/// the pool itself: a thread of ours that hands the pool work while it waits on
/// something else (a join) would wait for ever. Then everything runs on that thread.
fn alone() -> bool {
    ALONE.load(std::sync::atomic::Ordering::Relaxed)
}

/// Starts a helper thread of ours in `scope`, beside the pool; refused, like a thread
/// the system would not start, when the pool is this thread [`alone`]. Callers do the
/// work on the calling thread when it is refused.
pub(crate) fn spawn_helper<'scope, T: Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    name: &str,
    work: impl FnOnce() -> T + Send + 'scope,
) -> std::io::Result<std::thread::ScopedJoinHandle<'scope, T>> {
    if alone() {
        return Err(std::io::Error::other("the pool is this thread alone"));
    }
    std::thread::Builder::new()
        .name(name.to_owned())
        .spawn_scoped(scope, work)
}

/// Work handed to a helper thread of ours ([`beside`]), or already done on the calling
/// thread where none could start.
pub(crate) enum Beside<'scope, T> {
    Thread(std::thread::ScopedJoinHandle<'scope, Option<T>>),
    Done(Option<T>),
}

impl<T> Beside<'_, T> {
    /// What the work returned. A panic on the helper thread is a bug: raised again here,
    /// it reaches `main`, which says so. Exactly one side (the thread, or this one when
    /// the thread could not start) takes the work from its slot, so the answer is always
    /// there; it is an `Option` because the slot is.
    pub(crate) fn join(self) -> Option<T> {
        match self {
            Beside::Thread(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Beside::Done(done) => done,
        }
    }
}

/// Runs `work` on a helper thread of ours in `scope`, beside the calling thread; where
/// no thread can start ([`spawn_helper`] refused), runs it here and now, before
/// returning. So a caller that waits on what the work sends (a channel) waits on a
/// thread when there is one, and finds it sent already when there is not: never on
/// work that has not started.
pub(crate) fn beside<'scope, T: Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    name: &str,
    work: impl FnOnce() -> T + Send + 'scope,
) -> Beside<'scope, T> {
    // The work waits in a slot the thread empties: a thread that cannot start drops
    // what it was given, and the work is still here to be done on this one.
    let slot = std::sync::Arc::new(std::sync::Mutex::new(Some(work)));
    let taken = std::sync::Arc::clone(&slot);
    let take = |slot: &std::sync::Mutex<Option<_>>| {
        slot.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
    };
    match spawn_helper(scope, name, move || take(&taken).map(|work| work())) {
        Ok(handle) => Beside::Thread(handle),
        Err(_) => Beside::Done(take(&slot).map(|work| work())),
    }
}

/// Runs `f` on this thread and once on every worker of the pool: to drop what workers
/// keep in their thread-locals once the work that needed it is done. Nothing runs on a
/// pool that was never built here (a pool built per call has no workers left).
pub(crate) fn on_every_worker(f: impl Fn() + Sync) {
    f();
    let built_here = GLOBAL_STACK.get().is_some_and(Option::is_some);
    if built_here && !alone() {
        rayon::broadcast(|_| f());
    }
}

/// Builds the global pool with the stack `limits` need, once per process. Call it
/// before any parallel work; later calls do nothing.
pub(crate) fn init(limits: &YamlLimits) {
    global_stack(stack_size_for(limits));
}

fn global_stack(stack: usize) -> Option<usize> {
    *GLOBAL_STACK.get_or_init(|| {
        // rayon builds its global pool once: a build that fails cannot be retried, and
        // every parallel step after it would panic. So first see whether the workers can
        // start at all (a cap on threads or memory may forbid it); if not, the pool is
        // this thread alone, and the parallel steps run on it one after the other.
        let workers = std::thread::available_parallelism().map_or(1, usize::from);
        let probes: Vec<_> = (0..workers)
            .map(|_| std::thread::Builder::new().stack_size(stack).spawn(|| ()))
            .collect();
        let all_started = probes.iter().all(Result::is_ok);
        for probe in probes.into_iter().flatten() {
            let _ = probe.join();
        }
        let builder = rayon::ThreadPoolBuilder::new()
            .stack_size(stack)
            .thread_name(|i| format!("bearing-worker-{i}"));
        if all_started && builder.build_global().is_ok() {
            return Some(stack);
        }
        // This thread's stack is not the parser's: `run` then reads on a pool of its
        // own, or on this thread when none can start.
        if !all_started
            && rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .use_current_thread()
                .build_global()
                .is_ok()
        {
            ALONE.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        None
    })
}

/// Runs `f` on a worker of the pool, where the parser's stack is; directly when the
/// caller already is on one. Parallel iterators inside `f` use the same pool.
pub(crate) fn run<T: Send>(limits: &YamlLimits, f: impl FnOnce() -> T + Send) -> T {
    let stack = stack_size_for(limits);
    match global_stack(stack) {
        Some(built) if built >= stack => {
            if rayon::current_thread_index().is_some() {
                f()
            } else {
                // `scope` called from outside the pool runs its body on a worker.
                rayon::scope(|_| f())
            }
        }
        _ => match rayon::ThreadPoolBuilder::new().stack_size(stack).build() {
            Ok(pool) => pool.install(f),
            Err(_) => f(),
        },
    }
}

/// What hands memory freed by a finished step back to the system; set by the binary,
/// which owns the allocator.
static RELEASE: OnceLock<fn()> = OnceLock::new();

/// Sets how freed memory is handed back ([`release_freed_memory`]); the first call wins.
pub fn set_release(release: fn()) {
    let _ = RELEASE.set(release);
}

/// Hands the memory a finished step freed back to the system, on this thread and every
/// worker.
pub(crate) fn release_freed_memory() {
    if let Some(release) = RELEASE.get() {
        on_every_worker(release);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_runs_on_a_thread_with_the_parsers_stack() {
        let limits = YamlLimits::default();
        init(&limits);
        let on_worker = run(&limits, || rayon::current_thread_index().is_some());
        assert!(on_worker);
        // A deeper configured depth than the pool was built for still gets its stack.
        let deep = YamlLimits {
            max_depth: limits.max_depth * 4,
            ..limits
        };
        let sum: u64 = run(&deep, || (0..1000u64).sum());
        assert_eq!(sum, 499_500);
    }
}
