use proptest::prelude::*;

use super::super::node::Pos;
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
        let ours = build(text).expect_err("the builder refuses it");
        let theirs = serde_documents(text, &YamlLimits::default()).expect_err("so does serde");
        assert_eq!(
            ours.pos.map(|p| p.line),
            theirs.pos.map(|p| p.line),
            "{text}: {} / {}",
            ours.message,
            theirs.message
        );
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

/// Found by the fuzz target: keys that read alike as text (`null` and an empty key)
/// are a duplicate to the builder, two keys to serde-saphyr. Not a difference.
#[test]
fn keys_that_read_alike_are_refused_by_the_builder_alone() {
    let text = "null: ~\n: two\n";
    assert!(build(text).is_err());
    assert!(serde_documents(text, &YamlLimits::default()).is_ok());
    assert_same_reading(text);
    assert!(differential("a: 1\n").is_ok());
}

/// Found by the fuzz target: `!int` is a local tag to the builder, which refuses it,
/// and `!!int` to serde-saphyr. Not a difference; `!custom` is refused by both.
#[test]
fn local_tags_are_refused_by_the_builder_alone() {
    for text in ["a: !int 7\n", "a: !str 7\n", "a: !float 3\n"] {
        assert!(build(text).is_err(), "{text}");
        assert!(
            serde_documents(text, &YamlLimits::default()).is_ok(),
            "{text}"
        );
        assert_same_reading(text);
    }
}

/// Found by the fuzz target: around a tagged scalar, only spaces, tabs and line
/// breaks are trimmed, as serde-saphyr trims them; NEL and its kin are text.
#[test]
fn tagged_scalars_are_trimmed_as_serde_saphyr_trims_them() {
    for text in [
        "a: !!float \"\\N2.5\"\n",
        "a: !!int \"\\L7\"\n",
        "a: !!bool \"true\\_\"\n",
        "a: !!int \"\\v7\"\n",
        "\r\r\r!!float \r\r\u{85}2.5\u{85}\r\r\n",
    ] {
        assert!(build(text).is_err(), "{text:?}");
        assert_same_reading(text);
    }
    for text in ["a: !!float \" 2.5\\n\"\n", "a: !!int |\n  7\n"] {
        assert!(build(text).is_ok(), "{text:?}");
        assert_same_reading(text);
    }
}

/// How findings found a key before the builder kept its position: the nearest `name`
/// before the value followed by `:` and then only blanks, comments, anchors or tags.
/// Kept here as the oracle that the kept positions are the ones findings pointed at.
fn searched_key_pos(text: &str, name: &str, value: &Node) -> Option<Pos> {
    let end = value.pos.start().min(text.len());
    let floor = end.saturating_sub(64 * 1024);
    let mut limit = end;
    while let Some(found) = text.get(floor..limit)?.rfind(name) {
        let start = floor + found;
        limit = start;
        let after = start + name.len();
        let (start, after) = match (
            text[..start].chars().next_back(),
            text[after..].chars().next(),
        ) {
            (Some(q @ ('"' | '\'')), Some(c)) if c == q => (start - 1, after + 1),
            _ => (start, after),
        };
        let boundary = text[..start]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || matches!(c, '{' | ',' | '-' | '?'));
        if !boundary || !only_colon_and_trivia(&text[after..end]) {
            continue;
        }
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let lines_between = text[start..end].matches('\n').count();
        let line = (value.pos.line as usize)
            .saturating_sub(lines_between)
            .max(1);
        return Some(Pos {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(text[line_start..start].chars().count() + 1).unwrap_or(u32::MAX),
            offset: Pos::narrow(start),
            len: Pos::narrow(after - start),
        });
    }
    None
}

fn only_colon_and_trivia(between: &str) -> bool {
    let trimmed = between.trim_start_matches([' ', '\t']);
    let Some(rest) = trimmed.strip_prefix(':') else {
        return false;
    };
    rest.lines().all(|line| {
        let code = line.split_once(" #").map_or(line, |(code, _)| code);
        let code = if code.trim_start().starts_with('#') {
            ""
        } else {
            code
        };
        code.split_whitespace()
            .all(|token| token.starts_with('&') || token.starts_with('!'))
    })
}

/// Every entry of `node` and below: (key name, value).
fn entries<'n>(node: &'n Node, out: &mut Vec<(&'n str, &'n Node)>) {
    match &node.value {
        Value::Map(map) => {
            for (key, value) in map {
                out.push((&key.name, value));
                entries(value, out);
            }
        }
        Value::Seq(items) => items.iter().for_each(|item| entries(item, out)),
        _ => {}
    }
}

/// Wherever the old text search found a key, in every fixture (and BEARING_DIFF_DIR),
/// the builder kept that same position: findings on keys point where they did.
#[test]
fn keys_are_kept_where_the_text_search_found_them() {
    let mut files = fixture_files("fixtures");
    if let Ok(extra) = std::env::var("BEARING_DIFF_DIR") {
        yaml_files(std::path::Path::new(&extra), &mut files);
    }
    let mut found = 0;
    for path in files {
        let text = std::fs::read_to_string(&path).expect("fixture is text");
        let Ok(documents) = build(&text) else {
            continue;
        };
        let mut all = Vec::new();
        documents.iter().for_each(|d| entries(d, &mut all));
        for (name, value) in all {
            let kept = value.key_pos();
            assert!(kept.is_some(), "{}: `{name}` has no key", path.display());
            if let Some(searched) = searched_key_pos(&text, name, value) {
                found += 1;
                assert_eq!(kept, Some(searched), "{}: `{name}`", path.display());
            }
        }
    }
    assert!(found > 1000, "{found} keys compared");
}

/// Keys read by either reader keep their positions: the fast reader's plain files and
/// granit's (an anchor sends the second text to it).
#[test]
fn keys_keep_their_positions() {
    let plain = "kind: Goal\n\"id\": G-1\nlist: [a, {id: b}]\nnested:\n  - id: KR-1\n    x: 2.5\n";
    let anchored = format!("{plain}anchor: &a {{y: 1}}\nreplay: *a\n");
    for text in [plain, anchored.as_str()] {
        let root = &build(text).expect("reads")[0];
        let at = |node: &Node, name: &str| {
            let value = node.get(name).expect("entry");
            value.key_pos().map(|p| (p.line, p.column, p.offset, p.len))
        };
        assert_eq!(at(root, "kind"), Some((1, 1, 0, 4)));
        // A quoted key is underlined with its quotes.
        assert_eq!(at(root, "id"), Some((2, 1, 11, 4)));
        let Value::Seq(list) = &root.get("list").expect("list").value else {
            panic!("list")
        };
        assert_eq!(at(&list[1], "id"), Some((3, 12, 32, 2)));
        let Value::Seq(nested) = &root.get("nested").expect("nested").value else {
            panic!("nested")
        };
        assert_eq!(at(&nested[0], "id"), Some((5, 5, 52, 2)));
        assert_eq!(at(&nested[0], "x"), Some((6, 5, 65, 1)));
        // A document, a list item and a key have no key.
        assert_eq!(root.key_pos(), None);
        assert_eq!(list[0].key_pos(), None);
    }
    // A replayed mapping: its own key where the alias stands, its keys at the alias.
    let root = &build(&anchored).expect("reads")[0];
    let replay = root.get("replay").expect("replay");
    let alias = replay.pos;
    assert_eq!(replay.key_pos().map(|k| (k.line, k.column)), Some((8, 1)));
    assert_eq!(replay.get("y").expect("y").key_pos(), Some(alias));
}
