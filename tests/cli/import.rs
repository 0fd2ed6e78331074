//! `bearing import`: the documented traps of real exports (fixtures/import), the import
//! report, ids stable across re-imports, and the round trip import → check → report.

use std::path::Path;

use crate::support::{Plan, bearing, findings, repo_root};

fn fixture(name: &str) -> String {
    repo_root()
        .join("fixtures/import")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

#[test]
fn a_sheet_imports_with_every_trap_read_and_reported() {
    let plan = Plan::new();
    let into = plan.path().to_string_lossy().into_owned();
    let run = bearing(
        &[
            "import",
            "csv",
            &fixture("goals-sheet.csv"),
            "--into",
            &into,
        ],
        plan.path(),
    );
    run.expect_code(0).expect_mentions(&[
        // Every column bearing does not map is listed with its count.
        "Action: 9 entities",
        "Check-in Type: 5 entities",
        "Scope: 9 entities",
        "Tags: 3 entities",
        // Unreadable values are listed, not guessed.
        "period: 1 entity (e.g. \"Sprint 12\")",
        "start value: 1 entity (e.g. \"n/a\")",
        "status: 1 entity (e.g. \"Vibing\")",
        // A percentage where a value is expected is read as progress, and said.
        "current given as 40% of the way to the target: read as 54",
    ]);
    let q3 = read(plan.path(), "plans/q3-2026.yaml");
    let goal = read(plan.path(), "plans/fy2027.yaml");
    // Thousands separators.
    assert!(
        goal.contains("baseline: 10000000\ntarget: 14000000\ncurrent: 11200000\n"),
        "{goal}"
    );
    // Period names: `Q3 2026` and `2026 H2`.
    assert!(q3.contains("period: 2026-Q3\n"), "{q3}");
    assert!(read(plan.path(), "plans/2026-h2.yaml").contains("period: 2026-H2\n"));
    // Percentages as values where the key result is in percent.
    assert!(
        q3.contains("    unit: \"%\"\n    baseline: 18\n    target: 25\n    current: 21\n"),
        "{q3}"
    );
    // A decimal comma.
    assert!(read(plan.path(), "plans/2026-h2.yaml").contains("current: 5.5\n"));
    // Status words: kept as a note where bearing keeps less.
    assert!(
        q3.contains("# import: status in the export: At Risk\n"),
        "{q3}"
    );
    assert!(
        q3.contains("status: proposed\n"),
        "a project not started is proposed: {q3}"
    );
    // Unmapped fields are comments on their entity.
    assert!(
        q3.contains("  # import: Tags: sales\n  - id: KR-sign-40-mid-market-logos\n"),
        "{q3}"
    );
    // Ids from titles; a repeated title gets a suffix.
    assert!(q3.contains("id: KR-sign-40-mid-market-logos-2\n"), "{q3}");
    assert!(
        q3.contains("contributes_to: [KR-sign-40-mid-market-logos]\n"),
        "{q3}"
    );

    // Round trip: the plan checks with only the findings the data has.
    let (check, json) = plan.check_json(&["--no-history"]);
    check.expect_code(0);
    let rules: std::collections::BTreeSet<String> = findings(&json)
        .iter()
        .map(|f| f["rule"].as_str().unwrap_or_default().to_owned())
        .collect();
    let expected: std::collections::BTreeSet<String> = [
        "kr-off-track",
        "kr-without-projects",
        "overdue-project",
        // No stale-kr: without history, only check-in dates count (the import wrote no
        // check-in here), and the summary says so once.
        "unmeasurable-kr",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    assert_eq!(rules, expected, "{}", check.all());
    plan.run(&[
        "report",
        "--as-of",
        "2026-10-01",
        "--format",
        "markdown",
        "--no-history",
    ])
    .expect_code(0)
    .expect_mentions(&["Grow recurring revenue", "Win the mid-market"]);

    // Re-importing the same export changes nothing.
    bearing(
        &[
            "import",
            "csv",
            &fixture("goals-sheet.csv"),
            "--into",
            &into,
        ],
        plan.path(),
    )
    .expect_code(0)
    .expect_mentions(&["0 files written, 3 unchanged"]);
}

#[test]
fn xlsx_reads_as_the_same_sheet_and_a_column_map_renames_columns() {
    let csv = Plan::new();
    let xlsx = Plan::new();
    for (plan, format, file) in [
        (&csv, "csv", "goals-sheet.csv"),
        (&xlsx, "xlsx", "goals-sheet.xlsx"),
    ] {
        let into = plan.path().to_string_lossy().into_owned();
        bearing(
            &["import", format, &fixture(file), "--into", &into],
            plan.path(),
        )
        .expect_code(0);
    }
    for file in [
        "plans/q3-2026.yaml",
        "plans/fy2027.yaml",
        "plans/2026-h2.yaml",
    ] {
        assert_eq!(read(csv.path(), file), read(xlsx.path(), file), "{file}");
    }

    // Notion's template: only current and target (no baseline), other headers.
    let plan = Plan::new();
    plan.file(
        "notion.csv",
        "\u{feff}Name,Objective,Current Value,Target Value,Quarter\nMRR to 50k,Grow,\"41,200\",\"50,000\",Q4 2026\nGrow,,,,Q4 2026\n",
    );
    plan.file(
        "map.yaml",
        "columns:\n  parent: Objective\n  period: Quarter\nstart_zero_is_default: true\n",
    );
    plan.run(&["import", "csv", "notion.csv", "--map", "map.yaml"])
        .expect_code(0)
        .expect_mentions(&["the sheet has no start-value column"]);
    let text = read(plan.path(), "plans/q4-2026.yaml");
    assert!(text.contains("  - id: KR-mrr-to-50k\n"), "{text}");
    assert!(
        text.contains("target: 50000\n    current: 41200\n"),
        "{text}"
    );
    assert!(
        text.contains("# import: no start value in the export"),
        "{text}"
    );
    plan.run(&["import", "csv", "notion.csv", "--map", "map.yaml"])
        .expect_code(0);
    plan.file("bad-map.yaml", "columns:\n  headline: Name\n");
    plan.run(&["import", "csv", "notion.csv", "--map", "bad-map.yaml"])
        .expect_code(2)
        .expect_mentions(&["`headline` is not a field a column can fill"]);
}

#[test]
fn viva_goals_history_replays_check_ins_and_a_re_import_changes_nothing() {
    let plan = Plan::new();
    let into = plan.path().join("acme");
    let into_text = into.to_string_lossy().into_owned();
    let zip = fixture("viva-export.zip");
    bearing(
        &[
            "import",
            "viva-goals",
            &zip,
            "--into",
            &into_text,
            "--history",
        ],
        plan.path(),
    )
    .expect_code(0)
    .expect_mentions(&[
        "new repository",
        "5 commits",
        "Phased Targets: 1 entity",
        "check-in Status: 4 entities",
        "`Returning buyers`: the start value 0 is the export's default",
    ]);
    let growth = read(&into, "plans/growth.yaml");
    // Thousands separators in strings; the defaulted start value is no baseline.
    assert!(
        growth.contains("    baseline: 3100000\n    target: 4200000\n    current: 3637839\n"),
        "{growth}"
    );
    assert!(
        growth.contains("    unit: buyers\n    target: 12000\n"),
        "{growth}"
    );
    // The replayed check-ins, with their original dates and authors.
    let log = bearing(&["log", "KR-online-revenue-to-4-2m-a-quarter"], &into);
    log.expect_code(0).expect_mentions(&[
        "2026-07-31T12:00:00+00:00  Sam Okafor <sam.okafor@example.com>",
        "2026-08-31T12:00:00+00:00  Sam Okafor",
        "2026-09-28T12:00:00+00:00  Maya Chen <maya.chen@example.com>",
    ]);
    // Findings the data really has: Viva has no business goals, so objectives are
    // orphans (and the project through them); a KPI with Viva's default start of 0.
    let (check, json) = crate::support::check_json(&[], &into);
    check.expect_code(1);
    let rules: std::collections::BTreeSet<String> = findings(&json)
        .iter()
        .map(|f| f["rule"].as_str().unwrap_or_default().to_owned())
        .collect();
    let expected: std::collections::BTreeSet<String> = [
        "kr-off-track",
        "kr-without-projects",
        "orphan-objective",
        "orphan-project",
        "timeline-mismatch",
        "unmeasurable-kr",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    assert_eq!(rules, expected, "{}", check.all());
    bearing(
        &["report", "--as-of", "2026-10-01", "--format", "markdown"],
        &into,
    )
    .expect_code(0);
    // Re-import: nothing changes.
    let head = crate::support::git::git_in(&into, &["rev-parse", "HEAD"], "2026-01-01T00:00:00Z");
    bearing(
        &[
            "import",
            "viva-goals",
            &zip,
            "--into",
            &into_text,
            "--history",
        ],
        plan.path(),
    )
    .expect_code(0)
    .expect_mentions(&["unchanged"]);
    assert_eq!(
        crate::support::git::git_in(&into, &["rev-parse", "HEAD"], "2026-01-01T00:00:00Z"),
        head
    );
    assert_eq!(
        crate::support::git::git_in(&into, &["status", "--porcelain"], "2026-01-01T00:00:00Z"),
        ""
    );
}

#[test]
fn history_into_an_existing_repository_is_a_new_branch_and_leaves_work_alone() {
    let mut repo = crate::support::git::Repo::new();
    repo.write("README.md", "hello\n");
    repo.commit("start");
    repo.write("README.md", "uncommitted\n");
    let zip = fixture("viva-export.zip");
    repo.run(&["import", "viva-goals", &zip, "--into", "okrs", "--history"])
        .expect_code(0)
        .expect_mentions(&["on the new branch `bearing-import`"]);
    assert_eq!(read(repo.path(), "README.md"), "uncommitted\n");
    assert!(!repo.path().join("okrs/plans").exists());
    let files = repo.git(&["ls-tree", "-r", "--name-only", "bearing-import"]);
    assert!(files.contains("okrs/plans/growth.yaml"), "{files}");
    repo.run(&["import", "viva-goals", &zip, "--into", "okrs", "--history"])
        .expect_code(0)
        .expect_mentions(&["unchanged"]);
}

#[test]
fn tability_lists_import_with_their_traps_and_replay_their_check_ins() {
    let plan = Plan::new();
    let into = plan.path().join("acme");
    let into_text = into.to_string_lossy().into_owned();
    let export = fixture("tability-export.json");
    let import = || {
        bearing(
            &[
                "import",
                "tability",
                &export,
                "--into",
                &into_text,
                "--history",
            ],
            plan.path(),
        )
    };
    import().expect_code(0).expect_mentions(&[
        "new repository",
        // The plan before its check-ins, then one commit per check-in.
        "6 commits",
        // Fields bearing does not map, counted.
        "plan state: 2 entities",
        "plan reminders_period: 2 entities",
        "objective cached_tag_list: 1 entity",
        "objective ncs: 2 entities",
        "initiative closed_at: 1 entity",
        "initiative work_state: 1 entity (e.g. \"in_progress\")",
        // Readings that are interpretations, said.
        "`Reactivate 1,500 lapsed accounts`: the start value 0 is the export's default",
        "the check-in of 2026-09-01 given as 40% of the way to the target: read as 1.92",
        "check-in confidence colours read as red 0.2, yellow 0.5, green 0.8",
    ]);
    let growth = read(&into, "plans/growth-q3-2026.yaml");
    let platform = read(&into, "plans/platform-h2-2026.yaml");
    // The plan's dates are the period; what the plan had besides is a comment.
    assert!(
        growth.contains("period: {start: 2026-07-01, end: 2026-09-30}\n"),
        "{growth}"
    );
    assert!(
        platform.contains("period: {start: 2026-07-01, end: 2026-12-31}\n"),
        "{platform}"
    );
    assert!(
        growth.contains("# import: plan `Growth Q3 2026` state: published\n"),
        "{growth}"
    );
    // `_number_%` is the unit; a score of `24%` on a key result in percent is 24.
    assert!(
        growth.contains("    unit: \"%\"\n    baseline: 22\n    target: 30\n    current: 26.1\n"),
        "{growth}"
    );
    assert!(
        growth.contains(
            "      - {date: 2026-08-12, value: 24, confidence: 0.5, author: Ben Adeyemi}\n"
        ),
        "{growth}"
    );
    // Numbers as text; a `from` of 0 is no baseline.
    assert!(
        growth.contains("    unit: accounts\n    target: 1500\n    current: 1020\n"),
        "{growth}"
    );
    // A percentage on a key result in seconds is progress from `from` to `to`.
    assert!(
        platform.contains("    unit: s\n    baseline: 2.4\n    target: 1.2\n    current: 1.92\n"),
        "{platform}"
    );
    // State words: closed is done (its stale work state kept), backlog is proposed.
    assert!(
        growth.contains(
            "# import: status in the export: closed\n# import: work_state: in_progress\n"
        ),
        "{growth}"
    );
    assert!(growth.contains("status: done\n"), "{growth}");
    assert!(growth.contains("status: proposed\n"), "{growth}");
    assert!(
        platform.contains("status: active\ncontributes_to: [KR-p95-page-load-under-1-2-s]\n"),
        "{platform}"
    );

    // The replayed check-ins, on their dates, by their authors.
    bearing(&["log", "KR-repeat-purchase-rate-from-22-to-30"], &into)
        .expect_code(0)
        .expect_mentions(&[
            "2026-07-15T12:00:00+00:00  Ana Ruiz <ana.ruiz@example.com>",
            "2026-08-12T12:00:00+00:00  Ben Adeyemi <ben.adeyemi@example.com>",
            "2026-09-09T12:00:00+00:00  Ana Ruiz",
        ]);

    // Findings the data really has: Tability has no business goals above objectives (so
    // they and their projects are orphans), the accounts key result has no baseline and
    // its last check-in is two months old, and the repeat-purchase rate is behind.
    let (check, json) = crate::support::check_json(&[], &into);
    let rules = crate::support::rules_of(&json);
    let expected: std::collections::BTreeSet<String> = [
        "kr-off-track",
        "orphan-objective",
        "orphan-project",
        "stale-kr",
        "unmeasurable-kr",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    assert_eq!(rules, expected, "{}", check.all());
    let report = bearing(
        &["report", "--as-of", "2026-10-01", "--format", "json"],
        &into,
    );
    report.expect_code(0);
    let text = report.json().to_string();
    assert!(
        text.contains("KR-reactivate-1-500-lapsed-accounts"),
        "{text}"
    );

    // Re-import: nothing changes.
    let head = crate::support::git::git_in(&into, &["rev-parse", "HEAD"], "2026-01-01T00:00:00Z");
    import().expect_code(0).expect_mentions(&["unchanged"]);
    assert_eq!(
        crate::support::git::git_in(&into, &["rev-parse", "HEAD"], "2026-01-01T00:00:00Z"),
        head
    );
}

#[test]
fn tability_lists_saved_one_per_file_import_as_the_same_bytes_every_time() {
    let plan = Plan::new();
    // The same lists, saved as the API returns them: one response per file.
    let export: serde_json::Value = serde_json::from_str(&read(
        &repo_root().join("fixtures/import"),
        "tability-export.json",
    ))
    .expect("the fixture is JSON");
    for list in ["plans", "objectives", "outcomes", "checkins", "initiatives"] {
        plan.file(&format!("saved/{list}.json"), export[list].to_string());
    }
    plan.run(&["import", "tability", "saved", "--into", "from-folder"])
        .expect_code(0);
    let fixture_path = fixture("tability-export.json");
    plan.run(&["import", "tability", &fixture_path, "--into", "from-file"])
        .expect_code(0);
    plan.run(&["import", "tability", &fixture_path, "--into", "from-file"])
        .expect_code(0)
        .expect_mentions(&["0 files written, 2 unchanged"]);
    for file in [
        "bearing.yaml",
        "plans/growth-q3-2026.yaml",
        "plans/platform-h2-2026.yaml",
    ] {
        assert_eq!(
            read(&plan.path().join("from-folder"), file),
            read(&plan.path().join("from-file"), file),
            "{file}"
        );
    }
    // A list in a file that does not say what it lists is refused, not guessed.
    plan.file("saved/page-2.json", "[]");
    plan.run(&["import", "tability", "saved", "--into", "elsewhere"])
        .expect_code(2)
        .expect_mentions(&["`page-2.json` is a list of nothing it names"]);
}
