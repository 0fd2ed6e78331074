//! The review pack: `bearing report --since REV|DATE` (or the newest `report.reviews`
//! tag) on the worked example's year of history. Its changes are exactly `bearing diff`'s
//! between the same revisions, and its measures before and after are those of the
//! reports of each side.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{bearing, shell};

const AS_OF: &str = "2026-10-01";

fn example(dir: &Path) -> PathBuf {
    bearing(&["init", "--example", "acme"], dir).expect_code(0);
    dir.join("acme")
}

fn json(args: &[&str], repo: &Path) -> Value {
    let run = bearing(args, repo);
    run.expect_code(0);
    run.json()
}

/// Key results of a JSON report by id.
fn key_results(report: &Value) -> BTreeMap<String, Value> {
    report["key_results"]
        .as_array()
        .expect("key_results")
        .iter()
        .map(|k| (k["id"].as_str().expect("id").to_owned(), k.clone()))
        .collect()
}

#[test]
fn the_review_lists_what_diff_lists_with_the_measures_of_each_side() {
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = example(dir.path());
    let since = "HEAD~6";
    let report = json(
        &[
            "report", "--format", "json", "--as-of", AS_OF, "--since", since,
        ],
        &repo,
    );
    let review = &report["review"];
    assert_eq!(review["since"]["rev"], since);
    assert_eq!(review["since"]["from"], "revision");
    let review_day = review["since"]["date"].as_str().expect("date").to_owned();

    // Every change, exactly as `bearing diff` reports it between the same revisions.
    let diff = json(
        &["diff", since, "--format", "json", "--as-of", AS_OF],
        &repo,
    );
    assert_eq!(review["changes"], diff["changes"]);
    assert!(review["changes"].as_array().expect("changes").len() > 10);
    // Lowered targets and newly orphaned work: diff's impact.
    let lowered: Vec<&Value> = review["lowered_targets"]
        .as_array()
        .expect("lowered")
        .iter()
        .collect();
    let diff_lowered: Vec<&Value> = diff["impact"]["lowered_targets"]
        .as_array()
        .expect("lowered")
        .iter()
        .collect();
    assert_eq!(lowered, diff_lowered);
    assert_eq!(lowered[0]["id"], "KR-churn");
    let orphaned: Vec<&str> = review["newly_orphaned"]
        .as_array()
        .expect("orphaned")
        .iter()
        .map(|o| o["id"].as_str().expect("id"))
        .collect();
    assert_eq!(orphaned, ["O-cx", "P-crm"]);

    // Before: the plan at the review, measured as of its day; after: the report now.
    let before = key_results(&json(
        &[
            "report",
            "--format",
            "json",
            "--rev",
            since,
            "--as-of",
            &review_day,
        ],
        &repo,
    ));
    let after = key_results(&report);
    let moved: BTreeMap<String, &Value> = review["moved"]
        .as_array()
        .expect("moved")
        .iter()
        .map(|m| (m["id"].as_str().expect("id").to_owned(), m))
        .collect();
    for (id, now) in &after {
        let Some(then) = before.get(id) else {
            assert!(!moved.contains_key(id), "{id} is new, not moved");
            continue;
        };
        let changed = then["value"] != now["value"] || then["progress"] != now["progress"];
        assert_eq!(moved.contains_key(id), changed, "{id}");
        if let Some(m) = moved.get(id) {
            assert_eq!(m["value_before"], then["value"], "{id}");
            assert_eq!(m["value_after"], now["value"], "{id}");
            assert_eq!(m["progress_before"], then["progress"], "{id}");
            assert_eq!(m["progress_after"], now["progress"], "{id}");
            assert_eq!(m["track_before"], then["track"], "{id}");
            assert_eq!(m["track_after"], now["track"], "{id}");
        }
        if then["confidence"] != now["confidence"] {
            assert!(
                review["confidence"]
                    .as_array()
                    .expect("confidence")
                    .iter()
                    .any(|c| c["id"] == id.as_str()
                        && c["before"] == then["confidence"]
                        && c["after"] == now["confidence"]),
                "{id}"
            );
        }
    }
    assert!(moved.len() >= 5, "{moved:?}");
    // The largest move first.
    let gains: Vec<f64> = moved_in_order(review)
        .iter()
        .map(|m| m["progress_delta"].as_f64().unwrap_or(0.0).abs())
        .collect();
    assert!(gains.windows(2).all(|w| w[0] >= w[1]), "{gains:?}");

    // The site has the review page, linked from every page; the Markdown has the section.
    bearing(
        &[
            "report", "--out", "site", "--as-of", AS_OF, "--since", since,
        ],
        &repo,
    )
    .expect_code(0);
    let page = std::fs::read_to_string(repo.join("site/review.html")).expect("review page");
    let document = scraper::Html::parse_document(&page);
    let rows = scraper::Selector::parse("#moved ~ div table tbody tr th code").expect("selector");
    let listed: Vec<String> = document.select(&rows).map(|e| e.text().collect()).collect();
    let expected: Vec<String> = moved_in_order(review)
        .iter()
        .map(|m| m["id"].as_str().expect("id").to_owned())
        .collect();
    assert_eq!(listed, expected);
    let index = std::fs::read_to_string(repo.join("site/index.html")).expect("index");
    assert!(
        index.contains(r#"href="review.html""#),
        "the index links the review"
    );
    let markdown = bearing(
        &[
            "report", "--format", "markdown", "--as-of", AS_OF, "--since", since,
        ],
        &repo,
    );
    markdown.expect_code(0).expect_mentions(&[
        "### Since the last review",
        "`KR-churn`",
        "Lowered targets",
        "Newly orphaned",
    ]);
    // Without `--since` (and no review tags), no review.
    let plain = json(&["report", "--format", "json", "--as-of", AS_OF], &repo);
    assert!(plain.get("review").is_none());
}

fn moved_in_order(review: &Value) -> Vec<&Value> {
    review["moved"].as_array().expect("moved").iter().collect()
}

/// `--since DATE` starts at the last commit on or before that day, and measures the plan
/// then as of that day; `report.reviews` finds the newest review tag by itself.
#[test]
fn a_review_starts_at_a_date_or_at_the_newest_review_tag() {
    let dir = tempfile::tempdir().expect("temp dir");
    let repo = example(dir.path());
    let by_date = json(
        &[
            "report",
            "--format",
            "json",
            "--as-of",
            AS_OF,
            "--since",
            "2026-09-01",
        ],
        &repo,
    );
    let since = &by_date["review"]["since"];
    assert_eq!(since["from"], "date");
    assert_eq!(since["date"], "2026-09-01");
    // The August check-in of 2026-08-31 is the last commit on or before the day.
    let expected = shell(
        "git log -1 --format=%h --before=2026-09-01T00:00:00-07:00",
        &repo,
    );
    expected.expect_code(0);
    assert_eq!(since["commit"], expected.stdout.trim());

    // Review tags: the newest one dated on or before the report's date is the start.
    shell(
        "git tag review/2026-q2 HEAD~12 && git tag -a review/2026-q3 -m 'Q3 review' HEAD~6 && git tag v1 HEAD~1",
        &repo,
    )
    .expect_code(0);
    let config = repo.join("bearing.yaml");
    let text = std::fs::read_to_string(&config).expect("bearing.yaml");
    std::fs::write(
        &config,
        text.replace("report:\n", "report:\n  reviews: \"review/*\"\n"),
    )
    .expect("write");
    let tagged = json(&["report", "--format", "json", "--as-of", AS_OF], &repo);
    let since = &tagged["review"]["since"];
    assert_eq!(since["from"], "tag");
    assert_eq!(since["rev"], "review/2026-q3");
    let explicit = json(
        &[
            "report", "--format", "json", "--as-of", AS_OF, "--since", "HEAD~6",
        ],
        &repo,
    );
    assert_eq!(tagged["review"]["changes"], explicit["review"]["changes"]);
    assert_eq!(tagged["review"]["moved"], explicit["review"]["moved"]);
    // As of a day before the Q3 tag's commit, the Q2 tag is the last review.
    let q3_day = shell("git log -1 --format=%ad --date=short review/2026-q3", &repo);
    let earlier = jiff::civil::Date::strptime("%Y-%m-%d", q3_day.stdout.trim())
        .expect("date")
        .yesterday()
        .expect("a day before")
        .to_string();
    let older = json(&["report", "--format", "json", "--as-of", &earlier], &repo);
    assert_eq!(older["review"]["since"]["rev"], "review/2026-q2");

    // A revision that does not exist is an error that names it.
    let run = bearing(
        &["report", "--format", "json", "--since", "no-such-rev"],
        &repo,
    );
    run.expect_code(2).expect_mentions(&["no-such-rev"]);
    // A date before the plan's first commit: said so.
    let run = bearing(
        &["report", "--format", "json", "--since", "2020-01-01"],
        &repo,
    );
    run.expect_code(2)
        .expect_mentions(&["no commit changed the plan on or before 2020-01-01"]);
}
