//! Human output: miette diagnostics with the YAML snippet and the offending span
//! underlined, a help line, and a summary a person reads at a glance.

use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

use rayon::prelude::*;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, Severity,
};

use super::{one_line, visible};
use crate::check::CheckReport;
use crate::finding::Located;
use crate::vocab::Level;

mod clip;

use clip::{LONGEST_SHOWN_LINE, clip};

/// Terminal options decided by the CLI.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Style {
    pub color: bool,
    /// Print only the summary line.
    pub quiet: bool,
}

/// A finding as miette sees it.
struct FindingDiagnostic {
    message: String,
    code: &'static str,
    severity: Severity,
    help: Option<String>,
    source: Option<NamedSource<Arc<str>>>,
    labels: Vec<LabeledSpan>,
}

impl fmt::Debug for FindingDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for FindingDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FindingDiagnostic {}

impl Diagnostic for FindingDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }
    fn severity(&self) -> Option<Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }
}

pub(crate) fn render(report: &CheckReport, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let (gates, findings): (Vec<&Located>, Vec<&Located>) = report
        .findings
        .iter()
        .partition(|l| l.finding.rule == crate::vocab::Rule::Gate);
    if style.quiet {
        // Quiet still names what could not be read: the rest of the output is
        // incomplete without it.
        for located in findings
            .iter()
            .filter(|l| l.finding.rule == crate::vocab::Rule::Input)
        {
            let place = located.at.as_ref().map_or_else(String::new, |at| {
                format!("{}:{}:{}: ", one_line(&at.file), at.line, at.column)
            });
            writeln!(out, "× input: {place}{}", visible(&located.finding.message))?;
        }
    }
    if !style.quiet {
        let theme = if style.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme).with_wrap_lines(false);
        // One shared copy of each file's text for all the snippets that show it.
        let texts: Vec<Arc<str>> = report
            .loaded
            .sources
            .files
            .iter()
            .map(|f| Arc::from(printable(&f.text).as_str()))
            .collect();
        // Snippets are drawn on every core, in chunks, and written in order.
        for chunk in findings.chunks(1024) {
            let rendered: Vec<String> = chunk
                .par_iter()
                .map(|&located| {
                    let diagnostic = diagnostic(located, &texts);
                    let mut text = String::new();
                    if handler.render_report(&mut text, &diagnostic).is_err() {
                        text = format!("{}: {}\n", located.finding.rule, diagnostic.message);
                    }
                    text
                })
                .collect();
            for text in rendered {
                out.write_all(text.as_bytes())?;
            }
        }
    }
    // The gate is the summary of the check: last, on a line of its own.
    for gate in gates {
        let f = &gate.finding;
        let sign = match f.level {
            Level::Error => "×",
            Level::Warning => "⚠",
            _ => "☞",
        };
        let status = gate
            .status
            .map_or_else(String::new, |s| format!("[{}] ", s.as_str()));
        writeln!(out, "{sign} gate: {status}{}", visible(&f.message))?;
        if let Some(help) = &f.help {
            if !style.quiet {
                writeln!(out, "  help: {}", visible(help))?;
            }
        }
    }
    writeln!(out, "{}", summary_line(report))
}

fn diagnostic(located: &Located, texts: &[Arc<str>]) -> FindingDiagnostic {
    let f = &located.finding;
    let mut message = visible(&f.message);
    if let Some(status) = located.status {
        message = format!("[{}] {message}", status.as_str());
    }
    // An id may be any text a plan holds (an invalid one is named as written).
    if let Some(entity) = f.entity.as_ref().map(|e| one_line(e.as_str())) {
        if !message.contains(&format!("`{entity}`")) {
            message = format!("{message} (in `{entity}`)");
        }
    }
    let (source, labels) = match &located.at {
        Some(at) => {
            let text = texts
                .get(at.file_index)
                .cloned()
                .unwrap_or_else(|| Arc::from(""));
            if text.len() > LONGEST_SHOWN_LINE && clip(&text, at.offset, at.len).is_none() {
                // The span lies too far into a line to show its start: say where it is.
                let message = format!(
                    "{message} (at {}:{}:{}; the line is too long to show)",
                    one_line(&at.file),
                    at.line,
                    at.column
                );
                return finish(located, message, None, Vec::new());
            }
            if let Some(clipped) = clip(&text, at.offset, at.len).flatten() {
                // A line too long to show whole (a hostile or minified file): the snippet
                // shows a cut of it, the span within what is shown (issue 20).
                let labels = vec![LabeledSpan::new_primary_with_span(
                    Some(label(f.rule.code())),
                    (clipped.offset, clipped.len),
                )];
                let source = NamedSource::new(one_line(&at.file), Arc::from(clipped.text))
                    .with_language("yaml");
                return finish(located, message, Some(source), labels);
            }
            let mut labels = vec![LabeledSpan::new_primary_with_span(
                Some(label(f.rule.code())),
                (at.offset, at.len),
            )];
            // Related places in the same file are shown in the same snippet.
            for (note, related) in &located.related {
                if let Some(r) = related.as_ref().filter(|r| r.file_index == at.file_index) {
                    labels.push(LabeledSpan::new_with_span(
                        Some(visible(note)),
                        (r.offset, r.len),
                    ));
                }
            }
            (
                Some(NamedSource::new(one_line(&at.file), text).with_language("yaml")),
                labels,
            )
        }
        None => (None, Vec::new()),
    };
    finish(located, message, source, labels)
}

