//! What changed between two versions of a plan, as pure functions of plans and file
//! texts: the semantic diff ([`diff`], field by field in `fields`), its impact
//! ([`impact`]), which findings are new ([`novelty`]), the time series of every `current`
//! value ([`series`]), and the state of a plan at a revision built from its files
//! ([`state`], [`versions`], [`snapshot`]). No git and no I/O: the `history` module reads
//! the revisions and hands their files here, so all of this is tested without a
//! repository.

pub mod diff;
pub mod impact;
pub mod novelty;
pub mod reach;
pub mod series;
pub mod snapshot;
pub mod state;
pub mod versions;
