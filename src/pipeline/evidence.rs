//! What git history adds to a check: when each key result's `current` last changed,
//! for `stale-kr`.

use std::sync::Arc;

use jiff::civil::Date;

use super::revisions::{open, roots};
use super::{Note, Progress};
use crate::history::walk::{History, KnownFiles, WalkOptions, walk_knowing};
use crate::history::{HistoryError, damage_message, truncation_message};
use crate::measure::Evidence;
use crate::model::{Entity, Plan};
use crate::vocab::{Rule, RuleSettings};
use crate::workspace::Workspace;

/// One walk of the history of `HEAD` for the value series behind `stale-kr`. It needs
/// no plan: callers run it while the plan files load. `None` outside a git repository
/// or in one without commits; `None` with a note when the walk failed: plain folders
/// are checked without git, with no error.
pub fn value_history(
    workspace: &Workspace,
    window: Option<Date>,
    known: &dyn Fn() -> Option<Arc<KnownFiles>>,
    progress: Progress,
    notes: &mut Vec<Note>,
) -> Option<History> {
    let not_read =
        |e: &HistoryError| format!("history not read, `stale-kr` uses check-ins only: {e}");
    let git = match open(workspace) {
        Ok(git) => git,
        Err(
            HistoryError::NotARepository { .. }
            | HistoryError::Bare { .. }
            | HistoryError::Outside { .. },
        ) => return None,
        Err(e) => {
            notes.push(not_read(&e));
            return None;
        }
    };
    let head = match git.head() {
        Ok(head) => head,
        Err(HistoryError::Empty) => return None,
        Err(e) => {
            notes.push(not_read(&e));
            return None;
        }
    };
    let mut options =
        WalkOptions::whole(head, roots(&git, workspace), workspace.config.limits, false);
    options.read_from = window;
    let history = match walk_knowing(&git, &options, known, progress) {
        Ok(h) => h,
        Err(e) => {
            notes.push(not_read(&e));
            return None;
        }
    };
    if let Some(at) = &history.truncated_at {
        notes.push(format!(
            "{}; `stale-kr` sees only the updates since then",
            truncation_message(at)
        ));
    }
    notes.extend(damage_message(&history.damaged));
    Some(history)
}

/// The first day whose history `stale-kr` needs at `as_of`: `as_of` minus its `days`.
/// A `current` changed before it is stale whatever the day, so a check reads history
/// from there only (issue 19); every command dates updates against the same window,
/// so that they agree.
pub fn stale_window(rules: &RuleSettings, as_of: Date) -> Option<Date> {
    let days = i64::from(rules.options(Rule::StaleKr).days);
    as_of.checked_sub(jiff::Span::new().days(days)).ok()
}

/// When each key result's `current` was last changed, for `stale-kr`: from the value
/// history (commits after `as_of` do not count); a value that differs from `HEAD` in
/// the working tree is being changed now and counts as updated `today`, when that is
/// not after `as_of`. With a `window`, a change before it is known as older only.
pub fn evidence_from(
    history: Option<&History>,
    plan: &Plan,
    as_of: Date,
    today: Date,
    window: Option<Date>,
) -> Evidence {
    let Some(history) = history else {
        return Evidence::default();
    };
    let mut current_changed = foldhash::HashMap::default();
    let mut changed_before = foldhash::HashSet::default();
    for (id, day) in history.series.last_current_change(as_of) {
        match window {
            Some(w) if day < w => changed_before.insert(id),
            _ => current_changed.insert(id, day).is_none(),
        };
    }
    // A walk that began at the window knows of the values before it only that they were
    // (a whole walk has no such values).
    if window.is_some() {
        for id in &history.valued_at_start {
            if !current_changed.contains_key(id) {
                changed_before.insert(id.clone());
            }
        }
    }
    if today <= as_of {
        for (oi, o) in plan.objectives.iter().enumerate() {
            for (ki, kr) in o.key_results.iter().enumerate() {
                // A key-result id used twice counts once: where the plan reads it.
                let here = Entity::KeyResult {
                    objective: oi,
                    index: ki,
                };
                let Some(value) = kr.metric.current else {
                    continue;
                };
                if plan.get(kr.id.as_str()) != Some(here) {
                    continue;
                }
                if history.head_currents.get(&kr.id) != Some(&value) {
                    current_changed.insert(kr.id.clone(), today);
                    changed_before.remove(&kr.id);
                }
            }
        }
    }
    Evidence {
        current_changed,
        window,
        changed_before,
        history: true,
    }
}
