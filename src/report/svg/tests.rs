use super::*;
use jiff::civil::date;

#[test]
fn user_text_is_escaped() {
    let svg = delivery_impact_chart(&[ImpactPoint {
        id: "P-x".into(),
        title: "\"><script>alert(1)</script>".into(),
        href: "project-P-x.html".into(),
        delivered: true,
        delivery: 1.0,
        basis: "delivered".into(),
        number: 1,
        impact: Some(0.1),
        outcome: Quadrant::DeliveredNoImpact,
    }]);
    assert!(!svg.contains("<script"), "{svg}");
    assert!(svg.contains("delivered, no impact"));
}

#[test]
fn a_trend_with_one_point_draws_no_line() {
    let samples = [Sample {
        date: date(2026, 9, 1),
        value: 3.0,
        source: "current value".into(),
    }];
    let svg = trend_chart(&Trend {
        id: "KR-a",
        title: "t",
        unit: Some("%"),
        baseline: Some(1.0),
        target: Some(5.0),
        period: Some((date(2026, 7, 1), date(2026, 12, 31))),
        as_of: date(2026, 10, 1),
        samples: &samples,
    });
    assert!(!svg.contains("polyline"));
    assert!(svg.contains("target-line") && svg.contains("expected-line"));
}
