//! A goal's page rolls up the work of its sub-goals, as `bearing trace` does: the top goal
//! of the worked example is moved by everything under its four sub-goals, and its page, the
//! JSON report and `trace` name the same objectives, key results and projects.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::support::{AS_OF, bearing, repo_root};

/// Every id below an entity in `bearing trace --format json`, by kind.
fn trace_below(id: &str) -> BTreeSet<(String, String)> {
    fn walk(nodes: &[Value], out: &mut BTreeSet<(String, String)>) {
        for n in nodes {
            out.insert((
                n["kind"].as_str().expect("kind").to_owned(),
                n["id"].as_str().expect("id").to_owned(),
            ));
            if let Some(children) = n["children"].as_array() {
                walk(children, out);
            }
        }
    }
    let example = repo_root().join("fixtures/example");
    let run = bearing(
        &["trace", id, "--format", "json", "--as-of", AS_OF],
        &example,
    );
    run.expect_code(0);
    let mut out = BTreeSet::new();
    walk(run.json()["below"].as_array().expect("below"), &mut out);
    out
}

#[test]
fn the_top_goal_page_lists_its_sub_goals_work_as_trace_does() {
    let below = trace_below("G-growth");
    let of_kind = |kind: &str| -> BTreeSet<String> {
        below
            .iter()
            .filter(|(k, _)| k == kind)
            .map(|(_, id)| id.clone())
            .collect()
    };
    // The example's top goal has few objectives of its own: most of the work is a level down.
    assert!(of_kind("Goal").len() >= 4, "{below:?}");
    assert!(of_kind("Project").contains("P-loyalty-app"), "{below:?}");

    // The JSON report: the goal's `work`.
    let example = repo_root().join("fixtures/example");
    let json = bearing(
        &[
            "report",
            "--format",
            "json",
            "--as-of",
            AS_OF,
            "--no-history",
        ],
        &example,
    );
    json.expect_code(0);
    let report = json.json();
    let goal = report["goals"]
        .as_array()
        .expect("goals")
        .iter()
        .find(|g| g["id"] == "G-growth")
        .expect("G-growth");
    let listed = |field: &str| -> BTreeSet<String> {
        goal["work"][field]
            .as_array()
            .expect(field)
            .iter()
            .map(|v| v.as_str().expect("id").to_owned())
            .collect()
    };
    assert_eq!(listed("sub_goals"), of_kind("Goal"));
    assert_eq!(listed("objectives"), of_kind("Objective"));
    assert_eq!(listed("key_results"), of_kind("KeyResult"));
    assert_eq!(listed("projects"), of_kind("Project"));

    // The page: every id in its tree, sub-goal sections included, and nothing else.
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("site");
    bearing(
        &[
            "report",
            "--no-history",
            "--as-of",
            AS_OF,
            "--out",
            out.to_str().expect("utf-8"),
        ],
        &example,
    )
    .expect_code(0);
    let page = std::fs::read_to_string(out.join("goal-G-growth.html")).expect("goal page");
    let document = scraper::Html::parse_document(&page);
    let select = |css: &str| -> BTreeSet<String> {
        let selector = scraper::Selector::parse(css).expect("selector");
        document
            .select(&selector)
            .map(|e| e.text().collect::<String>())
            .collect()
    };
    let in_tree = select("ul.tree .node-kind + a > code, ul.tree .node-kind + code");
    let sub_goals = select("section.sub-goal h3 code");
    let mut everything: BTreeSet<String> = of_kind("Objective");
    everything.extend(of_kind("KeyResult"));
    everything.extend(of_kind("Project"));
    assert_eq!(in_tree, everything);
    assert_eq!(sub_goals, of_kind("Goal"));
    // A project aligned only through a sub-goal is in the table too, and says through which.
    let through = select("table .via code");
    assert!(through.contains("G-retention"), "{through:?}");
    // Each sub-goal's progress is the JSON report's.
    for sub in of_kind("Goal") {
        let entry = report["goals"]
            .as_array()
            .expect("goals")
            .iter()
            .find(|g| g["id"] == sub.as_str())
            .expect("sub-goal");
        let shown = format!(
            "{}%",
            (entry["progress"].as_f64().expect("progress") * 1000.0).round() / 10.0
        );
        let section = scraper::Selector::parse(&format!(
            "section#sub-{sub} .progress, section[aria-labelledby=\"sub-{sub}\"] > .progress"
        ))
        .expect("selector");
        let text: String = document
            .select(&section)
            .next()
            .unwrap_or_else(|| panic!("no progress of {sub}"))
            .text()
            .collect();
        assert!(text.contains(&shown), "{sub}: {text} (JSON {shown})");
    }
}

