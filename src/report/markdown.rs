//! The Markdown report (pull-request comments, wikis, step summaries): escaping of user
//! text so that tables and lists stay intact (docs/threat-model.md H8), the Mermaid alignment
//! graph, and truncation to the size of a GitHub comment, most important first.

use std::collections::HashMap;
use std::fmt::Write as _;

use minijinja::Environment;
use serde::Serialize;

use super::ReportError;
use super::input::{Change, Commit};
use super::model::{FindingEntry, GoalEntry, KeyResultEntry, Orphan, ProjectEntry, Report};
use super::review::{ConfidenceChange, EntityLine, KrMove, Orphaned, Review, ReviewStart, Risk};
use crate::change::impact::LoweredTarget;
use crate::measure::delivery::Quadrant;
use crate::vocab::Level;

/// GitHub refuses comments longer than this many characters.
pub const COMMENT_LIMIT: usize = 65_536;

/// What the report may use of a comment: the rest is left to whoever posts it (a
/// heading, a marker to update the comment in place).
pub const COMMENT_BUDGET: usize = 64_000;

pub use crate::format::markdown::escape;

mod mermaid;

pub use mermaid::{MERMAID_MAX_NODES, mermaid, mermaid_label};

/// Whether `text` has the shape of an id, so that it can sit in a code span.
pub fn is_plain_id(text: &str) -> bool {
    let mut bytes = text.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
        && text.len() <= 64
}

/// A message from bearing with ids in backticks: ids stay code spans, the rest is
/// escaped.
pub fn ticked(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 1 && is_plain_id(part) {
            let _ = write!(out, "`{part}`");
        } else if i % 2 == 1 {
            out.push_str("\\`");
            out.push_str(&escape(part));
            out.push_str("\\`");
        } else {
            out.push_str(&escape(part));
        }
    }
    out
}

/// A list cut to a length, with the count of what was left out.
#[derive(Debug, Serialize)]
struct Capped<T> {
    items: Vec<T>,
    more: usize,
}

fn capped<T>(mut items: Vec<T>, cap: Option<usize>) -> Capped<T> {
    let more = match cap {
        Some(cap) if items.len() > cap => {
            let more = items.len() - cap;
            items.truncate(cap);
            more
        }
        _ => 0,
    };
    Capped { items, more }
}

/// What the Markdown template needs of the report besides its lists: the lists are
/// capped below, and serialising the whole model for every attempt would cost more
/// than the report.
#[derive(Debug, Serialize)]
struct Head<'a> {
    title: &'a str,
    as_of: jiff::civil::Date,
    rev: Option<&'a str>,
    base: Option<&'a str>,
    part: Option<&'a str>,
    tool: &'a super::model::Tool,
    headline: &'a super::model::Headline,
}

/// The context of `report.md.j2`.
#[derive(Debug, Serialize)]
struct Context<'a> {
    report: Head<'a>,
    goals: Capped<&'a GoalEntry>,
    at_risk: Capped<&'a KeyResultEntry>,
    orphans: Capped<&'a Orphan>,
    /// "Delivered, no impact" first.
    projects: Capped<&'a ProjectEntry>,
    findings: Capped<&'a FindingEntry>,
    changes: Capped<&'a Change>,
    commits: Capped<&'a Commit>,
    review: Option<ReviewContext<'a>>,
    /// Mermaid source, or none when left out.
    mermaid: Option<String>,
    /// Why the graph is not shown.
    mermaid_note: Option<String>,
}

/// "Since the last review", its lists capped like the report's main lists.
#[derive(Debug, Serialize)]
struct ReviewContext<'a> {
    since: &'a ReviewStart,
    moved: Capped<&'a KrMove>,
    new_risks: Capped<&'a Risk>,
    confidence: Capped<&'a ConfidenceChange>,
    lowered_targets: Capped<&'a LoweredTarget>,
    newly_orphaned: Capped<&'a Orphaned>,
    added: Capped<&'a EntityLine>,
    dropped: Capped<&'a EntityLine>,
    /// How many entities changed.
    changes: usize,
}

