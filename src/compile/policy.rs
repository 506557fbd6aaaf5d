//! `[policy]`: the choices the texts do not make, each with its source: what follows when the score is in a level's
//! band but its conditions fail (`band_fallback`), and how a share of nothing counts (`empty_share`).

use super::Compiler;
use super::fields::provenance;
use crate::diag::Code;
use crate::doc::{BandFallback, EmptyShare};
use crate::expr::Expr;

/// `[policy.band_fallback]`, needed when levels have both a score band and conditions.
pub(super) fn band_fallback(c: &mut Compiler) {
    let doc = c.doc;
    let (band_fallback, band_fallback_source) = match &doc.policy.band_fallback {
        Some(b) => (
            b.choice,
            provenance(&mut c.diag, &Some(b.source.clone()), &c.rules.documents, 0, "policy.band_fallback", true),
        ),
        None => (BandFallback::Cascade, None),
    };
    c.rules.band_fallback = band_fallback;
    c.rules.band_fallback_source = band_fallback_source;
    if doc.policy.band_fallback.is_none()
        && c.rules.levels.iter().any(|l| l.min_score.is_some())
        && doc.level.iter().any(|l| !l.condition.is_empty())
    {
        c.diag.push(
            Code::MissingProvenance,
            0,
            "policy.band_fallback",
            "khi điểm đạt khung của một mức nhưng điều kiện không đạt, văn bản không nói xếp loại thế nào: cần khai báo [policy.band_fallback] với lựa chọn và lý do",
            "when the score is in a level's band but its conditions fail, the texts do not say what follows: declare [policy.band_fallback] with the choice and its reason",
        );
    }
}

/// `[policy.empty_share]`: the choice and its source (whether it is needed is known once the rules are read:
/// [`empty_share_declared`]).
pub(super) fn empty_share(c: &mut Compiler) {
    let doc = c.doc;
    let (empty_share, empty_share_source) = match &doc.policy.empty_share {
        Some(e) => (
            e.choice,
            provenance(&mut c.diag, &Some(e.source.clone()), &c.rules.documents, 0, "policy.empty_share", true),
        ),
        None => (EmptyShare::Neutral, None),
    };
    c.rules.empty_share = empty_share;
    c.rules.empty_share_source = empty_share_source;
}

/// Rules that use `share(…)` need `[policy.empty_share]`.
pub(super) fn empty_share_declared(c: &mut Compiler) {
    let rules = &c.rules;
    let uses_share = rules
        .derived
        .iter()
        .map(|d| &d.expr)
        .chain(rules.not_classified.iter().chain(&rules.disqualifiers).map(|r| &r.expr))
        .chain(rules.levels.iter().flat_map(|l| l.conditions.iter().map(|r| &r.expr)))
        .chain(rules.caps.iter().map(|c| &c.rule.expr))
        .any(Expr::uses_share);
    if uses_share && c.doc.policy.empty_share.is_none() {
        c.diag.push(
            Code::MissingProvenance,
            0,
            "policy.empty_share",
            "quy tắc dùng `share(…)`, nhưng văn bản không nói tỷ lệ trên mẫu số bằng 0 được tính thế nào: cần khai báo [policy.empty_share] với lựa chọn (neutral | not_met) và lý do",
            "the rules use `share(…)`, but the texts do not say how a share of nothing counts: declare [policy.empty_share] with the choice (neutral | not_met) and its reason",
        );
    }
}
