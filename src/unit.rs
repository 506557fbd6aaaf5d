//! Unit mode: classify every member of a roster, apply the quota per scope, then classify organizations bottom-up
//! from their own facts and the counts of their members and sub-units.
//!
//! [`Unit::prepare`] resolves the roster's structure once (organization tree, base organizations, task groups,
//! problems such as unknown organizations or cycles). [`Unit::run`] then does the evaluation, allocation-light, so a
//! million members go through in well under a second.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;

use crate::classify::{Classifier, Verdict};
use crate::decision::Basis;
use crate::diag::{Code, Diagnostic, Location};
use crate::doc::QuotaScope;
use crate::input::Table;
use crate::num::Num;
use crate::quota::{QuotaCounts, QuotaResolution};
use crate::ruleset::{FactOrigin, RollupCount, RollupGroup, RuleSet};

const NONE: u32 = u32::MAX;
/// `proposed` value for a member with no level (not classified, incomplete, failed).
pub const NO_LEVEL: u8 = u8::MAX;

/// A roster: members and, optionally, the organizations with their parents.
#[derive(Clone, Debug, Default)]
pub struct Roster {
    pub members: Table,
    pub orgs: Table,
}

/// The roster's structure, resolved once.
#[derive(Clone, Debug)]
pub struct Unit {
    /// Every organization id: those of the organizations table first (same order), then ids that members name
    /// but the table lacks.
    pub org_ids: Vec<String>,
    /// Parent per organization (`u32::MAX` for none).
    pub org_parent: Vec<u32>,
    /// Nearest base organization at or above each organization; itself when none is marked.
    pub org_base: Vec<u32>,
    /// Depth of each organization (0 = no parent), after cycles are broken.
    pub org_depth: Vec<u32>,
    /// Organizations of the table, children before parents.
    pub org_order: Vec<u32>,
    /// Each member's organization (`u32::MAX` for none).
    pub member_org: Vec<u32>,
    /// Each member's subject kind, copied out of the records so passes over a million members stay in cache.
    pub member_kind: Vec<u8>,
    /// Each member's task group scope (base organization and group name), `u32::MAX` for none.
    pub member_task_group: Vec<u32>,
    pub task_group_names: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The quota status of one scope, as rated (before any proposal).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QuotaStatus {
    pub quota: String,
    pub scope: QuotaScope,
    /// The organization id, or the task group as `organization / group`, or `*` for the whole roster.
    pub scope_id: String,
    pub counts: QuotaCounts,
    #[serde(flatten)]
    pub resolution: QuotaResolution,
    /// The candidates a committee would look at first (lowest score first, then by id): as many as the excess.
    pub look_first: Vec<String>,
    /// The subjects are organizations (siblings under one parent) rather than members.
    pub organizations: bool,
    /// The subject kind counted, when the quota counts each kind on its own (`pool_subjects = false`) and applies to
    /// more than one kind; `None` when the kinds are pooled or only one applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
}

/// A quota scope as shown: its id, with the subject kind's name when the quota counts each kind on its own.
pub fn scope_label(scope_id: &str, subject: Option<&str>, rules: &RuleSet, lang: crate::Lang) -> String {
    match subject.and_then(|id| rules.subjects.iter().find(|s| s.id == id)) {
        Some(kind) => format!("{scope_id} · {}", kind.name.get(lang)),
        None => scope_id.to_string(),
    }
}

/// Counts per level, plus the subjects with no level.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Distribution {
    pub total: u64,
    /// By level index, best first.
    pub levels: Vec<u64>,
    pub not_classified: u64,
    /// For the competent level to decide: counted as no level.
    pub referred: u64,
    /// Facts that contradict each other: no level until corrected.
    pub invalid: u64,
    pub incomplete: u64,
    pub failed: u64,
    /// Rows that hold someone but could not be read ("không đọc được"): counted in the total, never dropped.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub unreadable: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl Distribution {
    pub fn classified(&self) -> u64 {
        self.levels.iter().sum()
    }

    /// Count rows that could not be read: in the total, under "không đọc được".
    pub fn add_unreadable(&mut self, count: usize) {
        self.unreadable += count as u64;
        self.total += count as u64;
    }

    /// Count at `level` or better.
    pub fn at_least(&self, level: usize) -> u64 {
        self.levels.iter().take(level + 1).sum()
    }

    fn count(levels: usize, outcomes: impl Iterator<Item = (crate::Outcome, u8)>) -> Distribution {
        let mut d = Distribution { levels: vec![0; levels], ..Distribution::default() };
        for (outcome, proposed) in outcomes {
            d.add(&outcome, proposed);
        }
        d
    }

    /// Count one subject at its level, or under its outcome when it has none.
    fn add(&mut self, outcome: &crate::Outcome, level: u8) {
        self.total += 1;
        // A level counts wherever it comes from: the criteria, the quota, or a person's decision on a basis.
        match level {
            NO_LEVEL => self.add_unplaced(outcome),
            level => self.levels[level as usize] += 1,
        }
    }

    /// Count one subject with no level under its outcome.
    pub fn add_unplaced(&mut self, outcome: &crate::Outcome) {
        match outcome {
            crate::Outcome::Level { .. } => {}
            crate::Outcome::NotClassified { .. } => self.not_classified += 1,
            crate::Outcome::Referred { .. } => self.referred += 1,
            crate::Outcome::Invalid { .. } => self.invalid += 1,
            crate::Outcome::Incomplete { .. } => self.incomplete += 1,
            crate::Outcome::Failed { .. } => self.failed += 1,
        }
    }
}

/// The members' verdicts, stored compact: the outcome as the fast path gives it (8 bytes) and the score in a column
/// of narrow integers ([`crate::table::Numbers`]) instead of a 16-byte number beside each. Shared by their copies (an
/// `Arc`): a run's copy counted again on another basis or with a level set in the app ([`Unit::recount`]) keeps
/// them without copying them.
#[derive(Clone, Debug, Default)]
pub struct Verdicts {
    outcomes: Arc<Vec<crate::Outcome>>,
    scores: Arc<crate::table::Numbers>,
}

impl Verdicts {
    pub fn len(&self) -> usize {
        self.outcomes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.outcomes.is_empty()
    }

    /// Member `index`'s verdict (below `len`).
    pub fn verdict(&self, index: usize) -> Verdict {
        Verdict { outcome: self.outcomes[index], score: self.scores.get(index) }
    }

    /// Member `index`'s verdict, when there is one.
    pub fn get(&self, index: usize) -> Option<Verdict> {
        (index < self.len()).then(|| self.verdict(index))
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = Verdict> + ExactSizeIterator + '_ {
        (0..self.len()).map(|i| self.verdict(i))
    }

    /// The verdicts of `outcomes` and their `scores` (as many), moved where their copies share them.
    pub(crate) fn from_parts(outcomes: Vec<crate::Outcome>, scores: crate::table::Numbers) -> Verdicts {
        debug_assert_eq!(outcomes.len(), scores.len());
        Verdicts { outcomes: Arc::new(outcomes), scores: Arc::new(scores) }
    }

    /// The scores, one column.
    pub(crate) fn scores(&self) -> &crate::table::Numbers {
        &self.scores
    }

    /// Member `index`'s outcome (below `len`), without its score.
    pub fn outcome(&self, index: usize) -> crate::Outcome {
        self.outcomes[index]
    }

    /// Every member's outcome, in roster order.
    pub fn outcomes(&self) -> &[crate::Outcome] {
        &self.outcomes
    }

    /// Whether `other` shares these verdicts (a copy of them), rather than holding verdicts of its own.
    pub fn shares_with(&self, other: &Verdicts) -> bool {
        Arc::ptr_eq(&self.outcomes, &other.outcomes) && Arc::ptr_eq(&self.scores, &other.scores)
    }
}