/// `report --goal` narrows the whole report to the goal and the work under it, exactly
/// what `trace` lists below it; `--owner` to what one owner owns. A name the plan does not
/// have is an error that says which it has.
#[test]
fn goal_and_owner_narrow_the_whole_report() {
    let example = repo_root().join("fixtures/example");
    let ids = |report: &Value| -> BTreeSet<(String, String)> {
        let mut out = BTreeSet::new();
        for (list, kind) in [
            ("goals", "Goal"),
            ("objectives", "Objective"),
            ("key_results", "KeyResult"),
            ("projects", "Project"),
        ] {
            for e in report[list].as_array().expect(list) {
                out.insert((kind.to_owned(), e["id"].as_str().expect("id").to_owned()));
            }
        }
        out
    };
    let run = bearing(
        &[
            "report",
            "--format",
            "json",
            "--no-history",
            "--as-of",
            AS_OF,
            "--goal",
            "G-retention",
        ],
        &example,
    );
    run.expect_code(0);
    let part = run.json();
    let mut expected = trace_below("G-retention");
    expected.insert(("Goal".to_owned(), "G-retention".to_owned()));
    assert_eq!(ids(&part), expected);
    assert_eq!(part["part"], "goal G-retention");
    let counts = &part["headline"]["counts"];
    assert_eq!(
        counts["projects"].as_u64(),
        Some(part["projects"].as_array().expect("projects").len() as u64)
    );
    // Every finding kept is about an entity of the part.
    for f in part["findings"].as_array().expect("findings") {
        let entity = f["entity"].as_str().expect("entity");
        assert!(expected.iter().any(|(_, id)| id == entity), "{entity}");
    }

    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("site");
    bearing(
        &[
            "report",
            "--no-history",
            "--as-of",
            AS_OF,
            "--goal",
            "G-retention",
            "--out",
            out.to_str().expect("utf-8"),
        ],
        &example,
    )
    .expect_code(0);
    assert!(out.join("goal-G-retention.html").is_file());
    assert!(
        !out.join("goal-G-cost.html").exists(),
        "another goal's page"
    );
    let index = std::fs::read_to_string(out.join("index.html")).expect("index");
    assert!(
        index.contains("only goal G-retention"),
        "the page says it is a part"
    );

    let owner = bearing(
        &[
            "report",
            "--format",
            "json",
            "--no-history",
            "--as-of",
            AS_OF,
            "--owner",
            "@team-crm",
        ],
        &example,
    );
    owner.expect_code(0);
    let projects: Vec<String> = owner.json()["projects"]
        .as_array()
        .expect("projects")
        .iter()
        .map(|p| p["id"].as_str().expect("id").to_owned())
        .collect();
    assert_eq!(projects, ["P-lifecycle-email"]);

    bearing(
        &["report", "--format", "json", "--goal", "G-nope"],
        &example,
    )
    .expect_code(2)
    .expect_mentions(&["no goal `G-nope`"]);
    bearing(&["report", "--format", "json", "--owner", "@crm"], &example)
        .expect_code(2)
        .expect_mentions(&["nothing in the plan is owned by `@crm`", "`@team-crm`"]);
}
