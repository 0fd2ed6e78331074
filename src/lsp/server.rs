//! The session: after the handshake (`handshake.rs`), one loop that takes the client's
//! messages, keeps the open buffers, checks the plan once the edits pause (debounced),
//! publishes diagnostics, and answers requests from the last check.
//!
//! One thread does all of it (the check itself runs on every core); a second reads
//! the input, a third (once) reads the git history for `stale-kr`. Requests that need
//! positions in the plan (definition, references, hover, rename, quick fixes) first
//! check any pending edit, so they never answer from text the client no longer has.
//! Completion answers at once from the last check: it only needs the candidates.

use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::path::PathBuf;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use lsp_server::{ErrorCode, Message, Response};
use lsp_types::{Diagnostic, InitializeParams, MessageType, Url};
use serde_json::Value;

use super::handshake::{handshake, parse_error};
use super::inputs::{root_of, workspace_at};
use super::state::PlanState;
use super::transport::{Incoming, Received};
use super::view::OpenDoc;
use super::{Ending, LspError, Options};
use crate::history::walk::History;

mod messages;
mod reading;

/// Serves the client whose messages arrive on `incoming`, writing to `out`, until it
/// exits or goes away.
pub(crate) fn serve(
    incoming: Incoming,
    out: &mut dyn Write,
    options: Options,
) -> Result<Ending, LspError> {
    let Some(params) = handshake(&incoming, out)? else {
        return Ok(Ending::Abrupt);
    };
    let mut server = Server::start(out, options, &params)?;
    server.run(&incoming)
}

/// The options a client may send in `initializationOptions`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct ClientOptions {
    /// `YYYY-MM-DD`: compute every date-dependent figure for this day.
    as_of: Option<String>,
    /// Milliseconds to wait after an edit before checking.
    debounce_ms: Option<u64>,
}

struct Server<'a> {
    out: &'a mut dyn Write,
    options: Options,
    state: PlanState,
    /// A mistake in bearing.yaml: its diagnostic, and the configuration used meanwhile.
    config_problem: Option<Diagnostic>,
    open: HashMap<Url, OpenDoc>,
    /// Plan files to read again (from their buffer, else from disk).
    dirty: BTreeSet<PathBuf>,
    /// The list of plan files may have changed on disk.
    rescan: bool,
    /// bearing.yaml changed.
    reconfigure: bool,
    /// When to check the plan, once the edits pause.
    deadline: Option<Instant>,
    /// When the last check ended.
    last_check: Option<Instant>,
    /// When the disk was last looked at.
    polled: Instant,
    /// Diagnostics last sent, by URI.
    published: HashMap<Url, Vec<Diagnostic>>,
    /// URIs whose diagnostics must be sent after the next check even if unchanged: a
    /// client waits for an answer to its edit.
    touched: BTreeSet<Url>,
    history: Option<JoinHandle<(Option<History>, Vec<String>)>>,
    watch_files: bool,
    shutdown: bool,
    next_id: i32,
}