/// Equal when every verdict is (whatever form the scores' column took).
impl PartialEq for Verdicts {
    fn eq(&self, other: &Verdicts) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Verdicts {}

impl FromIterator<Verdict> for Verdicts {
    fn from_iter<I: IntoIterator<Item = Verdict>>(verdicts: I) -> Verdicts {
        let verdicts = verdicts.into_iter();
        let mut outcomes = Vec::with_capacity(verdicts.size_hint().0);
        let mut scores = crate::table::Numbers::default();
        for verdict in verdicts {
            outcomes.push(verdict.outcome);
            scores.push(verdict.score);
        }
        scores.shrink_to_fit();
        Verdicts::from_parts(outcomes, scores)
    }
}

#[derive(Clone, Debug)]
pub struct UnitResult {
    /// Each member's verdict by the criteria (stored compact: [`Verdicts::verdict`]).
    pub members: Verdicts,
    /// Each member's level after the quota proposal ([`NO_LEVEL`] when none).
    pub proposed: Vec<u8>,
    pub orgs: Vec<Verdict>,
    pub orgs_proposed: Vec<u8>,
    /// Each organization's facts as evaluated, roll-up counts included, for explanations.
    pub org_rows: crate::table::Rows,
    pub quotas: Vec<QuotaStatus>,
    pub member_distribution: Distribution,
    /// Members by the criteria alone, before the quota proposal.
    pub member_distribution_by_criteria: Distribution,
    pub org_distribution: Distribution,
    /// Distribution over base organizations only (when the roster marks them).
    pub base_org_distribution: Distribution,
    /// The levels the member distribution, the quota statuses, the organizations' roll-up and the targets are
    /// counted on ([`Unit::run_on`]).
    pub basis: Basis,
    /// Each member's level on that basis; empty on the computed basis (it is `proposed` then).
    pub basis_levels: Vec<u8>,
    /// Members counted at an earlier step for want of the basis's own (no decision: the proposal or the computed
    /// level), said beside the basis.
    pub basis_fallbacks: u64,
    /// On another basis than the computed one: the quota statuses of the computed levels (what proposed members
    /// lower), while `quotas` counts the basis; empty on the computed basis.
    pub quotas_computed: Vec<QuotaStatus>,
}

impl UnitResult {
    /// A member's level as the distributions count it: on the basis ([`UnitResult::basis`]), or the proposed level.
    pub fn counted_level(&self, member: usize) -> u8 {
        self.basis_levels.get(member).or(self.proposed.get(member)).copied().unwrap_or(NO_LEVEL)
    }

    /// A row problem for each member and organization whose facts fail a consistency check (they get no level).
    pub fn contradictions(
        &self,
        rules: &RuleSet,
        roster: &Roster,
        file_members: Option<&str>,
        file_orgs: Option<&str>,
    ) -> Vec<crate::diag::Diagnostic> {
        let mut out = crate::classify::contradictions(rules, &roster.members, self.members.iter(), file_members);
        out.extend(crate::classify::contradictions(rules, &roster.orgs, self.orgs.iter().copied(), file_orgs));
        out
    }
}

/// Every member's verdict on the fast path by column ([`Classifier::classify_table_each`]: 64 rows of one kind a
/// word, rare rows by the row program), stored compact as they come (a run never holds the 24-byte verdicts of every member: the
/// peak stays near the resident).
fn classify_members(rules: &RuleSet, members: &Table) -> Verdicts {
    let mut outcomes = Vec::with_capacity(members.len());
    let mut scores = crate::table::Numbers::default();
    Classifier::new(rules).classify_table_each(members, |verdict| {
        outcomes.push(verdict.outcome);
        scores.push(verdict.score);
    });
    outcomes.shrink_to_fit();
    scores.shrink_to_fit();
    Verdicts::from_parts(outcomes, scores)
}

fn level_of(outcome: &crate::Outcome) -> u8 {
    match *outcome {
        crate::Outcome::Level { level, .. } => level,
        _ => NO_LEVEL,
    }
}

impl Unit {
    pub fn prepare(rules: &RuleSet, roster: &Roster, file_members: Option<&str>, file_orgs: Option<&str>) -> Unit {
        let _ = rules;
        let mut diagnostics = Vec::new();
        let mut org_ids: Vec<String> = Vec::new();
        let mut index: HashMap<String, u32> = HashMap::new();
        for record in roster.orgs.records() {
            index.insert(record.id.to_string(), org_ids.len() as u32);
            org_ids.push(record.id.to_string());
        }
        let has_org_table = !roster.orgs.is_empty();
        let mut org_parent = vec![NONE; org_ids.len()];
        for (i, record) in roster.orgs.records().enumerate() {
            if let Some(parent) = record.org {
                match index.get(parent) {
                    Some(&p) => org_parent[i] = p,
                    None => diagnostics.push(Diagnostic::new(
                        Code::UnknownOrganization,
                        Location {
                            file: file_orgs.map(str::to_string),
                            row: Some(record.row),
                            path: Some("parent".into()),
                            ..Location::default()
                        },
                        format!("tổ chức cấp trên \"{parent}\" của \"{}\" không có trong danh sách tổ chức", record.id),
                        format!("parent \"{parent}\" of \"{}\" is not in the organizations table", record.id),
                    )),
                }
            }
        }
        // Break cycles: in each circle of parents, the organization that comes first in the table loses its parent
        // link, and the circle is reported once.
        for start in break_cycles(&mut org_parent) {
            let record = roster.orgs.record(start);
            diagnostics.push(Diagnostic::new(
                Code::OrganizationCycle,
                Location {
                    file: file_orgs.map(str::to_string),
                    row: Some(record.row),
                    path: Some("parent".into()),
                    ..Location::default()
                },
                format!("\"{}\" là cấp trên của chính nó qua chuỗi cấp trên; liên kết cấp trên bị bỏ", record.id),
                format!("\"{}\" is its own ancestor; its parent link is ignored", record.id),
            ));
        }
        let mut member_org = Vec::with_capacity(roster.members.len());
        for record in roster.members.records() {
            let org = match record.org {
                None => NONE,
                Some(id) => match index.get(id) {
                    Some(&i) => i,
                    None => {
                        if has_org_table {
                            diagnostics.push(Diagnostic::new(
                                Code::UnknownOrganization,
                                Location { file: file_members.map(str::to_string), row: Some(record.row), path: Some("org".into()), ..Location::default() },
                                format!("tổ chức \"{id}\" của \"{}\" không có trong danh sách tổ chức; vẫn xếp loại nhưng không tổng hợp lên tổ chức nào", record.id),
                                format!("organization \"{id}\" of \"{}\" is not in the organizations table; classified, but not rolled up", record.id),
                            ));
                        }
                        let i = org_ids.len() as u32;
                        index.insert(id.to_string(), i);
                        org_ids.push(id.to_string());
                        org_parent.push(NONE);
                        i
                    }
                },
            };
            member_org.push(org);
        }
        // Depths and base organizations, each computed once from the parent's: linear in the number of
        // organizations however deep the tree (walking up from every organization was quadratic for a chain).
        let org_depth = depths(&org_parent);
        let mut by_depth: Vec<u32> = (0..org_ids.len() as u32).collect();
        by_depth.sort_by_key(|i| (org_depth[*i as usize], *i));
        let mut nearest_base = vec![NONE; org_ids.len()];
        for &i in &by_depth {
            let i = i as usize;
            nearest_base[i] = if roster.orgs.get_record(i).is_some_and(|r| r.base) {
                i as u32
            } else if org_parent[i] != NONE {
                nearest_base[org_parent[i] as usize]
            } else {
                NONE
            };
        }
        let org_base: Vec<u32> =
            nearest_base.iter().enumerate().map(|(i, b)| if *b == NONE { i as u32 } else { *b }).collect();
        // Children before parents: by depth, deepest first, then by table order.
        let mut org_order: Vec<u32> = (0..roster.orgs.len() as u32).collect();
        org_order.sort_by_key(|i| (std::cmp::Reverse(org_depth[*i as usize]), *i));

        let mut task_group_names = Vec::new();
        let mut task_groups: HashMap<(u32, String), u32> = HashMap::new();
        let member_task_group = roster
            .members
            .records()
            .zip(&member_org)
            .map(|(record, org)| match record.task_group {
                None => NONE,
                Some(group) => {
                    let base = if *org == NONE { NONE } else { org_base[*org as usize] };
                    *task_groups.entry((base, group.to_string())).or_insert_with(|| {
                        let scope = if base == NONE {
                            group.to_string()
                        } else {
                            format!("{} / {group}", org_ids[base as usize])
                        };
                        task_group_names.push(scope);
                        task_group_names.len() as u32 - 1
                    })
                }
            })
            .collect();
        let member_kind = roster.members.records().map(|r| r.kind as u8).collect();
        Unit {
            org_ids,
            org_parent,
            org_base,
            org_depth,
            org_order,
            member_org,
            member_kind,
            member_task_group,
            task_group_names,
            diagnostics,
        }
    }

