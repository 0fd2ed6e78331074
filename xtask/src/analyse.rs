//! What a correct checker must find in the plan as it stands (for the rules whose outcome
//! does not depend on a date), the plan's counts, and where each violation is written.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::inject::Violation;
use crate::json::Json;
use crate::model::*;
use crate::plan::Plan;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Findings {
    pub orphan_objective: Vec<String>,
    pub orphan_project: Vec<String>,
    /// (entity, field, missing id)
    pub unknown_reference: Vec<(String, &'static str, String)>,
    pub duplicate_id: Vec<String>,
    pub unmeasurable_kr: Vec<String>,
    pub cycle: Vec<String>,
}

impl Findings {
    pub fn to_json(&self) -> Json {
        let unknown: Vec<Json> = self
            .unknown_reference
            .iter()
            .map(|(id, field, missing)| {
                Json::obj()
                    .with("id", id)
                    .with("field", *field)
                    .with("missing", missing)
            })
            .collect();
        Json::obj()
            .with("orphan-project", self.orphan_project.clone())
            .with("orphan-objective", self.orphan_objective.clone())
            .with("unknown-reference", Json::Arr(unknown))
            .with("duplicate-id", self.duplicate_id.clone())
            .with("unmeasurable-kr", self.unmeasurable_kr.clone())
            .with("cycle", self.cycle.clone())
    }
}

impl Plan {
    /// Every document, file by file.
    pub fn docs(&self) -> impl Iterator<Item = Doc> + '_ {
        self.files.iter().flat_map(|f| f.docs.iter().copied())
    }

    /// The findings a correct tool reports. An objective is an orphan when it is active and
    /// supports no active goal; a project when it is active or proposed and contributes to
    /// no key result or objective of an objective that supports an active goal.
    pub fn analyse(&self) -> Findings {
        let docs: Vec<Doc> = self.docs().collect();
        // Every id, with the objective behind it when it names an objective or key result.
        let mut by_id: HashMap<&str, Vec<Option<usize>>> = HashMap::new();
        let mut goal_status: HashMap<&str, &str> = HashMap::new();
        for &d in &docs {
            match d {
                Doc::Goal(i) => {
                    by_id.entry(&self.goals[i].id).or_default().push(None);
                    goal_status.insert(&self.goals[i].id, self.goals[i].status);
                }
                Doc::Objective(i) => {
                    let o = &self.objectives[i];
                    by_id.entry(&o.id).or_default().push(Some(i));
                    for kr in &o.key_results {
                        by_id.entry(&kr.id).or_default().push(Some(i));
                    }
                }
                Doc::Project(i) => by_id.entry(&self.projects[i].id).or_default().push(None),
            }
        }
        let aligned = |o: usize| {
            self.objectives[o]
                .supports
                .iter()
                .flatten()
                .any(|g| goal_status.get(g.as_str()) == Some(&"active"))
        };
        let mut f = Findings::default();
        let mut orphan_objective = HashSet::new();
        let mut orphan_project = HashSet::new();
        let mut edges: HashMap<&str, Vec<&str>> = HashMap::new();
        for &d in &docs {
            let mut refs: Vec<(&'static str, &str)> = Vec::new();
            match d {
                Doc::Goal(i) => {
                    let g = &self.goals[i];
                    if let Some(p) = &g.parent {
                        refs.push(("parent", p));
                        edges.entry(&g.id).or_default().push(p);
                    }
                }
                Doc::Objective(i) => {
                    let o = &self.objectives[i];
                    if o.status == "active" && !aligned(i) {
                        orphan_objective.insert(o.id.clone());
                    }
                    refs.extend(
                        o.supports
                            .iter()
                            .flatten()
                            .map(|s| ("supports", s.as_str())),
                    );
                    for kr in &o.key_results {
                        if kr.baseline.is_none() || kr.target.is_none() {
                            f.unmeasurable_kr.push(kr.id.clone());
                        }
                    }
                }
                Doc::Project(i) => {
                    let p = &self.projects[i];
                    let contributions = p.contributes_to.iter().flatten();
                    if matches!(p.status, "active" | "proposed") {
                        let traced = contributions.clone().any(|c| {
                            by_id
                                .get(c.id())
                                .is_some_and(|hits| hits.iter().flatten().any(|&o| aligned(o)))
                        });
                        if !traced {
                            orphan_project.insert(p.id.clone());
                        }
                    }
                    refs.extend(contributions.map(|c| ("contributes_to", c.id())));
                    refs.extend(p.depends_on.iter().map(|x| ("depends_on", x.as_str())));
                    refs.extend(p.validated_by.iter().map(|x| ("validated_by", x.as_str())));
                    edges
                        .entry(&p.id)
                        .or_default()
                        .extend(p.depends_on.iter().map(String::as_str));
                }
            }
            let id = self.doc_id(d);
            for (field, r) in refs {
                if !by_id.contains_key(r) {
                    f.unknown_reference
                        .push((id.to_string(), field, r.to_string()));
                }
            }
        }
        f.orphan_objective = sorted(orphan_objective);
        f.orphan_project = sorted(orphan_project);
        f.unknown_reference.sort();
        f.duplicate_id = sorted(
            by_id
                .iter()
                .filter(|(_, v)| v.len() > 1)
                .map(|(k, _)| k.to_string()),
        );
        f.unmeasurable_kr.sort();
        f.cycle = sorted(on_cycles(&edges));
        f
    }

    /// The counts of the truth file's `counts` (and `counts_head`).
    pub fn counts(&self) -> Json {
        let docs: Vec<Doc> = self.docs().collect();
        let mut c = Json::obj()
            .with("files", self.files.len())
            .with("documents", docs.len());
        let ids: HashSet<&str> = docs.iter().map(|&d| self.doc_id(d)).collect();
        c.set("distinct_entity_ids", ids.len());
        for (kind, key) in [
            (Kind::Goal, "goals"),
            (Kind::Objective, "objectives"),
            (Kind::Project, "projects"),
        ] {
            let of_kind: Vec<Doc> = docs.iter().copied().filter(|d| d.kind() == kind).collect();
            let distinct: HashSet<&str> = of_kind.iter().map(|&d| self.doc_id(d)).collect();
            let mut statuses: BTreeMap<&str, usize> = BTreeMap::new();
            for &d in &of_kind {
                *statuses.entry(self.status(d)).or_default() += 1;
            }
            c.set(key, distinct.len());
            c.set(&format!("{key}_documents"), of_kind.len());
            c.set(&format!("{key}_by_status"), counter(statuses));
        }
        let objectives: Vec<&Objective> = docs
            .iter()
            .filter_map(|d| {
                if let Doc::Objective(i) = d {
                    Some(&self.objectives[*i])
                } else {
                    None
                }
            })
            .collect();
        let projects: Vec<&Project> = docs
            .iter()
            .filter_map(|d| {
                if let Doc::Project(i) = d {
                    Some(&self.projects[*i])
                } else {
                    None
                }
            })
            .collect();
        let goals: Vec<&Goal> = docs
            .iter()
            .filter_map(|d| {
                if let Doc::Goal(i) = d {
                    Some(&self.goals[*i])
                } else {
                    None
                }
            })
            .collect();
        let krs: Vec<&KeyResult> = objectives.iter().flat_map(|o| &o.key_results).collect();
        let ups = krs
            .iter()
            .filter(|k| matches!((k.baseline, k.target), (Some(b), Some(t)) if t > b))
            .count();
        let downs = krs
            .iter()
            .filter(|k| matches!((k.baseline, k.target), (Some(b), Some(t)) if t < b))
            .count();
        c.set("key_results", krs.len());
        c.set(
            "key_results_distinct_ids",
            krs.iter().map(|k| &k.id).collect::<HashSet<_>>().len(),
        );
        c.set("key_results_increase", ups);
        c.set("key_results_decrease", downs);
        c.set(
            "key_results_without_current",
            krs.iter().filter(|k| k.current.is_none()).count(),
        );
        c.set(
            "explicit_checkins",
            krs.iter().map(|k| k.checkins.len()).sum::<usize>(),
        );
        c.set(
            "goals_with_parent",
            goals.iter().filter(|g| g.parent.is_some()).count(),
        );
        c.set(
            "goals_with_metric",
            goals.iter().filter(|g| g.metric.is_some()).count(),
        );
        let mut forms: BTreeMap<&str, usize> = BTreeMap::new();
        for o in &objectives {
            *forms.entry(o.period.form()).or_default() += 1;
        }
        c.set("periods_by_form", counter(forms));
        let refs: Vec<&Contribution> = projects
            .iter()
            .flat_map(|p| p.contributes_to.iter().flatten())
            .collect();
        c.set("contributes_to_refs", refs.len());
        c.set(
            "contributes_to_objects",
            refs.iter()
                .filter(|r| matches!(r, Contribution::Expected(..)))
                .count(),
        );
        c.set(
            "depends_on_edges",
            projects.iter().map(|p| p.depends_on.len()).sum::<usize>(),
        );
        c.set(
            "pilots",
            projects.iter().filter(|p| p.stage == Some("pilot")).count(),
        );
        c.set(
            "rollouts",
            projects
                .iter()
                .filter(|p| p.stage == Some("rollout"))
                .count(),
        );
        c.set(
            "projects_with_budget",
            projects.iter().filter(|p| p.budget.is_some()).count(),
        );
        c.set(
            "deliverables",
            projects.iter().map(|p| p.deliverables.len()).sum::<usize>(),
        );
        c.set(
            "plan_bytes",
            (0..self.files.len())
                .map(|f| self.render(f).0.len())
                .sum::<usize>(),
        );
        c
    }

    fn status(&self, d: Doc) -> &'static str {
        match d {
            Doc::Goal(i) => self.goals[i].status,
            Doc::Objective(i) => self.objectives[i].status,
            Doc::Project(i) => self.projects[i].status,
        }
    }

    /// Where `needle` is first written inside document `doc`: file, line, column (1-based)
    /// and the document's first line. A needle that names a key (`depends_on`) points at
    /// the key; any other must stand alone (no id character on either side).
    fn locate(&self, doc: Doc, needle: &str) -> Json {
        let file = self.doc_file(doc);
        let (text, starts) = self.render(file);
        let lines: Vec<&str> = text.split('\n').collect();
        let k = self.files[file]
            .docs
            .iter()
            .position(|&d| d == doc)
            .expect("document in its file");
        let first = starts[k] - 1;
        let end = starts.get(k + 1).map_or(lines.len(), |s| s - 1);
        let id_char =
            |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || "_.-".contains(c));
        let mut at = (starts[k], 1);
        'search: for (n, line) in lines.iter().enumerate().take(end).skip(first) {
            if needle == "depends_on" {
                if line.trim_start().starts_with("depends_on:") {
                    at = (n + 1, line.find("depends_on").unwrap_or(0) + 1);
                    break;
                }
                continue;
            }
            for (pos, _) in line.match_indices(needle) {
                let before = line[..pos].chars().next_back();
                let after = line[pos + needle.len()..].chars().next();
                if !id_char(before) && !id_char(after) {
                    at = (n + 1, line[..pos].chars().count() + 1);
                    break 'search;
                }
            }
        }
        Json::obj()
            .with("file", &self.files[file].path)
            .with("line", at.0)
            .with("column", at.1)
            .with("document_line", starts[k])
    }

    /// Every injected violation, where it is written now, in the truth file's order.
    pub fn truth_violations(&self) -> Json {
        let order = [
            "schema",
            "duplicate-id",
            "unknown-reference",
            "cycle",
            "orphan-project",
            "orphan-objective",
            "unmeasurable-kr",
        ];
        let mut entries: Vec<(usize, String, usize, Json)> = Vec::new();
        for v in &self.violations {
            let (id, doc, fields) = self.canonical(v);
            let mut e = Json::obj().with("rule", v.rule).with("id", id);
            for (k, value) in fields {
                e.set(k, value);
            }
            let place = self.locate(doc, &v.needle);
            let file = match place.get("file") {
                Some(Json::Str(s)) => s.clone(),
                _ => String::new(),
            };
            let line = place.get("line").and_then(Json::as_f64).unwrap_or(0.0) as usize;
            if let Json::Obj(members) = place {
                for (k, value) in members {
                    e.set(&k, value);
                }
            }
            if let Some(other) = v.other {
                e.set("other", self.locate(other, &format!("id: {}", v.id)));
            }
            let rank = order
                .iter()
                .position(|r| *r == v.rule)
                .unwrap_or(order.len());
            entries.push((rank, file, line, e));
        }
        entries.sort_by(|a, b| (a.0, &a.1, a.2).cmp(&(b.0, &b.1, b.2)));
        Json::Arr(entries.into_iter().map(|e| e.3).collect())
    }

    /// A violation as the truth file gives it. A cycle is given at the member written
    /// first (by file path, then line), the one a checker reading files in order meets
    /// first, with its members listed in ring order from there.
    fn canonical(&self, v: &Violation) -> (String, Doc, Vec<(&'static str, Json)>) {
        if v.ring.is_empty() {
            return (v.id.clone(), v.doc, v.fields.clone());
        }
        let place = |d: Doc| {
            let f = self.doc_file(d);
            let k = self.files[f].docs.iter().position(|&x| x == d).unwrap_or(0);
            (self.files[f].path.clone(), self.render(f).1[k])
        };
        let first = (0..v.ring.len())
            .min_by_key(|&i| place(v.ring[i]))
            .unwrap_or(0);
        let members: Vec<String> = (0..v.ring.len())
            .map(|i| self.doc_id(v.ring[(first + i) % v.ring.len()]).to_string())
            .collect();
        (
            members[0].clone(),
            v.ring[first],
            vec![("members", members.into())],
        )
    }

    /// The findings must be exactly what was injected: a wrong plan is a bug here, not a
    /// workload.
    pub fn self_check(&self, at: &str) -> Result<Findings, String> {
        let f = self.analyse();
        let injected = |rule: &str| -> Vec<String> {
            sorted(
                self.violations
                    .iter()
                    .filter(|v| v.rule == rule)
                    .map(|v| v.id.clone()),
            )
        };
        let mut problems = Vec::new();
        if f.orphan_project != injected("orphan-project") {
            problems.push(format!(
                "orphan-project: {:?} vs {:?}",
                f.orphan_project,
                injected("orphan-project")
            ));
        }
        if f.orphan_objective != injected("orphan-objective") {
            problems.push(format!(
                "orphan-objective: {:?} vs {:?}",
                f.orphan_objective,
                injected("orphan-objective")
            ));
        }
        let mut missing: Vec<String> = f.unknown_reference.iter().map(|u| u.2.clone()).collect();
        missing.sort();
        let mut expected_missing: Vec<String> = self
            .violations
            .iter()
            .filter(|v| v.rule == "unknown-reference")
            .filter_map(|v| v.fields.iter().find(|(k, _)| *k == "missing"))
            .filter_map(|(_, j)| {
                if let Json::Str(s) = j {
                    Some(s.clone())
                } else {
                    None
                }
            })
            .collect();
        expected_missing.sort();
        if missing != expected_missing {
            problems.push(format!(
                "unknown-reference: {missing:?} vs {expected_missing:?}"
            ));
        }
        let mut dups = injected("duplicate-id");
        dups.dedup();
        if f.duplicate_id != dups {
            problems.push(format!("duplicate-id: {:?} vs {dups:?}", f.duplicate_id));
        }
        if f.unmeasurable_kr != injected("unmeasurable-kr") {
            problems.push("unmeasurable-kr".to_string());
        }
        let members: Vec<String> = sorted(
            self.violations
                .iter()
                .filter(|v| v.rule == "cycle")
                .filter_map(|v| v.fields.iter().find(|(k, _)| *k == "members"))
                .flat_map(|(_, j)| match j {
                    Json::Arr(items) => items
                        .iter()
                        .filter_map(|x| {
                            if let Json::Str(s) = x {
                                Some(s.clone())
                            } else {
                                None
                            }
                        })
                        .collect(),
                    _ => Vec::new(),
                }),
        );
        if f.cycle != members {
            problems.push(format!("cycle: {:?} vs {members:?}", f.cycle));
        }
        if problems.is_empty() {
            Ok(f)
        } else {
            Err(format!(
                "internal self-check failed at {at}: {}",
                problems.join("; ")
            ))
        }
    }
}

