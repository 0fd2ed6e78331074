//! docs/threat-model.md against the real binary: every plan byte is hostile. Each case builds
//! its input in a temporary folder and runs bearing under a time bound and, where
//! prlimit exists, `prlimit --as=256MiB` (as every run of the binary in the tests).

use std::time::Duration;

use crate::support::{
    AS_OF, Bounds, CLEAN_PLAN, DEFAULT_TIMEOUT, Plan, Run, bearing_with, expect_position, findings,
    line_of, prlimit_available,
};

/// docs/threat-model.md asks for "within 1 s" on the YAML bombs; a debug build gets a margin.
const BOMB_TIME: Duration = Duration::from_secs(2);

/// `bearing check --as-of 2026-10-01` (human output) under the hostile bounds.
fn check_human(plan: &Plan) -> Run {
    plan.run_hostile(&["check", "--as-of", AS_OF])
}

/// `bearing check --as-of 2026-10-01 --format json` under the hostile bounds.
fn check_json_hostile(plan: &Plan) -> (Run, serde_json::Value) {
    let run = plan.run_hostile(&["check", "--as-of", AS_OF, "--format", "json"]);
    let json = run.json();
    (run, json)
}

/// An input problem: exit 2, and no crash (a signal or a panic).
#[track_caller]
fn expect_input_error(run: &Run) {
    assert!(!run.stderr.contains("panicked"), "bearing panicked\n{run}");
    run.expect_code(2);
}

/// The JSON findings of `rule` in `file`.
fn of_rule(json: &serde_json::Value, rule: &str, file: &str) -> Vec<serde_json::Value> {
    findings(json)
        .into_iter()
        .filter(|f| f["rule"] == rule && f["file"] == file)
        .collect()
}

// ---------------------------------------------------------------- YAML (Y)

fn billion_laughs() -> String {
    let lol = ["\"lol\""; 9].join(", ");
    let mut text = format!("a: &a [{lol}]\n");
    let mut prev = 'a';
    for name in 'b'..='i' {
        let refs = vec![format!("*{prev}"); 9].join(", ");
        text.push_str(&format!("{name}: &{name} [{refs}]\n"));
        prev = name;
    }
    text
}

#[test]
fn y1_billion_laughs_is_refused_by_the_alias_budget() {
    let text = billion_laughs();
    assert!((400..=460).contains(&text.len()), "{} bytes", text.len());
    let plan = Plan::new();
    plan.plan("bomb.yaml", &text).plan("clean.yaml", CLEAN_PLAN);
    let run = check_human(&plan);
    expect_input_error(&run);
    run.expect_faster_than(BOMB_TIME)
        .expect_mentions(&["alias budget"]);
    expect_position(&run, "plans/bomb.yaml", None);
}

#[test]
fn y2_one_anchor_reused_ten_thousand_times_is_refused() {
    let mut text = String::from("base: &x {a: 1}\nlist:\n");
    for _ in 0..10_000 {
        text.push_str("- *x\n");
    }
    let plan = Plan::new();
    plan.plan("bomb.yaml", &text);
    let run = check_human(&plan);
    expect_input_error(&run);
    run.expect_faster_than(BOMB_TIME)
        .expect_mentions(&["alias budget"]);
    expect_position(&run, "plans/bomb.yaml", None);
}

#[test]
fn y3_ten_megabytes_of_brackets_are_refused_before_parsing() {
    let plan = Plan::new();
    plan.plan("brackets.yaml", "[".repeat(10 * 1024 * 1024));
    let run = check_human(&plan);
    expect_input_error(&run);
    run.expect_faster_than(BOMB_TIME)
        .expect_mentions(&["plans/brackets.yaml", "exceeds the 1 MiB limit"]);
}

#[test]
fn y3_a_thousand_brackets_are_a_depth_error_on_line_1() {
    let plan = Plan::new();
    plan.plan("brackets.yaml", "[".repeat(1_000));
    let run = check_human(&plan);
    expect_input_error(&run);
    run.expect_faster_than(BOMB_TIME)
        .expect_mentions(&["nesting"]);
    expect_position(&run, "plans/brackets.yaml", Some(1));
}

#[test]
fn y4_a_hundred_thousand_dashes_on_one_line_are_a_depth_error() {
    let plan = Plan::new();
    // Several files, so that the parse runs on worker threads too.
    for i in 0..4 {
        plan.plan(&format!("dashes-{i}.yaml"), "- ".repeat(100_000));
    }
    plan.plan("clean.yaml", CLEAN_PLAN);
    let run = check_human(&plan);
    expect_input_error(&run);
    run.expect_faster_than(BOMB_TIME)
        .expect_mentions(&["nesting"]);
    for i in 0..4 {
        expect_position(&run, &format!("plans/dashes-{i}.yaml"), Some(1));
    }
}

