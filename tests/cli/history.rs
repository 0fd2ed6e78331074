//! History from git (issue #4): `diff` with its impact, `log` and the value series,
//! `check --base`, and the G cases of docs/threat-model.md — merges, renames, detached HEAD and
//! pull-request merge refs, empty repositories, shallow clones, symlinks, submodules and
//! large blobs under the plan folder. Repositories are built with the git CLI in
//! temporary folders, with fixed authors and dates.

use serde_json::Value;

use crate::support::git::{Repo, git_dated, git_in};
use crate::support::{Bounds, Plan, bearing, bearing_in_env, findings};

const GOALS: &str = "kind: Goal\nid: G-retention\ntitle: Keep customers\nbaseline: 60\ntarget: 70\n---\nkind: Goal\nid: G-nps\ntitle: Happier customers\n";

const OKRS: &str = "kind: Objective\nid: O-loyalty\ntitle: Loyalty program\nsupports: [G-retention]\nperiod: 2026-H2\nkey_results:\n  - {id: KR-churn, title: Cut churn, unit: \"%\", baseline: 4.0, target: 3.2, current: 3.9}\n  - {id: KR-repeat, title: Repeat purchases, baseline: 22, target: 30, current: 24}\n---\nkind: Objective\nid: O-cx\ntitle: Better support\nsupports: [G-nps]\nperiod: 2026-H2\nkey_results:\n  - {id: KR-csat, title: CSAT, baseline: 3.5, target: 4.5, current: 3.8}\n";

const PROJECTS: &str = "kind: Project\nid: P-app\ntitle: Loyalty app\ncontributes_to: [KR-churn]\ndue: 2026-11-30\nbudget: {planned: 100000, currency: USD}\n---\nkind: Project\nid: P-crm\ntitle: CRM migration\ncontributes_to: [KR-csat]\ndue: 2026-10-31\nbudget: {planned: 50000, currency: USD}\n";

/// The plan files above, committed: the starting point of most tests here.
impl Repo {
    /// The three plan files above, committed.
    fn with_plan() -> Repo {
        let mut repo = Repo::new();
        repo.write("plans/goals.yaml", GOALS)
            .write("plans/okrs.yaml", OKRS)
            .write("plans/projects.yaml", PROJECTS);
        repo.commit("Initial plan");
        repo
    }
}

fn diff_json(repo: &Repo, args: &[&str]) -> Value {
    let mut all = vec!["diff", "--format", "json", "--as-of", "2026-10-01"];
    all.extend_from_slice(args);
    let run = repo.run(&all);
    run.expect_code(0);
    run.json()
}

fn change<'a>(json: &'a Value, id: &str) -> &'a Value {
    json["changes"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["id"] == id))
        .unwrap_or_else(|| panic!("no change of {id}: {json:#}"))
}

fn field<'a>(change: &'a Value, name: &str) -> &'a Value {
    change["fields"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["field"] == name))
        .unwrap_or_else(|| panic!("no field {name}: {change:#}"))
}

// ---------------------------------------------------------------- diff

#[test]
fn diff_defaults_to_head_against_the_working_tree() {
    let repo = Repo::with_plan();
    let clean = diff_json(&repo, &[]);
    assert_eq!(clean["base"]["rev"], "HEAD");
    assert_eq!(clean["head"]["rev"], "working tree");
    assert!(clean["changes"].as_array().is_some_and(Vec::is_empty));
    repo.write(
        "plans/okrs.yaml",
        &OKRS.replace("current: 3.9", "current: 3.7"),
    );
    let json = diff_json(&repo, &[]);
    let kr = change(&json, "KR-churn");
    assert_eq!(kr["kind"], "KeyResult");
    assert_eq!(kr["objective"], "O-loyalty");
    assert_eq!(kr["change"], "changed");
    let current = field(kr, "current");
    assert_eq!(
        (current["old"].as_f64(), current["new"].as_f64()),
        (Some(3.9), Some(3.7))
    );
    assert_eq!(json["summary"]["changed"], 1);
    let human = repo.run(&["diff"]);
    human.expect_code(0).expect_mentions(&[
        "key result `KR-churn` of `O-loyalty` changed",
        "current 3.9 → 3.7",
    ]);
}

#[test]
fn moving_an_entity_to_another_file_is_not_a_change() {
    let mut repo = Repo::with_plan();
    let base = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();
    let (crm, rest) = {
        let docs: Vec<&str> = PROJECTS.split("---\n").collect();
        (docs[1].to_owned(), docs[0].to_owned())
    };
    repo.write("plans/projects.yaml", &rest)
        .write("plans/more/crm.yaml", &crm);
    repo.commit("Move P-crm to its own file");
    repo.git(&["mv", "plans/okrs.yaml", "plans/objectives.yaml"]);
    repo.commit("Rename the OKR file");
    let json = diff_json(&repo, &[&base, "HEAD"]);
    assert!(
        json["changes"].as_array().is_some_and(Vec::is_empty),
        "{json:#}"
    );
    let moved: Vec<&str> = json["moves"]
        .as_array()
        .expect("moves")
        .iter()
        .filter_map(|m| m["id"].as_str())
        .collect();
    assert_eq!(moved, ["O-cx", "O-loyalty", "P-crm"]);
    // log: the rename commit changes nothing either, and says what moved.
    let log = repo.run(&["log", "--format", "json"]).json();
    let rename = &log["commits"][0];
    assert_eq!(rename["subject"], "Rename the OKR file");
    assert!(rename["changes"].as_array().is_some_and(Vec::is_empty));
    assert_eq!(rename["moves"].as_array().map(Vec::len), Some(2));
}

