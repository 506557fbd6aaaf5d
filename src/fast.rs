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

mod columns;
mod isa;

pub(crate) use columns::ColumnProgram;
pub(crate) use isa::Isa;

use crate::classify::{Outcome, Row, RuleRef, Stage, Stop, Truth, Verdict, truth_of};
use crate::expr::{ArithOp, CmpOp, EvalError, Expr, Facts, Node};
use crate::num::ArithError;
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
    /// The derived facts that apply, by position in `RuleSet::derived` and offset in the scratch, in dependency
    /// order.
    derived: Vec<(u16, u32)>,
    /// How each of them is computed, in the same order.
    steps: Vec<DerivedStep>,
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

/// A yes/no rule compiled for one kind: a small tree of fused steps giving the evaluator's answers (an empty fact
/// is unknown, a share of nothing does not count on either side of `and`/`or`, an arithmetic failure stops); what
/// it does not fuse is walked as the expression's subtree over the row view.
#[derive(Clone, Debug)]
enum Test {
    /// `fact op constant`.
    FactConst {
        source: Source,
        slot: u32,
        op: CmpOp,
        constant: Num,
    },
    /// A yes/no fact.
    Flag {
        source: Source,
        slot: u32,
    },
    /// `fact op fact`.
    FactFact {
        left: (Source, u32),
        op: CmpOp,
        right: (Source, u32),
    },
    /// A comparison of sums of input facts times constants, moved to one side: `Σ coefficient × fact + constant op 0`
    /// with whole coefficients, computed in whole numbers when every fact is a whole number of moderate size (the
    /// subtree at `node` otherwise).
    Linear {
        terms: Box<[(i64, u32, Num)]>,
        constant: i64,
        op: CmpOp,
        node: u32,
    },
    And(Box<Test>, Box<Test>),
    Or(Box<Test>, Box<Test>),
    Not(Box<Test>),
    /// Any other shape: the subtree at `node` of the rule's expression.
    Tree {
        node: u32,
    },
    /// Never asked for (a rule that does not apply to the kind).
    Unused,
}

/// A yes/no step's value, as the evaluator's number would say it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Logic {
    Yes,
    No,
    /// Rests on a share of nothing ([`Num::NO_BASE`]).
    NoBase,
    Unknown(u32),
    Failed(ArithError),
}

/// Facts in a fused sum stay below this size, so the whole-number sum is exact where the fractions' arithmetic
/// would not overflow either; a larger fact takes the expression's own walk.
const SMALL: u64 = 1 << 40;
/// Coefficients of a fused sum stay below this size (after scaling to whole numbers).
const SMALL_COEFFICIENT: i128 = 1 << 20;

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
        self.compute_derived(rules, kind, row)?;
        let program = self.kinds.get(kind)?.as_ref()?;
        let mut view = program.view(row, &self.derived, self.input_count, self.rollup_start);
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

    /// The derived facts of a prepared row (the classifier's scratch row, defaults filled) that apply to its kind,
    /// computed by the fused steps and written into that row by slot: what [`crate::classify::Classifier::ensure`]
    /// of every derived fact gives, in fewer steps (the fused steps give the evaluator's numbers). `false` when the
    /// kind has no program or one fails (division by zero, overflow): the row is then left to `ensure`.
    pub(crate) fn derive_into(&mut self, rules: &RuleSet, kind: usize, row: &mut [Num]) -> bool {
        if self.compute_derived(rules, kind, &*row).is_none() {
            return false;
        }
        let Some(Some(program)) = self.kinds.get(kind) else { return false };
        for &(_, offset) in &program.derived {
            row[(self.input_count + offset) as usize] = self.derived[offset as usize];
        }
        true
    }

    /// The derived facts of the row that apply to its kind, into the scratch; `None` when the kind has no program
    /// or one fails (division by zero, overflow).
    #[inline]
    fn compute_derived<F: Facts + ?Sized>(&mut self, rules: &RuleSet, kind: usize, row: &F) -> Option<()> {
        let program = self.kinds.get(kind)?.as_ref()?;
        for (&(index, offset), step) in program.derived.iter().zip(&program.steps) {
            let offset = offset as usize;
            match step.value(row) {
                Fused::Value(value) => {
                    self.derived[offset] = value;
                    continue;
                }
                Fused::Failed => return None,
                Fused::Walk => {}
            }
            let view = program.view(row, &self.derived, self.input_count, self.rollup_start);
            self.derived[offset] = match rules.derived[index as usize].expr.eval(&view) {
                Ok(value) => value,
                Err(EvalError::Missing(_)) => Num::MISSING,
                Err(EvalError::Arith(_)) => return None,
            };
        }
        Some(())
    }
}

