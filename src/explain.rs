//! Explanations: the same classification as the fast path, with every check recorded.
//!
//! An [`Explanation`] is data: each [`Finding`] is one rule checked (observed against required, met or not, its
//! provenance), plus the decision, the score breakdown and the gap to the next level or to a registered target
//! level. Text, table, JSON and HTML renderings are separate functions over this data (`render.rs`, the web UI).

use serde::Serialize;

use crate::classify::{Classifier, Decision, Outcome, RuleRef, Stage, Verdict};
use crate::doc::BandFallback;
use crate::expr::TracedComparison;
use crate::expr::{CmpOp, Comparison, NumStyle};
use crate::lang::Text;
use crate::num::Num;
use crate::ruleset::{Provenance, Rule, RuleSet, Status};

/// One rule checked for one subject.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub stage: Stage,
    /// For band checks and level conditions: the level's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    pub rule: String,
    pub name: Text,
    pub expr: String,
    /// `None` when a fact it needs is empty.
    pub met: Option<bool>,
    pub comparisons: Vec<Comparison>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Provenance>,
    /// This finding decided the result.
    pub decisive: bool,
    /// A share it compares has nothing to divide by: what that means and how it counted ("No tasks assigned
    /// (nothing to divide by): this condition counts as met").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub empty_share: Option<Text>,
    /// The items of a list that decided it, when it rests on facts computed from a list ([`crate::lists::annotate`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<DecidingItem>,
}

/// An item of a list that decided a finding: "nhiệm vụ 7 «Báo cáo quý»: Tiến độ: hoàn thành chậm".
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DecidingItem {
    pub list: String,
    /// The item's number, from 1.
    pub index: usize,
    /// The list's word for an item ("nhiệm vụ").
    pub item: Text,
    /// The item's name, when it has one (its first text field).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The fields that say why (those the counts' conditions read).
    pub details: Vec<ItemDetail>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemDetail {
    pub field: Text,
    pub value: Text,
}

/// A list used instead of typed facts, with the facts it computed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListUse {
    pub list: String,
    pub name: Text,
    pub item: Text,
    /// Items counted (empty items are not).
    pub items: usize,
    pub facts: Vec<String>,
}

impl Finding {
    pub fn is_assumption(&self) -> bool {
        self.source.as_ref().is_some_and(|s| s.status == Status::Assumption)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ResultStatus {
    Classified,
    NotClassified,
    /// A disqualifier applies but mitigation is claimed: for the competent level to decide.
    Referred,
    /// The facts contradict each other (a consistency check fails).
    Invalid,
    Incomplete,
    Failed,
}

/// A subject referred to the competent level: the case, the claim and the level the criteria give otherwise.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Referral {
    /// The disqualifier that applies.
    pub rule: String,
    pub name: Text,
    /// The mitigation claimed, as written.
    pub claim: String,
    /// The level the score, conditions and caps give; `None` when that cannot be worked out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub otherwise: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub otherwise_name: Option<Text>,
}

/// A consistency check that fails, with the facts where the error is shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Contradiction {
    pub check: String,
    pub name: Text,
    pub expr: String,
    pub facts: Vec<String>,
}

/// What decided, in words and by reference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Decider {
    pub kind: DeciderKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    pub summary: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Provenance>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeciderKind {
    Reached,
    BelowBands,
    Fallback,
    Disqualifier,
    Cap,
    NotClassified,
    Referred,
    Contradiction,
    MissingFact,
    EvaluationError,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScorePart {
    pub fact: String,
    pub name: Text,
    pub value: Option<Num>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<Num>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScoreView {
    pub total: Option<Num>,
    pub max: Num,
    pub parts: Vec<ScorePart>,
}

/// What stands between the subject and a level: the smallest set of unmet checks, each necessary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Gap {
    pub level: String,
    pub level_name: Text,
    /// Already at this level or better.
    pub reached: bool,
    /// Unmet (or unknown) band and conditions of the level.
    pub unmet: Vec<Finding>,
    /// Cases that hold and keep the subject below the level whatever else changes: a not-classified case, a
    /// disqualifier, a cap.
    pub blockers: Vec<Finding>,
}

/// A rule set's choice that the texts do not make, involved in this subject's evaluation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AssumptionNote {
    pub rule: String,
    pub name: Text,
    pub reason: Option<Text>,
    /// The assumption decided this subject's result.
    pub decisive: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    pub rule_set: String,
    pub subject: String,
    pub status: ResultStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level_name: Option<Text>,
    pub decided_by: Decider,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<ScoreView>,
    pub findings: Vec<Finding>,
    /// The level just above the result, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_level: Option<Gap>,
    /// The level the subject registered to strive for (đăng ký phấn đấu), when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Gap>,
    /// Inputs that are empty and needed (no default).
    pub missing_facts: Vec<String>,
    /// Of those, the ones the result did not depend on: the result is certain without them (a case that
    /// certainly applies decided, whatever they are).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing_unneeded: Vec<String>,
    /// For a referred subject: the case, the claim and the level otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referral: Option<Referral>,
    /// Every consistency check that fails (the first one decided an invalid result).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub contradictions: Vec<Contradiction>,
    pub assumptions: Vec<AssumptionNote>,
    /// The lists the facts were computed from ([`crate::lists`]); empty when every fact was typed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lists: Vec<ListUse>,
    /// In unit mode, when the quota proposes a lower level than the criteria give ([`crate::decision::explain_member`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quota: Option<QuotaNote>,
}

/// A unit's quota proposal for one member: the level proposed after the quota and the scope whose quota is exceeded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QuotaNote {
    /// The proposed level's id.
    pub level: String,
    pub level_name: Text,
    /// The scope as shown (organization, with the subject kind when kinds are counted apart).
    pub scope: Text,
    /// "Đề nghị sau tỷ lệ HTXS: HTT …", ready to show.
    pub text: Text,
}

/// The parts of an [`Explanation`] a list shows for every row ([`Trace::resolve_brief`]): the result, what decided,
/// and what is missing for the next level and for the registered level.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Brief {
    pub status: ResultStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    pub decided_by: Decider,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_level: Option<Gap>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Gap>,
}

