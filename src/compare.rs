//! Comparing two rule sets on the same input: one subject, a roster, or aggregate figures.
//!
//! "Side by side" means: the same facts (by fact id; a fact one rule set lacks is missing there), the same roster
//! file read against each rule set (members and organizations matched by id), the same typed figures. The results
//! say who moves between levels and why (the conditions that differ: present in one rule set only, met in one and
//! not the other, or with a different required value, each with its provenance), the distribution before and
//! after, quota and target outcomes before and after, and the rows that read differently. Everything is data
//! (serde, camelCase); [`unit_text`], [`subjects_text`] and [`figures_text`] are the text renderings the CLI prints.
//!
//! "Left" is the rule set as it is, "right" the alternative; in text they are A and B.

use std::collections::HashMap;

use serde::Serialize;

use crate::classify::{Classifier, Outcome, Stage, Verdict};
use crate::diag::{Diagnostic, has_errors};
use crate::doc::{QuotaBase, QuotaScope, Rounding};
use crate::explain::{Explanation, Finding};
use crate::lang::{Lang, Text};
use crate::num::Num;
use crate::quota::{QuotaCounts, QuotaResolution};
use crate::render::compare::arrow;
use crate::ruleset::RuleSet;
use crate::targets::{Figures, Population, TargetResult};
use crate::unit::{Distribution, NO_LEVEL, QuotaStatus};

/// The same thing on each side.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Pair<T> {
    pub left: T,
    pub right: T,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Left,
    Right,
}

/// A rule set as the comparison names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleSetLabel {
    pub id: String,
    pub name: Text,
    pub version: String,
    /// The rule set an overlay extends, so an overlay beside its base says so.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
}

impl RuleSetLabel {
    pub fn of(rules: &RuleSet) -> RuleSetLabel {
        RuleSetLabel {
            id: rules.id.clone(),
            name: rules.name.clone(),
            version: rules.version.clone(),
            extends: rules.extends.clone(),
        }
    }

    /// "Tỉnh X (tinh-x, 1, mở rộng qd366-2025)".
    pub fn describe(&self, lang: Lang) -> String {
        match &self.extends {
            Some(base) => {
                format!(
                    "{} ({}, {}, {} {base})",
                    self.name.get(lang),
                    self.id,
                    self.version,
                    lang.pick("mở rộng", "extends")
                )
            }
            None => format!("{} ({}, {})", self.name.get(lang), self.id, self.version),
        }
    }
}

/// A level of either rule set: the left's in order, then those only the right has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LevelLabel {
    pub id: String,
    pub short: String,
    pub name: Text,
}

pub(crate) fn level_labels(left: &RuleSet, right: &RuleSet) -> Vec<LevelLabel> {
    let mut out: Vec<LevelLabel> = Vec::new();
    for level in left.levels.iter().chain(&right.levels) {
        if !out.iter().any(|l| l.id == level.id) {
            out.push(LevelLabel { id: level.id.clone(), short: level.short.clone(), name: level.name.clone() });
        }
    }
    out
}

/// Where a subject ends up on one side: a level id, or one of these words.
pub const NOT_CLASSIFIED: &str = "not_classified";
pub const INCOMPLETE: &str = "incomplete";
pub const FAILED: &str = "failed";
/// For the competent level to decide (a disqualifier applies, mitigation is claimed).
pub const REFERRED: &str = "referred";
/// The facts contradict each other.
pub const INVALID: &str = "invalid";
/// The rule set does not have the subject's kind.
pub const NO_SUBJECT_KIND: &str = "no_subject_kind";

fn place(rules: &RuleSet, verdict: Option<&Verdict>, level: u8) -> String {
    if level != NO_LEVEL {
        return rules.levels[level as usize].id.clone();
    }
    match verdict.map(|v| v.outcome) {
        None => NO_SUBJECT_KIND,
        Some(Outcome::Level { level, .. }) => return rules.levels[level as usize].id.clone(),
        Some(Outcome::NotClassified { .. }) => NOT_CLASSIFIED,
        Some(Outcome::Referred { .. }) => REFERRED,
        Some(Outcome::Invalid { .. }) => INVALID,
        Some(Outcome::Incomplete { .. }) => INCOMPLETE,
        Some(Outcome::Failed { .. }) => FAILED,
    }
    .to_string()
}

/// The direction of a change, by the order of the left rule set's levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Movement {
    Same,
    /// To a better level.
    Up,
    /// To a lower level.
    Down,
    /// Into or out of a level (not classified, incomplete), or to a level the left rule set does not have.
    Other,
}