impl<'a> ReviewContext<'a> {
    fn new(review: &'a Review, cap: Option<usize>) -> ReviewContext<'a> {
        ReviewContext {
            since: &review.since,
            moved: capped(review.moved.iter().collect(), cap),
            new_risks: capped(review.new_risks.iter().collect(), cap),
            confidence: capped(review.confidence.iter().collect(), cap),
            lowered_targets: capped(review.lowered_targets.iter().collect(), cap),
            newly_orphaned: capped(review.newly_orphaned.iter().collect(), cap),
            added: capped(review.added.iter().collect(), cap),
            dropped: capped(review.dropped.iter().collect(), cap),
            changes: review.changes.len(),
        }
    }
}

/// How much of each list a rendering keeps; `None` keeps all.
#[derive(Debug, Clone, Copy)]
struct Caps {
    main: Option<usize>,
    history: Option<usize>,
    findings: usize,
    graph: bool,
}

/// Each step shortens the least important parts first: the graph, then history, then
/// every list, until the report fits.
const LADDER: [Caps; 8] = [
    caps(None, None, 20, true),
    caps(None, Some(30), 20, false),
    caps(Some(200), Some(20), 20, false),
    caps(Some(100), Some(15), 15, false),
    caps(Some(50), Some(10), 10, false),
    caps(Some(20), Some(10), 10, false),
    caps(Some(8), Some(5), 5, false),
    caps(Some(3), Some(3), 3, false),
];

const fn caps(main: Option<usize>, history: Option<usize>, findings: usize, graph: bool) -> Caps {
    Caps {
        main,
        history,
        findings,
        graph,
    }
}

/// The characters of ids a rendering prints at the least, by how many rows each main
/// list keeps: the built-in template shows every row of the goals, the key results at
/// risk, the orphans and the projects with its id.
struct LeastSize {
    /// The length of each row's id, list by list, in the order rendered.
    ids: [Vec<usize>; 4],
}

impl LeastSize {
    fn new(report: &Report, at_risk: &[&KeyResultEntry], projects: &[&ProjectEntry]) -> LeastSize {
        let lengths =
            |ids: &mut dyn Iterator<Item = &str>| ids.map(|id| id.chars().count()).collect();
        LeastSize {
            ids: [
                lengths(&mut report.goals.iter().map(|g| g.id.as_str())),
                lengths(&mut at_risk.iter().map(|k| k.id.as_str())),
                lengths(&mut report.orphans.iter().map(|o| o.id.as_str())),
                lengths(&mut projects.iter().map(|p| p.id.as_str())),
            ],
        }
    }

