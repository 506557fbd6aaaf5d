//! Lists a person declares item by item (tasks, products) and the facts computed from them.
//!
//! A rule set declares a list (`[[list]]`, with typed `[[list.field]]`s) and feeds facts from it:
//! `from_list = "count(tasks where status == on_time)"`. When the person gives that list (even empty), [`apply`]
//! computes the fact from it into the typed row before classification; when she does not, the fact is typed as
//! before (one rule set, both ways). Aggregates: `count(list [where condition])`, `share(list where condition)`,
//! `sum(list [where condition], value)` and `mean(list [where condition], value [, weight])`, combined with numbers,
//! arithmetic and input facts (`70 * mean(products, quantity)`). Item expressions use the item's fields by id (a
//! choice's value may be written bare: `status == on_time`) and the person's input facts. Numbers are exact; a rule
//! set may round per item or on the total (`from_list_round`).
//!
//! [`ListReport`] says what happened: every problem of an item (list, item number from 1, field, message in both
//! languages) and which facts came from which list; nothing an item holds is dropped silently. [`annotate`] then
//! names, in an explanation, the items that decided a failed condition ("nhiệm vụ 7 «…»: hoàn thành chậm").

use std::collections::BTreeMap;

use serde::Serialize;

use crate::classify::{Classifier, Stage};
use crate::diag::Code;
use crate::doc::RoundOn;
use crate::explain::{DecidingItem, Explanation, Finding, ItemDetail, ListUse};
use crate::expr::{CmpOp, EvalError, Expr, NumStyle};
use crate::lang::{Lang, Text};
use crate::num::Num;
use crate::ruleset::{FactOrigin, FieldType, ListDef, Provenance, RuleSet, SubjectSet};

/// One item: field id → the text as typed.
pub type Items = Vec<BTreeMap<String, String>>;
/// List id → items. An absent list means "not given: use the typed facts".
pub type Lists = BTreeMap<String, Items>;

/// What an aggregate computes over a list's items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AggregateKind {
    Count,
    Share,
    Sum,
    Mean,
}

/// One aggregate of a computation, compiled: item expressions read the item's fields in slots `0..fields` and the
/// input facts `facts` after them.
#[derive(Clone, Debug)]
pub(crate) struct Aggregate {
    pub(crate) kind: AggregateKind,
    pub(crate) list: usize,
    pub(crate) filter: Option<Expr>,
    pub(crate) value: Option<Expr>,
    pub(crate) weight: Option<Expr>,
    pub(crate) facts: Vec<u32>,
}

/// The computation of one list-fed fact for some subject kinds: an expression over the aggregates (slots
/// `0..aggregates`) and input facts (`facts`, after them).
#[derive(Clone, Debug)]
pub(crate) struct Feed {
    pub(crate) slot: u32,
    pub(crate) subjects: SubjectSet,
    pub(crate) outer: Expr,
    pub(crate) aggregates: Vec<Aggregate>,
    pub(crate) facts: Vec<u32>,
    pub(crate) round: Option<(u32, RoundOn)>,
    pub(crate) source: Option<Provenance>,
}

impl Feed {
    /// The input facts the computation reads (itself and its items' expressions).
    pub(crate) fn facts_read(&self) -> impl Iterator<Item = u32> + '_ {
        self.facts.iter().chain(self.aggregates.iter().flat_map(|a| &a.facts)).copied()
    }
}

/// The input facts the computations from lists read for a subject kind (a switch, a leader's further items): a form
/// asks for them beside the lists, since no rule reads them.
pub fn facts_read(rules: &RuleSet, kind: usize) -> Vec<u32> {
    let mut slots: Vec<u32> = Vec::new();
    for feed in rules.feeds.iter().filter(|f| f.subjects.contains(kind)) {
        for slot in feed.facts_read() {
            if !slots.contains(&slot) {
                slots.push(slot);
            }
        }
    }
    slots
}

/// A problem with one item of a list (or with the list as a whole: `item` 0).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemProblem {
    pub list: String,
    /// The item's number, from 1, as the person sees it; 0 for the list as a whole.
    pub item: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub code: Code,
    pub message: Text,
}

/// A fact computed from lists.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FedFact {
    pub fact: String,
    pub lists: Vec<String>,
    /// `None` when it could not be computed (the problems say why); the fact is then empty.
    pub value: Option<Num>,
    #[serde(skip)]
    pub(crate) slot: u32,
    /// For a count or share with `where`: the list and which items it counted.
    #[serde(skip)]
    pub(crate) counted: Option<(usize, Vec<bool>)>,
}

