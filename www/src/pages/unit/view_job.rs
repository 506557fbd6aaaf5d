//! The members table's order and selection ([`TableView`]): which members it shows, in which order. Up to
//! [`AT_ONCE`] members it is worked out at once by the reducer; past that a sort or a filter of 1,000,000 members
//! took up to seconds in one task (issue 14), so the reducer marks the table busy and the page works it out in
//! slices of a few milliseconds between frames ([`ViewJob`], [`use_view_job`]): the table shown stays, marked
//! busy, until the new one replaces it whole, and a newer sort or filter supersedes an older one. Both ways give
//! the same members in the same order (a stable sort, the one order a stable sort can give).

use std::cell::Cell;
use std::cmp::Ordering;
use std::rc::Rc;
use std::time::Duration;

use xeploai::RuleSet;
use xeploai::input::FoldedNeedle;
use xeploai::unit::NO_LEVEL;
use yew::prelude::*;

use super::UnitHandle;
use super::state::{Imported, SortKey, TableView, UnitAction, UnitState};
use super::summary::StepSort;

/// Members worked out at once by the reducer; past this, in slices by the page.
pub const AT_ONCE: usize = 20_000;
/// Members sorted at once before the sorted blocks are merged: a block is sorted without a look at the clock, and
/// at 1,000,000 members in Chromium (load average 8) one of 4,096 sorted on the score took 213 ms.
const BLOCK: usize = 512;
/// Members filtered or merged between two looks at the clock.
const LOOK: usize = 512;
/// How long a slice may run before the page repaints (as an import's slices: well under a long task's 50 ms).
const SLICE_MS: f64 = 20.0;

/// What the results table says while its members are worked out again (here, not in `i18n.rs`: only the unit page
/// has it, and the first page's module holds every text of `i18n.rs`).
pub fn busy_note(lang: xeploai::Lang) -> &'static str {
    lang.pick("Đang sắp xếp, lọc lại danh sách…", "Sorting and filtering the list…")
}

/// Does the view filter anything out (the text as folded, a level, an organization)?
pub(super) fn filters(view: &TableView) -> bool {
    !xeploai::input::fold(&view.filter).is_empty() || !view.level.is_empty() || !view.org.is_empty()
}

/// Whether member `i` passes the view's filters: `needle` (the filter folded) in her id, name or organization, her
/// level (or outcome) the one chosen, her organization the one chosen. The text is folded into `needle`'s buffer,
/// not a new `String` a field (issue 14: 12.6 s for a filter of 5,500,000 members), and an organization's answer
/// is kept for the next member of the same one (the roster's members come by organization).
fn keeps<'a>(
    rules: &'a RuleSet,
    imported: &'a Imported,
    view: &'a TableView,
    needle: &'a mut FoldedNeedle,
) -> impl FnMut(usize) -> bool + 'a {
    let records = &imported.roster.members;
    let result = &imported.result;
    let level_filter = if view.level.is_empty() { None } else { Some(view.level.as_str()) };
    let level_of = move |i: usize| -> &str {
        match result.members.outcome(i) {
            xeploai::Outcome::Level { .. } => &rules.levels[result.proposed[i] as usize].id,
            xeploai::Outcome::NotClassified { .. } => "not_classified",
            xeploai::Outcome::Referred { .. } => "referred",
            xeploai::Outcome::Invalid { .. } => "invalid",
            _ => "incomplete",
        }
    };
    let mut last_org: Option<(&str, bool)> = None;
    move |i: usize| {
        let record = records.record(i);
        if !(level_filter.is_none_or(|l| level_of(i) == l)
            && (view.org.is_empty() || record.org == Some(view.org.as_str())))
        {
            return false;
        }
        if needle.needle().is_empty() || needle.found_in(record.id) || needle.found_in(record.name) {
            return true;
        }
        let Some(org) = record.org else { return false };
        match last_org {
            Some((last, found)) if last == org => found,
            _ => {
                let found = needle.found_in(org);
                last_org = Some((org, found));
                found
            }
        }
    }
}

/// Whether the members of view `to` are those of view `shown` its filters keep (`shown`'s filters wider: its folded
/// text within `to`'s, its level and organization none or the same), in `shown`'s order or in the roster's: then
/// `to`'s table is `shown`'s filtered, in that order (reversed to ascending), and sorted only when `shown`'s is in
/// the roster's order (a stable sort keeps the order of any members it is given in the roster's order).
fn narrows(shown: &TableView, to: &TableView) -> bool {
    filters(to)
        && xeploai::input::fold(&to.filter).contains(&xeploai::input::fold(&shown.filter))
        && (shown.level.is_empty() || shown.level == to.level)
        && (shown.org.is_empty() || shown.org == to.org)
        && (shown.sort == to.sort || shown.sort == SortKey::Row)
}

