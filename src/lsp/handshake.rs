//! The start of a session: the client's `initialize`, answered with what the server can
//! do, before anything else is served; and the answer to a body that is no message.

use std::io::Write;

use lsp_server::{ErrorCode, Message, Response};
use lsp_types::{
    FileOperationFilter, FileOperationPattern, FileOperationRegistrationOptions, InitializeParams,
    InitializeResult, OneOf, PositionEncodingKind, RenameOptions, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, WorkspaceFileOperationsServerCapabilities,
    WorkspaceServerCapabilities,
};

use super::LspError;
use super::transport::{Incoming, Received, send};

/// JSON-RPC's "server not initialized".
const NOT_INITIALIZED: i32 = -32002;

/// Waits for `initialize` and answers it; `None` when the client exits first.
pub(super) fn handshake(
    incoming: &Incoming,
    out: &mut dyn Write,
) -> Result<Option<InitializeParams>, LspError> {
    loop {
        match incoming.next(None) {
            Some(Received::Message(Message::Request(req))) if req.method == "initialize" => {
                match serde_json::from_value::<InitializeParams>(req.params) {
                    Ok(params) => {
                        let result = InitializeResult {
                            capabilities: capabilities(),
                            server_info: Some(ServerInfo {
                                name: "bearing".to_owned(),
                                version: Some(env!("CARGO_PKG_VERSION").to_owned()),
                            }),
                        };
                        send(out, Response::new_ok(req.id, result).into())?;
                        return Ok(Some(params));
                    }
                    Err(e) => send(
                        out,
                        Response::new_err(
                            req.id,
                            ErrorCode::InvalidParams as i32,
                            format!("invalid `initialize` parameters: {e}"),
                        )
                        .into(),
                    )?,
                }
            }
            Some(Received::Message(Message::Request(req))) => send(
                out,
                Response::new_err(
                    req.id,
                    NOT_INITIALIZED,
                    "the server is not initialized yet".to_owned(),
                )
                .into(),
            )?,
            Some(Received::Message(Message::Notification(n))) if n.method == "exit" => {
                return Ok(None);
            }
            Some(Received::Message(_)) => {}
            Some(Received::Malformed(why)) => parse_error(out, &why)?,
            Some(Received::Closed(why)) => return Err(LspError::Protocol(why)),
            None => {}
        }
    }
}

/// Answers a body that is not a message, as JSON-RPC asks (with a null id).
pub(super) fn parse_error(out: &mut dyn Write, why: &str) -> Result<(), LspError> {
    let body = serde_json::json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": {"code": ErrorCode::ParseError as i32, "message": format!("not a JSON-RPC message: {why}")},
    })
    .to_string();
    write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    out.flush()?;
    Ok(())
}

fn capabilities() -> ServerCapabilities {
    let yaml_files = FileOperationRegistrationOptions {
        filters: vec![FileOperationFilter {
            scheme: Some("file".to_owned()),
            pattern: FileOperationPattern {
                glob: "**/*.{yaml,yml}".to_owned(),
                matches: None,
                options: None,
            },
        }],
    };
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..TextDocumentSyncOptions::default()
            },
        )),
        completion_provider: Some(lsp_types::CompletionOptions {
            trigger_characters: Some(vec![" ".into(), "[".into(), ",".into(), "-".into()]),
            ..lsp_types::CompletionOptions::default()
        }),
        hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(lsp_types::CodeActionProviderCapability::Simple(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: lsp_types::WorkDoneProgressOptions::default(),
        })),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: None,
            file_operations: Some(WorkspaceFileOperationsServerCapabilities {
                did_create: Some(yaml_files.clone()),
                did_rename: Some(yaml_files.clone()),
                did_delete: Some(yaml_files),
                ..WorkspaceFileOperationsServerCapabilities::default()
            }),
        }),
        ..ServerCapabilities::default()
    }
}
