//! `check --format markdown`: what a reviewer must read first, for a pull-request comment
//! and `$GITHUB_STEP_SUMMARY` (the Action puts the semantic diff of `bearing diff
//! --format markdown` under it). The headline — alignment before → after, errors,
//! warnings, new findings — then the new findings, the most severe first, each with a
//! link to its line; the rest collapsed.
//!
//! User text is escaped with the one Markdown escaper (docs/threat-model.md H8); file
//! names come from the plan's repository, so they are escaped in link text and
//! percent-encoded in the address. The text stays small: at most [`LISTED`] findings
//! per list, and a line that says how many more there are.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::diff::score;
use crate::check::CheckReport;
use crate::finding::{Located, Novelty};
use crate::format::count;
use crate::format::markdown::escape;
use crate::vocab::{Level, PathBase, Rule};

/// Findings listed per list; `bearing check` shows them all.
pub(crate) const LISTED: usize = 50;

/// How the findings link to their lines.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Links<'a> {
    /// The address each file name is appended to, e.g.
    /// `https://github.com/OWNER/REPO/blob/SHA`; `None`: no links, the place as code.
    pub(crate) blob: Option<&'a str>,
}

fn rank(level: Level) -> u8 {
    match level {
        Level::Error => 0,
        Level::Warning => 1,
        _ => 2,
    }
}

/// A file name in a URL path: unreserved characters and `/` as they are, the rest
/// percent-encoded, so that no name can end the link or start markup.
fn url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn place(l: &Located, base: &PathBase, links: Links) -> String {
    let Some(at) = &l.at else {
        return String::new();
    };
    let file = base.file(&at.file);
    let text = format!("{}:{}", escape(&file), at.line);
    match links.blob {
        Some(blob) => format!(
            " — [{text}]({}/{}#L{})",
            blob.trim_end_matches('/'),
            url_path(&file),
            at.line
        ),
        None => format!(" — {text}"),
    }
}

fn item(l: &Located, base: &PathBase, links: Links) -> String {
    let f = &l.finding;
    let level = match f.level {
        Level::Error => "**error**",
        Level::Warning => "**warning**",
        _ => "info",
    };
    format!(
        "- {level} `{}`: {}{}",
        f.rule.code(),
        escape(&f.message),
        place(l, base, links)
    )
}

fn list(
    out: &mut dyn Write,
    findings: &[&Located],
    base: &PathBase,
    links: Links,
) -> io::Result<()> {
    for l in findings.iter().take(LISTED) {
        writeln!(out, "{}", item(l, base, links))?;
    }
    if findings.len() > LISTED {
        writeln!(
            out,
            "- … and {} more: run `bearing check` to see them all",
            findings.len() - LISTED
        )?;
    }
    Ok(())
}

/// Whether a finding is what the headline counts as new: new against the base, at
/// error or warning level (infos never fail a change).
fn is_new(l: &Located) -> bool {
    l.status == Some(Novelty::New) && matches!(l.finding.level, Level::Error | Level::Warning)
}

pub(crate) fn render(
    report: &CheckReport,
    base: &PathBase,
    links: Links,
    out: &mut dyn Write,
) -> io::Result<()> {
    let s = &report.summary;
    let after = &report.analysis.alignment;
    let alignment = match &report.base {
        Some(b) => format!("alignment {} → {}", score(&b.alignment), score(after)),
        None => format!("alignment {}", score(after)),
    };
    let mut by_severity: Vec<&Located> = report.findings.iter().collect();
    // Stable: within a level, the order of `bearing check` (file, line, column, rule).
    by_severity.sort_by_key(|l| rank(l.finding.level));
    let (first, rest): (Vec<&Located>, Vec<&Located>) = match &report.base {
        Some(_) => by_severity.into_iter().partition(|l| is_new(l)),
        None => (by_severity, Vec::new()),
    };
    let mut headline = vec![
        alignment,
        count(s.errors, "error", "errors"),
        count(s.warnings, "warning", "warnings"),
    ];
    if report.base.is_some() {
        headline.push(format!("{} new", first.len()));
    }
    writeln!(out, "### bearing: {}", headline.join(" · "))?;
    writeln!(out)?;
    if let Some(b) = &report.base {
        writeln!(
            out,
            // Escaped text, not a code span: a code span would show the escapes.
            "<sub>against {}, as of {}; {} of the plan</sub>",
            escape(&b.revision.label()),
            report.as_of,
            count(s.files, "file", "files")
        )?;
        writeln!(out)?;
    }
    match &report.base {
        Some(_) if first.is_empty() => {
            writeln!(out, "No new error or warning in this change.")?;
        }
        Some(_) => {
            writeln!(out, "#### New findings ({})", first.len())?;
            writeln!(out)?;
            list(out, &first, base, links)?;
        }
        None if first.is_empty() => writeln!(out, "No findings.")?,
        None => {
            writeln!(out, "#### Findings ({})", first.len())?;
            writeln!(out)?;
            list(out, &first, base, links)?;
        }
    }
    if report.base.is_none() {
        stale_by_owner(report, out)?;
    }
    if !rest.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "<details><summary>Findings already at the base, and infos ({})</summary>",
            rest.len()
        )?;
        writeln!(out)?;
        list(out, &rest, base, links)?;
        writeln!(out)?;
        writeln!(out, "</details>")?;
    }
    writeln!(out)
}

/// The key results `stale-kr` names, by owner (the key result's, else its objective's):
/// who has a check-in to make. Shown for the plan as it is (a weekly run), not for a
/// change, where it would repeat on every pull request.
fn stale_by_owner(report: &CheckReport, out: &mut dyn Write) -> io::Result<()> {
    let plan = &report.loaded.plan;
    let mut owners: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for l in &report.findings {
        let (Rule::StaleKr, Some(id)) = (l.finding.rule, &l.finding.entity) else {
            continue;
        };
        let Some((objective, kr)) = plan.get(id.as_str()).and_then(|e| plan.key_result(e)) else {
            continue;
        };
        let owner = kr
            .owner
            .clone()
            .or_else(|| objective.owner.clone())
            .unwrap_or_else(|| "no owner".to_owned());
        let since = kr
            .latest_checkin()
            .map(|c| format!("last check-in {}", c.date))
            .unwrap_or_else(|| "no check-in".to_owned());
        owners
            .entry(owner)
            .or_default()
            .push(format!("`{id}` ({since})"));
    }
    if owners.is_empty() {
        return Ok(());
    }
    let total: usize = owners.values().map(Vec::len).sum();
    writeln!(out)?;
    writeln!(out, "#### Stale key results by owner ({total})")?;
    writeln!(out)?;
    for (owner, krs) in &owners {
        writeln!(out, "- **{}**: {}", escape(owner), krs.join(", "))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::url_path;

    #[test]
    fn file_names_cannot_end_a_link() {
        assert_eq!(url_path("plans/a b).yaml"), "plans/a%20b%29.yaml");
        assert_eq!(url_path("plans/ü.yaml"), "plans/%C3%BC.yaml");
        assert_eq!(
            url_path("strategy/plans/x-y_z.yml"),
            "strategy/plans/x-y_z.yml"
        );
    }
}
