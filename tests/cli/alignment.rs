//! Alignment end to end: the worked example's orphan with its reason, the gate, `trace`,
//! the measures in JSON, and byte-identical output for the same plan and date.

use crate::support::{Plan, bearing, findings, repo_root};

const EXAMPLE_CONFIG: &str = "fixtures/example/bearing.yaml";

#[test]
fn the_example_flags_the_crm_project_with_its_reason() {
    let run = bearing(
        &[
            "check",
            "--config",
            EXAMPLE_CONFIG,
            "--as-of",
            "2026-10-01",
            "--format",
            "json",
        ],
        &repo_root(),
    );
    run.expect_code(1);
    let json = run.json();
    let crm = findings(&json)
        .into_iter()
        .find(|f| f["rule"] == "orphan-project" && f["entity"] == "P-crm")
        .expect("P-crm is an orphan");
    assert_eq!(
        crm["message"],
        "active project `P-crm` serves no active goal: it traces to `O-cx`, which supports `G-nps`, which is dropped"
    );
    // Named from the top of the repository that holds the example (issue 15), or from
    // its bearing.yaml outside git.
    let file = crm["file"].as_str().expect("a file");
    assert!(
        file.ends_with("plans/projects/data.yaml")
            && (repo_root().join(file).is_file()
                || repo_root().join("fixtures/example").join(file).is_file()),
        "{file}"
    );
    let alignment = &json["measures"]["alignment"];
    assert_eq!(alignment["weighting"], "budget");
    assert_eq!(alignment["aligned"], 10);
    assert_eq!(alignment["in_play"], 11);
    let projects = json["measures"]["projects"].as_array().expect("projects");
    let crm = projects
        .iter()
        .find(|p| p["id"] == "P-crm")
        .expect("P-crm measured");
    assert_eq!(crm["aligned"], false);
    assert!(crm["delivery"]["schedule"].is_string());
}

#[test]
fn same_plan_and_date_give_the_same_bytes() {
    let args = [
        "check",
        "--config",
        EXAMPLE_CONFIG,
        "--as-of",
        "2026-10-01",
        "--format",
        "json",
    ];
    let first = bearing(&args, &repo_root());
    let second = bearing(&args, &repo_root());
    assert_eq!(first.stdout, second.stdout);
    let other_day = bearing(
        &[
            "check",
            "--config",
            EXAMPLE_CONFIG,
            "--as-of",
            "2027-03-01",
            "--format",
            "json",
        ],
        &repo_root(),
    );
    assert_ne!(first.stdout, other_day.stdout, "figures depend on --as-of");
}

#[test]
fn trace_shows_the_retention_goal_down_to_its_projects() {
    let run = bearing(
        &[
            "trace",
            "G-retention",
            "--config",
            EXAMPLE_CONFIG,
            "--as-of",
            "2026-10-01",
        ],
        &repo_root(),
    );
    run.expect_code(0);
    for needle in [
        "G-retention",
        "O-loyalty",
        "KR-repeat",
        "KR-churn",
        "P-loyalty-app",
        "P-loyalty-pilot",
        "expected",
        "moved by",
    ] {
        assert!(
            run.stdout.contains(needle),
            "{needle} missing in\n{}",
            run.stdout
        );
    }
    let json = bearing(
        &[
            "trace",
            "G-retention",
            "--config",
            EXAMPLE_CONFIG,
            "--as-of",
            "2026-10-01",
            "--format",
            "json",
        ],
        &repo_root(),
    )
    .json();
    let objectives = json["below"].as_array().expect("below");
    assert!(
        objectives
            .iter()
            .any(|o| o["id"] == "O-loyalty" && o["progress"].is_number())
    );
}

#[test]
fn trace_of_an_orphan_says_why_and_an_unknown_id_is_a_usage_error() {
    let run = bearing(
        &[
            "trace",
            "P-crm",
            "--config",
            EXAMPLE_CONFIG,
            "--as-of",
            "2026-10-01",
        ],
        &repo_root(),
    );
    run.expect_code(0)
        .expect_mentions(&["orphan", "G-nps", "dropped"]);
    bearing(
        &["trace", "P-nope", "--config", EXAMPLE_CONFIG],
        &repo_root(),
    )
    .expect_code(2)
    .expect_mentions(&["no entity `P-nope`"]);
}

const SMALL_PLAN: &str = "\
kind: Goal
id: G-a
title: Goal
unit: '%'
baseline: 0
target: 10
current: 5
---
kind: Objective
id: O-a
title: Objective
supports: [G-a]
period: 2026
key_results:
  - {id: KR-a, title: Key result, baseline: 0, target: 10, current: 8, checkins: [{date: 2026-09-20, value: 8}]}
---
kind: Project
id: P-aligned
title: Aligned
contributes_to: [KR-a]
budget: {planned: 100, currency: USD}
---
kind: Project
id: P-orphan
title: Orphan
budget: {planned: 300, currency: USD}
";

#[test]
fn the_gate_fails_below_min_alignment_weighted_by_budget() {
    let plan = Plan::new();
    plan.plan("plan.yaml", SMALL_PLAN)
        .config("plans: [plans]\nrules:\n  orphan-project: warning\ngate:\n  min-alignment: 0.5\n");
    let (run, json) = plan.check_json(&[]);
    run.expect_code(1);
    let gate: Vec<_> = findings(&json)
        .into_iter()
        .filter(|f| f["rule"] == "gate")
        .collect();
    assert_eq!(gate.len(), 1, "{json}");
    assert!(
        gate[0]["message"]
            .as_str()
            .expect("text")
            .contains("alignment 25% (by planned budget"),
        "{}",
        gate[0]["message"]
    );
    assert_eq!(json["measures"]["alignment"]["score"], 0.25);

    let passing = Plan::new();
    passing
        .plan("plan.yaml", SMALL_PLAN)
        .config("rules:\n  orphan-project: warning\ngate:\n  min-alignment: 0.2\n");
    let (run, json) = passing.check_json(&[]);
    run.expect_code(0);
    assert!(findings(&json).iter().all(|f| f["rule"] != "gate"));
}

#[test]
fn rule_levels_and_options_come_from_the_configuration() {
    let plan = Plan::new();
    plan.plan("plan.yaml", SMALL_PLAN)
        .config("rules:\n  orphan-project: 'off'\n  stale-kr: {level: error, days: 5}\n");
    let (run, json) = plan.check_json(&[]);
    let rules: Vec<_> = findings(&json)
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or("").to_owned(),
                f["level"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert!(
        !rules.iter().any(|(r, _)| r == "orphan-project"),
        "{rules:?}"
    );
    assert!(
        rules.contains(&("stale-kr".to_owned(), "error".to_owned())),
        "{rules:?}"
    );
    run.expect_code(1);
}

#[test]
fn a_configuration_mistake_names_its_line() {
    let plan = Plan::new();
    plan.plan("plan.yaml", SMALL_PLAN)
        .config("plans: [plans]\nrules:\n  orphan-projects: error\n");
    plan.run(&["check"])
        .expect_code(2)
        .expect_mentions(&["bearing.yaml:3:3", "orphan-projects"]);
}
