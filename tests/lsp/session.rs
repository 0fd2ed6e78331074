//! `bearing lsp` driven over stdio by a scripted client: the findings of `check` as
//! diagnostics, as you type; completion, definition, references, hover, quick fixes and
//! rename; files created, renamed and deleted under the server; a clean exit.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};

use crate::client::{Client, find, position, uri};
use crate::support::{AS_OF, Plan, check_json, findings, repo_root};

/// A copy of the worked example (no git history: `check` and the server then both
/// read check-ins only).
pub fn example() -> Plan {
    let plan = Plan::new();
    copy(&repo_root().join("fixtures/example"), plan.path());
    plan
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read folder") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("a name"));
        if path.is_dir() {
            copy(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy");
        }
    }
}

/// Every file under `dir` with its bytes: to show that the server wrote nothing.
pub fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("read folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, root, out);
            } else {
                let rel = path.strip_prefix(root).expect("inside");
                out.insert(
                    rel.to_string_lossy().into_owned(),
                    std::fs::read(&path).expect("read"),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The diagnostic `check --format json` finding `f` should be in an editor: the range,
/// severity, code and message (with the entity and the help, as the terminal shows
/// them).
fn expected_diagnostic(f: &Value) -> Value {
    let mut message = f["message"].as_str().expect("message").to_owned();
    if let Some(entity) = f["entity"].as_str() {
        if !message.contains(&format!("`{entity}`")) {
            message = format!("{message} (in `{entity}`)");
        }
    }
    if let Some(help) = f["help"].as_str() {
        message = format!("{message}\nhelp: {help}");
    }
    let at = |key: &str| f[key].as_u64().expect("a position") - 1;
    json!({
        "range": {
            "start": {"line": at("line"), "character": at("column")},
            "end": {"line": at("end_line"), "character": at("end_column")},
        },
        "severity": match f["level"].as_str() {
            Some("error") => 1,
            Some("warning") => 2,
            _ => 3,
        },
        "code": f["rule"],
        "message": message,
    })
}

/// A diagnostic without what `check --format json` does not state.
fn comparable(d: &Value) -> Value {
    json!({
        "range": d["range"],
        "severity": d["severity"],
        "code": d["code"],
        "message": d["message"],
    })
}

/// The last diagnostics published for each URI so far.
fn latest(client: &Client) -> BTreeMap<String, Vec<Value>> {
    let mut out = BTreeMap::new();
    for n in &client.notifications {
        if n["method"] == "textDocument/publishDiagnostics" {
            out.insert(
                n["params"]["uri"].as_str().expect("uri").to_owned(),
                n["params"]["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default(),
            );
        }
    }
    out
}

/// Asks something that needs a fresh check, so that every pending diagnostic is out.
fn settle(client: &mut Client, file: &Path) {
    client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(file)}, "position": position(0, 0)}),
    );
}

fn plan_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = contents(dir)
        .into_keys()
        .filter(|p| p.starts_with("plans/") && p.ends_with(".yaml"))
        .map(|p| dir.join(p))
        .collect();
    out.sort();
    out
}

#[test]
fn diagnostics_are_the_findings_of_check_in_every_open_file() {
    let plan = example();
    let (_, json) = check_json(&[], plan.path());
    let mut expected: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for f in findings(&json) {
        let file = plan.path().join(f["file"].as_str().expect("file"));
        expected
            .entry(uri(&file))
            .or_default()
            .push(expected_diagnostic(&f));
    }
    assert!(expected.values().map(Vec::len).sum::<usize>() >= 4);

    let mut client = Client::bearing(plan.path(), &["--as-of", AS_OF]);
    client.initialize(plan.path(), json!({}), json!({}));
    let files = plan_files(plan.path());
    for file in &files {
        client.open(file);
    }
    settle(&mut client, &files[0]);
    let published = latest(&client);
    for file in &files {
        let key = uri(file);
        let got: Vec<Value> = published
            .get(&key)
            .unwrap_or_else(|| panic!("no diagnostics published for {key}"))
            .iter()
            .map(comparable)
            .collect();
        let want = expected.remove(&key).unwrap_or_default();
        assert_eq!(got, want, "{key}");
        assert!(
            published[&key].iter().all(|d| d["source"] == "bearing"),
            "{key}"
        );
    }
    assert!(
        expected.is_empty(),
        "findings in no open file: {expected:#?}"
    );
    assert!(client.shutdown().success());
}

