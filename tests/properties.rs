//! Property tests against the bundled rule set `qd366-2025`.
//!
//! Inputs are generated from the rule set itself: every input fact gets a value inside its declared range and type
//! (`min`/`max`/`type`/`choices`), optional facts (those with a default) are sometimes left empty, scores have one
//! decimal (27.5), task counts are consistent (on_time + late ≤ assigned, exceeding ≤ on_time) and the roll-up
//! counts of collectives are consistent (ge_htt ≤ ge_ht ≤ classified ≤ total).
//!
//! 1. Monotonicity in the score parts (for the `cascade` fallback policy).
//! 2. The fast path and the explanation agree; a result called certain does not depend on a missing fact.
//! 3. The excellent quota is never exceeded after the proposal, the proposal only moves excellent to good, and it
//!    moves exactly the reported excess per scope.
//! 4. Determinism of a roster run, and independence from the order of members.
//! 5. The quota arithmetic (`QuotaCounts::resolve`) is sound and minimal.

use std::collections::HashMap;
use std::sync::LazyLock;

use proptest::prelude::*;
use proptest::sample::Index;
use xeploai::doc::{BandFallback, QuotaBase, QuotaScope, Rounding};
use xeploai::input::{Record, TableBuilder};
use xeploai::quota::{QuotaCounts, cap_for};
use xeploai::ruleset::{FactOrigin, FactType, RollupCount};
use xeploai::unit::{NO_LEVEL, Roster, Unit, UnitResult};
use xeploai::{Classifier, Num, Outcome, RuleSet, Verdict};

static RULES: LazyLock<RuleSet> =
    LazyLock::new(|| xeploai::builtin::load("qd366-2025").expect("bundled rule set compiles"));

fn rules() -> &'static RuleSet {
    &RULES
}

// --- Generators -----------------------------------------------------------------------------------------------

/// Slots of one consistent group of task counts: assigned, on time, late, exceeding.
#[derive(Clone, Copy, Debug)]
struct TaskSlots {
    assigned: usize,
    on_time: usize,
    late: usize,
    exceeding: usize,
}

fn task_groups() -> Vec<TaskSlots> {
    let r = rules();
    let slot = |id: &str| r.fact_slot(id).unwrap_or_else(|| panic!("fact {id} in the rule set")) as usize;
    ["", "led_"]
        .iter()
        .map(|p| TaskSlots {
            assigned: slot(&format!("{p}tasks_assigned")),
            on_time: slot(&format!("{p}tasks_on_time")),
            late: slot(&format!("{p}tasks_late")),
            exceeding: slot(&format!("{p}tasks_exceeding")),
        })
        .collect()
}

fn is_task_slot(slot: usize) -> bool {
    task_groups().iter().any(|t| [t.assigned, t.on_time, t.late, t.exceeding].contains(&slot))
}

fn score_parts() -> Vec<usize> {
    rules().scoring.as_ref().expect("the rule set has a score").parts.iter().map(|s| *s as usize).collect()
}

/// Subject kinds the score applies to.
fn scored_kinds() -> Vec<usize> {
    let r = rules();
    let score = &r.facts[r.scoring.as_ref().unwrap().slot as usize];
    (0..r.subjects.len()).filter(|k| score.applies_to(*k)).collect()
}

/// Inclusive range in tenths of a number fact.
fn tenths_range(slot: usize) -> (i64, i64) {
    let f = &rules().facts[slot];
    let lo = f.min.map(|m| m.checked_mul(Num::int(10)).unwrap().ceil()).unwrap_or(0);
    let hi = f.max.map(|m| m.checked_mul(Num::int(10)).unwrap().floor()).unwrap_or(lo + 200);
    (lo, hi)
}

fn tenths(v: i64) -> Num {
    Num::ratio(v, 10).unwrap()
}

/// A score part: uniform in tenths, or on the coarse steps 70%..100% of the range (ties and high bands); `top`
/// keeps to 90% and 100% (excellent candidates with many equal scores).
fn score_part(slot: usize, top: bool) -> BoxedStrategy<Num> {
    let (lo, hi) = tenths_range(slot);
    let step = move |k: i64| tenths(lo + (hi - lo) * k / 10);
    if top {
        (9i64..=10).prop_map(step).boxed()
    } else {
        prop_oneof![2 => (lo..=hi).prop_map(tenths), 1 => (7i64..=10).prop_map(step)].boxed()
    }
}

