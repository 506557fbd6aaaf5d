//! Classify one subject: not-classified cases, then disqualifiers, then the score band and the level conditions
//! (with the rule set's fallback policy), then caps.
//!
//! [`Classifier::classify`] is the fast path: no allocation, no trace, a compact [`Verdict`]. It is what a roster of
//! a million members runs through. [`Classifier::explain`] (in `explain.rs`) evaluates the same rules again with a
//! trace; a test checks that both always agree.

use serde::Serialize;

use crate::doc::BandFallback;
use crate::expr::EvalError;
use crate::num::{ArithError, Num};
use crate::ruleset::{FactOrigin, FactType, Rule, RuleSet};

/// Which stage of classification a rule belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Derived,
    NotClassified,
    Disqualifier,
    Band,
    Condition,
    Cap,
}

/// A rule by position: `index` into the stage's list (for conditions, into the level's list).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RuleRef {
    pub stage: Stage,
    pub level: u8,
    pub index: u16,
}

/// What decided the level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// The score is in this level's band and all its conditions hold.
    Reached,
    /// The score is below every band: the lowest level.
    BelowBands,
    /// The score is in the band of `from`, but the condition `failed` of that level does not hold; the fallback
    /// policy chose this level.
    Fallback { from: u8, failed: u16 },
    /// A disqualifying case applies.
    Disqualifier(u16),
    /// A cap applies and lowered the level from `from`.
    Cap { index: u16, from: u8 },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Level {
        level: u8,
        decision: Decision,
    },
    NotClassified {
        rule: u16,
    },
    /// A fact the rules need has no value (and no default).
    Incomplete {
        fact: u32,
    },
    /// A rule could not be evaluated (division by zero, overflow).
    Failed {
        rule: RuleRef,
        error: ArithError,
    },
}

/// The result of the fast path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Verdict {
    pub outcome: Outcome,
    /// The total score, [`Num::MISSING`] when the rule set has none or it could not be computed.
    pub score: Num,
}

impl Verdict {
    pub fn level(&self) -> Option<usize> {
        match self.outcome {
            Outcome::Level { level, .. } => Some(level as usize),
            _ => None,
        }
    }
}

/// Evaluation of one rule set, with a reusable scratch row so classifying does not allocate.
pub struct Classifier<'r> {
    pub rules: &'r RuleSet,
    pub(crate) scratch: Vec<Num>,
    /// The subject kind of the row in `scratch`.
    kind: usize,
    /// Derived facts of the current row already computed (mask over `rules.derived`).
    computed: u64,
}

enum Stop {
    Missing(u32),
    Failed(RuleRef, ArithError),
}

fn stop(rule: RuleRef) -> impl Fn(EvalError) -> Stop {
    move |error| match error {
        EvalError::Missing(slot) => Stop::Missing(slot),
        EvalError::Arith(error) => Stop::Failed(rule, error),
    }
}

