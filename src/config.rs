//! `bearing.yaml`: plan folders, rule levels and options, the gate, report settings and
//! resource limits. Parsed from text with the same YAML reader and checked against the
//! embedded `schema/bearing.schema.json`, so a mistake is reported at its line.

use serde_json::Value;

use crate::finding::Target;
use crate::vocab::Level;
use crate::vocab::{Rule, RuleSettings};
use crate::yaml::node::Node;
use crate::yaml::parse::{YamlLimits, parse_documents};

/// The configuration in effect.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Plan folders, relative to the folder of bearing.yaml.
    pub plans: Vec<String>,
    pub rules: RuleSettings,
    pub report: ReportConfig,
    pub limits: Limits,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReportConfig {
    pub title: Option<String>,
    /// A folder of template overrides, relative to bearing.yaml.
    pub templates: Option<String>,
    /// Authors' e-mail addresses in reports (`report.show-emails`); names only by default.
    pub show_emails: bool,
    /// A glob of the tags that mark reviews (`report.reviews`), such as `review/*`.
    pub reviews: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest plan file read; checked before reading.
    pub max_file_bytes: u64,
    /// The most bytes read over all plan files.
    pub max_total_bytes: u64,
    pub yaml: YamlLimits,
}

/// The highest value `bearing.yaml` may give each limit. `bearing.yaml` comes with the
/// plan, from pull requests too: it may lower a budget, and raise it only this far
/// (docs/threat-model.md). The schema holds the same maxima, so a value above one is a
/// mistake at its line; the binary clamps as well.
pub mod ceiling {
    /// 16 MiB: sixteen times the default; a plan file is text a person writes.
    pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;
    /// 256 MiB: the most plan text any configuration reads (a check needs about fifteen
    /// times the text it reads: some 4 GiB for this much).
    pub const MAX_TOTAL_BYTES: u64 = 256 * 1024 * 1024;
    /// The deepest nesting the reader's stack is sized for.
    pub const MAX_DEPTH: u64 = 1000;
    /// Ten times the default alias budget.
    pub const MAX_ALIASES: u64 = 10_000;
}

/// The largest `bearing.yaml` read: a configuration is a few dozen lines.
pub const MAX_CONFIG_BYTES: u64 = 64 * 1024;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 1024 * 1024,
            // A check needs about fifteen times the plan text in memory: 8 MiB of plan
            // (the 7 MB benchmark workloads, hundreds of times a real plan) checks within
            // a 256 MiB cap, as CI runners and containers impose one (issue 20).
            max_total_bytes: 8 * 1024 * 1024,
            yaml: YamlLimits::default(),
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            plans: vec!["plans".to_owned()],
            rules: RuleSettings::default(),
            report: ReportConfig::default(),
            limits: Limits::default(),
        }
    }
}

/// A mistake in bearing.yaml, with its position when known.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct ConfigError {
    pub message: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub help: Option<String>,
}

impl Config {
    /// Parses the text of a bearing.yaml. An empty file is the default configuration.
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        let docs = parse_documents(text, &YamlLimits::default()).map_err(|e| ConfigError {
            message: e.message,
            line: e.pos.map(|p| p.line),
            column: e.pos.map(|p| p.column),
            help: None,
        })?;
        let root = match docs.as_slice() {
            [] => return Ok(Config::default()),
            [root] => root,
            [_, second, ..] => {
                return Err(ConfigError {
                    message: "bearing.yaml holds more than one YAML document".to_owned(),
                    line: Some(second.pos.line),
                    column: Some(second.pos.column),
                    help: Some("keep the configuration in a single document".to_owned()),
                });
            }
        };
        let json = crate::load::node_to_json(root);
        if let Some(v) = crate::schema::violations(crate::schema::config(), &json)
            .into_iter()
            .next()
        {
            let pos = position(root, &v.pointer, v.target);
            return Err(ConfigError {
                message: v.message,
                line: pos.map(|p| p.0),
                column: pos.map(|p| p.1),
                help: v.help,
            });
        }
        let config = from_json(&json);
        let folders = config
            .plans
            .iter()
            .enumerate()
            .map(|(i, p)| (format!("/plans/{i}"), p))
            .chain(
                config
                    .report
                    .templates
                    .iter()
                    .map(|t| ("/report/templates".to_owned(), t)),
            );
        for (pointer, path) in folders {
            if let Some(why) = outside(path) {
                let pos = position(root, &pointer, Target::Value);
                return Err(ConfigError {
                    message: format!(
                        "`{}` {why}: folders named in bearing.yaml are relative to it and stay inside the repository",
                        crate::format::cut(path, 80)
                    ),
                    line: pos.map(|p| p.0),
                    column: pos.map(|p| p.1),
                    help: Some(
                        "name a folder below the folder of bearing.yaml, such as `plans`"
                            .to_owned(),
                    ),
                });
            }
        }
        Ok(config)
    }
}