/// A clean plan padded with comments to `bytes`.
fn padded_plan(bytes: usize) -> String {
    let mut text = String::from(CLEAN_PLAN);
    let line = "# padding padding padding padding padding padding padding padding padding\n";
    while text.len() < bytes {
        text.push_str(line);
    }
    text
}

#[test]
fn y5_a_two_megabyte_file_exceeds_the_default_limit() {
    let plan = Plan::new();
    plan.plan("big.yaml", padded_plan(2 * 1024 * 1024));
    let run = check_human(&plan);
    expect_input_error(&run);
    run.expect_mentions(&["plans/big.yaml", "exceeds the 1 MiB limit"]);
}

#[test]
fn y5_the_file_size_limit_is_configurable() {
    let plan = Plan::new();
    plan.config("limits: {max-file-bytes: 4194304}\n")
        .plan("big.yaml", padded_plan(2 * 1024 * 1024));
    let (run, json) = check_json_hostile(&plan);
    run.expect_code(0);
    assert!(findings(&json).is_empty(), "{run}");
    assert_eq!(json["summary"]["files"], 1, "{run}");
    assert_eq!(
        json["summary"]["goals"], 1,
        "the big file was not read\n{run}"
    );
}

/// Nine plan files of 1 MiB go past the default total of 8 MiB (issue 20: the default
/// is what a check fits in 256 MiB of memory); the ninth is not read, and one finding
/// says so, with how to read it.
#[test]
fn y5_nine_megabytes_exceed_the_default_total_limit() {
    let plan = Plan::new();
    plan.config("limits: {max-file-bytes: 2097152}\n");
    for i in 1..=9 {
        plan.plan(&format!("part-{i}.yaml"), padded_plan(1024 * 1024 - 4096));
    }
    let run = check_human(&plan);
    expect_input_error(&run);
    run.expect_mentions(&[
        "plans/part-9.yaml",
        "exceed the 8 MiB total limit",
        "raise `limits.max-total-bytes`",
    ]);
}

/// Every file past the total limit is left unread, and one finding counts them: one
/// mistake in `bearing.yaml` is not a finding per file (it was 1,974 on a plan of twice
/// the benchmark's size).
#[test]
fn y5_files_past_the_total_limit_are_one_finding() {
    let plan = Plan::new();
    plan.config("limits: {max-total-bytes: 1000}\n");
    for i in 0..20 {
        plan.plan(
            &format!("g-{i:02}.yaml"),
            format!(
                "kind: Goal\nid: G-{i:02}\ntitle: Goal {i}\nowner: x\n{}",
                "# padding to make each file about 400 bytes long\n".repeat(7)
            ),
        );
    }
    let (run, json) = check_json_hostile(&plan);
    run.expect_code(2);
    let over: Vec<_> = findings(&json)
        .into_iter()
        .filter(|f| f["rule"] == "input")
        .collect();
    assert_eq!(over.len(), 1, "{run}");
    assert_eq!(over[0]["file"], "plans/g-02.yaml", "{run}");
    let message = over[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("this file and the 17 files after it were not read"),
        "{message}"
    );
    assert_eq!(json["summary"]["goals"], 2, "{run}");
}

#[test]
fn y6_a_duplicate_key_is_reported_at_its_second_occurrence() {
    // A key written twice is a mistake people make: the file is read with the first,
    // the second is reported where it is (issue 14), and the check fails.
    let text = "kind: Goal\nid: G-a\ntitle: first\nunit: \"%\"\ntitle: second\n";
    let plan = Plan::new();
    plan.plan("dup.yaml", text);
    let run = check_human(&plan);
    assert!(!run.stderr.contains("panicked"), "bearing panicked\n{run}");
    run.expect_code(1);
    run.expect_mentions(&["`title` is written twice", "line 3 or line 5"]);
    expect_position(&run, "plans/dup.yaml", Some(5));
}

#[test]
fn y7_a_merge_key_is_rejected() {
    let text =
        "kind: Goal\nid: G-a\ntitle: t\nbudget: &b {planned: 1}\nother:\n  <<: *b\n  spent: 2\n";
    let plan = Plan::new();
    plan.plan("merge.yaml", text);
    let run = check_human(&plan);
    expect_input_error(&run);
    assert!(
        run.all().to_lowercase().contains("merge"),
        "no mention of the merge key\n{run}"
    );
    expect_position(&run, "plans/merge.yaml", Some(6));
}

