// The unit page at scale, in Chromium: for each generated roster size, import its organizations and members files
// into unit.html (built in dist/ by scripts/build-web.sh) and print the time from choosing the members file to the
// results, the longest task that blocked the page (a PerformanceObserver of 'longtask' entries) with the page's steps
// it overlaps (user timings, `xeploai: …`), the longest task while the run was read back, the longest step of each
// kind, and the peak JS heap and WebAssembly memory of the page and of its Web Worker (which reads and computes the
// roster). $XEPLOAI_SCALE_TASKS prints every long task with its steps. A benchmark that prints figures, not a test: it
// fails only when an import does not finish.
//
// Then, on the results shown, what a secretary does (issue 14, after the import): each action done through the UI
// (sort the members by score, then again descending, type a name into the filter one key at a time, clear it, pick a
// level, all levels again, open a member, set her level in the decisions, change the quota basis and back), printed
// per action as the time from the action (the last key) until the page shows its result, the longest task from the
// action to then (with the page's steps in it), and after all of them the page's WebAssembly memory.
// $XEPLOAI_SCALE_EDITS=0 skips this phase; $XEPLOAI_SCALE_PROFILE=1 profiles each action and prints what ran in its
// longest busy stretch (names of WebAssembly functions need a build that keeps them: scripts/build-web.sh with
// XEPLOAI_WASM_NAMES=1).
//
//   node scripts/browser-scale.mjs [members …]        (default: 100000 1000000 2000000 5500000)
//
// 5,500,000 is the national roster (about 52,000 base organizations under provinces and blocs, four levels).
// The rosters are made by `xeploai generate` (seed 1) into $XEPLOAI_SCALE_DIR (default /tmp/xeploai-scale), once;
// $XEPLOAI_BIN names the xeploai binary (default: `cargo run --quiet --bin xeploai --`); $XEPLOAI_DIST the built app
// (default: dist/), to measure another build. A roster is made only when
// the disk has room for three times its size (about 350 bytes a member), and one over 256 MB is deleted after its run
// (unless $XEPLOAI_SCALE_KEEP is set).
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, statSync, statfsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, launch } from '../tests/e2e/harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const scaleDir = process.env.XEPLOAI_SCALE_DIR || '/tmp/xeploai-scale';

