//! `[rule_set]`: the header (id, name, version, official, domain) and the review years.

use std::collections::HashMap;

use super::Compiler;
use crate::diag::Code;
use crate::doc::{BandFallback, EmptyShare, RuleSetDoc, YearsDoc};
use crate::ruleset::{RuleSet, YEAR_RANGE, Years};

/// The rule set being built: its header, and nothing else yet.
pub(super) fn header(doc: &RuleSetDoc) -> RuleSet {
    RuleSet {
        id: doc.rule_set.id.get_ref().clone(),
        name: doc.rule_set.name.clone(),
        description: doc.rule_set.description.clone(),
        version: doc.rule_set.version.clone(),
        official: doc.rule_set.official,
        documents: Vec::new(),
        levels: Vec::new(),
        subjects: Vec::new(),
        facts: Vec::new(),
        input_count: 0,
        derived: Vec::new(),
        scoring: None,
        band_fallback: BandFallback::Cascade,
        band_fallback_source: None,
        empty_share: EmptyShare::Neutral,
        empty_share_source: None,
        years: Years::default(),
        domain: doc.rule_set.domain.as_ref().map(|d| *d.get_ref()),
        extends: doc.rule_set.extends.as_ref().map(|e| e.get_ref().clone()),
        not_classified: Vec::new(),
        disqualifiers: Vec::new(),
        caps: Vec::new(),
        quotas: Vec::new(),
        checks: Vec::new(),
        lists: Vec::new(),
        feeds: Vec::new(),
        fact_index: HashMap::new(),
        plans: Vec::new(),
    }
}

/// `id`: a valid id.
pub(super) fn id(c: &mut Compiler) {
    let doc = c.doc;
    c.diag.check_id(&doc.rule_set.id, "rule_set.id");
}

/// `years = { from, to }`: each end a plausible year, `from` not after `to`.
pub(super) fn years(c: &mut Compiler) {
    let doc = c.doc;
    let Some(spanned) = &doc.rule_set.years else { return };
    let at = spanned.span().start;
    let YearsDoc { from, to } = *spanned.get_ref();
    let mut plausible = |end: Option<i64>, name: &str| -> Option<i32> {
        let year = end?;
        match i32::try_from(year) {
            Ok(year) if (YEAR_RANGE.0..=YEAR_RANGE.1).contains(&year) => Some(year),
            _ => {
                c.diag.push(
                    Code::RuleSetYears,
                    at,
                    format!("rule_set.years.{name}"),
                    format!("năm {year} không hợp lý (cần từ {} đến {})", YEAR_RANGE.0, YEAR_RANGE.1),
                    format!("the year {year} is not plausible (it must be {} to {})", YEAR_RANGE.0, YEAR_RANGE.1),
                );
                None
            }
        }
    };
    let years = Years { from: plausible(from, "from"), to: plausible(to, "to") };
    if from.is_none() && to.is_none() {
        c.diag.push(
            Code::RuleSetYears,
            at,
            "rule_set.years",
            "`years` cần ít nhất `from` hoặc `to`",
            "`years` needs at least `from` or `to`",
        );
    }
    if let (Some(from), Some(to)) = (years.from, years.to) {
        if from > to {
            c.diag.push(
                Code::RuleSetYears,
                at,
                "rule_set.years",
                format!("năm bắt đầu ({from}) sau năm kết thúc ({to})"),
                format!("the first year ({from}) is after the last ({to})"),
            );
        }
    }
    c.rules.years = years;
}
