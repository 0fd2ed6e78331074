//! `bearing trace` for people: the chain as an indented tree.

use std::io::{self, Write};

use super::{one_line, visible};
use crate::format::percent;
use crate::trace::{Trace, TraceNode};

pub(crate) fn render(
    trace: &Trace,
    as_of: jiff::civil::Date,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(out, "{}", line(&trace.entity))?;
    if let Some(note) = &trace.entity.note {
        writeln!(out, "  {}", visible(note))?;
    }
    if !trace.above.is_empty() {
        writeln!(out, "\nserves")?;
        branch(&trace.above, "", out)?;
    }
    if !trace.below.is_empty() {
        writeln!(out, "\nmoved by")?;
        branch(&trace.below, "", out)?;
    }
    writeln!(out, "\nas of {as_of}")
}

fn branch(nodes: &[TraceNode], indent: &str, out: &mut dyn Write) -> io::Result<()> {
    for (i, node) in nodes.iter().enumerate() {
        let last = i + 1 == nodes.len();
        writeln!(
            out,
            "{indent}{}{}",
            if last { "└─ " } else { "├─ " },
            line(node)
        )?;
        let child_indent = format!("{indent}{}", if last { "   " } else { "│  " });
        if let Some(note) = &node.note {
            writeln!(out, "{child_indent}  {}", visible(note))?;
        }
        branch(&node.children, &child_indent, out)?;
    }
    Ok(())
}

/// `KR-repeat  Raise repeat-purchase rate  · key result · active · 50% of 51% expected · on-track`
fn line(node: &TraceNode) -> String {
    let mut parts = vec![
        format!("{}  {}", one_line(node.id.as_str()), one_line(&node.title)),
        node.kind.noun().to_owned(),
        node.status.as_str().to_owned(),
    ];
    match (node.progress, node.expected) {
        (Some(p), Some(e)) => parts.push(format!("{} (expected {})", percent(p), percent(e))),
        (Some(p), None) if node.kind == crate::model::EntityKind::Project => {
            parts.push(format!("impact {}", percent(p)))
        }
        (Some(p), None) => parts.push(percent(p)),
        _ => {}
    }
    if let Some(track) = node.track {
        parts.push(track.as_str().to_owned());
    }
    parts.join(" · ")
}
