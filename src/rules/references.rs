//! `unknown-reference`: every reference names an entity of the right kind.

use foldhash::HashMap;

use crate::finding::{Anchor, Finding, Sink};
use crate::model::{EntityKind, Id, Plan};
use crate::vocab::Rule;

pub(super) fn check(plan: &Plan, sink: &mut Sink) {
    let reaches = sink.reach();
    // Ids by their lower case, for the "did you mean" of a reference to an id not
    // defined: made when the first such reference is met, not for every plan. Ids that
    // differ only by case are all named, in order (a map's order is not the same twice).
    let mut folded: Option<HashMap<String, Vec<&str>>> = None;
    let mut check_one =
        |owner: &Id, field: &str, target: &Id, anchor: Anchor, allowed: &[EntityKind]| {
            let message;
            let help;
            match plan.declared_kind(target.as_str()) {
                Some(kind) if allowed.contains(&kind) => return,
                Some(kind) => {
                    message = format!(
                        "`{target}` is {}, but `{field}` takes {}",
                        kind.a_noun(),
                        nouns(allowed)
                    );
                    help = format!("name {} in `{field}`", nouns(allowed));
                }
                None => {
                    message = format!("`{field}` names `{target}`, which is not defined");
                    let folded = folded.get_or_insert_with(|| by_lower_case(plan));
                    help = match folded.get(&target.as_str().to_ascii_lowercase()) {
                        Some(close) => {
                            format!("did you mean {}? Ids are case-sensitive", either(close))
                        }
                        None => format!(
                            "define `{target}`, or fix the id; `{field}` takes {}",
                            nouns(allowed)
                        ),
                    };
                }
            }
            sink.push(
                Finding::new(Rule::UnknownReference, message)
                    .entity(owner)
                    .at(anchor)
                    .help(help),
            );
        };

    for g in plan.goals.iter().filter(|g| reaches(&g.id)) {
        if let Some(parent) = &g.parent {
            check_one(
                &g.id,
                "parent",
                parent,
                Anchor::value(g.origin.doc, g.origin.field("parent")),
                &[EntityKind::Goal],
            );
        }
    }
    for o in plan.objectives.iter().filter(|o| reaches(&o.id)) {
        for (i, goal) in o.supports.iter().enumerate() {
            let at = Anchor::value(o.origin.doc, o.origin.field(&format!("supports/{i}")));
            check_one(&o.id, "supports", goal, at, &[EntityKind::Goal]);
        }
    }
    for p in plan.projects.iter().filter(|p| reaches(&p.id)) {
        for (i, c) in p.contributes_to.iter().enumerate() {
            let at = Anchor::value(p.origin.doc, p.contribution_pointer(i));
            check_one(
                &p.id,
                "contributes_to",
                &c.id,
                at,
                &[EntityKind::KeyResult, EntityKind::Objective],
            );
        }
        for (i, dep) in p.depends_on.iter().enumerate() {
            let at = Anchor::value(p.origin.doc, p.origin.field(&format!("depends_on/{i}")));
            check_one(&p.id, "depends_on", dep, at, &[EntityKind::Project]);
        }
        if let Some(pilot) = &p.validated_by {
            let at = Anchor::value(p.origin.doc, p.origin.field("validated_by"));
            check_one(&p.id, "validated_by", pilot, at, &[EntityKind::Project]);
        }
    }
}

fn nouns(kinds: &[EntityKind]) -> String {
    let words: Vec<&str> = kinds.iter().map(|k| k.a_noun()).collect();
    words.join(" or ")
}

/// Every declared id by its lower case; ids that differ only by case sorted.
fn by_lower_case(plan: &Plan) -> HashMap<String, Vec<&str>> {
    let mut folded: HashMap<String, Vec<&str>> = HashMap::default();
    for (id, _) in plan.declared_ids() {
        folded.entry(id.to_ascii_lowercase()).or_default().push(id);
    }
    for ids in folded.values_mut() {
        ids.sort_unstable();
    }
    folded
}

/// "`A`", "`A` or `B`", "`A`, `B` or `C`".
fn either(ids: &[&str]) -> String {
    let quoted: Vec<String> = ids.iter().map(|id| format!("`{id}`")).collect();
    match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}
