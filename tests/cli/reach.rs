//! `check --base` judges the plan at the base only as far as a change reaches (issue
//! #19): a finding about an entity in a file the change left alone is new when what it
//! depends on changed elsewhere. Each change here is in one file and moves a finding in
//! another: the plan at the base must be judged there, not assumed the same.

use serde_json::Value;

use crate::support::findings;
use crate::support::git::Repo;

const GOALS: &str = "kind: Goal\nid: G-retention\ntitle: Keep customers\nbaseline: 60\ntarget: 70\ncurrent: 62\nunit: \"%\"\n---\nkind: Goal\nid: G-nps\ntitle: Happier customers\nbaseline: 30\ntarget: 40\ncurrent: 31\n---\nkind: Goal\nid: G-gone\ntitle: Soon gone\nbaseline: 1\ntarget: 2\ncurrent: 1\n";

/// Left alone by the change.
const OKRS: &str = "kind: Objective\nid: O-loyalty\ntitle: Loyalty program\nsupports: [G-retention]\nperiod: 2026-H2\nkey_results:\n  - {id: KR-churn, title: Cut churn, unit: \"%\", baseline: 4.0, target: 3.2, current: 3.9}\n  - {id: KR-repeat, title: Repeat purchases, baseline: 22, target: 30, current: 24}\n---\nkind: Objective\nid: O-lost\ntitle: Serves a goal about to go\nsupports: [G-gone]\nperiod: 2026-H2\nkey_results:\n  - {id: KR-lost, title: Lost, baseline: 1, target: 2, current: 1}\n";

/// Left alone by the change.
const PROJECTS: &str = "kind: Project\nid: P-app\ntitle: Loyalty app\ncontributes_to: [KR-churn, KR-lost]\ndue: 2026-11-30\n---\nkind: Project\nid: P-roll\ntitle: Roll out\nstage: rollout\nvalidated_by: P-pilot\ncontributes_to: [KR-churn]\ndue: 2026-12-20\n---\nkind: Project\nid: P-late\ntitle: Late work\ncontributes_to: [KR-q3]\ndue: 2026-12-15\n";

const PILOT: &str = "kind: Project\nid: P-pilot\ntitle: Pilot\nstage: pilot\nstatus: done\ncontributes_to: [KR-churn]\n";

const REPEAT: &str = "kind: Project\nid: P-repeat\ntitle: Repeat offers\ncontributes_to: [KR-repeat]\ndue: 2026-12-01\n";

const Q3: &str = "kind: Objective\nid: O-q3\ntitle: Third quarter\nsupports: [G-nps]\nperiod: 2026-H2\nkey_results:\n  - {id: KR-q3, title: Q3, baseline: 0, target: 10, current: 1}\n";

fn check(repo: &Repo, base: &str) -> Value {
    repo.check_against(base).json()
}

/// The status of each finding of `rule` on `entity` (none: the plan has no such finding).
fn statuses(json: &Value, rule: &str, entity: &str) -> Vec<String> {
    findings(json)
        .into_iter()
        .filter(|f| f["rule"] == rule && f["entity"] == entity)
        .map(|f| f["status"].as_str().unwrap_or("none").to_owned())
        .collect()
}