/// The order of `sort` between two members (ascending; `None` for the roster's order).
fn order(imported: &Imported, sort: SortKey) -> Option<impl Fn(&usize, &usize) -> Ordering + '_> {
    let records = &imported.roster.members;
    let result = &imported.result;
    let rank = |level: u8| if level == NO_LEVEL { u8::MAX } else { level };
    let level = move |i: usize| rank(result.members.verdict(i).level().map(|l| l as u8).unwrap_or(NO_LEVEL));
    (sort != SortKey::Row).then_some(move |a: &usize, b: &usize| match sort {
        SortKey::Row => Ordering::Equal,
        SortKey::Id => records.id(*a).cmp(records.id(*b)),
        SortKey::Name => records.record(*a).name.cmp(records.record(*b).name),
        SortKey::Org => records.record(*a).org.cmp(&records.record(*b).org),
        SortKey::Score => result.members.verdict(*a).score.known().cmp(&result.members.verdict(*b).score.known()),
        SortKey::Level => level(*a).cmp(&level(*b)),
        SortKey::Proposed => rank(result.proposed[*a]).cmp(&rank(result.proposed[*b])),
    })
}

/// The members the table shows under `view`, in its order, worked out at once.
pub(super) fn visible_at_once(rules: &RuleSet, imported: &Imported, view: &TableView) -> Vec<usize> {
    let members = imported.roster.members.len();
    let mut needle = FoldedNeedle::new(&view.filter);
    // Unfiltered, every member in one allocation of the right size (a filter gives no size: the vector grew by
    // doubling).
    let mut visible: Vec<usize> = if filters(view) {
        let mut keep = keeps(rules, imported, view, &mut needle);
        (0..members).filter(|&i| keep(i)).collect()
    } else {
        (0..members).collect()
    };
    if let Some(order) = order(imported, view.sort) {
        visible.sort_by(order);
    }
    if view.descending {
        visible.reverse();
    }
    visible
}

/// The members the table shows worked out in steps: filtered, then sorted in blocks, then the blocks merged (a
/// stable merge sort); each step stops when its time is up and goes on where it stopped.
pub struct ViewJob {
    /// The reducer's `view_generation` this job works for.
    pub generation: u64,
    rules: Rc<RuleSet>,
    imported: Rc<Imported>,
    view: TableView,
    needle: FoldedNeedle,
    /// The members filtered, in their order: the table shown when the view only narrows it (see [`narrows`]), else
    /// (`None`) every member in the roster's order.
    from: Option<(TableView, Rc<Vec<usize>>)>,
    /// The next member (of `from`) to filter.
    next: usize,
    kept: Vec<usize>,
    /// Once filtered: the sort.
    sorting: Option<StepSort>,
    block: usize,
}

impl UnitState {
    /// The job that works out the table the reducer marked busy, if it is.
    pub fn view_job(&self) -> Option<ViewJob> {
        if !self.view_busy {
            return None;
        }
        let imported = self.imported.clone()?;
        // The table shown, when it is of this run and the view only narrows it.
        let from = self
            .visible_view
            .as_ref()
            .filter(|(shown, of)| std::ptr::eq(of.as_ptr(), Rc::as_ptr(&imported)) && narrows(shown, &self.view))
            .map(|(shown, _)| (shown.clone(), self.visible.clone()));
        Some(ViewJob {
            generation: self.view_generation,
            rules: self.rules.clone(),
            needle: FoldedNeedle::new(&self.view.filter),
            from,
            view: self.view.clone(),
            next: 0,
            kept: Vec::new(),
            sorting: None,
            block: BLOCK,
            imported,
        })
    }
}

impl ViewJob {
    /// The same job with blocks of `block` members (tests: many merges on a small roster).
    #[cfg(test)]
    pub(super) fn with_block(mut self, block: usize) -> ViewJob {
        self.block = block.max(1);
        self
    }

