//! Output formats, exit codes, the embedded schemas and their build (docs/threat-model.md J5),
//! and a closed pipe.

use std::process::Command;

use serde_json::Value;

use crate::support::{AS_OF, CLEAN_PLAN, Plan, bearing, findings, repo_root, shell};

/// The clean plan plus one document with a schema error and an unknown reference.
fn plan_with_errors() -> Plan {
    let plan = Plan::new();
    plan.plan("clean.yaml", CLEAN_PLAN).plan(
        "bad.yaml",
        "kind: Project\nid: P-bad\ntitle: t\nstatus: in-progress\ncontributes_to: [KR-repeat]\n---\nkind: Project\nid: P-typo\ntitle: t\ncontributes_to: [KR-repeat, KR-typo]\ndue: 2026-11-30\n",
    );
    plan
}

// ---------------------------------------------------------------- one check, every output

/// `--write FORMAT=FILE` (issue 19): the Action's one check writes the JSON, the SARIF and
/// the Markdown beside the annotations on stdout; each file holds exactly what that
/// format prints on its own, and the exit code is the check's.
#[test]
fn one_check_writes_every_format_asked_for() {
    let plan = plan_with_errors();
    let run = plan.run(&[
        "check",
        "--as-of",
        AS_OF,
        "--format",
        "github",
        "--write",
        "json=out.json",
        "--write",
        "sarif=out.sarif",
        "--write",
        "markdown=out.md",
    ]);
    run.expect_code(1);
    let alone = plan.run(&["check", "--as-of", AS_OF, "--format", "github"]);
    assert_eq!(run.stdout, alone.stdout);
    for (format, file) in [
        ("json", "out.json"),
        ("sarif", "out.sarif"),
        ("markdown", "out.md"),
    ] {
        let written = std::fs::read_to_string(plan.path().join(file)).expect("written");
        let printed = plan.run(&["check", "--as-of", AS_OF, "--format", format]);
        assert!(!written.is_empty(), "{format}");
        assert_eq!(written, printed.stdout, "{format}");
    }
    plan.run(&["check", "--write", "pdf=out.pdf"])
        .expect_code(2)
        .expect_mentions(&["`pdf` is not a format"]);
    plan.run(&["check", "--write", "json=missing/folder/out.json"])
        .expect_code(2)
        .expect_mentions(&["cannot write `missing/folder/out.json`"]);
}

// ---------------------------------------------------------------- exit codes

#[test]
fn a_clean_plan_exits_0() {
    let plan = Plan::new();
    plan.plan("clean.yaml", CLEAN_PLAN);
    for format in ["human", "json", "github", "sarif"] {
        plan.run(&["check", "--as-of", AS_OF, "--format", format])
            .expect_code(0);
    }
    let (run, json) = plan.check_json(&[]);
    assert!(findings(&json).is_empty(), "{run}");
}

#[test]
fn error_findings_exit_1() {
    plan_with_errors()
        .run(&["check", "--as-of", AS_OF])
        .expect_code(1);
}

#[test]
fn a_path_that_does_not_exist_exits_2() {
    let plan = Plan::new();
    plan.plan("clean.yaml", CLEAN_PLAN);
    plan.run(&["check", "plans/nope.yaml"])
        .expect_code(2)
        .expect_mentions(&["nope.yaml"]);
    assert!(plan.run(&["check", "plans/nope.yaml"]).stdout.is_empty());
}

#[test]
fn an_unknown_command_exits_2() {
    let plan = Plan::new();
    plan.run(&["frobnicate"]).expect_code(2);
    plan.run(&["check", "--frobnicate"]).expect_code(2);
}

#[test]
fn an_impossible_as_of_date_exits_2() {
    let plan = Plan::new();
    plan.plan("clean.yaml", CLEAN_PLAN);
    plan.run(&["check", "--as-of", "2026-13-01"])
        .expect_code(2)
        .expect_mentions(&["2026-13-01", "YYYY-MM-DD"]);
    plan.run(&["check", "--as-of", "next week"]).expect_code(2);
}