/// Any value of the fact within its type and range.
fn any_value(slot: usize) -> BoxedStrategy<Num> {
    let f = &rules().facts[slot];
    match f.ty {
        FactType::Bool => (0i64..=1).prop_map(Num::int).boxed(),
        FactType::Choice => {
            assert!(!f.choices.is_empty(), "choice fact {} has choices", f.id);
            (0..f.choices.len() as i64).prop_map(Num::int).boxed()
        }
        FactType::Integer => {
            let lo = f.min.map(Num::ceil).unwrap_or(0);
            let hi = f.max.map(Num::floor).unwrap_or(lo + 24);
            (lo..=hi).prop_map(Num::int).boxed()
        }
        FactType::Number => {
            let (lo, hi) = tenths_range(slot);
            (lo..=hi).prop_map(tenths).boxed()
        }
        FactType::Percent => {
            let lo = f.min.map(|m| m.checked_mul(Num::int(1000)).unwrap().ceil()).unwrap_or(0);
            let hi = f.max.map(|m| m.checked_mul(Num::int(1000)).unwrap().floor()).unwrap_or(1000);
            (lo..=hi).prop_map(|v| Num::ratio(v, 1000).unwrap()).boxed()
        }
    }
}

/// A fact other than the score parts, task counts and roll-ups. Optional facts (with a default) are often empty
/// or at their default; `clean` keeps them there more often (fewer disciplines, suspensions…).
fn fact_value(slot: usize, clean: bool) -> BoxedStrategy<Num> {
    let f = &rules().facts[slot];
    match f.default {
        Some(default) if clean => {
            prop_oneof![4 => Just(Num::MISSING), 4 => Just(default), 1 => any_value(slot)].boxed()
        }
        Some(default) => prop_oneof![2 => Just(Num::MISSING), 5 => Just(default), 1 => any_value(slot)].boxed(),
        None => any_value(slot),
    }
}

/// (assigned, on_time, late, exceeding, leave late/exceeding empty when zero). `clean`: all on time, ≥ 30% exceeding.
fn task_counts(clean: bool) -> BoxedStrategy<(i64, i64, i64, i64, bool)> {
    (0i64..=12, any::<bool>())
        .prop_flat_map(move |(a, blank)| {
            let late = if clean { Just(0i64).boxed() } else { prop_oneof![2 => Just(0i64), 1 => 0..=a].boxed() };
            (Just(a), late, Just(blank))
        })
        .prop_flat_map(move |(a, l, blank)| {
            let on = if clean { Just(a - l).boxed() } else { prop_oneof![Just(a - l), 0..=a - l].boxed() };
            (Just(a), on, Just(l), Just(blank))
        })
        .prop_flat_map(move |(a, o, l, blank)| {
            let exc = if clean { ((3 * a + 9) / 10).min(o)..=o } else { 0..=o };
            (Just(a), Just(o), Just(l), exc, Just(blank))
        })
        .boxed()
}

/// Counts of one roll-up group: per level (best first), not classified, other (incomplete or failed).
fn rollup_counts(clean: bool) -> BoxedStrategy<(Vec<u64>, u64, u64)> {
    let levels = rules().levels.len();
    let per_level: Vec<BoxedStrategy<u64>> = (0..levels)
        .map(|i| {
            if i < 2 {
                (0u64..=6).boxed()
            } else if clean {
                Just(0u64).boxed()
            } else {
                prop_oneof![2 => Just(0u64), 1 => 0u64..=3].boxed()
            }
        })
        .collect();
    (per_level, 0u64..=2, prop_oneof![3 => Just(0u64), 1 => 0u64..=2]).boxed()
}

