//! `bearing checkin`: a check-in added in place, every other byte kept (on every key
//! result of the worked example), refused with a clear message when invalid, never a
//! half-written file, and `--commit` refusing to commit over uncommitted work.

use std::path::Path;

use crate::support::git::Repo;
use crate::support::{Plan, repo_root};

/// Copies `fixtures/example` into a fresh folder.
fn example() -> Plan {
    let plan = Plan::new();
    copy_dir(&repo_root().join("fixtures/example"), plan.path());
    plan
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read folder") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("a name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy");
        }
    }
}

/// The lines of `after` that are not in `before`, asserting that `before` is `after`
/// with those lines taken out (in one place), byte for byte.
#[track_caller]
fn added_lines(before: &str, after: &str) -> Vec<String> {
    let old: Vec<&str> = before.split_inclusive('\n').collect();
    let new: Vec<&str> = after.split_inclusive('\n').collect();
    let head = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let tail = old[head..]
        .iter()
        .rev()
        .zip(new[head..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    assert_eq!(
        head + tail,
        old.len(),
        "lines other than the check-in changed:\n{after}"
    );
    new[head..new.len() - tail]
        .iter()
        .map(|l| (*l).to_owned())
        .collect()
}

/// Every key result id written in a plan file, with the file.
fn key_results_of_example() -> Vec<(String, String)> {
    let root = repo_root().join("fixtures/example/plans");
    let mut found = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("read");
            let file = format!(
                "plans/{}",
                path.strip_prefix(&root).expect("inside").to_string_lossy()
            );
            for line in text.lines() {
                if let Some(id) = line.trim_start().strip_prefix("- id: ") {
                    found.push((file.clone(), id.trim().to_owned()));
                }
            }
        }
    }
    found.sort();
    found
}

#[test]
fn every_key_result_of_the_example_gets_exactly_its_lines() {
    let krs = key_results_of_example();
    assert!(krs.len() >= 13, "the example has 13 key results: {krs:?}");
    let plan = example();
    let mut files_seen = std::collections::BTreeSet::new();
    for (file, id) in &krs {
        let path = plan.path().join(file);
        let before = std::fs::read_to_string(&path).expect("read");
        plan.run(&[
            "checkin",
            id,
            "1234.5",
            "--confidence",
            "0.4",
            "--note",
            "imported: from the test, #1",
            "--date",
            "2026-12-01",
        ])
        .expect_code(0)
        .expect_mentions(&[id, "1,234.5", "2026-12-01"]);
        let after = std::fs::read_to_string(&path).expect("read");
        let added = added_lines(&before, &after);
        let entry = "- {date: 2026-12-01, value: 1234.5, confidence: 0.4, note: \"imported: from the test, #1\"}\n";
        let last = added.last().expect("a line was added");
        assert!(last.ends_with(entry), "{id}: added {added:?}");
        match added.len() {
            1 => {}
            2 => assert!(
                added[0].trim_end().ends_with("checkins:"),
                "{id}: {added:?}"
            ),
            n => panic!("{id}: {n} lines added: {added:?}"),
        }
        files_seen.insert(file.clone());
    }
    assert!(files_seen.len() >= 3, "{files_seen:?}");
    // The example still checks as before, with every new check-in read back.
    let run = plan.run(&[
        "check",
        "--as-of",
        "2026-12-02",
        "--format",
        "json",
        "--no-history",
    ]);
    let json = run.json();
    let inputs = crate::support::findings(&json)
        .into_iter()
        .filter(|f| f["rule"] == "schema" || f["rule"] == "input")
        .count();
    assert_eq!(inputs, 0, "{}", run.all());
    // No temporary file is left beside any plan file.
    let leftovers = walk_names(plan.path());
    assert!(
        leftovers.iter().all(|n| !n.contains(".tmp")),
        "{leftovers:?}"
    );
}

fn walk_names(dir: &Path) -> Vec<String> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            names.extend(walk_names(&path));
        } else {
            names.push(path.to_string_lossy().into_owned());
        }
    }
    names
}

