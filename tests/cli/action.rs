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

/// The `run:` script of `docs/workflows/checkin.yml`.
fn checkin_workflow_script() -> String {
    let text =
        std::fs::read_to_string(repo_root().join("docs/workflows/checkin.yml")).expect("readable");
    let value: serde_json::Value = serde_saphyr::from_str(&text).expect("valid YAML");
    let mut runs = Vec::new();
    run_blocks(&value, "", &mut runs);
    runs.into_iter()
        .map(|(_, script)| script)
        .find(|s| s.contains("bearing checkin"))
        .expect("the check-in step")
}

/// Runs the check-in workflow's script in `repo` as a runner would: `bearing` and a
/// fake `gh` (which records its arguments) on `PATH`, the inputs in the environment.
fn run_checkin_workflow(
    repo: &Path,
    bin: &Path,
    key_result: &str,
    value: &str,
) -> std::process::Output {
    std::process::Command::new("bash")
        .arg("-c")
        .arg(checkin_workflow_script())
        .current_dir(repo)
        .env(
            "PATH",
            format!(
                "{}:{}",
                bin.display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .env("GH_TOKEN", "a-token")
        .env("KEY_RESULT", key_result)
        .env("VALUE", value)
        .env("NOTE", "from the browser; $(touch pwned-note)")
        .env("CONFIDENCE", "")
        .env("ACTOR", "maya")
        .env("GITHUB_ACTOR_ID", "42")
        .env("GITHUB_REF_NAME", "main")
        .env("GITHUB_SERVER_URL", "https://github.com")
        .output()
        .expect("bash runs")
}

/// The check-in workflow end to end on a simulated runner: the check-in is committed by
/// whoever ran it on a new branch, pushed, and a pull request opened; inputs are data,
/// never shell, and a refused check-in pushes nothing.
#[test]
fn the_checkin_workflow_opens_a_pull_request_with_the_check_in() {
    let dir = crate::support::Plan::new();
    dir.run(&["init", "--example", "acme"]).expect_code(0);
    let acme = dir.path().join("acme");
    let git = |cwd: &Path, args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(cwd)
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    git(
        dir.path(),
        &["clone", "--quiet", "--bare", "acme", "origin.git"],
    );
    git(&acme, &["remote", "add", "origin", "../origin.git"]);
    let bin = dir.path().join("bin");
    std::fs::create_dir_all(&bin).expect("bin");
    std::os::unix::fs::symlink(crate::support::BIN, bin.join("bearing")).expect("link");
    let gh = bin.join("gh");
    std::fs::write(
        &gh,
        "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$(dirname \"$0\")/gh-args\"\n",
    )
    .expect("write gh");
    std::fs::set_permissions(&gh, std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .expect("chmod");

    let out = run_checkin_workflow(&acme, &bin, "KR-churn", "3.4");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let branches = git(
        &dir.path().join("origin.git"),
        &["branch", "--list", "checkin/*"],
    );
    let branch = branches.trim().trim_start_matches("* ").to_owned();
    assert!(branch.starts_with("checkin/KR-churn-"), "{branches}");
    let head = git(
        &dir.path().join("origin.git"),
        &["log", "-1", "--format=%an <%ae>|%s", &branch],
    );
    assert!(
        head.starts_with(
            "maya <42+maya@users.noreply.github.com>|chore(checkin): KR-churn = 3.4 on "
        ),
        "{head}"
    );
    let gh_args = std::fs::read_to_string(bin.join("gh-args")).expect("gh ran");
    assert!(
        gh_args.starts_with("pr\ncreate\n--base\nmain\n--head\n"),
        "{gh_args}"
    );
    assert!(gh_args.contains(&branch), "{gh_args}");
    assert!(!acme.join("pwned-note").exists(), "an input ran as shell");

    // An input that is shell, and a key result that does not exist: refused, nothing run.
    std::fs::remove_file(bin.join("gh-args")).expect("remove");
    git(&acme, &["switch", "--quiet", "main"]);
    let out = run_checkin_workflow(&acme, &bin, "$(touch pwned)", "1");
    assert!(!out.status.success());
    assert!(!acme.join("pwned").exists(), "an input ran as shell");
    assert!(
        !bin.join("gh-args").exists(),
        "no pull request for a refused check-in"
    );
    let branches = git(
        &dir.path().join("origin.git"),
        &["branch", "--list", "checkin/*"],
    );
    assert_eq!(branches.lines().count(), 1, "{branches}");
}
