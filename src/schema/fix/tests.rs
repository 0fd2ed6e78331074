use super::*;
use serde_json::json;

fn meant(expect: &Expect, found: Value) -> Option<Value> {
    match fix(expect, "x", &found).repair {
        Repair::Replace(v) => Some(v),
        _ => None,
    }
}

#[test]
fn decorated_numbers_are_read_as_meant() {
    let n = Expect::Number {
        minimum: None,
        above: None,
    };
    assert_eq!(meant(&n, json!("25%")), Some(json!(25)));
    assert_eq!(meant(&n, json!("1,000,000")), Some(json!(1_000_000)));
    assert_eq!(meant(&n, json!("$1,200.50")), Some(json!(1200.5)));
    assert_eq!(meant(&n, json!("3,5")), Some(json!(3.5)));
    assert_eq!(meant(&n, json!("4.5%")), Some(json!(4.5)));
    assert_eq!(meant(&n, json!("about 5000")), None);
    assert_eq!(meant(&n, json!("1,00")), Some(json!(1)));
    assert_eq!(meant(&Expect::Confidence, json!(60)), Some(json!(0.6)));
    assert_eq!(meant(&Expect::Confidence, json!("75%")), Some(json!(0.75)));
}

#[test]
fn dates_and_periods_are_read_as_meant() {
    assert_eq!(
        meant(&Expect::Date, json!("2026-10-1")),
        Some(json!("2026-10-01"))
    );
    assert_eq!(
        meant(&Expect::Date, json!("30/11/2026")),
        Some(json!("2026-11-30"))
    );
    assert_eq!(meant(&Expect::Date, json!("03/04/2026")), None);
    assert_eq!(meant(&Expect::Date, json!("2026-13-01")), None);
    assert_eq!(meant(&Expect::Date, json!("2026-02-30")), None);
    assert!(
        fix(&Expect::Date, "due", &json!("2026-02-30"))
            .message
            .contains("February 2026 has 28 days")
    );
    for (written, expected) in [
        ("Q3 2026", "2026-Q3"),
        ("2026Q3", "2026-Q3"),
        ("2026 q3", "2026-Q3"),
        ("H2-2026", "2026-H2"),
        ("October 2026", "2026-10"),
        ("2026-h1", "2026-H1"),
    ] {
        assert_eq!(
            meant(&Expect::Period, json!(written)),
            Some(json!(expected)),
            "{written}"
        );
    }
    assert_eq!(meant(&Expect::Period, json!("2026-Q5")), None);
}

#[test]
fn enums_booleans_currencies_and_ids() {
    let status = Expect::Enum(vec![
        "proposed".into(),
        "active".into(),
        "done".into(),
        "cancelled".into(),
    ]);
    assert_eq!(meant(&status, json!("Active")), Some(json!("active")));
    assert_eq!(meant(&status, json!("actve")), Some(json!("active")));
    assert_eq!(meant(&status, json!("in progress")), Some(json!("active")));
    assert_eq!(meant(&status, json!("Completed")), Some(json!("done")));
    assert_eq!(meant(&status, json!("no")), None);
    assert_eq!(meant(&Expect::Bool, json!("yes")), Some(json!(true)));
    assert_eq!(meant(&Expect::Currency, json!("usd")), Some(json!("USD")));
    assert_eq!(meant(&Expect::Currency, json!("€")), Some(json!("EUR")));
    assert_eq!(
        meant(&Expect::Id, json!("KR churn")),
        Some(json!("KR-churn"))
    );
    assert_eq!(meant(&Expect::Id, json!("../x")), None);
    assert_eq!(meant(&Expect::Id, json!("2026 goal")), None);
}