/// What [`apply`] did: the problems of items and the facts it computed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListReport {
    pub problems: Vec<ItemProblem>,
    pub fed: Vec<FedFact>,
    /// The lists used, with how many items each counted.
    pub used: Vec<ListUse>,
}

impl ListReport {
    /// The list a fact was computed from, if it was.
    pub fn fed_fact(&self, id: &str) -> Option<&FedFact> {
        self.fed.iter().find(|f| f.fact == id)
    }
}

/// An item's fields read as values (`None` for an empty item, which counts nowhere).
type ParsedItems = Vec<Option<Vec<Num>>>;

fn problem(list: &str, item: usize, field: Option<&str>, code: Code, vi: String, en: String) -> ItemProblem {
    ItemProblem { list: list.to_string(), item, field: field.map(str::to_string), code, message: Text::new(vi, en) }
}

fn unknown_list(id: &str) -> ItemProblem {
    problem(
        id,
        0,
        None,
        Code::UnknownFact,
        format!("không có danh sách \"{id}\" trong bộ quy tắc này; danh sách không được dùng"),
        format!("there is no list \"{id}\" in this rule set; the list is not used"),
    )
}

/// Read the lists given for a subject kind: each item's fields as values, every problem reported.
fn parse_lists(rules: &RuleSet, kind: usize, lists: &Lists, report: &mut ListReport) -> Vec<Option<ParsedItems>> {
    let mut parsed: Vec<Option<ParsedItems>> = vec![None; rules.lists.len()];
    for (id, items) in lists {
        let Some(index) = rules.list_index(id) else {
            report.problems.push(unknown_list(id));
            continue;
        };
        let def = &rules.lists[index];
        if !def.applies_to(kind) {
            let subject = &rules.subjects[kind].id;
            report.problems.push(problem(
                id,
                0,
                None,
                Code::FactNotApplicable,
                format!("danh sách \"{id}\" không dùng cho loại đối tượng \"{subject}\"; không được dùng"),
                format!("the list \"{id}\" does not apply to the subject kind \"{subject}\"; it is not used"),
            ));
            continue;
        }
        if def.is_checklist() {
            parsed[index] = Some(parse_checklist(rules, kind, def, items, report));
            continue;
        }
        let mut rows = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let number = i + 1;
            unknown_keys(def, number, item, report);
            let empty = def.fields.iter().all(|f| item.get(&f.id).is_none_or(|t| t.trim().is_empty()));
            if empty {
                report.problems.push(problem(
                    id,
                    number,
                    None,
                    Code::MissingValue,
                    format!("{} {number} để trống: không được tính", def.item.vi),
                    format!("{} {number} is empty: not counted", def.item.get(Lang::En)),
                ));
                rows.push(None);
                continue;
            }
            let mut values = Vec::with_capacity(def.fields.len());
            for field in &def.fields {
                let label = (format!("{} {number}", def.item.vi), format!("{} {number}", def.item.get(Lang::En)));
                values.push(field_value(rules, def, field, item, number, &label, report));
            }
            rows.push(Some(values));
        }
        parsed[index] = Some(rows);
    }
    parsed
}

/// Every key of an item that is not one of the list's fields, reported at the item.
fn unknown_keys(def: &ListDef, number: usize, item: &BTreeMap<String, String>, report: &mut ListReport) {
    for key in item.keys().filter(|k| def.field(k).is_none()) {
        let fields: Vec<&str> = def.fields.iter().map(|f| f.id.as_str()).collect();
        report.problems.push(problem(
            &def.id,
            number,
            Some(key),
            Code::UnknownField,
            format!("{} {number}: không có trường \"{key}\"; các trường: {}", def.item.vi, fields.join(", ")),
            format!(
                "{} {number}: there is no field \"{key}\"; the fields are: {}",
                def.item.get(Lang::En),
                fields.join(", ")
            ),
        ));
    }
}