/// One check of a [`Trace`], by reference into the rule set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TraceFinding {
    pub stage: Stage,
    /// For band checks and conditions: the level; for caps: the capped level.
    pub level: u8,
    /// Position in the stage's list (for conditions, in the level's list); 0 for a band.
    pub index: u16,
    pub met: Option<bool>,
    /// Range of this finding's comparisons in [`Trace::comparisons`].
    pub comparisons: (u32, u32),
}

/// The explanation as data by reference: every check with its observed and required values, without text. Cheap
/// to compute for a whole roster (its buffers are reused); [`Trace::resolve`] turns it into an [`Explanation`].
#[derive(Clone, Debug, Default)]
pub struct Trace {
    pub kind: usize,
    pub target: Option<usize>,
    pub verdict: Option<Verdict>,
    /// The prepared row: inputs with defaults, derived facts, roll-up counts.
    pub row: Vec<Num>,
    pub findings: Vec<TraceFinding>,
    pub comparisons: Vec<TracedComparison>,
}

impl Classifier<'_> {
    /// Classify with a full trace into `trace` (its buffers are reused). `target` is a registered level.
    pub fn trace(&mut self, kind: usize, values: &[Num], target: Option<usize>, trace: &mut Trace) -> Verdict {
        self.trace_levels(kind, values, target, trace, None)
    }

    /// [`Classifier::trace`] with the band and conditions of one level only (`level`), the other checks all: what
    /// the gap to that level needs ([`Trace::gap_positions`]), for a report's key reasons of every row.
    pub fn trace_for_gap(&mut self, kind: usize, values: &[Num], level: usize, trace: &mut Trace) -> Verdict {
        self.trace_levels(kind, values, None, trace, Some(level))
    }

    /// The trace, of every level's band and conditions or of `only` that level's. The row is prepared with every
    /// derived fact first; each rule is traced once and the decision reads the traced results
    /// ([`TracedRow`]) rather than evaluating every rule a second time. A row whose derived facts fail to
    /// compute goes through the scratch row's decision first, as before (its prepared row depends on what that
    /// decision computed).
    pub(crate) fn trace_levels(
        &mut self,
        kind: usize,
        values: &[Num],
        target: Option<usize>,
        trace: &mut Trace,
        only: Option<usize>,
    ) -> Verdict {
        self.prepare(kind, values);
        if self.ensure_all().is_err() {
            return self.trace_levels_on_scratch(kind, values, target, trace, only);
        }
        self.ensure_trace_steps();
        let mut memo = std::mem::take(&mut self.trace_memo);
        memo.begin(self.rules);
        self.trace_rules(kind, target, trace, only, Some(&mut memo));
        let rules = self.rules;
        let decided = crate::classify::decide(rules, kind, &mut TracedRow { row: &self.scratch, memo: &memo });
        self.trace_memo = memo;
        let outcome = self.outcome_of(decided);
        let score = rules.scoring.as_ref().map_or(Num::MISSING, |scoring| self.scratch[scoring.slot as usize]);
        let verdict = Verdict { outcome, score };
        trace.verdict = Some(verdict);
        verdict
    }

    /// [`Classifier::trace_levels`] deciding through the scratch row first (derived facts as the decision asks),
    /// then tracing: the path of a row whose derived facts do not all compute, and what a test holds the traced
    /// decision to.
    pub(crate) fn trace_levels_on_scratch(
        &mut self,
        kind: usize,
        values: &[Num],
        target: Option<usize>,
        trace: &mut Trace,
        only: Option<usize>,
    ) -> Verdict {
        let verdict = self.classify_on_scratch(kind, values);
        // That left the prepared row in the scratch buffer; the explanation shows every derived fact, so
        // compute those the decision did not need. A failure among them was already reported by `classify`.
        let _ = self.ensure(u64::MAX);
        self.ensure_trace_steps();
        self.trace_rules(kind, target, trace, only, None);
        trace.verdict = Some(verdict);
        verdict
    }

    /// The checks of a kind's trace in order ([`TraceStep`]), built for every kind at the first trace.
    #[inline]
    fn ensure_trace_steps(&mut self) {
        if self.trace_steps.is_empty() {
            self.build_trace_steps();
        }
    }

    #[cold]
    fn build_trace_steps(&mut self) {
        let rules = self.rules;
        self.trace_memo.size(rules);
        let memo = &self.trace_memo;
        self.trace_steps = (0..rules.plans.len()).map(|kind| trace_steps(rules, kind, memo)).collect();
    }

    /// Every check of the prepared row into `trace` (findings, comparisons, the row), each rule's result also
    /// into `memo` when given. One loop over the kind's [`TraceStep`]s: each rule is traced by the same code in
    /// place, without a call per rule (callgrind, issue 14).
    fn trace_rules(
        &self,
        kind: usize,
        target: Option<usize>,
        trace: &mut Trace,
        only: Option<usize>,
        mut memo: Option<&mut TraceMemo>,
    ) {
        let rules = self.rules;
        let row = &self.scratch;
        trace.kind = kind;
        trace.target = target;
        trace.findings.clear();
        trace.comparisons.clear();
        let score = rules.scoring.as_ref().and_then(|s| row[s.slot as usize].known());
        for step in &self.trace_steps[kind] {
            if only
                .is_some_and(|only| matches!(step.stage, Stage::Band | Stage::Condition) && only != step.level as usize)
            {
                continue;
            }
            let start = trace.comparisons.len() as u32;
            let met = match step.expr {
                Some(expr) => {
                    let met = expr.trace(row, &mut trace.comparisons).ok().map(|v| expr.truth_of(v));
                    if let (Some(memo), Some(met)) = (memo.as_deref_mut(), met) {
                        memo.record_entry(step.entry, met);
                    }
                    met
                }
                // A score band: no comparison recorded.
                None => score.map(|s| s >= step.min_score),
            };
            let end = trace.comparisons.len() as u32;
            trace.findings.push(TraceFinding {
                stage: step.stage,
                level: step.level,
                index: step.index,
                met,
                comparisons: (start, end),
            });
        }
        trace.row.clear();
        trace.row.extend_from_slice(row);
    }

    /// Classify with a full explanation. `target` is a registered level (index) to report the gap to.
    pub fn explain(&mut self, kind: usize, values: &[Num], target: Option<usize>) -> (Verdict, Explanation) {
        let mut trace = Trace::default();
        let verdict = self.trace(kind, values, target, &mut trace);
        (verdict, trace.resolve(self.rules))
    }
}

