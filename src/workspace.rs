//! The file system side of a plan: find bearing.yaml, list and read the plan files.
//!
//! Plan files come from pull requests, forks included: sizes are checked before a
//! byte is read, symlinks and submodules are refused, and the walk is sorted so that
//! every run sees the same order.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{Config, ConfigError};
use crate::load::{FileContent, RawFile};
use crate::vocab::PathBase;

/// Where the plan lives and how it is configured.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// The folder of bearing.yaml, or the working directory without one. Paths in
    /// findings are relative to it.
    pub root: PathBuf,
    pub config_path: Option<PathBuf>,
    pub config: Config,
}

#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    #[error("cannot read `{path}`: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("invalid configuration `{path}`: {error}")]
    Config {
        path: PathBuf,
        text: String,
        error: ConfigError,
    },
    #[error("no plan files under {folders}")]
    NoPlanFiles { folders: String },
    /// A file or folder bearing will not read (never quoted: its content may be
    /// anything, `/etc/passwd` through a link included).
    #[error("`{path}` is not read: {why}")]
    Refused {
        path: PathBuf,
        why: String,
        help: String,
    },
}

impl WorkspaceError {
    /// How to fix it, for the CLI's hint line.
    pub fn help(&self) -> Option<String> {
        match self {
            WorkspaceError::Config { error, .. } => error.help.clone(),
            WorkspaceError::NoPlanFiles { .. } => Some(
                "write goals, objectives and projects as *.yaml under the plan folders named by `plans:` in bearing.yaml (default `plans/`), or run `bearing init`".to_owned(),
            ),
            WorkspaceError::Refused { help, .. } => Some(help.clone()),
            WorkspaceError::Read { .. } => None,
        }
    }
}

/// The name of the configuration file.
pub const CONFIG_FILE: &str = "bearing.yaml";

/// Finds bearing.yaml by walking up from `cwd` (as git finds `.git`), or reads the one
/// given. Without any, the default configuration applies with `cwd` as the root.
pub fn discover(cwd: &Path, explicit: Option<&Path>) -> Result<Workspace, WorkspaceError> {
    let config_path = match explicit {
        Some(path) => Some(cwd.join(path)),
        // Found as an entry of its own: a link named bearing.yaml is found, then refused.
        None => cwd
            .ancestors()
            .map(|dir| dir.join(CONFIG_FILE))
            .find(|candidate| fs::symlink_metadata(candidate).is_ok_and(|m| !m.is_dir())),
    };
    let Some(config_path) = config_path else {
        return Ok(Workspace {
            root: cwd.to_path_buf(),
            config_path: None,
            config: Config::default(),
        });
    };
    let text = read_config(&config_path)?;
    let config = Config::parse(&text).map_err(|error| WorkspaceError::Config {
        path: config_path.clone(),
        text: text.clone(),
        error,
    })?;
    let root = config_path
        .parent()
        .map_or_else(|| cwd.to_path_buf(), Path::to_path_buf);
    Ok(Workspace {
        root,
        config_path: Some(config_path),
        config,
    })
}

/// The text of bearing.yaml: a regular file (never followed through a link), read under
/// its own size budget, since it comes with the plan and so from pull requests too.
fn read_config(path: &Path) -> Result<String, WorkspaceError> {
    let refused = |why: &str, help: &str| WorkspaceError::Refused {
        path: path.to_path_buf(),
        why: why.to_owned(),
        help: help.to_owned(),
    };
    let read_error = |source| WorkspaceError::Read {
        path: path.to_path_buf(),
        source,
    };
    let meta = fs::symlink_metadata(path).map_err(read_error)?;
    if meta.file_type().is_symlink() {
        return Err(refused(
            "it is a symlink, and bearing.yaml must be a regular file",
            "replace the link with the file itself",
        ));
    }
    if !meta.is_file() {
        return Err(refused(
            "it is not a regular file",
            "bearing.yaml must be a regular file",
        ));
    }
    let limit = crate::config::MAX_CONFIG_BYTES;
    let mut bytes = Vec::new();
    fs::File::open(path)
        .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
        .map_err(read_error)?;
    if bytes.len() as u64 > limit {
        return Err(refused(
            &format!(
                "it is larger than {}, the most a configuration may be",
                crate::format::bytes(limit)
            ),
            "a configuration is a few dozen lines: keep plans in the plan folders",
        ));
    }
    String::from_utf8(bytes)
        .map_err(|_| refused("it is not UTF-8 text", "save bearing.yaml as UTF-8"))
}