/// The diagnostic around its snippet: help, and related places in other files.
fn finish(
    located: &Located,
    message: String,
    source: Option<NamedSource<Arc<str>>>,
    labels: Vec<LabeledSpan>,
) -> FindingDiagnostic {
    let f = &located.finding;
    let mut help = f.help.as_deref().map(visible);
    let elsewhere: Vec<String> = located
        .related
        .iter()
        .filter_map(|(note, r)| {
            let r = r.as_ref()?;
            let same_file = located
                .at
                .as_ref()
                .is_some_and(|a| a.file_index == r.file_index);
            (!same_file).then(|| {
                format!(
                    "{}: {}:{}:{}",
                    visible(note),
                    one_line(&r.file),
                    r.line,
                    r.column
                )
            })
        })
        .collect();
    if !elsewhere.is_empty() {
        let joined = elsewhere.join("\n");
        help = Some(match help {
            Some(h) => format!("{h}\n{joined}"),
            None => joined,
        });
    }
    FindingDiagnostic {
        message,
        code: f.rule.code(),
        severity: match f.level {
            Level::Error => Severity::Error,
            Level::Warning => Severity::Warning,
            _ => Severity::Advice,
        },
        help,
        source,
        labels,
    }
}

fn label(rule: &str) -> String {
    match rule {
        "schema" => "does not match the schema".to_owned(),
        "duplicate-id" => "duplicate id".to_owned(),
        "unknown-reference" => "unknown reference".to_owned(),
        "cycle" => "loop starts here".to_owned(),
        "input" => "cannot be read".to_owned(),
        other => other.to_owned(),
    }
}

/// `alignment 91.7% (by budget, 11 of 12 projects) · 2 errors, 1 warning, 0 infos · 12 files: …`
pub(crate) fn summary_line(report: &CheckReport) -> String {
    let s = &report.summary;
    let plural = crate::format::count;
    let base = report
        .base
        .as_ref()
        .map(|b| {
            format!(
                " · against {}: {} new, {} existing",
                b.revision.label(),
                b.new,
                b.existing
            )
        })
        .unwrap_or_default();
    let held = if s.held_back > 0 {
        format!(
            " ({} held back until the errors above are fixed)",
            plural(s.held_back, "finding", "findings")
        )
    } else {
        String::new()
    };
    let only = if s.only.is_empty() {
        String::new()
    } else {
        let shown: Vec<String> = s.only.iter().map(|p| format!("`{p}`")).collect();
        format!(" in {}", shown.join(", "))
    };
    let undated = match s.undated {
        Some(n) if n > 0 => format!(
            " · no git history: `stale-kr` dates key results by check-ins only, and {} no check-in",
            if n == 1 {
                "1 key result has".to_owned()
            } else {
                format!("{n} key results have")
            }
        ),
        _ => String::new(),
    };
    format!(
        "{} · {}, {}, {}{only}{held}{base} · {}: {}, {}, {}, {}{undated}",
        alignment_words(&report.analysis.alignment),
        plural(s.errors, "error", "errors"),
        plural(s.warnings, "warning", "warnings"),
        plural(s.infos, "info", "infos"),
        plural(s.files, "file", "files"),
        plural(s.goals, "goal", "goals"),
        plural(s.objectives, "objective", "objectives"),
        plural(s.key_results, "key result", "key results"),
        plural(s.projects, "project", "projects"),
    )
}

/// `alignment 91.7% (by planned budget, 11 of 12 active or proposed projects aligned)`
pub(crate) fn alignment_words(a: &crate::measure::alignment::AlignmentScore) -> String {
    a.words()
}

/// The file's text with control characters (ANSI escapes, NUL) replaced by `?`, byte for
/// byte, so that a snippet cannot drive the terminal and every span still lines up. A CR
/// is kept only before a line feed: a lone one would send the terminal back to the start
/// of the snippet's line, for the rest of it to write over (found by the loader fuzz
/// target, docs/threat-model.md A3).
fn printable(text: &str) -> String {
    let bytes = text.as_bytes();
    let shown = |i: usize, c: char| match c {
        '\n' | '\t' => true,
        '\r' => bytes.get(i + 1) == Some(&b'\n'),
        c => !c.is_control(),
    };
    if text.char_indices().all(|(i, c)| shown(i, c)) {
        return text.to_owned();
    }
    text.char_indices()
        .map(|(i, c)| {
            if shown(i, c) {
                c.to_string()
            } else {
                "?".repeat(c.len_utf8())
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