/// A full row (`rules.facts.len()` wide) for a subject of `kind`.
///
/// `clean`: optional facts mostly empty or at their default, tasks all on time with ≥ 30% exceeding, roll-ups all
/// at least complete. `top`: score parts at 90% or 100% of their range (excellent candidates, many ties).
/// `hole`: leave one required fact (no default; not a score part) empty, to reach incomplete results.
fn row(kind: usize, clean: bool, top: bool, hole: Option<Index>) -> BoxedStrategy<Vec<Num>> {
    let r = rules();
    let parts = score_parts();
    let collective = r.subjects[kind].collective;
    let values: Vec<BoxedStrategy<Num>> = r
        .facts
        .iter()
        .enumerate()
        .map(|(slot, f)| {
            if slot >= r.input_count || !f.applies_to(kind) || is_task_slot(slot) {
                Just(Num::MISSING).boxed()
            } else if parts.contains(&slot) {
                score_part(slot, top)
            } else {
                fact_value(slot, clean)
            }
        })
        .collect();
    let groups = [rollup_counts(clean), rollup_counts(clean), rollup_counts(clean)];
    (values, task_counts(clean), task_counts(clean), groups)
        .prop_map(move |(mut row, t0, t1, groups)| {
            let r = rules();
            for (t, (a, o, l, e, blank)) in task_groups().into_iter().zip([t0, t1]) {
                if !r.facts[t.assigned].applies_to(kind) {
                    continue;
                }
                row[t.assigned] = Num::int(a);
                row[t.on_time] = Num::int(o);
                row[t.late] = if l == 0 && blank && r.facts[t.late].default == Some(Num::ZERO) {
                    Num::MISSING
                } else {
                    Num::int(l)
                };
                row[t.exceeding] = if e == 0 && blank && r.facts[t.exceeding].default == Some(Num::ZERO) {
                    Num::MISSING
                } else {
                    Num::int(e)
                };
            }
            if collective {
                for (slot, f) in r.facts.iter().enumerate() {
                    let FactOrigin::Rollup { group, count } = f.origin else { continue };
                    if !f.applies_to(kind) {
                        continue;
                    }
                    let g = xeploai::ruleset::RollupGroup::ALL.iter().position(|x| *x == group).unwrap();
                    let (levels, not_classified, other) = &groups[g];
                    let classified: u64 = levels.iter().sum();
                    let value = match count {
                        RollupCount::Level(i) => levels[i],
                        RollupCount::AtLeast(i) => levels[..=i].iter().sum(),
                        RollupCount::Classified => classified,
                        RollupCount::NotClassified => *not_classified,
                        RollupCount::Total => classified + not_classified + other,
                        RollupCount::Referred => 0,
                    };
                    row[slot] = Num::int(value as i64);
                }
            }
            if let Some(hole) = hole {
                let required: Vec<usize> = (0..r.facts.len())
                    .filter(|&s| {
                        let f = &r.facts[s];
                        let input_like = s < r.input_count || matches!(f.origin, FactOrigin::Rollup { .. });
                        input_like && f.applies_to(kind) && f.default.is_none() && !parts_contains(s)
                    })
                    .collect();
                if !required.is_empty() {
                    row[*hole.get(&required)] = Num::MISSING;
                }
            }
            row
        })
        .boxed()
}

fn parts_contains(slot: usize) -> bool {
    score_parts().contains(&slot)
}

/// A scored kind, a row for it, and optionally a hole in its required facts (about one case in eight).
fn subject(allow_holes: bool) -> BoxedStrategy<(usize, Vec<Num>, bool)> {
    let kinds = scored_kinds();
    let hole = if allow_holes { prop::option::weighted(0.125, any::<Index>()).boxed() } else { Just(None).boxed() };
    (prop::sample::select(kinds), any::<bool>(), hole)
        .prop_flat_map(|(kind, clean, hole)| (Just(kind), row(kind, clean, false, hole), Just(hole.is_some())))
        .boxed()
}

// --- 1. Monotonicity --------------------------------------------------------------------------------------------

fn same_kind(a: &Outcome, b: &Outcome) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