/// One field of an item read as a value (its default when empty; missing, with the problem reported under
/// `label`, the item as the person sees it, when it cannot be read).
fn field_value(
    rules: &RuleSet,
    def: &ListDef,
    field: &crate::ruleset::ListField,
    item: &BTreeMap<String, String>,
    number: usize,
    label: &(String, String),
    report: &mut ListReport,
) -> Num {
    let text = item.get(&field.id).map(String::as_str).unwrap_or("");
    let Some(fact) = &field.as_fact else { return Num::MISSING };
    match crate::input::parse_value(rules, fact, text) {
        Ok(Some(value)) => value,
        Ok(None) => field.default.unwrap_or(Num::MISSING),
        Err((code, vi, en)) => {
            report.problems.push(problem(
                &def.id,
                number,
                Some(&field.id),
                code,
                format!("{}, {}: {vi}", label.0, field.name.vi),
                format!("{}, {}: {en}", label.1, field.name.get(Lang::En)),
            ));
            Num::MISSING
        }
    }
}

/// Read a checklist's rows: row `n` is the `n`-th of the subject kind's fixed items (its `item` field set from
/// the rule set, whatever was typed), an item left empty keeps its fields empty (a sum that needs them cannot be
/// computed, and says which item), a value above the item's `max` is reported, rows past the last item are
/// reported and not counted.
fn parse_checklist(
    rules: &RuleSet,
    kind: usize,
    def: &ListDef,
    items: &[BTreeMap<String, String>],
    report: &mut ListReport,
) -> ParsedItems {
    let declared: Vec<(usize, &crate::ruleset::ListItem)> = def.items_for(kind).collect();
    let empty = BTreeMap::new();
    for (i, item) in items.iter().enumerate() {
        unknown_keys(def, i + 1, item, report);
    }
    for number in declared.len() + 1..=items.len() {
        report.problems.push(problem(
            &def.id,
            number,
            None,
            Code::InvalidValue,
            format!("danh sách \"{}\" chỉ có {} mục; dòng {number} không được tính", def.name.vi, declared.len()),
            format!(
                "the checklist \"{}\" has {} items; row {number} is not counted",
                def.name.get(Lang::En),
                declared.len()
            ),
        ));
    }
    let mut rows = Vec::with_capacity(declared.len());
    for (position, (index, declared_item)) in declared.iter().enumerate() {
        let number = position + 1;
        let item = items.get(position).unwrap_or(&empty);
        let mut values = Vec::with_capacity(def.fields.len());
        for (f, field) in def.fields.iter().enumerate() {
            if f == 0 {
                values.push(Num::int(*index as i64));
                continue;
            }
            let label = (
                format!("{} «{}»", def.item.vi, declared_item.name.vi),
                format!("{} «{}»", def.item.get(Lang::En), declared_item.name.get(Lang::En)),
            );
            let value = field_value(rules, def, field, item, number, &label, report);
            let over =
                def.max_field == Some(f) && declared_item.max.is_some_and(|max| !value.is_missing() && value > max);
            if over {
                let max = declared_item.max.unwrap_or(Num::ZERO);
                report.problems.push(problem(
                    &def.id,
                    number,
                    Some(&field.id),
                    Code::OutOfRange,
                    format!(
                        "{} «{}»: {} {} vượt mức tối đa {} của mục này",
                        def.item.vi,
                        declared_item.name.vi,
                        field.name.vi,
                        value.display(Lang::Vi, 2),
                        max.display(Lang::Vi, 2)
                    ),
                    format!(
                        "{} «{}»: {} {} is above this item's maximum of {}",
                        def.item.get(Lang::En),
                        declared_item.name.get(Lang::En),
                        field.name.get(Lang::En),
                        value.display(Lang::En, 2),
                        max.display(Lang::En, 2)
                    ),
                ));
                values.push(Num::MISSING);
                continue;
            }
            values.push(value);
        }
        rows.push(Some(values));
    }
    rows
}

