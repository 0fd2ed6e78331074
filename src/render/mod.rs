//! Renderers: the same check report as human diagnostics, JSON, GitHub workflow
//! commands or SARIF; semantic diffs and history as text, Markdown or JSON. Each writes
//! to a `&mut dyn Write` handed in by the CLI (or returns the text).

pub mod changes;
pub mod check_markdown;
pub mod diff;
pub mod diff_markdown;
pub mod github;
pub mod history_json;
pub mod human;
pub mod json;
pub mod log;
pub mod sarif;
pub mod tree;

/// Control characters from user text (ANSI escapes included) shown as visible escapes,
/// so that a plan cannot repaint a terminal or forge output lines (THREATS.md A3).
pub fn visible(text: &str) -> String {
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

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_are_made_visible() {
        assert_eq!(super::visible("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(super::visible("plain"), "plain");
    }
}