#[test]
fn y8_invalid_utf8_nul_and_utf16_are_named_errors() {
    let cases: [(&str, Vec<u8>, &str); 3] = [
        (
            "latin1.yaml",
            b"kind: Goal\nid: G-a\ntitle: caf\xe9\n".to_vec(),
            "UTF-8",
        ),
        (
            "nul.yaml",
            b"kind: Goal\nid: G-a\ntitle: a\0b\n".to_vec(),
            "NUL",
        ),
        (
            "utf16.yaml",
            {
                let mut bytes = vec![0xFF, 0xFE];
                for unit in "kind: Goal\nid: G-a\ntitle: t\n".encode_utf16() {
                    bytes.extend_from_slice(&unit.to_le_bytes());
                }
                bytes
            },
            "UTF-16",
        ),
    ];
    for (name, bytes, word) in cases {
        let plan = Plan::new();
        plan.plan(name, bytes).plan("clean.yaml", CLEAN_PLAN);
        let run = check_human(&plan);
        expect_input_error(&run);
        run.expect_mentions(&[&format!("plans/{name}"), word]);
        // Not truncated: the valid prefix does not enter the plan as a goal.
        let (json_run, json) = check_json_hostile(&plan);
        assert_eq!(
            json["summary"]["goals"], 1,
            "{name}: a partial document was kept\n{json_run}"
        );
        if name != "utf16.yaml" {
            // The bad byte is on line 3: in JSON and in the human diagnostic alike.
            assert_eq!(
                of_rule(&json, "input", &format!("plans/{name}"))[0]["line"],
                3,
                "{json_run}"
            );
            expect_position(&run, &format!("plans/{name}"), Some(3));
        }
    }
}

#[test]
fn y9_unsupported_tags_are_refused_with_their_line() {
    for (name, tagged) in [
        ("custom.yaml", "title: !custom x"),
        ("python.yaml", "title: !!python/object:os.system x"),
        ("binary.yaml", "title: !!binary aGVsbG8="),
    ] {
        let plan = Plan::new();
        plan.plan(name, format!("kind: Goal\nid: G-a\n{tagged}\n"));
        let run = check_human(&plan);
        expect_input_error(&run);
        run.expect_mentions(&["unsupported tag"]);
        expect_position(&run, &format!("plans/{name}"), Some(3));
    }
}

#[test]
fn y10_yes_and_no_are_never_booleans() {
    let text = format!(
        "{CLEAN_PLAN}---\nkind: Project\nid: P-no\ntitle: t\nstatus: no\ncontributes_to: [KR-repeat]\ndue: 2026-11-30\n"
    );
    let plan = Plan::new();
    plan.plan("yes-no.yaml", &text);
    let (run, json) = check_json_hostile(&plan);
    run.expect_code(1);
    let schema = of_rule(&json, "schema", "plans/yes-no.yaml");
    assert_eq!(schema.len(), 1, "{run}");
    let message = schema[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("`no`") && !message.contains("false"),
        "{message}"
    );
    assert_eq!(schema[0]["line"], line_of(&text, "status: no"), "{run}");
}

#[test]
fn y11_documents_empty_files_and_bare_separators() {
    let two_bad = "kind: Goal\nid: G-x\n---\nkind: Goal\nid: G-y\n";
    let plan = Plan::new();
    plan.plan("clean.yaml", CLEAN_PLAN)
        .plan("empty.yaml", "")
        .plan("dashes.yaml", "---\n")
        .plan("comments.yaml", "# nothing yet\n---\n# still nothing\n");
    let (run, json) = check_json_hostile(&plan);
    run.expect_code(0);
    assert!(findings(&json).is_empty(), "{run}");
    assert_eq!(json["summary"]["files"], 4, "{run}");
    assert_eq!(
        json["summary"]["documents"], 3,
        "empty documents count for nothing\n{run}"
    );

    // Every document of a file is checked.
    plan.plan("two.yaml", two_bad);
    let (run, json) = check_json_hostile(&plan);
    run.expect_code(1);
    let lines: Vec<_> = of_rule(&json, "schema", "plans/two.yaml")
        .iter()
        .map(|f| f["line"].clone())
        .collect();
    assert_eq!(lines.len(), 2, "both documents miss a title\n{run}");
}