impl<'a> Server<'a> {
    fn start(
        out: &'a mut dyn Write,
        mut options: Options,
        params: &InitializeParams,
    ) -> Result<Server<'a>, LspError> {
        let client: ClientOptions = params
            .initialization_options
            .clone()
            .and_then(|v| serde_json::from_value(v).ok())
            .unwrap_or_default();
        let mut notes = Vec::new();
        if let Some(day) = &client.as_of {
            match day.parse() {
                Ok(date) => options.as_of = Some(date),
                Err(_) => notes.push(format!(
                    "`asOf` is not a date (YYYY-MM-DD): `{day}`; using today"
                )),
            }
        }
        if let Some(ms) = client.debounce_ms {
            options.debounce = Duration::from_millis(ms.min(10_000));
        }
        let root = root_of(params);
        let (workspace, config_problem) = workspace_at(&root, None);
        crate::pool::init(&workspace.config.limits.yaml);
        let watch_files = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        let mut server = Server {
            out,
            options,
            state: PlanState::new(workspace),
            config_problem,
            open: HashMap::new(),
            dirty: BTreeSet::new(),
            rescan: false,
            reconfigure: false,
            deadline: None,
            last_check: None,
            polled: Instant::now(),
            published: HashMap::new(),
            touched: BTreeSet::new(),
            history: None,
            watch_files,
            shutdown: false,
            next_id: 0,
        };
        for note in notes {
            server.log(MessageType::WARNING, note)?;
        }
        server.load_all()?;
        Ok(server)
    }

    fn run(&mut self, incoming: &Incoming) -> Result<Ending, LspError> {
        loop {
            self.collect_history()?;
            let received = incoming.next(Some(self.timeout()));
            match received {
                None => {}
                Some(Received::Message(Message::Request(req))) => {
                    if req.method == "shutdown" {
                        self.shutdown = true;
                        self.respond(Response::new_ok(req.id, Value::Null))?;
                    } else if self.shutdown {
                        self.respond(Response::new_err(
                            req.id,
                            ErrorCode::InvalidRequest as i32,
                            "the server is shutting down".to_owned(),
                        ))?;
                    } else {
                        self.request(req)?;
                    }
                }
                Some(Received::Message(Message::Notification(n))) => {
                    if n.method == "exit" {
                        return Ok(if self.shutdown {
                            Ending::Clean
                        } else {
                            Ending::Abrupt
                        });
                    }
                    self.guarded(|server| server.notification(n))?;
                }
                Some(Received::Message(Message::Response(_))) => {}
                Some(Received::Malformed(why)) => parse_error(self.out, &why)?,
                Some(Received::Closed(_)) => return Ok(Ending::Abrupt),
            }
            self.guarded(Server::tick)?;
        }
    }

    /// Runs `step`; a panic in it (a bug in bearing, never the plan's doing) is logged
    /// and the plan read again from scratch, and the session goes on. The check that
    /// panicked is not retried until the next change, so a bug cannot spin.
    fn guarded(
        &mut self,
        step: impl FnOnce(&mut Self) -> Result<(), LspError>,
    ) -> Result<(), LspError> {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| step(self))) {
            Ok(result) => result,
            Err(_) => {
                self.log(
                    MessageType::ERROR,
                    "internal error in bearing while checking the plan; please report it with the plan that caused it".to_owned(),
                )?;
                self.load_all()?;
                self.deadline = None;
                Ok(())
            }
        }
    }

    /// How long to wait for the next message: until the pending check, while the
    /// history is read a short while, else until the next look at the disk.
    fn timeout(&self) -> Duration {
        let now = Instant::now();
        let mut wait = self.options.poll.saturating_sub(now - self.polled);
        if let Some(deadline) = self.deadline {
            wait = wait.min(deadline.saturating_duration_since(now));
        }
        if self.history.is_some() {
            wait = wait.min(Duration::from_millis(100));
        }
        wait
    }

    /// Checks the plan when the edits have paused, or looks at the disk when it is
    /// time.
    fn tick(&mut self) -> Result<(), LspError> {
        let now = Instant::now();
        if self.deadline.is_some_and(|d| d <= now) {
            return self.check();
        }
        if self.deadline.is_none() && now - self.polled >= self.options.poll {
            self.polled = now;
            let changed = self.disk_changes();
            if !changed.is_empty() {
                self.state.apply(changed);
                self.analyze_and_publish()?;
            }
        }
        Ok(())
    }

    /// Checks the plan `after` from now, or later: an edit waits `after` for the next
    /// one (debounce), an open does not wait. The first edit after a quiet spell is
    /// checked at once (a leading edge): only the edits that follow it closely wait.
    fn schedule(&mut self, after: Duration) {
        let now = Instant::now();
        let quiet = self.deadline.is_none()
            && self
                .last_check
                .is_none_or(|t| now.saturating_duration_since(t) >= after);
        let at = if quiet { now } else { now + after };
        self.deadline = Some(match self.deadline {
            Some(d) if after.is_zero() => d.min(at),
            _ => at,
        });
    }

    fn as_of(&self) -> jiff::civil::Date {
        self.options.as_of.unwrap_or_else(|| (self.options.today)())
    }
}
