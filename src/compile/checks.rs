//! `[[check]]`: consistency checks between facts, rules that must hold or the facts contradict each other, with
//! the input facts where a failure is shown; a source is optional.

use super::Compiler;
use super::rules::{RuleKind, compile_rule};
use crate::diag::Code;
use crate::ruleset::Check;

pub(super) fn compile(c: &mut Compiler) {
    let doc = c.doc;
    for (i, check) in doc.check.iter().enumerate() {
        let path = format!("check[{i}]");
        let rule = compile_rule(c, check, path.clone(), RuleKind::Check);
        let facts = check.facts.as_ref().map(|f| f.get_ref().as_slice()).unwrap_or_default();
        let unknown = facts
            .iter()
            .find(|id| c.rules.fact_index.get(*id).is_none_or(|slot| *slot as usize >= c.rules.input_count));
        if facts.is_empty() || unknown.is_some() {
            let name = unknown.map(String::as_str).unwrap_or("");
            c.diag.push(
                Code::CheckFacts,
                check.facts.as_ref().map_or(check.id.span().start, |f| f.span().start),
                format!("{path}.facts"),
                format!("cần nêu các dữ kiện nhập để hiện lỗi bên cạnh; `{name}` không phải dữ kiện nhập"),
                format!("name the input facts to show the error beside; `{name}` is not an input fact"),
            );
        }
        if let Some(rule) = rule {
            c.rules.checks.push(Check { rule, facts: facts.to_vec(), sourced: check.source.is_some() });
        }
    }
}
