//! Integration tests: the real `bearing` binary on fixtures, hostile input (docs/threat-model.md)
//! and every output format. One test binary; topics live in `tests/cli/*.rs`.

mod support;

#[path = "cli/action.rs"]
mod action;
#[path = "cli/agree.rs"]
mod agree;
#[path = "cli/alignment.rs"]
mod alignment;
#[path = "cli/checkin.rs"]
mod checkin;
#[path = "cli/conventions.rs"]
mod conventions;
#[path = "cli/fixtures.rs"]
mod fixtures;
#[path = "cli/formats.rs"]
mod formats;
#[path = "cli/goal_pages.rs"]
mod goal_pages;
#[path = "cli/history.rs"]
mod history;
#[path = "cli/hostile.rs"]
mod hostile;
#[path = "cli/import.rs"]
mod import;
#[path = "cli/init.rs"]
mod init;
#[path = "cli/mistakes.rs"]
mod mistakes;
#[path = "cli/names.rs"]
mod names;
#[path = "cli/paths.rs"]
mod paths;
#[path = "cli/reach.rs"]
mod reach;
#[path = "cli/report.rs"]
mod report;
#[path = "cli/report_history.rs"]
mod report_history;
#[path = "cli/review.rs"]
mod review;
#[path = "cli/rule_snapshots.rs"]
mod rule_snapshots;
#[path = "cli/sarif.rs"]
mod sarif;
