//! `bearing init` (the starter plan passes `check`; existing files are kept unless
//! `--force`; `--dry-run` writes nothing), `init --example` (a git repository with a
//! year of history, the same hashes on every run and machine, ending in
//! fixtures/example), completions, the man page, and examples in every command's help.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::support::{BIN, Plan, bearing, findings, repo_root};

/// `git ARGS` in `dir`: its stdout, asserting success.
#[track_caller]
fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Every file under `dir` (`.git` excepted), relative, sorted.
fn files_under(dir: &Path) -> Vec<String> {
    fn walk(dir: &Path, root: &Path, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("read folder") {
            let path = entry.expect("entry").path();
            if path.file_name().is_some_and(|n| n == ".git") {
                continue;
            }
            if path.is_dir() {
                walk(&path, root, found);
            } else {
                let rel = path.strip_prefix(root).expect("inside");
                found.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut found = Vec::new();
    walk(dir, dir, &mut found);
    found.sort();
    found
}

/// The schemas and editor settings `init` writes beside every plan (the worked example
/// too, outside its history).
const EDITOR_FILES: [&str; 8] = [
    ".bearing/schema/bearing.schema.json",
    ".bearing/schema/goal.schema.json",
    ".bearing/schema/objective.schema.json",
    ".bearing/schema/plan.schema.json",
    ".bearing/schema/project.schema.json",
    ".helix/languages.toml",
    ".vscode/settings.json",
    ".zed/settings.json",
];

const STARTER_FILES: [&str; 13] = [
    ".bearing/schema/bearing.schema.json",
    ".bearing/schema/goal.schema.json",
    ".bearing/schema/objective.schema.json",
    ".bearing/schema/plan.schema.json",
    ".bearing/schema/project.schema.json",
    ".github/workflows/bearing.yml",
    ".helix/languages.toml",
    ".vscode/settings.json",
    ".zed/settings.json",
    "bearing.yaml",
    "plans/goals.yaml",
    "plans/okrs.yaml",
    "plans/projects.yaml",
];

// ---------------------------------------------------------------- the starter plan

#[test]
fn init_writes_a_plan_that_passes_check() {
    let dir = Plan::new();
    let run = dir.run(&["init"]);
    run.expect_code(0).expect_mentions(&[
        "bearing.yaml",
        "plans/okrs.yaml",
        "Next steps",
        "required status check",
    ]);
    assert_eq!(files_under(dir.path()), STARTER_FILES);
    assert!(
        dir.path().join(".git").is_dir(),
        "a git repository is initialised"
    );

    dir.run(&["check"]).expect_code(0);
    let json = dir.run(&["check", "--format", "json"]);
    json.expect_code(0);
    let errors: Vec<_> = findings(&json.json())
        .into_iter()
        .filter(|f| f["level"] == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The schema the plan files point at is where they say.
    let goals = std::fs::read_to_string(dir.path().join("plans/goals.yaml")).expect("read");
    let modeline = goals.lines().next().expect("first line");
    let target = modeline
        .strip_prefix("# yaml-language-server: $schema=")
        .expect("modeline");
    assert!(dir.path().join("plans").join(target).is_file(), "{target}");
    let workflow =
        std::fs::read_to_string(dir.path().join(".github/workflows/bearing.yml")).expect("read");
    for needle in [
        "contents: read",
        "persist-credentials: false",
        "fetch-depth: 0",
        "uses: bearing-plan/bearing@v0",
    ] {
        assert!(workflow.contains(needle), "{needle}");
    }
}

#[test]
fn a_second_init_keeps_existing_files_unless_forced() {
    let dir = Plan::new();
    dir.run(&["init"]).expect_code(0);
    let scaffolded = std::fs::read_to_string(dir.path().join("plans/goals.yaml")).expect("read");
    dir.file("plans/goals.yaml", "# mine\n");

    let again = dir.run(&["init"]);
    again.expect_code(0).expect_mentions(&[
        "kept",
        "plans/goals.yaml",
        "--force",
        "Nothing to write",
    ]);
    assert!(!again.stdout.contains("created"), "{again}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("plans/goals.yaml")).expect("read"),
        "# mine\n"
    );

    dir.run(&["init", "--force"])
        .expect_code(0)
        .expect_mentions(&["overwrote", "plans/goals.yaml"]);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("plans/goals.yaml")).expect("read"),
        scaffolded
    );
}

#[test]
fn init_inside_a_repository_does_not_nest_another() {
    let dir = Plan::new();
    git(dir.path(), &["init", "--quiet"]);
    dir.run(&["init", "team/strategy"])
        .expect_code(0)
        .expect_mentions(&["bearing.yaml"]);
    assert!(!dir.path().join("team/strategy/.git").exists());
    let status = git(
        dir.path(),
        &["status", "--porcelain", "--untracked-files=all"],
    );
    assert!(status.contains("team/strategy/bearing.yaml"), "{status}");
}

#[test]
fn dry_run_writes_nothing() {
    let dir = Plan::new();
    let run = dir.run(&["init", "--dry-run"]);
    run.expect_code(0).expect_mentions(&[
        "would create",
        "bearing.yaml",
        "would initialise a git repository",
    ]);
    assert!(files_under(dir.path()).is_empty());
    assert!(!dir.path().join(".git").exists());

    dir.run(&["init", "strategy", "--dry-run"]).expect_code(0);
    dir.run(&["init", "--example", "acme", "--dry-run"])
        .expect_code(0)
        .expect_mentions(&["would create", "plans/goals.yaml", "commits"]);
    assert!(
        std::fs::read_dir(dir.path())
            .expect("read")
            .next()
            .is_none()
    );
}

/// `init --example --dry-run` lists every file `init --example` writes, the editor
/// support beside the history included.
#[test]
fn the_example_dry_run_lists_what_the_example_writes() {
    let dir = Plan::new();
    let run = dir.run(&["init", "--example", "acme", "--dry-run"]);
    run.expect_code(0);
    let mut listed: Vec<String> = run
        .stdout
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("would create"))
        .map(|rest| rest.trim().to_owned())
        .filter(|path| !path.starts_with("a git repository"))
        .collect();
    listed.sort();
    dir.run(&["init", "--example", "acme"]).expect_code(0);
    let written = files_under(&dir.path().join("acme"));
    assert!(
        written.contains(&".vscode/settings.json".to_owned()),
        "{written:#?}"
    );
    assert_eq!(listed, written);
}

#[test]
fn init_writes_only_inside_its_folder() {
    let dir = Plan::new();
    dir.run(&["init", "nested/strategy"]).expect_code(0);
    let all = files_under(dir.path());
    // Not vacuous: the starter plan is there.
    for file in [
        "nested/strategy/bearing.yaml",
        "nested/strategy/plans/goals.yaml",
    ] {
        assert!(all.iter().any(|p| p == file), "no {file}: {all:#?}");
    }
    assert!(
        all.iter().all(|p| p.starts_with("nested/strategy/")),
        "{all:#?}"
    );
    // A symlink inside the folder that points out of it is never written through.
    #[cfg(unix)]
    {
        let outside = Plan::new();
        let target = Plan::new();
        std::os::unix::fs::symlink(outside.path(), target.path().join("plans")).expect("symlink");
        target
            .run(&["init", "--force"])
            .expect_code(2)
            .expect_mentions(&["symlink"]);
        assert!(files_under(outside.path()).is_empty());
    }
}

// ---------------------------------------------------------------- the worked example

#[test]
fn the_example_is_a_repository_with_a_year_of_history() {
    let dir = Plan::new();
    let run = dir.run(&["init", "--example", "acme"]);
    run.expect_code(0)
        .expect_mentions(&["commits", "bearing trace G-retention", "diff HEAD~6"]);
    let acme = dir.path().join("acme");

    let log = git(&acme, &["log", "--oneline"]);
    assert!(log.lines().count() >= 12, "{log}");
    assert_eq!(
        git(&acme, &["status", "--porcelain"]),
        "",
        "the work tree is clean"
    );
    assert_eq!(
        git(&acme, &["symbolic-ref", "HEAD"]).trim(),
        "refs/heads/main"
    );
    let authors: std::collections::BTreeSet<String> = git(&acme, &["log", "--format=%an"])
        .lines()
        .map(str::to_owned)
        .collect();
    assert!(authors.len() >= 3, "{authors:?}");
    assert_eq!(git(&acme, &["fsck", "--strict"]).trim(), "");

    // The last commit is fixtures/example, file for file; beside it, the editor files,
    // which git ignores (the status above is clean).
    let fixture = repo_root().join("fixtures/example");
    let (editor, files): (Vec<String>, Vec<String>) = files_under(&acme)
        .into_iter()
        .partition(|f| EDITOR_FILES.contains(&f.as_str()));
    assert_eq!(editor, EDITOR_FILES);
    assert_eq!(files, files_under(&fixture));
    for file in &files {
        assert_eq!(
            std::fs::read(acme.join(file)).expect("read"),
            std::fs::read(fixture.join(file)).expect("read"),
            "{file}"
        );
    }

    // The documented findings: P-crm is stranded by the dropped G-nps.
    let check = bearing(
        &["check", "--as-of", "2026-10-01", "--format", "json"],
        &acme,
    );
    check.expect_code(1);
    assert!(
        findings(&check.json())
            .iter()
            .any(|f| f["rule"] == "orphan-project" && f["entity"] == "P-crm"),
        "{check}"
    );
    bearing(&["trace", "G-retention"], &acme)
        .expect_code(0)
        .expect_mentions(&["O-loyalty", "KR-churn"]);

    // Six commits back, G-nps was active and KR-churn aimed at 3.0.
    let before = git(&acme, &["show", "HEAD~6:plans/okrs/2026-h2.yaml"]);
    assert!(before.contains("    target: 3.0\n"));
    let goals = git(&acme, &["show", "HEAD~6:plans/goals.yaml"]);
    assert!(!goals.contains("status: dropped"));
}

#[test]
fn the_example_has_the_same_hashes_everywhere() {
    let first = Plan::new();
    first.run(&["init", "--example", "one"]).expect_code(0);
    let head = git(&first.path().join("one"), &["rev-parse", "HEAD"]);

    // Another folder, another user with a git configuration of their own: same commits.
    let second = Plan::new();
    second.file(
        "home/.gitconfig",
        "[user]\n\tname = Someone Else\n\temail = else@example.org\n[init]\n\tdefaultBranch = trunk\n",
    );
    let out = Command::new(BIN)
        .args(["init", "--example", "two"])
        .current_dir(second.path())
        .env("HOME", second.path().join("home"))
        .env("GIT_CONFIG_GLOBAL", second.path().join("home/.gitconfig"))
        .env("TZ", "Asia/Kolkata")
        .stdin(Stdio::null())
        .output()
        .expect("bearing runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let two = second.path().join("two");
    assert_eq!(git(&two, &["rev-parse", "HEAD"]), head);
    assert_eq!(
        git(&two, &["symbolic-ref", "HEAD"]).trim(),
        "refs/heads/main"
    );
}

#[test]
fn the_example_needs_a_new_or_empty_folder() {
    let dir = Plan::new();
    dir.file("acme/notes.txt", "mine");
    dir.run(&["init", "--example", "acme"])
        .expect_code(2)
        .expect_mentions(&["not empty", "help:"]);
    assert_eq!(files_under(&dir.path().join("acme")), ["notes.txt"]);
    dir.run(&["init", "--example", "--force"]).expect_code(2);
}

// ---------------------------------------------------------------- completions and man

#[test]
fn completions_for_every_shell() {
    let dir = Plan::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = dir.run(&["completions", shell]);
        run.expect_code(0);
        assert!(run.stdout.contains("bearing"), "{shell}: {run}");
        assert!(run.stdout.contains("init"), "{shell}: {run}");
    }
    dir.run(&["completions", "tcsh"]).expect_code(2);
}

#[test]
fn man_prints_roff_with_a_page_per_command() {
    let run = Plan::new().run(&["man"]);
    run.expect_code(0);
    assert!(run.stdout.starts_with(".TH"), "{run}");
    assert!(run.stdout.matches(".TH").count() >= 7, "{run}");
    for command in ["check", "trace", "schema", "init", "completions"] {
        assert!(
            run.stdout.contains(&format!("bearing\\-{command}")),
            "{command}"
        );
    }
}

/// Help that teaches: every command's `--help` ends with examples.
#[test]
fn every_command_help_has_examples() {
    let dir = Plan::new();
    let top = dir.run(&["--help"]);
    top.expect_code(0).expect_mentions(&["Examples:"]);
    let commands: Vec<String> = top
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        // A command's line starts at the second column; wrapped descriptions go deeper.
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .filter(|c| c != "help")
        .collect();
    assert!(commands.len() >= 6, "{commands:?}");
    for command in &commands {
        dir.run(&[command, "--help"])
            .expect_code(0)
            .expect_mentions(&["Examples:"]);
    }
}