fn movement(levels: &[LevelLabel], left: &str, right: &str) -> Movement {
    if left == right {
        return Movement::Same;
    }
    let rank = |id: &str| levels.iter().position(|l| l.id == id);
    match (rank(left), rank(right)) {
        (Some(l), Some(r)) if r < l => Movement::Up,
        (Some(_), Some(_)) => Movement::Down,
        _ => Movement::Other,
    }
}

// ----------------------------------------------------------------------------------------------------------------
// Conditions that differ.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DifferenceKind {
    /// The check exists in the left rule set only (or is switched off in the right).
    OnlyLeft,
    OnlyRight,
    /// The same requirement, met on one side and not the other (the observed values differ: roll-up counts).
    Met,
    /// A different required value or formula, with the same outcome.
    Requirement,
    /// A different requirement and a different outcome.
    MetAndRequirement,
}

/// One check that differs between the two explanations of a subject, with both findings (observed against
/// required, met or not, and the provenance).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConditionDifference {
    pub stage: Stage,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// The rule id (`band.<level>` for a score band).
    pub rule: String,
    pub name: Text,
    pub kind: DifferenceKind,
    pub left: Option<Finding>,
    pub right: Option<Finding>,
}

impl ConditionDifference {
    /// The difference decided the result on one side.
    pub fn decisive(&self) -> bool {
        self.left.as_ref().is_some_and(|f| f.decisive) || self.right.as_ref().is_some_and(|f| f.decisive)
    }
}

fn same_requirement(left: &Finding, right: &Finding) -> bool {
    left.expr == right.expr
        && left.comparisons.len() == right.comparisons.len()
        && left
            .comparisons
            .iter()
            .zip(&right.comparisons)
            .all(|(l, r)| l.required == r.required && l.required_choice == r.required_choice)
}

/// The checks of two explanations that differ, matched by stage, level and rule id: the left's order first, then
/// the right's own.
pub fn differences(left: &[Finding], right: &[Finding]) -> Vec<ConditionDifference> {
    let key = |f: &Finding| (f.stage, f.level.clone(), f.rule.clone());
    let mut used = vec![false; right.len()];
    let mut out = Vec::new();
    for l in left {
        let found = right.iter().enumerate().position(|(i, r)| !used[i] && key(r) == key(l));
        let kind = match found {
            None => DifferenceKind::OnlyLeft,
            Some(i) => {
                used[i] = true;
                let r = &right[i];
                match (l.met != r.met, same_requirement(l, r)) {
                    (false, true) => continue,
                    (true, true) => DifferenceKind::Met,
                    (false, false) => DifferenceKind::Requirement,
                    (true, false) => DifferenceKind::MetAndRequirement,
                }
            }
        };
        out.push(ConditionDifference {
            stage: l.stage,
            level: l.level.clone(),
            rule: l.rule.clone(),
            name: l.name.clone(),
            kind,
            left: Some(l.clone()),
            right: found.map(|i| right[i].clone()),
        });
    }
    for (r, _) in right.iter().zip(&used).filter(|(_, used)| !**used) {
        out.push(ConditionDifference {
            stage: r.stage,
            level: r.level.clone(),
            rule: r.rule.clone(),
            name: r.name.clone(),
            kind: DifferenceKind::OnlyRight,
            left: None,
            right: Some(r.clone()),
        });
    }
    out
}

// ----------------------------------------------------------------------------------------------------------------
// One subject.

/// One subject through both rule sets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubjectComparison {
    pub id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// The subject kind's id.
    pub subject: String,
    /// A level id, or `not_classified`, `referred`, `invalid`, `incomplete`, `failed`, `no_subject_kind`.
    pub place: Pair<String>,
    pub movement: Movement,
    pub score: Pair<Option<Num>>,
    /// `None` on a side whose rule set lacks the subject kind.
    pub explanation: Pair<Option<Explanation>>,
    pub differences: Vec<ConditionDifference>,
    /// Typed values one rule set could not read (fact id, problem), by side.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<(Side, String, Text)>,
}

/// A subject's facts on one side: its kind (`None` when the rule set lacks it), the values by slot, the registered
/// target level.
#[derive(Clone, Copy, Debug)]
pub struct SubjectSide<'a> {
    pub rules: &'a RuleSet,
    pub kind: Option<usize>,
    pub values: &'a [Num],
    pub target: Option<usize>,
}

