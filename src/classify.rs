//! Classify one subject: not-classified cases, then disqualifiers, then the score band and the level conditions
//! (with the rule set's fallback policy), then caps.
//!
//! [`Classifier::classify`] is the fast path: no allocation, no trace, a compact [`Verdict`]. It is what a roster of
//! a million members runs through. [`Classifier::explain`] (in `explain.rs`) evaluates the same rules again with a
//! trace; a test checks that both always agree.

use serde::Serialize;

use crate::doc::BandFallback;
use crate::expr::{EvalError, Expr, Facts};
use crate::num::{ArithError, Num};
use crate::ruleset::{FactOrigin, FactType, RuleSet};

/// Which stage of classification a rule belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Derived,
    NotClassified,
    Disqualifier,
    /// The mitigation claimed for a disqualifier (`index` is the disqualifier's).
    Mitigation,
    Band,
    Condition,
    Cap,
    /// A consistency check between facts.
    Check,
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
    /// A disqualifier applies but mitigation is claimed: for the competent level to decide. `otherwise` is the level
    /// the score, conditions and caps give (`None` when that cannot be worked out).
    Referred {
        rule: u16,
        otherwise: Option<u8>,
    },
    /// The facts fail a consistency check: no level until they are corrected.
    Invalid {
        check: u16,
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
    /// The fast path's program (`fast.rs`), built at the first [`Classifier::classify`].
    program: Option<crate::fast::Program>,
    /// The fast path by column (`fast/columns.rs`), built at the first [`Classifier::classify_table`].
    columns: Option<crate::fast::ColumnProgram>,
    /// A row read through [`Facts`] copied for the scratch row ([`Classifier::classify_facts`]).
    row_buffer: Vec<Num>,
    pub(crate) scratch: Vec<Num>,
    /// The subject kind of the row in `scratch`.
    kind: usize,
    /// Derived facts of the current row already computed (mask over `rules.derived`).
    computed: u64,
    /// Each rule's traced result on the current row, for the decision of a trace (`explain.rs`).
    pub(crate) trace_memo: crate::explain::TraceMemo,
    /// Each kind's checks in the trace's order (`explain.rs`), built at the first trace.
    pub(crate) trace_steps: Vec<Vec<crate::explain::TraceStep<'r>>>,
}

pub(crate) enum Stop {
    Missing(u32),
    Failed(RuleRef, ArithError),
}

/// A yes/no rule's value on one row: three-valued, an unknown naming the fact it lacks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Truth {
    Yes,
    No,
    Unknown(u32),
}

