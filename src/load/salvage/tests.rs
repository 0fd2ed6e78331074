use super::*;

fn read(text: &str) -> Option<Salvaged> {
    let limits = YamlLimits::default();
    let text = text.to_owned();
    crate::pool::run(&limits, move || {
        let error = parse_documents(&text, &limits).expect_err("invalid YAML");
        salvage(&text, &error, &limits)
    })
}

#[test]
fn common_mistakes_are_mended_at_their_line() {
    let cases = [
        ("kind: Goal\nid: G-a\ntitle: t\n\tunit: x\n", 4, "tab"),
        ("kind: Goal\nid: G-a\ntitle: t\nowner: @cmo\n", 4, "`@`"),
        ("kind: Goal\nid: G-a\ntitle: t\nowner: *cmo\n", 4, "`*`"),
        ("kind: Goal\nid: G-a\ntitle: Fix: the thing\n", 3, "`: `"),
        (
            "kind: Goal\nid: G-a\ntitle: t\nkind: Goal\nid: G-b\ntitle: u\n",
            4,
            "`---`",
        ),
        ("kind: Goal\nid: G-a\ntitle: t\n  unit: x\n", 4, "indented"),
        (
            "kind: Goal\nid: G-a\ntitle: t\nunit: x\nunit: y\n",
            5,
            "twice",
        ),
    ];
    for (text, line, words) in cases {
        let s = read(text).unwrap_or_else(|| panic!("not mended: {text:?}"));
        assert_eq!(s.pos.line, line, "{text:?}: {}", s.message);
        assert!(
            s.message.contains(words) || s.help.contains(words),
            "{text:?}: {} / {}",
            s.message,
            s.help
        );
    }
}

#[test]
fn positions_map_back_to_the_text_as_written() {
    let text = "kind: Goal\nid: G-a\ntitle: t\nowner: @cmo\nunit: x\n";
    let s = read(text).expect("mended");
    let root = &s.roots[0];
    let unit = root.get("unit").expect("unit");
    assert_eq!((unit.pos.line, unit.pos.column), (5, 7));
    assert_eq!(&text[unit.pos.start()..unit.pos.end()], "x");
    let owner = root.get("owner").expect("owner");
    assert_eq!(owner.as_str(), Some("@cmo"));
    assert_eq!(owner.pos.line, 4);
    let missing = "kind: Goal\nid: G-a\ntitle: t\nkind: Goal\nid: G-b\ntitle: u\n";
    let s = read(missing).expect("mended");
    assert_eq!(s.roots.len(), 2);
    assert_eq!(s.roots[1].get("id").map(|n| n.pos.line), Some(5));
}

/// Found by the loader fuzz target: below a line the mend left out, keys were
/// placed in the mended text, a line too high (an unknown property was underlined
/// on the line above it, past its end).
#[test]
fn key_positions_map_back_to_the_text_as_written() {
    let text = "kind: Goal\nid: G-a\nperiodH 2026-H2\ntitle: t\nunit: x\n";
    let s = read(text).expect("mended");
    let unit = s.roots[0].get("unit").expect("unit");
    let key = unit.key_pos().expect("a key");
    assert_eq!((key.line, key.column), (5, 1));
    assert_eq!(&text[key.start()..key.end()], "unit");
    assert_eq!((unit.pos.line, unit.pos.column), (5, 7));
}

#[test]
fn ids_of_an_unreadable_file_are_found() {
    let ids = scan_ids(
        "kind: Objective\nid: O-a\nkey_results:\n  - id: KR-a\n    title: t\n---\nkind: Project\nid: P-a\n",
    );
    assert_eq!(
        ids,
        [
            ("O-a".to_owned(), EntityKind::Objective),
            ("KR-a".to_owned(), EntityKind::KeyResult),
            ("P-a".to_owned(), EntityKind::Project)
        ]
    );
}