#[test]
fn diff_impact_lowered_target_orphans_alignment_slips_and_budgets() {
    let mut repo = Repo::with_plan();
    let okrs = OKRS.replace("target: 3.2", "target: 3.5");
    let goals = GOALS.replace(
        "title: Keep customers\n",
        "title: Keep customers\ndue: 2027-06-30\n",
    );
    repo.write("plans/goals.yaml", &goals);
    repo.commit("Date the retention goal");
    let base = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();
    let goals = goals.replace("due: 2027-06-30", "due: 2027-09-30").replace(
        "title: Happier customers\n",
        "title: Happier customers\nstatus: dropped\n",
    );
    let projects = PROJECTS
        .replace("due: 2026-11-30", "due: 2027-01-31")
        .replace("planned: 100000", "planned: 150000");
    repo.write("plans/goals.yaml", &goals)
        .write("plans/okrs.yaml", &okrs)
        .write("plans/projects.yaml", &projects);
    repo.commit("Re-plan");
    let json = diff_json(&repo, &[&base]);
    let impact = &json["impact"];
    // Lowered target: baseline 4.0, target 3.2 → 3.5 gives up 37.5%.
    let lowered = &impact["lowered_targets"][0];
    assert_eq!(lowered["id"], "KR-churn");
    assert_eq!(lowered["objective"], "O-loyalty");
    assert!((lowered["given_up"].as_f64().expect("share") - 0.375).abs() < 1e-9);
    assert!(field(change(&json, "KR-churn"), "target")["lowered"].is_object());
    // The dropped goal strands P-crm, with why.
    let orphan = &impact["newly_orphaned"][0];
    assert_eq!(orphan["id"], "P-crm");
    assert!(
        orphan["why"]
            .as_str()
            .is_some_and(|w| w.contains("`G-nps`, which is dropped")),
        "{orphan}"
    );
    // And it strands the objective that served it (issue 14): `check --base` says so,
    // and so does `diff`.
    let stranded = &impact["newly_orphaned_objectives"];
    assert_eq!(stranded.as_array().map(Vec::len), Some(1), "{stranded}");
    assert_eq!(stranded[0]["id"], "O-cx");
    assert!(
        stranded[0]["why"]
            .as_str()
            .is_some_and(|w| w.contains("`G-nps`, which is dropped")),
        "{stranded}"
    );
    let human = repo.run(&["diff", &base, "--as-of", "2026-10-01"]);
    human.expect_mentions(&[
        "newly orphaned: objective `O-cx`: it supports `G-nps`, which is dropped",
    ]);
    // Alignment before → after, by planned budget.
    assert_eq!(impact["alignment"]["before"]["score"].as_f64(), Some(1.0));
    assert_eq!(impact["alignment"]["after"]["score"].as_f64(), Some(0.75));
    // Slipped dates.
    let slipped: Vec<(String, String)> = impact["slipped"]
        .as_array()
        .expect("slipped")
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap_or("").to_owned(),
                s["field"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert!(
        slipped.contains(&("G-retention".into(), "due".into())),
        "{slipped:?}"
    );
    assert!(
        slipped.contains(&("P-app".into(), "due".into())),
        "{slipped:?}"
    );
    // Budget delta.
    let budget = &impact["budgets"][0];
    assert_eq!(
        (budget["id"].as_str(), budget["delta"].as_f64()),
        (Some("P-app"), Some(50000.0))
    );
    let human = repo.run(&["diff", &base, "--as-of", "2026-10-01"]);
    human.expect_code(0).expect_mentions(&[
        "alignment 100% → 75%",
        "lowered target: key result `KR-churn`",
        "37.5% of the planned improvement given up",
        "newly orphaned: project `P-crm`",
        "slipped: goal `G-retention` due 2027-06-30 → 2027-09-30",
        "budget: project `P-app` planned 100,000 → 150,000 USD (+50,000)",
    ]);
}

#[test]
fn diff_impact_newly_aligned_and_left_without_projects() {
    let mut repo = Repo::new();
    let projects = "kind: Project\nid: P-app\ntitle: App\ncontributes_to: [KR-csat]\n---\nkind: Project\nid: P-web\ntitle: Web\ncontributes_to: [KR-churn]\n";
    repo.write(
        "plans/goals.yaml",
        &GOALS.replace(
            "title: Happier customers\n",
            "title: Happier customers\nstatus: on-hold\n",
        ),
    )
    .write("plans/okrs.yaml", OKRS)
    .write("plans/projects.yaml", projects);
    repo.commit("Initial plan");
    repo.write("plans/goals.yaml", GOALS).write(
        "plans/projects.yaml",
        &projects.replace("title: Web\n", "title: Web\nstatus: cancelled\n"),
    );
    repo.commit("Resume NPS, cancel the web project");
    let json = diff_json(&repo, &["HEAD~1", "HEAD"]);
    let impact = &json["impact"];
    assert_eq!(impact["newly_aligned"][0]["id"], "P-app", "{impact:#}");
    let stranded: Vec<&str> = impact["left_without_projects"]
        .as_array()
        .expect("stranded")
        .iter()
        .filter_map(|s| s["id"].as_str())
        .collect();
    assert_eq!(stranded, ["G-retention", "O-loyalty"], "{impact:#}");
}

#[test]
fn diff_markdown_puts_what_matters_first_and_escapes_user_text() {
    let mut repo = Repo::with_plan();
    repo.write(
        "plans/goals.yaml",
        &GOALS.replace(
            "title: Happier customers\n",
            "title: Happier customers\nstatus: dropped\n",
        ),
    )
    .write(
        "plans/okrs.yaml",
        &OKRS
            .replace("target: 3.2", "target: 3.5")
            .replace("title: Cut churn", "title: \"Cut | churn *now* @team <b>\""),
    );
    repo.commit("Re-plan");
    let run = repo.run(&["diff", "HEAD~1", "HEAD", "--format", "markdown"]);
    run.expect_code(0);
    let md = &run.stdout;
    let at = |needle: &str| {
        md.find(needle)
            .unwrap_or_else(|| panic!("no {needle:?} in\n{md}"))
    };
    assert!(at("Lowered targets") < at("Newly orphaned projects"));
    assert!(at("Newly orphaned projects") < at("**Alignment"));
    assert!(at("**Alignment") < at("<details><summary>All changes"));
    assert!(
        md.contains("Cut \\| churn \\*now\\* @\u{2060}team \\<b\\>"),
        "{md}"
    );
    assert!(!md.contains("@team"));
    for line in md.lines().filter(|l| l.starts_with('|')) {
        let cells = line.matches(" | ").count();
        assert!(cells <= 4, "a table row gained cells: {line}");
    }
}

#[test]
fn diff_markdown_stays_under_a_comment_limit() {
    let mut repo = Repo::with_plan();
    let many: String = (0..3000)
        .map(|i| format!("---\nkind: Project\nid: P-n{i}\ntitle: A rather long project title number {i} for the comment\ncontributes_to: [KR-churn]\n"))
        .collect();
    repo.write("plans/many.yaml", &many);
    repo.commit("Many projects");
    let run = repo.run(&["diff", "HEAD~1", "HEAD", "--format", "markdown"]);
    run.expect_code(0);
    assert!(
        run.stdout.chars().count() < 65_536,
        "{} characters",
        run.stdout.len()
    );
    run.expect_mentions(&["not shown: a comment is limited to 65536 characters"]);
    assert_eq!(
        run.stdout.matches("<details>").count(),
        run.stdout.matches("</details>").count()
    );
}

// ---------------------------------------------------------------- check --base

#[test]
fn check_base_marks_new_and_existing_findings_and_lowered_targets() {
    let mut repo = Repo::with_plan();
    // An existing orphan at the base: P-old contributes to nothing.
    repo.write(
        "plans/old.yaml",
        "kind: Project\nid: P-old\ntitle: Old orphan\ncontributes_to: []\n",
    );
    let base = repo.commit("An orphan already there");
    repo.write(
        "plans/okrs.yaml",
        &OKRS.replace("target: 3.2", "target: 3.5"),
    )
    .write(
        "plans/new.yaml",
        "kind: Project\nid: P-new\ntitle: New orphan\ncontributes_to: []\n",
    );
    let run = repo.check_against(&base);
    run.expect_code(1);
    let json = run.json();
    let status = |rule: &str, entity: &str| {
        findings(&json)
            .into_iter()
            .find(|f| f["rule"] == rule && f["entity"] == entity)
            .map(|f| f["status"].clone())
            .unwrap_or_else(|| panic!("no {rule} on {entity}: {json:#}"))
    };
    assert_eq!(status("orphan-project", "P-old"), "existing");
    assert_eq!(status("orphan-project", "P-new"), "new");
    assert_eq!(status("lowered-target", "KR-churn"), "new");
    let lowered = findings(&json)
        .into_iter()
        .find(|f| f["rule"] == "lowered-target")
        .expect("lowered-target");
    assert_eq!(lowered["file"], "plans/okrs.yaml");
    assert!(
        lowered["message"]
            .as_str()
            .is_some_and(|m| m.contains("3.2% to 3.5%") && m.contains("37.5%"))
    );
    assert_eq!(json["base"]["commit"], base.as_str());
    // Without --base there is no status and no lowered-target.
    let plain = repo
        .run(&["check", "--format", "json", "--as-of", "2026-10-01"])
        .json();
    assert!(
        findings(&plain)
            .iter()
            .all(|f| f.get("status").is_none() && f["rule"] != "lowered-target")
    );
    // --new-only: fails on the new orphan; passes once only the old one is left.
    repo.run(&[
        "check",
        "--base",
        &base,
        "--new-only",
        "--as-of",
        "2026-10-01",
    ])
    .expect_code(1);
    std::fs::remove_file(repo.path().join("plans/new.yaml")).expect("remove");
    repo.run(&[
        "check",
        "--base",
        &base,
        "--new-only",
        "--as-of",
        "2026-10-01",
    ])
    .expect_code(0);
    repo.run(&["check", "--base", &base, "--as-of", "2026-10-01"])
        .expect_code(1)
        .expect_mentions(&["[existing]", "[new]", "new, "]);
    repo.run(&["check", "--new-only"]).expect_code(2);
}

/// A pull request that leaves the plan alone (code, docs) is judged without loading the
/// plan at its base again: its findings all existed there. The answer must be the one a
/// full comparison gives: the same findings against a base whose plan files differ from
/// the work tree's in bytes only (a comment), which is loaded and judged.
#[test]
fn a_change_that_leaves_the_plan_alone_finds_every_finding_existing() {
    let mut repo = Repo::with_plan();
    repo.write(
        "plans/old.yaml",
        "kind: Project\nid: P-old\ntitle: Old orphan\ncontributes_to: []\n",
    )
    .write("README.md", "The plan.\n");
    let same_plan = repo.commit("The plan, and a README");
    repo.write("plans/okrs.yaml", &format!("{OKRS}# reviewed\n"));
    let other_bytes = repo.commit("A comment in a plan file");
    repo.write("plans/okrs.yaml", OKRS);
    repo.commit("The comment goes again");
    repo.write("README.md", "The plan, explained.\n");
    repo.commit("Docs only");
    let check = |base: &str| {
        let run = repo.check_against(base);
        run.expect_code(1);
        run.json()
    };
    let mut alone = check(&same_plan);
    let mut loaded = check(&other_bytes);
    let found = findings(&alone).len();
    assert!(found >= 3, "a plan with findings: {alone:#}");
    assert!(
        findings(&alone).iter().all(|f| f["status"] == "existing"),
        "{alone:#}"
    );
    assert_eq!(alone["base"]["new"], 0);
    assert_eq!(alone["base"]["existing"], found);
    assert_eq!(alone["base"]["alignment"], alone["measures"]["alignment"]);
    // The same as a base that had to be loaded and judged, but for the base named.
    for json in [&mut alone, &mut loaded] {
        let base = json["base"].as_object_mut().expect("base");
        base.remove("rev");
        base.remove("commit");
    }
    assert_eq!(alone, loaded);

    // A plan edited in the work tree but not committed is not the plan at the base.
    repo.write(
        "plans/new.yaml",
        "kind: Project\nid: P-new\ntitle: New orphan\ncontributes_to: []\n",
    );
    let json = check(&same_plan);
    let status = |entity: &str| {
        findings(&json)
            .into_iter()
            .find(|f| f["rule"] == "orphan-project" && f["entity"] == entity)
            .map(|f| f["status"].clone())
    };
    assert_eq!(status("P-new"), Some("new".into()));
    assert_eq!(status("P-old"), Some("existing".into()));
    std::fs::remove_file(repo.path().join("plans/new.yaml")).expect("remove");
    repo.write(
        "plans/projects.yaml",
        &PROJECTS.replace("contributes_to: [KR-csat]", "contributes_to: []"),
    );
    let json = check(&same_plan);
    assert_eq!(
        findings(&json)
            .into_iter()
            .find(|f| f["rule"] == "orphan-project" && f["entity"] == "P-crm")
            .map(|f| f["status"].clone()),
        Some("new".into())
    );
}

// ---------------------------------------------------------------- log and series

#[test]
fn log_shows_each_commit_and_an_entity_timeline() {
    let mut repo = Repo::with_plan();
    repo.write(
        "plans/okrs.yaml",
        &OKRS.replace("current: 3.9", "current: 3.8"),
    );
    repo.commit("Check-in churn");
    repo.write(
        "plans/okrs.yaml",
        &OKRS
            .replace(
                "current: 3.9}",
                "current: 3.6, checkins: [{date: 2026-07-03, value: 3.6, note: weekly}]}",
            )
            .replace("current: 24", "current: 25"),
    );
    repo.commit("Check-in churn and repeat");
    repo.write(
        "plans/projects.yaml",
        &PROJECTS.replace(
            "title: CRM migration\n",
            "title: CRM migration\nstatus: paused\n",
        ),
    );
    repo.commit("Pause CRM");
    let log = repo.run(&["log", "--format", "json"]).json();
    let subjects: Vec<&str> = log["commits"]
        .as_array()
        .expect("commits")
        .iter()
        .filter_map(|c| c["subject"].as_str())
        .collect();
    assert_eq!(
        subjects,
        [
            "Pause CRM",
            "Check-in churn and repeat",
            "Check-in churn",
            "Initial plan"
        ]
    );
    assert_eq!(log["first_parent"], true);
    assert_eq!(
        log["commits"][0]["author"],
        "Ada Lovelace <ada@example.com>"
    );
    assert_eq!(log["commits"][0]["date"], "2026-07-04T10:00:00+02:00");
    let series = &log["series"]["key_results"]["KR-churn"];
    let values: Vec<(f64, bool)> = series
        .as_array()
        .expect("series")
        .iter()
        .map(|p| {
            (
                p["value"].as_f64().unwrap_or(0.0),
                p["explicit_checkin"] == true,
            )
        })
        .collect();
    assert_eq!(values, [(3.9, false), (3.8, false), (3.6, true)]);
    // One entity's timeline.
    let timeline = repo.run(&["log", "KR-churn", "--format", "json"]).json();
    assert_eq!(
        timeline["commits"].as_array().map(Vec::len),
        Some(3),
        "{timeline:#}"
    );
    assert!(timeline["series"]["key_results"].get("KR-repeat").is_none());
    let crm = repo.run(&["log", "P-crm"]);
    crm.expect_code(0)
        .expect_mentions(&["Pause CRM", "status active → paused"]);
    assert!(!crm.stdout.contains("Check-in churn"));
    // Window and count.
    let recent = repo
        .run(&["log", "--since", "2026-07-03", "--format", "json"])
        .json();
    assert_eq!(recent["commits"].as_array().map(Vec::len), Some(2));
    let last = repo
        .run(&["log", "--max-commits", "1", "--format", "json"])
        .json();
    assert_eq!(last["commits"][0]["subject"], "Pause CRM");
    assert_eq!(last["commits"].as_array().map(Vec::len), Some(1));
    // No progress line when stderr is not a terminal.
    assert!(repo.run(&["log"]).stderr.is_empty());
}

#[test]
fn merges_are_walked_by_first_parent() {
    let mut repo = Repo::with_plan();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.write(
        "plans/okrs.yaml",
        &OKRS.replace("current: 24", "current: 26"),
    );
    repo.commit("On the branch");
    repo.git(&["checkout", "-q", "main"]);
    repo.write(
        "plans/projects.yaml",
        &PROJECTS.replace("planned: 50000", "planned: 60000"),
    );
    repo.commit("On main");
    git_in(
        repo.path(),
        &["merge", "-q", "--no-ff", "-m", "Merge feature", "feature"],
        "2026-07-09T10:00:00+02:00",
    );
    let log = repo.run(&["log", "--format", "json"]).json();
    let commits = log["commits"].as_array().expect("commits");
    let subjects: Vec<&str> = commits
        .iter()
        .filter_map(|c| c["subject"].as_str())
        .collect();
    assert_eq!(subjects, ["Merge feature", "On main", "Initial plan"]);
    assert_eq!(commits[0]["parents"], 2);
    assert_eq!(
        commits[0]["changes"][0]["id"], "KR-repeat",
        "{:#}",
        commits[0]
    );
    repo.run(&["log"]).expect_mentions(&["(merge)"]);
}

#[test]
fn a_deleted_file_removes_its_entities() {
    let mut repo = Repo::with_plan();
    std::fs::remove_file(repo.path().join("plans/projects.yaml")).expect("remove");
    repo.commit("Drop the projects");
    let log = repo
        .run(&["log", "--max-commits", "1", "--format", "json"])
        .json();
    let removed: Vec<&str> = log["commits"][0]["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter(|c| c["change"] == "removed")
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert_eq!(removed, ["P-app", "P-crm"]);
}

#[test]
fn a_detached_head_and_a_pull_request_merge_ref_work() {
    let mut repo = Repo::with_plan();
    repo.git(&["checkout", "-q", "-b", "pr"]);
    repo.write(
        "plans/okrs.yaml",
        &OKRS.replace("target: 3.2", "target: 3.4"),
    );
    repo.commit("Lower churn target");
    repo.git(&["checkout", "-q", "main"]);
    git_in(
        repo.path(),
        &[
            "merge",
            "-q",
            "--no-ff",
            "-m",
            "Merge pull request #7",
            "pr",
        ],
        "2026-07-09T10:00:00+02:00",
    );
    let merge = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();
    repo.git(&["update-ref", "refs/pull/7/merge", &merge]);
    repo.git(&["reset", "-q", "--hard", "HEAD~1"]);
    repo.git(&["checkout", "-q", "--detach", "refs/pull/7/merge"]);
    let json = diff_json(&repo, &["HEAD^1", "HEAD"]);
    assert_eq!(json["impact"]["lowered_targets"][0]["id"], "KR-churn");
    let json = diff_json(&repo, &["refs/pull/7/merge~1", "refs/pull/7/merge"]);
    assert_eq!(json["head"]["commit"], merge.as_str());
    let run = repo.check_against("HEAD^1");
    assert!(
        findings(&run.json())
            .iter()
            .any(|f| f["rule"] == "lowered-target" && f["status"] == "new")
    );
    repo.run(&["log", "--rev", "refs/pull/7/merge"])
        .expect_code(0)
        .expect_mentions(&["Merge pull request #7"]);
    repo.run(&["log"]).expect_code(0);
}

// ---------------------------------------------------------------- G4: no history

#[test]
fn no_repository_an_empty_one_or_no_plan_folder_are_clear_errors() {
    let plain = Plan::new();
    plain.plan("p.yaml", crate::support::CLEAN_PLAN);
    for args in [
        &["diff"][..],
        &["log"][..],
        &["check", "--base", "HEAD"][..],
    ] {
        plain.run(args).expect_code(2).expect_mentions(&[
            "not inside a git repository",
            "plain `bearing check` works without git",
        ]);
    }
    plain
        .run(&["check", "--as-of", "2026-10-01"])
        .expect_code(0);

    let empty = Repo::new();
    empty.write("plans/p.yaml", crate::support::CLEAN_PLAN);
    for args in [&["diff"][..], &["log"][..]] {
        empty
            .run(args)
            .expect_code(2)
            .expect_mentions(&["the repository has no commits yet"]);
    }
    empty
        .run(&["check", "--as-of", "2026-10-01"])
        .expect_code(0);

    let mut no_plan = Repo::new();
    no_plan.write("README.md", "hello\n");
    no_plan.commit("Docs only");
    no_plan
        .run(&["log"])
        .expect_code(2)
        .expect_mentions(&["no commit of `HEAD` has plan files under `plans/`"]);
    no_plan
        .run(&["diff"])
        .expect_code(2)
        .expect_mentions(&["no plan files under `plans/`"]);
    no_plan
        .run(&["diff", "no-such-branch"])
        .expect_code(2)
        .expect_mentions(&["unknown revision `no-such-branch`"]);
}

// ---------------------------------------------------------------- G1, G2: shallow

#[test]
fn a_shallow_clone_is_detected_and_said() {
    let mut origin = Repo::with_plan();
    let first = origin.git(&["rev-parse", "HEAD"]).trim().to_owned();
    for n in 0..4 {
        origin.write(
            "plans/okrs.yaml",
            &OKRS.replace("current: 24", &format!("current: {}", 25 + n)),
        );
        origin.commit(&format!("Check-in {n}"));
    }
    let clones = Plan::new();
    let url = format!("file://{}", origin.path().display());
    git_in(
        clones.path(),
        &["clone", "-q", "--depth", "2", &url, "shallow"],
        "2026-08-01T10:00:00+00:00",
    );
    let shallow = clones.path().join("shallow");
    let boundary = git_in(
        &shallow,
        &["rev-parse", "HEAD~1"],
        "2026-08-01T10:00:00+00:00",
    );
    let log = bearing(&["log", "--format", "json"], &shallow);
    log.expect_code(0);
    let json = log.json();
    assert_eq!(json["truncated"]["at"], boundary.trim());
    assert!(
        json["truncated"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("history truncated at"))
    );
    assert_eq!(
        json["commits"].as_array().map(Vec::len),
        Some(1),
        "{json:#}"
    );
    bearing(&["log"], &shallow).expect_mentions(&["history truncated at", "shallow"]);
    // G1: a base older than the boundary.
    let run = bearing(
        &["check", "--base", &first, "--as-of", "2026-10-01"],
        &shallow,
    );
    run.expect_code(2)
        .expect_mentions(&["shallow", "fetch-depth: 0"]);
    bearing(&["diff", "HEAD~3"], &shallow)
        .expect_code(2)
        .expect_mentions(&["shallow", "fetch-depth: 0"]);
    // check still runs, and says how far its history reaches.
    bearing(&["check", "--as-of", "2026-10-01"], &shallow)
        .expect_mentions(&["history truncated at"]);
}

// ---------------------------------------------------------------- P4, P5, G7 in git

#[test]
fn symlinks_submodules_and_large_blobs_in_history_are_refused_without_reading() {
    let repo = Repo::with_plan();
    std::os::unix::fs::symlink("/etc/passwd", repo.path().join("plans/leak.yaml"))
        .expect("symlink");
    let big = format!(
        "kind: Goal\nid: G-big\ntitle: Big\ndescription: \"{}\"\n",
        "x".repeat(2 * 1024 * 1024)
    );
    repo.write("plans/big.yaml", &big);
    let head = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();
    // A submodule is a commit entry in the tree; it has no work tree here, so it is
    // staged by hand (and `git add -A` must not run after it).
    let date = "2026-07-05T10:00:00+02:00";
    git_in(repo.path(), &["add", "-A"], date);
    repo.git(&[
        "update-index",
        "--add",
        "--cacheinfo",
        &format!("160000,{head},plans/sub"),
    ]);
    git_in(repo.path(), &["commit", "-q", "-m", "Hostile files"], date);
    let run = repo.run(&["diff", "HEAD~1", "HEAD"]);
    run.expect_code(2).expect_mentions(&[
        "plans/leak.yaml",
        "symlinks are not allowed",
        "plans/sub",
        "submodule",
        "plans/big.yaml",
        "exceeds the 1 MiB limit",
        "the diff above is incomplete",
    ]);
    assert!(
        !run.all().contains("root:"),
        "the symlink target leaked\n{run}"
    );
    let log = repo.run(&["log", "--format", "json"]);
    log.expect_code(0);
    let problems = log.json()["commits"][0]["problems"].clone();
    assert_eq!(problems.as_array().map(Vec::len), Some(3), "{problems:#}");
    let check = repo.run(&["check", "--base", "HEAD~1", "--as-of", "2026-10-01"]);
    assert_eq!(check.code, Some(2), "{check}");
}

// ---------------------------------------------------------------- stale-kr from git

#[test]
fn stale_kr_uses_the_last_commit_that_changed_current() {
    let mut repo = Repo::new();
    let okrs = "kind: Objective\nid: O-a\ntitle: A\nsupports: [G-retention]\nperiod: 2026\nkey_results:\n  - {id: KR-a, title: A, baseline: 0, target: 10, current: 1}\n";
    repo.write("plans/goals.yaml", GOALS)
        .write("plans/okrs.yaml", okrs)
        .write(
            "plans/projects.yaml",
            "kind: Project\nid: P-a\ntitle: A\ncontributes_to: [KR-a]\n",
        );
    repo.commit("Initial plan");
    repo.write("plans/okrs.yaml", &okrs.replace("current: 1", "current: 2"));
    repo.commit("Check-in");
    let stale = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        findings(&repo.run(&all).json())
            .into_iter()
            .filter(|f| f["rule"] == "stale-kr")
            .filter_map(|f| f["message"].as_str().map(str::to_owned))
            .collect()
    };
    // History is read back to the start of the window (30 days) only: a change older
    // than that is stale whatever its day, and said so with the window's first day.
    let found = stale(&["--as-of", "2026-09-01"]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains(
            "for more than 30 days: no check-in and no commit of `current` since 2026-08-02"
        ),
        "{found:?}"
    );
    // Within the window, the day of the commit that changed `current`.
    let found = stale(&["--as-of", "2026-09-01", "--no-history"]);
    assert!(found.is_empty(), "{found:?}");
    assert!(stale(&["--as-of", "2026-07-20"]).is_empty());
    assert!(stale(&["--as-of", "2026-08-01"]).is_empty());
    assert!(!stale(&["--as-of", "2026-08-02"]).is_empty());
    // Without history only check-ins date a key result: none here, so it is not judged,
    // and the summary says why (issue 14).
    assert!(stale(&["--as-of", "2026-07-20", "--no-history"]).is_empty());
    let summary = repo.run(&["check", "--as-of", "2026-07-20", "--no-history"]);
    summary.expect_mentions(&["no git history: `stale-kr` dates key results by check-ins only"]);
}

/// `check` reads the chain of commits back only to where the window of `stale-kr`
/// starts (issue 19): five commits in a row authored and committed before it end the
/// chain. A commit rebased onto the branch (authored long ago, committed in the window)
/// does not end it, and neither does one commit whose clock was set wrong: the check-in
/// under it still counts.
#[test]
fn stale_kr_reads_history_past_rebased_commits_and_a_wrong_clock() {
    let repo = Repo::new();
    let okr = |id: &str, current: u32| {
        format!(
            "kind: Objective\nid: O-{id}\ntitle: A\nsupports: [G-retention]\nperiod: 2026\nkey_results:\n  - {{id: KR-{id}, title: A, baseline: 0, target: 10, current: {current}}}\n"
        )
    };
    let commit = |message: &str, author: &str, committer: &str| {
        git_in(repo.path(), &["add", "-A"], committer);
        git_dated(
            repo.path(),
            &["commit", "-q", "--allow-empty", "-m", message],
            author,
            committer,
        );
    };
    let day = |d: &str| format!("{d}T10:00:00+02:00");
    repo.write("plans/goals.yaml", GOALS);
    for id in ["a", "b", "c", "d"] {
        repo.write(&format!("plans/{id}.yaml"), &okr(id, 1));
    }
    commit("Initial plan", &day("2026-01-01"), &day("2026-01-01"));
    for n in 2..=8 {
        repo.write("README.md", &format!("edit {n}\n"));
        commit(
            "Docs",
            &day(&format!("2026-01-0{n}")),
            &day(&format!("2026-01-0{n}")),
        );
    }
    // In the window (from 2026-08-02 at --as-of 2026-09-01): KR-c checked in.
    repo.write("plans/c.yaml", &okr("c", 2));
    commit("Check-in c", &day("2026-08-10"), &day("2026-08-10"));
    // A machine whose clock said 2025.
    repo.write("README.md", "wrong clock\n");
    commit("Docs", &day("2025-03-01"), &day("2025-03-01"));
    // KR-a checked in long ago, rebased onto the branch in the window: dated by its
    // author, it is stale.
    repo.write("plans/a.yaml", &okr("a", 2));
    commit("Check-in a", &day("2026-06-01"), &day("2026-08-20"));
    repo.write("plans/b.yaml", &okr("b", 2));
    commit("Check-in b", &day("2026-08-25"), &day("2026-08-25"));
    let json = repo
        .run(&["check", "--format", "json", "--as-of", "2026-09-01"])
        .json();
    let mut stale: Vec<String> = findings(&json)
        .into_iter()
        .filter(|f| f["rule"] == "stale-kr")
        .filter_map(|f| f["entity"].as_str().map(str::to_owned))
        .collect();
    stale.sort();
    assert_eq!(stale, ["KR-a", "KR-d"], "{json:#}");
}

/// A missing or corrupt object in history (issue 20, docs/threat-model.md G8) is never
/// read as the plan without that file: a walk warns and names the commit, a revision read
/// whole is an error that names it, and both say `git fsck`.
/// A commit whose author date is out of any calendar (year 3 billion, offset +99:99) is
/// still read: listed with its raw seconds, never stopping `log` or the history of
/// `check` (issue 20: all of `log` failed, naming no commit, and `check` skipped history).
#[test]
fn a_commit_with_an_impossible_date_is_read_with_its_raw_time() {
    let mut repo = Repo::new();
    repo.write("plans/goals.yaml", GOALS);
    repo.commit("Initial plan");
    repo.write(
        "plans/goals.yaml",
        &GOALS.replace("target: 70", "target: 75"),
    );
    let good = repo.commit("Raise the target");
    let tree = repo.git(&["rev-parse", "HEAD^{tree}"]);
    let parent = repo.git(&["rev-parse", "HEAD~1"]);
    let text = format!(
        "tree {}\nparent {}\nauthor Odd <odd@example.com> 99999999999999999 +9999\n\
         committer Odd <odd@example.com> 99999999999999999 +9999\n\nRaise the target\n",
        tree.trim(),
        parent.trim()
    );
    repo.write("odd-commit.txt", &text);
    let odd = repo.git(&[
        "hash-object",
        "-t",
        "commit",
        "-w",
        "--literally",
        "odd-commit.txt",
    ]);
    std::fs::remove_file(repo.path().join("odd-commit.txt")).expect("removed");
    repo.git(&["update-ref", "refs/heads/main", odd.trim(), &good]);

    let log = repo.run(&["log", "--format", "json"]);
    log.expect_code(0);
    let commits = log.json()["commits"].clone();
    let listed: Vec<&str> = commits
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["commit"].as_str())
        .collect();
    assert!(listed.contains(&odd.trim()), "{log}");
    let check = repo.run(&["check", "--as-of", "2026-07-10"]);
    assert!(!check.stderr.contains("history not read"), "{check}");
}

