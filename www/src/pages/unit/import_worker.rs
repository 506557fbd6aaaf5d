//! The import in the page's Web Worker ([`crate::unit_worker`], `www/unit-worker.js`): the page hands it the CSV
//! files as chosen (each `File`, which the worker reads in slices; the page never holds more than a file's first
//! bytes), hears its progress, and reads the run it sends back (`xeploai::wire`, read from the array it sent a
//! slice at a time, a frame between steps), so no task of an import blocks the page for long. Cancelling (or a
//! newer import) drops the [`ImportWorker`], which terminates the worker.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use xeploai::pipeline::Progress;

use super::state::{UnitAction, WorkerJob};

#[wasm_bindgen(module = "/src/unit_worker_client.js")]
extern "C" {
    fn start_unit_worker(
        message: &JsValue,
        transfer: &js_sys::Array,
        on_progress: &js_sys::Function,
        on_done: &js_sys::Function,
        on_error: &js_sys::Function,
    ) -> web_sys::Worker;
    /// `performance.now()`.
    pub(super) fn step_now() -> f64;
    /// `performance.measure(name, { start })`: a step of the page, named for the scale test's long-task report.
    pub(super) fn step_measure(name: &str, start: f64);
}

/// How long the page reads the run back before it yields to the browser: well under the 50 ms of a long task.
const READ_MS: f64 = 8.0;
/// A step of the decoder this long (it does about 256 KB of work) is named in a user timing of its own, with the
/// byte it read last, so the scale test's list of long tasks says which part of the run it was (issue 14: a task
/// of 57–83 ms reading the national roster back).
const LONG_STEP_MS: f64 = 16.0;

/// A running worker; dropping it terminates it.
pub struct ImportWorker {
    worker: web_sys::Worker,
    _callbacks: [Closure<dyn FnMut(JsValue, JsValue)>; 3],
}

impl Drop for ImportWorker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// Yield to the browser (a repaint, input) between two slices.
async fn next_frame() {
    yew::platform::time::sleep(Duration::from_millis(0)).await;
}

/// The run's bytes where the worker's message left them, in a JavaScript array: the decoder copies them from it
/// straight into the arrays it builds, a slice at a time, so the page's WebAssembly memory never holds them.
struct JsBytes(js_sys::Uint8Array, usize, Rc<Cell<usize>>);

impl xeploai::wire::Source for JsBytes {
    fn size(&self) -> usize {
        self.1
    }
    fn read(&mut self, at: usize, out: &mut [u8]) -> usize {
        let count = out.len().min(self.size().saturating_sub(at));
        if count > 0 {
            self.0.subarray(at as u32, (at + count) as u32).copy_to(&mut out[..count]);
            self.2.set(at + count);
        }
        count
    }
}

/// The run read back a part at a time (`xeploai::wire::Decoder`), a frame between parts; `None` when a newer
/// import (or a cancel) came meanwhile.
async fn read_run(
    bytes: js_sys::Uint8Array,
    current: &Cell<u64>,
    generation: u64,
) -> Result<Option<xeploai::pipeline::UnitRun>, xeploai::wire::WireError> {
    let mut began = step_now();
    let size = bytes.length() as usize;
    let read = Rc::new(Cell::new(0));
    let mut decoder = xeploai::wire::Decoder::from_source(JsBytes(bytes, size, read.clone()))?;
    // This stretch's steps and the time in them; the time opening the run (in the first stretch only).
    let (mut steps, mut in_steps, mut opened) = (0, 0.0, step_now() - began);
    loop {
        let step = step_now();
        let done = decoder.step()?;
        let took = step_now() - step;
        (steps, in_steps) = (steps + 1, in_steps + took);
        if took >= LONG_STEP_MS {
            step_measure(&format!("xeploai: a long step reading the run back, to byte {} of {size}", read.get()), step);
        }
        if done.is_none() && step_now() - began < READ_MS {
            continue;
        }
        // A stretch is at most its budget and one step (under 24 ms); a longer one is named with where its time
        // went (the decoder's steps, or opening the run), for the scale test's list of long tasks (issue 14: a
        // stretch of 52 ms at 5,500,000 members, once in four imports, whose steps were each under 16 ms).
        if step_now() - began >= 2.0 * LONG_STEP_MS {
            let name = format!(
                "xeploai: a long stretch reading the run back: {steps} steps, {in_steps:.1} ms in them, {opened:.1} ms \
                 opening the run, to byte {} of {size}",
                read.get()
            );
            step_measure(&name, began);
        }
        step_measure("xeploai: read the run back", began);
        if let Some(run) = done {
            return Ok(Some(run));
        }
        (steps, in_steps, opened) = (0, 0.0, 0.0);
        next_frame().await;
        if current.get() != generation {
            return Ok(None);
        }
        began = step_now();
    }
}

