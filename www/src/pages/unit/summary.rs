//! What the unit page shows of an import that is worked out over all its members or organizations: the
//! organizations by id, the members referred to the competent level, the quota table's order, and the members in
//! roster order (the results table as it first shows). Worked out once per import: at once when the page imports
//! (small files, tests), or a few thousand items a step by [`SummaryJob`] between frames after the worker's run is
//! read back (`import_worker.rs`), so the import's last task stays short at 5,500,000 members (114,815
//! organizations). Both ways run the same steps and give the same values.

use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};
use std::rc::{Rc, Weak};

use xeploai::{Lang, RuleSet};

use super::state::{Imported, ReferredMember, UnitState};

/// The summary of one import ([`SummaryJob`]); of no import, empty.
#[derive(Debug, Default)]
pub struct ImportSummary {
    /// The run it was worked out from: it holds for that run only (an edit after the import makes another run).
    run: Weak<Imported>,
    /// The organizations by id (their index in the roster): the first of two with the same id.
    pub org_index: Rc<HashMap<String, usize>>,
    /// The members referred to the competent level, in roster order.
    pub referred: Rc<Vec<ReferredMember>>,
    /// The quota scopes in the order the quota table shows them ([`UnitState::quota_order`]).
    pub quota_order: Rc<Vec<usize>>,
    /// The members the decisions saved on this device name, looked up in the roster with the rest (a 5,500,000
    /// member roster's index of every id at once was a task of seconds when a secretary came back to her page).
    pub saved: Rc<SavedMembers>,
}

/// The members a [`SummaryJob`] was asked to look up by id (those of the decisions saved,
/// `UnitState::saved_member_ids`), and where each was found in the roster: the last member with that id, as an
/// index of every id gives it. An id not found is not in the roster.
#[derive(Debug, Default, PartialEq)]
pub struct SavedMembers {
    pub wanted: BTreeSet<String>,
    pub found: HashMap<String, usize>,
}

impl SavedMembers {
    /// Where each id of `wanted` is in the roster, when these are the ids this lookup was for.
    pub fn of(&self, wanted: &BTreeSet<String>) -> Option<&HashMap<String, usize>> {
        (self.wanted == *wanted).then_some(&self.found)
    }
}

impl ImportSummary {
    /// Is this the summary of `run`?
    pub fn is_of(&self, run: &Rc<Imported>) -> bool {
        std::ptr::eq(self.run.as_ptr(), Rc::as_ptr(run))
    }

    /// This summary for `run`, its run counted again on a basis or a declared level (`recount_job.rs`): the same
    /// verdicts, so the same organizations and members referred; the quota table's order sorted on its statuses
    /// (kept when the result is the one it was sorted on: declared levels put back, no basis counted yet).
    /// `order`: the quota table's order of `run`'s statuses when sorted already (in steps, `recount_job.rs`).
    pub(super) fn recounted(&self, run: &Rc<Imported>, order: Option<Vec<usize>>) -> ImportSummary {
        let same_result = self.run.upgrade().is_some_and(|before| std::sync::Arc::ptr_eq(&before.result, &run.result));
        ImportSummary {
            run: Rc::downgrade(run),
            org_index: self.org_index.clone(),
            referred: self.referred.clone(),
            quota_order: if same_result {
                self.quota_order.clone()
            } else {
                Rc::new(order.unwrap_or_else(|| quota_order_at_once(&run.result.quotas)))
            },
            saved: self.saved.clone(),
        }
    }
}

