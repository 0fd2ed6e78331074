//! The starter plan of `bearing init`: a commented bearing.yaml listing every rule at its
//! default level, one small plan file per kind that passes `bearing check`, the JSON
//! Schemas and their association with the plan files for editors, and a GitHub
//! workflow template.
//!
//! The rule list is generated from [`Rule::ALL`] so it can never drift from the
//! catalogue. The plan is dated for the quarter after `today`: a period that has not
//! started has no expected progress and nothing stale, so the starter plan is clean on
//! the day it is written and a fair example for months after.

use jiff::civil::Date;

use super::ScaffoldFile;
use crate::config::Limits;
use crate::vocab::{Rule, default_options};

/// Every file of the starter plan, in the order they are listed.
pub(crate) fn files(today: Date) -> Vec<ScaffoldFile> {
    let dates = Dates::after(today);
    let mut files = vec![
        ScaffoldFile::new("bearing.yaml", config()),
        ScaffoldFile::new("plans/goals.yaml", dates.fill(GOALS)),
        ScaffoldFile::new("plans/okrs.yaml", dates.fill(OKRS)),
        ScaffoldFile::new("plans/projects.yaml", dates.fill(PROJECTS)),
        ScaffoldFile::new(".github/workflows/bearing.yml", WORKFLOW),
    ];
    // The schemas, and their association with every plan file for editors.
    files.extend(super::editors::files(&["plans"]));
    files
}

/// The dates the starter plan is written for: the quarter after `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Dates {
    year: i16,
    quarter: i8,
    start: Date,
    end: Date,
}

impl Dates {
    fn after(today: Date) -> Dates {
        let quarter_now = (today.month() - 1) / 3 + 1;
        let (year, quarter) = if quarter_now == 4 {
            (today.year().saturating_add(1), 1)
        } else {
            (today.year(), quarter_now + 1)
        };
        let first_month = (quarter - 1) * 3 + 1;
        let start = Date::new(year, first_month, 1).unwrap_or(today);
        let last_month = first_month + 2;
        let end = Date::new(year, last_month, 1)
            .map(|d| d.last_of_month())
            .unwrap_or(start);
        Dates {
            year,
            quarter,
            start,
            end,
        }
    }

    /// A day of the quarter's `month` (1..3).
    fn day(&self, month: i8, day: i8) -> String {
        Date::new(self.year, self.start.month() + month - 1, day)
            .unwrap_or(self.start)
            .to_string()
    }

    fn fill(&self, template: &str) -> String {
        // The goal runs a year from the quarter's start.
        let goal_due = Date::new(self.year.saturating_add(1), self.start.month(), 1)
            .ok()
            .and_then(|d| d.yesterday().ok())
            .unwrap_or(self.end);
        template
            .replace("{PERIOD}", &format!("{}-Q{}", self.year, self.quarter))
            .replace("{START}", &self.start.to_string())
            .replace("{END}", &self.end.to_string())
            .replace("{GOAL_DUE}", &goal_due.to_string())
            .replace("{MONTH1}", &self.day(1, 28))
            .replace("{MONTH2}", &self.day(2, 20))
            .replace("{DUE}", &self.day(3, 15))
    }
}

/// bearing.yaml: every configurable rule at its default level, with what it checks.
pub(crate) fn config() -> String {
    let mut text = String::from(CONFIG_HEAD);
    for rule in Rule::ALL.iter().copied().filter(|r| r.is_configurable()) {
        let level = rule.default_level().as_str();
        let options = default_options(rule);
        // The rules that take options, as bearing.schema.json defines them.
        let value = match rule {
            Rule::StaleKr => format!("{{level: {level}, days: {}}}", options.days),
            Rule::KrOffTrack | Rule::PlanGap => {
                format!("{{level: {level}, tolerance: {}}}", options.tolerance)
            }
            _ => level.to_owned(),
        };
        text.push_str(&format!(
            "  # {}\n  {}: {value}\n",
            rule.summary(),
            rule.code()
        ));
    }
    let limits = Limits::default();
    text.push_str(&CONFIG_TAIL.replace(
        "{LIMITS}",
        &format!(
            "#   max-file-bytes: {}\n#   max-total-bytes: {}\n#   max-depth: {}\n#   max-aliases: {}\n",
            limits.max_file_bytes,
            limits.max_total_bytes,
            limits.yaml.max_depth,
            limits.yaml.max_aliases
        ),
    ));
    text
}

const CONFIG_HEAD: &str = "\
# yaml-language-server: $schema=.bearing/schema/bearing.schema.json
#
# bearing configuration. bearing finds this file by walking up from the working folder,
# as git finds `.git`; `bearing --config FILE` names another. Every key is optional.
# The schema above gives completion and hover help in editors with YAML support.

# The folders that hold the plan's *.yaml / *.yml files, relative to this file.
plans: [plans]

# Every rule at its default level: error (fails `bearing check`), warning, info, or off
# (the rule does not run). Rules with options take an object with `level` and the options.
rules:
";

const CONFIG_TAIL: &str = "
# What `bearing check` requires of the plan as a whole.
gate:
  # The lowest alignment score accepted (0..1): the share of active and proposed projects
  # that trace to an active goal, weighted by planned budget when every one has a budget
  # in one currency. Below it the `gate` rule fires.
  min-alignment: 0.8

# Settings of `bearing report`.
report:
  title: Our strategy
  # A folder, relative to this file, whose files replace the built-in report templates.
  # templates: report-templates

# Plan files may come from pull requests of forks, so every read is bounded. The
# defaults, to raise if a plan outgrows them:
# limits:
{LIMITS}";

