//! A git history for the plan: the whole plan in commit 1, then one change per commit
//! (check-ins mostly; target changes, status changes, new projects, moves, renames,
//! re-dated and dropped goals, README edits), written with `git fast-import`.

use std::collections::{BTreeMap, HashSet};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};

use crate::analyse::Findings;
use crate::date::{Date, git_offset, iso_datetime, local_day, quarter_end, timestamp};
use crate::json::Json;
use crate::model::*;
use crate::plan::Plan;
use crate::rng::Rng;
use crate::words::*;
use crate::yaml::{fmt_num, round_to, step};

/// The kinds of change and their shares of the commits after the first.
pub const KINDS: [(&str, f64); 9] = [
    ("checkin", 0.775),
    ("target", 0.05),
    ("project-status", 0.06),
    ("new-project", 0.035),
    ("move-entity", 0.035),
    ("rename-file", 0.01),
    ("goal-redate", 0.01),
    ("goal-drop", 0.0015),
    ("docs", 0.0235),
];

pub struct Author {
    pub name: String,
    pub email: String,
    /// Minutes east of UTC.
    pub offset: i64,
}

impl Author {
    pub fn ident(&self) -> String {
        format!("{} <{}>", self.name, self.email)
    }
}

pub struct Commit {
    pub mark: usize,
    pub ts: i64,
    pub author: usize,
    pub kind: &'static str,
    pub summary: String,
}

/// One value of a series: at which commit, what value, and whether a `checkins` entry
/// was written with it.
pub struct Point {
    pub mark: usize,
    pub value: f64,
    pub explicit: bool,
}

/// A recorded change: its commit and the members the truth file lists.
#[derive(Clone)]
pub struct Event {
    pub mark: usize,
    pub fields: Vec<(&'static str, Json)>,
}

impl Event {
    /// A target change that brought the target nearer the baseline.
    pub fn lowered(&self) -> bool {
        self.fields
            .iter()
            .any(|(k, v)| *k == "lowered" && matches!(v, Json::Bool(true)))
    }
}

enum Change {
    Write(String, String),
    Rename(String, String),
}

pub struct History<'a> {
    pub plan: &'a mut Plan,
    rng: Rng,
    commits_wanted: usize,
    pub authors: Vec<Author>,
    /// Active objectives that carry no violation: the ones check-ins and targets move.
    live: Vec<usize>,
    pub commits: Vec<Commit>,
    pub kr_values: BTreeMap<String, Vec<Point>>,
    pub goal_values: BTreeMap<String, Vec<Point>>,
    pub target_changes: Vec<Event>,
    pub status_changes: Vec<Event>,
    pub new_projects: Vec<Event>,
    pub moves: Vec<Event>,
    pub drops: Vec<Event>,
    pub goal_changes: Vec<Event>,
    readme: String,
    max_drops: usize,
    pub base_findings: Findings,
    pub base_counts: Json,
    /// The commit hash of each mark (index 0 unused).
    pub hashes: Vec<String>,
}