/// A member referred to the competent level ([`UnitState::referred_members`]), or `None` for any other outcome.
fn referred_member(rules: &RuleSet, run: &Imported, index: usize) -> Option<ReferredMember> {
    let xeploai::Outcome::Referred { rule, otherwise } = run.result.members.outcome(index) else { return None };
    let case = &rules.disqualifiers[rule as usize];
    Some(ReferredMember {
        index,
        case: case.name.clone(),
        claim: case.mitigation.as_ref().map_or_else(xeploai::Text::default, |m| {
            xeploai::Text::new(
                xeploai::render::operand_name(rules, m.text(), Lang::Vi),
                xeploai::render::operand_name(rules, m.text(), Lang::En),
            )
        }),
        otherwise: otherwise.map(|l| rules.levels[l as usize].short.clone()),
    })
}

/// The quota table's order of two scopes: over their cap first (the largest excess first), then by scope id, then
/// by position (the order a stable sort on excess and scope id gives).
pub(super) fn quota_cmp(quotas: &[xeploai::unit::QuotaStatus], a: usize, b: usize) -> Ordering {
    let (qa, qb) = (&quotas[a], &quotas[b]);
    qb.resolution.excess.cmp(&qa.resolution.excess).then_with(|| qa.scope_id.cmp(&qb.scope_id)).then(a.cmp(&b))
}

/// A merge sort of positions done a bounded number of items at a time: runs of `run` items sorted, then merged
/// pairwise, one pass after another; a merge stops where its step's items are spent and goes on at the next. Stable.
/// The quota table's order here and the members table's (`view_job.rs`) both use it.
#[derive(Debug)]
pub(super) struct StepSort {
    pub(super) items: Vec<usize>,
    spare: Vec<usize>,
    run: usize,
    /// The length of the sorted runs being merged; 0 while the first runs are sorted.
    width: usize,
    /// Where the runs being sorted or merged start.
    at: usize,
    /// Where the merge of the two runs at `at` has got to in each (absolute positions in `items`).
    left: usize,
    right: usize,
}

impl StepSort {
    const RUN: usize = 512;

    pub(super) fn new(len: usize) -> StepSort {
        StepSort::of((0..len).collect(), StepSort::RUN)
    }

    /// `items` to sort, in first runs of `run` items (tests: small runs, many merges).
    pub(super) fn of(items: Vec<usize>, run: usize) -> StepSort {
        let spare = Vec::with_capacity(items.len());
        StepSort { items, spare, run: run.max(1), width: 0, at: 0, left: 0, right: 0 }
    }

    fn sorted(&self) -> bool {
        self.width != 0 && self.width >= self.items.len()
    }

    /// About `budget` items more sorted or merged; true when all are.
    pub(super) fn step(&mut self, budget: usize, cmp: impl Fn(usize, usize) -> Ordering) -> bool {
        let n = self.items.len();
        let mut done = 0;
        while done < budget && !self.sorted() {
            if self.width == 0 {
                if self.at >= n {
                    (self.width, self.at, self.left, self.right) = (self.run, 0, 0, self.run.min(n));
                    self.spare.clear();
                    continue;
                }
                let end = (self.at + self.run).min(n);
                self.items[self.at..end].sort_by(|a, b| cmp(*a, *b));
                done += end - self.at;
                self.at = end;
                continue;
            }
            let (mid, end) = ((self.at + self.width).min(n), (self.at + 2 * self.width).min(n));
            // A pair already in order (its left run's last item not after its right run's first: a roster sorted on
            // ids is in id order) is the merge as it is.
            if self.left == self.at
                && self.right == mid
                && mid < end
                && cmp(self.items[mid - 1], self.items[mid]) != Ordering::Greater
            {
                self.spare.extend_from_slice(&self.items[self.at..end]);
                (self.left, self.right) = (mid, end);
                done += Self::RUN.min(end - self.at);
            }
            while self.left < mid && self.right < end && done < budget {
                // The left run's item first on a tie: stable.
                let (l, r) = (self.items[self.left], self.items[self.right]);
                if cmp(r, l) == Ordering::Less {
                    self.spare.push(r);
                    self.right += 1;
                } else {
                    self.spare.push(l);
                    self.left += 1;
                }
                done += 1;
            }
            if self.left < mid && self.right < end {
                break;
            }
            // One run is spent: the rest of the other follows as it is.
            self.spare.extend_from_slice(&self.items[self.left..mid]);
            self.spare.extend_from_slice(&self.items[self.right..end]);
            self.at = end;
            if self.at >= n {
                std::mem::swap(&mut self.items, &mut self.spare);
                self.spare.clear();
                (self.width, self.at) = (self.width * 2, 0);
            }
            (self.left, self.right) = (self.at, (self.at + self.width).min(n));
        }
        self.sorted()
    }

