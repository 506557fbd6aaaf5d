//! What every rule has, in whichever section it is written: an id unique among rules and quotas, the subject kinds
//! it applies to, its source, a yes/no expression over facts that apply to those kinds, whether it is switched on,
//! and the fields only some sections have (a disqualifier's `mitigation`, a check's `facts`).

use super::Compiler;
use super::expressions::{bool_expr, check_fact_coverage, expression};
use super::fields::{placeholder_provenance, provenance, subject_set};
use crate::diag::Code;
use crate::doc::RuleDoc;
use crate::ruleset::Rule;

/// The section a rule is read from, for the fields only some sections have.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum RuleKind {
    Plain,
    Disqualifier,
    Check,
}

/// Check and compile one rule at `path`; `None` when its expression (or mitigation) cannot be used (reported).
/// `kind` is the section: a disqualifier may have a `mitigation`, a check its `facts` (and no required source).
pub(super) fn compile_rule(c: &mut Compiler, r: &RuleDoc, path: String, kind: RuleKind) -> Option<Rule> {
    c.diag.check_id(&r.id, &path);
    if !c.rule_ids.insert(r.id.get_ref().clone()) {
        c.diag.duplicate(&r.id, &path);
    }
    let subjects_set = subject_set(&mut c.diag, &r.subjects, &c.subject_ids, c.all_subjects, &path);
    let source =
        provenance(&mut c.diag, &r.source, &c.rules.documents, r.id.span().start, &path, kind != RuleKind::Check);
    for (present, field, allowed) in [
        (r.mitigation.as_ref().map(|m| m.span().start), "mitigation", RuleKind::Disqualifier),
        (r.facts.as_ref().map(|f| f.span().start), "facts", RuleKind::Check),
    ] {
        if let Some(offset) = present.filter(|_| kind != allowed) {
            c.diag.push(
                Code::UnknownField,
                offset,
                format!("{path}.{field}"),
                format!("trường `{field}` không được phép ở đây"),
                format!("unknown field `{field}` here"),
            );
        }
    }
    let expr_path = format!("{path}.expr");
    let expr = expression(c, &r.expr, &expr_path)?;
    if !bool_expr(&mut c.diag, &expr, &r.expr, &expr_path) {
        return None;
    }
    check_fact_coverage(&mut c.diag, &expr, &c.rules.facts, subjects_set, &r.expr, &expr_path, &c.rules.subjects);
    if !r.enabled {
        c.diag.push(
            Code::DisabledRule,
            r.id.span().start,
            path.clone(),
            format!("quy tắc `{}` đang tắt", r.id.get_ref()),
            format!("rule `{}` is switched off", r.id.get_ref()),
        );
    }
    let mitigation = match (&r.mitigation, kind) {
        (Some(text), RuleKind::Disqualifier) => {
            let path = format!("{path}.mitigation");
            let mitigation = expression(c, text, &path)?;
            if !bool_expr(&mut c.diag, &mitigation, text, &path) {
                return None;
            }
            check_fact_coverage(&mut c.diag, &mitigation, &c.rules.facts, subjects_set, text, &path, &c.rules.subjects);
            Some(mitigation)
        }
        _ => None,
    };
    Some(Rule {
        id: r.id.get_ref().clone(),
        name: r.name.clone(),
        help: r.help.clone(),
        expr,
        subjects: subjects_set,
        source: source.unwrap_or_else(placeholder_provenance),
        enabled: r.enabled,
        mitigation,
        needs: 0,
    })
}