/// HEAD naming a commit that git's object database does not give back (a lost object,
/// or a pack that could not be mapped under a memory cap) is said so, with `git fsck`;
/// it was "unknown revision `HEAD`: The rev-spec is malformed" (issue 20).
#[test]
fn a_head_commit_git_cannot_give_back_is_named() {
    let mut repo = Repo::new();
    repo.write("plans/goals.yaml", GOALS);
    repo.commit("Initial plan");
    repo.write("plans/goals.yaml", &format!("{GOALS}# edited\n"));
    let head = repo.commit("Edit");
    let object = repo
        .path()
        .join(".git/objects")
        .join(&head[..2])
        .join(&head[2..]);
    std::fs::remove_file(&object).expect("a loose commit object");
    for run in [
        repo.run(&["log"]),
        repo.run(&["diff", "HEAD~1", "HEAD"]),
        repo.run(&["report", "--format", "json", "--as-of", "2026-07-10"]),
    ] {
        run.expect_code(2).expect_mentions(&[
            &format!("`HEAD` names commit {}", &head[..7]),
            "does not give back",
            "git fsck",
        ]);
        assert!(!run.stderr.contains("unknown revision"), "{run}");
    }
}

#[test]
fn a_corrupt_blob_in_history_is_named_with_its_commit() {
    let mut repo = Repo::new();
    let okrs = "kind: Objective\nid: O-a\ntitle: A\nsupports: [G-retention]\nperiod: 2026\nkey_results:\n  - {id: KR-a, title: A, baseline: 0, target: 10, current: 1}\n";
    repo.write("plans/goals.yaml", GOALS)
        .write("plans/okrs.yaml", okrs);
    let first = repo.commit("Initial plan");
    repo.write("plans/okrs.yaml", &okrs.replace("current: 1", "current: 2"));
    let damaged = repo.commit("Check-in");
    repo.write("plans/okrs.yaml", &okrs.replace("current: 1", "current: 3"));
    repo.commit("Check-in again");
    let blob = repo.git(&["rev-parse", &format!("{damaged}:plans/okrs.yaml")]);
    let object = repo
        .path()
        .join(".git/objects")
        .join(&blob.trim()[..2])
        .join(&blob.trim()[2..]);
    let mut perms = std::fs::metadata(&object)
        .expect("a loose object")
        .permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&object, perms).expect("writable");
    std::fs::write(&object, "not zlib").expect("corrupted");
    let short = &damaged[..7];

    let check = repo.run(&["check", "--as-of", "2026-07-10"]);
    assert!(
        check.stderr.contains("history incomplete")
            && check.stderr.contains(short)
            && check.stderr.contains("git fsck"),
        "{check}"
    );
    let log = repo.run(&["log"]);
    log.expect_code(0)
        .expect_mentions(&["history incomplete", short, "git fsck"]);
    let log = repo.run(&["log", "--format", "json"]);
    assert_eq!(log.json()["damaged"][0]["commit"], short, "{log}");
    for run in [
        repo.run(&["diff", &first, &damaged]),
        repo.run(&["check", "--base", &damaged, "--as-of", "2026-07-10"]),
    ] {
        run.expect_code(2).expect_mentions(&[
            &format!("cannot read `plans/okrs.yaml` at commit {short}"),
            "git fsck",
        ]);
    }
}

