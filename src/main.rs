//! The `bearing` binary: everything lives in the library.

fn main() -> std::process::ExitCode {
    bearing::cli::main()
}
