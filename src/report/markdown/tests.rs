use super::*;

#[test]
fn escaping_keeps_tables_and_lists_intact() {
    assert_eq!(escape("a|b"), r"a\|b");
    assert_eq!(escape("*x* `y` <z>"), r"\*x\* \`y\` \<z\>");
    assert_eq!(escape("one\ntwo\r\nthree\rfour"), "one two three four");
    assert_eq!(escape("@cmo"), "@\u{2060}cmo");
    assert_eq!(escape("[x](javascript:1)"), r"\[x\]\(javascript:1\)");
}

#[test]
fn ticked_keeps_ids_as_code() {
    assert_eq!(
        ticked("`P-crm` traces to `O-cx`, which | x"),
        r"`P-crm` traces to `O-cx`, which \| x"
    );
    assert_eq!(ticked("`a b`"), r"\`a b\`");
}

#[test]
fn mermaid_labels_cannot_escape() {
    let label = mermaid_label("a\"]; click x `b` ```\n<i>");
    assert!(!label.contains(['"', ']', '`', '<', '\n', ';'].as_slice()) || label.contains('#'));
    assert!(!label.contains('"') && !label.contains('`') && !label.contains('\n'));
    assert!(!label.contains('[') && !label.contains(']'));
}

#[test]
fn the_last_resort_closes_fences() {
    let text = format!("# t\n```mermaid\n{}", "x\n".repeat(1000));
    let out = cut(&text, 500);
    assert!(out.chars().count() <= 500 + 300, "{}", out.len());
    assert_eq!(out.matches("```").count() % 2, 0);
    assert!(out.contains("truncated"));
}
