//! One mistake, one finding (issue 14), as a property: take a valid plan (the worked
//! example, or one generated from a seed), make one of the mistakes people really make
//! in one of its documents, and the error-level findings change by exactly one finding,
//! at the mistake's file and line. Everything the plan said before is still said.
//!
//! `BEARING_MISTAKE_CASES=N` runs N cases (CI runs thousands over many seeds);
//! `BEARING_MISTAKE_SEED=S` starts the seeds at S, to replay a failure.

use std::collections::BTreeMap;

use bearing::config::Config;
use bearing::load::{FileContent, RawFile};
use bearing::measure::Evidence;
use bearing::vocab::Level;

use crate::support::repo_root;

/// A small, deterministic random source (xorshift64*): the cases are the same on every
/// machine, so a failing seed replays.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A plan: files by path, and the configuration it is checked with.
#[derive(Clone)]
struct Plan {
    files: BTreeMap<String, String>,
    config: Config,
}

/// An error-level finding, by what it says and where.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Error {
    rule: String,
    entity: String,
    message: String,
    file: String,
    line: u32,
}

fn errors(plan: &Plan) -> Vec<Error> {
    let files = plan
        .files
        .iter()
        .map(|(path, text)| RawFile {
            path: path.clone(),
            content: FileContent::Bytes(text.clone().into_bytes()),
        })
        .collect();
    let as_of = "2026-10-01".parse().expect("date");
    let report = bearing::check::check(files, &plan.config, as_of, &Evidence::default());
    let mut out: Vec<Error> = report
        .findings
        .iter()
        .filter(|l| l.finding.level == Level::Error)
        .map(|l| Error {
            rule: l.finding.rule.to_string(),
            entity: l
                .finding
                .entity
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default(),
            message: l.finding.message.clone(),
            file: l.at.as_ref().map(|a| a.file.clone()).unwrap_or_default(),
            line: l.at.as_ref().map_or(0, |a| a.line),
        })
        .collect();
    out.sort();
    out
}

fn example() -> Plan {
    let root = repo_root().join("fixtures/example");
    let mut files = BTreeMap::new();
    let mut stack = vec![root.join("plans")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("plans") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(&root)
                    .expect("under the example")
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(rel, std::fs::read_to_string(&path).expect("read"));
            }
        }
    }
    let config =
        Config::parse(&std::fs::read_to_string(root.join("bearing.yaml")).expect("bearing.yaml"))
            .expect("the example's configuration");
    Plan { files, config }
}