    /// Members (proposed levels) in one organization (an index into `org_ids`): its own members and, for a base
    /// organization, those of the organizations under it. The distribution per organization that the report and the
    /// app show.
    pub fn members_in(&self, rules: &RuleSet, result: &UnitResult, org: usize) -> Distribution {
        let mut d = Distribution { levels: vec![0; rules.levels.len()], ..Distribution::default() };
        for (member, outcome) in result.members.outcomes().iter().enumerate() {
            let own = self.member_org[member] as usize;
            if own == org || self.org_base.get(own) == Some(&(org as u32)) {
                d.total += 1;
                match result.counted_level(member) {
                    NO_LEVEL => d.add_unplaced(outcome),
                    level => d.levels[level as usize] += 1,
                }
            }
        }
        d
    }

    /// The member's group for a scope: an index into `scope_name`'s space.
    #[inline]
    fn member_scope(&self, scope: QuotaScope, member: usize) -> u32 {
        let org = self.member_org[member];
        match scope {
            QuotaScope::Org => org,
            QuotaScope::BaseOrg => {
                if org == NONE {
                    NONE
                } else {
                    self.org_base[org as usize]
                }
            }
            QuotaScope::TaskGroup => self.member_task_group[member],
            QuotaScope::Whole => 0,
        }
    }

    fn scope_name(&self, scope: QuotaScope, group: u32) -> String {
        match scope {
            QuotaScope::Org | QuotaScope::BaseOrg => self.org_ids.get(group as usize).cloned().unwrap_or_default(),
            QuotaScope::TaskGroup => self.task_group_names.get(group as usize).cloned().unwrap_or_default(),
            QuotaScope::Whole => "*".to_string(),
        }
    }

    fn scope_count(&self, scope: QuotaScope) -> usize {
        match scope {
            QuotaScope::Org | QuotaScope::BaseOrg => self.org_ids.len(),
            QuotaScope::TaskGroup => self.task_group_names.len(),
            QuotaScope::Whole => 1,
        }
    }

    /// Classify, apply quotas, roll up, classify organizations.
    pub fn run(&self, rules: &RuleSet, roster: &Roster) -> UnitResult {
        self.run_on(rules, roster, Basis::Computed)
    }

    /// [`Unit::run`], with the member distribution, the quota statuses (counted, never proposing) and the
    /// organizations' roll-up on the levels of `basis`: the cell's proposals or the competent level's decisions
    /// ([`crate::decision`]), a member without one at the earlier step.
    pub fn run_on(&self, rules: &RuleSet, roster: &Roster, basis: Basis) -> UnitResult {
        self.recount(rules, roster, basis, classify_members(rules, &roster.members))
    }

    /// [`Unit::run_on`] from the members' verdicts already computed (`members`, as [`UnitResult::members`] holds
    /// them for this roster's facts): what a changed basis or a declared level needs, since neither changes a
    /// member's verdict by the criteria. Only the quota proposals, the counts and the organizations are worked out.
    pub fn recount(&self, rules: &RuleSet, roster: &Roster, basis: Basis, members: Verdicts) -> UnitResult {
        let mut proposed: Vec<u8> = members.outcomes().iter().map(level_of).collect();
        let mut member_distribution_by_criteria =
            Distribution::count(rules.levels.len(), members.outcomes().iter().zip(&proposed).map(|(o, p)| (*o, *p)));
        member_distribution_by_criteria.add_unreadable(roster.members.unread.len());
        let mut quotas = Vec::new();
        self.member_quotas(rules, roster, &members, &mut proposed, &mut quotas, true);
        // The levels counted from here on: the computed ones, or the people's (then the quota is a count only).
        let mut quotas_computed = Vec::new();
        let (basis_levels, basis_fallbacks) = if basis == Basis::Computed {
            (Vec::new(), 0)
        } else {
            let mut fallbacks = 0;
            let levels: Vec<u8> = proposed
                .iter()
                .enumerate()
                .map(|(i, &computed)| {
                    let (level, fell_back) = basis.pick(roster.members.declared(i), computed);
                    fallbacks += u64::from(fell_back);
                    level
                })
                .collect();
            quotas_computed = std::mem::take(&mut quotas);
            let mut counted = levels.clone();
            self.member_quotas(rules, roster, &members, &mut counted, &mut quotas, false);
            (levels, fallbacks)
        };
        let counted: &[u8] = if basis == Basis::Computed { &proposed } else { &basis_levels };

        // Organizations, children first. Direct member counts are gathered in one pass.
        let levels = rules.levels.len();
        let mut direct = vec![0u64; self.org_ids.len() * (levels + 4)];
        self.count_direct(levels, members.outcomes(), counted, 0..members.len(), &mut direct);
        let counted_orgs = self.count_orgs(rules, roster, direct, &mut quotas);
        let mut member_distribution =
            Distribution::count(levels, members.outcomes().iter().zip(counted).map(|(o, p)| (*o, *p)));
        member_distribution.add_unreadable(roster.members.unread.len());
        let OrgsCounted { orgs, orgs_proposed, org_rows, org_distribution, base_org_distribution } = counted_orgs;
        UnitResult {
            members,
            proposed,
            orgs,
            orgs_proposed,
            org_rows,
            quotas,
            member_distribution,
            member_distribution_by_criteria,
            org_distribution,
            base_org_distribution,
            basis,
            basis_levels,
            basis_fallbacks,
            quotas_computed,
        }
    }

    /// Count members `range` into `direct`: per organization, `levels + 4` counts (levels…, not classified, total,
    /// classified, referred) of its own members at their `counted` levels.
    fn count_direct(
        &self,
        levels: usize,
        outcomes: &[crate::Outcome],
        counted: &[u8],
        range: std::ops::Range<usize>,
        direct: &mut [u64],
    ) {
        let width = levels + 4;
        for member in range {
            let org = self.member_org[member];
            if org == NONE {
                continue;
            }
            let base = org as usize * width;
            match counted[member] {
                NO_LEVEL => match outcomes[member] {
                    crate::Outcome::NotClassified { .. } => direct[base + levels] += 1,
                    crate::Outcome::Referred { .. } => direct[base + levels + 3] += 1,
                    _ => {}
                },
                level => {
                    direct[base + level as usize] += 1;
                    direct[base + levels + 2] += 1;
                }
            }
            direct[base + levels + 1] += 1;
        }
    }

    /// The organizations, children first, from their members' `direct` counts ([`Unit::count_direct`]): each one
    /// classified on its facts and roll-up counts, the quotas among siblings (their statuses added to `quotas`), the
    /// rows as evaluated and the distributions.
    fn count_orgs(
        &self,
        rules: &RuleSet,
        roster: &Roster,
        direct: Vec<u64>,
        quotas: &mut Vec<QuotaStatus>,
    ) -> OrgsCounted {
        let mut count = self.org_count(rules, roster, direct);
        while !self.org_count_step(rules, roster, &mut count, quotas, usize::MAX) {}
        self.org_counted(rules, roster, count)
    }

    /// [`Unit::count_orgs`] to be done in steps ([`Unit::org_count_step`]).
    fn org_count(&self, rules: &RuleSet, roster: &Roster, direct: Vec<u64>) -> OrgCount {
        let levels = rules.levels.len();
        let org_count = self.org_ids.len();
        let width = levels + 4;
        let mut counts = RollupCounts {
            all_members: direct.clone(),
            direct,
            subunits: vec![0u64; org_count * width],
            has_subunits: vec![false; org_count],
            slots: rules
                .facts
                .iter()
                .enumerate()
                .filter_map(|(slot, fact)| match fact.origin {
                    FactOrigin::Rollup { group, count } => Some((slot, group, count)),
                    _ => None,
                })
                .collect(),
            levels,
        };
        let table_orgs = roster.orgs.len();
        for &org in &self.org_order {
            let parent = self.org_parent[org as usize];
            if parent != NONE {
                counts.has_subunits[parent as usize] = true;
            }
        }
        OrgCount {
            counts,
            orgs: vec![Verdict { outcome: crate::Outcome::Incomplete { fact: 0 }, score: Num::MISSING }; table_orgs],
            orgs_proposed: vec![NO_LEVEL; table_orgs],
            // One organization's row at a time: the evaluated rows are stored by column at the end, in table order.
            row: vec![Num::MISSING; roster.orgs.stride],
            at: 0,
            end: self.depth_end(0),
            org_rows: crate::table::Rows::new(rules.facts.len()),
            depth: None,
        }
    }