impl KindProgram {
    /// The row view of `row` for this kind, with the derived facts in `derived`.
    #[inline(always)]
    fn view<'a, F: ?Sized>(
        &'a self,
        row: &'a F,
        derived: &'a [Num],
        input_count: u32,
        rollup_start: u32,
    ) -> RowView<'a, F> {
        RowView { row, tests: &self.tests, defaults: &self.defaults, derived, input_count, rollup_start }
    }

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
        let compile = |expr: &Expr| Test::new(expr, expr.root, &source);
        let tests = Tests {
            checks: rules.checks.iter().map(|c| compile(&c.rule.expr)).collect(),
            not_classified: rules.not_classified.iter().map(|r| compile(&r.expr)).collect(),
            disqualifiers: rules.disqualifiers.iter().map(|r| compile(&r.expr)).collect(),
            mitigations: rules
                .disqualifiers
                .iter()
                .map(|r| r.mitigation.as_ref().map_or(Test::Unused, compile))
                .collect(),
            conditions: rules.levels.iter().map(|l| l.conditions.iter().map(|r| compile(&r.expr)).collect()).collect(),
            caps: rules.caps.iter().map(|c| compile(&c.rule.expr)).collect(),
        };
        let steps = derived.iter().map(|&i| DerivedStep::new(&rules.derived[i as usize].expr, &source)).collect();
        let derived =
            derived.into_iter().map(|i| (i, rules.derived[i as usize].slot - rules.input_count as u32)).collect();
        Some(KindProgram { defaults, derived, steps, tests })
    }
}

impl Test {
    fn new(expr: &Expr, node: u32, source: &dyn Fn(u32) -> Source) -> Test {
        match &expr.nodes[node as usize] {
            Node::CmpFactConst(op, slot, constant) => {
                Test::FactConst { source: source(*slot), slot: *slot, op: *op, constant: *constant }
            }
            Node::Fact(slot) => Test::Flag { source: source(*slot), slot: *slot },
            Node::CmpFactFact(op, a, b) => Test::FactFact { left: (source(*a), *a), op: *op, right: (source(*b), *b) },
            Node::Cmp(op, left, right) => {
                Test::linear(expr, node, *op, *left, *right, source).unwrap_or(Test::Tree { node })
            }
            Node::And(a, b) => Test::And(Box::new(Test::new(expr, *a, source)), Box::new(Test::new(expr, *b, source))),
            Node::Or(a, b) => Test::Or(Box::new(Test::new(expr, *a, source)), Box::new(Test::new(expr, *b, source))),
            Node::Not(a) => Test::Not(Box::new(Test::new(expr, *a, source))),
            _ => Test::Tree { node },
        }
    }

    /// `left op right` (the node `node`) as one sum, when both sides are sums of input facts times constants.
    fn linear(
        expr: &Expr,
        node: u32,
        op: CmpOp,
        left: u32,
        right: u32,
        source: &dyn Fn(u32) -> Source,
    ) -> Option<Test> {
        let mut terms: Vec<(Num, Option<u32>)> = Vec::new();
        collect_linear(expr, left, Num::ONE, &mut terms)?;
        collect_linear(expr, right, Num::ONE.negated(), &mut terms)?;
        // Whole coefficients: every one times the product of the denominators (kept small).
        let mut scale: i128 = 1;
        for (coefficient, _) in &terms {
            scale = scale.checked_mul(coefficient.denominator() as i128).filter(|s| *s < SMALL_COEFFICIENT)?;
        }
        let mut whole_terms = Vec::new();
        let mut constant: i128 = 0;
        for (coefficient, slot) in terms {
            let whole = coefficient.numerator() as i128 * scale / coefficient.denominator() as i128;
            if whole.abs() >= SMALL_COEFFICIENT {
                return None;
            }
            match slot {
                Some(slot) => {
                    let Source::Input { default, .. } = source(slot) else { return None };
                    whole_terms.push((whole as i64, slot, default));
                }
                None => constant = constant.checked_add(whole).filter(|c| c.abs() < SMALL_COEFFICIENT)?,
            }
        }
        Some(Test::Linear { terms: whole_terms.into(), constant: constant as i64, op, node })
    }
}