/// Items a step of the import's summary works out (`summary.rs`): an organization, a member, a scope sorted;
/// well under a millisecond, the page's clock deciding when to yield ([`READ_MS`]).
const SUMMARY_STEP: usize = 4096;

/// The summary of the run read back (`summary.rs`: the organizations by id, the members referred, the quota
/// table's order, the members in roster order), worked out in steps with a frame between them, so the import's
/// bookkeeping does not do it in one task; `None` when a newer import (or a cancel) came meanwhile.
async fn summarize(
    rules: Rc<xeploai::RuleSet>,
    run: Rc<xeploai::pipeline::UnitRun>,
    current: &Cell<u64>,
    generation: u64,
    saved_ids: std::collections::BTreeSet<String>,
) -> Option<super::summary::SummedImport> {
    let mut job = super::summary::SummaryJob::new(rules, run, true).looking_for(saved_ids);
    let mut began = step_now();
    loop {
        if let Some(summed) = job.step(SUMMARY_STEP) {
            step_measure("xeploai: summarize the import", began);
            return Some(super::summary::SummedImport::new(summed));
        }
        if step_now() - began < READ_MS {
            continue;
        }
        step_measure("xeploai: summarize the import", began);
        next_frame().await;
        if current.get() != generation {
            return None;
        }
        began = step_now();
    }
}

/// The file as the worker reads it: the `File` chosen, or (natively made, or a file read whole) a `Blob` of its bytes.
fn blob(kept: &super::persist::KeptFile) -> JsValue {
    use super::persist::{CsvSource, FileBlob, Source};
    match &kept.source {
        Source::Csv(CsvSource { blob: FileBlob(Some(blob)), .. }) => blob.clone().into(),
        Source::Csv(CsvSource { head, .. }) => {
            let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(head.as_slice()));
            web_sys::Blob::new_with_u8_array_sequence(&parts).map(JsValue::from).unwrap_or(JsValue::NULL)
        }
        Source::Sheet { .. } => JsValue::NULL,
    }
}

fn file_message(kept: &super::persist::KeptFile, pick: Option<usize>) -> JsValue {
    let file = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&file, &"name".into(), &kept.name.as_str().into());
    let _ = js_sys::Reflect::set(&file, &"file".into(), &blob(kept));
    let pick = pick.map_or(JsValue::from_f64(-1.0), |p| JsValue::from_f64(p as f64));
    let _ = js_sys::Reflect::set(&file, &"pick".into(), &pick);
    file.into()
}