/// Reads a configuration that already matches its schema.
fn from_json(json: &Value) -> Config {
    let mut config = Config::default();
    match json.get("plans") {
        Some(Value::Array(items)) => {
            config.plans = items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect();
        }
        Some(Value::String(one)) => config.plans = vec![one.clone()],
        _ => {}
    }
    if let Some(Value::Object(rules)) = json.get("rules") {
        for (name, setting) in rules {
            let Some(rule) = Rule::from_code(name) else {
                continue;
            };
            let (level, options) = match setting {
                Value::String(level) => (Level::parse(level), None),
                Value::Object(o) => (
                    o.get("level")
                        .and_then(Value::as_str)
                        .and_then(Level::parse),
                    Some(o),
                ),
                _ => (None, None),
            };
            if let Some(level) = level {
                config.rules.set_level(rule, level);
            }
            if let Some(o) = options {
                if let Some(days) = o.get("days").and_then(Value::as_u64) {
                    config
                        .rules
                        .set_days(rule, u32::try_from(days).unwrap_or(u32::MAX));
                }
                if let Some(tolerance) = o.get("tolerance").and_then(Value::as_f64) {
                    config.rules.set_tolerance(rule, tolerance);
                }
            }
        }
    }
    config.rules.min_alignment = json.pointer("/gate/min-alignment").and_then(Value::as_f64);
    let text = |p: &str| json.pointer(p).and_then(Value::as_str).map(str::to_owned);
    config.report.title = text("/report/title");
    config.report.templates = text("/report/templates");
    config.report.show_emails = json
        .pointer("/report/show-emails")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    config.report.reviews = text("/report/reviews");
    // Within the ceilings whatever the schema said: no configuration lifts a budget
    // past them.
    let number = |p: &str, most: u64| json.pointer(p).and_then(Value::as_u64).map(|n| n.min(most));
    let limits = &mut config.limits;
    if let Some(n) = number("/limits/max-file-bytes", ceiling::MAX_FILE_BYTES) {
        limits.max_file_bytes = n;
    }
    if let Some(n) = number("/limits/max-total-bytes", ceiling::MAX_TOTAL_BYTES) {
        limits.max_total_bytes = n;
    }
    if let Some(n) = number("/limits/max-depth", ceiling::MAX_DEPTH) {
        limits.yaml.max_depth = usize::try_from(n).unwrap_or(usize::MAX);
    }
    if let Some(n) = number("/limits/max-aliases", ceiling::MAX_ALIASES) {
        limits.yaml.max_aliases = usize::try_from(n).unwrap_or(usize::MAX);
    }
    config
}

/// Why a folder named in `bearing.yaml` would lead outside the repository: an absolute
/// path, a drive, or a `..` component. Folders are relative to bearing.yaml and stay
/// below it.
fn outside(path: &str) -> Option<&'static str> {
    let bytes = path.as_bytes();
    if path.starts_with('/') || path.starts_with('\\') {
        return Some("is an absolute path");
    }
    if bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' {
        return Some("names a drive");
    }
    if path.split(['/', '\\']).any(|c| c == "..") {
        return Some("goes up with `..`");
    }
    None
}

fn position(root: &Node, pointer: &str, target: Target) -> Option<(u32, u32)> {
    let mut node = root;
    for segment in pointer.split('/').skip(1) {
        let next = match &node.value {
            crate::yaml::node::Value::Seq(items) => {
                segment.parse::<usize>().ok().and_then(|i| items.get(i))
            }
            _ => node.get(segment),
        };
        match next {
            Some(v) => node = v,
            None => break,
        }
    }
    let pos = match target {
        Target::Key => node.key_pos().unwrap_or(node.pos),
        _ => node.pos,
    };
    Some((pos.line, pos.column))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_documented_example() {
        let config = Config::parse(
            "plans: [plans, more]\nrules:\n  orphan-project: warning\n  stale-kr: {level: info, days: 45}\n  kr-off-track: {level: warning, tolerance: 0.2}\ngate:\n  min-alignment: 0.8\nreport:\n  title: Acme\nlimits:\n  max-file-bytes: 2048\n",
        )
        .expect("valid");
        assert_eq!(config.plans, ["plans", "more"]);
        assert_eq!(config.rules.level(Rule::OrphanProject), Level::Warning);
        assert_eq!(config.rules.level(Rule::StaleKr), Level::Info);
        assert_eq!(config.rules.options(Rule::StaleKr).days, 45);
        assert_eq!(config.rules.options(Rule::KrOffTrack).tolerance, 0.2);
        assert_eq!(config.rules.min_alignment, Some(0.8));
        assert_eq!(config.report.title.as_deref(), Some("Acme"));
        assert_eq!(config.limits.max_file_bytes, 2048);
    }

    #[test]
    fn mistakes_have_a_position() {
        let e = Config::parse("plans: [plans]\nrules:\n  orphan-projects: error\n")
            .expect_err("unknown rule");
        assert_eq!(e.line, Some(3), "{e:?}");
        let e = Config::parse("rules:\n  cycle: loud\n").expect_err("bad level");
        assert_eq!(e.line, Some(2), "{e:?}");
        assert_eq!(Config::parse("").expect("empty"), Config::default());
    }
}