/// Compare one subject whose values were already read for each rule set (rows of tables read from the same file).
pub fn compare_values(id: &str, name: &str, left: SubjectSide, right: SubjectSide) -> SubjectComparison {
    let levels = level_labels(left.rules, right.rules);
    let explain =
        |side: &SubjectSide| side.kind.map(|kind| Classifier::new(side.rules).explain(kind, side.values, side.target));
    let (l, r) = (explain(&left), explain(&right));
    let place_of =
        |side: &SubjectSide, e: &Option<(Verdict, Explanation)>| place(side.rules, e.as_ref().map(|e| &e.0), NO_LEVEL);
    let place = Pair { left: place_of(&left, &l), right: place_of(&right, &r) };
    let subject = left.kind.map(|k| &left.rules.subjects[k].id).or(right.kind.map(|k| &right.rules.subjects[k].id));
    let differences = match (&l, &r) {
        (Some(l), Some(r)) => differences(&l.1.findings, &r.1.findings),
        _ => Vec::new(),
    };
    SubjectComparison {
        id: id.to_string(),
        name: name.to_string(),
        subject: subject.cloned().unwrap_or_default(),
        movement: movement(&levels, &place.left, &place.right),
        place,
        score: Pair {
            left: l.as_ref().and_then(|e| e.0.score.known()),
            right: r.as_ref().and_then(|e| e.0.score.known()),
        },
        explanation: Pair { left: l.map(|e| e.1), right: r.map(|e| e.1) },
        differences,
        problems: Vec::new(),
    }
}

/// What was typed for one subject, by fact id, as the app holds it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SubjectInput {
    /// The subject kind's id (`member`, `collective` …).
    pub subject: String,
    /// Typed text by fact id (`"89,5"`, `"30%"`, `"có"`, a choice's id or name); facts a rule set lacks are ignored
    /// there, facts it has that are not given are empty.
    pub facts: Vec<(String, String)>,
    /// The registered level (đăng ký phấn đấu), by id or short name.
    pub target: Option<String>,
}

fn side_values(
    rules: &RuleSet,
    input: &SubjectInput,
    side: Side,
    problems: &mut Vec<(Side, String, Text)>,
) -> (Option<usize>, Vec<Num>, Option<usize>) {
    let kind = crate::input::parse_kind(rules, &input.subject);
    let mut values = vec![Num::MISSING; rules.facts.len()];
    if let Some(kind) = kind {
        let (row, errors) = crate::input::typed_row(rules, kind, input.facts.iter().map(|(id, text)| (id, text)));
        values = row;
        // A fact one rule set lacks (or does not take for this kind) is simply missing there.
        problems.extend(
            errors.into_iter().filter(|e| e.code != crate::diag::Code::UnknownFact).map(|e| (side, e.fact, e.message)),
        );
    }
    let target = input.target.as_deref().and_then(|t| crate::input::parse_level(rules, t));
    (kind, values, target)
}

/// The same typed facts through both rule sets (as the app's self-assessment holds them).
pub fn compare_subject(left: &RuleSet, right: &RuleSet, input: &SubjectInput) -> SubjectComparison {
    let mut problems = Vec::new();
    let (lk, lv, lt) = side_values(left, input, Side::Left, &mut problems);
    let (rk, rv, rt) = side_values(right, input, Side::Right, &mut problems);
    let mut out = compare_values(
        "",
        "",
        SubjectSide { rules: left, kind: lk, values: &lv, target: lt },
        SubjectSide { rules: right, kind: rk, values: &rv, target: rt },
    );
    out.problems = problems;
    out
}

// ----------------------------------------------------------------------------------------------------------------
// A roster.

// The roster on each side is read and run by the unit pipeline, as `xeploai unit` does.
pub use crate::pipeline::{UnitFiles, UnitRun};

/// A member or organization whose level differs between the two sides, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Mover {
    pub id: String,
    pub name: String,
    /// The member's organization, or the organization's parent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org: Option<String>,
    /// Level ids (or `not_classified`, `incomplete`, `failed`) by the criteria alone …
    pub by_criteria: Pair<String>,
    /// … and as proposed after the quota.
    pub proposed: Pair<String>,
    /// Of the proposed level.
    pub movement: Movement,
    pub score: Pair<Option<Num>>,
    /// In short: the change by the criteria, or the quota scope that moved them.
    pub reason: Text,
    /// The checks that differ (each with both findings and provenance); `None` when not worked out (beyond the
    /// limit given to [`compare_units`]; [`mover_differences`] works out one).
    pub differences: Option<Vec<ConditionDifference>>,
    /// What decided on each side (as the explanation says it), when the differences were worked out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decided_by: Option<Pair<Text>>,
}

