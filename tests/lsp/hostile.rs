//! The hostile inputs of docs/threat-model.md through the editor: every hostile plan of the YAML cases opened with
//! `didOpen` (never written to disk), then requests at every kind of position, broken
//! frames and bad parameters. The server answers each with a finding or an error,
//! within a time bound, under a memory bound where prlimit exists, writes nothing,
//! and still exits cleanly.

use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::client::{Client, position, uri};
use crate::session::contents;
use crate::support::{AS_OF, BIN, CLEAN_PLAN, HOSTILE_MEMORY, Plan, prlimit_available};

fn billion_laughs() -> String {
    let lol = ["\"lol\""; 9].join(", ");
    let mut text = format!("a: &a [{lol}]\n");
    let mut prev = 'a';
    for name in 'b'..='i' {
        let refs = vec![format!("*{prev}"); 9].join(", ");
        text.push_str(&format!("{name}: &{name} [{refs}]\n"));
        prev = name;
    }
    text
}

/// (name, text, words the first diagnostic's message must contain)
fn cases() -> Vec<(&'static str, String, &'static str)> {
    let mut anchors = String::from("base: &x {a: 1}\nlist:\n");
    for _ in 0..10_000 {
        anchors.push_str("- *x\n");
    }
    vec![
        ("y1-laughs", billion_laughs(), "alias budget"),
        ("y2-anchors", anchors, "alias budget"),
        (
            "y3-brackets-10mb",
            "[".repeat(10 * 1024 * 1024),
            "exceeds the 1 MiB limit",
        ),
        ("y3-brackets", "[".repeat(1_000), "nesting"),
        ("y4-dashes", "- ".repeat(100_000), "nesting"),
        (
            "y5-two-mb",
            format!("{CLEAN_PLAN}\n{}", "# pad\n".repeat(400_000)),
            "exceeds the 1 MiB limit",
        ),
        (
            "y6-duplicate",
            "kind: Goal\nid: G-a\ntitle: A\nid: G-b\n".to_owned(),
            "without `---`",
        ),
        (
            "y7-merge",
            "base: &b {title: T}\nkind: Goal\nid: G-m\n<<: *b\n".to_owned(),
            "merge",
        ),
        (
            "y8-nul",
            "kind: Goal\nid: G-n\ntitle: \u{0}\n".to_owned(),
            "",
        ),
        (
            "y9-tag",
            "kind: Goal\nid: G-t\ntitle: !!python/object:os.system x\n".to_owned(),
            "tag",
        ),
        (
            "y10-yes",
            "kind: Goal\nid: G-y\ntitle: T\nstatus: no\n".to_owned(),
            "",
        ),
        (
            "a3-ansi",
            "kind: Goal\nid: G-e\ntitle: T\nstatus: \"\u{1b}[31mred\"\n".to_owned(),
            "\\u{1b}",
        ),
        (
            "p1-ids",
            "kind: Goal\nid: ../../x\ntitle: T\n---\nkind: Goal\nid: CON\ntitle: T\n".to_owned(),
            "",
        ),
        (
            "odd",
            "\u{feff}é: [ü, {x: \"\\uD800\"}]\n---\n- - - ]\n".to_owned(),
            "",
        ),
    ]
}

#[test]
#[allow(clippy::print_stderr)] // names the case when the server dies
fn hostile_documents_through_did_open_get_findings_and_never_a_crash() {
    let plan = Plan::new();
    plan.plan("clean.yaml", CLEAN_PLAN);
    let before = contents(plan.path());
    let mut command = if prlimit_available() {
        let mut c = Command::new("prlimit");
        c.arg(format!("--as={HOSTILE_MEMORY}")).arg("--").arg(BIN);
        c
    } else {
        Command::new(BIN)
    };
    command
        .args(["lsp", "--as-of", AS_OF])
        .current_dir(plan.path());
    let mut client = Client::spawn("bearing lsp (hostile)", command);
    client.initialize(plan.path(), json!({}), json!({}));

    for (name, text, words) in cases() {
        // Shown when the server dies: which case killed it.
        eprintln!("case {name}");
        let path = plan.path().join(format!("plans/{name}.yaml"));
        let start = Instant::now();
        client.open_text(&path, &text);
        let file = uri(&path);
        let diagnostics = client.diagnostics(&file, |d| !d.is_empty());
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "{name}: {:?}",
            start.elapsed()
        );
        let first = diagnostics[0]["message"].as_str().unwrap_or_default();
        assert!(
            diagnostics
                .iter()
                .any(|d| d["message"].as_str().is_some_and(|m| m.contains(words))),
            "{name}: {words:?} in {diagnostics:#?}"
        );
        assert!(!first.contains('\u{1b}'), "{name}: a raw escape: {first:?}");

        // Requests anywhere: in the text, past its end, at absurd positions.
        for (line, character) in [
            (0, 0),
            (1, 3),
            (3, 1),
            (u32::MAX as usize, u32::MAX as usize),
            (0, 1 << 20),
        ] {
            let at = json!({"textDocument": {"uri": file}, "position": position(line, character)});
            for method in [
                "textDocument/hover",
                "textDocument/completion",
                "textDocument/definition",
                "textDocument/prepareRename",
            ] {
                let answer = client.request_raw(method, at.clone());
                assert!(
                    answer.get("result").is_some() || answer.get("error").is_some(),
                    "{name} {method}: {answer}"
                );
            }
        }
        let actions = client.request_raw(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": file}, "range": diagnostics[0]["range"], "context": {"diagnostics": diagnostics}}),
        );
        assert!(actions.get("result").is_some(), "{name}: {actions}");
        // An edit past the end of the text is clamped, not a crash.
        client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": file, "version": 2}, "contentChanges": [{"range": {"start": position(999_999, 5), "end": position(0, 0)}, "text": "x"}]}),
        );
        client.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": file}}),
        );
    }

    // Broken messages: a body that is not JSON, parameters of the wrong shape, a
    // method nobody knows. The session goes on.
    client.send_raw(b"Content-Length: 9\r\n\r\n{not json");
    let parse_error = client.wait_for("a parse error", |m| {
        m.get("id") == Some(&Value::Null) && m["error"]["code"] == -32700
    });
    assert!(parse_error["error"]["message"].is_string());
    let bad = client.request_raw("textDocument/hover", json!({"textDocument": 3}));
    assert_eq!(bad["error"]["code"], -32602, "{bad}");
    let unknown = client.request_raw("bearing/nothing", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    client.notify("textDocument/didChange", json!({"nonsense": true}));

    assert_eq!(contents(plan.path()), before, "the server wrote a file");
    let status = client.shutdown();
    assert!(status.success(), "{status:?}");
}
