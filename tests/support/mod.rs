//! The harness of the integration tests: run the real binary with a time bound (and,
//! for hostile input, a memory bound), and build plan folders in temporary directories.

#![allow(dead_code)] // every test module uses a different part of it

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;
use tempfile::TempDir;

pub mod git;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_bearing");

/// The repository root (for the fixtures).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The day every date-dependent figure is computed for (fixtures/README.md).
pub const AS_OF: &str = "2026-10-01";

/// The wall-clock time any one run may take before it is killed and the test fails.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// Address space given to a run of hostile input (docs/threat-model.md: `prlimit --as`).
pub const HOSTILE_MEMORY: u64 = 256 << 20;

/// How one run of the binary is bounded.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    pub timeout: Duration,
    /// `prlimit --as=<bytes>`, applied when prlimit is installed.
    pub memory: Option<u64>,
}

impl Default for Bounds {
    /// Every run of the binary in the tests, hostile input or not, gets the bounds of
    /// hostile input: the cases of issue 20 in git repositories (docs/threat-model.md G,
    /// P) run under the same 256 MiB cap as the YAML bombs.
    fn default() -> Self {
        Bounds::hostile()
    }
}

impl Bounds {
    /// Ten seconds and 256 MiB of address space.
    pub fn hostile() -> Bounds {
        Bounds {
            timeout: DEFAULT_TIMEOUT,
            memory: Some(HOSTILE_MEMORY),
        }
    }
}

/// What a run produced.
#[derive(Debug)]
pub struct Run {
    /// The exit code; `None` when a signal ended the process.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub stdout_bytes: Vec<u8>,
    pub stderr_bytes: Vec<u8>,
    pub elapsed: Duration,
    /// Whether the memory bound was applied.
    pub memory_bounded: bool,
    pub command: String,
}

impl Run {
    /// stdout and stderr together, for "the message mentions …" assertions.
    pub fn all(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }

    /// Asserts the exit code, showing the whole run when it differs.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Run {
        assert_eq!(self.code, Some(code), "unexpected exit code\n{self}");
        self
    }

    /// Asserts that stdout or stderr contains every one of `needles`.
    #[track_caller]
    pub fn expect_mentions(&self, needles: &[&str]) -> &Run {
        let all = self.all();
        for needle in needles {
            assert!(
                all.contains(needle),
                "output does not mention {needle:?}\n{self}"
            );
        }
        self
    }

    #[track_caller]
    pub fn expect_faster_than(&self, limit: Duration) -> &Run {
        assert!(
            self.elapsed < limit,
            "took {:?} (limit {limit:?})\n{self}",
            self.elapsed
        );
        self
    }

    /// The JSON printed on stdout.
    #[track_caller]
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON: {e}\n{self}"))
    }
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let cut = |s: &str| -> String {
            if s.len() > 4000 {
                let mut end = 4000;
                while !s.is_char_boundary(end) {
                    end -= 1;
                }
                format!("{}… ({} bytes in all)", &s[..end], s.len())
            } else {
                s.to_owned()
            }
        };
        writeln!(f, "$ {}", self.command)?;
        writeln!(f, "exit: {:?} after {:?}", self.code, self.elapsed)?;
        writeln!(f, "--- stdout\n{}", cut(&self.stdout))?;
        write!(f, "--- stderr\n{}", cut(&self.stderr))
    }
}

/// Whether `prlimit` (util-linux) can be used to bound memory.
pub fn prlimit_available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        Command::new("prlimit")
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// Runs `bearing ARGS` in `cwd` with `NO_COLOR=1` and the default time bound.
#[track_caller]
pub fn bearing(args: &[&str], cwd: &Path) -> Run {
    bearing_with(args, cwd, Bounds::default())
}

/// Runs `bearing ARGS` in `cwd` under the time and memory bounds of hostile input.
#[track_caller]
pub fn bearing_hostile(args: &[&str], cwd: &Path) -> Run {
    bearing_with(args, cwd, Bounds::hostile())
}

/// Runs `bearing ARGS` in `cwd` with `NO_COLOR=1`, killing it (and failing the test)
/// when it outlives `bounds.timeout`.
#[track_caller]
pub fn bearing_with(args: &[&str], cwd: &Path, bounds: Bounds) -> Run {
    bearing_in_env(args, cwd, bounds, &[])
}