#[test]
fn y12_a_nested_schema_error_points_at_its_node() {
    let text = "kind: Goal\nid: G-retention\ntitle: t\nunit: \"%\"\nbaseline: 60\ntarget: 69\ncurrent: 62\n---\nkind: Objective\nid: O-a\ntitle: t\nsupports: [G-retention]\nperiod: 2026-H2\nkey_results:\n  - id: KR-a\n    title: t\n    baseline: 1\n    target: 2\n    current: 1.5\n    checkins:\n      - {date: 2026-09-20, value: 1.5}\n      - date: 2026-09-25\n        value: lots\n";
    let plan = Plan::new();
    plan.plan("nested.yaml", text);
    let (run, json) = check_json_hostile(&plan);
    run.expect_code(1);
    let schema = of_rule(&json, "schema", "plans/nested.yaml");
    assert_eq!(schema.len(), 1, "{run}");
    // The value is underlined: it is what to change.
    let line = line_of(text, "value: lots");
    assert_eq!(
        (schema[0]["line"].clone(), schema[0]["column"].clone()),
        (line.into(), 16.into()),
        "{run}"
    );
    let human = check_human(&plan);
    human.expect_code(1);
    expect_position(&human, "plans/nested.yaml", Some(line));
}

// ---------------------------------------------------------------- Paths (P)

#[test]
fn p1_hostile_ids_are_findings_with_their_line() {
    let long = format!("G{}", "x".repeat(299));
    let ids = [
        "../x",
        "/abs",
        "a/b",
        "..",
        "CON",
        long.as_str(),
        "a\\0b",
        "Goal-1",
        "goal-1",
    ];
    let mut text = String::new();
    let mut lines = Vec::new();
    for id in ids {
        if !text.is_empty() {
            text.push_str("---\n");
        }
        text.push_str("kind: Goal\n");
        lines.push((id, u32::try_from(text.lines().count() + 1).expect("small")));
        text.push_str(&format!("id: \"{id}\"\ntitle: t\n"));
    }
    let plan = Plan::new();
    plan.plan("ids.yaml", &text);
    let (run, json) = check_json_hostile(&plan);
    run.expect_code(1);
    let flagged: Vec<(String, u64)> = findings(&json)
        .iter()
        .filter(|f| {
            (f["rule"] == "schema" || f["rule"] == "duplicate-id") && f["file"] == "plans/ids.yaml"
        })
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().to_owned(),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let missing: Vec<String> = lines
        .iter()
        .filter(|(id, _)| *id != "Goal-1") // the first of the pair is the original
        .filter(|(_, line)| !flagged.iter().any(|(_, l)| *l == u64::from(*line)))
        .map(|(id, line)| {
            format!(
                "{:.20}{} (line {line})",
                id,
                if id.len() > 20 { "…" } else { "" }
            )
        })
        .collect();
    assert!(
        missing.is_empty(),
        "ids accepted without a finding: {missing:?}\n{run}"
    );
}

#[test]
fn p4_a_symlinked_plan_file_is_refused_and_never_read() {
    let plan = Plan::new();
    plan.plan("clean.yaml", CLEAN_PLAN);
    std::os::unix::fs::symlink("/etc/passwd", plan.path().join("plans/leak.yaml"))
        .expect("symlink");
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    for format in ["human", "json", "github", "sarif"] {
        let run = plan.run_hostile(&["check", "--as-of", AS_OF, "--format", format]);
        expect_input_error(&run);
        run.expect_mentions(&["plans/leak.yaml", "symlinks are not allowed"]);
        let all = run.all();
        for line in passwd.lines().filter(|l| l.len() > 4) {
            assert!(
                !all.contains(line),
                "{format}: /etc/passwd content in the output: {line}\n{run}"
            );
        }
    }
}

/// Secret text outside the plan repository, for the cases that must never read it.
const SECRET: &str = "kind: Goal\nid: G-secret\ntitle: SECRET-CONTENT-outside-the-repository\n";

/// No output of `run` holds the secret.
#[track_caller]
fn expect_secret_unread(run: &Run) {
    assert!(
        !run.all().contains("SECRET-CONTENT"),
        "content from outside the repository in the output\n{run}"
    );
}

