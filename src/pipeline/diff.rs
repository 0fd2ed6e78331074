//! `diff` as an operation: the plan at two revisions (or a revision and the working
//! tree), compared entity by entity, with the impact of the change.

use jiff::civil::Date;

use super::revisions::{folders_text, open, read_at, read_pair_at, revision};
use super::{Leftovers, PipelineError};
use crate::change::diff::PlanDiff;
use crate::change::impact::{Impact, impact};
use crate::change::snapshot::{Side, Snapshot, diff_snapshots, read_pair};
use crate::change::state::FileProblem;
use crate::measure::{Evidence, analyze};
use crate::vocab::{Revision, Rule};
use crate::workspace::{Workspace, WorkspaceError};

/// A change of the plan and what it means.
#[derive(Debug)]
pub struct Comparison {
    pub base: Revision,
    pub head: Revision,
    pub diff: PlanDiff,
    pub impact: Impact,
    /// Files that could not be read on either side: the diff is incomplete.
    pub problems: Vec<(Side, FileProblem)>,
}

/// Compares the plan at `base` (default `HEAD`) with the plan at `head` (default the
/// working tree, uncommitted edits included), both read with the working tree's
/// bearing.yaml.
pub fn compare(
    workspace: &Workspace,
    base: Option<&str>,
    head: Option<&str>,
    as_of: Date,
    leftovers: &mut Leftovers,
) -> Result<Comparison, PipelineError> {
    let git = open(workspace)?;
    let base_rev = base.unwrap_or("HEAD");
    let base_id = git.resolve(base_rev)?;
    let (base_files, head, head_files) = match head {
        Some(rev) => {
            let id = git.resolve(rev)?;
            let (base_files, head_files) = read_pair_at(&git, workspace, base_id, id)?;
            (base_files, revision(rev, &id), head_files)
        }
        None => {
            let base_files = read_at(&git, workspace, base_id)?;
            match workspace.read_plan_files(&[]) {
                Ok(files) => (base_files, Revision::working_tree(), files),
                Err(WorkspaceError::NoPlanFiles { .. }) => {
                    (base_files, Revision::working_tree(), Vec::new())
                }
                Err(e) => return Err(e.into()),
            }
        }
    };
    let base = revision(base_rev, &base_id);
    if base_files.is_empty() && head_files.is_empty() {
        return Err(PipelineError::Refused {
            message: format!(
                "no plan files under {} at `{}` nor at `{}`",
                folders_text(workspace),
                base.label(),
                head.label()
            ),
            help: "check the revisions and the `plans:` folders in bearing.yaml".to_owned(),
        });
    }
    let (old, new) = read_pair(base_files, head_files, &workspace.config.limits);
    let tolerance = workspace.config.rules.options(Rule::KrOffTrack).tolerance;
    let evidence = Evidence::default();
    // The entity diff and the two plans' measures are independent: side by side, the
    // serial parts of one fill the other's idle core.
    let (diff, ((old_plan, old_an), (new_plan, new_an))) = rayon::join(
        || diff_snapshots(&old, &new),
        || {
            let measured = |side: &Snapshot| {
                let plan = side.plan();
                let analysis = analyze(&plan, as_of, tolerance, &evidence);
                (plan, analysis)
            };
            rayon::join(|| measured(&old), || measured(&new))
        },
    );
    let impact = impact(&old_plan, &old_an, &new_plan, &new_an);
    let mut problems: Vec<(Side, FileProblem)> =
        old.problems.into_iter().map(|p| (Side::Base, p)).collect();
    problems.extend(new.problems.into_iter().map(|p| (Side::Head, p)));
    leftovers.keep((old.state, new.state, old_plan, new_plan, old_an, new_an));
    Ok(Comparison {
        base,
        head,
        diff,
        impact,
        problems,
    })
}