/// A derived fact's computation, fused for the common shapes; the fused steps do the fractions' arithmetic in the
/// evaluator's order, so the value is the same number in the same form.
#[derive(Clone, Debug)]
enum DerivedStep {
    /// `share(Σ ±fact, whole)` (or the `if(whole == 0, …)` pattern with a share of nothing): input facts summed as
    /// whole numbers, divided by the input fact `whole`; a share of nothing when it is zero.
    Share { part: Box<[(i64, u32, Num)]>, whole: (u32, Num), when_zero: Num },
    /// `a ± b ± …` of input facts, added in order as fractions.
    Sum { first: (u32, Num), rest: Box<[(bool, u32, Num)]> },
    /// Any other shape: the expression's walk over the row view.
    Walk,
}

/// A fused derived step's result.
enum Fused {
    Value(Num),
    Failed,
    Walk,
}

impl DerivedStep {
    fn new(expr: &Expr, source: &dyn Fn(u32) -> Source) -> DerivedStep {
        let input = |node: u32| match expr.nodes[node as usize] {
            Node::Fact(slot) => match source(slot) {
                Source::Input { slot, default } => Some((slot, default)),
                _ => None,
            },
            _ => None,
        };
        let share = |part: u32, whole: Option<(u32, Num)>, when_zero: Num| -> Option<DerivedStep> {
            let whole = whole?;
            let mut terms = Vec::new();
            collect_linear(expr, part, Num::ONE, &mut terms)?;
            let mut part = Vec::new();
            for (coefficient, slot) in terms {
                let Source::Input { slot, default } = source(slot?) else { return None };
                // Only ±1: a sum of whole numbers is then the evaluator's fraction exactly (denominator 1).
                if coefficient.denominator() != 1 || coefficient.numerator().abs() != 1 {
                    return None;
                }
                part.push((coefficient.numerator(), slot, default));
            }
            Some(DerivedStep::Share { part: part.into(), whole, when_zero })
        };
        let root = expr.root;
        let fused = match expr.nodes[root as usize] {
            Node::ShareOf(part, whole) => share(part, input(whole), Num::NO_BASE),
            Node::Share { numerator, denominator, when_zero } => {
                let whole = match source(denominator) {
                    Source::Input { slot, default } => Some((slot, default)),
                    _ => None,
                };
                share(numerator, whole, when_zero)
            }
            _ => DerivedStep::sum(expr, root, &input),
        };
        fused.unwrap_or(DerivedStep::Walk)
    }

    /// `a ± b ± …` written left to right (`(a + b) - c`), every operand an input fact.
    fn sum(expr: &Expr, node: u32, input: &dyn Fn(u32) -> Option<(u32, Num)>) -> Option<DerivedStep> {
        let mut rest = Vec::new();
        let mut at = node;
        while let Node::Arith(op @ (ArithOp::Add | ArithOp::Sub), left, right) = expr.nodes[at as usize] {
            let (slot, default) = input(right)?;
            rest.push((op == ArithOp::Sub, slot, default));
            at = left;
        }
        if rest.is_empty() {
            return None;
        }
        let first = input(at)?;
        rest.reverse();
        Some(DerivedStep::Sum { first, rest: rest.into() })
    }

