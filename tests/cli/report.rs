//! `bearing report`: the Markdown, JSON and HTML of the worked example (snapshots),
//! hostile descriptions and titles (docs/threat-model.md H1–H8), the output folder (P2, P3,
//! P7, P8), the size of a pull-request comment (A5), history sections from a test-made
//! `Input`, and the site in headless Chromium when it is installed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use bearing::report::{self, Change, Commit, EditKind, Input, TrendPoint};
use scraper::{Html, Selector};

use crate::support::{
    AS_OF, Bounds, CLEAN_PLAN, Plan, bearing, bearing_with, repo_root, snapshot_settings,
};

fn example() -> PathBuf {
    repo_root().join("fixtures/example")
}

/// Writes the example's site into a new temporary folder.
fn example_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temporary directory");
    let out = tmp.path().join("site");
    let out_text = out.to_str().expect("utf-8 path");
    bearing(
        &[
            "report",
            "--no-history",
            "--as-of",
            AS_OF,
            "--out",
            out_text,
        ],
        &example(),
    )
    .expect_code(0)
    .expect_mentions(&["wrote", "index.html"]);
    (tmp, out)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every `.html` file of a site folder, sorted.
fn pages(out: &Path) -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(out)
        .expect("site folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    pages.sort();
    pages
}

// ---------------------------------------------------------------- snapshots

#[test]
fn the_markdown_of_the_worked_example_matches_its_snapshot() {
    let run = bearing(
        &[
            "report",
            "--no-history",
            "--format",
            "markdown",
            "--as-of",
            AS_OF,
        ],
        &example(),
    );
    run.expect_code(0);
    assert!(run.stdout.chars().count() <= report::markdown::COMMENT_BUDGET);
    snapshot_settings().bind(|| insta::assert_snapshot!("report__markdown_example", run.stdout));
}

#[test]
fn one_page_of_each_kind_matches_its_snapshot() {
    let (_tmp, out) = example_site();
    for (name, file) in [
        ("index", "index.html"),
        ("goal", "goal-G-retention.html"),
        ("objective", "objective-O-loyalty.html"),
        ("project", "project-P-loyalty-app.html"),
        ("changes", "changes.html"),
    ] {
        let html = read(&out.join(file));
        snapshot_settings().bind(|| insta::assert_snapshot!(format!("report__html_{name}"), html));
    }
}

#[test]
fn the_same_plan_gives_the_same_bytes() {
    let (_a, first) = example_site();
    let (_b, second) = example_site();
    let names = |dir: &Path| -> Vec<String> {
        let mut n: Vec<String> = std::fs::read_dir(dir)
            .expect("site")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        n.sort();
        n
    };
    assert_eq!(names(&first), names(&second));
    for name in names(&first) {
        assert_eq!(
            std::fs::read(first.join(&name)).expect("first"),
            std::fs::read(second.join(&name)).expect("second"),
            "{name} differs between two runs"
        );
    }
    for format in ["markdown", "json"] {
        let args = [
            "report",
            "--no-history",
            "--format",
            format,
            "--as-of",
            AS_OF,
        ];
        assert_eq!(
            bearing(&args, &example()).stdout_bytes,
            bearing(&args, &example()).stdout_bytes,
            "{format}"
        );
    }
}

#[test]
fn the_json_report_is_the_versioned_model() {
    let run = bearing(
        &[
            "report",
            "--no-history",
            "--format",
            "json",
            "--as-of",
            AS_OF,
        ],
        &example(),
    );
    run.expect_code(0);
    let json = run.json();
    assert_eq!(json["version"], 2);
    assert_eq!(json["title"], "Acme strategy");
    assert_eq!(json["as_of"], AS_OF);
    let h = &json["headline"];
    assert_eq!(h["alignment"]["weighting"], "budget");
    assert_eq!(h["alignment"]["aligned"], 10);
    assert_eq!(h["gate"]["passed"], true);
    assert_eq!(h["findings"]["errors"], 2);
    assert_eq!(h["counts"]["key_results"], 13);
    assert_eq!(json["goals"].as_array().map(Vec::len), Some(5));
    assert_eq!(json["projects"].as_array().map(Vec::len), Some(13));
    assert_eq!(json["at_risk"], serde_json::json!(["KR-returns"]));
    let orphans: Vec<&str> = json["orphans"]
        .as_array()
        .expect("orphans")
        .iter()
        .filter_map(|o| o["id"].as_str())
        .collect();
    assert_eq!(orphans, ["O-cx", "P-crm"]);
    let checkout = json["projects"]
        .as_array()
        .and_then(|p| p.iter().find(|p| p["id"] == "P-checkout"))
        .expect("P-checkout");
    // Done, on an objective closed with its key results met: that is impact.
    assert_eq!(checkout["outcome"], "delivered-with-impact");
    assert_eq!(json["changes"], serde_json::json!([]));
}

// ---------------------------------------------------------------- hostile input

