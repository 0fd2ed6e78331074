//! The words every layer shares: rule names and levels, the rules' settings, where a
//! finding is, and which revision of the plan is meant. A leaf: it imports nothing of
//! bearing, so the loader, the configuration, the findings and the rules can all use it
//! without using each other.

mod level;
mod location;
mod revision;
mod rule;
mod settings;

pub use level::Level;
pub use location::{Location, PathBase};
pub use revision::Revision;
pub use rule::Rule;
pub use settings::{RuleOptions, RuleSettings, default_options};