#[test]
fn an_invalid_configuration_exits_2_with_its_line() {
    let plan = Plan::new();
    plan.plan("clean.yaml", CLEAN_PLAN)
        .config("plans: [plans]\nrules:\n  orphan-projects: error\n");
    let run = plan.run(&["check"]);
    run.expect_code(2)
        .expect_mentions(&["bearing.yaml:3:", "orphan-projects"]);
}

#[test]
fn help_and_version_exit_0() {
    let plan = Plan::new();
    plan.run(&["--help"])
        .expect_code(0)
        .expect_mentions(&["check", "schema"]);
    plan.run(&["--version"])
        .expect_code(0)
        .expect_mentions(&["bearing"]);
}

// ---------------------------------------------------------------- JSON

#[test]
fn json_output_is_versioned_with_a_summary() {
    let (run, json) = plan_with_errors().check_json(&[]);
    run.expect_code(1);
    assert_eq!(json["version"], 2, "{run}");
    assert_eq!(json["tool"]["name"], "bearing");
    assert_eq!(json["as_of"], AS_OF);
    let summary = &json["summary"];
    for key in [
        "files",
        "documents",
        "goals",
        "objectives",
        "key_results",
        "projects",
        "errors",
        "warnings",
        "infos",
    ] {
        assert!(summary[key].is_u64(), "summary.{key} missing\n{run}");
    }
    assert_eq!(summary["files"], 2);
    let errors = findings(&json)
        .iter()
        .filter(|f| f["level"] == "error")
        .count();
    assert_eq!(summary["errors"], errors as u64, "{run}");
    for f in findings(&json) {
        for key in ["rule", "level", "message", "file", "line", "column"] {
            assert!(!f[key].is_null(), "a finding without `{key}`: {f}");
        }
    }
}

// ---------------------------------------------------------------- SARIF

#[test]
fn sarif_output_is_sarif_2_1_0_with_located_results() {
    let plan = plan_with_errors();
    let run = plan.run(&["check", "--as-of", AS_OF, "--format", "sarif"]);
    run.expect_code(1);
    let sarif = run.json();
    assert_eq!(sarif["version"], "2.1.0", "{run}");
    assert!(
        sarif["$schema"]
            .as_str()
            .is_some_and(|s| s.contains("sarif")),
        "{run}"
    );
    let driver = &sarif["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "bearing");
    let rules = driver["rules"].as_array().cloned().unwrap_or_default();
    assert!(!rules.is_empty(), "{run}");
    let rule_ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
    let results = sarif["runs"][0]["results"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(results.len() >= 2, "{run}");
    for result in &results {
        let id = result["ruleId"]
            .as_str()
            .unwrap_or_else(|| panic!("no ruleId: {result}"));
        assert!(rule_ids.contains(&id), "ruleId {id} is not among the rules");
        if let Some(index) = result["ruleIndex"].as_u64() {
            assert_eq!(
                rules[index as usize]["id"], id,
                "ruleIndex points at another rule"
            );
        }
        let location = &result["locations"][0]["physicalLocation"];
        assert!(
            location["region"]["startLine"]
                .as_u64()
                .is_some_and(|l| l >= 1),
            "no startLine: {result}"
        );
        assert!(
            location["artifactLocation"]["uri"]
                .as_str()
                .is_some_and(|u| u.starts_with("plans/")),
            "{result}"
        );
        assert!(
            ["error", "warning", "note"].contains(&result["level"].as_str().unwrap_or_default()),
            "{result}"
        );
    }
}

// ---------------------------------------------------------------- GitHub

#[test]
fn github_output_annotates_the_yaml_line() {
    let plan = plan_with_errors();
    let run = plan.run(&["check", "--as-of", AS_OF, "--format", "github"]);
    run.expect_code(1);
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("::error file=plans/bad.yaml,line=4,"))
        .unwrap_or_else(|| panic!("no annotation on the status line\n{run}"));
    assert!(line.contains("title=bearing schema"), "{line}");
}

// ---------------------------------------------------------------- schemas (J)

#[test]
fn every_schema_is_json_and_compiles() {
    let dir = Plan::new();
    for name in ["plan", "goal", "objective", "project", "config"] {
        let run = bearing(&["schema", name], dir.path());
        run.expect_code(0);
        let schema: Value = run.json();
        let validator = jsonschema::validator_for(&schema)
            .unwrap_or_else(|e| panic!("{name}: does not compile: {e}"));
        if name == "plan" {
            let good = serde_json::json!({"kind": "Goal", "id": "G-a", "title": "t"});
            let bad = serde_json::json!({"kind": "Goal", "id": "G-a"});
            let worse =
                serde_json::json!({"kind": "Goal", "id": "G-a", "title": "t", "priority": 1});
            assert!(validator.is_valid(&good), "a minimal goal is rejected");
            assert!(
                !validator.is_valid(&bad),
                "a goal without a title is accepted"
            );
            assert!(
                !validator.is_valid(&worse),
                "an unknown property is accepted"
            );
        }
    }
    bearing(&["schema"], dir.path()).expect_code(0);
    bearing(&["schema", "epic"], dir.path()).expect_code(2);
}

#[test]
fn schemas_are_embedded_not_read_from_disk() {
    // Run far from the repository: the schemas come from the binary.
    let dir = Plan::new();
    let run = bearing(&["schema", "plan"], dir.path());
    run.expect_code(0);
    let text =
        std::fs::read_to_string(repo_root().join("schema/goal.schema.json")).expect("goal schema");
    let goal = bearing(&["schema", "goal"], dir.path());
    assert_eq!(
        goal.json(),
        serde_json::from_str::<Value>(&text).expect("json")
    );
}

#[test]
fn j5_jsonschema_is_built_without_http_or_file_resolution() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args([
            "tree",
            "--offline",
            "-e",
            "features",
            "-i",
            "jsonschema",
            "--manifest-path",
        ])
        .arg(repo_root().join("Cargo.toml"))
        .output()
        .expect("run cargo tree");
    let tree = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(tree.contains("jsonschema"), "{tree}");
    for forbidden in ["reqwest", "resolve-http", "resolve-file", "ureq", "hyper"] {
        assert!(
            !tree.contains(forbidden),
            "`{forbidden}` in the jsonschema build:\n{tree}"
        );
    }
}