    /// Where the depth of the organization at `position` in `org_order` ends.
    fn depth_end(&self, position: usize) -> usize {
        let depth_of = |i: u32| self.org_depth[i as usize];
        let Some(&first) = self.org_order.get(position) else { return position };
        let mut end = position;
        while end < self.org_order.len() && depth_of(self.org_order[end]) == depth_of(first) {
            end += 1;
        }
        end
    }

    /// About `work` organizations more: classified one depth at a time (so sibling quotas are resolved before
    /// parents count their sub-units; the quotas of a depth once its organizations are), then their rows as
    /// evaluated; `true` once done.
    fn org_count_step(
        &self,
        rules: &RuleSet,
        roster: &Roster,
        count: &mut OrgCount,
        quotas: &mut Vec<QuotaStatus>,
        work: usize,
    ) -> bool {
        let mut classifier = Classifier::new(rules);
        let (levels, width, table_orgs) = (rules.levels.len(), rules.levels.len() + 4, roster.orgs.len());
        let mut left = work.max(1);
        let OrgCount { counts, orgs, orgs_proposed, row, at, end, org_rows, depth } = count;
        while left > 0 {
            if *at < self.org_order.len() {
                let stop = (*end).min(at.saturating_add(left));
                for &org in &self.org_order[*at..stop] {
                    let o = org as usize;
                    counts.evaluated_row(&roster.orgs, o, row);
                    orgs[o] = classifier.classify(roster.orgs.kind(o), row);
                    orgs_proposed[o] = level_of(&orgs[o].outcome);
                }
                left -= stop - *at;
                *at = stop;
                if *at < *end {
                    continue;
                }
                // A depth classified: its quotas (in steps), then its organizations counted in their parents.
                let quotas_of = depth.get_or_insert_with(|| DepthQuotas {
                    position: self.depth_start(*end),
                    groups: (rules.quotas.iter().enumerate())
                        .flat_map(|(q, quota)| {
                            subject_groups(rules, quota, true).into_iter().map(move |(a, s)| (q, a, s))
                        })
                        .collect(),
                    group: 0,
                    siblings: None,
                    at: 0,
                });
                let batch = &self.org_order[quotas_of.position..*end];
                if !self.depth_quotas_step(rules, roster, batch, quotas_of, orgs, orgs_proposed, quotas, &mut left) {
                    continue;
                }
                *depth = None;
                for &org in batch {
                    let o = org as usize;
                    let parent = self.org_parent[o];
                    if parent == NONE {
                        continue;
                    }
                    let p = parent as usize;
                    let subunits = &mut counts.subunits;
                    match orgs_proposed[o] {
                        NO_LEVEL => match orgs[o].outcome {
                            crate::Outcome::NotClassified { .. } => subunits[p * width + levels] += 1,
                            crate::Outcome::Referred { .. } => subunits[p * width + levels + 3] += 1,
                            _ => {}
                        },
                        level => {
                            subunits[p * width + level as usize] += 1;
                            subunits[p * width + levels + 2] += 1;
                        }
                    }
                    subunits[p * width + levels + 1] += 1;
                    let all_members = &mut counts.all_members;
                    for k in 0..width {
                        all_members[p * width + k] += all_members[o * width + k];
                    }
                }
                *end = self.depth_end(*end);
            } else if org_rows.len() < table_orgs {
                // The counts an organization's row was evaluated on are final once it was (its members and
                // sub-units come before it), so its row is made again here, in table order, straight into the
                // columns.
                let from = org_rows.len();
                let stop = table_orgs.min(from.saturating_add(left));
                for o in from..stop {
                    counts.evaluated_row(&roster.orgs, o, row);
                    org_rows.push(row);
                }
                left -= stop - from;
            } else {
                return true;
            }
        }
        *at >= self.org_order.len() && org_rows.len() >= table_orgs
    }

    /// Where the depth ending at `end` in `org_order` starts.
    fn depth_start(&self, end: usize) -> usize {
        let Some(&last) = end.checked_sub(1).and_then(|e| self.org_order.get(e)) else { return end };
        let depth = self.org_depth[last as usize];
        let mut start = end - 1;
        while start > 0 && self.org_depth[self.org_order[start - 1] as usize] == depth {
            start -= 1;
        }
        start
    }

    /// The organizations counted ([`Unit::org_count_step`] done): the distributions.
    fn org_counted(&self, rules: &RuleSet, roster: &Roster, count: OrgCount) -> OrgsCounted {
        let OrgCount { orgs, orgs_proposed, mut org_rows, .. } = count;
        let levels = rules.levels.len();
        org_rows.shrink_to_fit();
        let mut org_distribution =
            Distribution::count(levels, orgs.iter().zip(&orgs_proposed).map(|(v, p)| (v.outcome, *p)));
        org_distribution.add_unreadable(roster.orgs.unread.len());
        let base_org_distribution = Distribution::count(
            levels,
            orgs.iter()
                .zip(&orgs_proposed)
                .enumerate()
                .filter(|(i, _)| roster.orgs.record(*i).base)
                .map(|(_, (v, p))| (v.outcome, *p)),
        );
        OrgsCounted { orgs, orgs_proposed, org_rows, org_distribution, base_org_distribution }
    }

    fn member_quotas(
        &self,
        rules: &RuleSet,
        roster: &Roster,
        verdicts: &Verdicts,
        proposed: &mut [u8],
        out: &mut Vec<QuotaStatus>,
        propose: bool,
    ) {
        for quota in &rules.quotas {
            for (applies, subject) in subject_groups(rules, quota, false) {
                self.member_quota_group(quota, &applies, subject, roster, verdicts, proposed, out, propose);
            }
        }
    }

    /// One quota over one group of member kinds (all of them when pooled, else one kind).
    #[allow(clippy::too_many_arguments)]
    fn member_quota_group(
        &self,
        quota: &crate::ruleset::Quota,
        applies: &[bool],
        subject: Option<String>,
        roster: &Roster,
        verdicts: &Verdicts,
        proposed: &mut [u8],
        out: &mut Vec<QuotaStatus>,
        propose: bool,
    ) {
        {
            let capped = quota.level as u8;
            // The status of every scope as rated: what the committee sees.
            let mut passes = Vec::with_capacity(quota.scopes.len());
            for &scope in &quota.scopes {
                let pass = self.scope_pass(quota, scope, applies, roster, verdicts, proposed);
                self.push_statuses(quota, scope, subject.as_ref(), roster, &pass, 0..pass.counts.len(), out);
                passes.push(pass);
            }
            if !propose {
                return;
            }
            // The proposal: move the first candidates of each scope over its cap down one level. With one scope,
            // the pass above already holds the fixed point of every group. Overlapping scopes (an agency and its
            // task groups) are repeated until every scope holds.
            if let [pass] = passes.as_slice() {
                for members in pass.look_first.values() {
                    for &member in members {
                        proposed[member] = capped + 1;
                    }
                }
                return;
            }
            for _ in 0..16 {
                let mut changed = false;
                for &scope in &quota.scopes {
                    let pass = self.scope_pass(quota, scope, applies, roster, verdicts, proposed);
                    for members in pass.look_first.values() {
                        for &member in members {
                            proposed[member] = capped + 1;
                            changed = true;
                        }
                    }
                }
                if !changed {
                    break;
                }
            }
        }
    }

    /// The statuses of one scope's groups `groups` (those with candidates or good members), as a pass gave them.
    #[allow(clippy::too_many_arguments)]
    fn push_statuses(
        &self,
        quota: &crate::ruleset::Quota,
        scope: QuotaScope,
        subject: Option<&String>,
        roster: &Roster,
        pass: &ScopePass,
        groups: std::ops::Range<usize>,
        out: &mut Vec<QuotaStatus>,
    ) {
        let (counts, resolutions) = (&pass.counts[groups.clone()], &pass.resolutions[groups.clone()]);
        for (group, (counts, resolution)) in groups.zip(counts.iter().zip(resolutions)) {
            if counts.candidates == 0 && counts.good == 0 {
                continue;
            }
            let look_first = pass.look_first.get(&(group as u32)).map(Vec::as_slice).unwrap_or(&[]);
            out.push(QuotaStatus {
                quota: quota.id.clone(),
                scope,
                scope_id: self.scope_name(scope, group as u32),
                counts: *counts,
                resolution: *resolution,
                look_first: look_first.iter().map(|m| roster.members.record(*m).id.to_string()).collect(),
                organizations: false,
                subject: subject.cloned(),
            });
        }
    }

