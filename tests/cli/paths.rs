//! Machine outputs name files from the top of the repository (issue 15): with the plan in
//! `strategy/` of a git repository, every annotation's `file=`, every SARIF
//! `artifactLocation.uri` and every JSON path exists relative to the repository root —
//! run from the plan's folder, from below it, or from the top with `--config`. Outside
//! git they stay relative to the folder of bearing.yaml, and human output keeps them so
//! everywhere.

use std::path::Path;

use serde_json::Value;

use crate::support::git::Repo;
use crate::support::{AS_OF, CLEAN_PLAN, Plan, Run, bearing};

/// Findings of several rules, one with a related place (a duplicate id), and a
/// schema error: a project with a bad status and an unknown reference.
const FINDINGS: &str = "kind: Project
id: P-stray
title: Serves nothing that exists
status: active
contributes_to: [KR-missing]
---
kind: Project
id: P-loyalty-app
title: A second project with the same id
contributes_to: [KR-repeat]
due: 2026-11-30
---
kind: Project
id: P-bad
title: A schema error
status: someday
contributes_to: [KR-repeat]
";

/// A repository whose plan lives in `strategy/`, with two commits: the second moves the
/// stray project to another file and adds the rest.
fn repository() -> Repo {
    let mut repo = Repo::new();
    repo.write("README.md", "# not a plan\n")
        .write("strategy/bearing.yaml", "plans: [plans]\n")
        .write("strategy/plans/plan.yaml", CLEAN_PLAN)
        .write(
            "strategy/plans/stray.yaml",
            "kind: Project\nid: P-stray\ntitle: Serves nothing\nstatus: proposed\n",
        );
    repo.commit("base");
    std::fs::remove_file(repo.path().join("strategy/plans/stray.yaml")).expect("remove");
    repo.write("strategy/plans/more/findings.yaml", FINDINGS);
    repo.commit("head");
    repo
}

fn annotation_files(run: &Run) -> Vec<String> {
    run.stdout
        .lines()
        .filter(|l| l.starts_with("::"))
        .filter_map(|l| l.split_once(" file=").map(|(_, rest)| rest))
        .filter_map(|rest| rest.split(',').next())
        .map(str::to_owned)
        .collect()
}

fn sarif_uris(sarif: &Value) -> Vec<String> {
    let mut uris = Vec::new();
    for result in sarif["runs"][0]["results"].as_array().into_iter().flatten() {
        for key in ["locations", "relatedLocations"] {
            for loc in result[key].as_array().into_iter().flatten() {
                if let Some(uri) = loc["physicalLocation"]["artifactLocation"]["uri"].as_str() {
                    uris.push(uri.to_owned());
                }
            }
        }
    }
    uris
}

/// Every `file` of a finding and of its related places in a JSON document.
fn json_files(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                match (key.as_str(), child.as_str()) {
                    ("file" | "path" | "from" | "to", Some(text)) if text.ends_with(".yaml") => {
                        out.push(text.to_owned());
                    }
                    _ => json_files(child, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| json_files(i, out)),
        _ => {}
    }
}

#[track_caller]
fn assert_exist(top: &Path, files: &[String], what: &str) {
    assert!(!files.is_empty(), "{what}: no file named at all");
    for file in files {
        assert!(
            file.starts_with("strategy/") && top.join(file).is_file(),
            "{what}: `{file}` is not a file relative to the repository root"
        );
    }
}

#[test]
fn a_plan_in_a_subfolder_is_named_from_the_repository_root() {
    let repo = repository();
    let top = repo.path();
    // From the plan's folder, from below it, and from the top with --config.
    let places: [(&Path, &[&str]); 3] = [
        (&top.join("strategy"), &[]),
        (&top.join("strategy/plans/more"), &[]),
        (top, &["--config", "strategy/bearing.yaml"]),
    ];
    for (cwd, config) in places {
        let args = |rest: &[&str]| -> Vec<String> {
            config.iter().chain(rest).map(|s| (*s).to_owned()).collect()
        };
        let run_in = |rest: &[&str]| {
            let all = args(rest);
            let refs: Vec<&str> = all.iter().map(String::as_str).collect();
            bearing(&refs, cwd)
        };
        let at = format!("run in {}", cwd.display());

        let github = run_in(&[
            "check", "--as-of", AS_OF, "--base", "HEAD~1", "--format", "github",
        ]);
        github.expect_code(1);
        assert_exist(
            top,
            &annotation_files(&github),
            &format!("annotations, {at}"),
        );

        let sarif = run_in(&["check", "--as-of", AS_OF, "--format", "sarif"]);
        let uris = sarif_uris(&sarif.json());
        assert!(
            uris.len()
                > sarif.json()["runs"][0]["results"]
                    .as_array()
                    .map_or(0, Vec::len),
            "no related location among the SARIF results, {at}"
        );
        assert_exist(top, &uris, &format!("SARIF, {at}"));

        let mut files = Vec::new();
        json_files(
            &run_in(&["check", "--as-of", AS_OF, "--format", "json"]).json(),
            &mut files,
        );
        assert_exist(top, &files, &format!("check JSON, {at}"));

        let mut files = Vec::new();
        json_files(
            &run_in(&["report", "--as-of", AS_OF, "--format", "json"]).json(),
            &mut files,
        );
        assert_exist(top, &files, &format!("report JSON, {at}"));

        // A move: named from the top on both sides (the old file is gone from the work
        // tree, so it is checked by name).
        let stray = |moves: &Value| -> Option<(String, String)> {
            moves
                .as_array()?
                .iter()
                .find(|m| m["id"] == "P-stray")
                .map(|m| {
                    (
                        m["from"].as_str().unwrap_or_default().to_owned(),
                        m["to"].as_str().unwrap_or_default().to_owned(),
                    )
                })
        };
        let moved = Some((
            "strategy/plans/stray.yaml".to_owned(),
            "strategy/plans/more/findings.yaml".to_owned(),
        ));
        let diff = run_in(&["diff", "HEAD~1", "HEAD", "--format", "json"]).json();
        assert_eq!(stray(&diff["moves"]), moved, "diff JSON, {at}: {diff}");
        let log = run_in(&["log", "--format", "json"]).json();
        assert_eq!(stray(&log["commits"][0]["moves"]), moved, "log JSON, {at}");

        // People read paths from the plan's folder, as before.
        let human = run_in(&["check", "--as-of", AS_OF]);
        assert!(
            human.all().contains("plans/more/findings.yaml") && !human.all().contains("strategy/"),
            "human, {at}: {human}"
        );
    }
}

#[test]
fn outside_git_paths_stay_relative_to_bearing_yaml() {
    let plan = Plan::new();
    plan.file("sub/bearing.yaml", "plans: [plans]\n")
        .file("sub/plans/plan.yaml", CLEAN_PLAN)
        .file("sub/plans/findings.yaml", FINDINGS);
    let sub = plan.path().join("sub");
    let github = bearing(&["check", "--as-of", AS_OF, "--format", "github"], &sub);
    let files = annotation_files(&github);
    assert!(!files.is_empty(), "{github}");
    for file in &files {
        assert!(
            file.starts_with("plans/") && sub.join(file).is_file(),
            "{file}"
        );
    }
    let sarif = bearing(&["check", "--as-of", AS_OF, "--format", "sarif"], &sub).json();
    for uri in sarif_uris(&sarif) {
        assert!(uri.starts_with("plans/"), "{uri}");
    }
}
