//! `--format json`: the documented, versioned shape of a check (docs/json-output.md).

use std::io::{self, Write};

use serde::Serialize;

use super::pretty;
use crate::check::{CheckReport, Located};
use crate::load::Location;

/// Bumped when a field changes meaning or disappears; new fields may appear at any time.
pub const JSON_VERSION: u32 = 1;

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct FindingOut<'a> {
    rule: &'static str,
    level: &'static str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    entity: Option<&'a str>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    at: Option<&'a Location>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<RelatedOut<'a>>,
    /// With `check --base`: `new` or `existing`.
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'static str>,
}

#[derive(Serialize)]
struct RelatedOut<'a> {
    message: &'a str,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    at: Option<&'a Location>,
}

fn finding(l: &Located) -> FindingOut<'_> {
    FindingOut {
        rule: l.finding.rule.code(),
        level: l.finding.level.as_str(),
        message: &l.finding.message,
        entity: l.finding.entity.as_ref().map(|e| e.as_str()),
        at: l.at.as_ref(),
        help: l.finding.help.as_deref(),
        related: l
            .related
            .iter()
            .map(|(message, at)| RelatedOut {
                message,
                at: at.as_ref(),
            })
            .collect(),
        status: l.status.map(|s| s.as_str()),
    }
}

/// Writes the check as one JSON object: `version`, `tool`, `as_of`, `base` (with
/// `check --base`: the base revision and the new / existing counts), `summary`,
/// `findings`, and `measures` (alignment, and per goal, objective, key result and
/// project).
pub fn render(report: &CheckReport, out: &mut dyn Write) -> io::Result<()> {
    let findings: Vec<FindingOut> = report.findings.iter().map(finding).collect();
    // The same object as `Output`, its two large fields serialised side by side.
    let (findings, measures) = rayon::join(
        || pretty::array(&findings, 1),
        || pretty::value(&report.analysis, 1),
    );
    let tool = Tool {
        name: "bearing",
        version: env!("CARGO_PKG_VERSION"),
    };
    let mut fields = vec![
        ("version", pretty::value(&JSON_VERSION, 1)?),
        ("tool", pretty::value(&tool, 1)?),
        ("as_of", pretty::value(&report.as_of.to_string(), 1)?),
    ];
    if let Some(base) = &report.base {
        fields.push(("base", pretty::value(base, 1)?));
    }
    fields.push(("summary", pretty::value(&report.summary, 1)?));
    fields.push(("findings", findings?));
    fields.push(("measures", measures?));
    pretty::write_object(out, &fields)?;
    writeln!(out)
}
