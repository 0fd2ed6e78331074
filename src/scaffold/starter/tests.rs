use super::*;
use crate::config::Config;
use crate::load::{FileContent, RawFile};
use crate::vocab::Level;
use jiff::civil::date;

#[test]
fn the_configuration_lists_every_rule_at_its_default_level() {
    let text = config();
    let parsed = Config::parse(&text).expect("valid configuration");
    for rule in Rule::ALL.iter().copied().filter(|r| r.is_configurable()) {
        assert!(
            text.contains(&format!("\n  {}: ", rule.code())),
            "{}",
            rule.code()
        );
        assert!(text.contains(rule.summary()), "{}", rule.code());
        assert_eq!(parsed.rules.level(rule), rule.default_level());
        assert_eq!(parsed.rules.options(rule), default_options(rule));
    }
    assert_eq!(parsed.rules.min_alignment, Some(0.8));
    assert_eq!(parsed.limits, Limits::default());
    assert!(text.contains("# limits:\n#   max-file-bytes: 1048576\n"));
}

#[test]
fn the_quarter_after_today() {
    let q = |d| {
        let x = Dates::after(d);
        (x.year, x.quarter, x.start.to_string(), x.end.to_string())
    };
    assert_eq!(
        q(date(2026, 2, 14)),
        (2026, 2, "2026-04-01".into(), "2026-06-30".into())
    );
    assert_eq!(
        q(date(2026, 11, 30)),
        (2027, 1, "2027-01-01".into(), "2027-03-31".into())
    );
    assert_eq!(
        q(date(2026, 9, 30)),
        (2026, 4, "2026-10-01".into(), "2026-12-31".into())
    );
}

#[test]
fn the_workflow_is_yaml_and_the_schemas_are_json() {
    for file in files(date(2026, 5, 1)) {
        if file.path.ends_with(".json") {
            let json: serde_json::Value = serde_json::from_str(&file.contents).expect(&file.path);
            if file.path.starts_with(crate::scaffold::editors::SCHEMA_DIR) {
                assert!(json.get("$schema").is_some(), "{}", file.path);
            }
        } else if file.path.ends_with(".toml") {
            // Editor settings (`super::editors` tests them).
        } else {
            let docs = crate::yaml::parse::parse_documents(
                &file.contents,
                &crate::yaml::parse::YamlLimits::default(),
            )
            .unwrap_or_else(|e| panic!("{}: {}", file.path, e.message));
            assert_eq!(docs.len(), 1, "{}", file.path);
        }
    }
    let workflow = WORKFLOW;
    // Only `env:` carries values into the shell: no `${{` inside a `run:`.
    for line in workflow
        .lines()
        .filter(|l| l.trim_start().starts_with("run:"))
    {
        assert!(!line.contains("${{"), "{line}");
    }
}

#[test]
fn every_plan_file_names_its_schema_relatively() {
    for file in files(date(2026, 5, 1)) {
        if file.path.starts_with("plans/") {
            assert!(
                file.contents.starts_with(
                    "# yaml-language-server: $schema=../.bearing/schema/plan.schema.json\n"
                ),
                "{}",
                file.path
            );
        }
    }
}

/// The starter plan has no finding at all on the day it is written, and no error
/// through the end of its quarter (once the quarter starts, its key results want
/// check-ins: `stale-kr` says so).
#[test]
fn the_starter_plan_is_clean() {
    for today in [
        date(2026, 1, 1),
        date(2026, 3, 31),
        date(2026, 7, 15),
        date(2026, 12, 31),
        date(2028, 2, 29),
    ] {
        let all = files(today);
        let config = Config::parse(&all[0].contents).expect("config");
        let plan_files: Vec<RawFile> = all
            .iter()
            .filter(|f| f.path.starts_with("plans/"))
            .map(|f| RawFile {
                path: f.path.clone(),
                content: FileContent::Bytes(f.contents.clone().into_bytes()),
            })
            .collect();
        assert_eq!(plan_files.len(), 3);
        let check = |as_of| {
            crate::check::check(
                plan_files.clone(),
                &config,
                as_of,
                &crate::measure::Evidence::default(),
            )
        };
        let report = check(today);
        let found: Vec<String> = report
            .findings
            .iter()
            .map(|f| {
                format!(
                    "{} {}: {}",
                    f.finding.rule,
                    f.finding.entity.as_ref().map_or("-", |e| e.as_str()),
                    f.finding.message
                )
            })
            .collect();
        assert!(found.is_empty(), "{today}: {found:#?}");
        assert_eq!(
            (
                report.summary.goals,
                report.summary.objectives,
                report.summary.projects
            ),
            (1, 1, 1)
        );
        let end = Dates::after(today).end;
        for as_of in [today.tomorrow().expect("date"), end] {
            let report = check(as_of);
            assert!(
                !report
                    .findings
                    .iter()
                    .any(|f| f.finding.level == Level::Error),
                "{as_of}"
            );
        }
    }
}