/// Descriptions and titles that try every way into active content (docs/threat-model.md H1, H5).
const HOSTILE: &str = r#"kind: Goal
id: G-h
title: "\"><script>alert('title')</script>'"
unit: "%"
baseline: 0
target: 10
current: 1
description: |
  <script>alert(1)</script>
  <img src=x onerror=alert(2)>
  [a](javascript:alert(3)) [b](&#106;avascript:alert(4)) [c](vbscript:msgbox(5))
  [d](data:text/html;base64,PHNjcmlwdD5hbGVydCg2KTwvc2NyaXB0Pg==)
  <iframe src="https://evil.example/"></iframe>
  <style>body{display:none}</style>
  <object data="x.swf"></object><embed src="x.swf">
  <a href="javascript:alert(7)" onclick="alert(8)">x</a>
  <svg onload=alert(9)><a xlink:href="javascript:alert(10)">y</a></svg>
  <form action="javascript:alert(11)"><button formaction="javascript:alert(12)">z</button></form>
  <p style="background:url(javascript:alert(13))">s</p>
  <math><mtext><table><mglyph><style><img src=x onerror=alert(14)>
  ![img](https://evil.example/track.png)
  <meta http-equiv="refresh" content="0;url=javascript:alert(15)">
  <base href="https://evil.example/">
  <link rel="stylesheet" href="https://evil.example/x.css">
---
kind: Objective
id: O-h
title: "<iframe src=x>"
supports: [G-h]
period: 2026-H2
description: "<scr<script>ipt>alert(16)</script> [e](JaVaScRiPt:alert(17)) [f]( javascript:alert(18))"
key_results:
  - id: KR-h
    title: "`x` | y *z* <b>w</b>"
    baseline: 0
    target: 10
    current: 5
    description: "<details open ontoggle=alert(19)>d</details>"
---
kind: Project
id: P-h
title: "' onmouseover='alert(20)"
contributes_to: [KR-h]
outcome: "<script>alert(21)</script>"
description: "[g](java&#x09;script:alert(22)) <a href='&#0000106&#0000097vascript:alert(23)'>h</a>"
"#;

/// Whether a URL would run or load something: a script scheme or a data: URL, after
/// removing what browsers ignore (whitespace and control characters).
fn is_active_url(value: &str) -> bool {
    let squeezed: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| squeezed.starts_with(s))
}

/// Asserts on the parsed DOM of a page that nothing in it is active content.
fn assert_inert(page: &Path) {
    let html = Html::parse_document(&read(page));
    let all = Selector::parse("*").expect("selector");
    let name = page.display();
    for element in html.select(&all) {
        let el = element.value();
        let tag = el.name();
        assert!(
            !matches!(
                tag,
                "script"
                    | "iframe"
                    | "object"
                    | "embed"
                    | "style"
                    | "frame"
                    | "frameset"
                    | "applet"
                    | "base"
                    | "form"
                    | "img"
                    | "meta"
                    | "math"
            ) || (tag == "meta" && el.attr("http-equiv").is_none()),
            "{name}: a <{tag}> element"
        );
        if tag == "link" {
            assert_eq!(
                el.attr("href"),
                Some("style.css"),
                "{name}: a <link> element"
            );
        }
        for (attr, value) in el.attrs() {
            let attr = attr.to_ascii_lowercase();
            assert!(!attr.starts_with("on"), "{name}: <{tag} {attr}=…>");
            assert!(attr != "style", "{name}: <{tag} style=…>");
            if matches!(
                attr.as_str(),
                "href"
                    | "src"
                    | "action"
                    | "formaction"
                    | "xlink:href"
                    | "data"
                    | "cite"
                    | "background"
                    | "poster"
            ) {
                assert!(!is_active_url(value), "{name}: <{tag} {attr}={value:?}>");
                assert!(
                    !value.contains("evil.example") || tag == "a",
                    "{name}: <{tag} {attr}={value:?}> loads from elsewhere"
                );
            }
        }
    }
}

#[test]
fn hostile_descriptions_produce_no_active_content() {
    let plan = Plan::new();
    plan.plan("hostile.yaml", HOSTILE);
    let run = plan.run_hostile(&["report", "--as-of", AS_OF, "--out", "site"]);
    run.expect_code(0);
    let out = plan.path().join("site");
    let pages = pages(&out);
    assert!(pages.len() >= 5, "{pages:?}");
    for page in &pages {
        assert_inert(page);
    }
    // The hostile title is text, shown as written (H5).
    let goal = Html::parse_document(&read(&out.join("goal-G-h.html")));
    let h1 = Selector::parse("h1").expect("selector");
    let text: String = goal.select(&h1).flat_map(|h| h.text()).collect::<String>();
    assert!(
        text.contains("\"><script>alert('title')</script>'"),
        "{text}"
    );
}

#[test]
fn deep_and_huge_descriptions_become_notes() {
    // Free text has no cap but the file-size budget (issue 14): the report refuses to
    // render what is too deep or too large, and says so on the page.
    let plan = Plan::new();
    plan.plan("clean.yaml", CLEAN_PLAN).plan(
        "deep.yaml",
        format!(
            "kind: Goal\nid: G-deep\ntitle: deep\ndescription: \"{}\"\n---\nkind: Goal\nid: G-list\ntitle: list\ndescription: \"{}\"\n---\nkind: Goal\nid: G-huge\ntitle: huge\ndescription: \"{}\"\n",
            ">".repeat(19_999),
            "- ".repeat(9_999),
            "\u{1F600}".repeat(20_000)
        ),
    );
    plan.plan(
        "deeper.yaml",
        format!(
            "kind: Goal\nid: G-deeper\ntitle: deeper\ndescription: \"{}\"\n",
            ">".repeat(50_000)
        ),
    );
    plan.plan(
        "larger.yaml",
        format!(
            "kind: Goal\nid: G-larger\ntitle: larger\ndescription: \"{}\"\n",
            "a".repeat(1_000_000)
        ),
    );
    let run = bearing_with(
        &["report", "--as-of", AS_OF, "--out", "site"],
        plan.path(),
        Bounds::hostile(),
    );
    run.expect_code(0)
        .expect_mentions(&[
            "`G-deep` is not shown: Markdown nesting exceeds 32 levels",
            "`G-list` is not shown: Markdown nesting exceeds 32 levels",
            "`G-huge` is not shown: the description is 80000 bytes and exceeds the 64 KiB size limit",
        ])
        .expect_faster_than(Duration::from_secs(5));
    let out = plan.path().join("site");
    assert!(read(&out.join("goal-G-deep.html")).contains("Markdown nesting exceeds 32 levels"));
    assert!(read(&out.join("goal-G-list.html")).contains("Markdown nesting exceeds 32 levels"));
    assert!(read(&out.join("goal-G-huge.html")).contains("exceeds the 64 KiB size limit"));
    assert!(read(&out.join("goal-G-deeper.html")).contains("Markdown nesting exceeds 32 levels"));
    assert!(read(&out.join("goal-G-larger.html")).contains("exceeds the 64 KiB size limit"));
}

/// Counts the cells of every table row and the items of every list in Markdown.
fn markdown_shape(text: &str) -> (Vec<usize>, usize, usize) {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut rows = Vec::new();
    let mut cells = 0;
    let mut items = 0;
    let mut raw_html = 0;
    for event in Parser::new_ext(text, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::TableRow | Tag::TableHead) => cells = 0,
            Event::Start(Tag::TableCell) => cells += 1,
            Event::End(TagEnd::TableRow | TagEnd::TableHead) => rows.push(cells),
            Event::Start(Tag::Item) => items += 1,
            Event::Html(h) | Event::InlineHtml(h)
                if !h.contains("details") && !h.contains("summary") =>
            {
                raw_html += 1
            }
            _ => {}
        }
    }
    (rows, items, raw_html)
}