const GOALS: &str = r#"# yaml-language-server: $schema=../.bearing/schema/plan.schema.json
#
# Goals: the business outcomes everything else serves. Each YAML document (documents are
# separated by `---`) is one entity with a `kind` and an `id`; ids are shared by goals,
# objectives, key results and projects. Which file an entity lives in does not matter.
# `bearing schema goal` prints every field; your editor shows them on hover.
kind: Goal
id: G-retention            # letters, digits and `_.-`; the G- prefix is only a habit
title: Keep more of our customers
owner: "@ceo"              # a person or team, free text
category: customer         # financial | revenue | cost | customer | operational | people
status: active             # active | achieved | dropped | on-hold
# parent: G-growth         # a higher goal this one rolls up into
start: {START}          # expected progress runs linearly from start to due
due: {GOAL_DUE}
# The metric: where it started, where it should get to, where it is now. `direction`
# (increase | decrease) is inferred from baseline and target.
unit: "%"
baseline: 60
target: 66
current: 60
description: |
  Markdown. Why this matters, how it is measured, and where the number comes from:
  here, the share of last year's customers who ordered again within 12 months.
"#;

const OKRS: &str = r#"# yaml-language-server: $schema=../.bearing/schema/plan.schema.json
#
# Objectives (OKRs): what we set out to achieve in a period, each with the key results
# that measure it. An objective supports one or more goals; an active objective that
# supports no active goal is an orphan, and `bearing check` fails on it.
kind: Objective
id: O-first-month
title: Make a customer's first month with us a great one
owner: "@head-of-product"
supports: [G-retention]    # goal ids
period: {PERIOD}            # YYYY | YYYY-Hn | YYYY-Qn | YYYY-MM | {start: DATE, end: DATE}
status: active             # active | done | dropped
key_results:
  # Outcomes with a baseline, a target and a current value, not outputs: "ship the
  # setup guide" is a project deliverable, "activation from 40% to 55%" is a key result.
  - id: KR-activation
    title: Raise 30-day activation from 40% to 55%
    owner: "@growth-lead"
    unit: "%"
    baseline: 40
    target: 55
    current: 40
    confidence: 0.6        # 0..1: the owner's belief that the target will be met
    # Updating `current` in a commit is a check-in (git keeps who and when). Explicit
    # check-ins may carry a confidence and a note:
    # checkins:
    #   - {date: {MONTH1}, value: 43, confidence: 0.6, note: first cohort}
  - id: KR-early-churn
    title: Cut first-month churn from 9% to 6%
    owner: "@growth-lead"
    unit: "%"
    baseline: 9
    target: 6              # below the baseline: the direction is `decrease`
    current: 9
"#;

const PROJECTS: &str = r#"# yaml-language-server: $schema=../.bearing/schema/plan.schema.json
#
# Projects: the work meant to move key results. Every active or proposed project states
# what it contributes to; one that traces to no active goal is an orphan.
kind: Project
id: P-guided-setup
title: Guided setup for new customers
owner: "@team-onboarding"
status: proposed           # proposed | active | paused | done | cancelled
contributes_to:            # key-result or objective ids; `expected` states the effect
  - {id: KR-activation, expected: 15}
  - {id: KR-early-churn, expected: -3}
start: {START}
due: {DUE}
budget: {planned: 60000, spent: 0, currency: USD}
expected_value: {amount: 150000, currency: USD}   # with the budget, gives the ROI
outcome: New customers finish setup in their first session
deliverables:
  - {title: Setup checklist in the app, due: {MONTH2}, done: false}
  - {title: Welcome call for large accounts, due: {DUE}, done: false}
# depends_on: [P-other]    # projects this one waits for
# stage: rollout           # pilot | rollout; a rollout names its pilot in validated_by
description: |
  Markdown. What will be built, and why it should move the key results above.
"#;

/// The GitHub workflow: the bearing Action by its canonical name (`repository` of
/// Cargo.toml; tests/cli/names.rs keeps every mention of it equal).
const WORKFLOW: &str = r#"# Checks the plan on every pull request and on pushes to main: a plan that breaks
# alignment fails, with annotations on the YAML lines and a job summary. Written by
# `bearing init`.
#
# Before the first run, make the `bearing` job a required status check (Settings >
# Branches > branch protection rule for main > Require status checks to pass), so a
# plan that breaks alignment cannot be merged.
name: bearing

on:
  pull_request:
  push:
    branches: [main]

# Read-only: the check needs the files and their history, nothing else. For one pull
# request comment kept up to date, add `pull-requests: write` and `comment: true`.
permissions:
  contents: read

jobs:
  bearing:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
        with:
          # No token is left behind for later steps.
          persist-credentials: false
          # The whole history: check-ins, trends and staleness come from git.
          fetch-depth: 0

      # A released, checksum-verified binary: v0 follows the 0.x releases; pin a
      # release's commit SHA instead if your policy asks for it.
      - uses: bearing-plan/bearing@v0
        with:
          fail-on: error
"#;

/// What to do after `bearing init`, for the CLI to print under "Next steps:".
pub(crate) const NEXT_STEPS: &str = "\
  1. bearing check              the starter plan passes; edit plans/*.yaml to make it yours
  2. Open the plan in an editor with YAML support (VS Code: the YAML extension): the
     `# yaml-language-server` line on top of each file gives completion and hover help.
  3. Push, and make the `bearing` job (.github/workflows/bearing.yml) a required status check.
     Keep `fetch-depth: 0`: trends and check-ins come from git.
  4. Publish `bearing report --format html` with GitHub Pages for everyone to read.
  Try the worked example too: bearing init --example acme";

#[cfg(test)]
mod tests;