/// Counts of one population per level (and without a level) on both sides.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DistributionComparison {
    /// `members_by_criteria`, `members` (proposed), `organizations`, `base_organizations`.
    pub population: String,
    pub total: Pair<u64>,
    pub rows: Vec<CountRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CountRow {
    /// A level id, or `not_classified`, `incomplete`.
    pub key: String,
    pub left: u64,
    pub right: u64,
}

fn distribution(
    population: &str,
    levels: &[LevelLabel],
    (lr, left): (&RuleSet, &Distribution),
    (rr, right): (&RuleSet, &Distribution),
) -> DistributionComparison {
    let count = |rules: &RuleSet, d: &Distribution, id: &str| {
        rules.level_index(id).and_then(|i| d.levels.get(i).copied()).unwrap_or(0)
    };
    let mut rows: Vec<CountRow> = levels
        .iter()
        .map(|l| CountRow { key: l.id.clone(), left: count(lr, left, &l.id), right: count(rr, right, &l.id) })
        .collect();
    rows.push(CountRow { key: NOT_CLASSIFIED.into(), left: left.not_classified, right: right.not_classified });
    // Referred and invalid subjects only when there are some, so comparisons without them read as before.
    if left.referred + right.referred > 0 {
        rows.push(CountRow { key: REFERRED.into(), left: left.referred, right: right.referred });
    }
    if left.invalid + right.invalid > 0 {
        rows.push(CountRow { key: INVALID.into(), left: left.invalid, right: right.invalid });
    }
    rows.push(CountRow {
        key: INCOMPLETE.into(),
        left: left.incomplete + left.failed,
        right: right.incomplete + right.failed,
    });
    DistributionComparison { population: population.into(), total: Pair { left: left.total, right: right.total }, rows }
}

/// One quota scope on both sides (matched by quota id, scope and scope id; quotas of different ids are paired in
/// order).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QuotaComparison {
    pub quota: String,
    pub scope: QuotaScope,
    pub scope_id: String,
    pub organizations: bool,
    /// The subject kind, when the quota counts each kind on its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub left: Option<QuotaStatus>,
    pub right: Option<QuotaStatus>,
    /// Good count, cap, candidates, excess or who to look at first differ.
    pub changed: bool,
}

/// One target on both sides.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetComparison {
    pub id: String,
    pub name: Text,
    pub left: Option<TargetResult>,
    pub right: Option<TargetResult>,
    /// The status or the actual value differs.
    pub changed: bool,
}

fn compare_targets(left: Option<&[TargetResult]>, right: Option<&[TargetResult]>) -> Vec<TargetComparison> {
    let (left, right) = (left.unwrap_or(&[]), right.unwrap_or(&[]));
    let mut out: Vec<TargetComparison> = left
        .iter()
        .map(|l| {
            let r = right.iter().find(|r| r.id == l.id);
            TargetComparison {
                id: l.id.clone(),
                name: l.name.clone(),
                left: Some(l.clone()),
                right: r.cloned(),
                changed: r.is_none_or(|r| r.status != l.status || r.actual != l.actual),
            }
        })
        .collect();
    for r in right.iter().filter(|r| !left.iter().any(|l| l.id == r.id)) {
        out.push(TargetComparison {
            id: r.id.to_string(),
            name: r.name.clone(),
            left: None,
            right: Some(r.clone()),
            changed: true,
        });
    }
    out
}

/// A problem reading the input found on one side only (a column one rule set reads and the other does not, a value
/// out of one rule set's range …).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReadingDifference {
    pub side: Side,
    pub diagnostic: Diagnostic,
}

fn reading_differences(left: &[Diagnostic], right: &[Diagnostic]) -> Vec<ReadingDifference> {
    let key =
        |d: &Diagnostic| (d.code, d.location.file.clone(), d.location.row, d.location.line, d.location.path.clone());
    let only = |side: Side, these: &[Diagnostic], others: &[Diagnostic]| {
        these
            .iter()
            .filter(|d| !others.iter().any(|o| key(o) == key(d)))
            .map(|d| ReadingDifference { side, diagnostic: d.clone() })
            .collect::<Vec<_>>()
    };
    let mut out = only(Side::Left, left, right);
    out.extend(only(Side::Right, right, left));
    out
}

/// A roster through two rule sets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UnitComparison {
    pub rule_sets: Pair<RuleSetLabel>,
    pub levels: Vec<LevelLabel>,
    /// Members in the roster (left side; the same file is read on both).
    pub members: usize,
    pub movers: Vec<Mover>,
    pub org_movers: Vec<Mover>,
    pub distributions: Vec<DistributionComparison>,
    pub quotas: Vec<QuotaComparison>,
    pub targets: Vec<TargetComparison>,
    pub reading: Vec<ReadingDifference>,
}