/// A plan generated from a seed: goals, objectives with key results, projects, in the
/// block style people write, a few documents per file, and a few things wrong on
/// purpose (a dropped goal with an objective still under it, an orphan project) so that
/// findings that exist before the mistake must survive it.
fn generated(rng: &mut Rng) -> Plan {
    let goals = 2 + rng.below(3);
    let objectives = 2 + rng.below(4);
    let projects = 2 + rng.below(6);
    let units = ["%", "USD", "customers", "days", "NPS", "orders/day"];
    let mut goal_text = Vec::new();
    for g in 0..goals {
        let status = if g > 0 && rng.chance(20) {
            "dropped"
        } else {
            "active"
        };
        let baseline = 100 * (1 + rng.below(50));
        let target = baseline + 100 * (1 + rng.below(20));
        goal_text.push(format!(
            "kind: Goal\nid: G-{g}\ntitle: Grow the business line {g} by a good margin\nowner: \"@lead-{g}\"\ncategory: {}\nstatus: {status}\nstart: 2026-0{}-01\ndue: 2027-0{}-28\nunit: \"{}\"\nbaseline: {baseline}\ntarget: {target}\ncurrent: {}\n",
            rng.pick(&["revenue", "customer", "cost", "people"]),
            1 + rng.below(9),
            1 + rng.below(6),
            rng.pick(&units),
            baseline + 50,
        ));
    }
    let mut kr_ids = Vec::new();
    let mut objective_text = Vec::new();
    for o in 0..objectives {
        let supports: Vec<String> = (0..1 + rng.below(2))
            .map(|_| format!("G-{}", rng.below(goals)))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let period = rng
            .pick(&[
                "2026-H2",
                "2026-Q4",
                "2026",
                "{start: 2026-07-01, end: 2027-03-31}",
                "2026-10",
            ])
            .to_string();
        let mut text = format!(
            "kind: Objective\nid: O-{o}\ntitle: Make objective {o} happen for customers\nowner: \"@owner-{o}\"\nsupports: [{}]\nperiod: {period}\nstatus: active\nkey_results:\n",
            supports.join(", ")
        );
        for k in 0..1 + rng.below(3) {
            let id = format!("KR-{o}-{k}");
            let baseline = if rng.chance(50) {
                1000 + 10 * rng.below(900)
            } else {
                rng.below(60)
            };
            let target = baseline + 10 + rng.below(400);
            text.push_str(&format!(
                "  - id: {id}\n    title: Raise measure {o}.{k} from {baseline} to {target}\n    owner: \"@kr-{o}-{k}\"\n    unit: \"{}\"\n    baseline: {baseline}\n    target: {target}\n    current: {}\n    confidence: 0.{}\n    checkins:\n      - {{date: 2026-09-0{}, value: {}}}\n",
                rng.pick(&units),
                baseline + (target - baseline) / 2,
                1 + rng.below(9),
                1 + rng.below(9),
                baseline + (target - baseline) / 3,
            ));
            kr_ids.push(id);
        }
        objective_text.push(text);
    }
    let mut project_text = Vec::new();
    for p in 0..projects {
        let status = *rng.pick(&["active", "active", "active", "proposed", "done", "paused"]);
        let contributes: Vec<String> = if p == 0 && rng.chance(50) {
            Vec::new()
        } else {
            (0..1 + rng.below(2))
                .map(|_| rng.pick(&kr_ids).clone())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect()
        };
        let planned = 10_000 * (1 + rng.below(50));
        let budget = if rng.chance(50) {
            format!(
                "budget: {{planned: {planned}, spent: {}, currency: USD}}\n",
                planned / 2
            )
        } else {
            format!(
                "budget:\n  planned: {planned}\n  spent: {}\n  currency: USD\n",
                planned / 3
            )
        };
        project_text.push(format!(
            "kind: Project\nid: P-{p}\ntitle: Build thing {p} for the team\nowner: \"@team-{p}\"\nstatus: {status}\ncontributes_to: [{}]\nstart: 2026-07-01\ndue: 2026-12-1{}\n{budget}deliverables:\n  - {{title: First part, due: 2026-08-01, done: true}}\n  - title: Second part\n    due: 2026-11-0{}\n    done: false\n",
            contributes.join(", "),
            rng.below(9),
            1 + rng.below(9),
        ));
    }
    let mut files = BTreeMap::new();
    let join = |docs: &[String], header: &str| format!("# {header}\n{}", docs.join("---\n"));
    files.insert("plans/goals.yaml".to_owned(), join(&goal_text, "Goals"));
    let half = objective_text.len() / 2;
    files.insert(
        "plans/okrs/a.yaml".to_owned(),
        join(&objective_text[..half.max(1)], "OKRs"),
    );
    if half.max(1) < objective_text.len() {
        files.insert(
            "plans/okrs/b.yaml".to_owned(),
            join(&objective_text[half.max(1)..], "More OKRs"),
        );
    }
    files.insert(
        "plans/projects.yaml".to_owned(),
        join(&project_text, "Projects"),
    );
    Plan {
        files,
        config: Config::default(),
    }
}

/// Lines inside a `|` or `>` block: text, not YAML structure.
fn in_block(lines: &[&str]) -> Vec<bool> {
    let mut out = vec![false; lines.len()];
    let mut block: Option<usize> = None;
    for (i, line) in lines.iter().enumerate() {
        let indent = line.len() - line.trim_start().len();
        if let Some(owner) = block {
            if line.trim().is_empty() || indent > owner {
                out[i] = true;
                continue;
            }
            block = None;
        }
        let t = line.trim_end();
        if t.ends_with(": |") || t.ends_with(": >") || t.ends_with(": |-") || t.ends_with(": >-") {
            block = Some(indent);
        }
    }
    out
}

