//! Building the initial plan: goals, objectives with key results, projects, and the files
//! they are spread over.

use std::collections::{HashMap, HashSet};

use crate::date::{Date, quarter_end};
use crate::genplan::Args;
use crate::inject::Violation;
use crate::model::*;
use crate::rng::Rng;
use crate::words::*;
use crate::yaml::{fmt_num, round_to, step};

/// The id prefixes, in the order of `Plan::serial`.
#[derive(Clone, Copy)]
pub enum Prefix {
    G = 0,
    O = 1,
    Kr = 2,
    P = 3,
}

const PREFIX_TEXT: [&str; 4] = ["G", "O", "KR", "P"];

pub struct Plan {
    pub args: Args,
    pub rng: Rng,
    pub goals: Vec<Goal>,
    pub objectives: Vec<Objective>,
    pub projects: Vec<Project>,
    pub files: Vec<PlanFile>,
    /// Path of every file, to its index in `files`.
    pub paths: HashMap<String, usize>,
    /// Every id handed out (typos must name nothing).
    pub taken: HashSet<String>,
    /// Key-result ids in the order they were made.
    pub kr_ids: Vec<String>,
    serial: [usize; 4],
    widths: [usize; 4],
    pub violations: Vec<Violation>,
    /// A dropped objective supporting only a dropped goal, for orphan variants.
    pub graveyard: Option<usize>,
    pub reserved_goals: Vec<usize>,
    pub one_per_file: bool,
}

/// Schema-violation variants, in the order they rotate.
pub const SCHEMA_VARIANTS: [&str; 7] = [
    "kr-confidence-string",
    "expected-value-string",
    "unknown-property",
    "missing-title",
    "deliverable-due-not-a-date",
    "invalid-enum",
    "confidence-out-of-range",
];

impl Plan {
    pub fn new(args: Args) -> Plan {
        let digits = |n: usize| n.to_string().len();
        let widths = [
            digits(args.goals * 2).max(3),
            digits(args.objectives * 2).max(4),
            digits(args.objectives * args.krs_per_objective * 2).max(5),
            digits(args.projects * 2).max(5),
        ];
        Plan {
            rng: Rng::from_label(&format!("bearing xtask genplan plan {}", args.seed)),
            args,
            goals: Vec::new(),
            objectives: Vec::new(),
            projects: Vec::new(),
            files: Vec::new(),
            paths: HashMap::new(),
            taken: HashSet::new(),
            kr_ids: Vec::new(),
            serial: [0; 4],
            widths,
            violations: Vec::new(),
            graveyard: None,
            reserved_goals: Vec::new(),
            one_per_file: false,
        }
    }

    /// The whole initial plan, violations injected and files laid out.
    pub fn build(&mut self) -> Result<(), String> {
        let v = self.args.violations;
        let variants: Vec<&str> = (0..v).map(|i| SCHEMA_VARIANTS[i % 7]).collect();
        let on_goals = variants.iter().filter(|k| **k == "invalid-enum").count();
        let on_objectives = variants
            .iter()
            .filter(|k| matches!(**k, "kr-confidence-string" | "confidence-out-of-range"))
            .count();
        let on_projects = v - on_goals - on_objectives;
        let in_cycles: usize = (0..v).map(|i| 2 + i % 2).sum();
        self.make_goals(on_goals)?;
        self.make_objectives(v + on_objectives)?;
        self.make_projects(v + in_cycles + on_projects)?;
        self.inject()?;
        self.layout();
        Ok(())
    }

    pub fn new_id(&mut self, prefix: Prefix, slug: &str) -> String {
        let p = prefix as usize;
        self.serial[p] += 1;
        let id = format!(
            "{}-{slug}-{:0w$}",
            PREFIX_TEXT[p],
            self.serial[p],
            w = self.widths[p]
        );
        assert!(self.taken.insert(id.clone()), "id {id} made twice");
        id
    }

    // ---- text ----------------------------------------------------------------------

