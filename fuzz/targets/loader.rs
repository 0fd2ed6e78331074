//! The loader fuzz target: the input is a plan, cut into files at lines `#>>> PATH`
//! (one file, `plans/plan.yaml`, without any; a file named `bearing.yaml` is the
//! configuration), loaded and checked as `bearing check` does, and rendered in every
//! format `check` writes. A panic anywhere is a crash, and so is a broken property:
//!
//! - every finding, and every related place, points inside the text of its file: a
//!   line and column that exist there, and a byte span within the text on character
//!   boundaries, on the line it names;
//! - loading and checking the same bytes twice gives the same findings, in the same
//!   order, at the same places;
//! - the JSON and SARIF outputs are JSON; the `github` output is bearing's own workflow
//!   commands and summary line only (plan text cannot start a command, A2); the human
//!   output has no control character but line breaks and tabs (A3);
//! - an error in `bearing.yaml` points inside its text.

use bearing::check::{CheckReport, check_loaded};
use bearing::finding::Located;
use bearing::load::load;
use bearing::measure::Evidence;
use bearing::vocab::Location;
use bearing_fuzz::{PlanInput, inside_text};

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let input = PlanInput::new(data);
        let config = input.config();
        let as_of = jiff::civil::Date::constant(2026, 10, 1);
        let run = || {
            let loaded = load(input.raw_files(), &config.limits.yaml);
            check_loaded(loaded, &config, as_of, &Evidence::default(), None)
        };
        let first = run();
        for located in first.findings.iter().chain(&first.held) {
            placed(&first, located);
        }
        let second = run();
        assert_eq!(
            shown(&first),
            shown(&second),
            "the same bytes checked twice gave different findings"
        );
        for (format, bytes) in bearing::fuzzing::check_outputs(&first) {
            output(format, &bytes);
        }
    });
}

/// Findings as a comparable text: rule, level, entity, message, help and every place.
fn shown(report: &CheckReport) -> Vec<String> {
    report
        .findings
        .iter()
        .chain(&report.held)
        .map(|l| format!("{:?} {:?} {:?}", l.finding, l.at, l.related))
        .collect()
}

fn placed(report: &CheckReport, located: &Located) {
    let places = located
        .at
        .iter()
        .chain(located.related.iter().filter_map(|(_, at)| at.as_ref()));
    for at in places {
        if let Err(why) = sane(report, at) {
            panic!(
                "{why}\nfinding: {:?}\nat: {at:?}\ntext: {:?}",
                located.finding,
                report
                    .loaded
                    .sources
                    .files
                    .get(at.file_index)
                    .map(|f| &f.text)
            );
        }
    }
}

fn sane(report: &CheckReport, at: &Location) -> Result<(), String> {
    let file = report
        .loaded
        .sources
        .files
        .get(at.file_index)
        .ok_or("the location names a file that was not loaded")?;
    if file.path != at.file {
        return Err(format!(
            "file `{}` at the index of `{}`",
            at.file, file.path
        ));
    }
    let text = &file.text;
    let end = at.offset.checked_add(at.len).ok_or("the span overflows")?;
    if end > text.len() || !text.is_char_boundary(at.offset) || !text.is_char_boundary(end) {
        return Err("the span is not within the text on character boundaries".to_owned());
    }
    if text[at.offset..end].contains('\n') {
        return Err("the span crosses a line break".to_owned());
    }
    if !inside_text(text, at.line, at.column) {
        return Err(format!("{}:{} is not inside the text", at.line, at.column));
    }
    if at.end_line != at.line || at.end_column < at.column {
        return Err("the end of the span is before its start".to_owned());
    }
    Ok(())
}

fn output(format: &str, bytes: &[u8]) {
    let text = std::str::from_utf8(bytes)
        .unwrap_or_else(|e| panic!("the {format} output is not UTF-8: {e}"));
    match format {
        "json" | "sarif" => {
            if let Err(e) = serde_json::from_str::<serde_json::Value>(text) {
                panic!("the {format} output is not JSON: {e}\n{text}");
            }
        }
        "github" => {
            let lines: Vec<&str> = text.lines().collect();
            let (summary, commands) = lines.split_last().expect("a summary line");
            assert!(summary.starts_with("bearing: "), "no summary last: {text}");
            for line in commands {
                let ours = ["::error ", "::warning ", "::notice "]
                    .iter()
                    .any(|p| line.starts_with(p));
                assert!(
                    ours,
                    "a line that is not one of bearing's commands: {line:?}"
                );
            }
            assert!(
                !text.chars().any(|c| c.is_control() && c != '\n'),
                "a control character in the github output: {text:?}"
            );
        }
        _ => {
            if let Some(c) = text
                .chars()
                .find(|&c| c.is_control() && c != '\n' && c != '\t')
            {
                panic!("{c:?} in the {format} output:\n{text}");
            }
        }
    }
}
