//! Progress of a metric and where it should be by now.

use jiff::civil::Date;
use serde::Serialize;

use crate::model::{Direction, Metric, Period};

/// Progress from baseline to target, clamped to [0, 1], direction-aware. `None` when
/// the metric lacks a baseline, a target or a current value.
pub fn progress(metric: &Metric, current: Option<f64>) -> Option<f64> {
    let (baseline, target, current) = (metric.baseline?, metric.target?, current?);
    if !(baseline.is_finite() && target.is_finite() && current.is_finite()) {
        return None;
    }
    if target == baseline {
        // Nothing to move: met when the value is on the right side of the target.
        let met = match metric.direction.unwrap_or(Direction::Increase) {
            Direction::Increase => current >= target,
            Direction::Decrease => current <= target,
        };
        return Some(if met { 1.0 } else { 0.0 });
    }
    // `+ 0.0` turns a negative zero (no progress on a decreasing metric) into zero.
    Some(((current - baseline) / (target - baseline)).clamp(0.0, 1.0) + 0.0)
}

/// Expected progress at `as_of`: linear over the period.
pub fn expected(period: &Period, as_of: Date) -> f64 {
    period.elapsed(as_of)
}

/// Where a measured thing stands against expectations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Track {
    Done,
    OnTrack,
    AtRisk,
    OffTrack,
    /// No progress can be computed (missing baseline, target or current), or there is
    /// no expected progress to judge it by (no period, no dates).
    Unmeasured,
    /// A dropped goal or objective (and the key results of a dropped objective): shown
    /// with its status, never judged against the calendar.
    Dropped,
    /// A goal on hold: shown with its status, never judged against the calendar.
    OnHold,
}

impl Track {
    pub fn as_str(self) -> &'static str {
        match self {
            Track::Done => "done",
            Track::OnTrack => "on-track",
            Track::AtRisk => "at-risk",
            Track::OffTrack => "off-track",
            Track::Unmeasured => "unmeasured",
            Track::Dropped => "dropped",
            Track::OnHold => "on-hold",
        }
    }

    /// In words: `on track`, `on hold`.
    pub fn words(self) -> &'static str {
        match self {
            Track::Done => "done",
            Track::OnTrack => "on track",
            Track::AtRisk => "at risk",
            Track::OffTrack => "off track",
            Track::Unmeasured => "unmeasured",
            Track::Dropped => "dropped",
            Track::OnHold => "on hold",
        }
    }
}

/// On track while no more than half the tolerance behind expected, at risk up to the
/// tolerance, off track beyond it; done at full progress. Without expected progress
/// (no period, no dates) nothing is judged: `unmeasured`.
pub fn track(progress: Option<f64>, expected: Option<f64>, tolerance: f64) -> Track {
    let Some(progress) = progress else {
        return Track::Unmeasured;
    };
    if progress >= 1.0 {
        return Track::Done;
    }
    let Some(expected) = expected else {
        return Track::Unmeasured;
    };
    let behind = expected - progress;
    if behind > tolerance {
        Track::OffTrack
    } else if behind > tolerance / 2.0 {
        Track::AtRisk
    } else {
        Track::OnTrack
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn metric(baseline: f64, target: f64) -> Metric {
        Metric {
            baseline: Some(baseline),
            target: Some(target),
            ..Metric::default()
        }
    }

    #[test]
    fn increase_decrease_and_clamping() {
        assert_eq!(progress(&metric(22.0, 30.0), Some(26.0)), Some(0.5));
        assert_eq!(
            progress(&metric(4.0, 3.2), Some(3.8)).map(|p| (p * 100.0).round()),
            Some(25.0)
        );
        assert_eq!(progress(&metric(4.0, 3.2), Some(4.5)), Some(0.0));
        assert_eq!(progress(&metric(4.0, 3.2), Some(2.0)), Some(1.0));
        assert_eq!(progress(&metric(4.0, 3.2), None), None);
        assert_eq!(progress(&Metric::default(), Some(1.0)), None);
        // No progress on a decreasing metric is zero, never negative zero.
        let none = progress(&metric(4.0, 3.2), Some(4.0)).expect("measured");
        assert!(none == 0.0 && none.is_sign_positive());
    }

    #[test]
    fn baseline_equal_to_target() {
        let mut m = metric(5.0, 5.0);
        assert_eq!(progress(&m, Some(5.0)), Some(1.0));
        assert_eq!(progress(&m, Some(4.0)), Some(0.0));
        m.direction = Some(Direction::Decrease);
        assert_eq!(progress(&m, Some(4.0)), Some(1.0));
    }

    #[test]
    fn tracks_by_tolerance() {
        assert_eq!(track(Some(0.5), Some(0.5), 0.15), Track::OnTrack);
        assert_eq!(track(Some(0.4), Some(0.5), 0.15), Track::AtRisk);
        assert_eq!(track(Some(0.3), Some(0.5), 0.15), Track::OffTrack);
        assert_eq!(track(Some(1.0), Some(0.5), 0.15), Track::Done);
        assert_eq!(track(None, Some(0.5), 0.15), Track::Unmeasured);
        // No expected progress: not judged, never on track by default.
        assert_eq!(track(Some(0.2), None, 0.15), Track::Unmeasured);
        assert_eq!(track(Some(1.0), None, 0.15), Track::Done);
    }

    proptest! {
        #[test]
        fn progress_is_always_in_unit_range(b in -1e6f64..1e6, t in -1e6f64..1e6, c in -1e7f64..1e7) {
            if let Some(p) = progress(&metric(b, t), Some(c)) {
                prop_assert!((0.0..=1.0).contains(&p));
            }
        }

        #[test]
        fn mirrored_metrics_have_equal_progress(b in -1e4f64..1e4, d in 0.001f64..1e4, c in -1e5f64..1e5) {
            // Increasing from b to b+d at c equals decreasing from -b to -b-d at -c.
            let up = progress(&metric(b, b + d), Some(c)).expect("measured");
            let down = progress(&metric(-b, -b - d), Some(-c)).expect("measured");
            prop_assert!((up - down).abs() < 1e-9);
        }
    }
}