    /// A Markdown description: a lead sentence, maybe a heading, a bulleted list with links
    /// and code spans, maybe a numbered list.
    pub fn markdown(&mut self, subject: &str) -> String {
        let r = &mut self.rng;
        let table = *r.pick(TABLES);
        let other_table = *r.pick(TABLES);
        let hex = r.hex6();
        let (q1, q2) = (*r.pick(QUALIFIERS), *r.pick(QUALIFIERS));
        let mut chars = subject.chars();
        let subject: String = match (chars.next(), subject.chars().nth(1)) {
            (Some(first), Some(second)) if second.is_lowercase() => {
                first.to_lowercase().chain(chars).collect()
            }
            _ => subject.to_string(),
        };
        let mut text = format!("{} {subject}.\n\n", r.pick(LEADS));
        if r.chance(0.5) {
            text.push_str("### Measurement\n\n");
        }
        let mut bullets = vec![
            format!(
                "Weekly snapshot of `{table}` ([dashboard](https://metrics.example.com/d/{hex}))."
            ),
            "Test, staff and demo accounts are left out.".to_string(),
            format!(
                "Numbers come from `{other_table}`; the query lives in [the playbook](https://wiki.example.com/playbooks/{}).",
                &hex[..4]
            ),
            format!("Broken down {q1} and {q2}."),
            "Discussed at the monthly business review as a *28-day rolling* figure.".to_string(),
            format!("Query: `SELECT count(*) FROM {table} WHERE day >= current_date - 28`"),
        ];
        r.shuffle(&mut bullets);
        let n = r.int(2, 4) as usize;
        for b in &bullets[..n] {
            text.push_str("- ");
            text.push_str(b);
            text.push('\n');
        }
        if r.chance(0.4) {
            let issue = r.int(100, 9999);
            text.push_str(&format!(
                "\n1. Baseline signed off by finance\n2. Followed in [#{issue}](https://github.com/example/plans/issues/{issue})\n"
            ));
        }
        text
    }

    pub fn team(&mut self) -> String {
        if self.rng.chance(0.2) {
            self.rng.pick(NAMED_TEAMS).to_string()
        } else {
            format!("@team-{}", self.rng.int(1, 80))
        }
    }

    // ---- goals ---------------------------------------------------------------------

    fn make_goals(&mut self, reserved: usize) -> Result<(), String> {
        let n = self.args.goals;
        let mut statuses: Vec<&'static str> = (0..n)
            .map(|_| match self.rng.unit() {
                x if x < 0.07 => "achieved",
                x if x < 0.10 => "on-hold",
                x if x < 0.14 => "dropped",
                _ => "active",
            })
            .collect();
        if !statuses.contains(&"dropped") {
            statuses[n - 1] = "dropped";
        }
        let want_active = (n / 2).max(1);
        for i in 0..n - 1 {
            if statuses.iter().filter(|s| **s == "active").count() >= want_active {
                break;
            }
            statuses[i] = "active";
        }
        let mut active_so_far: Vec<usize> = Vec::new();
        for (i, status) in statuses.into_iter().enumerate() {
            let theme = self.rng.pick(GOAL_THEMES);
            let id = self.new_id(Prefix::G, theme.slug);
            let title = if self.rng.chance(0.6) {
                format!("{} {}", theme.title, self.rng.pick(QUALIFIERS))
            } else {
                theme.title.to_string()
            };
            let owner = *self.rng.pick(EXECUTIVES);
            let parent = if status == "active" && !active_so_far.is_empty() && self.rng.chance(0.72)
            {
                Some(self.goals[*self.rng.pick(&active_so_far)].id.clone())
            } else {
                None
            };
            let start = self.rng.chance(0.3).then(|| {
                let y = *self.rng.pick(&[2025, 2026]);
                Date::ymd(y, *self.rng.pick(&[1, 4, 7, 10]), 1)
            });
            let due = self.rng.chance(0.92).then(|| {
                let y = *self.rng.pick(&[2026, 2027, 2027, 2028]);
                quarter_end(y, self.rng.int(1, 4) as u32)
            });
            let metric = self.rng.chance(0.88).then(|| self.goal_metric(theme));
            let description = self.markdown(&title);
            let comment = self
                .rng
                .chance(0.15)
                .then(|| format!("Accountable: {owner}. Looked at every quarter."));
            if status == "active" {
                active_so_far.push(i);
            }
            self.goals.push(Goal {
                id,
                title,
                owner,
                category: theme.category,
                status,
                parent,
                start,
                due,
                metric,
                description,
                comment,
                marks: Marks::default(),
                file: usize::MAX,
            });
        }
        // Goals set aside for the invalid-category variant: on hold, no parent, no child.
        let parents: HashSet<String> = self.goals.iter().filter_map(|g| g.parent.clone()).collect();
        let mut candidates: Vec<usize> = (0..n)
            .filter(|&i| self.goals[i].status == "active" && !parents.contains(&self.goals[i].id))
            .collect();
        self.rng.shuffle(&mut candidates);
        candidates.sort_by_key(|&i| self.goals[i].parent.is_some());
        if reserved > 0 && reserved + 1 > candidates.len() {
            return Err(format!(
                "too few goals for {reserved} goal-level schema violations"
            ));
        }
        for &i in &candidates[..reserved] {
            let g = &mut self.goals[i];
            g.parent = None;
            g.status = "on-hold";
            g.marks.reserved = true;
            self.reserved_goals.push(i);
        }
        Ok(())
    }