/// Compute the list-fed facts of a typed row (from [`crate::input::typed_row`]) from the lists given, before
/// classification. A fact is computed when every list its computation reads is given (even empty) and applies to
/// the subject kind; its typed value, if any, is replaced. Facts computed earlier in the file may be read by later
/// computations.
pub fn apply(rules: &RuleSet, kind: usize, row: &mut [Num], lists: &Lists) -> ListReport {
    let mut report = ListReport::default();
    if lists.is_empty() || rules.lists.is_empty() {
        for id in lists.keys() {
            report.problems.push(unknown_list(id));
        }
        return report;
    }
    let parsed = parse_lists(rules, kind, lists, &mut report);
    for feed in rules.feeds.iter().filter(|f| f.subjects.contains(kind)) {
        if feed.aggregates.iter().any(|a| parsed[a.list].is_none()) {
            continue;
        }
        let fact = rules.fact(feed.slot);
        let (value, counted) = evaluate(rules, feed, row, &parsed, &mut report);
        let value = value.and_then(|value| match crate::classify::check_value(fact, value) {
            Ok(()) => Some(value),
            Err((code, vi, en)) => {
                let list = &rules.lists[feed.aggregates[0].list].id;
                report.problems.push(problem(
                    list,
                    0,
                    None,
                    code,
                    format!("\"{}\" tính từ danh sách = {}: {vi}", fact.name.vi, value.display(Lang::Vi, 2)),
                    format!(
                        "\"{}\" computed from the list = {}: {en}",
                        fact.name.get(Lang::En),
                        value.display(Lang::En, 2)
                    ),
                ));
                None
            }
        });
        if let Some(cell) = row.get_mut(feed.slot as usize) {
            *cell = value.unwrap_or(Num::MISSING);
        }
        let mut names: Vec<String> = Vec::new();
        for aggregate in &feed.aggregates {
            let id = &rules.lists[aggregate.list].id;
            if !names.contains(id) {
                names.push(id.clone());
            }
        }
        report.fed.push(FedFact { fact: fact.id.clone(), lists: names, value, slot: feed.slot, counted });
    }
    for (index, items) in parsed.iter().enumerate() {
        let Some(items) = items else { continue };
        let def = &rules.lists[index];
        let facts: Vec<String> =
            report.fed.iter().filter(|f| f.lists.contains(&def.id)).map(|f| f.fact.clone()).collect();
        report.used.push(ListUse {
            list: def.id.clone(),
            name: def.name.clone(),
            item: def.item.clone(),
            items: items.iter().filter(|i| i.is_some()).count(),
            facts,
        });
    }
    report
}

/// A fact's value as a computation reads it: as given, or its default.
fn fact_value(rules: &RuleSet, row: &[Num], slot: u32) -> Num {
    match row.get(slot as usize) {
        Some(value) if !value.is_missing() => *value,
        _ => rules.fact(slot).default.unwrap_or(Num::MISSING),
    }
}

/// One computation: its value (`None` with the problems reported) and, for a single count with `where`, the items
/// it counted.
fn evaluate(
    rules: &RuleSet,
    feed: &Feed,
    row: &[Num],
    parsed: &[Option<ParsedItems>],
    report: &mut ListReport,
) -> (Option<Num>, Option<(usize, Vec<bool>)>) {
    let mut values: Vec<Num> = Vec::with_capacity(feed.aggregates.len() + feed.facts.len());
    let mut counted = None;
    let mut complete = true;
    for aggregate in &feed.aggregates {
        let items = parsed[aggregate.list].as_deref().unwrap_or(&[]);
        let (value, matched) = evaluate_aggregate(rules, feed, aggregate, items, row, report);
        if aggregate.filter.is_some() && feed.aggregates.len() == 1 {
            counted = Some((aggregate.list, matched));
        }
        match value {
            Some(value) => values.push(value),
            None => {
                complete = false;
                values.push(Num::MISSING);
            }
        }
    }
    if !complete {
        return (None, counted);
    }
    values.extend(feed.facts.iter().map(|slot| fact_value(rules, row, *slot)));
    let list = &rules.lists[feed.aggregates.first().map_or(0, |a| a.list)].id;
    let fact = rules.fact(feed.slot);
    match feed.outer.eval(&values) {
        Ok(value) if value.is_no_base() || value.is_missing() => (None, counted),
        Ok(value) => {
            let value = match feed.round {
                Some((digits, RoundOn::Total)) => value.round_to(digits),
                _ => value,
            };
            (Some(value), counted)
        }
        Err(EvalError::Missing(slot)) => {
            let name = feed
                .facts
                .get((slot as usize).wrapping_sub(feed.aggregates.len()))
                .map(|s| rules.fact(*s).name.clone())
                .unwrap_or_else(|| fact.name.clone());
            report.problems.push(problem(
                list,
                0,
                None,
                Code::MissingValue,
                format!("\"{}\" cần \"{}\", đang để trống", fact.name.vi, name.vi),
                format!("\"{}\" needs \"{}\", which is empty", fact.name.get(Lang::En), name.get(Lang::En)),
            ));
            (None, counted)
        }
        Err(EvalError::Arith(_)) => {
            report.problems.push(problem(
                list,
                0,
                None,
                Code::Evaluation,
                format!("không tính được \"{}\" (chia cho 0 hoặc số quá lớn)", fact.name.vi),
                format!("\"{}\" cannot be computed (division by zero or a number too large)", fact.name.get(Lang::En)),
            ));
            (None, counted)
        }
    }
}

