//! Text to YAML documents, under resource limits that hostile input cannot get past.
//!
//! The text has already been size-checked and decoded by the caller; here it is read
//! with strict booleans, unsupported tags rejected, merge keys refused, duplicate keys
//! refused, and budgets on depth, alias uses and what aliases expand to, in nodes and
//! bytes (docs/threat-model.md, Y1–Y11).
//!
//! Two readers feed the same events to the same builder ([`super::build`]), which
//! enforces all of that: the fast reader ([`super::fast`]) for plain block YAML, nearly
//! every plan file, and serde-saphyr's parser ([`super::granit`]) for everything the fast
//! one gives up on. This module chooses: the fast reader first, then granit.

pub(crate) use super::limits::{YamlError, YamlLimits};
use super::node::Node;

/// Every non-empty document of `text`, in order. Empty documents and empty files yield
/// nothing: a file of comments is a valid, empty part of the plan.
pub(crate) fn parse_documents(text: &str, limits: &YamlLimits) -> Result<Vec<Node>, YamlError> {
    // Plain block YAML is read without granit's scanner; the rest, and every error, is
    // read by granit, from the start.
    if let Some(documents) = super::fast::documents(text, limits) {
        return Ok(documents);
    }
    super::granit::documents(text, limits)
}

/// Stack a thread needs to read documents `max_depth` levels deep: the tree is built on
/// a stack of its own, but what walks it afterwards (the JSON Schema check, the model
/// reader, dropping it) recurses once per level, and a debug build uses far more stack
/// per level than a release build.
pub(crate) fn stack_size_for(limits: &YamlLimits) -> usize {
    (limits.max_depth * 96 * 1024).max(16 * 1024 * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn err(text: &str) -> YamlError {
        let text = text.to_owned();
        let limits = YamlLimits::default();
        std::thread::Builder::new()
            .stack_size(stack_size_for(&limits))
            .spawn(move || parse_documents(&text, &limits).expect_err("must be rejected"))
            .expect("spawn")
            .join()
            .expect("no panic")
    }

    fn quick<T>(f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        assert!(
            start.elapsed() < Duration::from_secs(1),
            "took {:?}",
            start.elapsed()
        );
        out
    }

    #[test]
    fn billion_laughs_is_refused() {
        let mut text = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
        let mut prev = "a";
        for name in names {
            text.push_str(&format!("{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
            prev = name;
        }
        let e = quick(|| err(&text));
        assert!(
            e.message.contains("alias") || e.message.contains("budget"),
            "{}",
            e.message
        );
        assert!(e.pos.is_some());
    }

    #[test]
    fn anchor_reused_ten_thousand_times_is_refused() {
        let mut text = String::from("base: &x {a: 1}\nlist:\n");
        for _ in 0..10_000 {
            text.push_str("  - *x\n");
        }
        let e = quick(|| err(&text));
        assert!(e.message.contains("alias"), "{}", e.message);
    }

    #[test]
    fn deep_nesting_is_refused_without_overflow() {
        let e = quick(|| err(&"[".repeat(1_000)));
        assert!(
            e.message.contains("depth") || e.message.contains("nesting"),
            "{}",
            e.message
        );
        assert_eq!(e.pos.map(|p| p.line), Some(1));
        let e = quick(|| err(&"- ".repeat(100_000)));
        assert!(
            e.message.contains("depth") || e.message.contains("nesting"),
            "{}",
            e.message
        );
    }

    #[test]
    fn duplicate_key_points_at_the_second() {
        let e = err("id: a\ntitle: x\nid: b\n");
        assert!(e.message.contains("duplicate"), "{}", e.message);
        assert_eq!(e.pos.map(|p| p.line), Some(3));
    }

    #[test]
    fn merge_keys_are_refused() {
        let e = err("base: &b {x: 1}\nthing:\n  <<: *b\n  y: 2\n");
        assert!(e.message.to_lowercase().contains("merge"), "{}", e.message);
    }

    #[test]
    fn unsupported_tags_are_refused() {
        for text in [
            "a: !custom x\n",
            "a: !!python/object:os.system x\n",
            "a: !!binary aGVsbG8=\n",
        ] {
            let e = err(text);
            assert!(e.message.contains("tag"), "{text}: {}", e.message);
            assert_eq!(e.pos.map(|p| p.line), Some(1));
        }
    }

    #[test]
    fn yes_and_no_stay_strings() {
        let docs = parse_documents(
            "status: no\nenabled: yes\nok: true\n",
            &YamlLimits::default(),
        )
        .expect("parses");
        use super::super::node::Value;
        assert_eq!(
            docs[0].get("status").map(|n| &n.value),
            Some(&Value::Str("no".into()))
        );
        assert_eq!(
            docs[0].get("enabled").map(|n| &n.value),
            Some(&Value::Str("yes".into()))
        );
        assert_eq!(
            docs[0].get("ok").map(|n| &n.value),
            Some(&Value::Bool(true))
        );
    }

    #[test]
    fn empty_files_and_documents_yield_nothing() {
        assert!(
            parse_documents("", &YamlLimits::default())
                .expect("ok")
                .is_empty()
        );
        assert!(
            parse_documents("# only a comment\n", &YamlLimits::default())
                .expect("ok")
                .is_empty()
        );
        assert_eq!(
            parse_documents("---\n---\nid: a\n---\n", &YamlLimits::default())
                .expect("ok")
                .len(),
            1
        );
    }

    fn build(text: &str) -> Result<Vec<Node>, YamlError> {
        parse_documents(text, &YamlLimits::default())
    }

    fn message(text: &str) -> String {
        build(text).expect_err("must be refused").message
    }

    #[test]
    fn a_merge_key_through_an_alias_is_refused() {
        assert!(message("k: &k <<\nc:\n  *k : 1\n").contains("merge"));
    }

    #[test]
    fn an_alias_cannot_nest_deeper_than_the_limit() {
        let text = format!(
            "a: &a {}{}\nb: {}*a{}\n",
            "[".repeat(40),
            "]".repeat(40),
            "[".repeat(30),
            "]".repeat(30)
        );
        assert!(message(&text).contains("nesting deeper"));
    }

    #[test]
    fn aliases_are_charged_by_bytes_as_well_as_nodes() {
        // 1,000 copies of a 1 MB string would take 1 GB; serde-saphyr refused it too.
        let mut text = format!("a: &a {}\nb: [", "x".repeat(1_000_000));
        text.push_str(&vec!["*a"; 999].join(","));
        text.push_str("]\n");
        assert!(message(&text).contains("alias budget"));
    }

    #[test]
    fn nested_anchors_are_not_copied_past_the_budget() {
        // Each level would keep its own copy of the whole list: 62 copies of 100,000
        // items. None is kept; the file reads, and an alias to it is refused.
        let depth = 60;
        let mut text = String::from("a: ");
        for level in 0..depth {
            text.push_str(&format!("&a{level} ["));
        }
        text.push_str(&vec!["1"; 100_000].join(","));
        text.push_str(&"]".repeat(depth));
        text.push('\n');
        assert_eq!(build(&text).expect("reads").len(), 1);
        text.push_str("b: *a0\n");
        assert!(message(&text).contains("alias budget"));
    }

    #[test]
    fn tagged_numbers_follow_their_tag() {
        assert!(message("a: !!float 0x10\n").contains("not a number"));
        assert!(message("a: !!float 1_0\n").contains("not a number"));
        assert_eq!(
            build("a: !!int 0X1F\n").expect("reads")[0]
                .get("a")
                .map(|n| &n.value),
            Some(&super::super::node::Value::Int(31))
        );
    }
}