    fn goal_metric(&mut self, t: &GoalTheme) -> Metric {
        let r = &mut self.rng;
        let sign = if t.up { 1.0 } else { -1.0 };
        let baseline = round_to(r.uniform(t.lo, t.hi), t.decimals);
        let mut target = round_to(
            baseline + sign * (t.hi - t.lo) * r.uniform(0.12, 0.45),
            t.decimals,
        );
        if t.unit == "%" {
            target = if t.up {
                target.min(99.9)
            } else {
                target.max(0.5)
            };
        }
        if target == baseline {
            target = round_to(baseline + sign * step(t.decimals), t.decimals);
        }
        let direction = r.chance(0.1).then_some(if target > baseline {
            "increase"
        } else {
            "decrease"
        });
        let current = r.chance(0.9).then(|| {
            round_to(
                baseline + (target - baseline) * r.uniform(-0.1, 0.85),
                t.decimals,
            )
        });
        Metric {
            unit: t.unit,
            direction,
            baseline,
            target,
            current,
            decimals: t.decimals,
        }
    }

    // ---- objectives ----------------------------------------------------------------

    fn period(&mut self) -> Period {
        let r = &mut self.rng;
        let year = |r: &mut Rng| *r.pick(&[2026, 2027]);
        match r.unit() {
            x if x < 0.70 => Period::Quarter(year(r), r.int(1, 4) as u32),
            x if x < 0.85 => Period::Half(year(r), r.int(1, 2) as u32),
            x if x < 0.95 => {
                let y = year(r);
                let m = r.int(1, 7) as u32;
                let end_month = m + r.int(3, 5) as u32;
                Period::Span(Date::ymd(y, m, 1), Date::ymd(y, end_month, 1).plus(-1))
            }
            x if x < 0.98 => Period::Year(year(r)),
            _ => Period::Month(year(r), r.int(1, 12) as u32),
        }
    }

    pub fn make_kr(&mut self) -> KeyResult {
        let t = self.rng.pick(KR_THEMES);
        let id = self.new_id(Prefix::Kr, t.slug);
        self.kr_ids.push(id.clone());
        let r = &mut self.rng;
        let sign = if t.up { 1.0 } else { -1.0 };
        let baseline = round_to(r.uniform(t.lo, t.hi), t.decimals);
        let mut target = round_to(
            baseline + sign * (t.hi - t.lo) * r.uniform(0.08, 0.40),
            t.decimals,
        );
        if t.unit == "%" {
            let cap = if t.decimals == 2 { 99.99 } else { 99.9 };
            target = round_to(
                if t.up {
                    target.min(cap)
                } else {
                    target.max(0.5)
                },
                t.decimals,
            );
        }
        if target == baseline {
            target = round_to(baseline + sign * step(t.decimals), t.decimals);
        }
        let verbs: &[&str] = if target > baseline {
            &["Raise", "Grow", "Lift", "Push up"]
        } else {
            &["Cut", "Reduce", "Lower", "Bring down"]
        };
        let title = match r.unit() {
            x if x < 0.75 => format!(
                "{} {} from {} to {}",
                r.pick(verbs),
                t.metric,
                value_text(baseline, t.unit),
                value_text(target, t.unit)
            ),
            x if x < 0.9 => format!(
                "{} reaches {}",
                capitalised(t.metric),
                value_text(target, t.unit)
            ),
            _ => format!("{} {}", r.pick(verbs), t.metric),
        };
        let direction = r.chance(0.05).then_some(if target > baseline {
            "increase"
        } else {
            "decrease"
        });
        let current = r.chance(0.95).then(|| {
            round_to(
                baseline + (target - baseline) * r.uniform(-0.1, 0.7),
                t.decimals,
            )
        });
        let confidence = r
            .chance(0.7)
            .then(|| Confidence::Num(round_to(r.uniform(0.2, 0.95), 1)));
        let mut checkins = Vec::new();
        if r.chance(0.15) {
            let first = self.args.history_start.plus(-r.int(40, 120));
            let reached = current.unwrap_or(target);
            let k = r.int(1, 4);
            for j in 0..k {
                let date = first.plus(j * r.int(7, 21));
                let value = round_to(
                    baseline + (reached - baseline) * (j + 1) as f64 / (k + 1) as f64,
                    t.decimals,
                );
                let confidence = r.chance(0.5).then(|| round_to(r.uniform(0.3, 0.9), 1));
                let note = r.chance(0.5).then(|| *r.pick(CHECKIN_NOTES));
                checkins.push(Checkin {
                    date,
                    value,
                    confidence,
                    note,
                });
            }
        }
        KeyResult {
            id,
            title,
            unit: t.unit,
            direction,
            baseline: Some(baseline),
            target: Some(target),
            current,
            confidence,
            checkins,
            decimals: t.decimals,
        }
    }

