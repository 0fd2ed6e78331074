//! Delivery health of a project (schedule, budget, deliverables) beside its impact (the
//! progress of what it contributes to), ROI, and the outcome that matters most: a
//! project delivered with no impact.

use jiff::civil::Date;
use serde::Serialize;

use crate::model::{Project, ProjectStatus, period::days_between};

/// Impact below this share of progress counts as no impact.
pub const NO_IMPACT_BELOW: f64 = 0.25;

/// Where a project stands against its due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Schedule {
    Done,
    OnSchedule,
    Overdue,
    NoDueDate,
    /// Paused or cancelled.
    Stopped,
}

impl Schedule {
    /// In words: `on schedule`, `no due date`.
    pub fn words(self) -> &'static str {
        match self {
            Schedule::Done => "done",
            Schedule::OnSchedule => "on schedule",
            Schedule::Overdue => "overdue",
            Schedule::NoDueDate => "no due date",
            Schedule::Stopped => "stopped",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Delivery {
    pub schedule: Schedule,
    /// Days past due (positive) or left (negative) at `as_of`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_past_due: Option<i64>,
    /// Spent over planned budget.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget_used: Option<f64>,
    pub deliverables_done: usize,
    pub deliverables_total: usize,
    /// Done, or every deliverable done.
    pub delivered: bool,
}

/// The delivery-versus-impact quadrant of a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Quadrant {
    /// Delivered, and what it serves moved.
    DeliveredWithImpact,
    /// Delivered, and what it serves did not move (or it serves nothing live).
    DeliveredNoImpact,
    /// Under way, and what it serves is moving.
    InFlightWithImpact,
    /// Under way, nothing moving yet.
    InFlight,
    /// Proposed: not started, so neither delivered nor in flight.
    Proposed,
    /// Paused or cancelled.
    Stopped,
}

impl Quadrant {
    pub fn label(self) -> &'static str {
        match self {
            Quadrant::DeliveredWithImpact => "delivered, with impact",
            Quadrant::DeliveredNoImpact => "delivered, no impact",
            Quadrant::InFlightWithImpact => "in flight, with impact",
            Quadrant::InFlight => "in flight",
            Quadrant::Proposed => "proposed",
            Quadrant::Stopped => "stopped",
        }
    }
}

pub fn delivery(project: &Project, as_of: Date) -> Delivery {
    let deliverables_total = project.deliverables.len();
    let deliverables_done = project.deliverables.iter().filter(|d| d.done).count();
    let done = project.status == ProjectStatus::Done;
    let delivered = done || (deliverables_total > 0 && deliverables_done == deliverables_total);
    let days_past_due = project.due.map(|due| days_between(due, as_of));
    let schedule = match project.status {
        ProjectStatus::Done => Schedule::Done,
        ProjectStatus::Cancelled | ProjectStatus::Paused => Schedule::Stopped,
        _ => match days_past_due {
            None => Schedule::NoDueDate,
            Some(d) if d > 0 => Schedule::Overdue,
            Some(_) => Schedule::OnSchedule,
        },
    };
    let budget_used = project
        .budget
        .as_ref()
        .and_then(|b| match (b.spent, b.planned) {
            (Some(s), Some(p)) if p > 0.0 => Some(s / p),
            _ => None,
        });
    Delivery {
        schedule,
        days_past_due,
        budget_used,
        deliverables_done,
        deliverables_total,
        delivered,
    }
}

pub fn outcome(project: &Project, delivery: &Delivery, impact: Option<f64>) -> Quadrant {
    if matches!(
        project.status,
        ProjectStatus::Paused | ProjectStatus::Cancelled
    ) {
        return Quadrant::Stopped;
    }
    if project.status == ProjectStatus::Proposed {
        return Quadrant::Proposed;
    }
    let moving = impact.is_some_and(|i| i >= NO_IMPACT_BELOW);
    match (delivery.delivered, moving) {
        (true, true) => Quadrant::DeliveredWithImpact,
        (true, false) => Quadrant::DeliveredNoImpact,
        (false, true) => Quadrant::InFlightWithImpact,
        (false, false) => Quadrant::InFlight,
    }
}

/// (expected value − planned budget) / planned budget, in one currency.
pub fn roi(project: &Project) -> Option<f64> {
    let budget = project.budget.as_ref()?;
    let value = project.expected_value.as_ref()?;
    let planned = budget.planned.filter(|p| *p > 0.0)?;
    let amount = value.amount?;
    (budget.currency == value.currency).then(|| (amount - planned) / planned)
}
