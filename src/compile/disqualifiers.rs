//! `[[disqualifier]]`: the cases that put a subject in the lowest level, each with an optional claim of mitigation
//! (when it holds, the subject is referred to the competent level).

use super::Compiler;
use super::rules::{RuleKind, compile_rule};

pub(super) fn compile(c: &mut Compiler) {
    let doc = c.doc;
    let disqualifiers = doc
        .disqualifier
        .iter()
        .enumerate()
        .filter_map(|(i, r)| compile_rule(c, r, format!("disqualifier[{i}]"), RuleKind::Disqualifier))
        .collect();
    c.rules.disqualifiers = disqualifiers;
}
