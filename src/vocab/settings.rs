//! Levels and options of every rule, after `rules:` in bearing.yaml is applied.

use foldhash::HashMap;

use super::{Level, Rule};

/// The options a rule may take, with their defaults.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RuleOptions {
    /// `stale-kr`: days without an update before a key result is stale.
    pub days: u32,
    /// `kr-off-track`: how far behind expected progress (0..1) is still at risk, not off track.
    /// `plan-gap`: the share of the planned improvement the projects may leave uncovered.
    pub tolerance: f64,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct RuleSettings {
    levels: HashMap<Rule, Level>,
    options: HashMap<Rule, RuleOptions>,
    /// `gate.min-alignment`: the alignment score below which `gate` fires.
    pub min_alignment: Option<f64>,
}

impl RuleSettings {
    pub fn level(&self, rule: Rule) -> Level {
        self.levels
            .get(&rule)
            .copied()
            .unwrap_or_else(|| rule.default_level())
    }

    pub fn set_level(&mut self, rule: Rule, level: Level) {
        if rule.is_configurable() {
            self.levels.insert(rule, level);
        }
    }

    pub fn options(&self, rule: Rule) -> RuleOptions {
        self.options
            .get(&rule)
            .copied()
            .unwrap_or_else(|| default_options(rule))
    }

    pub fn set_days(&mut self, rule: Rule, days: u32) {
        self.options
            .entry(rule)
            .or_insert_with(|| default_options(rule))
            .days = days;
    }

    pub fn set_tolerance(&mut self, rule: Rule, tolerance: f64) {
        self.options
            .entry(rule)
            .or_insert_with(|| default_options(rule))
            .tolerance = tolerance;
    }
}

/// Defaults of each rule's options.
pub fn default_options(rule: Rule) -> RuleOptions {
    match rule {
        Rule::PlanGap => RuleOptions {
            days: 30,
            tolerance: 0.0,
        },
        _ => RuleOptions {
            days: 30,
            tolerance: 0.15,
        },
    }
}
