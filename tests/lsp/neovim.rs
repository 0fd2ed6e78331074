//! A real editor's client: headless Neovim (Debian's package) attached to `bearing lsp`,
//! opening a file of the worked example (`bearing init --example`, with its git
//! history) and reading the diagnostics it shows.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{AS_OF, BIN, Plan, bearing, check_json, findings};

/// Neovim 0.7 (Debian 12) and later: `vim.lsp.start_client` and `vim.diagnostic`.
const SCRIPT: &str = r#"
local root = vim.env.BEARING_ROOT
local id = vim.lsp.start_client({
  name = 'bearing',
  cmd = { vim.env.BEARING_BIN, 'lsp', '--as-of', vim.env.BEARING_AS_OF },
  root_dir = root,
})
vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/plans/projects/data.yaml'))
vim.lsp.buf_attach_client(0, id)
local ok = vim.wait(60000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local found = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(found, { lnum = d.lnum, col = d.col, severity = d.severity, message = d.message, source = d.source })
end
local file = io.open(vim.env.BEARING_NVIM_OUT, 'w')
file:write(vim.json.encode({ ok = ok, diagnostics = found }))
file:close()
vim.lsp.stop_client(id)
vim.wait(10000, function() return vim.lsp.client_is_stopped(id) end, 50)
vim.cmd('qa!')
"#;

#[test]
fn neovim_shows_the_findings_of_a_worked_example_file() {
    let Some(nvim) = crate::tools::neovim() else {
        return;
    };
    let dir = Plan::new();
    bearing(&["init", "--example", "acme"], dir.path()).expect_code(0);
    let root = dir.path().join("acme");
    let script = dir.path().join("attach.lua");
    std::fs::write(&script, SCRIPT).expect("write the script");
    let out = dir.path().join("diagnostics.json");

    let mut child = Command::new(nvim)
        .args(["--headless", "--clean", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .current_dir(&root)
        .env("BEARING_ROOT", &root)
        .env("BEARING_BIN", BIN)
        .env("BEARING_AS_OF", AS_OF)
        .env("BEARING_NVIM_OUT", &out)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start nvim");
    let end = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > end {
            let _ = child.kill();
            panic!("nvim did not finish within 120 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "nvim: {status:?}");
    let shown: Value =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("the script wrote its result"))
            .expect("JSON");
    assert_eq!(shown["ok"], true, "no diagnostics within 60 s: {shown}");

    // What `check` reports for that file, in the same repository.
    let (_, json) = check_json(&[], &root);
    let mut want: Vec<(u64, String)> = findings(&json)
        .into_iter()
        .filter(|f| f["file"] == "plans/projects/data.yaml")
        .map(|f| {
            (
                f["line"].as_u64().expect("line") - 1,
                f["message"].as_str().expect("message").to_owned(),
            )
        })
        .collect();
    want.sort();
    assert!(
        want.iter()
            .any(|(line, m)| *line == 48 && m.contains("P-crm")),
        "{want:?}"
    );
    let mut got: Vec<(u64, String)> = shown["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            assert_eq!(d["source"], "bearing");
            let message = d["message"].as_str().expect("message");
            (d["lnum"].as_u64().expect("lnum"), message.to_owned())
        })
        .collect();
    got.sort();
    assert_eq!(got.len(), want.len(), "{got:#?}\n{want:#?}");
    for ((line, message), (want_line, want_message)) in got.iter().zip(&want) {
        assert_eq!(line, want_line);
        assert!(
            message.starts_with(want_message.as_str()),
            "{message:?} vs {want_message:?}"
        );
    }
}