    fn make_objectives(&mut self, reserved: usize) -> Result<(), String> {
        let n = self.args.objectives;
        let k = self.args.krs_per_objective as i64;
        // As many objectives get one more key result as get one fewer: the total is exact.
        let mut extra = vec![0i64; n];
        if k > 1 {
            let mut order: Vec<usize> = (0..n).collect();
            self.rng.shuffle(&mut order);
            let quarter = n / 4;
            for &i in &order[..quarter] {
                extra[i] = 1;
            }
            for &i in &order[quarter..2 * quarter] {
                extra[i] = -1;
            }
        }
        let active: Vec<usize> = (0..self.goals.len())
            .filter(|&i| self.goals[i].status == "active" && !self.goals[i].marks.reserved)
            .collect();
        let mut finished = active.clone();
        finished.extend((0..self.goals.len()).filter(|&i| self.goals[i].status == "achieved"));
        let dead: Vec<usize> = (0..self.goals.len())
            .filter(|&i| {
                matches!(self.goals[i].status, "dropped" | "on-hold")
                    && !self.goals[i].marks.reserved
            })
            .collect();
        if active.is_empty() {
            return Err("no active goal; use more --goals".into());
        }
        if reserved > n / 2 {
            return Err("too few objectives for the requested violations".into());
        }
        let set_aside: HashSet<usize> = self.rng.sample(n, reserved).into_iter().collect();
        let mut dead_or_alive = active.clone();
        dead_or_alive.extend(&dead);
        let mut round_robin = 0;
        for (i, more) in extra.into_iter().enumerate() {
            let (verb, object, slug) = *self.rng.pick(OBJECTIVE_THEMES);
            let id = self.new_id(Prefix::O, slug);
            let x = self.rng.unit();
            let status = if x < 0.86 || set_aside.contains(&i) {
                "active"
            } else if x < 0.94 {
                "done"
            } else {
                "dropped"
            };
            let (mut supports, pool): (Vec<usize>, &[usize]) = match status {
                "active" => {
                    // Round robin first, so that every active goal gets an objective.
                    let first = if round_robin < active.len() && !set_aside.contains(&i) {
                        round_robin += 1;
                        active[round_robin - 1]
                    } else {
                        *self.rng.pick(&active)
                    };
                    (vec![first], &active)
                }
                "done" => (vec![*self.rng.pick(&finished)], &finished),
                _ => {
                    let first = if !dead.is_empty() && self.rng.chance(0.5) {
                        *self.rng.pick(&dead)
                    } else {
                        *self.rng.pick(&dead_or_alive)
                    };
                    (vec![first], &dead_or_alive)
                }
            };
            let y = self.rng.unit();
            if y > 0.80 {
                supports.push(*self.rng.pick(pool));
            }
            if y > 0.98 {
                supports.push(*self.rng.pick(pool));
            }
            let mut ids: Vec<String> = Vec::new();
            for g in supports {
                if !ids.contains(&self.goals[g].id) {
                    ids.push(self.goals[g].id.clone());
                }
            }
            let mut title = format!("{verb} {object}");
            if self.rng.chance(0.4) {
                title = format!("{title} {}", self.rng.pick(QUALIFIERS));
            }
            let owner = if self.rng.chance(0.3) {
                self.rng.pick(EXECUTIVES).to_string()
            } else {
                self.team()
            };
            let period = self.period();
            let description = self.rng.chance(0.4).then(|| self.markdown(&title));
            let count = (k + more).max(1);
            let key_results: Vec<KeyResult> = (0..count).map(|_| self.make_kr()).collect();
            let flow_supports = self.rng.chance(0.75);
            let flow_period = self.rng.chance(0.75);
            let status_note = self.rng.chance(0.1).then(|| *self.rng.pick(STATUS_NOTES));
            self.objectives.push(Objective {
                id,
                title,
                owner,
                supports: Some(ids),
                period,
                status,
                status_note,
                description,
                key_results,
                flow_supports,
                flow_period,
                marks: Marks {
                    reserved: set_aside.contains(&i),
                    frozen: false,
                },
                file: usize::MAX,
            });
        }
        // One dropped objective that supports only a dropped goal.
        let dropped_goal = self
            .goals
            .iter()
            .find(|g| g.status == "dropped" && !g.marks.reserved)
            .map(|g| g.id.clone());
        if let Some(goal) = dropped_goal {
            let pick = self
                .objectives
                .iter()
                .position(|o| o.status == "dropped" && !o.marks.reserved)
                .or_else(|| self.objectives.iter().position(|o| !o.marks.reserved));
            if let Some(i) = pick {
                self.objectives[i].status = "dropped";
                self.objectives[i].supports = Some(vec![goal]);
                self.graveyard = Some(i);
            }
        }
        Ok(())
    }

