//! References read as meant (issue 14): a reference that names no entity but plainly
//! means one — an id in another case, an id with a slip (`KR-chrun`), or the entity's
//! title written instead of its id — is reported as `unknown-reference` with the id to
//! write, and the plan is judged as if it named that entity, so the one mistake does
//! not also orphan the project or strand the objective.
//!
//! Only a guess that is unambiguous among entities of the kinds the field takes is
//! made; anything else is left to the `unknown-reference` rule.

use std::collections::HashMap;
use std::sync::Arc;

use crate::finding::{Anchor, Finding};
use crate::format::suggest::closest;
use crate::model::{EntityKind, Id, Plan};
use crate::vocab::Rule;

/// Candidates for a guess, by kind: ids, and titles (lower case) to ids.
struct Known {
    ids: HashMap<EntityKind, Vec<String>>,
    titles: HashMap<EntityKind, HashMap<String, Vec<String>>>,
}

impl Known {
    fn new(plan: &Plan) -> Known {
        let mut ids: HashMap<EntityKind, Vec<String>> = HashMap::new();
        let mut titles: HashMap<EntityKind, HashMap<String, Vec<String>>> = HashMap::new();
        let mut add = |kind: EntityKind, id: &Id, title: &str| {
            ids.entry(kind).or_default().push(id.0.clone());
            titles
                .entry(kind)
                .or_default()
                .entry(title.trim().to_lowercase())
                .or_default()
                .push(id.0.clone());
        };
        for g in &plan.goals {
            add(EntityKind::Goal, &g.id, &g.title);
        }
        for o in &plan.objectives {
            add(EntityKind::Objective, &o.id, &o.title);
            for kr in &o.key_results {
                add(EntityKind::KeyResult, &kr.id, &kr.title);
            }
        }
        for p in &plan.projects {
            add(EntityKind::Project, &p.id, &p.title);
        }
        Known { ids, titles }
    }

    /// The id `written` most likely meant among `kinds`, and how it was found.
    fn meant(&self, written: &str, kinds: &[EntityKind]) -> Option<(String, Guess)> {
        let key = written.trim().to_lowercase();
        let by_title: Vec<&String> = kinds
            .iter()
            .filter_map(|k| self.titles.get(k)?.get(&key))
            .flatten()
            .collect();
        if let [one] = by_title.as_slice() {
            return Some(((*one).clone(), Guess::Title));
        }
        let ids = kinds
            .iter()
            .filter_map(|k| self.ids.get(k))
            .flatten()
            .map(String::as_str);
        let close = closest(written, ids)?;
        let guess = if close.eq_ignore_ascii_case(written) {
            Guess::Case
        } else {
            Guess::Slip
        };
        Some((close.to_owned(), guess))
    }
}

enum Guess {
    Title,
    Case,
    Slip,
}

fn finding(
    owner: &Id,
    field: &str,
    written: &str,
    meant: &str,
    guess: &Guess,
    at: Anchor,
) -> Finding {
    let (message, help) = match guess {
        Guess::Title => (
            format!("`{field}` names `{written}`, the title of `{meant}`, not its id"),
            format!("write the id: `{meant}`"),
        ),
        Guess::Case => (
            format!("`{field}` names `{written}`, which is not defined"),
            format!("did you mean `{meant}`? Ids are case-sensitive: write `{meant}`"),
        ),
        Guess::Slip => (
            format!("`{field}` names `{written}`, which is not defined"),
            format!("did you mean `{meant}`? Write `{meant}`, or define `{written}`"),
        ),
    };
    Finding::new(Rule::UnknownReference, message)
        .entity(owner)
        .at(at)
        .help(help)
}

/// Rewrites every reference that plainly means another entity, and reports each.
pub(super) fn resolve_references(plan: &mut Plan) -> Vec<Finding> {
    let undefined = |plan: &Plan, id: &Id| plan.declared_kind(id.as_str()).is_none();
    let any = plan
        .goals
        .iter()
        .any(|g| g.parent.as_ref().is_some_and(|p| undefined(plan, p)))
        || plan
            .objectives
            .iter()
            .any(|o| o.supports.iter().any(|g| undefined(plan, g)))
        || plan.projects.iter().any(|p| {
            p.contributes_to.iter().any(|c| undefined(plan, &c.id))
                || p.depends_on.iter().any(|d| undefined(plan, d))
                || p.validated_by.as_ref().is_some_and(|v| undefined(plan, v))
        });
    if !any {
        return Vec::new();
    }
    let known = Known::new(plan);
    let mut out = Vec::new();
    let goal = [EntityKind::Goal];
    let work = [EntityKind::KeyResult, EntityKind::Objective];
    let project = [EntityKind::Project];

    let mut goals = std::mem::take(&mut plan.goals);
    for g in &mut goals {
        let Some(parent) = g.parent.clone().filter(|p| undefined(plan, p)) else {
            continue;
        };
        if let Some((meant, guess)) = known.meant(parent.as_str(), &goal) {
            let at = Anchor::value(g.origin.doc, g.origin.field("parent"));
            out.push(finding(
                &g.id,
                "parent",
                parent.as_str(),
                &meant,
                &guess,
                at,
            ));
            Arc::make_mut(g).parent = Some(Id(meant));
        }
    }
    plan.goals = goals;

    let mut objectives = std::mem::take(&mut plan.objectives);
    for o in &mut objectives {
        for i in 0..o.supports.len() {
            let written = o.supports[i].clone();
            if !undefined(plan, &written) {
                continue;
            }
            if let Some((meant, guess)) = known.meant(written.as_str(), &goal) {
                let at = Anchor::value(o.origin.doc, o.origin.field(&format!("supports/{i}")));
                out.push(finding(
                    &o.id,
                    "supports",
                    written.as_str(),
                    &meant,
                    &guess,
                    at,
                ));
                Arc::make_mut(o).supports[i] = Id(meant);
            }
        }
    }
    plan.objectives = objectives;

    let mut projects = std::mem::take(&mut plan.projects);
    for p in &mut projects {
        for i in 0..p.contributes_to.len() {
            let written = p.contributes_to[i].id.clone();
            if !undefined(plan, &written) {
                continue;
            }
            if let Some((meant, guess)) = known.meant(written.as_str(), &work) {
                let at = Anchor::value(p.origin.doc, p.contribution_pointer(i));
                out.push(finding(
                    &p.id,
                    "contributes_to",
                    written.as_str(),
                    &meant,
                    &guess,
                    at,
                ));
                Arc::make_mut(p).contributes_to[i].id = Id(meant);
            }
        }
        for i in 0..p.depends_on.len() {
            let written = p.depends_on[i].clone();
            if !undefined(plan, &written) {
                continue;
            }
            if let Some((meant, guess)) = known.meant(written.as_str(), &project) {
                let at = Anchor::value(p.origin.doc, p.origin.field(&format!("depends_on/{i}")));
                out.push(finding(
                    &p.id,
                    "depends_on",
                    written.as_str(),
                    &meant,
                    &guess,
                    at,
                ));
                Arc::make_mut(p).depends_on[i] = Id(meant);
            }
        }
        if let Some(written) = p.validated_by.clone().filter(|v| undefined(plan, v)) {
            if let Some((meant, guess)) = known.meant(written.as_str(), &project) {
                let at = Anchor::value(p.origin.doc, p.origin.field("validated_by"));
                out.push(finding(
                    &p.id,
                    "validated_by",
                    written.as_str(),
                    &meant,
                    &guess,
                    at,
                ));
                Arc::make_mut(p).validated_by = Some(Id(meant));
            }
        }
    }
    plan.projects = projects;
    out
}
