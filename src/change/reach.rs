//! How far a change reaches: the entities whose findings may differ between the plan at
//! a base revision and the plan now, for the rules whose findings about an entity follow
//! from that entity, its own document and the entities it names.
//!
//! `check --base` learns which findings are new by judging the plan at the base too. A
//! pull request changes a few files of thousands, and every entity outside its reach has
//! the same findings of those rules on both sides: the base is judged for them only
//! within the reach, and the findings outside it are there before as they are now.
//!
//! The reach is every entity declared in a changed file (on either side), every entity
//! named there, every id declared twice (which of the two counts may change), every
//! entity with a reference read as meant and what it names (a change anywhere may read it
//! otherwise), the key results of an objective among those, and every entity naming one
//! of them or contributing to a key result of such an objective. Where a changed file has a
//! finding of its own (something in it set aside or left out) or what was set aside
//! differs, the hold-back may change anywhere: there is no reach, and the whole base is
//! judged.

use std::sync::Arc;

use foldhash::{HashMap, HashSet, HashSetExt};

use crate::load::{Damage, Loaded};
use crate::model::{Entity, Id, Plan};
use crate::vocab::Rule;

/// The ids of the entities a change reaches.
pub type Reached = HashSet<Id>;

/// The reach of the change from `base` to `head`, or `None` where it cannot be bounded.
/// Files are the same on both sides when they are the very text one load read for both
/// (the base places the work tree's files it shares): a file read again is changed.
pub fn reach(base: &Loaded, head: &Loaded) -> Option<Reached> {
    let changed_at_base = changed_files(base, head);
    let changed_at_head = changed_files(head, base);
    if !clean(base, &changed_at_base) || !clean(head, &changed_at_head) {
        return None;
    }
    if !same_damage(&base.damage, &head.damage) {
        return None;
    }
    let mut named = HashSet::new();
    for (side, changed) in [(base, &changed_at_base), (head, &changed_at_head)] {
        changed_entities(side, changed, &mut named);
        read_as_meant(side, &mut named);
        // Which declaration of an id declared twice counts follows the order of the
        // files, which a change may move.
        named.extend(side.declared_twice.iter().map(|id| Id::from(id.as_str())));
    }
    Some(around(&base.plan, named))
}

/// By file index: whether `side`'s file is not, at the same path, the very text the
/// other side read.
fn changed_files(side: &Loaded, other: &Loaded) -> Vec<bool> {
    let texts: HashMap<&str, &Arc<String>> = other
        .sources
        .files
        .iter()
        .map(|f| (f.path.as_str(), &f.text))
        .collect();
    side.sources
        .files
        .iter()
        .map(|f| {
            texts
                .get(f.path.as_str())
                .is_none_or(|text| !Arc::ptr_eq(text, &f.text))
        })
        .collect()
}

/// Whether every changed file was read whole: no finding of reading in it (nothing set
/// aside or left out, so it adds nothing to the damage) and none that points nowhere.
fn clean(side: &Loaded, changed: &[bool]) -> bool {
    side.unreadable
        .iter()
        .all(|&file| !changed.get(file).copied().unwrap_or(true))
        && side.findings.iter().all(|finding| {
            finding
                .at
                .as_ref()
                .and_then(|anchor| side.sources.file_of(anchor))
                .is_some_and(|file| !changed.get(file).copied().unwrap_or(true))
        })
}

/// Whether both sides set aside and left out the same, in any order.
fn same_damage(a: &Damage, b: &Damage) -> bool {
    fn sorted<T: Ord + Clone>(items: &[T]) -> Vec<T> {
        let mut items = items.to_vec();
        items.sort();
        items
    }
    a.unknown_ids == b.unknown_ids
        && a.unknown_references == b.unknown_references
        && a.fields == b.fields
        && sorted(&a.references) == sorted(&b.references)
        && sorted(&pieces(a)) == sorted(&pieces(b))
}

