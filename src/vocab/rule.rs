//! The rule catalogue: stable kebab-case names, default levels, one line of purpose.

use serde::Serialize;

use super::Level;

macro_rules! catalogue {
    ($( $variant:ident => $code:literal, $level:ident, $summary:literal; )*) => {
        /// Every rule bearing knows. The names are stable: configurations and scripts
        /// refer to them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule { $( $variant ),* }

        impl Rule {
            pub const ALL: &'static [Rule] = &[ $( Rule::$variant ),* ];

            pub fn code(self) -> &'static str {
                match self { $( Rule::$variant => $code ),* }
            }

            pub fn default_level(self) -> Level {
                match self { $( Rule::$variant => Level::$level ),* }
            }

            /// What the rule checks, for `--help`, SARIF and the README.
            pub fn summary(self) -> &'static str {
                match self { $( Rule::$variant => $summary ),* }
            }
        }
    };
}

catalogue! {
    Input => "input", Error, "a plan file cannot be read: size limit, encoding, YAML syntax, symlink";
    Schema => "schema", Error, "a document does not match its kind's JSON Schema";
    DuplicateId => "duplicate-id", Error, "two entities share an id (ids that differ only by case included)";
    UnknownReference => "unknown-reference", Error, "a reference names no entity, or an entity of the wrong kind";
    Cycle => "cycle", Error, "goal parents or project dependencies loop";
    OrphanProject => "orphan-project", Error, "an active or proposed project traces to no active goal";
    OrphanObjective => "orphan-objective", Error, "an active objective supports no active goal";
    GoalWithoutObjectives => "goal-without-objectives", Warning, "an active goal has no active objective";
    UnmeasurableKr => "unmeasurable-kr", Warning, "a key result lacks a numeric baseline or target: an output, not an outcome";
    UnmeasuredGoal => "unmeasured-goal", Warning, "an active goal has no metric";
    KrWithoutProjects => "kr-without-projects", Info, "a key result no project contributes to";
    KrOffTrack => "kr-off-track", Warning, "a key result's progress is behind expected by more than the tolerance";
    StaleKr => "stale-kr", Warning, "a key result's value has not been updated for N days";
    OverdueProject => "overdue-project", Warning, "a project is past its due date and not done";
    OverBudget => "over-budget", Warning, "a project has spent more than planned";
    RolloutWithoutPilot => "rollout-without-pilot", Warning, "a rollout has no finished pilot in `validated_by`";
    TimelineMismatch => "timeline-mismatch", Info, "a project is due after the period of every objective it serves";
    PlanGap => "plan-gap", Info, "the projects' expected effects fall short of a key result's target";
    LoweredTarget => "lowered-target", Warning, "against a base revision, a target moved toward its baseline";
    Gate => "gate", Error, "the alignment score is below `gate.min-alignment`";
}

impl Rule {
    pub fn from_code(code: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.code() == code)
    }

    /// `input` problems mean the plan could not be read whole; they cannot be silenced.
    pub fn is_configurable(self) -> bool {
        self != Rule::Input
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_kebab_case_and_round_trip() {
        let mut seen = HashSet::new();
        for rule in Rule::ALL {
            let code = rule.code();
            assert!(seen.insert(code), "duplicate code {code}");
            assert!(
                code.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{code}"
            );
            assert_eq!(Rule::from_code(code), Some(*rule));
        }
    }
}