    // ---- projects ------------------------------------------------------------------

    /// What a project contributes to: one to three key results or objectives of `pool`,
    /// some with an expected effect.
    fn contributions(&mut self, pool: &[usize]) -> Vec<Contribution> {
        let r = &mut self.rng;
        let n = if r.chance(0.65) {
            1
        } else if r.chance(0.77) {
            2
        } else {
            3
        };
        let mut refs: Vec<Contribution> = Vec::new();
        for _ in 0..n {
            let o = &self.objectives[*r.pick(pool)];
            if r.chance(0.12) {
                if refs.iter().all(|c| c.id() != o.id) {
                    refs.push(Contribution::Id(o.id.clone()));
                }
                continue;
            }
            let kr = r.pick(&o.key_results);
            if refs.iter().any(|c| c.id() == kr.id) {
                continue;
            }
            match (kr.baseline, kr.target) {
                (Some(b), Some(t)) if r.chance(0.3) => {
                    let mut expected = round_to((t - b) * r.uniform(0.05, 0.4), kr.decimals);
                    if expected == 0.0 {
                        expected = round_to(step(kr.decimals).copysign(t - b), kr.decimals);
                    }
                    refs.push(Contribution::Expected(kr.id.clone(), expected));
                }
                _ => refs.push(Contribution::Id(kr.id.clone())),
            }
        }
        refs
    }

    /// Fills in a project: contributions, dates, budget, deliverables, dependencies.
    /// `today` is set for projects the history adds.
    pub fn fill_project(
        &mut self,
        p: &mut Project,
        pool: &[usize],
        deps: &[usize],
        today: Option<Date>,
    ) {
        p.contributes_to = Some(self.contributions(pool));
        let r = &mut self.rng;
        let from = today.unwrap_or(Date::ymd(2025, 9, 1));
        if r.chance(0.85) {
            let start = from.plus(r.int(0, if today.is_some() { 120 } else { 600 }));
            p.start = Some(start);
            p.due = Some(start.plus(r.int(30, 360)));
        }
        if r.chance(0.7) {
            let raw = r.uniform(20_000f64.ln(), 2_000_000f64.ln()).exp();
            let planned = ((raw / 5000.0).round() * 5000.0).max(5000.0);
            let used = match p.status {
                "proposed" => 0.0,
                "active" => r.uniform(0.0, 1.1),
                "done" => r.uniform(0.7, 1.25),
                "paused" => r.uniform(0.1, 0.8),
                _ => r.uniform(0.0, 0.6),
            };
            let currency = if r.chance(0.7) {
                "USD"
            } else if r.chance(0.66) {
                "EUR"
            } else {
                "GBP"
            };
            let spent = (p.status != "proposed" || r.chance(0.3))
                .then(|| (planned * used / 1000.0).round() * 1000.0);
            p.budget = Some(Budget {
                planned,
                spent,
                currency,
            });
            if r.chance(0.5) {
                let amount =
                    ((planned * r.uniform(0.5, 6.0) / 10_000.0).round() * 10_000.0).max(10_000.0);
                p.expected_value = Some((Amount::Num(amount), currency));
            }
        }
        if r.chance(0.5) {
            p.outcome = Some(*r.pick(OUTCOMES));
        }
        if let Some(start) = p.start.filter(|_| r.chance(0.45)) {
            for j in 0..r.int(1, 4) {
                let due = start.plus(30 * (j + 1) + r.int(-10, 10));
                let done = p.status == "done" || (p.status == "active" && r.chance(0.4));
                let title = *r.pick(DELIVERABLES);
                p.deliverables.push(Deliverable {
                    title,
                    due: Ok(due),
                    done,
                });
            }
        }
        if !deps.is_empty() && r.chance(0.2) {
            let k = (r.int(1, 3) as usize).min(deps.len());
            for i in r.sample(deps.len(), k) {
                let id = &self.projects[deps[i]].id;
                if !p.depends_on.contains(id) {
                    p.depends_on.push(id.clone());
                }
            }
        }
        if self.rng.chance(0.3) {
            let subject = p.title.clone().unwrap_or_default();
            p.description = Some(self.markdown(&subject));
        }
        let r = &mut self.rng;
        p.flow = ProjectFlow {
            contributes_to: r.chance(0.6),
            budget: r.chance(0.6),
            expected_value: r.chance(0.6),
            depends_on: r.chance(0.6),
        };
    }