#[test]
fn markdown_escaping_keeps_tables_and_lists_intact() {
    let titles = [
        "pipe | in the middle",
        "*stars* and _under_",
        "<b>bold</b> <script>x</script>",
        "back`tick`s ``` fence",
        "new\nline\r\nand more",
        "# heading\n- item\n| a | b |",
    ];
    let plan = Plan::new();
    let mut yaml = String::from(
        "kind: Goal\nid: G-a\ntitle: goal\nunit: \"%\"\nbaseline: 0\ntarget: 10\ncurrent: 1\n---\nkind: Objective\nid: O-a\ntitle: o\nsupports: [G-dropped]\nperiod: 2026-H2\n---\nkind: Goal\nid: G-dropped\ntitle: d\nstatus: dropped\n",
    );
    for (i, t) in titles.iter().enumerate() {
        let t = serde_json::to_string(t).expect("json string is a YAML string");
        yaml.push_str(&format!(
            "---\nkind: Project\nid: P-{i}\ntitle: {t}\ncontributes_to: [O-a]\n---\nkind: Goal\nid: G-{i}\ntitle: {t}\n"
        ));
    }
    plan.plan("titles.yaml", yaml);
    let run = plan.run(&["report", "--format", "markdown", "--as-of", AS_OF]);
    run.expect_code(0);
    let (rows, items, raw_html) = markdown_shape(&run.stdout);
    assert_eq!(raw_html, 0, "user text became raw HTML\n{}", run.stdout);
    // Tables: the headline and goals (4 columns), delivery versus impact (5); every row
    // as wide as its header.
    assert!(
        rows.iter().all(|&c| c == 4 || c == 5),
        "{rows:?}\n{}",
        run.stdout
    );
    assert_eq!(
        rows.iter().filter(|&&c| c == 4).count(),
        2 + 1 + 2 + titles.len()
    );
    assert_eq!(rows.iter().filter(|&&c| c == 5).count(), 1 + titles.len());
    // Orphans: the objective and every project, one list item each; plus the findings.
    assert!(items > titles.len(), "{items}\n{}", run.stdout);
    for t in titles {
        let first = t.split(['\n', '\r']).next().unwrap_or_default();
        let plain: String = first.chars().filter(|c| c.is_alphanumeric()).collect();
        let shown: String = run.stdout.chars().filter(|c| c.is_alphanumeric()).collect();
        assert!(shown.contains(&plain), "{t:?} lost");
    }
}