/// Runs `bearing ARGS` as [`bearing_with`] does, with `env` set for it.
#[track_caller]
pub fn bearing_in_env(args: &[&str], cwd: &Path, bounds: Bounds, env: &[(&str, &str)]) -> Run {
    let memory_bounded = bounds.memory.is_some() && prlimit_available();
    let mut command = match bounds.memory {
        Some(bytes) if memory_bounded => {
            let mut c = Command::new("prlimit");
            c.arg(format!("--as={bytes}")).arg("--").arg(BIN);
            c
        }
        _ => Command::new(BIN),
    };
    command
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("RUST_BACKTRACE")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let shown = format!(
        "{}bearing {}   (in {})",
        if memory_bounded {
            format!("prlimit --as={} -- ", bounds.memory.unwrap_or(0))
        } else {
            String::new()
        },
        args.join(" "),
        cwd.display()
    );
    let start = Instant::now();
    let mut child = command
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {shown}: {e}"));
    let out = drain(child.stdout.take());
    let err = drain(child.stderr.take());
    let status = wait_with_deadline(&mut child, bounds.timeout, &shown);
    let elapsed = start.elapsed();
    let stdout_bytes = out.join().unwrap_or_default();
    let stderr_bytes = err.join().unwrap_or_default();
    Run {
        code: status.code(),
        stdout: String::from_utf8_lossy(&stdout_bytes).into_owned(),
        stderr: String::from_utf8_lossy(&stderr_bytes).into_owned(),
        stdout_bytes,
        stderr_bytes,
        elapsed,
        memory_bounded,
        command: shown,
    }
}

fn drain(pipe: Option<impl Read + Send + 'static>) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        bytes
    })
}

#[track_caller]
fn wait_with_deadline(
    child: &mut Child,
    timeout: Duration,
    shown: &str,
) -> std::process::ExitStatus {
    let deadline = Instant::now() + timeout;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return status,
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("timed out after {timeout:?}: {shown}");
            }
            Ok(None) => thread::sleep(Duration::from_millis(5)),
            Err(e) => panic!("waiting for {shown}: {e}"),
        }
    }
}

/// `bearing check ARGS --format json` in `cwd`: the run and its parsed output.
#[track_caller]
pub fn check_json(args: &[&str], cwd: &Path) -> (Run, Value) {
    let mut all: Vec<&str> = vec!["check", "--format", "json", "--as-of", AS_OF];
    all.extend_from_slice(args);
    let run = bearing(&all, cwd);
    let json = run.json();
    (run, json)
}

/// The distinct `rule` values of a JSON check output.
pub fn rules_of(json: &Value) -> std::collections::BTreeSet<String> {
    findings(json)
        .iter()
        .filter_map(|f| f["rule"].as_str().map(str::to_owned))
        .collect()
}

/// The `findings` array of a JSON check output. Panics when there is none, so that a
/// changed JSON shape fails "no finding of rule X" assertions instead of passing them.
#[track_caller]
pub fn findings(json: &Value) -> Vec<Value> {
    json["findings"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("no `findings` array in {json:#}"))
}

/// A plan folder in a temporary directory, outside any git repository.
#[derive(Debug)]
pub struct Plan {
    dir: TempDir,
}

impl Default for Plan {
    fn default() -> Self {
        Plan::new()
    }
}

impl Plan {
    pub fn new() -> Plan {
        Plan {
            dir: tempfile::Builder::new()
                .prefix("bearing-test-")
                .tempdir()
                .expect("temporary directory"),
        }
    }

    /// The root of the plan repository (where bearing.yaml goes and commands run).
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `contents` at `relative` (folders created as needed).
    pub fn file(&self, relative: &str, contents: impl AsRef<[u8]>) -> &Plan {
        let path = self.path().join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
        std::fs::write(&path, contents).expect("write file");
        self
    }

    /// Writes `plans/<name>`.
    pub fn plan(&self, name: &str, contents: impl AsRef<[u8]>) -> &Plan {
        self.file(&format!("plans/{name}"), contents)
    }

    /// Writes `bearing.yaml`.
    pub fn config(&self, contents: &str) -> &Plan {
        self.file("bearing.yaml", contents)
    }

