//! A scripted language-server client over stdio: framed JSON-RPC, a reader thread,
//! answers to the server's own requests (`workspace/configuration`, registrations), and
//! a bound on every wait so that a hung server fails the test instead of hanging it.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long any one answer may take (a debug build on a busy machine).
pub const WAIT: Duration = Duration::from_secs(30);

/// What the client answers to `workspace/configuration`, by section.
pub type Configuration = Box<dyn Fn(&str) -> Value + Send>;

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    messages: Receiver<Value>,
    stderr: thread::JoinHandle<Vec<u8>>,
    next_id: i64,
    /// Every notification received so far, in order.
    pub notifications: Vec<Value>,
    /// Requests the server sent to the client.
    pub server_requests: Vec<Value>,
    configuration: Configuration,
    name: String,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Client({})", self.name)
    }
}

/// Reads one `Content-Length` frame.
fn read_frame(input: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if input.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse::<usize>().ok();
            }
        }
    }
    let mut body = vec![0; length?];
    input.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    /// Starts `command` with piped stdio.
    pub fn spawn(name: &str, mut command: Command) -> Client {
        command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {name}: {e}"));
        let stdout = child.stdout.take().expect("piped stdout");
        let mut stderr = child.stderr.take().expect("piped stderr");
        let (sender, messages) = mpsc::channel();
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_frame(&mut reader) {
                if sender.send(message).is_err() {
                    return;
                }
            }
        });
        let stderr = thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = stderr.read_to_end(&mut bytes);
            bytes
        });
        Client {
            stdin: child.stdin.take(),
            child,
            messages,
            stderr,
            next_id: 0,
            notifications: Vec::new(),
            server_requests: Vec::new(),
            configuration: Box::new(|_| Value::Null),
            name: name.to_owned(),
        }
    }

    /// `bearing lsp ARGS` in `cwd`.
    pub fn bearing(cwd: &Path, args: &[&str]) -> Client {
        let mut command = Command::new(crate::support::BIN);
        command
            .arg("lsp")
            .args(args)
            .current_dir(cwd)
            .env("NO_COLOR", "1");
        Client::spawn("bearing lsp", command)
    }

    pub fn answer_configuration(&mut self, answer: Configuration) {
        self.configuration = answer;
    }

    /// Sends raw bytes (for broken frames).
    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("write to the server");
        stdin.flush().expect("flush");
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        let frame = format!("Content-Length: {}\r\n\r\n{body}", body.len());
        self.send_raw(frame.as_bytes());
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and waits for its response (the whole response: `result` or
    /// `error`).
    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(&format!("the response to `{method}`"), |m| {
            m.get("id") == Some(&json!(id)) && m.get("method").is_none()
        })
    }

    /// Sends a request and returns its result, failing the test on an error.
    #[track_caller]
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params);
        assert!(
            response.get("error").is_none(),
            "`{method}` failed: {response}"
        );
        response.get("result").cloned().unwrap_or(Value::Null)
    }

    /// Handles messages until one matches `want`, which it returns. The server's
    /// requests are answered on the way; notifications are kept.
    #[track_caller]
    pub fn wait_for(&mut self, what: &str, want: impl Fn(&Value) -> bool) -> Value {
        match self.wait_until(WAIT, &want) {
            Some(m) => m,
            None => panic!(
                "{} sent no {what} within {WAIT:?}; notifications: {:#?}",
                self.name,
                self.notifications.iter().rev().take(5).collect::<Vec<_>>()
            ),
        }
    }

    /// Like [`Client::wait_for`], but `None` when nothing matched within `timeout`.
    pub fn wait_until(
        &mut self,
        timeout: Duration,
        want: &dyn Fn(&Value) -> bool,
    ) -> Option<Value> {
        let end = Instant::now() + timeout;
        loop {
            let left = end.saturating_duration_since(Instant::now());
            let message = match self.messages.recv_timeout(left) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) => return None,
                Err(RecvTimeoutError::Disconnected) => {
                    let stderr = self.stderr_text();
                    panic!("{} closed its output; stderr:\n{stderr}", self.name)
                }
            };
            let is_request = message.get("method").is_some() && message.get("id").is_some();
            if is_request {
                self.answer(&message);
            } else if message.get("method").is_some() {
                self.notifications.push(message.clone());
            }
            if want(&message) {
                return Some(message);
            }
        }
    }

    fn answer(&mut self, request: &Value) {
        self.server_requests.push(request.clone());
        let result = match request["method"].as_str() {
            Some("workspace/configuration") => {
                let items = request["params"]["items"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                Value::Array(
                    items
                        .iter()
                        .map(|item| (self.configuration)(item["section"].as_str().unwrap_or("")))
                        .collect(),
                )
            }
            _ => Value::Null,
        };
        let response = json!({"jsonrpc": "2.0", "id": request["id"], "result": result});
        self.send(&response);
    }

    /// The next `textDocument/publishDiagnostics` for `uri` that satisfies `want`.
    #[track_caller]
    pub fn diagnostics(&mut self, uri: &str, want: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let message = self.wait_for(&format!("diagnostics for {uri}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && want(
                    m["params"]["diagnostics"]
                        .as_array()
                        .map_or(&[], Vec::as_slice),
                )
        });
        message["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// `initialize` with a root folder and initialization options, then `initialized`.
    pub fn initialize(&mut self, root: &Path, options: Value, capabilities: Value) -> Value {
        let uri = uri(root);
        let result = self.request(
            "initialize",
            json!({
                "processId": std::process::id(),
                "rootUri": uri,
                "workspaceFolders": [{"uri": uri, "name": "plan"}],
                "capabilities": capabilities,
                "initializationOptions": options,
            }),
        );
        self.notify("initialized", json!({}));
        result
    }

    /// `didOpen` of a file with its text on disk.
    pub fn open(&mut self, path: &Path) -> String {
        let text = std::fs::read_to_string(path).expect("read file");
        self.open_text(path, &text);
        uri(path)
    }

    pub fn open_text(&mut self, path: &Path, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri(path), "languageId": "yaml", "version": 1, "text": text}}),
        );
    }

    /// `shutdown`, `exit`, and the exit status.
    #[track_caller]
    pub fn shutdown(mut self) -> ExitStatus {
        let result = self.request("shutdown", Value::Null);
        assert_eq!(result, Value::Null);
        self.notify("exit", Value::Null);
        self.wait_exit()
    }

    /// Waits for the process to end on its own.
    #[track_caller]
    pub fn wait_exit(mut self) -> ExitStatus {
        drop(self.stdin.take());
        let end = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            if Instant::now() > end {
                let _ = self.child.kill();
                panic!("{} did not exit within {WAIT:?}", self.name);
            }
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// What the process wrote on stderr (once it has exited).
    pub fn stderr_text(&mut self) -> String {
        let _ = self.child.kill();
        let handle = std::mem::replace(&mut self.stderr, thread::spawn(Vec::new));
        String::from_utf8_lossy(&handle.join().unwrap_or_default()).into_owned()
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The `file:` URI of a path.
pub fn uri(path: &Path) -> String {
    let mut out = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char);
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// A position `{line, character}`.
pub fn position(line: usize, character: usize) -> Value {
    json!({"line": line, "character": character})
}

/// The 0-based line and the UTF-16 column of the first `needle` in `text`, plus
/// `offset` characters.
#[track_caller]
pub fn find(text: &str, needle: &str, offset: usize) -> Value {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in the text"));
    let line = text[..at].matches('\n').count();
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let column: usize = text[start..at].chars().map(char::len_utf16).sum();
    position(line, column + offset)
}
