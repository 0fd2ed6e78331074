//! References read as meant (issue 14): a reference that names no entity but plainly
//! means one — an id in another case, an id with a slip (`KR-chrun`), or the entity's
//! title written instead of its id — is reported as `unknown-reference` with the id to
//! write, and the plan is judged as if it named that entity, so the one mistake does
//! not also orphan the project or strand the objective.
//!
//! Only a guess that is unambiguous among entities of the kinds the field takes is
//! made; anything else is left to the `unknown-reference` rule.

use std::sync::Arc;

use std::collections::BTreeSet;

use foldhash::HashMap;
use rayon::prelude::*;

use crate::finding::{Anchor, Finding};
use crate::format::suggest::{closest, may_be_close, signature};
use crate::model::{EntityKind, Goal, Id, Objective, Plan, Project};
use crate::vocab::Rule;

/// The kinds of entity a reference field takes.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Takes {
    /// `parent`, `supports`.
    Goal,
    /// `contributes_to`: a key result or an objective.
    Work,
    /// `depends_on`, `validated_by`.
    Project,
}

impl Takes {
    fn kinds(self) -> &'static [EntityKind] {
        match self {
            Takes::Goal => &[EntityKind::Goal],
            Takes::Work => &[EntityKind::KeyResult, EntityKind::Objective],
            Takes::Project => &[EntityKind::Project],
        }
    }
}

/// The ids and titles of the plan's entities of `kind`, borrowed.
fn named(plan: &Plan, kind: EntityKind) -> Box<dyn Iterator<Item = (&str, &str)> + '_> {
    match kind {
        EntityKind::Goal => Box::new(plan.goals.iter().map(|g| (g.id.as_str(), g.title.as_str()))),
        EntityKind::Objective => Box::new(
            plan.objectives
                .iter()
                .map(|o| (o.id.as_str(), o.title.as_str())),
        ),
        EntityKind::KeyResult => Box::new(
            plan.objectives
                .iter()
                .flat_map(|o| &o.key_results)
                .map(|kr| (kr.id.as_str(), kr.title.as_str())),
        ),
        EntityKind::Project => Box::new(
            plan.projects
                .iter()
                .map(|p| (p.id.as_str(), p.title.as_str())),
        ),
    }
}

/// The ids of each kind with their [`signature`]s, and the titles trimmed, made once
/// for every guess (each guess reads every title: trimming them again for each was 1%
/// of a check).
struct Ids<'p> {
    by_kind: HashMap<EntityKind, Vec<(u64, &'p str)>>,
    titles: HashMap<EntityKind, Vec<(&'p str, &'p str)>>,
}

