//! `[[not_classified]]`: the cases where a subject is not classified at all.

use super::Compiler;
use super::rules::{RuleKind, compile_rule};

pub(super) fn compile(c: &mut Compiler) {
    let doc = c.doc;
    let not_classified = doc
        .not_classified
        .iter()
        .enumerate()
        .filter_map(|(i, r)| compile_rule(c, r, format!("not_classified[{i}]"), RuleKind::Plain))
        .collect();
    c.rules.not_classified = not_classified;
}