/// One side of a unit comparison: a rule set and a roster classified with it.
#[derive(Clone, Copy)]
pub struct UnitSide<'a> {
    pub rules: &'a RuleSet,
    pub run: &'a UnitRun,
}

/// The position of each left record's id among the right records (the same file read twice gives the same order;
/// otherwise matched by id).
fn match_ids(left: &crate::input::Table, right: &crate::input::Table) -> Vec<Option<usize>> {
    let same_order = left.len() == right.len() && left.records().zip(right.records()).all(|(l, r)| l.id == r.id);
    if same_order {
        return (0..left.len()).map(Some).collect();
    }
    let index: HashMap<&str, usize> = right.records().enumerate().rev().map(|(i, r)| (r.id, i)).collect();
    left.records().map(|r| index.get(r.id).copied()).collect()
}

/// A level on the right mapped to the left's numbering, so places compare as numbers (no allocation per member).
fn level_map(left: &RuleSet, right: &RuleSet) -> Vec<u16> {
    right
        .levels
        .iter()
        .enumerate()
        .map(|(i, l)| left.level_index(&l.id).unwrap_or(left.levels.len() + i) as u16)
        .collect()
}

/// A comparable key of a verdict and level: the level (in the left's numbering) or the outcome without one.
fn place_key(verdict: &Verdict, level: u8, map: Option<&[u16]>) -> u32 {
    let level = if level != NO_LEVEL { Some(level) } else { verdict.level().map(|l| l as u8) };
    match level {
        Some(l) => map.map_or(l as u16, |m| m[l as usize]) as u32,
        None => match verdict.outcome {
            Outcome::NotClassified { .. } => 1 << 20,
            Outcome::Incomplete { .. } => 2 << 20,
            Outcome::Referred { .. } => 4 << 20,
            Outcome::Invalid { .. } => 5 << 20,
            _ => 3 << 20,
        },
    }
}

/// Compare a roster classified under two rule sets. The differing conditions are worked out for the first
/// `explain_limit` movers (members first, then organizations); pass `usize::MAX` for all.
pub fn compare_units(left: UnitSide, right: UnitSide, explain_limit: usize) -> UnitComparison {
    let (lr, rr) = (left.rules, right.rules);
    let (lu, ru) = (left.run, right.run);
    let levels = level_labels(lr, rr);
    let map = level_map(lr, rr);
    let mut quotas = compare_quotas(lr, rr, &lu.result.quotas, &ru.result.quotas);
    let quota_of = quota_index(&quotas);
    let mut explained = 0usize;
    let mut movers = Vec::new();
    let members = match_ids(&lu.roster.members, &ru.roster.members);
    for (i, j) in members.iter().enumerate() {
        let Some(j) = *j else { continue };
        let (lv, rv) = (&lu.result.members.verdict(i), &ru.result.members.verdict(j));
        let (lp, rp) = (lu.result.proposed[i], ru.result.proposed[j]);
        let criteria_same = place_key(lv, NO_LEVEL, None) == place_key(rv, NO_LEVEL, Some(&map));
        if criteria_same && place_key(lv, lp, None) == place_key(rv, rp, Some(&map)) {
            continue;
        }
        let record = lu.roster.members.record(i);
        let mut mover =
            mover(&levels, (lr, lv, lp), (rr, rv, rp), record.id, record.name, record.org.map(str::to_string));
        if criteria_same {
            mover.reason = quota_reason(&levels, &mover, quota_of.get(record.id).map(|q| &quotas[*q]));
        }
        if explained < explain_limit {
            explained += 1;
            let (decided_by, differences) = member_why(left, right, i, j);
            (mover.decided_by, mover.differences) = (Some(decided_by), Some(differences));
        }
        movers.push(mover);
    }
    let mut org_movers = Vec::new();
    let orgs = match_ids(&lu.roster.orgs, &ru.roster.orgs);
    for (i, j) in orgs.iter().enumerate() {
        let Some(j) = *j else { continue };
        let (lv, rv) = (&lu.result.orgs[i], &ru.result.orgs[j]);
        let (lp, rp) = (lu.result.orgs_proposed[i], ru.result.orgs_proposed[j]);
        if place_key(lv, NO_LEVEL, None) == place_key(rv, NO_LEVEL, Some(&map))
            && place_key(lv, lp, None) == place_key(rv, rp, Some(&map))
        {
            continue;
        }
        let record = lu.roster.orgs.record(i);
        let mut mover =
            mover(&levels, (lr, lv, lp), (rr, rv, rp), record.id, record.name, record.org.map(str::to_string));
        if explained < explain_limit {
            explained += 1;
            let (decided_by, differences) = org_why(left, right, i, j);
            (mover.decided_by, mover.differences) = (Some(decided_by), Some(differences));
        }
        org_movers.push(mover);
    }
    let mut distributions = vec![
        distribution(
            "members_by_criteria",
            &levels,
            (lr, &lu.result.member_distribution_by_criteria),
            (rr, &ru.result.member_distribution_by_criteria),
        ),
        distribution("members", &levels, (lr, &lu.result.member_distribution), (rr, &ru.result.member_distribution)),
    ];
    if lu.result.org_distribution.total + ru.result.org_distribution.total > 0 {
        distributions.push(distribution(
            "organizations",
            &levels,
            (lr, &lu.result.org_distribution),
            (rr, &ru.result.org_distribution),
        ));
    }
    if lu.result.base_org_distribution.total + ru.result.base_org_distribution.total > 0 {
        distributions.push(distribution(
            "base_organizations",
            &levels,
            (lr, &lu.result.base_org_distribution),
            (rr, &ru.result.base_org_distribution),
        ));
    }
    quotas.sort_by_key(|q| !q.changed);
    UnitComparison {
        rule_sets: Pair { left: RuleSetLabel::of(lr), right: RuleSetLabel::of(rr) },
        levels,
        members: lu.roster.members.len(),
        movers,
        org_movers,
        distributions,
        quotas,
        targets: compare_targets(lu.targets.as_deref(), ru.targets.as_deref()),
        reading: reading_differences(&lu.diagnostics, &ru.diagnostics),
    }
}

