//! `cargo xtask`: development tasks for bearing that are not part of the product.
//!
//! - `cargo xtask genplan OUT [options]`: a synthetic plan repository for the benchmarks
//!   under `benches/`, with its ground truth (`cargo xtask genplan --help`).

mod analyse;
mod date;
mod genplan;
mod history;
mod inject;
mod json;
mod model;
mod plan;
mod rng;
mod words;
mod yaml;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask TASK [arguments]

tasks:
  genplan OUT [options]   write a benchmark workload and its truth.json (--help for options)
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("genplan") => match genplan::run(&args[1..]) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("xtask genplan: {e}");
                ExitCode::from(2)
            }
        },
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("xtask: unknown task {other:?}\n{USAGE}");
            ExitCode::from(2)
        }
        None => {
            eprint!("{USAGE}");
            ExitCode::from(2)
        }
    }
}
