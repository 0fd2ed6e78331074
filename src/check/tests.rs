//! The judgement of a plan, on the fixtures.

use std::collections::BTreeSet;
use std::path::Path;

use super::*;
use crate::load::FileContent;

/// The base of a change is judged unworded: it must find all a worded judgement
/// finds, about the same entities at the same places (what a finding's key is made
/// of), and only go without the words. Every file of `fixtures/invalid` is a plan
/// of its own, one per mistake, so every rule is met.
#[test]
fn an_unworded_judgement_finds_what_a_worded_one_does() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/invalid");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures/invalid")
        .map(|entry| entry.expect("a fixture").path())
        .collect();
    paths.sort();
    let config = Config::default();
    let as_of = Date::constant(2027, 6, 1);
    let mut unworded_rules = BTreeSet::new();
    for path in &paths {
        let file = RawFile {
            path: path
                .file_name()
                .expect("a file")
                .to_string_lossy()
                .into_owned(),
            content: FileContent::Bytes(std::fs::read(path).expect("a fixture")),
        };
        let loaded = load(vec![file], &config.limits.yaml);
        let findings = |sink| {
            let read = loaded.findings.clone();
            let (plan, decls, damage) = (&loaded.plan, &loaded.decls, &loaded.damage);
            judge(
                plan,
                decls,
                damage,
                read,
                sink,
                as_of,
                &Evidence::default(),
                None,
            )
            .findings
        };
        let worded = findings(Sink::new(&config.rules));
        let unworded = findings(Sink::unworded(&config.rules));
        let place = |f: &Finding| (f.rule, f.level, f.entity.clone(), f.at.clone());
        assert_eq!(
            worded.iter().map(place).collect::<Vec<_>>(),
            unworded.iter().map(place).collect::<Vec<_>>(),
            "{}",
            path.display()
        );
        assert!(
            worded.iter().all(|f| !f.message.is_empty()),
            "{}",
            path.display()
        );
        unworded_rules.extend(
            unworded
                .iter()
                .filter(|f| f.message.is_empty())
                .map(|f| f.rule.code()),
        );
    }
    // Each rule that words its findings only where they are read was met unworded.
    let lazily_worded = [
        Rule::KrOffTrack,
        Rule::StaleKr,
        Rule::OverdueProject,
        Rule::OverBudget,
        Rule::RolloutWithoutPilot,
        Rule::TimelineMismatch,
        Rule::PlanGap,
        Rule::KrWithoutProjects,
        Rule::UnmeasurableKr,
        Rule::UnmeasuredGoal,
        Rule::OrphanProject,
        Rule::OrphanObjective,
        Rule::GoalWithoutObjectives,
    ];
    let expected: BTreeSet<_> = lazily_worded.iter().map(|r| r.code()).collect();
    assert_eq!(unworded_rules, expected);
}
