//! A hook for the differential fuzz target (`fuzz/`), and only for it: hidden from the
//! documentation and no part of the library's interface, which it may not widen. It
//! exists because the readers it compares are private to `yaml`.
//!
//! [`differential`] reads one text every way the crate can and reports any difference:
//! the fast reader against granit, and the builder against serde-saphyr's own
//! deserialisation ([`super::oracle`]). The tests below run the same check on every
//! fixture and on chosen and generated texts.

use super::fast;
use super::granit;
use super::limits::{YamlError, YamlLimits};
use super::node::Node;
use super::oracle::serde_documents;
use super::parse::{parse_documents, stack_size_for};

/// Reads `text` with the default limits every way the crate can; `Err` says how two
/// readings differ:
///
/// - wherever the fast reader reads `text`, granit reads the same nodes with the same
///   positions, keys' included (the fast reader may always give up);
/// - where the builder (behind either reader) and serde-saphyr's deserializer both read
///   `text`, they read the same nodes with the same positions; where both refuse it,
///   they refuse it on the same line; one never reads what the other refuses.
///
/// It runs on a thread of its own, with the stack the crate gives a reader: a panic in
/// a reader is a panic here.
pub fn differential(text: &str) -> Result<(), String> {
    let text = text.to_owned();
    let limits = YamlLimits::default();
    let reader = std::thread::Builder::new()
        .stack_size(stack_size_for(&limits))
        .spawn(move || compare(&text, &limits))
        .map_err(|error| format!("no thread to read on: {error}"))?;
    match reader.join() {
        Ok(outcome) => outcome,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

fn compare(text: &str, limits: &YamlLimits) -> Result<(), String> {
    if let Some(fast) = fast::documents(text, limits) {
        let granit = granit::documents(text, limits);
        if granit.as_ref() != Ok(&fast) {
            return Err(format!(
                "the fast reader and granit differ\nfast:   {fast:?}\ngranit: {granit:?}"
            ));
        }
    }
    same_reading(
        &parse_documents(text, limits),
        &serde_documents(text, limits),
    )
}

/// The builder's reading and serde-saphyr's agree: the same trees, positions included,
/// or both refuse the text on the same line.
fn same_reading(
    ours: &Result<Vec<Node>, YamlError>,
    theirs: &Result<Vec<Node>, YamlError>,
) -> Result<(), String> {
    let agree = match (ours, theirs) {
        (Ok(ours), Ok(theirs)) => ours == theirs,
        (Err(ours), Err(theirs)) => ours.pos.map(|p| p.line) == theirs.pos.map(|p| p.line),
        _ => false,
    };
    if agree {
        Ok(())
    } else {
        Err(format!(
            "the builder and serde-saphyr differ\nbuilder:      {ours:?}\nserde-saphyr: {theirs:?}"
        ))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::oracle::{fixture_files, yaml_files};
    use super::*;

    fn build(text: &str) -> Result<Vec<Node>, YamlError> {
        parse_documents(text, &YamlLimits::default())
    }

    fn assert_same_reading(text: &str) {
        if let Err(difference) = differential(text) {
            panic!("{text}\n{difference}");
        }
    }

    /// Every fixture (and with BEARING_DIFF_DIR, a whole workload; benches/check.sh makes
    /// them) passes the check the fuzz target runs.
    #[test]
    fn every_fixture_reads_alike_every_way() {
        let mut files = fixture_files("fixtures");
        if let Ok(extra) = std::env::var("BEARING_DIFF_DIR") {
            yaml_files(std::path::Path::new(&extra), &mut files);
        }
        assert!(files.len() > 50, "fixtures found: {}", files.len());
        for path in files {
            let text = std::fs::read_to_string(&path).expect("fixture is text");
            if let Err(difference) = differential(&text) {
                panic!("{}\n{difference}", path.display());
            }
        }
    }

    #[test]
    fn shapes_read_alike() {
        for text in [
            "a: 1\nb: [1, 2.5, x, \"q\", 'r', ~, null, true, False]\n",
            "- a\n- {b: c, d: [e]}\n- - nested\n",
            "text: |\n  line one\n  line two\nfolded: >\n  a\n  b\n",
            "base: &b {x: 1}\nuse: *b\nlist: [*b, *b]\n",
            "s: &s text\nk: *s\n",
            "---\nid: a\n---\n---\nid: b\n...\n",
            "~\n",
            "key: !!str 12\nf: !!float 3\ni: !!int 7\n",
            "1: one\n2.5: two\ntrue: three\n",
            "date: 2026-01-31\nperiod: 2026-Q1\nneg: -3\nbig: 123456789012345678901\n",
            "plain: hello world  # comment\nquoted: \"a: b\"\n",
            "\u{feff}id: bom\n",
            "multi: a\n  b\n\n  c\n",
            "a: ...\nb: [...]\n",
            "a: ! 12\n! 13: b\nc: ! [1]\n",
            "a: !<tag:yaml.org,2002:str> 12\nb: !<tag:yaml.org,2002:map> {x: 1}\n",
            "&k 1: x\nb: *k\n&t true: y\nc: *t\n",
            "a: &n 1\n*n : y\n",
            "a: !!int 0X1F\n",
        ] {
            assert_same_reading(text);
        }
    }

    #[test]
    fn refusals_match() {
        for text in [
            "a: 1\na: 2\n",
            "a: !custom x\n",
            "base: &b {x: 1}\nm:\n  <<: *b\n",
            "a: [1, 2\n",
            "a: b: c\n",
            "- x\ny: 1\n",
            "a: *missing\n",
            "a: .inf\n",
        ] {
            assert_same_reading(text);
        }
    }

    proptest! {
        #[test]
        fn plain_scalars_resolve_alike(raw in "[-+0-9._xXoObeEaAfFnNiI]{1,12}") {
            let text = format!("v: {raw}\n");
            // Only texts that are plain scalars on both sides are comparable.
            if let (Ok(ours), Ok(theirs)) = (build(&text), serde_documents(&text, &YamlLimits::default())) {
                prop_assert_eq!(ours, theirs, "{}", raw);
            } else {
                prop_assert_eq!(build(&text).is_ok(), serde_documents(&text, &YamlLimits::default()).is_ok(), "{}", raw);
            }
        }

        #[test]
        fn words_resolve_alike(raw in "[a-zA-Z0-9 ~-]{1,16}") {
            let text = format!("v: {raw}\n");
            if let (Ok(ours), Ok(theirs)) = (build(&text), serde_documents(&text, &YamlLimits::default())) {
                prop_assert_eq!(ours, theirs, "{}", raw);
            }
        }
    }
}
