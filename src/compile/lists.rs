//! `[[list]]` with its `[[list.field]]`s, and the facts' `from_list` computations (see [`crate::lists`]).
//!
//! A computation is written in the expression language with aggregates over lists: `count(list where c)`,
//! `share(list where c)`, `sum(list [where c], v)`, `mean(list [where c], v [, w])`. Each `where` is turned into a
//! comma of the same width before parsing (so every column stays where it was written), each aggregate is compiled
//! on its own (item fields and input facts as names) and replaced by a slot of the outer expression.

use std::cell::RefCell;
use std::collections::HashMap;

use super::Compiler;
use super::facts::shape;
use super::fields::{provenance, subject_set};
use crate::diag::Code;
use crate::doc::{FieldTypeDoc, RoundOn};
use crate::expr::{self, Ast, AstKind, Expr, FactInfo, NumStyle, Type};
use crate::lang::{Lang, Text};
use crate::lists::{Aggregate, AggregateKind, Feed};
use crate::num::Num;
use crate::ruleset::{Choice, Fact, FactOrigin, FactType, FieldType, ListDef, ListField, ListItem, SubjectSet};
use crate::toml_doc::Spanned;

/// The most decimals a computation may round to.
const MAX_ROUND_DIGITS: u64 = 9;

pub(super) fn compile(c: &mut Compiler) {
    declare(c);
    feeds(c);
}

/// `[[list]]`: each list, its fields typed as facts are (and `text`).
fn declare(c: &mut Compiler) {
    let doc = c.doc;
    for (i, l) in doc.list.iter().enumerate() {
        let path = format!("list[{i}]");
        c.diag.check_id(&l.id, &path);
        if c.rules.lists.iter().any(|other| other.id == *l.id.get_ref()) {
            c.diag.duplicate(&l.id, &path);
            continue;
        }
        let subjects = subject_set(&mut c.diag, &l.subjects, &c.subject_ids, c.all_subjects, &path);
        let source = provenance(&mut c.diag, &l.source, &c.rules.documents, l.id.span().start, &path, false);
        let mut fields: Vec<ListField> = Vec::new();
        for (j, f) in l.field.iter().enumerate() {
            let path = format!("{path}.field[{j}]");
            c.diag.check_id(&f.id, &path);
            if fields.iter().any(|other| other.id == *f.id.get_ref()) {
                c.diag.duplicate(&f.id, &path);
                continue;
            }
            let field = match f.ty {
                FieldTypeDoc::Text => {
                    if f.min.is_some() || f.max.is_some() || !f.choices.is_empty() || f.default.is_some() {
                        c.diag.push(
                            Code::InvalidValue,
                            f.id.span().start,
                            path.clone(),
                            "trường kiểu `text` không có `min`, `max`, `default` hay `choices`",
                            "a `text` field has no `min`, `max`, `default` or `choices`",
                        );
                    }
                    ListField {
                        id: f.id.get_ref().clone(),
                        name: f.name.clone(),
                        help: f.help.clone(),
                        ty: FieldType::Text,
                        unit: f.unit.clone(),
                        min: None,
                        max: None,
                        default: None,
                        choices: Vec::new(),
                        as_fact: None,
                    }
                }
                FieldTypeDoc::Fact(ty) => {
                    let ty = FactType::from(ty);
                    let (choices, min, max, default) =
                        shape(&mut c.diag, &f.id, ty, &f.choices, (f.min, f.max), f.default.as_ref(), &path);
                    let as_fact = Fact {
                        id: f.id.get_ref().clone(),
                        name: f.name.clone(),
                        help: None,
                        origin: FactOrigin::Input,
                        ty,
                        unit: None,
                        min,
                        max,
                        default,
                        choices: choices.clone(),
                        subjects,
                        group: None,
                        aliases: Vec::new(),
                        used: true,
                        when_zero: None,
                        from_list: None,
                    };
                    ListField {
                        id: f.id.get_ref().clone(),
                        name: f.name.clone(),
                        help: f.help.clone(),
                        ty: field_type(ty),
                        unit: f.unit.clone(),
                        min,
                        max,
                        default,
                        choices,
                        as_fact: Some(as_fact),
                    }
                }
            };
            fields.push(field);
        }
        let (items, max_field) = checklist(c, l, subjects, &mut fields, &path);
        c.rules.lists.push(ListDef {
            id: l.id.get_ref().clone(),
            name: l.name.clone(),
            item: l.item.clone(),
            help: l.help.clone(),
            subjects,
            fields,
            source,
            items,
            max_field,
        });
    }
}