/// The first existing entry on the way from `base` to `path` (`path` included) that is
/// a symlink, if any: a plan folder named `a/b`, or a site's output folder, must not
/// lead out of the repository through a link `a`. `None` as well when `path` is not
/// under `base` (what lies above `base` is the user's own) or the way stops at an entry
/// that does not exist yet.
pub(crate) fn link_on_the_way(base: &Path, path: &Path) -> std::io::Result<Option<PathBuf>> {
    let Ok(below) = path.strip_prefix(base) else {
        return Ok(None);
    };
    let mut at = base.to_path_buf();
    for component in below.components() {
        at.push(component);
        match fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => return Ok(Some(at)),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        }
    }
    Ok(None)
}

impl Workspace {
    /// The plan folders as absolute paths.
    pub fn plan_folders(&self) -> Vec<PathBuf> {
        self.config
            .plans
            .iter()
            .map(|p| self.root.join(p))
            .collect()
    }

    /// Reads every plan file under `paths` (files or folders; the configured plan
    /// folders when empty), sorted by path.
    pub fn read_plan_files(&self, paths: &[PathBuf]) -> Result<Vec<RawFile>, WorkspaceError> {
        let roots = if paths.is_empty() {
            self.plan_folders()
        } else {
            paths.to_vec()
        };
        let mut found = Vec::new();
        for root in &roots {
            // The last component is refused below, file by file, like any link in a
            // plan folder; a link further up would lead the whole walk elsewhere.
            if let Some(link) = root
                .parent()
                .and_then(|parent| link_on_the_way(&self.root, parent).ok().flatten())
            {
                return Err(WorkspaceError::Refused {
                    path: root.clone(),
                    why: format!(
                        "`{}` on the way to it is a symlink, and plan folders stay inside the repository",
                        self.display(&link)
                    ),
                    help: "name the real folder in `plans:` in bearing.yaml".to_owned(),
                });
            }
            match fs::symlink_metadata(root) {
                Ok(meta) if meta.is_dir() => walk(root, true, &mut found)?,
                Ok(_) => found.push(root.clone()),
                Err(_) => {}
            }
        }
        found.sort();
        found.dedup();
        if found.is_empty() {
            let folders = roots
                .iter()
                .map(|r| format!("`{}/`", self.display(r)))
                .collect::<Vec<_>>()
                .join(", ");
            return Err(WorkspaceError::NoPlanFiles { folders });
        }
        let limits = self.config.limits;
        // Each file is looked at on every core (a `stat` each: thousands in a large
        // plan); then the total budget counts the accepted sizes in path order, so which
        // file goes over it never depends on timing; then the files are read on every
        // core.
        let inspected: Vec<(PathBuf, Result<u64, FileContent>)> = found
            .into_par_iter()
            .map(|path| {
                let verdict = inspect(&path, limits.max_file_bytes);
                (path, verdict)
            })
            .collect();
        let mut total: u64 = 0;
        let checked: Vec<(PathBuf, Result<u64, FileContent>)> = inspected
            .into_iter()
            .map(|(path, verdict)| {
                let verdict =
                    verdict.and_then(|len| within_total(len, &mut total, limits.max_total_bytes));
                (path, verdict)
            })
            .collect();
        let files = checked
            .into_par_iter()
            .map(|(path, verdict)| RawFile {
                content: match verdict {
                    Ok(len) => read_checked(&path, len, limits.max_file_bytes),
                    Err(refused) => refused,
                },
                path: self.display(&path),
            })
            .collect();
        Ok(files)
    }

    /// Where machine outputs root the files they name: the top of the git work tree
    /// that holds the plan root (found as git finds it, by the nearest `.git` folder or
    /// file above), or the plan root itself outside git.
    pub fn path_base(&self) -> PathBase {
        let root = fs::canonicalize(&self.root).unwrap_or_else(|_| self.root.clone());
        let Some(top) = git_top(&root) else {
            return PathBase::plan_root();
        };
        let relative = root.strip_prefix(top).unwrap_or(Path::new(""));
        PathBase::under(&relative.to_string_lossy().replace('\\', "/"))
    }