// ---------------------------------------------------------------- pipes

#[test]
fn a_closed_pipe_ends_quietly() {
    let plan = Plan::new();
    // Enough output to outlast the 64 KiB pipe buffer (asserted below): 300 unknown
    // references. (2,000 took the human format 9 to 22 s in a debug build on a loaded
    // machine, past the 10 s bound of a run: each finding renders the long line again.)
    let refs: Vec<String> = (0..300).map(|i| format!("KR-missing-{i}")).collect();
    plan.plan("clean.yaml", CLEAN_PLAN).plan(
        "many.yaml",
        format!("kind: Project\nid: P-many\ntitle: t\ncontributes_to: [KR-repeat, {}]\ndue: 2026-11-30\n", refs.join(", ")),
    );
    for (command, outlasts_the_buffer) in [
        // The schema (about 45 KB) fits the pipe buffer: this one only checks that a
        // reader that stops early changes neither the exit code nor stderr.
        ("\"$BEARING\" schema plan", false),
        ("\"$BEARING\" check --as-of 2026-10-01 --format json", true),
        ("\"$BEARING\" check --as-of 2026-10-01", true),
        ("\"$BEARING\" check --as-of 2026-10-01 --format sarif", true),
    ] {
        if outlasts_the_buffer {
            let size = shell(&format!("{command} 2>/dev/null | wc -c"), plan.path());
            let bytes: usize = size.stdout.trim().parse().expect("a byte count");
            assert!(
                bytes > 64 * 1024,
                "{command}: {bytes} bytes fit the pipe buffer"
            );
        }
        // bearing's own status and stderr, not those of `head`.
        let script = format!(
            "{{ {command} 2>err.txt; echo $? >code.txt; }} | head -c 10 >/dev/null; cat code.txt; cat err.txt"
        );
        let run = shell(&script, plan.path());
        let mut lines = run.stdout.lines();
        let code = lines.next().unwrap_or_default().trim().to_owned();
        let stderr: Vec<&str> = lines.collect();
        assert!(
            stderr.is_empty(),
            "{command}: stderr after a closed pipe:\n{}",
            stderr.join("\n")
        );
        assert!(
            code == "0" || code == "1",
            "{command}: exit {code} after a closed pipe\n{run}"
        );
    }
}
