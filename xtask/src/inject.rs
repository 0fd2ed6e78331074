//! Injected violations: `--violations V` of each rule, on entities set aside while the plan
//! was built or taken from the ordinary ones, with variants in rotation. Each is recorded
//! with what the truth file says about it and the text that marks where it is written.

use crate::json::Json;
use crate::model::*;
use crate::plan::{Plan, SCHEMA_VARIANTS};
use crate::rng::Rng;
use crate::words::OUTPUT_KRS;
use crate::yaml::string;

pub struct Violation {
    pub rule: &'static str,
    /// The entity (or key result) the finding is about.
    pub id: String,
    /// The document that holds it.
    pub doc: Doc,
    /// Text on the line the finding points at, inside that document.
    pub needle: String,
    /// Further members of the truth entry, in order (`detail` first).
    pub fields: Vec<(&'static str, Json)>,
    /// The document of the other occurrence of a duplicated id.
    pub other: Option<Doc>,
    /// The projects of a `depends_on` ring, in ring order.
    pub ring: Vec<Doc>,
}

/// A near miss of `id` that names nothing: two neighbouring letters swapped, or a digit
/// changed, after the prefix.
pub fn typo(
    rng: &mut Rng,
    id: &str,
    taken: &std::collections::HashSet<String>,
) -> Result<String, String> {
    let (head, tail) = id.split_once('-').unwrap_or((id, ""));
    for _ in 0..200 {
        let mut chars: Vec<char> = tail.chars().collect();
        let swappable: Vec<usize> = (0..chars.len().saturating_sub(1))
            .filter(|&i| chars[i] != chars[i + 1] && chars[i] != '-' && chars[i + 1] != '-')
            .collect();
        let digits: Vec<usize> = (0..chars.len())
            .filter(|&i| chars[i].is_ascii_digit())
            .collect();
        let candidate = if !swappable.is_empty() && rng.chance(0.7) {
            let i = *rng.pick(&swappable);
            chars.swap(i, i + 1);
            format!("{head}-{}", chars.iter().collect::<String>())
        } else if !digits.is_empty() {
            let i = *rng.pick(&digits);
            let d = chars[i].to_digit(10).unwrap_or(0);
            chars[i] = char::from_digit((d + rng.int(1, 9) as u32) % 10, 10).unwrap_or('0');
            format!("{head}-{}", chars.iter().collect::<String>())
        } else {
            format!("{id}x")
        };
        let well_formed = candidate.len() <= 64
            && candidate.starts_with(|c: char| c.is_ascii_alphabetic())
            && candidate
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
        if candidate != id && !taken.contains(&candidate) && well_formed {
            return Ok(candidate);
        }
    }
    Err(format!("could not make a typo of {id}"))
}

impl Plan {
    fn record(
        &mut self,
        rule: &'static str,
        doc: Doc,
        id: String,
        needle: String,
        fields: Vec<(&'static str, Json)>,
    ) {
        self.freeze(doc);
        self.violations.push(Violation {
            rule,
            id,
            doc,
            needle,
            fields,
            other: None,
            ring: Vec::new(),
        });
    }

    pub fn freeze(&mut self, doc: Doc) {
        match doc {
            Doc::Goal(i) => self.goals[i].marks.frozen = true,
            Doc::Objective(i) => self.objectives[i].marks.frozen = true,
            Doc::Project(i) => self.projects[i].marks.frozen = true,
        }
    }

    /// A typo that nothing else uses, remembered so that no two violations share one.
    fn fresh_typo(&mut self, id: &str) -> Result<String, String> {
        let bad = typo(&mut self.rng, id, &self.taken)?;
        self.taken.insert(bad.clone());
        Ok(bad)
    }

    pub fn inject(&mut self) -> Result<(), String> {
        let v = self.args.violations;
        if v == 0 {
            return Ok(());
        }
        let mut spare_objectives: Vec<usize> = (0..self.objectives.len())
            .filter(|&i| self.objectives[i].marks.reserved)
            .collect();
        let mut spare_projects: Vec<usize> = (0..self.projects.len())
            .filter(|&i| self.projects[i].marks.reserved)
            .collect();
        let mut spare_goals = self.reserved_goals.clone();
        let too_few = |what: &str| format!("too few {what} for the requested violations");

        // Ordinary entities that may carry a violation: projects nothing depends on and
        // that validate nothing, active objectives other than the graveyard.
        let mut referenced: std::collections::HashSet<String> = std::collections::HashSet::new();
        for p in &self.projects {
            referenced.extend(p.depends_on.iter().cloned());
            referenced.extend(p.validated_by.iter().cloned());
        }
        let mut free_projects: Vec<usize> = (0..self.projects.len())
            .filter(|&i| {
                let p = &self.projects[i];
                !p.marks.reserved
                    && !referenced.contains(&p.id)
                    && matches!(p.status, "active" | "proposed")
            })
            .collect();
        self.rng.shuffle(&mut free_projects);
        let mut free_objectives: Vec<usize> = (0..self.objectives.len())
            .filter(|&i| {
                let o = &self.objectives[i];
                !o.marks.reserved && o.status == "active" && Some(i) != self.graveyard
            })
            .collect();
        self.rng.shuffle(&mut free_objectives);
        let next_project = |plan: &Plan, list: &mut Vec<usize>| -> Result<usize, String> {
            while let Some(i) = list.pop() {
                if !plan.projects[i].marks.frozen {
                    return Ok(i);
                }
            }
            Err(too_few("projects"))
        };
        let next_objective = |plan: &Plan, list: &mut Vec<usize>| -> Result<usize, String> {
            while let Some(i) = list.pop() {
                if !plan.objectives[i].marks.frozen {
                    return Ok(i);
                }
            }
            Err(too_few("objectives"))
        };

        // orphan-objective: active, but supporting no active goal.
        let mut orphans: Vec<usize> = Vec::new();
        for i in 0..v {
            let o = spare_objectives
                .pop()
                .ok_or_else(|| too_few("objectives"))?;
            let mut variant = ["supports-dropped-goal", "no-supports", "empty-supports"][i % 3];
            let graveyard_supports = self
                .graveyard
                .and_then(|g| self.objectives[g].supports.clone());
            match (variant, graveyard_supports) {
                ("supports-dropped-goal", Some(s)) => self.objectives[o].supports = Some(s),
                ("empty-supports", _) => self.objectives[o].supports = Some(Vec::new()),
                _ => {
                    variant = "no-supports";
                    self.objectives[o].supports = None;
                }
            }
            let id = self.objectives[o].id.clone();
            self.record(
                "orphan-objective",
                Doc::Objective(o),
                id.clone(),
                format!("id: {id}"),
                vec![("detail", variant.into())],
            );
            orphans.push(o);
        }

        // orphan-project: active or proposed, tracing to no active goal.
        for i in 0..v {
            let p = spare_projects.pop().ok_or_else(|| too_few("projects"))?;
            let mut variant = ["no-contributes_to", "dropped-objective", "orphan-objective"][i % 3];
            let refs = match (variant, self.graveyard) {
                ("dropped-objective", Some(g)) => Some(vec![Contribution::Id(
                    self.rng.pick(&self.objectives[g].key_results).id.clone(),
                )]),
                ("orphan-objective", _) if !orphans.is_empty() => {
                    let o = &self.objectives[orphans[i % orphans.len()]];
                    Some(vec![if self.rng.chance(0.5) {
                        Contribution::Id(self.rng.pick(&o.key_results).id.clone())
                    } else {
                        Contribution::Id(o.id.clone())
                    }])
                }
                _ => {
                    variant = "no-contributes_to";
                    None
                }
            };
            let project = &mut self.projects[p];
            project.status = if i % 2 == 0 { "active" } else { "proposed" };
            if refs.is_some() {
                project.flow.contributes_to = true;
            }
            project.contributes_to = refs;
            let id = project.id.clone();
            self.record(
                "orphan-project",
                Doc::Project(p),
                id.clone(),
                format!("id: {id}"),
                vec![("detail", variant.into())],
            );
        }

        // cycle: depends_on rings of two and three projects.
        for i in 0..v {
            let n = 2 + i % 2;
            let mut ring = Vec::with_capacity(n);
            for _ in 0..n {
                ring.push(spare_projects.pop().ok_or_else(|| too_few("projects"))?);
            }
            let members: Vec<String> = ring.iter().map(|&p| self.projects[p].id.clone()).collect();
            for (j, &p) in ring.iter().enumerate() {
                self.projects[p].depends_on = vec![members[(j + 1) % n].clone()];
                self.projects[p].flow.depends_on = true;
                self.freeze(Doc::Project(p));
            }
            self.record(
                "cycle",
                Doc::Project(ring[0]),
                members[0].clone(),
                "depends_on".into(),
                vec![("members", members.into())],
            );
            self.violations.last_mut().expect("just recorded").ring =
                ring.iter().map(|&p| Doc::Project(p)).collect();
        }

        // schema: a document its kind's schema rejects.
        for i in 0..v {
            let variant = SCHEMA_VARIANTS[i % SCHEMA_VARIANTS.len()];
            let mut fields: Vec<(&'static str, Json)> = vec![("detail", variant.into())];
            match variant {
                "kr-confidence-string" | "confidence-out-of-range" => {
                    let o = spare_objectives
                        .pop()
                        .ok_or_else(|| too_few("objectives"))?;
                    let j = self.rng.below(self.objectives[o].key_results.len());
                    let kr = &mut self.objectives[o].key_results[j];
                    let (bad, text) = if variant == "kr-confidence-string" {
                        (Confidence::Word("high"), "high".to_string())
                    } else {
                        (Confidence::Num(1.5), "1.5".to_string())
                    };
                    kr.confidence = Some(bad);
                    fields.push(("pointer", format!("/key_results/{j}/confidence").into()));
                    fields.push(("kr", kr.id.clone().into()));
                    let id = self.objectives[o].id.clone();
                    self.record(
                        "schema",
                        Doc::Objective(o),
                        id,
                        format!("confidence: {text}"),
                        fields,
                    );
                }
                "invalid-enum" => {
                    let g = spare_goals.pop().ok_or_else(|| too_few("goals"))?;
                    self.goals[g].category = "growth";
                    fields.push(("pointer", "/category".into()));
                    let id = self.goals[g].id.clone();
                    self.record(
                        "schema",
                        Doc::Goal(g),
                        id,
                        "category: growth".into(),
                        fields,
                    );
                }
                _ => {
                    let p = spare_projects.pop().ok_or_else(|| too_few("projects"))?;
                    let project = &mut self.projects[p];
                    let id = project.id.clone();
                    let (needle, pointer) = match variant {
                        "expected-value-string" => {
                            let currency = project.budget.as_ref().map_or("USD", |b| b.currency);
                            project.expected_value = Some((Amount::Text("1.2M"), currency));
                            project.flow.expected_value = true;
                            (
                                format!("amount: {}", string("1.2M", true)),
                                "/expected_value/amount".to_string(),
                            )
                        }
                        "unknown-property" => {
                            project.priority = Some("high");
                            ("priority: high".to_string(), "/priority".to_string())
                        }
                        "missing-title" => {
                            project.title = None;
                            (format!("id: {id}"), "/title".to_string())
                        }
                        _ => {
                            project.deliverables.push(Deliverable {
                                title: "Launch review",
                                due: Err("end of Q3"),
                                done: false,
                            });
                            let last = project.deliverables.len() - 1;
                            (
                                "due: end of Q3".to_string(),
                                format!("/deliverables/{last}/due"),
                            )
                        }
                    };
                    fields.push(("pointer", pointer.into()));
                    self.record("schema", Doc::Project(p), id, needle, fields);
                }
            }
        }

        // unknown-reference: a reference that names nothing, mostly a typo of a real id.
        let fields_order = [
            "contributes_to",
            "contributes_to-object",
            "supports",
            "depends_on",
            "validated_by",
            "parent",
        ];
        for i in 0..v {
            let mut variant = fields_order[i % fields_order.len()];
            if variant == "validated_by" {
                let rollout = free_projects.iter().position(|&p| {
                    self.projects[p].validated_by.is_some() && !self.projects[p].marks.frozen
                });
                if let Some(pos) = rollout {
                    let p = free_projects.remove(pos);
                    let pilot = self.projects[p].validated_by.clone().unwrap_or_default();
                    let bad = self.fresh_typo(&pilot)?;
                    self.projects[p].validated_by = Some(bad.clone());
                    let id = self.projects[p].id.clone();
                    self.record(
                        "unknown-reference",
                        Doc::Project(p),
                        id,
                        bad.clone(),
                        vec![("detail", "validated_by".into()), ("missing", bad.into())],
                    );
                    continue;
                }
                variant = "depends_on";
            }
            if variant == "parent" {
                let parents: std::collections::HashSet<&String> = self
                    .goals
                    .iter()
                    .filter_map(|g| g.parent.as_ref())
                    .collect();
                let candidates: Vec<usize> = (0..self.goals.len())
                    .filter(|&g| {
                        let goal = &self.goals[g];
                        goal.status == "active"
                            && !goal.marks.reserved
                            && !goal.marks.frozen
                            && goal.parent.is_some()
                            && !parents.contains(&goal.id)
                    })
                    .collect();
                if !candidates.is_empty() {
                    let g = candidates[i % candidates.len()];
                    let parent = self.goals[g].parent.clone().unwrap_or_default();
                    let bad = self.fresh_typo(&parent)?;
                    self.goals[g].parent = Some(bad.clone());
                    let id = self.goals[g].id.clone();
                    self.record(
                        "unknown-reference",
                        Doc::Goal(g),
                        id,
                        bad.clone(),
                        vec![("detail", "parent".into()), ("missing", bad.into())],
                    );
                    continue;
                }
                variant = "supports";
            }
            if variant == "supports" {
                let o = next_objective(self, &mut free_objectives)?;
                let first = self.objectives[o]
                    .supports
                    .as_ref()
                    .and_then(|s| s.first().cloned())
                    .unwrap_or_default();
                let bad = self.fresh_typo(&first)?;
                self.objectives[o]
                    .supports
                    .get_or_insert_with(Vec::new)
                    .push(bad.clone());
                let id = self.objectives[o].id.clone();
                self.record(
                    "unknown-reference",
                    Doc::Objective(o),
                    id,
                    bad.clone(),
                    vec![("detail", "supports".into()), ("missing", bad.into())],
                );
                continue;
            }
            let p = next_project(self, &mut free_projects)?;
            let bad = if variant == "depends_on" {
                let ordinary: Vec<usize> = (0..self.projects.len())
                    .filter(|&q| !self.projects[q].marks.reserved)
                    .collect();
                let target = self.projects[*self.rng.pick(&ordinary)].id.clone();
                let bad = self.fresh_typo(&target)?;
                self.projects[p].depends_on.push(bad.clone());
                bad
            } else {
                let kr = self.kr_ids[self.rng.below(self.kr_ids.len())].clone();
                let bad = self.fresh_typo(&kr)?;
                let item = if variant == "contributes_to" {
                    Contribution::Id(bad.clone())
                } else {
                    Contribution::Expected(bad.clone(), 0.5)
                };
                self.projects[p]
                    .contributes_to
                    .get_or_insert_with(Vec::new)
                    .push(item);
                bad
            };
            let detail = if variant == "depends_on" {
                "depends_on"
            } else {
                "contributes_to"
            };
            let id = self.projects[p].id.clone();
            self.record(
                "unknown-reference",
                Doc::Project(p),
                id,
                bad.clone(),
                vec![("detail", detail.into()), ("missing", bad.into())],
            );
        }

        // unmeasurable-kr: a key result without a numeric baseline or target.
        for i in 0..v {
            let o = next_objective(self, &mut free_objectives)?;
            let j = self.rng.below(self.objectives[o].key_results.len());
            let variant = ["no-target", "no-baseline", "output-only"][i % 3];
            let output = *self.rng.pick(OUTPUT_KRS);
            let kr = &mut self.objectives[o].key_results[j];
            match variant {
                "no-target" => kr.target = None,
                "no-baseline" => kr.baseline = None,
                _ => {
                    kr.baseline = None;
                    kr.target = None;
                    kr.current = None;
                    kr.checkins.clear();
                    kr.direction = None;
                    kr.title = output.to_string();
                    kr.unit = "milestone";
                }
            }
            let kr_id = kr.id.clone();
            let objective = self.objectives[o].id.clone();
            self.record(
                "unmeasurable-kr",
                Doc::Objective(o),
                kr_id.clone(),
                format!("id: {kr_id}"),
                vec![("detail", variant.into()), ("objective", objective.into())],
            );
        }

        // duplicate-id: a project copied into another file, or a key-result id reused.
        for i in 0..v {
            if i % 2 == 0 {
                let original = next_project(self, &mut free_projects)?;
                let mut copy = self.projects[original].clone();
                copy.deliverables.clear();
                copy.title = Some(format!(
                    "{} (copy)",
                    copy.title.as_deref().unwrap_or("Untitled")
                ));
                copy.copy_of = Some(original);
                copy.marks = Marks::default();
                let index = self.projects.len();
                let id = copy.id.clone();
                self.projects.push(copy);
                self.freeze(Doc::Project(original));
                self.record(
                    "duplicate-id",
                    Doc::Project(index),
                    id.clone(),
                    format!("id: {id}"),
                    vec![("detail", "project-copy".into())],
                );
                self.violations.last_mut().expect("just recorded").other =
                    Some(Doc::Project(original));
            } else {
                let source = next_objective(self, &mut free_objectives)?;
                let host = next_objective(self, &mut free_objectives)?;
                let reused = self
                    .rng
                    .pick(&self.objectives[source].key_results)
                    .id
                    .clone();
                let mut kr = self.make_kr();
                self.taken.remove(&kr.id);
                self.kr_ids.pop();
                kr.id = reused.clone();
                self.objectives[host].key_results.push(kr);
                self.freeze(Doc::Objective(source));
                let (host_id, source_id) = (
                    self.objectives[host].id.clone(),
                    self.objectives[source].id.clone(),
                );
                self.record(
                    "duplicate-id",
                    Doc::Objective(host),
                    reused.clone(),
                    format!("id: {reused}"),
                    vec![
                        ("detail", "key-result-id".into()),
                        ("objective", host_id.into()),
                        ("other_objective", source_id.into()),
                    ],
                );
                self.violations.last_mut().expect("just recorded").other =
                    Some(Doc::Objective(source));
            }
        }
        Ok(())
    }
}
