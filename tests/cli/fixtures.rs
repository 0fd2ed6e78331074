//! Every fixture, checked alone as a whole plan (fixtures/README.md): valid files give no
//! finding at all; `invalid/<rule>-<case>.yaml` gives findings of `<rule>` only (plus the
//! rules its `# also:` header names), with the exit code of that rule's default level.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::support::{
    AS_OF, Case, Plan, Run, all_of, bearing, findings, repo_root, rules_of, snapshot_settings,
};

/// Every rule name and whether its default level is `error`.
const RULES: &[(&str, bool)] = &[
    ("schema", true),
    ("duplicate-id", true),
    ("unknown-reference", true),
    ("cycle", true),
    ("orphan-project", true),
    ("orphan-objective", true),
    ("goal-without-objectives", false),
    ("unmeasurable-kr", false),
    ("unmeasured-goal", false),
    ("kr-without-projects", false),
    ("kr-off-track", false),
    ("stale-kr", false),
    ("overdue-project", false),
    ("over-budget", false),
    ("rollout-without-pilot", false),
    ("timeline-mismatch", false),
    ("plan-gap", false),
    ("lowered-target", false),
    ("gate", true),
];

/// The rules that cannot have a fixture here: a plain file has no base revision and no
/// bearing.yaml. `tests/cli/rule_snapshots.rs` pins their findings instead.
const RULES_WITHOUT_FIXTURES: &[&str] = &["lowered-target", "gate"];

/// The fixtures whose human rendering is pinned besides the first fixture of each rule:
/// a finding inside a key result and one with two labelled spans.
const EXTRA_HUMAN: &[&str] = &["schema-nested-kr", "duplicate-id-kr"];

fn is_error_rule(rule: &str) -> bool {
    RULES.iter().any(|(name, error)| *name == rule && *error)
}

/// The rule of `invalid/<rule>-<case>.yaml`: the longest known rule name that the stem
/// starts with, followed by `-` or nothing.
fn rule_of(stem: &str) -> Option<&'static str> {
    RULES
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| {
            stem == *name
                || stem
                    .strip_prefix(name)
                    .is_some_and(|rest| rest.starts_with('-'))
        })
        .max_by_key(|name| name.len())
}