// Monotonicity holds for the `cascade` policy (the bundled rule set's) and for `drop_one` (which now gives the same
// levels): in band b the result is the first level at or below b whose conditions hold, and a higher score only
// widens the levels considered. It does NOT hold for `lowest`: a subject in the HTT band who meets HTT's conditions is HTT,
// but raising the score into the HTXS band, where an HTXS-only condition fails (say fewer than 30% of tasks
// exceeding), sends them straight to the lowest level KHT. More points, worse level.
proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn raising_a_score_part_never_gives_a_worse_level(
        (kind, base, has_hole) in subject(true),
        part in any::<Index>(),
        raise in any::<Index>(),
    ) {
        let r = rules();
        prop_assert_eq!(r.band_fallback, BandFallback::Cascade);
        let parts = score_parts();
        let slot = *part.get(&parts);
        let (_, hi) = tenths_range(slot);
        let old = base[slot].checked_mul(Num::int(10)).unwrap().floor();
        let new = old + raise.index((hi - old + 1) as usize) as i64;
        let mut raised = base.clone();
        raised[slot] = tenths(new);
        prop_assert!(xeploai::classify::check_value(&r.facts[slot], raised[slot]).is_ok());

        let mut classifier = Classifier::new(r);
        let before = classifier.classify(kind, &base);
        let after = classifier.classify(kind, &raised);
        match (before.outcome, after.outcome) {
            (Outcome::Level { level: b, .. }, Outcome::Level { level: a, .. }) => {
                prop_assert!(a <= b, "raising {} from {} to {} gave level {} after {}: {:?} → {:?}",
                    r.facts[slot].id, base[slot], raised[slot], a, b, before, after);
            }
            // With every required fact present a classified subject stays classified. With one empty, the
            // higher band may need it (e.g. `members.classified` only in the HTXS conditions): incomplete is the
            // honest answer there.
            (Outcome::Level { .. }, Outcome::Incomplete { .. }) if has_hole => {}
            (b, a) => prop_assert!(same_kind(&b, &a), "kind of result changed: {:?} → {:?}", before, after),
        }
        if let Outcome::NotClassified { rule } = before.outcome {
            prop_assert_eq!(after.outcome, Outcome::NotClassified { rule });
        }
    }
}

// --- 2. Fast path = explanation ----------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn classify_and_explain_agree(
        (kind, values, _) in subject(true),
        (other_kind, other, _) in subject(true),
        target in any::<Index>(),
    ) {
        let r = rules();
        let fast = Classifier::new(r).classify(kind, &values);
        // A classifier whose scratch row holds someone else's facts.
        let mut shared = Classifier::new(r);
        let _ = shared.explain(other_kind, &other, None);
        let (verdict, explanation) = shared.explain(kind, &values, None);
        prop_assert_eq!(verdict, fast);
        prop_assert_eq!(explanation.level.clone(), fast.level().map(|l| r.levels[l].id.clone()));
        let status = match fast.outcome {
            Outcome::Level { .. } => xeploai::explain::ResultStatus::Classified,
            Outcome::NotClassified { .. } => xeploai::explain::ResultStatus::NotClassified,
            Outcome::Referred { .. } => xeploai::explain::ResultStatus::Referred,
            Outcome::Invalid { .. } => xeploai::explain::ResultStatus::Invalid,
            Outcome::Incomplete { .. } => xeploai::explain::ResultStatus::Incomplete,
            Outcome::Failed { .. } => xeploai::explain::ResultStatus::Failed,
        };
        prop_assert_eq!(&explanation.status, &status);
        prop_assert_eq!(explanation.score.as_ref().and_then(|s| s.total), fast.score.known());
        // Asking for a target's gap does not change the verdict.
        let (with_target, explained) = shared.explain(kind, &values, Some(target.index(r.levels.len())));
        prop_assert_eq!(with_target, fast);
        prop_assert_eq!(explained.level, explanation.level);
    }
}

// --- Rosters ------------------------------------------------------------------------------------------------------

#[derive(Clone, Debug)]
struct OrgSpec {
    parent: Option<usize>,
    base: bool,
    kind: usize,
    row: Vec<Num>,
}

#[derive(Clone, Debug)]
struct MemberSpec {
    org: Option<usize>,
    kind: usize,
    row: Vec<Num>,
}

#[derive(Clone, Debug)]
struct RosterSpec {
    orgs: Vec<OrgSpec>,
    members: Vec<MemberSpec>,
}

fn org_id(i: usize) -> String {
    format!("o{i}")
}

fn member_id(i: usize) -> String {
    format!("m{i:03}")
}

fn roster_spec() -> BoxedStrategy<RosterSpec> {
    let r = rules();
    let collectives: Vec<usize> = (0..r.subjects.len()).filter(|k| r.subjects[*k].collective).collect();
    let individuals: Vec<usize> = scored_kinds().into_iter().filter(|k| !r.subjects[*k].collective).collect();
    let org = (
        prop::option::weighted(0.7, any::<Index>()),
        prop::bool::weighted(0.4),
        prop::sample::select(collectives),
        any::<bool>(),
    )
        .prop_flat_map(|(parent, base, kind, clean)| {
            (Just(parent), Just(base), Just(kind), row(kind, clean, clean, None))
        });
    let member = (prop::option::weighted(0.92, any::<Index>()), prop::sample::select(individuals), any::<bool>())
        .prop_flat_map(|(org, kind, clean)| (Just(org), Just(kind), row(kind, clean, clean, None)));
    (prop::collection::vec(org, 1..=6), prop::collection::vec(member, 0..=40))
        .prop_map(|(orgs, members)| {
            let n = orgs.len();
            RosterSpec {
                orgs: orgs
                    .into_iter()
                    .enumerate()
                    // Parents come earlier in the table: no cycles.
                    .map(|(i, (parent, base, kind, row))| OrgSpec {
                        parent: parent.filter(|_| i > 0).map(|p| p.index(i)),
                        base,
                        kind,
                        row,
                    })
                    .collect(),
                members: members
                    .into_iter()
                    .map(|(org, kind, row)| MemberSpec { org: org.map(|o| o.index(n)), kind, row })
                    .collect(),
            }
        })
        .boxed()
}