fn mover(
    levels: &[LevelLabel],
    (lr, lv, lp): (&RuleSet, &Verdict, u8),
    (rr, rv, rp): (&RuleSet, &Verdict, u8),
    id: &str,
    name: &str,
    org: Option<String>,
) -> Mover {
    let by_criteria = Pair { left: place(lr, Some(lv), NO_LEVEL), right: place(rr, Some(rv), NO_LEVEL) };
    let proposed = Pair { left: place(lr, Some(lv), lp), right: place(rr, Some(rv), rp) };
    let reason = Text::new(
        format!("theo tiêu chí {}", arrow(levels, &by_criteria, Lang::Vi)),
        format!("by the criteria {}", arrow(levels, &by_criteria, Lang::En)),
    );
    Mover {
        id: id.to_string(),
        name: name.to_string(),
        org,
        movement: movement(levels, &proposed.left, &proposed.right),
        by_criteria,
        proposed,
        score: Pair { left: lv.score.known(), right: rv.score.known() },
        reason,
        differences: None,
        decided_by: None,
    }
}

/// Why a member with the same level by the criteria is proposed differently: the quota scope they are in.
fn quota_reason(levels: &[LevelLabel], mover: &Mover, quota: Option<&QuotaComparison>) -> Text {
    let (vi, en) = (arrow(levels, &mover.proposed, Lang::Vi), arrow(levels, &mover.proposed, Lang::En));
    let Some(q) = quota else {
        return Text::new(format!("đề xuất sau tỷ lệ {vi}"), format!("proposed after the quota {en}"));
    };
    // The cap after the proposal: what the scope may keep at the capped level (the cap grows with a good-only base).
    let view =
        |s: &Option<QuotaStatus>| s.as_ref().map(|s| (s.resolution.cap_after, s.resolution.excess)).unwrap_or((0, 0));
    let ((lc, le), (rc, re)) = (view(&q.left), view(&q.right));
    Text::new(
        format!("đề xuất sau tỷ lệ {vi}: phạm vi {}, trần {lc} → {rc}, vượt {le} → {re}", q.scope_id),
        format!("proposed after the quota {en}: scope {}, cap {lc} → {rc}, excess {le} → {re}", q.scope_id),
    )
}

