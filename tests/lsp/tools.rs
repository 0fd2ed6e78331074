//! The editors the tests drive: yaml-language-server (npm) and Neovim (Debian's
//! package). `.ci/run` installs both. A test that needs one that is missing fails with
//! how to install it, unless `BEARING_SKIP_EDITOR_TESTS=1` says to skip it: never a
//! silent pass.

use std::path::PathBuf;
use std::process::{Command, Stdio};

/// Whether the developer chose to skip the editor tests.
fn skipping() -> bool {
    std::env::var_os("BEARING_SKIP_EDITOR_TESTS").is_some_and(|v| v == "1")
}

/// The program `name` on `PATH` or at one of `candidates`, or `None` when skipping.
#[track_caller]
#[allow(clippy::print_stderr)] // the one way to say a test was skipped
fn require(name: &str, candidates: &[PathBuf], how: &str) -> Option<PathBuf> {
    let on_path = Command::new("sh")
        .args(["-c", &format!("command -v {name}")])
        .stderr(Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    let found = candidates.iter().find(|p| p.is_file()).cloned().or(on_path);
    if found.is_some() {
        return found;
    }
    if skipping() {
        eprintln!("skipped: `{name}` is not installed and BEARING_SKIP_EDITOR_TESTS=1");
        return None;
    }
    panic!(
        "this test needs `{name}`, which is not installed: {how}\n(`bash .ci/run` installs it; BEARING_SKIP_EDITOR_TESTS=1 skips the editor tests)"
    );
}

/// yaml-language-server: `$BEARING_YAML_LANGUAGE_SERVER`, the npm prefix `.ci/run`
/// uses, or `PATH`.
pub fn yaml_language_server() -> Option<PathBuf> {
    require(
        "node",
        &[],
        "install Node.js (Debian: `apt-get install nodejs npm`)",
    )?;
    let mut candidates = Vec::new();
    if let Some(path) = std::env::var_os("BEARING_YAML_LANGUAGE_SERVER") {
        candidates.push(PathBuf::from(path));
    }
    let tmp = std::env::var_os("TMPDIR").map_or_else(|| PathBuf::from("/tmp"), PathBuf::from);
    candidates.push(tmp.join("bearing-ci-node/node_modules/.bin/yaml-language-server"));
    require(
        "yaml-language-server",
        &candidates,
        "`npm install --prefix \"${TMPDIR:-/tmp}/bearing-ci-node\" yaml-language-server@1`",
    )
}

/// Neovim.
pub fn neovim() -> Option<PathBuf> {
    require("nvim", &[], "`apt-get install neovim`")
}
