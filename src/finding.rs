//! Findings: what the rules say about a plan, as data.
//!
//! A finding points at a node of a document by JSON pointer ([`Anchor`]); the loader's
//! source map turns that into file, line and column at the edge.

use std::borrow::Cow;

use serde::Serialize;

use crate::model::{DocId, Id};
use crate::vocab::{Level, Location, Rule, RuleSettings};
use crate::yaml::node::Pos;

/// The words of a finding (a message, a piece of advice), formatted as `format!` does
/// where the sink's findings will be read, and left empty where they will only be
/// compared ([`Sink::unworded`]). A rule whose findings decide something by their text
/// (`unknown-reference`, read by the hold-back) words them with `format!` instead.
macro_rules! words {
    ($sink:expr, $($format:tt)+) => {
        if $sink.words() {
            format!($($format)+)
        } else {
            String::new()
        }
    };
}
pub(crate) use words;

/// Which part of a node a finding underlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The mapping key that leads to the node (`confidence` in `confidence: high`).
    Key,
    /// The node itself (`G-typo` in `supports: [G-typo]`).
    Value,
}

/// Where a finding points.
#[derive(Debug, Clone, PartialEq)]
pub enum Anchor {
    /// A node of a document, by JSON pointer.
    Node {
        doc: DocId,
        pointer: String,
        target: Target,
    },
    /// A position in a file that holds no usable document (a parse error).
    File { file: usize, pos: Option<Pos> },
}

impl Anchor {
    pub fn key(doc: DocId, pointer: impl Into<String>) -> Anchor {
        Anchor::Node {
            doc,
            pointer: pointer.into(),
            target: Target::Key,
        }
    }

    pub fn value(doc: DocId, pointer: impl Into<String>) -> Anchor {
        Anchor::Node {
            doc,
            pointer: pointer.into(),
            target: Target::Value,
        }
    }
}

/// A second place that explains a finding (the first definition of a duplicate id).
#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    pub message: String,
    pub at: Anchor,
}

/// One problem found in the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub rule: Rule,
    /// Filled in from the configuration when the finding enters a [`Sink`].
    pub level: Level,
    pub entity: Option<Id>,
    pub message: String,
    /// Most rules give every finding the same advice: it is borrowed, not copied into
    /// each of thousands of findings.
    pub help: Option<Cow<'static, str>>,
    pub at: Option<Anchor>,
    pub related: Vec<Related>,
}

impl Finding {
    pub fn new(rule: Rule, message: impl Into<String>) -> Finding {
        Finding {
            rule,
            level: rule.default_level(),
            entity: None,
            message: message.into(),
            help: None,
            at: None,
            related: Vec::new(),
        }
    }

    pub fn entity(mut self, id: &Id) -> Finding {
        self.entity = Some(id.clone());
        self
    }

    pub fn at(mut self, anchor: Anchor) -> Finding {
        self.at = Some(anchor);
        self
    }

    pub fn help(mut self, help: impl Into<Cow<'static, str>>) -> Finding {
        self.help = Some(help.into());
        self
    }

    pub fn related(mut self, message: impl Into<String>, at: Anchor) -> Finding {
        self.related.push(Related {
            message: message.into(),
            at,
        });
        self
    }
}

/// Collects findings, applying the configured level of each rule in one place.
#[derive(Debug)]
pub struct Sink<'a> {
    settings: &'a RuleSettings,
    findings: Vec<Finding>,
    /// Whether findings are worded. A plan judged only to learn which findings it has
    /// (the base of a change, whose findings are compared by their keys) is told
    /// nothing: its rules skip formatting their messages ([`words!`]).
    words: bool,
    /// Where set, the entity-local rules speak only of these entities: the reach of a
    /// change, at its base (see `change::reach`).
    reached: Option<&'a foldhash::HashSet<Id>>,
}

impl<'a> Sink<'a> {
    pub fn new(settings: &'a RuleSettings) -> Sink<'a> {
        Sink {
            settings,
            findings: Vec::new(),
            words: true,
            reached: None,
        }
    }

    /// A sink whose findings are only counted and compared, never shown: the rules
    /// leave the messages they word with [`words!`] empty.
    pub fn unworded(settings: &'a RuleSettings) -> Sink<'a> {
        Sink {
            words: false,
            ..Sink::new(settings)
        }
    }

    /// This sink, for the entity-local rules, only about the entities in `reached`.
    pub fn reaching(self, reached: Option<&'a foldhash::HashSet<Id>>) -> Sink<'a> {
        Sink { reached, ..self }
    }

    /// An empty sink like this one, for rules run beside each other.
    pub fn beside(&self) -> Sink<'a> {
        Sink {
            words: self.words,
            reached: self.reached,
            ..Sink::new(self.settings)
        }
    }

    /// Whether an entity-local rule is to speak of `id` (see [`Sink::reaching`]).
    pub fn reaches(&self, id: &Id) -> bool {
        reaches(self.reached, id)
    }

    /// [`Sink::reaches`], apart from the sink: for a rule that pushes from a closure.
    pub fn reach(&self) -> impl Fn(&Id) -> bool + 'a {
        let reached = self.reached;
        move |id| reaches(reached, id)
    }

    /// Whether the findings' messages will be read.
    pub fn words(&self) -> bool {
        self.words
    }

    pub fn settings(&self) -> &'a RuleSettings {
        self.settings
    }

    /// Whether a rule is worth running at all.
    pub fn enabled(&self, rule: Rule) -> bool {
        self.settings.level(rule) != Level::Off
    }

    pub fn push(&mut self, mut finding: Finding) {
        let level = self.settings.level(finding.rule);
        if level != Level::Off {
            finding.level = level;
            self.findings.push(finding);
        }
    }

    pub fn extend(&mut self, findings: impl IntoIterator<Item = Finding>) {
        for f in findings {
            self.push(f);
        }
    }

    /// The findings of a sink run beside this one ([`Sink::beside`]): their levels are
    /// set already, and they are moved in at once, not pushed one by one.
    pub fn append(&mut self, findings: Vec<Finding>) {
        if self.findings.is_empty() {
            self.findings = findings;
        } else {
            self.findings.extend(findings);
        }
    }

    /// The findings so far.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    pub fn into_findings(self) -> Vec<Finding> {
        self.findings
    }
}

fn reaches(reached: Option<&foldhash::HashSet<Id>>, id: &Id) -> bool {
    reached.is_none_or(|reached| reached.contains(id))
}

/// A finding with its resolved position.
#[derive(Debug, Clone)]
pub struct Located {
    pub finding: Finding,
    pub at: Option<Location>,
    pub related: Vec<(String, Option<Location>)>,
    /// Against a base revision: whether the finding is new in this change.
    pub status: Option<Novelty>,
}

/// Against a base revision: whether a finding is new in the change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Novelty {
    /// Not present at the base revision.
    New,
    /// Already there at the base revision.
    Existing,
}

impl Novelty {
    pub fn as_str(self) -> &'static str {
        match self {
            Novelty::New => "new",
            Novelty::Existing => "existing",
        }
    }
}