    /// Whether a `.git` folder or file sits at the plan root or above it: a plain folder
    /// has no history to read, and what only the history walk needs (the blob id of
    /// every file) is not worth computing there.
    pub fn in_git_work_tree(&self) -> bool {
        let root = fs::canonicalize(&self.root).unwrap_or_else(|_| self.root.clone());
        git_top(&root).is_some()
    }

    /// A path as shown in findings: relative to the root, with `/`.
    pub fn display(&self, path: &Path) -> String {
        let shown = path.strip_prefix(&self.root).unwrap_or(path);
        let text = shown.to_string_lossy().replace('\\', "/");
        if text.is_empty() {
            ".".to_owned()
        } else {
            text
        }
    }
}

fn is_plan_file(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

/// Collects plan files, symlinks and submodules (to be refused with a message) under `dir`.
/// The entries of a plan folder as `check` lists them: plan files, and the links and
/// submodules to refuse. The language server lists a workspace's files with it too.
pub(crate) fn plan_entries(folder: &Path, found: &mut Vec<PathBuf>) -> Result<(), WorkspaceError> {
    walk(folder, true, found)
}

fn walk(dir: &Path, top: bool, found: &mut Vec<PathBuf>) -> Result<(), WorkspaceError> {
    let entries = fs::read_dir(dir).map_err(|source| WorkspaceError::Read {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    // Below the plan folder, a submodule's work tree has a `.git` file or folder: it is
    // another repository, so say so once and read none of its files. (The plan folder
    // itself may be the repository's root.)
    if !top {
        if let Some(git) = entries.iter().find(|e| e.file_name() == ".git") {
            found.push(git.path());
            return Ok(());
        }
    }
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        if kind.is_symlink() {
            found.push(path);
        } else if kind.is_dir() {
            walk(&path, false, found)?;
        } else if kind.is_file() && is_plan_file(&path) {
            found.push(path);
        }
    }
    Ok(())
}

/// A plan file's size, or why it is refused on its own: a submodule, a symlink, not a
/// regular file, over the size limit by its metadata (checked before reading,
/// docs/threat-model.md P6).
fn inspect(path: &Path, max_file: u64) -> Result<u64, FileContent> {
    let refuse = |why: String| Err(FileContent::Refused(why));
    if path.file_name().is_some_and(|n| n == ".git") {
        return refuse(
            "a git submodule inside a plan folder is not read; keep plan files in this repository"
                .to_owned(),
        );
    }
    let meta = match fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) => return refuse(format!("cannot read the file: {e}")),
    };
    if meta.file_type().is_symlink() {
        return refuse(
            "symlinks are not allowed in plan folders; copy the file instead".to_owned(),
        );
    }
    if meta.len() > max_file {
        return refuse(format!(
            "the file is {} bytes and exceeds the {} limit (`limits.max-file-bytes` in bearing.yaml)",
            meta.len(),
            crate::format::bytes(max_file)
        ));
    }
    Ok(meta.len())
}

/// Counts an accepted file of `len` bytes against the total budget, or refuses it.
fn within_total(len: u64, total: &mut u64, max_total: u64) -> Result<u64, FileContent> {
    if total.saturating_add(len) > max_total {
        return Err(FileContent::OverTotal {
            limit: max_total,
            count: 0,
        });
    }
    *total += len;
    Ok(len)
}

/// The bytes of a file [`inspect`] and [`within_total`] accepted. At most one byte past the limit is read:
/// a file that grew after the check is still capped.
/// `len` is the size the check saw: the buffer is made that large (plus the byte that
/// tells a grown file) up front.
fn read_checked(path: &Path, len: u64, max_file: u64) -> FileContent {
    let mut bytes = Vec::with_capacity(usize::try_from(len.min(max_file) + 1).unwrap_or(0));
    let read = fs::File::open(path).and_then(|f| f.take(max_file + 1).read_to_end(&mut bytes));
    match read {
        Ok(n) if n as u64 > max_file => FileContent::Refused(format!(
            "the file exceeds the {} limit",
            crate::format::bytes(max_file)
        )),
        Ok(_) => FileContent::Bytes(bytes),
        Err(e) => FileContent::Refused(format!("cannot read the file: {e}")),
    }
}

/// The nearest folder at or above `dir` that holds `.git` (a folder, or the file of a
/// linked work tree or submodule), as git finds its work tree.
fn git_top(dir: &Path) -> Option<&Path> {
    dir.ancestors().find(|d| d.join(".git").exists())
}