/// Build the roster; members in the order `order` (indices into `spec.members`).
fn build(spec: &RosterSpec, order: &[usize]) -> Roster {
    let r = rules();
    let mut members = TableBuilder::new(r.input_count);
    for (row_number, &i) in order.iter().enumerate() {
        let m = &spec.members[i];
        let record = Record {
            id: member_id(i),
            name: format!("Member {i}"),
            kind: m.kind,
            org: m.org.map(org_id),
            task_group: None,
            base: false,
            target: None,
            row: row_number as u32 + 2,
        };
        members.push(record, &m.row[..r.input_count]);
    }
    let mut orgs = TableBuilder::new(r.facts.len());
    for (i, o) in spec.orgs.iter().enumerate() {
        let record = Record {
            id: org_id(i),
            name: format!("Organization {i}"),
            kind: o.kind,
            org: o.parent.map(org_id),
            task_group: None,
            base: o.base,
            target: None,
            row: i as u32 + 2,
        };
        orgs.push(record, &o.row);
    }
    Roster { members: members.finish(), orgs: orgs.finish() }
}

fn run(spec: &RosterSpec, order: &[usize]) -> (Roster, Unit, UnitResult) {
    let r = rules();
    let roster = build(spec, order);
    let unit = Unit::prepare(r, &roster, None, None);
    let result = unit.run(r, &roster);
    (roster, unit, result)
}

/// The scope a member falls in, computed from the spec (not from `Unit`): an organization id or `*`.
fn scope_of(spec: &RosterSpec, scope: QuotaScope, member: &MemberSpec) -> Option<String> {
    match scope {
        QuotaScope::Whole => Some("*".into()),
        QuotaScope::TaskGroup => None,
        QuotaScope::Org => member.org.map(org_id),
        QuotaScope::BaseOrg => {
            let start = member.org?;
            let mut at = Some(start);
            while let Some(o) = at {
                if spec.orgs[o].base {
                    return Some(org_id(o));
                }
                at = spec.orgs[o].parent;
            }
            Some(org_id(start))
        }
    }
}

fn level_of(v: &Verdict) -> u8 {
    v.level().map(|l| l as u8).unwrap_or(NO_LEVEL)
}

// --- 2b. Three-valued decisions are sound -------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Emptying one required fact either gives "incomplete" or the very result the full row gives: a result the
    /// engine calls certain does not depend on what is missing. Cases, disqualifiers, conditions and caps alike.
    #[test]
    fn a_certain_result_does_not_depend_on_a_missing_fact((kind, values, _) in subject(false), pick in any::<Index>()) {
        let r = rules();
        let mut classifier = Classifier::new(r);
        let full = classifier.classify(kind, &values);
        prop_assume!(!matches!(full.outcome, Outcome::Incomplete { .. } | Outcome::Failed { .. }));
        let required: Vec<usize> = (0..r.input_count)
            .filter(|&s| r.facts[s].applies_to(kind) && r.facts[s].default.is_none() && !values[s].is_missing())
            .collect();
        prop_assume!(!required.is_empty());
        let slot = *pick.get(&required);
        let mut emptied = values.clone();
        emptied[slot] = Num::MISSING;
        let partial = classifier.classify(kind, &emptied);
        match partial.outcome {
            Outcome::Incomplete { .. } => {}
            outcome => {
                prop_assert!(same_kind(&outcome, &full.outcome) && partial.level() == full.level(),
                    "emptying {} changed a certain result: {:?} → {:?}", r.facts[slot].id, full, partial);
                let (_, explanation) = classifier.explain(kind, &emptied, None);
                prop_assert!(explanation.missing_unneeded.contains(&r.facts[slot].id) || !r.facts[slot].used);
            }
        }
    }
}

