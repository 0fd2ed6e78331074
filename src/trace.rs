//! `trace`: the alignment chain above and below one entity, with progress and status at
//! each step. Built from the plan and its analysis; rendering is elsewhere.

use serde::Serialize;

use crate::measure::Analysis;
use crate::measure::progress::Track;
use crate::model::{Entity, EntityKind, EntityStatus, Id, Plan};

/// One step of a chain.
#[derive(Debug, Clone, Serialize)]
pub struct TraceNode {
    pub kind: EntityKind,
    pub id: Id,
    pub title: String,
    pub status: EntityStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub track: Option<Track>,
    /// A word on the link: "orphan: …", "delivered, no impact", "parent goal".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<TraceNode>,
}

/// The entity, what it serves (above), and what moves it (below).
#[derive(Debug, Clone, Serialize)]
pub struct Trace {
    pub entity: TraceNode,
    pub above: Vec<TraceNode>,
    pub below: Vec<TraceNode>,
}

/// Deep enough for any real plan; stops a malformed one (a parent loop) from recursing.
const MAX_DEPTH: usize = 32;

pub fn trace(plan: &Plan, analysis: &Analysis, id: &str) -> Option<Trace> {
    let entity = plan.get(id)?;
    let builder = Builder { plan, analysis };
    let (above, below) = match entity {
        Entity::Goal(i) => (builder.goal_parents(i, 0), builder.goal_below(i, 0)),
        Entity::Objective(i) => (builder.objective_above(i), builder.objective_below(i)),
        Entity::KeyResult { objective, index } => {
            let kr = &plan.objectives[objective].key_results[index];
            let mut o = builder.objective(objective);
            o.children = builder.objective_above(objective);
            (vec![o], builder.projects_on(&kr.id))
        }
        Entity::Project(i) => (builder.project_above(i), Vec::new()),
    };
    Some(Trace {
        entity: builder.node(entity),
        above,
        below,
    })
}

struct Builder<'a> {
    plan: &'a Plan,
    analysis: &'a Analysis,
}