impl<'r> Classifier<'r> {
    pub fn new(rules: &'r RuleSet) -> Classifier<'r> {
        Classifier { rules, scratch: vec![Num::MISSING; rules.facts.len()], kind: 0, computed: 0 }
    }

    /// Load a row into the scratch buffer: the given values (inputs, and roll-up counts for organizations) with
    /// defaults for empty inputs. Derived facts are computed later, only as rules need them ([`Classifier::ensure`]).
    pub(crate) fn prepare(&mut self, kind: usize, values: &[Num]) {
        let rules = self.rules;
        let scratch = &mut self.scratch;
        let given = values.len().min(scratch.len());
        scratch[..given].copy_from_slice(&values[..given]);
        if given < rules.input_count {
            scratch[given..rules.input_count].fill(Num::MISSING);
        }
        // Organizations may be given without their roll-up counts; members never read them.
        let rollup_start = rules.input_count + rules.derived.len();
        if given < scratch.len() && rules.subjects[kind].collective {
            scratch[rollup_start.max(given)..].fill(Num::MISSING);
        }
        let plan = &rules.plans[kind];
        for &(slot, default) in &plan.defaults {
            let value = &mut scratch[slot as usize];
            if value.is_missing() {
                *value = default;
            }
        }
        self.kind = kind;
        self.computed = 0;
    }

    /// Compute the derived facts in `needs` (and what they read) that the current row does not have yet, in
    /// dependency order. A derived fact whose inputs are empty stays empty; an arithmetic failure is returned.
    #[inline]
    pub(crate) fn ensure(&mut self, needs: u64) -> Result<(), (u16, ArithError)> {
        let rules = self.rules;
        let todo = needs & rules.plans[self.kind].derived & !self.computed;
        if todo == 0 {
            return Ok(());
        }
        if rules.derived.len() > 64 {
            // Too many for a mask: compute every derived fact of the kind once.
            for (index, derived) in rules.derived.iter().enumerate() {
                if rules.facts[derived.slot as usize].applies_to(self.kind) {
                    self.scratch[derived.slot as usize] =
                        derived_value(derived, &self.scratch).map_err(|e| (index as u16, e))?;
                }
            }
            self.computed = u64::MAX;
            return Ok(());
        }
        let mut remaining = todo;
        while remaining != 0 {
            let index = remaining.trailing_zeros() as usize;
            remaining &= remaining - 1;
            let derived = &rules.derived[index];
            self.scratch[derived.slot as usize] =
                derived_value(derived, &self.scratch).map_err(|e| (index as u16, e))?;
        }
        self.computed |= todo;
        Ok(())
    }

    /// Classify a subject of kind `kind` (index into `rules.subjects`). `values[slot]` holds the facts by slot;
    /// a shorter slice leaves the rest empty.
    pub fn classify(&mut self, kind: usize, values: &[Num]) -> Verdict {
        self.prepare(kind, values);
        let outcome = match self.decide() {
            Ok(outcome) => outcome,
            Err(Stop::Missing(slot)) => Outcome::Incomplete { fact: self.first_missing_input(slot) },
            Err(Stop::Failed(rule, error)) => Outcome::Failed { rule, error },
        };
        let score = match &self.rules.scoring {
            Some(scoring) if self.ensure(scoring.needs).is_ok() => self.scratch[scoring.slot as usize],
            _ => Num::MISSING,
        };
        Verdict { outcome, score }
    }

    /// When a derived fact is empty, the input behind it is what the person must fill in.
    fn first_missing_input(&self, slot: u32) -> u32 {
        let fact = &self.rules.facts[slot as usize];
        if fact.origin != FactOrigin::Derived {
            return slot;
        }
        let Some(derived) = self.rules.derived.iter().find(|d| d.slot == slot) else { return slot };
        for &read in derived.expr.facts() {
            if self.scratch[read as usize].is_missing() && self.rules.facts[read as usize].applies_to(self.kind) {
                return self.first_missing_input(read);
            }
        }
        slot
    }

    /// Evaluate one rule on the current row, computing the derived facts it needs first.
    #[inline]
    fn check(&mut self, rule: &Rule, at: RuleRef) -> Result<bool, Stop> {
        self.ensure(rule.needs)
            .map_err(|(index, error)| Stop::Failed(RuleRef { stage: Stage::Derived, level: 0, index }, error))?;
        rule.expr.holds(&self.scratch).map_err(stop(at))
    }

    fn decide(&mut self) -> Result<Outcome, Stop> {
        let rules = self.rules;
        let plan = &rules.plans[self.kind];
        for &index in &plan.not_classified {
            let at = RuleRef { stage: Stage::NotClassified, level: 0, index };
            if self.check(&rules.not_classified[index as usize], at)? {
                return Ok(Outcome::NotClassified { rule: index });
            }
        }
        let lowest = rules.lowest_level();
        for &index in &plan.disqualifiers {
            let at = RuleRef { stage: Stage::Disqualifier, level: lowest as u8, index };
            if self.check(&rules.disqualifiers[index as usize], at)? {
                return Ok(Outcome::Level { level: lowest as u8, decision: Decision::Disqualifier(index) });
            }
        }
        let band = self.band()?;
        let (mut level, mut decision) = if band == lowest {
            (lowest, Decision::BelowBands)
        } else {
            match self.failed_condition(band)? {
                None => (band, Decision::Reached),
                Some(failed) => {
                    let from = band as u8;
                    match rules.band_fallback {
                        BandFallback::Lowest => (lowest, Decision::Fallback { from, failed }),
                        BandFallback::DropOne => (band + 1, Decision::Fallback { from, failed }),
                        BandFallback::Cascade => {
                            let mut chosen = lowest;
                            for candidate in band + 1..lowest {
                                if self.failed_condition(candidate)?.is_none() {
                                    chosen = candidate;
                                    break;
                                }
                            }
                            (chosen, Decision::Fallback { from, failed })
                        }
                    }
                }
            }
        };
        for &index in &plan.caps {
            let cap = &rules.caps[index as usize];
            if cap.max_level > level {
                let at = RuleRef { stage: Stage::Cap, level: cap.max_level as u8, index };
                if self.check(&cap.rule, at)? {
                    decision = Decision::Cap { index, from: level as u8 };
                    level = cap.max_level;
                }
            }
        }
        Ok(Outcome::Level { level: level as u8, decision })
    }

    /// The best level whose score band the subject is in; the best level when the rule set has no score.
    fn band(&mut self) -> Result<usize, Stop> {
        let rules = self.rules;
        let Some(scoring) = &rules.scoring else { return Ok(0) };
        self.ensure(scoring.needs)
            .map_err(|(index, error)| Stop::Failed(RuleRef { stage: Stage::Derived, level: 0, index }, error))?;
        let score = self.scratch[scoring.slot as usize];
        if score.is_missing() {
            return Err(Stop::Missing(scoring.slot));
        }
        Ok(rules
            .levels
            .iter()
            .position(|level| level.min_score.is_none_or(|min| score >= min))
            .unwrap_or(rules.lowest_level()))
    }

    /// The first condition of `level` that does not hold for the current kind, or `None` when all hold.
    fn failed_condition(&mut self, level: usize) -> Result<Option<u16>, Stop> {
        let rules = self.rules;
        for &index in &rules.plans[self.kind].conditions[level] {
            let at = RuleRef { stage: Stage::Condition, level: level as u8, index };
            if !self.check(&rules.levels[level].conditions[index as usize], at)? {
                return Ok(Some(index));
            }
        }
        Ok(None)
    }
}

/// A derived fact's value: empty when an input it reads is empty.
#[inline]
fn derived_value(derived: &crate::ruleset::Derived, row: &[Num]) -> Result<Num, ArithError> {
    match derived.expr.eval(row) {
        Ok(value) => Ok(value),
        Err(EvalError::Missing(_)) => Ok(Num::MISSING),
        Err(EvalError::Arith(error)) => Err(error),
    }
}

/// Check one typed value against a fact's type and range; the error says why in both languages.
pub fn check_value(fact: &crate::ruleset::Fact, value: Num) -> Result<(), (crate::diag::Code, String, String)> {
    use crate::diag::Code;
    if fact.ty == FactType::Integer && !value.is_integer() {
        return Err((Code::NotANumber, "phải là số nguyên".into(), "must be a whole number".into()));
    }
    let lang_vi = crate::lang::Lang::Vi;
    let lang_en = crate::lang::Lang::En;
    let show =
        |n: Num, lang| if fact.ty == FactType::Percent { n.display_percent(lang, 2) } else { n.display(lang, 2) };
    if let Some(min) = fact.min {
        if value < min {
            return Err((
                Code::OutOfRange,
                format!("không được nhỏ hơn {}", show(min, lang_vi)),
                format!("must not be below {}", show(min, lang_en)),
            ));
        }
    }
    if let Some(max) = fact.max {
        if value > max {
            return Err((
                Code::OutOfRange,
                format!("không được lớn hơn {}", show(max, lang_vi)),
                format!("must not be above {}", show(max, lang_en)),
            ));
        }
    }
    Ok(())
}