    #[inline]
    fn value<F: Facts + ?Sized>(&self, row: &F) -> Fused {
        let read = |slot: u32, default: Num| {
            let value = row.fact(slot);
            if value.is_missing() { default } else { value }
        };
        match self {
            DerivedStep::Share { part, whole: (whole_slot, whole_default), when_zero } => {
                let whole = read(*whole_slot, *whole_default);
                if whole.is_missing() {
                    return Fused::Value(Num::MISSING);
                }
                if whole.is_zero() {
                    return Fused::Value(*when_zero);
                }
                let mut sum: i64 = 0;
                for &(sign, slot, default) in part.iter() {
                    let value = read(slot, default);
                    if value.is_missing() {
                        return Fused::Value(Num::MISSING);
                    }
                    if value.denominator() != 1 || value.numerator().unsigned_abs() >= SMALL {
                        return Fused::Walk;
                    }
                    sum += sign * value.numerator();
                }
                match Num::int(sum).checked_div(whole) {
                    Ok(value) => Fused::Value(value),
                    Err(_) => Fused::Failed,
                }
            }
            DerivedStep::Sum { first: (slot, default), rest } => {
                let mut total = read(*slot, *default);
                if total.is_missing() {
                    return Fused::Value(Num::MISSING);
                }
                for &(minus, slot, default) in rest.iter() {
                    let value = read(slot, default);
                    if value.is_missing() {
                        return Fused::Value(Num::MISSING);
                    }
                    total = match if minus { total.checked_sub(value) } else { total.checked_add(value) } {
                        Ok(total) => total,
                        Err(_) => return Fused::Failed,
                    };
                }
                Fused::Value(total)
            }
            DerivedStep::Walk => Fused::Walk,
        }
    }
}

/// The terms of a sum of input facts times constants, in the order the evaluator reads them, each times `sign`;
/// `None` for any other shape.
fn collect_linear(expr: &Expr, node: u32, sign: Num, out: &mut Vec<(Num, Option<u32>)>) -> Option<()> {
    match &expr.nodes[node as usize] {
        Node::Fact(slot) => out.push((sign, Some(*slot))),
        Node::Const(value) if !value.is_missing() => out.push((sign.checked_mul(*value).ok()?, None)),
        Node::Neg(inner) => collect_linear(expr, *inner, sign.negated(), out)?,
        Node::Arith(ArithOp::Add, a, b) => {
            collect_linear(expr, *a, sign, out)?;
            collect_linear(expr, *b, sign, out)?;
        }
        Node::Arith(ArithOp::Sub, a, b) => {
            collect_linear(expr, *a, sign, out)?;
            collect_linear(expr, *b, sign.negated(), out)?;
        }
        Node::Arith(ArithOp::Mul, a, b) => match (&expr.nodes[*a as usize], &expr.nodes[*b as usize]) {
            (Node::Const(c), _) if !c.is_missing() => collect_linear(expr, *b, sign.checked_mul(*c).ok()?, out)?,
            (_, Node::Const(c)) if !c.is_missing() => collect_linear(expr, *a, sign.checked_mul(*c).ok()?, out)?,
            _ => return None,
        },
        _ => return None,
    }
    Some(())
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
                None => return &Test::Unused,
            },
            Stage::Cap => &self.caps,
            Stage::Derived | Stage::Band => return &Test::Unused,
        };
        list.get(index).unwrap_or(&Test::Unused)
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

impl<F: Facts + ?Sized> RowView<'_, F> {
    /// A fused sum compared with zero ([`Test::Linear`]); the subtree's walk when a fact is a fraction or large.
    #[inline(always)]
    fn linear(&self, terms: &[(i64, u32, Num)], constant: i64, op: CmpOp, node: u32, expr: &Expr) -> Logic {
        let mut sum = constant as i128;
        for &(coefficient, slot, default) in terms {
            let mut value = self.row.fact(slot);
            if value.is_missing() {
                value = default;
                if value.is_missing() {
                    return Logic::Unknown(slot);
                }
            }
            if value.denominator() != 1 || value.numerator().unsigned_abs() >= SMALL {
                return self.logic(&Test::Tree { node }, expr);
            }
            sum += coefficient as i128 * value.numerator() as i128;
        }
        logic(op.holds(Num::int(sum.signum() as i64), Num::ZERO))
    }

    /// A step's value, as [`Expr`]'s evaluator gives it for the same node.
    fn logic(&self, test: &Test, expr: &Expr) -> Logic {
        match test {
            Test::FactConst { source, slot, op, constant } => {
                let value = self.read(*source);
                if value.is_missing() { missing(value, *slot) } else { logic(op.holds(value, *constant)) }
            }
            Test::Flag { source, slot } => {
                let value = self.read(*source);
                if value.is_missing() { missing(value, *slot) } else { logic(!value.is_zero()) }
            }
            Test::FactFact { left: (a, a_slot), op, right: (b, b_slot) } => {
                let left = self.read(*a);
                if left.is_missing() {
                    return missing(left, *a_slot);
                }
                let right = self.read(*b);
                if right.is_missing() { missing(right, *b_slot) } else { logic(op.holds(left, right)) }
            }
            Test::Linear { terms, constant, op, node } => self.linear(terms, *constant, *op, *node, expr),
            Test::And(a, b) | Test::Or(a, b) => {
                // The evaluator's three-valued `and`/`or` (see `Expr::ev`): a deciding side decides even when the
                // other is unknown; a side resting on a share of nothing leaves it to the other; a failure stops.
                let deciding = if matches!(test, Test::Or(..)) { Logic::Yes } else { Logic::No };
                let left = self.logic(a, expr);
                match left {
                    Logic::NoBase => self.logic(b, expr),
                    Logic::Yes | Logic::No if left == deciding => left,
                    Logic::Yes | Logic::No => self.logic(b, expr),
                    Logic::Failed(_) => left,
                    Logic::Unknown(_) => {
                        let right = self.logic(b, expr);
                        if right == deciding { right } else { left }
                    }
                }
            }
            Test::Not(a) => match self.logic(a, expr) {
                Logic::Yes => Logic::No,
                Logic::No => Logic::Yes,
                other => other,
            },
            Test::Tree { node } => {
                let (value, error) = expr.eval_subtree(*node, self);
                if !value.is_missing() {
                    logic(!value.is_zero())
                } else if value.is_no_base() {
                    Logic::NoBase
                } else {
                    match error {
                        EvalError::Missing(slot) => Logic::Unknown(slot),
                        EvalError::Arith(error) => Logic::Failed(error),
                    }
                }
            }
            // Never compiled for a rule that is asked for; the rule's own walk would be taken.
            Test::Unused => Logic::Unknown(0),
        }
    }
}