    /// Counts, resolutions and the candidates to look at first, per group of one scope, for the levels in `levels`.
    fn scope_pass(
        &self,
        quota: &crate::ruleset::Quota,
        scope: QuotaScope,
        applies: &[bool],
        roster: &Roster,
        verdicts: &Verdicts,
        levels: &[u8],
    ) -> ScopePass {
        let mut counts = vec![QuotaCounts { candidates: 0, good: 0 }; self.scope_count(scope)];
        self.scope_counts(quota, scope, applies, levels, 0..levels.len(), &mut counts);
        let mut pass = ScopePass::resolved(quota, counts);
        if !pass.look_first.is_empty() {
            self.scope_gather(quota, scope, applies, levels, 0..levels.len(), &mut pass.look_first);
            pass.cut(verdicts, &roster.members);
        }
        pass
    }

    /// A scope pass's counts over members `range`: candidates (at the quota's level) and good members (one below)
    /// per group, among the kinds the quota `applies` to.
    fn scope_counts(
        &self,
        quota: &crate::ruleset::Quota,
        scope: QuotaScope,
        applies: &[bool],
        levels: &[u8],
        range: std::ops::Range<usize>,
        counts: &mut [QuotaCounts],
    ) {
        let capped = quota.level as u8;
        let good = capped + 1;
        for member in range {
            let level = levels[member];
            if level != capped && level != good {
                continue;
            }
            if !applies[self.member_kind[member] as usize] {
                continue;
            }
            let group = self.member_scope(scope, member);
            if group == NONE {
                continue;
            }
            if level == capped {
                counts[group as usize].candidates += 1;
            } else {
                counts[group as usize].good += 1;
            }
        }
    }

    /// A scope pass's candidates among members `range`, in roster order, in the groups over their cap (those
    /// `look_first` holds).
    fn scope_gather(
        &self,
        quota: &crate::ruleset::Quota,
        scope: QuotaScope,
        applies: &[bool],
        levels: &[u8],
        range: std::ops::Range<usize>,
        look_first: &mut HashMap<u32, Vec<usize>>,
    ) {
        let capped = quota.level as u8;
        for member in range {
            if levels[member] != capped || !applies[self.member_kind[member] as usize] {
                continue;
            }
            if let Some(list) = look_first.get_mut(&self.member_scope(scope, member)) {
                list.push(member);
            }
        }
    }

    /// Quotas on organizations, among siblings under one parent, at the depth `batch` (the organizations of one
    /// depth): about `left` organizations more, a parent's at a time; `true` once every quota's groups are done.
    /// Step by step (issue 14): at 5,500,000 members a depth's quotas at once were most of a task of 68 ms.
    #[allow(clippy::too_many_arguments)]
    fn depth_quotas_step(
        &self,
        rules: &RuleSet,
        roster: &Roster,
        batch: &[u32],
        depth: &mut DepthQuotas,
        verdicts: &[Verdict],
        proposed: &mut [u8],
        out: &mut Vec<QuotaStatus>,
        left: &mut usize,
    ) -> bool {
        let DepthQuotas { groups, group, siblings, at, .. } = depth;
        while *group < groups.len() {
            if *left == 0 {
                return false;
            }
            let (q, applies, subject) = &groups[*group];
            // The group's organizations of the depth by parent, in table order under each (parents ascending).
            let by_parent = siblings.get_or_insert_with(|| {
                let mut pairs: Vec<(u32, u32)> = batch
                    .iter()
                    .filter(|&&org| applies[roster.orgs.record(org as usize).kind])
                    .map(|&org| (self.org_parent[org as usize], org))
                    .collect();
                pairs.sort_unstable();
                pairs
            });
            while *at < by_parent.len() && *left > 0 {
                let parent = by_parent[*at].0;
                let end = *at + by_parent[*at..].partition_point(|&(p, _)| p == parent);
                let quota = &rules.quotas[*q];
                self.org_quota_parent(quota, subject, roster, parent, &by_parent[*at..end], verdicts, proposed, out);
                *left = left.saturating_sub(end - *at);
                *at = end;
            }
            if *at < by_parent.len() {
                return false;
            }
            (*group, *siblings, *at) = (*group + 1, None, 0);
        }
        true
    }

    /// One quota over one group of organization kinds among the siblings under `parent` (pairs of the parent and
    /// an organization, in table order).
    #[allow(clippy::too_many_arguments)]
    fn org_quota_parent(
        &self,
        quota: &crate::ruleset::Quota,
        subject: &Option<String>,
        roster: &Roster,
        parent: u32,
        siblings: &[(u32, u32)],
        verdicts: &[Verdict],
        proposed: &mut [u8],
        out: &mut Vec<QuotaStatus>,
    ) {
        let capped = quota.level as u8;
        // A lone top organization: the level that decides its quota, and its peers, are outside the roster.
        if parent == NONE && siblings.len() == 1 {
            return;
        }
        let counts = QuotaCounts {
            candidates: siblings.iter().filter(|(_, o)| proposed[*o as usize] == capped).count() as u64,
            good: siblings.iter().filter(|(_, o)| proposed[*o as usize] == capped + 1).count() as u64,
        };
        if counts.candidates == 0 && counts.good == 0 {
            return;
        }
        let resolution = counts.resolve(quota.share, quota.base, quota.rounding);
        let mut candidates: Vec<u32> =
            siblings.iter().map(|&(_, o)| o).filter(|o| proposed[*o as usize] == capped).collect();
        candidates.sort_by(|a, b| {
            verdicts[*a as usize]
                .score
                .known()
                .cmp(&verdicts[*b as usize].score.known())
                .then_with(|| roster.orgs.record(*a as usize).id.cmp(roster.orgs.record(*b as usize).id))
        });
        candidates.truncate(resolution.excess as usize);
        for org in &candidates {
            proposed[*org as usize] = capped + 1;
        }
        out.push(QuotaStatus {
            quota: quota.id.clone(),
            scope: QuotaScope::Org,
            scope_id: if parent == NONE { "*".into() } else { self.org_ids[parent as usize].clone() },
            counts,
            resolution,
            look_first: candidates.iter().map(|o| roster.orgs.record(*o as usize).id.to_string()).collect(),
            organizations: true,
            subject: subject.clone(),
        });
    }
}

/// [`Unit::recount`] of a run already counted, in steps of a bounded number of members ([`Recount::step`]), so a
/// page can count a changed basis or a declared level between frames (issue 14). It starts from the result counted
/// before on the same verdicts (`previous`, any basis): the quota's proposal on the computed levels, the statuses
/// of those levels and the distribution by the criteria depend on the verdicts alone, so they are taken from it;
/// the levels on the basis, their quota statuses, the organizations' counts and the distributions are worked out
/// again. [`Recount::finish`] gives what [`Unit::recount`] gives.
#[derive(Debug)]
pub struct Recount {
    basis: Basis,
    stage: RecountStage,
    /// The next member of the stage.
    at: usize,
    basis_levels: Vec<u8>,
    basis_fallbacks: u64,
    /// The quota statuses of the basis's levels (another basis than the computed one).
    quotas: Vec<QuotaStatus>,
    /// The scope passes on the basis's levels, in [`Unit::member_quotas`]' order: the quota (by index), the kinds
    /// it applies to, the kind named, the scope.
    passes: Vec<(usize, Vec<bool>, Option<String>, QuotaScope)>,
    /// The pass being counted or gathered, with its counts or its pass.
    pass: usize,
    counts: Vec<QuotaCounts>,
    scope_pass: Option<ScopePass>,
    direct: Vec<u64>,
    member_distribution: Distribution,
    /// The organizations being counted, once the members are, and their quotas' statuses.
    orgs: Option<OrgCount>,
    org_quotas: Vec<QuotaStatus>,
    /// The members' statuses of the computed levels, copied from `previous` (still the result shown) in steps: at
    /// 5,500,000 members, copied at once with the end they were most of a task of 82 ms.
    computed: Vec<QuotaStatus>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RecountStage {
    /// Each member's level on the basis.
    Levels,
    /// A scope pass's counts, then its candidates.
    Count,
    Gather,
    /// A scope pass's statuses, a group at a time (at 5,500,000 members, pushed at once they were most of a task of
    /// 51 ms with the vector's growth).
    Push,
    /// The organizations' direct counts and the member distribution.
    Members,
    /// The organizations, children first ([`Unit::org_count_step`]).
    Orgs,
    /// The members' statuses of the computed levels copied ([`Recount::computed`]).
    Statuses,
    Done,
}

impl Unit {
    /// A [`Recount`] of `previous` (a result of this unit's roster, its verdicts) on `basis`.
    pub fn recount_in_steps(&self, rules: &RuleSet, basis: Basis) -> Recount {
        let levels = rules.levels.len();
        let passes = if basis == Basis::Computed {
            Vec::new()
        } else {
            let mut passes = Vec::new();
            for (q, quota) in rules.quotas.iter().enumerate() {
                for (applies, subject) in subject_groups(rules, quota, false) {
                    passes.extend(quota.scopes.iter().map(|&scope| (q, applies.clone(), subject.clone(), scope)));
                }
            }
            passes
        };
        Recount {
            basis,
            stage: if basis == Basis::Computed { RecountStage::Members } else { RecountStage::Levels },
            at: 0,
            basis_levels: Vec::new(),
            basis_fallbacks: 0,
            quotas: Vec::new(),
            passes,
            pass: 0,
            counts: Vec::new(),
            scope_pass: None,
            direct: vec![0; self.org_ids.len() * (levels + 4)],
            member_distribution: Distribution { levels: vec![0; levels], ..Distribution::default() },
            orgs: None,
            org_quotas: Vec::new(),
            computed: Vec::new(),
        }
    }
}

impl Recount {
    /// The work of an organization counted (classified, or its row evaluated), in members.
    const ORG: usize = 64;
    /// The work of a quota status copied (its names and the members to look at first), in members.
    const STATUS: usize = 16;

