//! Checklists (`[[list.items]]`): QĐ 366's common criteria item by item, in the central rule set (one score, the
//! items as guidance) and the provincial example (each item at most 10 points, the sum checked by the compiler).

use super::*;
use crate::input::typed_row;

fn central() -> RuleSet {
    crate::builtin::load("qd366-2025").expect("the central rule set loads")
}

fn provincial() -> RuleSet {
    crate::builtin::load("qd366-vi-du-tinh").expect("the provincial example loads")
}

fn points(values: &[&str]) -> Lists {
    let items = values
        .iter()
        .map(|v| if v.is_empty() { BTreeMap::new() } else { BTreeMap::from([("points".to_string(), v.to_string())]) })
        .collect();
    Lists::from([("common_criteria".to_string(), items)])
}

fn run(rules: &RuleSet, kind: &str, lists: &Lists) -> (Vec<Num>, ListReport) {
    let kind = rules.subject_index(kind).expect("the subject kind exists");
    let (mut row, _) = typed_row(rules, kind, &BTreeMap::<String, String>::new());
    let report = apply(rules, kind, &mut row, lists);
    (row, report)
}

fn value(rules: &RuleSet, row: &[Num], id: &str) -> Num {
    row[rules.fact_slot(id).expect("the fact exists") as usize]
}

#[test]
fn the_items_differ_by_subject_kind_and_the_list_gets_an_item_field() {
    let rules = central();
    let list = &rules.lists[rules.list_index("common_criteria").unwrap()];
    assert!(list.is_checklist());
    assert_eq!(list.fields[0].id, "item", "the first field says which item a row is");
    let ids = |kind: &str| -> Vec<&str> {
        list.items_for(rules.subject_index(kind).unwrap()).map(|(_, i)| i.id.as_str()).collect()
    };
    assert_eq!(ids("member"), ["politics", "innovation", "self_criticism"]);
    assert_eq!(ids("leader"), ids("member"));
    assert_eq!(ids("outside"), ids("member"));
    assert_eq!(ids("collective"), ["collective_building", "collective_innovation", "collective_self_criticism"]);
    assert!(list.items.iter().all(|i| i.max.is_none()), "QĐ 366 does not split the 30 points");
    let provincial = provincial();
    let list = &provincial.lists[provincial.list_index("common_criteria").unwrap()];
    assert!(list.items.iter().all(|i| i.max == Some(Num::int(10))), "the example gives every item 10");
    assert_eq!(
        list.items[0].name.vi,
        "Phẩm chất chính trị, đạo đức, lối sống, ý thức tổ chức kỷ luật, trách nhiệm nêu gương"
    );
}

#[test]
fn the_central_sum_fills_the_common_points_and_is_labelled_an_assumption() {
    let rules = central();
    let (row, report) = run(&rules, "member", &points(&["9", "9,5", "8"]));
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(value(&rules, &row, "common_points"), Num::ratio(53, 2).unwrap());
    assert_eq!(report.fed_fact("common_points").unwrap().lists, ["common_criteria"]);
    let kind = rules.subject_index("member").unwrap();
    let mut row = row;
    let (_, explanation, _) = explain(&rules, kind, &mut row, &points(&["9", "9,5", "8"]), None);
    assert!(
        explanation.assumptions.iter().any(|a| a.rule == "from_list.common_points"),
        "summing the items is the app's way, said as an assumption"
    );
}

#[test]
fn rows_are_the_kinds_items_in_order_and_extra_rows_are_reported() {
    let rules = central();
    let mut lists = points(&["10", "10", "10", "5"]);
    lists.get_mut("common_criteria").unwrap()[0].insert("colour".into(), "red".into());
    let (row, report) = run(&rules, "member", &lists);
    assert_eq!(value(&rules, &row, "common_points"), Num::int(30), "the fourth row is not counted");
    let at: Vec<(usize, Option<&str>, Code)> =
        report.problems.iter().map(|p| (p.item, p.field.as_deref(), p.code)).collect();
    assert_eq!(at, [(1, Some("colour"), Code::UnknownField), (4, None, Code::InvalidValue)]);
    assert!(report.problems[1].message.vi.contains("chỉ có 3 mục"), "{}", report.problems[1].message.vi);
}

#[test]
fn an_unscored_item_leaves_the_sum_empty_and_says_which() {
    let rules = central();
    let (row, report) = run(&rules, "collective", &points(&["9", "", "10"]));
    assert!(value(&rules, &row, "common_points").is_missing());
    let problem = report.problems.iter().find(|p| p.item == 2).expect("item 2 is named");
    assert_eq!((problem.field.as_deref(), problem.code), (Some("points"), Code::MissingValue));
}

#[test]
fn the_provincial_items_feed_their_sub_items_within_their_maxima() {
    let rules = provincial();
    let (row, report) = run(&rules, "leader", &points(&["10", "9", "7,5"]));
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(value(&rules, &row, "common_politics"), Num::int(10));
    assert_eq!(value(&rules, &row, "common_innovation"), Num::int(9));
    assert_eq!(value(&rules, &row, "common_self_criticism"), Num::ratio(15, 2).unwrap());
    let (row, report) = run(&rules, "member", &points(&["10", "10,5", "10"]));
    assert!(value(&rules, &row, "common_innovation").is_missing(), "above the item's 10: not used");
    assert_eq!(value(&rules, &row, "common_politics"), Num::int(10));
    let problem = &report.problems[0];
    assert_eq!((problem.item, problem.field.as_deref(), problem.code), (2, Some("points"), Code::OutOfRange));
    assert!(problem.message.vi.contains("vượt mức tối đa 10"), "{}", problem.message.vi);
}

#[test]
fn the_compiler_checks_the_maxima() {
    let text = crate::builtin::rule_text("qd366-vi-du-tinh").unwrap();
    let load = |text: &str| crate::compile::load(text, Some("t.toml")).1;
    let codes = |text: &str| load(text).iter().filter(|d| d.is_error()).map(|d| d.code).collect::<Vec<_>>();
    // A split that does not add up to the fact's maximum.
    let broken = text.replace("{ id = \"politics\", max = 10 }", "{ id = \"politics\", max = 12 }");
    let diagnostics = load(&broken);
    assert_eq!(diagnostics.iter().filter(|d| d.code == Code::ChecklistMax).count(), 3, "member, leader, outside");
    assert!(diagnostics[0].render(Lang::En).contains("add up to 12"), "{}", diagnostics[0].render(Lang::En));
    // Some items with a max and others without.
    let broken = text.replace("{ id = \"innovation\", max = 10 }", "{ id = \"innovation\" }");
    assert!(codes(&broken).contains(&Code::ChecklistMax));
    // `max` needs `max_field`, which needs fixed items and a number field.
    let central = crate::builtin::rule_text("qd366-2025").unwrap();
    assert!(codes(&central.replace("max_field = \"points\"\n", "")).is_empty(), "no max, no max_field needed");
    let broken = central.replace("max_field = \"points\"", "max_field = \"note\"");
    assert_eq!(codes(&broken), [Code::InvalidValue]);
    let broken = central.replace("  id = \"collective_building\"\n", "  id = \"collective_building\"\n  max = 5\n");
    assert_eq!(codes(&broken.replace("max_field = \"points\"\n", "")), [Code::ChecklistMax, Code::MissingField]);
    let broken = central.replace("  id = \"note\"", "  id = \"item\"");
    assert_eq!(codes(&broken), [Code::DuplicateId]);
}