/// The rules of a fixture's `# also: a, b` first line.
fn also_rules(text: &str) -> BTreeSet<String> {
    text.lines()
        .next()
        .and_then(|line| line.strip_prefix("# also:"))
        .map(|rest| {
            rest.split(',')
                .map(|r| r.trim().to_owned())
                .filter(|r| !r.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            yaml_files(&path, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) {
            out.push(path);
        }
    }
}

fn fixtures(kind: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    yaml_files(&repo_root().join("fixtures").join(kind), &mut files);
    assert!(!files.is_empty(), "no fixtures under fixtures/{kind}");
    files
}

/// The path of a fixture relative to the repository, with `/`.
fn relative(path: &Path) -> String {
    path.strip_prefix(repo_root())
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Checks one fixture alone, as plain files: copied to the same relative path in a
/// temporary folder outside any repository (no git history, no bearing.yaml).
fn check_alone(path: &Path, format: &str) -> Run {
    let rel = relative(path);
    let plan = Plan::new();
    plan.file(&rel, std::fs::read(path).expect("read fixture"));
    bearing(
        &["check", &rel, "--as-of", AS_OF, "--format", format],
        plan.path(),
    )
}

fn parse_json(run: &Run) -> Result<serde_json::Value, String> {
    serde_json::from_str(&run.stdout).map_err(|e| {
        format!(
            "stdout is not JSON ({e}); exit {:?}; stderr: {}",
            run.code,
            run.stderr.trim()
        )
    })
}

fn show(rules: &BTreeSet<String>) -> String {
    format!(
        "{{{}}}",
        rules.iter().cloned().collect::<Vec<_>>().join(", ")
    )
}

#[test]
fn every_fixture_gives_exactly_its_rule() {
    let mut failures = Vec::new();
    let mut checked = 0;

    for path in fixtures("valid") {
        let rel = relative(&path);
        let run = check_alone(&path, "json");
        checked += 1;
        match parse_json(&run) {
            Err(e) => failures.push(format!("{rel}: expected no finding, {e}")),
            Ok(json) => {
                let found = findings(&json);
                if run.code != Some(0) || !found.is_empty() {
                    let listed: Vec<String> = found
                        .iter()
                        .map(|f| {
                            format!(
                                "{} at {}:{}: {}",
                                f["rule"], f["line"], f["column"], f["message"]
                            )
                        })
                        .collect();
                    failures.push(format!(
                        "{rel}: expected exit 0 and no finding, got exit {:?} and {}",
                        run.code,
                        if listed.is_empty() {
                            "none".to_owned()
                        } else {
                            listed.join("; ")
                        }
                    ));
                }
            }
        }
    }

    for path in fixtures("invalid") {
        let rel = relative(&path);
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        let Some(rule) = rule_of(&stem) else {
            failures.push(format!(
                "{rel}: the file name starts with no known rule name"
            ));
            continue;
        };
        let text = std::fs::read_to_string(&path).expect("read fixture");
        let mut expected: BTreeSet<String> = also_rules(&text);
        expected.insert(rule.to_owned());
        let expected_code = if expected.iter().any(|r| is_error_rule(r)) {
            1
        } else {
            0
        };
        let run = check_alone(&path, "json");
        checked += 1;
        match parse_json(&run) {
            Err(e) => failures.push(format!("{rel}: expected {}, {e}", show(&expected))),
            Ok(json) => {
                let got = rules_of(&json);
                if got != expected || run.code != Some(expected_code) {
                    failures.push(format!(
                        "{rel}: expected {} with exit {expected_code}, got {} with exit {:?}",
                        show(&expected),
                        show(&got),
                        run.code
                    ));
                }
            }
        }
    }

    assert!(checked > 20, "only {checked} fixtures found");
    assert!(
        failures.is_empty(),
        "{} of {checked} fixtures failed:\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
}

/// The invalid fixtures with their stems and rules, in file name order.
fn invalid_fixtures() -> Vec<(PathBuf, String, &'static str)> {
    fixtures("invalid")
        .into_iter()
        .filter_map(|path| {
            let stem = path.file_stem()?.to_str()?.to_owned();
            let rule = rule_of(&stem)?;
            Some((path, stem, rule))
        })
        .collect()
}

#[test]
fn every_rule_has_a_fixture_unless_it_needs_more_than_a_file() {
    let covered: BTreeSet<&str> = invalid_fixtures().iter().map(|(_, _, r)| *r).collect();
    for (rule, _) in RULES {
        assert_eq!(
            covered.contains(rule),
            !RULES_WITHOUT_FIXTURES.contains(rule),
            "{rule}: a fixture under fixtures/invalid/ if and only if it is not in RULES_WITHOUT_FIXTURES"
        );
    }
}

/// Every invalid fixture's findings as JSON: message, rule, level, entity, help, and the
/// file, line and column of each, for every rule.
#[test]
fn findings_match_their_snapshots() {
    let mut cases: Vec<Case> = Vec::new();
    for (path, stem, _) in invalid_fixtures() {
        let rel = relative(&path);
        cases.push((
            rel.clone(),
            Box::new(move || {
                let run = check_alone(&path, "json");
                let json = parse_json(&run).unwrap_or_else(|e| panic!("{rel}: {e}"));
                let mut settings = snapshot_settings();
                settings.set_info(&rel);
                settings.bind(|| {
                    insta::assert_json_snapshot!(format!("findings__{stem}"), json["findings"])
                });
            }),
        ));
    }
    assert!(cases.len() > 20, "only {} invalid fixtures", cases.len());
    all_of(cases);
}

/// The terminal rendering a person reads: the first fixture of every rule, and a few more.
#[test]
fn human_rendering_matches_its_snapshots() {
    let mut names: Vec<String> = Vec::new();
    let mut seen = BTreeSet::new();
    for (_, stem, rule) in invalid_fixtures() {
        if seen.insert(rule) {
            names.push(stem);
        }
    }
    names.extend(EXTRA_HUMAN.iter().map(|s| (*s).to_owned()));
    let mut cases: Vec<Case> = Vec::new();
    for name in names {
        cases.push((
            name.clone(),
            Box::new(move || {
                let path = repo_root().join(format!("fixtures/invalid/{name}.yaml"));
                let rule = rule_of(&name).expect("a rule");
                let run = check_alone(&path, "human");
                let code = if is_error_rule(rule) { 1 } else { 0 };
                assert_eq!(run.code, Some(code), "{run}");
                assert!(
                    !run.stdout.contains('\u{1b}'),
                    "NO_COLOR=1 output has escapes\n{run}"
                );
                let mut settings = snapshot_settings();
                settings.set_info(&format!("fixtures/invalid/{name}.yaml"));
                settings.bind(|| insta::assert_snapshot!(format!("human__{name}"), run.stdout));
            }),
        ));
    }
    all_of(cases);
}

#[test]
fn rule_names_parse_as_the_longest_prefix() {
    assert_eq!(rule_of("duplicate-id-kr"), Some("duplicate-id"));
    assert_eq!(rule_of("kr-off-track-range"), Some("kr-off-track"));
    assert_eq!(
        rule_of("orphan-project-no-contributes"),
        Some("orphan-project")
    );
    assert_eq!(rule_of("schema"), Some("schema"));
    assert_eq!(rule_of("schemas-x"), None);
    assert_eq!(
        also_rules("# also: orphan-objective, cycle\nkind: Goal\n").len(),
        2
    );
}

/// `check FILE` narrows what is reported, not what is loaded (issue 14): on the worked
/// example, every plan file and folder checked alone reports exactly what the whole
/// check reports in it, nothing more (references resolve against the whole plan).
#[test]
fn checking_one_file_reports_what_the_whole_check_reports_there() {
    let plan = Plan::new();
    let example = repo_root().join("fixtures/example");
    let mut files = Vec::new();
    yaml_files(&example.join("plans"), &mut files);
    for path in &files {
        let rel = path
            .strip_prefix(&example)
            .expect("under the example")
            .to_string_lossy()
            .replace('\\', "/");
        plan.file(&rel, std::fs::read(path).expect("read"));
    }
    plan.file(
        "bearing.yaml",
        std::fs::read(example.join("bearing.yaml")).expect("config"),
    );
    let key = |f: &serde_json::Value| {
        format!(
            "{} {}:{} {} {}",
            f["rule"], f["file"], f["line"], f["entity"], f["message"]
        )
    };
    let (whole_run, whole) = plan.check_json(&[]);
    whole_run.expect_code(1);
    let all: Vec<String> = findings(&whole).iter().map(key).collect();
    let mut narrowed = 0;
    let mut targets: Vec<String> = files
        .iter()
        .map(|p| {
            relative(p)
                .trim_start_matches("fixtures/example/")
                .to_owned()
        })
        .collect();
    targets.extend(["plans/okrs".to_owned(), "plans/projects".to_owned()]);
    for target in targets {
        let (run, json) = plan.check_json(&[&target]);
        let got: Vec<String> = findings(&json).iter().map(key).collect();
        let expected: Vec<String> = findings(&whole)
            .iter()
            .filter(|f| {
                f["file"]
                    .as_str()
                    .is_some_and(|file| file == target || file.starts_with(&format!("{target}/")))
            })
            .map(key)
            .collect();
        assert_eq!(got, expected, "check {target}\n{run}");
        assert!(
            got.iter().all(|g| all.contains(g)),
            "check {target} reports what the whole check does not\n{run}"
        );
        assert!(
            !run.stdout.contains("unknown-reference"),
            "references resolve against the whole plan\n{run}"
        );
        narrowed += got.len();
    }
    assert!(
        narrowed >= 4,
        "the example's findings were found file by file"
    );
}

/// The mistakes people make most (issue 14), one per file in `fixtures/mistakes/`, each
/// the clean `valid/every-field-people-write.yaml` with one mistake in it: each gives
/// exactly one finding, an error, and the whole human message is pinned, so that what a
/// reader is told to write can be reviewed.
#[test]
fn each_common_mistake_gives_one_error_that_says_how_to_fix_it() {
    let files = fixtures("mistakes");
    assert!(files.len() >= 20, "only {} mistakes", files.len());
    let mut cases: Vec<Case> = Vec::new();
    for path in files {
        let rel = relative(&path);
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        cases.push((
            rel.clone(),
            Box::new(move || {
                let json_run = check_alone(&path, "json");
                let json = parse_json(&json_run).unwrap_or_else(|e| panic!("{rel}: {e}"));
                let found = findings(&json);
                assert_eq!(
                    found.len(),
                    1,
                    "{rel}: one mistake, one finding\n{json_run}"
                );
                assert_eq!(found[0]["level"], "error", "{rel}\n{json_run}");
                assert!(found[0]["help"].is_string(), "{rel}: no fix\n{json_run}");
                assert_eq!(json_run.code, Some(1), "{rel}\n{json_run}");
                let run = check_alone(&path, "human");
                let mut settings = snapshot_settings();
                settings.set_info(&rel);
                settings.bind(|| insta::assert_snapshot!(format!("mistake__{name}"), run.stdout));
            }),
        ));
    }
    all_of(cases);
}

/// OKR sets that real organisations published (`fixtures/real/README.md`): each loads
/// with no input or schema error, nothing is an orphan, every key result that states no
/// baseline is `unmeasurable-kr` with advice, and the findings are pinned.
#[test]
fn real_okr_sets_load_and_read_as_written() {
    let root = repo_root().join("fixtures/real");
    let sets = [
        ("sourcegraph-fy2022", "2021-03-15"),
        ("nodejs-community-committee-2020", "2020-06-30"),
        ("js-ipfs-2018-q3", "2018-08-15"),
    ];
    for (set, as_of) in sets {
        let plan = Plan::new();
        let mut files = Vec::new();
        yaml_files(&root.join(set).join("plans"), &mut files);
        assert!(!files.is_empty(), "{set}");
        let mut texts = String::new();
        for path in &files {
            let rel = path
                .strip_prefix(root.join(set))
                .expect("under the set")
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(path).expect("read");
            texts.push_str(&text);
            plan.file(&rel, text);
        }
        let run = bearing(
            &["check", "--as-of", as_of, "--format", "json"],
            plan.path(),
        );
        let json = parse_json(&run).unwrap_or_else(|e| panic!("{set}: {e}"));
        run.expect_code(0);
        let found = findings(&json);
        for f in &found {
            let rule = f["rule"].as_str().unwrap_or_default();
            assert!(
                !matches!(
                    rule,
                    "input"
                        | "schema"
                        | "orphan-project"
                        | "orphan-objective"
                        | "unknown-reference"
                ),
                "{set}: {f}"
            );
        }
        let key_results = json["measures"]["key_results"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let without_baseline =
            texts.matches("  - id: ").count() - texts.matches("    baseline: ").count();
        let unmeasurable: Vec<&serde_json::Value> = found
            .iter()
            .filter(|f| f["rule"] == "unmeasurable-kr")
            .collect();
        assert_eq!(
            unmeasurable.len(),
            without_baseline,
            "{set}: one per key result with no baseline"
        );
        assert!(unmeasurable.iter().all(|f| f["help"].is_string()), "{set}");
        assert_eq!(
            key_results.len(),
            texts.matches("  - id: ").count(),
            "{set}"
        );
        let mut settings = snapshot_settings();
        settings.set_info(&format!("fixtures/real/{set} at {as_of}"));
        settings.bind(|| insta::assert_json_snapshot!(format!("real__{set}"), json["findings"]));
    }
}

/// `check --quiet` prints the summary line, and still names a file it could not read:
/// without it the counts would be incomplete with no word why (issue 14).
#[test]
fn quiet_still_names_what_could_not_be_read() {
    let plan = Plan::new();
    plan.plan(
        "clean.yaml",
        std::fs::read_to_string(repo_root().join("fixtures/valid/minimal.yaml")).expect("fixture"),
    )
    .plan(
        "broken.yaml",
        b"kind: Goal\nid: G-x\0\ntitle: x\n".as_slice(),
    );
    let run = plan.run(&["check", "--quiet", "--as-of", AS_OF]);
    run.expect_code(2);
    assert!(run.stdout.contains("× input: plans/broken.yaml:"), "{run}");
    assert_eq!(
        run.stdout.lines().count(),
        2,
        "one line per unread file, then the summary\n{run}"
    );
}
