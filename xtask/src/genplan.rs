//! `cargo xtask genplan OUT [options]`: writes a synthetic plan repository for the
//! benchmarks, and beside it a `truth.json` with what a correct `bearing check` (and, with
//! history, `bearing log`) must report on it.
//!
//! Same arguments, same bytes: the files, the commit hashes and the truth file depend on
//! the arguments alone.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::date::Date;
use crate::history::{Event, History, Point};
use crate::json::Json;
use crate::plan::Plan;

pub const USAGE: &str = "\
usage: cargo xtask genplan OUT [options]

Writes a synthetic bearing plan repository to OUT (goals, objectives with key results,
projects; several YAML documents per file) with injected rule violations, and a truth file
(default: truth.json beside OUT) listing what a correct check reports. With --commits N,
OUT is a git repository of N commits: the whole plan, then N-1 changes over about two years.
Same arguments, same bytes.

options (defaults in brackets):
  --goals N               goals [200]
  --objectives N          objectives [2000]
  --krs-per-objective N   mean key results per objective; the total is exactly
                          objectives x N, plus one per duplicated key-result id [4]
  --projects N            projects [10000]
  --files N               plan files; N >= goals+objectives+projects gives one document
                          per file [2000]
  --commits N             0: a plain folder; N: a git repository of N commits [0]
  --seed N                random seed [1]
  --violations N          injected violations of each rule, 0 for a clean plan [10]
  --history-start DATE    date of the first commit [2025-12-15]
  --history-days N        days the history spans [730]
  --truth PATH            where the truth file goes (never inside OUT)
  --no-repack             keep the pack as git fast-import wrote it
  --force                 replace OUT if it holds a generated workload
  --quiet                 print nothing but errors

examples:
  cargo xtask genplan /tmp/work/default/repo
  cargo xtask genplan /tmp/work/one/repo --files 12200
  cargo xtask genplan /tmp/work/hist/repo --commits 5000
  cargo xtask genplan /tmp/work/tiny/repo --goals 8 --objectives 20 --projects 60 --files 12 --violations 1 --commits 200
";

pub const VERSION: usize = 1;

#[derive(Clone, Debug)]
pub struct Args {
    pub out: PathBuf,
    pub goals: usize,
    pub objectives: usize,
    pub krs_per_objective: usize,
    pub projects: usize,
    pub files: usize,
    pub commits: usize,
    pub seed: i64,
    pub violations: usize,
    pub history_start: Date,
    pub history_days: i64,
    pub truth: Option<PathBuf>,
    pub no_repack: bool,
    pub force: bool,
    pub quiet: bool,
}

impl Args {
    pub fn parse(argv: &[String]) -> Result<Args, String> {
        let mut a = Args {
            out: PathBuf::new(),
            goals: 200,
            objectives: 2000,
            krs_per_objective: 4,
            projects: 10_000,
            files: 2000,
            commits: 0,
            seed: 1,
            violations: 10,
            history_start: Date::ymd(2025, 12, 15),
            history_days: 730,
            truth: None,
            no_repack: false,
            force: false,
            quiet: false,
        };
        let mut out: Option<PathBuf> = None;
        let mut it = argv.iter();
        while let Some(arg) = it.next() {
            let (name, inline) = match arg.split_once('=') {
                Some((n, v)) if n.starts_with("--") => (n, Some(v.to_string())),
                _ => (arg.as_str(), None),
            };
            let mut value = |name: &str| -> Result<String, String> {
                inline
                    .clone()
                    .or_else(|| it.next().cloned())
                    .ok_or_else(|| format!("{name} needs a value"))
            };
            let count = |name: &str, v: String| -> Result<usize, String> {
                v.parse()
                    .map_err(|_| format!("{name}: not a non-negative integer: {v}"))
            };
            match name {
                "--goals" => a.goals = count(name, value(name)?)?,
                "--objectives" => a.objectives = count(name, value(name)?)?,
                "--krs-per-objective" => a.krs_per_objective = count(name, value(name)?)?,
                "--projects" => a.projects = count(name, value(name)?)?,
                "--files" => a.files = count(name, value(name)?)?,
                "--commits" => a.commits = count(name, value(name)?)?,
                "--violations" => a.violations = count(name, value(name)?)?,
                "--seed" => {
                    let v = value(name)?;
                    a.seed = v
                        .parse()
                        .map_err(|_| format!("--seed: not an integer: {v}"))?;
                }
                "--history-days" => {
                    let v = value(name)?;
                    a.history_days = v
                        .parse()
                        .map_err(|_| format!("--history-days: not an integer: {v}"))?;
                }
                "--history-start" => {
                    let v = value(name)?;
                    a.history_start = Date::parse(&v)
                        .ok_or(format!("--history-start: not a YYYY-MM-DD date: {v}"))?;
                }
                "--truth" => a.truth = Some(PathBuf::from(value(name)?)),
                "--no-repack" => a.no_repack = true,
                "--force" => a.force = true,
                "--quiet" => a.quiet = true,
                s if s.starts_with('-') => return Err(format!("unknown option {s}")),
                s if out.is_none() => out = Some(PathBuf::from(s)),
                s => return Err(format!("unexpected argument {s}")),
            }
        }
        a.out = out.ok_or("the output folder OUT is missing")?;
        for (name, n) in [
            ("--goals", a.goals),
            ("--objectives", a.objectives),
            ("--krs-per-objective", a.krs_per_objective),
            ("--projects", a.projects),
            ("--files", a.files),
        ] {
            if n < 1 {
                return Err(format!("{name} must be at least 1"));
            }
        }
        if a.goals < 3 {
            return Err("--goals must be at least 3".into());
        }
        if a.history_days < 0 {
            return Err("--history-days must be >= 0".into());
        }
        Ok(a)
    }

