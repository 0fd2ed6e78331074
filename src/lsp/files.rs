//! Which files are the plan, as the server sees them: the same walk as `bearing check`
//! (sorted, dot folders skipped, symlinks and submodules listed so that they are
//! refused with their finding), and a stamp per file so that a rescan finds what
//! changed on disk without reading it. Reads nothing but metadata.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::workspace::{CONFIG_FILE, Workspace};

/// What a rescan compares: a file whose size and modification time are the same is
/// taken to be unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    pub len: u64,
    pub modified: Option<SystemTime>,
}

/// The stamp of `path` itself (a symlink is not followed), or `None` when it is gone.
pub(super) fn stamp(path: &Path) -> Option<Stamp> {
    let meta = fs::symlink_metadata(path).ok()?;
    Some(Stamp {
        len: meta.len(),
        modified: meta.modified().ok(),
    })
}

/// Every plan file under the workspace's plan folders, sorted as `bearing check` reads
/// them, with its stamp.
pub(super) fn list(workspace: &Workspace) -> Vec<(PathBuf, Option<Stamp>)> {
    let mut found = Vec::new();
    for root in workspace.plan_folders() {
        match fs::symlink_metadata(&root) {
            // A folder that cannot be read lists what was found before it: the server
            // shows the rest, and `check` names the folder.
            Ok(meta) if meta.is_dir() => {
                let _ = crate::workspace::plan_entries(&root, &mut found);
            }
            Ok(_) => found.push(root),
            Err(_) => {}
        }
    }
    found.sort();
    found.dedup();
    found
        .into_iter()
        .map(|path| {
            let stamp = stamp(&path);
            (path, stamp)
        })
        .collect()
}

fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

/// Whether `path` would be a plan file of `workspace`: a `*.yaml` / `*.yml` under a
/// plan folder, in no dot folder below it.
pub(super) fn is_plan_path(workspace: &Workspace, path: &Path) -> bool {
    if !is_yaml(path) {
        return false;
    }
    workspace.plan_folders().iter().any(|folder| {
        if path == folder.as_path() {
            return true;
        }
        path.strip_prefix(folder).is_ok_and(|rel| {
            rel.components()
                .all(|c| !c.as_os_str().to_string_lossy().starts_with('.'))
        })
    })
}

/// Whether `path` is the workspace's configuration file.
pub(super) fn is_config_path(workspace: &Workspace, path: &Path) -> bool {
    match &workspace.config_path {
        Some(config) => config == path,
        None => path == workspace.root.join(CONFIG_FILE),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_paths_are_yaml_under_a_plan_folder_outside_dot_folders() {
        let workspace = crate::workspace::discover(Path::new("/nowhere/repo"), None)
            .expect("no configuration: the defaults");
        let root = Path::new("/nowhere/repo");
        assert!(is_plan_path(&workspace, &root.join("plans/a.yaml")));
        assert!(is_plan_path(&workspace, &root.join("plans/x/b.yml")));
        assert!(!is_plan_path(&workspace, &root.join("plans/a.json")));
        assert!(!is_plan_path(
            &workspace,
            &root.join("plans/.hidden/a.yaml")
        ));
        assert!(!is_plan_path(&workspace, &root.join("other/a.yaml")));
        assert!(is_config_path(&workspace, &root.join("bearing.yaml")));
    }
}