impl<'p> Ids<'p> {
    /// Each kind on its own core: reading every id of a large plan is bound by memory.
    fn new(plan: &'p Plan, kinds: impl Iterator<Item = EntityKind>) -> Ids<'p> {
        let mut unique: Vec<EntityKind> = Vec::new();
        for kind in kinds {
            if !unique.contains(&kind) {
                unique.push(kind);
            }
        }
        let (by_kind, titles) = unique
            .into_par_iter()
            .map(|kind| {
                let (ids, titles) = named(plan, kind)
                    .map(|(id, title)| ((signature(id), id), (id, title.trim())))
                    .unzip::<_, _, Vec<_>, Vec<_>>();
                ((kind, ids), (kind, titles))
            })
            .unzip();
        Ids { by_kind, titles }
    }
}

fn guess(ids: &Ids, written: &str, takes: Takes) -> Option<(String, Guess)> {
    let wanted = written.trim();
    let lower = wanted.to_lowercase();
    let ascii = wanted.is_ascii();
    let same_title = |title: &str| {
        if ascii {
            // Most titles differ in length: no need to read them.
            title.len() == wanted.len() && title.eq_ignore_ascii_case(wanted)
        } else {
            title.to_lowercase() == lower
        }
    };
    let mut by_title = takes
        .kinds()
        .iter()
        .filter_map(|k| ids.titles.get(k))
        .flatten()
        .filter(|(_, title)| same_title(title))
        .map(|&(id, _)| id);
    if let (Some(one), None) = (by_title.next(), by_title.next()) {
        return Some((one.to_owned(), Guess::Title));
    }
    let mine = signature(written);
    let candidates = takes
        .kinds()
        .iter()
        .filter_map(|k| ids.by_kind.get(k))
        .flatten()
        .filter(|(theirs, _)| may_be_close(mine, *theirs))
        .map(|&(_, id)| id);
    let close = closest(written, candidates)?;
    let guess = if close.eq_ignore_ascii_case(written) {
        Guess::Case
    } else {
        Guess::Slip
    };
    Some((close.to_owned(), guess))
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

/// Where a reference was written, to rewrite it as meant.
enum Site {
    Parent(usize),
    Supports(usize, usize),
    ContributesTo(usize, usize),
    DependsOn(usize, usize),
    ValidatedBy(usize),
}

/// A reference to an id that is not defined.
struct Dangling<'p> {
    site: Site,
    owner: &'p Id,
    field: &'static str,
    written: &'p str,
    takes: Takes,
    at: Anchor,
}

/// Every reference of the plan to an id that is not defined.
fn dangling(plan: &Plan) -> Vec<Dangling<'_>> {
    let undefined = |id: &Id| plan.declared_kind(id.as_str()).is_none();
    let mut out = Vec::new();
    for (gi, g) in plan.goals.iter().enumerate() {
        if let Some(parent) = g.parent.as_ref().filter(|p| undefined(p)) {
            out.push(Dangling {
                site: Site::Parent(gi),
                owner: &g.id,
                field: "parent",
                written: parent.as_str(),
                takes: Takes::Goal,
                at: Anchor::value(g.origin.doc, g.origin.field("parent")),
            });
        }
    }
    for (oi, o) in plan.objectives.iter().enumerate() {
        for (i, written) in o.supports.iter().enumerate().filter(|(_, g)| undefined(g)) {
            out.push(Dangling {
                site: Site::Supports(oi, i),
                owner: &o.id,
                field: "supports",
                written: written.as_str(),
                takes: Takes::Goal,
                at: Anchor::value(o.origin.doc, o.origin.field(&format!("supports/{i}"))),
            });
        }
    }
    // Most references are projects': read on both cores, in order.
    let of_projects: Vec<Vec<Dangling<'_>>> = plan
        .projects
        .par_iter()
        .enumerate()
        .map(|(pi, p)| dangling_of_project(pi, p, &undefined))
        .collect();
    out.extend(of_projects.into_iter().flatten());
    out
}

/// The references of one project to ids that are not defined.
fn dangling_of_project<'p>(
    pi: usize,
    p: &'p Project,
    undefined: &(dyn Fn(&Id) -> bool + Sync),
) -> Vec<Dangling<'p>> {
    let mut out = Vec::new();
    {
        for (i, c) in p.contributes_to.iter().enumerate() {
            if undefined(&c.id) {
                out.push(Dangling {
                    site: Site::ContributesTo(pi, i),
                    owner: &p.id,
                    field: "contributes_to",
                    written: c.id.as_str(),
                    takes: Takes::Work,
                    at: Anchor::value(p.origin.doc, p.contribution_pointer(i)),
                });
            }
        }
        for (i, written) in p
            .depends_on
            .iter()
            .enumerate()
            .filter(|(_, d)| undefined(d))
        {
            out.push(Dangling {
                site: Site::DependsOn(pi, i),
                owner: &p.id,
                field: "depends_on",
                written: written.as_str(),
                takes: Takes::Project,
                at: Anchor::value(p.origin.doc, p.origin.field(&format!("depends_on/{i}"))),
            });
        }
        if let Some(written) = p.validated_by.as_ref().filter(|v| undefined(v)) {
            out.push(Dangling {
                site: Site::ValidatedBy(pi),
                owner: &p.id,
                field: "validated_by",
                written: written.as_str(),
                takes: Takes::Project,
                at: Anchor::value(p.origin.doc, p.origin.field("validated_by")),
            });
        }
    }
    out
}

