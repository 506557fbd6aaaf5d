//! What evaluation needs, worked out once the rule set has no error: the derived facts each rule reads (computed
//! only when a rule needs them), and for each subject kind the defaults, rules and derived facts that apply to it
//! (so classifying tests no subject sets).

use std::collections::HashMap;

use super::Compiler;
use crate::ruleset::{Derived, KindPlan, Rule};

/// Each rule's, check's and the score's mask of the derived facts it reads, transitively.
pub(super) fn needs(c: &mut Compiler) {
    let rules = &mut c.rules;
    let derived = &rules.derived;
    let mut closure: HashMap<u32, u64> = HashMap::new();
    for (index, d) in derived.iter().enumerate() {
        let own = if index < 64 { 1u64 << index } else { u64::MAX };
        let mask = d.expr.facts().iter().filter_map(|slot| closure.get(slot)).fold(own, |mask, m| mask | m);
        closure.insert(d.slot, mask);
    }
    for rule in rules
        .not_classified
        .iter_mut()
        .chain(rules.disqualifiers.iter_mut())
        .chain(rules.levels.iter_mut().flat_map(|l| l.conditions.iter_mut()))
        .chain(rules.caps.iter_mut().map(|c| &mut c.rule))
    {
        rule.needs = needs_mask(rule.expr.facts(), derived, &closure);
        if let Some(mitigation) = &rule.mitigation {
            rule.needs |= needs_mask(mitigation.facts(), derived, &closure);
        }
    }
    for check in &mut rules.checks {
        check.rule.needs = needs_mask(check.rule.expr.facts(), derived, &closure);
    }
    if let Some(s) = rules.scoring.as_mut() {
        s.needs = needs_mask(&[s.slot], derived, &closure);
    }
}

/// The plan of each subject kind.
pub(super) fn kinds(c: &mut Compiler) {
    let rules = &c.rules;
    let (facts, derived) = (&rules.facts, &rules.derived);
    let plans = (0..rules.subjects.len())
        .map(|kind| KindPlan {
            defaults: facts[..rules.input_count]
                .iter()
                .enumerate()
                .filter(|(_, f)| f.applies_to(kind))
                .filter_map(|(slot, f)| f.default.map(|d| (slot as u32, d)))
                .collect(),
            checks: rules
                .checks
                .iter()
                .enumerate()
                .filter(|(_, c)| c.rule.applies_to(kind))
                .map(|(i, _)| i as u16)
                .collect(),
            not_classified: plan_rules(&rules.not_classified, kind),
            disqualifiers: plan_rules(&rules.disqualifiers, kind),
            conditions: rules.levels.iter().map(|l| plan_rules(&l.conditions, kind)).collect(),
            caps: rules
                .caps
                .iter()
                .enumerate()
                .filter(|(_, c)| c.rule.applies_to(kind))
                .map(|(i, _)| i as u16)
                .collect(),
            derived: if derived.len() > 64 {
                u64::MAX
            } else {
                derived
                    .iter()
                    .enumerate()
                    .filter(|(_, d)| facts[d.slot as usize].applies_to(kind))
                    .fold(0, |m, (i, _)| m | (1 << i))
            },
        })
        .collect();
    c.rules.plans = plans;
}

/// The mask of derived facts (by position in `derived`) that `slots` read, with what those read in turn.
/// With more than 64 derived facts, every rule needs all of them (computed eagerly).
fn needs_mask(slots: &[u32], derived: &[Derived], closure: &HashMap<u32, u64>) -> u64 {
    if derived.len() > 64 {
        return u64::MAX;
    }
    slots.iter().filter_map(|slot| closure.get(slot)).fold(0, |mask, m| mask | m)
}

fn plan_rules(rules: &[Rule], kind: usize) -> Vec<u16> {
    rules.iter().enumerate().filter(|(_, r)| r.applies_to(kind)).map(|(i, _)| i as u16).collect()
}
