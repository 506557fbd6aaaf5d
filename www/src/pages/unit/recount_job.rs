//! A changed basis or declared level counted again between frames (issue 14). At 1,000,000 members the recount
//! ([`xeploai::unit::Unit::recount`]) was one task of 200–400 ms on the page; past [`AT_ONCE`] members the reducer
//! now starts it ([`UnitState::start_recount`]) and the page counts it in slices of a few milliseconds
//! ([`use_recount_job`], [`xeploai::pipeline::BasisSet`]): the results shown stay, marked busy, until the recounted
//! run replaces them whole ([`UnitAction::Recounted`]). A newer decision or basis takes the running recount's run
//! over (the edits before it are in it), changes it and counts it anew: nothing typed is lost, and no other copy of
//! the run is made. Up to [`AT_ONCE`] members (the example unit, most tests) it is counted at once, as before.

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::rc::Rc;
use std::time::Duration;

use xeploai::pipeline::{BasisSet, UnitRun};
use yew::prelude::*;

use super::UnitHandle;
use super::state::{UnitAction, UnitState};
use super::summary::{StepSort, quota_cmp};

/// Members counted again at once by the reducer; past this, in slices by the page.
pub const AT_ONCE: usize = super::view_job::AT_ONCE;
/// Members counted between two looks at the clock.
const LOOK: usize = 16_384;
/// Quota statuses sorted or merged between two looks at the clock.
const SORT_LOOK: usize = 4_096;
/// How long a slice may run before the page repaints (as the table's: well under a long task's 50 ms).
const SLICE_MS: f64 = 20.0;

/// What the results say while they are counted again (here, not in `i18n.rs`: only the unit page has it, as the
/// table's note in `view_job.rs`).
pub fn busy_note(lang: xeploai::Lang) -> &'static str {
    lang.pick("Đang tính lại kết quả theo thay đổi vừa chọn…", "Counting the results again with the change…")
}

/// Said beside the export and print buttons, held while a recount runs (the results shown lack the change).
pub fn actions_wait(lang: xeploai::Lang) -> &'static str {
    lang.pick(
        "Xuất tệp và in sẽ dùng được khi tính lại xong (kết quả đang hiện chưa có thay đổi vừa chọn).",
        "Export and print come back once the results are counted again (those shown lack the change).",
    )
}

/// A recount running: the run being counted, and the members whose declared levels changed in it since the results
/// shown (their differences are listed again at the end; a basis alone changes none).
pub struct RecountSlot {
    /// The reducer's `recount_generation` this recount works for.
    pub generation: u64,
    job: RefCell<Option<BasisSet>>,
    /// The run counted ([`RecountSlot::finish`], a task of its own), until the reducer shows it.
    counted: RefCell<Option<UnitRun>>,
    /// The quota table's order of the run counted, sorted in steps after its end ([`RecountSlot::order_for`]): at
    /// 5,500,000 members its statuses sorted at once were a task of 170 ms when the results showed.
    order: RefCell<Option<StepSort>>,
    changed: BTreeSet<usize>,
}

impl std::fmt::Debug for RecountSlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecountSlot").field("generation", &self.generation).finish_non_exhaustive()
    }
}

impl RecountSlot {
    /// Count until `budget` milliseconds have passed by `clock`; `true` once counted (or taken over).
    pub fn step_for(&self, rules: &xeploai::RuleSet, budget: f64, clock: impl Fn() -> f64) -> bool {
        let start = clock();
        let Ok(mut job) = self.job.try_borrow_mut() else { return false };
        let Some(job) = job.as_mut() else { return true };
        loop {
            if job.step(rules, LOOK) {
                return true;
            }
            if clock() - start >= budget {
                return false;
            }
        }
    }

    /// The recount's end ([`BasisSet::finish`]) once its steps are done: the run counted, kept for the reducer. The
    /// page does it in a task of its own, between the last step and the results' render.
    pub fn finish(&self, rules: &xeploai::RuleSet) {
        let (Ok(mut job), Ok(mut counted)) = (self.job.try_borrow_mut(), self.counted.try_borrow_mut()) else { return };
        if let Some(job) = job.take() {
            *counted = Some(job.finish(rules));
        }
    }

