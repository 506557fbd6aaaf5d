//! The switchable readings of QĐ 366 that a cases file cannot switch: "the 5 basic socio-economic targets" read as
//! all of them instead of any one, the old HD 21 sick-leave cap, the collective "itself disciplined" case of QĐ 124.

use std::collections::BTreeMap;

use xeploai::toml_doc::Value;
use xeploai::{Classifier, builtin, cases, knobs};

fn level_of(text: &str, subject: &str, facts: &[(&str, Value)]) -> Option<String> {
    let (rules, diagnostics) = xeploai::load(text, None);
    let rules = rules.unwrap_or_else(|| panic!("{diagnostics:?}"));
    let kind = rules.subjects.iter().position(|s| s.id == subject).unwrap();
    let facts: BTreeMap<String, Value> = facts.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    let row = cases::facts_row(&rules, kind, &facts).expect("facts fit");
    let (verdict, _) = Classifier::new(&rules).explain(kind, &row, None);
    verdict.level().map(|l| rules.levels[l].id.clone())
}

fn leader(missed: i64) -> Vec<(&'static str, Value)> {
    vec![
        ("common_points", Value::Integer(29)),
        ("task_points", Value::Integer(64)),
        ("led_tasks_assigned", Value::Integer(12)),
        ("led_tasks_on_time", Value::Integer(12)),
        ("led_tasks_exceeding", Value::Integer(4)),
        ("basic_targets_assigned", Value::Integer(5)),
        ("basic_targets_missed", Value::Integer(missed)),
    ]
}

#[test]
fn the_five_targets_read_as_any_one_by_default_and_as_all_when_switched() {
    let default = builtin::DEFAULT_TEXT;
    assert_eq!(level_of(default, "leader", &leader(0)).as_deref(), Some("htxs"));
    assert_eq!(level_of(default, "leader", &leader(1)).as_deref(), Some("kht"));
    let all = knobs::set_knobs(
        default,
        &[("rule.kht_basic_targets_any.enabled", "false"), ("rule.kht_basic_targets_all.enabled", "true")],
    )
    .unwrap();
    assert_eq!(level_of(&all, "leader", &leader(1)).as_deref(), Some("htxs"));
    assert_eq!(level_of(&all, "leader", &leader(4)).as_deref(), Some("htxs"));
    assert_eq!(level_of(&all, "leader", &leader(5)).as_deref(), Some("kht"));
}

#[test]
fn the_old_rules_are_off_by_default_and_work_when_switched_on() {
    let member = |months: &str| {
        vec![
            ("common_points", Value::Integer(28)),
            ("task_points", Value::Integer(65)),
            ("tasks_assigned", Value::Integer(10)),
            ("tasks_on_time", Value::Integer(10)),
            ("tasks_exceeding", Value::Integer(3)),
            ("sick_leave_months", Value::String(months.to_string())),
        ]
    };
    let default = builtin::DEFAULT_TEXT;
    assert_eq!(level_of(default, "member", &member("3")).as_deref(), Some("htxs"));
    let capped = knobs::set_knob(default, "rule.cap_sick_leave.enabled", "true").unwrap();
    assert_eq!(level_of(&capped, "member", &member("3")).as_deref(), Some("ht"));
    assert_eq!(level_of(&capped, "member", &member("2,9")).as_deref(), Some("htxs"));

    let collective = vec![
        ("common_points", Value::Integer(28)),
        ("task_points", Value::Integer(60)),
        ("tasks_assigned", Value::Integer(20)),
        ("tasks_on_time", Value::Integer(20)),
        ("collective_disciplined", Value::Boolean(true)),
    ];
    assert_eq!(level_of(default, "collective", &collective).as_deref(), Some("htt"));
    let old = knobs::set_knob(default, "rule.kht_collective_disciplined.enabled", "true").unwrap();
    assert_eq!(level_of(&old, "collective", &collective).as_deref(), Some("kht"));
}

#[test]
fn one_kht_quarter_blocks_htxs_by_default_and_not_when_switched_off() {
    let member = |quarters: i64| {
        vec![
            ("common_points", Value::Integer(28)),
            ("task_points", Value::Integer(65)),
            ("tasks_assigned", Value::Integer(10)),
            ("tasks_on_time", Value::Integer(10)),
            ("tasks_exceeding", Value::Integer(3)),
            ("quarters_kht", Value::Integer(quarters)),
        ]
    };
    let default = builtin::DEFAULT_TEXT;
    assert_eq!(level_of(default, "member", &member(0)).as_deref(), Some("htxs"));
    assert_eq!(level_of(default, "member", &member(1)).as_deref(), Some("htt"));
    let off = knobs::set_knob(default, "rule.htxs_no_kht_quarter.enabled", "false").unwrap();
    assert_eq!(level_of(&off, "member", &member(1)).as_deref(), Some("htxs"), "no averaging, no blocking when off");
    assert_eq!(level_of(&off, "member", &member(4)).as_deref(), Some("htxs"));
}