    /// About `work` members more (a member's level, a member counted in a scope pass or for the organizations; the
    /// candidates of a pass sorted count as one each; an organization as [`Recount::ORG`]); `true` once done.
    pub fn step(&mut self, unit: &Unit, rules: &RuleSet, roster: &Roster, previous: &UnitResult, work: usize) -> bool {
        let members = previous.members.len();
        let mut left = work.max(1);
        while left > 0 {
            if let Some(count) = self.orgs.as_mut().filter(|_| self.stage == RecountStage::Orgs) {
                let orgs = (left / Recount::ORG).max(1);
                if unit.org_count_step(rules, roster, count, &mut self.org_quotas, orgs) {
                    (self.stage, self.at) = (RecountStage::Statuses, 0);
                }
                return false;
            }
            if self.stage == RecountStage::Statuses {
                let from = if previous.basis == Basis::Computed { &previous.quotas } else { &previous.quotas_computed };
                if self.at == 0 {
                    // Room for what the end appends (the organizations' statuses), so it copies nothing again.
                    let members = from.iter().filter(|q| !q.organizations).count();
                    if self.basis == Basis::Computed {
                        self.computed.reserve_exact(members + self.org_quotas.len());
                    } else {
                        self.computed.reserve_exact(members);
                        self.quotas.reserve_exact(self.org_quotas.len());
                    }
                }
                let end = from.len().min(self.at.saturating_add((left / Recount::STATUS).max(1)));
                self.computed.extend(from[self.at..end].iter().filter(|q| !q.organizations).cloned());
                self.at = end;
                if end == from.len() {
                    (self.stage, self.at) = (RecountStage::Done, 0);
                }
                return self.stage == RecountStage::Done;
            }
            if self.stage == RecountStage::Push {
                let groups = self.scope_pass.as_ref().map_or(0, |pass| pass.counts.len());
                let end = groups.min(self.at.saturating_add((left / Recount::STATUS).max(1)));
                self.push(unit, rules, roster, end);
                left = left.saturating_sub((end - self.at) * Recount::STATUS);
                self.at = end;
                if end == groups {
                    self.next_stage(unit, rules, roster, previous, &mut left);
                }
                continue;
            }
            let end = members.min(self.at.saturating_add(left));
            let range = self.at..end;
            match self.stage {
                RecountStage::Levels => {
                    self.basis_levels.extend(range.clone().map(|i| {
                        let (level, fell_back) = self.basis.pick(roster.members.declared(i), previous.proposed[i]);
                        self.basis_fallbacks += u64::from(fell_back);
                        level
                    }));
                }
                RecountStage::Count => {
                    let (q, applies, _, scope) = &self.passes[self.pass];
                    if self.at == 0 {
                        self.counts = vec![QuotaCounts { candidates: 0, good: 0 }; unit.scope_count(*scope)];
                    }
                    let quota = &rules.quotas[*q];
                    unit.scope_counts(quota, *scope, applies, &self.basis_levels, range.clone(), &mut self.counts);
                }
                RecountStage::Gather => {
                    let (q, applies, _, scope) = &self.passes[self.pass];
                    // The pass counted (set with this stage).
                    if let Some(pass) = self.scope_pass.as_mut() {
                        let quota = &rules.quotas[*q];
                        unit.scope_gather(
                            quota,
                            *scope,
                            applies,
                            &self.basis_levels,
                            range.clone(),
                            &mut pass.look_first,
                        );
                    }
                }
                RecountStage::Members => {
                    let counted = if self.basis == Basis::Computed { &previous.proposed } else { &self.basis_levels };
                    let outcomes = previous.members.outcomes();
                    unit.count_direct(rules.levels.len(), outcomes, counted, range.clone(), &mut self.direct);
                    for member in range.clone() {
                        self.member_distribution.add(&outcomes[member], counted[member]);
                    }
                }
                RecountStage::Push | RecountStage::Orgs | RecountStage::Statuses | RecountStage::Done => {
                    return self.stage == RecountStage::Done;
                }
            }
            left -= range.len().min(left);
            self.at = end;
            if end == members {
                self.next_stage(unit, rules, roster, previous, &mut left);
            }
        }
        self.stage == RecountStage::Done
    }

    /// The stage after one done with every member.
    fn next_stage(&mut self, unit: &Unit, rules: &RuleSet, roster: &Roster, previous: &UnitResult, left: &mut usize) {
        self.at = 0;
        let next_pass = |recount: &Recount| {
            if recount.pass < recount.passes.len() { RecountStage::Count } else { RecountStage::Members }
        };
        self.stage = match self.stage {
            RecountStage::Levels => next_pass(self),
            RecountStage::Count => {
                let quota = &rules.quotas[self.passes[self.pass].0];
                let pass = ScopePass::resolved(quota, std::mem::take(&mut self.counts));
                let gather = !pass.look_first.is_empty();
                self.scope_pass = Some(pass);
                if gather { RecountStage::Gather } else { self.start_push(previous) }
            }
            RecountStage::Gather => {
                if let Some(pass) = self.scope_pass.as_mut() {
                    *left = left.saturating_sub(pass.look_first.values().map(Vec::len).sum());
                    pass.cut(&previous.members, &roster.members);
                }
                self.start_push(previous)
            }
            RecountStage::Push => {
                self.scope_pass = None;
                self.pass += 1;
                next_pass(self)
            }
            RecountStage::Members => {
                self.orgs = Some(unit.org_count(rules, roster, std::mem::take(&mut self.direct)));
                RecountStage::Orgs
            }
            RecountStage::Orgs | RecountStage::Statuses | RecountStage::Done => RecountStage::Done,
        };
    }

    /// A scope pass counted (and its candidates gathered): its statuses next. Before the first, room for about as
    /// many as the result shown has of the members', so the vector does not grow by copying.
    fn start_push(&mut self, previous: &UnitResult) -> RecountStage {
        if self.quotas.capacity() == 0 {
            self.quotas.reserve_exact(previous.quotas.iter().filter(|q| !q.organizations).count());
        }
        RecountStage::Push
    }

