// The unit page's Web Worker: reads a roster's CSV files and computes the whole unit (classification, quota,
// roll-up, distributions) with its own WebAssembly module (xeploai_unit_worker, www/src/unit_worker.rs), so the
// page never blocks while a large roster is imported. Started by the page for each import and terminated to cancel.
//
// In: { rules: the rule set packed, members: { name, file: the File (or a Blob), pick }, orgs: the same or null,
// overrides: JSON text }. Each file is read in slices (FileReaderSync, a few MB at a time, as the reader asks for
// them), never whole.
// Out: { type: 'progress', done, total } at most every 50 ms, then { type: 'done', bytes, memory, timings } (the
// run, transferred; the worker's WebAssembly memory; milliseconds reading the rows, of them in FileReaderSync,
// computing, writing the bytes, for scripts/browser-scale.mjs)
// or { type: 'error', message }.
import init, { unit_run } from './xeploai_unit_worker.js';

const ready = init();
// The worker's WebAssembly memory (it only grows: its peak), sent with the run for scripts/browser-scale.mjs.
let memory = () => 0;
ready.then((exports) => { memory = () => exports.memory.buffer.byteLength; });

onmessage = async ({ data }) => {
  try {
    await ready;
    const { rules, members, orgs, overrides } = data;
    let last = -Infinity;
    const start = performance.now();
    const times = { read: start, files: 0, computed: null };
    const progress = (done, total) => {
      const now = performance.now();
      if (done === total) times.read = now;
      // Every row read (the computation under way) is always said; the rest at most every 50 ms.
      if (now - last < 50 && done < total) return;
      last = now;
      postMessage({ type: 'progress', done, total });
    };
    const reader = new FileReaderSync();
    const slices = (file) => (from, to) => {
      const before = performance.now();
      const bytes = new Uint8Array(reader.readAsArrayBuffer(file.slice(from, to)));
      times.files += performance.now() - before;
      return bytes;
    };
    const none = () => new Uint8Array(0);
    const bytes = unit_run(
      rules,
      members.name,
      members.file.size,
      slices(members.file),
      members.pick ?? -1,
      orgs ? orgs.name : '',
      orgs ? orgs.file.size : 0,
      orgs ? slices(orgs.file) : none,
      orgs?.pick ?? -1,
      overrides,
      progress,
      () => { times.computed = performance.now(); },
    );
    const end = performance.now();
    const timings = {
      read: times.read - start,
      files: times.files,
      compute: (times.computed ?? end) - times.read,
      encode: times.computed === null ? 0 : end - times.computed,
    };
    postMessage({ type: 'done', bytes, memory: memory(), timings }, [bytes.buffer]);
  } catch (error) {
    postMessage({ type: 'error', message: `${error?.name || 'Error'}: ${error?.message || error}` });
  }
};
