//! Before a check-in is written: the plan with it is read again, and only the findings
//! it would add refuse it.

use super::{CheckinError, Edit, internal, refused};
use crate::check::check_loaded;
use crate::finding::Finding;
use crate::load::{FileContent, Loaded, RawFile, load};
use crate::measure::Evidence;
use crate::model::{CheckIn, Objective};
use crate::vocab::{Level, Rule};
use crate::workspace::Workspace;

/// Re-reads the plan with the edited file and refuses anything but the one new check-in.
pub(super) fn verify(
    workspace: &Workspace,
    mut files: Vec<RawFile>,
    before: Loaded,
    edit: &Edit,
    id: &str,
) -> Result<(), CheckinError> {
    for file in &mut files {
        if file.path == edit.shown {
            file.content = FileContent::Bytes(edit.after.as_bytes().to_vec());
        }
    }
    let after = load(files, &workspace.config.limits.yaml);
    let problems = new_problems(&before.findings, &after.findings);
    if let Some(problem) = problems.first() {
        return Err(refused(
            format!(
                "the check-in would make `{}` invalid: {problem}",
                edit.shown
            ),
            "nothing was written; give a value and confidence the schema accepts",
        ));
    }
    let Some(kr) = after
        .plan
        .key_results()
        .find(|(o, k)| k.id.as_str() == id && o.id == edit.objective)
        .map(|(_, k)| k)
    else {
        return Err(internal("the key result is gone after the edit"));
    };
    let mut expected: Vec<CheckIn> = before
        .plan
        .key_results()
        .find(|(o, k)| k.id.as_str() == id && o.id == edit.objective)
        .map(|(_, k)| k.checkins.clone())
        .unwrap_or_default();
    expected.push(edit.checkin.clone());
    let same_entities = before.plan.goals == after.plan.goals
        && before.plan.projects == after.plan.projects
        && before.plan.objectives.len() == after.plan.objectives.len()
        && before
            .plan
            .objectives
            .iter()
            .zip(&after.plan.objectives)
            .all(|(b, a)| without_checkins_of(b, id) == without_checkins_of(a, id));
    if kr.checkins != expected || !same_entities {
        return Err(refused(
            format!(
                "the check-in could not be added to `{}` without changing something else",
                edit.shown
            ),
            "nothing was written; add it by hand, or report the file's layout as a bug",
        ));
    }
    let config = &workspace.config;
    let errors = |loaded: Loaded| {
        check_loaded(
            loaded,
            config,
            edit.checkin.date,
            &Evidence::default(),
            None,
        )
        .findings
        .iter()
        .filter(|f| f.finding.level == Level::Error)
        .count()
    };
    if errors(after) > errors(before) {
        return Err(refused(
            "the check-in would add an error-level finding to the plan",
            "nothing was written; run `bearing check` to see the plan's findings",
        ));
    }
    Ok(())
}

fn without_checkins_of(objective: &Objective, id: &str) -> Objective {
    let mut copy = objective.clone();
    for kr in &mut copy.key_results {
        if kr.id.as_str() == id {
            kr.checkins.clear();
        }
    }
    copy
}

/// Input and schema findings of `after` that `before` did not have, by message.
fn new_problems(before: &[Finding], after: &[Finding]) -> Vec<String> {
    let relevant = |f: &&Finding| matches!(f.rule, Rule::Input | Rule::Schema);
    let mut old: Vec<&str> = before
        .iter()
        .filter(relevant)
        .map(|f| f.message.as_str())
        .collect();
    let mut new = Vec::new();
    for f in after.iter().filter(relevant) {
        if let Some(i) = old.iter().position(|m| *m == f.message) {
            old.swap_remove(i);
        } else {
            new.push(f.message.clone());
        }
    }
    new
}