/// `plans:` and `report.templates` stay inside the repository (issue 20): an absolute
/// path or `..` is a configuration error at its line, and nothing there is read.
#[test]
fn p7_folders_outside_the_repository_are_refused_at_their_line() {
    let outside = tempfile::tempdir().expect("temporary folder");
    std::fs::write(outside.path().join("secret.yaml"), SECRET).expect("write");
    let absolute = outside.path().display().to_string();
    let cases = [
        (
            format!("plans: [plans, {absolute}]\n"),
            "is an absolute path",
            1,
        ),
        (
            "plans:\n  - plans\n  - ../../../../../../tmp\n".to_owned(),
            "goes up with `..`",
            3,
        ),
        (
            "plans: [plans/../../elsewhere]\n".to_owned(),
            "goes up with `..`",
            1,
        ),
        (
            format!("report:\n  templates: {absolute}\n"),
            "is an absolute path",
            2,
        ),
        (
            "plans: [plans]\nreport:\n  templates: C:\\\\Windows\n".to_owned(),
            "names a drive",
            3,
        ),
    ];
    for (config, why, line) in cases {
        let plan = Plan::new();
        plan.plan("clean.yaml", CLEAN_PLAN).config(&config);
        for command in [
            &["check", "--as-of", AS_OF][..],
            &["report", "--as-of", AS_OF, "--format", "markdown"][..],
        ] {
            let run = plan.run_hostile(command);
            expect_input_error(&run);
            run.expect_mentions(&[
                why,
                &format!("bearing.yaml:{line}:"),
                "stay inside the repository",
            ]);
            expect_secret_unread(&run);
        }
    }
}

/// A `bearing.yaml` that is a link is refused without being read, and never quoted.
#[test]
fn p8_a_symlinked_configuration_is_refused_unread() {
    let outside = tempfile::tempdir().expect("temporary folder");
    let secret = outside.path().join("secret.yaml");
    std::fs::write(&secret, format!("# {SECRET}")).expect("write");
    let plan = Plan::new();
    plan.plan("clean.yaml", CLEAN_PLAN);
    std::os::unix::fs::symlink(&secret, plan.path().join("bearing.yaml")).expect("symlink");
    let run = plan.run_hostile(&["check", "--as-of", AS_OF]);
    expect_input_error(&run);
    run.expect_mentions(&["bearing.yaml", "is a symlink", "regular file"]);
    expect_secret_unread(&run);
}

/// `bearing.yaml` is read under its own budget: 64 KiB.
#[test]
fn p8_an_oversized_configuration_is_refused() {
    let plan = Plan::new();
    plan.plan("clean.yaml", CLEAN_PLAN)
        .config(&format!("plans: [plans]\n# {}\n", "x".repeat(100 * 1024)));
    let run = plan.run_hostile(&["check", "--as-of", AS_OF]);
    expect_input_error(&run);
    run.expect_mentions(&["bearing.yaml", "larger than 64 KiB"]);
    assert!(run.all().len() < 2000, "the file was quoted\n{run}");
}

/// A plan folder reached through a link further up is refused as a whole.
#[test]
fn p9_a_link_on_the_way_to_a_plan_folder_is_refused() {
    let outside = tempfile::tempdir().expect("temporary folder");
    std::fs::create_dir_all(outside.path().join("plans")).expect("folder");
    std::fs::write(outside.path().join("plans/secret.yaml"), SECRET).expect("write");
    let plan = Plan::new();
    plan.plan("clean.yaml", CLEAN_PLAN)
        .config("plans: [plans, shared/plans]\n");
    std::os::unix::fs::symlink(outside.path(), plan.path().join("shared")).expect("symlink");
    let run = plan.run_hostile(&["check", "--as-of", AS_OF]);
    expect_input_error(&run);
    run.expect_mentions(&["`shared` on the way to it is a symlink"]);
    expect_secret_unread(&run);
}

/// A templates folder named in bearing.yaml and reached through a link further up is
/// refused, its templates unread; named on the command line, it is the user's own.
#[test]
fn p9_a_link_on_the_way_to_a_templates_folder_is_refused() {
    let outside = tempfile::tempdir().expect("temporary folder");
    std::fs::create_dir_all(outside.path().join("tpl")).expect("folder");
    std::fs::write(outside.path().join("tpl/report.md.j2"), SECRET).expect("write");
    let plan = Plan::new();
    plan.plan("clean.yaml", CLEAN_PLAN)
        .config("plans: [plans]\nreport:\n  templates: shared/tpl\n");
    std::os::unix::fs::symlink(outside.path(), plan.path().join("shared")).expect("symlink");
    let run = plan.run_hostile(&["report", "--as-of", AS_OF, "--format", "markdown"]);
    run.expect_code(2)
        .expect_mentions(&["`shared` on the way to it is a symlink"]);
    expect_secret_unread(&run);
    let run = plan.run(&[
        "report",
        "--as-of",
        AS_OF,
        "--format",
        "markdown",
        "--templates",
        "shared/tpl",
    ]);
    run.expect_code(0);
}