    pub(super) fn into_items(self) -> Vec<usize> {
        self.items
    }

    /// The items once sorted; `None` while not.
    pub(super) fn into_sorted(self) -> Option<Vec<usize>> {
        self.sorted().then_some(self.items)
    }
}

/// What a [`SummaryJob`] works on now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    Orgs,
    Referred,
    Quotas,
    RosterOrder,
    Saved,
    Done,
}

/// The summary of an import worked out a bounded number of items a step.
pub struct SummaryJob {
    rules: Rc<RuleSet>,
    run: Rc<Imported>,
    stage: Stage,
    at: usize,
    org_index: HashMap<String, usize>,
    referred: Vec<ReferredMember>,
    quotas: StepSort,
    /// Every member in roster order, when asked for ([`SummaryJob::new`]).
    roster_order: Option<Vec<usize>>,
    /// The members to look up by id ([`SummaryJob::looking_for`]).
    saved: SavedMembers,
}

/// The summary worked out, and every member in roster order when it was asked for.
pub type Summed = (ImportSummary, Option<Vec<usize>>);

/// A summary sent with its import ([`super::state::UnitAction::ImportedWith`]): the members in roster order are
/// taken by the reducer (the results table's rows), not kept twice.
pub struct SummedImport {
    pub summary: Rc<ImportSummary>,
    roster_order: std::cell::Cell<Option<Vec<usize>>>,
}

impl SummedImport {
    pub fn new((summary, roster_order): Summed) -> SummedImport {
        SummedImport { summary: Rc::new(summary), roster_order: std::cell::Cell::new(roster_order) }
    }

    /// The members in roster order, once.
    pub fn take_roster_order(&self) -> Option<Vec<usize>> {
        self.roster_order.take()
    }
}

impl std::fmt::Debug for SummedImport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SummedImport").field("summary", &self.summary).finish_non_exhaustive()
    }
}

impl SummaryJob {
    /// The summary of `run`; with `roster_order`, every member's index in roster order too (the results table as it
    /// first shows, unsorted and unfiltered).
    pub fn new(rules: Rc<RuleSet>, run: Rc<Imported>, roster_order: bool) -> SummaryJob {
        let (orgs, quotas) = (run.roster.orgs.len(), run.result.quotas.len());
        SummaryJob {
            rules,
            stage: Stage::Orgs,
            at: 0,
            org_index: HashMap::with_capacity(orgs),
            referred: Vec::new(),
            quotas: StepSort::new(quotas),
            roster_order: roster_order.then(|| Vec::with_capacity(run.roster.members.len())),
            run,
            saved: SavedMembers::default(),
        }
    }

    /// Look these members up by id too (the decisions saved on this device: `UnitState::saved_member_ids`).
    pub fn looking_for(mut self, wanted: BTreeSet<String>) -> SummaryJob {
        self.saved = SavedMembers { wanted, found: HashMap::new() };
        self
    }