// --- 3. Quota -----------------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn quota_proposal_respects_the_cap(spec in roster_spec()) {
        let r = rules();
        let order: Vec<usize> = (0..spec.members.len()).collect();
        let (roster, _unit, result) = run(&spec, &order);
        prop_assert_eq!(result.proposed.len(), spec.members.len());
        // Only ever excellent → good, and only for kinds a quota applies to.
        for (i, (verdict, &proposed)) in result.members.iter().zip(&result.proposed).enumerate() {
            let rated = level_of(&verdict);
            if proposed != rated {
                let kind = roster.members.record(i).kind;
                prop_assert!(
                    r.quotas.iter().any(|q| rated == q.level as u8 && proposed == rated + 1 && q.applies_to(kind)),
                    "member {} moved from {} to {}", roster.members.record(i).id, rated, proposed
                );
            }
        }
        for quota in &r.quotas {
            let capped = quota.level as u8;
            let good = capped + 1;
            // Each kind is its own group unless the quota pools them (or only one kind applies).
            let kinds: Vec<usize> = (0..r.subjects.len()).filter(|&k| !r.subjects[k].collective && quota.applies_to(k)).collect();
            let separate = !quota.pool_subjects && kinds.len() > 1;
            let group_of = |kind: usize| separate.then(|| r.subjects[kind].id.clone());
            for &scope in &quota.scopes {
                #[derive(Default, Debug)]
                struct Tally { excellent: u64, good: u64, moved: u64 }
                let mut tallies: HashMap<(String, Option<String>), Tally> = HashMap::new();
                for (i, m) in spec.members.iter().enumerate() {
                    if !quota.applies_to(m.kind) {
                        continue;
                    }
                    let Some(scope_id) = scope_of(&spec, scope, m) else {
                        prop_assert_eq!(result.proposed[i], level_of(&result.members.verdict(i)), "member without scope moved");
                        continue;
                    };
                    let t = tallies.entry((scope_id, group_of(m.kind))).or_default();
                    let p = result.proposed[i];
                    if p == capped { t.excellent += 1; }
                    if p == good { t.good += 1; }
                    if p != level_of(&result.members.verdict(i)) { t.moved += 1; }
                }
                for ((scope_id, subject), t) in &tallies {
                    let base = match quota.base {
                        QuotaBase::GoodOnly => t.good,
                        QuotaBase::GoodOrBetter => t.good + t.excellent,
                    };
                    let cap = cap_for(quota.share, base, quota.rounding);
                    prop_assert!(t.excellent <= cap, "scope {}: {} excellent > cap {} of {} good", scope_id, t.excellent, cap, t.good);
                    let status = result
                        .quotas
                        .iter()
                        .find(|q| q.quota == quota.id && q.scope == scope && !q.organizations && &q.scope_id == scope_id && &q.subject == subject);
                    // With several scopes the proposal repeats until all hold, so only a single scope's moves
                    // equal its excess as rated.
                    if quota.scopes.len() == 1 {
                        let excess = status.map(|s| s.resolution.excess).unwrap_or(0);
                        prop_assert_eq!(t.moved, excess, "scope {}: moved vs excess; status {:?}", scope_id, status);
                        if let Some(s) = status {
                            let mut moved: Vec<String> = spec.members.iter().enumerate()
                                .filter(|(i, m)| scope_of(&spec, scope, m).as_deref() == Some(scope_id.as_str())
                                    && &group_of(m.kind) == subject
                                    && result.proposed[*i] != level_of(&result.members.verdict(*i)))
                                .map(|(i, _)| member_id(i))
                                .collect();
                            moved.sort();
                            let mut look_first = s.look_first.clone();
                            look_first.sort();
                            prop_assert_eq!(moved, look_first);
                        }
                    }
                }
            }
        }
    }
}

// --- 4. Determinism -------------------------------------------------------------------------------------------------

