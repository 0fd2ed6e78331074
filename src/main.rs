//! The `bearing` binary: everything lives in the library, except the allocator.
//!
//! The library forbids `unsafe` code (`#![forbid(unsafe_code)]` in `lib.rs`). This file
//! holds the only `unsafe` of the crate, and nothing else: the global allocator, which
//! must be an `unsafe impl`, and the one call that tunes the C library's allocator.

use std::alloc::{GlobalAlloc, Layout};

use mimalloc::MiMalloc;

/// mimalloc (parsing allocates many small nodes on every core; it measured faster than
/// the system allocator on the benchmark workloads: `benches/check.sh`), which says so
/// and exits with status 2 when the system refuses memory, where Rust would abort with
/// "memory allocation of N bytes failed" and a core dump (issue 20: a resource error is
/// reported as such, with the limit that was reached).
struct Allocator;

#[global_allocator]
static GLOBAL: Allocator = Allocator;

// SAFETY: every call is passed to mimalloc with the caller's arguments unchanged, so
// mimalloc's guarantees are the caller's; a null result ends the process instead of
// being returned.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract for `alloc` is mimalloc's.
        granted(unsafe { MiMalloc.alloc(layout) }, layout.size())
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as `alloc`.
        granted(unsafe { MiMalloc.alloc_zeroed(layout) }, layout.size())
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract for `realloc` is mimalloc's.
        granted(unsafe { MiMalloc.realloc(ptr, layout, new_size) }, new_size)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from this allocator, that is from mimalloc, with `layout`.
        unsafe { MiMalloc.dealloc(ptr, layout) }
    }
}

/// `block`, unless the system refused it: then bearing says so and exits with status 2.
///
/// Nothing here may allocate: the message is formatted on the stack and written to
/// standard error with one system call, and the process ends without running exit
/// handlers (which may allocate, or wait for a lock a starved thread holds). Callers
/// that would handle a refusal themselves (`try_reserve`) end here too: a refusal means
/// the budget is spent, and naming it beats a later error that blames something else
/// (issue 20: "unknown revision" for a revision that exists).
fn granted(block: *mut u8, size: usize) -> *mut u8 {
    if block.is_null() {
        out_of_memory(size);
    }
    block
}

#[allow(unsafe_code)]
fn out_of_memory(size: usize) -> ! {
    use std::io::Write;
    let mut buffer = [0u8; 512];
    let mut cursor = std::io::Cursor::new(&mut buffer[..]);
    let _ = write!(
        cursor,
        "error: bearing ran out of memory: the system refused it {size} more bytes"
    );
    let _ = match address_space_limit() {
        Some(limit) => write!(
            cursor,
            ", and this process may use at most {} MiB of address space (`ulimit -v`, or \
             the container's limit)",
            limit / (1024 * 1024)
        ),
        None => Ok(()),
    };
    let _ = write!(
        cursor,
        ".\nhelp: raise that limit, or give bearing less to read at once (fewer plan \
         files, or a lower `limits.max-total-bytes` in bearing.yaml).\n"
    );
    let written = usize::try_from(cursor.position()).unwrap_or(0);
    // SAFETY: `write` reads `written` initialised bytes of `buffer`; `_exit` takes no
    // pointer. Neither allocates.
    unsafe {
        libc::write(2, buffer.as_ptr().cast(), written);
        libc::_exit(2)
    }
}

/// The address-space cap (`RLIMIT_AS`) in bytes, when there is one.
#[allow(unsafe_code)]
fn address_space_limit() -> Option<u64> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `getrlimit` writes one `rlimit` through a pointer to a live, aligned one.
    let read = unsafe { libc::getrlimit(libc::RLIMIT_AS, &mut limit) } == 0;
    (read && limit.rlim_cur != libc::RLIM_INFINITY).then_some(limit.rlim_cur)
}

/// One arena for the C library's allocator. Rust's allocations go to mimalloc, but
/// every thread that registers a thread-local destructor makes glibc allocate a few
/// bytes, and glibc gives each such thread an arena of its own that reserves 64 MiB of
/// address space: five threads took 330 MiB of a 512 MiB cap (`prlimit --as`), and
/// the report of a 5,000-commit history aborted. One arena serves those few bytes.
#[allow(unsafe_code)]
fn one_c_arena() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` sets a tunable of glibc's allocator; no thread has started yet.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}

/// Hands the memory this thread freed back to the system now, rather than when
/// mimalloc would next look at it. The report calls it on every thread once the walk
/// of history is done: what the walk freed stayed resident beside the plan read next
/// (the report of a history of 5,000 commits peaked at 150 MiB without it, 140 with
/// it, in the same time). Called where little was freed, it costs time for nothing:
/// before `check` judges the plan, it made the worked example's `check --base` 1.18x
/// slower for 10 MiB on the long history, so it is not called there.
#[allow(unsafe_code)]
fn release() {
    // SAFETY: `mi_collect` takes a flag and touches only mimalloc's own state; it may
    // run on any thread at any time.
    unsafe { libmimalloc_sys::mi_collect(true) }
}

fn main() -> std::process::ExitCode {
    one_c_arena();
    bearing::set_memory_release(release);
    let (code, leftovers) = bearing::cli::main();
    // The plan, its measures and its history are done with: the process ends now, and
    // handing their nodes back to the allocator one by one would only cost time (6% of
    // a check of the bench workload, a tenth of its report).
    std::mem::forget(leftovers);
    code
}
