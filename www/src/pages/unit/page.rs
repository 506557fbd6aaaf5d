use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use xeploai::Lang;
use yew::prelude::*;

use super::column_mapping::ColumnMapping;
use super::decisions_panel::{BasisNote, DecisionsPanel};
use super::detail_panel::DetailPanel;
use super::distribution_view::DistributionView;
use super::import_problems::ImportProblems;
use super::orgs_table::OrgsTable;
use super::print_report::PrintReport;
use super::quota_table::QuotaTable;
use super::referred_list::ReferredList;
use super::results_table::ResultsTable;
use super::roster_import::RosterImport;
use super::targets_panel::TargetsPanel;
use super::unit_actions::UnitActions;
use crate::i18n::{U, count, u};
use crate::pages::unit::state::{UnitAction, UnitSaved, UnitState};

/// Rows read between two looks at the clock: a few milliseconds of work.
const STEP_ROWS: usize = 250;
/// How long a slice of an import may run before the page repaints: well under the 50 ms of a long task, leaving
/// room for the repaint itself.
const SLICE_MS: f64 = 25.0;
use crate::shared::SharedRules;
/// The steps in which the results' sections come after an import (see `UnitPage`).
const RESULT_STAGES: usize = 4;

#[derive(Properties, PartialEq)]
pub struct UnitPageProps {
    pub rules: SharedRules,
    pub lang: Lang,
    /// Remember the column mapping and typed figures on this device (off in component tests).
    #[prop_or(true)]
    pub persist: bool,
    /// The review year chosen in the header.
    #[prop_or_default]
    pub review_year: Option<i32>,
}

/// Import on the page, in slices of SLICE_MS with a repaint between them, until done or `current` moves on.
fn import_on_page(
    mut job: super::state::ImportJob,
    generation: u64,
    current: Rc<Cell<u64>>,
    dispatcher: yew::UseReducerDispatcher<UnitState>,
) {
    yew::platform::spawn_local(async move {
        loop {
            if current.get() != generation {
                return;
            }
            match job.step_for(STEP_ROWS, SLICE_MS, js_sys::Date::now) {
                Ok(progress) => {
                    dispatcher.dispatch(UnitAction::Progress { generation, progress });
                    yew::platform::time::sleep(Duration::from_millis(0)).await;
                }
                Err(imported) => {
                    dispatcher.dispatch(UnitAction::Imported { generation, imported: Rc::new(*imported) });
                    return;
                }
            }
        }
    });
}