impl Trace {
    /// Comparison `k` of the check at `index` of `findings`, as [`Trace::resolve_finding`] gives it, without
    /// resolving the rest of the check (its name, formula, other comparisons): what a report's key reasons need of
    /// a value not seen before.
    pub fn resolve_comparison(&self, rules: &RuleSet, index: usize, k: usize) -> Comparison {
        let f = &self.findings[index];
        let expr = match f.stage {
            Stage::Band => return self.finding(rules, f).comparisons.swap_remove(k),
            Stage::Mitigation => {
                let case = &rules.disqualifiers[f.index as usize];
                case.mitigation.as_ref().unwrap_or(&case.expr)
            }
            Stage::NotClassified => &rules.not_classified[f.index as usize].expr,
            Stage::Disqualifier => &rules.disqualifiers[f.index as usize].expr,
            Stage::Condition => &rules.levels[f.level as usize].conditions[f.index as usize].expr,
            Stage::Check => &rules.checks[f.index as usize].rule.expr,
            _ => &rules.caps[f.index as usize].rule.expr,
        };
        expr.comparison(&self.comparisons[f.comparisons.0 as usize + k])
    }
}

impl Classifier<'_> {
    /// What [`Trace::gap_positions`] and a report's key reasons read of [`Classifier::trace_for_gap`], for a subject
    /// whose `verdict` is known (the unit's run gave it): the row prepared with every derived fact, the verdict, and
    /// the findings of the checks, not-classified cases, disqualifiers and caps with their truth only, the band and
    /// conditions of `level` with their comparisons when not met. Mitigations and the other levels are left out:
    /// neither the gap nor the key reasons read them. Nothing is classified again.
    ///
    /// `false` (and the trace unusable) when a derived fact fails to compute: then the full trace's row depends on
    /// what the decision computed first, so the caller traces in full ([`Classifier::trace_for_gap`]).
    pub fn trace_gap_of(
        &mut self,
        kind: usize,
        values: &[Num],
        verdict: &Verdict,
        level: usize,
        trace: &mut Trace,
    ) -> bool {
        self.prepare(kind, values);
        if self.ensure_all().is_err() {
            return false;
        }
        let rules = self.rules;
        let row = &self.scratch[..];
        let plan = &rules.plans[kind];
        trace.kind = kind;
        trace.target = None;
        trace.verdict = Some(*verdict);
        trace.findings.clear();
        trace.comparisons.clear();
        let truth = |expr: &crate::expr::Expr| expr.eval(row).ok().map(|v| expr.truth_of(v));
        let untraced = |trace: &mut Trace, stage: Stage, level: u8, index: u16, expr: &crate::expr::Expr| {
            let at = trace.comparisons.len() as u32;
            trace.findings.push(TraceFinding { stage, level, index, met: truth(expr), comparisons: (at, at) });
        };
        for &index in &plan.checks {
            untraced(trace, Stage::Check, 0, index, &rules.checks[index as usize].rule.expr);
        }
        for &index in &plan.not_classified {
            untraced(trace, Stage::NotClassified, 0, index, &rules.not_classified[index as usize].expr);
        }
        let lowest = rules.lowest_level() as u8;
        for &index in &plan.disqualifiers {
            untraced(trace, Stage::Disqualifier, lowest, index, &rules.disqualifiers[index as usize].expr);
        }
        let target = &rules.levels[level];
        if let (Some(min), Some(scoring)) = (target.min_score, &rules.scoring) {
            let at = trace.comparisons.len() as u32;
            let met = row[scoring.slot as usize].known().map(|s| s >= min);
            trace.findings.push(TraceFinding {
                stage: Stage::Band,
                level: level as u8,
                index: 0,
                met,
                comparisons: (at, at),
            });
        }
        for &index in &plan.conditions[level] {
            let expr = &target.conditions[index as usize].expr;
            let start = trace.comparisons.len() as u32;
            // A met condition is not in the gap: its comparisons are not needed.
            let met = match truth(expr) {
                Some(true) => Some(true),
                _ => expr.trace(row, &mut trace.comparisons).ok().map(|v| expr.truth_of(v)),
            };
            let end = trace.comparisons.len() as u32;
            trace.findings.push(TraceFinding {
                stage: Stage::Condition,
                level: level as u8,
                index,
                met,
                comparisons: (start, end),
            });
        }
        for &index in &plan.caps {
            let cap = &rules.caps[index as usize];
            untraced(trace, Stage::Cap, cap.max_level as u8, index, &cap.rule.expr);
        }
        trace.row.clear();
        trace.row.extend_from_slice(row);
        true
    }
}