    /// The arguments as the truth file records them.
    fn to_json(&self) -> Json {
        Json::obj()
            .with("goals", self.goals)
            .with("objectives", self.objectives)
            .with("krs_per_objective", self.krs_per_objective)
            .with("projects", self.projects)
            .with("files", self.files)
            .with("commits", self.commits)
            .with("seed", self.seed)
            .with("violations", self.violations)
            .with("history_start", self.history_start.to_string())
            .with("history_days", self.history_days)
    }
}

fn absolute(p: &Path) -> Result<PathBuf, String> {
    std::path::absolute(p).map_err(|e| format!("{}: {e}", p.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

pub fn run(argv: &[String]) -> Result<(), String> {
    if argv.iter().any(|a| a == "-h" || a == "--help") {
        print!("{USAGE}");
        return Ok(());
    }
    let started = Instant::now();
    let args = Args::parse(argv)?;
    let out = absolute(&args.out)?;
    let truth_path = match &args.truth {
        Some(t) => absolute(t)?,
        None => out.parent().unwrap_or(Path::new("/")).join("truth.json"),
    };
    if truth_path.starts_with(&out) {
        return Err("the truth file must be outside the plan repository".into());
    }
    if out.exists()
        && std::fs::read_dir(&out)
            .map_err(|e| e.to_string())?
            .next()
            .is_some()
    {
        if !args.force {
            return Err(format!(
                "{} exists and is not empty (--force replaces it)",
                out.display()
            ));
        }
        if !out.join("bearing.yaml").exists() {
            return Err(format!(
                "refusing to replace {}: no bearing.yaml, so not a generated workload",
                out.display()
            ));
        }
    }

    let mut plan = Plan::new(args.clone());
    plan.build()?;
    let statics = plan.static_files();
    let initial = plan.self_check("the initial plan")?;
    let model_time = started.elapsed();
    if out.exists() {
        std::fs::remove_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;

    let mut truth = Json::obj()
        .with(
            "generator",
            Json::obj()
                .with("name", "cargo xtask genplan")
                .with("version", VERSION),
        )
        .with("arguments", args.to_json())
        .with(
            "layout",
            if plan.one_per_file {
                "one document per file"
            } else {
                "several documents per file"
            },
        );
    let mut history_line = None;
    if args.commits == 0 {
        for (path, text) in &statics {
            write(&out.join(path), text)?;
        }
        for f in 0..plan.files.len() {
            write(&out.join(&plan.files[f].path), &plan.render(f).0)?;
        }
        truth.set("counts", plan.counts());
        truth.set("violations", plan.truth_violations());
        truth.set("findings", initial.to_json());
        truth.set("history", Json::Null);
    } else {
        let mut h = History::new(&mut plan, args.commits);
        h.run(&out, &statics, !args.no_repack)?;
        let head = h.plan.analyse();
        let section = history_truth(&h);
        history_line = Some(format!(
            "{} commits, {} .. {}, {} lowered targets, {} dropped goals",
            h.commits.len(),
            &h.iso(1)[..10],
            &h.iso(h.commits.len())[..10],
            h.target_changes.iter().filter(|e| e.lowered()).count(),
            h.drops.len()
        ));
        truth.set("counts", h.base_counts.clone());
        truth.set("counts_head", h.plan.counts());
        truth.set("violations", h.plan.truth_violations());
        truth.set("findings_initial", h.base_findings.to_json());
        truth.set("findings", head.to_json());
        truth.set("history", section);
    }
    write(&truth_path, &truth.to_pretty())?;
    if !args.quiet {
        let counts = truth.get("counts").cloned().unwrap_or(Json::Null);
        let c = |k: &str| counts.get(k).and_then(Json::as_f64).unwrap_or(0.0);
        eprintln!(
            "genplan: {} goals, {} objectives, {} key results, {} projects in {} files ({} documents, {:.1} MB); {} injected violations",
            c("goals"),
            c("objectives"),
            c("key_results"),
            c("projects"),
            c("files"),
            c("documents"),
            c("plan_bytes") / 1e6,
            plan.violations.len()
        );
        if let Some(line) = history_line {
            eprintln!("genplan: {line}");
        }
        eprintln!(
            "genplan: wrote {} and {} in {:.1} s (model {:.1} s)",
            out.display(),
            truth_path.display(),
            started.elapsed().as_secs_f64(),
            model_time.as_secs_f64()
        );
    }
    Ok(())
}

/// The `history` section of the truth file.
fn history_truth(h: &History<'_>) -> Json {
    let hash = |mark: usize| h.hashes[mark].clone();
    let author = |mark: usize| h.authors[h.commits[mark - 1].author].ident();
    let stamp = |mark: usize| {
        Json::obj()
            .with("commit", hash(mark))
            .with("date", h.iso(mark))
            .with("author", author(mark))
    };
    let events = |list: &[Event]| -> Json {
        Json::Arr(
            list.iter()
                .map(|e| {
                    let mut j = stamp(e.mark);
                    for (k, v) in &e.fields {
                        j.set(k, v.clone());
                    }
                    j
                })
                .collect(),
        )
    };
    let series = |map: &BTreeMap<String, Vec<Point>>, explicit: bool| {
        Json::Obj(
            map.iter()
                .filter(|(_, points)| points.iter().any(|p| p.mark > 1))
                .map(|(id, points)| {
                    let list = points
                        .iter()
                        .map(|p| {
                            let j = stamp(p.mark).with("value", p.value);
                            if explicit {
                                j.with("explicit_checkin", p.explicit)
                            } else {
                                j
                            }
                        })
                        .collect();
                    (id.clone(), Json::Arr(list))
                })
                .collect(),
        )
    };
    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &h.commits {
        *by_kind.entry(c.kind).or_default() += 1;
    }
    let last = h.commits.len();
    let lowered: Vec<Event> = h
        .target_changes
        .iter()
        .filter(|e| e.lowered())
        .cloned()
        .collect();
    Json::obj()
        .with("commits", last)
        .with(
            "commits_touching_plans",
            h.commits.iter().filter(|c| c.kind != "docs").count(),
        )
        .with(
            "commits_by_kind",
            Json::Obj(
                by_kind
                    .into_iter()
                    .map(|(k, n)| (k.to_string(), n.into()))
                    .collect(),
            ),
        )
        .with("first_commit", hash(1))
        .with("head", hash(last))
        .with("first_date", h.iso(1))
        .with("last_date", h.iso(last))
        .with("kr_values", series(&h.kr_values, true))
        .with("goal_values", series(&h.goal_values, false))
        .with("target_changes", events(&h.target_changes))
        .with("lowered_targets", events(&lowered))
        .with("project_status_changes", events(&h.status_changes))
        .with("new_projects", events(&h.new_projects))
        .with("moves", events(&h.moves))
        .with("dropped_goals", events(&h.drops))
        .with("goal_changes", events(&h.goal_changes))
        .with(
            "log",
            Json::Arr(
                h.commits
                    .iter()
                    .map(|c| {
                        stamp(c.mark)
                            .with("kind", c.kind)
                            .with("summary", &c.summary)
                    })
                    .collect(),
            ),
        )
}
