//! What a report is built from: the plan (working tree, or `--rev`), loaded, and what
//! git history adds: trends, "last updated", the changes since a base.

use jiff::civil::Date;

use super::evidence::{evidence_from, stale_window};
use super::revisions::{open, read_at, roots};
use super::{Leftovers, Note, PipelineError, Progress};
use crate::history::walk::{WalkOptions, walk};
use crate::history::{HistoryError, damage_message, truncation_message};
use crate::load::{Loaded, load};
use crate::measure::Evidence;
use crate::report::{Input, from_history};
use crate::workspace::Workspace;

/// Which plan and how much history.
#[derive(Debug, Clone)]
pub struct ReportRequest<'a> {
    /// The revision to report on; the working tree when `None`.
    pub rev: Option<&'a str>,
    /// The revision whose changes the report lists.
    pub base: Option<&'a str>,
    /// Read no history (no trends, no "last updated" from git).
    pub no_history: bool,
    pub as_of: Date,
    /// The day it is: a key result edited but not committed counts as updated then.
    pub today: Date,
}

/// The plan, the history input of the report, and the evidence for `stale-kr`.
pub fn gather(
    workspace: &Workspace,
    request: &ReportRequest,
    progress: Progress,
    notes: &mut Vec<Note>,
    leftovers: &mut Leftovers,
) -> Result<(Loaded, Input, Evidence), PipelineError> {
    let load = |files| load(files, &workspace.config.limits.yaml);
    let wants_git = request.rev.is_some() || request.base.is_some();
    let plain = || -> Result<(Loaded, Input, Evidence), PipelineError> {
        Ok((
            load(workspace.read_plan_files(&[])?),
            Input::default(),
            Evidence::default(),
        ))
    };
    let git = match open(workspace) {
        Ok(git) => git,
        Err(e) if wants_git => return Err(e.into()),
        Err(_) => return plain(),
    };
    let start = match request.rev {
        Some(rev) => git.resolve(rev)?,
        None => match git.head() {
            Ok(head) => head,
            Err(HistoryError::Empty) => return plain(),
            Err(e) => return Err(e.into()),
        },
    };
    let files = match request.rev {
        Some(_) => read_at(&git, workspace, start)?,
        None => workspace.read_plan_files(&[])?,
    };
    let base = match request.base {
        Some(rev) => Some((rev.to_owned(), git.resolve(rev)?.to_string())),
        None => None,
    };
    let rev = request.rev.map(str::to_owned);
    if request.no_history && base.is_none() {
        return Ok((
            load(files),
            Input {
                rev,
                ..Input::default()
            },
            Evidence::default(),
        ));
    }
    let options = WalkOptions::whole(
        start,
        roots(&git, workspace),
        workspace.config.limits,
        base.is_some(),
    );
    // The repository handle stays on this thread; the files load on another.
    // Where no thread can start (a cap on threads or memory), one after the other.
    let files = std::sync::Mutex::new(Some(files));
    let (loaded, history) = std::thread::scope(|scope| {
        let loading = std::thread::Builder::new()
            .name("bearing-load".to_owned())
            .spawn_scoped(scope, || {
                files.lock().ok().and_then(|mut f| f.take()).map(load)
            });
        let history = walk(&git, &options, progress);
        let loaded = match loading {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => files.lock().ok().and_then(|mut f| f.take()).map(load),
        };
        (loaded, history)
    });
    let loaded = loaded.unwrap_or_default();
    let history = history?;
    if let Some(at) = &history.truncated_at {
        notes.push(truncation_message(at));
    }
    notes.extend(damage_message(&history.damaged));
    // "Last updated" as `check` reads it, uncommitted edits included.
    let window = stale_window(&workspace.config.rules, request.as_of);
    let evidence = evidence_from(
        Some(&history),
        &loaded.plan,
        request.as_of,
        request.today,
        window,
    );
    let input = from_history::input(
        &history,
        request.as_of,
        rev,
        base,
        workspace.config.report.show_emails,
    );
    leftovers.keep(history);
    Ok((loaded, input, evidence))
}