impl Trace {
    /// The explanation with its text: names, formulas, sources, the decision, gaps and assumptions.
    pub fn resolve(&self, rules: &RuleSet) -> Explanation {
        let kind = self.kind;
        let row = &self.row;
        let score_value = rules.scoring.as_ref().and_then(|s| row[s.slot as usize].known());
        let mut findings: Vec<Finding> = self.findings.iter().map(|f| self.finding(rules, f)).collect();
        let (status, level, decided_by, decisive) = self.decision(rules);
        if let Some(i) = decisive {
            findings[i].decisive = true;
        }
        let next_level = level.filter(|l| *l > 0).map(|l| self.gap(rules, level, l - 1, |i| findings[i].clone()));
        let target = self.target.map(|t| self.gap(rules, level, t, |i| findings[i].clone()));

        let score = rules.scoring.as_ref().map(|s| ScoreView {
            total: score_value,
            max: s.max,
            parts: s
                .parts
                .iter()
                .map(|slot| {
                    let fact = &rules.facts[*slot as usize];
                    ScorePart {
                        fact: fact.id.clone(),
                        name: fact.name.clone(),
                        value: row[*slot as usize].known(),
                        max: fact.max,
                    }
                })
                .collect(),
        });

        let missing_facts: Vec<String> = rules
            .input_facts(kind)
            .filter(|(slot, fact)| fact.used && row[*slot as usize].is_missing())
            .map(|(_, fact)| fact.id.clone())
            .collect();
        let missing_unneeded = match status {
            ResultStatus::Incomplete | ResultStatus::Failed => Vec::new(),
            _ => missing_facts.clone(),
        };
        let referral = match self.verdict.map(|v| v.outcome) {
            Some(Outcome::Referred { rule, otherwise }) => {
                let case = &rules.disqualifiers[rule as usize];
                let otherwise = otherwise.map(|l| &rules.levels[l as usize]);
                Some(Referral {
                    rule: case.id.clone(),
                    name: case.name.clone(),
                    claim: case.mitigation.as_ref().map(|m| m.text().to_string()).unwrap_or_default(),
                    otherwise: otherwise.map(|l| l.id.clone()),
                    otherwise_name: otherwise.map(|l| l.name.clone()),
                })
            }
            _ => None,
        };
        let contradictions = findings
            .iter()
            .zip(&self.findings)
            .filter(|(_, f)| f.stage == Stage::Check && f.met == Some(false))
            .map(|(finding, f)| {
                let check = &rules.checks[f.index as usize];
                Contradiction {
                    check: check.rule.id.clone(),
                    name: check.rule.name.clone(),
                    expr: finding.expr.clone(),
                    facts: check.facts.clone(),
                }
            })
            .collect();

        let mut assumptions: Vec<AssumptionNote> = findings
            .iter()
            .filter(|f| f.is_assumption())
            .map(|f| AssumptionNote {
                rule: f.rule.clone(),
                name: f.name.clone(),
                reason: f.source.as_ref().and_then(|s| s.reason.clone()),
                decisive: f.decisive,
            })
            .collect();
        if let Some(source) = &rules.band_fallback_source {
            if source.status == Status::Assumption {
                assumptions.push(AssumptionNote {
                    rule: "policy.band_fallback".into(),
                    name: Text::new(
                        "Cách xử lý khi điểm đạt khung nhưng không đạt điều kiện",
                        "What happens when the score is in a band but its conditions fail",
                    ),
                    reason: source.reason.clone(),
                    decisive: decided_by.kind == DeciderKind::Fallback,
                });
            }
        }

        if let Some(source) = &rules.empty_share_source {
            if source.status == Status::Assumption && findings.iter().any(|f| f.empty_share.is_some()) {
                assumptions.push(AssumptionNote {
                    rule: "policy.empty_share".into(),
                    name: Text::new(
                        "Cách tính tỷ lệ khi mẫu số bằng 0 (không có nhiệm vụ nào được giao)",
                        "How a share counts when there is nothing to divide by (no tasks assigned)",
                    ),
                    reason: source.reason.clone(),
                    decisive: findings.iter().any(|f| f.decisive && f.empty_share.is_some()),
                });
            }
        }

        Explanation {
            rule_set: rules.id.clone(),
            subject: rules.subjects[kind].id.clone(),
            status,
            level: level.map(|l| rules.levels[l].id.clone()),
            level_name: level.map(|l| rules.levels[l].name.clone()),
            decided_by,
            score,
            findings,
            next_level,
            target,
            missing_facts,
            missing_unneeded,
            referral,
            contradictions,
            assumptions,
            lists: Vec::new(),
            quota: None,
        }
    }

    /// One check with its text, not marked decisive.
    fn finding(&self, rules: &RuleSet, f: &TraceFinding) -> Finding {
        let row = &self.row;
        let score_value = rules.scoring.as_ref().and_then(|s| row[s.slot as usize].known());
        if f.stage == Stage::Band {
            let level = &rules.levels[f.level as usize];
            let min = level.min_score.unwrap_or(Num::ZERO);
            let score_fact =
                rules.scoring.as_ref().map(|s| rules.facts[s.slot as usize].id.clone()).unwrap_or_default();
            return Finding {
                stage: Stage::Band,
                level: Some(level.id.clone()),
                rule: format!("band.{}", level.id),
                name: Text::new(
                    format!(
                        "Điểm đạt khung {} (từ {} điểm trở lên)",
                        level.short,
                        min.display(crate::lang::Lang::Vi, 2)
                    ),
                    format!(
                        "Score in the {} band ({} points or more)",
                        level.short,
                        min.display(crate::lang::Lang::En, 2)
                    ),
                ),
                expr: format!("{score_fact} >= {min}"),
                met: f.met,
                comparisons: vec![Comparison {
                    left: score_fact,
                    op: CmpOp::Ge,
                    right: min.to_string(),
                    observed: score_value,
                    required: Some(min),
                    style: NumStyle::Plain,
                    observed_choice: None,
                    required_choice: None,
                    met: f.met,
                    no_base: false,
                }],
                source: level.source.clone(),
                decisive: false,
                empty_share: None,
                items: Vec::new(),
            };
        }
        let comparisons = |expr: &crate::expr::Expr| -> Vec<Comparison> {
            self.comparisons[f.comparisons.0 as usize..f.comparisons.1 as usize]
                .iter()
                .map(|c| expr.comparison(c))
                .collect()
        };
        // The claim of a disqualifier: shown under the case's name, with the claim's own comparisons.
        // A mitigation finding is only traced for a case with a claim; were one ever traced without, it would be
        // shown as the disqualifier itself (below) rather than stop the explanation.
        let claim = match f.stage {
            Stage::Mitigation => {
                let case = &rules.disqualifiers[f.index as usize];
                case.mitigation.as_ref().map(|mitigation| (case, mitigation))
            }
            _ => None,
        };
        if let Some((case, mitigation)) = claim {
            return Finding {
                stage: Stage::Mitigation,
                level: Some(rules.levels[f.level as usize].id.clone()),
                rule: case.id.clone(),
                name: case.name.clone(),
                expr: mitigation.text().to_string(),
                met: f.met,
                comparisons: comparisons(mitigation),
                source: Some(case.source.clone()),
                decisive: false,
                empty_share: None,
                items: Vec::new(),
            };
        }
        let rule = match f.stage {
            Stage::NotClassified => &rules.not_classified[f.index as usize],
            Stage::Disqualifier | Stage::Mitigation => &rules.disqualifiers[f.index as usize],
            Stage::Condition => &rules.levels[f.level as usize].conditions[f.index as usize],
            Stage::Check => &rules.checks[f.index as usize].rule,
            _ => &rules.caps[f.index as usize].rule,
        };
        let level = match f.stage {
            Stage::NotClassified | Stage::Check => None,
            _ => Some(rules.levels[f.level as usize].id.clone()),
        };
        let traced = &self.comparisons[f.comparisons.0 as usize..f.comparisons.1 as usize];
        let empty_share = traced
            .iter()
            .any(|c| c.observed.is_no_base() || c.required.is_no_base())
            .then(|| empty_share_note(rules, row, rule, f.stage));
        let source = match f.stage {
            Stage::Check => rules.checks[f.index as usize].source().cloned(),
            _ => Some(rule.source.clone()),
        };
        Finding {
            stage: f.stage,
            level,
            rule: rule.id.clone(),
            name: rule.name.clone(),
            expr: rule.expr.text().to_string(),
            met: f.met,
            comparisons: comparisons(&rule.expr),
            source,
            decisive: false,
            empty_share,
            items: Vec::new(),
        }
    }