/// Run `job` in a new worker for import `generation`; `current` says the generation still wanted (a newer import
/// or a cancel stops this one), `slot` holds the worker while it runs. When the worker cannot run (no module
/// workers, a crash), `fallback` imports on the page.
pub fn start(
    job: WorkerJob,
    generation: u64,
    current: Rc<Cell<u64>>,
    slot: Rc<RefCell<Option<ImportWorker>>>,
    dispatcher: yew::UseReducerDispatcher<super::state::UnitState>,
    fallback: impl FnOnce() + 'static,
) {
    yew::platform::spawn_local(async move {
        if current.get() != generation {
            return;
        }
        let message = js_sys::Object::new();
        let rules = js_sys::Uint8Array::from(xeploai::pack::encode(&job.rules).as_slice());
        let _ = js_sys::Reflect::set(&message, &"rules".into(), &rules);
        let _ = js_sys::Reflect::set(&message, &"members".into(), &file_message(&job.members.0, job.members.1));
        let orgs_message = match &job.orgs {
            Some((kept, pick)) => file_message(kept, *pick),
            None => JsValue::NULL,
        };
        let _ = js_sys::Reflect::set(&message, &"orgs".into(), &orgs_message);
        let overrides = serde_json::to_string(&job.overrides).unwrap_or_else(|_| "{}".into());
        let _ = js_sys::Reflect::set(&message, &"overrides".into(), &overrides.into());
        // The files are posted (a `File` is cloned as a handle, its bytes stay where they are); only the rule set's
        // bytes are moved.
        let transfer = js_sys::Array::of1(&rules.buffer());

        let on_progress = {
            let dispatcher = dispatcher.clone();
            let current = current.clone();
            Closure::<dyn FnMut(JsValue, JsValue)>::new(move |done: JsValue, total: JsValue| {
                if current.get() == generation {
                    let progress = Progress {
                        done: done.as_f64().unwrap_or(0.0) as usize,
                        total: total.as_f64().unwrap_or(0.0) as usize,
                    };
                    dispatcher.dispatch(UnitAction::Progress { generation, progress });
                }
            })
        };
        let on_done = {
            let rules = job.rules.clone();
            let saved_ids = job.saved_ids.clone();
            let dispatcher = dispatcher.clone();
            let current = current.clone();
            let slot = slot.clone();
            Closure::<dyn FnMut(JsValue, JsValue)>::new(move |bytes: JsValue, _: JsValue| {
                let rules = rules.clone();
                let saved_ids = saved_ids.clone();
                let dispatcher = dispatcher.clone();
                let current = current.clone();
                let slot = slot.clone();
                yew::platform::spawn_local(async move {
                    let Ok(array) = bytes.dyn_into::<js_sys::Uint8Array>() else { return };
                    // A frame before the reading and one after it: its steps are tasks of their own, not the tail of
                    // the worker's message or the head of the import's bookkeeping and render.
                    next_frame().await;
                    if current.get() != generation {
                        return;
                    }
                    // The array is dropped with the decoder, before the import's bookkeeping.
                    let read = read_run(array, &current, generation).await;
                    next_frame().await;
                    match read {
                        Ok(Some(run)) => {
                            let run = Rc::new(run);
                            let Some(summary) = summarize(rules, run.clone(), &current, generation, saved_ids).await
                            else {
                                return;
                            };
                            next_frame().await;
                            let began = step_now();
                            let summary = Rc::new(summary);
                            dispatcher.dispatch(UnitAction::ImportedWith { generation, imported: run, summary });
                            step_measure("xeploai: the import's bookkeeping", began);
                        }
                        Ok(None) => {}
                        Err(error) => dispatcher.dispatch(UnitAction::Message(Some(xeploai::Text::new(
                            format!("Không đọc được kết quả tính: {error}"),
                            format!("The computed result could not be read: {error}"),
                        )))),
                    }
                    slot.borrow_mut().take();
                });
            })
        };
        let fallback = Rc::new(RefCell::new(Some(fallback)));
        let on_error = {
            let current = current.clone();
            let slot = slot.clone();
            Closure::<dyn FnMut(JsValue, JsValue)>::new(move |message: JsValue, _: JsValue| {
                web_sys::console::warn_2(&"xeploai: the import worker failed; importing on the page".into(), &message);
                let slot = slot.clone();
                // Not inside the worker's own callback: dropping the worker there would free this closure.
                let fallback = fallback.borrow_mut().take();
                let current = current.clone();
                yew::platform::spawn_local(async move {
                    slot.borrow_mut().take();
                    if current.get() == generation
                        && let Some(fallback) = fallback
                    {
                        fallback();
                    }
                });
            })
        };
        let worker = start_unit_worker(
            &message.into(),
            &transfer,
            on_progress.as_ref().unchecked_ref(),
            on_done.as_ref().unchecked_ref(),
            on_error.as_ref().unchecked_ref(),
        );
        *slot.borrow_mut() = Some(ImportWorker { worker, _callbacks: [on_progress, on_done, on_error] });
    });
}