impl Builder<'_> {
    fn node(&self, entity: Entity) -> TraceNode {
        match entity {
            Entity::Goal(i) => self.goal(i),
            Entity::Objective(i) => self.objective(i),
            Entity::KeyResult { objective, index } => {
                let kr = &self.plan.objectives[objective].key_results[index];
                let m = self.analysis.key_result(&kr.id);
                TraceNode {
                    kind: EntityKind::KeyResult,
                    id: kr.id.clone(),
                    title: kr.title.clone(),
                    status: EntityStatus::Objective(self.plan.objectives[objective].status),
                    progress: m.and_then(|m| m.progress),
                    expected: m.and_then(|m| m.expected),
                    track: m.map(|m| m.track),
                    note: None,
                    children: Vec::new(),
                }
            }
            Entity::Project(i) => self.project(i),
        }
    }

    fn goal(&self, i: usize) -> TraceNode {
        let (g, m) = (&self.plan.goals[i], &self.analysis.goals[i]);
        TraceNode {
            kind: EntityKind::Goal,
            id: g.id.clone(),
            title: g.title.clone(),
            status: EntityStatus::Goal(g.status),
            progress: m.progress,
            expected: m.expected,
            track: Some(m.track),
            note: None,
            children: Vec::new(),
        }
    }

    fn objective(&self, i: usize) -> TraceNode {
        let (o, m) = (&self.plan.objectives[i], &self.analysis.objectives[i]);
        TraceNode {
            kind: EntityKind::Objective,
            id: o.id.clone(),
            title: o.title.clone(),
            status: EntityStatus::Objective(o.status),
            progress: m.progress,
            expected: m.expected,
            track: Some(m.track),
            note: m.why.as_ref().map(|w| format!("orphan: {w}")),
            children: Vec::new(),
        }
    }

    fn project(&self, i: usize) -> TraceNode {
        let (p, m) = (&self.plan.projects[i], &self.analysis.projects[i]);
        let note = match (&m.alignment.why, p.is_in_play()) {
            (Some(why), true) => format!("orphan: {why}"),
            _ => m.outcome.label().to_owned(),
        };
        TraceNode {
            kind: EntityKind::Project,
            id: p.id.clone(),
            title: p.title.clone(),
            status: EntityStatus::Project(p.status),
            progress: m.impact,
            expected: None,
            track: None,
            note: Some(note),
            children: Vec::new(),
        }
    }

    fn goal_index(&self, id: &Id) -> Option<usize> {
        match self.plan.get(id.as_str())? {
            Entity::Goal(i) => Some(i),
            _ => None,
        }
    }

    /// The chain of parent goals above goal `i`, each the child of the one before.
    fn goal_parents(&self, i: usize, depth: usize) -> Vec<TraceNode> {
        let Some(parent) = self.plan.goals[i]
            .parent
            .as_ref()
            .and_then(|p| self.goal_index(p))
        else {
            return Vec::new();
        };
        if depth >= MAX_DEPTH {
            return Vec::new();
        }
        let mut node = self.goal(parent);
        node.note = Some("parent goal".to_owned());
        node.children = self.goal_parents(parent, depth + 1);
        vec![node]
    }

    fn objective_above(&self, i: usize) -> Vec<TraceNode> {
        self.plan.objectives[i]
            .supports
            .iter()
            .filter_map(|g| self.goal_index(g))
            .map(|g| {
                let mut node = self.goal(g);
                node.children = self.goal_parents(g, 0);
                node
            })
            .collect()
    }

    fn goal_below(&self, i: usize, depth: usize) -> Vec<TraceNode> {
        let id = &self.plan.goals[i].id;
        let mut out: Vec<TraceNode> = self
            .plan
            .objectives
            .iter()
            .enumerate()
            .filter(|(_, o)| o.supports.contains(id))
            .map(|(oi, _)| {
                let mut node = self.objective(oi);
                node.children = self.objective_below(oi);
                node
            })
            .collect();
        if depth < MAX_DEPTH {
            for (ci, child) in self.plan.goals.iter().enumerate() {
                if child.parent.as_ref() == Some(id) && ci != i {
                    let mut node = self.goal(ci);
                    node.note = Some("sub-goal".to_owned());
                    node.children = self.goal_below(ci, depth + 1);
                    out.push(node);
                }
            }
        }
        out
    }

    fn objective_below(&self, i: usize) -> Vec<TraceNode> {
        let o = &self.plan.objectives[i];
        let mut out: Vec<TraceNode> = o
            .key_results
            .iter()
            .enumerate()
            .map(|(k, kr)| {
                let mut node = self.node(Entity::KeyResult {
                    objective: i,
                    index: k,
                });
                node.children = self.projects_on(&kr.id);
                node
            })
            .collect();
        out.extend(self.projects_on(&o.id));
        out
    }

    /// Projects whose `contributes_to` names `id`.
    fn projects_on(&self, id: &Id) -> Vec<TraceNode> {
        self.plan
            .projects
            .iter()
            .enumerate()
            .filter(|(_, p)| p.contributes_to.iter().any(|c| &c.id == id))
            .map(|(pi, _)| self.project(pi))
            .collect()
    }

    fn project_above(&self, i: usize) -> Vec<TraceNode> {
        self.plan.projects[i]
            .contributes_to
            .iter()
            .filter_map(|c| {
                let target = self.plan.get(c.id.as_str())?;
                let mut node = self.node(target);
                match target {
                    Entity::KeyResult { objective, .. } => {
                        let mut o = self.objective(objective);
                        o.children = self.objective_above(objective);
                        node.children = vec![o];
                    }
                    Entity::Objective(oi) => node.children = self.objective_above(oi),
                    _ => {}
                }
                Some(node)
            })
            .collect()
    }
}