    /// The result and what decided it, with the position in `findings` of the check that decided (if one did).
    fn decision(&self, rules: &RuleSet) -> (ResultStatus, Option<usize>, Decider, Option<usize>) {
        let verdict = self.verdict.unwrap_or(Verdict { outcome: Outcome::Incomplete { fact: 0 }, score: Num::MISSING });
        let lowest = &rules.levels[rules.lowest_level()];
        let mut decisive = None;
        let mut mark = |stage: Stage, rule: &str| decisive = self.position(rules, stage, rule);
        let (status, level, decided_by) = match verdict.outcome {
            Outcome::Level { level, decision } => {
                let level = level as usize;
                let decided_by = match decision {
                    Decision::Reached => {
                        let l = &rules.levels[level];
                        mark(Stage::Band, &format!("band.{}", l.id));
                        Decider {
                            kind: DeciderKind::Reached,
                            rule: None,
                            summary: if rules.scoring.is_some() {
                                Text::new(
                                    format!("Đạt khung điểm và mọi điều kiện của mức {}", l.short),
                                    format!("In the score band and meets every condition of {}", l.short),
                                )
                            } else {
                                Text::new(
                                    format!("Đạt mọi điều kiện của mức {}", l.short),
                                    format!("Meets every condition of {}", l.short),
                                )
                            },
                            source: l.source.clone(),
                        }
                    }
                    Decision::BelowBands => {
                        let above = &rules.levels[rules.lowest_level() - 1];
                        mark(Stage::Band, &format!("band.{}", above.id));
                        Decider {
                            kind: DeciderKind::BelowBands,
                            rule: None,
                            summary: Text::new(
                                format!(
                                    "Điểm dưới khung thấp nhất ({} điểm) nên xếp mức {}",
                                    above.min_score.map(|m| m.display(crate::lang::Lang::Vi, 2)).unwrap_or_default(),
                                    lowest.short
                                ),
                                format!(
                                    "Score below the lowest band ({} points), so {}",
                                    above.min_score.map(|m| m.display(crate::lang::Lang::En, 2)).unwrap_or_default(),
                                    lowest.short
                                ),
                            ),
                            source: above.source.clone(),
                        }
                    }
                    Decision::Fallback { from, failed } => {
                        let from_level = &rules.levels[from as usize];
                        let failed_rule = &from_level.conditions[failed as usize];
                        mark(Stage::Condition, &failed_rule.id);
                        let policy = match rules.band_fallback {
                            BandFallback::Cascade => (
                                "xuống dần từng mức đến mức đầu tiên đạt đủ điều kiện",
                                "moved down one level at a time to the first level whose conditions hold",
                            ),
                            BandFallback::DropOne => (
                                "hạ một mức, và tiếp từng mức nếu mức đó cũng không đạt điều kiện",
                                "moved down one level, and on one level at a time while the conditions fail",
                            ),
                            BandFallback::Lowest => ("xếp mức thấp nhất", "placed at the lowest level"),
                        };
                        let to = rules.levels[level].short.as_str();
                        let failed_en = failed_rule.name.get(crate::lang::Lang::En);
                        // Every level passed on the way down, with the condition that kept the subject from it.
                        let (mut passed_vi, mut passed_en) = (String::new(), String::new());
                        if rules.band_fallback != BandFallback::Lowest {
                            for passed in from as usize + 1..level {
                                let Some(f) = self.findings.iter().find(|f| {
                                    f.stage == Stage::Condition && f.level as usize == passed && f.met == Some(false)
                                }) else {
                                    continue;
                                };
                                let condition = &rules.levels[passed].conditions[f.index as usize];
                                let short = &rules.levels[passed].short;
                                passed_vi.push_str(&format!(
                                    "; mức {short} cũng không đạt điều kiện \"{}\"",
                                    condition.name.vi
                                ));
                                passed_en.push_str(&format!(
                                    "; {short}: the condition \"{}\" is not met either",
                                    condition.name.get(crate::lang::Lang::En)
                                ));
                            }
                        }
                        // Without a score there is no band: the level is the best one whose conditions all hold.
                        let summary = if rules.scoring.is_none() && rules.band_fallback == BandFallback::Cascade {
                            Text::new(
                                format!(
                                    "Không đạt điều kiện \"{}\" của mức {}{passed_vi}; không chấm điểm nên xếp mức cao nhất đạt đủ mọi điều kiện → {to}",
                                    failed_rule.name.vi, from_level.short
                                ),
                                format!(
                                    "The condition \"{failed_en}\" of {} is not met{passed_en}; with no score, the level is the best one whose conditions all hold → {to}",
                                    from_level.short
                                ),
                            )
                        } else {
                            Text::new(
                                format!(
                                    "Điểm đạt khung {} nhưng không đạt điều kiện \"{}\"{passed_vi}; theo cách xử lý đã chọn: {} → {to}",
                                    from_level.short, failed_rule.name.vi, policy.0
                                ),
                                format!(
                                    "Score in the {} band but the condition \"{failed_en}\" is not met{passed_en}; by the chosen policy: {} → {to}",
                                    from_level.short, policy.1
                                ),
                            )
                        };
                        Decider {
                            kind: DeciderKind::Fallback,
                            rule: Some(failed_rule.id.clone()),
                            summary,
                            source: rules.band_fallback_source.clone(),
                        }
                    }
                    Decision::Disqualifier(index) => {
                        let rule = &rules.disqualifiers[index as usize];
                        mark(Stage::Disqualifier, &rule.id);
                        Decider {
                            kind: DeciderKind::Disqualifier,
                            rule: Some(rule.id.clone()),
                            summary: Text::new(
                                format!("Thuộc trường hợp \"{}\" nên xếp mức {}", rule.name.vi, lowest.short),
                                format!(
                                    "Falls under \"{}\", so {}",
                                    rule.name.get(crate::lang::Lang::En),
                                    lowest.short
                                ),
                            ),
                            source: Some(rule.source.clone()),
                        }
                    }
                    Decision::Cap { index, from } => {
                        let cap = &rules.caps[index as usize];
                        mark(Stage::Cap, &cap.rule.id);
                        Decider {
                            kind: DeciderKind::Cap,
                            rule: Some(cap.rule.id.clone()),
                            summary: Text::new(
                                format!(
                                    "Đạt {} theo tiêu chí, nhưng \"{}\" nên tối đa là {}",
                                    rules.levels[from as usize].short,
                                    cap.rule.name.vi,
                                    rules.levels[cap.max_level].short
                                ),
                                format!(
                                    "{} by the criteria, but \"{}\" caps the level at {}",
                                    rules.levels[from as usize].short,
                                    cap.rule.name.get(crate::lang::Lang::En),
                                    rules.levels[cap.max_level].short
                                ),
                            ),
                            source: Some(cap.rule.source.clone()),
                        }
                    }
                };
                (ResultStatus::Classified, Some(level), decided_by)
            }
            Outcome::NotClassified { rule } => {
                let rule = &rules.not_classified[rule as usize];
                mark(Stage::NotClassified, &rule.id);
                let decider = Decider {
                    kind: DeciderKind::NotClassified,
                    rule: Some(rule.id.clone()),
                    summary: Text::new(
                        format!("Không xếp loại: {}", rule.name.vi),
                        format!("Not classified: {}", rule.name.get(crate::lang::Lang::En)),
                    ),
                    source: Some(rule.source.clone()),
                };
                (ResultStatus::NotClassified, None, decider)
            }
            Outcome::Referred { rule, otherwise } => {
                let case = &rules.disqualifiers[rule as usize];
                mark(Stage::Mitigation, &case.id);
                let (otherwise_vi, otherwise_en) = match otherwise {
                    Some(l) => {
                        let short = &rules.levels[l as usize].short;
                        (
                            format!("nếu không thì theo điểm và điều kiện: {short}"),
                            format!("otherwise by score and conditions: {short}"),
                        )
                    }
                    None => (
                        "mức theo điểm và điều kiện chưa xác định được".to_string(),
                        "the level by score and conditions cannot be worked out".to_string(),
                    ),
                };
                let decider = Decider {
                    kind: DeciderKind::Referred,
                    rule: Some(case.id.clone()),
                    summary: Text::new(
                        format!(
                            "Thuộc trường hợp \"{}\" nhưng có tình tiết để xem xét: chờ cấp có thẩm quyền xem xét, quyết định ({otherwise_vi})",
                            case.name.vi
                        ),
                        format!(
                            "Falls under \"{}\" but mitigation is claimed: for the competent level to decide ({otherwise_en})",
                            case.name.get(crate::lang::Lang::En)
                        ),
                    ),
                    source: Some(case.source.clone()),
                };
                (ResultStatus::Referred, None, decider)
            }
            Outcome::Invalid { check } => {
                let check = &rules.checks[check as usize];
                mark(Stage::Check, &check.rule.id);
                let decider = Decider {
                    kind: DeciderKind::Contradiction,
                    rule: Some(check.rule.id.clone()),
                    summary: Text::new(
                        format!("Số liệu mâu thuẫn: {}", check.rule.name.vi),
                        format!("Contradictory data: {}", check.rule.name.get(crate::lang::Lang::En)),
                    ),
                    source: check.source().cloned(),
                };
                (ResultStatus::Invalid, None, decider)
            }
            Outcome::Incomplete { fact } => {
                let fact = &rules.facts[fact as usize];
                let decider = Decider {
                    kind: DeciderKind::MissingFact,
                    rule: Some(fact.id.clone()),
                    summary: Text::new(
                        format!("Chưa đủ dữ liệu: cần nhập \"{}\"", fact.name.vi),
                        format!("Not enough data: \"{}\" is needed", fact.name.get(crate::lang::Lang::En)),
                    ),
                    source: None,
                };
                (ResultStatus::Incomplete, None, decider)
            }
            Outcome::Failed { rule, error } => {
                let id = rule_id(rules, rule);
                let (vi, en) = match error {
                    crate::num::ArithError::DivisionByZero => ("chia cho 0", "division by zero"),
                    crate::num::ArithError::Overflow => ("số quá lớn", "number too large"),
                };
                let decider = Decider {
                    kind: DeciderKind::EvaluationError,
                    rule: Some(id.clone()),
                    summary: Text::new(
                        format!("Không tính được quy tắc `{id}`: {vi}"),
                        format!("Rule `{id}` cannot be evaluated: {en}"),
                    ),
                    source: None,
                };
                (ResultStatus::Failed, None, decider)
            }
        };
        (status, level, decided_by, decisive)
    }

