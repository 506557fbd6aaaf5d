//! Which facts the rules read (for forms), and the input facts none reads (`unused-fact`).

use std::collections::HashSet;

use super::Compiler;
use crate::diag::{Code, has_errors};
use crate::ruleset::RuleSet;

pub(super) fn compile(c: &mut Compiler) {
    let doc = c.doc;
    // A fact read only by rules that are switched off is not asked for, but is not unused either: switching the
    // rule on uses it.
    let used = reached(&c.rules, true);
    let used_when_switched_on = reached(&c.rules, false);
    // Facts only a computation from a list reads (a switch such as how deductions add up) are not asked for when the
    // list is not given, but are not unused either.
    let read_by_lists: HashSet<u32> = c.rules.feeds.iter().flat_map(|f| f.facts_read()).collect();
    for slot in &used {
        c.rules.facts[*slot as usize].used = true;
    }
    // After an error, a fact may look unused only because the rule reading it failed to compile: stay quiet.
    let quiet = has_errors(&c.diag.diagnostics);
    for (i, f) in doc.fact.iter().enumerate() {
        if let Some(&slot) = c.rules.fact_index.get(f.id.get_ref()) {
            if !quiet
                && (slot as usize) < c.rules.input_count
                && !used_when_switched_on.contains(&slot)
                && !read_by_lists.contains(&slot)
            {
                c.diag.push(
                    Code::UnusedFact,
                    f.id.span().start,
                    format!("fact[{i}]"),
                    format!("dữ kiện `{}` không được quy tắc nào dùng", f.id.get_ref()),
                    format!("fact `{}` is not used by any rule", f.id.get_ref()),
                );
            }
        }
    }
}

/// The slots read by the rules (only the enabled ones when `enabled`), the checks and the score, directly or
/// through derived facts.
fn reached(rules: &RuleSet, enabled: bool) -> HashSet<u32> {
    let mut reached: HashSet<u32> = HashSet::new();
    let mut pending: Vec<u32> = Vec::new();
    for rule in rules
        .not_classified
        .iter()
        .chain(&rules.disqualifiers)
        .chain(rules.levels.iter().flat_map(|l| &l.conditions))
        .chain(rules.caps.iter().map(|c| &c.rule))
    {
        if rule.enabled || !enabled {
            pending.extend_from_slice(rule.expr.facts());
            if let Some(mitigation) = &rule.mitigation {
                pending.extend_from_slice(mitigation.facts());
            }
        }
    }
    for check in rules.checks.iter().filter(|c| c.rule.enabled || !enabled) {
        pending.extend_from_slice(check.rule.expr.facts());
    }
    if let Some(s) = &rules.scoring {
        pending.push(s.slot);
        pending.extend_from_slice(&s.parts);
    }
    while let Some(slot) = pending.pop() {
        if reached.insert(slot) {
            if let Some(d) = rules.derived.iter().find(|d| d.slot == slot) {
                pending.extend_from_slice(d.expr.facts());
            }
        }
    }
    reached
}