    /// Work until `budget` milliseconds have passed by `clock` (`None`: more to do) or to the end (the members
    /// shown, in order).
    pub fn step_for(&mut self, budget: f64, clock: impl Fn() -> f64) -> Option<Vec<usize>> {
        let start = clock();
        let imported = self.imported.clone();
        let from = self.from.clone();
        let members = from.as_ref().map_or(imported.roster.members.len(), |(_, shown)| shown.len());
        let rules = self.rules.clone();
        // Filter.
        if self.next < members {
            if filters(&self.view) {
                let mut keep = keeps(&rules, &imported, &self.view, &mut self.needle);
                while self.next < members {
                    let end = (self.next + LOOK).min(members);
                    match &from {
                        Some((_, shown)) => {
                            self.kept.extend(shown[self.next..end].iter().copied().filter(|&i| keep(i)))
                        }
                        None => self.kept.extend((self.next..end).filter(|&i| keep(i))),
                    }
                    self.next = end;
                    if self.next < members && clock() - start >= budget {
                        return None;
                    }
                }
            } else {
                // Every member, in steps too: at 5,500,000 members, collected at once they were a task of 53 ms.
                if self.next == 0 {
                    self.kept.reserve_exact(members);
                }
                while self.next < members {
                    let end = (self.next + LOOK * 16).min(members);
                    self.kept.extend(self.next..end);
                    self.next = end;
                    if self.next < members && clock() - start >= budget {
                        return None;
                    }
                }
            }
            // The table shown narrowed: in its order, ascending.
            if let Some((shown, _)) = &from
                && shown.descending
            {
                self.kept.reverse();
            }
        }
        // Narrowed from a table in the view's order: in that order already.
        if from.as_ref().is_some_and(|(shown, _)| shown.sort == self.view.sort) {
            let kept = std::mem::take(&mut self.kept);
            return Some(self.finish(kept));
        }
        let Some(order) = order(&imported, self.view.sort) else {
            let kept = std::mem::take(&mut self.kept);
            return Some(self.finish(kept));
        };
        let block = self.block;
        let sorting = self.sorting.get_or_insert_with(|| StepSort::of(std::mem::take(&mut self.kept), block));
        // Sort in blocks, then merge them.
        loop {
            if sorting.step(LOOK, |a, b| order(&a, &b)) {
                let sorting = self.sorting.take().expect("sorting");
                return Some(self.finish(sorting.into_items()));
            }
            if clock() - start >= budget {
                return None;
            }
        }
    }

    fn finish(&self, mut visible: Vec<usize>) -> Vec<usize> {
        if self.view.descending {
            visible.reverse();
        }
        visible
    }
}

