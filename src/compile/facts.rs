//! `[[fact]]`: the input facts, in slots `0..input_count`: type, choices, range, default, subject kinds.

use std::collections::HashSet;

use super::Compiler;
use super::fields::subject_set;
use super::reporter::Reporter;
use crate::diag::Code;
use crate::doc::ChoiceDoc;
use crate::num::Num;
use crate::ruleset::{Choice, Fact, FactOrigin, FactType};
use crate::toml_doc::{Spanned, Value};

pub(super) fn compile(c: &mut Compiler) {
    let doc = c.doc;
    for (i, f) in doc.fact.iter().enumerate() {
        let path = format!("fact[{i}]");
        c.diag.check_id(&f.id, &path);
        if c.rules.fact_index.contains_key(f.id.get_ref()) {
            c.diag.duplicate(&f.id, &path);
            continue;
        }
        let ty = FactType::from(f.ty);
        let (choices, min, max, default) =
            shape(&mut c.diag, &f.id, ty, &f.values, (f.min, f.max), f.default.as_ref(), &path);
        let subjects = subject_set(&mut c.diag, &f.subjects, &c.subject_ids, c.all_subjects, &path);
        c.rules.fact_index.insert(f.id.get_ref().clone(), c.rules.facts.len() as u32);
        c.rules.facts.push(Fact {
            id: f.id.get_ref().clone(),
            name: f.name.clone(),
            help: f.help.clone(),
            origin: FactOrigin::Input,
            ty,
            unit: f.unit.clone(),
            min,
            max,
            default,
            choices,
            subjects,
            group: f.group.clone(),
            aliases: f.aliases.clone(),
            used: false,
            when_zero: f.when_zero.clone(),
            from_list: f.from_list.as_ref().map(|text| text.get_ref().clone()),
        });
    }
    c.rules.input_count = c.rules.facts.len();
}

/// A typed value's shape, shared by facts and list fields: its choices (checked), range (a percent's in fractions)
/// and default (checked against both).
pub(super) fn shape(
    diag: &mut Reporter,
    id: &Spanned<String>,
    ty: FactType,
    values: &[ChoiceDoc],
    range: (Option<Num>, Option<Num>),
    default: Option<&Spanned<Value>>,
    path: &str,
) -> (Vec<Choice>, Option<Num>, Option<Num>, Option<Num>) {
    let mut choices = Vec::new();
    if ty == FactType::Choice {
        let mut seen = HashSet::new();
        if values.is_empty() {
            diag.push(
                Code::EnumValues,
                id.span().start,
                format!("{path}.values"),
                "dữ kiện lựa chọn cần danh sách `values`",
                "a choice fact needs its `values`",
            );
        }
        for value in values {
            if !seen.insert(value.id.clone()) {
                diag.push(
                    Code::EnumValues,
                    id.span().start,
                    format!("{path}.values"),
                    format!("giá trị `{}` bị lặp", value.id),
                    format!("value `{}` is repeated", value.id),
                );
            }
            choices.push(Choice { id: value.id.clone(), name: value.name.clone(), aliases: value.aliases.clone() });
        }
    } else if !values.is_empty() {
        diag.push(
            Code::EnumValues,
            id.span().start,
            format!("{path}.values"),
            "chỉ dữ kiện kiểu `choice` mới có `values`",
            "only a `choice` fact has `values`",
        );
    }
    let (min, max) = match ty {
        FactType::Percent => (range.0.map(Num::percent), range.1.map(Num::percent)),
        _ => range,
    };
    if let (Some(lo), Some(hi)) = (min, max) {
        if lo > hi {
            diag.push(
                Code::FactRange,
                id.span().start,
                path.to_string(),
                "`min` lớn hơn `max`",
                "`min` is above `max`",
            );
        }
    }
    let default = default.and_then(|value| fact_default(diag, value, ty, &choices, min, max, path));
    (choices, min, max, default)
}

/// Read a fact's default from its TOML value (any type: checked here against the fact's).
fn fact_default(
    diag: &mut Reporter,
    value: &Spanned<Value>,
    ty: FactType,
    choices: &[Choice],
    min: Option<Num>,
    max: Option<Num>,
    path: &str,
) -> Option<Num> {
    let path = format!("{path}.default");
    let number = match (ty, value.get_ref()) {
        (FactType::Bool, Value::Boolean(b)) => Some(if *b { Num::ONE } else { Num::ZERO }),
        (FactType::Choice, Value::String(s)) => choices.iter().position(|c| c.id == *s).map(|i| Num::int(i as i64)),
        (FactType::Number | FactType::Integer | FactType::Percent, Value::Integer(i)) => Some(Num::int(*i)),
        (FactType::Number | FactType::Integer | FactType::Percent, Value::Float(f)) => crate::toml_doc::float_num(f),
        (FactType::Number | FactType::Integer | FactType::Percent, Value::String(s)) => Num::parse(s).ok(),
        _ => None,
    };
    let number = number.map(|n| {
        if ty == FactType::Percent && !value.get_ref().as_str().is_some_and(|s| s.contains('%')) {
            Num::percent(n)
        } else {
            n
        }
    });
    match number {
        None => {
            diag.push(
                Code::BadDefault,
                value.span().start,
                path,
                "giá trị mặc định không đúng kiểu",
                "the default does not fit the fact's type",
            );
            None
        }
        Some(n) if min.is_some_and(|lo| n < lo) || max.is_some_and(|hi| n > hi) => {
            diag.push(
                Code::FactRange,
                value.span().start,
                path,
                "giá trị mặc định nằm ngoài khoảng cho phép",
                "the default is out of range",
            );
            None
        }
        Some(n) => Some(n),
    }
}