impl<'a> History<'a> {
    pub fn new(plan: &'a mut Plan, commits: usize) -> History<'a> {
        let mut rng = Rng::from_label(&format!("bearing xtask genplan history {}", plan.args.seed));
        let mut authors: Vec<Author> = Vec::new();
        while authors.len() < 28 {
            let name = format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES));
            if authors.iter().any(|a| a.name == name) {
                continue;
            }
            let local: String = fold_ascii(&name.to_lowercase().replace(' ', "."))
                .chars()
                .filter(|c| c.is_ascii_lowercase() || *c == '.')
                .collect();
            let offset = *rng.pick(UTC_OFFSETS);
            authors.push(Author {
                name,
                email: format!("{local}@example.com"),
                offset,
            });
        }
        authors.push(Author {
            name: "Planning Bot".into(),
            email: "planning@example.com".into(),
            offset: 0,
        });
        History {
            plan,
            rng,
            commits_wanted: commits,
            authors,
            live: Vec::new(),
            commits: Vec::new(),
            kr_values: BTreeMap::new(),
            goal_values: BTreeMap::new(),
            target_changes: Vec::new(),
            status_changes: Vec::new(),
            new_projects: Vec::new(),
            moves: Vec::new(),
            drops: Vec::new(),
            goal_changes: Vec::new(),
            readme: String::new(),
            max_drops: 1,
            base_findings: Findings::default(),
            base_counts: Json::Null,
            hashes: Vec::new(),
        }
    }

    pub fn bot(&self) -> usize {
        self.authors.len() - 1
    }

    /// When each commit is made and by whom: the first by the bot at 09:00 UTC on the
    /// start date, the others on days spread over the span (mostly weekdays), at working
    /// hours in the author's own zone, in time order, at least a minute apart.
    fn timeline(&mut self) -> Vec<(i64, usize)> {
        let start = self.plan.args.history_start;
        let span = self.plan.args.history_days;
        let mut times: Vec<(i64, usize)> = Vec::with_capacity(self.commits_wanted);
        for _ in 1..self.commits_wanted {
            let who = self.rng.below(self.authors.len() - 1);
            let mut day = start.plus(self.rng.int(0, span));
            if day.weekday() >= 5 && self.rng.chance(0.85) {
                day = day.plus(7 - day.weekday());
            }
            let hour = *self.rng.pick(WORK_HOURS);
            let (m, s) = (self.rng.int(0, 59), self.rng.int(0, 59));
            times.push((timestamp(day, hour, m, s, self.authors[who].offset), who));
        }
        times.sort_by_key(|t| t.0);
        let mut out = vec![(timestamp(start, 9, 0, 0, 0), self.bot())];
        for (t, who) in times {
            let previous = out[out.len() - 1].0;
            out.push((t.max(previous + 60), who));
        }
        out
    }

    pub fn day_of(&self, ts: i64, author: usize) -> Date {
        local_day(ts, self.authors[author].offset)
    }

    pub fn iso(&self, mark: usize) -> String {
        let c = &self.commits[mark - 1];
        iso_datetime(c.ts, self.authors[c.author].offset)
    }

    /// Writes the repository at `out`; returns when it is checked out.
    pub fn run(
        &mut self,
        out: &Path,
        statics: &[(String, String)],
        repack: bool,
    ) -> Result<(), String> {
        let plan = &*self.plan;
        self.readme = statics
            .iter()
            .find(|(p, _)| p == "README.md")
            .map(|(_, t)| t.clone())
            .unwrap_or_default();
        self.live = (0..plan.objectives.len())
            .filter(|&i| {
                let o = &plan.objectives[i];
                o.status == "active" && !o.marks.frozen && !o.marks.reserved
            })
            .collect();
        let droppable = self.droppable().len();
        self.max_drops = (droppable / 3).max(1);
        let times = self.timeline();
        let weights: Vec<f64> = KINDS.iter().map(|k| k.1).collect();
        let mut kinds: Vec<&'static str> = (1..self.commits_wanted)
            .map(|_| KINDS[self.rng.weighted(&weights)].0)
            .collect();
        if kinds.len() >= 100 {
            // Every kind at least once, in place of a check-in.
            for (kind, _) in KINDS {
                if !kinds.contains(&kind) {
                    let checkins: Vec<usize> = (0..kinds.len())
                        .filter(|&i| kinds[i] == "checkin")
                        .collect();
                    let i = *self.rng.pick(&checkins);
                    kinds[i] = kind;
                }
            }
        }
        let mut importer = Importer::start(out)?;

        // Commit 1: everything.
        let plan = &*self.plan;
        let mut changes: Vec<Change> = statics
            .iter()
            .map(|(p, t)| Change::Write(p.clone(), t.clone()))
            .collect();
        let mut files: Vec<usize> = (0..plan.files.len()).collect();
        files.sort_by(|a, b| plan.files[*a].path.cmp(&plan.files[*b].path));
        changes.extend(files.into_iter().map(|f| self.written(f)));
        for o in plan.objectives.iter().filter(|o| !o.marks.frozen) {
            for kr in &o.key_results {
                if let Some(v) = kr.current {
                    self.kr_values.insert(
                        kr.id.clone(),
                        vec![Point {
                            mark: 1,
                            value: v,
                            explicit: false,
                        }],
                    );
                }
            }
        }
        for g in plan.goals.iter().filter(|g| !g.marks.frozen) {
            if let Some(v) = g.metric.as_ref().and_then(|m| m.current) {
                self.goal_values.insert(
                    g.id.clone(),
                    vec![Point {
                        mark: 1,
                        value: v,
                        explicit: false,
                    }],
                );
            }
        }
        self.base_findings = plan.analyse();
        self.base_counts = plan.counts();
        let (t0, bot) = times[0];
        let subject = "Initial plan: goals, OKRs and projects".to_string();
        importer.commit(1, &self.authors[bot], t0, &subject, &changes)?;
        self.commits.push(Commit {
            mark: 1,
            ts: t0,
            author: bot,
            kind: "initial",
            summary: subject,
        });

        for (i, mut kind) in kinds.into_iter().enumerate() {
            let mark = i + 2;
            let (ts, who) = times[i + 1];
            let day = self.day_of(ts, who);
            let mut done = self.change(kind, mark, day);
            if done.is_none() {
                kind = "checkin";
                done = self.change(kind, mark, day);
            }
            let (message, changes) = match done {
                Some(x) => x,
                None => {
                    kind = "docs";
                    self.docs(day)
                }
            };
            importer.commit(mark, &self.authors[who], ts, &message, &changes)?;
            let summary: String = message
                .lines()
                .next()
                .unwrap_or("")
                .chars()
                .take(200)
                .collect();
            self.commits.push(Commit {
                mark,
                ts,
                author: who,
                kind,
                summary,
            });
        }
        self.hashes = importer.finish(out, repack)?;
        Ok(())
    }

    fn change(&mut self, kind: &str, mark: usize, day: Date) -> Option<(String, Vec<Change>)> {
        match kind {
            "checkin" => self.checkin(mark, day),
            "target" => self.target(mark),
            "project-status" => self.project_status(mark),
            "new-project" => self.new_project(mark, day),
            "move-entity" => self.move_entity(mark),
            "rename-file" => self.rename_file(mark),
            "goal-redate" => self.goal_redate(mark),
            "goal-drop" => self.goal_drop(mark),
            _ => Some(self.docs(day)),
        }
    }

    fn written(&self, file: usize) -> Change {
        Change::Write(self.plan.files[file].path.clone(), self.plan.render(file).0)
    }

    fn path_of(&self, doc: Doc) -> String {
        self.plan.files[self.plan.doc_file(doc)].path.clone()
    }

    // ---- the changes -------------------------------------------------------------

    /// Objectives whose period is under way on `day` (three weeks early to a month late),
    /// or all of them when none is.
    fn eligible(&self, day: Date) -> Vec<usize> {
        let under_way: Vec<usize> = self
            .live
            .iter()
            .copied()
            .filter(|&o| {
                let (a, b) = self.plan.objectives[o].period.bounds();
                a.plus(-21) <= day && day <= b.plus(30)
            })
            .collect();
        if under_way.is_empty() {
            self.live.clone()
        } else {
            under_way
        }
    }

    fn checkin(&mut self, mark: usize, day: Date) -> Option<(String, Vec<Change>)> {
        let values = *self.rng.pick(&[1usize, 1, 1, 2, 2, 3]);
        let wanted_files = self.rng.int(1, values as i64) as usize;
        let eligible = self.eligible(day);
        if eligible.is_empty() {
            return None;
        }
        let mut is_eligible = vec![false; self.plan.objectives.len()];
        for &o in &eligible {
            is_eligible[o] = true;
        }
        let mut files: Vec<usize> = Vec::new();
        for _ in 0..50 {
            if files.len() >= wanted_files {
                break;
            }
            let f = self.plan.objectives[*self.rng.pick(&eligible)].file;
            if !files.contains(&f) {
                files.push(f);
            }
        }
        let mut per_file = vec![1usize; files.len()];
        for _ in files.len()..values {
            per_file[self.rng.below(files.len())] += 1;
        }
        let mut changed: Vec<usize> = Vec::new();
        let mut summary: Vec<String> = Vec::new();
        for (&f, &k) in files.iter().zip(&per_file) {
            let mut krs: Vec<(usize, usize)> = Vec::new();
            for doc in &self.plan.files[f].docs {
                if let Doc::Objective(o) = *doc {
                    if is_eligible[o] {
                        let list = &self.plan.objectives[o].key_results;
                        krs.extend(
                            (0..list.len())
                                .filter(|&j| list[j].measurable())
                                .map(|j| (o, j)),
                        );
                    }
                }
            }
            self.rng.shuffle(&mut krs);
            for &(o, j) in krs.iter().take(k) {
                let r = &mut self.rng;
                let kr = &mut self.plan.objectives[o].key_results[j];
                let (base, target) = (kr.baseline.unwrap_or(0.0), kr.target.unwrap_or(0.0));
                let old = kr.current;
                let from = old.unwrap_or(base);
                let mut new = from;
                for _ in 0..20 {
                    new = round_to(from + (target - base) * r.uniform(-0.04, 0.12), kr.decimals);
                    if Some(new) != old {
                        break;
                    }
                }
                if Some(new) == old {
                    new = round_to(
                        from + step(kr.decimals).copysign(target - base),
                        kr.decimals,
                    );
                }
                kr.current = Some(new);
                let explicit = r.chance(0.12);
                if explicit {
                    let note = r.chance(0.5).then(|| *r.pick(HISTORY_NOTES));
                    kr.checkins.push(Checkin {
                        date: day,
                        value: new,
                        confidence: None,
                        note,
                    });
                }
                if let Some(Confidence::Num(c)) = kr.confidence {
                    if r.chance(0.3) {
                        let moved = (c + r.uniform(-0.2, 0.2)).clamp(0.1, 0.95);
                        kr.confidence = Some(Confidence::Num(round_to(moved, 1)));
                    }
                }
                self.kr_values
                    .entry(kr.id.clone())
                    .or_default()
                    .push(Point {
                        mark,
                        value: new,
                        explicit,
                    });
                let old_text = old.map_or("—".to_string(), fmt_num);
                summary.push(format!("{} {old_text} → {}", kr.id, fmt_num(new)));
                if !changed.contains(&f) {
                    changed.push(f);
                }
            }
        }
        // Now and then a goal's own metric moves too.
        if self.rng.chance(0.1) {
            let goals: Vec<usize> = (0..self.plan.goals.len())
                .filter(|&g| {
                    let goal = &self.plan.goals[g];
                    goal.status == "active"
                        && goal.metric.is_some()
                        && !goal.marks.frozen
                        && !goal.marks.reserved
                })
                .collect();
            if !goals.is_empty() {
                let g = *self.rng.pick(&goals);
                let goal = &mut self.plan.goals[g];
                let m = goal.metric.as_mut().expect("filtered on metric");
                let old = m.current.unwrap_or(m.baseline);
                let mut new = round_to(
                    old + (m.target - m.baseline) * self.rng.uniform(0.01, 0.08),
                    m.decimals,
                );
                if new == old {
                    new = round_to(
                        old + step(m.decimals).copysign(m.target - m.baseline),
                        m.decimals,
                    );
                }
                m.current = Some(new);
                self.goal_values
                    .entry(goal.id.clone())
                    .or_default()
                    .push(Point {
                        mark,
                        value: new,
                        explicit: false,
                    });
                summary.push(format!("{} {} → {}", goal.id, fmt_num(old), fmt_num(new)));
                if !changed.contains(&goal.file) {
                    changed.push(goal.file);
                }
            }
        }
        if summary.is_empty() {
            return None;
        }
        let changes = changed.into_iter().map(|f| self.written(f)).collect();
        Some((format!("Check-in: {}", summary.join("; ")), changes))
    }

    fn target(&mut self, mark: usize) -> Option<(String, Vec<Change>)> {
        let o = *self.rng.pick(&self.live);
        let measurable: Vec<usize> = {
            let list = &self.plan.objectives[o].key_results;
            (0..list.len()).filter(|&j| list[j].measurable()).collect()
        };
        if measurable.is_empty() {
            return None;
        }
        let j = *self.rng.pick(&measurable);
        let r = &mut self.rng;
        let kr = &self.plan.objectives[o].key_results[j];
        let (base, old) = (kr.baseline.unwrap_or(0.0), kr.target.unwrap_or(0.0));
        let mut new = if r.chance(0.6) {
            round_to(old - (old - base) * r.uniform(0.1, 0.5), kr.decimals)
        } else {
            round_to(old + (old - base) * r.uniform(0.1, 0.3), kr.decimals)
        };
        if kr.unit == "%" && new > 100.0 {
            new = round_to(new.min(99.9), kr.decimals);
        }
        if new == old || new == base {
            return None;
        }
        let lowered = (new - base).abs() < (old - base).abs();
        let kr_id = kr.id.clone();
        self.plan.objectives[o].key_results[j].target = Some(new);
        let objective = self.plan.objectives[o].id.clone();
        let file = self.path_of(Doc::Objective(o));
        self.target_changes.push(Event {
            mark,
            fields: vec![
                ("kr", kr_id.clone().into()),
                ("objective", objective.into()),
                ("file", file.into()),
                ("baseline", base.into()),
                ("from", old.into()),
                ("to", new.into()),
                ("lowered", lowered.into()),
            ],
        });
        let verb = if lowered { "Lower" } else { "Raise" };
        let message = format!(
            "{verb} target of {kr_id}: {} → {}",
            fmt_num(old),
            fmt_num(new)
        );
        Some((message, vec![self.written(self.plan.objectives[o].file)]))
    }

    fn project_status(&mut self, mark: usize) -> Option<(String, Vec<Change>)> {
        for _ in 0..50 {
            let p = self.rng.below(self.plan.projects.len());
            let project = &self.plan.projects[p];
            let next: &[&'static str] = match project.status {
                "proposed" => &["active", "active", "cancelled"],
                "active" => &["done", "done", "paused", "cancelled"],
                "paused" => &["active", "cancelled"],
                _ => continue,
            };
            if project.marks.frozen || project.marks.reserved {
                continue;
            }
            let new = *self.rng.pick(next);
            let project = &mut self.plan.projects[p];
            let old = project.status;
            project.status = new;
            if new == "done" {
                for d in &mut project.deliverables {
                    d.done = true;
                }
            }
            let id = project.id.clone();
            let file = project.file;
            self.status_changes.push(Event {
                mark,
                fields: vec![
                    ("project", id.clone().into()),
                    ("from", old.into()),
                    ("to", new.into()),
                    ("file", self.plan.files[file].path.clone().into()),
                ],
            });
            return Some((format!("{id}: {old} → {new}"), vec![self.written(file)]));
        }
        None
    }

    fn new_project(&mut self, mark: usize, day: Date) -> Option<(String, Vec<Change>)> {
        let plan = &*self.plan;
        let active: HashSet<&str> = plan
            .goals
            .iter()
            .filter(|g| g.status == "active")
            .map(|g| g.id.as_str())
            .collect();
        let pool: Vec<usize> = self
            .live
            .iter()
            .copied()
            .filter(|&o| {
                plan.objectives[o]
                    .supports
                    .iter()
                    .flatten()
                    .any(|s| active.contains(s.as_str()))
            })
            .collect();
        if pool.is_empty() {
            return None;
        }
        let status = if self.rng.chance(0.7) {
            "proposed"
        } else {
            "active"
        };
        let n = self.plan.projects.len();
        let deps: Vec<usize> = (n.saturating_sub(400)..n)
            .filter(|&q| {
                !self.plan.projects[q].marks.reserved && !self.plan.projects[q].marks.frozen
            })
            .collect();
        let mut p = self.plan.new_project(status, false);
        self.plan.fill_project(&mut p, &pool, &deps, Some(day));
        let own_path = format!(
            "plans/projects/{}/{}.yaml",
            p.owner.trim_start_matches('@'),
            p.id.to_lowercase()
        );
        let file = if self.rng.chance(0.2) && !self.plan.paths.contains_key(&own_path) {
            self.plan.add_file_at(own_path, Kind::Project, None, false)
        } else {
            let files: Vec<usize> = (0..self.plan.files.len())
                .filter(|&f| self.plan.files[f].kind == Kind::Project)
                .collect();
            *self.rng.pick(&files)
        };
        let (id, title) = (p.id.clone(), p.title.clone().unwrap_or_default());
        let index = self.plan.projects.len();
        self.plan.projects.push(p);
        self.plan.place(Doc::Project(index), file);
        self.new_projects.push(Event {
            mark,
            fields: vec![
                ("project", id.clone().into()),
                ("file", self.plan.files[file].path.clone().into()),
                ("status", status.into()),
            ],
        });
        Some((
            format!("Add project {id}: {title}"),
            vec![self.written(file)],
        ))
    }

    fn rename(&mut self, file: usize, to: String) -> String {
        let from = std::mem::replace(&mut self.plan.files[file].path, to.clone());
        self.plan.paths.remove(&from);
        self.plan.paths.insert(to, file);
        from
    }

    fn move_entity(&mut self, mark: usize) -> Option<(String, Vec<Change>)> {
        for _ in 0..50 {
            let doc = if self.rng.chance(0.75) {
                Doc::Project(self.rng.below(self.plan.projects.len()))
            } else {
                Doc::Objective(self.rng.below(self.plan.objectives.len()))
            };
            let marks = self.plan.marks(doc);
            if marks.frozen || marks.reserved {
                continue;
            }
            let id = self.plan.doc_id(doc).to_string();
            let src = self.plan.doc_file(doc);
            let same_kind: Vec<usize> = (0..self.plan.files.len())
                .filter(|&f| f != src && self.plan.files[f].kind == doc.kind())
                .collect();
            if self.plan.files[src].docs.len() == 1 {
                // Alone in its file: the move is a rename into another folder.
                let old_path = self.plan.files[src].path.clone();
                let (old_folder, base) = old_path.rsplit_once('/').unwrap_or(("", &old_path));
                let folder = if same_kind.is_empty() {
                    old_folder.to_string()
                } else {
                    let other = &self.plan.files[*self.rng.pick(&same_kind)].path;
                    other.rsplit_once('/').map_or("", |x| x.0).to_string()
                };
                let mut to = format!("{folder}/{base}");
                if self.plan.paths.contains_key(&to) {
                    to = format!("{folder}/{}-moved-{mark}.yaml", id.to_lowercase());
                }
                if self.plan.paths.contains_key(&to) {
                    continue;
                }
                let from = self.rename(src, to.clone());
                self.moves.push(Event {
                    mark,
                    fields: vec![
                        ("ids", vec![id.clone()].into()),
                        ("from", from.clone().into()),
                        ("to", to.clone().into()),
                        ("how", "file-rename".into()),
                    ],
                });
                return Some((format!("Move {id} to {to}"), vec![Change::Rename(from, to)]));
            }
            if same_kind.is_empty() {
                continue;
            }
            let dst = *self.rng.pick(&same_kind);
            self.plan.files[src].docs.retain(|&d| d != doc);
            self.plan.place(doc, dst);
            let (from, to) = (
                self.plan.files[src].path.clone(),
                self.plan.files[dst].path.clone(),
            );
            self.moves.push(Event {
                mark,
                fields: vec![
                    ("ids", vec![id.clone()].into()),
                    ("from", from.into()),
                    ("to", to.clone().into()),
                    ("how", "entity".into()),
                ],
            });
            return Some((
                format!("Move {id} to {to}"),
                vec![self.written(src), self.written(dst)],
            ));
        }
        None
    }

    fn rename_file(&mut self, mark: usize) -> Option<(String, Vec<Change>)> {
        let plan = &*self.plan;
        let files: Vec<usize> = (0..plan.files.len())
            .filter(|&f| plan.files[f].docs.iter().all(|&d| !plan.marks(d).frozen))
            .collect();
        if files.is_empty() {
            return None;
        }
        let f = *self.rng.pick(&files);
        let path = self.plan.files[f].path.clone();
        let (stem, ext) = path.rsplit_once('.').unwrap_or((&path, "yaml"));
        let to = format!("{stem}-{}.{ext}", self.rng.pick(RENAME_SUFFIXES));
        if self.plan.paths.contains_key(&to) {
            return None;
        }
        let ids: Vec<String> = self.plan.files[f]
            .docs
            .iter()
            .map(|&d| self.plan.doc_id(d).to_string())
            .collect();
        let from = self.rename(f, to.clone());
        self.moves.push(Event {
            mark,
            fields: vec![
                ("ids", ids.into()),
                ("from", from.clone().into()),
                ("to", to.clone().into()),
                ("how", "file-rename".into()),
            ],
        });
        Some((
            format!("Rename {from} to {to}"),
            vec![Change::Rename(from, to)],
        ))
    }

    fn goal_redate(&mut self, mark: usize) -> Option<(String, Vec<Change>)> {
        let goals: Vec<usize> = (0..self.plan.goals.len())
            .filter(|&g| {
                let goal = &self.plan.goals[g];
                goal.status == "active"
                    && goal.due.is_some()
                    && !goal.marks.frozen
                    && !goal.marks.reserved
            })
            .collect();
        if goals.is_empty() {
            return None;
        }
        let g = *self.rng.pick(&goals);
        let shift = *self.rng.pick(&[1i64, 1, 2, 4, -1]);
        let goal = &mut self.plan.goals[g];
        let old = goal.due?;
        let (y, m, _) = old.parts();
        let quarter = y * 4 + i64::from(m - 1) / 3 + shift;
        let new = quarter_end(quarter.div_euclid(4), (quarter.rem_euclid(4) + 1) as u32);
        goal.due = Some(new);
        let (id, file) = (goal.id.clone(), goal.file);
        self.goal_changes.push(Event {
            mark,
            fields: vec![
                ("goal", id.clone().into()),
                ("field", "due".into()),
                ("from", old.to_string().into()),
                ("to", new.to_string().into()),
                ("file", self.plan.files[file].path.clone().into()),
            ],
        });
        Some((
            format!("Re-date {id}: due {old} → {new}"),
            vec![self.written(file)],
        ))
    }

    /// Top-level active goals that carry no violation.
    fn droppable(&self) -> Vec<usize> {
        (0..self.plan.goals.len())
            .filter(|&g| {
                let goal = &self.plan.goals[g];
                goal.status == "active"
                    && goal.parent.is_none()
                    && !goal.marks.frozen
                    && !goal.marks.reserved
            })
            .collect()
    }

    /// Drops a goal, one whose drop strands no entity that carries a violation (so that
    /// the findings at HEAD stay the injected ones plus ordinary orphans).
    fn goal_drop(&mut self, mark: usize) -> Option<(String, Vec<Change>)> {
        if self.drops.len() >= self.max_drops {
            return None;
        }
        let mut candidates = self.droppable();
        self.rng.shuffle(&mut candidates);
        let before = self.plan.analyse();
        for g in candidates.into_iter().take(10) {
            self.plan.goals[g].status = "dropped";
            let after = self.plan.analyse();
            let objectives: Vec<String> = after
                .orphan_objective
                .iter()
                .filter(|o| !before.orphan_objective.contains(o))
                .cloned()
                .collect();
            let projects: Vec<String> = after
                .orphan_project
                .iter()
                .filter(|p| !before.orphan_project.contains(p))
                .cloned()
                .collect();
            let touches_violation = objectives.iter().any(|id| {
                self.plan
                    .objectives
                    .iter()
                    .any(|o| &o.id == id && (o.marks.frozen || o.marks.reserved))
            }) || projects.iter().any(|id| {
                self.plan
                    .projects
                    .iter()
                    .any(|p| &p.id == id && (p.marks.frozen || p.marks.reserved))
            });
            if touches_violation {
                self.plan.goals[g].status = "active";
                continue;
            }
            let (id, file) = (self.plan.goals[g].id.clone(), self.plan.goals[g].file);
            self.drops.push(Event {
                mark,
                fields: vec![
                    ("goal", id.clone().into()),
                    ("file", self.plan.files[file].path.clone().into()),
                    ("stranded_objectives", objectives.into()),
                    ("stranded_projects", projects.into()),
                ],
            });
            return Some((format!("Drop goal {id}"), vec![self.written(file)]));
        }
        None
    }

    fn docs(&mut self, day: Date) -> (String, Vec<Change>) {
        self.readme
            .push_str(&format!("- {day}: {}\n", self.rng.pick(DOC_NOTES)));
        (
            "Update the README changelog".into(),
            vec![Change::Write("README.md".into(), self.readme.clone())],
        )
    }
}