#[test]
fn a_plan_in_a_subfolder_of_the_repository_reads_its_own_folders() {
    let mut repo = Repo::new();
    repo.write("strategy/bearing.yaml", "plans: [plans]\n")
        .write("strategy/plans/goals.yaml", GOALS)
        .write("strategy/plans/okrs.yaml", OKRS)
        .write(
            "plans/decoy.yaml",
            "kind: Goal\nid: G-decoy\ntitle: Not this plan\n",
        );
    repo.commit("A plan in a subfolder");
    repo.write(
        "strategy/plans/okrs.yaml",
        &OKRS.replace("target: 3.2", "target: 3.6"),
    );
    let json = diff_json(&repo, &["--config", "strategy/bearing.yaml"]);
    assert_eq!(json["impact"]["lowered_targets"][0]["id"], "KR-churn");
    let log = repo
        .run(&[
            "log",
            "--config",
            "strategy/bearing.yaml",
            "--format",
            "json",
        ])
        .json();
    let added: Vec<&str> = log["commits"][0]["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert!(
        added.contains(&"G-retention") && !added.contains(&"G-decoy"),
        "{added:?}"
    );
}

/// A revision's files are admitted against `limits.max-total-bytes` in path order, as
/// the working tree's are, even though their blobs are then read in parallel: the same
/// file is refused on both sides, and the files before it are read.
#[test]
fn the_total_limit_refuses_the_same_files_at_a_revision_as_in_the_working_tree() {
    let mut repo = Repo::new();
    let goal = |id: &str| {
        format!(
            "kind: Goal\nid: {id}\ntitle: Goal {id}\nstatus: active\n{}",
            "# padding to make each file about 400 bytes long\n".repeat(7)
        )
    };
    repo.write(
        "bearing.yaml",
        "plans: [plans]\nlimits:\n  max-total-bytes: 1000\n",
    )
    .write("plans/a.yaml", &goal("G-a"))
    .write("plans/b.yaml", &goal("G-b"))
    .write("plans/c.yaml", &goal("G-c"));
    repo.commit("Three goals");
    let check = repo.run(&["check", "--format", "json", "--no-history"]);
    let in_tree = check.json();
    let refused = |json: &serde_json::Value| -> Vec<String> {
        json["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|f| {
                f["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("total limit"))
            })
            .filter_map(|f| f["file"].as_str().map(str::to_owned))
            .collect()
    };
    assert_eq!(refused(&in_tree), ["plans/c.yaml"], "{check}");
    let base = repo.run(&[
        "check",
        "--format",
        "json",
        "--base",
        "HEAD",
        "--no-history",
    ]);
    let json = base.json();
    assert_eq!(refused(&json), ["plans/c.yaml"], "{base}");
    // Both goals before the limit were read at the revision too: nothing else is new.
    let diff = repo.run(&["diff", "HEAD", "--format", "json"]);
    diff.expect_code(2)
        .expect_mentions(&["c.yaml", "total limit"]);
    let changes = diff.json()["changes"].clone();
    assert_eq!(changes.as_array().map(Vec::len), Some(0), "{changes:#}");
}

