//! Whole operations, as the commands run them: a workspace and the repository in,
//! results and notes out. Each wires the workspace reader, the git reader and the pure
//! core ([`crate::check`], [`crate::change`], [`crate::measure`]) in the order the
//! command needs, and prints nothing: warnings come back as notes for the command layer
//! to show. The clock is never read here; the command passes `today` in, as it passes
//! `--as-of`.

pub mod check;
pub mod diff;
pub mod evidence;
pub mod known;
pub mod lookup;
pub mod report;
pub mod revisions;

use crate::history::HistoryError;
use crate::workspace::WorkspaceError;

/// Why an operation could not run: exit code 2, with a hint.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
    #[error(transparent)]
    History(#[from] HistoryError),
    /// The input cannot give an answer; `help` says what to change.
    #[error("{message}")]
    Refused { message: String, help: String },
}

/// Something a command should tell the user on stderr, apart from its output.
pub type Note = String;

/// Reports the progress of a long history walk: commits done, commits in all.
pub type Progress<'a> = &'a mut (dyn FnMut(usize, usize) + Send);

/// Data a command is done with, left to the end of the process: handing a whole plan's
/// nodes back to the allocator one by one is 6% of a check of the bench workload and a
/// tenth of its report, and a command that exits next need not do it. The library only
/// collects them; `main` decides, as the process ends, not to free them.
#[derive(Default)]
pub struct Leftovers(Vec<Box<dyn std::any::Any + Send>>);

impl Leftovers {
    /// Keeps `value` until the process exits.
    pub fn keep<T: Send + 'static>(&mut self, value: T) {
        self.0.push(Box::new(value));
    }
}

impl std::fmt::Debug for Leftovers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Leftovers({} values)", self.0.len())
    }
}