    /// Push the statuses of groups `self.at..end` of the scope pass counted.
    fn push(&mut self, unit: &Unit, rules: &RuleSet, roster: &Roster, end: usize) {
        let (q, _, subject, scope) = &self.passes[self.pass];
        if let Some(pass) = &self.scope_pass {
            unit.push_statuses(
                &rules.quotas[*q],
                *scope,
                subject.as_ref(),
                roster,
                pass,
                self.at..end,
                &mut self.quotas,
            );
        }
    }

    /// The result: what [`Unit::recount`] on the basis gives, with `previous`'s verdicts (shared), proposals and
    /// computed statuses (copied: `previous` is still the result shown). Steps to the end first.
    pub fn finish(mut self, unit: &Unit, rules: &RuleSet, roster: &Roster, previous: &UnitResult) -> UnitResult {
        while !self.step(unit, rules, roster, previous, usize::MAX / 2) {}
        // The statuses of the computed levels: the members' (the organizations' follow them, counted again).
        let computed = std::mem::take(&mut self.computed);
        let (mut quotas, quotas_computed) =
            if self.basis == Basis::Computed { (computed, Vec::new()) } else { (self.quotas, computed) };
        let mut member_distribution = self.member_distribution;
        member_distribution.add_unreadable(roster.members.unread.len());
        quotas.append(&mut self.org_quotas);
        let count = self.orgs.unwrap_or_else(|| unit.org_count(rules, roster, self.direct));
        let OrgsCounted { orgs, orgs_proposed, org_rows, org_distribution, base_org_distribution } =
            unit.org_counted(rules, roster, count);
        UnitResult {
            members: previous.members.clone(),
            proposed: previous.proposed.clone(),
            orgs,
            orgs_proposed,
            org_rows,
            quotas,
            member_distribution,
            member_distribution_by_criteria: previous.member_distribution_by_criteria.clone(),
            org_distribution,
            base_org_distribution,
            basis: self.basis,
            basis_levels: self.basis_levels,
            basis_fallbacks: self.basis_fallbacks,
            quotas_computed,
        }
    }
}

/// The groups a quota counts, among member kinds (`collective = false`) or organization kinds: each kind the quota
/// applies to on its own, or all of them together when it pools them. Each group is the kinds it holds, with the
/// kind's id when the quota separates several kinds.
fn subject_groups(
    rules: &RuleSet,
    quota: &crate::ruleset::Quota,
    collective: bool,
) -> Vec<(Vec<bool>, Option<String>)> {
    let kinds: Vec<usize> = (0..rules.subjects.len())
        .filter(|&k| rules.subjects[k].collective == collective && quota.applies_to(k))
        .collect();
    let only = |k: usize| (0..rules.subjects.len()).map(|j| j == k).collect::<Vec<bool>>();
    match kinds.as_slice() {
        [] => Vec::new(),
        [one] => vec![(only(*one), None)],
        _ if quota.pool_subjects => {
            vec![((0..rules.subjects.len()).map(|k| kinds.contains(&k)).collect(), None)]
        }
        _ => kinds.iter().map(|&k| (only(k), Some(rules.subjects[k].id.clone()))).collect(),
    }
}

/// The organizations being counted ([`Unit::org_count_step`]).
#[derive(Debug)]
struct OrgCount {
    counts: RollupCounts,
    orgs: Vec<Verdict>,
    orgs_proposed: Vec<u8>,
    row: Vec<Num>,
    /// The next organization of `org_order` to classify, and the end of its depth.
    at: usize,
    end: usize,
    /// Once every depth is classified: the rows as evaluated, in table order.
    org_rows: crate::table::Rows,
    /// A depth classified: its quotas being resolved.
    depth: Option<DepthQuotas>,
}

/// The quotas on the organizations of one depth, being resolved ([`Unit::depth_quotas_step`]).
#[derive(Debug)]
struct DepthQuotas {
    /// Where the depth starts in `org_order`.
    position: usize,
    /// Each quota's groups of organization kinds, in order: the quota, the kinds it counts, the subject named.
    groups: Vec<(usize, Vec<bool>, Option<String>)>,
    group: usize,
    /// The group's organizations of the depth as (parent, organization), sorted, once made.
    siblings: Option<Vec<(u32, u32)>>,
    /// The next of `siblings` to count.
    at: usize,
}

/// What [`Unit::count_orgs`] works out.
struct OrgsCounted {
    orgs: Vec<Verdict>,
    orgs_proposed: Vec<u8>,
    org_rows: crate::table::Rows,
    org_distribution: Distribution,
    base_org_distribution: Distribution,
}

#[derive(Debug)]
struct ScopePass {
    counts: Vec<QuotaCounts>,
    resolutions: Vec<QuotaResolution>,
    look_first: HashMap<u32, Vec<usize>>,
}

impl ScopePass {
    /// The pass of these counts: each group's resolution, and an empty list of candidates for each group over its
    /// cap ([`Unit::scope_gather`] fills them, [`ScopePass::cut`] keeps the first).
    fn resolved(quota: &crate::ruleset::Quota, counts: Vec<QuotaCounts>) -> ScopePass {
        let resolutions: Vec<QuotaResolution> =
            counts.iter().map(|c| c.resolve(quota.share, quota.base, quota.rounding)).collect();
        let look_first: HashMap<u32, Vec<usize>> =
            (0..resolutions.len()).filter(|g| resolutions[*g].excess > 0).map(|g| (g as u32, Vec::new())).collect();
        ScopePass { counts, resolutions, look_first }
    }

