//! Talking with the client: the diagnostics published, notifications taken in,
//! requests answered, file watchers registered.

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use lsp_server::{ErrorCode, Notification, Request, RequestId, Response};
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
    LogMessageParams, MessageType, PublishDiagnosticsParams, Registration, RegistrationParams, Url,
};
use serde_json::Value;

use super::Server;
use crate::lsp::LspError;
use crate::lsp::diagnostics;
use crate::lsp::files::{is_config_path, is_plan_path};
use crate::lsp::inputs::gate_range;
use crate::lsp::text::{LineIndex, apply_change};
use crate::lsp::transport::send;
use crate::lsp::view::{OpenDoc, View, path_of, uri_of};
use crate::workspace::CONFIG_FILE;

impl Server<'_> {
    // ------------------------------------------------------------------ publishing

    pub(super) fn config_uri(&self) -> Option<Url> {
        let ws = &self.state.workspace;
        let path = ws
            .config_path
            .clone()
            .unwrap_or_else(|| ws.root.join(CONFIG_FILE));
        path.is_file().then(|| uri_of(&path)).flatten()
    }

    /// Sends the diagnostics of every open plan file and of bearing.yaml: those that
    /// changed, and those of the files just edited.
    pub(super) fn publish(&mut self) -> Result<(), LspError> {
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

    pub(super) fn config_text(&self, uri: &Url) -> String {
        if let Some(doc) = self.open.get(uri) {
            return doc.text.clone();
        }
        path_of(uri)
            .and_then(|p| std::fs::read_to_string(p).ok())
            .unwrap_or_default()
    }

    // ------------------------------------------------------------------ messages

    pub(super) fn notification(&mut self, n: Notification) -> Result<(), LspError> {
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
    pub(super) fn changed(&mut self, path: Option<&Path>, after: Duration) {
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

    pub(super) fn register_watchers(&mut self) -> Result<(), LspError> {
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

    pub(super) fn request(&mut self, req: Request) -> Result<(), LspError> {
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

    pub(super) fn answer(&mut self, req: Request) -> Result<Response, LspError> {
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
                crate::lsp::complete::completion(view, &p)
            }),
            GotoDefinition::METHOD => with!(lsp_types::GotoDefinitionParams, |p| {
                lsp_types::GotoDefinitionResponse::Array(crate::lsp::navigate::definition(view, &p))
            }),
            References::METHOD => with!(lsp_types::ReferenceParams, |p| {
                crate::lsp::navigate::references(view, &p)
            }),
            HoverRequest::METHOD => with!(lsp_types::HoverParams, |p| {
                crate::lsp::hover::hover(view, &p)
            }),
            CodeActionRequest::METHOD => with!(lsp_types::CodeActionParams, |p| {
                crate::lsp::actions::code_actions(view, &p)
            }),
            PrepareRenameRequest::METHOD => with!(lsp_types::TextDocumentPositionParams, |p| {
                crate::lsp::navigate::prepare_rename(view, &p)
            }),
            Rename::METHOD => match serde_json::from_value::<lsp_types::RenameParams>(params) {
                Ok(p) => match crate::lsp::navigate::rename(view, &p) {
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

    pub(super) fn respond(&mut self, response: Response) -> Result<(), LspError> {
        send(self.out, response.into())?;
        Ok(())
    }

    pub(super) fn notify(
        &mut self,
        method: &str,
        params: impl serde::Serialize,
    ) -> Result<(), LspError> {
        send(
            self.out,
            Notification::new(method.to_owned(), params).into(),
        )?;
        Ok(())
    }

    pub(super) fn log(&mut self, typ: MessageType, message: String) -> Result<(), LspError> {
        self.notify(LogMessage::METHOD, LogMessageParams { typ, message })
    }
}
