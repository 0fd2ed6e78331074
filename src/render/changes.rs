//! Words for semantic changes, shared by the human and Markdown renderers of `diff` and
//! `log`: values as people write them, one line per entity, one per field. User text is
//! passed through an `escape` function chosen by the caller (terminal or Markdown).

use serde_json::Value;

use crate::change::diff::{ChangeKind, Delta, EntityChange, FieldChange, Lowering, Move};
use crate::format::{number, percent};
use crate::model::EntityKind;

/// Longest text value shown whole; longer ones are summarised.
const LONG_TEXT: usize = 80;

/// A JSON value in plan words: `—` for none, a long text as its length.
pub(crate) fn value(v: &Value, escape: &dyn Fn(&str) -> String) -> String {
    match v {
        Value::Null => "—".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), number),
        Value::String(s) if s.contains('\n') || s.chars().count() > LONG_TEXT => {
            format!("({} characters)", s.chars().count())
        }
        Value::String(s) => escape(s),
        Value::Array(items) => items
            .iter()
            .map(|i| value(i, escape))
            .collect::<Vec<_>>()
            .join(", "),
        Value::Object(map) => {
            // A contribution `{id, expected}` or a check-in `{date, value}` reads best
            // as its identifying field first.
            if let (Some(id), Some(expected)) = (map.get("id"), map.get("expected")) {
                return format!(
                    "{} (expected {})",
                    value(id, escape),
                    value(expected, escape)
                );
            }
            if let (Some(date), Some(v)) = (map.get("date"), map.get("value")) {
                return format!("{}: {}", value(date, escape), value(v, escape));
            }
            if let Some(title) = map.get("title") {
                return value(title, escape);
            }
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| format!("{k}: {}", value(v, escape)))
                .collect::<Vec<_>>()
                .join(", ")
        }
    }
}

/// `key result`, `project`, …
pub(crate) fn noun(kind: EntityKind) -> &'static str {
    kind.noun()
}

/// `+`, `-` or `~`.
pub(crate) fn sign(kind: ChangeKind) -> char {
    match kind {
        ChangeKind::Added => '+',
        ChangeKind::Removed => '-',
        ChangeKind::Changed => '~',
    }
}

/// The headline of an entity change: ``key result `KR-x` of `O-a`: Title``.
pub(crate) fn headline(
    c: &EntityChange,
    code: &dyn Fn(&str) -> String,
    escape: &dyn Fn(&str) -> String,
) -> String {
    let of = c
        .objective
        .as_ref()
        .map(|o| format!(" of {}", code(o.as_str())))
        .unwrap_or_default();
    let what = match c.change {
        ChangeKind::Added => "added",
        ChangeKind::Removed => "removed",
        ChangeKind::Changed => "changed",
    };
    format!(
        "{} {}{of} {what}: {}",
        noun(c.kind),
        code(c.id.as_str()),
        escape(&c.title)
    )
}

/// One field's change: `target 3.2 → 3.5 (lowered: 37.5% of the planned improvement
/// given up)`, `supports + G-b, − G-a`.
pub(crate) fn field_line(f: &FieldChange, escape: &dyn Fn(&str) -> String) -> String {
    let mut line = match &f.delta {
        Delta::Value { old, new } => {
            format!(
                "{} {} → {}",
                f.field,
                value(old, escape),
                value(new, escape)
            )
        }
        Delta::Set { added, removed } => {
            let mut parts: Vec<String> = added
                .iter()
                .map(|v| format!("+ {}", value(v, escape)))
                .collect();
            parts.extend(removed.iter().map(|v| format!("− {}", value(v, escape))));
            format!("{} {}", f.field, parts.join(", "))
        }
    };
    if let Some(l) = &f.lowered {
        line.push_str(&format!(" ({})", lowered_words(l)));
    }
    line
}

/// `lowered: 37.5% of the planned improvement given up`.
pub(crate) fn lowered_words(l: &Lowering) -> String {
    format!(
        "lowered toward the baseline {}: {} of the planned improvement given up",
        number(l.baseline),
        percent(l.given_up)
    )
}

/// The human lines of a list of changes and moves, shared by `diff` and `log`:
/// `~ key result `KR-x` of `O-a` changed: …`, its fields indented below, then moves.
pub(crate) fn write_human(
    changes: &[EntityChange],
    moves: &[Move],
    escape: &dyn Fn(&str) -> String,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let code = |id: &str| format!("`{id}`");
    for c in changes {
        writeln!(out, "  {} {}", sign(c.change), headline(c, &code, escape))?;
        for f in &c.fields {
            writeln!(out, "      {}", field_line(f, escape))?;
        }
    }
    for m in moves {
        writeln!(
            out,
            "  > {} `{}` moved: {} → {} (not a change)",
            m.kind.noun(),
            m.id,
            escape(&m.from),
            escape(&m.to)
        )?;
    }
    Ok(())
}
