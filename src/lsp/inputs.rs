//! What a session checks, as the client has it: the folder it opened, the configuration
//! (an open bearing.yaml's buffer before the file), each open buffer as the loader
//! should read it, and where plan-wide findings show in bearing.yaml.

use std::path::{Path, PathBuf};

use lsp_types::{Diagnostic, InitializeParams, Position, Range};

use super::diagnostics;
use super::text::LineIndex;
use super::view::path_of;
use crate::config::Config;
use crate::load::FileContent;
use crate::workspace::{Workspace, WorkspaceError, discover};

/// The folder the client opened: the workspace folder, the root URI, or the current
/// folder.
pub(super) fn root_of(params: &InitializeParams) -> PathBuf {
    let folder = params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .and_then(|f| path_of(&f.uri));
    #[allow(deprecated)] // `rootUri` is deprecated, and still all that some clients send
    let root = params.root_uri.as_ref().and_then(path_of);
    folder
        .or(root)
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_default()
}

/// The workspace at `root` (bearing.yaml found upwards, as `check` finds it), with
/// `config` as the text of bearing.yaml when given. A configuration that does not
/// parse gives a diagnostic and the default configuration meanwhile.
pub(super) fn workspace_at(
    root: &Path,
    config: Option<(&Path, &str)>,
) -> (Workspace, Option<Diagnostic>) {
    let parsed = match config {
        Some((path, text)) => match Config::parse(text) {
            Ok(config) => Ok(Workspace {
                root: path
                    .parent()
                    .map_or_else(|| root.to_path_buf(), Path::to_path_buf),
                config_path: Some(path.to_path_buf()),
                config,
            }),
            Err(error) => Err(WorkspaceError::Config {
                path: path.to_path_buf(),
                text: text.to_owned(),
                error,
            }),
        },
        None => discover(root, None),
    };
    match parsed {
        Ok(workspace) => (workspace, None),
        Err(WorkspaceError::Config { path, error, .. }) => {
            let diagnostic = diagnostics::config_error(
                &format!("invalid configuration: {}", error.message),
                error.help.as_deref(),
                error.line,
                error.column,
            );
            let root = path
                .parent()
                .map_or_else(|| root.to_path_buf(), Path::to_path_buf);
            (
                Workspace {
                    root,
                    config_path: Some(path),
                    config: Config::default(),
                },
                Some(diagnostic),
            )
        }
        Err(e) => {
            let diagnostic = diagnostics::config_error(&e.to_string(), None, None, None);
            (
                Workspace {
                    root: root.to_path_buf(),
                    config_path: None,
                    config: Config::default(),
                },
                Some(diagnostic),
            )
        }
    }
}

/// An open buffer's content as the loader should see it: refused as `check` would
/// refuse the file (a symlink, over the size limit).
pub(super) fn buffer_content(workspace: &Workspace, path: &Path, text: &str) -> FileContent {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if is_link {
        return FileContent::Refused(
            "symlinks are not allowed in plan folders; copy the file instead".to_owned(),
        );
    }
    let max = workspace.config.limits.max_file_bytes;
    if text.len() as u64 > max {
        return FileContent::Refused(format!(
            "the file is {} bytes and exceeds the {} limit (`limits.max-file-bytes` in bearing.yaml)",
            text.len(),
            crate::format::bytes(max)
        ));
    }
    FileContent::Bytes(text.as_bytes().to_vec())
}

/// Where plan-wide findings show in bearing.yaml: on `min-alignment`, else `gate:`,
/// else the first line.
pub(super) fn gate_range(text: &str) -> Range {
    let lines = LineIndex::new(text);
    for key in ["min-alignment:", "gate:"] {
        if let Some(at) = text.find(key) {
            let start = lines.position(text, at);
            return Range {
                start,
                end: Position {
                    line: start.line,
                    character: start.character + key.len() as u32 - 1,
                },
            };
        }
    }
    Range::default()
}