/** The generated roster of `members` members: its folder, made when missing. */
export function roster(members) {
  const dir = path.join(scaleDir, `m${members}`);
  if (existsSync(path.join(dir, 'members.csv'))) return dir;
  mkdirSync(scaleDir, { recursive: true });
  const disk = statfsSync(scaleDir);
  const [free, needed] = [disk.bavail * disk.bsize, members * 350 * 3];
  if (free < needed) throw new Error(`${(free / 2 ** 30).toFixed(1)} GB free, ${(needed / 2 ** 30).toFixed(1)} GB needed`);
  const args = ['generate', '--members', String(members), '--seed', '1', '--out-dir', dir];
  const bin = process.env.XEPLOAI_BIN;
  const run = bin
    ? spawnSync(bin, args, { stdio: 'inherit' })
    : spawnSync('cargo', ['run', '--quiet', '--bin', 'xeploai', '--', ...args], { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) throw new Error(`xeploai generate --members ${members} failed`);
  return dir;
}

/**
 * Before the page's scripts: record every long task (> 50 ms, with its start) and sample the JS heap, so the
 * figures cover the whole import. `window.xeploaiMemory` is the WebAssembly memory (main-unit.js sets it).
 */
export function observe() {
  window.__scale = { tasks: [], heap: 0, paints: [], workers: 0, terminated: 0 };
  // Every Web Worker the page starts, and every one it terminates (a cancel, a newer import).
  const Native = window.Worker;
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      window.__scale.workers += 1;
      // Where the worker's time went (www/unit-worker.js says it with the run).
      this.addEventListener('message', ({ data }) => {
        if (data?.type === 'done' && data.timings) window.__scale.timings = data.timings;
      });
    }
    terminate() {
      window.__scale.terminated += 1;
      super.terminate();
    }
  };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__scale.tasks.push([entry.startTime, entry.duration]);
  }).observe({ type: 'longtask', buffered: true });
  const sample = () => {
    window.__scale.heap = Math.max(window.__scale.heap, performance.memory?.usedJSHeapSize || 0);
  };
  setInterval(sample, 50);
  // Each frame that shows a new progress figure: when the page repainted during the import, and how far it was.
  let last = '';
  // performance.now(), not the frame's timestamp: a frame's timestamp is when it began, before a long task that
  // delayed it.
  const frame = () => {
    const now = performance.now();
    const shown = document.querySelector('#import-progress-bar')?.getAttribute('value') || '';
    if (shown && shown !== last) window.__scale.paints.push([now, Number(shown)]);
    last = shown;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

/**
 * The figures since `start` (performance.now()): seconds to now, the longest task and how many took over 50 ms,
 * the longest task while rows were read (from the first progress painted to the last), the progress figures
 * painted, the peak JS heap and the WebAssembly memory.
 */
export function figures(start) {
  const end = performance.now();
  const { tasks, paints, heap } = window.__scale;
  const during = tasks.filter(([at, duration]) => at + duration >= start);
  const painted = paints.filter(([at]) => at >= start);
  const [first, last] = [painted[0]?.[0] ?? end, painted.at(-1)?.[0] ?? end];
  const reading = during.filter(([at, duration]) => at + duration > first && at < last);
  // From choosing the file to the worker's run arriving (reading and computing), and from then to the results shown
  // (reading the run back, the first paint of the results).
  const worker = window.xeploaiWorker || { started: 0, done: 0, memory: 0 };
  const arrived = worker.done > start ? worker.done : end;
  const longest = (from, to) =>
    Math.max(0, ...during.filter(([at, duration]) => at + duration > from && at < to).map(([, duration]) => duration));
  // The page's steps (user timings, `xeploai: …`, www/src/unit_worker_client.js) the longest task overlaps, longest
  // first: what it was.
  const [at, duration] = during.reduce((most, task) => (task[1] > most[1] ? task : most), [0, 0]);
  const within = new Map();
  for (const step of performance.getEntriesByType('measure')) {
    const overlap = Math.min(at + duration, step.startTime + step.duration) - Math.max(at, step.startTime);
    if (overlap > 0) within.set(step.name, (within.get(step.name) || 0) + overlap);
  }
  const named = [...within].sort((a, b) => b[1] - a[1]).map(([name, ms]) => `${name.replace('xeploai: ', '')} ${ms.toFixed(0)} ms`);
  // The longest of each step of the page (`read the run back`: one stretch of decoder steps between two frames).
  const steps = {};
  for (const step of performance.getEntriesByType('measure')) {
    if (step.startTime + step.duration >= start) {
      const name = step.name.replace('xeploai: ', '');
      steps[name] = Math.max(steps[name] || 0, step.duration);
    }
  }
  // The longest task while the run was read back (overlapping a `read the run back` step): issue 14's goal.
  const reads = performance.getEntriesByType('measure').filter((m) => m.name === 'xeploai: read the run back');
  const readBack = Math.max(
    0,
    ...during
      .filter(([at, duration]) => reads.some((m) => at < m.startTime + m.duration && m.startTime < at + duration))
      .map(([, duration]) => duration),
  );
  // Every long task since the start: when (ms after it), how long, and the steps it overlaps.
  const measures = performance.getEntriesByType('measure');
  const tasksNamed = during.map(([at, duration]) => {
    const parts = measures
      .filter((m) => at < m.startTime + m.duration && m.startTime < at + duration)
      .map((m) => `${m.name.replace('xeploai: ', '')} ${(Math.min(at + duration, m.startTime + m.duration) - Math.max(at, m.startTime)).toFixed(0)}`);
    return `${(at - start).toFixed(0)}+${duration.toFixed(0)} ms (${parts.join(', ') || 'the browser'})`;
  });
  return {
    tasksNamed,
    readBack,
    longestSteps: duration ? named.join(', ') || 'no step of the page: the browser' : '-',
    steps,
    longestBeforeRun: longest(start, arrived),
    longestAfterRun: longest(arrived, end),
    runArrived: (arrived - start) / 1000,
    workers: window.__scale.workers,
    workerWasm: worker.memory,
    workerTimings: window.__scale.timings || null,
    seconds: (end - start) / 1000,
    longestTask: Math.max(0, ...during.map(([, duration]) => duration)),
    longTasks: during.length,
    longestWhileReading: Math.max(0, ...reading.map(([, duration]) => duration)),
    paints: painted.length,
    heap: Math.max(heap, performance.memory?.usedJSHeapSize || 0),
    wasm: window.xeploaiMemory?.buffer.byteLength || 0,
  };
}

/**
 * One action on the results page (runs in the page): `step.kind` says what, done as a user's event would (a click,
 * an input or a change event) in a task of its own, then every frame looks whether the page shows its result (and no
 * `aria-busy` part says it is still working). Returns the milliseconds from the action (for typing: the last key)
 * until the frame that shows it, and the long tasks from the first key to then.
 */
export async function edit(step) {
  const $ = (selector) => document.querySelector(selector);
  const heading = () => $('#results h2')?.textContent || '';
  const before = heading();
  const settled = () => !document.querySelector('[aria-busy="true"]');
  const fold = (text) => text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
  const change = (element, value) => {
    element.value = value;
    element.dispatchEvent(new Event('change', { bubbles: true }));
  };
  const type = (element, value) => {
    element.value = value;
    element.dispatchEvent(new InputEvent('input', { bubbles: true, data: value.slice(-1), inputType: 'insertText' }));
  };
  let acts;
  let shown;
  switch (step.kind) {
    case 'sort': {
      const column = () => document.querySelectorAll('#results thead th')[step.column];
      acts = [() => column().querySelector('button').click()];
      shown = () => column().getAttribute('aria-sort') === step.expect;
      break;
    }
    case 'type': {
      // One key at a time, `step.every` ms apart: each key is an input event with the text so far.
      const input = $('#results-filter');
      acts = [...step.text].map((_, i) => () => type(input, step.text.slice(0, i + 1)));
      const needle = fold(step.text);
      shown = () =>
        heading() !== before &&
        [...document.querySelectorAll('#results tbody tr[data-id]')].every((row) => fold(row.textContent).includes(needle));
      break;
    }
    case 'clear': {
      const input = $('#results-filter');
      acts = [() => type(input, '')];
      shown = () => heading() !== before && input.value === '';
      break;
    }
    case 'level':
      acts = [() => change($('#results-level'), step.value)];
      shown = () => heading() !== before;
      break;
    case 'open': {
      const button = $('#results tbody tr[data-id] th button');
      window.__scale.member = button.textContent;
      // Her proposed level's short name (the sixth column).
      window.__scale.proposed = button.closest('tr').querySelectorAll('td')[4]?.textContent || '';
      acts = [() => button.click()];
      shown = () => $('#member-decision') !== null;
      break;
    }
    case 'declare': {
      // The member opened: her decided level set to one the page does not propose for her, so it is a difference.
      const id = window.__scale.member;
      const select = $('#declared-decision');
      const value = [...select.options].find((o) => o.value && !o.textContent.includes(`(${window.__scale.proposed})`))?.value;
      acts = [() => change(select, value)];
      shown = () => document.querySelector(`#differences [data-difference="${id}"]`) !== null;
      break;
    }
    case 'basis':
      acts = [() => change($('#basis'), step.value)];
      shown = () => $('#basis-note')?.getAttribute('data-basis') === step.value;
      break;
    default:
      throw new Error(`no action ${step.kind}`);
  }
  const first = performance.now();
  let last = first;
  for (const [i, act] of acts.entries()) {
    await new Promise((resolve) =>
      setTimeout(() => {
        last = performance.now();
        act();
        resolve();
      }, i ? step.every : 0),
    );
  }
  const end = await new Promise((resolve, reject) => {
    const give = setTimeout(() => reject(new Error(`${step.kind}: not shown in ${step.timeout} ms`)), step.timeout);
    const look = () => {
      if (shown() && settled()) {
        clearTimeout(give);
        resolve(performance.now());
      } else requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
  // The observer reports a task once it ends: a moment for the last one.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const tasks = window.__scale.tasks.filter(([at, duration]) => at + duration > first && at < end);
  const [at, duration] = tasks.reduce((most, task) => (task[1] > most[1] ? task : most), [0, 0]);
  const within = new Map();
  for (const m of performance.getEntriesByType('measure')) {
    const overlap = Math.min(at + duration, m.startTime + m.duration) - Math.max(at, m.startTime);
    if (overlap > 0) within.set(m.name, (within.get(m.name) || 0) + overlap);
  }
  const named = [...within].sort((a, b) => b[1] - a[1]).map(([name, ms]) => `${name.replace('xeploai: ', '')} ${ms.toFixed(0)}`);
  return { ms: end - last, longest: duration, longTasks: tasks.length, named: named.join(', ') };
}

/** What a secretary does on the results, in order: (name, action); each action starts from the page the one before left. */
export const EDITS = [
  ['sort by score', { kind: 'sort', column: 3, expect: 'ascending' }],
  ['sort by score, descending', { kind: 'sort', column: 3, expect: 'descending' }],
  ['sort by id', { kind: 'sort', column: 0, expect: 'ascending' }],
  ['type "nguyen" (a key every 150 ms)', { kind: 'type', text: 'nguyen', every: 150 }],
  ['clear the filter', { kind: 'clear' }],
  ['pick a level (KHT)', { kind: 'level', value: 'kht' }],
  ['all levels again', { kind: 'level', value: '' }],
  ['open a member', { kind: 'open' }],
  ['set her decided level (one not proposed)', { kind: 'declare' }],
  ['basis: decided', { kind: 'basis', value: 'decided' }],
  ['basis: computed again', { kind: 'basis', value: 'computed' }],
];

/** Do [`EDITS`] on a page showing the results: per action its figures, then the page's WebAssembly memory. */
export async function edits(page, { timeout = 300_000 } = {}) {
  const done = [];
  // $XEPLOAI_SCALE_PROFILE: each action under Chromium's sampling profiler, and what ran in its longest busy stretch.
  const cdp = process.env.XEPLOAI_SCALE_PROFILE ? await page.context().newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  }
  for (const [name, step] of EDITS) {
    try {
      if (cdp) await cdp.send('Profiler.start');
      const figures = await page.evaluate(edit, { timeout, ...step });
      if (cdp) figures.profile = busiest((await cdp.send('Profiler.stop')).profile);
      done.push({ name, ...figures });
    } catch (error) {
      done.push({ name, failed: error.message.split('\n')[0] });
      break;
    }
  }
  const wasm = await page.evaluate(() => window.xeploaiMemory?.buffer.byteLength || 0);
  return { done, wasm };
}

/**
 * The longest stretch of a CPU profile (Chromium's `Profiler.stop`) with no idle sample between: its length, and the
 * functions that took most of it, by self time and by total time (a function counted once per sample it is on the
 * stack of). WebAssembly functions are named when the module keeps its name section (a build without
 * `--strip-debug`, with `wasm-opt -g`).
 */
export function busiest(profile) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const name = (id) => {
    const f = nodes.get(id).callFrame;
    return f.functionName || (f.url ? `${f.url.split('/').pop()}:${f.lineNumber}` : '(anonymous)');
  };
  const idle = (id) => ['(idle)', '(program)'].includes(nodes.get(id).callFrame.functionName);
  let [best, from, span, at] = [[0, 0], 0, 0, 0];
  const times = profile.samples.map((_, i) => (at += profile.timeDeltas[i]));
  for (let i = 0; i < profile.samples.length; i += 1) {
    if (idle(profile.samples[i])) {
      from = i + 1;
      continue;
    }
    span = (times[i] - times[from]) / 1000;
    if (span > best[1] - best[0] || best[1] === 0) best = [from, i, span];
  }
  const [first, last] = best;
  const self = new Map();
  const total = new Map();
  for (let i = first; i <= last && i < profile.samples.length; i += 1) {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const id = profile.samples[i];
    self.set(name(id), (self.get(name(id)) || 0) + ms);
    const seen = new Set();
    for (let n = id; n !== undefined; n = parent.get(n)) {
      const f = name(n);
      if (!seen.has(f)) total.set(f, (total.get(f) || 0) + ms);
      seen.add(f);
    }
  }
  const top = (m, k) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([f, ms]) => `${f} ${ms.toFixed(1)}`);
  return { ms: best[2] || 0, self: top(self, 10), total: top(total, 25) };
}

/** Import one roster into a fresh page; the figures measured. */
export async function importRoster(browser, url, dir, { timeout = 600_000, after } = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.addInitScript(observe);
  await page.goto(`${url}unit.html`);
  await page.waitForSelector('#roster-import');
  await page.setInputFiles('#orgs-file', path.join(dir, 'orgs.csv'));
  await page.waitForSelector('#orgs-file-name');
  const start = await page.evaluate(() => performance.now());
  await page.setInputFiles('#members-file', path.join(dir, 'members.csv'));
  await page.waitForSelector('#results', { timeout });
  const measured = await page.evaluate(figures, start);
  measured.results = await page.textContent('#results h2');
  // The page after the results (`after(page)`, e.g. [`edits`]), before it is closed.
  if (after) measured.after = await after(page);
  await context.close();
  return { ...measured, errors };
}

const mb = (bytes) => `${(bytes / 1048576).toFixed(0)} MB`;
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
/** The worker's time: reading the rows (of it, FileReaderSync's), computing the run, writing its bytes. */
const split = (t) => (t ? `${seconds(t.read)} (${seconds(t.files)}), ${seconds(t.compute)}, ${seconds(t.encode)}` : '-');

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const runs = sizes.length ? sizes : [100_000, 1_000_000, 2_000_000, 5_500_000];
  const server = await serve(process.env.XEPLOAI_DIST ? path.resolve(process.env.XEPLOAI_DIST) : undefined);
  const browser = await launch();
  const date = new Date().toISOString().slice(0, 10);
  console.log(`unit.html in Chromium, ${date}; members file → results`);
  console.log(
    'members\tCSV\ttime to results\t(run computed)\tlongest task (the page\'s steps in it)\tlong tasks\t' +
      'longest until the run\tlongest after it\tlongest while the run was read back\tpeak JS heap\twasm memory (B/member)\tworker wasm memory (B/member)\t' +
      'in the worker: reading (FileReaderSync), computing, writing the bytes\tthe page\'s longest step of each kind',
  );
  let failed = false;
  try {
    for (const members of runs) {
      let dir;
      try {
        dir = roster(members);
        const withEdits = process.env.XEPLOAI_SCALE_EDITS !== '0';
        const f = await importRoster(browser, server.url, dir, { after: withEdits ? edits : undefined });
        const size = statSync(path.join(dir, 'members.csv')).size;
        console.log(
          `${members}\t${mb(size)}\t${f.seconds.toFixed(2)} s\t${f.runArrived.toFixed(2)} s\t` +
            `${f.longestTask.toFixed(0)} ms (${f.longestSteps})\t${f.longTasks}\t` +
            `${f.longestBeforeRun.toFixed(0)} ms\t${f.longestAfterRun.toFixed(0)} ms\t${f.readBack.toFixed(0)} ms\t${mb(f.heap)}\t` +
            `${mb(f.wasm)} (${(f.wasm / members).toFixed(0)})\t` +
            `${mb(f.workerWasm)} (${(f.workerWasm / members).toFixed(0)})\t${split(f.workerTimings)}\t` +
            Object.entries(f.steps).map(([name, ms]) => `${name} ${ms.toFixed(0)} ms`).join(', ') +
            (f.errors.length ? `\terrors: ${f.errors.join('; ')}` : ''),
        );
        // $XEPLOAI_SCALE_TASKS: every long task of the import, with the page's steps it overlaps.
        if (process.env.XEPLOAI_SCALE_TASKS) console.log(`\tlong tasks: ${f.tasksNamed.join('; ')}`);
        // The actions on the results: time to shown, the longest task (the page's steps in it), how many long tasks.
        if (f.after) {
          for (const a of f.after.done) {
            console.log(
              a.failed
                ? `\t${a.name}\tfailed: ${a.failed}`
                : `\t${a.name}\t${a.ms.toFixed(0)} ms to shown\tlongest task ${a.longest.toFixed(0)} ms` +
                    `${a.named ? ` (${a.named})` : ''}\t${a.longTasks} long tasks`,
            );
            if (a.profile) {
              console.log(`\t\tbusiest stretch ${a.profile.ms.toFixed(0)} ms; self: ${a.profile.self.join(', ')}`);
              console.log(`\t\ttotal: ${a.profile.total.join(', ')}`);
            }
          }
          console.log(`\tafter the actions: wasm memory ${mb(f.after.wasm)} (${(f.after.wasm / members).toFixed(0)} B/member)`);
        }
      } catch (error) {
        failed = true;
        console.log(`${members}\tdid not finish: ${error.message.split('\n')[0]}`);
      } finally {
        const file = dir && path.join(dir, 'members.csv');
        if (!process.env.XEPLOAI_SCALE_KEEP && file && existsSync(file) && statSync(file).size > 2 ** 28) {
          rmSync(dir, { recursive: true, force: true });
        }
      }
    }
  } finally {
    await browser.close();
    server.stop();
  }
  process.exit(failed ? 1 : 0);
}