fn pieces(damage: &Damage) -> Vec<(&str, &str)> {
    let pieces = damage.pieces.iter();
    pieces
        .map(|(id, kind)| (id.as_str(), kind.a_noun()))
        .collect()
}

/// Every entity declared in a changed file of `side`, and every id it names.
fn changed_entities(side: &Loaded, changed: &[bool], named: &mut HashSet<Id>) {
    let in_changed = |doc: usize| {
        side.sources
            .docs
            .get(doc)
            .is_none_or(|d| changed.get(d.file).copied().unwrap_or(true))
    };
    for decl in side.decls.iter().filter(|d| in_changed(d.doc)) {
        named.insert(Id::from(decl.id.as_str()));
    }
    let plan = &side.plan;
    for g in plan.goals.iter().filter(|g| in_changed(g.origin.doc)) {
        name_with_its_links(plan, &g.id, named);
    }
    for o in plan.objectives.iter().filter(|o| in_changed(o.origin.doc)) {
        name_with_its_links(plan, &o.id, named);
    }
    for p in plan.projects.iter().filter(|p| in_changed(p.origin.doc)) {
        name_with_its_links(plan, &p.id, named);
    }
}

/// Every entity of `side` with a reference read as meant (an id in another case, a slip,
/// a title: `load::read_as_meant`), and what it names as read. What a reference means
/// follows from every id and title of the plan, so a change in another file may read it
/// otherwise, and move the findings of what it names.
fn read_as_meant(side: &Loaded, named: &mut HashSet<Id>) {
    let meant = side
        .findings
        .iter()
        .filter(|f| f.rule == Rule::UnknownReference);
    for owner in meant.filter_map(|f| f.entity.as_ref()) {
        name_with_its_links(&side.plan, owner, named);
    }
}

/// `id`, and every id the entity of that id in `plan` names (its key results, for an
/// objective).
fn name_with_its_links(plan: &Plan, id: &Id, named: &mut HashSet<Id>) {
    named.insert(id.clone());
    match plan.get(id.as_str()) {
        Some(Entity::Goal(i)) => named.extend(plan.goals[i].parent.iter().cloned()),
        Some(Entity::Objective(i)) => {
            let o = &plan.objectives[i];
            named.extend(o.supports.iter().cloned());
            named.extend(o.key_results.iter().map(|kr| kr.id.clone()));
        }
        Some(Entity::Project(i)) => {
            let p = &plan.projects[i];
            named.extend(p.contributes_to.iter().map(|c| c.id.clone()));
            named.extend(p.depends_on.iter().cloned());
            named.extend(p.validated_by.iter().cloned());
        }
        Some(Entity::KeyResult { .. }) | None => {}
    }
}

/// `named` with what depends on it in `plan` (the base, which the reach is judged in;
/// an entity outside `named` is declared the same on both sides, so what it names is).
fn around(plan: &Plan, named: HashSet<Id>) -> Reached {
    let mut more = Vec::new();
    let is_named = |id: &Id| named.contains(id);
    for g in &plan.goals {
        if g.parent.as_ref().is_some_and(is_named) {
            more.push(g.id.clone());
        }
    }
    for o in &plan.objectives {
        if is_named(&o.id) {
            more.extend(o.key_results.iter().map(|kr| kr.id.clone()));
        }
        if o.supports.iter().any(is_named) {
            more.push(o.id.clone());
        }
    }
    for p in &plan.projects {
        let contributes = p.contributes_to.iter().any(|c| {
            let objective = match plan.get(c.id.as_str()) {
                Some(Entity::KeyResult { objective, .. }) => plan.objectives.get(objective),
                _ => None,
            };
            is_named(&c.id) || objective.is_some_and(|o| is_named(&o.id))
        });
        if contributes
            || p.depends_on.iter().any(is_named)
            || p.validated_by.as_ref().is_some_and(is_named)
        {
            more.push(p.id.clone());
        }
    }
    let mut reached = named;
    reached.extend(more);
    reached
}