    /// About `work` items more (an organization, a member, a scope sorted); the summary when done.
    pub fn step(&mut self, work: usize) -> Option<Summed> {
        let mut left = work.max(1);
        while left > 0 {
            let run = &*self.run;
            match self.stage {
                Stage::Orgs => {
                    let end = run.roster.orgs.len().min(self.at + left);
                    for at in self.at..end {
                        self.org_index.entry(run.roster.orgs.record(at).id.to_string()).or_insert(at);
                    }
                    left -= end - self.at;
                    self.at = end;
                    if end == run.roster.orgs.len() {
                        (self.stage, self.at) = (Stage::Referred, 0);
                    }
                }
                Stage::Referred => {
                    let end = run.result.members.len().min(self.at + left);
                    let rules = &*self.rules;
                    self.referred.extend((self.at..end).filter_map(|index| referred_member(rules, run, index)));
                    left -= end - self.at;
                    self.at = end;
                    if end == run.result.members.len() {
                        self.stage = Stage::Quotas;
                    }
                }
                Stage::Quotas => {
                    let quotas = &run.result.quotas;
                    if self.quotas.step(left, |a, b| quota_cmp(quotas, a, b)) {
                        self.stage = Stage::RosterOrder;
                    }
                    left = 0;
                }
                Stage::RosterOrder => {
                    let Some(order) = &mut self.roster_order else {
                        (self.stage, self.at) = (Stage::Saved, 0);
                        continue;
                    };
                    let len = run.roster.members.len();
                    let end = len.min(order.len() + left.saturating_mul(8));
                    left = left.saturating_sub((end - order.len()) / 8);
                    order.extend(order.len()..end);
                    if end == len {
                        (self.stage, self.at) = (Stage::Saved, 0);
                    }
                }
                Stage::Saved => {
                    let members = &run.roster.members;
                    if self.saved.wanted.is_empty() {
                        self.stage = Stage::Done;
                        continue;
                    }
                    let end = members.len().min(self.at + left);
                    for at in self.at..end {
                        let id = members.record(at).id;
                        if self.saved.wanted.contains(id) {
                            self.saved.found.insert(id.to_string(), at);
                        }
                    }
                    left -= end - self.at;
                    self.at = end;
                    if end == members.len() {
                        self.stage = Stage::Done;
                    }
                }
                Stage::Done => {
                    let quotas = std::mem::replace(&mut self.quotas, StepSort::new(0));
                    let summary = ImportSummary {
                        run: Rc::downgrade(&self.run),
                        org_index: Rc::new(std::mem::take(&mut self.org_index)),
                        referred: Rc::new(std::mem::take(&mut self.referred)),
                        quota_order: Rc::new(quotas.into_items()),
                        saved: Rc::new(std::mem::take(&mut self.saved)),
                    };
                    return Some((summary, self.roster_order.take()));
                }
            }
        }
        None
    }

    /// Work it out to the end at once.
    pub fn run(mut self) -> Summed {
        loop {
            if let Some(summed) = self.step(usize::MAX / 16) {
                return summed;
            }
        }
    }
}

impl UnitState {
    /// The summary made with the import on the page, when the run on the page is still that import's (an edit
    /// after the import makes another run, whose figures are worked out again).
    fn current_summary(&self) -> Option<&ImportSummary> {
        self.imported.as_ref().filter(|run| self.import_summary.is_of(run)).map(|_| &*self.import_summary)
    }

    /// The members referred to the competent level, for the committee: in roster order, each with the case that
    /// applies and the level the score and conditions give otherwise.
    pub fn referred_members(&self) -> Rc<Vec<ReferredMember>> {
        if let Some(summary) = self.current_summary() {
            return summary.referred.clone();
        }
        let Some(run) = &self.imported else { return Rc::default() };
        Rc::new((0..run.result.members.len()).filter_map(|index| referred_member(&self.rules, run, index)).collect())
    }

    /// The quota scopes in the order the quota table shows them: over their cap first (the largest excess first),
    /// then by scope; positions in the result's quotas.
    pub fn quota_order(&self) -> Rc<Vec<usize>> {
        if let Some(summary) = self.current_summary() {
            return summary.quota_order.clone();
        }
        let Some(run) = &self.imported else { return Rc::default() };
        Rc::new(quota_order_at_once(&run.result.quotas))
    }
}

