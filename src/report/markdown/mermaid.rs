//! The alignment graph as Mermaid, which GitHub draws in a comment: goals, their
//! objectives and the projects that serve them, each label unable to break out.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::measure::delivery::Quadrant;
use crate::model::{GoalStatus, ObjectiveStatus, ProjectStatus};
use crate::report::model::Report;

/// More nodes than this and the graph is left out: GitHub renders large Mermaid graphs
/// slowly or not at all, and the site shows the same tree.
pub const MERMAID_MAX_NODES: usize = 120;

/// A label inside a Mermaid node (`id["label"]`): everything but plain letters, digits
/// and a little punctuation becomes an entity code, so no label can close its quotes,
/// its node or the code fence.
pub fn mermaid_label(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() || matches!(c, ' ' | ',' | '.' | ':' | '%' | '-' | '/' | '…') {
            out.push(c);
        } else if c.is_control() || c.is_whitespace() {
            out.push(' ');
        } else {
            let _ = write!(out, "#{};", u32::from(c));
        }
    }
    out
}

/// Shortens text to `max` characters with an ellipsis.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
    s.push('…');
    s
}

/// The alignment graph (goal → objective → project) as a Mermaid flowchart, or `None`
/// when it would be too large to render.
pub fn mermaid(report: &Report) -> Option<String> {
    let nodes = report.goals.len() + report.objectives.len() + report.projects.len();
    if nodes == 0 || nodes > MERMAID_MAX_NODES {
        return None;
    }
    // Node names are positional (`g0`, `o3`, `p5`): ids may hold `.` and `-`, which
    // Mermaid reads as syntax, and two ids must never fold into one name.
    let mut names: HashMap<&str, String> = HashMap::new();
    let mut out = String::from("graph LR\n");
    let mut classes: Vec<(String, &'static str)> = Vec::new();
    let node = |prefix: char, i: usize, id: &str, title: &str, out: &mut String| {
        let name = format!("{prefix}{i}");
        let _ = writeln!(
            out,
            "  {name}[\"{}\"]",
            mermaid_label(&format!("{id}: {}", shorten(title, 40)))
        );
        name
    };
    for (i, g) in report.goals.iter().enumerate() {
        let name = node('g', i, g.id.as_str(), &g.title, &mut out);
        if g.status != GoalStatus::Active {
            classes.push((name.clone(), "inactive"));
        }
        names.insert(g.id.as_str(), name);
    }
    for (i, o) in report.objectives.iter().enumerate() {
        let name = node('o', i, o.id.as_str(), &o.title, &mut out);
        if o.status == ObjectiveStatus::Active && !o.aligned {
            classes.push((name.clone(), "orphan"));
        } else if o.status != ObjectiveStatus::Active {
            classes.push((name.clone(), "inactive"));
        }
        names.insert(o.id.as_str(), name);
    }
    for (i, p) in report.projects.iter().enumerate() {
        let name = node('p', i, p.id.as_str(), &p.title, &mut out);
        let in_play = matches!(p.status, ProjectStatus::Active | ProjectStatus::Proposed);
        if in_play && !p.aligned {
            classes.push((name.clone(), "orphan"));
        } else if p.outcome == Quadrant::DeliveredNoImpact {
            classes.push((name.clone(), "noimpact"));
        } else if !in_play {
            classes.push((name.clone(), "inactive"));
        }
        names.insert(p.id.as_str(), name);
    }
    for g in &report.goals {
        if let (Some(parent), Some(child)) = (
            g.parent.as_ref().and_then(|p| names.get(p.as_str())),
            names.get(g.id.as_str()),
        ) {
            let _ = writeln!(out, "  {parent} --> {child}");
        }
    }
    for o in &report.objectives {
        for g in &o.supports {
            if let (Some(goal), Some(obj)) = (names.get(g.as_str()), names.get(o.id.as_str())) {
                let _ = writeln!(out, "  {goal} --> {obj}");
            }
        }
        for p in &o.projects {
            if let (Some(obj), Some(project)) = (names.get(o.id.as_str()), names.get(p.as_str())) {
                let _ = writeln!(out, "  {obj} --> {project}");
            }
        }
    }
    out.push_str("  classDef orphan stroke:#c62828,stroke-width:3px\n");
    out.push_str("  classDef noimpact stroke:#ef6c00,stroke-width:3px\n");
    out.push_str("  classDef inactive stroke-dasharray:4 3,opacity:0.6\n");
    for (name, class) in classes {
        let _ = writeln!(out, "  class {name} {class}");
    }
    Some(out)
}