impl<'r> Classifier<'r> {
    pub fn new(rules: &'r RuleSet) -> Classifier<'r> {
        Classifier {
            rules,
            program: None,
            columns: None,
            row_buffer: Vec::new(),
            scratch: vec![Num::MISSING; rules.facts.len()],
            kind: 0,
            computed: 0,
            trace_memo: Default::default(),
            trace_steps: Vec::new(),
        }
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

    /// The row program built now, not at the first [`Classifier::classify`]: for a classifier that traces many rows
    /// (a report's key reasons, a roster's differences, the benchmark), whose derived facts [`Classifier::ensure_all`]
    /// then computes by the program's fused steps. A classifier that explains one person leaves it unbuilt: building
    /// the program costs more than it saves on one row, and the pages that only explain (the first page, the embed
    /// element) would carry its compiler (about 5 KB brotli, measured 2026-12-01).
    pub fn with_program(mut self) -> Self {
        let rules = self.rules;
        self.program.get_or_insert_with(|| crate::fast::Program::new(rules));
        self
    }

    /// Every derived fact of the current row's kind, as [`Classifier::ensure`]`(u64::MAX)` computes them: through
    /// the fast program's fused steps when the program is built ([`Classifier::with_program`], or by a
    /// classification) and the kind has one, else by `ensure`. A trace shows them all; the fused steps took 535
    /// instructions per member of the benchmark's roster against 1,310 for evaluating each derived fact's expression
    /// (callgrind, issue 14).
    pub(crate) fn ensure_all(&mut self) -> Result<(), (u16, ArithError)> {
        let rules = self.rules;
        if let Some(program) = self.program.as_mut()
            && self.computed == 0
            && program.derive_into(rules, self.kind, &mut self.scratch)
        {
            self.computed = rules.plans[self.kind].derived;
            return Ok(());
        }
        self.ensure(u64::MAX)
    }

    /// Classify a subject of kind `kind` (index into `rules.subjects`). `values[slot]` holds the facts by slot;
    /// a shorter slice leaves the rest empty.
    pub fn classify(&mut self, kind: usize, values: &[Num]) -> Verdict {
        let rules = self.rules;
        let program = self.program.get_or_insert_with(|| crate::fast::Program::new(rules));
        match program.classify(rules, kind, values) {
            Some(verdict) => verdict,
            None => self.classify_on_scratch(kind, values),
        }
    }

    /// [`Classifier::classify`] for a row read through [`Facts`] without copying it (a columnar table's row, say);
    /// `width` is the row's number of slots (what `values.len()` is to `classify`). Only a row the program sends
    /// back to the scratch row is copied, slot by slot.
    pub fn classify_facts<F: Facts + ?Sized>(&mut self, kind: usize, row: &F, width: usize) -> Verdict {
        let rules = self.rules;
        let program = self.program.get_or_insert_with(|| crate::fast::Program::new(rules));
        if let Some(verdict) = program.classify(rules, kind, row) {
            return verdict;
        }
        let mut buffer = std::mem::take(&mut self.row_buffer);
        buffer.clear();
        buffer.extend((0..width as u32).map(|slot| row.fact(slot)));
        let verdict = self.classify_on_scratch(kind, &buffer);
        self.row_buffer = buffer;
        verdict
    }

    /// The instruction levels the fast path by column ([`Classifier::classify_table`]) can run with on this processor,
    /// the baseline first and the one it picks last (for the benchmarks and tests that compare them).
    #[doc(hidden)]
    pub fn column_levels() -> Vec<&'static str> {
        crate::fast::Isa::all().iter().map(|isa| isa.name()).collect()
    }

    /// Run the fast path by column with level `index` of [`Classifier::column_levels`] (the last one unless told);
    /// an index past the list keeps the level.
    #[doc(hidden)]
    pub fn use_column_level(&mut self, index: usize) {
        if let Some(&isa) = crate::fast::Isa::all().get(index) {
            self.column_program();
            if let Some(columns) = &mut self.columns {
                columns.isa = isa;
            }
        }
    }

    /// The row program and the column program, built once.
    pub(crate) fn column_program(&mut self) -> (&crate::fast::Program, &crate::fast::ColumnProgram) {
        let rules = self.rules;
        let program = self.program.get_or_insert_with(|| crate::fast::Program::new(rules));
        let columns = self.columns.get_or_insert_with(|| crate::fast::ColumnProgram::new(rules, program));
        (program, columns)
    }

    /// [`Classifier::classify`] through the scratch row (the row copied in, defaults filled, derived facts computed
    /// as rules ask), leaving the prepared row there: what the fast program falls back on, what a trace starts
    /// from, and what a test and the benchmark hold the program to.
    pub fn classify_on_scratch(&mut self, kind: usize, values: &[Num]) -> Verdict {
        self.prepare(kind, values);
        let decided = decide(self.rules, kind, self);
        let outcome = self.outcome_of(decided);
        let score = match &self.rules.scoring {
            Some(scoring) if self.ensure(scoring.needs).is_ok() => self.scratch[scoring.slot as usize],
            _ => Num::MISSING,
        };
        Verdict { outcome, score }
    }

    /// The outcome of a decision on the prepared row: a missing fact named by the input behind it.
    pub(crate) fn outcome_of(&self, decided: Result<Outcome, Stop>) -> Outcome {
        match decided {
            Ok(outcome) => outcome,
            Err(Stop::Missing(slot)) => Outcome::Incomplete { fact: self.first_missing_input(slot) },
            Err(Stop::Failed(rule, error)) => Outcome::Failed { rule, error },
        }
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
}

/// A yes/no rule's value as [`Truth`]: a missing fact is unknown; only an arithmetic failure stops.
#[inline]
pub(crate) fn truth_of<V: Facts + ?Sized>(expr: &Expr, values: &V, at: RuleRef) -> Result<Truth, Stop> {
    match expr.holds(values) {
        Ok(true) => Ok(Truth::Yes),
        Ok(false) => Ok(Truth::No),
        Err(EvalError::Missing(slot)) => Ok(Truth::Unknown(slot)),
        Err(EvalError::Arith(error)) => Err(Stop::Failed(at, error)),
    }
}

/// Where the decision reads the current row: the truth of a rule and the score. The classifier's scratch row
/// (derived facts computed as rules need them) and the fast program's row read in place (`fast.rs`) both give
/// it, so the decision below is written once.
pub(crate) trait Row {
    /// The truth of `expr` (a rule of the row's kind; `needs` its derived facts, `at` where it is).
    fn truth(&mut self, expr: &Expr, needs: u64, at: RuleRef) -> Result<Truth, Stop>;
    /// The value of the score fact, its derived facts computed first.
    fn score(&mut self, scoring: &crate::ruleset::Scoring) -> Result<Num, Stop>;
}

impl Row for Classifier<'_> {
    /// Evaluate a yes/no expression on the current row, computing the derived facts in `needs` first.
    #[inline]
    fn truth(&mut self, expr: &Expr, needs: u64, at: RuleRef) -> Result<Truth, Stop> {
        self.ensure(needs)
            .map_err(|(index, error)| Stop::Failed(RuleRef { stage: Stage::Derived, level: 0, index }, error))?;
        truth_of(expr, &self.scratch[..], at)
    }

    fn score(&mut self, scoring: &crate::ruleset::Scoring) -> Result<Num, Stop> {
        self.ensure(scoring.needs)
            .map_err(|(index, error)| Stop::Failed(RuleRef { stage: Stage::Derived, level: 0, index }, error))?;
        Ok(self.scratch[scoring.slot as usize])
    }
}

/// The decision for a row of kind `kind`: checks, not-classified cases, disqualifiers, then the criteria.
pub(crate) fn decide<R: Row>(rules: &RuleSet, kind: usize, row: &mut R) -> Result<Outcome, Stop> {
    let plan = &rules.plans[kind];
    // Consistency checks first: facts that contradict each other decide nothing else. A check that lacks a
    // fact is skipped.
    for &index in &plan.checks {
        let check = &rules.checks[index as usize];
        let at = RuleRef { stage: Stage::Check, level: 0, index };
        if row.truth(&check.rule.expr, check.rule.needs, at)? == Truth::No {
            return Ok(Outcome::Invalid { check: index });
        }
    }
    // Any of the not-classified cases: one that certainly applies decides, even when another lacks a fact.
    let mut unknown = None;
    for &index in &plan.not_classified {
        let rule = &rules.not_classified[index as usize];
        let at = RuleRef { stage: Stage::NotClassified, level: 0, index };
        match row.truth(&rule.expr, rule.needs, at)? {
            Truth::Yes => return Ok(Outcome::NotClassified { rule: index }),
            Truth::Unknown(slot) => {
                unknown.get_or_insert(slot);
            }
            Truth::No => {}
        }
    }
    if let Some(slot) = unknown {
        return Err(Stop::Missing(slot));
    }
    // Any of the disqualifiers: one that certainly applies without mitigation decides; a mitigated one refers
    // the subject to the competent level unless another certainly applies without.
    let lowest = rules.lowest_level();
    let mut referred = None;
    let mut unknown_mitigable = false;
    for &index in &plan.disqualifiers {
        let rule = &rules.disqualifiers[index as usize];
        let at = RuleRef { stage: Stage::Disqualifier, level: lowest as u8, index };
        let applies = row.truth(&rule.expr, rule.needs, at)?;
        let mitigated = match (&rule.mitigation, applies) {
            (_, Truth::No) => continue,
            (None, _) => Truth::No,
            (Some(mitigation), _) => {
                let at = RuleRef { stage: Stage::Mitigation, level: lowest as u8, index };
                row.truth(mitigation, rule.needs, at)?
            }
        };
        match (applies, mitigated) {
            (Truth::Yes, Truth::No) => {
                return Ok(Outcome::Level { level: lowest as u8, decision: Decision::Disqualifier(index) });
            }
            (Truth::Yes, Truth::Yes) => {
                referred.get_or_insert(index);
            }
            (Truth::Yes, Truth::Unknown(slot)) | (Truth::Unknown(slot), _) => {
                unknown.get_or_insert(slot);
                unknown_mitigable |= rule.mitigation.is_some();
            }
            (Truth::No, _) => {}
        }
    }
    if let Some(slot) = unknown {
        // An undecided case still leaves the result certain when the criteria give the lowest level anyway
        // and no claim of mitigation could refer the subject instead.
        if referred.is_none() && !unknown_mitigable {
            if let Ok((level, decision)) = by_criteria(rules, kind, row) {
                if level == lowest {
                    return Ok(Outcome::Level { level: level as u8, decision });
                }
            }
        }
        return Err(Stop::Missing(slot));
    }
    if let Some(rule) = referred {
        let otherwise = match by_criteria(rules, kind, row) {
            Ok((level, _)) => Some(level as u8),
            Err(_) => None,
        };
        return Ok(Outcome::Referred { rule, otherwise });
    }
    let (level, decision) = by_criteria(rules, kind, row)?;
    Ok(Outcome::Level { level: level as u8, decision })
}

/// The level by the score band, the level conditions with the fallback policy, and the caps.
fn by_criteria<R: Row>(rules: &RuleSet, kind: usize, row: &mut R) -> Result<(usize, Decision), Stop> {
    let plan = &rules.plans[kind];
    let lowest = rules.lowest_level();
    let band = band(rules, row)?;
    let (mut level, mut decision) = if band == lowest {
        (lowest, Decision::BelowBands)
    } else {
        match failed_condition(rules, kind, band, row)? {
            None => (band, Decision::Reached),
            Some(failed) => {
                let from = band as u8;
                // A fallback never gives a level whose own conditions fail. `cascade` and `drop_one` move down
                // one level at a time to the first level whose conditions hold; `lowest` goes straight there.
                let chosen = match rules.band_fallback {
                    BandFallback::Lowest => lowest,
                    BandFallback::DropOne | BandFallback::Cascade => {
                        let mut chosen = lowest;
                        for candidate in band + 1..lowest {
                            if failed_condition(rules, kind, candidate, row)?.is_none() {
                                chosen = candidate;
                                break;
                            }
                        }
                        chosen
                    }
                };
                (chosen, Decision::Fallback { from, failed })
            }
        }
    };
    // Caps: each one that applies lowers the level to its maximum. One that lacks a fact matters only when it
    // would lower the level further than the caps that certainly apply.
    let mut unknown: Option<(u32, usize)> = None;
    for &index in &plan.caps {
        let cap = &rules.caps[index as usize];
        if cap.max_level > level {
            let at = RuleRef { stage: Stage::Cap, level: cap.max_level as u8, index };
            match row.truth(&cap.rule.expr, cap.rule.needs, at)? {
                Truth::Yes => {
                    decision = Decision::Cap { index, from: level as u8 };
                    level = cap.max_level;
                }
                Truth::Unknown(slot) => {
                    if unknown.is_none_or(|(_, max_level)| cap.max_level > max_level) {
                        unknown = Some((slot, cap.max_level));
                    }
                }
                Truth::No => {}
            }
        }
    }
    if let Some((slot, max_level)) = unknown {
        if max_level > level {
            return Err(Stop::Missing(slot));
        }
    }
    Ok((level, decision))
}

/// The best level whose score band the subject is in; the best level when the rule set has no score.
fn band<R: Row>(rules: &RuleSet, row: &mut R) -> Result<usize, Stop> {
    let Some(scoring) = &rules.scoring else { return Ok(0) };
    let score = row.score(scoring)?;
    if score.is_missing() {
        return Err(Stop::Missing(scoring.slot));
    }
    Ok(rules
        .levels
        .iter()
        .position(|level| level.min_score.is_none_or(|min| score >= min))
        .unwrap_or(rules.lowest_level()))
}

/// The first condition of `level` that certainly does not hold for the current kind (even when another lacks a
/// fact), or `None` when all hold; a missing fact when none fails but one cannot be decided.
fn failed_condition<R: Row>(rules: &RuleSet, kind: usize, level: usize, row: &mut R) -> Result<Option<u16>, Stop> {
    let mut unknown = None;
    for &index in &rules.plans[kind].conditions[level] {
        let rule = &rules.levels[level].conditions[index as usize];
        let at = RuleRef { stage: Stage::Condition, level: level as u8, index };
        match row.truth(&rule.expr, rule.needs, at)? {
            Truth::No => return Ok(Some(index)),
            Truth::Unknown(slot) => {
                unknown.get_or_insert(slot);
            }
            Truth::Yes => {}
        }
    }
    match unknown {
        Some(slot) => Err(Stop::Missing(slot)),
        None => Ok(None),
    }
}

/// A row problem ([`crate::diag::Code::Contradiction`]) for each record whose verdict is [`Outcome::Invalid`]: the
/// row, the subject, the check and the columns (facts) to correct.
pub fn contradictions(
    rules: &RuleSet,
    table: &crate::input::Table,
    verdicts: impl IntoIterator<Item = Verdict>,
    file: Option<&str>,
) -> Vec<crate::diag::Diagnostic> {
    let mut out = Vec::new();
    for (record, verdict) in table.records().zip(verdicts) {
        let Outcome::Invalid { check } = verdict.outcome else { continue };
        let check = &rules.checks[check as usize];
        let names = |lang| -> Vec<String> {
            check
                .facts
                .iter()
                .map(|id| {
                    rules.fact_slot(id).map_or(id.clone(), |s| rules.facts[s as usize].name.get(lang).to_string())
                })
                .collect()
        };
        let who =
            if record.name.is_empty() { record.id.to_string() } else { format!("{} ({})", record.id, record.name) };
        out.push(crate::diag::Diagnostic::new(
            crate::diag::Code::Contradiction,
            crate::diag::Location {
                file: file.map(str::to_string),
                row: Some(record.row),
                path: Some(check.facts.join(", ")),
                ..crate::diag::Location::default()
            },
            format!(
                "{who}: số liệu mâu thuẫn, không xếp loại được — {} ({}); cần sửa: {}",
                check.rule.name.vi,
                check.rule.expr.text(),
                names(crate::lang::Lang::Vi).join(", ")
            ),
            format!(
                "{who}: contradictory data, no level — {} ({}); correct: {}",
                check.rule.name.get(crate::lang::Lang::En),
                check.rule.expr.text(),
                names(crate::lang::Lang::En).join(", ")
            ),
        ));
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::Expr;

    /// Every expression a subject's classification may evaluate, derived facts first.
    fn expressions(rules: &RuleSet) -> Vec<&Expr> {
        let mut out: Vec<&Expr> = rules.derived.iter().map(|d| &d.expr).collect();
        let all_rules = rules
            .not_classified
            .iter()
            .chain(&rules.disqualifiers)
            .chain(rules.levels.iter().flat_map(|l| &l.conditions))
            .chain(rules.caps.iter().map(|c| &c.rule))
            .chain(rules.checks.iter().map(|c| &c.rule));
        for rule in all_rules {
            out.push(&rule.expr);
            out.extend(&rule.mitigation);
        }
        out
    }

    /// The fast evaluation (`holds`, `eval` with facts and constants read in place) gives what the traced
    /// evaluator (the explanation's, a separate walk of the tree) gives, on every row of a generated roster (100,000
    /// members for `qd366-2025`, fewer for the older regimes) and its organizations: the same truth, the same value, the same missing fact.
    #[test]
    fn the_fast_evaluation_agrees_with_the_traced_one_on_a_generated_roster() {
        for (id, members) in [("qd366-2025", 100_000), ("qd124-2023", 20_000), ("qd132-2018", 20_000)] {
            let rules = crate::builtin::load(id).expect("a bundled rule set compiles");
            let shape = crate::generate::Shape::new(members, 2025);
            let roster = crate::generate::roster(&rules, shape);
            let exprs = expressions(&rules);
            let mut classifier = Classifier::new(&rules);
            let mut traced = Vec::new();
            let mut checked = 0usize;
            for table in [&roster.members, &roster.orgs] {
                for (i, record) in table.records().enumerate() {
                    classifier.classify_on_scratch(record.kind, &table.row_vec(i));
                    let _ = classifier.ensure(u64::MAX);
                    let row = &classifier.scratch;
                    for expr in &exprs {
                        traced.clear();
                        let slow = expr.trace(row, &mut traced);
                        if *expr.ty() == crate::expr::Type::Bool {
                            let slow = slow.map(|v| expr.truth_of(v));
                            assert_eq!(expr.holds(row), slow, "{id}: {} on {}", expr.text(), record.id);
                        } else {
                            assert_eq!(expr.eval(row), slow, "{id}: {} on {}", expr.text(), record.id);
                        }
                        checked += 1;
                    }
                }
            }
            assert!(checked > members * 10, "{id}: {checked}");
        }
    }

    /// Row `i` of `table`; an organization's with roll-up counts made up from `i` (one in 23 left empty).
    fn row_with_rollups(rules: &RuleSet, table: &crate::table::Table, i: usize, kind: usize) -> Vec<Num> {
        let mut row = table.row_vec(i);
        if kind < rules.subjects.len() && rules.subjects[kind].collective {
            row.resize(rules.facts.len(), Num::MISSING);
            let rollups =
                (0..rules.facts.len()).filter(|&s| matches!(rules.facts[s].origin, FactOrigin::Rollup { .. }));
            for (n, slot) in rollups.enumerate() {
                let seed = (i * 31 + n * 7) % 23;
                row[slot] = if seed == 0 { Num::MISSING } else { Num::int((seed % 9) as i64) };
            }
        }
        row
    }

    /// The fast program (rows read in place, `fast.rs`) gives the verdict the scratch row gives, on every member of
    /// generated rosters of the bundled rule sets and on their organizations with roll-up counts (some left empty);
    /// only incomplete or failed rows fall back, and on `qd366-2025`, the benchmarks' rule set, most rows are read
    /// in place.
    #[test]
    fn the_fast_program_gives_what_the_scratch_row_gives() {
        for entry in crate::builtin::CATALOG {
            let rules = crate::builtin::load(entry.id).expect("a bundled rule set compiles");
            let members = if entry.id == "qd366-2025" { 100_000 } else { 20_000 };
            let shape = crate::generate::Shape::new(members, 2025);
            let roster = crate::generate::roster(&rules, shape);
            let mut fast = Classifier::new(&rules);
            let mut program = crate::fast::Program::new(&rules);
            let mut slow = Classifier::new(&rules);
            let (mut rows, mut in_place) = (0usize, 0usize);
            for table in [&roster.members, &roster.orgs] {
                for (i, record) in table.records().enumerate() {
                    let row = row_with_rollups(&rules, table, i, record.kind);
                    let expected = slow.classify_on_scratch(record.kind, &row);
                    assert_eq!(fast.classify(record.kind, &row), expected, "{}: {}", entry.id, record.id);
                    assert_eq!(fast.classify_facts(record.kind, &row[..], row.len()), expected, "{}", record.id);
                    if let Some(verdict) = program.classify(&rules, record.kind, &row[..]) {
                        assert_eq!(verdict, expected, "{}: {}", entry.id, record.id);
                        in_place += 1;
                    } else {
                        // Only an incomplete row (its missing input is named from the scratch row) or a failed
                        // computation goes the scratch row's way.
                        assert!(
                            matches!(expected.outcome, Outcome::Incomplete { .. } | Outcome::Failed { .. }),
                            "{}: {} fell back: {expected:?}",
                            entry.id,
                            record.id
                        );
                    }
                    rows += 1;
                }
            }
            if entry.id == "qd366-2025" {
                assert!(in_place * 10 >= rows * 9, "{}: {in_place} of {rows} rows read in place", entry.id);
            }
        }
    }

    /// A trace decides from its traced results (`explain.rs`, `TracedRow`) rather than classifying the row again
    /// through the scratch row: the same verdict, findings, comparisons and prepared row as tracing after the
    /// scratch row's decision, on every member and organization (roll-up counts, some empty) of generated rosters
    /// of the bundled rule sets, for the full trace and for the trace of each level's gap.
    #[test]
    fn a_trace_decides_what_the_scratch_row_decides() {
        let mut outcomes = std::collections::HashSet::new();
        for entry in crate::builtin::CATALOG {
            let rules = crate::builtin::load(entry.id).expect("a bundled rule set compiles");
            let shape = crate::generate::Shape::new(20_000, 2026);
            let roster = crate::generate::roster(&rules, shape);
            let (mut traced, mut scratch) = (Classifier::new(&rules), Classifier::new(&rules));
            let (mut by_trace, mut by_scratch) = (crate::explain::Trace::default(), crate::explain::Trace::default());
            for table in [&roster.members, &roster.orgs] {
                for (i, record) in table.records().enumerate() {
                    let row = row_with_rollups(&rules, table, i, record.kind);
                    let only = [None, Some(i % rules.levels.len())];
                    for only in only {
                        let verdict = traced.trace_levels(record.kind, &row, record.target, &mut by_trace, only);
                        let expected =
                            scratch.trace_levels_on_scratch(record.kind, &row, record.target, &mut by_scratch, only);
                        let at = format!("{}: {} (only {only:?})", entry.id, record.id);
                        assert_eq!(verdict, expected, "{at}");
                        assert_eq!(by_trace.verdict, by_scratch.verdict, "{at}");
                        assert_eq!(by_trace.findings, by_scratch.findings, "{at}");
                        assert_eq!(by_trace.comparisons, by_scratch.comparisons, "{at}");
                        assert_eq!(by_trace.row, by_scratch.row, "{at}");
                        assert_eq!((by_trace.kind, by_trace.target), (by_scratch.kind, by_scratch.target), "{at}");
                        outcomes.insert(std::mem::discriminant(&verdict.outcome));
                    }
                }
            }
        }
        assert!(outcomes.len() >= 3, "the rosters reach only {} kinds of outcome", outcomes.len());
    }
}
