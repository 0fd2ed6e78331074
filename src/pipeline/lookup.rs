//! An id given on the command line (`trace ID`, `log ID`) that names nothing: what it
//! most likely meant, from the ids the plan declares.

use crate::format::suggest::closest;
use crate::model::Plan;

/// Help for an id the plan does not know: "did you mean `KR-churn`?" when one id is
/// plainly meant, else where to find the ids.
pub fn unknown_id_help(plan: &Plan, id: &str) -> String {
    let mut ids: Vec<&str> = plan.declared_ids().map(|(i, _)| i).collect();
    ids.sort_unstable();
    match closest(id, ids.iter().copied()) {
        Some(meant) => format!("did you mean `{meant}`? Ids are case-sensitive"),
        None => {
            "ids are case-sensitive; `bearing check --format json` lists every entity".to_owned()
        }
    }
}
