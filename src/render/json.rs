//! `--format json`: the documented, versioned shape of a check (docs/json-output.md).

use std::io::{self, Write};

use serde::Serialize;

use crate::check::{CheckReport, Summary};
use crate::finding::{Located, Novelty};
use crate::vocab::{Level, Location, PathBase, Rule};

/// Bumped when a field changes meaning or disappears; new fields may appear at any time.
pub(crate) const JSON_VERSION: u32 = 2;

#[derive(Serialize)]
struct Output<'a> {
    version: u32,
    tool: Tool,
    as_of: String,
    /// With `check --base`: the base revision and the new / existing counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    base: Option<&'a crate::check::BaseSummary>,
    summary: &'a Summary,
    findings: Vec<FindingOut<'a>>,
    /// Every measure: alignment, and per goal, objective, key result and project.
    measures: &'a crate::measure::Analysis,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct FindingOut<'a> {
    rule: Rule,
    level: Level,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    entity: Option<&'a str>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    at: Option<Location>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<RelatedOut<'a>>,
    /// With `check --base`: `new` or `existing`.
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<Novelty>,
}

#[derive(Serialize)]
struct RelatedOut<'a> {
    message: &'a str,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    at: Option<Location>,
}

/// A finding as JSON, its files named from `base` (the top of the repository).
fn finding<'a>(l: &'a Located, base: &PathBase) -> FindingOut<'a> {
    FindingOut {
        rule: l.finding.rule,
        level: l.finding.level,
        message: &l.finding.message,
        entity: l.finding.entity.as_ref().map(|e| e.as_str()),
        at: l.at.as_ref().map(|at| base.locate(at)),
        help: l.finding.help.as_deref(),
        related: l
            .related
            .iter()
            .map(|(message, at)| RelatedOut {
                message,
                at: at.as_ref().map(|at| base.locate(at)),
            })
            .collect(),
        status: l.status,
    }
}

/// The JSON of a check; `base` names each file from the top of the repository.
pub(crate) fn render(report: &CheckReport, base: &PathBase, out: &mut dyn Write) -> io::Result<()> {
    let output = Output {
        version: JSON_VERSION,
        tool: Tool {
            name: "bearing",
            version: env!("CARGO_PKG_VERSION"),
        },
        as_of: report.as_of.to_string(),
        base: report.base.as_ref(),
        summary: &report.summary,
        findings: report.findings.iter().map(|l| finding(l, base)).collect(),
        measures: &report.analysis,
    };
    super::pretty_json(out, &output)
}
