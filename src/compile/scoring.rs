//! `[scoring]`: the fact that is the score, its maximum, the facts it is the sum of, and its source.

use super::Compiler;
use super::fields::provenance;
use crate::diag::Code;
use crate::ruleset::{FactType, Scoring};

pub(super) fn compile(c: &mut Compiler) {
    let doc = c.doc;
    let Some(s) = &doc.scoring else { return };
    let slot = match c.rules.fact_index.get(s.score.get_ref()) {
        Some(slot) => *slot,
        None => {
            c.diag.push(
                Code::UnknownFact,
                c.diag.string_body(s.score.span().start),
                "scoring.score",
                format!("không có dữ kiện `{}`", s.score.get_ref()),
                format!("there is no fact `{}`", s.score.get_ref()),
            );
            return;
        }
    };
    if !matches!(c.rules.facts[slot as usize].ty, FactType::Number | FactType::Integer) {
        c.diag.push(
            Code::ScoreNotNumber,
            s.score.span().start,
            "scoring.score",
            "điểm phải là một số",
            "the score must be a number",
        );
    }
    let mut parts = Vec::new();
    for (i, part) in s.parts.iter().enumerate() {
        match c.rules.fact_index.get(part.get_ref()) {
            Some(slot) => parts.push(*slot),
            None => c.diag.push(
                Code::UnknownFact,
                c.diag.string_body(part.span().start),
                format!("scoring.parts[{i}]"),
                format!("không có dữ kiện `{}`", part.get_ref()),
                format!("there is no fact `{}`", part.get_ref()),
            ),
        }
    }
    let source = provenance(&mut c.diag, &s.source, &c.rules.documents, s.score.span().start, "scoring", true);
    c.rules.scoring = Some(Scoring { slot, max: s.max, parts, source, needs: 0 });
}