/// Work out the table the reducer marked busy in slices of [`SLICE_MS`] with a repaint between them, and give it
/// to the reducer once done; a newer sort or filter (another `view_generation`) stops it.
#[hook]
pub fn use_view_job(state: &UnitHandle) {
    let state = state.clone();
    use_effect_with((state.view_generation, state.view_busy), move |_| {
        let live = Rc::new(Cell::new(true));
        if let Some(mut job) = state.view_job() {
            let dispatcher = state.dispatcher();
            let live = live.clone();
            yew::platform::spawn_local(async move {
                loop {
                    yew::platform::time::sleep(Duration::from_millis(0)).await;
                    if !live.get() {
                        return;
                    }
                    let began = super::import_worker::step_now();
                    let done = job.step_for(SLICE_MS, js_sys::Date::now);
                    super::import_worker::step_measure("xeploai: the table's order", began);
                    if let Some(visible) = done {
                        dispatcher
                            .dispatch(UnitAction::Visible { generation: job.generation, visible: Rc::new(visible) });
                        return;
                    }
                }
            });
        }
        move || live.set(false)
    });
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::pages::unit::derived::bytes_file;
    use crate::pages::unit::state::{UnitSaved, csv_file};
    use xeploai::Lang;
    use xeploai::input::TableKind;

    /// A state with `members` generated members (seed 1) imported.
    pub(in crate::pages::unit) fn generated(members: usize) -> UnitState {
        let rules = Rc::new(xeploai::builtin::load_default());
        let shape = xeploai::generate::Shape::new(members, 1);
        let mut generator = xeploai::generate::Generator::new(&rules, shape);
        let mut orgs = xeploai::generate::CsvWriter::new(&rules, TableKind::Organizations, Vec::new()).unwrap();
        generator.orgs(|record, row| orgs.write(record, row).unwrap());
        let mut people = xeploai::generate::CsvWriter::new(&rules, TableKind::Members, Vec::new()).unwrap();
        generator.members(|record, row| people.write(record, row).unwrap());
        let (orgs, people) = (orgs.finish().unwrap(), people.finish().unwrap());
        let state = UnitState::new(rules.clone(), Lang::Vi, UnitSaved::default())
            .apply(UnitAction::FileLoaded(bytes_file("orgs.csv".into(), TableKind::Organizations, orgs)))
            .apply(UnitAction::FileLoaded(bytes_file("members.csv".into(), TableKind::Members, people)));
        let imported = state.job().expect("an import is due").run();
        state.apply(UnitAction::Imported { generation: state.generation, imported: Rc::new(imported) })
    }

    /// Run a job to its end, a tick of the clock a look; the slices it took.
    fn run(mut job: ViewJob, budget: f64) -> (Vec<usize>, usize) {
        let ticks = Cell::new(0.0);
        let clock = || {
            ticks.set(ticks.get() + 1.0);
            ticks.get()
        };
        let mut slices = 1;
        loop {
            match job.step_for(budget, clock) {
                Some(visible) => return (visible, slices),
                None => slices += 1,
            }
        }
    }

    fn views() -> Vec<TableView> {
        let keys =
            [SortKey::Row, SortKey::Id, SortKey::Name, SortKey::Org, SortKey::Score, SortKey::Level, SortKey::Proposed];
        let mut views = Vec::new();
        for sort in keys {
            for descending in [false, true] {
                for (filter, level) in [("", ""), ("nguyen", ""), ("", "htt"), ("  ", "kht"), ("th", "not_classified")]
                {
                    views.push(TableView {
                        sort,
                        descending,
                        filter: filter.into(),
                        level: level.into(),
                        org: String::new(),
                    });
                }
            }
        }
        views
    }

    /// Worked out in steps (blocks of any size, slices of any length), the table is the one worked out at once.
    #[test]
    fn a_view_in_steps_is_the_view_at_once() {
        let text =
            std::fs::read_to_string(format!("{}/../examples/dang-bo-mau/members.csv", env!("CARGO_MANIFEST_DIR")));
        let state = UnitState::new(Rc::new(xeploai::builtin::load_default()), Lang::Vi, UnitSaved::default())
            .apply(UnitAction::FileLoaded(csv_file("members.csv", TableKind::Members, &text.unwrap())));
        let imported = state.job().unwrap().run();
        let mut state = state.apply(UnitAction::Imported { generation: state.generation, imported: Rc::new(imported) });
        let imported = state.imported.clone().unwrap();
        for view in views() {
            let once = visible_at_once(&state.rules, &imported, &view);
            state.view = view.clone();
            state.view_busy = true;
            for block in [1, 2, 3, 5, 64] {
                for budget in [0.0, 3.0, 1e9] {
                    let (steps, _) = run(state.view_job().unwrap().with_block(block), budget);
                    assert_eq!(steps, once, "{view:?}, blocks of {block}, {budget} ticks a slice");
                }
            }
        }
    }

    /// Unfiltered, every member is collected in steps too (at 5,500,000 members, at once they were a task of 53 ms),
    /// and the table is the one worked out at once.
    #[test]
    fn every_member_unfiltered_is_collected_in_steps() {
        let mut state = generated(AT_ONCE + 500);
        let imported = state.imported.clone().unwrap();
        for descending in [false, true] {
            state.view = TableView { sort: SortKey::Score, descending, ..TableView::default() };
            state.view_busy = true;
            let mut job = state.view_job().unwrap();
            let mut collected = Vec::new();
            let visible = loop {
                if let Some(visible) = job.step_for(0.0, || 1.0) {
                    break visible;
                }
                collected.push(job.next);
            };
            let members = AT_ONCE + 500;
            let chunk = LOOK * 16;
            assert_eq!(collected[..2], [chunk, 2 * chunk], "a slice a chunk");
            assert!(collected.iter().filter(|&&next| next < members).count() == members / chunk);
            assert_eq!(visible, visible_at_once(&state.rules, &imported, &state.view), "descending {descending}");
        }
    }

    /// A filter typed a key at a time filters the table shown (in its order, no sort again) when the new view only
    /// narrows it, and every member when it does not (a key deleted, another level or organization, another sort
    /// on a filtered table); either way the table is the one worked out at once over every member.
    #[test]
    fn a_narrower_filter_filters_the_table_shown_and_gives_the_same_table() {
        let mut state = generated(AT_ONCE + 500);
        let imported = state.imported.clone().unwrap();
        let org = imported.roster.members.record(AT_ONCE).org.unwrap_or_default().to_string();
        // (action, whether the job filters the table shown, whether it finishes the job or a newer action comes).
        let steps: Vec<(UnitAction, bool, bool)> = vec![
            (UnitAction::Sort(SortKey::Id), false, true),
            (UnitAction::Filter("N".into()), true, true),
            (UnitAction::Filter("Ng".into()), true, false),
            (UnitAction::Filter("Ngu".into()), true, true),
            (UnitAction::Filter("Nguyễn".into()), true, true),
            (UnitAction::Filter("Nguyễn V".into()), true, true),
            (UnitAction::Filter("Nguyễn".into()), false, true),
            (UnitAction::FilterLevel("htt".into()), true, true),
            (UnitAction::Sort(SortKey::Id), false, true),
            (UnitAction::Filter("Nguyễn Thị".into()), true, true),
            (UnitAction::FilterLevel("kht".into()), false, true),
            (UnitAction::FilterLevel(String::new()), false, true),
            (UnitAction::Sort(SortKey::Score), false, true),
            (UnitAction::FilterOrg(org), true, true),
            (UnitAction::Filter(String::new()), false, true),
            (UnitAction::Sort(SortKey::Row), false, true),
            (UnitAction::FilterOrg(String::new()), false, true),
            (UnitAction::Filter("  ĐỨC ".into()), true, true),
            (UnitAction::Sort(SortKey::Name), true, true),
            (UnitAction::Sort(SortKey::Name), false, true),
            (UnitAction::Filter("đức a".into()), true, true),
        ];
        for (action, narrowed, finished) in steps {
            let what = format!("{action:?}");
            state = state.apply(action);
            let once = visible_at_once(&state.rules, &imported, &state.view);
            let Some(job) = state.view_job() else {
                assert_eq!(*state.visible, once, "{what}: at once");
                continue;
            };
            assert_eq!(job.from.is_some(), narrowed, "{what}: narrowed from the table shown");
            let (visible, _) = run(job, 3.0);
            assert_eq!(visible, once, "{what}");
            if finished {
                state =
                    state.apply(UnitAction::Visible { generation: state.view_generation, visible: Rc::new(visible) });
                assert!(!state.view_busy && *state.visible == once, "{what}");
            }
        }
    }

    /// Past [`AT_ONCE`] members a sort or a filter marks the table busy (the one before shown) until the page's job
    /// gives it; a newer one makes an older job's table stale; the same key again reverses the table at once.
    #[test]
    fn a_large_table_is_worked_out_in_steps_and_the_newest_view_wins() {
        let state = generated(AT_ONCE + 500);
        let imported = state.imported.clone().unwrap();
        assert!(!state.view_busy && state.visible.len() == AT_ONCE + 500, "the roster's order at once");
        let sorted = state.apply(UnitAction::Sort(SortKey::Score));
        assert!(sorted.view_busy && Rc::ptr_eq(&sorted.visible, &state.visible), "busy, the table before shown");
        assert_eq!(sorted.sorted, (SortKey::Row, false), "the headers say the order of the rows shown");
        let job = sorted.view_job().expect("a job");
        let (visible, slices) = run(job, 1.0);
        assert!(slices > 1, "in more than one slice");
        assert_eq!(visible, visible_at_once(&sorted.rules, &imported, &sorted.view));
        // A filter typed meanwhile: the sort's table is stale, the filter's is taken.
        let filtered = sorted.apply(UnitAction::Filter("nguyen".into()));
        let stale = filtered
            .apply(UnitAction::Visible { generation: sorted.view_generation, visible: Rc::new(visible.clone()) });
        assert!(stale.view_busy && Rc::ptr_eq(&stale.visible, &state.visible), "an older view's table is not shown");
        let (visible, _) = run(filtered.view_job().unwrap(), 50.0);
        let done =
            filtered.apply(UnitAction::Visible { generation: filtered.view_generation, visible: Rc::new(visible) });
        assert!(!done.view_busy && done.view_job().is_none());
        assert_eq!(done.sorted, (SortKey::Score, false));
        assert_eq!(*done.visible, visible_at_once(&done.rules, &imported, &done.view));
        assert!(done.visible.len() < AT_ONCE && !done.visible.is_empty());
        // The same key again: the other way round, at once.
        let down = done.apply(UnitAction::Sort(SortKey::Score));
        assert!(!down.view_busy && down.view.descending && down.sorted == (SortKey::Score, true));
        assert_eq!(*down.visible, visible_at_once(&down.rules, &imported, &down.view));
        // A decision that changes no proposed level the table is sorted or filtered on leaves the table as it is.
        let member = down.visible[0];
        let decided = down.apply(UnitAction::Decide(super::super::decisions::DecideAction::SetDeclared {
            member,
            stage: xeploai::decision::Stage::Decision,
            level: 3,
        }));
        assert!(!decided.view_busy && Rc::ptr_eq(&decided.visible, &down.visible));
        let by_level = decided.apply(UnitAction::FilterLevel("kht".into()));
        assert!(by_level.view_busy);
        let (visible, _) = run(by_level.view_job().unwrap(), 50.0);
        let imported = by_level.imported.clone().unwrap();
        assert_eq!(visible, visible_at_once(&by_level.rules, &imported, &by_level.view));
    }
}
