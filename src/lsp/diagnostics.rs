//! Findings as editor diagnostics: the message, level and help `bearing check` prints,
//! on the span it underlines, with the rule as the code and related places (the first
//! definition of a duplicate id) as related information.

use lsp_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Position, Range, Url,
};

use super::text::LineIndex;
use crate::finding::Located;
use crate::render::visible;
use crate::vocab::Level;

/// Where the text of a file is, to place related information in other files.
pub(super) trait Texts {
    /// The URI and text of the file with this index.
    fn file(&self, index: usize) -> Option<(Url, &str)>;
}

/// The diagnostic of one finding in a file whose text is `text`.
pub(super) fn diagnostic(
    located: &Located,
    text: &str,
    index: &LineIndex,
    texts: &dyn Texts,
) -> Diagnostic {
    let f = &located.finding;
    let range = match &located.at {
        Some(at) => index.range(text, at.offset, at.offset + at.len),
        None => Range::default(),
    };
    let mut message = visible(&f.message);
    if let Some(entity) = &f.entity {
        if !message.contains(&format!("`{entity}`")) {
            message = format!("{message} (in `{entity}`)");
        }
    }
    if let Some(help) = &f.help {
        message = format!("{message}\nhelp: {}", visible(help));
    }
    let related: Vec<DiagnosticRelatedInformation> = located
        .related
        .iter()
        .filter_map(|(note, at)| {
            let at = at.as_ref()?;
            let (uri, other) = texts.file(at.file_index)?;
            let other_index = LineIndex::new(other);
            Some(DiagnosticRelatedInformation {
                location: Location {
                    uri,
                    range: other_index.range(other, at.offset, at.offset + at.len),
                },
                message: visible(note),
            })
        })
        .collect();
    Diagnostic {
        range,
        severity: Some(severity(f.level)),
        code: Some(NumberOrString::String(f.rule.code().to_owned())),
        code_description: None,
        source: Some("bearing".to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// A finding of the plan as a whole (the gate), shown at `at` in bearing.yaml.
pub(super) fn plan_wide(located: &Located, at: Range, texts: &dyn Texts) -> Diagnostic {
    let mut d = diagnostic(located, "", &LineIndex::new(""), texts);
    d.range = at;
    d
}

/// A mistake in bearing.yaml, at its line and column (1-based) when known.
pub(super) fn config_error(
    message: &str,
    help: Option<&str>,
    line: Option<u32>,
    column: Option<u32>,
) -> Diagnostic {
    let position = Position {
        line: line.unwrap_or(1).saturating_sub(1),
        character: column.unwrap_or(1).saturating_sub(1),
    };
    let mut message = visible(message);
    if let Some(help) = help {
        message = format!("{message}\nhelp: {}", visible(help));
    }
    Diagnostic {
        range: Range {
            start: position,
            end: Position {
                line: position.line,
                character: position.character + 1,
            },
        },
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String("config".to_owned())),
        source: Some("bearing".to_owned()),
        message,
        ..Diagnostic::default()
    }
}

fn severity(level: Level) -> DiagnosticSeverity {
    match level {
        Level::Error => DiagnosticSeverity::ERROR,
        Level::Warning => DiagnosticSeverity::WARNING,
        Level::Info | Level::Off => DiagnosticSeverity::INFORMATION,
    }
}
