//! What `bearing init` writes: a starter plan repository ([`starter`]) or the worked
//! example with a year of git history ([`example`], [`example_history`]), each with the
//! schemas and settings editors need ([`editors`]), and the careful writing of both
//! into a folder.
//!
//! Content is built as data (paths and texts) first, so that `--dry-run` and the tests
//! see exactly what would be written. Writing never leaves the target folder: paths are
//! relative, checked, and never followed through a symlink. All git writing lives in
//! [`git`]. Nothing here prints.

pub(crate) mod editors;
pub(crate) mod example;
pub(crate) mod example_history;
pub(crate) mod git;
mod rewind;
pub(crate) mod starter;

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

/// One file to write, by its path relative to the target folder (with `/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ScaffoldFile {
    pub path: String,
    pub contents: String,
}

impl ScaffoldFile {
    pub(crate) fn new(path: impl Into<String>, contents: impl Into<String>) -> ScaffoldFile {
        ScaffoldFile {
            path: path.into(),
            contents: contents.into(),
        }
    }
}

/// What happens to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    /// It does not exist: it is created.
    Create,
    /// It exists and `--force` was given: it is replaced.
    Overwrite,
    /// It exists: it is kept as it is.
    Skip,
}

/// A file and what happens to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Planned {
    pub path: String,
    pub action: Action,
}

/// Why a scaffold could not be written.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ScaffoldError {
    #[error("cannot write `{path}`: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("`{path}` is a symlink; bearing init does not write through symlinks")]
    Symlink { path: PathBuf },
    #[error("`{path}` exists and is not a folder")]
    NotAFolder { path: PathBuf },
    #[error("`{path}` is not empty")]
    NotEmpty { path: PathBuf },
    #[error("cannot create the git repository in `{path}`: {message}")]
    Git { path: PathBuf, message: String },
    /// The built-in content is inconsistent (the example history does not apply to the
    /// example, a path is not relative): a bug, caught by the tests.
    #[error("bearing's built-in scaffold is inconsistent: {0}")]
    Internal(String),
}

impl ScaffoldError {
    /// How to fix it, for the CLI's hint line.
    pub(crate) fn help(&self) -> Option<String> {
        match self {
            ScaffoldError::Symlink { .. } => Some(
                "replace the symlink with a real folder or file, or choose another folder"
                    .to_owned(),
            ),
            ScaffoldError::NotAFolder { .. } => {
                Some("give a folder (it is created when missing)".to_owned())
            }
            ScaffoldError::NotEmpty { .. } => Some(
                "the example is a git repository of its own: give a new or empty folder, e.g. `bearing init --example acme-strategy`".to_owned(),
            ),
            ScaffoldError::Git { .. } => {
                Some("check that the folder is writable and not inside a broken `.git`".to_owned())
            }
            ScaffoldError::Internal(_) => {
                Some("this is a bug in bearing: please report it".to_owned())
            }
            ScaffoldError::Io { .. } => None,
        }
    }

    fn io(path: &Path, source: io::Error) -> ScaffoldError {
        ScaffoldError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// The relative path of a scaffold file as a checked path: no root, no `..`, no `.`.
fn relative(path: &str) -> Result<PathBuf, ScaffoldError> {
    let candidate = Path::new(path);
    let clean = candidate
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    if clean && !path.is_empty() {
        Ok(candidate.to_path_buf())
    } else {
        // Scaffold paths are constants of this crate; an unsafe one is a bug.
        Err(ScaffoldError::Internal(format!(
            "`{path}` is not a plain relative path"
        )))
    }
}

/// Checks that no existing part of `dir/rel` below `dir` is a symlink, so that a write
/// can never land outside `dir`.
fn check_no_symlink(dir: &Path, rel: &Path) -> Result<(), ScaffoldError> {
    let mut at = dir.to_path_buf();
    for component in rel.components() {
        at.push(component);
        match fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(ScaffoldError::Symlink { path: at });
            }
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(ScaffoldError::io(&at, e)),
        }
    }
    Ok(())
}