    /// Sort the quota table's order of the run counted until `budget` milliseconds have passed by `clock`; `true`
    /// once sorted (or when there is no run counted to sort: [`RecountSlot::take_counted`] sorts it then).
    pub fn order_for(&self, budget: f64, clock: impl Fn() -> f64) -> bool {
        let start = clock();
        let (Ok(counted), Ok(mut order)) = (self.counted.try_borrow(), self.order.try_borrow_mut()) else {
            return false;
        };
        let Some(run) = counted.as_ref() else { return true };
        let quotas = &run.result.quotas;
        let sort = order.get_or_insert_with(|| StepSort::new(quotas.len()));
        loop {
            if sort.step(SORT_LOOK, |a, b| quota_cmp(quotas, a, b)) {
                return true;
            }
            if clock() - start >= budget {
                return false;
            }
        }
    }

    /// A member's declared levels in the run being counted (with the edits typed since the results shown).
    fn declared(&self, member: usize) -> Option<xeploai::decision::Declared> {
        if let Some(run) = self.counted.try_borrow().ok()?.as_ref() {
            return Some(run.roster.members.declared(member));
        }
        Some(self.job.try_borrow().ok()?.as_ref()?.run().roster.members.declared(member))
    }

    /// The run with the edits since the results shown (counted or not: to be changed again and counted anew), and
    /// the members changed in it.
    fn take_run(&self) -> Option<(UnitRun, BTreeSet<usize>)> {
        let run = match self.counted.try_borrow_mut().ok()?.take() {
            Some(run) => run,
            None => self.job.try_borrow_mut().ok()?.take()?.into_run(),
        };
        Some((run, self.changed.clone()))
    }

    /// The run counted (its end worked out now if the page has not yet), the members changed in it, and its quota
    /// table's order when the page has sorted it.
    fn take_counted(&self, rules: &xeploai::RuleSet) -> Option<(UnitRun, BTreeSet<usize>, Option<Vec<usize>>)> {
        if self.counted.try_borrow().ok()?.is_none() {
            timed("xeploai: the recount's end", || self.finish(rules));
        }
        let order = self.order.try_borrow_mut().ok()?.take().and_then(StepSort::into_sorted);
        Some((self.counted.try_borrow_mut().ok()?.take()?, self.changed.clone(), order))
    }
}

/// `work` inside a user timing of the page's steps named `name` (the scale test names the steps inside a long task);
/// natively (the tests) the work alone.
pub(super) fn timed<T>(name: &str, work: impl FnOnce() -> T) -> T {
    #[cfg(target_arch = "wasm32")]
    {
        let began = super::import_worker::step_now();
        let done = work();
        super::import_worker::step_measure(name, began);
        done
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = name;
        work()
    }
}

impl UnitState {
    /// Are the results shown being counted again (a decision or a basis since)?
    pub fn recounting(&self) -> bool {
        self.recount.is_some()
    }

    /// A member's declared levels: as typed last (in the run being counted, while it is), else the run shown's.
    pub fn declared(&self, member: usize) -> xeploai::decision::Declared {
        if let Some(declared) = self.recount.as_ref().and_then(|slot| slot.declared(member)) {
            return declared;
        }
        self.imported.as_ref().map(|run| run.roster.members.declared(member)).unwrap_or_default()
    }

    /// Change the imported run (its declared levels; `member`'s, when one), count it again on the basis, and
    /// refresh what depends on it: at once up to [`AT_ONCE`] members, else in steps by the page. A recount running
    /// is taken over: its run, the edits before this one in it, is changed and counted anew.
    pub(super) fn start_recount(&mut self, change: impl FnOnce(&mut UnitRun), member: Option<usize>) {
        let Some(imported) = &self.imported else { return };
        let (mut run, mut changed) = match self.recount.take().and_then(|slot| slot.take_run()) {
            Some((run, changed)) => (run, changed),
            None => (timed("xeploai: copy the run for the change", || (**imported).clone()), BTreeSet::new()),
        };
        change(&mut run);
        changed.extend(member);
        if run.roster.members.len() <= AT_ONCE {
            run.set_basis(&self.rules, self.decisions.basis);
            self.show_recounted(run, None);
            self.after_import_decisions();
            self.after_recount();
            return;
        }
        self.recount_generation += 1;
        let job = run.set_basis_in_steps(&self.rules, self.decisions.basis);
        self.recount = Some(Rc::new(RecountSlot {
            generation: self.recount_generation,
            job: RefCell::new(Some(job)),
            counted: RefCell::default(),
            order: RefCell::default(),
            changed,
        }));
    }

