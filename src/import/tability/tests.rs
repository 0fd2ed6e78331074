use super::*;

#[test]
fn saved_lists_are_known_by_their_file_names() {
    assert_eq!(list_named("checkins.json"), Some("checkins"));
    assert_eq!(list_named("Outcomes-page-2.json"), Some("outcomes"));
    assert_eq!(list_named("plan_checkins.json"), Some("checkins"));
    assert_eq!(list_named("export.json"), None);
}

#[test]
fn a_member_is_named_by_the_names_cached_on_the_membership() {
    let member = serde_json::json!({"cached_firstname": "Ana", "cached_lastname": "Ruiz",
        "cached_email": "ana@example.com"});
    assert_eq!(
        person(&member),
        Some(("Ana Ruiz".to_owned(), "ana@example.com".to_owned()))
    );
    let email_only = serde_json::json!({"cached_email": "ana@example.com"});
    assert_eq!(
        person(&email_only),
        Some(("ana@example.com".to_owned(), "ana@example.com".to_owned()))
    );
    assert_eq!(person(&serde_json::json!({})), None);
}

#[test]
fn a_source_without_objectives_or_with_an_unnamed_list_is_refused() {
    let object = |text: &str| vec![("tability.json".to_owned(), text.as_bytes().to_vec())];
    assert!(read(&object(r#"{"plans": []}"#)).is_err());
    assert!(read(&object("[]")).is_err());
    assert!(read(&object(r#"{"objectives": {}}"#)).is_err());
    let draft = read(&object(
        r#"{"objectives": [{"id": "o", "title": "Grow"}], "exported_by": "me"}"#,
    ))
    .expect("one objective is enough");
    assert_eq!(draft.items[0].id, "O-grow");
    assert!(draft.report.unmapped.contains_key("top-level exported_by"));
}
