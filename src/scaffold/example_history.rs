//! A year in the life of the worked example: the commits `bearing init --example`
//! writes, from the first board goals in October 2025 to the September 2026 review.
//!
//! The story, so that `log`, `diff`, `report` and `trace` have something real to show:
//! finance and the team leads check in numbers every month; operations plans its fiscal
//! year in March; the loyalty bet starts with a spring pilot that finishes in August,
//! while its app rollout starts in July; the online revenue target is raised after a
//! strong first half; at the September review `G-nps` is dropped, which strands `O-cx`
//! and `P-crm`; and two weeks later the `KR-churn` target is quietly lowered from 3.0% to
//! 3.2% in a commit titled as a routine check-in.
//!
//! Only the edits are data here: each tree is derived from the final files of
//! `fixtures/example` by undoing newer edits ([`super::rewind`]), so the last commit is
//! the fixture exactly. Dates, authors and messages are fixed: the same run gives the
//! same commits and the same hashes on every machine.

use jiff::civil::{Date, DateTime, date};
use jiff::tz::{Offset, offset};

use super::ScaffoldError;
use super::rewind::{Edit, Scope, Tree, undo};

/// Someone who commits to the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Author {
    pub name: &'static str,
    pub email: &'static str,
}

/// Strategy office: plans, goals, reviews.
const MAYA: Author = Author {
    name: "Maya Chen",
    email: "maya.chen@example.com",
};
/// Finance: revenue and the customer survey.
const SAM: Author = Author {
    name: "Sam Okafor",
    email: "sam.okafor@example.com",
};
/// CRM and loyalty.
const JONAS: Author = Author {
    name: "Jonas Weber",
    email: "jonas.weber@example.com",
};
/// Operations.
const PRIYA: Author = Author {
    name: "Priya Raman",
    email: "priya.raman@example.com",
};

/// One commit of the history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Commit {
    /// Local time at Acme (US Pacific), `YYYY-MM-DDTHH:MM`.
    pub at: &'static str,
    pub author: Author,
    pub subject: &'static str,
    pub body: &'static str,
    pub edits: &'static [Edit],
}

impl Commit {
    /// The commit message as git stores it.
    pub(crate) fn message(&self) -> String {
        if self.body.is_empty() {
            format!("{}\n", self.subject)
        } else {
            format!("{}\n\n{}\n", self.subject, self.body)
        }
    }

    /// Seconds since the Unix epoch and the UTC offset in seconds.
    pub(crate) fn time(&self) -> Result<(i64, i32), ScaffoldError> {
        let local: DateTime = self
            .at
            .parse()
            .map_err(|e| ScaffoldError::Internal(format!("`{}`: {e}", self.at)))?;
        let offset = pacific_offset(local.date());
        let seconds = offset
            .to_timestamp(local)
            .map_err(|e| ScaffoldError::Internal(format!("`{}`: {e}", self.at)))?
            .as_second();
        Ok((seconds, offset.seconds()))
    }
}

/// US Pacific time over the span of the history, without a time-zone database (the
/// result must not depend on the machine): standard time from 2025-11-02 to 2026-03-08.
fn pacific_offset(day: Date) -> Offset {
    let winter = date(2025, 11, 2)..date(2026, 3, 8);
    if winter.contains(&day) {
        offset(-8)
    } else {
        offset(-7)
    }
}

/// One commit with the tree it records.
#[derive(Debug, Clone)]
pub(crate) struct Snapshot {
    pub commit: &'static Commit,
    pub tree: Tree,
}

