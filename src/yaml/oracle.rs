//! The test oracle: serde-saphyr's own reading of a YAML text, with the options the
//! builder mirrors, and the differential tests that hold the builder
//! ([`super::build`]) equal to it — trees, positions and refusals alike.

use proptest::prelude::*;

use super::node::{Node, Pos};
use super::parse::{YamlError, YamlLimits, parse_documents};

/// The same documents read through serde-saphyr's deserializer with the options the
/// builder mirrors: the oracle of the differential tests, and the reference for what
/// each budget means.
fn parse_documents_with_serde(text: &str, limits: &YamlLimits) -> Result<Vec<Node>, YamlError> {
    use serde_saphyr::{DuplicateKeyPolicy, MergeKeyPolicy};
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: limits.max_depth,
            max_aliases: limits.max_aliases,
            flow_nesting_limit: limits.max_depth,
            alias_anchor_min_aliases: limits.max_aliases.min(100),
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: limits.max_aliases.saturating_mul(20),
            max_replay_stack_depth: limits.max_depth,
        },
        strict_booleans: true,
        reject_unsupported_tags: true,
        duplicate_keys: DuplicateKeyPolicy::Error,
        merge_keys: MergeKeyPolicy::Error,
        with_snippet: false,
    };
    serde_saphyr::from_multiple_with_options::<Node>(text, options).map_err(|error| YamlError {
        message: error.to_string(),
        pos: error.location().map(|location| Pos {
            line: u32::try_from(location.line()).unwrap_or(u32::MAX),
            column: u32::try_from(location.column()).unwrap_or(u32::MAX),
            offset: 0,
            len: 0,
        }),
    })
}

fn build(text: &str) -> Result<Vec<Node>, YamlError> {
    parse_documents(text, &YamlLimits::default())
}

/// The builder and serde-saphyr read `text` alike: the same trees, positions
/// included, or both refuse it on the same line.
fn assert_same_reading(name: &str, text: &str) {
    let ours = build(text);
    let theirs = parse_documents_with_serde(text, &YamlLimits::default());
    match (ours, theirs) {
        (Ok(ours), Ok(theirs)) => assert_eq!(ours, theirs, "{name}"),
        (Err(ours), Err(theirs)) => assert_eq!(
            ours.pos.map(|p| p.line),
            theirs.pos.map(|p| p.line),
            "{name}: {} / {}",
            ours.message,
            theirs.message
        ),
        (ours, theirs) => panic!("{name}: builder {ours:?}\nserde-saphyr {theirs:?}"),
    }
}

pub(super) fn yaml_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

#[test]
fn every_fixture_reads_as_serde_saphyr_reads_it() {
    let mut files = Vec::new();
    yaml_files(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
        &mut files,
    );
    // BEARING_DIFF_DIR: also compare a workload (benches/check.sh makes them).
    if let Ok(extra) = std::env::var("BEARING_DIFF_DIR") {
        yaml_files(std::path::Path::new(&extra), &mut files);
    }
    assert!(files.len() > 50, "fixtures found: {}", files.len());
    for path in files {
        let text = std::fs::read_to_string(&path).expect("fixture is text");
        assert_same_reading(&path.display().to_string(), &text);
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
        assert_same_reading(text, text);
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
        assert_same_reading(text, text);
    }
}

proptest! {
    #[test]
    fn plain_scalars_resolve_alike(raw in "[-+0-9._xXoObeEaAfFnNiI]{1,12}") {
        let text = format!("v: {raw}\n");
        // Only texts that are plain scalars on both sides are comparable.
        if let (Ok(ours), Ok(theirs)) = (build(&text), parse_documents_with_serde(&text, &YamlLimits::default())) {
            prop_assert_eq!(ours, theirs, "{}", raw);
        } else {
            prop_assert_eq!(build(&text).is_ok(), parse_documents_with_serde(&text, &YamlLimits::default()).is_ok(), "{}", raw);
        }
    }

    #[test]
    fn words_resolve_alike(raw in "[a-zA-Z0-9 ~-]{1,16}") {
        let text = format!("v: {raw}\n");
        if let (Ok(ours), Ok(theirs)) = (build(&text), parse_documents_with_serde(&text, &YamlLimits::default())) {
            prop_assert_eq!(ours, theirs, "{}", raw);
        }
    }
}
