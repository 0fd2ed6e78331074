//! Any YAML, read by serde-saphyr's parser (granit) into the [`Builder`]: every file the
//! fast reader leaves, and every error message.

use serde_saphyr::granit_parser::{Marker, Options, Parser, ScanError, Span};

use super::build::Builder;
use super::limits::{YamlError, YamlLimits, depth_message};
use super::node::{Node, Pos};

/// Every non-null document of `text`, read by granit.
pub(super) fn documents(text: &str, limits: &YamlLimits) -> Result<Vec<Node>, YamlError> {
    let mut builder = Builder::new(limits, text.len());
    let mut options = Options::default();
    // The scanner's own nesting guard, one level beyond ours so ours speaks first.
    options.flow_nesting_limit = limits.max_depth.saturating_add(1);
    options.block_nesting_limit = limits.max_depth.saturating_add(1);
    for item in Parser::new_from_str_with_options(text, options) {
        let (event, span) = item.map_err(|error| scan_error(&error, limits))?;
        builder.event(event, pos_of(&span))?;
    }
    Ok(builder.finish())
}

/// Where an event's node was written. granit's markers give a 1-based line, a 0-based
/// column in characters and, reading from a `&str`, byte offsets; a [`Pos`] is 1-based
/// and measures its length in bytes.
fn pos_of(span: &Span) -> Pos {
    let start = marker_offset(&span.start);
    Pos {
        line: u32::try_from(span.start.line()).unwrap_or(u32::MAX),
        column: u32::try_from(span.start.col() + 1).unwrap_or(u32::MAX),
        offset: Pos::narrow(start),
        len: Pos::narrow(marker_offset(&span.end).saturating_sub(start)),
    }
}

fn marker_offset(marker: &Marker) -> usize {
    marker.byte_offset().unwrap_or(0)
}

fn scan_error(error: &ScanError, limits: &YamlLimits) -> YamlError {
    let marker = error.marker();
    let info = error.info();
    let lower = info.to_ascii_lowercase();
    let message = if lower.contains("recursion limit") || lower.contains("nesting limit") {
        depth_message(limits)
    } else {
        info
    };
    YamlError {
        message,
        pos: Some(Pos {
            line: u32::try_from(marker.line().max(1)).unwrap_or(u32::MAX),
            column: u32::try_from(marker.col() + 1).unwrap_or(u32::MAX),
            offset: Pos::narrow(marker_offset(marker)),
            len: 0,
        }),
    }
}
