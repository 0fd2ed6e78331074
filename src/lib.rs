//! bearing: strategy as code. Goals, OKRs and projects as YAML, checked, traced and
//! reported.
//!
//! The library is the whole tool; `main.rs` only runs [`cli::main`]. Nothing here
//! prints: output goes through writers handed in by the command layer.
//!
//! # The public surface
//!
//! What a program that embeds bearing needs, from the bottom up:
//! - [`vocab`]: rule names, levels and settings, locations, revisions;
//! - [`model`]: goals, objectives, key results and projects, and the [`model::Plan`];
//! - [`load`]: plan files to a plan, with every input problem as a finding;
//! - [`config`] and [`workspace`]: `bearing.yaml` and the plan files it names;
//! - [`finding`], [`check`]: the rules' findings, as data;
//! - [`measure`], [`trace`]: progress, expected progress, alignment, the chain of an id;
//! - [`change`]: what a change of the plan means (diff, impact, series);
//! - [`history`]: the plan's history read from git;
//! - [`pipeline`]: whole operations (`check`, `diff`, a report's inputs);
//! - [`checkin`] and [`commit`]: a check-in written in place, and committed;
//! - [`report`]: the report model and its Markdown, JSON and HTML;
//! - [`cli`]: the command line itself.
//!
//! Everything else — the YAML reader, the schemas, the rules, the renderers, the
//! formatter, the worker pool, the scaffolds, `import`, `checkin` and the language
//! server — is internal.
#![forbid(unsafe_code)]
#![deny(clippy::print_stdout, clippy::print_stderr)]
#![warn(unreachable_pub)]

pub mod change;
pub mod check;
pub(crate) mod checkin;
pub mod cli;
pub(crate) mod commit;
pub mod config;
pub mod finding;
pub(crate) mod format;
#[doc(hidden)]
pub mod fuzzing;
pub mod history;
pub(crate) mod import;
pub mod load;
pub(crate) mod lsp;
pub mod measure;
pub mod model;
pub mod pipeline;
pub(crate) mod pool;
pub(crate) mod render;
pub mod report;
pub(crate) mod rules;
pub(crate) mod scaffold;
pub(crate) mod schema;
pub mod trace;
pub mod vocab;
pub mod workspace;

// The binary owns the allocator, and tells the library how to hand memory back.
pub use pool::set_release as set_memory_release;
// Public only for `yaml::fuzzing`, the fuzz target's way in; everything else in it is internal.
#[doc(hidden)]
pub mod yaml {
    //! YAML with positions, under resource limits.
    mod build;
    mod fast;
    // Exists only for the differential fuzz target in `fuzz/`: not part of the interface.
    #[doc(hidden)]
    pub mod fuzzing;
    mod granit;
    mod limits;
    pub(crate) mod node;
    mod oracle;
    pub(crate) mod parse;
    mod scalar;
}