    /// The first check of `stage` whose rule id is `rule` (`band.<level>` for a band).
    fn position(&self, rules: &RuleSet, stage: Stage, rule: &str) -> Option<usize> {
        self.findings.iter().position(|f| {
            f.stage == stage
                && match f.stage {
                    Stage::Band => rule.strip_prefix("band.") == Some(rules.levels[f.level as usize].id.as_str()),
                    Stage::NotClassified => rules.not_classified[f.index as usize].id == rule,
                    Stage::Disqualifier | Stage::Mitigation => rules.disqualifiers[f.index as usize].id == rule,
                    Stage::Check => rules.checks[f.index as usize].rule.id == rule,
                    Stage::Condition => rules.levels[f.level as usize].conditions[f.index as usize].id == rule,
                    _ => rules.caps[f.index as usize].rule.id == rule,
                }
        })
    }

    /// What stands between the subject (at `level`) and `target_level`: the unmet band and conditions of that level
    /// and the cases that hold and keep the subject below it, each resolved by `finding` from its position.
    fn gap(
        &self,
        rules: &RuleSet,
        level: Option<usize>,
        target_level: usize,
        finding: impl Fn(usize) -> Finding,
    ) -> Gap {
        let target = &rules.levels[target_level];
        let (mut unmet, mut blockers) = (Vec::new(), Vec::new());
        let reached = self.gap_positions(level, target_level, &mut unmet, &mut blockers);
        let unmet = unmet.into_iter().map(&finding).collect();
        let blockers = blockers.into_iter().map(&finding).collect();
        Gap { level: target.id.clone(), level_name: target.name.clone(), reached, unmet, blockers }
    }

