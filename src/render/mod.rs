//! Renderers: the same check report as human diagnostics, JSON, GitHub workflow
//! commands or SARIF; semantic diffs and history as text, Markdown or JSON. Each writes
//! to a `&mut dyn Write` handed in by the CLI (or returns the text).

pub(crate) mod changes;
pub(crate) mod check_markdown;
pub(crate) mod diff;
pub(crate) mod diff_markdown;
pub(crate) mod github;
pub(crate) mod history_json;
pub(crate) mod human;
pub(crate) mod json;
pub(crate) mod log;
pub(crate) mod sarif;
pub(crate) mod tree;

use std::io::{self, Write};

/// `value` as pretty JSON and a final newline. serde_json writes token by token (a quote,
/// a colon, the indentation): through the `&mut dyn Write` every command hands in, each
/// is a call that cannot be inlined, a fifth of `check --format json` on a large plan.
/// A buffer of a concrete type takes them instead, and passes them on in large pieces.
pub(crate) fn pretty_json<T: serde::Serialize + ?Sized>(
    out: &mut dyn Write,
    value: &T,
) -> io::Result<()> {
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    out.flush()
}

/// Control characters from user text (ANSI escapes included) shown as visible escapes,
/// so that a plan cannot repaint a terminal or forge output lines (docs/threat-model.md A3).
pub(crate) fn visible(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| match c {
            '\n' | '\t' => c.to_string(),
            c if c.is_control() => c.escape_unicode().to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// User text that must stay on its line (a title in a tree, an id): [`visible`], and
/// line breaks and tabs shown as `\n`, `\r`, `\t`, so that a title cannot start a line of
/// its own (a forged `::error::` workflow command in a CI log, docs/threat-model.md A2).
pub(crate) fn one_line(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| match c {
            '\n' => "\\n".to_owned(),
            '\r' => "\\r".to_owned(),
            '\t' => "\\t".to_owned(),
            c if c.is_control() => c.escape_unicode().to_string(),
            c => c.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_are_made_visible() {
        assert_eq!(super::visible("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(super::visible("plain"), "plain");
    }

    #[test]
    fn one_line_text_never_breaks_its_line() {
        assert_eq!(
            super::one_line("x\n::error::pwned\r\n\u{1b}[2J\tend"),
            "x\\n::error::pwned\\r\\n\\u{1b}[2J\\tend"
        );
        assert_eq!(super::one_line("plain"), "plain");
    }
}