/// A hostile-length line never floods the terminal (issue 20): the snippet shows a cut of
/// it with the span, or, when the span lies far into the line, says where it is.
#[test]
fn a_snippet_of_a_300_kb_line_is_cut() {
    let long = "x".repeat(300_000);
    for (text, expected) in [
        (
            format!("kind: Goal\nid: G-a\ntitle: t\nstatus: bogus{long}\n"),
            "plans/g.yaml:4:9",
        ),
        (
            format!("{{kind: Goal, id: G-a, title: t, description: {long}, status: bogus}}\n"),
            "the line is too long to show",
        ),
    ] {
        let plan = Plan::new();
        plan.plan("g.yaml", &text);
        let run = plan.run_hostile(&["check", "--as-of", AS_OF]);
        run.expect_code(1).expect_mentions(&[expected]);
        assert!(
            run.all().len() < 8_000,
            "{} bytes of output",
            run.all().len()
        );
    }
}

/// No configuration lifts a budget past the binary's ceiling (issue 20): the schema
/// holds the maxima, so the value is a mistake at its line.
#[test]
fn l1_limits_cannot_be_lifted_past_their_ceilings() {
    for (config, line) in [
        ("limits:\n  max-aliases: 1000000000000\n", 2),
        ("limits:\n  max-file-bytes: 100000000\n", 2),
        (
            "plans: [plans]\nlimits:\n  max-total-bytes: 1073741824\n",
            3,
        ),
        ("limits:\n  max-depth: 100000\n", 2),
    ] {
        let plan = Plan::new();
        plan.plan("clean.yaml", CLEAN_PLAN).config(config);
        let run = plan.run_hostile(&["check", "--as-of", AS_OF]);
        expect_input_error(&run);
        run.expect_mentions(&[&format!("bearing.yaml:{line}:")]);
    }
    // At the ceiling, the alias bomb is still refused by the budget.
    let plan = Plan::new();
    plan.plan("bomb.yaml", billion_laughs())
        .plan("clean.yaml", CLEAN_PLAN)
        .config("limits:\n  max-aliases: 10000\n");
    let run = plan.run_hostile(&["check", "--as-of", AS_OF]);
    expect_input_error(&run);
    run.expect_mentions(&["bomb.yaml"]);
}

/// Memory that runs out is said to have run out, with the limit that was reached, and
/// bearing exits with status 2 (issue 20: it aborted with "memory allocation of N bytes
/// failed" and a core dump). Six megabytes of one-character list items, inside the
/// file ceiling, need far more than 160 MiB of address space.
#[test]
fn m1_running_out_of_memory_is_an_error_that_names_the_limit() {
    assert!(
        prlimit_available(),
        "this test caps memory with prlimit (util-linux)"
    );
    let items = vec!["1"; 3_000_000].join(",");
    let plan = Plan::new();
    plan.plan(
        "wide.yaml",
        format!("goals:\n  - id: G-wide\n    title: Wide\n    owner: x\n    tags: [{items}]\n"),
    )
    .config("limits:\n  max-file-bytes: 16777216\n");
    let cap = 160 * 1024 * 1024;
    let bounds = Bounds {
        timeout: DEFAULT_TIMEOUT,
        memory: Some(cap),
    };
    let run = bearing_with(&["check", "--as-of", AS_OF], plan.path(), bounds);
    run.expect_code(2).expect_mentions(&[
        "bearing ran out of memory",
        "may use at most 160 MiB of address space",
        "help: raise that limit",
    ]);
    assert!(!run.stderr.contains("panicked"), "{run}");
    assert!(!run.stderr.contains("memory allocation of"), "{run}");
}

/// A submodule's work tree under a plan folder is another repository: said once, and
/// none of its files read (issue 20: it was said "not read", yet its files were read).
#[test]
fn p10_a_submodule_work_tree_is_named_and_never_read() {
    let plan = Plan::new();
    plan.plan("clean.yaml", CLEAN_PLAN)
        .file("plans/vendor/.git", "gitdir: ../../.git/modules/vendor\n")
        .file("plans/vendor/secret.yaml", SECRET)
        .file("plans/vendor/deeper/more.yaml", SECRET);
    let (run, json) = plan.check_json(&[]);
    run.expect_code(2)
        .expect_mentions(&["plans/vendor/.git", "submodule"]);
    expect_secret_unread(&run);
    assert!(
        findings(&json)
            .iter()
            .all(|f| !f["file"].as_str().unwrap_or("").contains("secret")
                && !f["file"].as_str().unwrap_or("").contains("more")),
        "a file of the submodule was read\n{run}"
    );
    assert_eq!(json["summary"]["files"], 2, "{run}");
}

