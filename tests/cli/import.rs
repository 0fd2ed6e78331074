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
        "stale-kr",
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
