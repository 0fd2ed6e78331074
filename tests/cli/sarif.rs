//! SARIF that GitHub code scanning accepts (issue 15), checked against GitHub's documented
//! requirements (docs: "SARIF support for code scanning"): every rule has an id, a short
//! and a full description, and help text; every result a rule id, a message, a location
//! with a relative URI and a start line, and fingerprints. `helpUri` points at an anchor
//! that exists in docs/rules.md. Fingerprints are unique per finding and survive unrelated
//! edits. (`.ci/run` also runs Microsoft's `sarif-multitool validate --rule-kind
//! "Sarif;Gh"` on the worked example and every invalid fixture.)

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{AS_OF, Plan, bearing, repo_root};

/// GitHub's heading anchors: lower case, punctuation but `-` and `_` dropped, spaces to
/// `-`.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

fn rules_page_anchors() -> BTreeSet<String> {
    std::fs::read_to_string(repo_root().join("docs/rules.md"))
        .expect("docs/rules.md")
        .lines()
        .filter_map(|l| l.strip_prefix("## "))
        .map(anchor)
        .collect()
}

fn invalid_fixtures() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo_root().join("fixtures/invalid"))
        .expect("fixtures/invalid")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

/// The SARIF of one fixture checked alone, as a plain plan.
fn sarif_of(fixture: &Path) -> Value {
    let plan = Plan::new();
    let name = fixture.file_name().and_then(|n| n.to_str()).expect("name");
    plan.plan(name, std::fs::read(fixture).expect("read fixture"));
    plan.run(&["check", "--as-of", AS_OF, "--format", "sarif"])
        .json()
}

/// GitHub's documented requirements, and bearing's own promises, on one log.
#[track_caller]
fn meets_github_rules(sarif: &Value, what: &str) {
    let anchors = rules_page_anchors();
    assert_eq!(sarif["version"], "2.1.0", "{what}");
    let run = &sarif["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "bearing", "{what}");
    let rules = driver["rules"].as_array().expect("rules");
    let mut ids = BTreeSet::new();
    for rule in rules {
        let id = rule["id"].as_str().expect("a rule id");
        assert!(ids.insert(id), "{what}: rule {id} twice");
        for key in ["shortDescription", "fullDescription"] {
            let text = rule[key]["text"].as_str().unwrap_or_default();
            assert!(!text.is_empty() && text.len() <= 1024, "{what}: {id} {key}");
        }
        assert!(
            !rule["help"]["text"].as_str().unwrap_or_default().is_empty()
                && !rule["help"]["markdown"]
                    .as_str()
                    .unwrap_or_default()
                    .is_empty(),
            "{what}: {id} has no help"
        );
        assert_ne!(rule["name"].as_str(), Some(id), "{what}: name equals id");
        let uri = rule["helpUri"].as_str().expect("helpUri");
        let (page, fragment) = uri.split_once('#').expect("an anchor");
        assert!(
            page.starts_with("https://github.com/") && page.ends_with("/docs/rules.md"),
            "{what}: {uri}"
        );
        assert!(
            anchors.contains(fragment),
            "{what}: no anchor #{fragment} in docs/rules.md"
        );
        assert!(
            ["error", "warning", "note"]
                .contains(&rule["defaultConfiguration"]["level"].as_str().unwrap_or("")),
            "{what}: {id}"
        );
    }
    let mut fingerprints = BTreeSet::new();
    for result in run["results"].as_array().expect("results") {
        let id = result["ruleId"].as_str().expect("ruleId");
        assert!(ids.contains(id), "{what}: unknown rule {id}");
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], id, "{what}");
        assert!(
            !result["message"]["text"]
                .as_str()
                .unwrap_or_default()
                .is_empty(),
            "{what}: a result without a message"
        );
        let locations = result["locations"].as_array().expect("locations");
        assert!(
            !locations.is_empty() && locations.len() <= 10,
            "{what}: {result}"
        );
        for loc in locations
            .iter()
            .chain(result["relatedLocations"].as_array().into_iter().flatten())
        {
            let physical = &loc["physicalLocation"];
            let uri = physical["artifactLocation"]["uri"].as_str().expect("uri");
            assert!(
                !uri.starts_with('/') && !uri.contains("://") && !uri.contains(".."),
                "{what}: {uri} is not relative"
            );
            let region = &physical["region"];
            assert!(
                region["startLine"].as_u64().is_some_and(|l| l >= 1),
                "{what}"
            );
            assert!(
                region["startColumn"].as_u64().is_some_and(|c| c >= 1),
                "{what}"
            );
        }
        let fingerprint = result["partialFingerprints"]["bearingFinding/v1"]
            .as_str()
            .unwrap_or_else(|| panic!("{what}: no fingerprint: {result}"))
            .to_owned();
        assert!(
            fingerprints.insert(fingerprint.clone()),
            "{what}: two results share the fingerprint {fingerprint}"
        );
    }
}

