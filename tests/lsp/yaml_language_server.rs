//! The schema help editors get without bearing: yaml-language-server (the engine of VS
//! Code's YAML support and most editors') as a client would run it, on a plan file of
//! three documents written by `bearing init --example`, with the settings `init`
//! writes. Completion and diagnostics work in the second and third documents, not only
//! in the first (a modeline covers one document; the association by glob covers all).

use std::process::Command;

use serde_json::{Value, json};

use crate::client::{Client, position, uri};
use crate::support::{Plan, bearing};

fn labels(result: &Value) -> Vec<String> {
    let items = result
        .get("items")
        .and_then(Value::as_array)
        .or_else(|| result.as_array())
        .cloned()
        .unwrap_or_default();
    items
        .iter()
        .filter_map(|i| i["label"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn every_document_of_a_plan_file_gets_completion_and_diagnostics() {
    let Some(server) = crate::tools::yaml_language_server() else {
        return;
    };
    let dir = Plan::new();
    bearing(&["init", "--example", "acme"], dir.path()).expect_code(0);
    let root = dir.path().join("acme");
    let settings: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join(".vscode/settings.json")).expect("init writes it"),
    )
    .expect("JSON");
    let yaml = json!({
        "validate": true,
        "completion": true,
        "hover": true,
        "schemas": settings["yaml.schemas"],
    });

    let file = root.join("plans/projects/loyalty.yaml");
    let original = std::fs::read_to_string(&file).expect("read");
    assert_eq!(original.matches("\n---\n").count(), 2, "three documents");
    // A bad status in the second and third documents.
    let text = original.replace("status: active", "status: actve");
    let separators: Vec<usize> = text
        .match_indices("\n---\n")
        .map(|(i, _)| text[..i].matches('\n').count() + 1)
        .collect();
    let doc_of = |line: u64| separators.iter().filter(|s| (**s as u64) < line).count() + 1;

    let mut command = Command::new(&server);
    command.arg("--stdio").current_dir(&root);
    let mut client = Client::spawn("yaml-language-server", command);
    let answer = yaml.clone();
    client.answer_configuration(Box::new(move |section| match section {
        "yaml" => answer.clone(),
        _ => Value::Null,
    }));
    client.initialize(
        &root,
        Value::Null,
        json!({
            "workspace": {"configuration": true, "didChangeConfiguration": {"dynamicRegistration": true}},
            "textDocument": {"completion": {"completionItem": {"snippetSupport": true}}},
        }),
    );
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"yaml": yaml}}),
    );
    client.open_text(&file, &text);
    let file_uri = uri(&file);

    let diagnostics = client.diagnostics(&file_uri, |d| d.len() >= 2);
    let mut docs: Vec<usize> = diagnostics
        .iter()
        .map(|d| doc_of(d["range"]["start"]["line"].as_u64().expect("line")))
        .collect();
    docs.sort_unstable();
    docs.dedup();
    assert_eq!(docs, [2, 3], "{diagnostics:#?}");
    for d in &diagnostics {
        assert!(
            d["message"]
                .as_str()
                .is_some_and(|m| m.contains("proposed")),
            "{d}"
        );
    }

    // Completion of the status values and of keys in every document.
    let project_keys: Vec<String> =
        serde_json::from_str::<Value>(&bearing(&["schema", "project"], dir.path()).stdout)
            .expect("schema")["properties"]
            .as_object()
            .expect("properties")
            .keys()
            .cloned()
            .collect();
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices("\n---\n").map(|(i, _)| i + 5))
        .collect();
    for (doc, start) in starts.iter().enumerate() {
        let rest = &text[*start..];
        let status = rest.find("status: ").expect("a status") + start;
        let at = position(text[..status].matches('\n').count(), 8);
        assert_eq!(doc_of(at["line"].as_u64().expect("line")), doc + 1);
        let values = labels(&client.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": file_uri}, "position": at}),
        ));
        for want in ["proposed", "active", "cancelled"] {
            assert!(
                values.iter().any(|v| v == want),
                "document {}: {values:?}",
                doc + 1
            );
        }
        // At the start of the line after `title:`: the keys not yet written.
        let title = rest.find("\ntitle:").expect("a title") + start + 1;
        let line = text[..title].matches('\n').count() + 1;
        let keys = labels(&client.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": file_uri}, "position": position(line, 0)}),
        ));
        assert!(!keys.is_empty(), "document {}: no key completion", doc + 1);
        for key in &keys {
            assert!(
                project_keys.contains(key),
                "document {}: {key} in {keys:?}",
                doc + 1
            );
        }
    }
    assert!(client.shutdown().success());
}