/// Checks that `dir` is a folder or does not exist yet.
fn check_folder(dir: &Path) -> Result<(), ScaffoldError> {
    match fs::symlink_metadata(dir) {
        Ok(meta) if meta.is_dir() => Ok(()),
        // A symlink to a folder is what the user named: follow it, as `cd` would.
        Ok(meta) if meta.file_type().is_symlink() && dir.is_dir() => Ok(()),
        Ok(_) => Err(ScaffoldError::NotAFolder {
            path: dir.to_path_buf(),
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(ScaffoldError::io(dir, e)),
    }
}

/// Decides, without writing, what happens to each file in `dir`.
pub(crate) fn plan(
    dir: &Path,
    files: &[ScaffoldFile],
    force: bool,
) -> Result<Vec<Planned>, ScaffoldError> {
    check_folder(dir)?;
    files
        .iter()
        .map(|file| {
            let rel = relative(&file.path)?;
            check_no_symlink(dir, &rel)?;
            let target = dir.join(&rel);
            let action = match fs::symlink_metadata(&target) {
                Ok(meta) if meta.is_dir() => {
                    return Err(ScaffoldError::Io {
                        path: target,
                        source: io::Error::new(
                            io::ErrorKind::AlreadyExists,
                            "a folder is in the way",
                        ),
                    });
                }
                Ok(_) if force => Action::Overwrite,
                Ok(_) => Action::Skip,
                Err(e) if e.kind() == io::ErrorKind::NotFound => Action::Create,
                Err(e) => return Err(ScaffoldError::io(&target, e)),
            };
            Ok(Planned {
                path: file.path.clone(),
                action,
            })
        })
        .collect()
}

/// Writes the files `planned` creates or overwrites, creating folders as needed.
pub(crate) fn write(
    dir: &Path,
    files: &[ScaffoldFile],
    planned: &[Planned],
) -> Result<(), ScaffoldError> {
    for (file, planned) in files.iter().zip(planned) {
        if planned.action == Action::Skip {
            continue;
        }
        write_one(dir, file)?;
    }
    Ok(())
}

/// Writes one file under `dir`, re-checking for symlinks just before writing.
fn write_one(dir: &Path, file: &ScaffoldFile) -> Result<(), ScaffoldError> {
    let rel = relative(&file.path)?;
    let target = dir.join(&rel);
    if let Some(parent) = target.parent() {
        fs::create_dir_all(parent).map_err(|e| ScaffoldError::io(parent, e))?;
    }
    check_no_symlink(dir, &rel)?;
    fs::write(&target, &file.contents).map_err(|e| ScaffoldError::io(&target, e))
}

/// Checks that `dir` is missing or an empty folder: the example is a repository of its own.
pub(crate) fn check_empty(dir: &Path) -> Result<(), ScaffoldError> {
    check_folder(dir)?;
    match fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                Err(ScaffoldError::NotEmpty {
                    path: dir.to_path_buf(),
                })
            } else {
                Ok(())
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(ScaffoldError::io(dir, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_are_accepted() {
        for bad in ["", "/etc/passwd", "../x", "a/../../x", "./a"] {
            assert!(
                matches!(relative(bad), Err(ScaffoldError::Internal(ref m)) if m.contains(&format!("`{bad}`"))),
                "{bad}"
            );
        }
        for good in ["plans/goals.yaml", ".github/workflows/bearing.yml"] {
            assert_eq!(relative(good).ok(), Some(PathBuf::from(good)));
        }
    }

    #[test]
    fn existing_files_are_skipped_unless_forced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let files = vec![
            ScaffoldFile::new("a.yaml", "a"),
            ScaffoldFile::new("sub/b.yaml", "b"),
        ];
        fs::write(dir.path().join("a.yaml"), "mine").expect("write");
        let planned = plan(dir.path(), &files, false).expect("plan");
        assert_eq!(planned[0].action, Action::Skip);
        assert_eq!(planned[1].action, Action::Create);
        write(dir.path(), &files, &planned).expect("write");
        assert_eq!(
            fs::read_to_string(dir.path().join("a.yaml")).expect("read"),
            "mine"
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("sub/b.yaml")).expect("read"),
            "b"
        );
        let forced = plan(dir.path(), &files, true).expect("plan");
        assert!(forced.iter().all(|p| p.action == Action::Overwrite));
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_inside_the_folder_are_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let outside = tempfile::tempdir().expect("tempdir");
        std::os::unix::fs::symlink(outside.path(), dir.path().join("plans")).expect("symlink");
        let files = vec![ScaffoldFile::new("plans/goals.yaml", "x")];
        let err = plan(dir.path(), &files, true).expect_err("symlink");
        assert!(matches!(err, ScaffoldError::Symlink { .. }), "{err}");
        assert!(fs::read_dir(outside.path()).expect("read").next().is_none());
    }
}
