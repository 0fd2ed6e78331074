//! One mistake, one finding (issue 14): a finding that exists only because something
//! else is broken — a piece set aside, a field left out, a reference to nothing — is
//! held back until that is fixed, and only counted. A user who fixes the one error sees
//! the rest.
//!
//! Each rule's finding is held back when something it reads is broken: the entity's own
//! fields that the rule looks at, or a link of the chain it follows.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::finding::Finding;
use crate::load::Damage;
use crate::model::{Entity, EntityKind, Id, Plan};
use crate::vocab::Rule;

/// What is broken in a plan, gathered once.
pub(super) struct Broken<'a> {
    plan: &'a Plan,
    damage: &'a Damage,
    pieces: HashSet<&'a str>,
    /// Ids named by references written in what was set aside or left out.
    named_by_lost: HashSet<&'a str>,
    /// Projects with a lost `status` or `contributes_to`, by what they named.
    unsure_projects: HashMap<&'a str, Vec<&'a Id>>,
}

impl<'a> Broken<'a> {
    /// `None` when nothing is broken: nothing is held back.
    pub(super) fn new(plan: &'a Plan, damage: &'a Damage) -> Option<Broken<'a>> {
        let any_undefined = damage.is_empty() && has_broken_reference(plan);
        if damage.is_empty() && !any_undefined {
            return None;
        }
        let mut unsure_projects: HashMap<&str, Vec<&Id>> = HashMap::new();
        for p in &plan.projects {
            if damage.lost_any(p.id.as_str(), &["status", "contributes_to"]) {
                unsure_projects.insert(
                    p.id.as_str(),
                    p.contributes_to.iter().map(|c| &c.id).collect(),
                );
            }
        }
        Some(Broken {
            plan,
            damage,
            pieces: damage.pieces.iter().map(|(id, _)| id.as_str()).collect(),
            named_by_lost: damage
                .references
                .iter()
                .map(|(_, to)| to.as_str())
                .collect(),
            unsure_projects,
        })
    }

    fn lost(&self, id: &str, fields: &[&str]) -> bool {
        self.damage.lost_any(id, fields)
    }

    /// A reference that leads nowhere it may: to a piece set aside, to no entity, or to
    /// an entity of another kind.
    fn bad_target(&self, id: &str, allowed: &[EntityKind]) -> bool {
        self.pieces.contains(id)
            || match self.plan.get(id) {
                Some(entity) => !allowed.contains(&entity.kind()),
                None => true,
            }
    }

    /// Whether the link objective → goals is sure: the objective's own status and
    /// supports, and each goal it names with its status.
    fn objective_unsure(&self, objective: &crate::model::Objective) -> bool {
        self.lost(objective.id.as_str(), &["status", "supports"])
            || objective.supports.iter().any(|g| {
                self.bad_target(g.as_str(), &[EntityKind::Goal])
                    || self.lost(g.as_str(), &["status"])
            })
    }

    /// Whether the chain project → key result or objective → goal is sure.
    fn project_unsure(&self, id: &str) -> bool {
        let Some(p) = self.plan.project(id) else {
            return true;
        };
        self.lost(id, &["status", "contributes_to"])
            || p.contributes_to.iter().any(|c| {
                if self.bad_target(
                    c.id.as_str(),
                    &[EntityKind::KeyResult, EntityKind::Objective],
                ) {
                    return true;
                }
                match self.plan.get(c.id.as_str()) {
                    Some(Entity::Objective(i)) => self.objective_unsure(&self.plan.objectives[i]),
                    Some(Entity::KeyResult { objective, .. }) => {
                        self.objective_unsure(&self.plan.objectives[objective])
                    }
                    _ => true,
                }
            })
    }

    /// The objective of a key result, by the key result's id.
    fn objective_of(&self, kr: &str) -> Option<&'a crate::model::Objective> {
        match self.plan.get(kr)? {
            Entity::KeyResult { objective, .. } => Some(&self.plan.objectives[objective]),
            _ => None,
        }
    }

    /// Whether something lost may have named `id` (an objective supporting a goal, a
    /// project contributing to a key result).
    fn may_have_lost_link(&self, id: &str) -> bool {
        self.damage.unknown_references
            || self.named_by_lost.contains(id)
            || self
                .unsure_projects
                .values()
                .any(|named| named.iter().any(|n| n.as_str() == id))
    }

    /// Whether `finding` exists only because something else is broken.
    pub(super) fn holds_back(&self, finding: &Finding, held_orphans: bool) -> bool {
        let Some(entity) = finding.entity.as_ref().map(Id::as_str) else {
            return finding.rule == Rule::Gate && self.gate_unsure(held_orphans);
        };
        match finding.rule {
            // A required field on a line the YAML mend had to leave out is the same
            // mistake as that line: told once, by the `input` finding.
            Rule::Schema => finding
                .message
                .strip_prefix("missing `")
                .and_then(|rest| rest.strip_suffix('`'))
                .is_some_and(|field| self.damage.lost(entity, field)),
            Rule::Input | Rule::DuplicateId | Rule::Cycle | Rule::LoweredTarget => false,
            Rule::UnknownReference => {
                self.damage.unknown_ids && finding.message.contains("not defined")
            }
            Rule::OrphanProject => self.project_unsure(entity),
            Rule::OrphanObjective => self
                .plan
                .objective(entity)
                .is_none_or(|o| self.objective_unsure(o)),
            Rule::GoalWithoutObjectives => {
                self.lost(entity, &["status"])
                    || self.may_have_lost_link(entity)
                    || self.plan.objectives.iter().any(|o| {
                        o.supports.iter().any(|g| g.as_str() == entity)
                            && self.lost(o.id.as_str(), &["status"])
                    })
            }
            Rule::UnmeasuredGoal => {
                self.lost(entity, &["status", "baseline", "target", "current", "unit"])
            }
            Rule::UnmeasurableKr => self.lost(entity, &["baseline", "target"]),
            Rule::KrWithoutProjects => {
                let objective = self.objective_of(entity);
                self.may_have_lost_link(entity)
                    || objective.is_some_and(|o| {
                        self.may_have_lost_link(o.id.as_str())
                            || self.lost(o.id.as_str(), &["status"])
                    })
            }
            // A project whose contributions or status were lost is in `unsure_projects`,
            // with what it named: `may_have_lost_link` covers it.
            Rule::PlanGap => {
                self.lost(entity, &["baseline", "target", "direction"])
                    || self.may_have_lost_link(entity)
            }
            Rule::KrOffTrack | Rule::StaleKr => {
                self.lost(
                    entity,
                    &["baseline", "target", "current", "checkins", "direction"],
                ) || self
                    .objective_of(entity)
                    .is_some_and(|o| self.lost(o.id.as_str(), &["period", "status"]))
            }
            Rule::OverdueProject => self.lost(entity, &["due", "status", "deliverables"]),
            Rule::OverBudget => self.lost(entity, &["budget"]),
            Rule::RolloutWithoutPilot => {
                self.lost(entity, &["stage", "validated_by", "status"])
                    || self.plan.project(entity).is_some_and(|p| {
                        p.validated_by.as_ref().is_some_and(|pilot| {
                            self.pieces.contains(pilot.as_str())
                                || self.lost(pilot.as_str(), &["stage", "status"])
                        })
                    })
            }
            Rule::TimelineMismatch => {
                self.lost(entity, &["due", "contributes_to", "status"])
                    || self.plan.project(entity).is_some_and(|p| {
                        p.contributes_to.iter().any(|c| {
                            self.bad_target(
                                c.id.as_str(),
                                &[EntityKind::KeyResult, EntityKind::Objective],
                            ) || crate::measure::alignment::resolve_contribution(self.plan, &c.id)
                                .is_some_and(|(o, _)| self.lost(o.id.as_str(), &["period"]))
                        })
                    })
            }
            Rule::Gate => self.gate_unsure(held_orphans),
        }
    }

    /// The alignment score is unsure when a project that counts in it, or may, is.
    fn gate_unsure(&self, held_orphans: bool) -> bool {
        held_orphans
            || self.damage.unknown_ids
            || self
                .damage
                .pieces
                .iter()
                .any(|(_, kind)| *kind == EntityKind::Project)
            || self.plan.projects.iter().any(|p| {
                self.lost(p.id.as_str(), &["status", "budget", "contributes_to"])
                    || (p.is_in_play() && self.project_unsure(p.id.as_str()))
            })
    }
}

