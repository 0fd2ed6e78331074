//! The `bearing` binary: everything lives in the library.

// Parsing allocates many small nodes on every core; mimalloc measured faster than the
// system allocator on the benchmark workload (benches/check.sh).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    bearing::cli::main()
}
