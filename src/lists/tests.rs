use super::*;
use crate::input::typed_row;

const RULES: &str = r#"
[rule_set]
id = "lists-test"
name = "Lists test"
version = "1"

[[document]]
id = "d"
title = "Doc"

[[level]]
id = "good"
short = "G"
name = "Good"
min_score = 50
source = { doc = "d", status = "confirmed" }

  [[level.condition]]
  id = "all_on_time"
  name = { vi = "100% đúng tiến độ", en = "100% on time" }
  expr = "on_time_share >= 100%"
  source = { doc = "d", status = "confirmed" }

  [[level.condition]]
  id = "few_late"
  name = "At most 20% late"
  expr = "late <= 20% * assigned"
  source = { doc = "d", status = "confirmed" }

[[level]]
id = "bad"
short = "B"
name = "Bad"
source = { doc = "d", status = "confirmed" }

[[subject]]
id = "member"
name = "Member"

[[subject]]
id = "boss"
name = "Boss"

[[list]]
id = "tasks"
name = { vi = "Nhiệm vụ", en = "Tasks" }
item = { vi = "nhiệm vụ", en = "task" }

  [[list.field]]
  id = "name"
  name = { vi = "Tên", en = "Name" }
  type = "text"

  [[list.field]]
  id = "status"
  name = { vi = "Tiến độ", en = "Progress" }
  type = "choice"
  choices = [
    { id = "on_time", name = { vi = "đúng hạn", en = "on time" } },
    { id = "late", name = { vi = "hoàn thành chậm", en = "late" } },
    { id = "not_done", name = { vi = "chưa hoàn thành", en = "not done" } },
  ]

  [[list.field]]
  id = "exceeded"
  name = { vi = "Vượt mức", en = "Exceeded" }
  type = "bool"
  default = false

  [[list.field]]
  id = "weight"
  name = "Weight"
  type = "number"
  min = 0
  default = 1

  [[list.field]]
  id = "quality"
  name = "Quality"
  type = "percent"
  min = 0
  max = 100

  [[list.field]]
  id = "errors"
  name = "Errors"
  type = "integer"
  min = 0
  default = 0

[[fact]]
id = "assigned"
name = "Assigned"
type = "integer"
min = 0
from_list = "count(tasks)"

[[fact]]
id = "on_time"
name = "On time"
type = "integer"
min = 0
from_list = "count(tasks where status == on_time)"

[[fact]]
id = "late"
name = "Late"
type = "integer"
min = 0
default = 0
from_list = "count(tasks where status == 'late')"

[[fact]]
id = "exceeding_share"
name = "Exceeding share"
type = "percent"
from_list = "share(tasks where exceeded)"

[[fact]]
id = "compound"
name = "Deductions compound"
type = "bool"
default = true

[[fact]]
id = "points"
name = "Points"
type = "number"
min = 0
max = 100
from_list = "100 * mean(tasks where status != not_done, quality * if(compound, pow(75%, errors), max(0, 1 - 25% * errors)), weight)"
from_list_round = { digits = 2, on = "total" }
from_list_for = { boss = "sum(tasks, weight) + 0 * count(tasks)" }

[[derived]]
id = "on_time_share"
name = "On-time share"
type = "percent"
expr = "share(on_time, assigned)"

[[derived]]
id = "score"
name = "Score"
expr = "points + 0 * exceeding_share"

[scoring]
score = "score"
max = 100
parts = ["points"]
source = { doc = "d", status = "confirmed" }

[policy.band_fallback]
choice = "cascade"
source = { doc = "d", status = "confirmed" }

[policy.empty_share]
choice = "neutral"
source = { doc = "d", status = "confirmed" }
"#;

fn rules() -> RuleSet {
    let (rules, diagnostics) = crate::compile::load(RULES, Some("test.toml"));
    let errors: Vec<String> = diagnostics.iter().map(|d| d.render(Lang::En)).collect();
    rules.unwrap_or_else(|| panic!("{errors:#?}"))
}

