//! `[[level.condition]]`: what a level requires besides its score band; the lowest level has none.

use super::Compiler;
use super::rules::{RuleKind, compile_rule};
use crate::diag::Code;
use crate::doc::EmptyShare;
use crate::ruleset::Rule;

pub(super) fn compile(c: &mut Compiler) {
    let doc = c.doc;
    let empty_share_holds = c.rules.empty_share == EmptyShare::Neutral;
    for (li, l) in doc.level.iter().enumerate() {
        let conditions: Vec<Rule> = l
            .condition
            .iter()
            .enumerate()
            .filter_map(|(ci, r)| compile_rule(c, r, format!("level[{li}].condition[{ci}]"), RuleKind::Plain))
            .map(|mut rule| {
                // A case that compares a share of nothing never applies (the default); a level condition counts
                // as the rule set's declared choice.
                rule.expr.set_empty_share_holds(empty_share_holds);
                rule
            })
            .collect();
        if li + 1 == doc.level.len() && !conditions.is_empty() {
            c.diag.push(
                Code::LowestHasBand,
                l.id.span().start,
                format!("level[{li}].condition"),
                "mức thấp nhất không có điều kiện: nó nhận mọi trường hợp còn lại",
                "the lowest level has no conditions: it takes every remaining case",
            );
        }
        if let Some(level) = c.rules.levels.get_mut(li) {
            level.conditions = conditions;
        }
    }
}
