//! Random documents in the shapes plans take: plain words, block literals, flow lists,
//! nested mappings and lists, for the differential property test.

use proptest::prelude::*;

pub(super) const KEYS: &[&str] = &[
    "id", "title", "k-1", "_x", "1", "true", "a b", "\u{e9}", "key:", "-k", "n",
];

const WORDS: &[&str] = &[
    "a",
    "hello world",
    "-5",
    "3.14",
    "2026-Q1",
    "2025-09-09",
    "true",
    "no",
    "~",
    "null",
    "x: y",
    "a #b",
    "a#b",
    "\u{20ac}7,761",
    "it's",
    "\"q\"",
    "[x]",
    "{y}",
    "- z",
    ":",
    "?",
    "&a",
    "*a",
    "!t",
    "|",
    ">",
    "%",
    "@x",
    "`",
    "a,b",
    "",
    " lead",
    "trail ",
    "1e3",
    "0x1F",
    "...",
    "---",
    "C#",
    "https://x.y/z",
    "100%",
    "a  b",
    "'",
    "\\",
    "x:",
    "\u{e9}t\u{e9}",
];

#[derive(Debug, Clone)]
pub(super) enum Shape {
    Word(usize, u8),
    Literal(Vec<usize>, u8),
    Flow(Vec<usize>, bool),
    Map(Vec<(usize, Shape)>),
    List(Vec<Shape>),
}

pub(super) fn shape() -> impl Strategy<Value = Shape> {
    let leaf = prop_oneof![
        (0..WORDS.len(), 0u8..4).prop_map(|(w, s)| Shape::Word(w, s)),
        (prop::collection::vec(0..WORDS.len(), 1..4), 0u8..6)
            .prop_map(|(l, c)| Shape::Literal(l, c)),
        (prop::collection::vec(0..WORDS.len(), 0..4), any::<bool>())
            .prop_map(|(items, m)| Shape::Flow(items, m)),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec((0..KEYS.len(), inner.clone()), 1..4).prop_map(Shape::Map),
            prop::collection::vec(inner, 1..4).prop_map(Shape::List),
        ]
    })
}

fn word(w: usize, style: u8) -> String {
    let text = WORDS[w];
    match style {
        1 => format!("\"{text}\""),
        2 => format!("'{}'", text.replace('\'', "''")),
        _ => text.to_owned(),
    }
}

/// Writes `shape` as the value of a key (or list item) whose entries are at `indent`.
fn render(shape: &Shape, indent: usize, step: usize, out: &mut String) {
    match shape {
        Shape::Word(w, style) => {
            out.push(' ');
            out.push_str(&word(*w, *style));
            if *style == 3 {
                out.push_str(" # note");
            }
            out.push('\n');
        }
        Shape::Literal(lines, chomp) => {
            out.push_str([" |", " |-", " |+", " |", " | # c", " |"][usize::from(*chomp)]);
            out.push('\n');
            for (i, l) in lines.iter().enumerate() {
                if *chomp == 5 && i == 1 {
                    out.push('\n');
                }
                out.push_str(&" ".repeat(indent + step));
                out.push_str(WORDS[*l]);
                out.push('\n');
            }
            if *chomp >= 2 {
                out.push('\n');
            }
        }
        Shape::Flow(items, mapping) => {
            let items: Vec<String> = items
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    let item = match w % 7 {
                        0 => format!("[{}]", word(*w, 0)),
                        1 => format!("{{{}: {}}}", KEYS[i % KEYS.len()], word(*w, 1)),
                        _ => word(*w, (*w % 3) as u8),
                    };
                    if *mapping {
                        format!("{}: {item}", KEYS[i % KEYS.len()])
                    } else {
                        item
                    }
                })
                .collect();
            let (open, close) = if *mapping { ("{", "}") } else { ("[", "]") };
            out.push_str(&format!(" {open}{}{close}\n", items.join(", ")));
        }
        Shape::Map(entries) => {
            out.push('\n');
            for (k, v) in entries {
                out.push_str(&" ".repeat(indent + step));
                out.push_str(KEYS[*k]);
                out.push(':');
                render(v, indent + step, step, out);
            }
        }
        Shape::List(items) => {
            out.push('\n');
            for item in items {
                out.push_str(&" ".repeat(indent + step));
                out.push('-');
                match item {
                    Shape::Map(entries) => {
                        for (i, (k, v)) in entries.iter().enumerate() {
                            if i > 0 {
                                out.push_str(&" ".repeat(indent + step + 2));
                            } else {
                                out.push(' ');
                            }
                            out.push_str(KEYS[*k]);
                            out.push(':');
                            render(v, indent + step + 2, step, out);
                        }
                    }
                    other => render(other, indent + step, step, out),
                }
            }
        }
    }
}

pub(super) fn document(entries: &[(usize, Shape)], step: usize) -> String {
    let mut out = String::from("# a plan\n");
    for (k, v) in entries {
        out.push_str(KEYS[*k]);
        out.push(':');
        render(v, 0, step, &mut out);
    }
    out
}