    /// Creates an empty folder.
    pub fn dir(&self, relative: &str) -> &Plan {
        std::fs::create_dir_all(self.path().join(relative)).expect("create folder");
        self
    }

    /// `bearing ARGS` in the plan root.
    #[track_caller]
    pub fn run(&self, args: &[&str]) -> Run {
        bearing(args, self.path())
    }

    /// `bearing ARGS` in the plan root, under the bounds of hostile input.
    #[track_caller]
    pub fn run_hostile(&self, args: &[&str]) -> Run {
        bearing_hostile(args, self.path())
    }

    /// `bearing check --format json --as-of 2026-10-01 ARGS` in the plan root.
    #[track_caller]
    pub fn check_json(&self, args: &[&str]) -> (Run, Value) {
        check_json(args, self.path())
    }
}

/// A complete plan with no finding of any rule as of 2026-10-01.
pub const CLEAN_PLAN: &str = include_str!("../../fixtures/valid/minimal.yaml");

/// Runs `sh -c SCRIPT` in `cwd` with `$BEARING` set to the binary, under the default
/// time bound.
#[track_caller]
pub fn shell(script: &str, cwd: &Path) -> Run {
    let shown = format!("sh -c {script:?}   (in {})", cwd.display());
    let start = Instant::now();
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(cwd)
        .env("BEARING", BIN)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {shown}: {e}"));
    let out = drain(child.stdout.take());
    let err = drain(child.stderr.take());
    let status = wait_with_deadline(&mut child, DEFAULT_TIMEOUT, &shown);
    let elapsed = start.elapsed();
    let stdout_bytes = out.join().unwrap_or_default();
    let stderr_bytes = err.join().unwrap_or_default();
    Run {
        code: status.code(),
        stdout: String::from_utf8_lossy(&stdout_bytes).into_owned(),
        stderr: String::from_utf8_lossy(&stderr_bytes).into_owned(),
        stdout_bytes,
        stderr_bytes,
        elapsed,
        memory_bounded: false,
        command: shown,
    }
}

/// Every `(line, column)` printed as `FILE:LINE:COL` in `text`.
pub fn positions_of(text: &str, file: &str) -> Vec<(u32, u32)> {
    let needle = format!("{file}:");
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(&needle) {
        rest = &rest[at + needle.len()..];
        let line: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let after = &rest[line.len()..];
        let Some(after) = after.strip_prefix(':') else {
            continue;
        };
        let column: String = after.chars().take_while(char::is_ascii_digit).collect();
        if let (Ok(l), Ok(c)) = (line.parse(), column.parse()) {
            found.push((l, c));
        }
    }
    found
}

/// Asserts that the output names `FILE:LINE:COL` (on `line` when given).
#[track_caller]
pub fn expect_position(run: &Run, file: &str, line: Option<u32>) -> (u32, u32) {
    let all = run.all();
    let positions = positions_of(&all, file);
    let hit = positions
        .iter()
        .copied()
        .find(|(l, _)| line.is_none_or(|want| *l == want));
    hit.unwrap_or_else(|| {
        panic!(
            "output names no position {file}:{}:COL (found {positions:?})\n{run}",
            line.map_or("LINE".to_owned(), |l| l.to_string())
        )
    })
}

/// The 1-based line of the first line of `text` that contains `needle`.
#[track_caller]
pub fn line_of(text: &str, needle: &str) -> u32 {
    let index = text
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not in the text"));
    u32::try_from(index + 1).expect("small")
}

/// A named test case run by [`all_of`].
pub type Case = (String, Box<dyn FnOnce() + std::panic::UnwindSafe>);

/// Runs every closure, and fails once at the end listing every failure (so that a run
/// with `INSTA_UPDATE=always` or `auto` writes every new snapshot at once).
pub fn all_of(cases: Vec<Case>) {
    let mut failed = Vec::new();
    for (name, case) in cases {
        if let Err(panic) = std::panic::catch_unwind(case) {
            let why = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            failed.push(format!(
                "{name}: {}",
                why.lines().next().unwrap_or_default()
            ));
        }
    }
    assert!(
        failed.is_empty(),
        "{} snapshots failed:\n  {}",
        failed.len(),
        failed.join("\n  ")
    );
}

/// Snapshots in `tests/snapshots/`, named without the module (for test files in
/// `tests/cli/`).
pub fn snapshot_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings
}