fn field_type(ty: FactType) -> FieldType {
    match ty {
        FactType::Number => FieldType::Number,
        FactType::Integer => FieldType::Integer,
        FactType::Percent => FieldType::Percent,
        FactType::Bool => FieldType::Bool,
        FactType::Choice => FieldType::Choice,
    }
}

/// The facts' `from_list` (and `from_list_for`) computations.
fn feeds(c: &mut Compiler) {
    let doc = c.doc;
    // The input facts by id, with their types: what a computation may read besides the lists.
    let inputs: HashMap<String, (u32, Type)> = c
        .rules
        .facts
        .iter()
        .enumerate()
        .map(|(slot, fact)| (fact.id.clone(), (slot as u32, fact.expr_type())))
        .collect();
    for (i, f) in doc.fact.iter().enumerate() {
        if f.from_list.is_none() && f.from_list_for.is_none() {
            if f.from_list_round.is_some() || f.from_list_source.is_some() {
                c.diag.push(
                    Code::InvalidValue,
                    f.id.span().start,
                    format!("fact[{i}]"),
                    "`from_list_round` và `from_list_source` chỉ đi cùng `from_list`",
                    "`from_list_round` and `from_list_source` only go with `from_list`",
                );
            }
            continue;
        }
        let path = format!("fact[{i}]");
        let Some(&slot) = c.rules.fact_index.get(f.id.get_ref()) else { continue };
        if slot as usize >= c.rules.facts.len() || c.rules.facts[slot as usize].id != *f.id.get_ref() {
            continue;
        }
        let round = f.from_list_round.map(|r| {
            if r.digits > MAX_ROUND_DIGITS {
                c.diag.push(
                    Code::InvalidValue,
                    f.id.span().start,
                    format!("{path}.from_list_round.digits"),
                    format!("làm tròn tối đa {MAX_ROUND_DIGITS} chữ số thập phân"),
                    format!("at most {MAX_ROUND_DIGITS} decimals"),
                );
            }
            (r.digits.min(MAX_ROUND_DIGITS) as u32, r.on)
        });
        let source = provenance(&mut c.diag, &f.from_list_source, &c.rules.documents, f.id.span().start, &path, false);
        let fact_subjects = c.rules.facts[slot as usize].subjects;
        let mut rest = fact_subjects;
        if let Some(per_kind) = &f.from_list_for {
            for (kind, text) in per_kind.get_ref() {
                let Some(&index) = c.subject_ids.get(kind) else {
                    let known: Vec<&str> = c.rules.subjects.iter().map(|s| s.id.as_str()).collect();
                    c.diag.push(
                        Code::UnknownSubject,
                        per_kind.span().start,
                        format!("{path}.from_list_for"),
                        format!("không có loại đối tượng `{kind}`; các loại: {}", known.join(", ")),
                        format!("there is no subject kind `{kind}`; the kinds are: {}", known.join(", ")),
                    );
                    continue;
                };
                let subjects = SubjectSet(fact_subjects.0 & (1 << index));
                rest = SubjectSet(rest.0 & !(1 << index));
                let path = format!("{path}.from_list_for.{kind}");
                if let Some(feed) = feed(c, &inputs, slot, text, subjects, round, source.clone(), &path) {
                    c.rules.feeds.push(feed);
                }
            }
        }
        if let Some(text) = &f.from_list {
            let path = format!("{path}.from_list");
            if let Some(feed) = feed(c, &inputs, slot, text, rest, round, source.clone(), &path) {
                c.rules.feeds.push(feed);
            }
        }
    }
}

