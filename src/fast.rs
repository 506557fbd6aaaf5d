//! The fast path's program: what classifying a row of each subject kind needs, worked out once, so a roster is
//! classified by reading each row in place.
//!
//! [`Classifier::classify`](crate::Classifier::classify) runs through here. Per subject kind the program holds the
//! defaults of its input facts by slot and the derived facts that apply to it, in dependency order. A row is never
//! copied: [`RowView`] reads an input fact from the row (its default when empty), a derived fact from a small
//! scratch that holds the kind's derived facts, computed once per row before any rule, and a roll-up count from the
//! row. The decision is the classifier's own (`classify::decide`), so both paths cannot drift apart.
//!
//! The program never guesses: a row whose derived facts fail to compute (division by zero, overflow), or whose
//! result is incomplete (the missing input is worked out from the classifier's row), goes through the classifier's
//! scratch row instead, which computes derived facts only as rules ask, as the explanation does.
//! *Architecture invariant:* a kind the program cannot read in place (a rule reading a derived fact that does not
//! apply to the kind, or a roll-up count of a non-collective kind, or more than 64 derived facts) has no program and
//! always goes the classifier's way.

use crate::classify::{Outcome, Row, RuleRef, Stop, Truth, Verdict, truth_of};
use crate::expr::{EvalError, Expr, Facts};
use crate::num::Num;
use crate::ruleset::{FactOrigin, RuleSet, Scoring};

/// The compiled fast path of one rule set.
#[derive(Clone, Debug)]
pub(crate) struct Program {
    /// By subject kind; `None` for a kind that always goes through the classifier's scratch row.
    kinds: Vec<Option<KindProgram>>,
    input_count: u32,
    /// The first slot after the derived facts: roll-up counts, read from the row.
    rollup_start: u32,
    /// The scratch holding the current row's derived facts, by slot from `input_count` on.
    derived: Vec<Num>,
}

#[derive(Clone, Debug)]
struct KindProgram {
    /// The default of each input fact by slot ([`Num::MISSING`] when it has none or does not apply).
    defaults: Vec<Num>,
    /// The derived facts that apply, by position in `RuleSet::derived`, in dependency order.
    derived: Vec<u16>,
}

impl Program {
    pub(crate) fn new(rules: &RuleSet) -> Program {
        let input_count = rules.input_count as u32;
        let rollup_start = (rules.input_count + rules.derived.len()) as u32;
        let kinds = (0..rules.subjects.len()).map(|kind| KindProgram::new(rules, kind)).collect();
        Program { kinds, input_count, rollup_start, derived: vec![Num::MISSING; rules.derived.len()] }
    }

    /// Classify a row of kind `kind` in place; `None` when the row must go through the classifier's scratch row.
    #[inline]
    pub(crate) fn classify<F: Facts + ?Sized>(&mut self, rules: &RuleSet, kind: usize, row: &F) -> Option<Verdict> {
        let program = self.kinds.get(kind)?.as_ref()?;
        for &index in &program.derived {
            let derived = &rules.derived[index as usize];
            let view = RowView {
                row,
                defaults: &program.defaults,
                derived: &self.derived,
                input_count: self.input_count,
                rollup_start: self.rollup_start,
            };
            self.derived[(derived.slot - self.input_count) as usize] = match derived.expr.eval(&view) {
                Ok(value) => value,
                Err(EvalError::Missing(_)) => Num::MISSING,
                Err(EvalError::Arith(_)) => return None,
            };
        }
        let mut view = RowView {
            row,
            defaults: &program.defaults,
            derived: &self.derived,
            input_count: self.input_count,
            rollup_start: self.rollup_start,
        };
        let outcome = match crate::classify::decide(rules, kind, &mut view) {
            Ok(outcome) => outcome,
            // The missing input behind a derived fact is worked out on the classifier's row.
            Err(Stop::Missing(_)) => return None,
            Err(Stop::Failed(rule, error)) => Outcome::Failed { rule, error },
        };
        let score = match &rules.scoring {
            Some(scoring) => view.fact(scoring.slot),
            None => Num::MISSING,
        };
        Some(Verdict { outcome, score })
    }
}

impl KindProgram {
    /// The program of `kind`, or `None` when a rule of it reads what the row view cannot give as the classifier's
    /// scratch row would.
    fn new(rules: &RuleSet, kind: usize) -> Option<KindProgram> {
        if rules.derived.len() > 64 {
            return None;
        }
        let plan = &rules.plans[kind];
        let mut defaults = vec![Num::MISSING; rules.input_count];
        for &(slot, default) in &plan.defaults {
            defaults[slot as usize] = default;
        }
        let derived: Vec<u16> =
            (0..rules.derived.len()).filter(|index| plan.derived & (1 << index) != 0).map(|i| i as u16).collect();
        let collective = rules.subjects[kind].collective;
        let rollup_start = (rules.input_count + rules.derived.len()) as u32;
        // What the classifier reads from a slot the view reads differently: a derived fact it does not compute for
        // this kind (left from an earlier row), a roll-up count of a member (never filled).
        let readable = |slot: &u32| match rules.facts.get(*slot as usize).map(|f| f.origin) {
            Some(FactOrigin::Derived) => {
                rules.derived.iter().position(|d| d.slot == *slot).is_some_and(|i| plan.derived & (1 << i) != 0)
            }
            Some(_) if *slot >= rollup_start => collective,
            Some(_) => true,
            None => false,
        };
        let mut exprs: Vec<&Expr> = derived.iter().map(|&i| &rules.derived[i as usize].expr).collect();
        exprs.extend(plan.checks.iter().map(|&i| &rules.checks[i as usize].rule.expr));
        for (stage, list) in
            [(&rules.not_classified, &plan.not_classified), (&rules.disqualifiers, &plan.disqualifiers)]
        {
            for &i in list {
                exprs.push(&stage[i as usize].expr);
                exprs.extend(&stage[i as usize].mitigation);
            }
        }
        for (level, list) in rules.levels.iter().zip(&plan.conditions) {
            exprs.extend(list.iter().map(|&i| &level.conditions[i as usize].expr));
        }
        exprs.extend(plan.caps.iter().map(|&i| &rules.caps[i as usize].rule.expr));
        let score_readable = rules.scoring.as_ref().is_none_or(|s| readable(&s.slot));
        if !score_readable || !exprs.iter().all(|e| e.facts().iter().all(readable)) {
            return None;
        }
        Some(KindProgram { defaults, derived })
    }
}

/// A row read in place: input facts from the row with the kind's defaults, derived facts from the program's
/// scratch, roll-up counts from the row.
pub(crate) struct RowView<'a, F: ?Sized> {
    row: &'a F,
    defaults: &'a [Num],
    derived: &'a [Num],
    input_count: u32,
    rollup_start: u32,
}

impl<F: Facts + ?Sized> Facts for RowView<'_, F> {
    #[inline(always)]
    fn fact(&self, slot: u32) -> Num {
        if slot < self.input_count {
            let value = self.row.fact(slot);
            if value.is_missing() { self.defaults[slot as usize] } else { value }
        } else if slot < self.rollup_start {
            self.derived[(slot - self.input_count) as usize]
        } else {
            self.row.fact(slot)
        }
    }
}

impl<F: Facts + ?Sized> Row for RowView<'_, F> {
    #[inline]
    fn truth(&mut self, expr: &Expr, _needs: u64, at: RuleRef) -> Result<Truth, Stop> {
        truth_of(expr, self, at)
    }

    #[inline]
    fn score(&mut self, scoring: &Scoring) -> Result<Num, Stop> {
        Ok(self.fact(scoring.slot))
    }
}
