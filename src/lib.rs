//! bearing: strategy as code. Goals, OKRs and projects as YAML, checked, traced and
//! reported.
//!
//! The library is the whole tool; `main.rs` only runs [`cli::main`]. The core —
//! [`model`], [`load`], [`rules`], [`schema`] — does no terminal or file I/O; the
//! [`workspace`] reads files, [`history`] reads git, [`render`] turns results into text,
//! [`report`] builds the Markdown, JSON and HTML reports, [`cli`] wires them.
//! Nothing here prints: output goes through writers handed in by the CLI.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod change;
pub mod check;
pub mod cli;
pub mod config;
pub mod finding;
pub mod format;
pub mod history;
pub mod load;
pub mod lsp;
pub mod measure;
pub mod model;
pub mod pipeline;
pub mod pool;
pub mod render;
pub mod report;
pub mod rules;
pub mod scaffold;
pub mod schema;
pub mod trace;
pub mod vocab;
pub mod workspace;
pub mod yaml {
    //! YAML with positions, under resource limits.
    mod build;
    mod fast;
    pub mod node;
    #[cfg(test)]
    mod oracle;
    pub mod parse;
    mod scalar;
}
