//! The whole plan, with an index from id to entity.

use std::sync::Arc;

use foldhash::{HashMap, HashMapExt};

use serde::Serialize;

use super::{
    Goal, GoalStatus, Id, KeyResult, Objective, ObjectiveStatus, Origin, Project, ProjectStatus,
};

/// The status of an entity of any kind, serialised as the plan writes it. A key result
/// has none of its own: it shares its objective's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum EntityStatus {
    Goal(GoalStatus),
    Objective(ObjectiveStatus),
    Project(ProjectStatus),
}

impl EntityStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityStatus::Goal(s) => s.as_str(),
            EntityStatus::Objective(s) => s.as_str(),
            EntityStatus::Project(s) => s.as_str(),
        }
    }
}

/// The kinds of entity, key results included: ids share one namespace across them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum EntityKind {
    Goal,
    Objective,
    KeyResult,
    Project,
}

impl EntityKind {
    pub fn noun(self) -> &'static str {
        match self {
            EntityKind::Goal => "goal",
            EntityKind::Objective => "objective",
            EntityKind::KeyResult => "key result",
            EntityKind::Project => "project",
        }
    }

    /// The noun with its article: "a goal", "an objective".
    pub fn a_noun(self) -> &'static str {
        match self {
            EntityKind::Goal => "a goal",
            EntityKind::Objective => "an objective",
            EntityKind::KeyResult => "a key result",
            EntityKind::Project => "a project",
        }
    }

    /// The `kind:` value of a document of this kind (key results have none).
    pub fn from_kind(kind: &str) -> Option<EntityKind> {
        match kind {
            "Goal" => Some(EntityKind::Goal),
            "Objective" => Some(EntityKind::Objective),
            "Project" => Some(EntityKind::Project),
            _ => None,
        }
    }
}

/// A reference to one entity of the plan by position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Entity {
    Goal(usize),
    Objective(usize),
    KeyResult { objective: usize, index: usize },
    Project(usize),
}

impl Entity {
    pub fn kind(self) -> EntityKind {
        match self {
            Entity::Goal(_) => EntityKind::Goal,
            Entity::Objective(_) => EntityKind::Objective,
            Entity::KeyResult { .. } => EntityKind::KeyResult,
            Entity::Project(_) => EntityKind::Project,
        }
    }
}

/// Goals, objectives and projects that passed their schema, first occurrence of each id.
#[derive(Debug, Default)]
pub struct Plan {
    // Shared, not owned: the plans of a diff (and the walk's state) hold the same
    // parsed entities, and cloning every entity into a plan was a tenth of `diff`.
    pub goals: Vec<Arc<Goal>>,
    pub objectives: Vec<Arc<Objective>>,
    pub projects: Vec<Arc<Project>>,
    index: HashMap<Id, Entity>,
    /// Every id written in the plan with its kind, documents that failed their schema
    /// included: a reference to one of those is not unknown.
    declared: HashMap<Id, EntityKind>,
}

impl Plan {
    /// Builds the plan and its index. Later entities with an id already taken are left
    /// out: the loader reports them as `duplicate-id`.
    pub fn new(
        goals: Vec<Arc<Goal>>,
        objectives: Vec<Arc<Objective>>,
        projects: Vec<Arc<Project>>,
    ) -> Plan {
        let entities = goals.len()
            + projects.len()
            + objectives
                .iter()
                .map(|o| 1 + o.key_results.len())
                .sum::<usize>();
        let mut plan = Plan {
            goals,
            objectives,
            projects,
            index: HashMap::with_capacity(entities),
            declared: HashMap::new(),
        };
        for (i, g) in plan.goals.iter().enumerate() {
            plan.index.entry(g.id.clone()).or_insert(Entity::Goal(i));
        }
        for (i, o) in plan.objectives.iter().enumerate() {
            plan.index
                .entry(o.id.clone())
                .or_insert(Entity::Objective(i));
            for (k, kr) in o.key_results.iter().enumerate() {
                plan.index
                    .entry(kr.id.clone())
                    .or_insert(Entity::KeyResult {
                        objective: i,
                        index: k,
                    });
            }
        }
        for (i, p) in plan.projects.iter().enumerate() {
            plan.index.entry(p.id.clone()).or_insert(Entity::Project(i));
        }
        plan
    }

    /// Records ids declared by documents (first declaration wins).
    pub fn declare<'a>(&mut self, ids: impl IntoIterator<Item = (&'a str, EntityKind)>) {
        let ids = ids.into_iter();
        self.declared.reserve(ids.size_hint().0);
        for (id, kind) in ids {
            self.declared.entry(Id::from(id)).or_insert(kind);
        }
    }

    /// The kind of the entity that declares `id`, valid or not.
    pub fn declared_kind(&self, id: &str) -> Option<EntityKind> {
        self.declared
            .get(id)
            .copied()
            .or_else(|| self.get(id).map(Entity::kind))
    }

    /// Every declared id, for suggestions.
    pub fn declared_ids(&self) -> impl Iterator<Item = (&str, EntityKind)> {
        self.declared.iter().map(|(id, kind)| (id.as_str(), *kind))
    }

    pub fn get(&self, id: &str) -> Option<Entity> {
        self.index.get(id).copied()
    }

    pub fn goal(&self, id: &str) -> Option<&Goal> {
        match self.get(id)? {
            Entity::Goal(i) => Some(&self.goals[i]),
            _ => None,
        }
    }

    pub fn objective(&self, id: &str) -> Option<&Objective> {
        match self.get(id)? {
            Entity::Objective(i) => Some(&self.objectives[i]),
            _ => None,
        }
    }

    pub fn project(&self, id: &str) -> Option<&Project> {
        match self.get(id)? {
            Entity::Project(i) => Some(&self.projects[i]),
            _ => None,
        }
    }

    pub fn key_result(&self, entity: Entity) -> Option<(&Objective, &KeyResult)> {
        match entity {
            Entity::KeyResult { objective, index } => {
                let o = &self.objectives[objective];
                Some((o, &o.key_results[index]))
            }
            _ => None,
        }
    }

    /// Every key result with its objective, in plan order.
    pub fn key_results(&self) -> impl Iterator<Item = (&Objective, &KeyResult)> {
        self.objectives
            .iter()
            .flat_map(|o| o.key_results.iter().map(move |kr| (&**o, kr)))
    }

    /// The id, title and origin of any entity.
    pub fn describe(&self, entity: Entity) -> (&Id, &str, &Origin) {
        match entity {
            Entity::Goal(i) => {
                let g = &self.goals[i];
                (&g.id, &g.title, &g.origin)
            }
            Entity::Objective(i) => {
                let o = &self.objectives[i];
                (&o.id, &o.title, &o.origin)
            }
            Entity::KeyResult { objective, index } => {
                let kr = &self.objectives[objective].key_results[index];
                (&kr.id, &kr.title, &kr.origin)
            }
            Entity::Project(i) => {
                let p = &self.projects[i];
                (&p.id, &p.title, &p.origin)
            }
        }
    }
}