/// Every commit, oldest first, with its tree. The last tree is the example's files.
pub(crate) fn history() -> Result<Vec<Snapshot>, ScaffoldError> {
    let mut tree: Tree = super::example::FILES
        .iter()
        .map(|(path, text)| ((*path).to_owned(), (*text).to_owned()))
        .collect();
    let mut snapshots = Vec::with_capacity(COMMITS.len());
    for commit in COMMITS.iter().rev() {
        snapshots.push(Snapshot {
            commit,
            tree: tree.clone(),
        });
        for edit in commit.edits.iter().rev() {
            undo(&mut tree, edit).map_err(|e| {
                ScaffoldError::Internal(format!("commit {:?} ({}): {e}", commit.subject, commit.at))
            })?;
        }
    }
    if !tree.is_empty() {
        let left: Vec<&String> = tree.keys().collect();
        return Err(ScaffoldError::Internal(format!(
            "files present before the first commit: {left:?}"
        )));
    }
    snapshots.reverse();
    Ok(snapshots)
}

// Short constructors keep the table below readable.
const fn set(id: &'static str, key: &'static str, from: &'static str, to: &'static str) -> Edit {
    Edit::Set { id, key, from, to }
}
const fn current(id: &'static str, from: &'static str, to: &'static str) -> Edit {
    set(id, "current", from, to)
}
const fn status(id: &'static str, from: &'static str, to: &'static str) -> Edit {
    set(id, "status", from, to)
}
const fn checkin(id: &'static str, date: &'static str) -> Edit {
    Edit::Checkin { id, date }
}
const fn spent(id: &'static str, from: u32, to: u32) -> Edit {
    Edit::Spent { id, from, to }
}
const fn delivered(id: &'static str, title: &'static str) -> Edit {
    Edit::Delivered { id, title }
}
const fn text(id: &'static str, from: &'static str, to: &'static str) -> Edit {
    Edit::Text {
        scope: Scope::Entity(id),
        from,
        to,
    }
}
const fn file_text(path: &'static str, from: &'static str, to: &'static str) -> Edit {
    Edit::Text {
        scope: Scope::File(path),
        from,
        to,
    }
}

const GOALS: &str = "plans/goals.yaml";
const DATA: &str = "plans/projects/data.yaml";
const GROWTH: &str = "plans/projects/growth.yaml";
const LOYALTY: &str = "plans/projects/loyalty.yaml";
const OPERATIONS: &str = "plans/projects/operations.yaml";