    /// The recount of `generation` counted: its run shown, the changed members' differences listed again, unless a
    /// newer recount took it over.
    pub(super) fn on_recounted(&mut self, generation: u64) {
        let Some(slot) = self.recount.take_if(|slot| slot.generation == generation) else { return };
        let Some((run, changed, order)) = slot.take_counted(&self.rules) else { return };
        self.show_recounted(run, order);
        timed("xeploai: the changed members' differences", || self.differences_again(&changed));
        self.after_recount();
    }

    /// The run counted again shown; the import's summary carried over to it when it was the run before's (a recount
    /// changes no verdict: the members referred are not looked for again among every member), with the quota
    /// table's `order` when the page sorted it in steps.
    fn show_recounted(&mut self, run: UnitRun, order: Option<Vec<usize>>) {
        let run = Rc::new(run);
        if self.imported.as_ref().is_some_and(|before| self.import_summary.is_of(before)) {
            self.import_summary = Rc::new(self.import_summary.recounted(&run, order));
        }
        self.imported = Some(run);
    }

    /// The differences of `changed` members worked out again, the others' kept: a basis changes no difference
    /// (they are with the computed levels), and a declared level only its member's.
    fn differences_again(&mut self, changed: &BTreeSet<usize>) {
        let Some(run) = &self.imported else { return };
        if changed.is_empty() {
            return;
        }
        let mut new = xeploai::decision::differences_of(&self.rules, &run.roster, &run.result, changed.iter().copied())
            .into_iter()
            .peekable();
        let kept = self.decisions.differences.iter().filter(|d| !changed.contains(&d.member));
        let mut all = Vec::with_capacity(self.decisions.differences.len() + 3);
        for difference in kept {
            while let Some(first) = new.next_if(|n| n.member < difference.member) {
                all.push(first);
            }
            all.push(difference.clone());
        }
        all.extend(new);
        self.decisions.differences = Rc::new(all);
    }

    /// What depends on the run counted: the table when it is sorted or filtered on the proposed levels (a level
    /// filter reads them), else the members shown stay; the targets; the member explained.
    fn after_recount(&mut self) {
        if self.view.sort == super::state::SortKey::Proposed || !self.view.level.is_empty() {
            self.refresh_visible();
        }
        self.check_targets();
        self.explain_selected();
    }
}

/// A task's end: what follows runs in a task of its own, after the browser's repaint if one is due.
async fn yield_now() {
    yew::platform::time::sleep(Duration::from_millis(0)).await;
}

/// Count the recount the reducer started in slices of [`SLICE_MS`] with a repaint between them, and tell the reducer
/// once done; a newer decision or basis (another `recount_generation`) stops it.
#[hook]
pub fn use_recount_job(state: &UnitHandle) {
    let state = state.clone();
    use_effect_with(state.recount_generation, move |_| {
        let live = Rc::new(Cell::new(true));
        if let Some(slot) = state.recount.clone() {
            let (dispatcher, rules, live) = (state.dispatcher(), state.rules.clone(), live.clone());
            yew::platform::spawn_local(async move {
                loop {
                    yield_now().await;
                    if !live.get() {
                        return;
                    }
                    if timed("xeploai: recount", || slot.step_for(&rules, SLICE_MS, js_sys::Date::now)) {
                        // The end, then the results' render, each a task of its own (a slice, the end and the
                        // render in one task were 66 ms at 1 M).
                        yield_now().await;
                        if !live.get() {
                            return;
                        }
                        timed("xeploai: the recount's end", || slot.finish(&rules));
                        // The quota table's order of the run counted, in slices too.
                        loop {
                            yield_now().await;
                            if !live.get() {
                                return;
                            }
                            if timed("xeploai: the quota table's order", || slot.order_for(SLICE_MS, js_sys::Date::now))
                            {
                                break;
                            }
                        }
                        yield_now().await;
                        if live.get() {
                            dispatcher.dispatch(UnitAction::Recounted { generation: slot.generation });
                        }
                        return;
                    }
                }
            });
        }
        move || live.set(false)
    });
}