/// A template overridden in the repository renders under an instruction budget: loops
/// of a hundred million steps end in a clear error, never in all the memory there is.
#[test]
fn t1_an_overridden_template_cannot_loop_without_end() {
    let loops =
        "{% for i in range(10000) %}{% for j in range(10000) %}xxxxxxxxxx{% endfor %}{% endfor %}";
    let plan = Plan::new();
    plan.plan("clean.yaml", CLEAN_PLAN)
        .config("plans: [plans]\nreport:\n  templates: tpl\n")
        .file("tpl/report.md.j2", loops)
        .file("tpl/project.html.j2", loops);
    for args in [
        &["report", "--as-of", AS_OF, "--format", "markdown"][..],
        &["report", "--as-of", AS_OF, "--out", "site"][..],
    ] {
        let run = plan.run_hostile(args);
        assert!(
            !run.stderr.contains("panicked") && !run.stderr.contains("memory allocation"),
            "{run}"
        );
        run.expect_code(2).expect_mentions(&["fuel"]);
    }
    // The index renders before the failing project pages would: yet nothing is written.
    assert!(
        !plan.path().join("site").exists(),
        "a failed site left pages"
    );
}

#[test]
fn p6_no_plan_files_is_an_error() {
    let plan = Plan::new();
    let run = plan.run(&["check"]);
    run.expect_code(2).expect_mentions(&["no plan files under"]);
    plan.dir("plans");
    let run = plan.run(&["check"]);
    run.expect_code(2)
        .expect_mentions(&["no plan files under", "plans/"]);
    plan.file("plans/README.md", "# not a plan\n");
    let run = plan.run(&["check", "--format", "json"]);
    run.expect_code(2).expect_mentions(&["no plan files under"]);
}

// ---------------------------------------------------------------- GitHub Action (A)

const WORKFLOW_COMMAND: &str = "::error file=README.md,line=1::pwned";

fn injection_plan() -> Plan {
    let text = format!(
        "{CLEAN_PLAN}---\nkind: Project\nid: P-inject\ntitle: \"{WORKFLOW_COMMAND}\"\ndescription: \"x\\n::error::pwned\"\nstatus: \"x\\n::error::pwned\"\ncontributes_to: [KR-repeat, \"{WORKFLOW_COMMAND}\", \"x\\n::error::pwned\\r\\n::warning::pwned\"]\n\"y\\n::error::pwned\": 1\ndue: 2026-11-30\n"
    );
    let plan = Plan::new();
    plan.plan("inject.yaml", text);
    plan
}

#[test]
fn a2_user_text_cannot_forge_workflow_commands() {
    let plan = injection_plan();
    let run = plan.run(&["check", "--as-of", AS_OF, "--format", "github"]);
    run.expect_code(1);
    let mut annotations = 0;
    for line in run.stdout.lines() {
        assert!(
            !line.starts_with("::error::pwned")
                && !line.starts_with("::warning::pwned")
                && !line.starts_with("::error file=README.md"),
            "forged workflow command: {line}\n{run}"
        );
        if line.starts_with("::") {
            let own = [
                "::error file=plans/inject.yaml,",
                "::warning file=plans/inject.yaml,",
                "::notice file=plans/inject.yaml,",
                "::notice title=bearing::",
            ];
            assert!(
                own.iter().any(|p| line.starts_with(p)),
                "a workflow command bearing did not write: {line}\n{run}"
            );
            annotations += 1;
        }
    }
    assert!(
        annotations >= 3,
        "the hostile values should give findings\n{run}"
    );
    for line in run.stderr.lines() {
        assert!(
            !line.starts_with("::"),
            "workflow command on stderr: {line}\n{run}"
        );
    }
}