    /// The positions in `findings` of what stands between the subject (at `level`) and `target_level`, in order
    /// (the buffers are cleared first): the target level's unmet band and conditions into `unmet`, the cases that
    /// hold and keep the subject below it into `blockers`. `true` when the level is reached (both then empty).
    pub fn gap_positions(
        &self,
        level: Option<usize>,
        target_level: usize,
        unmet: &mut Vec<usize>,
        blockers: &mut Vec<usize>,
    ) -> bool {
        unmet.clear();
        blockers.clear();
        let reached = level.is_some_and(|l| l <= target_level);
        if reached {
            return true;
        }
        for (i, f) in self.findings.iter().enumerate() {
            // The target level's own band and conditions.
            let own = matches!(f.stage, Stage::Band | Stage::Condition) && f.level as usize == target_level;
            if own && f.met != Some(true) {
                unmet.push(i);
            }
            let blocking = match f.stage {
                Stage::NotClassified | Stage::Disqualifier => f.met == Some(true),
                Stage::Check => f.met == Some(false),
                Stage::Cap => f.met == Some(true) && f.level as usize > target_level,
                _ => false,
            };
            if blocking {
                blockers.push(i);
            }
        }
        false
    }

    /// The check at `index` of `findings` with its text (names, formula, comparisons), not marked decisive.
    pub fn resolve_finding(&self, rules: &RuleSet, index: usize) -> Finding {
        self.finding(rules, &self.findings[index])
    }

    /// What decided the result ([`Explanation::decided_by`]), alone.
    pub fn decider(&self, rules: &RuleSet) -> Decider {
        self.decision(rules).2
    }

    /// The parts of the explanation a list shows for every row, without resolving every check: the result, what
    /// decided, and the gaps to the next level and to the registered level. Equal to the same parts of
    /// [`Trace::resolve`], several times faster (a roster's report resolves one per member).
    pub fn resolve_brief(&self, rules: &RuleSet) -> Brief {
        let (status, level, decided_by, decisive) = self.decision(rules);
        let finding = |i: usize| {
            let mut f = self.finding(rules, &self.findings[i]);
            f.decisive = decisive == Some(i);
            f
        };
        Brief {
            status,
            level: level.map(|l| rules.levels[l].id.clone()),
            decided_by,
            next_level: level.filter(|l| *l > 0).map(|l| self.gap(rules, Some(l), l - 1, finding)),
            target: self.target.map(|t| self.gap(rules, level, t, finding)),
        }
    }
}

/// What a share of nothing in `rule` means for this row and how it counted: the zero wholes of the shares the
/// rule reads (directly or through derived facts), each by its `when_zero` text or its name.
fn empty_share_note(rules: &RuleSet, row: &[Num], rule: &Rule, stage: Stage) -> Text {
    let mut wholes: Vec<u32> = Vec::new();
    let mut seen: Vec<u32> = Vec::new();
    let mut todo: Vec<&crate::expr::Expr> = vec![&rule.expr];
    while let Some(expr) = todo.pop() {
        for whole in expr.share_wholes() {
            if row.get(whole as usize).is_some_and(|v| v.known().is_some_and(Num::is_zero)) && !wholes.contains(&whole)
            {
                wholes.push(whole);
            }
        }
        for &slot in expr.facts() {
            if seen.contains(&slot) {
                continue;
            }
            seen.push(slot);
            if let Some(derived) = rules.derived.iter().find(|d| d.slot == slot) {
                todo.push(&derived.expr);
            }
        }
    }
    let what = |lang: crate::lang::Lang| -> String {
        let parts: Vec<String> = wholes
            .iter()
            .map(|slot| {
                let fact = &rules.facts[*slot as usize];
                match &fact.when_zero {
                    Some(text) => text.get(lang).to_string(),
                    None => format!("{} = 0", fact.name.get(lang)),
                }
            })
            .collect();
        if parts.is_empty() {
            lang.pick("Không có gì để chia", "Nothing to divide by").to_string()
        } else {
            parts.join("; ")
        }
    };
    let (effect_vi, effect_en) = match (stage, rules.empty_share) {
        (Stage::Condition, crate::doc::EmptyShare::Neutral) => {
            ("điều kiện này được coi là đạt", "this condition counts as met")
        }
        (Stage::Condition, crate::doc::EmptyShare::NotMet) => {
            ("điều kiện này được coi là không đạt", "this condition counts as not met")
        }
        _ => ("trường hợp này không áp dụng", "this case does not apply"),
    };
    Text::new(
        format!("{} (mẫu số bằng 0): {effect_vi}", what(crate::lang::Lang::Vi)),
        format!("{} (nothing to divide by): {effect_en}", what(crate::lang::Lang::En)),
    )
}

/// The id of the rule a [`RuleRef`] points at.
pub fn rule_id(rules: &RuleSet, rule: crate::classify::RuleRef) -> String {
    let index = rule.index as usize;
    match rule.stage {
        Stage::Derived => rules.derived.get(index).map(|d| rules.facts[d.slot as usize].id.clone()),
        Stage::NotClassified => rules.not_classified.get(index).map(|r| r.id.clone()),
        Stage::Disqualifier => rules.disqualifiers.get(index).map(|r| r.id.clone()),
        Stage::Mitigation => rules.disqualifiers.get(index).map(|r| format!("{}.mitigation", r.id)),
        Stage::Check => rules.checks.get(index).map(|c| c.rule.id.clone()),
        Stage::Condition => {
            rules.levels.get(rule.level as usize).and_then(|l| l.conditions.get(index)).map(|r| r.id.clone())
        }
        Stage::Cap => rules.caps.get(index).map(|c| c.rule.id.clone()),
        Stage::Band => rules.levels.get(rule.level as usize).map(|l| format!("band.{}", l.id)),
    }
    .unwrap_or_default()
}

/// One check of a kind's trace, in the order the trace lists them: the consistency checks, the not-classified
/// cases, each disqualifier with its mitigation, each level's score band and conditions, the caps.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TraceStep<'r> {
    stage: Stage,
    level: u8,
    index: u16,
    /// The rule's entry in [`TraceMemo`] (past its entries for a band).
    entry: u32,
    /// The rule's expression; `None` for a score band, whose lowest score is `min_score`.
    expr: Option<&'r crate::expr::Expr>,
    min_score: Num,
}