fn compare_quotas(lr: &RuleSet, rr: &RuleSet, left: &[QuotaStatus], right: &[QuotaStatus]) -> Vec<QuotaComparison> {
    // Right quota ids in the left's names: the same id, else paired in order with the left's unmatched quotas.
    let unmatched_left: Vec<&str> =
        lr.quotas.iter().filter(|q| !rr.quotas.iter().any(|r| r.id == q.id)).map(|q| q.id.as_str()).collect();
    let mut unmatched = unmatched_left.into_iter();
    let rename: HashMap<&str, &str> = rr
        .quotas
        .iter()
        .map(|q| {
            if lr.quotas.iter().any(|l| l.id == q.id) {
                (q.id.as_str(), q.id.as_str())
            } else {
                (q.id.as_str(), unmatched.next().unwrap_or(q.id.as_str()))
            }
        })
        .collect();
    let key = |s: &QuotaStatus, renamed: bool| {
        let quota = if renamed { rename.get(s.quota.as_str()).copied().unwrap_or(&s.quota) } else { &s.quota };
        (quota.to_string(), s.scope, s.scope_id.clone(), s.organizations, s.subject.clone())
    };
    let mut out: Vec<QuotaComparison> = Vec::new();
    let mut used = vec![false; right.len()];
    for l in left {
        let k = key(l, false);
        let found = right.iter().enumerate().position(|(i, r)| !used[i] && key(r, true) == k);
        if let Some(i) = found {
            used[i] = true;
        }
        let r = found.map(|i| right[i].clone());
        let changed = r
            .as_ref()
            .is_none_or(|r| r.counts != l.counts || r.resolution != l.resolution || r.look_first != l.look_first);
        out.push(QuotaComparison {
            quota: k.0,
            scope: l.scope,
            scope_id: l.scope_id.clone(),
            organizations: l.organizations,
            subject: l.subject.clone(),
            left: Some(l.clone()),
            right: r,
            changed,
        });
    }
    for (r, _) in right.iter().zip(&used).filter(|(_, used)| !**used) {
        let k = key(r, true);
        out.push(QuotaComparison {
            quota: k.0,
            scope: r.scope,
            scope_id: r.scope_id.clone(),
            organizations: r.organizations,
            subject: r.subject.clone(),
            left: None,
            right: Some(r.clone()),
            changed: true,
        });
    }
    out
}

/// The quota comparison whose "look at first" names each member, on either side.
fn quota_index(quotas: &[QuotaComparison]) -> HashMap<&str, usize> {
    let mut index = HashMap::new();
    for (i, q) in quotas.iter().enumerate().filter(|(_, q)| !q.organizations) {
        for side in [&q.left, &q.right].into_iter().flatten() {
            for id in &side.look_first {
                index.entry(id.as_str()).or_insert(i);
            }
        }
    }
    index
}

/// What decided on each side, and the checks that differ, from both explanations.
type Why = (Pair<Text>, Vec<ConditionDifference>);

fn why(left: &Explanation, right: &Explanation) -> Why {
    let decided_by = Pair { left: left.decided_by.summary.clone(), right: right.decided_by.summary.clone() };
    (decided_by, differences(&left.findings, &right.findings))
}

fn member_why(left: UnitSide, right: UnitSide, left_index: usize, right_index: usize) -> Why {
    let explain = |side: UnitSide, i: usize| {
        let record = side.run.roster.members.record(i);
        Classifier::new(side.rules).explain(record.kind, &side.run.roster.members.row_vec(i), record.target).1
    };
    why(&explain(left, left_index), &explain(right, right_index))
}

fn org_why(left: UnitSide, right: UnitSide, left_index: usize, right_index: usize) -> Why {
    let explain = |side: UnitSide, i: usize| {
        let record = side.run.roster.orgs.record(i);
        Classifier::new(side.rules).explain(record.kind, &side.run.result.org_rows.row_vec(i), record.target).1
    };
    why(&explain(left, left_index), &explain(right, right_index))
}

/// The checks that differ for member `left_index` (left) / `right_index` (right).
pub fn member_differences(
    left: UnitSide,
    right: UnitSide,
    left_index: usize,
    right_index: usize,
) -> Vec<ConditionDifference> {
    member_why(left, right, left_index, right_index).1
}

/// The checks that differ for the member or organization `id` (for a mover whose differences were not worked out).
pub fn mover_differences(left: UnitSide, right: UnitSide, id: &str) -> Option<Vec<ConditionDifference>> {
    let find = |table: &crate::input::Table| table.records().position(|r| r.id == id);
    let (lm, rm) = (&left.run.roster.members, &right.run.roster.members);
    if let (Some(i), Some(j)) = (find(lm), find(rm)) {
        return Some(member_differences(left, right, i, j));
    }
    let (lo, ro) = (&left.run.roster.orgs, &right.run.roster.orgs);
    Some(org_why(left, right, find(lo)?, find(ro)?).1)
}

// ----------------------------------------------------------------------------------------------------------------
// Aggregate figures.