    /// A bare project: id, title, owner, status.
    pub fn new_project(&mut self, status: &'static str, pilot: bool) -> Project {
        let (slug, title) = *self.rng.pick(PROJECT_THEMES);
        let slug = if pilot {
            format!("{slug}-pilot")
        } else {
            slug.to_string()
        };
        let id = self.new_id(Prefix::P, &slug);
        let title = format!("{title}{}", self.rng.pick(PROJECT_SUFFIXES));
        let owner = self.team();
        Project {
            id,
            title: Some(title),
            owner,
            status,
            priority: None,
            contributes_to: None,
            stage: None,
            validated_by: None,
            start: None,
            due: None,
            budget: None,
            expected_value: None,
            outcome: None,
            deliverables: Vec::new(),
            depends_on: Vec::new(),
            description: None,
            flow: ProjectFlow::default(),
            marks: Marks::default(),
            copy_of: None,
            file: usize::MAX,
        }
    }

    fn project_status(&mut self) -> &'static str {
        match self.rng.unit() {
            x if x < 0.45 => "active",
            x if x < 0.65 => "proposed",
            x if x < 0.85 => "done",
            x if x < 0.92 => "paused",
            _ => "cancelled",
        }
    }

    fn make_projects(&mut self, reserved: usize) -> Result<(), String> {
        let n = self.args.projects;
        let live: Vec<usize> = (0..self.objectives.len())
            .filter(|&i| {
                self.objectives[i].status == "active" && !self.objectives[i].marks.reserved
            })
            .collect();
        let mut past = live.clone();
        past.extend((0..self.objectives.len()).filter(|&i| {
            self.objectives[i].status == "done" && !self.objectives[i].marks.reserved
        }));
        if live.is_empty() {
            return Err("no active objective for projects to contribute to".into());
        }
        if reserved > n / 2 {
            return Err("too few projects for the requested violations".into());
        }
        let set_aside: HashSet<usize> = self.rng.sample(n, reserved).into_iter().collect();
        let mut normal: Vec<usize> = Vec::new();
        let mut pilots: Vec<usize> = Vec::new();
        for i in 0..n {
            let recent = normal[normal.len().saturating_sub(300)..].to_vec();
            if set_aside.contains(&i) {
                let mut p = self.new_project("active", false);
                self.fill_project(&mut p, &live, &[], None);
                p.marks.reserved = true;
                self.projects.push(p);
                continue;
            }
            let x = self.rng.unit();
            let p = if x < 0.05 {
                let status = if self.rng.chance(0.7) {
                    "done"
                } else {
                    "active"
                };
                let mut p = self.new_project(status, true);
                p.title = p.title.map(|t| format!("{t} pilot"));
                self.fill_project(&mut p, &live, &recent, None);
                p.stage = Some("pilot");
                pilots.push(self.projects.len());
                p
            } else if x < 0.11 && !pilots.is_empty() {
                let status = if self.rng.chance(0.6) {
                    "active"
                } else {
                    "proposed"
                };
                let mut p = self.new_project(status, false);
                let pilot = *self.rng.pick(&pilots[pilots.len().saturating_sub(50)..]);
                p.title = p.title.map(|t| format!("{t} rollout"));
                self.fill_project(&mut p, &live, &recent, None);
                // A rollout usually moves what its pilot moved.
                if self.rng.chance(0.7) {
                    p.contributes_to = self.projects[pilot].contributes_to.clone();
                }
                p.stage = Some("rollout");
                p.validated_by = Some(self.projects[pilot].id.clone());
                p
            } else {
                let status = self.project_status();
                let mut p = self.new_project(status, false);
                let pool = if matches!(status, "active" | "proposed" | "paused") {
                    &live
                } else {
                    &past
                };
                self.fill_project(&mut p, pool, &recent, None);
                p
            };
            normal.push(self.projects.len());
            self.projects.push(p);
        }
        Ok(())
    }

    // ---- files ---------------------------------------------------------------------

    pub fn doc_id(&self, doc: Doc) -> &str {
        match doc {
            Doc::Goal(i) => &self.goals[i].id,
            Doc::Objective(i) => &self.objectives[i].id,
            Doc::Project(i) => &self.projects[i].id,
        }
    }

    pub fn doc_file(&self, doc: Doc) -> usize {
        match doc {
            Doc::Goal(i) => self.goals[i].file,
            Doc::Objective(i) => self.objectives[i].file,
            Doc::Project(i) => self.projects[i].file,
        }
    }

    pub fn set_doc_file(&mut self, doc: Doc, file: usize) {
        match doc {
            Doc::Goal(i) => self.goals[i].file = file,
            Doc::Objective(i) => self.objectives[i].file = file,
            Doc::Project(i) => self.projects[i].file = file,
        }
    }

    pub fn marks(&self, doc: Doc) -> Marks {
        match doc {
            Doc::Goal(i) => self.goals[i].marks,
            Doc::Objective(i) => self.objectives[i].marks,
            Doc::Project(i) => self.projects[i].marks,
        }
    }

    pub fn owner(&self, doc: Doc) -> &str {
        match doc {
            Doc::Goal(i) => self.goals[i].owner,
            Doc::Objective(i) => &self.objectives[i].owner,
            Doc::Project(i) => &self.projects[i].owner,
        }
    }

    pub fn folder_for(&self, doc: Doc) -> String {
        match doc {
            Doc::Goal(i) => {
                let c = self.goals[i].category;
                format!(
                    "plans/goals/{}",
                    if CATEGORIES.contains(&c) { c } else { "misc" }
                )
            }
            Doc::Objective(i) => format!("plans/okrs/{}", self.objectives[i].period.year()),
            Doc::Project(i) => format!(
                "plans/projects/{}",
                self.projects[i].owner.trim_start_matches('@')
            ),
        }
    }

    /// Registers a file at `path` (which must be free) and returns its index.
    pub fn add_file_at(
        &mut self,
        path: String,
        kind: Kind,
        header: Option<String>,
        leading: bool,
    ) -> usize {
        let index = self.files.len();
        assert!(
            self.paths.insert(path.clone(), index).is_none(),
            "{path} made twice"
        );
        self.files.push(PlanFile {
            path,
            kind,
            header,
            leading_marker: leading,
            docs: Vec::new(),
        });
        index
    }

    /// A new file named after its first document, in that document's folder.
    fn add_file(&mut self, first: Doc, multi: bool) -> usize {
        let folder = self.folder_for(first);
        let base = self.doc_id(first).to_lowercase();
        let ext = if self.rng.chance(0.1) { "yml" } else { "yaml" };
        let mut path = format!("{folder}/{base}.{ext}");
        let mut k = 2;
        while self.paths.contains_key(&path) {
            path = format!("{folder}/{base}-{k}.{ext}");
            k += 1;
        }
        let header = (multi && self.rng.chance(0.3))
            .then(|| self.rng.pick(HEADERS).replace("{owner}", self.owner(first)));
        let leading = self.rng.chance(0.2);
        self.add_file_at(path, first.kind(), header, leading)
    }

    pub fn place(&mut self, doc: Doc, file: usize) {
        self.files[file].docs.push(doc);
        self.set_doc_file(doc, file);
    }

    fn layout(&mut self) {
        let originals = self.projects.iter().filter(|p| p.copy_of.is_none()).count();
        let entities = self.goals.len() + self.objectives.len() + originals;
        let wanted = self.args.files;
        self.one_per_file = wanted >= entities;
        let mut goals: Vec<Doc> = (0..self.goals.len()).map(Doc::Goal).collect();
        let mut objectives: Vec<Doc> = (0..self.objectives.len()).map(Doc::Objective).collect();
        let mut projects: Vec<Doc> = (0..self.projects.len())
            .filter(|&i| self.projects[i].copy_of.is_none())
            .map(Doc::Project)
            .collect();
        let copies: Vec<usize> = (0..self.projects.len())
            .filter(|&i| self.projects[i].copy_of.is_some())
            .collect();
        if self.one_per_file {
            let all: Vec<Doc> = goals
                .into_iter()
                .chain(objectives)
                .chain(projects)
                .chain(copies.iter().map(|&i| Doc::Project(i)))
                .collect();
            for doc in all {
                let f = self.add_file(doc, false);
                self.place(doc, f);
            }
            return;
        }
        // Files per kind in proportion to the documents of that kind, at least one each.
        let counts = [goals.len(), objectives.len(), projects.len()];
        let mut alloc: Vec<usize> = counts
            .iter()
            .map(|&c| ((wanted * c) as f64 / entities as f64).round().max(1.0) as usize)
            .collect();
        while alloc.iter().sum::<usize>() > wanted && alloc[2] > 1 {
            alloc[2] -= 1;
        }
        while alloc.iter().sum::<usize>() < wanted {
            alloc[2] += 1;
        }
        goals.sort_by(|a, b| {
            let (Doc::Goal(a), Doc::Goal(b)) = (a, b) else {
                unreachable!()
            };
            let (a, b) = (&self.goals[*a], &self.goals[*b]);
            (a.category, &a.id).cmp(&(b.category, &b.id))
        });
        objectives.sort_by_cached_key(|d| {
            (
                self.folder_for(*d),
                self.owner(*d).to_string(),
                self.doc_id(*d).to_string(),
            )
        });
        projects.sort_by_cached_key(|d| (self.owner(*d).to_string(), self.doc_id(*d).to_string()));
        for (list, files) in [goals, objectives, projects].into_iter().zip(alloc) {
            let files = files.min(list.len());
            let mut cuts: Vec<usize> = if files > 1 {
                self.rng
                    .sample(list.len() - 1, files - 1)
                    .into_iter()
                    .map(|c| c + 1)
                    .collect()
            } else {
                Vec::new()
            };
            cuts.sort_unstable();
            cuts.insert(0, 0);
            cuts.push(list.len());
            for w in cuts.windows(2) {
                let chunk = &list[w[0]..w[1]];
                let f = self.add_file(chunk[0], chunk.len() > 1);
                for &doc in chunk {
                    self.place(doc, f);
                }
            }
        }
        // A copied project goes into another project file.
        let project_files: Vec<usize> = (0..self.files.len())
            .filter(|&f| self.files[f].kind == Kind::Project)
            .collect();
        for i in copies {
            let original_file = self.projects[self.projects[i].copy_of.unwrap_or(i)].file;
            let others: Vec<usize> = project_files
                .iter()
                .copied()
                .filter(|&f| f != original_file)
                .collect();
            let f = if others.is_empty() {
                *self.rng.pick(&project_files)
            } else {
                *self.rng.pick(&others)
            };
            self.place(Doc::Project(i), f);
        }
    }

    /// The text of a file, and the 1-based line on which each document starts.
    pub fn render(&self, file: usize) -> (String, Vec<usize>) {
        let f = &self.files[file];
        let mut out = String::new();
        let mut lines = 0;
        if let Some(header) = &f.header {
            for h in header.split('\n') {
                out.push_str("# ");
                out.push_str(h);
                out.push('\n');
                lines += 1;
            }
        }
        let mut starts = Vec::with_capacity(f.docs.len());
        for (i, doc) in f.docs.iter().enumerate() {
            if i > 0 || f.leading_marker {
                out.push_str("---\n");
                lines += 1;
            }
            starts.push(lines + 1);
            let before = out.len();
            match *doc {
                Doc::Goal(g) => self.goals[g].write(&mut out),
                Doc::Objective(o) => self.objectives[o].write(&mut out),
                Doc::Project(p) => self.projects[p].write(&mut out),
            }
            lines += out[before..].bytes().filter(|b| *b == b'\n').count();
        }
        (out, starts)
    }

    /// Files outside the plan documents: the configuration, READMEs, a CI workflow.
    pub fn static_files(&self) -> Vec<(String, String)> {
        let config = "\
# bearing settings of a generated benchmark plan
plans: [plans]
rules:
  orphan-project: error
  unmeasurable-kr: warning
  stale-kr: {level: warning, days: 30}
  kr-off-track: {level: warning, tolerance: 0.15}
  kr-without-projects: info
gate:
  min-alignment: 0.8
report:
  title: Example Co strategy
";
        let readme = "\
# Example Co strategy

The company's goals, OKRs and projects, kept as YAML under `plans/` and changed through
pull requests; CI checks that the work still lines up with the goals.

Generated for benchmarks: the company, its people, numbers and links are all invented.

## Changelog

";
        let workflow = "\
name: plan
on: [pull_request]
jobs:
  check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with: {fetch-depth: 0, persist-credentials: false}
      - run: bearing check --base origin/main --format github
";
        let plans_readme = "\
# plans

Each YAML document is one goal, objective or project, and a file may hold several.
Goals are grouped by category, OKRs by year and projects by team, but bearing reads
them wherever they are.
";
        vec![
            ("bearing.yaml".into(), config.into()),
            ("README.md".into(), readme.into()),
            (".github/workflows/plan.yml".into(), workflow.into()),
            ("plans/README.md".into(), plans_readme.into()),
        ]
    }
}

/// A value with its unit, as a title shows it: `12.5%`, `$1,250,000`, `€42.5`, `18 days`.
fn value_text(v: f64, unit: &str) -> String {
    let number = if v.fract() == 0.0 {
        grouped(v as i64)
    } else {
        fmt_num(v)
    };
    match unit {
        "%" => format!("{}%", fmt_num(v)),
        "USD" => format!("${number}"),
        "EUR" => format!("€{number}"),
        _ => format!("{} {unit}", fmt_num(v)),
    }
}

/// An integer with thousands separators.
fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::{grouped, value_text};

    #[test]
    fn values_in_titles() {
        assert_eq!(grouped(1_250_000), "1,250,000");
        assert_eq!(grouped(-999), "-999");
        assert_eq!(value_text(12.5, "%"), "12.5%");
        assert_eq!(value_text(1_250_000.0, "USD"), "$1,250,000");
        assert_eq!(value_text(42.5, "EUR"), "€42.5");
        assert_eq!(value_text(18.0, "days"), "18 days");
    }
}
