//! Text to YAML documents, under resource limits that hostile input cannot get past.
//!
//! The text has already been size-checked and decoded by the caller; here the parser runs
//! with strict booleans, unsupported tags rejected, merge keys refused, duplicate keys
//! refused, and budgets on depth, alias uses and what aliases expand to, in nodes and
//! bytes (THREATS.md, Y1–Y11).
//! The work is done by [`super::build`], on the events of serde-saphyr's parser.

use super::node::{Node, Pos};

/// Budgets for one file. The defaults suit hand-written plans with a wide margin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YamlLimits {
    /// Deepest nesting of lists and mappings.
    pub max_depth: usize,
    /// Most alias uses (`*name`) in one file.
    pub max_aliases: usize,
}

impl Default for YamlLimits {
    fn default() -> Self {
        YamlLimits {
            max_depth: 64,
            max_aliases: 1_000,
        }
    }
}

/// Why a file could not be read as YAML, with the position the parser reported.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub(crate) struct YamlError {
    pub message: String,
    pub pos: Option<Pos>,
}

/// Every non-empty document of `text`, in order. Empty documents and empty files yield
/// nothing: a file of comments is a valid, empty part of the plan.
pub(crate) fn parse_documents(text: &str, limits: &YamlLimits) -> Result<Vec<Node>, YamlError> {
    super::build::build_documents(text, limits)
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
}
