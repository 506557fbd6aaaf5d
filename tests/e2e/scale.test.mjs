// End to end, unit mode at scale: a generated roster of 100,000 members (`xeploai generate`, seed 1, with its
// organizations) imported into unit.html while a long-task observer watches the page. The import is read in slices
// of time (the page repaints the progress many times, and no task while rows are read comes near the old
// whole-file steps), cancelling stops the import, and the figures are printed (time to results,
// longest task, peak memory: scripts/browser-scale.mjs prints them for larger rosters).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { serve, launch } from './harness.mjs';
import { roster, importRoster, observe } from '../../scripts/browser-scale.mjs';

const MEMBERS = 100_000;
let server;
let browser;
let dir;

before(async () => {
  dir = roster(MEMBERS);
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

test(`${MEMBERS.toLocaleString('en')} generated members: sliced import, progress, the longest task printed`, async () => {
  const f = await importRoster(browser, server.url, dir);
  console.log(
    `browser, ${MEMBERS} members: results in ${f.seconds.toFixed(2)} s; longest task ${f.longestTask.toFixed(0)} ms ` +
      `(${f.longTasks} over 50 ms), while reading rows ${f.longestWhileReading.toFixed(0)} ms; ${f.paints} progress ` +
      `paints; peak JS heap ${(f.heap / 1048576).toFixed(0)} MB, WebAssembly memory ${(f.wasm / 1048576).toFixed(0)} MB`,
  );
  assert.deepEqual(f.errors, []);
  assert.match(f.results, new RegExp(`/ ${MEMBERS}\\)`), 'every member is in the results');
  // Slices of 25 ms: the progress is painted again and again, and no task while rows are read is long (reading
  // the whole file in one step blocks for seconds). Splitting the file, the final computation and the first paint
  // of the results are still one task each: printed above, not yet asserted.
  assert.ok(f.paints >= 10, `${f.paints} progress paints`);
  assert.ok(f.longestWhileReading < 500, `a task of ${f.longestWhileReading} ms while rows were read`);
});

test('cancelling an import stops it and puts the file away', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(observe);
  await page.goto(`${server.url}unit.html`);
  await page.waitForSelector('#roster-import');
  await page.setInputFiles('#members-file', path.join(dir, 'members.csv'));
  // Cancel in the page itself at the first progress seen: a click from outside waits for the button to be stable,
  // and on a fast machine the import can end meanwhile.
  await page.waitForFunction(() => {
    if (!(Number(document.querySelector('#import-progress-bar')?.getAttribute('value')) > 0)) return false;
    document.querySelector('#import-cancel').click();
    return true;
  });
  await page.waitForSelector('#import-progress', { state: 'detached' });
  // Give a job that did not stop the time to finish: no results appear.
  await page.waitForTimeout(3000);
  assert.equal(await page.$('#results'), null, 'no results of the removed file');
  assert.equal(await page.$('#members-file-name'), null);
  await context.close();
});