fn assert_same_run(a: &UnitResult, b: &UnitResult) -> Result<(), TestCaseError> {
    prop_assert_eq!(&a.members, &b.members);
    prop_assert_eq!(&a.proposed, &b.proposed);
    prop_assert_eq!(&a.orgs, &b.orgs);
    prop_assert_eq!(&a.orgs_proposed, &b.orgs_proposed);
    prop_assert_eq!(&a.org_rows, &b.org_rows);
    prop_assert_eq!(&a.quotas, &b.quotas);
    prop_assert_eq!(&a.member_distribution, &b.member_distribution);
    prop_assert_eq!(&a.member_distribution_by_criteria, &b.member_distribution_by_criteria);
    prop_assert_eq!(&a.org_distribution, &b.org_distribution);
    prop_assert_eq!(&a.base_org_distribution, &b.base_org_distribution);
    Ok(())
}

fn spec_and_order() -> BoxedStrategy<(RosterSpec, Vec<usize>)> {
    roster_spec()
        .prop_flat_map(|spec| {
            let order: Vec<usize> = (0..spec.members.len()).collect();
            (Just(spec), Just(order).prop_shuffle())
        })
        .boxed()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn roster_runs_are_deterministic((spec, shuffled) in spec_and_order()) {
        let r = rules();
        let order: Vec<usize> = (0..spec.members.len()).collect();
        let (roster, unit, first) = run(&spec, &order);
        // Same structure, same result; run twice on one prepared unit and on a fresh one.
        let again = unit.run(r, &roster);
        assert_same_run(&first, &again)?;
        let (_, _, fresh) = run(&spec, &order);
        assert_same_run(&first, &fresh)?;

        // Members in another order: the same verdict and proposed level per member id, the same quota reports
        // (look-first lists are ordered by score then id) and the same organizations' results.
        let (permuted_roster, _, permuted) = run(&spec, &shuffled);
        let by_id: HashMap<&str, (Verdict, u8)> = permuted_roster
            .members
            .records()

            .enumerate()
            .map(|(i, rec)| (rec.id, (permuted.members.verdict(i), permuted.proposed[i])))
            .collect();
        for (i, rec) in roster.members.records().enumerate() {
            let (verdict, proposed) = by_id[rec.id];
            prop_assert_eq!(verdict, first.members.verdict(i), "verdict of {}", rec.id);
            prop_assert_eq!(proposed, first.proposed[i], "proposed level of {} (order {:?})", rec.id, shuffled);
        }
        prop_assert_eq!(&permuted.quotas, &first.quotas);
        prop_assert_eq!(&permuted.orgs, &first.orgs);
        prop_assert_eq!(&permuted.orgs_proposed, &first.orgs_proposed);
        prop_assert_eq!(&permuted.org_rows, &first.org_rows);
        prop_assert_eq!(&permuted.member_distribution, &first.member_distribution);
    }
}

// --- 5. Quota arithmetic --------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn quota_resolution_is_sound_and_minimal(
        candidates in prop_oneof![0u64..=20, 0u64..=300],
        good in prop_oneof![0u64..=20, 0u64..=1000],
        per_mille in prop_oneof![Just(0i64), Just(1000i64), (0i64..=100).prop_map(|p| p * 10), 0i64..=1000],
    ) {
        let share = Num::ratio(per_mille, 1000).unwrap();
        let counts = QuotaCounts { candidates, good };
        for base in [QuotaBase::GoodOnly, QuotaBase::GoodOrBetter] {
            for rounding in [Rounding::Floor, Rounding::Nearest, Rounding::Ceil] {
                let base_for = |moved: u64| match base {
                    QuotaBase::GoodOnly => good + moved,
                    QuotaBase::GoodOrBetter => good + candidates,
                };
                let fits = |moved: u64| candidates - moved <= cap_for(share, base_for(moved), rounding);
                let res = counts.resolve(share, base, rounding);
                let ctx = format!("{counts:?} share {share} {base:?} {rounding:?} → {res:?}");
                prop_assert!(res.excess <= candidates, "excess > candidates: {}", ctx);
                prop_assert_eq!(res.base, base_for(0), "{}", ctx);
                prop_assert_eq!(res.cap, cap_for(share, base_for(0), rounding), "{}", ctx);
                prop_assert_eq!(res.base_after, base_for(res.excess), "{}", ctx);
                prop_assert_eq!(res.cap_after, cap_for(share, res.base_after, rounding), "{}", ctx);
                prop_assert!(candidates - res.excess <= res.cap_after, "cap still exceeded: {}", ctx);
                // Minimal: no smaller number of moves fits (checked for every smaller k, not only excess − 1).
                for k in 0..res.excess {
                    prop_assert!(!fits(k), "moving {} would already fit: {}", k, ctx);
                }
            }
        }
    }
}