/// One aggregate over a list's items; `None` with the problems reported when it has no value.
fn evaluate_aggregate(
    rules: &RuleSet,
    feed: &Feed,
    aggregate: &Aggregate,
    items: &[Option<Vec<Num>>],
    row: &[Num],
    report: &mut ListReport,
) -> (Option<Num>, Vec<bool>) {
    let def = &rules.lists[aggregate.list];
    let fact = rules.fact(feed.slot);
    let mut matched = vec![false; items.len()];
    let mut buffer: Vec<Num> = Vec::new();
    let (mut count, mut total, mut weights) = (0i64, Num::ZERO, Num::ZERO);
    let mut complete = true;
    let mut overflow = false;
    let mut considered = 0i64;
    for (i, item) in items.iter().enumerate() {
        let Some(fields) = item else { continue };
        considered += 1;
        buffer.clear();
        buffer.extend_from_slice(fields);
        buffer.extend(aggregate.facts.iter().map(|slot| fact_value(rules, row, *slot)));
        let mut missing = |error: EvalError, report: &mut ListReport| {
            complete = false;
            match error {
                EvalError::Missing(slot) => {
                    let field = def.fields.get(slot as usize);
                    let (vi, en) = match field {
                        Some(f) => (f.name.vi.clone(), f.name.get(Lang::En).to_string()),
                        None => {
                            let name = aggregate
                                .facts
                                .get(slot as usize - def.fields.len().min(slot as usize))
                                .map(|s| rules.fact(*s).name.clone())
                                .unwrap_or_else(|| fact.name.clone());
                            (name.vi.clone(), name.get(Lang::En).to_string())
                        }
                    };
                    report.problems.push(problem(
                        &def.id,
                        i + 1,
                        field.map(|f| f.id.as_str()),
                        Code::MissingValue,
                        format!("{} {}: cần \"{vi}\" để tính \"{}\"", def.item.vi, i + 1, fact.name.vi),
                        format!(
                            "{} {}: \"{en}\" is needed to compute \"{}\"",
                            def.item.get(Lang::En),
                            i + 1,
                            fact.name.get(Lang::En)
                        ),
                    ));
                }
                EvalError::Arith(_) => overflow = true,
            }
        };
        if let Some(filter) = &aggregate.filter {
            match filter.holds(&buffer) {
                Ok(true) => {}
                Ok(false) => continue,
                Err(error) => {
                    missing(error, report);
                    continue;
                }
            }
        }
        matched[i] = true;
        count += 1;
        let Some(value) = &aggregate.value else { continue };
        let value = match value.eval(&buffer) {
            Ok(value) => match feed.round {
                Some((digits, RoundOn::Item)) => value.round_to(digits),
                _ => value,
            },
            Err(error) => {
                missing(error, report);
                continue;
            }
        };
        let weight = match &aggregate.weight {
            None => Num::ONE,
            Some(weight) => match weight.eval(&buffer) {
                Ok(weight) if weight.is_negative() => {
                    report.problems.push(problem(
                        &def.id,
                        i + 1,
                        None,
                        Code::OutOfRange,
                        format!("{} {}: trọng số âm, không được tính", def.item.vi, i + 1),
                        format!("{} {}: a negative weight, not counted", def.item.get(Lang::En), i + 1),
                    ));
                    complete = false;
                    continue;
                }
                Ok(weight) => weight,
                Err(error) => {
                    missing(error, report);
                    continue;
                }
            },
        };
        match value
            .checked_mul(weight)
            .and_then(|v| total.checked_add(v))
            .and_then(|t| weights.checked_add(weight).map(|w| (t, w)))
        {
            Ok((t, w)) => {
                total = t;
                weights = w;
            }
            Err(_) => overflow = true,
        }
    }
    if overflow {
        report.problems.push(problem(
            &def.id,
            0,
            None,
            Code::Evaluation,
            format!("không tính được \"{}\": số quá lớn", fact.name.vi),
            format!("\"{}\" cannot be computed: a number too large", fact.name.get(Lang::En)),
        ));
        return (None, matched);
    }
    if !complete {
        return (None, matched);
    }
    let nothing = |report: &mut ListReport| {
        report.problems.push(problem(
            &def.id,
            0,
            None,
            Code::MissingValue,
            format!("không có {} nào để tính \"{}\": dữ kiện để trống", def.item.vi, fact.name.vi),
            format!(
                "no {} to compute \"{}\" from: the fact stays empty",
                def.item.get(Lang::En),
                fact.name.get(Lang::En)
            ),
        ));
    };
    let value = match aggregate.kind {
        AggregateKind::Count => Some(Num::int(count)),
        AggregateKind::Sum => Some(total),
        AggregateKind::Share if considered == 0 => {
            nothing(report);
            None
        }
        AggregateKind::Share => Num::ratio(count, considered),
        AggregateKind::Mean if weights.is_zero() => {
            nothing(report);
            None
        }
        AggregateKind::Mean => total.checked_div(weights).ok(),
    };
    (value, matched)
}