/// Turn each whole word `where` outside quotes into a comma and spaces of the same width; the offsets of the commas.
fn mask_where(text: &str) -> (String, Vec<usize>) {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut commas = Vec::new();
    let mut quote: Option<char> = None;
    let mut i = 0;
    while i < text.len() {
        let Some(ch) = text[i..].chars().next() else { break };
        if let Some(q) = quote {
            if ch == q {
                quote = None;
            }
        } else if ch == '\'' || ch == '"' {
            quote = Some(ch);
        } else if text[i..].starts_with("where") {
            let before = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
            let after = bytes.get(i + 5).is_none_or(|b| !(b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.'));
            if before && after {
                out.push_str(",    ");
                commas.push(i);
                i += 5;
                continue;
            }
        }
        out.push(ch);
        i += ch.len_utf8();
    }
    (out, commas)
}

#[allow(clippy::too_many_arguments)]
fn feed(
    c: &mut Compiler,
    inputs: &HashMap<String, (u32, Type)>,
    slot: u32,
    spanned: &Spanned<String>,
    subjects: SubjectSet,
    round: Option<(u32, RoundOn)>,
    source: Option<crate::ruleset::Provenance>,
    path: &str,
) -> Option<Feed> {
    let body = c.diag.string_body(spanned.span().start);
    let (text, wheres) = mask_where(spanned.get_ref());
    let mut ast = match expr::parse(&text) {
        Ok(ast) => ast,
        Err(error) => {
            let code = if error.too_deep { Code::ExprTooDeep } else { Code::ExprSyntax };
            c.diag.push(code, body + error.offset, path, error.message_vi, error.message_en);
            return None;
        }
    };
    let mut aggregates: Vec<(Aggregate, NumStyle)> = Vec::new();
    let mut failed = false;
    extract(c, inputs, &text, &wheres, &mut ast, &mut aggregates, &mut failed, body, path);
    if failed {
        return None;
    }
    if aggregates.is_empty() {
        c.diag.push(
            Code::ExprType,
            body,
            path,
            "`from_list` cần ít nhất một phép gộp: count(…), share(…), sum(…) hoặc mean(…) trên một danh sách",
            "`from_list` needs an aggregate over a list: count(…), share(…), sum(…) or mean(…)",
        );
        return None;
    }
    // The lists must apply to every subject kind the computation is for.
    for (aggregate, _) in &aggregates {
        let list = &c.rules.lists[aggregate.list];
        if !list.subjects.is_superset_of(subjects) {
            let missing: Vec<&str> = c
                .rules
                .subjects
                .iter()
                .enumerate()
                .filter(|(k, _)| subjects.contains(*k) && !list.subjects.contains(*k))
                .map(|(_, s)| s.id.as_str())
                .collect();
            c.diag.push(
                Code::UnknownFact,
                body,
                path,
                format!("danh sách `{}` không dùng cho {}; giới hạn `subjects`", list.id, missing.join(", ")),
                format!("the list `{}` does not apply to {}; narrow the `subjects`", list.id, missing.join(", ")),
            );
            return None;
        }
    }
    let count = aggregates.len() as u32;
    let facts: RefCell<Vec<u32>> = RefCell::new(Vec::new());
    let styles: Vec<NumStyle> = aggregates.iter().map(|(_, style)| *style).collect();
    let resolve = |name: &str| -> Option<FactInfo> {
        if let Some(k) = name.strip_prefix('\u{1}').and_then(|k| k.parse::<usize>().ok()) {
            return styles.get(k).map(|style| FactInfo { slot: k as u32, ty: Type::Num(*style) });
        }
        input_fact(inputs, &facts, name, count)
    };
    let outer = match expr::compile(spanned.get_ref(), &ast, &resolve) {
        Ok(outer) => outer,
        Err(error) => {
            let code = match error.kind {
                expr::CheckErrorKind::UnknownName => Code::UnknownFact,
                expr::CheckErrorKind::Type => Code::ExprType,
            };
            c.diag.push(code, body + error.span.0, path, error.message_vi, error.message_en);
            return None;
        }
    };
    let declared = c.rules.facts[slot as usize].ty;
    let fits = matches!(
        (outer.ty(), declared),
        (Type::Bool, FactType::Bool) | (Type::Num(_), FactType::Number | FactType::Integer | FactType::Percent)
    );
    if !fits {
        c.diag.push(
            Code::ExprType,
            body,
            path,
            "kiểu của phép tính từ danh sách không khớp với `type` của dữ kiện",
            "the type of the computation from lists does not match the fact's `type`",
        );
        return None;
    }
    let facts = facts.into_inner();
    let feed = Feed {
        slot,
        subjects,
        outer,
        aggregates: aggregates.into_iter().map(|(a, _)| a).collect(),
        facts,
        round,
        source,
    };
    checklist_maxima(c, &feed, body, path);
    Some(feed)
}

/// Replace each aggregate call of `ast` (not inside another) by a name `\u{1}k`, compiling it into `aggregates`.
#[allow(clippy::too_many_arguments)]
fn extract(
    c: &mut Compiler,
    inputs: &HashMap<String, (u32, Type)>,
    text: &str,
    wheres: &[usize],
    ast: &mut Ast,
    aggregates: &mut Vec<(Aggregate, NumStyle)>,
    failed: &mut bool,
    body: usize,
    path: &str,
) {
    let span = ast.span;
    let list = match &ast.kind {
        AstKind::Call(name, arguments) if matches!(name.as_str(), "count" | "share" | "sum" | "mean") => {
            match arguments.first().map(|a| &a.kind) {
                Some(AstKind::Name(list)) => c.rules.list_index(list).map(|index| (name.clone(), index)),
                _ => None,
            }
        }
        _ => None,
    };
    if let Some((name, list)) = list {
        let AstKind::Call(_, arguments) = &mut ast.kind else { return };
        let arguments = std::mem::take(arguments);
        let has_where =
            arguments.len() >= 2 && wheres.iter().any(|w| *w >= arguments[0].span.1 && *w < arguments[1].span.0);
        match aggregate(c, inputs, text, &name, list, arguments, has_where, span, body, path) {
            Some((aggregate, style)) => {
                ast.kind = AstKind::Name(format!("\u{1}{}", aggregates.len()));
                aggregates.push((aggregate, style));
            }
            None => *failed = true,
        }
        return;
    }
    let mut visit = |child: &mut Ast| extract(c, inputs, text, wheres, child, aggregates, failed, body, path);
    match &mut ast.kind {
        AstKind::Neg(inner) | AstKind::Not(inner) => visit(inner),
        AstKind::Arith(_, l, r) | AstKind::Cmp(_, l, r) | AstKind::And(l, r) | AstKind::Or(l, r) => {
            visit(l);
            visit(r);
        }
        AstKind::Call(_, arguments) => arguments.iter_mut().for_each(visit),
        AstKind::Name(name) if c.rules.list_index(name).is_some() => {
            c.diag.push(
                Code::ExprType,
                body + span.0,
                path,
                format!("danh sách `{name}` chỉ dùng trong count(…), share(…), sum(…) hoặc mean(…)"),
                format!("the list `{name}` can only be used inside count(…), share(…), sum(…) or mean(…)"),
            );
            *failed = true;
        }
        _ => {}
    }
}

/// One aggregate call: its arguments checked and compiled over the list's fields.
#[allow(clippy::too_many_arguments)]
fn aggregate(
    c: &mut Compiler,
    inputs: &HashMap<String, (u32, Type)>,
    text: &str,
    name: &str,
    list: usize,
    mut arguments: Vec<Ast>,
    has_where: bool,
    span: (usize, usize),
    body: usize,
    path: &str,
) -> Option<(Aggregate, NumStyle)> {
    let kind = match name {
        "count" => AggregateKind::Count,
        "share" => AggregateKind::Share,
        "sum" => AggregateKind::Sum,
        _ => AggregateKind::Mean,
    };
    // After the list: the condition (with `where`), then the value and weight.
    let rest = arguments.split_off(1);
    let (filter, values) = if has_where {
        let mut rest = rest.into_iter();
        (rest.next(), rest.collect::<Vec<_>>())
    } else {
        (None, rest)
    };
    let shape_ok = match kind {
        AggregateKind::Count => values.is_empty(),
        AggregateKind::Share => filter.is_some() && values.is_empty(),
        AggregateKind::Sum => values.len() == 1,
        AggregateKind::Mean => values.len() == 1 || values.len() == 2,
    };
    if !shape_ok {
        let (vi, en) = match kind {
            AggregateKind::Count => {
                ("count(danh_sách) hoặc count(danh_sách where điều_kiện)", "count(list) or count(list where condition)")
            }
            AggregateKind::Share => ("share(danh_sách where điều_kiện)", "share(list where condition)"),
            AggregateKind::Sum => ("sum(danh_sách [where điều_kiện], giá_trị)", "sum(list [where condition], value)"),
            AggregateKind::Mean => (
                "mean(danh_sách [where điều_kiện], giá_trị [, trọng_số])",
                "mean(list [where condition], value [, weight])",
            ),
        };
        c.diag.push(Code::ExprType, body + span.0, path, format!("viết {vi}"), format!("write {en}"));
        return None;
    }
    let def = &c.rules.lists[list];
    let fields: Vec<(String, Type, bool)> = def
        .fields
        .iter()
        .map(|f| {
            let ty = f.as_fact.as_ref().map(|fact| fact.expr_type()).unwrap_or(Type::Bool);
            (f.id.clone(), ty, f.ty == FieldType::Text)
        })
        .collect();
    let field_count = fields.len() as u32;
    let facts: RefCell<Vec<u32>> = RefCell::new(Vec::new());
    let text_field: RefCell<Option<String>> = RefCell::new(None);
    let resolve = |name: &str| -> Option<FactInfo> {
        if let Some(position) = fields.iter().position(|(id, _, _)| id == name) {
            let (id, ty, is_text) = &fields[position];
            if *is_text {
                *text_field.borrow_mut() = Some(id.clone());
                return None;
            }
            return Some(FactInfo { slot: position as u32, ty: ty.clone() });
        }
        input_fact(inputs, &facts, name, field_count)
    };
    let compile_item = |ast: Option<Ast>, want_bool: bool, c: &mut Compiler| -> Option<Option<Expr>> {
        let Some(mut ast) = ast else { return Some(None) };
        bare_choices(&mut ast, &fields);
        match expr::compile(text, &ast, &resolve) {
            Ok(compiled) => {
                let ok = if want_bool { *compiled.ty() == Type::Bool } else { matches!(compiled.ty(), Type::Num(_)) };
                if !ok {
                    let (vi, en) = compiled.ty().describe();
                    let (want_vi, want_en) =
                        if want_bool { ("đúng/sai", "yes/no") } else { ("một số", "a number") };
                    c.diag.push(
                        Code::ExprType,
                        body + ast.span.0,
                        path,
                        format!("ở đây cần {want_vi}, nhưng đây là {vi}"),
                        format!("{want_en} is needed here, but this is a {en}"),
                    );
                    return None;
                }
                Some(Some(compiled))
            }
            Err(error) => {
                let code = match error.kind {
                    expr::CheckErrorKind::UnknownName => Code::UnknownFact,
                    expr::CheckErrorKind::Type => Code::ExprType,
                };
                let (vi, en) = match text_field.borrow().as_deref() {
                    Some(field) => (
                        format!("trường `{field}` là văn bản, không dùng trong biểu thức"),
                        format!("the field `{field}` is text and cannot be used in an expression"),
                    ),
                    None => (
                        format!("{} (các trường của danh sách: {})", error.message_vi, field_names(&fields)),
                        format!("{} (the list's fields: {})", error.message_en, field_names(&fields)),
                    ),
                };
                c.diag.push(code, body + error.span.0, path, vi, en);
                None
            }
        }
    };
    let mut values = values.into_iter();
    let filter = compile_item(filter, true, c)?;
    let value = compile_item(values.next(), false, c)?;
    let weight = compile_item(values.next(), false, c)?;
    let style = match kind {
        AggregateKind::Count => NumStyle::Plain,
        AggregateKind::Share => NumStyle::Percent,
        AggregateKind::Sum | AggregateKind::Mean => value.as_ref().map_or(NumStyle::Plain, Expr::style),
    };
    Some((Aggregate { kind, list, filter, value, weight, facts: facts.into_inner() }, style))
}

/// An input fact read by a computation: its slot after the `first` local ones, in the order first read.
fn input_fact(
    inputs: &HashMap<String, (u32, Type)>,
    facts: &RefCell<Vec<u32>>,
    name: &str,
    first: u32,
) -> Option<FactInfo> {
    let (fact_slot, ty) = inputs.get(name)?;
    let mut facts = facts.borrow_mut();
    let local = match facts.iter().position(|s| s == fact_slot) {
        Some(p) => p,
        None => {
            facts.push(*fact_slot);
            facts.len() - 1
        }
    };
    Some(FactInfo { slot: first + local as u32, ty: ty.clone() })
}

fn field_names(fields: &[(String, Type, bool)]) -> String {
    fields.iter().map(|(id, _, _)| id.as_str()).collect::<Vec<_>>().join(", ")
}

/// A choice's value may be written bare in an item expression (`status == on_time`): a name that is not a field,
/// compared with a choice field that has that value, is read as the quoted value (before a fact of that name).
fn bare_choices(ast: &mut Ast, fields: &[(String, Type, bool)]) {
    let choice_values = |side: &Ast| -> Option<Vec<String>> {
        let AstKind::Name(name) = &side.kind else { return None };
        match fields.iter().find(|(id, _, _)| id == name).map(|(_, ty, _)| ty) {
            Some(Type::Choice { values, .. }) => Some(values.clone()),
            _ => None,
        }
    };
    let is_bare = |side: &Ast, values: &[String]| match &side.kind {
        AstKind::Name(name) => !fields.iter().any(|(id, _, _)| id == name) && values.contains(name),
        _ => false,
    };
    match &mut ast.kind {
        AstKind::Cmp(_, l, r) => {
            if let Some(values) = choice_values(l) {
                if is_bare(r, &values) {
                    if let AstKind::Name(name) = &r.kind {
                        r.kind = AstKind::Str(name.clone());
                    }
                }
            } else if let Some(values) = choice_values(r) {
                if is_bare(l, &values) {
                    if let AstKind::Name(name) = &l.kind {
                        l.kind = AstKind::Str(name.clone());
                    }
                }
            }
        }
        AstKind::Neg(inner) | AstKind::Not(inner) => bare_choices(inner, fields),
        AstKind::Arith(_, l, r) | AstKind::And(l, r) | AstKind::Or(l, r) => {
            bare_choices(l, fields);
            bare_choices(r, fields);
        }
        AstKind::Call(_, arguments) => arguments.iter_mut().for_each(|a| bare_choices(a, fields)),
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Checklists: a list whose items the rule set fixes (`[[list.items]]`: the annex's criteria), scored by the person.

/// The id of the field a checklist gets first: which of the items a row is (a choice of the items' ids), so a
/// computation can pick items (`sum(common_criteria where item == politics, points)`).
pub const CHECKLIST_ITEM_FIELD: &str = "item";

/// A checklist's items, checked, with the `item` field put first in `fields`; and the field their `max` bounds.
fn checklist(
    c: &mut Compiler,
    l: &crate::doc::ListDoc,
    subjects: SubjectSet,
    fields: &mut Vec<ListField>,
    path: &str,
) -> (Vec<ListItem>, Option<usize>) {
    if l.items.is_empty() {
        if let Some(max_field) = &l.max_field {
            c.diag.push(
                Code::InvalidValue,
                max_field.span().start,
                format!("{path}.max_field"),
                "`max_field` chỉ dùng cho danh sách có các mục cố định (`[[list.items]]`)",
                "`max_field` only goes with a list of fixed items (`[[list.items]]`)",
            );
        }
        return (Vec::new(), None);
    }
    let mut items: Vec<ListItem> = Vec::new();
    for (k, item) in l.items.iter().enumerate() {
        let path = format!("{path}.items[{k}]");
        c.diag.check_id(&item.id, &path);
        if items.iter().any(|other| other.id == *item.id.get_ref()) {
            c.diag.duplicate(&item.id, &path);
            continue;
        }
        let item_subjects = subject_set(&mut c.diag, &item.subjects, &c.subject_ids, subjects, &path);
        if !subjects.is_superset_of(item_subjects) {
            c.diag.push(
                Code::UnknownSubject,
                item.id.span().start,
                format!("{path}.subjects"),
                "mục của danh sách chỉ dùng cho các loại đối tượng của danh sách",
                "an item may only be for the list's own subject kinds",
            );
        }
        let max = item.max.as_ref().map(|m| *m.get_ref());
        if max.is_some_and(|m| m.is_negative()) {
            c.diag.push(
                Code::FactRange,
                item.id.span().start,
                format!("{path}.max"),
                "điểm tối đa của mục không được âm",
                "an item's max cannot be negative",
            );
        }
        items.push(ListItem {
            id: item.id.get_ref().clone(),
            name: item.name.clone(),
            help: item.help.clone(),
            subjects: SubjectSet(item_subjects.0 & subjects.0),
            max,
        });
    }
    let without: Vec<&str> = items.iter().filter(|i| i.max.is_none()).map(|i| i.id.as_str()).collect();
    if !without.is_empty() && without.len() < items.len() {
        c.diag.push(
            Code::ChecklistMax,
            l.id.span().start,
            format!("{path}.items"),
            format!(
                "các mục {} chưa có `max` trong khi mục khác có: cho mọi mục một `max`, hoặc bỏ hết",
                without.join(", ")
            ),
            format!("the items {} have no `max` while others do: give every item a `max`, or none", without.join(", ")),
        );
    }
    if fields.iter().any(|f| f.id == CHECKLIST_ITEM_FIELD) {
        c.diag.push(
            Code::DuplicateId,
            l.id.span().start,
            format!("{path}.field"),
            format!("danh sách có các mục cố định đã có sẵn trường `{CHECKLIST_ITEM_FIELD}` (mục nào); đặt tên khác"),
            format!("a list of fixed items has its own field `{CHECKLIST_ITEM_FIELD}` (which item); rename yours"),
        );
    }
    let choices: Vec<Choice> =
        items.iter().map(|i| Choice { id: i.id.clone(), name: i.name.clone(), aliases: Vec::new() }).collect();
    let as_fact = Fact {
        id: CHECKLIST_ITEM_FIELD.to_string(),
        name: Text::new("Nội dung", "Item"),
        help: None,
        origin: FactOrigin::Input,
        ty: FactType::Choice,
        unit: None,
        min: None,
        max: None,
        default: None,
        choices: choices.clone(),
        subjects,
        group: None,
        aliases: Vec::new(),
        used: true,
        when_zero: None,
        from_list: None,
    };
    fields.insert(
        0,
        ListField {
            id: CHECKLIST_ITEM_FIELD.to_string(),
            name: as_fact.name.clone(),
            help: None,
            ty: FieldType::Choice,
            unit: None,
            min: None,
            max: None,
            default: None,
            choices,
            as_fact: Some(as_fact),
        },
    );
    let max_field = match &l.max_field {
        None => {
            if let Some(item) = l.items.iter().find(|i| i.max.is_some()) {
                c.diag.push(
                    Code::MissingField,
                    item.id.span().start,
                    format!("{path}.max_field"),
                    "mục có `max` thì danh sách cần `max_field` (trường mà `max` giới hạn)",
                    "items with a `max` need the list's `max_field` (the field the `max` bounds)",
                );
            }
            None
        }
        Some(name) => {
            let numeric = |f: &ListField| matches!(f.ty, FieldType::Number | FieldType::Integer);
            match fields.iter().position(|f| f.id == *name.get_ref()) {
                Some(index) if numeric(&fields[index]) => {
                    let field_max = fields[index].max;
                    for item in &items {
                        if let (Some(max), Some(field_max)) = (item.max, field_max) {
                            if max > field_max {
                                c.diag.push(
                                    Code::FactRange,
                                    name.span().start,
                                    format!("{path}.items"),
                                    format!(
                                        "mục `{}` tối đa {}, hơn `max` của trường",
                                        item.id,
                                        max.display(Lang::Vi, 2)
                                    ),
                                    format!("item `{}` has a max above the field's `max`", item.id),
                                );
                            }
                        }
                    }
                    Some(index)
                }
                _ => {
                    c.diag.push(
                        Code::InvalidValue,
                        name.span().start,
                        format!("{path}.max_field"),
                        format!("`max_field` phải là một trường số của danh sách, không phải `{}`", name.get_ref()),
                        format!("`max_field` must be a number field of the list, not `{}`", name.get_ref()),
                    );
                    None
                }
            }
        }
    };
    (items, max_field)
}

/// A fact that is the sum of a checklist's scored field (`sum(list [where c], points)`): for each subject kind, the
/// maxima of the items it sums must all be given or all absent, and add up to the fact's `max` (a split of the
/// points that does not add up is a mistake in the rule set, not something a person can fix).
fn checklist_maxima(c: &mut Compiler, feed: &Feed, offset: usize, path: &str) {
    let [aggregate] = feed.aggregates.as_slice() else { return };
    if aggregate.kind != AggregateKind::Sum || !feed.facts.is_empty() {
        return;
    }
    let list = &c.rules.lists[aggregate.list];
    let Some(max_field) = list.max_field else { return };
    if list.items.iter().all(|i| i.max.is_none()) {
        return;
    }
    let fact = &c.rules.facts[feed.slot as usize];
    let mut problems: Vec<(String, String)> = Vec::new();
    for (kind, subject) in c.rules.subjects.iter().enumerate().filter(|(k, _)| feed.subjects.contains(*k)) {
        let mut total = Num::ZERO;
        let mut unbounded: Vec<&str> = Vec::new();
        let mut bounded = 0;
        for (index, item) in list.items_for(kind) {
            let mut buffer = vec![Num::MISSING; list.fields.len() + aggregate.facts.len()];
            buffer[0] = Num::int(index as i64);
            if let Some(filter) = &aggregate.filter {
                if let Ok(false) = filter.holds(&buffer) {
                    continue;
                }
            }
            let Some(max) = item.max else {
                unbounded.push(&item.id);
                continue;
            };
            bounded += 1;
            buffer[max_field] = max;
            // Only a plain sum of the field is checked; a computed value (points × weight) is the rule set's own.
            let Some(value) = aggregate.value.as_ref().and_then(|v| v.eval(&buffer).ok()) else { return };
            let Ok(sum) = total.checked_add(value) else { return };
            total = sum;
        }
        if bounded == 0 {
            continue;
        }
        if !unbounded.is_empty() {
            problems.push((
                format!("với {}, các mục {} chưa có `max` trong khi mục khác có", subject.id, unbounded.join(", ")),
                format!("for {}, the items {} have no `max` while others do", subject.id, unbounded.join(", ")),
            ));
            continue;
        }
        let Ok(total) = feed.outer.eval(&[total]) else { return };
        if fact.max.is_some_and(|max| max != total) {
            let max = fact.max.unwrap_or(Num::ZERO);
            problems.push((
                format!(
                    "với {}, điểm tối đa của các mục cộng lại là {}, nhưng \"{}\" tối đa {}",
                    subject.id,
                    total.display(Lang::Vi, 2),
                    fact.id,
                    max.display(Lang::Vi, 2)
                ),
                format!(
                    "for {}, the items' maxima add up to {}, but \"{}\" is at most {}",
                    subject.id,
                    total.display(Lang::En, 2),
                    fact.id,
                    max.display(Lang::En, 2)
                ),
            ));
        }
    }
    for (vi, en) in problems {
        c.diag.push(Code::ChecklistMax, offset, path, vi, en);
    }
}
