//! The GitHub Action's files: values reach scripts through `env:` only (A1), and every
//! script is valid bash.

use std::path::Path;

use crate::support::repo_root;

/// Every `run:` value in a workflow or action file, with where it was found.
fn run_blocks(value: &serde_json::Value, at: &str, out: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, child) in map {
                if key == "run" {
                    if let Some(text) = child.as_str() {
                        out.push((at.to_owned(), text.to_owned()));
                    }
                }
                run_blocks(child, &format!("{at}/{key}"), out);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                run_blocks(child, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn workflow_files() -> Vec<std::path::PathBuf> {
    let root = repo_root();
    let mut files = vec![root.join("action.yml"), root.join("comment/action.yml")];
    for dir in [".github/workflows", "docs/workflows"] {
        let mut found: Vec<_> = std::fs::read_dir(root.join(dir))
            .expect("workflow folder")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "yml"))
            .collect();
        found.sort();
        files.extend(found);
    }
    files
}

#[test]
fn no_expression_is_expanded_inside_a_run_script() {
    let mut checked = 0;
    for file in workflow_files() {
        let text = std::fs::read_to_string(&file).expect("readable");
        let value: serde_json::Value = serde_saphyr::from_str(&text).expect("valid YAML");
        let mut runs = Vec::new();
        run_blocks(&value, "", &mut runs);
        for (at, script) in runs {
            checked += 1;
            assert!(
                !script.contains("${{"),
                "{}{at}: `${{{{ … }}}}` inside `run:` — pass the value through `env:` instead",
                file.display()
            );
        }
    }
    assert!(checked >= 7, "only {checked} run blocks found");
}

#[test]
fn action_scripts_are_valid_bash() {
    let mut checked = 0;
    for dir in [".github/action", ".github/release", "tests/action"] {
        let dir = repo_root().join(dir);
        for entry in std::fs::read_dir(&dir).expect("a script folder") {
            let path = entry.expect("entry").path();
            let is_script = path.extension().is_some_and(|e| e == "sh")
                || path.file_name().is_some_and(|n| n == "fake-curl");
            if is_script {
                let status = std::process::Command::new("bash")
                    .arg("-n")
                    .arg(&path)
                    .status()
                    .expect("bash runs");
                assert!(status.success(), "{} does not parse", path.display());
                checked += 1;
            }
        }
    }
    assert!(checked >= 10, "only {checked} scripts");
    assert!(Path::new(&repo_root().join(".github/action/check.sh")).exists());
}

#[test]
fn the_action_runs_end_to_end_on_a_simulated_runner() {
    // Several runs of bearing, one on 10,000 findings: longer than the harness's default
    // bound, so run it directly; every step inside is bounded.
    let script = repo_root().join("tests/action/simulate.sh");
    let out = std::process::Command::new("bash")
        .arg(&script)
        .env("BEARING", crate::support::BIN)
        .env("NO_COLOR", "1")
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("action simulation: ok"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The install step against a release served from 127.0.0.1 (tests/action/release.sh):
/// a good checksum installs in under 10 seconds, a tampered archive and an unknown
/// platform are refused with errors that say what exists.
#[test]
fn a_release_installs_verified_and_a_tampered_one_is_refused() {
    let script = repo_root().join("tests/action/release.sh");
    let out = std::process::Command::new("bash")
        .arg(&script)
        .env("BEARING", crate::support::BIN)
        .env("NO_COLOR", "1")
        .output()
        .expect("bash runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("release install: ok"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
