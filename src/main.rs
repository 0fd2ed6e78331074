//! The `bearing` binary: everything lives in the library.

// Parsing allocates many small nodes on every core; mimalloc measured faster than the
// system allocator on the benchmark workload (benches/check.sh).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let (code, leftovers) = bearing::cli::main();
    // The plan, its measures and its history are done with: the process ends now, and
    // handing their nodes back to the allocator one by one would only cost time (6% of
    // a check of the bench workload, a tenth of its report).
    std::mem::forget(leftovers);
    code
}