    /// Each group's candidates cut to the first `excess`, lowest first ([`lowest_first`]).
    fn cut(&mut self, verdicts: &Verdicts, table: &Table) {
        for (group, list) in self.look_first.iter_mut() {
            *list = lowest_first(list, self.resolutions[*group as usize].excess as usize, verdicts, table);
        }
    }
}

/// The first `excess` of `members` by score (lowest first, no score first), then by id, then by roster order: what a
/// stable sort of all of them by score and id, cut to `excess`, gives. Only the first `excess` are sorted, and each
/// member's score is read once (a national roster's base organizations hold hundreds of thousands of candidates).
fn lowest_first(members: &[usize], excess: usize, verdicts: &Verdicts, table: &Table) -> Vec<usize> {
    let mut keyed: Vec<(Option<Num>, usize)> =
        members.iter().map(|&m| (verdicts.verdict(m).score.known(), m)).collect();
    let order = |a: &(Option<Num>, usize), b: &(Option<Num>, usize)| {
        a.0.cmp(&b.0).then_with(|| table.id(a.1).cmp(table.id(b.1))).then(a.1.cmp(&b.1))
    };
    if excess < keyed.len() {
        keyed.select_nth_unstable_by(excess, order);
        keyed.truncate(excess);
    }
    keyed.sort_unstable_by(order);
    keyed.into_iter().map(|(_, member)| member).collect()
}

/// What an organization's roll-up facts are counted from during a run: per organization, `levels + 4` counts
/// (levels…, not classified, total, classified, referred) of its own members, of all members under it, and of its
/// sub-units by their proposed levels.
#[derive(Debug)]
struct RollupCounts {
    direct: Vec<u64>,
    all_members: Vec<u64>,
    subunits: Vec<u64>,
    has_subunits: Vec<bool>,
    /// The rule set's roll-up facts: slot, group, count.
    slots: Vec<(usize, RollupGroup, RollupCount)>,
    levels: usize,
}

impl RollupCounts {
    /// Organization `o`'s row as evaluated: its facts from the table, the roll-up facts counted.
    fn evaluated_row(&self, orgs: &Table, o: usize, row: &mut [Num]) {
        orgs.load_row(o, row);
        let (levels, width) = (self.levels, self.levels + 4);
        let at = o * width..(o + 1) * width;
        let has_members = self.direct[o * width + levels + 1] > 0;
        for &(slot, group, count) in &self.slots {
            let (counts, present) = match group {
                RollupGroup::Members => (&self.direct[at.clone()], has_members),
                RollupGroup::AllMembers => {
                    (&self.all_members[at.clone()], self.all_members[o * width + levels + 1] > 0)
                }
                RollupGroup::Subunits => (&self.subunits[at.clone()], self.has_subunits[o]),
            };
            // Counts typed in stay when the roster has nothing to count.
            if present || row[slot].is_missing() && (has_members || self.has_subunits[o]) {
                row[slot] = Num::int(rollup_value(counts, count, levels) as i64);
            }
        }
    }
}

/// Cut one parent link in each circle of parents: that of the circle's organization with the lowest index. Returns
/// the organizations cut, in index order. Each organization is visited once (linear time).
fn break_cycles(parent: &mut [u32]) -> Vec<usize> {
    const UNSEEN: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![UNSEEN; parent.len()];
    let mut cut = Vec::new();
    let mut path: Vec<usize> = Vec::new();
    for start in 0..parent.len() {
        let mut at = start as u32;
        while at != NONE && state[at as usize] == UNSEEN {
            state[at as usize] = ON_PATH;
            path.push(at as usize);
            at = parent[at as usize];
        }
        if at != NONE && state[at as usize] == ON_PATH {
            // The path ran into itself: the circle is the path from `at` on.
            let from = path.iter().position(|p| *p == at as usize).unwrap_or(0);
            let lowest = path[from..].iter().copied().min().unwrap_or(at as usize);
            parent[lowest] = NONE;
            cut.push(lowest);
        }
        for p in path.drain(..) {
            state[p] = DONE;
        }
    }
    cut.sort_unstable();
    cut
}

/// Each organization's depth (0 = no parent) in a forest, each computed once from its parent's.
fn depths(parent: &[u32]) -> Vec<u32> {
    let mut depth = vec![NONE; parent.len()];
    let mut path = Vec::new();
    for start in 0..parent.len() {
        let mut at = start as u32;
        while at != NONE && depth[at as usize] == NONE {
            path.push(at as usize);
            at = parent[at as usize];
        }
        let first = if at == NONE { 0 } else { depth[at as usize] + 1 };
        for (d, p) in (first..).zip(path.drain(..).rev()) {
            depth[p] = d;
        }
    }
    depth
}

/// Write the roll-up facts of one group into an organization's row from counts typed by a committee: per level
/// (best first), then not classified, then referred (`levels + 2` numbers). The same counting as a roster's.
pub fn fill_rollup(rules: &RuleSet, row: &mut [Num], group: RollupGroup, counts: &[u64]) {
    let levels = rules.levels.len();
    let classified: u64 = counts.iter().take(levels).sum();
    let (not_classified, referred) =
        (counts.get(levels).copied().unwrap_or(0), counts.get(levels + 1).copied().unwrap_or(0));
    let mut layout: Vec<u64> = counts.iter().take(levels).copied().collect();
    layout.resize(levels, 0);
    layout.extend([not_classified, classified + not_classified + referred, classified, referred]);
    for (slot, fact) in rules.facts.iter().enumerate() {
        if let FactOrigin::Rollup { group: g, count } = fact.origin {
            if g == group {
                row[slot] = Num::int(rollup_value(&layout, count, levels) as i64);
            }
        }
    }
}

fn rollup_value(counts: &[u64], count: RollupCount, levels: usize) -> u64 {
    match count {
        RollupCount::Level(level) => counts[level],
        RollupCount::AtLeast(level) => counts[..=level].iter().sum(),
        RollupCount::NotClassified => counts[levels],
        RollupCount::Total => counts[levels + 1],
        RollupCount::Classified => counts[levels + 2],
        RollupCount::Referred => counts[levels + 3],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::Decision;
    use crate::input::Record;

    /// The candidates a committee looks at first are those a stable sort by score and id, cut to the excess, gives:
    /// with equal scores, equal ids (a roster may repeat one) and members without a score.
    #[test]
    fn lowest_first_is_the_stable_sort_cut_to_the_excess() {
        let mut table = crate::input::TableBuilder::new(0);
        let mut pushed = Vec::new();
        let mut seed = 7u64;
        for i in 0..400u32 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let pick = (seed >> 33) as usize;
            let id = format!("M{:02}", pick % 60);
            let record = Record {
                id,
                name: String::new(),
                kind: 0,
                org: None,
                task_group: None,
                base: false,
                target: None,
                row: i + 2,
            };
            table.push(record, &[]);
            let score = if pick % 11 == 0 {
                Num::MISSING
            } else {
                Num::ratio(160 + (pick / 7 % 9) as i64, 2).expect("a ratio")
            };
            pushed.push(Verdict { outcome: crate::Outcome::Level { level: 0, decision: Decision::Reached }, score });
        }
        let (table, verdicts): (Table, Verdicts) = (table.finish(), pushed.into_iter().collect());
        let members: Vec<usize> = (0..400).filter(|m| m % 3 != 1).collect();
        for excess in [0, 1, 5, 100, 266, 267, 500] {
            let mut expected = members.clone();
            expected.sort_by(|a, b| {
                verdicts
                    .verdict(*a)
                    .score
                    .known()
                    .cmp(&verdicts.verdict(*b).score.known())
                    .then_with(|| table.record(*a).id.cmp(table.record(*b).id))
            });
            expected.truncate(excess);
            assert_eq!(lowest_first(&members, excess, &verdicts, &table), expected, "excess {excess}");
        }
    }

    /// Step `recount` of `run` to its end, `work` a step: the most statuses (`len` counts them) one step pushed, and
    /// how many steps pushed any.
    fn stepped(
        recount: &mut Recount,
        rules: &RuleSet,
        run: &crate::pipeline::UnitRun,
        work: usize,
        len: impl Fn(&Recount) -> usize,
    ) -> (usize, usize) {
        let (mut most, mut steps_pushing) = (0, 0);
        loop {
            let before = len(recount);
            let done = recount.step(&run.unit, rules, &run.roster, &run.result, work);
            let pushed = len(recount) - before;
            most = most.max(pushed);
            steps_pushing += usize::from(pushed > 0);
            if done {
                return (most, steps_pushing);
            }
        }
    }

    /// A recount's statuses of the members' scopes are pushed a few at a time (a step of `work` pushes at most
    /// `work / Recount::STATUS` of them, one at least), not a scope pass's all at once.
    #[test]
    fn a_recounts_statuses_are_pushed_in_steps() {
        use crate::decision::{Basis, Stage};
        let rules = crate::builtin::load_default();
        let roster = crate::generate::roster(&rules, crate::generate::Shape::new(3_000, 7));
        let mut run = crate::pipeline::UnitRun::from_tables(&rules, roster, (None, None), Vec::new());
        let members = &mut run.roster.members;
        members.declared.resize(members.len(), Default::default());
        for (i, declared) in members.declared.iter_mut().enumerate().filter(|(i, _)| i % 3 == 0) {
            declared.set(Stage::Decision, (i % 4) as u8);
        }
        let mut recount = run.unit.recount_in_steps(&rules, Basis::Decided);
        let (most, steps_pushing) = stepped(&mut recount, &rules, &run, 4 * Recount::STATUS, |r| r.quotas.len());
        let statuses = recount.quotas.len();
        assert!(statuses > 20, "{statuses} statuses of the members' scopes");
        assert!(most <= 4, "at most 4 statuses a step, {most} pushed");
        assert!(steps_pushing >= statuses / 4, "{steps_pushing} steps pushed {statuses}");
    }

    /// The quotas on organizations are resolved a parent's siblings at a time: a step of `work` (`work /
    /// Recount::ORG` organizations) pushes at most that many organizations' statuses, not a depth's all at once.
    #[test]
    fn the_organizations_quotas_are_resolved_in_steps() {
        let rules = crate::builtin::load_default();
        let roster = crate::generate::roster(&rules, crate::generate::Shape::new(20_000, 3));
        let run = crate::pipeline::UnitRun::from_tables(&rules, roster, (None, None), Vec::new());
        let mut recount = run.unit.recount_in_steps(&rules, crate::decision::Basis::Computed);
        let (most, steps_pushing) = stepped(&mut recount, &rules, &run, 2 * Recount::ORG, |r| r.org_quotas.len());
        let statuses = recount.org_quotas.len();
        assert!(statuses > 8, "{statuses} statuses of the organizations' quotas");
        assert!(most <= 2, "at most 2 statuses a step, {most} pushed");
        assert!(steps_pushing >= statuses / 2, "{steps_pushing} steps pushed {statuses}");
        let stepped = recount.finish(&run.unit, &rules, &run.roster, &run.result);
        assert_eq!(format!("{:?}", stepped.quotas), format!("{:?}", run.result.quotas), "the run's statuses");
    }
}
