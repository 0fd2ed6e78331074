//! What editors need to help with every document of every plan file: the JSON Schemas,
//! and their association with the plan folders by glob in the settings that
//! yaml-language-server clients read (VS Code, Helix, Zed), so that no modeline is
//! needed. A modeline (`# yaml-language-server: $schema=…`) covers only the YAML
//! document it is written in; an association by glob covers every document of every
//! file it matches.
//!
//! Helix's file also starts `bearing lsp` beside yaml-language-server for plan files.

use super::ScaffoldFile;

/// Where the schemas go, relative to the target folder. A dot folder: bearing's plan
/// walk skips it, and it stays out of the way.
pub(crate) const SCHEMA_DIR: &str = ".bearing/schema";

/// The schemas written, as (name for `schema::text`, file name).
const SCHEMAS: [(&str, &str); 5] = [
    ("plan", "plan.schema.json"),
    ("goal", "goal.schema.json"),
    ("objective", "objective.schema.json"),
    ("project", "project.schema.json"),
    ("config", "bearing.schema.json"),
];

/// The files of editor support for a plan whose folders are `plans` (relative, as
/// `bearing.yaml` names them), in the order they are listed.
pub(crate) fn files(plans: &[&str]) -> Vec<ScaffoldFile> {
    let mut files = Vec::new();
    for (name, file) in SCHEMAS {
        let text = crate::schema::text(name).unwrap_or_default();
        files.push(ScaffoldFile::new(format!("{SCHEMA_DIR}/{file}"), text));
    }
    let globs = globs(plans);
    files.push(ScaffoldFile::new(".vscode/settings.json", vscode(&globs)));
    files.push(ScaffoldFile::new(".helix/languages.toml", helix(&globs)));
    files.push(ScaffoldFile::new(".zed/settings.json", zed(&globs)));
    files
}

/// The paths [`files`] writes, for ignoring them where they are not part of a
/// repository's history (the worked example).
pub(crate) fn folders() -> [&'static str; 4] {
    [".bearing/", ".vscode/", ".helix/", ".zed/"]
}

/// Every `*.yaml` / `*.yml` under each plan folder, at any depth.
fn globs(plans: &[&str]) -> Vec<String> {
    plans
        .iter()
        .map(|p| p.trim_end_matches('/'))
        .flat_map(|p| [format!("{p}/**/*.yaml"), format!("{p}/**/*.yml")])
        .collect()
}

fn json_list(items: &[String]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".to_owned())
}

/// yaml-language-server's `yaml.schemas`: schema path (relative to the workspace
/// folder) to the globs it applies to.
fn schemas_json(globs: &[String], indent: &str) -> String {
    format!(
        "{{\n{indent}  \"./{SCHEMA_DIR}/plan.schema.json\": {},\n{indent}  \"./{SCHEMA_DIR}/bearing.schema.json\": [\"bearing.yaml\"]\n{indent}}}",
        json_list(globs)
    )
}

fn vscode(globs: &[String]) -> String {
    format!(
        "{{\n  \"yaml.schemas\": {}\n}}\n",
        schemas_json(globs, "  ")
    )
}

fn zed(globs: &[String]) -> String {
    format!(
        "{{\n  \"lsp\": {{\n    \"yaml-language-server\": {{\n      \"settings\": {{\n        \"yaml\": {{\n          \"schemas\": {}\n        }}\n      }}\n    }}\n  }}\n}}\n",
        schemas_json(globs, "          ")
    )
}

fn helix(globs: &[String]) -> String {
    let list = globs
        .iter()
        .map(|g| format!("\"{g}\""))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "# Helix, in this repository: schema help from yaml-language-server in every document
# of every plan file, and bearing's own diagnostics, navigation and completion.
[language-server.bearing]
command = \"bearing\"
args = [\"lsp\"]

[language-server.yaml-language-server.config.yaml.schemas]
\"./{SCHEMA_DIR}/plan.schema.json\" = [{list}]
\"./{SCHEMA_DIR}/bearing.schema.json\" = [\"bearing.yaml\"]

[[language]]
name = \"yaml\"
language-servers = [\"yaml-language-server\", \"bearing\"]
"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_associate_the_schemas_with_every_plan_file() {
        let files = files(&["plans", "more/"]);
        let find = |path: &str| {
            files
                .iter()
                .find(|f| f.path == path)
                .unwrap_or_else(|| panic!("{path}"))
                .contents
                .clone()
        };
        let vscode: serde_json::Value =
            serde_json::from_str(&find(".vscode/settings.json")).expect("JSON");
        assert_eq!(
            vscode["yaml.schemas"]["./.bearing/schema/plan.schema.json"],
            serde_json::json!([
                "plans/**/*.yaml",
                "plans/**/*.yml",
                "more/**/*.yaml",
                "more/**/*.yml"
            ])
        );
        let zed: serde_json::Value =
            serde_json::from_str(&find(".zed/settings.json")).expect("JSON");
        assert_eq!(
            zed["lsp"]["yaml-language-server"]["settings"]["yaml"]["schemas"],
            vscode["yaml.schemas"]
        );
        let helix = find(".helix/languages.toml");
        assert!(helix.contains("\"./.bearing/schema/plan.schema.json\" = [\"plans/**/*.yaml\""));
        assert!(helix.contains("args = [\"lsp\"]"));
        for (_, file) in SCHEMAS {
            let text = find(&format!("{SCHEMA_DIR}/{file}"));
            let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
            assert!(json.get("$schema").is_some(), "{file}");
        }
        for file in &files {
            assert!(
                folders().iter().any(|f| file.path.starts_with(f)),
                "{}",
                file.path
            );
        }
    }
}