/// The quota table's order ([`quota_cmp`]) sorted at once.
fn quota_order_at_once(quotas: &[xeploai::unit::QuotaStatus]) -> Vec<usize> {
    let mut sort = StepSort::new(quotas.len());
    sort.step(usize::MAX, |a, b| quota_cmp(quotas, a, b));
    sort.into_items()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::unit::state::{UnitAction, UnitSaved, csv_file};
    use xeploai::input::TableKind;

    /// Sorted in steps of any size, the order one sort gives, ties in their order (many runs, odd lengths).
    #[test]
    fn a_sort_in_steps_gives_the_order_of_one_sort() {
        for len in [0, 1, 7, StepSort::RUN, StepSort::RUN + 1, 5 * StepSort::RUN + 13] {
            let keys: Vec<u64> = (0..len as u64).map(|i| (i * 7919 + 13) % 97).collect();
            let mut expected: Vec<usize> = (0..len).collect();
            expected.sort_by_key(|i| keys[*i]);
            for budget in [1, 100, usize::MAX] {
                let mut sort = StepSort::new(len);
                let mut steps = 0;
                while !sort.step(budget, |a, b| keys[a].cmp(&keys[b])) {
                    steps += 1;
                }
                assert_eq!(sort.into_items(), expected, "{len} items, {budget} a step");
                if budget == 1 && len > StepSort::RUN {
                    assert!(steps > len / StepSort::RUN, "{len} items: in many steps, not {steps}");
                }
            }
        }
    }

    /// The summary worked out a few items a step is the one worked out at once, and the one the page shows.
    #[test]
    fn a_summary_in_steps_is_the_summary_at_once() {
        let text = |name: &str| {
            std::fs::read_to_string(format!("{}/../examples/dang-bo-mau/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
        };
        let rules = Rc::new(xeploai::builtin::load_default());
        let state = UnitState::new(rules.clone(), Lang::Vi, UnitSaved::default())
            .apply(UnitAction::FileLoaded(csv_file("orgs.csv", TableKind::Organizations, &text("orgs.csv"))))
            .apply(UnitAction::FileLoaded(csv_file("members.csv", TableKind::Members, &text("members.csv"))));
        let run = Rc::new(state.job().expect("an import").run());
        let (once, order) = SummaryJob::new(rules.clone(), run.clone(), true).run();
        assert_eq!(order, Some((0..run.roster.members.len()).collect()));
        let mut job = SummaryJob::new(rules, run.clone(), true);
        let mut steps = 0;
        let (stepped, stepped_order) = loop {
            steps += 1;
            if let Some(summed) = job.step(1) {
                break summed;
            }
        };
        assert!(steps > run.roster.orgs.len() + run.roster.members.len(), "{steps} steps");
        assert_eq!(
            (&stepped.referred, &stepped.quota_order, &stepped.org_index),
            (&once.referred, &once.quota_order, &once.org_index)
        );
        assert_eq!(stepped_order, order);
        assert!(stepped.is_of(&run) && once.is_of(&run));
        // Sent with the import, it is what the page shows; without it, the page works out the same.
        let generation = state.generation;
        let with = state.apply(UnitAction::ImportedWith {
            generation,
            imported: run.clone(),
            summary: Rc::new(SummedImport::new((stepped, stepped_order))),
        });
        let without = state.apply(UnitAction::Imported { generation, imported: run.clone() });
        assert!(Rc::ptr_eq(with.imported.as_ref().unwrap(), &run));
        assert_eq!(with.visible, without.visible);
        assert_eq!(with.referred_members(), without.referred_members());
        assert_eq!(with.quota_order(), without.quota_order());
        assert_eq!(with.org_index, without.org_index);
        assert!(!with.referred_members().is_empty() || run.result.member_distribution.referred == 0);
        assert_eq!(*with.org_index, once.org_index.as_ref().clone());
    }
}
