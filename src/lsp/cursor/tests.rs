use super::*;

/// The context at the `|` in `text` (which is removed).
fn at(text: &str) -> (Context, String) {
    let offset = text.find('|').expect("a cursor");
    let clean = format!("{}{}", &text[..offset], &text[offset + 1..]);
    (context(&clean, offset), clean)
}

fn key(k: &str) -> Seg {
    Seg::Key(k.to_owned())
}

#[test]
fn values_keys_and_items_in_block_style() {
    let (c, _) = at("kind: Goal\nid: G-a\n---\nkind: Project\nstatus: ac|\n");
    assert_eq!(c.kind.as_deref(), Some("Project"));
    assert_eq!((c.path, c.place), (vec![key("status")], Place::Value));

    let (c, text) = at("kind: Project\nid: P-a\nsta|\ntitle: T\n");
    assert_eq!((c.path.clone(), c.place), (vec![], Place::Key));
    assert_eq!(&text[c.word.0..c.word.1], "sta");
    assert_eq!(c.siblings, ["kind", "id", "title"]);

    let (c, _) = at("kind: Project\ncontributes_to:\n  - KR-a\n  - K|\n");
    assert_eq!(
        (c.path, c.place),
        (vec![key("contributes_to"), Seg::Item], Place::ItemStart)
    );

    let (c, _) = at("kind: Objective\nkey_results:\n  - id: KR-a\n    tit|\n");
    assert_eq!(
        (c.path, c.place),
        (vec![key("key_results"), Seg::Item], Place::Key)
    );
    assert_eq!(c.siblings, ["id"]);

    let (c, _) = at("kind: Objective\ndescription: |\n  some text\n  sta|\n");
    assert_eq!(c.place, Place::Value);
}

#[test]
fn values_inside_one_line_lists_and_mappings() {
    let (c, _) = at("kind: Objective\nsupports: [G-a, G|]\n");
    assert_eq!(
        (c.path, c.place),
        (vec![key("supports"), Seg::Item], Place::Value)
    );
    let (c, _) = at("kind: Project\ncontributes_to:\n  - {id: KR|, expected: 2}\n");
    assert_eq!(
        (c.path, c.place),
        (
            vec![key("contributes_to"), Seg::Item, key("id")],
            Place::Value
        )
    );
    let (c, _) = at("kind: Project\nbudget: {planned: 3, cur|}\n");
    assert_eq!((c.path, c.place), (vec![key("budget")], Place::Key));
}

#[test]
fn documents_are_found_between_separators() {
    let (c, text) = at("kind: Goal\n---\nkind: Project\nid: P|\n---\nkind: Goal\n");
    assert_eq!(c.kind.as_deref(), Some("Project"));
    assert_eq!(&text[c.doc.0..c.doc.1], "kind: Project\nid: P\n");
}

#[test]
fn any_text_and_offset_is_safe() {
    for text in [
        "",
        "---",
        "- - - [ { : , ] }",
        "é: ü\n  - \"x: [",
        "a:\n- b\n-",
    ] {
        for offset in 0..=text.len() + 2 {
            let _ = context(text, offset);
        }
    }
}