/// The [`TraceStep`]s of kind `kind`, their entries in `memo` (sized for `rules`).
fn trace_steps<'r>(rules: &'r RuleSet, kind: usize, memo: &TraceMemo) -> Vec<TraceStep<'r>> {
    let plan = &rules.plans[kind];
    let mut steps = Vec::new();
    let mut push = |stage: Stage, level: u8, index: u16, expr: Option<&'r crate::expr::Expr>, min_score: Num| {
        let at = RuleRef { stage, level, index };
        let entry = memo.entry(at).map_or(u32::MAX, |entry| entry as u32);
        steps.push(TraceStep { stage, level, index, entry, expr, min_score });
    };
    for &index in &plan.checks {
        push(Stage::Check, 0, index, Some(&rules.checks[index as usize].rule.expr), Num::MISSING);
    }
    for &index in &plan.not_classified {
        push(Stage::NotClassified, 0, index, Some(&rules.not_classified[index as usize].expr), Num::MISSING);
    }
    let lowest = rules.lowest_level() as u8;
    for &index in &plan.disqualifiers {
        let rule = &rules.disqualifiers[index as usize];
        push(Stage::Disqualifier, lowest, index, Some(&rule.expr), Num::MISSING);
        if let Some(mitigation) = &rule.mitigation {
            push(Stage::Mitigation, lowest, index, Some(mitigation), Num::MISSING);
        }
    }
    for (level_index, level) in rules.levels.iter().enumerate() {
        if let (Some(min), Some(_)) = (level.min_score, &rules.scoring) {
            push(Stage::Band, level_index as u8, 0, None, min);
        }
        for &index in &plan.conditions[level_index] {
            push(
                Stage::Condition,
                level_index as u8,
                index,
                Some(&level.conditions[index as usize].expr),
                Num::MISSING,
            );
        }
    }
    for &index in &plan.caps {
        let cap = &rules.caps[index as usize];
        push(Stage::Cap, cap.max_level as u8, index, Some(&cap.rule.expr), Num::MISSING);
    }
    steps
}

/// Each traced rule's result on the current row, by rule, so the decision of a traced row reads them instead of
/// evaluating the rules again ([`TracedRow`]). A stamp per entry says which trace wrote it: nothing is cleared
/// between rows.
#[derive(Clone, Debug, Default)]
pub(crate) struct TraceMemo {
    /// Where each stage's rules start among the entries: checks, not-classified cases, disqualifiers,
    /// mitigations, caps, then each level's conditions.
    starts: Vec<u32>,
    /// The stamp of the trace that wrote the entry, and the rule's truth. Only a rule with a value is recorded,
    /// by its truth (what the decision reads): eight bytes to write per rule rather than the whole result.
    entries: Vec<(u32, bool)>,
    stamp: u32,
}

impl TraceMemo {
    /// The groups of entries before the levels' conditions (checks, not-classified cases, disqualifiers,
    /// mitigations, caps).
    const FIXED_GROUPS: usize = 5;

    /// Start a new row (the first time, size the entries for `rules`).
    #[inline]
    fn begin(&mut self, rules: &RuleSet) {
        if self.starts.is_empty() {
            self.size(rules);
        }
        self.stamp = self.stamp.wrapping_add(1);
        if self.stamp == 0 {
            self.entries.iter_mut().for_each(|entry| entry.0 = 0);
            self.stamp = 1;
        }
    }

    /// Size the entries for `rules`, once.
    fn size(&mut self, rules: &RuleSet) {
        if self.starts.is_empty() {
            let mut counts = vec![
                rules.checks.len(),
                rules.not_classified.len(),
                rules.disqualifiers.len(),
                rules.disqualifiers.len(),
                rules.caps.len(),
            ];
            counts.extend(rules.levels.iter().map(|level| level.conditions.len()));
            let mut start = 0u32;
            for count in counts {
                self.starts.push(start);
                start += count as u32;
            }
            self.entries = vec![(0, false); start as usize];
        }
    }

    fn entry(&self, at: RuleRef) -> Option<usize> {
        let group = match at.stage {
            Stage::Check => 0,
            Stage::NotClassified => 1,
            Stage::Disqualifier => 2,
            Stage::Mitigation => 3,
            Stage::Cap => 4,
            Stage::Condition => Self::FIXED_GROUPS + at.level as usize,
            Stage::Band | Stage::Derived => return None,
        };
        Some(*self.starts.get(group)? as usize + at.index as usize)
    }

    /// The truth of the rule whose entry is `entry` ([`TraceMemo::entry`]) on the current row, traced with a value.
    #[inline]
    fn record_entry(&mut self, entry: u32, met: bool) {
        if let Some(entry) = self.entries.get_mut(entry as usize) {
            *entry = (self.stamp, met);
        }
    }

    /// The traced truth of the rule at `at` on the current row, when it was traced and has a value.
    #[inline]
    fn truth(&self, at: RuleRef) -> Option<bool> {
        match self.entries.get(self.entry(at)?)? {
            (stamp, met) if *stamp == self.stamp => Some(*met),
            _ => None,
        }
    }
}

/// The decision's view of a traced row ([`crate::classify::decide`]): every derived fact is in the row; a rule
/// traced with a value gives that value's truth. A traced value is the evaluation's whenever it has one; a rule
/// the trace left without a value (a missing fact, a failure, where the two walks may name different causes) or
/// did not trace (another level's condition in a trace for one level) is evaluated as the scratch row would.
struct TracedRow<'a> {
    row: &'a [Num],
    memo: &'a TraceMemo,
}

impl crate::classify::Row for TracedRow<'_> {
    #[inline]
    fn truth(
        &mut self,
        expr: &crate::expr::Expr,
        _needs: u64,
        at: RuleRef,
    ) -> Result<crate::classify::Truth, crate::classify::Stop> {
        match self.memo.truth(at) {
            Some(true) => Ok(crate::classify::Truth::Yes),
            Some(false) => Ok(crate::classify::Truth::No),
            None => crate::classify::truth_of(expr, self.row, at),
        }
    }

    fn score(&mut self, scoring: &crate::ruleset::Scoring) -> Result<Num, crate::classify::Stop> {
        Ok(self.row[scoring.slot as usize])
    }
}