/// A plan of a goal with `status`, its objective `O-a`, and 3,000 projects contributing
/// to it, each the document `project(i)` writes.
fn three_thousand_projects(status: &str, project: impl Fn(usize) -> String) -> Plan {
    let plan = Plan::new();
    plan.plan(
        "goal.yaml",
        format!(
            "kind: Goal\nid: G-a\ntitle: goal\nstatus: {status}\n---\nkind: Objective\nid: O-a\ntitle: o\nsupports: [G-a]\nperiod: 2026-H2\n"
        ),
    );
    // At most 1,000 documents a file (a parser budget): three files.
    for file in 0..3 {
        let yaml: String = (file * 1000..(file + 1) * 1000)
            .map(|i| format!("---\nkind: Project\n{}contributes_to: [O-a]\n", project(i)))
            .collect();
        plan.plan(&format!("many-{file}.yaml"), yaml);
    }
    plan
}

#[test]
fn a_huge_plan_still_fits_a_comment() {
    let plan = three_thousand_projects("dropped", |i| {
        format!(
            "id: P-{i}\ntitle: A project with a long title that takes room in every table row {i}\n"
        )
    });
    let run = plan.run(&["report", "--format", "markdown", "--as-of", AS_OF]);
    run.expect_code(0);
    let chars = run.stdout.chars().count();
    assert!(chars <= 65_536, "{chars} characters");
    assert!(run.stdout.contains("more"), "no note of what was left out");
    // The orphans come before the long tail of the delivery table.
    assert!(run.stdout.contains("### Orphans"));
    let (rows, _, _) = markdown_shape(&run.stdout);
    assert!(rows.iter().all(|&c| c == 4 || c == 5), "{rows:?}");
}

/// The built-in template leaves out the steps of shortening whose ids alone overflow a
/// comment; the same template given as an override is rendered at every step. Both
/// must print the same comment: a step left out could not have fitted.
#[test]
fn a_huge_plan_is_shortened_as_if_every_step_were_rendered() {
    // Ids of 40 characters: 3,000 rows of them alone are more than a comment holds.
    let plan = three_thousand_projects("active", |i| {
        format!("id: P-customer-onboarding-workstream-{i:05}\ntitle: project {i}\n")
    });
    let template = std::fs::read_to_string(repo_root().join("templates/report.md.j2"))
        .expect("the built-in template");
    plan.file("same-templates/report.md.j2", template);
    let built_in = plan.run(&["report", "--format", "markdown", "--as-of", AS_OF]);
    built_in.expect_code(0);
    let overridden = plan.run(&[
        "report",
        "--format",
        "markdown",
        "--as-of",
        AS_OF,
        "--templates",
        "same-templates",
    ]);
    overridden.expect_code(0);
    assert!(built_in.stdout.contains("more projects"), "{built_in}");
    assert!(built_in.stdout.chars().count() <= 65_536);
    assert_eq!(built_in.stdout, overridden.stdout);
}

// ---------------------------------------------------------------- templates

