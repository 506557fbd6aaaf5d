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

use crate::classify::{Outcome, Row, RuleRef, Stage, Stop, Truth, Verdict, truth_of};
use crate::expr::{CmpOp, EvalError, Expr, Facts, Node};
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
    /// Every rule compiled for this kind, by the rule set's indices.
    tests: Tests,
}

/// The rules of one kind compiled to [`Test`]s, indexed as in the rule set (a rule that does not apply to the kind
/// is [`Test::Tree`] and never asked for).
#[derive(Clone, Debug, Default)]
struct Tests {
    checks: Vec<Test>,
    not_classified: Vec<Test>,
    disqualifiers: Vec<Test>,
    mitigations: Vec<Test>,
    /// Per level.
    conditions: Vec<Vec<Test>>,
    caps: Vec<Test>,
}

/// Where a fact's value comes from, resolved once per kind.
#[derive(Clone, Copy, Debug)]
enum Source {
    /// An input fact in the row, its default (or [`Num::MISSING`]) when empty.
    Input { slot: u32, default: Num },
    /// A derived fact in the scratch, by its offset there.
    Derived(u32),
    /// A roll-up count in the row.
    Row(u32),
}

/// A yes/no rule compiled for one kind: the common shapes decided directly (the same answers as
/// [`Expr::holds`]: an empty fact is unknown, a share of nothing counts as the rule's `empty_share_holds`), any
/// other shape by walking the expression over the row view.
#[derive(Clone, Debug)]
enum Test {
    /// `fact op constant`.
    FactConst { source: Source, slot: u32, op: CmpOp, constant: Num, empty: bool },
    /// A yes/no fact.
    Flag { source: Source, slot: u32, empty: bool },
    /// `fact op fact`.
    FactFact { left: (Source, u32), op: CmpOp, right: (Source, u32), empty: bool },
    /// Any other shape.
    Tree,
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
                tests: &program.tests,
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
            tests: &program.tests,
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
        let source = |slot: u32| -> Source {
            if slot < rules.input_count as u32 {
                Source::Input { slot, default: defaults[slot as usize] }
            } else if slot < rollup_start {
                Source::Derived(slot - rules.input_count as u32)
            } else {
                Source::Row(slot)
            }
        };
        let compile = |expr: &Expr| Test::new(expr, &source);
        let tests = Tests {
            checks: rules.checks.iter().map(|c| compile(&c.rule.expr)).collect(),
            not_classified: rules.not_classified.iter().map(|r| compile(&r.expr)).collect(),
            disqualifiers: rules.disqualifiers.iter().map(|r| compile(&r.expr)).collect(),
            mitigations: rules
                .disqualifiers
                .iter()
                .map(|r| r.mitigation.as_ref().map_or(Test::Tree, compile))
                .collect(),
            conditions: rules.levels.iter().map(|l| l.conditions.iter().map(|r| compile(&r.expr)).collect()).collect(),
            caps: rules.caps.iter().map(|c| compile(&c.rule.expr)).collect(),
        };
        Some(KindProgram { defaults, derived, tests })
    }
}

impl Test {
    fn new(expr: &Expr, source: &dyn Fn(u32) -> Source) -> Test {
        let empty = expr.empty_share_holds();
        match expr.nodes[expr.root as usize] {
            Node::CmpFactConst(op, slot, constant) => {
                Test::FactConst { source: source(slot), slot, op, constant, empty }
            }
            Node::Fact(slot) => Test::Flag { source: source(slot), slot, empty },
            Node::CmpFactFact(op, a, b) => Test::FactFact { left: (source(a), a), op, right: (source(b), b), empty },
            _ => Test::Tree,
        }
    }
}

impl Tests {
    #[inline(always)]
    fn at(&self, at: RuleRef) -> &Test {
        let index = at.index as usize;
        let list = match at.stage {
            Stage::Check => &self.checks,
            Stage::NotClassified => &self.not_classified,
            Stage::Disqualifier => &self.disqualifiers,
            Stage::Mitigation => &self.mitigations,
            Stage::Condition => match self.conditions.get(at.level as usize) {
                Some(list) => list,
                None => return &Test::Tree,
            },
            Stage::Cap => &self.caps,
            Stage::Derived | Stage::Band => return &Test::Tree,
        };
        list.get(index).unwrap_or(&Test::Tree)
    }
}

/// A row read in place: input facts from the row with the kind's defaults, derived facts from the program's
/// scratch, roll-up counts from the row.
pub(crate) struct RowView<'a, F: ?Sized> {
    row: &'a F,
    tests: &'a Tests,
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

impl<F: Facts + ?Sized> RowView<'_, F> {
    /// A fact from where the program found it.
    #[inline(always)]
    fn read(&self, source: Source) -> Num {
        match source {
            Source::Input { slot, default } => {
                let value = self.row.fact(slot);
                if value.is_missing() { default } else { value }
            }
            Source::Derived(offset) => self.derived[offset as usize],
            Source::Row(slot) => self.row.fact(slot),
        }
    }
}

#[inline(always)]
fn yes_no(value: bool) -> Truth {
    if value { Truth::Yes } else { Truth::No }
}

impl<F: Facts + ?Sized> Row for RowView<'_, F> {
    #[inline]
    fn truth(&mut self, expr: &Expr, _needs: u64, at: RuleRef) -> Result<Truth, Stop> {
        match *self.tests.at(at) {
            Test::FactConst { source, slot, op, constant, empty } => {
                let value = self.read(source);
                Ok(if !value.is_missing() {
                    yes_no(op.holds(value, constant))
                } else if value.is_no_base() {
                    yes_no(empty)
                } else {
                    Truth::Unknown(slot)
                })
            }
            Test::Flag { source, slot, empty } => {
                let value = self.read(source);
                Ok(if !value.is_missing() {
                    yes_no(!value.is_zero())
                } else if value.is_no_base() {
                    yes_no(empty)
                } else {
                    Truth::Unknown(slot)
                })
            }
            Test::FactFact { left: (a, a_slot), op, right: (b, b_slot), empty } => {
                let left = self.read(a);
                if left.is_missing() {
                    return Ok(if left.is_no_base() { yes_no(empty) } else { Truth::Unknown(a_slot) });
                }
                let right = self.read(b);
                Ok(if !right.is_missing() {
                    yes_no(op.holds(left, right))
                } else if right.is_no_base() {
                    yes_no(empty)
                } else {
                    Truth::Unknown(b_slot)
                })
            }
            Test::Tree => truth_of(expr, self, at),
        }
    }

    #[inline]
    fn score(&mut self, scoring: &Scoring) -> Result<Num, Stop> {
        Ok(self.fact(scoring.slot))
    }
}
