//! Differential tests: wherever the fast reader reads a text, granit reads it the same,
//! positions included; everything else is left to granit.

use proptest::prelude::*;

use super::super::granit;
use super::super::oracle::{fixture_files, yaml_files};
use super::lexical::MAX_KEY;
use super::*;

mod generate;

use generate::{KEYS, Shape, document, shape};

fn limits() -> YamlLimits {
    YamlLimits::default()
}

/// The fast reader reads `text`, and reads it as granit does, positions included.
fn assert_read_as_granit(text: &str) {
    let fast = documents(text, &limits());
    let Some(fast) = fast else {
        panic!("left to granit:\n{text}");
    };
    let granit = granit::documents(text, &limits());
    assert_eq!(Ok(fast), granit, "\n{text}");
}

fn assert_left_to_granit(text: &str) {
    assert_eq!(documents(text, &limits()), None, "\n{text}");
}

#[test]
fn the_plain_style_is_read_as_granit_reads_it() {
    for text in [
        "kind: Objective\nid: O-1\ntitle: \"Qual \u{20ac}7,761\"\n",
        "# comment\n\nkind: Goal # trailing\nid: G-1   \n",
        "supports: [G-a, G-b]\nx: {date: 2025-09-09, value: 62, note: first full month}\n",
        "f: [ a , \"b\" ]\ne: []\nm: {}\n",
        "c: [{id: KR-1, expected: -1.26}, KR-2, {id: KR-3, expected: 3}]\nn: {a: [1, 2], b: {c: []}}\n",
        "g: 'it''s'\nh: 'plain'\ni: \"\u{e9}t\u{e9}\"\n",
        "f: [\"\u{e9}t\u{e9}\", x, {k: \u{20ac}, l: 'm'}]\n",
        "d: |\n  Context.\n\n  - a\n    b\nnext: 1\n",
        "a: |\n  x\n   y\n\n\n# c\nb: |-\n  z\n\nc: |+\n  w\n\n\nh: |\n  last\n",
        "o:\n  d: |\n    x\n\n  e: 1\n",
        "a: |  # note\n  x\n  # not a comment\nb: 1\n",
        "key_results:\n  - id: KR-1\n    t: 1\n  - id: KR-2\n    checkins:\n      - {date: 2025-09-09, value: 62}\n",
        "list:\n  - a\n  - -5\n  - \"q\"   # c\n  - [x, y]\n",
        "---\nkind: x\n---\n# only a comment\n---\nkind: y\n",
        "---\n---\n",
        "",
        "# nothing\n",
        "n: -3\nf: 1.5\nb: true\nno: no\nnull: ~\nbig: 123456789012345678901\n",
        "url: https://example.com/a#b\ntext: C# and F#\nmix: a [b] {c}, d\n",
        "x: ...\ny: [...]\nz: ---x\n",
        "1: one\ntrue: two\n",
        "deep:\n  a:\n    b:\n      c: 1\n  d: 2\n",
        "k: \"a: b\"\nq: 'x # y'\n",
        "a: b\n  # c\nd: 1\nl:\n  - x\n     # c\n  - y\n",
    ] {
        assert_read_as_granit(text);
    }
}

#[test]
fn everything_else_is_left_to_granit() {
    for text in [
        "a: 1",                  // no final line break
        "a: 1\r\n",              // carriage return
        "a:\t1\n",               // tab
        "\u{feff}a: 1\n",        // byte-order mark
        "a: &x 1\nb: *x\n",      // anchors and aliases
        "a: !!str 1\n",          // tags
        "a: >\n  folded\n",      // folded text
        "a: |2\n   x\n",         // indentation indicator
        "a: |\n\n  x\n",         // leading empty line
        "a: |\n  x\n    \n",     // a blank line with more spaces than the text
        "a: \"esc\\n\"\n",       // escapes
        "a: \"two\n  lines\"\n", // multi-line quotes
        "a: b\n  c\n",           // multi-line plain
        "a: b\n\n  c\n",
        "a: b: c\n",              // `: ` in a plain value
        "a:\n",                   // empty value
        "a:\nb: 1\n",             // empty value
        "a:\n- x\n",              // a list at the key's column
        "- x\n",                  // a root list
        "  a: 1\n",               // an indented root
        "a: [x,\n  y]\n",         // multi-line flow
        "a: [x, ]\n",             // trailing comma
        "a: {b:c}\n",             // `b:c` is one plain scalar in a flow mapping
        "a: [[[[[x]]]]]\n",       // deeply nested flow
        "? a\n: b\n",             // complex key
        "\"a\": 1\n",             // quoted key
        "a b: 1\n",               // key with a space
        "%YAML 1.2\n---\na: 1\n", // directive
        "a: 1\n...\n",            // document end marker
        "--- a\n",                // content after the marker
        "a: 1\na: 2\n",           // duplicate key: granit speaks
        "a:b\n",
        "a: - b\n",
        "l:\n  - - x\n",
        "l:\n  -\n    x\n",
        "a: 1\n b: 2\n", // a stray indent
        "a: \u{85}x\n",  // NEL
    ] {
        assert_left_to_granit(text);
    }
}