fn sorted(items: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut v: Vec<String> = items.into_iter().collect();
    v.sort();
    v
}

fn counter(map: BTreeMap<&str, usize>) -> Json {
    Json::Obj(
        map.into_iter()
            .map(|(k, n)| (k.to_string(), Json::from(n)))
            .collect(),
    )
}

/// The nodes that lie on a cycle: members of a strongly connected component of two or
/// more nodes, or with an edge to themselves (Tarjan, iterative).
fn on_cycles(edges: &HashMap<&str, Vec<&str>>) -> Vec<String> {
    let mut nodes: Vec<&str> = edges.keys().copied().collect();
    nodes.sort_unstable();
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut low: HashMap<&str, usize> = HashMap::new();
    let mut on_stack: HashSet<&str> = HashSet::new();
    let mut stack: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    let mut counter = 0;
    let empty: Vec<&str> = Vec::new();
    for &root in &nodes {
        if index.contains_key(root) {
            continue;
        }
        let mut work: Vec<(&str, usize)> = vec![(root, 0)];
        index.insert(root, counter);
        low.insert(root, counter);
        counter += 1;
        stack.push(root);
        on_stack.insert(root);
        while let Some(&(node, next)) = work.last() {
            let succ = edges.get(node).unwrap_or(&empty);
            if next < succ.len() {
                let w = succ[next];
                if let Some(top) = work.last_mut() {
                    top.1 += 1;
                }
                if !index.contains_key(w) {
                    index.insert(w, counter);
                    low.insert(w, counter);
                    counter += 1;
                    stack.push(w);
                    on_stack.insert(w);
                    work.push((w, 0));
                } else if on_stack.contains(w) {
                    let l = low[node].min(index[w]);
                    low.insert(node, l);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                let l = low[parent].min(low[node]);
                low.insert(parent, l);
            }
            if low[node] == index[node] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack.remove(w);
                    component.push(w);
                    if w == node {
                        break;
                    }
                }
                let self_loop = succ.contains(&node);
                if component.len() > 1 || self_loop {
                    out.extend(component.into_iter().map(str::to_string));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::on_cycles;
    use std::collections::HashMap;

    #[test]
    fn cycles_only() {
        let mut e: HashMap<&str, Vec<&str>> = HashMap::new();
        e.insert("a", vec!["b"]);
        e.insert("b", vec!["a", "c"]);
        e.insert("c", vec!["d"]);
        e.insert("x", vec!["x"]);
        e.insert("y", vec!["c"]);
        let mut got = on_cycles(&e);
        got.sort();
        assert_eq!(got, vec!["a", "b", "x"]);
    }
}
