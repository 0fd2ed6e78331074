//! The schema-pass fuzz target: the input (UTF-8, lossily) read as YAML documents, and
//! as JSON when it is JSON, each validated against the Goal, Objective and Project
//! schemas, the bundled plan schema and the `bearing.yaml` schema through bearing's own
//! schema layer (`bearing::fuzzing::schema`), and parsed as a `bearing.yaml`. A panic is
//! a crash, and so is a broken property:
//!
//! - a schema reports violations exactly when its validator calls the document invalid;
//! - every violation names a node of the document (its JSON pointer resolves), and so
//!   does the node its repair works on;
//! - a document of kind Goal, Objective or Project is valid for the bundled plan schema
//!   exactly when it is for its kind's schema;
//! - a `bearing.yaml` error points inside the text.

use bearing_fuzz::inside_text;

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let text = String::from_utf8_lossy(data);
        if let Err(broken) = bearing::fuzzing::schema(&text) {
            panic!("{broken}\ninput: {text:?}");
        }
        if let Err(error) = bearing::config::Config::parse(&text)
            && let (Some(line), Some(column)) = (error.line, error.column)
        {
            assert!(
                inside_text(&text, line, column),
                "bearing.yaml error at {line}:{column}, outside the text: {error:?}\ninput: {text:?}"
            );
        }
    });
}