const ONE_KR: &str = "kind: Goal\nid: G\ntitle: g\nbaseline: 0\ntarget: 1\n---\n# an objective\nkind: Objective\nid: O\ntitle: o\nsupports: [G]\nperiod: 2026-H2\nkey_results:\n  - id: KR-a\n    title: a\n    baseline: 0   # start\n    target: 10\n\n    current: 2\n  - {id: KR-flow, title: flow, baseline: 0, target: 5}\n";

#[test]
fn invalid_check_ins_are_refused_and_nothing_is_written() {
    let plan = Plan::new();
    plan.plan("okrs.yaml", ONE_KR);
    let path = plan.path().join("plans/okrs.yaml");
    for (args, message) in [
        (vec!["checkin", "KR-a", "1,200"], "`1,200` is not a number"),
        (vec!["checkin", "KR-a", "NaN"], "is not a number"),
        (
            vec!["checkin", "KR-a", "3", "--confidence", "1.5"],
            "confidence 1.5 is outside 0..1",
        ),
        (vec!["checkin", "KR-b", "3"], "no key result `KR-b`"),
        (
            vec!["checkin", "O", "3"],
            "`O` is an objective, not a key result",
        ),
        (vec!["checkin", "KR-flow", "3"], "one-line `{…}` mapping"),
        (
            vec!["checkin", "KR-a", "3", "--date", "2026-13-01"],
            "not a date",
        ),
    ] {
        plan.run(&args).expect_code(2).expect_mentions(&[message]);
        assert_eq!(std::fs::read_to_string(&path).expect("read"), ONE_KR);
    }
    plan.run(&["checkin", "KR-a", "3", "--date", "2026-10-01"])
        .expect_code(0);
    let after = std::fs::read_to_string(&path).expect("read");
    assert_eq!(
        added_lines(ONE_KR, &after),
        ["    checkins:\n", "      - {date: 2026-10-01, value: 3}\n"]
    );
    plan.run(&["checkin", "KR-a", "4", "--date", "2026-10-01"])
        .expect_code(2)
        .expect_mentions(&["already has a check-in on 2026-10-01"]);
}

#[test]
fn commit_records_the_check_in_alone_and_never_over_uncommitted_work() {
    let mut repo = Repo::new();
    repo.write("plans/okrs.yaml", ONE_KR);
    repo.commit("plan");
    repo.git(&["config", "user.name", "Maya Chen"]);
    repo.git(&["config", "user.email", "maya@example.com"]);
    repo.run(&[
        "checkin",
        "KR-a",
        "3",
        "--date",
        "2026-10-01",
        "--commit",
        "--note",
        "first",
    ])
    .expect_code(0)
    .expect_mentions(&["committed"]);
    let subject = repo.git(&["log", "-1", "--format=%s|%an"]);
    assert_eq!(
        subject.trim(),
        "chore(checkin): KR-a = 3 on 2026-10-01|Maya Chen"
    );
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
    let log = repo.run(&["log", "KR-a"]);
    log.expect_code(0).expect_mentions(&["Maya Chen"]);

    // Uncommitted work in the file: refused before anything is written.
    let text = std::fs::read_to_string(repo.path().join("plans/okrs.yaml")).expect("read");
    let edited = text.replace("# an objective", "# an objective, edited");
    repo.write("plans/okrs.yaml", &edited);
    repo.run(&["checkin", "KR-a", "4", "--date", "2026-10-08", "--commit"])
        .expect_code(2)
        .expect_mentions(&["has changes that are not committed"]);
    assert_eq!(
        std::fs::read_to_string(repo.path().join("plans/okrs.yaml")).expect("read"),
        edited
    );
}