/// A value edited but not committed counts as updated today, in `report` as in `check`
/// (README, "Value series"): both read "last updated" the same way.
#[test]
fn report_and_check_agree_that_an_uncommitted_value_was_updated_today() {
    let mut repo = Repo::new();
    let okrs = "kind: Objective\nid: O-a\ntitle: A\nsupports: [G-retention]\nperiod: 2026\nkey_results:\n  - {id: KR-a, title: A, baseline: 0, target: 10, current: 1}\n";
    repo.write("plans/goals.yaml", GOALS)
        .write("plans/okrs.yaml", okrs);
    repo.commit("Initial plan");
    repo.write("plans/okrs.yaml", &okrs.replace("current: 1", "current: 2"));
    // "Today" is the machine's: the day must not be after `--as-of` for the rule to hold.
    let today = jiff::ZonedDateTime::now().date();
    let as_of = today.to_string();
    let last_update = |json: &serde_json::Value, list: &str| -> serde_json::Value {
        json[list]
            .as_array()
            .into_iter()
            .flatten()
            .find(|k| k["id"] == "KR-a")
            .map(|k| k["last_update"].clone())
            .unwrap_or_default()
    };
    let check = repo
        .run(&["check", "--format", "json", "--as-of", &as_of])
        .json();
    let in_check = last_update(&check["measures"], "key_results");
    assert_eq!(in_check["date"], today.to_string(), "{in_check}");
    let report = repo.run(&["report", "--format", "json", "--as-of", &as_of]);
    let in_report = last_update(&report.json(), "key_results");
    assert_eq!(in_report["date"], in_check["date"], "{report}");
}