/// The entities [`read_as_meant`] rewrote, as they were: to put back where a plan is
/// kept between checks (the language server), so the next check finds the same.
#[derive(Debug, Default)]
pub struct Rewritten {
    goals: Vec<(usize, Arc<Goal>)>,
    objectives: Vec<(usize, Arc<Objective>)>,
    projects: Vec<(usize, Arc<Project>)>,
    by_title: bool,
}

impl Rewritten {
    /// Whether some reference was read as meant by an entity's title: then a change of
    /// a title may change what the plan means.
    pub fn by_title(&self) -> bool {
        self.by_title
    }

    /// Puts the entities back as they were written.
    pub fn undo(self, plan: &mut Plan) {
        for (i, g) in self.goals.into_iter().rev() {
            plan.goals[i] = g;
        }
        for (i, o) in self.objectives.into_iter().rev() {
            plan.objectives[i] = o;
        }
        for (i, p) in self.projects.into_iter().rev() {
            plan.projects[i] = p;
        }
    }
}

/// Rewrites every reference that plainly means another entity, and reports each.
pub(super) fn read_as_meant(plan: &mut Plan) -> (Vec<Finding>, Rewritten) {
    let mut out = Vec::new();
    let mut rewrites: Vec<(Site, String)> = Vec::new();
    let mut by_title = false;
    {
        let plan: &Plan = plan;
        let dangling = dangling(plan);
        if dangling.is_empty() {
            return (out, Rewritten::default());
        }
        // Each guess once (a renamed goal may be named by hundreds of objectives), on
        // both cores: every guess reads every id of the kinds the field takes.
        let wanted: BTreeSet<(&str, Takes)> =
            dangling.iter().map(|d| (d.written, d.takes)).collect();
        let ids = Ids::new(
            plan,
            wanted
                .iter()
                .flat_map(|(_, takes)| takes.kinds().iter().copied()),
        );
        let guesses: HashMap<(&str, Takes), (String, Guess)> = wanted
            .into_par_iter()
            .filter_map(|(written, takes)| {
                guess(&ids, written, takes).map(|g| ((written, takes), g))
            })
            .collect();
        for d in dangling {
            if let Some((meant, how)) = guesses.get(&(d.written, d.takes)) {
                by_title |= matches!(how, Guess::Title);
                out.push(finding(d.owner, d.field, d.written, meant, how, d.at));
                rewrites.push((d.site, meant.clone()));
            }
        }
    }
    let mut was = Rewritten {
        by_title,
        ..Rewritten::default()
    };
    for (site, meant) in rewrites {
        let meant = Id::from(meant);
        match site {
            Site::Parent(g) => {
                was.goals.push((g, plan.goals[g].clone()));
                Arc::make_mut(&mut plan.goals[g]).parent = Some(meant);
            }
            Site::Supports(o, i) => {
                was.objectives.push((o, plan.objectives[o].clone()));
                Arc::make_mut(&mut plan.objectives[o]).supports[i] = meant;
            }
            Site::ContributesTo(p, i) => {
                was.projects.push((p, plan.projects[p].clone()));
                Arc::make_mut(&mut plan.projects[p]).contributes_to[i].id = meant;
            }
            Site::DependsOn(p, i) => {
                was.projects.push((p, plan.projects[p].clone()));
                Arc::make_mut(&mut plan.projects[p]).depends_on[i] = meant;
            }
            Site::ValidatedBy(p) => {
                was.projects.push((p, plan.projects[p].clone()));
                Arc::make_mut(&mut plan.projects[p]).validated_by = Some(meant);
            }
        }
    }
    (out, was)
}