#[test]
fn a_scripted_session_from_initialize_to_shutdown() {
    let plan = example();
    let before = contents(plan.path());
    let mut client = Client::bearing(plan.path(), &[]);
    let init = client.initialize(
        plan.path(),
        json!({"asOf": AS_OF}),
        json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}),
    );
    let caps = &init["capabilities"];
    assert_eq!(caps["textDocumentSync"]["change"], 2, "{caps}");
    assert_eq!(caps["renameProvider"]["prepareProvider"], true, "{caps}");
    for provider in [
        "completionProvider",
        "definitionProvider",
        "referencesProvider",
        "hoverProvider",
        "codeActionProvider",
    ] {
        assert!(caps.get(provider).is_some(), "{provider}: {caps}");
    }
    assert_eq!(init["serverInfo"]["name"], "bearing");

    // didOpen: a clean file gets its (empty) diagnostics.
    let loyalty = plan.path().join("plans/projects/loyalty.yaml");
    let loyalty_uri = client.open(&loyalty);
    let text = std::fs::read_to_string(&loyalty).expect("read");
    let first = client.diagnostics(&loyalty_uri, |_| true);
    assert!(first.is_empty(), "{first:#?}");
    assert!(
        client
            .server_requests
            .iter()
            .any(|r| r["method"] == "client/registerCapability"),
        "the server watches plan files when the client can"
    );

    // didChange: a typo'd key result is an unknown reference, as you type.
    let at = find(&text, "{id: KR-churn", 5);
    let end = json!({"line": at["line"], "character": at["character"].as_u64().expect("n") + 8});
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": loyalty_uri, "version": 2},
            "contentChanges": [{"range": {"start": at, "end": end}, "text": "KR-churm"}],
        }),
    );
    let message = client.wait_for("diagnostics of version 2", |m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == loyalty_uri
            && m["params"]["version"] == 2
    });
    let diagnostics = message["params"]["diagnostics"].as_array().expect("list");
    let typo = diagnostics
        .iter()
        .find(|d| d["code"] == "unknown-reference")
        .unwrap_or_else(|| panic!("{diagnostics:#?}"));
    assert_eq!(typo["severity"], 1);
    assert!(
        typo["message"]
            .as_str()
            .expect("text")
            .starts_with("`contributes_to` names `KR-churm`, which is not defined"),
        "{typo}"
    );
    assert_eq!(typo["range"], json!({"start": at, "end": end}));

    // codeAction: the nearest key result.
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": loyalty_uri},
            "range": typo["range"],
            "context": {"diagnostics": [typo]},
        }),
    );
    let fix = actions
        .as_array()
        .expect("actions")
        .iter()
        .find(|a| a["title"] == "Replace with `KR-churn`")
        .unwrap_or_else(|| panic!("{actions:#}"));
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(
        fix["edit"]["changes"][&loyalty_uri],
        json!([{"range": typo["range"], "newText": "KR-churn"}])
    );

    // completion of an id: key results and objectives, with title, status, progress.
    let completion = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": loyalty_uri}, "position": find(&text, "{id: KR-churn", 11)}),
    );
    let items = completion["items"].as_array().expect("items");
    let churn = items
        .iter()
        .find(|i| i["label"] == "KR-churn")
        .unwrap_or_else(|| panic!("{completion:#}"));
    let detail = churn["detail"].as_str().expect("detail");
    assert!(
        detail.starts_with("key result · Cut monthly churn") && detail.contains('%'),
        "{detail}"
    );
    assert_eq!(churn["textEdit"]["newText"], "KR-churn");
    assert!(
        items
            .iter()
            .all(|i| i["label"].as_str().is_some_and(|l| l.starts_with("KR-"))),
        "only ids that contain what was typed: {completion:#}"
    );

    // completion of an enum value and of keys, in the second document.
    let status = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": loyalty_uri}, "position": find(&text, "status: active", 8)}),
    );
    let labels: Vec<&str> = status["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["label"].as_str())
        .collect();
    assert_eq!(
        labels,
        ["proposed", "active", "paused", "done", "cancelled"]
    );
    for (line, want) in [
        ("stage: pilot", "validated_by"),
        ("stage: rollout", "stage"),
    ] {
        let keys = client.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": loyalty_uri}, "position": find(&text, line, 0)}),
        );
        let labels: Vec<&str> = keys["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter_map(|i| i["label"].as_str())
            .collect();
        assert!(labels.contains(&want), "{line}: {labels:?}");
        assert!(
            !labels.contains(&"title"),
            "a key already written: {labels:?}"
        );
    }

    // definition: where the key result is declared.
    let okrs = plan.path().join("plans/okrs/2026-h2.yaml");
    let okrs_text = std::fs::read_to_string(&okrs).expect("read");
    let definition = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": loyalty_uri}, "position": find(&text, "  - KR-repeat", 6)}),
    );
    let declared = find(&okrs_text, "- id: KR-repeat", 6);
    assert_eq!(
        definition,
        json!([{"uri": uri(&okrs), "range": {"start": declared, "end": {"line": declared["line"], "character": declared["character"].as_u64().expect("n") + 9}}}])
    );

    // references: the pilot, declared once and named once.
    let references = client.request(
        "textDocument/references",
        json!({
            "textDocument": {"uri": loyalty_uri},
            "position": find(&text, "validated_by: P-loyalty-pilot", 16),
            "context": {"includeDeclaration": true},
        }),
    );
    let lines: Vec<u64> = references
        .as_array()
        .expect("locations")
        .iter()
        .map(|l| l["range"]["start"]["line"].as_u64().expect("line"))
        .collect();
    assert_eq!(lines, [2, 36], "{references:#}");

    // hover: the trace up to the goal, with progress.
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": loyalty_uri}, "position": find(&text, "  - KR-repeat", 6)}),
    );
    let shown = hover["contents"]["value"].as_str().expect("markdown");
    for needle in [
        "key result **KR-repeat**",
        "Serves:",
        "objective **O-loyalty**",
        "goal **G-retention**",
        "progress ",
        "expected ",
    ] {
        assert!(shown.contains(needle), "{needle:?} in {shown}");
    }
    let data = std::fs::read_to_string(plan.path().join("plans/projects/data.yaml")).expect("read");
    let orphan = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri(&plan.path().join("plans/projects/data.yaml"))}, "position": find(&data, "id: P-crm", 5)}),
    );
    let shown = orphan["contents"]["value"].as_str().expect("markdown");
    assert!(
        shown.contains("orphan") && shown.contains("G-nps"),
        "{shown}"
    );

    // rename: every place, in every file; refused for a bad or a taken id.
    let prepared = client.request(
        "textDocument/prepareRename",
        json!({"textDocument": {"uri": loyalty_uri}, "position": find(&text, "  - KR-repeat", 6)}),
    );
    assert_eq!(prepared["placeholder"], "KR-repeat");
    let rename = |client: &mut Client, name: &str| {
        client.request_raw(
            "textDocument/rename",
            json!({"textDocument": {"uri": loyalty_uri}, "position": find(&text, "  - KR-repeat", 6), "newName": name}),
        )
    };
    let refused = rename(&mut client, "9-lives");
    assert!(
        refused["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("cannot be an id")),
        "{refused}"
    );
    let taken = rename(&mut client, "KR-churn");
    assert!(
        taken["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("already the id")),
        "{taken}"
    );
    let edit = rename(&mut client, "KR-repeat-rate")["result"].clone();
    let changes = edit["changes"].as_object().expect("changes");
    assert_eq!(changes.len(), 2, "{edit:#}");
    assert_eq!(changes[&uri(&okrs)].as_array().map(Vec::len), Some(1));
    assert_eq!(changes[&loyalty_uri].as_array().map(Vec::len), Some(2));

    // The server wrote nothing: the edits are the client's to apply.
    assert_eq!(contents(plan.path()), before);
    assert!(client.shutdown().success());

    // Applied, the rename leaves the plan's findings as they were.
    let (_, original) = check_json(&[], plan.path());
    for (file, edits) in changes {
        let path = plan.path().join(
            file.split("/plans/")
                .nth(1)
                .map(|p| format!("plans/{p}"))
                .expect("a plan file"),
        );
        let text = std::fs::read_to_string(&path).expect("read");
        std::fs::write(&path, apply(&text, edits.as_array().expect("edits"))).expect("write");
    }
    let (_, renamed) = check_json(&[], plan.path());
    assert_eq!(findings(&renamed), findings(&original));
    let all = contents(plan.path());
    let joined: String = all
        .iter()
        .filter(|(p, _)| p.starts_with("plans/"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(joined.contains("KR-repeat-rate") && !joined.contains("KR-repeat\n"));
}

/// Applies text edits (single-line ranges, as a rename makes) to `text`.
fn apply(text: &str, edits: &[Value]) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    let mut edits: Vec<&Value> = edits.iter().collect();
    edits.sort_by_key(|e| {
        std::cmp::Reverse((
            e["range"]["start"]["line"].as_u64(),
            e["range"]["start"]["character"].as_u64(),
        ))
    });
    for e in edits {
        let line = e["range"]["start"]["line"].as_u64().expect("line") as usize;
        let (from, to) = (
            e["range"]["start"]["character"].as_u64().expect("n") as usize,
            e["range"]["end"]["character"].as_u64().expect("n") as usize,
        );
        lines[line].replace_range(from..to, e["newText"].as_str().expect("text"));
    }
    lines.join("\n")
}

const GOAL: &str = "kind: Goal\nid: G-late\ntitle: A goal written later\nstatus: active\ndue: 2027-06-30\nunit: \"%\"\nbaseline: 1\ntarget: 2\ncurrent: 1\n";

#[test]
fn plan_wide_findings_appear_once_on_bearing_yaml() {
    let plan = Plan::new();
    plan.config("plans: [plans]\ngate:\n  min-alignment: 0.9\n");
    plan.plan("all.yaml", format!("{GOAL}---\nkind: Objective\nid: O-a\ntitle: O\nsupports: [G-late]\nperiod: 2026-H2\nkey_results:\n  - {{id: KR-a, title: k, baseline: 1, target: 2, current: 1}}\n---\nkind: Project\nid: P-good\ntitle: Good\nstatus: active\ncontributes_to: [KR-a]\n---\nkind: Project\nid: P-lost\ntitle: Lost\nstatus: active\n"));
    let (_, json) = check_json(&[], plan.path());
    assert!(
        findings(&json).iter().any(|f| f["rule"] == "gate"),
        "{json:#}"
    );

    let mut client = Client::bearing(plan.path(), &["--as-of", AS_OF]);
    client.initialize(plan.path(), json!({}), json!({}));
    let all = plan.path().join("plans/all.yaml");
    let all_uri = client.open(&all);
    let config_uri = uri(&plan.path().join("bearing.yaml"));
    let on_config = client.diagnostics(&config_uri, |d| !d.is_empty());
    assert_eq!(on_config.len(), 1, "{on_config:#?}");
    assert_eq!(on_config[0]["code"], "gate");
    assert_eq!(on_config[0]["range"]["start"], position(2, 2));
    settle(&mut client, &all);
    let on_plan = &latest(&client)[&all_uri];
    assert!(on_plan.iter().any(|d| d["code"] == "orphan-project"));
    assert!(on_plan.iter().all(|d| d["code"] != "gate"), "{on_plan:#?}");

    // A mistake in bearing.yaml, typed in the editor, is shown at its line.
    let config = plan.path().join("bearing.yaml");
    client.open_text(&config, "plans: [plans]\nrules:\n  orphan-project: loud\n");
    let broken = client.diagnostics(&config_uri, |d| d.iter().any(|d| d["code"] == "config"));
    let problem = broken
        .iter()
        .find(|d| d["code"] == "config")
        .expect("config");
    assert!(
        problem["message"]
            .as_str()
            .expect("text")
            .contains("invalid configuration"),
        "{problem}"
    );
    assert_eq!(problem["range"]["start"]["line"], 2, "{problem}");
    assert!(client.shutdown().success());
}

#[test]
fn files_created_renamed_and_deleted_under_the_server() {
    let plan = Plan::new();
    plan.plan(
        "okrs.yaml",
        "kind: Objective\nid: O-a\ntitle: O\nsupports: [G-late]\nperiod: 2026-H2\n",
    );
    let okrs = plan.path().join("plans/okrs.yaml");
    let text = std::fs::read_to_string(&okrs).expect("read");
    let mut client = Client::bearing(plan.path(), &["--as-of", AS_OF]);
    client.initialize(plan.path(), json!({}), json!({}));
    let okrs_uri = client.open(&okrs);
    let unknown = |d: &[Value]| d.iter().any(|d| d["code"] == "unknown-reference");
    client.diagnostics(&okrs_uri, unknown);

    let watched = |client: &mut Client, changes: Value| {
        client.notify(
            "workspace/didChangeWatchedFiles",
            json!({"changes": changes}),
        );
    };
    // Created: the reference resolves.
    let goal = plan.path().join("plans/goals.yaml");
    plan.plan("goals.yaml", GOAL);
    watched(&mut client, json!([{"uri": uri(&goal), "type": 1}]));
    client.diagnostics(&okrs_uri, |d| !unknown(d));

    // Renamed into a sub-folder: still resolved, and definition follows the file.
    let moved = plan.path().join("plans/sub/goals.yaml");
    std::fs::create_dir_all(moved.parent().expect("parent")).expect("mkdir");
    std::fs::rename(&goal, &moved).expect("rename");
    watched(
        &mut client,
        json!([{"uri": uri(&goal), "type": 3}, {"uri": uri(&moved), "type": 1}]),
    );
    let definition = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": okrs_uri}, "position": find(&text, "G-late", 1)}),
    );
    assert_eq!(definition[0]["uri"], uri(&moved), "{definition}");
    assert!(!unknown(&latest(&client)[&okrs_uri]));

    // Deleted: the reference names nothing again.
    std::fs::remove_file(&moved).expect("delete");
    watched(&mut client, json!([{"uri": uri(&moved), "type": 3}]));
    client.diagnostics(&okrs_uri, unknown);

    // A client that does not say: the server looks at the disk itself.
    plan.plan("again.yaml", GOAL);
    client.diagnostics(&okrs_uri, |d| !unknown(d));
    assert!(client.shutdown().success());
}

#[test]
fn exit_without_shutdown_ends_with_code_1_and_requests_wait_for_initialize() {
    let plan = Plan::new();
    plan.plan("a.yaml", crate::support::CLEAN_PLAN);
    let mut client = Client::bearing(plan.path(), &[]);
    let early = client.request_raw("textDocument/hover", json!({}));
    assert_eq!(early["error"]["code"], -32002, "{early}");
    client.initialize(plan.path(), json!({}), json!({}));
    client.notify("exit", Value::Null);
    let status = client.wait_exit();
    assert_eq!(status.code(), Some(1));

    // And the input simply ending is an exit too.
    let mut client = Client::bearing(plan.path(), &[]);
    client.initialize(plan.path(), json!({}), json!({}));
    std::thread::sleep(Duration::from_millis(50));
    let status = client.wait_exit();
    assert_eq!(status.code(), Some(1));
}

#[test]
fn quick_fixes_for_a_missing_separator_and_a_misspelt_key() {
    let plan = Plan::new();
    plan.plan(
        "goals.yaml",
        "kind: Goal\nid: G-a\ntitle: A\n\n# the second goal\nkind: Goal\nid: G-b\ntitle: B\n",
    );
    plan.plan(
        "p.yaml",
        "kind: Project\nid: P-a\ntitle: P\nstatuss: active\n",
    );
    let mut client = Client::bearing(plan.path(), &["--as-of", AS_OF]);
    client.initialize(plan.path(), json!({}), json!({}));

    // Two goals in one document: told as a missing `---`, fixed by starting a new
    // document above the second goal's comment.
    let goals = plan.path().join("plans/goals.yaml");
    let goals_uri = client.open(&goals);
    let found = client.diagnostics(&goals_uri, |d| !d.is_empty());
    let duplicate = found
        .iter()
        .find(|d| d["code"] == "input")
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert!(
        duplicate["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("a second document starts at line 6 without `---`")),
        "{duplicate}"
    );
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": goals_uri}, "range": duplicate["range"], "context": {"diagnostics": [duplicate]}}),
    );
    let fix = actions
        .as_array()
        .expect("actions")
        .iter()
        .find(|a| a["title"] == "Start a new document here (insert `---`)")
        .unwrap_or_else(|| panic!("{actions:#}"));
    let edit = &fix["edit"]["changes"][&goals_uri];
    assert_eq!(
        edit,
        &json!([{"range": {"start": position(4, 0), "end": position(4, 0)}, "newText": "---\n"}])
    );
    // Applied, the file holds two goals and reads without an input error.
    let text = std::fs::read_to_string(&goals).expect("read");
    let (head, tail) = text.split_at(text.find("# the second").expect("comment"));
    plan.plan("goals.yaml", format!("{head}---\n{tail}"));
    let (_, json) = check_json(&[], plan.path());
    assert_eq!(json["summary"]["goals"], 2, "{json:#}");
    assert!(findings(&json).iter().all(|f| f["rule"] != "input"));

    // A misspelt key: the schema's "did you mean".
    let project = plan.path().join("plans/p.yaml");
    let project_uri = client.open(&project);
    let found = client.diagnostics(&project_uri, |d| d.iter().any(|d| d["code"] == "schema"));
    let schema = found
        .iter()
        .find(|d| d["code"] == "schema")
        .expect("schema");
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": project_uri}, "range": schema["range"], "context": {"diagnostics": [schema]}}),
    );
    assert_eq!(actions[0]["title"], "Replace with `status`", "{actions:#}");
    assert_eq!(
        actions[0]["edit"]["changes"][&project_uri],
        json!([{"range": schema["range"], "newText": "status"}])
    );
    assert_eq!(schema["range"]["start"], position(3, 0));
    assert_eq!(schema["range"]["end"], position(3, 7));
    assert!(client.shutdown().success());
}