#[cfg(test)]
mod tests {
    use super::super::decisions::DecideAction;
    use super::*;
    use xeploai::decision::{Basis, Stage};

    /// Count a recount to its end, a tick of the clock a look; the slices it took.
    fn count(state: &UnitState) -> usize {
        let slot = state.recount.clone().expect("a recount");
        let ticks = Cell::new(0.0);
        let clock = || {
            ticks.set(ticks.get() + 1.0);
            ticks.get()
        };
        let mut slices = 1;
        while !slot.step_for(&state.rules, 2.0, clock) {
            slices += 1;
        }
        slices
    }

    fn result(state: &UnitState) -> String {
        format!("{:?}", state.imported.as_ref().expect("imported").result)
    }

    /// Past [`AT_ONCE`] members a decision and a basis are counted in steps: the results before stay shown, marked
    /// busy, the decision saved and shown in the member's levels at once; a newer change takes the recount over
    /// with nothing of the earlier one lost (an older recount's end is ignored); the end shows what counting at once
    /// gives, the differences those of the whole roster.
    #[test]
    fn a_decision_on_a_large_roster_is_counted_in_steps_and_the_newest_change_wins() {
        let state = super::super::view_job::tests::generated(AT_ONCE + 500);
        let imported = state.imported.clone().expect("imported");
        let (first, second) = (7, AT_ONCE + 100);
        let decided = state.apply(UnitAction::Decide(DecideAction::SetDeclared {
            member: first,
            stage: Stage::Decision,
            level: 0,
        }));
        assert!(decided.recounting() && Rc::ptr_eq(decided.imported.as_ref().unwrap(), &imported), "the run before");
        assert_eq!(decided.declared(first).decision, 0, "the decision shown at once");
        let id = imported.roster.members.record(first).id.to_string();
        assert_eq!(decided.saved.decisions.levels[&id].decision.as_deref(), Some("htxs"), "and saved at once");
        // A slice of the recount, then a basis and another decision: the recount is taken over.
        let slot = decided.recount.clone().unwrap();
        assert!(!slot.step_for(&decided.rules, 0.0, || 0.0), "more than one slice");
        let on_decided = decided.apply(UnitAction::Decide(DecideAction::SetBasis(Basis::Decided)));
        let both = on_decided.apply(UnitAction::Decide(DecideAction::SetDeclared {
            member: second,
            stage: Stage::Proposal,
            level: 3,
        }));
        assert!(both.recounting() && both.recount_generation == decided.recount_generation + 2);
        assert_eq!((both.declared(first).decision, both.declared(second).proposal), (0, 3), "nothing lost");
        let stale = both.apply(UnitAction::Recounted { generation: decided.recount_generation });
        assert!(stale.recounting() && Rc::ptr_eq(stale.imported.as_ref().unwrap(), &imported), "an older end");
        assert!(count(&both) > 1, "in more than one slice");
        let done = both.apply(UnitAction::Recounted { generation: both.recount_generation });
        assert!(!done.recounting());
        // What counting at once gives: the run before, both levels declared, on the decided basis.
        let mut expected = (*imported).clone();
        expected.roster.members.declared.resize(expected.roster.members.len(), Default::default());
        expected.roster.members.declared[first].set(Stage::Decision, 0);
        expected.roster.members.declared[second].set(Stage::Proposal, 3);
        expected.set_basis(&done.rules, Basis::Decided);
        assert_eq!(result(&done), format!("{:?}", expected.result));
        let run = done.imported.as_ref().unwrap();
        let whole = xeploai::decision::differences(&done.rules, &run.roster, &run.result);
        assert!(whole.iter().any(|d| d.member == first) && whole.iter().any(|d| d.member == second));
        assert_eq!(*done.decisions.differences, whole);
        // The import's summary carried over: what it gives is what is worked out anew for the run counted.
        assert!(done.import_summary.is_of(done.imported.as_ref().unwrap()));
        let anew = UnitState { import_summary: Rc::default(), ..done.clone() };
        assert_eq!((done.referred_members(), done.quota_order()), (anew.referred_members(), anew.quota_order()));
        assert!(!done.quota_order().is_empty());
        // Back to the computed basis, one of them cleared: the differences listed again are the whole roster's.
        let back = done.apply(UnitAction::Decide(DecideAction::SetBasis(Basis::Computed)));
        let back = back.apply(UnitAction::Decide(DecideAction::SetDeclared {
            member: first,
            stage: Stage::Decision,
            level: xeploai::unit::NO_LEVEL,
        }));
        count(&back);
        let back = back.apply(UnitAction::Recounted { generation: back.recount_generation });
        let run = back.imported.as_ref().unwrap();
        assert_eq!(*back.decisions.differences, xeploai::decision::differences(&back.rules, &run.roster, &run.result));
        assert_eq!(back.decisions.differences.len(), whole.len() - 1);
        assert_eq!(run.result.member_distribution, imported.result.member_distribution, "the computed levels again");
    }