/// Accented letters of the author names, in ASCII (for e-mail addresses).
fn fold_ascii(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'å' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'ø' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            'ł' => 'l',
            c => c,
        })
        .collect()
}

/// A `git fast-import` process fed commit by commit.
struct Importer {
    child: Child,
    input: BufWriter<ChildStdin>,
    marks: PathBuf,
}

fn git(dir: &Path, args: &[&str]) -> Result<(), String> {
    let status = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .status()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("git {} failed ({status})", args.join(" ")))
    }
}

impl Importer {
    fn start(out: &Path) -> Result<Importer, String> {
        std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
        git(out, &["init", "-q", "-b", "main"])?;
        let marks = out.join(".git").join("xtask-genplan-marks");
        let mut child = Command::new("git")
            .arg("-C")
            .arg(out)
            .args(["fast-import", "--quiet", "--done"])
            .arg(format!("--export-marks={}", marks.display()))
            .stdin(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run git fast-import: {e}"))?;
        let stdin = child.stdin.take().ok_or("git fast-import has no stdin")?;
        Ok(Importer {
            child,
            input: BufWriter::with_capacity(1 << 20, stdin),
            marks,
        })
    }

    fn commit(
        &mut self,
        mark: usize,
        who: &Author,
        ts: i64,
        message: &str,
        changes: &[Change],
    ) -> Result<(), String> {
        let w = &mut self.input;
        let ident = format!(
            "{} <{}> {ts} {}",
            who.name,
            who.email,
            git_offset(who.offset)
        );
        let io = |e: std::io::Error| format!("writing to git fast-import: {e}");
        write!(
            w,
            "commit refs/heads/main\nmark :{mark}\nauthor {ident}\ncommitter {ident}\n"
        )
        .map_err(io)?;
        write!(w, "data {}\n{message}\n", message.len()).map_err(io)?;
        if mark > 1 {
            writeln!(w, "from :{}", mark - 1).map_err(io)?;
        }
        for change in changes {
            match change {
                Change::Write(path, text) => {
                    write!(w, "M 100644 inline {path}\ndata {}\n{text}\n", text.len())
                        .map_err(io)?;
                }
                Change::Rename(from, to) => writeln!(w, "R {from} {to}").map_err(io)?,
            }
        }
        writeln!(w).map_err(io)
    }

    /// Ends the stream, reads the marks (commit hashes), repacks and checks out `main`.
    fn finish(mut self, out: &Path, repack: bool) -> Result<Vec<String>, String> {
        writeln!(self.input, "done").map_err(|e| e.to_string())?;
        self.input.flush().map_err(|e| e.to_string())?;
        drop(self.input);
        let status = self.child.wait().map_err(|e| e.to_string())?;
        if !status.success() {
            return Err(format!("git fast-import failed ({status})"));
        }
        let text = std::fs::read_to_string(&self.marks)
            .map_err(|e| format!("{}: {e}", self.marks.display()))?;
        let mut hashes: Vec<String> = Vec::new();
        for line in text.lines() {
            let (mark, hash) = line.split_once(' ').ok_or("a malformed marks file")?;
            let mark: usize = mark
                .trim_start_matches(':')
                .parse()
                .map_err(|_| "a malformed mark")?;
            if hashes.len() <= mark {
                hashes.resize(mark + 1, String::new());
            }
            hashes[mark] = hash.to_string();
        }
        std::fs::remove_file(&self.marks).map_err(|e| e.to_string())?;
        if repack {
            // fast-import's pack is loosely deltified; a clone would be packed tighter.
            git(out, &["repack", "-a", "-d", "-f", "-q"])?;
        }
        git(out, &["reset", "-q", "--hard", "main"])?;
        Ok(hashes)
    }
}
