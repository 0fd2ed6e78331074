//! The findings of the two rules that a lone fixture file cannot trigger, pinned by
//! snapshots like those of `fixtures.rs`: `gate` needs a bearing.yaml with
//! `gate.min-alignment`, and `lowered-target` needs a base revision (`check --base`).

use crate::support::git::Repo;
use crate::support::{AS_OF, Plan, Run, repo_root, rules_of, snapshot_settings};

fn fixture(relative: &str) -> String {
    std::fs::read_to_string(repo_root().join("fixtures").join(relative))
        .unwrap_or_else(|e| panic!("fixtures/{relative}: {e}"))
}

/// Pins the JSON findings of a `--format json` run and the human rendering of the same
/// check (`human`, its stdout as shown to the snapshot), both under `name`.
#[track_caller]
fn pin(name: &str, json_run: &Run, human_run: &Run, human: &str) {
    let json = json_run.json();
    assert!(
        !human_run.stdout.contains('\u{1b}'),
        "NO_COLOR=1 output has escapes\n{human_run}"
    );
    let mut settings = snapshot_settings();
    settings.set_info(&name);
    settings.bind(|| {
        insta::assert_json_snapshot!(format!("findings__{name}"), json["findings"]);
        insta::assert_snapshot!(format!("human__{name}"), human);
    });
}

/// One orphan among two projects (by count, 50%) under a gate of 80%; the orphan rule
/// lowered to a warning, so that the gate is the only error.
#[test]
fn gate_below_min_alignment() {
    let plan = Plan::new();
    plan.plan(
        "plan.yaml",
        fixture("invalid/orphan-project-no-contributes.yaml"),
    )
    .config("plans: [plans]\nrules:\n  orphan-project: warning\ngate:\n  min-alignment: 0.8\n");
    let (json_run, json) = plan.check_json(&[]);
    json_run.expect_code(1);
    assert_eq!(
        rules_of(&json).into_iter().collect::<Vec<_>>(),
        ["gate", "orphan-project"],
        "{json_run}"
    );
    let human = plan.run(&["check", "--as-of", AS_OF, "--format", "human"]);
    human.expect_code(1);
    pin("gate-below-min-alignment", &json_run, &human, &human.stdout);
}

/// Weighted by planned budget: every project has one, in one currency.
#[test]
fn gate_below_min_alignment_by_budget() {
    let text = fixture("invalid/orphan-project-no-contributes.yaml")
        .replace(
            "due: 2026-11-30\n",
            "due: 2026-11-30\nbudget: {planned: 250000, currency: USD}\n",
        )
        .replace(
            "title: Brand refresh\n",
            "title: Brand refresh\nbudget: {planned: 750000, spent: 1250, currency: USD}\n",
        );
    let plan = Plan::new();
    plan.plan("plan.yaml", &text)
        .config("plans: [plans]\nrules:\n  orphan-project: warning\ngate:\n  min-alignment: 0.5\n");
    let (json_run, json) = plan.check_json(&[]);
    json_run.expect_code(1);
    assert_eq!(
        json["measures"]["alignment"]["weighting"], "budget",
        "{json_run}"
    );
    let human = plan.run(&["check", "--as-of", AS_OF, "--format", "human"]);
    human.expect_code(1);
    pin(
        "gate-below-min-alignment-by-budget",
        &json_run,
        &human,
        &human.stdout,
    );
}

/// `fixtures/valid/decrease-direction.yaml` at the base; at the head, four key-result
/// targets and the goal's target move toward their baselines (a decrease in %, one in a
/// unit of money, one to a non-zero target from 0, an increase from a negative baseline)
/// and one target is raised, which is not a finding.
#[test]
fn lowered_targets_against_a_base_revision() {
    let base_text = fixture("valid/decrease-direction.yaml");
    let head_text = base_text
        .replace("target: 7.39\n", "target: 7.60\n")
        .replace("    target: 3.2\n", "    target: 3.5\n")
        .replace("    target: 1.60\n", "    target: 1.80\n")
        .replace("    target: 0\n", "    target: 3\n")
        .replace(
            "    target: 3\n    current: 0.5\n",
            "    target: 1\n    current: 0.5\n",
        )
        .replace("    target: 1.0\n", "    target: 0.8\n");
    assert_eq!(
        head_text.matches("target:").count(),
        base_text.matches("target:").count()
    );
    let mut repo = Repo::new();
    repo.write("plans/plan.yaml", &base_text);
    let base = repo.commit("Plan the fulfilment cost cut");
    repo.write("plans/plan.yaml", &head_text);
    repo.commit("Re-target fulfilment");

    let check = |format: &str| {
        repo.run(&[
            "check", "--base", &base, "--as-of", AS_OF, "--format", format,
        ])
    };
    let json_run = check("json");
    json_run.expect_code(0);
    let json = json_run.json();
    assert_eq!(
        rules_of(&json).into_iter().collect::<Vec<_>>(),
        ["lowered-target"],
        "{json_run}"
    );
    let human = check("human");
    human.expect_code(0);
    // The summary names the base commit: its hash depends on git's object format.
    let short = &base[..7];
    assert!(human.stdout.contains(short), "{human}");
    let shown = human.stdout.replace(short, "[base]");
    pin(
        "lowered-target-decrease-direction",
        &json_run,
        &human,
        &shown,
    );
}

/// `stale-kr` from git history: a key result with a value and no check-in is dated by
/// the commit that set `current` (2026-07-01 here). Outside git the same plan is not
/// judged; the summary says once that only check-ins date key results there.
#[test]
fn stale_kr_dated_by_the_commit_of_current() {
    let text = fixture("valid/stale-kr-no-checkins-outside-git.yaml");
    let mut repo = Repo::new();
    repo.write("plans/plan.yaml", &text);
    repo.commit("Plan the loyalty programme");
    let json_run = repo.run(&["check", "--as-of", AS_OF, "--format", "json"]);
    json_run.expect_code(0);
    let json = json_run.json();
    assert_eq!(
        rules_of(&json).into_iter().collect::<Vec<_>>(),
        ["stale-kr"],
        "{json_run}"
    );
    let human = repo.run(&["check", "--as-of", AS_OF, "--format", "human"]);
    human.expect_code(0);
    pin(
        "stale-kr-dated-by-a-commit",
        &json_run,
        &human,
        &human.stdout,
    );

    let plain = Plan::new();
    plain.plan("plan.yaml", &text);
    let run = plain.run(&["check", "--as-of", AS_OF]);
    run.expect_code(0).expect_mentions(&[
        "no git history: `stale-kr` dates key results by check-ins only, and 1 key result has no check-in",
    ]);
    assert!(!run.stdout.contains("stale-kr\n"), "{run}");
}