    /// A secretary back at her page with decisions saved, on a roster past [`AT_ONCE`]: the members they name are
    /// looked up in steps with the import's summary (no index of every id at once), the levels put back, the saved
    /// basis counted in steps after the computed results show; the end is what counting at once gives, and the id
    /// this roster does not have is named.
    #[test]
    fn decisions_saved_come_back_on_a_large_roster_counted_in_steps() {
        let state = super::super::view_job::tests::generated(AT_ONCE + 500);
        let imported = state.imported.clone().expect("imported");
        let (first, second) = (5, AT_ONCE + 20);
        let id = |i: usize| imported.roster.members.record(i).id.to_string();
        let mut saved = state.saved.clone();
        saved.decisions.basis = Basis::Decided;
        saved.decisions.levels.entry(id(first)).or_default().decision = Some("htxs".into());
        saved.decisions.levels.entry(id(second)).or_default().proposal = Some("kht".into());
        saved.decisions.tallies.insert("zz99".into(), Default::default());
        let again = UnitState::new(state.rules.clone(), state.lang, saved);
        let file =
            |f: &Option<Rc<super::super::state::LoadedFile>>| UnitAction::FileLoaded((**f.as_ref().unwrap()).clone());
        let again = again.apply(file(&state.orgs_file)).apply(file(&state.members_file));
        let run = Rc::new(again.job().expect("an import").run());
        let wanted = again.saved_member_ids();
        let summed =
            super::super::summary::SummaryJob::new(again.rules.clone(), run.clone(), true).looking_for(wanted).run();
        let found = &summed.0.saved.found;
        assert_eq!(found.len(), 2, "both members found, the unknown id not: {found:?}");
        assert_eq!((found[&id(first)], found[&id(second)]), (first, second));
        let summary = Rc::new(super::super::summary::SummedImport::new(summed));
        let shown =
            again.apply(UnitAction::ImportedWith { generation: again.generation, imported: run.clone(), summary });
        assert!(shown.recounting(), "the saved basis counted in steps");
        assert!(std::sync::Arc::ptr_eq(&shown.imported.as_ref().unwrap().result, &run.result), "computed first");
        assert_eq!((shown.declared(first).decision, shown.declared(second).proposal), (0, 3));
        assert_eq!(shown.decisions.unmatched, ["zz99"]);
        assert!(shown.import_summary.is_of(shown.imported.as_ref().unwrap()), "the summary read with the run kept");
        count(&shown);
        let done = shown.apply(UnitAction::Recounted { generation: shown.recount_generation });
        assert!(!done.recounting());
        let mut expected = (*run).clone();
        expected.roster.members.declared.resize(expected.roster.members.len(), Default::default());
        expected.roster.members.declared[first].set(Stage::Decision, 0);
        expected.roster.members.declared[second].set(Stage::Proposal, 3);
        expected.set_basis(&done.rules, Basis::Decided);
        assert_eq!(result(&done), format!("{:?}", expected.result));
        let run = done.imported.as_ref().unwrap();
        assert_eq!(*done.decisions.differences, xeploai::decision::differences(&done.rules, &run.roster, &run.result));
        assert!(done.decisions.differences.iter().any(|d| d.member == first));
        // The same import without the summary (the page's own import): the same end, counted the same way.
        let fresh = Rc::new(again.job().expect("an import").run());
        let plain = again.apply(UnitAction::Imported { generation: again.generation, imported: fresh });
        assert!(plain.recounting());
        assert_eq!(plain.decisions.unmatched, ["zz99"]);
        count(&plain);
        let plain = plain.apply(UnitAction::Recounted { generation: plain.recount_generation });
        assert_eq!(result(&plain), result(&done));
    }