fn task(fields: &[(&str, &str)]) -> BTreeMap<String, String> {
    fields.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn value(rules: &RuleSet, row: &[Num], id: &str) -> Num {
    row[rules.fact_slot(id).unwrap() as usize]
}

#[test]
fn declares_the_list_and_its_fields() {
    let rules = rules();
    assert_eq!(rules.lists.len(), 1);
    let tasks = &rules.lists[0];
    assert_eq!(
        tasks.fields.iter().map(|f| f.ty).collect::<Vec<_>>(),
        [
            FieldType::Text,
            FieldType::Choice,
            FieldType::Bool,
            FieldType::Number,
            FieldType::Percent,
            FieldType::Integer
        ]
    );
    assert_eq!(
        rules.fact(rules.fact_slot("on_time").unwrap()).from_list.as_deref(),
        Some("count(tasks where status == on_time)")
    );
    // The switch read only by a computation is not asked for, and not reported unused either.
    assert!(!rules.fact(rules.fact_slot("compound").unwrap()).used);
    let (_, diagnostics) = crate::compile::load(RULES, None);
    assert!(diagnostics.iter().all(|d| d.code != Code::UnusedFact), "{diagnostics:?}");
}

#[test]
fn without_the_list_facts_are_typed() {
    let rules = rules();
    let (mut row, errors) = typed_row(&rules, 0, [("assigned", "4"), ("on_time", "3")]);
    assert!(errors.is_empty());
    let report = apply(&rules, 0, &mut row, &Lists::new());
    assert!(report.fed.is_empty() && report.problems.is_empty());
    assert_eq!(value(&rules, &row, "assigned"), Num::int(4));
}

#[test]
fn an_empty_list_counts_zero_and_leaves_means_and_shares_empty() {
    let rules = rules();
    let (mut row, _) = typed_row(&rules, 0, [("assigned", "4")]);
    let lists = Lists::from([("tasks".to_string(), Items::new())]);
    let report = apply(&rules, 0, &mut row, &lists);
    assert_eq!(value(&rules, &row, "assigned"), Num::ZERO, "the list replaces the typed count");
    assert_eq!(value(&rules, &row, "on_time"), Num::ZERO);
    assert!(value(&rules, &row, "points").is_missing());
    assert!(value(&rules, &row, "exceeding_share").is_missing());
    assert_eq!(report.used[0].items, 0);
    assert!(report.problems.iter().any(|p| p.message.vi.contains("không có nhiệm vụ nào")), "{:?}", report.problems);
}

#[test]
fn one_item() {
    let rules = rules();
    let (mut row, _) = typed_row(&rules, 0, std::iter::empty::<(&str, &str)>());
    let lists = Lists::from([(
        "tasks".to_string(),
        vec![task(&[("name", "Báo cáo"), ("status", "on_time"), ("exceeded", "có"), ("quality", "90")])],
    )]);
    let report = apply(&rules, 0, &mut row, &lists);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(value(&rules, &row, "assigned"), Num::int(1));
    assert_eq!(value(&rules, &row, "on_time"), Num::int(1));
    assert_eq!(value(&rules, &row, "exceeding_share"), Num::ONE);
    assert_eq!(value(&rules, &row, "points"), Num::int(90));
}

fn many() -> Lists {
    Lists::from([(
        "tasks".to_string(),
        vec![
            task(&[("name", "A"), ("status", "on_time"), ("quality", "100"), ("weight", "2")]),
            task(&[("name", "B"), ("status", "Hoàn thành chậm"), ("quality", "80"), ("errors", "2")]),
            task(&[]),
            task(&[("name", "C"), ("status", "not_done"), ("quality", "0")]),
            task(&[("name", "D"), ("status", "on_time"), ("quality", "90"), ("exceeded", "x"), ("errors", "1")]),
        ],
    )])
}

#[test]
fn many_items_with_weights_deductions_and_rounding() {
    let rules = rules();
    let (mut row, _) = typed_row(&rules, 0, std::iter::empty::<(&str, &str)>());
    let report = apply(&rules, 0, &mut row, &many());
    // The empty item is reported and counted nowhere.
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert_eq!(report.problems[0].item, 3);
    assert_eq!(value(&rules, &row, "assigned"), Num::int(4));
    assert_eq!(value(&rules, &row, "on_time"), Num::int(2));
    assert_eq!(value(&rules, &row, "late"), Num::int(1));
    assert_eq!(value(&rules, &row, "exceeding_share"), Num::ratio(1, 4).unwrap());
    // (2 × 100% + 1 × 80% × 0.75² + 1 × 90% × 0.75) / 4 × 100 = (200 + 45 + 67.5) / 4 = 78.125 → 78.13.
    assert_eq!(value(&rules, &row, "points"), Num::parse("78.13").unwrap());
    // Deductions as − 25% each instead: (200 + 40 + 67.5) / 4 = 76.875 → 76.88.
    let (mut row, _) = typed_row(&rules, 0, [("compound", "no")]);
    apply(&rules, 0, &mut row, &many());
    assert_eq!(value(&rules, &row, "points"), Num::parse("76.88").unwrap());
    // Another subject kind computes it its own way.
    let (mut row, _) = typed_row(&rules, 1, std::iter::empty::<(&str, &str)>());
    apply(&rules, 1, &mut row, &many());
    assert_eq!(value(&rules, &row, "points"), Num::int(5));
}

#[test]
fn bad_cells_are_reported_by_item_and_field() {
    let rules = rules();
    let (mut row, _) = typed_row(&rules, 0, std::iter::empty::<(&str, &str)>());
    let lists = Lists::from([(
        "tasks".to_string(),
        vec![
            task(&[("name", "A"), ("status", "soon"), ("quality", "100")]),
            task(&[("name", "B"), ("status", "on_time"), ("quality", "abc"), ("colour", "red")]),
        ],
    )]);
    let report = apply(&rules, 0, &mut row, &lists);
    let seen: Vec<(usize, Option<&str>, Code)> =
        report.problems.iter().map(|p| (p.item, p.field.as_deref(), p.code)).collect();
    assert!(seen.contains(&(1, Some("status"), Code::NotAChoice)), "{seen:?}");
    assert!(seen.contains(&(2, Some("colour"), Code::UnknownField)), "{seen:?}");
    assert!(seen.contains(&(2, Some("quality"), Code::NotANumber)), "{seen:?}");
    // A count that needs the bad status is unknown, not wrong.
    assert!(value(&rules, &row, "on_time").is_missing());
    assert_eq!(value(&rules, &row, "assigned"), Num::int(2));
}

#[test]
fn an_unknown_list_is_reported() {
    let rules = rules();
    let (mut row, _) = typed_row(&rules, 0, std::iter::empty::<(&str, &str)>());
    let report = apply(&rules, 0, &mut row, &Lists::from([("products".to_string(), Items::new())]));
    assert_eq!(report.problems.len(), 1);
    assert_eq!(report.problems[0].code, Code::UnknownFact);
}

#[test]
fn the_explanation_names_the_deciding_items() {
    let rules = rules();
    let (mut row, _) = typed_row(&rules, 0, std::iter::empty::<(&str, &str)>());
    let (_, explanation, _) = explain(&rules, 0, &mut row, &many(), None);
    assert_eq!(explanation.level.as_deref(), Some("bad"));
    assert_eq!(explanation.lists.len(), 1);
    assert_eq!(explanation.lists[0].items, 4);
    let on_time = explanation.findings.iter().find(|f| f.rule == "all_on_time").unwrap();
    let named: Vec<(usize, Option<&str>)> = on_time.items.iter().map(|i| (i.index, i.name.as_deref())).collect();
    assert_eq!(named, [(2, Some("B")), (4, Some("C"))]);
    assert_eq!(on_time.items[0].details[0].value.vi, "hoàn thành chậm");
    let late = explanation.findings.iter().find(|f| f.rule == "few_late").unwrap();
    let named: Vec<usize> = late.items.iter().map(|i| i.index).collect();
    assert_eq!(named, [2], "the late task decided the late share");
    let text = crate::render::explain::explanation_text(&rules, &explanation, Lang::Vi);
    assert!(text.contains("nhiệm vụ 2 «B»"), "{text}");
}

#[test]
fn compile_errors_are_located() {
    let broken = RULES.replace("count(tasks where status == on_time)", "count(tasks where colour == on_time)");
    let (rules, diagnostics) = crate::compile::load(&broken, Some("t.toml"));
    assert!(rules.is_none());
    assert_eq!(diagnostics[0].code, Code::UnknownFact);
    assert!(diagnostics[0].render(Lang::En).contains("status"), "{}", diagnostics[0].render(Lang::En));
    let broken = RULES.replace("share(tasks where exceeded)", "share(tasks)");
    let (_, diagnostics) = crate::compile::load(&broken, Some("t.toml"));
    assert_eq!(diagnostics[0].code, Code::ExprType);
    let broken = RULES.replace("count(tasks)\"", "count(tasks where name == 'x')\"");
    let (_, diagnostics) = crate::compile::load(&broken, Some("t.toml"));
    assert!(diagnostics[0].render(Lang::En).contains("text"), "{}", diagnostics[0].render(Lang::En));
}
