//! Pretty-printed JSON made on both cores: byte for byte what
//! `serde_json::to_writer_pretty` writes for the same object, but each top-level field,
//! and each run of a long array, is serialised on its own and then indented into place.
//! A check of a large plan writes megabytes of findings; one thread formatting them was
//! the longest serial step of `check --format json`.
//!
//! Indenting afterwards is sound because serde_json escapes every newline inside a
//! string: a raw `\n` in its output is always a line break of the layout.

use std::io::{self, Write};

use rayon::prelude::*;
use serde::Serialize;

/// Array elements serialised per task: large enough to amortise a task, small enough
/// to share the work evenly.
const CHUNK: usize = 256;

/// The indentation serde_json's pretty printer uses per level.
const INDENT: &[u8] = b"  ";

/// `value` pretty-printed as it appears `depth` levels deep.
pub fn value<T: Serialize + ?Sized>(value: &T, depth: usize) -> io::Result<Vec<u8>> {
    let text = serde_json::to_vec_pretty(value).map_err(io::Error::from)?;
    Ok(indent(text, depth))
}

/// An array `depth` levels deep, its elements serialised in parallel runs.
pub fn array<T: Serialize + Sync>(items: &[T], depth: usize) -> io::Result<Vec<u8>> {
    if items.is_empty() {
        return Ok(b"[]".to_vec());
    }
    let runs: Vec<Vec<u8>> = items
        .par_chunks(CHUNK)
        .map(|run| {
            let mut out = Vec::new();
            for (i, item) in run.iter().enumerate() {
                if i > 0 {
                    out.extend_from_slice(b",\n");
                }
                pad(&mut out, depth + 1);
                out.extend_from_slice(&value(item, depth + 1)?);
            }
            Ok(out)
        })
        .collect::<io::Result<_>>()?;
    let mut out = Vec::with_capacity(runs.iter().map(Vec::len).sum::<usize>() + 16);
    out.extend_from_slice(b"[\n");
    for (i, run) in runs.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b",\n");
        }
        out.extend_from_slice(run);
    }
    out.push(b'\n');
    pad(&mut out, depth);
    out.push(b']');
    Ok(out)
}

/// Writes a top-level object whose fields were serialised one level deep (with
/// [`value`] or [`array`] at depth 1), in the order given.
pub fn write_object(out: &mut dyn Write, fields: &[(&str, Vec<u8>)]) -> io::Result<()> {
    if fields.is_empty() {
        return out.write_all(b"{}");
    }
    out.write_all(b"{\n")?;
    for (i, (name, text)) in fields.iter().enumerate() {
        if i > 0 {
            out.write_all(b",\n")?;
        }
        out.write_all(INDENT)?;
        serde_json::to_writer(&mut *out, name).map_err(io::Error::from)?;
        out.write_all(b": ")?;
        out.write_all(text)?;
    }
    out.write_all(b"\n}")
}

fn pad(out: &mut Vec<u8>, depth: usize) {
    for _ in 0..depth {
        out.extend_from_slice(INDENT);
    }
}

/// Puts `depth` levels of indentation after every line break.
fn indent(text: Vec<u8>, depth: usize) -> Vec<u8> {
    if depth == 0 || !text.contains(&b'\n') {
        return text;
    }
    let breaks = text.iter().filter(|&&b| b == b'\n').count();
    let mut out = Vec::with_capacity(text.len() + breaks * depth * INDENT.len());
    for line in text.split_inclusive(|&b| b == b'\n') {
        out.extend_from_slice(line);
        if line.ends_with(b"\n") {
            pad(&mut out, depth);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// The parallel layout must be the serial one, for every shape and size.
    #[test]
    fn same_bytes_as_serde_json() -> io::Result<()> {
        let item = |i: usize| json!({"rule": "schema", "n": i, "text": "two\nlines \"quoted\"", "nested": {"a": [1, {"b": []}], "e": {}}});
        for n in [0, 1, 2, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 7] {
            let items: Vec<_> = (0..n).map(item).collect();
            let head = json!({"version": 1, "tool": {"name": "bearing"}});
            let whole = json!({"head": head, "items": items, "empty": {}, "tail": "x"});
            let expected = serde_json::to_vec_pretty(&whole)?;

            let mut got = Vec::new();
            write_object(
                &mut got,
                // serde_json's maps keep their keys sorted.
                &[
                    ("empty", value(&json!({}), 1)?),
                    ("head", value(&head, 1)?),
                    ("items", array(&items, 1)?),
                    ("tail", value("x", 1)?),
                ],
            )?;
            assert_eq!(
                String::from_utf8_lossy(&got),
                String::from_utf8_lossy(&expected),
                "{n} items"
            );
        }
        Ok(())
    }

    #[test]
    fn an_empty_object_is_written_as_serde_json_writes_it() -> io::Result<()> {
        let mut got = Vec::new();
        write_object(&mut got, &[])?;
        assert_eq!(got, serde_json::to_vec_pretty(&json!({}))?);
        Ok(())
    }
}