/// On one core (a container given one CPU, or `RAYON_NUM_THREADS=1`) the pool has one
/// worker. `check` with history waited for ever there: the walk ran on that worker and
/// waited on its reader thread, which waited for a free worker. Every command that
/// reads history runs there, and says what it says on two.
#[test]
fn every_history_command_runs_on_a_single_worker() {
    let mut repo = Repo::with_plan();
    repo.write(
        "plans/okrs.yaml",
        &OKRS.replace("current: 3.9", "current: 3.7"),
    );
    repo.commit("Check-in");
    repo.write(
        "plans/okrs.yaml",
        &OKRS.replace("current: 3.9", "current: 3.6"),
    );
    repo.commit("Another check-in");
    let as_of = ["--as-of", "2026-07-20"];
    let commands: [&[&str]; 6] = [
        &["check", "--format", "json"],
        &["check", "--format", "json", "--base", "HEAD~1"],
        &["log"],
        &["diff", "HEAD~2", "HEAD"],
        &["report", "--format", "json"],
        &["report", "--format", "markdown", "--since", "2026-07-01"],
    ];
    for command in commands {
        let mut args = command.to_vec();
        if command[0] != "log" && command[0] != "diff" {
            args.extend_from_slice(&as_of);
        }
        let one = bearing_in_env(
            &args,
            repo.path(),
            Bounds::default(),
            &[("RAYON_NUM_THREADS", "1")],
        );
        let two = bearing_in_env(
            &args,
            repo.path(),
            Bounds::default(),
            &[("RAYON_NUM_THREADS", "2")],
        );
        assert_eq!(one.code, two.code, "{args:?}: {}", one.all());
        assert!(matches!(one.code, Some(0 | 1)), "{args:?}: {}", one.all());
        assert_eq!(one.stdout, two.stdout, "{args:?}");
    }
    // The site too, page for page.
    let site = |threads: &str, out: &str| {
        let run = bearing_in_env(
            &["report", "--out", out, "--as-of", "2026-07-20"],
            repo.path(),
            Bounds::default(),
            &[("RAYON_NUM_THREADS", threads)],
        );
        assert_eq!(run.code, Some(0), "{}", run.all());
    };
    site("1", "site-one");
    site("2", "site-two");
    let pages = |dir: &str| {
        let mut pages: Vec<(String, Vec<u8>)> = std::fs::read_dir(repo.path().join(dir))
            .expect("the site folder is written")
            .map(|e| e.expect("the site folder lists"))
            .filter(|e| e.path().is_file())
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).expect("a page reads"),
                )
            })
            .collect();
        pages.sort();
        pages
    };
    assert_eq!(pages("site-one"), pages("site-two"));
}
