// The unit page's side of its Web Worker (www/unit-worker.js, pages/unit/import_worker.rs): start one for an
// import, hear its progress and its result, stop it (cancel, or a newer import) by terminating it.
// A module file, not inline JS: the page builds share one snippets folder (see web.rs). This file lands in
// snippets/<crate>/src/, three folders below the app's files.

// `window.xeploaiWorker` keeps, for scripts/browser-scale.mjs, when the last worker started and sent its run, and the
// largest WebAssembly memory a worker reached.
export function start_unit_worker(message, transfer, on_progress, on_done, on_error) {
  const seen = (window.xeploaiWorker ??= { started: 0, done: 0, memory: 0 });
  seen.started = performance.now();
  const worker = new Worker(new URL('../../../unit-worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = ({ data }) => {
    if (data.type === 'progress') {
      on_progress(data.done, data.total);
    } else if (data.type === 'done') {
      seen.done = performance.now();
      seen.memory = Math.max(seen.memory, data.memory || 0);
      // Terminated in a task of its own (tearing down a worker whose memory holds a large run takes a while), not
      // in this one's, before the page reads the run back.
      // Its own user timing, so the scale test's list of long tasks names it.
      setTimeout(() => {
        const start = performance.now();
        worker.terminate();
        step_measure('xeploai: the worker ended', start);
      }, 0);
      on_done(data.bytes);
    } else {
      worker.terminate();
      on_error(String(data.message));
    }
  };
  worker.onerror = (event) => {
    event.preventDefault();
    worker.terminate();
    on_error(event.message || 'the worker stopped');
  };
  worker.postMessage(message, transfer);
  return worker;
}

// The page's steps as user timings (performance.measure), so tests/e2e/scale.test.mjs names what a long task was:
// copying the run in, reading it back, the import's bookkeeping, a render.
export function step_now() {
  return performance.now();
}

export function step_measure(name, start) {
  performance.measure(name, { start, end: performance.now() });
}
