//! The alignment graph: project → key result or objective → objective → goal → parent
//! goals. A project is aligned when one of its traces reaches an active objective that
//! supports an active goal; when none does, the reason names the broken link.

use serde::Serialize;

use crate::model::{Entity, EntityKind, Id, Objective, Plan, Project};

/// Why an objective does not connect to an active goal, or `None` when it does.
pub fn objective_break(plan: &Plan, objective: &Objective) -> Option<String> {
    let o = &objective.id;
    if !objective.is_active() {
        return Some(format!("`{o}` is {}", objective.status.as_str()));
    }
    if objective.supports.is_empty() {
        return Some(format!("`{o}` supports no goal"));
    }
    let mut reasons = Vec::new();
    for goal_id in &objective.supports {
        match plan.goal(goal_id.as_str()) {
            Some(goal) if goal.is_active() => return None,
            Some(goal) => reasons.push(format!("`{}`, which is {}", goal.id, goal.status.words())),
            None if plan.declared_kind(goal_id.as_str()) == Some(EntityKind::Goal) => {
                reasons.push(format!("`{goal_id}`, which was set aside for a mistake"))
            }
            None => reasons.push(format!("`{goal_id}`, which is not defined")),
        }
    }
    Some(format!("`{o}` supports {}", join_or(&reasons)))
}

/// The objective a contribution reaches, and the key result when it names one.
pub fn resolve_contribution<'p>(
    plan: &'p Plan,
    id: &Id,
) -> Option<(&'p Objective, Option<Entity>)> {
    match plan.get(id.as_str())? {
        Entity::Objective(i) => Some((&plan.objectives[i], None)),
        kr @ Entity::KeyResult { objective, .. } => Some((&plan.objectives[objective], Some(kr))),
        _ => None,
    }
}

/// A project's alignment: aligned, or the reason it is not.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectAlignment {
    pub aligned: bool,
    /// For an unaligned project: every broken trace, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// The active goals its traces reach (with their parents), for roll-up.
    pub goals: Vec<Id>,
}

/// Where an objective leads, found once for every project that traces through it: why it
/// connects to no active goal, or the active goals it supports (in the order it names
/// them).
#[derive(Debug, Clone, Default)]
pub struct ObjectiveLinks<'p> {
    pub broken: Option<&'p str>,
    pub goals: Vec<&'p Id>,
}

impl<'p> ObjectiveLinks<'p> {
    /// `broken` is [`objective_break`] of `objective`.
    pub fn new(plan: &'p Plan, objective: &'p Objective, broken: Option<&'p str>) -> Self {
        let goals = match broken {
            Some(_) => Vec::new(),
            None => objective
                .supports
                .iter()
                .filter(|g| plan.goal(g.as_str()).is_some_and(|g| g.is_active()))
                .collect(),
        };
        ObjectiveLinks { broken, goals }
    }
}