/// Apply a roster's lists ([`crate::input::read_list_rows`]) to its members: each member's list-fed facts computed
/// from her items. Every item problem is a diagnostic at the item's row of the lists file, naming the member; items
/// of an id the roster lacks are reported, not dropped silently.
pub fn apply_table(
    rules: &RuleSet,
    table: &mut crate::input::Table,
    rows: &crate::input::ListRows,
    file: Option<&str>,
) -> Vec<crate::diag::Diagnostic> {
    use crate::diag::{Diagnostic, Location};
    let mut diagnostics = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for index in 0..table.len() {
        let record = table.record(index);
        let Some(lists) = rows.lists.get(record.id) else { continue };
        seen.insert(record.id.to_string());
        let (id, name, kind) = (record.id.to_string(), record.name.to_string(), record.kind);
        let mut row = table.row_vec(index);
        let report = apply(rules, kind, &mut row, lists);
        table.store_row(index, &row);
        for problem in report.problems {
            let row = rows
                .rows
                .get(&(id.clone(), problem.list.clone()))
                .and_then(|rows| problem.item.checked_sub(1).and_then(|i| rows.get(i)))
                .copied();
            let who = if name.is_empty() { id.clone() } else { format!("{id} ({name})") };
            diagnostics.push(Diagnostic::new(
                problem.code,
                Location { file: file.map(str::to_string), row, path: problem.field.clone(), ..Location::default() },
                format!("{who}: {}", problem.message.vi),
                format!("{who}: {}", problem.message.get(Lang::En)),
            ));
        }
    }
    for (id, lists) in &rows.lists {
        if seen.contains(id) {
            continue;
        }
        let count: usize = lists.values().map(Vec::len).sum();
        let row =
            lists.keys().next().and_then(|list| rows.rows.get(&(id.clone(), list.clone()))).and_then(|r| r.first());
        diagnostics.push(Diagnostic::new(
            Code::MissingValue,
            Location { file: file.map(str::to_string), row: row.copied(), ..Location::default() },
            format!(
                "không có đảng viên mã \"{id}\" trong danh sách đảng viên; {count} mục của người này không được dùng"
            ),
            format!("there is no member \"{id}\" in the roster; their {count} items are not used"),
        ));
    }
    diagnostics
}

// ---------------------------------------------------------------------------------------------------------------
// The explanation: which items decided.

/// Classify a typed row with its lists: [`apply`], then the explanation with the deciding items named
/// ([`annotate`]). For every front end that explains one person.
pub fn explain(
    rules: &RuleSet,
    kind: usize,
    row: &mut [Num],
    lists: &Lists,
    target: Option<usize>,
) -> (crate::Verdict, Explanation, ListReport) {
    let report = apply(rules, kind, row, lists);
    let mut classifier = Classifier::new(rules);
    let (verdict, mut explanation) = classifier.explain(kind, row, target);
    annotate(rules, kind, row, lists, &report, &mut explanation);
    (verdict, explanation, report)
}