/// Whether some reference names nothing, or an entity of the wrong kind.
fn has_broken_reference(plan: &Plan) -> bool {
    let bad = |id: &Id, allowed: &[EntityKind]| {
        plan.get(id.as_str())
            .is_none_or(|e| !allowed.contains(&e.kind()))
    };
    plan.goals.iter().any(|g| {
        g.parent
            .as_ref()
            .is_some_and(|p| bad(p, &[EntityKind::Goal]))
    }) || plan
        .objectives
        .iter()
        .any(|o| o.supports.iter().any(|g| bad(g, &[EntityKind::Goal])))
        || plan.projects.iter().any(|p| {
            p.contributes_to
                .iter()
                .any(|c| bad(&c.id, &[EntityKind::KeyResult, EntityKind::Objective]))
                || p.validated_by
                    .as_ref()
                    .is_some_and(|v| bad(v, &[EntityKind::Project]))
        })
}

/// Splits `findings` into those shown and those held back.
pub(super) fn hold_back(
    findings: Vec<Finding>,
    plan: &Plan,
    damage: &Damage,
) -> (Vec<Finding>, Vec<Finding>) {
    let Some(broken) = Broken::new(plan, damage) else {
        return (findings, Vec::new());
    };
    let held_orphans = findings
        .par_iter()
        .any(|f| f.rule == Rule::OrphanProject && broken.holds_back(f, false));
    // Both cores, in order: a large plan with one reference to nothing asks this of
    // every one of its thousands of findings. The findings shown then stay where they
    // are (a collect over the same vector reuses it): no second copy of them all.
    let holds: Vec<bool> = findings
        .par_iter()
        .map(|f| broken.holds_back(f, held_orphans))
        .collect();
    let mut holds = holds.into_iter();
    let mut held = Vec::new();
    let shown = findings
        .into_iter()
        .filter_map(|f| {
            if holds.next().unwrap_or(false) {
                held.push(f);
                None
            } else {
                Some(f)
            }
        })
        .collect();
    (shown, held)
}
