//! The report with git history: trend charts drawn from every commit that changed a
//! value, and what changed since a base, on the worked example's year of history.

use crate::support::bearing;

#[test]
fn the_example_site_has_trends_and_the_changes_since_a_base() {
    let dir = tempfile::tempdir().expect("temp dir");
    bearing(&["init", "--example", "acme"], dir.path()).expect_code(0);
    let repo = dir.path().join("acme");
    bearing(
        &[
            "report",
            "--out",
            "site",
            "--base",
            "HEAD~6",
            "--as-of",
            "2026-10-01",
        ],
        &repo,
    )
    .expect_code(0);
    let objective = std::fs::read_to_string(repo.join("site/objective-O-loyalty.html"))
        .expect("objective page");
    // Every monthly check-in of KR-repeat is a point of its trend, with its commit and author.
    for point in ["2026-07-31: 23.1", "2026-08-31: 24.6", "2026-09-28: 26"] {
        assert!(objective.contains(point), "no trend point {point}");
    }
    let changes = std::fs::read_to_string(repo.join("site/changes.html")).expect("changes page");
    assert!(changes.contains("KR-churn"), "the lowered target is listed");
    assert!(
        changes.contains("lowered, 20% of the planned improvement given up"),
        "{changes}"
    );
    let markdown = bearing(
        &[
            "report",
            "--format",
            "markdown",
            "--base",
            "HEAD~6",
            "--as-of",
            "2026-10-01",
        ],
        &repo,
    );
    markdown
        .expect_code(0)
        .expect_mentions(&["What changed since", "lowered"]);
    // Outside a repository a revision cannot be read.
    let plain = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(plain.path().join("plans")).expect("plans");
    std::fs::copy(
        crate::support::repo_root().join("fixtures/valid/minimal.yaml"),
        plain.path().join("plans/plan.yaml"),
    )
    .expect("copy");
    bearing(
        &["report", "--format", "json", "--rev", "HEAD"],
        plain.path(),
    )
    .expect_code(2);
    bearing(&["report", "--format", "json"], plain.path()).expect_code(0);
}

/// Without `--base` the changes page still lists the commits that changed the plan, up
/// to the report's date, and says how to see their meaning.
#[test]
fn the_changes_page_lists_recent_commits_without_a_base() {
    let dir = tempfile::tempdir().expect("temp dir");
    bearing(&["init", "--example", "acme"], dir.path()).expect_code(0);
    let repo = dir.path().join("acme");
    bearing(&["report", "--out", "site", "--as-of", "2026-08-15"], &repo).expect_code(0);
    let changes = std::fs::read_to_string(repo.join("site/changes.html")).expect("changes page");
    let document = scraper::Html::parse_document(&changes);
    let rows = scraper::Selector::parse("table tbody tr td.num").expect("selector");
    let dates: Vec<String> = document
        .select(&rows)
        .map(|td| td.text().collect())
        .collect();
    assert!(!dates.is_empty(), "no commits listed: {changes}");
    assert!(
        dates.iter().all(|d| d.as_str() <= "2026-08-15"),
        "a commit after the report's date: {dates:?}"
    );
    assert!(
        changes.contains("--base"),
        "says how to see semantic changes"
    );
}

/// Sites are published, often publicly: authors appear by name, never by e-mail address,
/// unless bearing.yaml asks for them (`report.show-emails: true`). The same holds for the
/// Markdown and JSON reports made from the same history.
#[test]
fn the_example_site_shows_no_email_address_unless_asked() {
    let dir = tempfile::tempdir().expect("temp dir");
    bearing(&["init", "--example", "acme"], dir.path()).expect_code(0);
    let repo = dir.path().join("acme");
    let report = |args: &[&str]| {
        let mut all = vec!["report", "--base", "HEAD~6", "--as-of", "2026-10-01"];
        all.extend_from_slice(args);
        bearing(&all, &repo)
    };
    report(&["--out", "site"]).expect_code(0);
    let mut pages = 0;
    for entry in std::fs::read_dir(repo.join("site")).expect("site") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("page");
        assert_eq!(email_in(&text), None, "{}", path.display());
        pages += 1;
    }
    assert!(pages > 20, "{pages} files");
    let changes = std::fs::read_to_string(repo.join("site/changes.html")).expect("changes");
    assert!(changes.contains("Maya Chen"), "authors are still named");
    for format in ["markdown", "json"] {
        let run = report(&["--format", format]);
        run.expect_code(0);
        assert_eq!(email_in(&run.stdout), None, "{format}");
    }
    // Asked for, they are shown.
    let config = repo.join("bearing.yaml");
    let text = std::fs::read_to_string(&config).expect("bearing.yaml");
    let asked = text.replace("report:\n", "report:\n  show-emails: true\n");
    assert_ne!(
        asked, text,
        "the example's bearing.yaml has a report section"
    );
    std::fs::write(&config, asked).expect("write");
    report(&["--out", "site"]).expect_code(0);
    let changes = std::fs::read_to_string(repo.join("site/changes.html")).expect("changes");
    assert!(changes.contains("maya.chen@example.com"), "{changes}");
}

/// The first e-mail address in a text (`name@host.tld`, the host with a dot), if any.
fn email_in(text: &str) -> Option<String> {
    let local = |c: char| c.is_ascii_alphanumeric() || "._%+-".contains(c);
    let host = |c: char| c.is_ascii_alphanumeric() || ".-".contains(c);
    text.match_indices('@').find_map(|(at, _)| {
        let name: String = text[..at].chars().rev().take_while(|&c| local(c)).collect();
        let domain: String = text[at + 1..].chars().take_while(|&c| host(c)).collect();
        let domain = domain.trim_end_matches('.');
        let tld = domain.rsplit('.').next().unwrap_or_default();
        (!name.is_empty() && domain.contains('.') && tld.len() >= 2)
            .then(|| format!("{}@{domain}", name.chars().rev().collect::<String>()))
    })
}