/// The pane of a tmux session, waited on until it shows `words` (or 20 seconds pass).
#[track_caller]
fn pane_showing(socket: &str, words: &str) -> String {
    let start = std::time::Instant::now();
    loop {
        let out = std::process::Command::new("tmux")
            .args(["-L", socket, "capture-pane", "-p", "-J", "-t", "walk"])
            .output()
            .expect("tmux capture-pane");
        let pane = String::from_utf8_lossy(&out.stdout).into_owned();
        if pane.contains(words) {
            return pane;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(20),
            "waited for {words:?}; the terminal shows:\n{pane}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

fn keys(socket: &str, text: &str) {
    let status = std::process::Command::new("tmux")
        .args(["-L", socket, "send-keys", "-t", "walk", text, "Enter"])
        .status()
        .expect("tmux send-keys");
    assert!(status.success());
}

/// `bearing checkin` alone, on a real terminal (tmux): the stale key results of one
/// owner one by one; a value that is not a number is asked again, Enter skips, `q`
/// stops; the one answer is written as `checkin KR VALUE` writes it. Without a
/// terminal, it asks for a key result and a value instead of waiting for input.
#[test]
fn checkin_alone_walks_the_stale_key_results_in_a_terminal() {
    let plan = example();
    plan.run(&["checkin"])
        .expect_code(2)
        .expect_mentions(&["give a key result and its value", "--owner"]);

    let tmux = std::process::Command::new("tmux").arg("-V").output();
    assert!(
        tmux.is_ok_and(|o| o.status.success()),
        "this test needs tmux: `apt-get install tmux` (`bash .ci/run` installs it)"
    );
    let socket = format!("bearing-test-{}", std::process::id());
    let file = plan.path().join("plans/okrs/2026-h2.yaml");
    let before = std::fs::read_to_string(&file).expect("read");
    let command = format!(
        "'{}' checkin --owner crm-lead; echo EXIT=$?; sleep 30",
        crate::support::BIN
    );
    let started = std::process::Command::new("tmux")
        .args([
            "-L",
            &socket,
            "new-session",
            "-d",
            "-s",
            "walk",
            "-x",
            "160",
            "-y",
            "50",
        ])
        .arg("-c")
        .arg(plan.path())
        .arg(&command)
        .status()
        .expect("tmux new-session");
    assert!(started.success());

    let pane = pane_showing(&socket, "value:");
    assert!(
        pane.contains("owned by crm-lead are stale") && pane.contains("[1/3] KR-repeat"),
        "{pane}"
    );
    keys(&socket, "abc");
    pane_showing(&socket, "`abc` is not a number");
    keys(&socket, "27.5");
    pane_showing(&socket, "checked in `KR-repeat`: 27.5");
    keys(&socket, "");
    pane_showing(&socket, "[3/3]");
    keys(&socket, "q");
    let pane = pane_showing(&socket, "EXIT=0");
    assert!(pane.contains("1 key result checked in."), "{pane}");
    let _ = std::process::Command::new("tmux")
        .args(["-L", &socket, "kill-server"])
        .status();

    let after = std::fs::read_to_string(&file).expect("read");
    let added = added_lines(&before, &after);
    assert_eq!(added.len(), 1, "{added:#?}");
    assert!(
        added[0].contains("value: 27.5"),
        "the check-in line: {added:#?}"
    );
}

/// The weekly summary says who has a check-in to make: `check --format markdown` on the
/// plan as it is lists the stale key results by owner (the key result's, else its
/// objective's), with a mention that pings no one; on a change (`--base`) it does not,
/// as it would repeat on every pull request.
#[test]
fn the_markdown_summary_lists_stale_key_results_by_owner() {
    let plan = Plan::new();
    plan.run(&["init", "--example", "acme"]).expect_code(0);
    let acme = plan.path().join("acme");
    let run = crate::support::bearing(
        &["check", "--format", "markdown", "--as-of", "2026-12-06"],
        &acme,
    );
    let section = run
        .stdout
        .split("#### Stale key results by owner (9)")
        .nth(1)
        .unwrap_or_else(|| panic!("no section:\n{}", run.stdout));
    assert!(
        section.contains(
            "- **@\u{2060}crm-lead**: `KR-repeat` (last check-in 2026-09-28), `KR-churn` (last check-in 2026-09-28), `KR-email-rev` (last check-in 2026-09-30)\n"
        ),
        "{section}"
    );
    assert!(section.contains("- **@\u{2060}cx-lead**: `KR-nps` (last check-in 2026-09-15)\n"));
    let change = crate::support::bearing(
        &[
            "check",
            "--format",
            "markdown",
            "--as-of",
            "2026-12-06",
            "--base",
            "HEAD~1",
        ],
        &acme,
    );
    assert!(
        !change.stdout.contains("Stale key results"),
        "{}",
        change.stdout
    );
}
