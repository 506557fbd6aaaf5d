// Shared by the end-to-end tests: serve dist/ on a free local port, launch Debian's Chromium through
// playwright-core, and fail a test on any console error, page error or request to another origin.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const artifacts = path.join(root, 'tests/e2e/artifacts');
mkdirSync(artifacts, { recursive: true });

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Start `python3 -m http.server` on dist/ (or `dir`) and wait until it answers. */
export async function serve(dir = path.join(root, 'dist')) {
  const port = await freePort();
  const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dir], {
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    try {
      const response = await fetch(url);
      if (response.ok) return { url, stop: () => server.kill() };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  server.kill();
  throw new Error('the static server did not start');
}

const chromiumOptions = {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

export async function launch() {
  return chromium.launch(chromiumOptions);
}

/** A browser with a profile on disk (`dir`), not incognito: what installing an app needs. */
export async function launchProfile(dir, options = {}) {
  return chromium.launchPersistentContext(dir, { ...chromiumOptions, ...options });
}

/**
 * A fresh page on `url` that records problems: console errors, uncaught errors, and requests anywhere but `url`'s
 * origin (and the origins in `options.allow`, for a page that embeds another). Waits for `options.ready` (the
 * app's `#level` by default). Call `problems()` at the end of a test and expect it to be empty.
 */
export async function openPage(browser, url, context, options = {}) {
  const ctx = context || (await browser.newContext({ acceptDownloads: true }));
  const page = await ctx.newPage();
  const origins = [new URL(url).origin, ...(options.allow || [])];
  const issues = [];
  page.on('console', (message) => {
    if (message.type() === 'error') issues.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => issues.push(`page error: ${error.message}`));
  page.on('request', (request) => {
    const target = request.url();
    if (!origins.some((origin) => target.startsWith(origin)) && !target.startsWith('data:') && !target.startsWith('blob:')) {
      issues.push(`request to another origin: ${target}`);
    }
  });
  await page.goto(url);
  await page.waitForSelector(options.ready || '#level');
  return { page, context: ctx, problems: () => issues };
}

/** Type into a fact's field (by fact id), as a person would. */
export async function fill(page, facts) {
  for (const [fact, value] of Object.entries(facts)) {
    await page.fill(`#fact-${fact}`, String(value));
  }
}

/**
 * Put `text` in the text area `selector` as one paste does: focused, the whole value set, one `input` event.
 * Playwright's `fill` types into the field through the browser's editing, which on the rule text (about 100 KB)
 * took 49 s in Chromium 156 (2026-12-02) and left the page busy after it; the page sees the same event either way.
 */
export async function pasteText(page, selector, text) {
  await page.focus(selector);
  await page.evaluate(
    ([selector, text]) => {
      const field = document.querySelector(selector);
      field.value = text;
      field.dispatchEvent(new Event('input', { bubbles: true }));
    },
    [selector, text],
  );
}

export async function level(page) {
  return page.getAttribute('#level', 'data-level');
}

export function shot(page, name) {
  return page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

/** A count as the page writes it in Vietnamese, grouped by thousands: 100000 → "100.000". */
export function grouped(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/**
 * The setup most test files of the unit page share: before the tests, a generated roster of `members` members (when
 * asked; `xeploai generate`, seed 1, kept under scripts/browser-scale.mjs's folder), the static server and the
 * browser; after them, both closed. Returns an object whose `dir`, `server` and `browser` are set once the tests
 * run.
 */
export function setup({ members } = {}) {
  const env = { dir: undefined, server: undefined, browser: undefined };
  before(async () => {
    if (members) {
      // Imported when asked: scripts/browser-scale.mjs imports this file too.
      const { roster } = await import('../../scripts/browser-scale.mjs');
      env.dir = roster(members);
    }
    env.server = await serve();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    env.server?.stop();
  });
  return env;
}

/** unit.html in `env`'s browser (a new context unless `context`), opened straight as a bookmark would. */
export function openUnit(env, context) {
  return openPage(env.browser, `${env.server.url}unit.html`, context, { ready: '#roster-import' });
}

/** Import a unit's organizations (`orgs`) and members (`members`) files into unit.html, and wait for the results. */
export async function importUnit(page, orgs, members) {
  await page.setInputFiles('#orgs-file', orgs);
  await page.waitForSelector('#orgs-file-name');
  await page.setInputFiles('#members-file', members);
  await page.waitForSelector('#results', { timeout: 300_000 });
}

/**
 * Write a record of the unit page's store (IndexedDB `xeploai-unit`, object store `files`) under `slot`, as a page
 * of another version might have left it: `meta` (its JSON) and the file's `bytes` (an array of numbers).
 */
export function storeUnitRecord(page, slot, meta, bytes) {
  return page.evaluate(
    ([slot, meta, bytes]) =>
      new Promise((resolve, reject) => {
        const request = indexedDB.open('xeploai-unit', 1);
        request.onupgradeneeded = () => request.result.createObjectStore('files');
        request.onsuccess = () => {
          const tx = request.result.transaction('files', 'readwrite');
          tx.objectStore('files').put({ meta: JSON.stringify(meta), data: new Uint8Array(bytes) }, slot);
          tx.oncomplete = () => {
            request.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
        request.onerror = () => reject(request.error);
      }),
    [slot, meta, bytes],
  );
}