/// `trace` prints titles in a tree: a title's line break must not start a line of its
/// own, or a plan could forge workflow commands in a CI log (issue 20).
#[test]
fn a2_trace_cannot_forge_workflow_commands_with_a_title() {
    let plan = Plan::new();
    plan.plan(
        "inject.yaml",
        format!(
            "{CLEAN_PLAN}---\nkind: Project\nid: P-inject\ntitle: \"x\\n::error::pwned\\r\\n::add-mask::secret\"\nstatus: active\ncontributes_to: [KR-repeat]\ndue: 2026-11-30\n"
        ),
    );
    for id in ["P-inject", "KR-repeat"] {
        let run = plan.run(&["trace", id, "--as-of", AS_OF]);
        run.expect_code(0);
        assert!(
            run.stdout
                .contains("P-inject  x\\n::error::pwned\\r\\n::add-mask::secret"),
            "the title should be shown on its line, escaped\n{run}"
        );
        for line in run.stdout.lines().chain(run.stderr.lines()) {
            assert!(
                !line.trim_start().starts_with("::"),
                "forged workflow command: {line}\n{run}"
            );
        }
    }
}

#[test]
fn a3_ansi_escapes_in_values_are_shown_escaped() {
    let plan = Plan::new();
    let text = format!(
        "{CLEAN_PLAN}---\nkind: Project\nid: P-ansi\ntitle: \"\\u001b[2J\\u001b]0;owned\\u0007\"\nstatus: \"\\u001b[31mred\"\ncontributes_to: [KR-repeat, \"\\u001b[31mKR-red\"]\ndue: 2026-11-30\n"
    );
    plan.plan("ansi.yaml", text);
    for format in ["human", "github"] {
        let run = plan.run(&["check", "--as-of", AS_OF, "--format", format]);
        run.expect_code(1);
        assert!(
            !run.stdout_bytes.contains(&0x1b) && !run.stderr_bytes.contains(&0x1b),
            "{format}: raw ESC in the output\n{run}"
        );
        assert!(
            run.stdout.contains("[31mred"),
            "{format}: the value is not shown at all\n{run}"
        );
    }
}

#[test]
fn a3_raw_control_bytes_in_the_file_never_reach_the_terminal() {
    // A raw ESC is not valid YAML: the file is refused, and the snippet that shows the
    // offending line must not replay the escape sequence.
    let plan = Plan::new();
    plan.plan(
        "raw.yaml",
        b"kind: Goal\nid: G-a\n# \x1b[2J\x1b[31mred\ntitle: t\n",
    );
    let run = check_human(&plan);
    expect_input_error(&run);
    assert!(
        !run.stdout_bytes.contains(&0x1b) && !run.stderr_bytes.contains(&0x1b),
        "raw ESC in the output\n{run}"
    );
    expect_position(&run, "plans/raw.yaml", Some(3));
}

#[test]
fn a5_github_annotations_are_capped_per_level_with_one_closing_notice() {
    let refs: Vec<String> = (1..=15).map(|i| format!("KR-missing-{i}")).collect();
    let text = format!(
        "{CLEAN_PLAN}---\nkind: Project\nid: P-many\ntitle: t\ncontributes_to: [KR-repeat, {}]\ndue: 2026-11-30\n",
        refs.join(", ")
    );
    let plan = Plan::new();
    plan.plan("many.yaml", text);
    let (_, json) = plan.check_json(&[]);
    let count = |level: &str| {
        findings(&json)
            .iter()
            .filter(|f| f["level"] == level)
            .count()
    };
    let (errors, warnings, infos) = (count("error"), count("warning"), count("info"));
    assert!(
        errors >= 15,
        "expected 15 unknown references, got {errors} errors"
    );
    let hidden = errors.saturating_sub(10) + warnings.saturating_sub(10) + infos.saturating_sub(10);

    let run = plan.run(&["check", "--as-of", AS_OF, "--format", "github"]);
    run.expect_code(1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    let shown = |prefix: &str| lines.iter().filter(|l| l.starts_with(prefix)).count();
    assert_eq!(shown("::error "), 10, "{run}");
    assert_eq!(shown("::warning "), warnings.min(10), "{run}");
    assert_eq!(shown("::notice file="), infos.min(10), "{run}");
    let closing: Vec<&&str> = lines
        .iter()
        .filter(|l| l.starts_with("::notice title=bearing::"))
        .collect();
    assert_eq!(closing.len(), 1, "{run}");
    assert!(
        closing[0].contains(&format!("{hidden} more")),
        "the notice should count {hidden}\n{run}"
    );
    // The most severe first.
    let first_warning = lines
        .iter()
        .position(|l| l.starts_with("::warning"))
        .unwrap_or(usize::MAX);
    let last_error = lines
        .iter()
        .rposition(|l| l.starts_with("::error"))
        .unwrap_or(0);
    assert!(
        last_error < first_warning,
        "an error after a warning\n{run}"
    );
}
