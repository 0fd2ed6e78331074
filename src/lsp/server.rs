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
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidCreateFiles,
    DidDeleteFiles, DidOpenTextDocument, DidRenameFiles, DidSaveTextDocument, LogMessage,
    Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, GotoDefinition, HoverRequest, PrepareRenameRequest, References,
    RegisterCapability, Rename, Request as _,
};
use lsp_types::{
    Diagnostic, DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern,
    InitializeParams, LogMessageParams, MessageType, PublishDiagnosticsParams, Registration,
    RegistrationParams, Url,
};
use serde_json::Value;

use super::diagnostics;
use super::files::{self, is_config_path, is_plan_path};
use super::handshake::{handshake, parse_error};
use super::inputs::{buffer_content, gate_range, root_of, workspace_at};
use super::state::{PlanState, Update};
use super::text::{LineIndex, apply_change};
use super::transport::{Incoming, Received, send};
use super::view::{OpenDoc, View, path_of, uri_of};
use super::{Ending, LspError, Options};
use crate::history::walk::History;
use crate::load::RawFile;
use crate::workspace::{CONFIG_FILE, WorkspaceError};

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

    // ------------------------------------------------------------------ reading

    /// Reads every plan file (open buffers first, then the disk) in place of what was
    /// held.
    fn load_all(&mut self) -> Result<(), LspError> {
        let workspace = self.state.workspace.clone();
        let raws = match workspace.read_plan_files(&[]) {
            Ok(raws) => raws,
            Err(WorkspaceError::NoPlanFiles { folders }) => {
                self.log(
                    MessageType::INFO,
                    format!("no plan files under {folders} yet"),
                )?;
                Vec::new()
            }
            Err(e) => {
                self.log(MessageType::ERROR, e.to_string())?;
                Vec::new()
            }
        };
        let mut files = Vec::with_capacity(raws.len());
        for raw in raws {
            let path = workspace.root.join(&raw.path);
            let (content, stamp) = match self.buffer_of(&path) {
                Some(text) => (buffer_content(&workspace, &path, text), None),
                None => (raw.content, files::stamp(&path)),
            };
            files.push((
                path,
                RawFile {
                    path: raw.path,
                    content,
                },
                stamp,
            ));
        }
        self.state.replace_all(files);
        self.dirty.clear();
        self.rescan = false;
        self.schedule(Duration::ZERO);
        Ok(())
    }

    fn buffer_of(&self, path: &Path) -> Option<&str> {
        self.open
            .values()
            .find(|d| d.path.as_deref() == Some(path))
            .map(|d| d.text.as_str())
    }

    /// What changed on disk since the files were read: new, removed and changed plan
    /// files (open ones are the editor's).
    fn disk_changes(&self) -> Vec<Update> {
        let listed = files::list(&self.state.workspace);
        let mut updates = Vec::new();
        let mut seen = BTreeSet::new();
        for (path, stamp) in listed {
            seen.insert(path.clone());
            if self.buffer_of(&path).is_some() {
                continue;
            }
            let known = self.state.file(&path).map(|f| f.stamp);
            if known != Some(stamp) {
                updates.push(self.read_from_disk(path));
            }
        }
        for (path, _) in self.state.files() {
            if !seen.contains(path) && self.buffer_of(path).is_none() {
                updates.push(Update::Remove(path.clone()));
            }
        }
        updates
    }

    /// The update for one file from disk: its content, or its removal.
    fn read_from_disk(&self, path: PathBuf) -> Update {
        let workspace = &self.state.workspace;
        let stamp = files::stamp(&path);
        if stamp.is_none() {
            return Update::Remove(path);
        }
        match workspace.read_plan_files(std::slice::from_ref(&path)) {
            Ok(mut raws) if !raws.is_empty() => Update::Set {
                content: raws.swap_remove(0).content,
                path,
                stamp,
            },
            _ => Update::Remove(path),
        }
    }

    /// Reads the pending changes and checks the plan.
    fn check(&mut self) -> Result<(), LspError> {
        self.deadline = None;
        if self.reconfigure {
            self.reconfigure = false;
            if self.apply_config()? {
                self.load_all()?;
                self.deadline = None;
            }
        }
        let mut updates = Vec::new();
        for path in std::mem::take(&mut self.dirty) {
            let workspace = &self.state.workspace;
            match self.buffer_of(&path) {
                Some(text) if is_plan_path(workspace, &path) => updates.push(Update::Set {
                    content: buffer_content(workspace, &path, text),
                    path,
                    stamp: None,
                }),
                _ => updates.push(self.read_from_disk(path)),
            }
        }
        if std::mem::take(&mut self.rescan) {
            self.polled = Instant::now();
            let known: BTreeSet<PathBuf> = updates
                .iter()
                .map(|u| match u {
                    Update::Set { path, .. } | Update::Remove(path) => path.clone(),
                })
                .collect();
            updates.extend(self.disk_changes().into_iter().filter(|u| match u {
                Update::Set { path, .. } | Update::Remove(path) => !known.contains(path),
            }));
        }
        let started = Instant::now();
        let files = updates.len();
        self.state.apply(updates);
        let read = started.elapsed();
        self.analyze_and_publish()?;
        if self.options.timing {
            let total = started.elapsed();
            self.log(
                MessageType::LOG,
                format!(
                    "checked the plan in {} ms ({files} file(s) read again in {} ms)",
                    total.as_millis(),
                    read.as_millis()
                ),
            )?;
        }
        Ok(())
    }

    /// bearing.yaml changed: reads it again (from its buffer when open). Returns
    /// whether the plan must be read again (other folders or limits).
    fn apply_config(&mut self) -> Result<bool, LspError> {
        let root = self.state.workspace.root.clone();
        let config_path = self
            .state
            .workspace
            .config_path
            .clone()
            .unwrap_or_else(|| root.join(CONFIG_FILE));
        let buffer = self.buffer_of(&config_path).map(str::to_owned);
        let (workspace, problem) =
            workspace_at(&root, buffer.as_deref().map(|t| (config_path.as_path(), t)));
        self.config_problem = problem;
        if self.config_problem.is_some() {
            return Ok(false);
        }
        let old = &self.state.workspace;
        let reread = old.config.plans != workspace.config.plans
            || old.config.limits != workspace.config.limits
            || old.root != workspace.root;
        self.state.workspace = workspace;
        Ok(reread)
    }

    fn analyze_and_publish(&mut self) -> Result<(), LspError> {
        let (as_of, today) = (self.as_of(), (self.options.today)());
        self.state.analyze(as_of, today);
        let published = self.publish();
        self.last_check = Some(Instant::now());
        published
    }

    /// Checks now if an edit is pending, so that a request sees the text the client
    /// has.
    fn fresh(&mut self) -> Result<(), LspError> {
        if self.deadline.is_some() || !self.dirty.is_empty() || self.state.snapshot().is_none() {
            self.check()?;
        }
        Ok(())
    }

    // ------------------------------------------------------------------ history

    fn start_history(&mut self) {
        let workspace = self.state.workspace.clone();
        let spawned = std::thread::Builder::new()
            .name("bearing-lsp-history".to_owned())
            .spawn(move || {
                let mut notes = Vec::new();
                let mut progress = |_: usize, _: usize| {};
                let history = crate::pipeline::evidence::value_history(
                    &workspace,
                    None,
                    &|| None,
                    &mut progress,
                    &mut notes,
                );
                (history, notes)
            });
        self.history = spawned.ok();
    }

    /// Takes the history once it is read, and checks again with it.
    fn collect_history(&mut self) -> Result<(), LspError> {
        if !self.history.as_ref().is_some_and(JoinHandle::is_finished) {
            return Ok(());
        }
        let Some(handle) = self.history.take() else {
            return Ok(());
        };
        match handle.join() {
            Ok((history, notes)) => {
                for note in notes {
                    self.log(MessageType::INFO, note)?;
                }
                if history.is_some() {
                    self.state.history = history;
                    self.schedule(Duration::ZERO);
                }
            }
            Err(_) => self.log(
                MessageType::ERROR,
                "reading the git history failed; `stale-kr` uses check-ins only".to_owned(),
            )?,
        }
        Ok(())
    }

    // ------------------------------------------------------------------ publishing

    fn config_uri(&self) -> Option<Url> {
        let ws = &self.state.workspace;
        let path = ws
            .config_path
            .clone()
            .unwrap_or_else(|| ws.root.join(CONFIG_FILE));
        path.is_file().then(|| uri_of(&path)).flatten()
    }

    /// Sends the diagnostics of every open plan file and of bearing.yaml: those that
    /// changed, and those of the files just edited.
    fn publish(&mut self) -> Result<(), LspError> {
        let Some(snapshot) = self.state.snapshot() else {
            return Ok(());
        };
        let view = View {
            state: &self.state,
            snapshot,
            open: &self.open,
        };
        let mut next: HashMap<Url, (Vec<Diagnostic>, Option<i32>)> = HashMap::new();
        for (uri, doc) in &self.open {
            let Some(path) = &doc.path else { continue };
            let Some(index) = snapshot.file_index(path) else {
                continue;
            };
            let text = view.checked_text(path).unwrap_or("");
            let lines = LineIndex::new(text);
            let list = snapshot
                .located(index)
                .iter()
                .map(|located| diagnostics::diagnostic(located, text, &lines, &view))
                .collect();
            next.insert(uri.clone(), (list, Some(doc.version)));
        }
        if let Some(uri) = self.config_uri() {
            let text = self.config_text(&uri);
            let at = gate_range(&text);
            let mut list: Vec<Diagnostic> = self.config_problem.iter().cloned().collect();
            list.extend(
                snapshot
                    .plan_wide()
                    .iter()
                    .map(|located| diagnostics::plan_wide(located, at, &view)),
            );
            let version = self.open.get(&uri).map(|d| d.version);
            next.insert(uri, (list, version));
        }
        let mut messages = Vec::new();
        for (uri, (list, version)) in &next {
            let changed = self.published.get(uri) != Some(list);
            if changed || self.touched.contains(uri) {
                messages.push(PublishDiagnosticsParams {
                    uri: uri.clone(),
                    diagnostics: list.clone(),
                    version: *version,
                });
            }
        }
        for uri in self.published.keys() {
            if !next.contains_key(uri) {
                messages.push(PublishDiagnosticsParams {
                    uri: uri.clone(),
                    diagnostics: Vec::new(),
                    version: None,
                });
            }
        }
        self.published = next.into_iter().map(|(u, (l, _))| (u, l)).collect();
        self.touched.clear();
        for params in messages {
            self.notify(PublishDiagnostics::METHOD, params)?;
        }
        Ok(())
    }

    fn config_text(&self, uri: &Url) -> String {
        if let Some(doc) = self.open.get(uri) {
            return doc.text.clone();
        }
        path_of(uri)
            .and_then(|p| std::fs::read_to_string(p).ok())
            .unwrap_or_default()
    }

    // ------------------------------------------------------------------ messages

    fn notification(&mut self, n: Notification) -> Result<(), LspError> {
        match n.method.as_str() {
            "initialized" => {
                self.register_watchers()?;
                self.start_history();
            }
            DidOpenTextDocument::METHOD => {
                if let Ok(p) =
                    serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(n.params)
                {
                    let path = path_of(&p.text_document.uri);
                    let uri = p.text_document.uri.clone();
                    self.open.insert(
                        uri.clone(),
                        OpenDoc {
                            text: p.text_document.text,
                            version: p.text_document.version,
                            path: path.clone(),
                        },
                    );
                    self.touched.insert(uri);
                    self.changed(path.as_deref(), Duration::ZERO);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(p) =
                    serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(n.params)
                {
                    let uri = p.text_document.uri;
                    if let Some(doc) = self.open.get_mut(&uri) {
                        for change in p.content_changes {
                            apply_change(&mut doc.text, change);
                        }
                        doc.version = p.text_document.version;
                        let path = doc.path.clone();
                        self.touched.insert(uri);
                        self.changed(path.as_deref(), self.options.debounce);
                    }
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) =
                    serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(n.params)
                {
                    if let Some(doc) = self.open.remove(&p.text_document.uri) {
                        // From now on the disk's content counts.
                        self.changed(doc.path.as_deref(), Duration::ZERO);
                    }
                }
            }
            DidSaveTextDocument::METHOD => {
                self.rescan = true;
                self.schedule(self.options.debounce);
            }
            DidChangeWatchedFiles::METHOD => {
                if let Ok(p) =
                    serde_json::from_value::<lsp_types::DidChangeWatchedFilesParams>(n.params)
                {
                    for event in p.changes {
                        let path = path_of(&event.uri);
                        self.changed(path.as_deref(), self.options.debounce);
                    }
                    self.rescan = true;
                }
            }
            DidCreateFiles::METHOD | DidDeleteFiles::METHOD | DidRenameFiles::METHOD => {
                self.rescan = true;
                self.schedule(self.options.debounce);
            }
            _ => {}
        }
        Ok(())
    }

    /// A file changed (its buffer, or on disk): read it again after `after`.
    fn changed(&mut self, path: Option<&Path>, after: Duration) {
        let Some(path) = path else { return };
        let workspace = &self.state.workspace;
        if is_config_path(workspace, path) {
            self.reconfigure = true;
            self.schedule(after);
        } else if is_plan_path(workspace, path) || self.state.file(path).is_some() {
            self.dirty.insert(path.to_path_buf());
            self.schedule(after);
        }
    }

    fn register_watchers(&mut self) -> Result<(), LspError> {
        if !self.watch_files {
            return Ok(());
        }
        let watchers = ["**/*.yaml", "**/*.yml"]
            .into_iter()
            .map(|glob| FileSystemWatcher {
                glob_pattern: GlobPattern::String(glob.to_owned()),
                kind: None,
            })
            .collect();
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "bearing-plan-files".to_owned(),
                method: DidChangeWatchedFiles::METHOD.to_owned(),
                register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                    watchers,
                })
                .ok(),
            }],
        };
        self.next_id += 1;
        let request = Request::new(
            RequestId::from(format!("bearing-{}", self.next_id)),
            RegisterCapability::METHOD.to_owned(),
            params,
        );
        send(self.out, request.into())?;
        Ok(())
    }

    fn request(&mut self, req: Request) -> Result<(), LspError> {
        let id = req.id.clone();
        let answer = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.answer(req)));
        let response = match answer {
            Ok(Ok(response)) => response,
            Ok(Err(e)) => return Err(e),
            Err(_) => Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                "internal error in bearing; please report it".to_owned(),
            ),
        };
        self.respond(response)
    }

    fn answer(&mut self, req: Request) -> Result<Response, LspError> {
        let method = req.method.as_str();
        let needs_fresh = matches!(
            method,
            GotoDefinition::METHOD
                | References::METHOD
                | HoverRequest::METHOD
                | PrepareRenameRequest::METHOD
                | Rename::METHOD
                | CodeActionRequest::METHOD
        ) || (method == Completion::METHOD && self.state.snapshot().is_none());
        if needs_fresh {
            self.fresh()?;
        }
        let Some(snapshot) = self.state.snapshot() else {
            return Ok(Response::new_ok(req.id, Value::Null));
        };
        let view = View {
            state: &self.state,
            snapshot,
            open: &self.open,
        };
        let params = req.params;
        let id = req.id;
        let invalid = |id: RequestId, e: serde_json::Error| {
            Response::new_err(id, ErrorCode::InvalidParams as i32, e.to_string())
        };
        macro_rules! with {
            ($ty:ty, |$p:ident| $body:expr) => {
                match serde_json::from_value::<$ty>(params) {
                    Ok($p) => Response::new_ok(id, $body),
                    Err(e) => invalid(id, e),
                }
            };
        }
        Ok(match method {
            Completion::METHOD => with!(lsp_types::CompletionParams, |p| {
                super::complete::completion(view, &p)
            }),
            GotoDefinition::METHOD => with!(lsp_types::GotoDefinitionParams, |p| {
                lsp_types::GotoDefinitionResponse::Array(super::navigate::definition(view, &p))
            }),
            References::METHOD => with!(lsp_types::ReferenceParams, |p| {
                super::navigate::references(view, &p)
            }),
            HoverRequest::METHOD => with!(lsp_types::HoverParams, |p| {
                super::hover::hover(view, &p)
            }),
            CodeActionRequest::METHOD => with!(lsp_types::CodeActionParams, |p| {
                super::actions::code_actions(view, &p)
            }),
            PrepareRenameRequest::METHOD => with!(lsp_types::TextDocumentPositionParams, |p| {
                super::navigate::prepare_rename(view, &p)
            }),
            Rename::METHOD => match serde_json::from_value::<lsp_types::RenameParams>(params) {
                Ok(p) => match super::navigate::rename(view, &p) {
                    Ok(edit) => Response::new_ok(id, edit),
                    Err(refusal) => {
                        Response::new_err(id, ErrorCode::InvalidParams as i32, refusal.0)
                    }
                },
                Err(e) => invalid(id, e),
            },
            _ => Response::new_err(
                id,
                ErrorCode::MethodNotFound as i32,
                format!("bearing does not answer `{method}`"),
            ),
        })
    }

    fn respond(&mut self, response: Response) -> Result<(), LspError> {
        send(self.out, response.into())?;
        Ok(())
    }

    fn notify(&mut self, method: &str, params: impl serde::Serialize) -> Result<(), LspError> {
        send(
            self.out,
            Notification::new(method.to_owned(), params).into(),
        )?;
        Ok(())
    }

    fn log(&mut self, typ: MessageType, message: String) -> Result<(), LspError> {
        self.notify(LogMessage::METHOD, LogMessageParams { typ, message })
    }
}