/// An empty value's meaning: a share of nothing, or the fact in `slot` unknown.
#[inline(always)]
fn missing(value: Num, slot: u32) -> Logic {
    if value.is_no_base() { Logic::NoBase } else { Logic::Unknown(slot) }
}

#[inline(always)]
fn logic(value: bool) -> Logic {
    if value { Logic::Yes } else { Logic::No }
}

#[inline(always)]
fn yes_no(value: bool) -> Truth {
    if value { Truth::Yes } else { Truth::No }
}

impl<F: Facts + ?Sized> Row for RowView<'_, F> {
    #[inline(always)]
    fn truth(&mut self, expr: &Expr, _needs: u64, at: RuleRef) -> Result<Truth, Stop> {
        let test = self.tests.at(at);
        // The common one-step shapes without a call.
        let logic = match *test {
            Test::FactConst { source, slot, op, constant } => {
                let value = self.read(source);
                if value.is_missing() { missing(value, slot) } else { logic(op.holds(value, constant)) }
            }
            Test::Flag { source, slot } => {
                let value = self.read(source);
                if value.is_missing() { missing(value, slot) } else { logic(!value.is_zero()) }
            }
            Test::FactFact { left: (a, a_slot), op, right: (b, b_slot) } => {
                let left = self.read(a);
                let right = self.read(b);
                if left.is_missing() {
                    missing(left, a_slot)
                } else if right.is_missing() {
                    missing(right, b_slot)
                } else {
                    logic(op.holds(left, right))
                }
            }
            Test::Linear { ref terms, constant, op, node } => self.linear(terms, constant, op, node, expr),
            Test::Unused => return truth_of(expr, self, at),
            _ => self.logic(test, expr),
        };
        match logic {
            Logic::Yes => Ok(Truth::Yes),
            Logic::No => Ok(Truth::No),
            Logic::NoBase => Ok(yes_no(expr.empty_share_holds())),
            Logic::Unknown(slot) => Ok(Truth::Unknown(slot)),
            Logic::Failed(error) => Err(Stop::Failed(at, error)),
        }
    }

    #[inline]
    fn score(&mut self, scoring: &Scoring) -> Result<Num, Stop> {
        Ok(self.fact(scoring.slot))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::Classifier;

    fn same(a: Result<Truth, Stop>, b: Result<Truth, Stop>) -> bool {
        match (a, b) {
            (Ok(a), Ok(b)) => a == b,
            (Err(Stop::Failed(ra, ea)), Err(Stop::Failed(rb, eb))) => ra == rb && ea == eb,
            (Err(Stop::Missing(a)), Err(Stop::Missing(b))) => a == b,
            _ => false,
        }
    }

    /// Every rule of every kind, compiled to a [`Test`], gives the truth the expression gives on the classifier's
    /// prepared row (the same yes, no, or unknown naming the same fact), on every row of generated rosters of the
    /// bundled rule sets, organizations with roll-up counts included, and with cells emptied one by one; every
    /// derived fact is the scratch row's, in the same form.
    #[test]
    fn every_compiled_rule_gives_the_evaluators_truth() {
        for entry in crate::builtin::CATALOG {
            let rules = crate::builtin::load(entry.id).expect("a bundled rule set compiles");
            let roster = crate::generate::roster(&rules, crate::generate::Shape::new(5_000, 366));
            let mut program = Program::new(&rules);
            let mut slow = Classifier::new(&rules);
            let mut checked = 0usize;
            for table in [&roster.members, &roster.orgs] {
                for (i, record) in table.records().enumerate() {
                    let kind = record.kind;
                    let mut row = table.row_vec(i);
                    if rules.subjects[kind].collective {
                        row.resize(rules.facts.len(), Num::MISSING);
                        let rollup_start = rules.input_count + rules.derived.len();
                        for (slot, value) in row.iter_mut().enumerate().skip(rollup_start) {
                            *value =
                                if (i + slot) % 11 == 0 { Num::MISSING } else { Num::int(((i + slot) % 7) as i64) };
                        }
                    }
                    // Empty one cell in turn, so every fact is sometimes missing.
                    if i % 3 == 0 && !row.is_empty() {
                        let slot = (i / 3) % row.len();
                        row[slot] = Num::MISSING;
                    }
                    slow.classify_on_scratch(kind, &row);
                    let _ = slow.ensure(u64::MAX);
                    if program.compute_derived(&rules, kind, &row[..]).is_none() {
                        continue;
                    }
                    let Some(kind_program) = program.kinds[kind].as_ref() else { continue };
                    // Every derived fact the same number in the same form (numerator and denominator).
                    for &(index, _) in &kind_program.derived {
                        let slot = rules.derived[index as usize].slot;
                        let fast = program.derived[(slot - program.input_count) as usize];
                        let expected = slow.scratch[slot as usize];
                        assert_eq!(
                            fast.raw_parts(),
                            expected.raw_parts(),
                            "{}: derived {slot} on {}",
                            entry.id,
                            record.id
                        );
                        checked += 1;
                    }
                    let mut view =
                        kind_program.view(&row[..], &program.derived, program.input_count, program.rollup_start);
                    let plan = &rules.plans[kind];
                    let mut asked: Vec<(&Expr, RuleRef)> = Vec::new();
                    for &index in &plan.checks {
                        asked.push((
                            &rules.checks[index as usize].rule.expr,
                            RuleRef { stage: Stage::Check, level: 0, index },
                        ));
                    }
                    for &index in &plan.not_classified {
                        let at = RuleRef { stage: Stage::NotClassified, level: 0, index };
                        asked.push((&rules.not_classified[index as usize].expr, at));
                    }
                    for &index in &plan.disqualifiers {
                        let rule = &rules.disqualifiers[index as usize];
                        asked.push((&rule.expr, RuleRef { stage: Stage::Disqualifier, level: 0, index }));
                        if let Some(mitigation) = &rule.mitigation {
                            asked.push((mitigation, RuleRef { stage: Stage::Mitigation, level: 0, index }));
                        }
                    }
                    for (level, list) in plan.conditions.iter().enumerate() {
                        for &index in list {
                            let at = RuleRef { stage: Stage::Condition, level: level as u8, index };
                            asked.push((&rules.levels[level].conditions[index as usize].expr, at));
                        }
                    }
                    for &index in &plan.caps {
                        asked.push((
                            &rules.caps[index as usize].rule.expr,
                            RuleRef { stage: Stage::Cap, level: 0, index },
                        ));
                    }
                    for (expr, at) in asked {
                        let fast = view.truth(expr, 0, at);
                        let expected = truth_of(expr, &slow.scratch[..], at);
                        assert!(same(fast, expected), "{}: {} on {}", entry.id, expr.text(), record.id);
                        checked += 1;
                    }
                }
            }
            assert!(checked > 10_000, "{}: {checked}", entry.id);
        }
    }
}
