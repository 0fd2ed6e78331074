//! What a change does to delivery: projects whose due date slipped, and budgets
//! raised or cut, each project's and the plan's in each currency.

use std::collections::BTreeMap;

use rayon::prelude::*;

use super::{BudgetDelta, BudgetTotal, Slip};
use crate::model::period::days_between;
use crate::model::{EntityKind, Id, Plan};

pub(super) fn slipped(old: &Plan, new: &Plan) -> Vec<Slip> {
    let mut out = Vec::new();
    let mut push =
        |id: &Id, kind, field, from: Option<jiff::civil::Date>, to: Option<jiff::civil::Date>| {
            if let (Some(a), Some(b)) = (from, to) {
                if b > a {
                    out.push(Slip {
                        id: id.clone(),
                        kind,
                        field,
                        from: a.to_string(),
                        to: b.to_string(),
                        days: days_between(a, b),
                    });
                }
            }
        };
    for g in &new.goals {
        if let Some(o) = old.goal(g.id.as_str()) {
            push(&g.id, EntityKind::Goal, "start", o.start, g.start);
            push(&g.id, EntityKind::Goal, "due", o.due, g.due);
        }
    }
    for p in &new.projects {
        if let Some(o) = old.project(p.id.as_str()) {
            push(&p.id, EntityKind::Project, "start", o.start, p.start);
            push(&p.id, EntityKind::Project, "due", o.due, p.due);
        }
    }
    for o in &new.objectives {
        let Some(before) = old.objective(o.id.as_str()) else {
            continue;
        };
        if let (Some(a), Some(b)) = (&before.period, &o.period) {
            if b.end > a.end {
                out.push(Slip {
                    id: o.id.clone(),
                    kind: EntityKind::Objective,
                    field: "period",
                    from: a.to_string(),
                    to: b.to_string(),
                    days: days_between(a.end, b.end),
                });
            }
        }
    }
    out.sort_by(|a, b| b.days.cmp(&a.days).then_with(|| a.id.cmp(&b.id)));
    out
}

fn planned(p: &crate::model::Project) -> (Option<f64>, Option<String>) {
    match &p.budget {
        Some(b) => (b.planned, b.currency.clone()),
        None => (None, None),
    }
}

pub(super) fn budgets(old: &Plan, new: &Plan) -> Vec<BudgetDelta> {
    let mut ids: Vec<&Id> = old
        .projects
        .iter()
        .chain(&new.projects)
        .map(|p| &p.id)
        .collect();
    ids.par_sort_unstable();
    ids.dedup();
    let mut out = Vec::new();
    for id in ids {
        let (o, n) = (old.project(id.as_str()), new.project(id.as_str()));
        let ((from, fc), (to, tc)) = (
            o.map(planned).unwrap_or_default(),
            n.map(planned).unwrap_or_default(),
        );
        if from == to && fc == tc {
            continue;
        }
        if from.is_none() && to.is_none() {
            continue;
        }
        let same_currency = from.is_none() || to.is_none() || fc == tc;
        let delta = same_currency.then(|| to.unwrap_or(0.0) - from.unwrap_or(0.0));
        let title = n.or(o).map(|p| p.title.clone()).unwrap_or_default();
        out.push(BudgetDelta {
            id: id.clone(),
            title,
            currency: tc.or(fc),
            from,
            to,
            delta,
        });
    }
    out
}

pub(super) fn budget_totals(old: &Plan, new: &Plan) -> Vec<BudgetTotal> {
    let totals = |plan: &Plan| {
        let mut t: BTreeMap<Option<String>, f64> = BTreeMap::new();
        for p in plan.projects.iter().filter(|p| p.is_in_play()) {
            if let (Some(amount), currency) = planned(p) {
                *t.entry(currency).or_default() += amount;
            }
        }
        t
    };
    let (before, after) = (totals(old), totals(new));
    let mut currencies: Vec<&Option<String>> = before.keys().chain(after.keys()).collect();
    currencies.sort();
    currencies.dedup();
    currencies
        .into_iter()
        .filter_map(|c| {
            let (from, to) = (
                before.get(c).copied().unwrap_or(0.0),
                after.get(c).copied().unwrap_or(0.0),
            );
            (from != to).then(|| BudgetTotal {
                currency: c.clone(),
                from,
                to,
                delta: to - from,
            })
        })
        .collect()
}