    fn of(&self, caps: &Caps) -> usize {
        let rows = caps.main.unwrap_or(usize::MAX);
        self.ids
            .iter()
            .map(|list| list.iter().take(rows).sum::<usize>())
            .sum()
    }
}

/// Renders the Markdown report, shortened to [`COMMENT_BUDGET`] characters.
///
/// With the built-in template (`built_in`), a step of the ladder whose ids alone pass
/// the budget is not rendered: a plan of 10,000 projects was rendered in full, twice,
/// only to be shortened (80 ms and 54 MB of the report). An overridden template may
/// show fewer rows, and is rendered at every step.
pub fn render(
    report: &Report,
    env: &Environment<'_>,
    built_in: bool,
) -> Result<String, ReportError> {
    let template = env
        .get_template("report.md.j2")
        .map_err(ReportError::template)?;
    let by_id: HashMap<&str, &KeyResultEntry> = report
        .key_results
        .iter()
        .map(|k| (k.id.as_str(), k))
        .collect();
    let at_risk: Vec<&KeyResultEntry> = report
        .at_risk
        .iter()
        .filter_map(|id| by_id.get(id.as_str()).copied())
        .collect();
    let projects = projects_by_outcome(report);
    let findings: Vec<&FindingEntry> = {
        let mut f: Vec<&FindingEntry> = report
            .findings
            .iter()
            .filter(|f| f.level != Level::Info)
            .collect();
        // Errors before warnings, each in check order.
        f.sort_by_key(|f| u8::from(f.level != Level::Error));
        f
    };
    let graph = mermaid(report);
    let nodes = report.goals.len() + report.objectives.len() + report.projects.len();
    let least = built_in.then(|| LeastSize::new(report, &at_risk, &projects));
    let mut last = String::new();
    for (step, caps) in LADDER.into_iter().enumerate() {
        let hopeless = least
            .as_ref()
            .is_some_and(|least| least.of(&caps) > COMMENT_BUDGET);
        if hopeless && step + 1 < LADDER.len() {
            continue;
        }
        let context = Context {
            report: Head {
                title: &report.title,
                as_of: report.as_of,
                rev: report.rev.as_deref(),
                base: report.base.as_deref(),
                part: report.part.as_deref(),
                tool: &report.tool,
                headline: &report.headline,
            },
            goals: capped(report.goals.iter().collect(), caps.main),
            at_risk: capped(at_risk.clone(), caps.main),
            orphans: capped(report.orphans.iter().collect(), caps.main),
            projects: capped(projects.clone(), caps.main),
            findings: capped(findings.clone(), Some(caps.findings)),
            changes: capped(report.changes.iter().collect(), caps.history),
            commits: capped(report.commits.iter().collect(), caps.history.map(|c| c / 2)),
            review: report
                .review
                .as_ref()
                .map(|r| ReviewContext::new(r, caps.main)),
            mermaid: graph.clone().filter(|_| caps.graph),
            mermaid_note: match (&graph, caps.graph) {
                (None, _) if nodes > 0 => Some(format!(
                    "The alignment graph is left out: {nodes} goals, objectives and projects are more than the {MERMAID_MAX_NODES} a comment can draw."
                )),
                (Some(_), false) => {
                    Some("The alignment graph is left out to fit a comment.".to_owned())
                }
                _ => None,
            },
        };
        last = template
            .render(minijinja::value::Serde(&context))
            .map_err(ReportError::template)?;
        if last.chars().count() <= COMMENT_BUDGET {
            return Ok(last);
        }
    }
    Ok(cut(&last, COMMENT_BUDGET))
}

/// Projects for the delivery-versus-impact table: "delivered, no impact" first, then
/// in flight with nothing moving, in flight with impact, delivered with impact,
/// proposed, stopped; plan order within each.
pub fn projects_by_outcome(report: &Report) -> Vec<&ProjectEntry> {
    let mut projects: Vec<&ProjectEntry> = report.projects.iter().collect();
    projects.sort_by_key(|p| outcome_rank(p.outcome));
    projects
}

pub fn outcome_rank(outcome: Quadrant) -> u8 {
    match outcome {
        Quadrant::DeliveredNoImpact => 0,
        Quadrant::InFlight => 1,
        Quadrant::InFlightWithImpact => 2,
        Quadrant::DeliveredWithImpact => 3,
        Quadrant::Proposed => 4,
        Quadrant::Stopped => 5,
    }
}

/// The last resort: cut at a line break, close an open code fence, and say so.
fn cut(text: &str, budget: usize) -> String {
    let note_reserve = 400;
    let keep = budget.saturating_sub(note_reserve);
    let mut end = text.char_indices().nth(keep).map_or(text.len(), |(i, _)| i);
    if let Some(newline) = text[..end].rfind('\n') {
        end = newline + 1;
    }
    let mut out = text[..end].to_owned();
    let fences = out
        .lines()
        .filter(|l| l.trim_start().starts_with("```"))
        .count();
    if fences % 2 == 1 {
        out.push_str("```\n");
    }
    let left_out = text[end..].chars().count();
    let _ = write!(
        out,
        "\n> [!NOTE]\n> Report truncated to fit a comment of {COMMENT_LIMIT} characters: {left_out} characters left out. The full report: `bearing report --format html` or `--format json`.\n"
    );
    out
}

#[cfg(test)]
mod tests;