#[test]
fn keys_longer_than_granit_allows_are_left_to_it() {
    let key = "k".repeat(MAX_KEY);
    assert_read_as_granit(&format!("{key}: 1\nl:\n  - {key}: 1\nf: {{{key}: 1}}\n"));
    let key = "k".repeat(MAX_KEY + 1);
    assert_left_to_granit(&format!("{key}: 1\n"));
    assert_left_to_granit(&format!("l:\n  - {key}: 1\n"));
    assert_left_to_granit(&format!("a: {{b: 1, {key}: 1}}\n"));
}

#[test]
fn a_long_one_line_list_reads_in_linear_time() {
    for item in ["x", "\u{e9}"] {
        let mut text = String::from("a: [");
        while text.len() < 1 << 20 {
            text.push_str(item);
            text.push(',');
        }
        text.push_str("z]\n");
        let start = std::time::Instant::now();
        let read = documents(&text, &limits());
        assert!(read.is_some());
        // Quadratic column counting took seconds in a release build.
        assert!(
            start.elapsed() < std::time::Duration::from_secs(3),
            "{:?}",
            start.elapsed()
        );
    }
}

#[test]
fn too_deep_is_left_to_granit() {
    let mut text = String::new();
    for depth in 0..100 {
        text.push_str(&" ".repeat(depth));
        text.push_str("a:\n");
    }
    text.push_str(&" ".repeat(100));
    text.push_str("b: 1\n");
    assert_left_to_granit(&text);
}

#[test]
fn the_worked_example_is_read_the_fast_way() {
    let files = fixture_files("fixtures/example");
    assert!(files.len() > 5);
    for path in files {
        let text = std::fs::read_to_string(&path).expect("fixture is text");
        assert_read_as_granit(&text);
    }
}

/// Every fixture (and with BEARING_DIFF_DIR, a whole workload): where the fast reader
/// reads a file, it reads it as granit does.
#[test]
fn wherever_the_fast_reader_reads_it_agrees_with_granit() {
    let mut files = fixture_files("fixtures");
    if let Ok(extra) = std::env::var("BEARING_DIFF_DIR") {
        yaml_files(std::path::Path::new(&extra), &mut files);
    }
    let mut read = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).expect("fixture is text");
        if let Some(fast) = documents(&text, &limits()) {
            read += 1;
            assert_eq!(
                Ok(fast),
                granit::documents(&text, &limits()),
                "{}",
                path.display()
            );
        }
    }
    assert!(
        read * 2 > files.len(),
        "{read} of {} read fast",
        files.len()
    );
}

const NOISE: &[&str] = &[
    " ", "\n", "#", ":", "-", "\"", "'", "|", "[", "]", ",", "\t", "\u{e9}", "  ", "---\n", "&",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Plan-shaped documents, and the same with a stray character: whatever the fast
    /// reader reads, it reads as granit does.
    #[test]
    fn generated_documents_read_alike(
        entries in prop::collection::vec((0..KEYS.len(), shape()), 1..5),
        step in 1usize..5,
        noise in proptest::option::of((any::<prop::sample::Index>(), 0..NOISE.len())),
    ) {
        let mut text = document(&entries, step);
        if let Some((at, n)) = noise {
            let mut at = at.index(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text.insert_str(at, NOISE[n]);
        }
        if let Some(fast) = documents(&text, &limits()) {
            prop_assert_eq!(Ok(fast), granit::documents(&text, &limits()), "{}", text);
        }
    }
}

/// The generator is not vacuous: most clean documents of plain words are read fast.
#[test]
fn the_generator_reaches_the_fast_reader() {
    let plain = Shape::Map(vec![
        (0, Shape::Word(0, 0)),
        (1, Shape::Flow(vec![1, 2], false)),
        (
            2,
            Shape::List(vec![
                Shape::Word(4, 1),
                Shape::Map(vec![(0, Shape::Literal(vec![1, 2], 0))]),
            ]),
        ),
    ]);
    for step in 1..5 {
        assert_read_as_granit(&document(&[(0, plain.clone())], step));
    }
}

/// `plain_characters` judged against the characters themselves, with each character
/// it refuses (and some it allows) at every place of a text longer than a few of its
/// blocks, the edges of blocks included.
#[test]
fn plain_characters_refuses_each_special_character_wherever_it_stands() {
    let allowed = |c: char| {
        !((c < ' ' && c != '\n')
            || c == '\u{7f}'
            || ('\u{80}'..='\u{9f}').contains(&c)
            || matches!(
                c,
                '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
            ))
    };
    let by_characters = |text: &str| text.ends_with('\n') && text.chars().all(allowed);
    let base = "title: Grow the share of weekly active teams to 40%\n".repeat(3);
    for c in [
        '\t', '\r', '\u{0}', '\u{7f}', '\u{85}', '\u{9f}', '\u{2028}', '\u{2029}', '\u{feff}',
        '\u{fffe}', '\u{ffff}', 'é', '€', '\u{a0}', '\u{2027}', '😀',
    ] {
        for at in (0..base.len()).filter(|&i| base.is_char_boundary(i)) {
            let mut text = base.clone();
            text.insert(at, c);
            assert_eq!(
                lexical::plain_characters(&text),
                by_characters(&text),
                "{c:?} at byte {at}"
            );
        }
    }
    assert!(!lexical::plain_characters("no final line break"));
    assert!(lexical::plain_characters(""));
}
