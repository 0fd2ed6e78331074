//! `--format github`: workflow commands that annotate the YAML lines of a pull request.
//!
//! GitHub shows at most 10 errors and 10 warnings (and 10 notices) per step: the most
//! severe come first, and what does not fit is counted in one closing notice. Every
//! value is escaped so that user text can never start a command of its own (A2).

use std::io::{self, Write};

use crate::check::CheckReport;
use crate::vocab::{Level, PathBase};

/// Annotations GitHub displays per level and step.
const SHOWN_PER_LEVEL: usize = 10;

/// Annotations on the YAML lines; `base` names each file from the top of the repository,
/// where GitHub looks for it.
pub(crate) fn render(report: &CheckReport, base: &PathBase, out: &mut dyn Write) -> io::Result<()> {
    let mut hidden = 0;
    for level in [Level::Error, Level::Warning, Level::Info] {
        let command = match level {
            Level::Error => "error",
            Level::Warning => "warning",
            _ => "notice",
        };
        let of_level: Vec<_> = report
            .findings
            .iter()
            .filter(|l| l.finding.level == level)
            .collect();
        hidden += of_level.len().saturating_sub(SHOWN_PER_LEVEL);
        for located in of_level.into_iter().take(SHOWN_PER_LEVEL) {
            let f = &located.finding;
            let mut props = Vec::new();
            if let Some(at) = &located.at {
                props.push(format!("file={}", property(&base.file(&at.file))));
                props.push(format!("line={}", at.line));
                props.push(format!("col={}", at.column));
                props.push(format!("endLine={}", at.end_line));
                props.push(format!("endColumn={}", at.end_column));
            }
            props.push(format!(
                "title={}",
                property(&format!("bearing {}", f.rule))
            ));
            let mut message = f.message.clone();
            if let Some(help) = &f.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            writeln!(out, "::{command} {}::{}", props.join(","), data(&message))?;
        }
    }
    if hidden > 0 {
        writeln!(
            out,
            "::notice title=bearing::{}",
            data(&format!(
                "{hidden} more findings are not annotated (GitHub shows {SHOWN_PER_LEVEL} per level); run `bearing check` or see the job summary for all of them"
            ))
        )?;
    }
    let s = &report.summary;
    let plural = crate::format::count;
    writeln!(
        out,
        "bearing: {}, {}, {} in {}",
        plural(s.errors, "error", "errors"),
        plural(s.warnings, "warning", "warnings"),
        plural(s.infos, "info", "infos"),
        plural(s.files, "file", "files")
    )
}

/// Escapes a command's message.
pub(crate) fn data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if c.is_control() => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a command's property value.
pub(crate) fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_cannot_start_a_command() {
        let hostile = "x\n::error file=README.md,line=1::pwned\r\n%0A";
        let escaped = data(hostile);
        assert!(!escaped.contains('\n') && !escaped.contains('\r'));
        assert_eq!(
            escaped,
            "x%0A::error file=README.md,line=1::pwned%0D%0A%250A"
        );
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