/// Name in `explanation` the lists used and, for each failed condition (or case that applies) resting on facts
/// computed from a list, the items that decided it. `row` is the row [`apply`] filled.
pub fn annotate(
    rules: &RuleSet,
    kind: usize,
    row: &[Num],
    lists: &Lists,
    report: &ListReport,
    explanation: &mut Explanation,
) {
    explanation.lists = report.used.clone();
    // A computation the texts do not make is an assumption like any rule's.
    for fed in &report.fed {
        let feed = rules.feeds.iter().find(|f| f.slot == fed.slot && f.subjects.contains(kind));
        let Some(source) = feed.and_then(|f| f.source.as_ref()) else { continue };
        if source.status == crate::ruleset::Status::Assumption {
            let fact = rules.fact(fed.slot);
            explanation.assumptions.push(crate::explain::AssumptionNote {
                rule: format!("from_list.{}", fact.id),
                name: Text::new(
                    format!("Cách tính \"{}\" từ danh sách", fact.name.vi),
                    format!("How \"{}\" is computed from the list", fact.name.get(Lang::En)),
                ),
                reason: source.reason.clone(),
                decisive: false,
            });
        }
    }
    if report.fed.iter().all(|f| f.counted.is_none()) {
        return;
    }
    let mut classifier = Classifier::new(rules);
    let mut trace = crate::explain::Trace::default();
    classifier.trace(kind, row, None, &mut trace);
    let prepared = &trace.row;
    let fill = |finding: &mut Finding| {
        let deciding = matches!(
            (finding.stage, finding.met),
            (Stage::Condition, Some(false)) | (Stage::Disqualifier | Stage::NotClassified | Stage::Cap, Some(true))
        );
        if !deciding {
            return;
        }
        let Some(expr) = rule_expr(rules, finding) else { return };
        // A failed condition is decided by its comparisons that fail, a case that applies by those that hold.
        let met = finding.met == Some(true);
        finding.items = deciding_items(rules, expr, met, prepared, lists, report);
    };
    explanation.findings.iter_mut().for_each(fill);
    for gap in [&mut explanation.next_level, &mut explanation.target].into_iter().flatten() {
        gap.unmet.iter_mut().chain(gap.blockers.iter_mut()).for_each(fill);
    }
}

fn rule_expr<'r>(rules: &'r RuleSet, finding: &Finding) -> Option<&'r Expr> {
    let find = |list: &'r [crate::ruleset::Rule]| list.iter().find(|r| r.id == finding.rule).map(|r| &r.expr);
    match finding.stage {
        Stage::Condition => {
            let level = rules.level_index(finding.level.as_deref()?)?;
            find(&rules.levels[level].conditions)
        }
        Stage::Disqualifier => find(&rules.disqualifiers),
        Stage::NotClassified => find(&rules.not_classified),
        Stage::Cap => rules.caps.iter().find(|c| c.rule.id == finding.rule).map(|c| &c.rule.expr),
        _ => None,
    }
}

/// The input facts a fact rests on, with their direction, through derived facts.
fn input_signs(rules: &RuleSet, signs: Vec<(u32, i8)>, out: &mut Vec<(u32, i8)>, depth: usize) {
    for (slot, sign) in signs {
        let fact = rules.fact(slot);
        if fact.origin == FactOrigin::Derived && depth < 16 {
            if let Some(derived) = rules.derived.iter().find(|d| d.slot == slot) {
                let mut inner = Vec::new();
                derived.expr.fact_signs(None, sign, &mut inner);
                input_signs(rules, inner, out, depth + 1);
            }
        } else {
            match out.iter_mut().find(|(s, _)| *s == slot) {
                Some((_, old)) if *old != sign => *old = 0,
                Some(_) => {}
                None => out.push((slot, sign)),
            }
        }
    }
}

/// For one list in one comparison: the union of the items the positive counts counted, the items none of them
/// counted, and the same for the negative counts.
type Sides = (Vec<bool>, Option<Vec<bool>>, Vec<bool>, Option<Vec<bool>>);

