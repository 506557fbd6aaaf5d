// Shared by the end-to-end tests: serve dist/ on a free local port, launch Debian's Chromium through
// playwright-core, and fail a test on any console error, page error or request to another origin.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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

export async function level(page) {
  return page.getAttribute('#level', 'data-level');
}

export function shot(page, name) {
  return page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}
