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
use crate::ruleset::{FactOrigin, FactType, RuleSet};

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
    Level { level: u8, decision: Decision },
    NotClassified { rule: u16 },
    /// A fact the rules need has no value (and no default).
    Incomplete { fact: u32 },
    /// A rule could not be evaluated (division by zero, overflow).
    Failed { rule: RuleRef, error: ArithError },
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
        Classifier { rules, scratch: vec![Num::MISSING; rules.facts.len()] }
    }

    /// Fill the scratch row: the given values (inputs, and roll-up counts for organizations), defaults for empty
    /// inputs, then derived facts in dependency order. A derived fact that cannot be computed stays empty unless the
    /// failure is arithmetic, which is returned.
    pub(crate) fn prepare(&mut self, kind: usize, values: &[Num]) -> Result<(), (u16, ArithError)> {
        let rules = self.rules;
        let scratch = &mut self.scratch;
        let given = values.len().min(scratch.len());
        scratch[..given].copy_from_slice(&values[..given]);
        scratch[given..].fill(Num::MISSING);
        for (value, fact) in scratch.iter_mut().zip(&rules.facts[..rules.input_count]) {
            if value.is_missing() {
                if let Some(default) = fact.default {
                    *value = default;
                }
            }
        }
        for (index, derived) in rules.derived.iter().enumerate() {
            if !rules.facts[derived.slot as usize].applies_to(kind) {
                continue;
            }
            scratch[derived.slot as usize] = match derived.expr.eval(scratch) {
                Ok(value) => value,
                Err(EvalError::Missing(_)) => Num::MISSING,
                Err(EvalError::Arith(error)) => return Err((index as u16, error)),
            };
        }
        Ok(())
    }

    /// Classify a subject of kind `kind` (index into `rules.subjects`). `values[slot]` holds the facts by slot;
    /// a shorter slice leaves the rest empty.
    pub fn classify(&mut self, kind: usize, values: &[Num]) -> Verdict {
        if let Err((index, error)) = self.prepare(kind, values) {
            let rule = RuleRef { stage: Stage::Derived, level: 0, index };
            return Verdict { outcome: Outcome::Failed { rule, error }, score: Num::MISSING };
        }
        let score = self.rules.scoring.as_ref().map(|s| self.scratch[s.slot as usize]).unwrap_or(Num::MISSING);
        let outcome = match self.decide(kind) {
            Ok(outcome) => outcome,
            Err(Stop::Missing(slot)) => Outcome::Incomplete { fact: self.first_missing_input(kind, slot) },
            Err(Stop::Failed(rule, error)) => Outcome::Failed { rule, error },
        };
        Verdict { outcome, score }
    }

    /// When a derived fact is empty, the input behind it is what the person must fill in.
    fn first_missing_input(&self, kind: usize, slot: u32) -> u32 {
        let fact = &self.rules.facts[slot as usize];
        if fact.origin != FactOrigin::Derived {
            return slot;
        }
        let Some(derived) = self.rules.derived.iter().find(|d| d.slot == slot) else { return slot };
        for &read in derived.expr.facts() {
            if self.scratch[read as usize].is_missing() && self.rules.facts[read as usize].applies_to(kind) {
                return self.first_missing_input(kind, read);
            }
        }
        slot
    }

    fn decide(&self, kind: usize) -> Result<Outcome, Stop> {
        let rules = self.rules;
        let values = &self.scratch;
        for (index, rule) in rules.not_classified.iter().enumerate() {
            if rule.applies_to(kind) {
                let at = RuleRef { stage: Stage::NotClassified, level: 0, index: index as u16 };
                if rule.expr.holds(values).map_err(stop(at))? {
                    return Ok(Outcome::NotClassified { rule: index as u16 });
                }
            }
        }
        let lowest = rules.lowest_level();
        for (index, rule) in rules.disqualifiers.iter().enumerate() {
            if rule.applies_to(kind) {
                let at = RuleRef { stage: Stage::Disqualifier, level: lowest as u8, index: index as u16 };
                if rule.expr.holds(values).map_err(stop(at))? {
                    return Ok(Outcome::Level { level: lowest as u8, decision: Decision::Disqualifier(index as u16) });
                }
            }
        }
        let band = self.band()?;
        let (mut level, mut decision) = if band == lowest {
            (lowest, Decision::BelowBands)
        } else {
            match self.failed_condition(kind, band)? {
                None => (band, Decision::Reached),
                Some(failed) => {
                    let from = band as u8;
                    match rules.band_fallback {
                        BandFallback::Lowest => (lowest, Decision::Fallback { from, failed }),
                        BandFallback::DropOne => (band + 1, Decision::Fallback { from, failed }),
                        BandFallback::Cascade => {
                            let mut chosen = lowest;
                            for candidate in band + 1..lowest {
                                if self.failed_condition(kind, candidate)?.is_none() {
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
        for (index, cap) in rules.caps.iter().enumerate() {
            if cap.rule.applies_to(kind) && cap.max_level > level {
                let at = RuleRef { stage: Stage::Cap, level: cap.max_level as u8, index: index as u16 };
                if cap.rule.expr.holds(values).map_err(stop(at))? {
                    decision = Decision::Cap { index: index as u16, from: level as u8 };
                    level = cap.max_level;
                }
            }
        }
        Ok(Outcome::Level { level: level as u8, decision })
    }

    /// The best level whose score band the subject is in; the best level when the rule set has no score.
    fn band(&self) -> Result<usize, Stop> {
        let rules = self.rules;
        let Some(scoring) = &rules.scoring else { return Ok(0) };
        let score = self.scratch[scoring.slot as usize];
        if score.is_missing() {
            return Err(Stop::Missing(scoring.slot));
        }
        Ok(rules.levels.iter().position(|level| level.min_score.is_none_or(|min| score >= min)).unwrap_or(rules.lowest_level()))
    }

    /// The first condition of `level` that does not hold for `kind`, or `None` when all hold.
    fn failed_condition(&self, kind: usize, level: usize) -> Result<Option<u16>, Stop> {
        for (index, rule) in self.rules.levels[level].conditions.iter().enumerate() {
            if rule.applies_to(kind) {
                let at = RuleRef { stage: Stage::Condition, level: level as u8, index: index as u16 };
                if !rule.expr.holds(&self.scratch).map_err(stop(at))? {
                    return Ok(Some(index as u16));
                }
            }
        }
        Ok(None)
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
    let show = |n: Num, lang| if fact.ty == FactType::Percent { n.display_percent(lang, 2) } else { n.display(lang, 2) };
    if let Some(min) = fact.min {
        if value < min {
            return Err((Code::OutOfRange, format!("không được nhỏ hơn {}", show(min, lang_vi)), format!("must not be below {}", show(min, lang_en))));
        }
    }
    if let Some(max) = fact.max {
        if value > max {
            return Err((Code::OutOfRange, format!("không được lớn hơn {}", show(max, lang_vi)), format!("must not be above {}", show(max, lang_en))));
        }
    }
    Ok(())
}