#[test]
fn findings_about_entities_a_change_left_alone_are_new_where_it_reaches_them() {
    let mut repo = Repo::new();
    repo.write("plans/goals.yaml", GOALS)
        .write("plans/okrs.yaml", OKRS)
        .write("plans/projects.yaml", PROJECTS)
        .write("plans/pilot.yaml", PILOT)
        .write("plans/repeat.yaml", REPEAT)
        .write("plans/q3.yaml", Q3);
    let base = repo.commit("The plan");
    let before = check(&repo, &base);
    for (rule, entity) in [
        ("kr-without-projects", "KR-repeat"),
        ("rollout-without-pilot", "P-roll"),
        ("unknown-reference", "O-lost"),
        ("timeline-mismatch", "P-late"),
    ] {
        assert!(
            statuses(&before, rule, entity).is_empty(),
            "{rule} on {entity}: {before:#}"
        );
    }

    // Four changes, none in okrs.yaml or projects.yaml.
    let goals = GOALS
        .split("---\n")
        .take(2)
        .collect::<Vec<_>>()
        .join("---\n");
    repo.write("plans/goals.yaml", &goals)
        .write(
            "plans/pilot.yaml",
            &PILOT.replace("status: done", "status: active"),
        )
        .write(
            "plans/q3.yaml",
            &Q3.replace("period: 2026-H2", "period: 2026-Q3"),
        );
    std::fs::remove_file(repo.path().join("plans/repeat.yaml")).expect("remove");
    let after = check(&repo, &base);
    // The key result left without projects, the rollout whose pilot is no longer done,
    // the objective whose goal went, the project now due after its objective's period.
    assert_eq!(
        statuses(&after, "kr-without-projects", "KR-repeat"),
        ["new"]
    );
    assert_eq!(statuses(&after, "rollout-without-pilot", "P-roll"), ["new"]);
    assert_eq!(statuses(&after, "unknown-reference", "O-lost"), ["new"]);
    assert_eq!(statuses(&after, "timeline-mismatch", "P-late"), ["new"]);
    // What the change does not reach was there before.
    assert_eq!(statuses(&after, "kr-off-track", "KR-churn"), ["existing"]);
    assert_eq!(after["base"]["new"].as_u64(), Some(count_new(&after)));
    // Committed, the same change judged against its parent gives the same statuses.
    let head = repo.commit("Four changes");
    let _ = head;
    let parent = check(&repo, "HEAD~1");
    assert_eq!(findings(&parent), findings(&after));
}

fn count_new(json: &Value) -> u64 {
    let new = findings(json).into_iter().filter(|f| f["status"] == "new");
    new.count() as u64
}

/// A reference read as meant (`KR-CHURN` for `KR-churn`) is read so only while no other
/// id could be meant: a key result of another case added in another file makes it
/// ambiguous, and the key result it meant, in a file the change left alone, loses its
/// only project.
#[test]
fn a_reference_read_as_meant_reaches_what_it_meant() {
    let mut repo = Repo::new();
    repo.write("plans/goals.yaml", "kind: Goal\nid: G-a\ntitle: A\nbaseline: 1\ntarget: 2\ncurrent: 1\n")
        .write("plans/okrs.yaml", "kind: Objective\nid: O-a\ntitle: A\nsupports: [G-a]\nperiod: 2026-H2\nkey_results:\n  - {id: KR-churn, title: Churn, baseline: 4, target: 3, current: 3.9}\n")
        .write("plans/projects.yaml", "kind: Project\nid: P-slip\ntitle: Slip\ncontributes_to: [KR-CHURN]\ndue: 2026-12-01\n");
    let other = "kind: Objective\nid: O-b\ntitle: B\nsupports: [G-a]\nperiod: 2026-H2\nkey_results:\n  - {id: KR-b, title: B, baseline: 1, target: 2, current: 1}\n";
    repo.write("plans/other.yaml", other);
    let base = repo.commit("The plan");
    assert!(statuses(&check(&repo, &base), "kr-without-projects", "KR-churn").is_empty());
    let ambiguous =
        "  - {id: KR-Churn, title: Churn again, baseline: 4, target: 3, current: 3.9}\n";
    repo.write("plans/other.yaml", &format!("{other}{ambiguous}"));
    let after = check(&repo, &base);
    assert_eq!(statuses(&after, "kr-without-projects", "KR-churn"), ["new"]);
    assert_eq!(
        statuses(&after, "unknown-reference", "P-slip"),
        ["existing"]
    );
    // Both ids it may mean are named, in order: the same words on every run.
    let slip = findings(&after)
        .into_iter()
        .find(|f| f["rule"] == "unknown-reference" && f["entity"] == "P-slip")
        .expect("the slip");
    assert_eq!(
        slip["help"],
        "did you mean `KR-Churn` or `KR-churn`? Ids are case-sensitive"
    );
}