#[test]
fn every_invalid_fixture_gives_sarif_github_accepts() {
    let mut results = 0;
    for fixture in invalid_fixtures() {
        let sarif = sarif_of(&fixture);
        results += sarif["runs"][0]["results"].as_array().map_or(0, Vec::len);
        meets_github_rules(&sarif, &fixture.display().to_string());
    }
    assert!(results > 77, "only {results} results");
}

/// Every invalid fixture in one plan: hundreds of findings, many on the same entities
/// (the fixtures share ids), and still one fingerprint each.
#[test]
fn fingerprints_are_unique_across_all_findings_of_the_invalid_fixtures() {
    let plan = Plan::new();
    for fixture in invalid_fixtures() {
        let name = fixture.file_name().and_then(|n| n.to_str()).expect("name");
        plan.plan(name, std::fs::read(&fixture).expect("read fixture"));
    }
    let sarif = plan
        .run(&["check", "--as-of", AS_OF, "--format", "sarif"])
        .json();
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert!(results.len() > 100, "only {} results", results.len());
    meets_github_rules(&sarif, "all invalid fixtures in one plan");
}

#[test]
fn the_worked_example_gives_sarif_github_accepts() {
    let sarif = bearing(
        &["check", "--as-of", AS_OF, "--format", "sarif"],
        &repo_root().join("fixtures/example"),
    )
    .json();
    meets_github_rules(&sarif, "fixtures/example");
}

/// Two schema errors on one entity have fingerprints of their own, and an unrelated
/// edit — lines added above, another entity changed — leaves every fingerprint as it was.
#[test]
fn fingerprints_are_unique_and_survive_unrelated_edits() {
    let entity = "kind: Project
id: P-two-errors
title: Two schema errors
status: someday
confidence: high
contributes_to: [KR-missing]
";
    let fingerprints = |text: &str| -> BTreeMap<String, String> {
        let plan = Plan::new();
        plan.plan("p.yaml", text);
        let sarif = plan
            .run(&["check", "--as-of", AS_OF, "--format", "sarif"])
            .json();
        sarif["runs"][0]["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|r| {
                (
                    r["partialFingerprints"]["bearingFinding/v1"]
                        .as_str()
                        .expect("fingerprint")
                        .to_owned(),
                    r["ruleId"].as_str().expect("rule").to_owned(),
                )
            })
            .collect()
    };
    let before = fingerprints(entity);
    let schema = before.values().filter(|r| *r == "schema").count();
    assert!(schema >= 2, "{before:?}");
    let edited = format!(
        "# a comment\n# and another\nkind: Goal\nid: G-unrelated\ntitle: Something else\n---\n{entity}"
    );
    let after = fingerprints(&edited);
    for (fingerprint, rule) in &before {
        assert_eq!(
            after.get(fingerprint),
            Some(rule),
            "{fingerprint} changed: {after:?}"
        );
    }
}