/// Strict templates fail on a field a context leaves out: every fixture, valid or not
/// (orphans, missing budgets, set-aside documents…), still renders in both formats.
#[test]
fn every_fixture_renders_with_strict_templates() {
    let mut failures = Vec::new();
    for kind in ["valid", "invalid"] {
        let dir = repo_root().join("fixtures").join(kind);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("fixtures")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        files.sort();
        assert!(files.len() > 5, "{}", dir.display());
        for path in files {
            let plan = Plan::new();
            plan.plan("plan.yaml", std::fs::read(&path).expect("fixture"));
            for args in [
                &["report", "--as-of", AS_OF, "--format", "markdown"][..],
                &["report", "--as-of", AS_OF, "--out", "site"][..],
            ] {
                let run = plan.run(args);
                if run.code != Some(0) {
                    failures.push(format!(
                        "{kind}/{}: {args:?}: {}",
                        path.file_name().unwrap_or_default().to_string_lossy(),
                        run.stderr.trim()
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Templates render strictly: a misspelt field stops the report and names itself, where a
/// lenient engine would print an empty cell and let the mistake ship.
#[test]
fn a_misspelt_template_field_is_an_error_not_an_empty_cell() {
    let plan = Plan::new();
    plan.plan("clean.yaml", CLEAN_PLAN).file(
        "my-templates/report.md.j2",
        "{% for g in goals.items %}{{ g.titel }}{% endfor %}",
    );
    let run = plan.run(&[
        "report",
        "--format",
        "markdown",
        "--templates",
        "my-templates",
    ]);
    run.expect_code(2)
        .expect_mentions(&["`g.titel` is undefined", "report.md.j2:1"]);
    assert!(run.stdout.is_empty(), "{run}");
}

#[test]
fn templates_are_replaced_file_by_file() {
    let plan = Plan::new();
    plan.plan(
        "clean.yaml",
        CLEAN_PLAN.replace(
            "title: Increase customer retention by 15% in 12 months",
            "title: \"<script>alert(1)</script>\"",
        ),
    )
    .file(
        "my-templates/index.html.j2",
        "<!doctype html><title>t</title><p class=custom>{% for r in goals %}{{ r.goal.title }}{% endfor %}</p>\n",
    )
    .file(
        "my-templates/report.md.j2",
        "custom {% include \"x.md.j2\" %}\n",
    )
    .file("my-templates/x.md.j2", "{% for g in goals.items %}{{ g.title }}{% endfor %}");
    // --templates, relative to the working directory.
    let run = plan.run(&[
        "report",
        "--as-of",
        AS_OF,
        "--out",
        "site",
        "--templates",
        "my-templates",
    ]);
    run.expect_code(0);
    let index = read(&plan.path().join("site/index.html"));
    assert!(index.contains("<p class=custom>&lt;script&gt;"), "{index}");
    assert!(!index.contains("<script>"));
    // The other pages keep the built-in templates.
    assert!(read(&plan.path().join("site/goal-G-retention.html")).contains("Skip to content"));
    let md = plan.run(&[
        "report",
        "--format",
        "markdown",
        "--templates",
        "my-templates",
    ]);
    md.expect_code(0);
    // `{% include %}` ends a line like any block tag: no newline after it.
    assert_eq!(md.stdout, "custom \\<script\\>alert\\(1\\)\\</script\\>");

    // report.templates in bearing.yaml, relative to bearing.yaml.
    plan.config("report:\n  templates: my-templates\n");
    let sub = plan.path().join("plans");
    let md = bearing(&["report", "--format", "markdown"], &sub);
    md.expect_code(0).expect_mentions(&["custom"]);

    // A broken override is an error with the template's name, exit 2.
    plan.file("broken/index.html.j2", "{% for %}");
    plan.run(&["report", "--out", "site2", "--templates", "broken"])
        .expect_code(2)
        .expect_mentions(&["index.html.j2"]);
}

// ---------------------------------------------------------------- the output folder

#[cfg(unix)]
#[test]
fn a_planted_symlink_is_replaced_not_followed() {
    let plan = Plan::new();
    plan.plan("clean.yaml", CLEAN_PLAN)
        .file("victim", "precious\n")
        .dir("site");
    std::os::unix::fs::symlink("../victim", plan.path().join("site/index.html")).expect("symlink");
    std::os::unix::fs::symlink(
        "../victim",
        plan.path().join("site/.index.html.bearing-tmp"),
    )
    .expect("symlink");
    plan.run(&["report", "--as-of", AS_OF, "--out", "site"])
        .expect_code(0);
    assert_eq!(read(&plan.path().join("victim")), "precious\n");
    let index = plan.path().join("site/index.html");
    let meta = std::fs::symlink_metadata(&index).expect("index");
    assert!(meta.is_file() && !meta.file_type().is_symlink());
    assert!(read(&index).contains("<!doctype html>"));

    // An output folder that is itself a symlink is refused.
    std::os::unix::fs::symlink("site", plan.path().join("link")).expect("symlink");
    plan.run(&["report", "--out", "link"])
        .expect_code(2)
        .expect_mentions(&["symlink"]);
}

/// A page written again is rewritten in place, unless it is a hard link planted to a
/// file elsewhere (docs/threat-model.md P3): then the link is replaced and the target kept.
#[cfg(unix)]
#[test]
fn a_planted_hard_link_is_replaced_not_written_through() {
    let plan = Plan::new();
    plan.plan("clean.yaml", CLEAN_PLAN)
        .file("victim", "precious\n");
    plan.run(&["report", "--as-of", AS_OF, "--out", "site"])
        .expect_code(0);
    let index = plan.path().join("site/index.html");
    let first = read(&index);
    std::fs::remove_file(&index).expect("remove");
    std::fs::hard_link(plan.path().join("victim"), &index).expect("hard link");
    let style = plan.path().join("site/style.css");
    let style_inode = std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&style).expect("css"));
    plan.run(&["report", "--as-of", AS_OF, "--out", "site"])
        .expect_code(0);
    assert_eq!(read(&plan.path().join("victim")), "precious\n");
    assert_eq!(read(&index), first);
    // A page of ours is rewritten where it is: the same file, the same bytes.
    let after = std::fs::metadata(&style).expect("css");
    assert_eq!(std::os::unix::fs::MetadataExt::ino(&after), style_inode);
}

#[test]
fn nothing_is_written_outside_the_output_folder_and_stale_pages_go() {
    let plan = Plan::new();
    plan.plan("clean.yaml", CLEAN_PLAN).plan(
        "extra.yaml",
        "kind: Project\nid: P-extra\ntitle: extra\ncontributes_to: [KR-repeat]\n",
    );
    let listing = |dir: &Path| -> Vec<String> {
        let mut all = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).expect("dir").filter_map(Result::ok) {
                let p = e.path();
                if p.starts_with(dir.join("out")) {
                    continue;
                }
                if p.is_dir() {
                    stack.push(p.clone());
                }
                all.push(p.display().to_string());
            }
        }
        all.sort();
        all
    };
    let before = listing(plan.path());
    plan.run(&["report", "--as-of", AS_OF, "--out", "out"])
        .expect_code(0);
    assert_eq!(listing(plan.path()), before);
    assert!(plan.path().join("out/project-P-extra.html").is_file());
    plan.file("out/mine.html", "mine");
    std::fs::remove_file(plan.path().join("plans/extra.yaml")).expect("remove");
    plan.run(&["report", "--as-of", AS_OF, "--out", "out"])
        .expect_code(0);
    assert!(!plan.path().join("out/project-P-extra.html").exists());
    assert!(
        plan.path().join("out/mine.html").is_file(),
        "a file bearing did not write was removed"
    );
}

/// A plan with a project whose page goes when its file is removed.
fn plan_with_extra() -> Plan {
    let plan = Plan::new();
    plan.plan("clean.yaml", CLEAN_PLAN).plan(
        "extra.yaml",
        "kind: Project\nid: P-extra\ntitle: extra\ncontributes_to: [KR-repeat]\n",
    );
    plan
}

/// A page a previous run wrote, no longer written and unchanged, goes; the manifest records
/// the bytes of each file written (docs/threat-model.md P7).
#[test]
fn a_stale_page_of_ours_unchanged_is_removed() {
    let plan = plan_with_extra();
    plan.run(&["report", "--as-of", AS_OF, "--out", "out"])
        .expect_code(0);
    let manifest = read(&plan.path().join("out/.bearing-site"));
    assert_eq!(
        manifest.lines().next(),
        Some("# bearing-site v2"),
        "{manifest}"
    );
    assert!(
        manifest
            .lines()
            .any(|l| l.ends_with("  project-P-extra.html") && l.len() == 64 + 2 + 20),
        "{manifest}"
    );
    std::fs::remove_file(plan.path().join("plans/extra.yaml")).expect("remove");
    let run = plan.run(&["report", "--as-of", AS_OF, "--out", "out"]);
    run.expect_code(0);
    assert!(!plan.path().join("out/project-P-extra.html").exists());
    assert!(!run.stderr.contains("left"), "{run}");
}

/// A stale page edited since bearing wrote it is someone's work now: left, and named.
#[test]
fn a_stale_page_edited_since_is_left_and_named() {
    let plan = plan_with_extra();
    plan.run(&["report", "--as-of", AS_OF, "--out", "out"])
        .expect_code(0);
    plan.file("out/project-P-extra.html", "my notes\n");
    std::fs::remove_file(plan.path().join("plans/extra.yaml")).expect("remove");
    plan.run(&["report", "--as-of", AS_OF, "--out", "out"])
        .expect_code(0)
        .expect_mentions(&[
            "left 1 file in `out` that bearing did not write or that changed since: project-P-extra.html",
        ]);
    assert_eq!(
        read(&plan.path().join("out/project-P-extra.html")),
        "my notes\n"
    );
}

/// A `.bearing-site` committed to the repository names files bearing never wrote: they
/// stay, in a folder of the repository and at its root, and the warning names them
/// (docs/threat-model.md P7).
#[test]
fn a_committed_manifest_removes_nothing() {
    let plan = Plan::new();
    plan.plan("clean.yaml", CLEAN_PLAN)
        .file("docs/README.md", "# docs\n")
        .file("docs/CNAME", "plans.example.com\n")
        .file("docs/.bearing-site", "README.md\nCNAME\n");
    plan.run(&["report", "--as-of", AS_OF, "--out", "docs"])
        .expect_code(0)
        .expect_mentions(&[
            "left 2 files in `docs` that bearing did not write or that changed since: CNAME, README.md",
        ]);
    assert_eq!(read(&plan.path().join("docs/README.md")), "# docs\n");
    assert_eq!(read(&plan.path().join("docs/CNAME")), "plans.example.com\n");

    // A versioned manifest is no better without the files' bytes.
    plan.file("README.md", "# the repository\n").file(
        ".bearing-site",
        format!("# bearing-site v2\n{}  README.md\n", "0".repeat(64)),
    );
    plan.run(&["report", "--as-of", AS_OF, "--out", "."])
        .expect_code(0)
        .expect_mentions(&["left 1 file in `.`", "README.md"]);
    assert_eq!(read(&plan.path().join("README.md")), "# the repository\n");
}

/// A folder on the way to `--out` that is a symlink is refused before anything is written.
#[cfg(unix)]
#[test]
fn an_output_folder_reached_through_a_link_is_refused() {
    let plan = Plan::new();
    plan.plan("clean.yaml", CLEAN_PLAN).dir("elsewhere");
    std::os::unix::fs::symlink("elsewhere", plan.path().join("public")).expect("symlink");
    plan.run(&["report", "--as-of", AS_OF, "--out", "public/site"])
        .expect_code(2)
        .expect_mentions(&["`public` is a symlink"]);
    let absolute = plan.path().join("public/site");
    plan.run(&[
        "report",
        "--as-of",
        AS_OF,
        "--out",
        absolute.to_str().expect("utf-8 path"),
    ])
    .expect_code(2)
    .expect_mentions(&["`public` is a symlink"]);
    assert_eq!(
        std::fs::read_dir(plan.path().join("elsewhere"))
            .expect("elsewhere")
            .count(),
        0,
        "something was written through the link"
    );
}

#[test]
fn out_is_only_for_the_site() {
    let plan = Plan::new();
    plan.plan("clean.yaml", CLEAN_PLAN);
    plan.run(&["report", "--format", "markdown", "--out", "x"])
        .expect_code(2)
        .expect_mentions(&["--out"]);
}

// ---------------------------------------------------------------- history

/// History as the history module will hand it over.
fn history() -> Input {
    let mut trends = BTreeMap::new();
    trends.insert(
        "KR-repeat".into(),
        vec![
            TrendPoint {
                date: "2026-07-15".parse().expect("date"),
                value: 22.5,
                commit: Some("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".into()),
                author: Some("Ana".into()),
            },
            TrendPoint {
                date: "2026-08-20".parse().expect("date"),
                value: 24.0,
                commit: Some("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb".into()),
                author: Some("Ben".into()),
            },
        ],
    );
    Input {
        rev: Some("main".into()),
        base: Some("v1".into()),
        changes: vec![
            Change {
                entity: "KR-churn".into(),
                kind: EditKind::Modified,
                field: Some("target".into()),
                // As `report::from_history` words a lowered target: the values are in
                // the summary, `old` and `new` are left empty.
                old: None,
                new: None,
                commit: Some("cccccccccccccccccccccccccccccccccccccccc".into()),
                author: Some("Cy <b>".into()),
                date: Some("2026-09-20".parse().expect("date")),
                summary: "3.2 → 3.5 (lowered, 37.5% of the planned improvement given up)".into(),
            },
            Change {
                entity: "P-crm".into(),
                kind: EditKind::Modified,
                field: None,
                old: None,
                new: None,
                commit: Some("dddddddddddddddddddddddddddddddddddddddd".into()),
                author: Some("Di".into()),
                date: Some("2026-09-15".parse().expect("date")),
                summary: "now orphaned: `G-nps` was dropped".into(),
            },
            // `old` and `new` filled in, as an input may give them (the templates show
            // them after the summary).
            Change {
                entity: "G-nps".into(),
                kind: EditKind::Modified,
                field: Some("status".into()),
                old: Some("active".into()),
                new: Some("dropped".into()),
                commit: None,
                author: None,
                date: None,
                summary: "dropped".into(),
            },
        ],
        trends,
        commits: vec![Commit {
            hash: "cccccccccccccccccccccccccccccccccccccccc".into(),
            date: "2026-09-20".parse().expect("date"),
            author: "Cy".into(),
            subject: "Re-target churn | *for* Q4".into(),
        }],
    }
}

#[test]
fn history_sections_render_from_an_input() {
    let ws = bearing::workspace::discover(&example(), None).expect("workspace");
    let files = ws.read_plan_files(&[]).expect("plan files");
    let as_of = AS_OF.parse().expect("date");
    let check = bearing::check::check(
        files,
        &ws.config,
        as_of,
        &bearing::measure::Evidence::default(),
    );
    let model = report::build(&check, &ws.config, history());

    let md = report::markdown(&model, &report::Overrides::new()).expect("markdown");
    assert!(md.contains("### What changed since v1"), "{md}");
    assert!(
        md.contains("`KR-churn` target: 3.2 → 3.5 \\(lowered, 37.5% of the planned"),
        "{md}"
    );
    assert!(md.contains("Cy \\<b\\>"), "{md}");
    assert!(md.contains("Re-target churn \\| \\*for\\* Q4"), "{md}");

    let site = report::site(&model, &report::Overrides::new()).expect("site");
    let page = |name: &str| -> String {
        let f = site
            .files
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("no {name}"));
        String::from_utf8(f.bytes.clone()).expect("utf-8")
    };
    let changes = page("changes.html");
    assert!(
        changes.contains("Changes since <code>v1</code>"),
        "{changes}"
    );
    assert!(changes.contains("Re-target churn | *for* Q4"));
    assert!(changes.contains("<code>ccccccc</code>"));
    assert!(changes.contains("Cy &lt;b&gt;"));
    let objective = page("objective-O-loyalty.html");
    assert!(objective.contains("Values from git history and check-ins."));
    assert!(objective.contains("commit aaaaaaa by Ana"));
    let project = page("project-P-crm.html");
    assert!(project.contains("now orphaned"), "project history");
    let index = page("index.html");
    assert!(index.contains("Recent changes"));
    snapshot_settings().bind(|| {
        insta::assert_snapshot!("report__html_changes_with_history", changes);
        insta::assert_snapshot!(
            "report__markdown_history_section",
            section(&md, "### What changed")
        );
    });

    let mut json = Vec::new();
    report::json(&model, &mut json).expect("json");
    let json: serde_json::Value = serde_json::from_slice(&json).expect("parse");
    assert_eq!(json["changes"][0]["field"], "target");
    assert_eq!(json["trends"]["KR-repeat"][1]["value"], 24.0);
    assert_eq!(json["commits"][0]["author"], "Cy");
}

/// From a heading to the next one of the same level.
fn section(text: &str, heading: &str) -> String {
    let start = text.find(heading).unwrap_or(0);
    let rest = &text[start + heading.len()..];
    let end = rest.find("\n### ").map_or(rest.len(), |e| e + 1);
    format!("{heading}{}", &rest[..end])
}

// ---------------------------------------------------------------- Chromium

/// The Chromium to drive: `$BEARING_CHROMIUM`, else `chromium` or `chromium-browser`
/// on the PATH.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("BEARING_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find(|name| {
            Command::new(name)
                .arg("--version")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        })
        .map(PathBuf::from)
}