/// The items that made a rule's comparisons come out as they did: for a side that came out too small, the items
/// that a count on it did not count (and those a count against it did); for a side too large, the reverse.
fn deciding_items(
    rules: &RuleSet,
    expr: &Expr,
    outcome: bool,
    row: &[Num],
    lists: &Lists,
    report: &ListReport,
) -> Vec<DecidingItem> {
    let mut traced = Vec::new();
    let _ = expr.trace(row, &mut traced);
    // Per list: the items chosen, and the fields that say why (the counts' conditions read them).
    let mut chosen: BTreeMap<usize, (Vec<bool>, Vec<usize>)> = BTreeMap::new();
    for comparison in &traced {
        let Some(met) = comparison.met.filter(|met| *met == outcome) else { continue };
        let Some((op, signs)) = expr.comparison_signs(comparison.node) else { continue };
        let large = match op {
            CmpOp::Ge | CmpOp::Gt => met,
            CmpOp::Le | CmpOp::Lt => !met,
            CmpOp::Eq | CmpOp::Ne => continue,
        };
        let mut inputs = Vec::new();
        input_signs(rules, signs, &mut inputs, 0);
        // Per list: (union of the positive counts, intersection of the complements of the negative counts).
        let mut per_list: BTreeMap<usize, Sides> = BTreeMap::new();
        for (slot, sign) in inputs {
            let Some((list, counted)) = report.fed.iter().find(|f| f.slot == slot).and_then(|f| f.counted.as_ref())
            else {
                continue;
            };
            if sign == 0 {
                continue;
            }
            let n = counted.len();
            let entry = per_list.entry(*list).or_insert_with(|| (vec![false; n], None, vec![false; n], None));
            let (union, complement) =
                if sign > 0 { (&mut entry.0, &mut entry.1) } else { (&mut entry.2, &mut entry.3) };
            for (i, c) in counted.iter().enumerate() {
                union[i] |= *c;
            }
            let complement = complement.get_or_insert_with(|| vec![true; n]);
            for (i, c) in counted.iter().enumerate() {
                complement[i] &= !*c;
            }
            let fields = filter_fields(rules, slot);
            let chosen_fields = &mut chosen.entry(*list).or_insert_with(|| (vec![false; n], Vec::new())).1;
            for field in fields {
                if !chosen_fields.contains(&field) {
                    chosen_fields.push(field);
                }
            }
        }
        for (list, (pos_union, pos_none, neg_union, neg_none)) in per_list {
            let n = pos_union.len();
            let picked = &mut chosen.entry(list).or_insert_with(|| (vec![false; n], Vec::new())).0;
            for i in 0..n {
                let take = if large {
                    pos_union[i] || neg_none.as_ref().is_some_and(|c| c[i])
                } else {
                    pos_none.as_ref().is_some_and(|c| c[i]) || neg_union[i]
                };
                picked[i] |= take;
            }
        }
    }
    let mut items = Vec::new();
    for (list, (picked, fields)) in chosen {
        let def = &rules.lists[list];
        let given = lists.get(&def.id);
        for (i, _) in picked.iter().enumerate().filter(|(_, p)| **p) {
            let item = given.and_then(|items| items.get(i));
            // An empty item counts nowhere, so it decides nothing.
            if item.is_none_or(|it| it.values().all(|t| t.trim().is_empty())) {
                continue;
            }
            let name = def
                .fields
                .iter()
                .find(|f| f.ty == FieldType::Text)
                .and_then(|f| item.and_then(|it| it.get(&f.id)))
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty());
            let details = fields
                .iter()
                .filter_map(|f| def.fields.get(*f))
                .map(|field| {
                    let text = item.and_then(|it| it.get(&field.id)).map(String::as_str).unwrap_or("");
                    ItemDetail { field: field.name.clone(), value: field_text(rules, field, text) }
                })
                .collect();
            items.push(DecidingItem { list: def.id.clone(), index: i + 1, item: def.item.clone(), name, details });
        }
    }
    items
}

/// The fields a list-fed fact's count condition reads.
fn filter_fields(rules: &RuleSet, slot: u32) -> Vec<usize> {
    let mut fields = Vec::new();
    for feed in rules.feeds.iter().filter(|f| f.slot == slot) {
        for aggregate in &feed.aggregates {
            let count = rules.lists[aggregate.list].fields.len();
            if let Some(filter) = &aggregate.filter {
                for local in filter.facts() {
                    let local = *local as usize;
                    if local < count && !fields.contains(&local) {
                        fields.push(local);
                    }
                }
            }
        }
    }
    fields
}

/// A field's value as people read it: a choice's name, yes/no, the number as typed (also the form's annex).
pub fn field_text(rules: &RuleSet, field: &crate::ruleset::ListField, text: &str) -> Text {
    let Some(fact) = &field.as_fact else { return Text::new(text.trim(), text.trim()) };
    match crate::input::parse_value(rules, fact, text) {
        Ok(Some(value)) => match field.ty {
            FieldType::Choice => fact.choices.get(value.floor() as usize).map(|c| c.name.clone()).unwrap_or_default(),
            FieldType::Bool if value.is_zero() => Text::new("không", "no"),
            FieldType::Bool => Text::new("có", "yes"),
            _ if field.style() == NumStyle::Percent => {
                Text::new(value.display_percent(Lang::Vi, 2), value.display_percent(Lang::En, 2))
            }
            _ => Text::new(value.display(Lang::Vi, 2), value.display(Lang::En, 2)),
        },
        Ok(None) => Text::new("(trống)", "(empty)"),
        Err(_) => Text::new(text.trim(), text.trim()),
    }
}

#[cfg(test)]
mod checklist_tests;
#[cfg(test)]
mod tests;