/// A project's alignment: aligned, or the reason it is not. `links` are the plan's
/// objectives' [`ObjectiveLinks`], in plan order.
pub fn project_alignment(
    plan: &Plan,
    project: &Project,
    links: &[ObjectiveLinks<'_>],
) -> ProjectAlignment {
    let p = &project.id;
    if project.contributes_to.is_empty() {
        return ProjectAlignment {
            aligned: false,
            why: Some(format!("`{p}` contributes to no key result or objective")),
            goals: Vec::new(),
        };
    }
    let mut reasons = Vec::new();
    let mut goals: Vec<Id> = Vec::new();
    for c in &project.contributes_to {
        let (index, kr) = match plan.get(c.id.as_str()) {
            Some(Entity::Objective(i)) => (i, false),
            Some(Entity::KeyResult { objective, .. }) => (objective, true),
            _ => {
                let what = match plan.declared_kind(c.id.as_str()) {
                    Some(EntityKind::KeyResult | EntityKind::Objective) => {
                        "which was set aside for a mistake"
                    }
                    Some(_) => "which is not a key result or objective",
                    None => "which is not defined",
                };
                reasons.push(format!("`{p}` contributes to `{}`, {what}", c.id));
                continue;
            }
        };
        let objective = &plan.objectives[index];
        match links[index].broken {
            None => {
                for &g in &links[index].goals {
                    if !goals.contains(g) {
                        goals.push(g.clone());
                    }
                }
            }
            Some(broken) => {
                let via = if kr {
                    format!("`{p}` traces to `{}` of `{}`", c.id, objective.id)
                } else {
                    format!("`{p}` traces to `{}`", objective.id)
                };
                // "`O` supports `G`, which is dropped" reads on from "traces to `O`".
                let rest = broken
                    .strip_prefix(&format!("`{}` ", objective.id))
                    .unwrap_or(broken);
                reasons.push(format!("{via}, which {rest}"));
            }
        }
    }
    let aligned = !goals.is_empty();
    ProjectAlignment {
        aligned,
        why: (!aligned).then(|| reasons.join("; ")),
        goals,
    }
}

/// Whether finished work served a live goal: one of its contributions reaches an
/// objective that is active or done (not dropped) supporting a goal that is active or
/// achieved. A done project on a done objective is not "no impact" for the objective
/// being closed; only a dropped, on-hold or missing link makes it so.
pub fn served_live_goal(plan: &Plan, project: &Project) -> bool {
    use crate::model::{GoalStatus, ObjectiveStatus};
    project.contributes_to.iter().any(|c| {
        resolve_contribution(plan, &c.id).is_some_and(|(objective, _)| {
            objective.status != ObjectiveStatus::Dropped
                && objective.supports.iter().any(|g| {
                    plan.goal(g.as_str()).is_some_and(|g| {
                        matches!(g.status, GoalStatus::Active | GoalStatus::Achieved)
                    })
                })
        })
    })
}

fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The alignment score: the share of active and proposed projects that is aligned.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlignmentScore {
    /// `None` when there is no active or proposed project (the gate then passes).
    pub score: Option<f64>,
    /// `budget` when every project in play has a planned budget in one currency,
    /// else `count`.
    pub weighting: Weighting,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    pub aligned: usize,
    pub in_play: usize,
}

impl AlignmentScore {
    /// `alignment 91.7% (by planned budget, 10 of 11 active or proposed projects
    /// aligned)`: the one way every output says it.
    pub fn words(&self) -> String {
        match self.score {
            None => "alignment n/a (no active or proposed project)".to_owned(),
            Some(score) => format!(
                "alignment {} ({}, {} of {} aligned)",
                crate::format::percent(score),
                self.weighting.words(),
                self.aligned,
                crate::format::count(
                    self.in_play,
                    "active or proposed project",
                    "active or proposed projects"
                ),
            ),
        }
    }
}

impl Weighting {
    /// `by planned budget` or `by count`.
    pub fn words(self) -> &'static str {
        match self {
            Weighting::Budget => "by planned budget",
            Weighting::Count => "by count",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Weighting {
    Budget,
    Count,
}

pub fn alignment_score<'p>(projects: impl Iterator<Item = (&'p Project, bool)>) -> AlignmentScore {
    let in_play: Vec<(&Project, bool)> = projects.filter(|(p, _)| p.is_in_play()).collect();
    let aligned = in_play.iter().filter(|(_, a)| *a).count();
    let budgets: Option<Vec<(f64, &str)>> = in_play
        .iter()
        .map(|(p, _)| {
            let b = p.budget.as_ref()?;
            Some((b.planned?, b.currency.as_deref().unwrap_or("")))
        })
        .collect();
    let one_currency = budgets.as_ref().and_then(|b| {
        let first = b.first()?.1;
        b.iter().all(|(_, c)| *c == first).then_some(first)
    });
    // Budgets near the largest number (`1e308`, hostile or a slip) overflow a plain sum
    // to infinity, and the score to nothing: then amounts are summed as fractions of the
    // largest, which keeps the ratio. Plain sums otherwise, exact for whole amounts.
    let plain: f64 = budgets.iter().flatten().map(|(amount, _)| amount).sum();
    let unit = if plain.is_finite() {
        1.0
    } else {
        budgets
            .iter()
            .flatten()
            .map(|(amount, _)| *amount)
            .filter(|a| a.is_finite())
            .fold(0.0_f64, f64::max)
    };
    let scaled = |amount: f64| if unit > 0.0 { amount / unit } else { amount };
    let total_budget: f64 = if unit == 1.0 {
        plain
    } else {
        budgets
            .iter()
            .flatten()
            .map(|(amount, _)| scaled(*amount))
            .sum()
    };
    if let (Some(currency), true) = (one_currency, total_budget > 0.0 && total_budget.is_finite()) {
        let aligned_budget: f64 = in_play
            .iter()
            .filter(|(_, a)| *a)
            .filter_map(|(p, _)| p.budget.as_ref()?.planned)
            .map(scaled)
            .sum();
        return AlignmentScore {
            score: Some(aligned_budget / total_budget),
            weighting: Weighting::Budget,
            currency: (!currency.is_empty()).then(|| currency.to_owned()),
            aligned,
            in_play: in_play.len(),
        };
    }
    AlignmentScore {
        score: (!in_play.is_empty()).then(|| aligned as f64 / in_play.len() as f64),
        weighting: Weighting::Count,
        currency: None,
        aligned,
        in_play: in_play.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(id: &str, planned: f64) -> Project {
        serde_json::from_value(serde_json::json!({
            "kind": "Project", "id": id, "title": id, "status": "active",
            "budget": {"planned": planned, "currency": "USD"}
        }))
        .expect("a project")
    }

    #[test]
    fn budgets_near_the_largest_number_keep_the_score() {
        let projects = [
            project("P-a", 1e308),
            project("P-b", 1.7e308),
            project("P-c", 3e307),
        ];
        let score = alignment_score(projects.iter().zip([true, true, false]));
        assert_eq!(score.weighting, Weighting::Budget);
        let expected = (1.0 + 1.7) / (1.0 + 1.7 + 0.3);
        assert!(
            (score.score.expect("a score") - expected).abs() < 1e-12,
            "{score:?}"
        );
    }

    #[test]
    fn whole_amounts_sum_exactly() {
        let projects = [project("P-a", 300_000.0), project("P-b", 150_000.0)];
        let score = alignment_score(projects.iter().zip([true, false]));
        assert_eq!(score.score, Some(300_000.0 / 450_000.0));
    }
}