    /// After a recount's end the page sorts the quota table's order of the run counted in slices: the order shown
    /// is that one, and it is the order sorted at once; a slot with no run counted has none to sort.
    #[test]
    fn the_quota_tables_order_of_a_recount_is_sorted_in_slices() {
        let state = super::super::view_job::tests::generated(AT_ONCE + 500);
        let decided = state.apply(UnitAction::Decide(DecideAction::SetBasis(Basis::Decided)));
        let decided = decided.apply(UnitAction::Decide(DecideAction::SetDeclared {
            member: 11,
            stage: Stage::Decision,
            level: 0,
        }));
        let slot = decided.recount.clone().unwrap();
        assert!(slot.order_for(0.0, || 0.0), "nothing counted yet: nothing to sort");
        assert!(slot.order.borrow().is_none());
        count(&decided);
        slot.finish(&decided.rules);
        let mut slices = 1;
        while !slot.order_for(0.0, || 0.0) {
            slices += 1;
        }
        let sorted = slot.order.borrow().as_ref().map(|sort| sort.items.clone()).expect("sorted in the slot");
        let done = decided.apply(UnitAction::Recounted { generation: decided.recount_generation });
        let quotas = &done.imported.as_ref().unwrap().result.quotas;
        assert!(quotas.len() > 1, "statuses to sort: {}", quotas.len());
        let mut at_once: Vec<usize> = (0..quotas.len()).collect();
        at_once.sort_by(|a, b| quota_cmp(quotas, *a, *b));
        assert_eq!((*done.import_summary.quota_order).clone(), sorted, "the order sorted in slices shown ({slices})");
        assert_eq!(sorted, at_once);
        assert_eq!(done.quota_order(), UnitState { import_summary: Rc::default(), ..done.clone() }.quota_order());
    }

    /// The page works out a recount's end in a task of its own before the reducer shows it: a change in between
    /// takes over the run counted (its edits kept), and a recount whose end is worked out shows that run.
    #[test]
    fn a_change_after_the_recounts_end_keeps_the_edits_in_it() {
        let state = super::super::view_job::tests::generated(AT_ONCE + 500);
        let (first, second) = (3, AT_ONCE + 7);
        let decided = state.apply(UnitAction::Decide(DecideAction::SetDeclared {
            member: first,
            stage: Stage::Decision,
            level: 1,
        }));
        count(&decided);
        let slot = decided.recount.clone().unwrap();
        slot.finish(&decided.rules);
        assert_eq!(decided.declared(first).decision, 1, "the run counted holds the decision");
        let both = decided.apply(UnitAction::Decide(DecideAction::SetDeclared {
            member: second,
            stage: Stage::Decision,
            level: 2,
        }));
        assert_eq!((both.declared(first).decision, both.declared(second).decision), (1, 2), "nothing lost");
        count(&both);
        both.recount.clone().unwrap().finish(&both.rules);
        let done = both.apply(UnitAction::Recounted { generation: both.recount_generation });
        assert!(!done.recounting());
        let members = &done.imported.as_ref().unwrap().roster.members;
        assert_eq!((members.declared(first).decision, members.declared(second).decision), (1, 2));
        let mut expected = (**state.imported.as_ref().unwrap()).clone();
        expected.roster.members.declared.resize(expected.roster.members.len(), Default::default());
        expected.roster.members.declared[first].set(Stage::Decision, 1);
        expected.roster.members.declared[second].set(Stage::Decision, 2);
        expected.set_basis(&done.rules, done.decisions.basis);
        assert_eq!(result(&done), format!("{:?}", expected.result));
    }
}