/// A mistake made: the new text and the 1-based line it is on.
type Made = (String, usize);

fn set_line(lines: &[&str], index: usize, new: &str) -> String {
    let mut out: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
    out[index] = new.to_owned();
    out.join("\n")
}

/// A `key: value` line (block style) with its indentation, key and value.
fn key_value(line: &str) -> Option<(usize, &str, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    let rest = rest.strip_prefix("- ").unwrap_or(rest);
    let (key, value) = rest.split_once(": ")?;
    (!key.contains(' ') && !key.starts_with('#') && !key.starts_with('{'))
        .then_some((indent, key, value))
}

/// Every place one mistake can be made in `text`; `titles` maps ids to their titles.
fn mistakes(text: &str, titles: &BTreeMap<String, String>) -> Vec<(&'static str, Made)> {
    let lines: Vec<&str> = text.split('\n').collect();
    let block = in_block(&lines);
    let mut out: Vec<(&'static str, Made)> = Vec::new();
    let usable = |i: usize| {
        !block[i] && !lines[i].trim().is_empty() && !lines[i].trim_start().starts_with('#')
    };
    for (i, line) in lines.iter().enumerate() {
        if !usable(i) {
            continue;
        }
        let indent = line.len() - line.trim_start_matches(' ').len();
        if indent >= 2 {
            out.push((
                "tab",
                (set_line(&lines, i, &format!("\t{}", &line[2..])), i + 1),
            ));
        }
        if let Some((indent, key, value)) = key_value(line) {
            let scalar = !value.trim().is_empty()
                && !value.starts_with('[')
                && !value.starts_with('{')
                && !value.starts_with('|')
                && !value.starts_with('>');
            let prev_sibling = (0..i).rev().find(|&j| usable(j)).is_some_and(|j| {
                key_value(lines[j]).is_some_and(|(pi, _, pv)| {
                    pi == indent
                        && !lines[j].trim_start().starts_with("- ")
                        && !pv.trim().is_empty()
                        && !pv.starts_with('"')
                        && !pv.starts_with('[')
                        && !pv.starts_with('{')
                })
            });
            if indent >= 2 && scalar && prev_sibling && !line.trim_start().starts_with("- ") {
                out.push((
                    "indentation",
                    (set_line(&lines, i, &format!(" {line}")), i + 1),
                ));
            }
            let lead = &line[..line.len() - line.trim_start_matches(' ').len()];
            let lead = if line.trim_start().starts_with("- ") {
                format!("{lead}- ")
            } else {
                lead.to_owned()
            };
            let unquoted = !value.starts_with('"') && !value.starts_with('\'') && scalar;
            if key == "owner" && value.starts_with("\"@") {
                out.push((
                    "unquoted @",
                    (
                        set_line(
                            &lines,
                            i,
                            &format!("{lead}{key}: {}", value.trim_matches('"')),
                        ),
                        i + 1,
                    ),
                ));
            }
            if key == "title" && unquoted && !value.contains(": ") && !value.contains(" #") {
                out.push((
                    "unquoted *",
                    (
                        set_line(&lines, i, &format!("{lead}{key}: *{value}*")),
                        i + 1,
                    ),
                ));
                out.push((
                    "unquoted :",
                    (
                        set_line(&lines, i, &format!("{lead}{key}: {value}: phase two")),
                        i + 1,
                    ),
                ));
            }
            let number = value.trim().parse::<f64>().is_ok();
            if matches!(
                key,
                "baseline" | "target" | "current" | "planned" | "spent" | "amount"
            ) && number
            {
                out.push((
                    "percent sign",
                    (
                        set_line(&lines, i, &format!("{lead}{key}: {}%", value.trim())),
                        i + 1,
                    ),
                ));
                if let Ok(n) = value.trim().parse::<u64>() {
                    if n >= 1000 {
                        let digits = n.to_string();
                        let mut grouped = String::new();
                        for (k, c) in digits.chars().enumerate() {
                            if k > 0 && (digits.len() - k) % 3 == 0 {
                                grouped.push(',');
                            }
                            grouped.push(c);
                        }
                        out.push((
                            "thousands",
                            (
                                set_line(&lines, i, &format!("{lead}{key}: {grouped}")),
                                i + 1,
                            ),
                        ));
                    }
                }
            }
            if matches!(key, "status" | "category" | "direction" | "stage") && unquoted {
                let v = value.trim();
                let mut capital = v.to_owned();
                capital[..1].make_ascii_uppercase();
                out.push((
                    "capitalised enum",
                    (
                        set_line(&lines, i, &format!("{lead}{key}: {capital}")),
                        i + 1,
                    ),
                ));
                if v.len() >= 4 {
                    let mut slip: Vec<char> = v.chars().collect();
                    slip.remove(slip.len() - 2);
                    let slip: String = slip.into_iter().collect();
                    out.push((
                        "misspelt enum",
                        (set_line(&lines, i, &format!("{lead}{key}: {slip}")), i + 1),
                    ));
                }
            }
            if key == "period" {
                let v = value.trim();
                if let Some((year, part)) = v.split_once('-') {
                    if part.starts_with('H') || part.starts_with('Q') {
                        out.push((
                            "period Q3 2026",
                            (
                                set_line(&lines, i, &format!("{lead}{key}: {part} {year}")),
                                i + 1,
                            ),
                        ));
                        out.push((
                            "period 2026Q3",
                            (
                                set_line(&lines, i, &format!("{lead}{key}: {year}{part}")),
                                i + 1,
                            ),
                        ));
                    }
                }
            }
            if matches!(
                key,
                "status"
                    | "owner"
                    | "baseline"
                    | "target"
                    | "supports"
                    | "contributes_to"
                    | "title"
                    | "unit"
                    | "current"
                    | "due"
            ) && indent <= 4
            {
                let slip = match key {
                    "status" => "stauts",
                    "owner" => "onwer",
                    "baseline" => "basline",
                    "target" => "traget",
                    "supports" => "suports",
                    "contributes_to" => "contributes-to",
                    "title" => "titel",
                    "unit" => "unti",
                    "current" => "curent",
                    _ => "deu",
                };
                out.push((
                    "misspelt key",
                    (
                        set_line(&lines, i, &format!("{lead}{slip}: {value}")),
                        i + 1,
                    ),
                ));
            }
            if key == "budget" && value.starts_with('{') && value.ends_with('}') {
                let inner = &value[1..value.len() - 1];
                let mut new: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
                let fields: Vec<String> = inner
                    .split(", ")
                    .map(|f| format!("{lead}{}", f.trim()))
                    .collect();
                new[i] = format!("{lead}{key}:");
                for (k, f) in fields.into_iter().enumerate() {
                    new.insert(i + 1 + k, f);
                }
                out.push(("unindented mapping", (new.join("\n"), i + 2)));
            }
            if matches!(key, "contributes_to" | "supports")
                && value.starts_with('[')
                && value.ends_with(']')
            {
                let ids: Vec<&str> = value[1..value.len() - 1].split(", ").collect();
                for (k, id) in ids.iter().enumerate() {
                    let Some(title) = titles.get(*id) else {
                        continue;
                    };
                    if titles.values().filter(|t| *t == title).count() != 1
                        || title.contains('"')
                        || title.contains('\\')
                    {
                        continue;
                    }
                    let mut named: Vec<String> = ids.iter().map(|s| (*s).to_owned()).collect();
                    named[k] = format!("\"{title}\"");
                    out.push((
                        "title for an id",
                        (
                            set_line(&lines, i, &format!("{lead}{key}: [{}]", named.join(", "))),
                            i + 1,
                        ),
                    ));
                }
            }
        }
        // Dates, in block and flow style.
        for key in ["due: ", "start: ", "date: "] {
            let mut from = 0;
            while let Some(at) = line[from..].find(key) {
                let start = from + at + key.len();
                from = start;
                let Some(date) = line.get(start..start + 10) else {
                    break;
                };
                let parts: Vec<&str> = date.split('-').collect();
                if parts.len() != 3
                    || parts[0].len() != 4
                    || parts[1].len() != 2
                    || parts[2].len() != 2
                {
                    continue;
                }
                let new = format!(
                    "{}{}-13-{}{}",
                    &line[..start],
                    parts[0],
                    parts[2],
                    &line[start + 10..]
                );
                out.push(("impossible date", (set_line(&lines, i, &new), i + 1)));
                if parts[1].starts_with('0') || parts[2].starts_with('0') {
                    let short = format!(
                        "{}-{}-{}",
                        parts[0],
                        parts[1].trim_start_matches('0'),
                        parts[2].trim_start_matches('0')
                    );
                    let new = format!("{}{short}{}", &line[..start], &line[start + 10..]);
                    out.push(("date without zeros", (set_line(&lines, i, &new), i + 1)));
                }
            }
        }
        for (word, yaml) in [("done: true", "done: yes"), ("done: false", "done: no")] {
            if let Some(at) = line.find(word) {
                let new = format!("{}{yaml}{}", &line[..at], &line[at + word.len()..]);
                out.push(("yes or no", (set_line(&lines, i, &new), i + 1)));
            }
        }
    }
    // A missing `---` between two documents.
    for (i, line) in lines.iter().enumerate() {
        if line.trim() != "---" || block[i] || !(0..i).any(&usable) {
            continue;
        }
        let Some(next) = (i + 1..lines.len()).find(|&j| usable(j)) else {
            continue;
        };
        let mut new: Vec<&str> = lines.clone();
        new.remove(i);
        out.push(("missing ---", (new.join("\n"), next)));
    }
    // Documents: a key result's field written at the objective's level, and an id used
    // twice (a document copied and not renamed).
    let mut starts = vec![0];
    starts.extend(
        lines
            .iter()
            .enumerate()
            .filter(|(_, l)| l.trim() == "---")
            .map(|(i, _)| i + 1),
    );
    for (d, &start) in starts.iter().enumerate() {
        let end = starts.get(d + 1).map_or(lines.len(), |&n| n - 1);
        let doc: Vec<&str> = lines[start..end].to_vec();
        let Some(id_line) = doc.iter().position(|l| l.starts_with("id: ")) else {
            continue;
        };
        let body_end = doc
            .iter()
            .rposition(|l| !l.trim().is_empty())
            .map_or(0, |p| p + 1);
        let mut copy: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
        let tail_blank = copy.last().is_some_and(|l| l.is_empty());
        if tail_blank {
            copy.pop();
        }
        let copied_at = copy.len() + 1;
        copy.push("---".to_owned());
        copy.extend(doc[..body_end].iter().map(|l| (*l).to_owned()));
        copy.push(String::new());
        out.push(("id used twice", (copy.join("\n"), copied_at + id_line + 1)));
        if doc.iter().any(|l| l.starts_with("kind: Objective")) {
            // The last key result's one-line field, moved to the objective's level.
            let last_kr = doc.iter().rposition(|l| l.starts_with("  - id: "));
            if let Some(kr) = last_kr {
                let last_content = doc.iter().rposition(|l| !l.trim().is_empty()).unwrap_or(0);
                let top_after = doc[kr + 1..=last_content]
                    .iter()
                    .any(|l| !l.starts_with(' ') && !l.trim().is_empty());
                let field = (kr + 1..=last_content).find(|&k| {
                    let l = doc[k];
                    l.starts_with("    ")
                        && !l.starts_with("     ")
                        && [
                            "unit: ",
                            "baseline: ",
                            "target: ",
                            "current: ",
                            "confidence: ",
                        ]
                        .iter()
                        .any(|f| l[4..].starts_with(f))
                });
                if let (Some(f), false) = (field, top_after) {
                    let mut new: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
                    let moved = new.remove(start + f);
                    let insert_at = start + last_content;
                    new.insert(insert_at, moved.trim_start().to_owned());
                    out.push((
                        "key result field at the objective's level",
                        (new.join("\n"), insert_at + 1),
                    ));
                }
            }
        }
    }
    out
}

/// Ids and their titles, read from every file (`id:` then `title:` below it).
fn titles(plan: &Plan) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for text in plan.files.values() {
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let body = line.trim_start().trim_start_matches("- ");
            if let Some(id) = body.strip_prefix("id: ") {
                if let Some(title) = lines
                    .get(i + 1)
                    .and_then(|l| l.trim_start().strip_prefix("title: "))
                {
                    out.insert(
                        id.trim().to_owned(),
                        title.trim().trim_matches('"').to_owned(),
                    );
                }
            }
        }
    }
    out
}