/// A quota computed on aggregate counts (the capped level and the one below it, as typed in).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QuotaFigure {
    pub percent: Num,
    pub base: QuotaBase,
    pub rounding: Rounding,
    pub counts: QuotaCounts,
    #[serde(flatten)]
    pub resolution: QuotaResolution,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AggregateQuota {
    pub quota: String,
    pub population: Population,
    pub left: Option<QuotaFigure>,
    pub right: Option<QuotaFigure>,
}

/// Aggregate figures (counts per level, as a committee types them) under two rule sets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FiguresComparison {
    pub rule_sets: Pair<RuleSetLabel>,
    pub levels: Vec<LevelLabel>,
    pub quotas: Vec<AggregateQuota>,
    pub targets: Vec<TargetComparison>,
    pub reading: Vec<ReadingDifference>,
}

fn aggregate_quotas(rules: &RuleSet, figures: &Figures) -> Vec<(String, Population, QuotaFigure)> {
    let mut out = Vec::new();
    for quota in rules.quotas.iter().filter(|q| q.enabled) {
        let kinds = |collective: bool| {
            rules.subjects.iter().enumerate().any(|(k, s)| s.collective == collective && quota.applies_to(k))
        };
        let populations: &[Population] = match (kinds(false), kinds(true)) {
            (true, true) => &[Population::Members, Population::Organizations, Population::BaseOrganizations],
            (true, false) => &[Population::Members],
            (false, true) => &[Population::Organizations, Population::BaseOrganizations],
            (false, false) => &[],
        };
        for population in populations {
            let Some(d) = figures.populations.get(population) else { continue };
            let at = |level: usize| d.levels.get(level).copied().unwrap_or(0);
            let counts = QuotaCounts { candidates: at(quota.level), good: at(quota.level + 1) };
            let figure = QuotaFigure {
                percent: quota.share.checked_mul(Num::HUNDRED).unwrap_or(quota.share),
                base: quota.base,
                rounding: quota.rounding,
                counts,
                resolution: counts.resolve(quota.share, quota.base, quota.rounding),
            };
            out.push((quota.id.clone(), *population, figure));
        }
    }
    out
}

/// One side of [`compare_figures`]: the quotas on the typed counts, the target results, the problems.
type FiguresSide = (Vec<(String, Population, QuotaFigure)>, Option<Vec<TargetResult>>, Vec<Diagnostic>);

/// The same figures file (and target file) read against each rule set: quota cap and excess on the typed counts,
/// and the target results. `Err` when a file cannot be used on either side.
pub fn compare_figures(
    left: &RuleSet,
    right: &RuleSet,
    figures: (&str, Option<&str>),
    targets: Option<(&str, Option<&str>)>,
) -> Result<FiguresComparison, Vec<Diagnostic>> {
    let side = |rules: &RuleSet| -> Result<FiguresSide, Vec<Diagnostic>> {
        let (typed, mut diagnostics) = Figures::load(rules, figures.0, figures.1);
        let Some(typed) = typed else { return Err(diagnostics) };
        let checked = match targets {
            None => None,
            Some((text, file)) => {
                let (set, more) = crate::targets::load_targets(rules, text, file);
                let Some(set) = set else { return Err(more) };
                let (checked, more) = crate::targets::check(rules, &set, &typed);
                diagnostics.extend(more);
                Some(checked)
            }
        };
        Ok((aggregate_quotas(rules, &typed), checked, diagnostics))
    };
    let (lq, lt, ld) = side(left)?;
    let (rq, rt, rd) = side(right)?;
    let mut quotas: Vec<AggregateQuota> = lq
        .iter()
        .map(|(quota, population, figure)| AggregateQuota {
            quota: quota.clone(),
            population: *population,
            left: Some(figure.clone()),
            right: rq.iter().find(|(q, p, _)| q == quota && p == population).map(|r| r.2.clone()),
        })
        .collect();
    for (quota, population, figure) in rq.iter().filter(|(q, p, _)| !lq.iter().any(|(lq, lp, _)| lq == q && lp == p)) {
        quotas.push(AggregateQuota {
            quota: quota.clone(),
            population: *population,
            left: None,
            right: Some(figure.clone()),
        });
    }
    Ok(FiguresComparison {
        rule_sets: Pair { left: RuleSetLabel::of(left), right: RuleSetLabel::of(right) },
        levels: level_labels(left, right),
        quotas,
        targets: compare_targets(lt.as_deref(), rt.as_deref()),
        reading: reading_differences(&ld, &rd),
    })
}

/// Reading problems on either side that are errors (for an exit code).
pub fn has_reading_errors(left: &UnitRun, right: &UnitRun) -> bool {
    has_errors(&left.diagnostics) || has_errors(&right.diagnostics)
}