/// Unit mode: import a roster, classify everyone, the quota per scope, the organizations, the distribution, the
/// targets, export.
#[component]
pub fn UnitPage(props: &UnitPageProps) -> Html {
    let state = {
        let rules = props.rules.0.clone();
        let lang = props.lang;
        let persist = props.persist;
        use_reducer_eq(move || {
            UnitState::new(rules, lang, if persist { crate::web::load_unit_saved() } else { UnitSaved::default() })
        })
    };
    // keep: the files loaded are kept on this device and opened again after a reload (`persist.rs`).
    super::persist::use_kept(&state, props.persist);
    {
        let state = state.clone();
        use_effect_with(props.lang, move |lang| state.dispatch(UnitAction::SetLang(*lang)));
    }
    {
        let state = state.clone();
        use_effect_with(props.rules.clone(), move |rules| state.dispatch(UnitAction::SetRules(rules.clone())));
    }
    {
        let state = state.clone();
        use_effect_with(props.review_year, move |year| state.dispatch(UnitAction::SetReviewYear(*year)));
    }
    {
        // The settings are saved on each change; a write that fails is said (they stay on the page).
        let persist = props.persist;
        let dispatcher = state.dispatcher();
        use_effect_with(state.saved.clone(), move |saved| {
            if persist && let Err(failed) = crate::web::save_unit(saved) {
                dispatcher.dispatch(UnitAction::Message(Some(failed.message_settings())));
            }
        });
    }
    {
        // Another tab saved the settings: follow them, so this tab's next save keeps that tab's changes.
        let persist = props.persist;
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let listener = persist.then(|| {
                crate::web::on_storage_change(crate::pages::unit::state::UNIT_STORAGE_KEY, move |text| {
                    let saved = crate::pages::unit::state::unit_saved_from(text.as_deref());
                    dispatcher.dispatch(UnitAction::SettingsChangedElsewhere(saved));
                })
            });
            move || drop(listener)
        });
    }
    // The import runs in the page's Web Worker when its files are CSV (`import_worker.rs`), else on the page in
    // slices of SLICE_MS, yielding to the browser between slices so the page stays responsive (no task over 50 ms
    // while rows are read) and the progress bar moves. A newer import (or a cancel) makes an older one stop: its
    // worker is terminated.
    let current = use_mut_ref(|| Rc::new(Cell::new(0u64)));
    let worker = use_mut_ref(|| Rc::new(RefCell::new(None::<super::import_worker::ImportWorker>)));
    {
        let state = state.clone();
        let current = current.borrow().clone();
        let worker = worker.borrow().clone();
        use_effect_with(state.generation, move |generation| {
            current.set(*generation);
            worker.borrow_mut().take();
            let generation = *generation;
            let on_page = {
                let state = state.clone();
                let current = current.clone();
                move || match state.job() {
                    Some(job) => import_on_page(job, generation, current, state.dispatcher()),
                    // Files held as previews are read whole first; reading them starts the import again.
                    None => super::persist::read_previews(&state),
                }
            };
            match state.worker_job() {
                Some(job) => {
                    super::import_worker::start(job, generation, current, worker.clone(), state.dispatcher(), on_page)
                }
                None => on_page(),
            }
            move || drop(worker.borrow_mut().take())
        });
    }
    // Sorting or filtering a large roster: the table worked out in steps between frames (`view_job.rs`).
    super::view_job::use_view_job(&state);
    // A decision or a basis on a large roster: counted in steps between frames (`recount_job.rs`).
    super::recount_job::use_recount_job(&state);
    {
        // Each render of the page, to its effects (its children rendered): a user timing the scale test names.
        let began = super::import_worker::step_now();
        use_effect(move || super::import_worker::step_measure("xeploai: render the page", began));
    }
    // The results' sections come a few at a time after an import, each in a task of its own (together the first
    // paint of a 5,500,000-member unit was one task of 150 ms): the distribution, then the quota and organizations
    // tables, then the members referred, then the results table (last: its heading says the import is shown).
    // Counted per import (`generation`), so an edit after it (a decision, a sort) redraws them all at once.
    let revealed = use_state(|| (0u64, 0usize));
    let stage = if revealed.0 == state.generation { revealed.1 } else { 0 };
    {
        let (revealed, generation, shown) = (revealed.clone(), state.generation, state.imported.is_some());
        use_effect_with((generation, stage, shown), move |&(generation, stage, shown)| {
            if shown && stage < RESULT_STAGES {
                yew::platform::spawn_local(async move {
                    yew::platform::time::sleep(Duration::from_millis(0)).await;
                    revealed.set((generation, stage + 1));
                });
            }
        });
    }
    let lang = state.lang;
    let oncancel = {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| {
            state.dispatch(UnitAction::Keep(super::persist::KeepAction::Remove(super::persist::Slot::Members)))
        })
    };
    // The print button asks; the print report lays the paper out and prints.
    let print_requested = use_state(|| false);
    html! {
        <main class="unit">
            <div class="unit-grid">
                <section class="unit-inputs">
                    <RosterImport state={state.clone()} />
                    <ColumnMapping state={state.clone()} />
                    if let Some(progress) = state.progress {
                        <div class="card progress" role="status" aria-live="polite" id="import-progress">
                            <label for="import-progress-bar">{ format!("{}: {} / {} {}", u(lang, U::Reading), count(progress.done, lang), count(progress.total, lang), u(lang, U::Rows)) }</label>
                            <progress id="import-progress-bar" max={progress.total.max(1).to_string()} value={progress.done.to_string()}></progress>
                            // Cancel at any time: the members file is put away (as its × does) and its import stops.
                            <button type="button" id="import-cancel" onclick={oncancel}>{ u(lang, U::Cancel) }</button>
                        </div>
                    }
                    <ImportProblems state={state.clone()} />
                    <TargetsPanel state={state.clone()} />
                </section>
                <section class="unit-outputs">
                    <BasisNote state={state.clone()} />
                    if state.imported.is_some() && stage >= 1 {
                        <DistributionView state={state.clone()} />
                    }
                    <DecisionsPanel state={state.clone()} />
                    if state.imported.is_some() && stage >= 2 {
                        <QuotaTable state={state.clone()} />
                        <OrgsTable state={state.clone()} />
                    }
                    if state.imported.is_some() && stage >= 3 {
                        <ReferredList state={state.clone()} />
                    }
                    if state.imported.is_some() && stage >= RESULT_STAGES {
                        <ResultsTable state={state.clone()} />
                        <DetailPanel state={state.clone()} />
                    }
                    <UnitActions state={state.clone()} print={print_requested.clone()} />
                </section>
            </div>
            <PrintReport state={state.clone()} requested={print_requested} />
        </main>
    }
}