/// Runs `cases` cases from `seed` on; returns the failures, each with how to replay it.
fn run_cases(seed: u64, cases: u64) -> Vec<String> {
    let mut failures = Vec::new();
    let example = example();
    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for case in seed..seed + cases {
        let mut rng = Rng::new(case);
        let plan = if case % 3 == 0 {
            example.clone()
        } else {
            generated(&mut rng)
        };
        let before = errors(&plan);
        let names = titles(&plan);
        let paths: Vec<&String> = plan.files.keys().collect();
        let path = (*rng.pick(&paths)).clone();
        let made = mistakes(&plan.files[&path], &names);
        if made.is_empty() {
            continue;
        }
        // Every kind of mistake as often as the others, then a place for it.
        let kinds: Vec<&str> = {
            let mut k: Vec<&str> = made.iter().map(|(kind, _)| *kind).collect();
            k.dedup();
            k.sort_unstable();
            k.dedup();
            k
        };
        let kind = *rng.pick(&kinds);
        let places: Vec<&Made> = made
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, m)| m)
            .collect();
        let (text, line) = (*rng.pick(&places)).clone();
        *by_kind.entry(kind).or_default() += 1;
        let mut broken = plan.clone();
        broken.files.insert(path.clone(), text);
        let after = errors(&broken);
        let key = |e: &Error| (e.rule.clone(), e.entity.clone(), e.message.clone());
        let mut lost: Vec<&Error> = before
            .iter()
            .filter(|b| !after.iter().any(|a| key(a) == key(b)))
            .collect();
        let mut added: Vec<&Error> = after
            .iter()
            .filter(|a| !before.iter().any(|b| key(a) == key(b)))
            .collect();
        lost.sort();
        added.sort();
        let right = lost.is_empty()
            && added.len() == 1
            && added[0].file == path
            && usize::try_from(added[0].line).ok() == Some(line);
        if std::env::var_os("BEARING_MISTAKE_SHOW").is_some() {
            #[allow(clippy::print_stderr)] // asked for: what each mistake gave
            {
                eprintln!("{kind}: {added:?}");
            }
        }
        if !right {
            failures.push(format!(
                "seed {case}: {kind} in {path} at line {line}\n    lost: {lost:?}\n    added: {added:?}"
            ));
        }
    }
    assert!(
        cases < 100 || by_kind.len() >= 15,
        "too few kinds of mistake were made: {by_kind:?}"
    );
    failures
}

#[test]
fn one_mistake_changes_the_errors_by_exactly_one_finding_at_its_line() {
    let cases = std::env::var("BEARING_MISTAKE_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(300);
    let seed = std::env::var("BEARING_MISTAKE_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    let failures = run_cases(seed, cases);
    assert!(
        failures.is_empty(),
        "{} of {cases} cases broke the rule (replay with BEARING_MISTAKE_SEED=<seed> BEARING_MISTAKE_CASES=1):\n  {}",
        failures.len(),
        failures
            .iter()
            .take(30)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n  ")
    );
}