/// Runs headless Chromium with everything that phones home turned off.
fn headless(chromium: &Path, profile: &Path, args: &[&str]) -> std::process::Output {
    let mut command = Command::new(chromium);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdin(Stdio::null());
    command.output().expect("run chromium")
}

#[test]
#[allow(clippy::print_stderr)] // the one way to say a test was skipped
fn the_site_loads_in_headless_chromium_without_errors_or_requests() {
    let Some(chromium) = chromium() else {
        // A skipped test passes: where the browser check must run (CI), say so.
        assert!(
            std::env::var_os("BEARING_REQUIRE_CHROMIUM").is_none(),
            "BEARING_REQUIRE_CHROMIUM is set but chromium is not installed"
        );
        eprintln!("skipped: chromium not installed (apt-get install chromium)");
        return;
    };
    let (tmp, out) = example_site();
    let pages = pages(&out);
    assert!(pages.len() > 20);

    // Every local link and stylesheet of every page points at a file of the site.
    let refs = Selector::parse("[href], [src]").expect("selector");
    for page in &pages {
        let html = Html::parse_document(&read(page));
        for el in html.select(&refs) {
            for attr in ["href", "src"] {
                let Some(value) = el.value().attr(attr) else {
                    continue;
                };
                if value.starts_with("https://") || value.starts_with("http://") {
                    assert_eq!(
                        el.value().name(),
                        "a",
                        "{}: <{} {attr}={value}> would load from the network",
                        page.display(),
                        el.value().name()
                    );
                    continue;
                }
                if value.starts_with("mailto:") || value.starts_with('#') {
                    continue;
                }
                let file = value.split('#').next().unwrap_or_default();
                assert!(
                    out.join(file).is_file(),
                    "{}: {attr}={value} points at no file",
                    page.display()
                );
            }
        }
    }

    // One run loads every page (as frames of a page outside the site): no console
    // message, and no request that leaves the machine.
    let frames: String = pages
        .iter()
        .map(|p| format!("<iframe src=\"file://{}\"></iframe>\n", p.display()))
        .collect();
    let harness = tmp.path().join("all-pages.html");
    std::fs::write(
        &harness,
        format!("<!doctype html><title>all</title>\n{frames}"),
    )
    .expect("write");
    let netlog = tmp.path().join("netlog.json");
    let profile = tmp.path().join("profile");
    let run = headless(
        &chromium,
        &profile,
        &[
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=10000",
            &format!("--log-net-log={}", netlog.display()),
            "--dump-dom",
            &format!("file://{}", harness.display()),
        ],
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "chromium failed:\n{stderr}");
    let console: Vec<&str> = stderr.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(
        console.is_empty(),
        "console messages:\n{}",
        console.join("\n")
    );
    let log: serde_json::Value = serde_json::from_str(&read(&netlog)).expect("net log is JSON");
    let from_pages: Vec<String> = log["events"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| {
            e["params"]["network_isolation_key"]
                .as_str()
                .is_some_and(|k| k.contains("file://"))
        })
        .filter_map(|e| e["params"]["url"].as_str().map(str::to_owned))
        .collect();
    assert!(
        from_pages.is_empty(),
        "the pages made network requests: {from_pages:?}"
    );

    // Screenshots: into the target folder, and into docs/ when asked to refresh them.
    let shots = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&shots).expect("screenshots folder");
    let refresh = std::env::var_os("BEARING_UPDATE_SCREENSHOTS").is_some();
    for (name, page, height) in [
        ("index", "index.html", 2400),
        ("goal", "goal-G-retention.html", 2000),
        ("project", "project-P-loyalty-app.html", 1400),
    ] {
        let png = shots.join(format!("screenshot-{name}.png"));
        let run = headless(
            &chromium,
            &profile,
            &[
                &format!("--screenshot={}", png.display()),
                &format!("--window-size=1280,{height}"),
                &format!("file://{}", out.join(page).display()),
            ],
        );
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let bytes = std::fs::read(&png).expect("screenshot written");
        assert!(
            bytes.starts_with(b"\x89PNG") && bytes.len() > 10_000,
            "{name}"
        );
        if refresh {
            std::fs::write(
                repo_root().join(format!("docs/screenshot-{name}.png")),
                &bytes,
            )
            .expect("write docs/ screenshot");
        }
    }
}

#[test]
fn ids_that_differ_only_by_case_get_distinct_files() {
    // `duplicate-id` reports them; the site must still not write one over the other on a
    // case-insensitive disk.
    let plan = Plan::new();
    plan.plan("clean.yaml", CLEAN_PLAN).plan(
        "case.yaml",
        "kind: Project\nid: P-x\ntitle: lower\ncontributes_to: [KR-repeat]\n---\nkind: Project\nid: p-X\ntitle: upper\ncontributes_to: [KR-repeat]\n",
    );
    plan.run(&["report", "--as-of", AS_OF, "--out", "site"])
        .expect_code(0);
    let out = plan.path().join("site");
    assert!(read(&out.join("project-P-x.html")).contains("lower"));
    assert!(read(&out.join("project-p-X~2.html")).contains("upper"));
    assert!(read(&out.join("index.html")).contains("href=\"project-p-X~2.html\""));
}
