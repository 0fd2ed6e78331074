//! Rules: functions from the plan to findings in a [`Sink`]. They return nothing and
//! know nothing of files or terminals; the catalogue names them and the settings give
//! their levels and options.

mod catalogue;
mod cycle;
mod duplicate_id;
mod references;
mod settings;

pub use catalogue::Rule;
pub use settings::{RuleOptions, RuleSettings, default_options};

use jiff::civil::Date;

use crate::finding::Sink;
use crate::load::IdDecl;
use crate::model::Plan;

/// What the rules look at.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub plan: &'a Plan,
    pub decls: &'a [IdDecl],
    /// The day every date-dependent figure is computed for.
    pub as_of: Date,
}

/// Runs every rule that is not switched off.
pub fn run(ctx: &Context, sink: &mut Sink) {
    if sink.enabled(Rule::DuplicateId) {
        duplicate_id::check(ctx.decls, sink);
    }
    if sink.enabled(Rule::UnknownReference) {
        references::check(ctx.plan, sink);
    }
    if sink.enabled(Rule::Cycle) {
        cycle::check(ctx.plan, sink);
    }
}
