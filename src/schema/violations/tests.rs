use super::*;
use serde_json::json;

fn project() -> &'static Compiled {
    crate::schema::for_kind("Project").expect("project")
}

#[test]
fn unknown_property_is_a_key_with_a_suggestion() {
    let v = violations(
        project(),
        &json!({"kind": "Project", "id": "P-a", "title": "x", "stauts": "active"}),
    );
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(v[0].pointer, "/stauts");
    assert_eq!(v[0].target, Target::Key);
    assert!(
        v[0].help.as_deref().is_some_and(|h| h.contains("`status`")),
        "{v:?}"
    );
}

#[test]
fn missing_title_points_at_the_id() {
    let v = violations(project(), &json!({"kind": "Project", "id": "P-a"}));
    assert_eq!(v[0].pointer, "/id");
    assert!(v[0].message.contains("`title`"));
}

#[test]
fn nested_errors_keep_their_pointer_and_help() {
    let objective = crate::schema::for_kind("Objective").expect("objective");
    let v = violations(
        objective,
        &json!({"kind": "Objective", "id": "O-a", "title": "x", "key_results": [{"id": "KR-a", "title": "y", "confidence": "high"}]}),
    );
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(v[0].pointer, "/key_results/0/confidence");
    assert!(
        v[0].message
            .contains("`confidence` is a number from 0 to 1"),
        "{}",
        v[0].message
    );
    assert!(v[0].help.is_some());
}