/// The history, oldest first.
pub(crate) const COMMITS: &[Commit] = &[
    Commit {
        at: "2025-10-06T09:40",
        author: MAYA,
        subject: "Start the plan: the 2026 board goals",
        body: "Three goals from the board plan, with the metrics finance reports every month.\nFrom now on the plan lives here and CI checks it like code.",
        edits: &[Edit::AddFile("bearing.yaml"), Edit::AddFile(GOALS)],
    },
    Commit {
        at: "2025-10-31T16:20",
        author: SAM,
        subject: "Monthly check-in: October",
        body: "Trailing-twelve-month revenue from the finance dashboard.",
        edits: &[
            current("G-growth", "48", "48.3"),
            current("G-revenue", "40", "40.3"),
        ],
    },
    Commit {
        at: "2025-11-28T15:05",
        author: MAYA,
        subject: "Monthly check-in: November",
        body: "",
        edits: &[
            current("G-growth", "48.3", "48.7"),
            current("G-revenue", "40.3", "40.6"),
        ],
    },
    Commit {
        at: "2025-12-31T11:30",
        author: SAM,
        subject: "Monthly check-in: December",
        body: "Includes the Q4 relational NPS survey.",
        edits: &[
            current("G-growth", "48.7", "49.0"),
            current("G-revenue", "40.6", "40.9"),
            current("G-nps", "31", "33"),
        ],
    },
    Commit {
        at: "2026-01-30T17:45",
        author: MAYA,
        subject: "Monthly check-in: January",
        body: "",
        edits: &[
            current("G-growth", "49.0", "49.6"),
            current("G-revenue", "40.9", "41.3"),
        ],
    },
    Commit {
        at: "2026-02-09T10:15",
        author: MAYA,
        subject: "Plan customer experience for 2026: O-cx and a new CRM",
        body: "G-nps had no objective yet. O-cx carries it in the second half; the CRM has to\nbe in place before then, so P-crm starts in March.",
        edits: &[
            Edit::AddFile("plans/okrs/2026-h2.yaml"),
            Edit::AddFile(DATA),
        ],
    },
    Commit {
        at: "2026-02-27T16:50",
        author: SAM,
        subject: "Monthly check-in: February",
        body: "P-crm starts on Monday.",
        edits: &[
            current("G-growth", "49.6", "50.1"),
            current("G-revenue", "41.3", "41.7"),
            status("P-crm", "proposed", "active"),
        ],
    },
    Commit {
        at: "2026-03-16T09:20",
        author: PRIYA,
        subject: "Plan FY2027 operations: cost per order, automation and returns",
        body: "The fiscal year runs April to March. Robots in the Reno warehouse are the big\nlever; returns and support deflection follow once the budget is confirmed.",
        edits: &[
            Edit::Add("G-cost"),
            Edit::AddFile("plans/okrs/fy2027-operations.yaml"),
            Edit::AddFile(OPERATIONS),
        ],
    },
    Commit {
        at: "2026-03-31T17:10",
        author: JONAS,
        subject: "Monthly check-in: March",
        body: "Includes the Q1 relational NPS survey.",
        edits: &[
            current("G-growth", "50.1", "50.5"),
            current("G-revenue", "41.7", "42.0"),
            current("G-nps", "33", "32"),
            spent("P-crm", 0, 10000),
        ],
    },
    Commit {
        at: "2026-04-13T14:00",
        author: JONAS,
        subject: "Plan the loyalty bet: a retention goal, the H2 objective and a spring pilot",
        body: "Returning customers are the cheapest growth we have. A ten-week pilot in two\nstates tests the program before we build it into the app.",
        edits: &[
            Edit::Add("G-retention"),
            Edit::Add("O-loyalty"),
            Edit::AddFile(LOYALTY),
        ],
    },
    Commit {
        at: "2026-04-30T16:35",
        author: PRIYA,
        subject: "Monthly check-in: April",
        body: "",
        edits: &[
            current("G-growth", "50.5", "51.2"),
            current("G-revenue", "42.0", "42.6"),
            current("G-cost", "8.40", "8.38"),
            current("KR-returns", "11", "10.9"),
            spent("P-warehouse-robots", 0, 60000),
            spent("P-crm", 10000, 25000),
        ],
    },
    Commit {
        at: "2026-05-04T08:55",
        author: JONAS,
        subject: "Start the loyalty pilot in Oregon and Washington",
        body: "",
        edits: &[status("P-loyalty-pilot", "proposed", "active")],
    },
    Commit {
        at: "2026-05-18T13:25",
        author: PRIYA,
        subject: "Add the returns portal and the help-centre rebuild",
        body: "Budget confirmed for both. They move KR-returns and KR-tickets.",
        edits: &[
            Edit::Add("P-returns-portal"),
            Edit::Add("P-help-center"),
            file_text(
                OPERATIONS,
                "# Fulfilment projects",
                "# Fulfilment and support projects",
            ),
        ],
    },
    Commit {
        at: "2026-05-29T15:40",
        author: JONAS,
        subject: "Monthly check-in: May",
        body: "",
        edits: &[
            current("G-growth", "51.2", "51.8"),
            current("G-revenue", "42.6", "43.0"),
            current("G-cost", "8.38", "8.31"),
            current("KR-pick-cost", "2.10", "2.08"),
            current("KR-returns", "10.9", "10.8"),
            current("KR-tickets", "12", "13"),
            spent("P-warehouse-robots", 60000, 120000),
            delivered("P-warehouse-robots", "Site survey and vendor choice"),
            spent("P-crm", 25000, 40000),
            spent("P-loyalty-pilot", 0, 15000),
            delivered("P-loyalty-pilot", "Points and tiers in the web shop"),
        ],
    },
    Commit {
        at: "2026-06-08T10:30",
        author: MAYA,
        subject: "Plan H2 2026: checkout, personalization and the loyalty rollout",
        body: "The rollout stays proposed until the pilot reads out in August.",
        edits: &[
            Edit::Add("O-checkout"),
            Edit::Add("O-personalize"),
            Edit::Add("P-cdp"),
            file_text(
                DATA,
                "# Customer experience projects.\n",
                "# Customer data and personalization projects, and the CRM project.\n",
            ),
            Edit::AddFile(GROWTH),
            Edit::Add("P-loyalty-app"),
            file_text(
                LOYALTY,
                "the spring pilot.\n",
                "the spring pilot and its rollout.\n",
            ),
        ],
    },
    Commit {
        at: "2026-06-30T16:15",
        author: SAM,
        subject: "Monthly check-in: June",
        body: "Includes the Q2 relational NPS survey. One-click checkout starts tomorrow.",
        edits: &[
            current("G-growth", "51.8", "52.3"),
            current("G-revenue", "43.0", "43.5"),
            current("G-nps", "32", "34"),
            current("G-cost", "8.31", "8.22"),
            current("KR-pick-cost", "2.08", "2.05"),
            current("KR-returns", "10.8", "10.7"),
            current("KR-tickets", "13", "15"),
            spent("P-warehouse-robots", 120000, 190000),
            spent("P-crm", 40000, 55000),
            spent("P-loyalty-pilot", 15000, 35000),
            spent("P-returns-portal", 0, 10000),
            spent("P-cdp", 0, 30000),
            status("P-checkout", "proposed", "active"),
        ],
    },
    Commit {
        at: "2026-07-06T09:05",
        author: JONAS,
        subject: "Start the loyalty rollout in the app",
        body: "The pilot reads out in mid-August, but its early numbers are strong enough to\nstart building. bearing flags the rollout until the pilot is done.",
        edits: &[status("P-loyalty-app", "proposed", "active")],
    },
    Commit {
        at: "2026-07-13T11:50",
        author: MAYA,
        subject: "Raise the online revenue target to $50M after a strong first half",
        body: "",
        edits: &[
            set(
                "G-revenue",
                "title",
                "Grow online revenue from $40M to $48M a year",
                "Grow online revenue from $40M to $50M a year",
            ),
            set("G-revenue", "target", "48", "50"),
        ],
    },
    Commit {
        at: "2026-07-20T14:20",
        author: JONAS,
        subject: "Add the churn-risk model to the loyalty plan",
        body: "",
        edits: &[
            Edit::Add("P-churn-model"),
            file_text(
                LOYALTY,
                "the spring pilot and its rollout.\n",
                "the spring pilot, its rollout, and the churn work beside it.\n",
            ),
        ],
    },
    Commit {
        at: "2026-07-31T16:45",
        author: PRIYA,
        subject: "Monthly check-in: July",
        body: "",
        edits: &[
            current("G-growth", "52.3", "52.9"),
            current("G-revenue", "43.5", "44.0"),
            current("G-retention", "60", "61.0"),
            current("G-cost", "8.22", "8.15"),
            current("KR-pick-cost", "2.05", "2.01"),
            current("KR-returns", "10.7", "10.6"),
            current("KR-tickets", "15", "18"),
            current("KR-repeat", "22", "23.1"),
            checkin("KR-repeat", "2026-07-31"),
            current("KR-churn", "4.0", "3.9"),
            current("KR-members", "0", "12000"),
            current("KR-conversion", "2.8", "2.95"),
            current("KR-checkout-time", "95", "88"),
            spent("P-warehouse-robots", 190000, 260000),
            spent("P-crm", 55000, 70000),
            spent("P-loyalty-pilot", 35000, 45000),
            spent("P-returns-portal", 10000, 25000),
            spent("P-help-center", 0, 15000),
            spent("P-cdp", 30000, 80000),
            spent("P-loyalty-app", 0, 30000),
            spent("P-checkout", 0, 40000),
        ],
    },
    Commit {
        at: "2026-08-14T17:30",
        author: JONAS,
        subject: "Loyalty pilot done: members bought 31% more often",
        body: "Readout attached to P-loyalty-pilot. The rollout is now validated.",
        edits: &[
            status("P-loyalty-pilot", "active", "done"),
            spent("P-loyalty-pilot", 45000, 52000),
            delivered("P-loyalty-pilot", "Pilot readout"),
            set(
                "P-loyalty-pilot",
                "outcome",
                "Members buy at least 15% more often than a control group",
                "Pilot members bought 31% more often than the control group over 10 weeks",
            ),
            text(
                "P-loyalty-pilot",
                "  ## Design\n\n  10-week A/B test in Oregon and Washington, 18,400 customers in each arm. Members\n  get points and tiers in the web shop; the control group does not.\n",
                "  ## Result\n\n  10-week A/B test in Oregon and Washington, 18,400 customers in each arm.\n\n  - purchase frequency: **+31%** for members\n  - churn: 3.1% vs 3.9% a month\n  - margin impact after rewards: positive from week 6\n\n  Readout: [pilot results](https://docs.example.com/loyalty/pilot-readout).\n",
            ),
            text(
                "O-loyalty",
                "tests this\n  against a control group until mid-August.\n",
                "showed members\n  buying **31% more often** than a control group.\n",
            ),
        ],
    },
    Commit {
        at: "2026-08-24T10:10",
        author: MAYA,
        subject: "Plan personalized recommendations for Q4",
        body: "",
        edits: &[Edit::Add("P-reco-engine")],
    },
    Commit {
        at: "2026-08-31T16:55",
        author: JONAS,
        subject: "Monthly check-in: August",
        body: "",
        edits: &[
            current("G-growth", "52.9", "53.2"),
            current("G-revenue", "44.0", "44.2"),
            current("G-retention", "61.0", "61.7"),
            current("G-cost", "8.15", "8.02"),
            current("KR-pick-cost", "2.01", "1.92"),
            checkin("KR-pick-cost", "2026-08-31"),
            current("KR-returns", "10.6", "10.4"),
            set("KR-returns", "confidence", "0.6", "0.5"),
            checkin("KR-returns", "2026-08-31"),
            current("KR-tickets", "18", "23"),
            current("KR-repeat", "23.1", "24.6"),
            checkin("KR-repeat", "2026-08-31"),
            current("KR-churn", "3.9", "3.8"),
            checkin("KR-churn", "2026-08-31"),
            current("KR-members", "12000", "31000"),
            checkin("KR-members", "2026-08-31"),
            current("KR-conversion", "2.95", "3.1"),
            checkin("KR-conversion", "2026-08-31"),
            current("KR-checkout-time", "88", "74"),
            spent("P-warehouse-robots", 260000, 330000),
            spent("P-crm", 70000, 85000),
            spent("P-returns-portal", 25000, 40000),
            spent("P-help-center", 15000, 40000),
            spent("P-cdp", 80000, 130000),
            delivered("P-cdp", "Event pipeline from web and app"),
            spent("P-loyalty-app", 30000, 75000),
            delivered("P-loyalty-app", "Points engine"),
            spent("P-churn-model", 0, 15000),
            spent("P-checkout", 40000, 85000),
            delivered("P-checkout", "Saved cards and wallets"),
        ],
    },
    Commit {
        at: "2026-09-15T10:05",
        author: SAM,
        subject: "Q3 relational NPS survey",
        body: "",
        edits: &[
            current("KR-nps", "31", "38"),
            checkin("KR-nps", "2026-09-15"),
        ],
    },
    Commit {
        at: "2026-09-15T16:40",
        author: MAYA,
        subject: "Drop G-nps at the quarterly strategy review",
        body: "NPS moves with retention, so customer experience is steered through\nG-retention from now on.",
        edits: &[
            status("G-nps", "active", "dropped"),
            text(
                "G-nps",
                "  Relational NPS from the quarterly customer survey. Customer experience work (the new\n  CRM, faster answers to support contacts) is steered here.\n",
                "  **Dropped on 2026-09-15** at the quarterly strategy review: NPS moves with\n  retention, so customer experience is now steered through `G-retention`.\n",
            ),
            file_text(
                GOALS,
                "",
                "# G-nps was dropped at the September review: see its description.\n",
            ),
        ],
    },
    Commit {
        at: "2026-09-21T11:15",
        author: MAYA,
        subject: "Plan 2027-H1: two new markets; lifecycle e-mails for Q4",
        body: "",
        edits: &[
            Edit::AddFile("plans/okrs/2027-h1.yaml"),
            Edit::Add("P-market-entry"),
            Edit::Add("P-referral"),
            file_text(
                GROWTH,
                "# Conversion projects.",
                "# Conversion and new-market projects.",
            ),
            Edit::Add("P-lifecycle-email"),
        ],
    },
    Commit {
        at: "2026-09-28T17:20",
        author: JONAS,
        subject: "Monthly check-in: September (loyalty)",
        body: "",
        edits: &[
            current("G-retention", "61.7", "62.5"),
            current("KR-repeat", "24.6", "26"),
            set("KR-repeat", "confidence", "0.6", "0.7"),
            checkin("KR-repeat", "2026-09-28"),
            // The quiet one: the target moves toward the baseline, in a routine check-in.
            set(
                "KR-churn",
                "title",
                "Cut monthly churn from 4.0% to 3.0%",
                "Cut monthly churn from 4.0% to 3.2%",
            ),
            set("KR-churn", "target", "3.0", "3.2"),
            current("KR-churn", "3.8", "3.6"),
            checkin("KR-churn", "2026-09-28"),
            current("KR-members", "31000", "57000"),
            checkin("KR-members", "2026-09-28"),
            spent("P-loyalty-app", 75000, 120000),
            spent("P-churn-model", 15000, 35000),
            text(
                "P-churn-model",
                "survey).\n",
                "survey). Journeys went live on 2026-09-14.\n",
            ),
        ],
    },
    Commit {
        at: "2026-09-30T16:30",
        author: PRIYA,
        subject: "Monthly check-in: September",
        body: "Q3 closes: O-checkout is done. Zone A robots are live, over budget.",
        edits: &[
            current("G-growth", "53.2", "53.5"),
            current("G-revenue", "44.2", "44.5"),
            current("G-cost", "8.02", "7.90"),
            current("KR-pick-cost", "1.92", "1.84"),
            checkin("KR-pick-cost", "2026-09-30"),
            current("KR-returns", "10.4", "10.1"),
            set("KR-returns", "confidence", "0.5", "0.4"),
            checkin("KR-returns", "2026-09-30"),
            current("KR-tickets", "23", "27"),
            checkin("KR-tickets", "2026-09-30"),
            current("KR-conversion", "3.1", "3.45"),
            set("KR-conversion", "confidence", "0.7", "1"),
            checkin("KR-conversion", "2026-09-30"),
            current("KR-checkout-time", "74", "58"),
            checkin("KR-checkout-time", "2026-09-30"),
            status("O-checkout", "active", "done"),
            text(
                "O-checkout",
                "  Saved wallets and a one-click buy button (`P-checkout`) remove the two steps where\n  most carts are abandoned.\n",
                "  Closed at the end of Q3: both key results met. One-click checkout\n  (`P-checkout`) shipped on 2026-09-18.\n",
            ),
            status("P-checkout", "active", "done"),
            spent("P-checkout", 85000, 112000),
            delivered("P-checkout", "One-click buy button"),
            current("KR-reco-ctr", "2.1", "2.2"),
            checkin("KR-reco-ctr", "2026-09-30"),
            current("KR-email-rev", "180", "186"),
            checkin("KR-email-rev", "2026-09-30"),
            text(
                "O-personalize",
                "Current values are the planning baselines until launch.",
                "Values on 2026-09-30 are the pre-launch baselines.",
            ),
            checkin("KR-new-market-rev", "2026-09-30"),
            current("KR-cac", "45", "44"),
            checkin("KR-cac", "2026-09-30"),
            spent("P-warehouse-robots", 330000, 436000),
            delivered("P-warehouse-robots", "Robots live in zone A"),
            text(
                "P-warehouse-robots",
                "  Zone A goes live on 2026-09-11, zone B in February.\n",
                "  Zone A went live on 2026-09-25, two weeks late: the floor needed re-levelling,\n  which was not in the vendor quote (**+$36k over budget**). Zone B is on plan.\n",
            ),
            spent("P-crm", 85000, 95000),
            spent("P-returns-portal", 40000, 50000),
            text(
                "P-returns-portal",
                "a fit recommendation instead.",
                "a fit recommendation instead. Waiting for the carrier's label API.",
            ),
            spent("P-help-center", 40000, 60000),
            delivered("P-help-center", "Top-100 articles rewritten"),
            spent("P-cdp", 130000, 180000),
            spent("P-reco-engine", 0, 40000),
        ],
    },
    Commit {
        at: "2026-09-30T18:10",
        author: MAYA,
        subject: "Write down what the September review left open",
        body: "O-cx and P-crm still point at G-nps: re-point or stop them. The README is for\nnewcomers to the plan.",
        edits: &[
            text(
                "G-nps",
                "",
                "\n  Still pointing here and to be re-planned: objective `O-cx` and project `P-crm`.\n",
            ),
            text(
                "O-cx",
                "  Every contact (order, delivery, return, support) should leave the customer happier\n  than before. The new CRM (`P-crm`) gives our agents the whole picture.\n",
                "  Written for `G-nps`, which was dropped on 2026-09-15. Either re-point this objective\n  at `G-retention` or drop it: until then it and `P-crm` are orphans.\n",
            ),
            text(
                "P-crm",
                "  Replace the ticketing tool with a CRM, so that agents answer faster and customers\n  no longer repeat themselves (`G-nps`, via `O-cx`).\n",
                "  Replace the ticketing tool with a CRM. Started for `G-nps` (via `O-cx`); that goal\n  was dropped on 2026-09-15, so this project no longer serves an active goal.\n  **Decision needed:** re-scope toward `G-retention`, or stop.\n",
            ),
            file_text(
                DATA,
                "# Customer data and personalization projects, and the CRM project.\n",
                "# Customer data and personalization projects, and the CRM project left over from G-nps.\n",
            ),
            Edit::AddFile("README.md"),
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::load::{FileContent, RawFile};
    use crate::vocab::Rule;

    fn check_tree(tree: &Tree, as_of: Date) -> crate::check::CheckReport {
        let config = tree
            .get("bearing.yaml")
            .map(|t| Config::parse(t).expect("config"))
            .unwrap_or_default();
        let files: Vec<RawFile> = tree
            .iter()
            .filter(|(p, _)| p.starts_with("plans/"))
            .map(|(p, t)| RawFile {
                path: p.clone(),
                content: FileContent::Bytes(t.clone().into_bytes()),
            })
            .collect();
        crate::check::check(files, &config, as_of, &crate::measure::Evidence::default())
    }

    fn date_of(snapshot: &Snapshot) -> Date {
        snapshot.commit.at[..10].parse().expect("date")
    }

    #[test]
    fn the_history_ends_in_the_fixture_and_starts_empty() {
        let history = history().expect("history applies");
        assert!(history.len() >= 12, "{}", history.len());
        let last = &history.last().expect("commits").tree;
        assert_eq!(last.len(), super::super::example::FILES.len());
        for (path, text) in super::super::example::FILES {
            assert_eq!(last.get(*path).map(String::as_str), Some(*text), "{path}");
        }
    }

    #[test]
    fn dates_increase_and_authors_take_turns() {
        let mut last = 0;
        for commit in COMMITS {
            let (seconds, offset) = commit.time().expect("time");
            assert!(
                seconds > last,
                "{} is not after the commit before",
                commit.at
            );
            assert!(offset == -7 * 3600 || offset == -8 * 3600);
            last = seconds;
        }
        let authors: std::collections::BTreeSet<&str> =
            COMMITS.iter().map(|c| c.author.name).collect();
        assert_eq!(authors.len(), 4);
        let checkins: Vec<&Commit> = COMMITS
            .iter()
            .filter(|c| c.subject.starts_with("Monthly check-in"))
            .collect();
        assert!(checkins.len() >= 12);
        let checkin_authors: std::collections::BTreeSet<&str> =
            checkins.iter().map(|c| c.author.name).collect();
        assert!(checkin_authors.len() >= 3);
    }

    /// Every state of the year is a readable plan: no schema, reference or cycle error.
    #[test]
    fn every_commit_is_a_well_formed_plan() {
        for snapshot in history().expect("history") {
            if !snapshot.tree.keys().any(|p| p.starts_with("plans/")) {
                continue;
            }
            let report = check_tree(&snapshot.tree, date_of(&snapshot));
            let broken: Vec<String> = report
                .findings
                .iter()
                .filter(|f| {
                    matches!(
                        f.finding.rule,
                        Rule::Input
                            | Rule::Schema
                            | Rule::DuplicateId
                            | Rule::UnknownReference
                            | Rule::Cycle
                    )
                })
                .map(|f| format!("{}: {}", f.finding.rule, f.finding.message))
                .collect();
            assert!(
                broken.is_empty(),
                "{} ({}): {broken:#?}",
                snapshot.commit.subject,
                snapshot.commit.at
            );
        }
    }

    fn field(tree: &Tree, path: &str, after: &str, key: &str) -> String {
        let text = &tree[path];
        let from = text.find(after).expect("anchor");
        let line = text[from..]
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{key}:")))
            .expect("key");
        line.trim_start()[key.len() + 1..].trim().to_owned()
    }

    /// The story that `diff HEAD~6` tells: before it, G-nps is active, KR-churn aims at
    /// 3.0 and P-crm is aligned; after it, G-nps is dropped, the target is 3.2 and P-crm
    /// is an orphan.
    #[test]
    fn the_last_six_commits_drop_a_goal_and_lower_a_target() {
        let history = history().expect("history");
        let base = &history[history.len() - 7];
        let head = &history[history.len() - 1];
        let okrs = "plans/okrs/2026-h2.yaml";
        assert_eq!(field(&base.tree, GOALS, "id: G-nps", "status"), "active");
        assert_eq!(field(&head.tree, GOALS, "id: G-nps", "status"), "dropped");
        assert_eq!(field(&base.tree, okrs, "id: KR-churn", "target"), "3.0");
        assert_eq!(field(&head.tree, okrs, "id: KR-churn", "target"), "3.2");
        let lowering = history
            .iter()
            .rev()
            .take(6)
            .find(|s| {
                s.commit.edits.iter().any(|e| {
                    matches!(
                        e,
                        Edit::Set {
                            id: "KR-churn",
                            key: "target",
                            ..
                        }
                    )
                })
            })
            .expect("the target is lowered within the last six commits");
        assert!(lowering.commit.subject.starts_with("Monthly check-in"));

        let orphan = |snapshot: &Snapshot| {
            check_tree(&snapshot.tree, date_of(snapshot))
                .findings
                .iter()
                .any(|f| {
                    f.finding.rule == Rule::OrphanProject
                        && f.finding
                            .entity
                            .as_ref()
                            .is_some_and(|e| e.as_str() == "P-crm")
                })
        };
        assert!(!orphan(base));
        assert!(orphan(head));
    }

    #[test]
    fn the_pilot_finishes_and_the_rollout_starts() {
        let history = history().expect("history");
        let loyalty = "plans/projects/loyalty.yaml";
        let statuses = |id: &str| -> Vec<String> {
            let mut seen: Vec<String> = Vec::new();
            for s in &history {
                if let Some(text) = s.tree.get(loyalty) {
                    if text.contains(&format!("id: {id}\n")) {
                        let status = field(&s.tree, loyalty, &format!("id: {id}\n"), "status");
                        if seen.last() != Some(&status) {
                            seen.push(status);
                        }
                    }
                }
            }
            seen
        };
        assert_eq!(statuses("P-loyalty-pilot"), ["proposed", "active", "done"]);
        assert_eq!(statuses("P-loyalty-app"), ["proposed", "active"]);
    }
}
